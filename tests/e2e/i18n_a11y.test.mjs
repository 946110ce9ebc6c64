// Readers of the post: Chinese and English, keyboard and screen readers, phones and
// touch, and the author embedding the app in an article.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { button, openApp, readout, saveScreenshot, useSuite } from "./harness.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const suite = useSuite();
const { withApp } = suite;


/** All text a reader or a screen reader meets: visible text and accessible names. */
async function readerTexts(page) {
  return page.evaluate(() => {
    const texts = [document.body.innerText];
    for (const element of document.querySelectorAll("[aria-label]")) {
      if (element.closest("[hidden]")) continue;
      // The language switch is marked up in the language it names, as it should be.
      if (element.lang && element.lang !== document.documentElement.lang) continue;
      texts.push(element.getAttribute("aria-label"));
    }
    texts.push(document.title);
    return texts;
  });
}

const CJK = /[\u4e00-\u9fff]/;
/** Latin words of three or more letters: English left in a Chinese page ("sigmoid" is the
 * function's name, which Chinese texts write in Latin letters too). */
function englishWords(text) {
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((word) => !["English", "CSV"].includes(word) && word.toLowerCase() !== "sigmoid");
}

async function showEverything(page, stepName) {
  await page.getByRole("button", { name: stepName, exact: true }).click();
}

test("lang=zh shows every string in Chinese, in every lesson", async () => {
  await withApp("?lang=zh&lr=abc", async (page) => {
    assert.equal(await page.evaluate(() => document.documentElement.lang), "zh");
    await showEverything(page, "单步");
    for (const tab of ["梯度场", "单个神经元", "Sigmoid 层", "隐藏层"]) {
      await page.getByRole("tab", { name: tab }).click();
      await showEverything(page, "单步");
      for (const text of await readerTexts(page)) {
        assert.deepEqual(englishWords(text), [], `English left in: ${text.slice(0, 200)}`);
      }
    }
    assert.equal(await readout(page, "步数"), "1");
    await saveScreenshot(page, "zh-desktop-neuron.png");
  });
});

test("lang=en shows no Chinese except the switch to Chinese", async () => {
  await withApp("?lang=en&lr=abc", async (page) => {
    for (const tab of ["Gradient field", "One neuron", "Sigmoid layer", "Hidden layer"]) {
      await page.getByRole("tab", { name: tab }).click();
      await showEverything(page, "Step");
      for (const text of await readerTexts(page)) {
        const withoutSwitch = text.replaceAll("切换到中文", "").replaceAll("中文", "");
        assert.ok(!CJK.test(withoutSwitch), `Chinese in the English UI: ${text.slice(0, 200)}`);
      }
    }
    await saveScreenshot(page, "en-desktop-neuron.png");
  });
});

test("the language switch changes every string at once and keeps the run", async () => {
  await withApp("?lang=en", async (page) => {
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await page.getByRole("button", { name: "切换到中文" }).first().click();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "zh");
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "梯度下降，一步一步看");
    assert.equal(await readout(page, "步数"), "1", "the run is unchanged");
    assert.equal(await readout(page, "x"), "0.8");
    await page.getByRole("button", { name: "Switch to English" }).first().click();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    assert.equal(await readout(page, "step"), "1");
  });
});

test("keyboard: Space plays and pauses, → steps, R resets; a live region announces steps", async () => {
  await withApp("?lr=0.01", async (page) => {
    await page.locator("h1").click();
    await page.keyboard.press("ArrowRight");
    assert.equal(await readout(page, "step"), "1");
    assert.equal(await page.locator("#announcer").textContent(), "Step 1, loss 9.604");
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Pause" }).waitFor();
    // At 4 steps a second the next step comes 250 ms after Play: wait for it (pausing at
    // once raced it on a loaded machine).
    await page.waitForFunction(() => Number(document.getElementById("field-step").textContent) > 1);
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Play" }).waitFor();
    assert.ok(Number(await readout(page, "step")) > 1);
    await page.keyboard.press("r");
    assert.equal(await readout(page, "step"), "0");
    // In the number field, letters and arrows belong to the field.
    const field = page.getByRole("spinbutton", { name: "Learning rate value" });
    await field.focus();
    await page.keyboard.press("r");
    await page.keyboard.press("ArrowRight");
    assert.equal(await readout(page, "step"), "0");
    // Tab reaches the controls in reading order, with a visible focus ring.
    await page.locator("h1").click();
    const order = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => document.activeElement.textContent || document.activeElement.id));
    }
    assert.deepEqual(order, ["中文", "Gradient field", "One neuron", "Sigmoid layer", "Hidden layer", "Optimizers", "Play", "Step"]);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(outline, "solid");
  });
});

test("hide= hides what it names; embed mode links to the full app", async () => {
  await withApp("?embed=1&hide=tabs,log,chart,share&scene=neuron", async (page) => {
    assert.equal(await page.getByRole("tab").count(), 0);
    assert.equal(await page.getByRole("region", { name: "Run log" }).count(), 0);
    assert.equal(await page.locator("#loss-canvas").isVisible(), false);
    assert.equal(await page.getByRole("button", { name: "Copy link" }).count(), 0);
    const header = await page.locator(".page-header").boundingBox();
    assert.ok(header.height <= 1, "the page title is left to the article (kept for screen readers)");
    await page.getByRole("button", { name: "Step", exact: true }).click();
    const link = page.getByRole("link", { name: "Open the full app" });
    const href = await link.getAttribute("href");
    assert.ok(!href.includes("embed") && !href.includes("hide"), href);
    assert.ok(href.includes("scene=neuron"), href);
    await saveScreenshot(page, "embed-neuron.png");
  });
});

test("a copied link restores the same view", async () => {
  const context = await suite.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  try {
    await page.goto(suite.server.url + "?lang=en");
    await page.getByRole("button", { name: "Step", exact: true }).waitFor();
    await page.getByRole("img", { name: /Heatmap/ }).scrollIntoViewIfNeeded();
    const canvas = await page.getByRole("img", { name: /Heatmap/ }).boundingBox();
    // Near (−2, −2): the plot is the square at 0.12 … 0.92 across, 0.09 … 0.89 down.
    await page.mouse.click(canvas.x + canvas.width * 0.32, canvas.y + canvas.height * 0.69);
    const start = { x: await readout(page, "x"), y: await readout(page, "y") };
    await page.getByRole("tab", { name: "One neuron" }).click();
    const field = page.getByRole("spinbutton", { name: "Learning rate value" });
    await field.fill("0.02");
    await field.press("Enter");
    await page.getByLabel("Speed").selectOption("100");
    await page.getByLabel("Logarithmic scale").check();
    const weights = {};
    for (const name of ["w1", "w2", "w3", "b"]) weights[name] = await readout(page, name);
    await page.getByRole("button", { name: "Copy link" }).click();
    await page.getByRole("status").filter({ hasText: "Link copied." }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(await page.getByRole("textbox", { name: "Link to this view" }).inputValue(), link);

    const restored = await openApp(suite.browser, link, "");
    try {
      const other = restored.page;
      assert.equal(await other.getByRole("tab", { name: "One neuron" }).getAttribute("aria-selected"), "true");
      assert.equal(await other.getByRole("spinbutton", { name: "Learning rate value" }).inputValue(), "0.02");
      assert.equal(await other.getByLabel("Speed").inputValue(), "100");
      assert.equal(await other.getByLabel("Logarithmic scale").isChecked(), true);
      for (const name of ["w1", "w2", "w3", "b"]) assert.equal(await readout(other, name), weights[name]);
      await other.getByRole("tab", { name: "Gradient field" }).click();
      assert.equal(await readout(other, "x"), start.x);
      assert.equal(await readout(other, "y"), start.y);
      assert.ok(Math.abs(Number(start.x) + 2) <= 0.03 && Math.abs(Number(start.y) + 2) <= 0.03);
      assert.deepEqual(restored.errors, []);
    } finally {
      await restored.close();
    }
  } finally {
    await context.close();
  }
});

test("on a 360×640 phone nothing overflows sideways and a tap sets the start point", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  try {
    for (const query of ["?lang=zh", "?lang=en&scene=neuron", "?embed=1&lang=zh", "?lang=zh&scene=neuron", "?lang=en&scene=layer", "?lang=en&scene=network", "?lang=zh&scene=optimizers"]) {
      await page.goto(suite.server.url + query);
      const step = page.getByRole("button", { name: /单步|Step/ }).first();
      await step.waitFor();
      // Before and after steps: the update table and the run log fill with long numbers.
      for (const clicks of [0, 3]) {
        for (let click = 0; click < clicks; click++) await step.click();
        // Against the device's 360 px: a mobile browser widens its layout viewport to fit
        // content that overflows, so `innerWidth` would grow with the overflow.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - 360);
        assert.ok(overflow <= 0, `${query} overflows by ${overflow}px after ${clicks} steps`);
      }
    }
    await page.goto(suite.server.url + "?lang=zh");
    await page.getByRole("button", { name: "单步" }).waitFor();
    const canvas = page.locator("#field-canvas");
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    const backing = await canvas.evaluate((element) => element.width);
    assert.equal(backing, Math.round(box.width * 2), "the canvas is drawn at the screen's pixel density");
    // (0, 2) is drawn at 0.52, 0.29 of the canvas: the plot is the square at 0.12 … 0.92
    // across and 0.09 … 0.89 down (src/render/field.rs), axes and colour bar around it.
    await page.touchscreen.tap(box.x + box.width * 0.52, box.y + box.height * 0.29);
    // A tap lands within a pixel (8/270 of a unit here) of where it was aimed.
    assert.ok(Math.abs(Number(await readout(page, "x"))) <= 0.03);
    assert.ok(Math.abs(Number(await readout(page, "y")) - 2) <= 0.03);
    assert.equal(await readout(page, "步数"), "0");
    await saveScreenshot(page, "zh-phone-field.png");
    await page.goto(suite.server.url + "?lang=en&scene=neuron");
    await page.getByRole("button", { name: "Step" }).waitFor();
    await saveScreenshot(page, "en-phone-neuron.png");
  } finally {
    await context.close();
  }
});

test("the demo article sizes both embedded figures to their content", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  try {
    await page.goto(suite.server.url + "article.html");
    const frames = page.locator("iframe[data-gdlab]");
    assert.equal(await frames.count(), 2);
    for (let i = 0; i < 2; i++) {
      const frame = frames.nth(i).contentFrame();
      await frame.getByRole("button", { name: "单步" }).waitFor();
    }
    await page.waitForFunction(() =>
      [...document.querySelectorAll("iframe[data-gdlab]")].every((frame) => {
        const content = frame.contentDocument.documentElement.getBoundingClientRect().height;
        return Math.abs(frame.clientHeight - Math.ceil(content)) <= 2;
      }),
    );
    for (let i = 0; i < 2; i++) {
      const scrolls = await frames.nth(i).evaluate((frame) => {
        const root = frame.contentDocument.documentElement;
        return root.scrollHeight > root.clientHeight + 1;
      });
      assert.equal(scrolls, false, `figure ${i + 1} has no inner scrollbar`);
    }
    // A step that grows the content (the update table appears) resizes the frame too.
    const second = frames.nth(1);
    const before = await second.evaluate((frame) => frame.clientHeight);
    await second.contentFrame().getByRole("button", { name: "单步" }).click();
    await page.waitForFunction((height) => document.querySelectorAll("iframe[data-gdlab]")[1].clientHeight > height, before);
    await saveScreenshot(page, "article.png");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("axe-core finds no violations in either language, scene or mode, light or dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await suite.browser.newContext({ bypassCSP: true, colorScheme });
    const page = await context.newPage();
    try {
      for (const lang of ["en", "zh"]) {
        for (const scene of ["field", "neuron", "layer", "network", "optimizers"]) {
          for (const embed of ["0", "1"]) {
            await page.goto(`${suite.server.url}?lang=${lang}&scene=${scene}&embed=${embed}`);
            await page.getByRole("button", { name: /^(Step|单步)$/ }).waitFor();
            await page.getByRole("button", { name: /^(Step|单步)$/ }).click();
            await page.addScriptTag({ path: AXE });
            const violations = await page.evaluate(async () => {
              const results = await window.axe.run(document, { resultTypes: ["violations"] });
              return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
            });
            assert.deepEqual(violations, [], `${colorScheme} lang=${lang} scene=${scene} embed=${embed}`);
          }
        }
      }
    } finally {
      await context.close();
    }
  }
});

test("a dark system theme gets a dark page and a dark loss chart", async () => {
  const context = await suite.browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  try {
    await page.goto(suite.server.url + "?lang=en");
    await page.getByRole("button", { name: "Step" }).waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.equal(background, "rgb(21, 24, 28)");
    const corner = await page.evaluate(() => [...document.getElementById("loss-canvas").getContext("2d").getImageData(2, 2, 1, 1).data]);
    assert.deepEqual(corner.slice(0, 3), [21, 24, 28]);
    await saveScreenshot(page, "en-desktop-dark.png");
  } finally {
    await context.close();
  }
});
