//! One Step of backpropagation, walked one node at a time: the forward pass node by
//! node (inputs to loss), the backward pass node by node (loss to inputs), then the
//! update of every parameter. Each sub-step names its node, what it highlights in the
//! graph (the node, the edges it uses, what is still to be computed), its chain-rule
//! factor with numbers, and the post's equation it is.
//!
//! The app keeps a [`Cursor`]; it is tied to the state it explains (a [`Mark`]: the
//! lesson, its run's generation and the step shown), so it ends by itself when the run
//! steps, goes back or resets, without every message having to clear it.

use crate::format::write_readout;
use crate::graph::{Node, EDGE_ENDS};
use crate::lesson::GraphView;
use crate::text::{Key, Language};
use crate::vocabulary::Scene;

/// The three parts of one Step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Forward,
    Backward,
    Update,
}

impl Phase {
    pub fn key(self) -> &'static str {
        match self {
            Phase::Forward => "forward",
            Phase::Backward => "backward",
            Phase::Update => "update",
        }
    }

    fn name(self) -> Key {
        match self {
            Phase::Forward => Key::PhaseForward,
            Phase::Backward => Key::PhaseBackward,
            Phase::Update => Key::PhaseUpdate,
        }
    }
}

/// One sub-step: a phase at one node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubStep {
    pub phase: Phase,
    pub node: Node,
}

const fn at(phase: Phase, node: Node) -> SubStep {
    SubStep { phase, node }
}

/// The walk. Forward: every operation after its inputs (the inputs and parameters are
/// given). Backward: every node after the node its edge leads to, whose gradient it
/// needs. Update: the parameters, in the order of equations (9)–(12).
pub const SUB_STEPS: [SubStep; 26] = {
    use Node::*;
    use Phase::*;
    [
        at(Forward, P1),
        at(Forward, P2),
        at(Forward, P3),
        at(Forward, Sum),
        at(Forward, Prediction),
        at(Forward, Error),
        at(Forward, Loss),
        at(Backward, Loss),
        at(Backward, Error),
        at(Backward, Prediction),
        at(Backward, Target),
        at(Backward, Sum),
        at(Backward, Bias),
        at(Backward, P1),
        at(Backward, P2),
        at(Backward, P3),
        at(Backward, W1),
        at(Backward, X1),
        at(Backward, W2),
        at(Backward, X2),
        at(Backward, W3),
        at(Backward, X3),
        at(Update, W1),
        at(Update, W2),
        at(Update, W3),
        at(Update, Bias),
    ]
};

/// The state a walk explains: when it changes, the walk is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub scene: Scene,
    pub generation: u64,
    pub shown_step: u64,
}

/// Where a reader is in the walk of the state `mark`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    index: usize,
    mark: Mark,
}

/// The sub-step a cursor is at, if it still explains `mark`.
pub fn current(cursor: Option<Cursor>, mark: Mark) -> Option<SubStep> {
    cursor
        .filter(|cursor| cursor.mark == mark)
        .map(|cursor| SUB_STEPS[cursor.index])
}

fn position(cursor: Option<Cursor>, mark: Mark) -> Option<usize> {
    cursor
        .filter(|cursor| cursor.mark == mark)
        .map(|cursor| cursor.index)
}

/// One sub-step on: from outside the walk to its first sub-step, from its last out.
pub fn next(cursor: Option<Cursor>, mark: Mark) -> Option<Cursor> {
    let index = match position(cursor, mark) {
        None => 0,
        Some(index) if index + 1 < SUB_STEPS.len() => index + 1,
        Some(_) => return None,
    };
    Some(Cursor { index, mark })
}

/// One sub-step back: from outside the walk to its last sub-step, from its first out.
pub fn previous(cursor: Option<Cursor>, mark: Mark) -> Option<Cursor> {
    let index = match position(cursor, mark) {
        None => SUB_STEPS.len() - 1,
        Some(0) => return None,
        Some(index) => index - 1,
    };
    Some(Cursor { index, mark })
}

fn index_of(step: SubStep) -> usize {
    SUB_STEPS
        .iter()
        .position(|known| *known == step)
        .expect("a sub-step comes from SUB_STEPS")
}

/// Whether `node` has its number for `phase` by sub-step `step` (inclusive).
fn reached(step: SubStep, phase: Phase, node: Node) -> bool {
    let here = index_of(step);
    SUB_STEPS[..=here]
        .iter()
        .any(|done| done.phase == phase && done.node == node)
}

/// How a node looks at a sub-step (all false outside the walk).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeMarks {
    /// The node of this sub-step.
    pub active: bool,
    /// A node whose number this sub-step uses: an input forward, the next node backward.
    pub used: bool,
    /// Its value is not computed yet (forward, operations after this one).
    pub value_pending: bool,
    /// Its gradient is not computed yet.
    pub gradient_pending: bool,
    /// Its value after the update is not computed yet.
    pub update_pending: bool,
}

pub fn node_marks(step: Option<SubStep>, node: Node) -> NodeMarks {
    let Some(step) = step else {
        return NodeMarks::default();
    };
    let operation = EDGE_ENDS.iter().any(|(_, to)| *to == node);
    let used = match step.phase {
        Phase::Forward => EDGE_ENDS.contains(&(node, step.node)),
        Phase::Backward => EDGE_ENDS.contains(&(step.node, node)),
        Phase::Update => false,
    };
    NodeMarks {
        active: step.node == node,
        used,
        value_pending: step.phase == Phase::Forward
            && operation
            && !reached(step, Phase::Forward, node),
        gradient_pending: match step.phase {
            Phase::Forward => true,
            Phase::Backward => !reached(step, Phase::Backward, node),
            Phase::Update => false,
        },
        update_pending: node.is_parameter()
            && (step.phase != Phase::Update || !reached(step, Phase::Update, node)),
    }
}

/// How an edge looks at a sub-step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EdgeMarks {
    /// The edge this sub-step computes along (into the node forward, out of it backward).
    pub active: bool,
    /// The gradient has flowed back along it: its backward arrow shows.
    pub flowing: bool,
}

pub fn edge_marks(step: Option<SubStep>, index: usize) -> EdgeMarks {
    let Some(step) = step else {
        return EdgeMarks::default();
    };
    let (from, to) = EDGE_ENDS[index];
    match step.phase {
        Phase::Forward => EdgeMarks {
            active: to == step.node,
            flowing: false,
        },
        Phase::Backward => EdgeMarks {
            active: from == step.node,
            flowing: reached(step, Phase::Backward, from),
        },
        Phase::Update => EdgeMarks {
            active: false,
            flowing: true,
        },
    }
}

/// The post's equations a sub-step can point at; each carries `data-equation="<key>"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Equation {
    /// (1)–(3): ŷ = w₁x₁ + w₂x₂ + w₃x₃ + b.
    Forward,
    /// C = (ŷ − y)².
    Loss,
    /// ∂C/∂ŷ = 2(ŷ − y).
    OutputGradient,
    /// (4): ∂ŷ/∂wᵢ = xᵢ, ∂ŷ/∂b = 1.
    LocalDerivatives,
    /// (5)–(8): ∂C/∂wᵢ and ∂C/∂b by the chain rule; 0–2 the weights, 3 the bias.
    Chain(usize),
    /// (9)–(12): the updates; 0–2 the weights, 3 the bias.
    Update(usize),
}

impl Equation {
    pub fn key(self) -> &'static str {
        const CHAIN: [&str; 4] = ["chain-w1", "chain-w2", "chain-w3", "chain-b"];
        const UPDATE: [&str; 4] = ["update-w1", "update-w2", "update-w3", "update-b"];
        match self {
            Equation::Forward => "forward",
            Equation::Loss => "loss",
            Equation::OutputGradient => "output-gradient",
            Equation::LocalDerivatives => "local-derivatives",
            Equation::Chain(index) => CHAIN[index.min(3)],
            Equation::Update(index) => UPDATE[index.min(3)],
        }
    }

    /// The number the post gives the equation ("" where it gives none), as the page
    /// writes it beside the equation.
    pub fn number(self) -> &'static str {
        const CHAIN: [&str; 4] = ["(5)", "(6)", "(7)", "(8)"];
        const UPDATE: [&str; 4] = ["(9)", "(10)", "(11)", "(12)"];
        match self {
            Equation::Forward => "(1)–(3)",
            Equation::Loss | Equation::OutputGradient => "",
            Equation::LocalDerivatives => "(4)",
            Equation::Chain(index) => CHAIN[index.min(3)],
            Equation::Update(index) => UPDATE[index.min(3)],
        }
    }
}

/// Which of w₁, w₂, w₃, b a parameter node is.
fn parameter_index(node: Node) -> Option<usize> {
    [Node::W1, Node::W2, Node::W3, Node::Bias]
        .iter()
        .position(|parameter| *parameter == node)
}

/// The equation of the post that a sub-step is, if there is one.
pub fn equation(step: SubStep) -> Option<Equation> {
    use Node::*;
    match (step.phase, step.node) {
        (Phase::Forward, Error | Loss) | (Phase::Backward, Loss) => Some(Equation::Loss),
        (Phase::Forward, _) => Some(Equation::Forward),
        (Phase::Backward, Error | Prediction) => Some(Equation::OutputGradient),
        (Phase::Backward, Sum | P1 | P2 | P3) => Some(Equation::LocalDerivatives),
        (Phase::Backward, node) => parameter_index(node).map(Equation::Chain),
        (Phase::Update, node) => parameter_index(node).map(Equation::Update),
    }
}

/// The text of a formula, written piece by piece (no `format!`: this runs in the wasm,
/// where every formatting call costs bytes).
struct Formula(String);

impl Formula {
    fn text(&mut self, parts: &[&str]) -> &mut Self {
        for part in parts {
            self.0.push_str(part);
        }
        self
    }

    fn number(&mut self, value: f64) -> &mut Self {
        write_readout(&mut self.0, value);
        self
    }

    /// A number after an operator: in brackets when negative, so "1 · (-0.5)" reads right.
    fn operand(&mut self, value: f64) -> &mut Self {
        if value < 0.0 {
            self.text(&["("]).number(value).text(&[")"])
        } else {
            self.number(value)
        }
    }

    /// ∂C/∂`name`.
    fn gradient(&mut self, name: &str) -> &mut Self {
        self.text(&["∂C/∂", name])
    }
}

/// What the sub-step computes, with its numbers: the forward formula, the chain-rule
/// factor (the edge's local derivative times the gradient after it), or the update.
pub fn formula(step: SubStep, view: &GraphView) -> String {
    let graph = &view.graph;
    let node = step.node;
    let name = node.name();
    let mut out = Formula(String::new());
    match step.phase {
        Phase::Forward if node == Node::Loss => {
            out.text(&["C = (ŷ − y)² = e² = "])
                .operand(graph.value(Node::Error))
                .text(&["² = "]);
        }
        Phase::Forward => {
            let (symbol, operator) = match node {
                Node::P1 | Node::P2 | Node::P3 => ("·", " · "),
                Node::Error => (" − ", " − "),
                _ => (" + ", " + "),
            };
            let inputs = || {
                EDGE_ENDS
                    .iter()
                    .filter(move |(_, to)| *to == node)
                    .map(|(from, _)| *from)
                    .enumerate()
            };
            out.text(&[name, " ="]);
            for (index, input) in inputs() {
                out.text(&[if index == 0 { " " } else { symbol }, input.name()]);
            }
            out.text(&[" = "]);
            for (index, input) in inputs() {
                if index > 0 {
                    out.text(&[operator]);
                }
                out.operand(graph.value(input));
            }
            out.text(&[" = "]);
        }
        Phase::Backward => {
            let Some((index, (_, to))) = EDGE_ENDS
                .iter()
                .enumerate()
                .find(|(_, (from, _))| *from == node)
            else {
                return "∂C/∂C = 1".to_string();
            };
            let edge = graph.edges[index];
            out.gradient(name).text(&[" = "]);
            if *to != Node::Loss {
                let next = to.name();
                out.text(&["∂", next, "/∂", name, " · "])
                    .gradient(next)
                    .text(&[" = "]);
            }
            out.text(&[edge.symbol, " · "])
                .gradient(to.name())
                .text(&[" = "])
                .number(edge.local_derivative)
                .text(&[" × "])
                .operand(graph.gradient(*to))
                .text(&[" = "])
                .number(graph.gradient(node));
            return out.0;
        }
        Phase::Update => {
            let after = match parameter_index(node) {
                Some(weight) if weight < 3 => view.after.weights[weight],
                _ => view.after.bias,
            };
            out.text(&[name, " := ", name, " − α · "])
                .gradient(name)
                .text(&[" = "])
                .number(graph.value(node))
                .text(&[" − "])
                .number(view.learning_rate)
                .text(&[" × "])
                .operand(graph.gradient(node))
                .text(&[" = "])
                .number(after);
            return out.0;
        }
    }
    out.number(graph.value(node));
    out.0
}

/// The caption of a sub-step: its phase, where it is in the walk, its formula.
pub fn caption(step: SubStep, view: &GraphView, language: Language) -> String {
    let mut out = Formula(String::new());
    out.text(&[language.text(step.phase.name()), " · "])
        .number((index_of(step) + 1) as f64)
        .text(&["/"])
        .number(SUB_STEPS.len() as f64)
        .text(&[" · ", &formula(step, view)]);
    // Backprop reaches the data too, but no update uses their gradients.
    if step.phase == Phase::Backward
        && matches!(step.node, Node::X1 | Node::X2 | Node::X3 | Node::Target)
    {
        out.text(&[" · ", language.text(Key::GradientOfData)]);
    }
    // Where the same computation stands among the equations below the graph.
    if let Some(number) = equation(step)
        .map(Equation::number)
        .filter(|number| !number.is_empty())
    {
        out.text(&[" · ", language.text(Key::EquationReference), " ", number]);
    }
    out.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{evaluate, EDGE_COUNT};
    use crate::neuron::Parameters;

    const MARK: Mark = Mark {
        scene: Scene::Neuron,
        generation: 1,
        shown_step: 0,
    };

    #[test]
    fn the_walk_computes_every_number_after_the_numbers_it_needs() {
        let forward: Vec<Node> = SUB_STEPS
            .iter()
            .filter(|step| step.phase == Phase::Forward)
            .map(|step| step.node)
            .collect();
        // Every operation once, after its inputs.
        let operations: Vec<Node> = Node::ALL
            .into_iter()
            .filter(|node| EDGE_ENDS.iter().any(|(_, to)| to == node))
            .collect();
        assert_eq!(forward, operations);
        let backward: Vec<Node> = SUB_STEPS
            .iter()
            .filter(|step| step.phase == Phase::Backward)
            .map(|step| step.node)
            .collect();
        assert_eq!(backward.len(), Node::ALL.len());
        for (i, node) in backward.iter().enumerate() {
            for (from, to) in EDGE_ENDS {
                if from == *node {
                    assert!(backward[..i].contains(&to), "{node:?} before {to:?}");
                }
            }
        }
        // The phases come in order.
        let phases: Vec<Phase> = SUB_STEPS.iter().map(|step| step.phase).collect();
        assert!(phases.is_sorted_by_key(|phase| *phase as u8));
    }

    #[test]
    fn next_and_previous_walk_through_and_out() {
        let mut cursor = None;
        let mut seen = Vec::new();
        loop {
            cursor = next(cursor, MARK);
            match current(cursor, MARK) {
                Some(step) => seen.push(step),
                None => break,
            }
        }
        assert_eq!(seen, SUB_STEPS);
        let last = previous(None, MARK);
        assert_eq!(current(last, MARK), Some(SUB_STEPS[25]));
        assert_eq!(previous(next(None, MARK), MARK), None);
        // Another state: the walk is over, and starts afresh.
        let other = Mark {
            shown_step: 1,
            ..MARK
        };
        let cursor = next(next(None, MARK), MARK);
        assert_eq!(current(cursor, other), None);
        assert_eq!(current(next(cursor, other), other), Some(SUB_STEPS[0]));
    }

    #[test]
    fn marks_follow_the_walk() {
        let step = SUB_STEPS[3]; // forward at s
        assert!(node_marks(Some(step), Node::Sum).active);
        assert!(node_marks(Some(step), Node::P2).used);
        assert!(!node_marks(Some(step), Node::P2).value_pending);
        assert!(node_marks(Some(step), Node::Prediction).value_pending);
        assert!(
            !node_marks(Some(step), Node::Bias).value_pending,
            "b is given"
        );
        assert!(node_marks(Some(step), Node::Loss).gradient_pending);
        assert!(edge_marks(Some(step), 7).active, "p₂ → s");
        let backward = at(Phase::Backward, Node::W1);
        assert!(node_marks(Some(backward), Node::P1).used);
        assert!(!node_marks(Some(backward), Node::W1).gradient_pending);
        assert!(node_marks(Some(backward), Node::X1).gradient_pending);
        assert!(node_marks(Some(backward), Node::W1).update_pending);
        assert!(edge_marks(Some(backward), 1).active && edge_marks(Some(backward), 1).flowing);
        assert!(
            !edge_marks(Some(backward), 0).flowing,
            "x₁ has no gradient yet"
        );
        assert!(edge_marks(Some(backward), 13).flowing);
        let update = at(Phase::Update, Node::W2);
        assert!(!node_marks(Some(update), Node::W1).update_pending);
        assert!(node_marks(Some(update), Node::W3).update_pending);
        for index in 0..EDGE_COUNT {
            assert_eq!(edge_marks(None, index), EdgeMarks::default());
        }
        assert_eq!(node_marks(None, Node::Loss), NodeMarks::default());
    }

    fn posts_first_step() -> GraphView {
        let before = Parameters {
            weights: [0.0; 3],
            bias: 3.35507743,
        };
        let mut layer = crate::neuron::DenseLayer::new(before);
        let step = layer.step(0.001);
        GraphView {
            graph: evaluate(before),
            after: step.after,
            learning_rate: 0.001,
        }
    }

    #[test]
    fn formulas_show_the_chain_rule_with_the_posts_numbers() {
        let view = posts_first_step();
        let formula = |phase, node| formula(at(phase, node), &view);
        assert_eq!(
            formula(Phase::Forward, Node::Prediction),
            "ŷ = s + b = 0 + 3.35507743 = 3.35507743"
        );
        assert_eq!(formula(Phase::Forward, Node::P3), "p₃ = x₃·w₃ = 3 · 0 = 0");
        assert_eq!(
            formula(Phase::Forward, Node::Loss),
            "C = (ŷ − y)² = e² = 2.35507743² = 5.5463897"
        );
        assert_eq!(formula(Phase::Backward, Node::Loss), "∂C/∂C = 1");
        assert_eq!(
            formula(Phase::Backward, Node::Error),
            "∂C/∂e = 2(ŷ − y) · ∂C/∂C = 4.71015486 × 1 = 4.71015486"
        );
        assert_eq!(
            formula(Phase::Backward, Node::W3),
            "∂C/∂w₃ = ∂p₃/∂w₃ · ∂C/∂p₃ = x₃ · ∂C/∂p₃ = 3 × 4.71015486 = 14.1304646"
        );
        assert_eq!(
            formula(Phase::Backward, Node::Target),
            "∂C/∂y = ∂e/∂y · ∂C/∂e = −1 · ∂C/∂e = -1 × 4.71015486 = -4.71015486"
        );
        assert_eq!(
            formula(Phase::Update, Node::W3),
            "w₃ := w₃ − α · ∂C/∂w₃ = 0 − 0.001 × 14.1304646 = -0.0141304646"
        );
        let caption_of = |node| caption(at(Phase::Backward, node), &view, Language::English);
        assert_eq!(
            caption(at(Phase::Backward, Node::Loss), &view, Language::Chinese),
            "反向传播 · 8/26 · ∂C/∂C = 1"
        );
        // Gradients of the data are said to be unused; a weight's names its equation.
        assert!(caption_of(Node::Target).ends_with("· no update uses it: x and y are data"));
        assert!(caption_of(Node::X1).ends_with("· no update uses it: x and y are data"));
        assert!(caption_of(Node::W3).ends_with("= 14.1304646 · eq. (7)"));
        assert!(!caption_of(Node::Bias).contains("no update uses it"));
    }

    #[test]
    fn every_parameter_has_its_chain_rule_and_update_equation() {
        let keys: Vec<&str> = SUB_STEPS
            .iter()
            .filter_map(|step| equation(*step))
            .map(Equation::key)
            .collect();
        for key in [
            "forward",
            "loss",
            "output-gradient",
            "local-derivatives",
            "chain-w1",
            "chain-b",
            "update-w3",
            "update-b",
        ] {
            assert!(keys.contains(&key), "{key}");
        }
    }
}
