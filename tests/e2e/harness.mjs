// Shared setup for the end-to-end tests: a static server for the release build in
// dist/, and headless Chromium (Debian's, driven by playwright-core) that records
// every console error and uncaught exception of the page.
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const DIST = join(ROOT, "dist");
/** The fault-injection build (scripts/test.sh builds it with `--features fault-injection`). */
export const FAULTS_DIST = join(ROOT, "target", "dist-faults");
export const ARTIFACTS = join(ROOT, "test-artifacts");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
};

export async function startServer(root = DIST) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const file = normalize(join(root, path === "/" ? "index.html" : path));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end("not found");
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Runs in the page before the app: times the work inside every animation-frame
 * callback (window.__frameWork, ms), notes the first frame after the app is ready
 * (window.__firstFrame, ms since navigation) and keeps the WebAssembly memory
 * (window.__wasmMemory). Used by the tests and by benches/browser.mjs.
 */
export function instrument() {
  window.__frameWork = [];
  const request = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    request((time) => {
      const start = performance.now();
      try {
        callback(time);
      } finally {
        window.__frameWork.push(performance.now() - start);
      }
    });
  const watch = () => {
    if (document.body?.dataset.ready === "true") window.__firstFrame = performance.now();
    else request(watch);
  };
  request(watch);
  addEventListener("TrunkApplicationStarted", (event) => {
    window.__wasmMemory = event.detail.wasm.memory;
  });
}

/** Opens the app at `query` and waits until it is interactive; `errors` collects console errors. */
export async function openApp(browser, baseUrl, query = "", viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(baseUrl + query);
  await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 15000 });
  return { page, errors, close: () => context.close() };
}

/** The number a readout shows, found by its accessible name. */
export async function readout(page, name) {
  const text = await page.getByRole("status", { name, exact: true }).textContent();
  return text;
}

export async function saveScreenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  // Sections below the first screen skip their painting until scrolled near
  // (content-visibility: auto), which left them blank in a full-page capture: paint them
  // for the capture, then let them be as they were.
  // The sticky bars stay in the page's flow for the capture too: a full-page capture
  // would draw them wherever the page was scrolled, over the content there.
  const lazy = await page.evaluateHandle(() =>
    [...document.querySelectorAll("*")].filter((element) => getComputedStyle(element).contentVisibility === "auto"),
  );
  const bars = await page.evaluateHandle(() => [...document.querySelectorAll(".control-bar, .sub-steps")]);
  await lazy.evaluate((elements) => elements.forEach((element) => (element.style.contentVisibility = "visible")));
  await bars.evaluate((elements) => elements.forEach((element) => (element.style.position = "static")));
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  await bars.evaluate((elements) => elements.forEach((element) => (element.style.position = "")));
  await lazy.evaluate((elements) => elements.forEach((element) => (element.style.contentVisibility = "")));
  await lazy.dispose();
  await bars.dispose();
}

/**
 * A screenshot of one element, saved as an artifact. The sticky control bar and the
 * sticky sub-step bar stay where they are in the page's flow for the capture, so they
 * cannot cover the element's top or bottom.
 */
export async function saveElementScreenshot(locator, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const page = locator.page();
  const bars = await page.evaluateHandle(() => [...document.querySelectorAll(".control-bar, .sub-steps")]);
  await bars.evaluate((elements) => elements.forEach((element) => (element.style.position = "static")));
  await locator.screenshot({ path: join(ARTIFACTS, name) });
  await bars.evaluate((elements) => elements.forEach((element) => (element.style.position = "")));
  await bars.dispose();
}

/** A button found by its exact accessible name. */
export const button = (page, name) => page.getByRole("button", { name, exact: true });

/**
 * One server and one browser for a test file, started before its tests and closed after;
 * `suite.withApp(query, body)` opens the app, runs `body(page)`, then checks that the page
 * logged no errors.
 */
export function useSuite() {
  const suite = {};
  before(async () => {
    suite.server = await startServer();
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  suite.withApp = async (query, body, viewport) => {
    const app = await openApp(suite.browser, suite.server.url, query, viewport);
    try {
      await body(app.page);
      assert.deepEqual(app.errors, [], "the page logged errors");
    } finally {
      await app.close();
    }
  };
  return suite;
}

/**
 * The runs a native test recorded for the browser to repeat (`tests/fixtures/<name>`):
 * blocks of "# query", the loss readout, then the CSV.
 */
export async function nativeRuns(name) {
  const text = await readFile(join(ROOT, "tests", "fixtures", name), "utf8");
  return text
    .split(/^# /m)
    .filter(Boolean)
    .map((block) => {
      const [query, loss, ...csv] = block.split("\n");
      return { query, loss, csv: csv.join("\n") };
    });
}

/** Clicks "Download CSV" and returns the file's name and text. */
export async function downloadCsv(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), button(page, "Download CSV").click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") };
}
