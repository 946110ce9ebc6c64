// Trunk post-build hook: puts a Content-Security-Policy meta tag in the built page.
// It allows only this site's own scripts and styles, the loader script that Trunk
// inlines (by its SHA-256 hash, computed here because it names hashed file names),
// and compiling WebAssembly ('wasm-unsafe-eval'). Hosts that can send headers may send
// the same policy as a header instead (see README.md).
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("csp.mjs runs as a Trunk hook: TRUNK_STAGING_DIR is not set");
  process.exit(1);
}
const file = join(staging, "index.html");
const html = readFileSync(file, "utf8");
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
const hashes = inline.map(([, body]) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
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
  console.error(`csp.mjs: ${marker} not found in index.html`);
  process.exit(1);
}
writeFileSync(file, html.replace(marker, `${marker}\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`));
console.log(`csp.mjs: policy added (${hashes.length} inline script hash${hashes.length === 1 ? "" : "es"})`);
