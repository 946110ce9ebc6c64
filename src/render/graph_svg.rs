//! The computational graph as SVG markup, built once per layout and language; the
//! numbers live in elements with ids (`graph-value-w1`, `graph-gradient-w1`,
//! `graph-update-w1`, `graph-edge-3`) whose text the web layer updates each frame.
//!
//! Every node is a focusable group (`graph-node-w1`) and every text that shows a
//! quantity carries `data-quantity`, so pointing at it or focusing it highlights the
//! same quantity everywhere on the page. Each edge has its forward line (arrow towards
//! the loss) and, beside it, the backward pass's arrow (towards the inputs), shown
//! while the gradient flows back along it.

use super::markup::escape;
use crate::graph::{Edge, Layout, Node, Quantity, Route, EDGE_ENDS, FONT_SIZE, LINE_HEIGHT};

/// One line of a node's box.
struct NodeLine {
    class: &'static str,
    /// The id of the line (for the node's accessible name).
    id: String,
    quantity: Option<Quantity>,
    /// The text before the number, or the whole line.
    text: String,
    /// The id of the element the web layer writes the number into, if any.
    slot: Option<String>,
}

fn node_lines(node: Node) -> Vec<NodeLine> {
    let key = node.key();
    let line = |class, id: &str, quantity, text: String, slot: Option<&str>| NodeLine {
        class,
        id: format!("graph-{id}-{key}"),
        quantity,
        text,
        slot: slot.map(|slot| format!("graph-{slot}-{key}")),
    };
    let mut lines = vec![
        line("symbol", "symbol", None, node.symbol().into(), None),
        line(
            "value",
            "value-line",
            Some(Quantity::Value(node)),
            "= ".into(),
            Some("value"),
        ),
        line(
            "gradient-label",
            "gradient-label",
            Some(Quantity::Gradient(node)),
            format!("∂C/∂{}", node.name()),
            None,
        ),
        line(
            "gradient",
            "gradient-line",
            Some(Quantity::Gradient(node)),
            "= ".into(),
            Some("gradient"),
        ),
    ];
    if node.is_parameter() {
        lines.push(line(
            "update",
            "update-line",
            Some(Quantity::Value(node)),
            "→ ".into(),
            Some("update"),
        ));
    }
    lines
}

/// What an edge's label says before its number, one entry per line: nothing for a
/// constant derivative (1, −1: the number is the label), else "x₁ = " or, on two
/// lines, "2(ŷ − y)" over "= ".
fn edge_label_texts(edge: &Edge, lines: usize) -> Vec<String> {
    if matches!(edge.symbol, "1" | "−1") {
        vec![String::new()]
    } else if lines >= 2 {
        vec![edge.symbol.to_string(), "= ".to_string()]
    } else {
        vec![format!("{} = ", edge.symbol)]
    }
}

/// The quantity an edge's label shows, if it is one: into a product xᵢ·wᵢ, the local
/// derivative by one factor is the other factor's value.
fn edge_quantity(index: usize) -> Option<Quantity> {
    let (from, to) = EDGE_ENDS[index];
    EDGE_ENDS
        .iter()
        .find(|(other, end)| *end == to && *other != from && is_factor(from))
        .map(|(other, _)| Quantity::Value(*other))
}

fn is_factor(node: Node) -> bool {
    use Node::*;
    matches!(node, X1 | W1 | X2 | W2 | X3 | W3)
}

fn quantity_attribute(quantity: Option<Quantity>) -> String {
    quantity.map_or_else(String::new, |quantity| {
        format!(" data-quantity=\"{}\"", quantity.key())
    })
}

fn write_edge(svg: &mut String, index: usize, edge: &Edge, route: &Route, backward_order: usize) {
    let ((x1, y1), (x2, y2)) = (route.start, route.end);
    let ((f1, g1), (f2, g2)) = route.flow;
    let (label_x, label_y) = route.label;
    svg.push_str(&format!(
        "<g class=\"edge backward-{backward_order}\" id=\"graph-edge-line-{index}\"><line class=\"wire\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" marker-end=\"url(#graph-arrow)\"/><line class=\"flow\" x1=\"{f1}\" y1=\"{g1}\" x2=\"{f2}\" y2=\"{g2}\" marker-end=\"url(#graph-flow-arrow)\"/><text class=\"edge-label\" x=\"{label_x}\" y=\"{label_y}\" text-anchor=\"{}\"{}>",
        route.anchor.svg(),
        quantity_attribute(edge_quantity(index)),
    ));
    let texts = edge_label_texts(edge, route.lines);
    let last = texts.len() - 1;
    for (line, text) in texts.iter().enumerate() {
        let number = if line == last {
            format!("<tspan id=\"graph-edge-{index}\"></tspan>")
        } else {
            String::new()
        };
        if line == 0 {
            svg.push_str(&format!("{}{number}", escape(text)));
        } else {
            svg.push_str(&format!(
                "<tspan x=\"{label_x}\" dy=\"{LINE_HEIGHT}\">{}{number}</tspan>",
                escape(text)
            ));
        }
    }
    svg.push_str("</text></g>");
}

fn write_node(svg: &mut String, node: Node, layout: &Layout) {
    let key = node.key();
    let area = layout.node_box(node);
    let lines = node_lines(node);
    let labelled_by: Vec<&str> = lines.iter().map(|line| line.id.as_str()).collect();
    svg.push_str(&format!(
        "<g class=\"node forward-{}{}\" id=\"graph-node-{key}\" data-quantity=\"{key}\" tabindex=\"0\" role=\"group\" aria-labelledby=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>",
        node.index(),
        if node.is_parameter() { " parameter" } else { "" },
        labelled_by.join(" "),
        area.x,
        area.y,
        area.width,
        area.height,
    ));
    for (index, line) in lines.iter().enumerate() {
        let (x, y) = layout.line_origin(node, index);
        let slot = line
            .slot
            .as_ref()
            .map_or_else(String::new, |id| format!("<tspan id=\"{id}\"></tspan>"));
        svg.push_str(&format!(
            "<text class=\"{}\" id=\"{}\" x=\"{x}\" y=\"{y}\"{}>{}{slot}</text>",
            line.class,
            line.id,
            quantity_attribute(line.quantity),
            escape(&line.text),
        ));
    }
    svg.push_str("</g>");
}

/// The drawing in `layout`: edges (forward line, backward arrow, local derivative)
/// under the nodes (symbol, value, gradient, and for parameters the value after the
/// update). Drawn at one CSS pixel per unit: `width` and `height` are the layout's.
pub fn graph_svg(edges: &[Edge], layout: &Layout, label: &str) -> String {
    let (width, height) = layout.size;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" class=\"graph\" data-layout=\"{}\" role=\"group\" aria-label=\"{}\" font-size=\"{FONT_SIZE}\">",
        layout.name,
        escape(label)
    );
    svg.push_str(
        "<defs><marker id=\"graph-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\"/></marker><marker id=\"graph-flow-arrow\" class=\"flow-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\"/></marker></defs>",
    );
    let last = edges.len().saturating_sub(1);
    for (index, edge) in edges.iter().enumerate() {
        // The backward pass runs from the loss to the inputs: the last edge lights first.
        write_edge(&mut svg, index, edge, &layout.route(index), last - index);
    }
    for node in Node::ALL {
        write_node(&mut svg, node, layout);
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{self, estimated_width, Rect, ASCENT, LAYOUTS, WIDEST_NUMBER};
    use crate::neuron::Parameters;
    use crate::render::markup::is_balanced;

    fn edges() -> [Edge; graph::EDGE_COUNT] {
        graph::evaluate(Parameters {
            weights: [0.1, 0.2, 0.3],
            bias: 0.4,
        })
        .edges
    }

    /// What a box holds: a node's line or an edge's label.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Owner {
        Node(Node),
        Edge(usize),
    }

    /// Every text of the drawing with its estimated box, each number at its widest.
    fn text_boxes(layout: &Layout) -> Vec<(Owner, Rect)> {
        let mut boxes = Vec::new();
        for node in Node::ALL {
            for (index, line) in node_lines(node).iter().enumerate() {
                let (x, baseline) = layout.line_origin(node, index);
                let mut text = line.text.clone();
                if line.slot.is_some() {
                    text.push_str(WIDEST_NUMBER);
                }
                let area = Rect {
                    x,
                    y: baseline - ASCENT * FONT_SIZE,
                    width: estimated_width(&text, FONT_SIZE, line.class == "symbol"),
                    height: graph::text_height(1),
                };
                boxes.push((Owner::Node(node), area));
            }
        }
        for (index, edge) in edges().iter().enumerate() {
            let route = layout.route(index);
            let constant = matches!(edge.symbol, "1" | "−1");
            let widest = edge_label_texts(edge, route.lines)
                .into_iter()
                .enumerate()
                .map(|(line, mut text)| {
                    if line == route.lines - 1 || route.lines == 1 {
                        text.push_str(if constant { "-1" } else { WIDEST_NUMBER });
                    }
                    estimated_width(&text, FONT_SIZE, false)
                })
                .fold(0.0, f64::max);
            boxes.push((Owner::Edge(index), route.label_box(widest)));
        }
        boxes
    }

    #[test]
    fn every_node_and_edge_has_its_slots() {
        let graph = graph::evaluate(Parameters {
            weights: [0.1, 0.2, 0.3],
            bias: 0.4,
        });
        for layout in &LAYOUTS {
            let svg = graph_svg(&graph.edges, layout, "Computational graph");
            assert!(is_balanced(&svg), "{svg}");
            for node in Node::ALL {
                let key = node.key();
                assert!(svg.contains(&format!("id=\"graph-value-{key}\"")));
                assert!(svg.contains(&format!("id=\"graph-gradient-{key}\"")));
                assert!(svg.contains(&format!("id=\"graph-node-{key}\"")));
                assert_eq!(
                    svg.contains(&format!("id=\"graph-update-{key}\"")),
                    node.is_parameter()
                );
            }
            for index in 0..graph.edges.len() {
                assert!(svg.contains(&format!("id=\"graph-edge-{index}\"")));
            }
            assert!(svg.contains("class=\"edge backward-0\""));
            assert!(svg.contains(&format!("width=\"{}\"", layout.size.0)));
        }
    }

    #[test]
    fn labels_say_what_they_are() {
        let svg = graph_svg(&edges(), &LAYOUTS[0], "Computational graph");
        for label in ["∂C/∂w₁", "∂C/∂ŷ", "∂C/∂C", "p₁ = x₁·w₁", "2(ŷ − y)"]
        {
            assert!(svg.contains(label), "{label}");
        }
        assert!(!svg.contains("∂C/∂·"));
        // The edge x₁ → p₁ carries ∂p₁/∂x₁ = w₁: it shows w₁'s value.
        assert!(svg.contains("data-quantity=\"w1\">w₁ = <tspan id=\"graph-edge-0\">"));
        assert!(svg.contains("data-quantity=\"grad-w1\">∂C/∂w₁</text>"));
    }

    #[test]
    fn no_text_meets_another_text_a_foreign_box_or_a_line() {
        let mut problems = Vec::new();
        for layout in &LAYOUTS {
            let name = layout.name;
            let boxes = text_boxes(layout);
            let drawing = Rect {
                x: 0.0,
                y: 0.0,
                width: layout.size.0,
                height: layout.size.1,
            };
            for (i, (owner, area)) in boxes.iter().enumerate() {
                if !drawing.contains(area) {
                    problems.push(format!("{name}: {owner:?} {area:?} leaves the drawing"));
                }
                for (other, other_area) in &boxes[i + 1..] {
                    if area.intersects(other_area) {
                        problems.push(format!(
                            "{name}: {owner:?} {area:?} meets {other:?} {other_area:?}"
                        ));
                    }
                }
                for node in Node::ALL {
                    let node_box = layout.node_box(node);
                    if *owner == Owner::Node(node) {
                        let mut room = node_box;
                        room.x += graph::NODE_PADDING;
                        room.width -= 2.0 * graph::NODE_PADDING;
                        if !room.contains(area) {
                            problems.push(format!(
                                "{name}: {area:?}, a line of {node:?}, leaves its box"
                            ));
                        }
                    } else if area.intersects(&node_box) {
                        problems.push(format!("{name}: {owner:?} {area:?} meets {node:?}"));
                    }
                }
                for index in 0..graph::EDGE_COUNT {
                    let route = layout.route(index);
                    for (a, b) in [(route.start, route.end), route.flow] {
                        if area.meets_segment(a, b) {
                            problems.push(format!(
                                "{name}: {owner:?} {area:?} is crossed by edge {index}"
                            ));
                        }
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
