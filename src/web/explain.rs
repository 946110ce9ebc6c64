//! A lesson's computational graph (SVG) and the post's equations (MathML) on the
//! page: the markup is built by the core (`render::graph_svg`, the lesson's
//! `equations`); this file inserts it, keeps its numbers current, and marks what the
//! page model says: the sub-step of the walk through one Step (`crate::walk`) and the
//! highlighted quantity (`Page::highlight`). Elements are found once per insertion,
//! and classes change only when the page model does.

use std::fmt::Write;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

use super::dom::{self, set_text, NumberSlot};
use crate::graph::{self, Layout, Node, Quantity};
use crate::lesson::AnyRun;
use crate::neuron::Parameters;
use crate::page::Page;
use crate::render::graph_svg::graph_svg;
use crate::text::{Key, Language};
use crate::vocabulary::Scene;
use crate::walk::{self, SubStep};

/// Page width the graph does not get: the body's padding (12 px a side) and the
/// graph's border.
const PAGE_MARGINS: f64 = 26.0;

type EquationInputs = (
    Scene,
    u64,
    u64,
    u64,
    u64,
    Option<crate::batch::BiasGradient>,
);

/// The elements of an inserted graph, looked up once per insertion.
struct GraphSlots {
    svg: Element,
    layout: &'static Layout,
    values: Vec<NumberSlot>,
    gradients: Vec<NumberSlot>,
    updates: Vec<(Node, NumberSlot)>,
    edges: Vec<NumberSlot>,
    /// The node groups, in the order of `Node::ALL`.
    nodes: Vec<Element>,
    /// The edge groups (line, backward arrow, label), in the order of the edges.
    edge_groups: Vec<Element>,
    quantities: Vec<(Quantity, Element)>,
}

/// The caption over the graph: the phase names the Step animation shows one after
/// another, and the line that says the sub-step (or how to walk).
struct Caption {
    element: Element,
    line: Element,
    /// (sub-step, generation, step, learning rate, language) the line was written for.
    written: Option<(Option<SubStep>, u64, u64, u64, Language)>,
}

pub struct Explanation {
    document: Document,
    /// Where the graph goes, if this lesson's section has one.
    graph_wrap: Option<Element>,
    equations: Option<Element>,
    caption: Option<Caption>,
    /// What the equations were last built for: (scene, generation, steps, step shown,
    /// rate's bits, bias mode).
    equations_drawn_for: Option<EquationInputs>,
    language: Language,
    slots: Option<GraphSlots>,
    /// The readouts and the update table's cells that show a quantity, found once.
    panel_quantities: Vec<(Quantity, Element)>,
    /// The equations' marked quantities and their blocks, found once per insertion.
    equation_quantities: Vec<(Quantity, Element)>,
    /// The equation the sub-step is, highlighted.
    marked_equation: Option<Element>,
    shown_markup: String,
    /// (generation, step) of the state the graph last showed.
    graph_shown: (u64, u64),
    /// Which quarter of the graph's numbers the next frame of play refreshes.
    graph_turn: usize,
    /// The sub-step and the highlighted quantity the classes were last set for.
    marked_sub_step: Option<Option<SubStep>>,
    marked_highlight: Option<Option<Quantity>>,
}

/// Every element under `root` matching `selector` that names a quantity.
fn quantities_in(root: &Element, selector: &str) -> Result<Vec<(Quantity, Element)>, JsValue> {
    let nodes = root.query_selector_all(selector)?;
    Ok((0..nodes.length())
        .filter_map(|index| nodes.get(index)?.dyn_into::<Element>().ok())
        .filter_map(|element| {
            let key = element.get_attribute("data-quantity")?;
            Some((Quantity::from_key(&key)?, element))
        })
        .collect())
}

fn toggle(element: &Element, class: &str, on: bool) {
    let _ = element.class_list().toggle_with_force(class, on);
}

fn mark_quantities(elements: &[(Quantity, Element)], highlight: Option<Quantity>) {
    for (quantity, element) in elements {
        toggle(element, "linked", Some(*quantity) == highlight);
    }
}

impl Explanation {
    /// The graph and equations of a lesson's section under the chart (`extra`), if any.
    pub fn find(document: &Document, extra: &Element, scene: Scene) -> Result<Self, JsValue> {
        let caption = match (
            extra.query_selector("[data-graph-caption]")?,
            extra.query_selector("[data-sub-step-text]")?,
        ) {
            (Some(element), Some(line)) => Some(Caption {
                element,
                line,
                written: None,
            }),
            _ => None,
        };
        let panel = document.get_element_by_id(&format!("panel-{}", scene.key()));
        Ok(Self {
            document: document.clone(),
            graph_wrap: extra.query_selector("[data-graph]")?,
            equations: document.get_element_by_id(&format!("{}-equations", scene.key())),
            caption,
            language: Language::English,
            slots: None,
            panel_quantities: match panel {
                Some(panel) => quantities_in(&panel, "[data-quantity]")?,
                None => Vec::new(),
            },
            equation_quantities: Vec::new(),
            marked_equation: None,
            shown_markup: String::new(),
            equations_drawn_for: None,
            graph_shown: (0, u64::MAX),
            graph_turn: 0,
            marked_sub_step: None,
            marked_highlight: None,
        })
    }

    /// The layout the page is wide enough for (`Layout::fitting`, the rule its tests
    /// check). The window's width costs no layout, unlike the graph box's own.
    fn fitting_layout(&self) -> &'static Layout {
        let width = dom::window()
            .ok()
            .and_then(|window| window.inner_width().ok())
            .and_then(|width| width.as_f64())
            .unwrap_or(0.0);
        Layout::fitting(width - PAGE_MARGINS)
    }

    /// Builds the graph's SVG in `language` (its label and the captions are the texts).
    pub fn insert_graph(&mut self, document: &Document, language: Language) -> Result<(), JsValue> {
        self.language = language;
        self.build_graph(document, self.fitting_layout())
    }

    fn build_graph(&mut self, document: &Document, layout: &'static Layout) -> Result<(), JsValue> {
        let Some(graph_wrap) = &self.graph_wrap else {
            return Ok(());
        };
        let edges = graph::evaluate(Parameters {
            weights: [0.0; 3],
            bias: 0.0,
        })
        .edges;
        graph_wrap.set_inner_html(&graph_svg(
            &edges,
            layout,
            self.language.text(Key::GraphHeading),
        ));
        let svg = graph_wrap
            .first_element_child()
            .ok_or_else(|| JsValue::from_str("the graph has no SVG"))?;
        // Every id is written into one buffer: no string per lookup.
        let mut id = String::new();
        let mut find = |prefix: &str, key: &str| {
            id.clear();
            id.push_str(prefix);
            id.push_str(key);
            document
                .get_element_by_id(&id)
                .ok_or_else(|| JsValue::from_str(&id))
        };
        let mut slots = GraphSlots {
            quantities: quantities_in(&svg, "[data-quantity]")?,
            svg,
            layout,
            values: Vec::new(),
            gradients: Vec::new(),
            updates: Vec::new(),
            edges: Vec::new(),
            nodes: Vec::new(),
            edge_groups: Vec::new(),
        };
        for node in Node::ALL {
            let key = node.key();
            slots
                .values
                .push(NumberSlot::new(find("graph-value-", key)?));
            slots
                .gradients
                .push(NumberSlot::new(find("graph-gradient-", key)?));
            if node.is_parameter() {
                slots
                    .updates
                    .push((node, NumberSlot::new(find("graph-update-", key)?)));
            }
            slots.nodes.push(find("graph-node-", key)?);
        }
        let mut number = String::new();
        for index in 0..edges.len() {
            number.clear();
            // Writing to a `String` cannot fail.
            let _ = write!(number, "{index}");
            slots
                .edges
                .push(NumberSlot::new(find("graph-edge-", &number)?));
            slots.edge_groups.push(find("graph-edge-line-", &number)?);
        }
        self.slots = Some(slots);
        self.graph_shown = (0, u64::MAX);
        self.shown_markup.clear();
        self.marked_sub_step = None;
        self.marked_highlight = None;
        if let Some(caption) = &mut self.caption {
            caption.written = None;
        }
        Ok(())
    }

    /// Updates the graph's numbers every frame (a quarter of them per frame while
    /// playing, so no frame pays for all); the equations only while paused, because
    /// laying out a page of MathML costs more than a frame and nobody reads it at 60
    /// steps a second. Classes for the walk and the highlight change when they do.
    pub fn render(&mut self, run: &dyn AnyRun, page: &Page) {
        if let Some(slots) = &self.slots {
            let layout = self.fitting_layout();
            if layout.name != slots.layout.name {
                let document = self.document.clone();
                if let Err(error) = self.build_graph(&document, layout) {
                    super::show_fatal_error(&format!("{error:?}"));
                    return;
                }
            }
        }
        self.render_graph(run, page);
        self.render_walk(page);
        self.render_caption(run, page);
        if self.marked_highlight != Some(page.highlight) {
            if let Some(slots) = &self.slots {
                mark_quantities(&slots.quantities, page.highlight);
            }
            mark_quantities(&self.panel_quantities, page.highlight);
            mark_quantities(&self.equation_quantities, page.highlight);
            self.marked_highlight = Some(page.highlight);
        }
        if page.playing {
            return;
        }
        // Pointing at a quantity changes only the marks set above: the equations are
        // built again only when what they show may have changed (a restart, a setting,
        // the run's bias mode or rate, a step taken or shown).
        let inputs = (
            page.scene,
            page.generation,
            page.steps,
            page.shown_step,
            page.learning_rate.to_bits(),
            page.bias_gradient,
        );
        if self.equations_drawn_for == Some(inputs) {
            return;
        }
        self.equations_drawn_for = Some(inputs);
        if let Some(equations) = &self.equations {
            let markup = run.equations();
            if self.shown_markup != markup {
                equations.set_inner_html(&markup);
                self.shown_markup = markup;
                self.equation_quantities =
                    quantities_in(equations, "[data-quantity]").unwrap_or_default();
                mark_quantities(&self.equation_quantities, page.highlight);
                // The marked equation was replaced with the rest.
                self.marked_equation = None;
                self.mark_equation(page.sub_step);
            }
        }
    }

    /// The equation of the sub-step, highlighted (looked up when the sub-step changes).
    fn mark_equation(&mut self, sub_step: Option<SubStep>) {
        if let Some(element) = self.marked_equation.take() {
            toggle(&element, "sub-step-equation", false);
        }
        let (Some(equations), Some(equation)) =
            (&self.equations, sub_step.and_then(walk::equation))
        else {
            return;
        };
        let selector = ["[data-equation=\"", equation.key(), "\"]"].concat();
        if let Ok(Some(element)) = equations.query_selector(&selector) {
            toggle(&element, "sub-step-equation", true);
            self.marked_equation = Some(element);
        }
    }

    /// The sub-step's node, the edges it computes along, the numbers it uses and what
    /// is not computed yet, as classes; the active node scrolled into view.
    fn render_walk(&mut self, page: &Page) {
        if self.marked_sub_step == Some(page.sub_step) {
            return;
        }
        self.marked_sub_step = Some(page.sub_step);
        self.mark_equation(page.sub_step);
        let Some(slots) = &self.slots else {
            return;
        };
        let step = page.sub_step;
        let phase = step.map_or("", |step| step.phase.key());
        let _ = slots.svg.set_attribute("data-phase", phase);
        toggle(&slots.svg, "walking", step.is_some());
        for (node, element) in Node::ALL.iter().zip(&slots.nodes) {
            let marks = walk::node_marks(step, *node);
            toggle(element, "active", marks.active);
            toggle(element, "used", marks.used);
            toggle(element, "value-pending", marks.value_pending);
            toggle(element, "gradient-pending", marks.gradient_pending);
            toggle(element, "update-pending", marks.update_pending);
        }
        for (index, element) in slots.edge_groups.iter().enumerate() {
            let marks = walk::edge_marks(step, index);
            toggle(element, "active", marks.active);
            toggle(element, "flowing", marks.flowing);
        }
        if let Some(step) = step {
            self.scroll_to(step.node);
        }
    }

    /// Scrolls the graph sideways, and the page if need be, so that `node` shows and
    /// nothing covers it (a sticky bar above or below it): a reader clicking "Next
    /// node" on a phone would lose it.
    fn scroll_to(&self, node: Node) {
        let (Some(slots), Some(wrap)) = (&self.slots, &self.graph_wrap) else {
            return;
        };
        let area = slots.layout.node_box(node);
        let (left, width) = (
            f64::from(wrap.scroll_left()),
            f64::from(wrap.client_width()),
        );
        if area.x < left || area.right() > left + width {
            let target = (area.x + area.width / 2.0 - width / 2.0).max(0.0);
            wrap.set_scroll_left(target as i32);
        }
        let Ok(window) = dom::window() else {
            return;
        };
        let element = &slots.nodes[node.index()];
        let rect = element.get_bounding_client_rect();
        let height = window
            .inner_height()
            .ok()
            .and_then(|height| height.as_f64())
            .unwrap_or(0.0);
        let (x, y) = (
            rect.x() + rect.width() / 2.0,
            rect.y() + rect.height() / 2.0,
        );
        // Its top and bottom edges, not only its centre: a sticky bar can cover a third
        // of a box whose centre shows.
        let shows_at = |y: f64| {
            self.document
                .element_from_point(x as f32, y as f32)
                .is_some_and(|hit| element.contains(Some(&hit)))
        };
        let seen = rect.top() >= 0.0
            && rect.bottom() <= height
            && shows_at(rect.top() + 3.0)
            && shows_at(rect.bottom() - 3.0);
        if !seen {
            window.scroll_by_with_x_and_y(0.0, y - height / 2.0);
        }
    }

    /// The caption's line: the sub-step's formula with its numbers, or how to walk.
    /// Written only when what it says changes (never while playing: no sub-step then).
    fn render_caption(&mut self, run: &dyn AnyRun, page: &Page) {
        let Some(caption) = &mut self.caption else {
            return;
        };
        let written = match page.sub_step {
            Some(step) => (
                Some(step),
                page.generation,
                page.shown_step,
                page.learning_rate.to_bits(),
                page.language,
            ),
            None => (None, 0, 0, 0, page.language),
        };
        if caption.written == Some(written) {
            return;
        }
        caption.written = Some(written);
        match (page.sub_step, run.graph()) {
            (Some(step), Some(view)) => {
                set_text(&caption.line, &walk::caption(step, &view, page.language))
            }
            _ => set_text(&caption.line, page.language.text(Key::SubStepIdle)),
        }
        let _ = caption.element.set_attribute(
            "data-phase",
            page.sub_step.map_or("", |step| step.phase.key()),
        );
    }

    /// The graph of the update being explained: forward values and gradients at the
    /// parameters before it, and the parameters after it.
    fn render_graph(&mut self, run: &dyn AnyRun, page: &Page) {
        let (Some(slots), Some(view)) = (&mut self.slots, run.graph()) else {
            return;
        };
        let graph = &view.graph;
        self.graph_turn = (self.graph_turn + 1) % 4;
        let turn = self.graph_turn;
        let due = |index: usize| !page.playing || index % 4 == turn;
        for node in Node::ALL.into_iter().filter(|node| due(node.index())) {
            slots.values[node.index()].show(graph.value(node));
            slots.gradients[node.index()].show(graph.gradient(node));
        }
        for (node, slot) in &mut slots.updates {
            let after = match node {
                Node::W1 => view.after.weights[0],
                Node::W2 => view.after.weights[1],
                Node::W3 => view.after.weights[2],
                _ => view.after.bias,
            };
            slot.show(after);
        }
        for (index, (slot, edge)) in slots.edges.iter_mut().zip(&graph.edges).enumerate() {
            if due(index) {
                slot.show(edge.local_derivative);
            }
        }
        // A single Step replays the pass as an animation: forward node by node, backward
        // edge by edge, then the update, with the phase named over the graph (CSS; none
        // with prefers-reduced-motion).
        let shown = (page.generation, page.shown_step);
        let one_step_on =
            shown.0 == self.graph_shown.0 && shown.1 == self.graph_shown.1.wrapping_add(1);
        if one_step_on && !page.playing {
            let caption = self.caption.as_ref().map(|caption| &caption.element);
            for element in std::iter::once(&slots.svg).chain(caption) {
                let classes = element.class_list();
                let _ = classes.remove_1("stepping");
                // Reading the layout restarts the CSS animation when the class comes back.
                let _ = element.get_bounding_client_rect();
                let _ = classes.add_1("stepping");
            }
        }
        self.graph_shown = shown;
    }
}
