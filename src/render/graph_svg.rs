//! The computational graph as SVG markup, built once per layout and language; the
//! numbers live in elements with ids (`graph-value-w1`, `graph-gradient-w1`,
//! `graph-update-w1`, `graph-edge-3`) whose text the web layer updates each frame.
//!
//! Every node is a focusable group (`graph-node-w1`) and every text that shows a
//! quantity carries `data-quantity`, so pointing at it or focusing it highlights the
//! same quantity everywhere on the page. Each edge has its forward line (arrow towards
//! the loss) and, beside it, the backward pass's arrow (towards the inputs), shown
//! while the gradient flows back along it.
//!
//! Written piece by piece into one `String` (no `format!` per element): the wasm
//! carries this code, and every formatting call costs bytes there.

use std::fmt::Write;

use crate::graph::{Edge, Layout, Node, Quantity, Route, EDGE_ENDS, FONT_SIZE, LINE_HEIGHT};

/// The lines of a node's box. Each line's class is also its id's middle part
/// (`graph-<class>-<node>`), and the lines with a number have a slot for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    Symbol,
    Value,
    GradientLabel,
    Gradient,
    Update,
}

impl Line {
    const ALL: [Line; 5] = [
        Line::Symbol,
        Line::Value,
        Line::GradientLabel,
        Line::Gradient,
        Line::Update,
    ];

    fn class(self) -> &'static str {
        match self {
            Line::Symbol => "symbol",
            Line::Value => "value-line",
            Line::GradientLabel => "gradient-label",
            Line::Gradient => "gradient-line",
            Line::Update => "update-line",
        }
    }

    /// The text before the number (or the whole line), in two parts.
    fn text(self, node: Node) -> [&'static str; 2] {
        match self {
            Line::Symbol => [node.symbol(), ""],
            Line::GradientLabel => ["∂C/∂", node.name()],
            Line::Update => ["→ ", ""],
            Line::Value | Line::Gradient => ["= ", ""],
        }
    }

    /// The id's first part of the element the number goes into, if the line has one.
    fn slot(self) -> Option<&'static str> {
        match self {
            Line::Value => Some("graph-value-"),
            Line::Gradient => Some("graph-gradient-"),
            Line::Update => Some("graph-update-"),
            Line::Symbol | Line::GradientLabel => None,
        }
    }

    fn quantity(self, node: Node) -> Option<Quantity> {
        match self {
            Line::Value | Line::Update => Some(Quantity::Value(node)),
            Line::GradientLabel | Line::Gradient => Some(Quantity::Gradient(node)),
            Line::Symbol => None,
        }
    }

    /// The lines of `node`: the update only for a parameter.
    fn of(node: Node) -> &'static [Line] {
        &Line::ALL[..node.lines()]
    }
}

/// What an edge's label says before its number, one entry per line: nothing for a
/// constant derivative (1, −1: the number is the label), else "x₁ = " or, on two
/// lines, "2(ŷ − y)" over "= ".
fn edge_label_texts(edge: &Edge, lines: usize) -> [[&'static str; 2]; 2] {
    if matches!(edge.symbol, "1" | "−1") {
        [["", ""], ["", ""]]
    } else if lines >= 2 {
        [[edge.symbol, ""], ["= ", ""]]
    } else {
        [[edge.symbol, " = "], ["", ""]]
    }
}

/// The quantity an edge's label shows, if it is one: into a product xᵢ·wᵢ, the local
/// derivative by one factor is the other factor's value.
fn edge_quantity(index: usize) -> Option<Quantity> {
    let (from, to) = EDGE_ENDS[index];
    let factor = matches!(
        from,
        Node::X1 | Node::W1 | Node::X2 | Node::W2 | Node::X3 | Node::W3
    );
    EDGE_ENDS
        .iter()
        .find(|(other, end)| factor && *end == to && *other != from)
        .map(|(other, _)| Quantity::Value(*other))
}

/// The markup being written.
struct Svg(String);

impl Svg {
    fn text(&mut self, text: &str) -> &mut Self {
        self.0.push_str(text);
        self
    }

    fn number(&mut self, value: f64) -> &mut Self {
        // Writing to a `String` cannot fail.
        let _ = write!(self.0, "{value}");
        self
    }

    /// ` name="value"` with a number.
    fn attribute(&mut self, name: &str, value: f64) -> &mut Self {
        self.text(" ")
            .text(name)
            .text("=\"")
            .number(value)
            .text("\"")
    }

    fn quantity(&mut self, quantity: Option<Quantity>) -> &mut Self {
        if let Some(quantity) = quantity {
            self.text(" data-quantity=\"")
                .text(quantity.key())
                .text("\"");
        }
        self
    }

    /// An element that the web layer writes a number into: `<tspan id="…"></tspan>`.
    fn slot(&mut self, id: &str, key: &str) -> &mut Self {
        self.text("<tspan id=\"")
            .text(id)
            .text(key)
            .text("\"></tspan>")
    }

    /// A line from `a` to `b` with an arrowhead (marker) at `b`.
    fn arrow(&mut self, class: &str, (a, b): ((f64, f64), (f64, f64)), marker: &str) {
        self.text("<line class=\"")
            .text(class)
            .text("\"")
            .attribute("x1", a.0)
            .attribute("y1", a.1)
            .attribute("x2", b.0)
            .attribute("y2", b.1)
            .text(" marker-end=\"url(#")
            .text(marker)
            .text(")\"/>");
    }

    fn edge(&mut self, index: usize, edge: &Edge, route: &Route, backward_order: usize) {
        let (label_x, label_y) = route.label;
        let mut number = String::new();
        // Writing to a `String` cannot fail.
        let _ = write!(number, "{index}");
        self.text("<g class=\"edge backward-")
            .number(backward_order as f64)
            .text("\" id=\"graph-edge-line-")
            .text(&number)
            .text("\">");
        self.arrow("wire", (route.start, route.end), "graph-arrow");
        self.arrow("flow", route.flow, "graph-flow-arrow");
        self.text("<text class=\"edge-label\"")
            .attribute("x", label_x)
            .attribute("y", label_y)
            .text(" text-anchor=\"")
            .text(route.anchor.svg())
            .text("\"")
            .quantity(edge_quantity(index))
            .text(">");
        let [first, second] = edge_label_texts(edge, route.lines);
        self.text(first[0]).text(first[1]);
        if route.lines >= 2 {
            self.text("<tspan")
                .attribute("x", label_x)
                .attribute("dy", LINE_HEIGHT)
                .text(">")
                .text(second[0])
                .slot("graph-edge-", &number)
                .text("</tspan>");
        } else {
            self.slot("graph-edge-", &number);
        }
        self.text("</text></g>");
    }

    fn node(&mut self, node: Node, layout: &Layout) {
        let key = node.key();
        let area = layout.node_box(node);
        self.text("<g class=\"node forward-")
            .number(node.index() as f64)
            .text(if node.is_parameter() {
                " parameter"
            } else {
                ""
            })
            .text("\" id=\"graph-node-")
            .text(key)
            .text("\" data-quantity=\"")
            .text(key)
            .text("\" tabindex=\"0\" role=\"group\" aria-labelledby=\"");
        for (index, line) in Line::of(node).iter().enumerate() {
            self.text(if index == 0 { "graph-" } else { " graph-" })
                .text(line.class())
                .text("-")
                .text(key);
        }
        self.text("\"><rect")
            .attribute("x", area.x)
            .attribute("y", area.y)
            .attribute("width", area.width)
            .attribute("height", area.height)
            .text(" rx=\"8\"/>");
        for (index, line) in Line::of(node).iter().enumerate() {
            let (x, y) = layout.line_origin(node, index);
            let [before, name] = line.text(node);
            self.text("<text class=\"")
                .text(line.class())
                .text("\" id=\"graph-")
                .text(line.class())
                .text("-")
                .text(key)
                .text("\"")
                .attribute("x", x)
                .attribute("y", y)
                .quantity(line.quantity(node))
                .text(">")
                .text(before)
                .text(name);
            if let Some(slot) = line.slot() {
                self.slot(slot, key);
            }
            self.text("</text>");
        }
        self.text("</g>");
    }
}

/// The drawing in `layout`: edges (forward line, backward arrow, local derivative)
/// under the nodes (symbol, value, gradient, and for parameters the value after the
/// update). Drawn at one CSS pixel per unit: `width` and `height` are the layout's.
/// `label` is the drawing's accessible name (our own text: nothing to escape).
pub fn graph_svg(edges: &[Edge], layout: &Layout, label: &str) -> String {
    let (width, height) = layout.size;
    let mut svg = Svg(String::with_capacity(16_384));
    svg.text("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" role=\"group\" data-layout=\"")
        .text(layout.name)
        .text("\" aria-label=\"")
        .text(label)
        .text("\" viewBox=\"0 0 ")
        .number(width)
        .text(" ")
        .number(height)
        .text("\"")
        .attribute("width", width)
        .attribute("height", height)
        .attribute("font-size", FONT_SIZE)
        .text("><defs><marker id=\"graph-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\"/></marker><marker id=\"graph-flow-arrow\" class=\"flow-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\"/></marker></defs>");
    let last = edges.len().saturating_sub(1);
    for (index, edge) in edges.iter().enumerate() {
        // The backward pass runs from the loss to the inputs: the last edge lights first.
        svg.edge(index, edge, &layout.route(index), last - index);
    }
    for node in Node::ALL {
        svg.node(node, layout);
    }
    svg.text("</svg>");
    svg.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{self, estimated_width, Rect, ASCENT, LAYOUTS, WIDEST_NUMBER};
    use crate::neuron::Parameters;
    use crate::render::markup::{escape, is_balanced};

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
            for (index, line) in Line::of(node).iter().enumerate() {
                let (x, baseline) = layout.line_origin(node, index);
                let mut text = line.text(node).concat();
                if line.slot().is_some() {
                    text.push_str(WIDEST_NUMBER);
                }
                let area = Rect {
                    x,
                    y: baseline - ASCENT * FONT_SIZE,
                    width: estimated_width(&text, FONT_SIZE, *line == Line::Symbol),
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
                .take(route.lines)
                .enumerate()
                .map(|(line, parts)| {
                    let mut text = parts.concat();
                    if line == route.lines - 1 {
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
    fn every_text_of_the_drawing_is_xml_safe() {
        // The markup is written without escaping: check that nothing needed it.
        for node in Node::ALL {
            for line in Line::of(node) {
                for part in line.text(node) {
                    assert_eq!(escape(part), part);
                }
            }
        }
        for edge in edges() {
            assert_eq!(escape(edge.symbol), edge.symbol);
        }
        for language in [
            crate::text::Language::English,
            crate::text::Language::Chinese,
        ] {
            let label = language.text(crate::text::Key::GraphHeading);
            assert_eq!(escape(label), label);
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
