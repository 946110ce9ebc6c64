// Backpropagation made visible: the computational graph, the post's equations with
// live numbers, the learning-rate regimes, going back in time, and the CSV export.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { button, openApp, readout, saveScreenshot, useSuite } from "./harness.mjs";

const suite = useSuite();
const { withApp } = suite;


const POST = "?lang=en&scene=neuron&lr=0.001&w=0,0,0&b=3.35507743";

test("after a Step the graph and the equations show the step's numbers", async () => {
  await withApp(POST, async (page) => {
    await button(page, "Step").click();
    const graph = page.getByRole("group", { name: "Computational graph" });
    const text = (id) => graph.locator(`#${id}`).textContent();
    // Forward pass of the step just taken: ŷ = 0·1 + 0·2 + 0·3 + 3.35507743.
    assert.equal(await text("graph-value-yhat"), "3.35507743");
    assert.equal(await text("graph-value-c"), "5.5463897");
    // Backward: ∂C/∂ŷ = 2(ŷ − y), ∂C/∂w₃ = 2(ŷ − y)·x₃.
    assert.equal(await text("graph-gradient-yhat"), "4.71015486");
    assert.equal(await text("graph-gradient-w3"), "14.1304646");
    assert.equal(await text("graph-gradient-c"), "1");
    // The update w₃ := 0 − 0.001·14.1304646.
    assert.equal(await text("graph-update-w3"), "-0.0141304646");
    assert.equal(await readout(page, "w3"), "-0.0141304646");

    const equations = page.locator("#neuron-equations");
    const math = await equations.locator("math").allTextContents();
    // An equation is one <math> per piece (it wraps after an "="): read all of its pieces.
    const equation = (number) => equations.locator(".equation", { hasText: number }).locator(".equation-parts").textContent();
    assert.ok(math.length >= 12);
    const seven = await equation("(7)");
    assert.ok(seven.includes("2(3.35507743−1)·3=14.1304646"), seven);
    const eleven = await equation("(11)");
    assert.ok(eleven.includes("0−0.001·14.1304646=−0.0141304646"), eleven);
    await saveScreenshot(page, "graph-and-equations.png");
  });
});

test("Back restores the previous readouts exactly, and the scrubber moves through the run", async () => {
  await withApp("?lang=en&lr=0.3", async (page) => {
    const names = ["x", "y", "f(x, y)", "∂f/∂x", "∂f/∂y", "step"];
    const snapshot = async () => Promise.all(names.map((name) => readout(page, name)));
    await button(page, "Step").click();
    const afterOne = await snapshot();
    await button(page, "Step").click();
    await button(page, "Step").click();
    await button(page, "Back").click();
    await button(page, "Back").click();
    assert.deepEqual(await snapshot(), afterOne);
    const equations = await page.locator("#field-equations").textContent();
    assert.ok(equations.includes("(1,3)−0.3·(2,6)=(0.4,1.2)"), equations);

    const scrubber = page.getByRole("slider", { name: "Step shown" });
    await scrubber.fill("3");
    assert.equal(await readout(page, "step"), "3");
    await scrubber.fill("0");
    assert.equal(await readout(page, "x"), "1");
    // Stepping on from the past forgets the later steps.
    await button(page, "Step").click();
    assert.deepEqual(await snapshot(), afterOne);
    assert.equal(await scrubber.getAttribute("max"), "1");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await readout(page, "step"), "0");
  });
});

test("the regime text follows the slider across ½ and 1", async () => {
  await withApp("?lang=en", async (page) => {
    const slider = page.getByRole("slider", { name: "Learning rate" });
    const regime = page.locator("#regime");
    const at = async (rate) => {
      const position = await page.evaluate((rate) => {
        // The slider's own mapping, α = 0.0001·15000^(t/1000), inverted.
        return Math.round((Math.log(rate / 0.0001) / Math.log(15000)) * 1000);
      }, rate);
      await slider.fill(String(position));
      return { rate: await page.getByRole("spinbutton", { name: "Learning rate value" }).inputValue(), text: await regime.textContent() };
    };
    const seen = [];
    for (const rate of [0.3, 0.5, 0.75, 1, 1.3]) seen.push(await at(rate));
    assert.deepEqual(seen.map((s) => s.rate), ["0.3", "0.5", "0.75", "1", "1.3"]);
    assert.match(seen[0].text, /converges steadily/);
    assert.match(seen[1].text, /single step/);
    assert.match(seen[2].text, /oscillating/);
    assert.match(seen[3].text, /forever/);
    assert.match(seen[4].text, /diverges/);
    const widths = await page.locator(".regime-track span").evaluateAll((spans) => spans.map((s) => s.getBoundingClientRect().width));
    assert.ok(widths.every((width) => width > 0), `all three ranges are marked: ${widths}`);
  });
});

test("Download CSV saves the run log with the expected rows", async () => {
  await withApp(POST, async (page) => {
    for (let i = 0; i < 3; i++) await button(page, "Step").click();
    const [download] = await Promise.all([page.waitForEvent("download"), button(page, "Download CSV").click()]);
    assert.equal(download.suggestedFilename(), "one-neuron-run-log.csv");
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv.trim().split("\n");
    assert.equal(lines[0], "step,prediction_before,prediction_after,target,loss,w1,w2,w3,b");
    assert.equal(lines.length, 4);
    const first = lines[1].split(",").map(Number);
    assert.equal(first[0], 1);
    assert.equal(first[1].toFixed(8), "3.35507743");
    assert.equal(first[2].toFixed(8), "3.28442511");
    assert.equal(first[7].toFixed(10), "-0.0141304646");
  });
});

test("Copy CSV puts the field's trajectory on the clipboard", async () => {
  const context = await suite.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  try {
    await page.goto(suite.server.url + "?lang=en");
    await button(page, "Step").click();
    await button(page, "Copy CSV").click();
    await page.getByRole("status").filter({ hasText: "CSV copied." }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "step,x,y,f\n0,1,3,10\n1,0.8,2.4,6.4\n");
  } finally {
    await context.close();
  }
});
