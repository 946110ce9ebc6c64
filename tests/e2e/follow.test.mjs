// A student can follow every step: each panel names the step it shows, the regimes are
// explained in words, the post's start is one click away with its printed digits
// marked, the controls stay in view, phones show the results whole, embeds fit an
// article, and the challenges are checked. Both lessons, both languages, 1280×800 and
// 360×640, light and dark; screenshots land in test-artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { button, readout, saveElementScreenshot, saveScreenshot, useSuite } from "./harness.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const suite = useSuite();

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 360, height: 640 },
];
const WORDS = {
  en: { step: "Step", reset: "Reset", play: "Play", after1: "After step 1", explain1: /^Step 1:/, start: "At the start (step 0)", post: "The post's start" },
  zh: { step: "单步", reset: "重置", play: "播放", after1: "第 1 步之后", explain1: /^第 1 步：/, start: "起点（第 0 步）", post: "原文的起点" },
};

/** Opens the app in a context of the given viewport and colour scheme; closes it after. */
async function withPage(query, { viewport, colorScheme = "light" }, body) {
  const context = await suite.browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  try {
    await page.goto(suite.server.url + query);
    await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 15000 });
    await body(page);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

const visibleCaptions = (page) =>
  page.locator("[data-step-caption]").evaluateAll((captions) =>
    captions.filter((caption) => caption.offsetParent !== null).map((caption) => caption.textContent),
  );

test("after Step every panel names the same step, in both lessons and languages, at both sizes, light and dark", async () => {
  for (const lang of ["en", "zh"]) {
    const words = WORDS[lang];
    for (const scene of ["field", "neuron"]) {
      for (const viewport of VIEWPORTS) {
        for (const colorScheme of ["light", "dark"]) {
          await withPage(`?lang=${lang}&scene=${scene}`, { viewport, colorScheme }, async (page) => {
            assert.ok((await visibleCaptions(page)).includes(words.start));
            await button(page, words.step).click();
            const captions = await visibleCaptions(page);
            assert.ok(captions.includes(words.after1), captions.join(" | "));
            assert.ok(captions.some((caption) => words.explain1.test(caption)), captions.join(" | "));
            assert.ok(captions.every((caption) => !/\b0\b|第 0 步/.test(caption)), "no panel still shows step 0");
            // The chart's marker and the screen reader say step 1 too.
            assert.match(await page.locator("#announcer").textContent(), /1/);
            if (scene === "neuron") {
              // The run log marks step 1's row.
              assert.equal(await page.locator("#log-body tr[aria-current='step'] td").first().textContent(), "1");
            }
            await saveScreenshot(page, `follow-${scene}-${lang}-${viewport.width}-${colorScheme}.png`);
          });
        }
      }
    }
  }
});

test("the regime says what κ is, the track is labelled at 1/κ and 2/κ, and the slider says it is logarithmic", async () => {
  for (const [lang, scene, kappa, labels] of [
    ["en", "field", /κ = 2 is the curvature/, ["1/κ = 1/2", "2/κ = 1"]],
    ["en", "neuron", /κ = 30 is the curvature/, ["1/κ = 1/30", "2/κ = 1/15"]],
    ["zh", "field", /κ = 2 是曲率/, ["1/κ = 1/2", "2/κ = 1"]],
    ["zh", "neuron", /κ = 30 是曲率/, ["1/κ = 1/30", "2/κ = 1/15"]],
  ]) {
    await withPage(`?lang=${lang}&scene=${scene}`, { viewport: VIEWPORTS[1] }, async (page) => {
      assert.match(await page.locator("#regime").textContent(), kappa);
      assert.equal(await page.locator("#regime-label-one").textContent(), labels[0]);
      assert.equal(await page.locator("#regime-label-two").textContent(), labels[1]);
      assert.match(await page.locator(".slider-note").textContent(), lang === "en" ? /logarithmic/ : /对数/);
      // Each label stands at its boundary and neither overlaps the other or leaves the page.
      const boxes = await page.locator(".regime-scale span").evaluateAll((spans) =>
        spans.map((span) => span.getBoundingClientRect().toJSON()),
      );
      const [one, two] = boxes;
      assert.ok(one.bottom <= two.top + 1 || one.right <= two.left || two.right <= one.left, "labels do not overlap");
      assert.ok(boxes.every((box) => box.left >= 0 && box.right <= 360), "labels stay on the page");
    });
  }
});

test("the colour under the slider's thumb is its rate's regime: steady, oscillating, diverging", async () => {
  for (const viewport of VIEWPORTS) {
    for (const [rate, regime] of [["0.3", "monotonic"], ["0.7", "oscillating"], ["0.97", "oscillating"], ["1.05", "diverging"], ["1.4", "diverging"]]) {
      await withPage(`?lang=en&scene=field&lr=${rate}`, { viewport }, async (page) => {
        const under = await page.evaluate(() => {
          // Chromium's thumb is 16 px wide: its centre travels from 8 px in from each end.
          const input = document.getElementById("learning-rate-slider");
          const box = input.getBoundingClientRect();
          const centre = box.left + 8 + (Number(input.value) / Number(input.max)) * (box.width - 16);
          return ["monotonic", "oscillating", "diverging"].find((name) => {
            const segment = document.getElementById(`regime-${name}`).getBoundingClientRect();
            return centre >= segment.left && centre < segment.right;
          });
        });
        assert.equal(under, regime, `α = ${rate} at ${viewport.width} px`);
      });
    }
  }
});

test("the post's start is one click away; on its run the log marks the digits the post printed", async () => {
  for (const lang of ["en", "zh"]) {
    await withPage(`?lang=${lang}&scene=neuron&lr=0.05`, { viewport: VIEWPORTS[0] }, async (page) => {
      await button(page, WORDS[lang].post).click();
      assert.equal(await page.getByRole("spinbutton").first().inputValue(), "0.001");
      assert.equal(await page.locator("#neuron-b").textContent(), "3.35507743");
      await page.locator("[data-post-note]").waitFor({ state: "visible" });
      for (let click = 0; click < 2; click++) await button(page, WORDS[lang].step).click();
      // Step 1: both predictions exactly as the post printed them, the loss to 6 decimals.
      const first = page.locator("#log-body tr").first().locator("td");
      assert.equal(await first.nth(1).locator(".post-match").textContent(), "3.35507743");
      assert.equal(await first.nth(2).locator(".post-match").textContent(), "3.28442511");
      assert.equal(await first.nth(4).locator(".post-match").textContent(), "5.546389");
      await saveScreenshot(page, `post-start-${lang}.png`);
    });
  }
});

test("the control bar stays in view while the reader scrolls to what it changes", async () => {
  for (const viewport of VIEWPORTS) {
    await withPage("?lang=en&scene=neuron", { viewport }, async (page) => {
      await page.locator("#neuron-equations").scrollIntoViewIfNeeded();
      const bar = await page.locator(".control-bar").boundingBox();
      assert.ok(bar.y >= -1 && bar.y < 5, `the bar is at the top (${bar.y})`);
      await button(page, "Step").click();
      assert.equal(await readout(page, "step"), "1");
      const stepButton = await button(page, "Step").boundingBox();
      assert.ok(stepButton.y >= 0 && stepButton.y + stepButton.height <= viewport.height);
    });
  }
  // On a phone the field and the neuron's numbers are on the first screen.
  await withPage("?lang=zh", { viewport: VIEWPORTS[1] }, async (page) => {
    const canvas = await page.locator("#field-canvas").boundingBox();
    assert.ok(canvas.y + canvas.height * 0.5 < 640, `the field starts at ${canvas.y}`);
  });
  await withPage("?lang=en&scene=neuron", { viewport: VIEWPORTS[1] }, async (page) => {
    const loss = await page.locator("#neuron-loss").boundingBox();
    assert.ok(loss.y + loss.height < 640, `the loss readout is at ${loss.y}`);
  });
});

test("on a phone the equations wrap after = and fit their boxes, and the tables need no sideways scroll", async () => {
  for (const lang of ["en", "zh"]) {
    for (const scene of ["field", "neuron", "layer", "network", "optimizers"]) {
      await withPage(`?lang=${lang}&scene=${scene}`, { viewport: VIEWPORTS[1] }, async (page) => {
        for (const steps of [0, 1, 3]) {
          for (let click = 0; click < steps; click++) await button(page, WORDS[lang].step).click();
          await page.locator(`#${scene}-equations`).scrollIntoViewIfNeeded();
          const clipped = await page.locator(`#${scene}-equations math`).evaluateAll((maths) =>
            maths
              .filter((math) => {
                const box = math.closest(".equations").getBoundingClientRect();
                const own = math.getBoundingClientRect();
                return math.scrollWidth > math.clientWidth + 1 || own.right > box.right + 1 || own.left < box.left - 1;
              })
              .map((math) => math.textContent),
          );
          assert.deepEqual(clipped, [], `${scene} ${lang} after ${steps} steps`);
          if (scene === "neuron" && steps > 0) {
            for (const id of ["update-table", "log-wrap"]) {
              const overflow = await page.locator(`#${id}`).evaluate((box) => box.scrollWidth - box.clientWidth);
              assert.ok(overflow <= 1, `#${id} scrolls sideways by ${overflow}px`);
            }
          }
        }
        await saveElementScreenshot(page.locator(`#${scene}-equations`), `equations-${scene}-${lang}-360.png`);
      });
    }
  }
});

test("an embed is the figure and its controls: under one phone screen for the field, about two for the neuron", async () => {
  for (const lang of ["en", "zh"]) {
    for (const [scene, limit] of [["field", 660], ["neuron", 1300]]) {
      await withPage(`?embed=1&lang=${lang}&scene=${scene}`, { viewport: VIEWPORTS[1] }, async (page) => {
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        assert.ok(height <= limit, `${scene} ${lang}: ${height}px`);
        assert.equal(await page.locator("#language-embedded").isVisible(), false, "no language button");
        assert.equal(await page.getByRole("tab").count(), 0);
        assert.equal(await page.locator("#speed").isVisible(), false);
        // No readout number breaks inside.
        const broken = await page.locator("output").evaluateAll((outputs) =>
          outputs.filter((output) => output.offsetParent && output.getClientRects().length > 1).length,
        );
        assert.equal(broken, 0);
        await saveScreenshot(page, `embed-${scene}-${lang}-360.png`);
      });
    }
  }
  await withPage("?embed=1&lang=en&show=language,speed", { viewport: VIEWPORTS[1] }, async (page) => {
    assert.equal(await page.locator("#language-embedded").isVisible(), true);
    assert.equal(await page.locator("#speed").isVisible(), true);
  });
});

test("every readout's number fits its card: in the article's embed, on a phone and on a desktop, after the post's first step", async () => {
  for (const [width, embed] of [[728, "&embed=1"], [1280, "&embed=1"], [360, ""], [1280, ""]]) {
    await withPage(`?lang=zh&scene=neuron&lr=0.001&w=0,0,0&b=3.35507743${embed}`, { viewport: { width, height: 800 } }, async (page) => {
      await button(page, "单步").click();
      assert.equal(await readout(page, "w1"), "-0.00471015486");
      const overflowing = await page.locator(".readouts dd").evaluateAll((numbers) =>
        numbers
          .filter((number) => number.offsetParent)
          .filter((number) => {
            const card = number.parentElement.getBoundingClientRect();
            const text = number.getBoundingClientRect();
            return text.left < card.left - 0.5 || text.right > card.right + 0.5 || number.scrollWidth > number.clientWidth + 1;
          })
          .map((number) => number.textContent),
      );
      assert.deepEqual(overflowing, [], `${width}px${embed}`);
    });
  }
});

test("challenges are checked: predict x after step 1 at α = 0.9, and find a fast α", async () => {
  for (const lang of ["en", "zh"]) {
    await withPage(`?lang=${lang}`, { viewport: VIEWPORTS[1] }, async (page) => {
      await page.locator(".challenges summary").click();
      await page.locator("#challenge-list button").nth(1).click();
      assert.equal(await page.getByRole("spinbutton").first().inputValue(), "0.9");
      const guess = page.locator("#challenge-guess");
      const tryAgain = button(page, lang === "en" ? "Try again" : "再试一次");
      assert.equal(await tryAgain.isVisible(), false, "nothing to try again yet");
      // A wrong prediction first: the verdict says so and Try again reopens the field.
      await guess.fill("0.8");
      await guess.press("Enter");
      await button(page, WORDS[lang].step).click();
      assert.match(await page.locator("#challenge-status").textContent(), lang === "en" ? /^Not right: you predicted 0\.8; after step 1, x = -0\.8\. Press Try again/ : /^不对：你预测 0\.8，第 1 步后 x = -0\.8。点击“再试一次”/);
      assert.equal(await guess.isDisabled(), true);
      await tryAgain.click();
      assert.equal(await readout(page, lang === "en" ? "step" : "步数"), "0");
      assert.equal(await guess.isDisabled(), false);
      assert.equal(await tryAgain.isVisible(), false);
      await guess.fill("-0.8");
      await guess.press("Enter");
      await button(page, WORDS[lang].step).click();
      assert.match(await page.locator("#challenge-status").textContent(), lang === "en" ? /^Right ✓ After step 1, x = -0\.8/ : /^预测正确 ✓ 第 1 步后 x = -0\.8/);
      assert.match(await page.locator("#challenge-teaches").textContent(), /0\.8/);
      // While one is tried the other is out of the way; leaving brings the list back.
      assert.equal(await page.locator("#challenge-list button").nth(0).isVisible(), false);
      await page.locator("#challenge-leave").click();
      // The other challenge: 0.9 oscillates too slowly for f < 0.01 in 3 steps.
      await page.locator("#challenge-list button").nth(0).click();
      for (let click = 0; click < 3; click++) await button(page, WORDS[lang].step).click();
      assert.match(await page.locator("#challenge-status").textContent(), lang === "en" ? /^Not reached: after step 3, f = / : /^未达成：第 3 步后 f = /);
      await saveScreenshot(page, `challenge-${lang}-360.png`);
    });
  }
});

test("every lesson has its challenges: the race's zig-zag prediction and the sigmoid layer's rate, in both languages", async () => {
  for (const lang of ["en", "zh"]) {
    await withPage(`?lang=${lang}&scene=optimizers&surface=rosenbrock`, { viewport: VIEWPORTS[0] }, async (page) => {
      await page.locator(".challenges summary").click();
      assert.equal(await page.locator("#challenge-list button").count(), 2);
      assert.deepEqual(await page.locator("#challenge-list button").evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-pressed"))), ["false", "false"]);
      await page.locator("#challenge-list button").nth(0).click();
      // What it teaches would give the answer away: it waits for the verdict.
      assert.equal(await page.locator("#challenge-teaches").isVisible(), false);
      // The challenge sets its own surface and point, whatever the reader had.
      assert.equal(await page.locator("#surface").inputValue(), "stretched");
      await page.locator("#challenge-guess").fill("−1.2");
      await page.locator("#challenge-guess").press("Enter");
      await button(page, WORDS[lang].step).click();
      assert.match(await page.locator("#challenge-status").textContent(), lang === "en" ? /^Right ✓ After step 1, y = -1\.2/ : /^预测正确 ✓ 第 1 步后 y = -1\.2/);
      assert.equal(await page.locator("#challenge-teaches").isVisible(), true);
      assert.match(await page.locator("#challenge-teaches").textContent(), /−0\.8/);
      assert.equal(await page.locator("#challenge-status").getAttribute("data-verdict"), "met");
    });
    await withPage(`?lang=${lang}&scene=layer`, { viewport: VIEWPORTS[1] }, async (page) => {
      await page.locator(".challenges summary").click();
      await page.locator("#challenge-list button").nth(0).click();
      for (let click = 0; click < 10; click++) await button(page, WORDS[lang].step).click();
      assert.match(await page.locator("#challenge-status").textContent(), lang === "en" ? /^Not reached: after step 10, C = / : /^未达成：第 10 步后 C = /);
      await page.getByRole("spinbutton").first().fill("0.5");
      await page.getByRole("spinbutton").first().press("Enter");
      await button(page, WORDS[lang].reset).click();
      for (let click = 0; click < 10; click++) await button(page, WORDS[lang].step).click();
      assert.match(await page.locator("#challenge-status").textContent(), lang === "en" ? /^Done ✓ After step \d+, C = [\d.]+ < 0\.1/ : /^达成 ✓ 第 \d+ 步后 C = /);
    });
  }
});

test("a missed and a met verdict pass axe-core, light and dark, and are kept as screenshots at both sizes in both languages", async () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const viewport of VIEWPORTS) {
      for (const lang of ["en", "zh"]) {
        const context = await suite.browser.newContext({ bypassCSP: true, colorScheme, viewport });
        const page = await context.newPage();
        try {
          await page.goto(`${suite.server.url}?lang=${lang}&scene=optimizers`);
          await page.waitForFunction(() => document.body.dataset.ready === "true");
          await page.locator(".challenges summary").click();
          await page.locator("#challenge-list button").nth(0).click();
          await page.locator("#challenge-guess").fill(viewport.width === 360 ? "0.5" : "-1.2");
          await page.locator("#challenge-guess").press("Enter");
          await button(page, WORDS[lang].step).click();
          const verdict = await page.locator("#challenge-status").getAttribute("data-verdict");
          assert.equal(verdict, viewport.width === 360 ? "missed" : "met");
          await page.locator(".challenges").scrollIntoViewIfNeeded();
          await page.screenshot({ path: `test-artifacts/challenge-${verdict}-${lang}-${colorScheme}-${viewport.width}.png` });
          if (lang === "zh") {
            await page.addScriptTag({ path: AXE });
            const violations = await page.evaluate(async () => {
              const results = await window.axe.run(document, { resultTypes: ["violations"] });
              return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
            });
            assert.deepEqual(violations, [], `${colorScheme} ${viewport.width}`);
          }
        } finally {
          await context.close();
        }
      }
    }
  }
});
