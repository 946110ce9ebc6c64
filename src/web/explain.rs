//! A lesson's computational graph (SVG) and the post's equations (MathML) on the
//! page: the markup is built by the core (`render::graph_svg`, the lesson's
//! `equations`); this file inserts it and keeps its numbers current.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use super::dom::NumberSlot;
use crate::graph::{self, Node};
use crate::lesson::AnyRun;
use crate::neuron::Parameters;
use crate::page::Page;
use crate::render::graph_svg::graph_svg;
use crate::text::{Key, Language};
use crate::vocabulary::Scene;

/// The text slots of the inserted graph, looked up once per insertion.
struct GraphSlots {
    svg: Element,
    values: Vec<NumberSlot>,
    gradients: Vec<NumberSlot>,
    updates: Vec<(Node, NumberSlot)>,
    edges: Vec<NumberSlot>,
}

pub struct Explanation {
    /// Where the graph goes, if this lesson's section has one.
    graph_wrap: Option<Element>,
    equations: Option<Element>,
    slots: Option<GraphSlots>,
    shown_markup: String,
    /// (generation, step) of the state the graph last showed.
    graph_shown: (u64, u64),
    /// Which quarter of the graph's numbers the next frame of play refreshes.
    graph_turn: usize,
}

impl Explanation {
    /// The graph and equations of a lesson's section under the chart (`extra`), if any.
    pub fn find(document: &Document, extra: &Element, scene: Scene) -> Result<Self, JsValue> {
        Ok(Self {
            graph_wrap: extra.query_selector("[data-graph]")?,
            equations: document.get_element_by_id(&format!("{}-equations", scene.key())),
            slots: None,
            shown_markup: String::new(),
            graph_shown: (0, u64::MAX),
            graph_turn: 0,
        })
    }

    /// Builds the graph's SVG in `language` (its label is the only text that changes).
    pub fn insert_graph(&mut self, document: &Document, language: Language) -> Result<(), JsValue> {
        let Some(graph_wrap) = &self.graph_wrap else {
            return Ok(());
        };
        let edges = graph::evaluate(Parameters {
            weights: [0.0; 3],
            bias: 0.0,
        })
        .edges;
        graph_wrap.set_inner_html(&graph_svg(&edges, language.text(Key::GraphHeading)));
        let slot = |id: String| {
            document
                .get_element_by_id(&id)
                .map(NumberSlot::new)
                .ok_or_else(|| JsValue::from_str(&format!("#{id} is missing from the graph")))
        };
        let svg = graph_wrap
            .first_element_child()
            .ok_or_else(|| JsValue::from_str("the graph has no SVG"))?;
        self.slots = Some(GraphSlots {
            svg,
            values: Node::ALL
                .iter()
                .map(|node| slot(format!("graph-value-{}", node.key())))
                .collect::<Result<_, _>>()?,
            gradients: Node::ALL
                .iter()
                .map(|node| slot(format!("graph-gradient-{}", node.key())))
                .collect::<Result<_, _>>()?,
            updates: Node::ALL
                .iter()
                .filter(|node| node.is_parameter())
                .map(|node| Ok((*node, slot(format!("graph-update-{}", node.key()))?)))
                .collect::<Result<_, JsValue>>()?,
            edges: (0..edges.len())
                .map(|index| slot(format!("graph-edge-{index}")))
                .collect::<Result<_, _>>()?,
        });
        self.graph_shown = (0, u64::MAX);
        self.shown_markup.clear();
        Ok(())
    }

    /// Updates the graph's numbers every frame (a quarter of them per frame while
    /// playing, so no frame pays for all); the equations only while paused, because
    /// laying out a page of MathML costs more than a frame and nobody reads it at 60
    /// steps a second.
    pub fn render(&mut self, run: &dyn AnyRun, page: &Page) {
        self.render_graph(run, page);
        if page.playing {
            return;
        }
        if let Some(equations) = &self.equations {
            let markup = run.equations();
            if self.shown_markup != markup {
                equations.set_inner_html(&markup);
                self.shown_markup = markup;
            }
        }
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
        // edge by edge, then the update (CSS; none with prefers-reduced-motion).
        let shown = (page.generation, page.shown_step);
        let one_step_on =
            shown.0 == self.graph_shown.0 && shown.1 == self.graph_shown.1.wrapping_add(1);
        if one_step_on && !page.playing {
            let classes = slots.svg.class_list();
            let _ = classes.remove_1("stepping");
            // Reading the layout restarts the CSS animation when the class comes back.
            let _ = slots.svg.get_bounding_client_rect();
            let _ = classes.add_1("stepping");
        }
        self.graph_shown = shown;
    }
}
