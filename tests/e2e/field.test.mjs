// The gradient field as a reader sees it: axes, colour bar and contour values around
// and on the heatmap, a numbered dot per step, and an arrow on the border (with the
// place in words under the canvas) when a large learning rate throws the point out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readout, saveScreenshot, useSuite } from "./harness.mjs";

const suite = useSuite();

// Where the plot sits in the square canvas, as fractions of its side (PLOT_LEFT,
// PLOT_TOP, PLOT_SIDE in src/render/field.rs): axes to the left and below, the colour
// bar above.
const PLOT = { left: 0.12, top: 0.09, side: 0.8 };

/** Where the point (x, y) of −4 … 4 is drawn, as fractions of the canvas. */
const at = (x, y) => [PLOT.left + (PLOT.side * (x + 4)) / 8, PLOT.top + (PLOT.side * (4 - y)) / 8];

const STEP = { en: "Step", zh: "单步" };
const OFF_PLOT = { en: "The point has left the picture; it is at", zh: "该点已移出图外，位于" };

/** Opens the app in a fresh context; `body(page)` runs, then no error may have been logged. */
async function withField({ query, viewport = { width: 1280, height: 800 }, colorScheme = "light", phone = false }, body) {
  const context = await suite.browser.newContext({
    viewport,
    colorScheme,
    ...(phone ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  try {
    await page.goto(suite.server.url + query);
    await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 15000 });
    await body(page);
    assert.deepEqual(errors, [], "the page logged errors");
  } finally {
    await context.close();
  }
}

/** The RGBA pixels of the field canvas in the rectangle of fractions [x0, x1] × [y0, y1]. */
async function pixels(page, [x0, y0], [x1, y1]) {
  return page.evaluate(
    ({ x0, y0, x1, y1 }) => {
      const canvas = document.getElementById("field-canvas");
      const [w, h] = [canvas.width, canvas.height];
      const [left, top] = [Math.floor(x0 * w), Math.floor(y0 * h)];
      const width = Math.max(1, Math.ceil(x1 * w) - left);
      const height = Math.max(1, Math.ceil(y1 * h) - top);
      const data = canvas.getContext("2d").getImageData(left, top, width, height).data;
      const result = [];
      for (let i = 0; i < data.length; i += 4) result.push([data[i], data[i + 1], data[i + 2], data[i + 3]]);
      return result;
    },
    { x0, y0, x1, y1 },
  );
}

/** The drawn orange (#ff7f0e) of the gradient and of the arrow toward a point off the plot. */
const orange = ([r, g, b, a]) => a > 200 && r > 220 && g > 90 && g < 160 && b < 70;

async function steps(page, lang, count) {
  const step = page.getByRole("button", { name: STEP[lang], exact: true });
  for (let i = 0; i < count; i++) await step.click();
}

test("at α = 1.1 a point that leaves the field gets an arrow on the border and its place in words", async () => {
  await withField({ query: "?lang=en&lr=1.1" }, async (page) => {
    const note = page.getByText(OFF_PLOT.en);
    assert.equal(await note.isVisible(), false, "no note while the point is in view");
    // Orange near the bottom edge, inside the plot: nothing there at the start, where
    // the gradient arrow at (1, 3) points up and to the right.
    const bottomEdge = [at(-4, -3.2), at(0, -4)];
    assert.equal((await pixels(page, ...bottomEdge)).filter(orange).length, 0);

    // (x, y) := (1 − 2α)·(x, y) = −1.2·(x, y) each step: after 5 steps (−2.49, −7.46),
    // below the field and a little to the left.
    await steps(page, "en", 5);
    assert.equal(await readout(page, "x"), "-2.48832");
    assert.equal(await readout(page, "y"), "-7.46496");
    assert.equal(await note.isVisible(), true, "the note says where the point went");
    const line = page.locator("#field-off-plot");
    assert.equal((await line.textContent()).trim(), "The point has left the picture; it is at (−2.49, −7.46)");
    const orangeAtBottom = (await pixels(page, ...bottomEdge)).filter(orange).length;
    assert.ok(orangeAtBottom > 20, `an orange arrow at the bottom edge (${orangeAtBottom} pixels)`);
    // Nothing of the run is drawn in the margins: the axes' numbers stay readable.
    const belowPlot = await pixels(page, [PLOT.left, PLOT.top + PLOT.side + 0.005], [PLOT.left + PLOT.side, 1]);
    assert.equal(belowPlot.filter(orange).length, 0, "no orange below the plot");

    // Back to the start, (1, 3), in view again: the arrow and the note go.
    for (let i = 0; i < 5; i++) await page.getByRole("button", { name: "Back", exact: true }).click();
    assert.equal(await readout(page, "step"), "0");
    assert.equal(await note.isVisible(), false);
    assert.equal((await pixels(page, ...bottomEdge)).filter(orange).length, 0);
  });
});

test("the note under the field speaks Chinese and follows the point", async () => {
  await withField({ query: "?lang=zh&lr=1.1" }, async (page) => {
    await steps(page, "zh", 4);
    const line = page.locator("#field-off-plot");
    // −1.2⁴·(1, 3) = (2.0736, 6.2208)
    assert.equal((await line.textContent()).trim(), "该点已移出图外，位于 (2.07, 6.22)");
    await steps(page, "zh", 1);
    assert.equal((await line.textContent()).trim(), "该点已移出图外，位于 (−2.49, −7.46)");
  });
});

test("at α = 0.9 every step is a dot where it landed, on alternate sides of the minimum", async () => {
  await withField({ query: "?lang=en&lr=0.9" }, async (page) => {
    await steps(page, "en", 3);
    // (x, y) := −0.8·(x, y): (1, 3), (−0.8, −2.4), (0.64, 1.92), (−0.512, −1.536).
    // A dot is a white disc 6 pixels across; a bare line is 2 pixels wide. Counted: the
    // pure white pixels in each row of the 7 × 7 square around the landing point.
    const dotted = (x, y) =>
      page.evaluate(
        ({ x, y, plot }) => {
          const canvas = document.getElementById("field-canvas");
          const size = canvas.width;
          const column = Math.round(size * (plot.left + (plot.side * (x + 4)) / 8));
          const row = Math.round(size * (plot.top + (plot.side * (4 - y)) / 8));
          const data = canvas.getContext("2d").getImageData(column - 3, row - 3, 7, 7).data;
          const white = Array(7).fill(0);
          for (let i = 0; i < data.length; i += 4) {
            if (Math.min(data[i], data[i + 1], data[i + 2]) >= 250) white[Math.floor(i / 28)]++;
          }
          return Math.max(...white) >= 3;
        },
        { x, y, plot: PLOT },
      );
    for (const [x, y] of [[1, 3], [-0.8, -2.4], [0.64, 1.92]]) {
      assert.ok(await dotted(x, y), `a dot at (${x}, ${y})`);
    }
    // Halfway between two landings the path is a line, not a dot.
    assert.equal(await dotted(0.1, 0.3), false);
  });
});

test("a click on the plot starts there; a click on the axes' numbers does not", async () => {
  await withField({ query: "?lang=en" }, async (page) => {
    const canvas = page.locator("#field-canvas");
    const box = await canvas.boundingBox();
    const [fx, fy] = at(-2, 1);
    await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    assert.ok(Math.abs(Number(await readout(page, "x")) + 2) <= 0.03);
    assert.ok(Math.abs(Number(await readout(page, "y")) - 1) <= 0.03);
    // The y axis's "0", left of the plot.
    await page.mouse.click(box.x + box.width * 0.07, box.y + box.height * at(0, 0)[1]);
    assert.ok(Math.abs(Number(await readout(page, "x")) + 2) <= 0.03, "the margin does not pick a point");
  });
});

/** Whether the canvas has text in the page's ink left of the plot (the y axis's numbers). */
async function inkedMargin(page, dark) {
  const margin = await pixels(page, [0, PLOT.top], [PLOT.left - 0.01, PLOT.top + PLOT.side]);
  const luminance = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return margin.filter((pixel) => pixel[3] > 200 && (dark ? luminance(pixel) > 170 : luminance(pixel) < 90)).length;
}

for (const [size, viewport, phone] of [
  ["phone", { width: 360, height: 640 }, true],
  ["desktop", { width: 1280, height: 800 }, false],
]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`the field reads on its own on a ${size}, ${colorScheme}, in Chinese and English`, async () => {
      for (const lang of ["zh", "en"]) {
        for (const [state, query, count] of [["zigzag", "lr=0.9", 6], ["off-plot", "lr=1.1", 5]]) {
          await withField({ query: `?lang=${lang}&${query}`, viewport, colorScheme, phone }, async (page) => {
            await steps(page, lang, count);
            const inked = await inkedMargin(page, colorScheme === "dark");
            assert.ok(inked > 30, `the y axis's numbers are drawn in the ${colorScheme} theme's ink (${inked} pixels)`);
            // The colour bar above the plot: dark purple at f = 0, yellow at f = 32.
            const above = (x) => pixels(page, [x, 0], [x, PLOT.top - 0.005]);
            const purple = ([r, g, b, a]) => a === 255 && r < 90 && b > g + 30;
            const yellow = ([r, g, b, a]) => a === 255 && r > 200 && g > 200 && b < 90;
            assert.ok((await above(PLOT.left + 0.005)).some(purple), "the colour bar starts dark purple");
            assert.ok((await above(PLOT.left + PLOT.side - 0.005)).some(yellow), "the colour bar ends yellow");
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
            assert.ok(overflow <= 0, `the page overflows by ${overflow}px`);
            await page.locator("#field-canvas").scrollIntoViewIfNeeded();
            await saveScreenshot(page, `field-${lang}-${size}-${colorScheme}-${state}.png`);
          });
        }
      }
    });
  }
}

/** Where each highlighted quantity is shown, counted: {"equations:x": 6, …}. */
const linkedPlaces = (page) =>
  page.evaluate(() => {
    const found = {};
    for (const element of document.querySelectorAll("#panel-field .linked, #field-equations .linked")) {
      const place = element.closest(".equations") ? "equations" : element.closest(".readouts") ? "readouts" : "other";
      const key = `${place}:${element.dataset.quantity}`;
      found[key] = (found[key] ?? 0) + 1;
    }
    return found;
  });

test("linked views in the field: pointing at x or ∂f/∂y highlights it in the readouts and the equations", async () => {
  for (const lang of ["en", "zh"]) {
    await withField({ query: `?lang=${lang}`, viewport: { width: 360, height: 640 } }, async (page) => {
      await page.getByRole("button", { name: STEP[lang], exact: true }).click();
      await page.locator('#panel-field .readouts [data-quantity="field-x"]').hover();
      let found = await linkedPlaces(page);
      assert.equal(found["readouts:field-x"], 1, JSON.stringify(found));
      // x in f(x, y) = x² + y², in (x, y) twice, and the numbers before and after the step.
      assert.ok(found["equations:field-x"] >= 5, JSON.stringify(found));
      assert.deepEqual(Object.keys(found).filter((key) => !key.endsWith(":field-x")), []);
      // ∂f/∂y pointed at in an equation: 2y, its number there and in the update, and the readout.
      await page.locator('#field-equations [data-equation="field-gradient"] [data-quantity="field-grad-y"]').first().hover();
      found = await linkedPlaces(page);
      assert.equal(found["readouts:field-grad-y"], 1, JSON.stringify(found));
      assert.ok(found["equations:field-grad-y"] >= 3, JSON.stringify(found));
      await page.locator("h1").hover();
      assert.deepEqual(await linkedPlaces(page), {});
    });
  }
});
