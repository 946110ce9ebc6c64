// The computational graph as a student reads it: every label readable at phone, tablet
// and desktop widths (measured in the browser, not estimated), backpropagation walked
// one node at a time, and a quantity pointed at or focused highlighted everywhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { button, saveScreenshot, useSuite } from "./harness.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const suite = useSuite();
const { withApp } = suite;

const POST = "?lang=en&scene=neuron&lr=0.001&w=0,0,0&b=3.35507743";
/** Numbers as long as a readout writes them: signs, nine digits, exponents. */
const LONG = "?lang=en&scene=neuron&lr=0.0001&w=-12.3456789,0.0000123456789,-99.9999999&b=-0.000123456789";
const WIDTHS = [360, 768, 1280];

/**
 * Every text of the graph with its box on the screen, the node it belongs to (none for
 * an edge's label), its rendered font size, and every node's box.
 */
async function graphGeometry(page) {
  return page.evaluate(() => {
    const svg = document.querySelector("svg.graph");
    const box = (element) => {
      const r = element.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const texts = [...svg.querySelectorAll("text")]
      .filter((text) => getComputedStyle(text).visibility !== "hidden")
      .map((text) => ({
        text: text.textContent,
        owner: text.closest("g.node")?.id ?? null,
        box: box(text),
        // The size it is drawn at: the CSS size times the SVG's scale on the screen.
        font: parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
      }));
    const nodes = [...svg.querySelectorAll("g.node")].map((node) => ({ id: node.id, box: box(node.querySelector("rect")) }));
    return { svg: box(svg), texts, nodes, layout: svg.dataset.layout };
  });
}

/** Whether two boxes overlap by more than a rounding error. */
const overlap = (a, b) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
const inside = (inner, outer) =>
  inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;

function assertReadable({ texts, nodes, svg }, where) {
  assert.ok(texts.length >= 70, `${where}: ${texts.length} texts`);
  for (const [i, a] of texts.entries()) {
    assert.ok(a.font >= 11, `${where}: "${a.text}" is drawn at ${a.font.toFixed(1)} px`);
    assert.ok(inside(a.box, svg), `${where}: "${a.text}" is cut off by the drawing's edge`);
    for (const b of texts.slice(i + 1)) {
      assert.ok(!overlap(a.box, b.box), `${where}: "${a.text}" overlaps "${b.text}"`);
    }
    for (const node of nodes) {
      if (node.id === a.owner) {
        assert.ok(inside(a.box, node.box), `${where}: "${a.text}" runs out of its box ${node.id}`);
      } else {
        assert.ok(!overlap(a.box, node.box), `${where}: "${a.text}" crosses the box ${node.id}`);
      }
    }
  }
}

test("no label of the graph meets another or a box, and none is under 11 px, at 360, 768 and 1280 px", async () => {
  for (const query of [POST, LONG]) {
    for (const width of WIDTHS) {
      await withApp(query, async (page) => {
        await button(page, "Step").click();
        await page.locator("#graph").scrollIntoViewIfNeeded();
        const geometry = await graphGeometry(page);
        const where = `${width} px (${geometry.layout}) ${query}`;
        assertReadable(geometry, where);
        const labels = geometry.texts.map((text) => text.text);
        // Full labels, the key one whole.
        for (const label of ["∂C/∂w₁", "∂C/∂ŷ", "∂C/∂p₂", "p₁ = x₁·w₁"]) {
          assert.ok(labels.includes(label), `${where}: no label "${label}"`);
        }
        assert.ok(!labels.some((label) => label.includes("∂C/∂·")), `${where}: a cryptic label is left`);
        if (query === POST) {
          assert.ok(labels.includes("2(ŷ − y)= 4.71015486"), `${where}: ${labels.filter((l) => l.startsWith("2("))}`);
        }
        // The page itself never scrolls sideways: the graph's own box does, below its layout's width,
        // and then a sentence above it says so.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${where}: the page overflows by ${overflow}px`);
        const scrolls = await page.locator("#graph").evaluate((wrap) => wrap.scrollWidth > wrap.clientWidth + 1);
        const hint = page.getByText("The graph is wider than this screen: swipe it sideways to see ŷ, e and C.");
        assert.equal(await hint.isVisible(), scrolls, `${where}: the swipe hint ${scrolls ? "is missing" : "shows with nothing to swipe"}`);
      }, { width, height: 900 });
    }
  }
});

test("an embedded figure on a phone keeps its graph text at 12 px", async () => {
  await withApp("?embed=1&lang=zh&scene=neuron&hide=tabs,log", async (page) => {
    await button(page, "单步").click();
    await page.locator("#graph").scrollIntoViewIfNeeded();
    const geometry = await graphGeometry(page);
    assertReadable(geometry, "embed 360 px");
    assert.ok(Math.min(...geometry.texts.map((text) => text.font)) >= 11.9);
  }, { width: 360, height: 640 });
});

/** The classes of the graph's node `key`, of its edge `index`, and the highlighted equation. */
const nodeClasses = (page, key) => page.locator(`#graph-node-${key}`).getAttribute("class");
const edgeClasses = (page, index) => page.locator(`#graph-edge-line-${index}`).getAttribute("class");
const markedEquation = (page) =>
  page.evaluate(() => [...document.querySelectorAll("#neuron-equations .sub-step-equation")].map((e) => e.dataset.equation));

test("Next node walks the forward pass, then the backward pass node by node, with numbers", async () => {
  await withApp(POST, async (page) => {
    await button(page, "Step").click();
    const next = button(page, "Next node");
    const caption = page.locator("[data-sub-step-text]");
    await next.click();
    assert.equal(await caption.textContent(), "Forward pass · 1/26 · p₁ = x₁·w₁ = 1 · 0 = 0 · eq. (1)–(3)");
    assert.match(await nodeClasses(page, "p1"), /\bactive\b/);
    assert.match(await nodeClasses(page, "x1"), /\bused\b/);
    assert.match(await edgeClasses(page, 0), /\bactive\b/);
    assert.deepEqual(await markedEquation(page), ["forward"]);
    // Not computed yet: ŷ's value and every gradient.
    assert.match(await nodeClasses(page, "yhat"), /\bvalue-pending\b/);
    assert.equal(await page.locator("#graph-value-line-yhat").isVisible(), false);
    assert.equal(await page.locator("#graph-gradient-line-w1").isVisible(), false);

    for (let i = 1; i < 8; i++) await next.click();
    assert.equal(await caption.textContent(), "Backward pass · 8/26 · ∂C/∂C = 1");
    assert.match(await nodeClasses(page, "c"), /\bactive\b/);
    await next.click();
    assert.equal(await caption.textContent(), "Backward pass · 9/26 · ∂C/∂e = 2(ŷ − y) · ∂C/∂C = 4.71015486 × 1 = 4.71015486");
    // The gradient flows back along e → C: its backward arrow shows, pointing at e.
    assert.match(await edgeClasses(page, 13), /\bactive\b.*\bflowing\b|\bflowing\b.*\bactive\b/);
    const flow = await page.locator("#graph-edge-line-13 .flow").evaluate((line) => ({
      opacity: getComputedStyle(line).opacity,
      towardsE: Number(line.getAttribute("y2")) < Number(line.getAttribute("y1")),
    }));
    assert.deepEqual(flow, { opacity: "1", towardsE: true });
    assert.deepEqual(await markedEquation(page), ["output-gradient"]);

    // On to ∂C/∂w₃: the edge's local derivative x₃ times the gradient after it, as in (7).
    for (let i = 9; i < 21; i++) await next.click();
    assert.equal(
      await caption.textContent(),
      "Backward pass · 21/26 · ∂C/∂w₃ = ∂p₃/∂w₃ · ∂C/∂p₃ = x₃ · ∂C/∂p₃ = 3 × 4.71015486 = 14.1304646 · eq. (7)",
    );
    assert.match(await nodeClasses(page, "w3"), /\bactive\b/);
    assert.match(await nodeClasses(page, "p3"), /\bused\b/);
    assert.match(await nodeClasses(page, "x3"), /\bgradient-pending\b/);
    assert.match(await edgeClasses(page, 5), /\bactive\b/);
    assert.deepEqual(await markedEquation(page), ["chain-w3"]);
    assert.match(await page.locator('[data-equation="chain-w3"]').textContent(), /\(7\)/);
    await saveScreenshot(page, "graph-walk-backward.png");

    await button(page, "Previous node").click();
    assert.match(await caption.textContent(), /^Backward pass · 20\/26 · ∂C\/∂x₂ = ∂p₂\/∂x₂ · ∂C\/∂p₂ = w₂ · ∂C\/∂p₂ = 0 × 4.71015486 = 0 · no update uses it: x and y are data$/);
    for (let i = 20; i < 26; i++) await next.click();
    assert.equal(await caption.textContent(), "Update · 26/26 · b := b − α · ∂C/∂b = 3.35507743 − 0.001 × 4.71015486 = 3.35036728 · eq. (12)");
    assert.deepEqual(await markedEquation(page), ["update-b"]);
    await next.click();
    assert.equal(await caption.textContent(), "Walk the Step shown node by node: forward, backward, update.");
    assert.doesNotMatch(await nodeClasses(page, "b"), /\bactive\b/);

    // A new Step ends the walk; the next sub-step explains the new Step.
    await next.click();
    await next.click();
    await button(page, "Step").click();
    assert.doesNotMatch(await nodeClasses(page, "p2"), /\bactive\b/);
    assert.deepEqual(await markedEquation(page), []);
    await next.click();
    assert.equal(await caption.textContent(), "Forward pass · 1/26 · p₁ = x₁·w₁ = 1 · (-0.00471015486) = -0.00471015486 · eq. (1)–(3)");
  });
});

test("the sub-step buttons and captions speak Chinese", async () => {
  await withApp("?lang=zh&scene=neuron&lr=0.001&w=0,0,0&b=3.35507743", async (page) => {
    await button(page, "单步").click();
    await button(page, "上一个节点").click();
    const caption = page.locator("[data-sub-step-text]");
    assert.equal(await caption.textContent(), "参数更新 · 26/26 · b := b − α · ∂C/∂b = 3.35507743 − 0.001 × 4.71015486 = 3.35036728 · 式 (12)");
    await button(page, "下一个节点").click();
    assert.equal(await caption.textContent(), "逐个节点走一遍这一步：前向、反向、更新。");
    assert.equal(await page.getByRole("group", { name: "把一步拆开，逐个节点看" }).count(), 1);
  });
});

/** The data-quantity keys of the elements that are highlighted, by where they are. */
async function linked(page) {
  return page.evaluate(() => {
    const where = (element) =>
      element.closest("svg.graph") ? "graph" : element.closest(".equations") ? "equations" : element.closest("table") ? "table" : element.closest(".readouts") ? "readouts" : "other";
    const found = {};
    for (const element of document.querySelectorAll(".linked")) {
      const key = `${where(element)}:${element.dataset.quantity}`;
      found[key] = (found[key] ?? 0) + 1;
    }
    return found;
  });
}

test("pointing at or focusing a quantity highlights it in the graph, the equations, the table and the readouts", async () => {
  await withApp(POST, async (page) => {
    await button(page, "Step").click();
    // ∂C/∂w₁ in the graph.
    await page.locator("#graph-gradient-label-w1").hover();
    let found = await linked(page);
    assert.deepEqual(Object.keys(found).sort(), ["equations:grad-w1", "graph:grad-w1", "table:grad-w1"]);
    assert.equal(found["graph:grad-w1"], 2, "the label and the number");
    assert.ok(found["equations:grad-w1"] >= 2, "in (5) and (9)");
    // w₁'s readout.
    await page.locator('.readouts [data-quantity="w1"]').hover();
    found = await linked(page);
    for (const place of ["readouts", "graph", "equations", "table"]) {
      assert.ok(found[`${place}:w1`] >= 1, `w1 in ${place}: ${JSON.stringify(found)}`);
    }
    assert.equal(Object.keys(found).filter((key) => !key.endsWith(":w1")).length, 0);
    // ŷ in an equation.
    await page.locator('[data-equation="loss"] [data-quantity="yhat"]').first().hover();
    found = await linked(page);
    assert.ok(found["readouts:yhat"] === 1 && found["graph:yhat"] >= 2, JSON.stringify(found));
    // Away from every quantity: nothing.
    await page.locator("h1").hover();
    assert.deepEqual(await linked(page), {});

    // The keyboard reaches every node of the graph, in order, just before the sub-step buttons.
    await button(page, "Previous node").focus();
    await page.keyboard.press("Shift+Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "graph-node-c");
    await page.locator("#graph-node-x1").focus();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "graph-node-w1");
    found = await linked(page);
    assert.ok(found["readouts:w1"] === 1 && found["table:w1"] >= 2 && found["equations:w1"] >= 2, JSON.stringify(found));
    const name = await page.locator("#graph-node-w1").evaluate((node) => node.getAttribute("aria-labelledby"));
    assert.match(name, /graph-symbol-w1 .*graph-gradient-line-w1/);
    // Tabbing into the page moves the highlight along; the shortcuts still work from a node.
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getByRole("status", { name: "step", exact: true }).textContent(), "2");
  });
});

test("a walk with a highlighted quantity passes axe-core, light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await suite.browser.newContext({ bypassCSP: true, colorScheme });
    const page = await context.newPage();
    try {
      await page.goto(suite.server.url + POST);
      await button(page, "Step").click();
      for (let i = 0; i < 17; i++) await button(page, "Next node").click();
      await page.locator('.readouts [data-quantity="w1"]').hover();
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const results = await window.axe.run(document, { resultTypes: ["violations"] });
        return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
      assert.deepEqual(violations, [], colorScheme);
    } finally {
      await context.close();
    }
  }
});

test("screenshots of the graph: phone and desktop, light and dark, Chinese and English", async () => {
  for (const [width, height] of [[360, 640], [1280, 800]]) {
    for (const colorScheme of ["light", "dark"]) {
      for (const lang of ["zh", "en"]) {
        const context = await suite.browser.newContext({ viewport: { width, height }, colorScheme });
        const page = await context.newPage();
        const errors = [];
        page.on("pageerror", (error) => errors.push(String(error)));
        try {
          await page.goto(`${suite.server.url}?lang=${lang}&scene=neuron&lr=0.001&w=0,0,0&b=3.35507743`);
          await page.getByRole("button", { name: lang === "zh" ? "单步" : "Step", exact: true }).click();
          for (let i = 0; i < 17; i++) await page.getByRole("button", { name: lang === "zh" ? "下一个节点" : "Next node" }).click();
          // Scrolled as a reader walking it would be, down to the sub-step bar under the
          // graph: both sticky bars (controls on top, sub-steps below) sit where they show.
          await page.locator(".graph-panel:not(#formula-graph-section)").evaluate((panel) =>
            window.scrollTo(0, panel.getBoundingClientRect().bottom + window.scrollY - window.innerHeight),
          );
          await saveScreenshot(page, `graph-${width}x${height}-${colorScheme}-${lang}.png`);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      }
    }
  }
});
