// The browser half of `./scripts/bench.sh`: per-frame work while playing, time to the
// first painted frame, and the shipped bytes of the release build in dist/.
// Prints a table and writes target/bench/browser.json. BENCH_QUICK=1 runs a short pass.
import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { instrument, startServer, launchBrowser } from "../tests/e2e/harness.mjs";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
const QUICK = process.env.BENCH_QUICK === "1";
const FRAMES = QUICK ? 60 : 300;
/** Fresh page loads per scene and viewport for the first painted frame (a median: one
 * load on this shared machine varies by ±60 ms). */
const LOADS = QUICK ? 1 : 7;
/** The budgets of docs/PERFORMANCE.md. Only the byte budget fails the run: bytes are
 * deterministic, timings on a shared machine are not (they are reported against theirs). */
const BUDGET = { gzipBytes: 80_000, medianMs: 1.0, p95Ms: 2.0, firstFrameMs: 300 };

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function shippedBytes() {
  const dist = join(ROOT, "dist");
  const files = [];
  for (const name of (await readdir(dist)).sort()) {
    const body = await readFile(join(dist, name));
    files.push({
      file: name,
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  const total = (key) => files.reduce((sum, file) => sum + file[key], 0);
  return { files, total: { raw: total("raw"), gzip: total("gzip"), brotli: total("brotli") } };
}

/** Navigation to the first animation frame after the app is ready (the frame that paints it). */
async function firstFrame(browser, url, viewport, scene) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await page.goto(`${url}?lang=en&scene=${scene}`);
  await page.waitForFunction(() => window.__firstFrame !== undefined, null, { polling: 50 });
  const time = await page.evaluate(() => window.__firstFrame);
  await context.close();
  return time;
}

async function measureFrames(browser, url, viewport, scene, speed) {
  const loads = [];
  for (let load = 0; load < LOADS; load++) loads.push(await firstFrame(browser, url, viewport, scene));
  loads.sort((a, b) => a - b);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await page.goto(`${url}?lang=en&scene=${scene}&speed=${speed}&lr=0.0001`);
  await page.waitForFunction(() => window.__firstFrame !== undefined, null, { polling: 50 });
  await page.getByRole("button", { name: "Play" }).click();
  await page.evaluate(() => (window.__frameWork = []));
  await page.waitForFunction((frames) => window.__frameWork.length >= frames, FRAMES + 5, { polling: 100, timeout: 120000 });
  await page.getByRole("button", { name: "Pause" }).click();
  const work = (await page.evaluate(() => window.__frameWork)).slice(5, FRAMES + 5).sort((a, b) => a - b);
  await context.close();
  return {
    scene,
    speed,
    viewport: `${viewport.width}x${viewport.height}`,
    frames: work.length,
    median_ms: percentile(work, 50),
    p95_ms: percentile(work, 95),
    max_ms: work[work.length - 1],
    first_frame_ms: percentile(loads, 50),
    first_frame_max_ms: loads[loads.length - 1],
    first_frame_loads: loads.length,
  };
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const frames = [];
  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 640 }]) {
    for (const scene of ["field", "neuron"]) {
      for (const speed of [1, 1000]) frames.push(await measureFrames(browser, server.url, viewport, scene, speed));
    }
  }
  const bytes = await shippedBytes();
  const chromium = browser.version();
  const budgets = {
    frame_work: frames.every((r) => r.median_ms <= BUDGET.medianMs && r.p95_ms <= BUDGET.p95Ms),
    first_frame: frames.every((r) => r.first_frame_ms <= BUDGET.firstFrameMs),
    gzip_bytes: bytes.total.gzip <= BUDGET.gzipBytes,
  };
  const result = { date: new Date().toISOString(), quick: QUICK, chromium, budget: BUDGET, budgets, frames, bytes };
  await mkdir(join(ROOT, "target", "bench"), { recursive: true });
  await writeFile(join(ROOT, "target", "bench", "browser.json"), JSON.stringify(result, null, 2));

  const f = (ms) => ms.toFixed(3).padStart(8);
  console.log(`\nPer-frame work (ms, ${FRAMES} frames of play; Chromium ${chromium})`);
  console.log(`viewport   scene   speed   median      p95      max   first frame (median, max of ${LOADS} loads)`);
  for (const r of frames) {
    console.log(`${r.viewport.padEnd(10)} ${r.scene.padEnd(7)} ${String(r.speed).padStart(5)} ${f(r.median_ms)} ${f(r.p95_ms)} ${f(r.max_ms)} ${f(r.first_frame_ms)} ${f(r.first_frame_max_ms)}`);
  }
  console.log("\nShipped bytes (dist/)");
  console.log("file                                        raw     gzip   brotli");
  for (const file of [...bytes.files, { file: "total", ...bytes.total }]) {
    console.log(`${file.file.padEnd(38)} ${String(file.raw).padStart(9)} ${String(file.gzip).padStart(8)} ${String(file.brotli).padStart(8)}`);
  }
  const status = (met) => (met ? "met" : "MISSED");
  // A short run (60 frames, one load) proves the benchmark works; it is too short to judge.
  const timing = (met) => (QUICK ? "not judged in a short run" : status(met));
  console.log("\nBudgets");
  console.log(`per-frame work median <= ${BUDGET.medianMs} ms, p95 <= ${BUDGET.p95Ms} ms: ${timing(budgets.frame_work)}`);
  console.log(`first painted frame <= ${BUDGET.firstFrameMs} ms (median of loads): ${timing(budgets.first_frame)}`);
  console.log(`shipped bytes <= ${BUDGET.gzipBytes} gzip: ${status(budgets.gzip_bytes)} (${bytes.total.gzip})`);
  console.log("\nwritten to target/bench/browser.json");
  if (!budgets.gzip_bytes) {
    console.error(`the bundle is ${bytes.total.gzip} bytes gzip, over its budget of ${BUDGET.gzipBytes}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}
