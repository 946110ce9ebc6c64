// Parts 2 and 3 of the series in the browser, as a reader uses them: the tabs "Sigmoid
// layer" and "Hidden layer", Step clicked, the readouts, the post's print-out in the run
// log, Download CSV, the bias switch and share links. The numbers must equal the native
// core's: tests/fixtures/series_runs.txt is what `cargo test --test app` computes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { button, downloadCsv, nativeRuns, openApp, readout, saveScreenshot, useSuite } from "./harness.mjs";

const suite = useSuite();

test("after 7 clicks of Step both lessons show the native numbers, in both bias modes", async () => {
  const runs = await nativeRuns("series_runs.txt");
  assert.equal(runs.length, 4);
  for (const run of runs) {
    await suite.withApp(`?lang=en&${run.query}`, async (page) => {
      const tab = run.query.includes("network") ? "Hidden layer" : "Sigmoid layer";
      assert.equal(await page.getByRole("tab", { name: tab }).getAttribute("aria-selected"), "true");
      for (let click = 0; click < 7; click++) await button(page, "Step").click();
      assert.equal(await readout(page, "step"), "7");
      assert.equal(await readout(page, "loss"), run.loss, run.query);
      const csv = await downloadCsv(page);
      assert.equal(csv.name, tab === "Hidden layer" ? "hidden-layer-run-log.csv" : "sigmoid-layer-run-log.csv");
      assert.equal(csv.text, run.csv, run.query);
      const mode = run.query.endsWith("sum") ? "sum" : "mean";
      assert.equal(await page.getByLabel("Bias gradient over the samples").inputValue(), mode);
    });
  }
});

test("the run log prints part 2's first step as the post does", async () => {
  await suite.withApp("?lang=en&scene=layer", async (page) => {
    await button(page, "Step").click();
    const cells = await page.locator("#panel-layer .batch-log tbody tr").first().locator("td").allTextContents();
    assert.deepEqual(cells, [
      "1",
      "[[0.90024951 0.94267582]\n [0.80218389 0.88079708]]",
      "[[0.87638772 0.93574933]\n [0.74070904 0.87317416]]",
      "1.4556414717601052",
    ]);
    // The matrices show the same predictions, coloured by size.
    assert.equal(await readout(page, "ŷ11"), "0.87639");
    assert.equal(await readout(page, "w11"), "0.025415");
    assert.equal(await readout(page, "∂C/∂w11"), "0.82678");
    await saveScreenshot(page, "series-layer-en-1280.png");
    // Step 1000, the post's last line: play fast until the run is past it.
    await page.getByLabel("Speed").selectOption("1000");
    await button(page, "Play").click();
    await page.waitForFunction(() => Number(document.getElementById("layer-step").textContent) >= 1000);
    await button(page, "Pause").click();
    const rows = (await downloadCsv(page)).text.split("\n");
    const last = rows.find((row) => row.startsWith("1000,"));
    assert.equal(last.split(",").at(-1), "0.0027846224530159356");
  });
});

test("the bias switch restarts the run in that mode and the link keeps it", async () => {
  await suite.withApp("?lang=en&scene=layer", async (page) => {
    await button(page, "Step").click();
    const mean = await readout(page, "loss");
    await page.getByLabel("Bias gradient over the samples").selectOption("sum");
    assert.equal(await readout(page, "step"), "0");
    await button(page, "Step").click();
    assert.notEqual(await readout(page, "loss"), mean);
    await page.getByRole("button", { name: "Copy link" }).click();
    const link = await page.getByRole("textbox", { name: "Link to this view" }).inputValue();
    assert.match(link, /bias=sum/);
    assert.match(link, /w=0\.1,0\.2,0\.3,0\.4,0\.5,0\.6/);
  });
});

test("a hidden-layer link reproduces the same random start on every load", async () => {
  let link;
  let first;
  await suite.withApp("?lang=en&scene=network", async (page) => {
    await button(page, "Randomize").click();
    for (let click = 0; click < 3; click++) await button(page, "Step").click();
    first = await downloadCsv(page);
    await page.getByRole("button", { name: "Copy link" }).click();
    link = await page.getByRole("textbox", { name: "Link to this view" }).inputValue();
    assert.match(link, /w0=([^&,]+,){8}[^&,]+&b0=0,0,0&w1=([^&,]+,){5}[^&,]+&b1=0,0/);
  });
  for (let load = 0; load < 2; load++) {
    const app = await openApp(suite.browser, link, "");
    try {
      for (let click = 0; click < 3; click++) await button(app.page, "Step").click();
      assert.equal((await downloadCsv(app.page)).text, first.text);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  }
});

test("the series lessons in Chinese, on a phone and on a desktop, light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const [width, height] of [[360, 640], [1280, 800]]) {
      for (const lang of ["zh", "en"]) {
        const context = await suite.browser.newContext({ viewport: { width, height }, colorScheme });
        const page = await context.newPage();
        try {
          for (const scene of ["layer", "network"]) {
            await page.goto(`${suite.server.url}?lang=${lang}&scene=${scene}&w0=0.42,0.13,0.77,0.05,0.91,0.36,0.58,0.24,0.69&w1=0.11,0.83,0.47,0.3,0.64,0.02`);
            const step = page.getByRole("button", { name: /^(Step|单步)$/ });
            await step.waitFor();
            await step.click();
            await step.click();
            // Nothing the lesson depends on is clipped sideways: every matrix and the
            // run log's lines fit the page.
            const overflow = await page.evaluate(() =>
              [...document.querySelectorAll(".matrix-table, .batch-log td")]
                .filter((element) => element.offsetParent !== null)
                .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .map((element) => element.textContent.slice(0, 30)),
            );
            assert.deepEqual(overflow, [], `${scene} ${lang} ${width}px ${colorScheme}`);
            await saveScreenshot(page, `series-${scene}-${lang}-${width}-${colorScheme}.png`);
          }
        } finally {
          await context.close();
        }
      }
    }
  }
});
