// The optimizer race in the browser, as a reader uses it: the tab "Optimizers", Step
// clicked, the readouts and the table, Download CSV, the surface and optimizer controls,
// one optimizer diverging while the others go on, share links. The numbers must equal
// the native core's: tests/fixtures/race_runs.txt is what `cargo test --test race` computes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { button, downloadCsv, nativeRuns, readout, saveElementScreenshot, saveScreenshot, useSuite } from "./harness.mjs";

const suite = useSuite();


/** The canvas's pixels that are one optimizer's colour (its path and its point). */
async function pixelsOfColour(page, [red, green, blue]) {
  return page.evaluate(([red, green, blue]) => {
    const canvas = document.getElementById("race-canvas");
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let index = 0; index < data.length; index += 4) {
      if (Math.abs(data[index] - red) + Math.abs(data[index + 1] - green) + Math.abs(data[index + 2] - blue) < 30) count++;
    }
    return count;
  }, [red, green, blue]);
}

test("after 12 clicks of Step every optimizer is where the native core puts it", async () => {
  const runs = await nativeRuns("race_runs.txt");
  assert.equal(runs.length, 3);
  for (const run of runs) {
    await suite.withApp(`?lang=en&${run.query}`, async (page) => {
      assert.equal(await page.getByRole("tab", { name: "Optimizers" }).getAttribute("aria-selected"), "true");
      for (let click = 0; click < 12; click++) await button(page, "Step").click();
      assert.equal(await readout(page, "step"), "12");
      assert.equal(await readout(page, "f(x, y)"), run.loss, run.query);
      const csv = await downloadCsv(page);
      assert.equal(csv.name, "optimizer-race.csv");
      assert.equal(csv.text, run.csv, run.query);
    });
  }
});

test("the default race shows gradient descent zig-zag and momentum run along the valley", async () => {
  await suite.withApp("?lang=en&scene=optimizers", async (page) => {
    assert.equal(await page.getByLabel("Surface", { exact: true }).inputValue(), "stretched");
    for (const name of ["GD", "Momentum", "RMSprop", "Adam"]) {
      assert.equal(await page.getByRole("checkbox", { name }).isChecked(), true, name);
    }
    // Nesterov diverges at this rate along the steep direction: left for the reader to tick.
    assert.equal(await page.getByRole("checkbox", { name: "Nesterov" }).isChecked(), false);
    const directions = await page.locator("#regime").textContent();
    assert.match(directions, /λ = 100/);
    assert.match(directions, /2\/λₘₐₓ = 0\.02/);
    for (let click = 0; click < 30; click++) await button(page, "Step").click();
    // Gradient descent's y flips sign every step (the zig-zag): read it from the CSV.
    const rows = (await downloadCsv(page)).text.trim().split("\n").slice(1).map((row) => row.split(","));
    const gradientDescentY = rows.filter((row) => row[1] === "gd").map((row) => Number(row[3]));
    for (let step = 1; step < 10; step++) {
      assert.ok(Math.sign(gradientDescentY[step]) !== Math.sign(gradientDescentY[step - 1]), `GD's y at step ${step}`);
    }
    // Momentum runs along the valley: after 30 steps it is much nearer the minimum in x.
    const x30 = (name) => Number(rows.find((row) => row[0] === "30" && row[1] === name)[2]);
    assert.ok(Math.abs(x30("momentum")) < Math.abs(x30("gd")) / 2, `momentum ${x30("momentum")}, GD ${x30("gd")}`);
    // Every optimizer's colour is on the canvas (its path and point).
    for (const colour of [[0xd5, 0x5e, 0x00], [0x00, 0x72, 0xb2], [0xe6, 0x9f, 0x00]]) {
      assert.ok((await pixelsOfColour(page, colour)) > 30, `colour ${colour}`);
    }
    // The equations show every selected optimizer's rule with this step's numbers.
    const equations = page.locator("#optimizers-equations");
    for (const name of ["GD", "Momentum", "RMSprop", "Adam"]) {
      await equations.locator(".race-method", { hasText: name }).first().waitFor();
    }
    assert.ok((await equations.locator("math").count()) >= 12);
    await saveScreenshot(page, "race-en-1280.png");
  });
});

test("the controls restart the race, and refused values keep it and say why", async () => {
  await suite.withApp("?lang=en&scene=optimizers", async (page) => {
    await button(page, "Step").click();
    await page.getByLabel("Surface", { exact: true }).selectOption("rosenbrock");
    assert.equal(await readout(page, "step"), "0");
    assert.equal(await readout(page, "x"), "-1.2");
    assert.equal(await page.locator("#kappa-wrap").isHidden(), true, "κ only for the stretched bowl");
    for (const name of ["Momentum", "RMSprop"]) await page.getByRole("checkbox", { name }).uncheck();
    await button(page, "Step").click();
    const rows = (await downloadCsv(page)).text.trim().split("\n");
    assert.deepEqual(rows.slice(1).map((row) => row.split(",")[1]), ["gd", "adam", "gd", "adam"]);
    assert.equal(await page.locator('tr[data-method="momentum"]').isHidden(), true);
    // GD off leaves Adam alone; Adam off too would leave no optimizer: refused with a
    // message, Adam stays checked, nothing lost.
    await page.getByRole("checkbox", { name: "GD" }).uncheck();
    await page.getByRole("checkbox", { name: "Adam" }).click();
    const error = page.locator("#setting-error");
    await error.waitFor();
    assert.match(await error.textContent(), /opt/);
    assert.equal(await page.getByRole("checkbox", { name: "Adam" }).isChecked(), true);
    assert.equal(await readout(page, "step"), "0");
    // β₂ = 1.5 is refused the same way.
    await page.getByLabel("Adam β₂").fill("1.5");
    await page.getByLabel("Adam β₂").press("Enter");
    assert.match(await error.textContent(), /beta2/);
    // The refused text stays to be fixed, marked invalid; the race keeps β₂ = 0.999.
    assert.equal(await page.getByLabel("Adam β₂").inputValue(), "1.5");
    assert.equal(await page.getByLabel("Adam β₂").getAttribute("aria-invalid"), "true");
    // A good value clears the message; the link keeps every setting.
    await page.getByLabel("Momentum μ").fill("0.5");
    await page.getByLabel("Momentum μ").press("Enter");
    assert.equal(await error.isHidden(), true);
    await button(page, "Copy link").click();
    const link = await page.locator("#share-url").inputValue();
    for (const part of ["scene=optimizers", "surface=rosenbrock", "opt=adam&", "momentum=0.5", "beta2=0.999"]) {
      assert.ok(link.includes(part), `${part} in ${link}`);
    }
  });
});

test("an optimizer that diverges stops with a message while the others run on", async () => {
  await suite.withApp("?lang=en&scene=optimizers&opt=gd,adam&lr=0.03&speed=10", async (page) => {
    await button(page, "Play").click();
    const status = page.locator('tr[data-method="gd"] [data-racer-status]');
    await page.waitForFunction(() => /diverged/.test(document.querySelector('tr[data-method="gd"] [data-racer-status]').textContent));
    assert.match(await status.textContent(), /diverged at step \d+/);
    const before = Number(await readout(page, "step"));
    await page.waitForFunction((before) => Number(document.getElementById("optimizers-step").textContent) > before + 20, before);
    assert.equal(await page.locator('tr[data-method="adam"] [data-racer-status]').textContent(), "running");
    await button(page, "Pause").click();
    // Every number shown is one ("—" stands for a value that is not a number).
    const numbers = await page.locator("#panel-optimizers [data-readout]").allTextContents();
    assert.ok(numbers.length >= 5 && numbers.every((text) => /^−?-?[0-9.e+−-]+$/.test(text)), numbers.join(" "));
    // The equations keep the stopped optimizer's name and say it stopped (after the next slow refresh).
    const diverged = (await status.textContent()).match(/step (\d+)/)[1];
    const stopped = page.locator("#optimizers-equations .race-stopped");
    await stopped.waitFor();
    const said = await stopped.evaluate((line) => line.textContent + getComputedStyle(line, "::after").content);
    assert.match(said, new RegExp(`^GD"?: stopped at step ${diverged}`), said);
    await saveScreenshot(page, "race-diverged-en-1280.png");
  });
});

test("the race reads in Chinese and fits a phone, light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const lang of ["zh", "en"]) {
      await suite.withApp(`?lang=${lang}&scene=optimizers`, async (page) => {
        await page.emulateMedia({ colorScheme });
        await page.reload();
        await page.waitForFunction(() => document.body.dataset.ready === "true");
        assert.equal(await page.getByRole("tab", { name: lang === "zh" ? "优化器" : "Optimizers" }).getAttribute("aria-selected"), "true");
        for (let click = 0; click < 20; click++) await page.locator("#step").click();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `nothing overflows sideways (${overflow}px)`);
        const canvasBox = await page.locator("#race-canvas").boundingBox();
        assert.ok(canvasBox.width >= 300, `the surface uses the phone's width (${canvasBox.width})`);
        await saveElementScreenshot(page.locator("#panel-optimizers"), `race-panel-${lang}-${colorScheme}-360.png`);
        await saveScreenshot(page, `race-${lang}-${colorScheme}-360.png`);
      }, { width: 360, height: 640 });
      await suite.withApp(`?lang=${lang}&scene=optimizers`, async (page) => {
        await page.emulateMedia({ colorScheme });
        await page.reload();
        await page.waitForFunction(() => document.body.dataset.ready === "true");
        for (let click = 0; click < 20; click++) await page.locator("#step").click();
        await saveScreenshot(page, `race-${lang}-${colorScheme}-1280.png`);
      }, { width: 1280, height: 800 });
    }
  }
});
