// Trunk post-build hook, run on the staged dist/ before Trunk publishes it:
// 1. minifies the JavaScript (wasm-bindgen's glue, boot.js, embed.js) and the CSS with
//    esbuild and strips indentation from index.html (2.7 KB less gzip in all);
// 2. runs wasm-opt's size passes to a fixed point, shortens the names the WebAssembly
//    module imports from the glue and the glue's own exports
//    (`__wbg_getElementById_7ee213db584f37b0` becomes `k`, in the module and in the glue
//    alike: 146 random-looking names cost 5 KB gzip) and drops the custom sections that
//    only describe the build; then moves the preloads to the top of <head> and
//    recomputes the subresource-integrity hashes Trunk wrote for every changed file;
// 3. puts a Content-Security-Policy meta tag in the page. It allows only this site's own
//    scripts and styles, the loader script that Trunk inlines (by its SHA-256 hash,
//    computed here because it names hashed file names), and compiling WebAssembly
//    ('wasm-unsafe-eval'). Hosts that can send headers may send the same policy as a
//    header instead (see README.md).
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { transformSync } from "esbuild";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("post_build.mjs runs as a Trunk hook: TRUNK_STAGING_DIR is not set");
  process.exit(1);
}

const digest = (algorithm, contents) => createHash(algorithm).update(contents).digest("base64");

function fail(message) {
  console.error(`post_build.mjs: ${message}`);
  process.exit(1);
}

/** The module name every import gets (the glue passes a single import object). */
const SHORT_MODULE = "a";

/**
 * Renames every import of a WebAssembly binary, and the exports only the glue uses, to
 * short names (a, b, …, Z, aa, …), the imports' module to SHORT_MODULE, and drops custom
 * sections, leaving every other byte as it was. Returns the new bytes, the [long, short]
 * pairs, the imports' long names and their old module name.
 */
function shortenImports(wasm) {
  let at = 8; // magic and version
  const readLeb = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  const leb = (value) => {
    const out = [];
    do {
      let byte = value & 0x7f;
      value = Math.floor(value / 128);
      if (value) byte |= 0x80;
      out.push(byte);
    } while (value);
    return Buffer.from(out);
  };
  const name = (text) => Buffer.concat([leb(Buffer.byteLength(text)), Buffer.from(text)]);
  const reserved = new Set(["do", "if", "in"]);
  const shortName = (index) => {
    const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let text = "";
    for (let n = index; ; n = Math.floor(n / letters.length) - 1) {
      text = letters[n % letters.length] + text;
      if (n < letters.length) return text;
    }
  };
  const parts = [wasm.subarray(0, 8)];
  const renamed = new Map();
  const imports = new Set();
  let module = null;
  let next = 0;
  const rename = (field) => {
    if (!renamed.has(field)) {
      let short;
      do short = shortName(next++); while (reserved.has(short));
      renamed.set(field, short);
    }
    return renamed.get(field);
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = readLeb();
    const end = at + size;
    if (id === 0) {
      // Custom sections ("producers", "target_features") say how the module was built;
      // a browser needs none of them.
      at = end;
      continue;
    }
    if (id === 7) {
      // Exports the glue calls by name (its allocator, closure shims), not memory or main.
      const count = readLeb();
      const body = [leb(count)];
      for (let i = 0; i < count; i++) {
        const length = readLeb();
        const field = wasm.toString("utf8", at, (at += length));
        const descriptionStart = at;
        at++;
        readLeb();
        const short = /^(__wbindgen_|wasm_bindgen__|__externref_)/.test(field) ? rename(field) : field;
        body.push(name(short), wasm.subarray(descriptionStart, at));
      }
      if (at !== end) fail("the export section did not parse to its end");
      const section = Buffer.concat(body);
      parts.push(Buffer.from([7]), leb(section.length), section);
      continue;
    }
    if (id !== 2) {
      parts.push(Buffer.from([id]), leb(size), wasm.subarray(at, end));
      at = end;
      continue;
    }
    const count = readLeb();
    const body = [leb(count)];
    for (let i = 0; i < count; i++) {
      const moduleLength = readLeb();
      const moduleName = wasm.toString("utf8", at, (at += moduleLength));
      if (module !== null && module !== moduleName) fail(`imports from two modules: ${module}, ${moduleName}`);
      module = moduleName;
      const fieldLength = readLeb();
      const field = wasm.toString("utf8", at, (at += fieldLength));
      const descriptionStart = at;
      const kind = wasm[at++];
      if (kind === 0) readLeb(); // function: type index
      else if (kind === 1) { at++; const flags = readLeb(); readLeb(); if (flags & 1) readLeb(); } // table
      else if (kind === 2) { const flags = readLeb(); readLeb(); if (flags & 1) readLeb(); } // memory
      else if (kind === 3) at += 2; // global: type, mutability
      else fail(`unknown import kind ${kind}`);
      imports.add(field);
      body.push(name(SHORT_MODULE), name(rename(field)), wasm.subarray(descriptionStart, at));
    }
    if (at !== end) fail("the import section did not parse to its end");
    const section = Buffer.concat(body);
    parts.push(Buffer.from([2]), leb(section.length), section);
  }
  return { bytes: Buffer.concat(parts), renamed, imports, module };
}

// 1. Minify. The glue is an ES module (its exports are the app's API); boot.js and
// embed.js are classic scripts, so they keep their top level as it is.
for (const name of readdirSync(staging)) {
  const file = join(staging, name);
  const loader = name.endsWith(".css") ? "css" : name.endsWith(".js") ? "js" : null;
  if (!loader) continue;
  const source = readFileSync(file, "utf8");
  const format = loader === "js" && /^\s*export /m.test(source) ? "esm" : undefined;
  const { code } = transformSync(source, { loader, minify: true, format, target: "es2020", legalComments: "none" });
  writeFileSync(file, code);
}

// 2. Short import names. The glue's import object is the only place that names them, and
// `wasm.<export>` the only place it names exports.
const wasmName = readdirSync(staging).find((name) => name.endsWith("_bg.wasm"));
if (wasmName) {
  const glueName = wasmName.replace(/_bg\.wasm$/, ".js");
  const wasmFile = join(staging, wasmName);
  const glueFile = join(staging, glueName);
  // Trunk ran `wasm-opt -Oz` once; running its passes to a fixed point saves a little more.
  const wasmOpt = join(process.env.TRUNK_SOURCE_DIR ?? ".", "node_modules", ".bin", "wasm-opt");
  const features = ["bulk-memory", "nontrapping-float-to-int", "sign-ext", "mutable-globals", "reference-types", "multivalue"];
  const optimized = spawnSync(wasmOpt, ["-Oz", "--converge", ...features.map((f) => `--enable-${f}`), wasmFile, "-o", wasmFile], { stdio: "inherit" });
  if (optimized.status !== 0) fail(`${wasmOpt} failed`);
  const { bytes, renamed, imports, module } = shortenImports(readFileSync(wasmFile));
  let glue = readFileSync(glueFile, "utf8");
  for (const [long, short] of renamed) {
    const pattern = new RegExp(`\\b${long}\\b`, "g");
    // Every import must be in the glue's import object; an export the glue never calls
    // may be absent.
    if (!pattern.test(glue) && imports.has(long)) fail(`import ${long} is not named in ${glueName}`);
    glue = glue.replace(pattern, short);
  }
  const moduleKey = JSON.stringify(module);
  if (glue.split(moduleKey).length !== 2) fail(`${glueName} should name module ${moduleKey} once`);
  glue = glue.replace(moduleKey, JSON.stringify(SHORT_MODULE));
  writeFileSync(wasmFile, bytes);
  writeFileSync(glueFile, glue);
}

const page = join(staging, "index.html");
let html = readFileSync(page, "utf8").replace(/\n[ \t]+/g, "\n");
// Trunk puts the preloads of the glue and the module at the end of <head>, after the
// parser-blocking boot.js; first in <head>, their downloads start with the page's.
const preloads = html.match(/<link rel="(?:module)?preload"[^>]*>/g) ?? [];
for (const link of preloads) html = html.replace(link, "");
html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n${preloads.join("\n")}`);
html = html.replace(/(<link\b[^>]*?\bhref="\/?([^"]+)"[^>]*?\bintegrity=")sha384-[^"]+"/g, (whole, start, href) => {
  const name = href.split(/[?#]/)[0];
  return `${start}sha384-${digest("sha384", readFileSync(join(staging, name)))}"`;
});

// 3. Content-Security-Policy.
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
const hashes = inline.map(([, body]) => `'sha256-${digest("sha256", Buffer.from(body, "utf8"))}'`);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
const marker = '<meta charset="utf-8">';
if (!html.includes(marker)) fail(`${marker} not found in index.html`);
writeFileSync(page, html.replace(marker, `${marker}\n<meta http-equiv="Content-Security-Policy" content="${policy}">`));
console.log(`post_build.mjs: minified, imports shortened; policy added (${hashes.length} inline script hash${hashes.length === 1 ? "" : "es"})`);
