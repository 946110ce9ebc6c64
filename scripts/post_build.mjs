// Trunk post-build hook, run on the staged dist/ before Trunk publishes it:
// 1. runs wasm-opt's size passes to a fixed point, shortens the names the WebAssembly
//    module imports from the glue and the glue's own exports
//    (`__wbg_getElementById_7ee213db584f37b0` becomes `k`, in the module and in the glue
//    alike: 5.5 KB less gzip, 78.9 instead of 84.4 KB in all) and drops the custom
//    sections that only describe the build;
// 2. minifies the JavaScript (wasm-bindgen's glue, boot.js, embed.js) and the CSS with
//    esbuild and strips indentation from index.html;
// 3. moves the preloads to the top of <head>, recomputes the subresource-integrity hashes
//    Trunk wrote for every changed file, and puts a Content-Security-Policy meta tag in
//    the page. It allows only this site's own scripts and styles, the loader script that
//    Trunk inlines (by its SHA-256 hash, computed here because it names hashed file
//    names), and compiling WebAssembly ('wasm-unsafe-eval'). Hosts that can send headers
//    may send the same policy as a header instead (see README.md);
// 4. checks the result: the final module compiles and instantiates in Node with the
//    import object of the final, minified glue, whose keys must be exactly the module's
//    imports, and every integrity hash in the page matches its file.
// Every step either does what it says or fails the build: a pattern that matches nothing
// is an error, never a silently skipped step.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
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

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** All occurrences of `name` as a whole JavaScript identifier (`$` counts as a letter). */
const identifier = (name) => new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`, "g");

/** Replaces `search` (a string or a global RegExp) and fails unless it matched `expected`
 * times (a number) or at least once (`expected` omitted). */
function replaceChecked(text, search, replacement, what, expected) {
  let count = 0;
  const pattern = typeof search === "string" ? new RegExp(escapeRegExp(search), "g") : search;
  if (!pattern.global) fail(`internal: the pattern for ${what} must be global`);
  const result = text.replace(pattern, (...match) => {
    count++;
    return typeof replacement === "function" ? replacement(...match) : replacement;
  });
  if (expected === undefined ? count === 0 : count !== expected) {
    fail(`${what}: expected ${expected === undefined ? "a match" : `${expected} match${expected === 1 ? "" : "es"}`}, found ${count}`);
  }
  return result;
}

/** The module name every import gets (the glue passes a single import object). */
const SHORT_MODULE = "a";

/**
 * Renames every import of a WebAssembly binary, and the exports `renameExport` picks, to
 * short names (a, b, …, Z, aa, …), the imports' module to SHORT_MODULE, and drops custom
 * sections, leaving every other byte as it was. Returns the new bytes, the [long, short]
 * pairs, the imports' long names, the exports' new names and the imports' old module name.
 */
function shortenImports(wasm, renameExport) {
  if (wasm.length < 8 || wasm.readUInt32LE(0) !== 0x6d736100 || wasm.readUInt32LE(4) !== 1) fail("not a WebAssembly 1 module");
  let at = 8; // magic and version
  const readLeb = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (at >= wasm.length || shift > 35) fail("a LEB128 number runs past the module's end");
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
  const exports = [];
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
    if (end > wasm.length) fail(`section ${id} runs past the module's end`);
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
        const short = renameExport(field) ? rename(field) : field;
        exports.push(short);
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
      if (imports.has(field)) fail(`import ${field} appears twice`);
      imports.add(field);
      body.push(name(SHORT_MODULE), name(rename(field)), wasm.subarray(descriptionStart, at));
    }
    if (at !== end) fail("the import section did not parse to its end");
    const section = Buffer.concat(body);
    parts.push(Buffer.from([2]), leb(section.length), section);
  }
  if (module === null) fail("the module imports nothing: not wasm-bindgen's output?");
  return { bytes: Buffer.concat(parts), renamed, imports, exports, module };
}

// 1. The module and its glue. Exactly one module: with none (or two) the rest of the
// hook would have nothing (or the wrong thing) to rename and check.
const wasmNames = readdirSync(staging).filter((name) => name.endsWith("_bg.wasm"));
if (wasmNames.length !== 1) fail(`expected one *_bg.wasm in ${staging}, found ${wasmNames.length}: ${wasmNames.join(", ")}`);
const [wasmName] = wasmNames;
const glueName = wasmName.replace(/_bg\.wasm$/, ".js");
const wasmFile = join(staging, wasmName);
const glueFile = join(staging, glueName);
if (!existsSync(glueFile)) fail(`${wasmName} has no glue ${glueName}`);
{
  // Trunk ran `wasm-opt -Oz` once; running its passes to a fixed point saves a little more.
  const wasmOpt = join(process.env.TRUNK_SOURCE_DIR ?? ".", "node_modules", ".bin", "wasm-opt");
  const features = ["bulk-memory", "nontrapping-float-to-int", "sign-ext", "mutable-globals", "reference-types", "multivalue"];
  const optimized = spawnSync(wasmOpt, ["-Oz", "--converge", ...features.map((f) => `--enable-${f}`), wasmFile, "-o", wasmFile], { stdio: "inherit" });
  if (optimized.status !== 0) fail(`${wasmOpt} failed`);

  // Short names. wasm-bindgen's (not yet minified) glue names an import only as a key of
  // its import object and an export only as `wasm.<name>`; an export it never reads
  // keeps its name.
  let glue = readFileSync(glueFile, "utf8");
  const exportsRead = (text) => new Set([...text.matchAll(/(?<![\w$.])wasm\.([A-Za-z_$][\w$]*)/g)].map((match) => match[1]));
  const glueReads = exportsRead(glue);
  const renameExport = (field) => /^(__wbindgen_|wasm_bindgen__|__externref_)/.test(field) && glueReads.has(field);
  const { bytes, renamed, imports, exports, module } = shortenImports(readFileSync(wasmFile), renameExport);
  for (const [long, short] of renamed) glue = replaceChecked(glue, identifier(long), short, `${long} in ${glueName}`);
  glue = replaceChecked(glue, JSON.stringify(module), JSON.stringify(SHORT_MODULE), `the module name ${JSON.stringify(module)} in ${glueName}`, 1);
  const missing = [...exportsRead(glue)].filter((field) => !exports.includes(field));
  if (missing.length) fail(`${glueName} reads exports the module lacks: ${missing.join(", ")}`);
  console.log(`post_build.mjs: ${imports.size} imports and ${renamed.size - imports.size} glue-only exports renamed`);
  writeFileSync(wasmFile, bytes);
  writeFileSync(glueFile, glue);
}

// 2. Minify. The glue is an ES module (its exports are the app's API); boot.js and
// embed.js are classic scripts, so they keep their top level as it is.
for (const name of readdirSync(staging)) {
  const file = join(staging, name);
  const loader = name.endsWith(".css") ? "css" : name.endsWith(".js") ? "js" : null;
  if (!loader) continue;
  const source = readFileSync(file, "utf8");
  const format = loader === "js" && /^\s*export /m.test(source) ? "esm" : undefined;
  if ((name === glueName) !== (format === "esm")) fail(`${name}: only the glue should be an ES module`);
  const { code } = transformSync(source, { loader, minify: true, format, target: "es2020", legalComments: "none" });
  writeFileSync(file, code);
}

// 3. The page.
const page = join(staging, "index.html");
const marker = '<meta charset="utf-8">';
let html = readFileSync(page, "utf8").replace(/\n[ \t]+/g, "\n");
// Trunk puts the preloads of the glue and the module at the end of <head>, after the
// parser-blocking boot.js; first in <head>, their downloads start with the page's.
const preloads = html.match(/<link\b[^>]*\brel="(?:module)?preload"[^>]*>/g) ?? [];
for (const file of [glueName, wasmName]) {
  const found = preloads.filter((link) => link.includes(`"/${file}"`)).length;
  if (found !== 1) fail(`expected one preload of ${file} in index.html, found ${found}`);
}
for (const link of preloads) html = replaceChecked(html, link, "", `the preload ${link}`, 1);
html = replaceChecked(html, marker, `${marker}\n${preloads.join("\n")}`, `${marker} in index.html`, 1);

// Integrity hashes: recomputed from the files, whatever the attributes' order and quotes.
const attribute = (tag, name) => tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i"));
const referenced = (tag) => {
  const found = attribute(tag, "href") ?? attribute(tag, "src");
  if (!found) fail(`no href or src in ${tag}`);
  const url = (found[1] ?? found[2] ?? found[3]).split(/[?#]/)[0].replace(/^\.?\//, "");
  const file = join(staging, decodeURIComponent(url));
  if (!existsSync(file)) fail(`${tag} names ${url}, which is not in the build`);
  return file;
};
const integrityTags = /<(?:link|script)\b[^>]*\bintegrity\s*=[^>]*>/gi;
const integrityCount = (html.match(/\bintegrity\s*=/gi) ?? []).length;
let rewritten = 0;
html = html.replace(integrityTags, (tag) => {
  const value = attribute(tag, "integrity");
  const hash = value && (value[1] ?? value[2] ?? value[3]).match(/^(sha256|sha384|sha512)-[A-Za-z0-9+/=]+$/);
  if (!hash) fail(`an integrity value Trunk did not write: ${tag}`);
  rewritten++;
  return tag.replace(value[0], ` integrity="${hash[1]}-${digest(hash[1], readFileSync(referenced(tag)))}"`);
});
if (rewritten === 0 || rewritten !== integrityCount) fail(`rewrote ${rewritten} of ${integrityCount} integrity attributes`);

// Content-Security-Policy.
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
if (inline.length === 0) fail("no inline script in index.html: where is Trunk's loader?");
const hashes = inline.map(([, body]) => `'sha256-${digest("sha256", Buffer.from(body, "utf8"))}'`);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
html = replaceChecked(html, marker, `${marker}\n<meta http-equiv="Content-Security-Policy" content="${policy}">`, `${marker} in index.html`, 1);
writeFileSync(page, html);

// 4. Check what will ship, read back from the files.
{
  const finalHtml = readFileSync(page, "utf8");
  const tags = finalHtml.match(integrityTags) ?? [];
  for (const tag of tags) {
    const [, algorithm, value] = attribute(tag, "integrity")[1].match(/^(sha\d+)-(.*)$/);
    if (digest(algorithm, readFileSync(referenced(tag))) !== value) fail(`stale integrity hash in ${tag}`);
  }
  if (!finalHtml.includes(`from '/${glueName}'`) && !finalHtml.includes(`from "/${glueName}"`)) fail(`Trunk's loader in index.html does not import /${glueName}`);

  // The module must instantiate with the import object the minified glue builds: the glue
  // is imported as a module and its `initSync` run up to the instantiation, which links
  // every import (a missing or misnamed one is a LinkError). The app itself does not
  // start: the instantiation is stopped before the glue calls into the module.
  const module = await WebAssembly.compile(readFileSync(wasmFile));
  const wanted = WebAssembly.Module.imports(module).map(({ module, name }) => `${module}.${name}`).sort();
  const scratch = mkdtempSync(join(tmpdir(), "post-build-"));
  const Instance = WebAssembly.Instance;
  const stop = Symbol("instantiated");
  let given = null;
  let problem = null;
  try {
    const copy = join(scratch, "glue.mjs");
    writeFileSync(copy, readFileSync(glueFile));
    const glue = await import(pathToFileURL(copy).href);
    WebAssembly.Instance = function (compiled, imports) {
      given = Object.entries(imports).flatMap(([name, object]) => Object.keys(object).map((key) => `${name}.${key}`)).sort();
      new Instance(compiled, imports);
      throw stop;
    };
    glue.initSync({ module });
    problem = "the glue's initSync returned without instantiating the module";
  } catch (error) {
    if (error !== stop) problem = `the module does not instantiate with ${glueName}'s imports: ${error}`;
  } finally {
    WebAssembly.Instance = Instance;
    rmSync(scratch, { recursive: true, force: true });
  }
  if (problem) fail(problem);
  const extra = given.filter((key) => !wanted.includes(key));
  const absent = wanted.filter((key) => !given.includes(key));
  if (extra.length || absent.length) {
    fail(`the glue's import object and the module's imports differ: glue only ${extra.join(", ") || "-"}; module only ${absent.join(", ") || "-"}`);
  }
  console.log(`post_build.mjs: checked: the module instantiates with the glue's ${given.length} imports; ${tags.length} integrity hashes match`);
}
console.log(`post_build.mjs: minified, imports shortened; policy added (${hashes.length} inline script hash${hashes.length === 1 ? "" : "es"})`);
