// Never break, never lie: extreme settings, long runs, a forced panic and the page's
// Content-Security-Policy, in headless Chromium against release builds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { FAULTS_DIST, button, openApp, readout, startServer, useSuite } from "./harness.mjs";

/** Steps the soak test plays; CI runs a short soak, docs/RELIABILITY.md records 10⁶. */
const SOAK_STEPS = Number(process.env.SOAK_STEPS ?? 100000);

const suite = useSuite();
const { withApp } = suite;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function assertHonestReadouts(page, names) {
  for (const name of names) {
    const text = await readout(page, name);
    assert.ok(Number.isFinite(Number(text)), `${name} shows "${text}"`);
  }
  const body = await page.locator("body").innerText();
  assert.ok(!/NaN|Infinity|undefined/.test(body), "no NaN, Infinity or undefined on the page");
}

test("the slider at its lowest plays 500 frames exactly on the closed form", async () => {
  const app = await openApp(suite.browser, suite.server.url, "?speed=1");
  try {
    const slider = app.page.getByRole("slider", { name: "Learning rate" });
    await slider.focus();
    await app.page.keyboard.press("Home");
    assert.equal(await app.page.getByRole("spinbutton", { name: "Learning rate value" }).inputValue(), "0.0001");
    await button(app.page, "Play").click();
    await app.page.waitForFunction(() => Number(document.getElementById("field-step").textContent) >= 500, null, {
      timeout: 30000,
    });
    await button(app.page, "Pause").click();
    const steps = Number(await readout(app.page, "step"));
    assert.ok(Math.abs(Number(await readout(app.page, "x")) - 0.9998 ** steps) < 1e-8);
    await assertHonestReadouts(app.page, ["x", "y", "f(x, y)", "∂f/∂x", "∂f/∂y"]);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test("the slider at its highest diverges in both scenes, pauses with a message and stays usable", async () => {
  const app = await openApp(suite.browser, suite.server.url, "?speed=1");
  try {
    const { page } = app;
    for (const [tab, names] of [
      ["Gradient field", ["x", "y", "f(x, y)", "∂f/∂x", "∂f/∂y"]],
      ["One neuron", ["w1", "w2", "w3", "b", "prediction", "loss"]],
    ]) {
      await page.getByRole("tab", { name: tab }).click();
      const slider = page.getByRole("slider", { name: "Learning rate" });
      await slider.focus();
      await page.keyboard.press("End");
      await button(page, "Play").click();
      await page.getByRole("alert").filter({ hasText: "too large" }).waitFor({ timeout: 10000 });
      await button(page, "Play").waitFor();
      // Playing again is refused at once, still honestly.
      for (let i = 0; i < 5; i++) await button(page, "Play").click();
      await button(page, "Play").waitFor();
      await assertHonestReadouts(page, names);
      await button(page, "Reset").click();
      assert.equal(await readout(page, "step"), "0");
    }
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test(`a soak of ${SOAK_STEPS} steps keeps memory flat and frame work unchanged`, async () => {
  // α = 1 bounces between two points forever: it never converges (which would pause
  // Play) and never diverges.
  const app = await openApp(suite.browser, suite.server.url, "?lr=1&speed=1000");
  try {
    const { page } = app;
    const frames = Math.ceil(SOAK_STEPS / 1000);
    const sample = () =>
      page.evaluate(() => ({
        wasm: window.__wasmMemory.buffer.byteLength,
        heap: performance.memory?.usedJSHeapSize ?? 0,
        frames: window.__frameWork.length,
        step: Number(document.getElementById("field-step").textContent),
      }));
    await button(page, "Play").click();
    // Poll on a timer: the default polls in animation frames, which would count as frame work.
    await page.waitForFunction(() => Number(document.getElementById("field-step").textContent) >= 20000, null, {
      polling: 100,
    });
    const start = await sample();
    await page.waitForFunction(
      (target) => Number(document.getElementById("field-step").textContent) >= target,
      SOAK_STEPS,
      { timeout: Math.max(60000, frames * 200), polling: 100 },
    );
    await button(page, "Pause").click();
    const end = await sample();
    const work = await page.evaluate(() => window.__frameWork);
    const early = median(work.slice(2, 22));
    const late = median(work.slice(-20));
    console.log(
      `soak: ${end.step} steps in ${work.length} frames; wasm memory ${start.wasm} → ${end.wasm} bytes; ` +
        `JS heap ${start.heap} → ${end.heap} bytes; frame work median ${early.toFixed(2)} → ${late.toFixed(2)} ms`,
    );
    assert.ok(end.step >= SOAK_STEPS);
    assert.equal(end.wasm, start.wasm, "WebAssembly memory did not grow");
    assert.ok(end.heap - start.heap < 8 * 1024 * 1024, "the JS heap stayed within 8 MB of its start");
    assert.ok(late < early * 3 + 2, `frame work stayed level (${early} → ${late} ms)`);
    assert.ok(Number.isFinite(Number(await readout(page, "x"))));
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test("the page runs under its Content-Security-Policy, which refuses injected scripts", async () => {
  const app = await openApp(suite.browser, suite.server.url, "");
  try {
    const { page } = app;
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    assert.ok(!policy.includes("unsafe-inline"));
    await button(page, "Step").click();
    assert.equal(await readout(page, "x"), "0.8", "the app works under the policy");
    assert.deepEqual(app.errors, [], "no policy violations while working");
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.append(script);
      return window.__injected === true;
    });
    assert.equal(ran, false, "an injected inline script is refused");
  } finally {
    await app.close();
  }
});

test("a panic shows the error banner with a working Reload button", async () => {
  assert.ok(existsSync(FAULTS_DIST), "scripts/test.sh builds the fault-injection bundle first");
  const faults = await startServer(FAULTS_DIST);
  const app = await openApp(suite.browser, faults.url, "");
  try {
    const { page } = app;
    await page.evaluate(() => {
      try {
        window.wasmBindings.force_panic();
      } catch {
        // The panic also surfaces as a trap here; the banner is what the reader sees.
      }
    });
    const banner = page.getByRole("alert").filter({ hasText: "Something went wrong" });
    await banner.waitFor({ timeout: 5000 });
    assert.match(await banner.innerText(), /forced panic/);
    assert.ok(app.errors.some((error) => error.includes("forced panic")), "the panic is logged too");
    await banner.getByRole("button", { name: "Reload" }).click();
    await button(page, "Step").waitFor();
    assert.equal(await page.locator("#error-banner").isHidden(), true);
    await button(page, "Step").click();
    assert.equal(await readout(page, "step"), "1");
  } finally {
    await app.close();
    await faults.close();
  }
});

// A panic inside an update, while the app is borrowed, must not poison the page: the
// first message stays on the banner, and later clicks, keys and frames enter nothing
// (no "already borrowed" panic replacing the real message).
for (const [fault, start] of [
  ["frame", (page) => button(page, "Play").click()],
  ["click", (page) => button(page, "Step").click()],
]) {
  test(`a panic inside ${fault === "frame" ? "an animation frame" : "a click"}'s update keeps the first message`, async () => {
    assert.ok(existsSync(FAULTS_DIST), "scripts/test.sh builds the fault-injection bundle first");
    const faults = await startServer(FAULTS_DIST);
    const app = await openApp(suite.browser, faults.url, `?lang=en&fault=${fault}`);
    try {
      const { page } = app;
      assert.equal(await page.locator("#notices").isHidden(), true, "fault= is not an unknown parameter");
      await start(page);
      const banner = page.locator("#error-banner");
      await banner.waitFor({ state: "visible", timeout: 5000 });
      const first = await page.locator("#error-text").innerText();
      assert.match(first, /injected fault inside/);
      // Everything a reader might try next: none of it may enter the app again.
      await button(page, "Step").click();
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("r");
      await button(page, "Reset").click();
      await page.waitForTimeout(300);
      assert.equal(await page.locator("#error-text").innerText(), first, "the first message stays");
      assert.ok(!app.errors.some((error) => /already borrowed/i.test(error)), app.errors.join("\n"));
      const panics = app.errors.filter((error) => /panicked at/.test(error));
      assert.equal(panics.length, 1, `one panic only: ${panics.join("\n")}`);
      // The listeners were dropped: no later panic, no frames of a dead app.
      await banner.getByRole("button", { name: "Reload" }).click();
      await button(page, "Step").waitFor();
      assert.equal(await page.locator("#error-banner").isHidden(), true);
    } finally {
      await app.close();
      await faults.close();
    }
  });
}
