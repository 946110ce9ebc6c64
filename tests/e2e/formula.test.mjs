// Your own function, as a reader types it: the Formula field in the Optimizers lesson,
// the post's values from a typed x^2 + y^2, refused formulas with a message that says
// what and where (the last good formula and its readouts stay), and hostile input that
// leaves the page working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { button, readout, saveScreenshot, useSuite } from "./harness.mjs";

const suite = useSuite();

async function typeFormula(page, text) {
  const field = page.getByRole("textbox", { name: "Formula", exact: true });
  await field.fill(text);
  await field.press("Enter");
}

test("typing x^2 + y^2 reproduces the post's values at (1, 3): f = 10, ∇f = (2, 6)", async () => {
  await suite.withApp("?lang=en&scene=optimizers&opt=gd&x=1&y=3&lr=0.1", async (page) => {
    // On a built-in surface the field shows that surface as a formula.
    const field = page.getByRole("textbox", { name: "Formula", exact: true });
    assert.equal(await field.inputValue(), "x^2 + 50*y^2");
    await typeFormula(page, "x^2 + y^2");
    assert.equal(await page.getByLabel("Surface", { exact: true }).inputValue(), "custom");
    assert.equal(await readout(page, "x"), "1");
    assert.equal(await readout(page, "y"), "3");
    assert.equal(await readout(page, "f(x, y)"), "10");
    assert.equal(await readout(page, "∂f/∂x"), "2");
    assert.equal(await readout(page, "∂f/∂y"), "6");
    assert.equal(await readout(page, "step"), "0");
    await button(page, "Step").click();
    assert.equal(await readout(page, "x"), "0.8");
    assert.equal(await readout(page, "y"), "2.4");
    // The link keeps the formula.
    await button(page, "Copy link").click();
    const link = await page.locator("#share-url").inputValue();
    assert.ok(link.includes("surface=custom") && link.includes("f=x%5E2%20%2B%20y%5E2"), link);
    // The graph opens at its left end: x and y, which carry ∇f, are in view.
    const gradientsInView = await page.locator("#formula-graph").evaluate((wrap) => {
      const box = wrap.getBoundingClientRect();
      return [...wrap.querySelectorAll("text.formula-adjoint-line")]
        .filter((line) => /^∂f\/∂[xy] = /.test(line.textContent))
        .map((line) => {
          const own = line.getBoundingClientRect();
          return `${line.textContent}: ${own.left >= box.left && own.right <= box.right ? "in view" : "hidden"}`;
        });
    });
    assert.deepEqual(gradientsInView, ["∂f/∂x = 1.6: in view", "∂f/∂y = 4.8: in view"]);
    await saveScreenshot(page, "formula-en-1280.png");
    // Below the plot (the x axis, the colour bar and its values) the picture is the same as
    // a fresh page's: none of the last surface's numbers stay in the margins.
    const margins = () =>
      page.locator("#race-canvas").evaluate((canvas) => {
        const top = Math.floor(canvas.height * 0.9);
        const data = canvas.getContext("2d").getImageData(0, top, canvas.width, canvas.height - top).data;
        let sum = 0;
        for (let index = 0; index < data.length; index++) sum = (sum * 31 + data[index]) % 1000000007;
        return `${canvas.width}×${canvas.height}: ${sum}`;
      });
    const switched = await margins();
    await page.goto(link);
    await page.waitForFunction(() => document.body.dataset.ready === "true");
    await page.waitForTimeout(100);
    assert.equal(await margins(), switched, "the margins after switching are a fresh page's");
  });
});

test("a bad formula gets a message with its column; the last good formula and its numbers stay", async () => {
  for (const lang of ["en", "zh"]) {
    await suite.withApp(`?lang=${lang}&scene=optimizers&surface=custom&f=sin(x)*y&opt=gd&x=1&y=2`, async (page) => {
      const field = page.getByRole("textbox", { name: lang === "en" ? "Formula" : "公式", exact: true });
      const f = await readout(page, "f(x, y)");
      await field.fill("2x + y");
      await field.press("Enter");
      const error = page.locator("#setting-error");
      await error.waitFor();
      const message = await error.textContent();
      assert.match(message, lang === "en" ? /column 2/ : /第 2 列/);
      assert.match(message, /2\*x/);
      assert.equal(await field.inputValue(), "2x + y", "the typed text stays to be fixed");
      assert.equal(await field.getAttribute("aria-invalid"), "true");
      assert.equal(await readout(page, "f(x, y)"), f, "the readouts stay");
      await field.fill("sin(x)*y + exp(-x^2)");
      await field.press("Enter");
      assert.equal(await error.isHidden(), true);
      assert.notEqual(await readout(page, "f(x, y)"), f);
    });
  }
});

test("hostile formulas leave the page working", async () => {
  await suite.withApp("?lang=en&scene=optimizers&surface=custom&f=x*y&opt=gd,adam", async (page) => {
    const hostile = [
      "(".repeat(5000) + "x" + ")".repeat(5000),
      "x" + "+".repeat(10240),
      "x^".repeat(3000) + "2",
      "9^9^9^9",
      "1e999 * x",
      "log(-1) + x",
      "foo(x) + bar",
      "\u0000\uFFFF<script>alert(1)</script>",
      "-".repeat(9000) + "x",
    ];
    for (const text of hostile) {
      await typeFormula(page, text);
      // The page answers: a message, or the formula applied (the field then holds it).
      const error = await page.locator("#setting-error").isVisible();
      const field = page.getByRole("textbox", { name: "Formula", exact: true });
      const applied = (await field.getAttribute("aria-invalid")) !== "true" && (await readout(page, "step")) === "0";
      assert.ok(error !== applied, `${text.slice(0, 40)}: a message or the formula, not both or neither`);
    }
    // Still working: a good formula applies and Step steps.
    await typeFormula(page, "x^2 + 3*y^2");
    assert.equal(await page.locator("#setting-error").isHidden(), true);
    await button(page, "Step").click();
    assert.equal(await readout(page, "step"), "1");
    assert.equal(await page.locator("#error-banner").isHidden(), true);
  });
});

test("where the formula is undefined the surface is hatched and says why; an optimizer stepping in stops", async () => {
  await suite.withApp("?lang=en&scene=optimizers&surface=custom&f=log(x)%2By%5E2&x=0.5&y=1&lr=0.3&opt=gd,adam", async (page) => {
    const note = page.locator("#formula-note");
    await note.waitFor();
    assert.match(await note.textContent(), /for example at \(−4, 4\): log of a negative number in log\(x\)/);
    await button(page, "Step").click();
    assert.match(await page.locator('tr[data-method="gd"] [data-racer-status]').textContent(), /step 1 went where f is undefined, stopped/);
    assert.equal(await page.locator('tr[data-method="adam"] [data-racer-status]').textContent(), "running");
    const numbers = await page.locator("#panel-optimizers [data-readout]").allTextContents();
    assert.ok(numbers.every((text) => !text.includes("—") && !/NaN|inf/.test(text)), numbers.join(" "));
    await saveScreenshot(page, "formula-undefined-en-1280.png");
  });
});

test("a start where the formula is undefined is named, and a click starts elsewhere", async () => {
  await suite.withApp("?lang=en&scene=optimizers&surface=custom&f=sqrt(x)%2By&x=-1&y=1&opt=gd", async (page) => {
    const note = page.locator("#formula-note");
    await note.waitFor();
    assert.match(await note.textContent(), /not defined at the start \(−1, 1\): square root of a negative number in sqrt\(x\)/);
    // A click on the right half of the surface (x > 0) starts where sqrt(x) is defined
    // (scrolled to first, as a reader would: at 1280×800 the surface starts near the fold).
    await page.locator("#race-canvas").scrollIntoViewIfNeeded();
    const canvas = await page.locator("#race-canvas").boundingBox();
    await page.mouse.click(canvas.x + canvas.width * 0.75, canvas.y + canvas.height * 0.4);
    assert.doesNotMatch(await note.textContent(), /at the start/);
    await button(page, "Step").click();
    assert.equal(await page.locator('tr[data-method="gd"] [data-racer-status]').textContent(), "running");
  });
});
