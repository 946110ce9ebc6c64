//! The computational graph as SVG markup, built once; the numbers live in elements
//! with ids (`graph-value-w1`, `graph-gradient-w1`, `graph-update-w1`, `graph-edge-3`)
//! whose text the web layer updates each frame.

use super::markup::escape;
use crate::graph::{self, Edge, Node, DRAWING_SIZE, NODE_SIZE};

fn centre_left(node: Node) -> (f64, f64) {
    let (x, y) = graph::position(node);
    (x, y + NODE_SIZE.1 / 2.0)
}

fn centre_right(node: Node) -> (f64, f64) {
    let (x, y) = graph::position(node);
    (x + NODE_SIZE.0, y + NODE_SIZE.1 / 2.0)
}

/// The drawing: edges (arrows with their local derivative) under the nodes (symbol,
/// value, gradient, and for parameters the value after the update).
pub fn graph_svg(edges: &[Edge], label: &str) -> String {
    let (width, height) = DRAWING_SIZE;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" class=\"graph\" role=\"group\" aria-label=\"{}\">",
        escape(label)
    );
    svg.push_str(
        "<defs><marker id=\"graph-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\"/></marker></defs>",
    );
    let last = edges.len().saturating_sub(1);
    for (index, edge) in edges.iter().enumerate() {
        let (x1, y1) = centre_right(edge.from);
        let (x2, y2) = centre_left(edge.to);
        let (label_x, label_y) = (x1 + (x2 - x1) * 0.5, y1 + (y2 - y1) * 0.5 - 4.0);
        // The backward pass runs from the loss to the inputs: the last edge lights first.
        // A constant derivative (1, −1) is its own label; others show symbol = value.
        let symbol = if !matches!(edge.symbol, "1" | "−1") {
            format!("{} = ", escape(edge.symbol))
        } else {
            String::new()
        };
        svg.push_str(&format!(
            "<g class=\"edge backward-{}\"><line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" marker-end=\"url(#graph-arrow)\"/><text class=\"edge-label\" x=\"{label_x}\" y=\"{label_y}\" text-anchor=\"middle\">{symbol}<tspan id=\"graph-edge-{index}\"></tspan></text></g>",
            last - index,
        ));
    }
    for node in Node::ALL {
        let (x, y) = graph::position(node);
        let key = node.key();
        let text_x = x + 8.0;
        svg.push_str(&format!(
            "<g class=\"node forward-{}{}\"><rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" rx=\"8\"/>",
            node.index(),
            if node.is_parameter() { " parameter" } else { "" },
            NODE_SIZE.0,
            NODE_SIZE.1,
        ));
        svg.push_str(&format!(
            "<text class=\"symbol\" x=\"{text_x}\" y=\"{}\">{}</text>",
            y + 15.0,
            escape(node.symbol())
        ));
        svg.push_str(&format!(
            "<text class=\"value\" x=\"{text_x}\" y=\"{}\">= <tspan id=\"graph-value-{key}\"></tspan></text>",
            y + 31.0
        ));
        svg.push_str(&format!(
            "<text class=\"gradient\" x=\"{text_x}\" y=\"{}\">∂C/∂· <tspan id=\"graph-gradient-{key}\"></tspan></text>",
            y + 47.0
        ));
        if node.is_parameter() {
            svg.push_str(&format!(
                "<text class=\"update\" x=\"{text_x}\" y=\"{}\">→ <tspan id=\"graph-update-{key}\"></tspan></text>",
                y + 63.0
            ));
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuron::Parameters;
    use crate::render::markup::is_balanced;

    #[test]
    fn every_node_and_edge_has_its_slots() {
        let graph = graph::evaluate(Parameters {
            weights: [0.1, 0.2, 0.3],
            bias: 0.4,
        });
        let svg = graph_svg(&graph.edges, "Computational graph");
        assert!(is_balanced(&svg), "{svg}");
        for node in Node::ALL {
            assert!(svg.contains(&format!("id=\"graph-value-{}\"", node.key())));
            assert!(svg.contains(&format!("id=\"graph-gradient-{}\"", node.key())));
            assert_eq!(
                svg.contains(&format!("id=\"graph-update-{}\"", node.key())),
                node.is_parameter()
            );
        }
        for index in 0..graph.edges.len() {
            assert!(svg.contains(&format!("id=\"graph-edge-{index}\"")));
        }
        assert!(svg.contains("class=\"edge backward-0\""));
    }
}
