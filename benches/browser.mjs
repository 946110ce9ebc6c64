// The browser half of `./scripts/bench.sh`: per-frame work while playing, time to the
// first painted frame (on localhost, and in a phone profile: gzip over a slow network on
// a 4× slower CPU), and the shipped bytes of the release build in dist/.
// Prints a table and writes target/bench/browser.json. BENCH_QUICK=1 runs a short pass.
import { createServer } from "node:http";
import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { instrument, startServer, launchBrowser } from "../tests/e2e/harness.mjs";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
const QUICK = process.env.BENCH_QUICK === "1";
const FRAMES = QUICK ? 60 : 300;
/** Fresh page loads per scene and viewport for the first painted frame (a median: one
 * load on this shared machine varies by ±60 ms). */
const LOADS = QUICK ? 1 : 7;
/** Page loads in the phone profile (median). */
const PHONE_LOADS = QUICK ? 2 : 5;
/** The phone profile: Chromium DevTools' "Slow 4G" network (150 ms latency per request,
 * 1.6 Mbit/s down, 750 kbit/s up) and a CPU slowed down 4×, every file sent gzip-compressed
 * as a real host would, on a 360×640 phone screen. */
const PHONE = {
  viewport: { width: 360, height: 640 },
  cpuSlowdown: 4,
  network: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
};
/** The budgets of docs/PERFORMANCE.md, reported met or MISSED. Timings on a shared
 * machine are not asserted. Bytes are deterministic: see GROWTH_ALLOWANCE for what fails. */
const BUDGET = { gzipBytes: 100_000, medianMs: 1.0, p95Ms: 2.0, firstFrameMs: 300, phoneFirstPaintMs: 1000, surfaceSwitchMs: 50, formulaMs: 50 };
/** The run fails when the bundle is larger than the total recorded in docs/PERFORMANCE.md
 * by more than this (gzip bytes), or when no total is recorded. The 100 KB budget was
 * set for two lessons and is missed with four (docs/PERFORMANCE.md says by how much and
 * why); this ratchet keeps any further growth a recorded decision, never an accident. */
const GROWTH_ALLOWANCE = 512;
/** docs/PERFORMANCE.md records the last run's gzip total in this line, for the growth report. */
const PERFORMANCE_MD = join(ROOT, "docs", "PERFORMANCE.md");
const RECORDED = /<!-- recorded-gzip-total: (\d+) -->/;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The median of sorted numbers (the mean of the middle two for an even count). */
function median(sorted) {
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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

/** The gzip total of the last recorded run, from docs/PERFORMANCE.md (null if not recorded). */
async function recordedGzipTotal() {
  const match = (await readFile(PERFORMANCE_MD, "utf8")).match(RECORDED);
  return match ? Number(match[1]) : null;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
};

/** dist/ served as a real host serves it: every file gzip-compressed (compressed once, at
 * start), with its length. */
async function startGzipServer(root = join(ROOT, "dist")) {
  const files = new Map();
  for (const name of await readdir(root)) files.set(`/${name}`, gzipSync(await readFile(join(root, name)), { level: 9 }));
  const server = createServer((request, response) => {
    const requested = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    const path = requested === "/" ? "/index.html" : requested;
    const body = files.get(path);
    if (!body) {
      response.writeHead(404).end("not found");
      return;
    }
    if (!/\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) {
      response.writeHead(406).end("this server only sends gzip");
      return;
    }
    response.writeHead(200, {
      "content-type": TYPES[extname(path)] ?? "application/octet-stream",
      "content-encoding": "gzip",
      "content-length": body.length,
      vary: "Accept-Encoding",
    });
    response.end(body);
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) };
}

/** One load in the phone profile: navigation to the field's first painted frame, when the
 * page and the module had arrived, and the bytes that crossed the (emulated) network. */
async function phoneLoad(browser, url) {
  const context = await browser.newContext({ viewport: PHONE.viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", PHONE.network);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE.cpuSlowdown });
  let transferred = 0;
  cdp.on("Network.loadingFinished", (event) => (transferred += event.encodedDataLength));
  const plain = [];
  page.on("response", (response) => {
    if (response.url().startsWith(url) && response.status() === 200 && response.headers()["content-encoding"] !== "gzip") plain.push(response.url());
  });
  await page.addInitScript(instrument);
  await page.goto(`${url}?lang=en&scene=field`);
  await page.waitForFunction(() => window.__firstFrame !== undefined, null, { polling: 50, timeout: 60000 });
  const { time, html, wasm } = await page.evaluate(() => ({
    time: window.__firstFrame,
    html: performance.getEntriesByType("navigation")[0].responseEnd,
    wasm: performance.getEntriesByType("resource").find((entry) => entry.name.endsWith(".wasm"))?.responseEnd,
  }));
  await context.close();
  if (plain.length) throw new Error(`the phone profile's server sent files without gzip: ${plain.join(", ")}`);
  if (wasm === undefined) throw new Error("the phone profile saw no .wasm request");
  return { time, html, wasm, transferred };
}

async function measurePhone(browser) {
  const server = await startGzipServer();
  try {
    const loads = [];
    for (let load = 0; load < PHONE_LOADS; load++) loads.push(await phoneLoad(browser, server.url));
    const times = loads.map((load) => load.time).sort((a, b) => a - b);
    const medianOf = (key) => median(loads.map((load) => load[key]).sort((a, b) => a - b));
    return {
      viewport: `${PHONE.viewport.width}x${PHONE.viewport.height}`,
      cpu_slowdown: PHONE.cpuSlowdown,
      network: PHONE.network,
      loads: times.length,
      first_paint_ms: median(times),
      first_paint_min_ms: times[0],
      first_paint_max_ms: times[times.length - 1],
      html_loaded_ms: medianOf("html"),
      wasm_loaded_ms: medianOf("wasm"),
      transferred_bytes: loads[0].transferred,
    };
  } finally {
    await server.close();
  }
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
  // The race runs all five optimizers (the default leaves Nesterov out).
  const race = scene === "optimizers" ? "&opt=gd,momentum,nesterov,rmsprop,adam" : "";
  await page.goto(`${url}?lang=en&scene=${scene}&speed=${speed}&lr=0.0001${race}`);
  await page.waitForFunction(() => window.__firstFrame !== undefined, null, { polling: 50 });
  await page.getByRole("button", { name: "Play" }).click();
  await page.evaluate(() => (window.__frameWork = []));
  // Play pauses by itself once a run has converged (at 1000 steps a frame that takes a
  // few frames): then the run starts over and plays on, as a reader would.
  const deadline = Date.now() + 120000;
  while ((await page.evaluate(() => window.__frameWork.length)) < FRAMES + 5) {
    if (Date.now() > deadline) throw new Error(`${scene} at ${speed}: fewer than ${FRAMES} frames in 2 minutes`);
    if (await page.getByRole("button", { name: "Play" }).isVisible()) {
      await page.getByRole("button", { name: "Reset" }).click();
      await page.getByRole("button", { name: "Play" }).click();
    }
    await page.waitForTimeout(100);
  }
  // The run may pause itself between looking and clicking: then there is nothing to do.
  await page.getByRole("button", { name: "Pause" }).click({ timeout: 1000 }).catch(() => {});
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

/** Switching the race's surface: the time from the select's change event to the end of
 * its synchronous update and render (the heatmap recomputed and blitted), on a phone whose
 * canvas has about 600×600 device pixels, for every surface in turn, 3 rounds. */
async function measureSurfaceSwitch(browser, url) {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(`${url}?lang=en&scene=optimizers`);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  const result = await page.evaluate(() => {
    const select = document.getElementById("surface");
    const canvas = document.getElementById("race-canvas");
    const times = [];
    for (let round = 0; round < 3; round++) {
      for (const surface of ["bowl", "rosenbrock", "saddle", "himmelblau", "stretched"]) {
        select.value = surface;
        const start = performance.now();
        select.dispatchEvent(new Event("change"));
        times.push(performance.now() - start);
      }
    }
    // Applying a typed formula: parse, graph, heatmap, all in the change event's update.
    const field = document.getElementById("formula");
    const formulaTimes = [];
    for (let round = 0; round < 3; round++) {
      for (const formula of ["x^2 + y^2", "sin(x)*y + exp(-x^2)", "(1 - x)^2 + 100*(y - x^2)^2", "log(x) + sqrt(y^2 + 1)", "sigmoid(x*y) - tanh(x - y)^2"]) {
        field.value = formula;
        const start = performance.now();
        field.dispatchEvent(new Event("change"));
        formulaTimes.push(performance.now() - start);
      }
    }
    return { times, formulaTimes, canvas: `${canvas.width}x${canvas.height}` };
  });
  await context.close();
  const times = result.times.sort((a, b) => a - b);
  const formulas = result.formulaTimes.sort((a, b) => a - b);
  return {
    canvas: result.canvas,
    switches: times.length,
    median_ms: median(times),
    max_ms: times[times.length - 1],
    formulas: formulas.length,
    formula_median_ms: median(formulas),
    formula_max_ms: formulas[formulas.length - 1],
  };
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const frames = [];
  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 640 }]) {
    for (const scene of ["field", "neuron", "layer", "network", "optimizers"]) {
      for (const speed of [1, 1000]) frames.push(await measureFrames(browser, server.url, viewport, scene, speed));
    }
  }
  const surfaceSwitch = await measureSurfaceSwitch(browser, server.url);
  const phone = await measurePhone(browser);
  const bytes = await shippedBytes();
  const recorded = await recordedGzipTotal();
  const chromium = browser.version();
  const budgets = {
    frame_work: frames.every((r) => r.median_ms <= BUDGET.medianMs && r.p95_ms <= BUDGET.p95Ms),
    first_frame: frames.every((r) => r.first_frame_ms <= BUDGET.firstFrameMs),
    phone_first_paint: phone.first_paint_ms <= BUDGET.phoneFirstPaintMs,
    surface_switch: surfaceSwitch.max_ms <= BUDGET.surfaceSwitchMs,
    formula: surfaceSwitch.formula_max_ms <= BUDGET.formulaMs,
    gzip_bytes: bytes.total.gzip <= BUDGET.gzipBytes,
  };
  const result = { date: new Date().toISOString(), quick: QUICK, chromium, budget: BUDGET, budgets, frames, surface_switch: surfaceSwitch, phone, bytes, recorded_gzip_total: recorded };
  await mkdir(join(ROOT, "target", "bench"), { recursive: true });
  await writeFile(join(ROOT, "target", "bench", "browser.json"), JSON.stringify(result, null, 2));

  const f = (ms) => ms.toFixed(3).padStart(8);
  console.log(`\nPer-frame work (ms, ${FRAMES} frames of play; Chromium ${chromium})`);
  console.log(`viewport   scene   speed   median      p95      max   first frame (median, max of ${LOADS} loads)`);
  for (const r of frames) {
    console.log(`${r.viewport.padEnd(10)} ${r.scene.padEnd(7)} ${String(r.speed).padStart(5)} ${f(r.median_ms)} ${f(r.p95_ms)} ${f(r.max_ms)} ${f(r.first_frame_ms)} ${f(r.first_frame_max_ms)}`);
  }
  console.log(`\nSwitching the race's surface (canvas ${surfaceSwitch.canvas} device pixels, ${surfaceSwitch.switches} switches): median ${surfaceSwitch.median_ms.toFixed(1)} ms, max ${surfaceSwitch.max_ms.toFixed(1)} ms`);
  console.log(`Applying a typed formula (parse, graph, heatmap; ${surfaceSwitch.formulas} formulas): median ${surfaceSwitch.formula_median_ms.toFixed(1)} ms, max ${surfaceSwitch.formula_max_ms.toFixed(1)} ms`);
  console.log("\nShipped bytes (dist/)");
  console.log("file                                        raw     gzip   brotli");
  for (const file of [...bytes.files, { file: "total", ...bytes.total }]) {
    console.log(`${file.file.padEnd(38)} ${String(file.raw).padStart(9)} ${String(file.gzip).padStart(8)} ${String(file.brotli).padStart(8)}`);
  }
  console.log(`\nPhone profile (${phone.viewport}, CPU ${phone.cpu_slowdown}× slower, ${PHONE.network.latency} ms latency, 1.6 Mbit/s down, gzip)`);
  console.log(`navigation to the field's first painted frame, ms: median ${phone.first_paint_ms.toFixed(0)}, min ${phone.first_paint_min_ms.toFixed(0)}, max ${phone.first_paint_max_ms.toFixed(0)} of ${phone.loads} loads`);
  console.log(`(medians: page received at ${phone.html_loaded_ms.toFixed(0)} ms, module at ${phone.wasm_loaded_ms.toFixed(0)} ms; ${phone.transferred_bytes} bytes transferred)`);
  const growth =
    recorded === null
      ? `no recorded total in docs/PERFORMANCE.md (a line "<!-- recorded-gzip-total: N -->")`
      : `${bytes.total.gzip - recorded >= 0 ? "+" : ""}${bytes.total.gzip - recorded} bytes since the recorded run (${recorded})`;
  const status = (met) => (met ? "met" : "MISSED");
  // A short run (60 frames, one load, two phone loads) proves the benchmark works; it is
  // too short to judge.
  const timing = (met) => (QUICK ? "not judged in a short run" : status(met));
  console.log("\nBudgets");
  console.log(`per-frame work median <= ${BUDGET.medianMs} ms, p95 <= ${BUDGET.p95Ms} ms: ${timing(budgets.frame_work)}`);
  console.log(`first painted frame <= ${BUDGET.firstFrameMs} ms (median of loads): ${timing(budgets.first_frame)}`);
  console.log(`phone profile first paint <= ${BUDGET.phoneFirstPaintMs} ms (median of ${phone.loads} loads): ${timing(budgets.phone_first_paint)} (${phone.first_paint_ms.toFixed(0)} ms)`);
  console.log(`switching the race's surface <= ${BUDGET.surfaceSwitchMs} ms (slowest): ${timing(budgets.surface_switch)}`);
  console.log(`applying a typed formula <= ${BUDGET.formulaMs} ms (slowest): ${timing(budgets.formula)}`);
  console.log(`shipped bytes <= ${BUDGET.gzipBytes} gzip: ${status(budgets.gzip_bytes)} (${bytes.total.gzip}; ${growth})`);
  console.log("\nwritten to target/bench/browser.json");
  if (recorded === null) {
    console.error("docs/PERFORMANCE.md records no gzip total: record one before relying on the byte check");
    process.exitCode = 1;
  } else if (bytes.total.gzip > recorded + GROWTH_ALLOWANCE) {
    console.error(
      `the bundle is ${bytes.total.gzip} bytes gzip, ${bytes.total.gzip - recorded} more than recorded (${recorded}); ` +
        `measure what grew and record the new total in docs/PERFORMANCE.md if it is worth it`,
    );
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}
