// End-to-end tests of the release build in headless Chromium, acting as a reader:
// controls are found by their visible or accessible names, readouts are read as shown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { button, openApp, readout, saveScreenshot, useSuite } from "./harness.mjs";

const suite = useSuite();
const { withApp } = suite;



/** Distinct colours and non-white pixels of a canvas, read back from the page. */
async function canvasStats(page, id) {
  return page.evaluate((id) => {
    const canvas = document.getElementById(id);
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set();
    let inked = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) inked++;
    }
    return { width: canvas.width, height: canvas.height, colours: colours.size, inked };
  }, id);
}

async function fieldReadouts(page) {
  const names = ["x", "y", "f(x, y)", "∂f/∂x", "∂f/∂y", "step"];
  const values = {};
  for (const name of names) values[name] = await readout(page, name);
  return values;
}

test("the gradient field opens at the post's point (1, 3) with f = 10 and gradient (2, 6)", async () => {
  await withApp("", async (page) => {
    assert.equal(await page.getByRole("tab", { name: "Gradient field" }).getAttribute("aria-selected"), "true");
    assert.deepEqual(await fieldReadouts(page), {
      x: "1", y: "3", "f(x, y)": "10", "∂f/∂x": "2", "∂f/∂y": "6", step: "0",
    });
    const field = await canvasStats(page, "field-canvas");
    assert.ok(field.width > 100 && field.width === field.height, "the field canvas is square");
    assert.ok(field.colours > 100, `the heatmap has ${field.colours} colours`);
    const loss = await canvasStats(page, "loss-canvas");
    assert.ok(loss.inked > 200, "the loss chart has axes and labels");
    await saveScreenshot(page, "scene-field.png");
  });
});

test("Step moves against the gradient by exactly one learning-rate step", async () => {
  await withApp("", async (page) => {
    await button(page, "Step").click();
    // α = 0.1: (x, y) := (1, 3) − 0.1·(2, 6) = (0.8, 2.4).
    assert.deepEqual(await fieldReadouts(page), {
      x: "0.8", y: "2.4", "f(x, y)": "6.4", "∂f/∂x": "1.6", "∂f/∂y": "4.8", step: "1",
    });
    await button(page, "Step").click();
    assert.equal(await readout(page, "x"), "0.64");
    assert.equal(await readout(page, "step"), "2");
  });
});

test("dragging the learning-rate slider changes the step that follows", async () => {
  await withApp("", async (page) => {
    const slider = page.getByRole("slider", { name: "Learning rate" });
    const box = await slider.boundingBox();
    const y = box.y + box.height / 2;
    const from = await slider.evaluate((input) => Number(input.value) / Number(input.max));
    await page.mouse.move(box.x + box.width * from, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, y, { steps: 8 });
    await page.mouse.up();
    const rate = Number(await page.getByRole("spinbutton", { name: "Learning rate value" }).inputValue());
    assert.ok(rate > 0.0001 && rate < 0.01, `the slider at 30% gives α = ${rate}`);
    await button(page, "Step").click();
    assert.equal(Number(await readout(page, "x")), 1 - 2 * rate);
    assert.equal(Number(await readout(page, "y")), 3 - 6 * rate);

    await page.mouse.move(box.x + box.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(box.x - 50, y, { steps: 5 });
    await page.mouse.up();
    assert.equal(await page.getByRole("spinbutton", { name: "Learning rate value" }).inputValue(), "0.0001");
  });
});

test("a typed learning rate is used, and a bad one is refused with a message", async () => {
  await withApp("", async (page) => {
    const field = page.getByRole("spinbutton", { name: "Learning rate value" });
    await field.fill("0.25");
    await field.press("Enter");
    await button(page, "Step").click();
    assert.equal(await readout(page, "x"), "0.5");
    assert.equal(await readout(page, "y"), "1.5");

    await field.fill("-5");
    await field.press("Enter");
    await assert.doesNotReject(
      page.getByRole("alert").filter({ hasText: "between 0.0001 and 1.5" }).waitFor({ timeout: 3000 }),
    );
    assert.equal(await field.inputValue(), "-5", "the reader's text stays to be corrected");
    await button(page, "Step").click();
    assert.equal(await readout(page, "x"), "0.25", "α is still 0.25");
  });
});

test("Play runs one step per frame; Pause stops it; Reset returns to the start", async () => {
  await withApp("?lr=0.01&speed=1", async (page) => {
    await button(page, "Play").click();
    await button(page, "Pause").waitFor();
    await page.waitForFunction(() => Number(document.getElementById("field-step").textContent) >= 20);
    await button(page, "Pause").click();
    await button(page, "Play").waitFor();
    const stopped = await readout(page, "step");
    await page.waitForTimeout(300);
    assert.equal(await readout(page, "step"), stopped, "no steps after Pause");
    const steps = Number(stopped);
    assert.ok(Math.abs(Number(await readout(page, "x")) - 0.98 ** steps) < 1e-8, "x follows (1 − 2α)ⁿ");

    // Step while playing pauses first, then advances exactly one step.
    await button(page, "Play").click();
    await page.waitForFunction((n) => Number(document.getElementById("field-step").textContent) > n, steps);
    await button(page, "Step").click();
    await button(page, "Play").waitFor();
    const afterStep = await readout(page, "step");
    await page.waitForTimeout(200);
    assert.equal(await readout(page, "step"), afterStep);

    await button(page, "Reset").click();
    assert.deepEqual(await fieldReadouts(page), {
      x: "1", y: "3", "f(x, y)": "10", "∂f/∂x": "2", "∂f/∂y": "6", step: "0",
    });
  });
});

test("clicking the field starts from the clicked point", async () => {
  await withApp("", async (page) => {
    const canvas = page.getByRole("img", { name: /Heatmap/ });
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    // The plot is the square at 0.12 … 0.92 across and 0.09 … 0.89 down the canvas (axes
    // and colour bar around it); a click lands within a pixel (8/416 of a unit) of its aim.
    const near = async (name, value) => {
      const shown = Number(await readout(page, name));
      assert.ok(Math.abs(shown - value) <= 0.03, `${name} = ${shown}, not ${value}`);
    };
    await page.mouse.click(box.x + box.width * 0.52, box.y + box.height * 0.49);
    await near("x", 0);
    await near("y", 0);
    await near("f(x, y)", 0);
    await page.mouse.click(box.x + box.width * 0.72, box.y + box.height * 0.19);
    await near("x", 2);
    await near("y", 3);
    const [x, y] = [Number(await readout(page, "x")), Number(await readout(page, "y"))];
    assert.ok(Math.abs(Number(await readout(page, "f(x, y)")) - (x * x + y * y)) < 1e-6);
  });
});

test("the neuron scene shows the weights change on Step", async () => {
  await withApp("", async (page) => {
    await page.getByRole("tab", { name: "One neuron" }).click();
    assert.equal(await page.getByRole("tab", { name: "One neuron" }).getAttribute("aria-selected"), "true");
    assert.equal(await page.getByRole("spinbutton", { name: "Learning rate value" }).inputValue(), "0.001");
    const before = {};
    for (const name of ["w1", "w2", "w3", "b"]) {
      before[name] = Number(await readout(page, name));
      assert.ok(before[name] >= 0 && before[name] < 1, `${name} starts in [0, 1)`);
    }
    const prediction = Number(await readout(page, "prediction"));
    assert.ok(Math.abs(prediction - (before.w1 + 2 * before.w2 + 3 * before.w3 + before.b)) < 1e-8);
    await button(page, "Step").click();
    assert.equal(await readout(page, "step"), "1");
    // ∂C/∂wᵢ = 2(ŷ − 1)·xᵢ, w := w − 0.001·∂C/∂w.
    const output = 2 * (prediction - 1);
    const inputs = { w1: 1, w2: 2, w3: 3, b: 1 };
    for (const [name, x] of Object.entries(inputs)) {
      const expected = before[name] - 0.001 * output * x;
      assert.ok(Math.abs(Number(await readout(page, name)) - expected) < 1e-8, `${name} after one step`);
    }
    const table = page.getByRole("table").filter({ hasText: "Before" });
    await assert.doesNotReject(table.waitFor({ state: "visible", timeout: 3000 }));
    const rowW3 = await table.getByRole("row", { name: /^w3/ }).getByRole("cell").allTextContents();
    assert.ok(Math.abs(Number(rowW3[0]) - before.w3) < 1e-8, "before");
    assert.ok(Math.abs(Number(rowW3[1]) - output * 3) < 1e-7, "gradient");
    await button(page, "Randomize").click();
    assert.equal(await readout(page, "step"), "0");
    await saveScreenshot(page, "scene-neuron.png");
  });
});

test("200 steps at α = 0.001 from a prediction of 3.35507743 print the post's table", async () => {
  const fixture = await readFile(new URL("../fixtures/post_table.txt", import.meta.url), "utf8");
  const post = fixture
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [step, printed] = line.split("\t");
      const numbers = printed.match(/-?\d+(\.\d+)?(e-?\d+)?/g).map(Number);
      return { step: Number(step), prediction: numbers[0], after: numbers[1], target: numbers[2], loss: numbers[3] };
    });
  assert.equal(post.length, 34);
  await withApp("?scene=neuron&lr=0.001&w=0,0,0&b=3.35507743", async (page) => {
    assert.equal(await readout(page, "prediction"), "3.35507743");
    for (let i = 0; i < 200; i++) await button(page, "Step").click();
    assert.equal(await readout(page, "step"), "200");
    const rows = await page.locator("#log-body tr").evaluateAll((rows) =>
      rows.map((row) => [...row.cells].map((cell) => cell.textContent)),
    );
    assert.equal(rows.length, 200);
    for (const line of post) {
      const [step, prediction, after, target, loss] = rows[line.step - 1];
      assert.equal(Number(step), line.step);
      assert.equal(prediction, line.prediction.toFixed(8), `step ${line.step} prediction`);
      assert.equal(after, line.after.toFixed(8), `step ${line.step} after`);
      assert.equal(Number(target), line.target);
      assert.ok(Math.abs(Number(loss) / line.loss - 1) < 1e-8, `step ${line.step} loss ${loss} vs ${line.loss}`);
    }
  });
});

test("a bad URL parameter is ignored and named in a notice", async () => {
  await withApp("?lr=abc&zoom=3&x=99&y=-2", async (page) => {
    const notices = page.locator("#notice-list li");
    const texts = await notices.allTextContents();
    assert.equal(texts.length, 3, texts.join(" | "));
    assert.match(texts[0], /“lr”.*0\.0001 to 1\.5/);
    assert.match(texts[1], /“zoom”/);
    assert.match(texts[2], /“x”.*−4 to 4/);
    assert.equal(await readout(page, "x"), "1", "the bad x is ignored");
    assert.equal(await readout(page, "y"), "-2", "the good y applies");
    await button(page, "Dismiss").click();
    assert.equal(await notices.count(), 0);
  });
});

test("hostile URLs are shown as text, never as markup", async () => {
  const query = "?%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1&scene=%3Cscript%3Ealert(2)%3C%2Fscript%3E&b=1e999&w=NaN,0,0&lr=%E2%88%9E";
  await withApp(query, async (page) => {
    page.on("dialog", () => assert.fail("a dialog opened"));
    assert.equal(await page.locator("#app img, #app script").count(), 0);
    const texts = await page.locator("#notice-list li").allTextContents();
    assert.equal(texts.length, 5, texts.join(" | "));
    assert.ok(texts[0].includes("“<img src=x onerror=alert…”"), "the name is shown literally");
  });
});

test("a learning rate past 1 diverges: the run pauses and says why, with no NaN shown", async () => {
  await withApp("?lr=1.5&speed=1", async (page) => {
    await button(page, "Play").click();
    const message = page.getByRole("alert").filter({ hasText: "too large" });
    await assert.doesNotReject(message.waitFor({ timeout: 5000 }));
    await button(page, "Play").waitFor();
    const shown = await fieldReadouts(page);
    for (const [name, text] of Object.entries(shown)) {
      assert.ok(Number.isFinite(Number(text)), `${name} shows ${text}`);
      assert.ok(Math.abs(Number(text)) <= 4e12, `${name} shows ${text}`);
    }
    const body = await page.locator("body").textContent();
    assert.ok(!/NaN|Infinity/.test(body));
    await saveScreenshot(page, "divergence.png");
    await button(page, "Reset").click();
    assert.equal(await message.count(), 0, "Reset clears the message");
  });
});

test("the loss curve redraws on a log scale", async () => {
  await withApp("?lr=0.3", async (page) => {
    for (let i = 0; i < 15; i++) await button(page, "Step").click();
    const snapshot = () => page.evaluate(() => document.getElementById("loss-canvas").toDataURL());
    const linear = await snapshot();
    await page.getByLabel("Logarithmic scale").check();
    await page.waitForFunction((before) => document.getElementById("loss-canvas").toDataURL() !== before, linear);
    assert.ok((await canvasStats(page, "loss-canvas")).inked > 200);
  });
});

test("without its WebAssembly module the page says so in words", async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  try {
    await page.route("**/*.wasm", (route) => route.fulfill({ status: 404, body: "missing" }));
    await page.goto(suite.server.url);
    const status = page.getByRole("status").filter({ hasText: "could not be loaded" });
    await assert.doesNotReject(status.waitFor({ timeout: 10000 }));
  } finally {
    await context.close();
  }
});

test("the default pace is four steps a second, and Play pauses itself once the run has converged", async () => {
  for (const lang of ["en", "zh"]) {
    await withApp(`?lang=${lang}&lr=0.5`, async (page) => {
      const speed = page.getByRole("combobox", { name: lang === "en" ? "Speed" : "速度" });
      assert.equal(await speed.inputValue(), "4/s");
      const play = lang === "en" ? "Play" : "播放";
      const started = Date.now();
      await button(page, play).click();
      // At α = ½ step 1 lands on the minimum and step 2 changes nothing: Play stops.
      await button(page, play).waitFor({ timeout: 5000 });
      const message = page.locator("#convergence");
      await message.waitFor({ state: "visible" });
      assert.match(await message.innerText(), lang === "en" ? /Converged: step 2/ : /已收敛：第 2 步/);
      assert.equal(await readout(page, lang === "en" ? "step" : "步数"), "2");
      assert.ok(Date.now() - started >= 200, "the second step waited its quarter second");
    });
  }
  await withApp("?lang=en&speed=1/s&lr=0.01", async (page) => {
    assert.equal(await page.getByRole("combobox", { name: "Speed" }).inputValue(), "1/s");
    await button(page, "Play").click();
    await page.waitForTimeout(1500);
    await button(page, "Pause").click();
    const steps = Number(await readout(page, "step"));
    assert.ok(steps >= 1 && steps <= 3, `one step a second took ${steps} steps in 1.5 s`);
  });
});
