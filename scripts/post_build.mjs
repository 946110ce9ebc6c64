// Trunk post-build hook, run on the staged dist/ before Trunk publishes it:
// 1. minifies the JavaScript (wasm-bindgen's glue, boot.js, embed.js) and the CSS with
//    esbuild and strips indentation from index.html (2.7 KB less gzip in all), then
//    recomputes the subresource-integrity hashes Trunk wrote for the changed files;
// 2. puts a Content-Security-Policy meta tag in the page. It allows only this site's own
//    scripts and styles, the loader script that Trunk inlines (by its SHA-256 hash,
//    computed here because it names hashed file names), and compiling WebAssembly
//    ('wasm-unsafe-eval'). Hosts that can send headers may send the same policy as a
//    header instead (see README.md).
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { transformSync } from "esbuild";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("post_build.mjs runs as a Trunk hook: TRUNK_STAGING_DIR is not set");
  process.exit(1);
}

const digest = (algorithm, text) => createHash(algorithm).update(text, "utf8").digest("base64");

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

const page = join(staging, "index.html");
let html = readFileSync(page, "utf8").replace(/\n[ \t]+/g, "\n");
html = html.replace(/(<link\b[^>]*?\bhref="\/?([^"]+)"[^>]*?\bintegrity=")sha384-[^"]+"/g, (whole, start, href) => {
  const name = href.split(/[?#]/)[0];
  return `${start}sha384-${digest("sha384", readFileSync(join(staging, name), "utf8"))}"`;
});

// 2. Content-Security-Policy.
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
const hashes = inline.map(([, body]) => `'sha256-${digest("sha256", body)}'`);
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
if (!html.includes(marker)) {
  console.error(`post_build.mjs: ${marker} not found in index.html`);
  process.exit(1);
}
writeFileSync(page, html.replace(marker, `${marker}\n<meta http-equiv="Content-Security-Policy" content="${policy}">`));
console.log(`post_build.mjs: minified; policy added (${hashes.length} inline script hash${hashes.length === 1 ? "" : "es"})`);
