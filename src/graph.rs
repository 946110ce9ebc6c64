//! The computational graph of the post's neuron, with the forward value and the
//! backward gradient ∂C/∂node of every node, and the local derivative on every edge,
//! so the chain rule of equations (5)–(8) can be read off the picture:
//!
//! ```text
//! x₁ ─┐                 ∂C/∂w₁ = ∂C/∂e · ∂e/∂ŷ · ∂ŷ/∂s · ∂s/∂p₁ · ∂p₁/∂w₁
//! w₁ ─┴─ p₁ = x₁w₁ ─┐          = 2(ŷ − y) ·  1   ·  1   ·  1    ·  x₁
//! …                 ├─ s ─┬─ ŷ = s + b ─┬─ e = ŷ − y ── C = e²
//! x₃, w₃ ── p₃ ─────┘  b ─┘          y ─┘
//! ```

use crate::neuron::{Parameters, INPUT, TARGET};

/// The nodes, in forward (topological) order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    X1,
    W1,
    X2,
    W2,
    X3,
    W3,
    P1,
    P2,
    P3,
    Sum,
    Bias,
    Prediction,
    Target,
    Error,
    Loss,
}

impl Node {
    pub const ALL: [Node; 15] = [
        Node::X1,
        Node::W1,
        Node::X2,
        Node::W2,
        Node::X3,
        Node::W3,
        Node::P1,
        Node::P2,
        Node::P3,
        Node::Sum,
        Node::Bias,
        Node::Prediction,
        Node::Target,
        Node::Error,
        Node::Loss,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// A stable name for element ids.
    pub fn key(self) -> &'static str {
        match self {
            Node::X1 => "x1",
            Node::W1 => "w1",
            Node::X2 => "x2",
            Node::W2 => "w2",
            Node::X3 => "x3",
            Node::W3 => "w3",
            Node::P1 => "p1",
            Node::P2 => "p2",
            Node::P3 => "p3",
            Node::Sum => "s",
            Node::Bias => "b",
            Node::Prediction => "yhat",
            Node::Target => "y",
            Node::Error => "e",
            Node::Loss => "c",
        }
    }

    /// The node as the post writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            Node::X1 => "x₁",
            Node::W1 => "w₁",
            Node::X2 => "x₂",
            Node::W2 => "w₂",
            Node::X3 => "x₃",
            Node::W3 => "w₃",
            Node::P1 => "x₁·w₁",
            Node::P2 => "x₂·w₂",
            Node::P3 => "x₃·w₃",
            Node::Sum => "s = Σ",
            Node::Bias => "b",
            Node::Prediction => "ŷ = s + b",
            Node::Target => "y",
            Node::Error => "ŷ − y",
            Node::Loss => "C = (ŷ − y)²",
        }
    }

    /// Weights and bias: what gradient descent updates.
    pub fn is_parameter(self) -> bool {
        matches!(self, Node::W1 | Node::W2 | Node::W3 | Node::Bias)
    }
}

/// An edge from an input of an operation to its output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub from: Node,
    pub to: Node,
    /// The local derivative ∂to/∂from at the current values.
    pub local_derivative: f64,
    /// How the post writes that derivative, e.g. "x₁" for ∂ŷ/∂w₁ (equation (4)).
    pub symbol: &'static str,
}

/// The graph at one set of parameters: forward values, backward gradients, edges.
#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    pub values: [f64; 15],
    /// ∂C/∂node for every node, by the chain rule from C backwards.
    pub gradients: [f64; 15],
    /// A fixed array, not a `Vec`: the graph is evaluated every frame while playing.
    pub edges: [Edge; EDGE_COUNT],
}

/// The graph's edges: two into each product, one from each product and the bias into
/// their sums, then ŷ and y into e, and e into C.
pub const EDGE_COUNT: usize = 14;

impl Graph {
    pub fn value(&self, node: Node) -> f64 {
        self.values[node.index()]
    }

    pub fn gradient(&self, node: Node) -> f64 {
        self.gradients[node.index()]
    }
}

/// The forward pass, with one node's value optionally replaced (for finite differences).
pub fn forward(parameters: Parameters, replaced: Option<(Node, f64)>) -> [f64; 15] {
    let mut values = [0.0; 15];
    let mut set = |node: Node, value: f64| {
        let value = match replaced {
            Some((replaced_node, replacement)) if replaced_node == node => replacement,
            _ => value,
        };
        values[node.index()] = value;
        value
    };
    let x1 = set(Node::X1, INPUT[0]);
    let w1 = set(Node::W1, parameters.weights[0]);
    let x2 = set(Node::X2, INPUT[1]);
    let w2 = set(Node::W2, parameters.weights[1]);
    let x3 = set(Node::X3, INPUT[2]);
    let w3 = set(Node::W3, parameters.weights[2]);
    let p1 = set(Node::P1, x1 * w1);
    let p2 = set(Node::P2, x2 * w2);
    let p3 = set(Node::P3, x3 * w3);
    let sum = set(Node::Sum, p1 + p2 + p3);
    let bias = set(Node::Bias, parameters.bias);
    let prediction = set(Node::Prediction, sum + bias);
    let target = set(Node::Target, TARGET);
    let error = set(Node::Error, prediction - target);
    set(Node::Loss, error * error);
    values
}

/// Forward, then backward: ∂C/∂C = 1, ∂C/∂e = 2e, and each node's gradient is the sum
/// over its outgoing edges of (gradient of the edge's end) × (local derivative).
pub fn evaluate(parameters: Parameters) -> Graph {
    let values = forward(parameters, None);
    let v = |node: Node| values[node.index()];
    let edge = |from, to, local_derivative, symbol| Edge {
        from,
        to,
        local_derivative,
        symbol,
    };
    let edges = [
        edge(Node::X1, Node::P1, v(Node::W1), "w₁"),
        edge(Node::W1, Node::P1, v(Node::X1), "x₁"),
        edge(Node::X2, Node::P2, v(Node::W2), "w₂"),
        edge(Node::W2, Node::P2, v(Node::X2), "x₂"),
        edge(Node::X3, Node::P3, v(Node::W3), "w₃"),
        edge(Node::W3, Node::P3, v(Node::X3), "x₃"),
        edge(Node::P1, Node::Sum, 1.0, "1"),
        edge(Node::P2, Node::Sum, 1.0, "1"),
        edge(Node::P3, Node::Sum, 1.0, "1"),
        edge(Node::Sum, Node::Prediction, 1.0, "1"),
        edge(Node::Bias, Node::Prediction, 1.0, "1"),
        edge(Node::Prediction, Node::Error, 1.0, "1"),
        edge(Node::Target, Node::Error, -1.0, "−1"),
        edge(Node::Error, Node::Loss, 2.0 * v(Node::Error), "2(ŷ − y)"),
    ];
    let mut gradients = [0.0; 15];
    gradients[Node::Loss.index()] = 1.0;
    // Reverse topological order: every edge's end is final before its start is summed.
    for node in Node::ALL.iter().rev() {
        for edge in edges.iter().filter(|edge| edge.from == *node) {
            gradients[node.index()] += gradients[edge.to.index()] * edge.local_derivative;
        }
    }
    Graph {
        values,
        gradients,
        edges,
    }
}

/// Where each node sits in the drawing (our own layout: inputs left, loss right).
pub fn position(node: Node) -> (f64, f64) {
    // The first gap is wider: the six input edges carry their labels there.
    let column = |index: f64| {
        if index == 0.0 {
            6.0
        } else {
            238.0 + (index - 1.0) * 164.0
        }
    };
    let row = |index: f64| 6.0 + index * 78.0;
    match node {
        Node::X1 => (column(0.0), row(0.0)),
        Node::W1 => (column(0.0), row(1.0)),
        Node::X2 => (column(0.0), row(2.0)),
        Node::W2 => (column(0.0), row(3.0)),
        Node::X3 => (column(0.0), row(4.0)),
        Node::W3 => (column(0.0), row(5.0)),
        Node::P1 => (column(1.0), row(0.5)),
        Node::P2 => (column(1.0), row(2.5)),
        Node::P3 => (column(1.0), row(4.5)),
        Node::Sum => (column(2.0), row(2.5)),
        Node::Bias => (column(2.0), row(4.5)),
        Node::Prediction => (column(3.0), row(2.5)),
        Node::Target => (column(3.0), row(4.5)),
        Node::Error => (column(4.0), row(2.5)),
        Node::Loss => (column(5.0), row(2.5)),
    }
}

/// Size of a node's box in the drawing.
pub const NODE_SIZE: (f64, f64) = (132.0, 70.0);
/// The drawing's extent (the SVG viewBox).
pub const DRAWING_SIZE: (f64, f64) = (1032.0, 472.0);

#[cfg(test)]
mod tests {
    use super::*;

    const SOME: Parameters = Parameters {
        weights: [0.3, -0.2, 0.7],
        bias: 0.5,
    };

    #[test]
    fn forward_values_are_the_posts_model() {
        let graph = evaluate(SOME);
        let prediction = 0.3 - 0.4 + 2.1 + 0.5;
        assert!((graph.value(Node::Prediction) - prediction).abs() < 1e-12);
        assert!((graph.value(Node::Loss) - (prediction - 1.0).powi(2)).abs() < 1e-12);
    }

    #[test]
    fn backward_gradients_are_equations_5_to_8() {
        let graph = evaluate(SOME);
        let output = 2.0 * (graph.value(Node::Prediction) - 1.0);
        assert_eq!(graph.gradient(Node::W1), output * 1.0);
        assert_eq!(graph.gradient(Node::W2), output * 2.0);
        assert_eq!(graph.gradient(Node::W3), output * 3.0);
        assert_eq!(graph.gradient(Node::Bias), output);
        assert_eq!(graph.gradient(Node::Loss), 1.0);
    }

    #[test]
    fn every_node_gradient_equals_a_central_difference() {
        for parameters in [
            SOME,
            Parameters {
                weights: [0.0; 3],
                bias: 3.35507743,
            },
        ] {
            let graph = evaluate(parameters);
            for node in Node::ALL {
                let value = graph.value(node);
                let h = 1e-6 * value.abs().max(1.0);
                let loss = |v: f64| forward(parameters, Some((node, v)))[Node::Loss.index()];
                let numeric = (loss(value + h) - loss(value - h)) / (2.0 * h);
                assert!(
                    (graph.gradient(node) - numeric).abs() < 1e-6 * numeric.abs().max(1.0),
                    "{node:?}: {} vs {numeric}",
                    graph.gradient(node)
                );
            }
        }
    }

    #[test]
    fn nodes_fit_the_drawing_without_overlapping() {
        for (i, a) in Node::ALL.iter().enumerate() {
            let (x, y) = position(*a);
            assert!(x >= 0.0 && y >= 0.0);
            assert!(x + NODE_SIZE.0 <= DRAWING_SIZE.0 && y + NODE_SIZE.1 <= DRAWING_SIZE.1);
            for b in &Node::ALL[i + 1..] {
                let (u, v) = position(*b);
                let apart = (x - u).abs() >= NODE_SIZE.0 || (y - v).abs() >= NODE_SIZE.1;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
    }
}
