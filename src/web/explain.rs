//! The neuron's computational graph (SVG) and the post's equations (MathML) on the
//! page: the markup is ours, built by `render::graph_svg` and `render::equations`; this
//! file inserts it and keeps its numbers current.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use super::dom::{by_id, NumberSlot};
use crate::app::{App, Scene};
use crate::graph::{self, Node};
use crate::neuron::Parameters;
use crate::render::equations::{field_equations, neuron_equations};
use crate::render::graph_svg::graph_svg;
use crate::text::{Key, Language};

/// The text slots of the inserted graph, looked up once per insertion.
struct GraphSlots {
    svg: Element,
    values: Vec<NumberSlot>,
    gradients: Vec<NumberSlot>,
    updates: Vec<(Node, NumberSlot)>,
    edges: Vec<NumberSlot>,
}

pub struct Explanation {
    graph_wrap: Element,
    field_equations: Element,
    neuron_equations: Element,
    slots: Option<GraphSlots>,
    shown_markup: (String, String),
    /// (generation, step) of the neuron state the graph last showed.
    graph_shown: (u64, u64),
    /// Which quarter of the graph's numbers the next frame of play refreshes.
    graph_turn: usize,
}

impl Explanation {
    pub fn find(document: &Document) -> Result<Self, JsValue> {
        Ok(Self {
            graph_wrap: by_id(document, "graph")?,
            field_equations: by_id(document, "field-equations")?,
            neuron_equations: by_id(document, "neuron-equations")?,
            slots: None,
            shown_markup: (String::new(), String::new()),
            graph_shown: (0, u64::MAX),
            graph_turn: 0,
        })
    }

    /// Builds the graph's SVG in `language` (its label is the only text that changes).
    pub fn insert_graph(&mut self, document: &Document, language: Language) -> Result<(), JsValue> {
        let edges = graph::evaluate(Parameters {
            weights: [0.0; 3],
            bias: 0.0,
        })
        .edges;
        self.graph_wrap
            .set_inner_html(&graph_svg(&edges, language.text(Key::GraphHeading)));
        let slot = |id: String| by_id::<Element>(document, &id).map(NumberSlot::new);
        let svg = self
            .graph_wrap
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
        Ok(())
    }

    /// Updates the graph's numbers every frame (a quarter of them per frame while
    /// playing, so no frame pays for all); the equations only while paused, because
    /// laying out a page of MathML costs more than a frame and nobody reads it at 60
    /// steps a second.
    pub fn render(&mut self, app: &App) {
        match app.scene {
            Scene::Field if !app.playing => self.render_field(app),
            Scene::Field => {}
            Scene::Neuron => {
                self.render_graph(app);
                if !app.playing {
                    self.render_neuron_equations(app);
                }
            }
        }
    }

    fn render_field(&mut self, app: &App) {
        let markup = field_equations(&app.field_update_shown());
        if self.shown_markup.0 != markup {
            self.field_equations.set_inner_html(&markup);
            self.shown_markup.0 = markup;
        }
    }

    fn render_neuron_equations(&mut self, app: &App) {
        let markup = neuron_equations(&app.neuron_update_shown(), app.neuron.layer.input());
        if self.shown_markup.1 != markup {
            self.neuron_equations.set_inner_html(&markup);
            self.shown_markup.1 = markup;
        }
    }

    /// The graph of the update being explained: forward values and gradients at the
    /// parameters before it, and the parameters after it.
    fn render_graph(&mut self, app: &App) {
        let Some(slots) = &mut self.slots else {
            return;
        };
        let update = app.neuron_update_shown();
        let graph = graph::evaluate(update.before);
        self.graph_turn = (self.graph_turn + 1) % 4;
        let turn = self.graph_turn;
        let due = |index: usize| !app.playing || index % 4 == turn;
        for node in Node::ALL.into_iter().filter(|node| due(node.index())) {
            slots.values[node.index()].show(graph.value(node));
            slots.gradients[node.index()].show(graph.gradient(node));
        }
        for (node, slot) in &mut slots.updates {
            let after = match node {
                Node::W1 => update.after.weights[0],
                Node::W2 => update.after.weights[1],
                Node::W3 => update.after.weights[2],
                _ => update.after.bias,
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
        let shown = (app.neuron.generation, app.neuron.shown().step);
        let one_step_on =
            shown.0 == self.graph_shown.0 && shown.1 == self.graph_shown.1.wrapping_add(1);
        if one_step_on && !app.playing {
            let classes = slots.svg.class_list();
            let _ = classes.remove_1("stepping");
            // Reading the layout restarts the CSS animation when the class comes back.
            let _ = slots.svg.get_bounding_client_rect();
            let _ = classes.add_1("stepping");
        }
        self.graph_shown = shown;
    }
}
