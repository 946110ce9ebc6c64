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

    /// The node's name in formulas: ∂C/∂w₁, ∂C/∂ŷ.
    pub fn name(self) -> &'static str {
        match self {
            Node::X1 => "x₁",
            Node::W1 => "w₁",
            Node::X2 => "x₂",
            Node::W2 => "w₂",
            Node::X3 => "x₃",
            Node::W3 => "w₃",
            Node::P1 => "p₁",
            Node::P2 => "p₂",
            Node::P3 => "p₃",
            Node::Sum => "s",
            Node::Bias => "b",
            Node::Prediction => "ŷ",
            Node::Target => "y",
            Node::Error => "e",
            Node::Loss => "C",
        }
    }

    /// The node as the post writes it: its name, and for an operation what it computes.
    pub fn symbol(self) -> &'static str {
        match self {
            Node::P1 => "p₁ = x₁·w₁",
            Node::P2 => "p₂ = x₂·w₂",
            Node::P3 => "p₃ = x₃·w₃",
            Node::Sum => "s = p₁+p₂+p₃",
            Node::Prediction => "ŷ = s + b",
            Node::Error => "e = ŷ − y",
            Node::Loss => "C = (ŷ − y)²",
            leaf => leaf.name(),
        }
    }

    /// The key of the node's gradient ∂C/∂node in `data-quantity` attributes.
    fn gradient_key(self) -> &'static str {
        match self {
            Node::X1 => "grad-x1",
            Node::W1 => "grad-w1",
            Node::X2 => "grad-x2",
            Node::W2 => "grad-w2",
            Node::X3 => "grad-x3",
            Node::W3 => "grad-w3",
            Node::P1 => "grad-p1",
            Node::P2 => "grad-p2",
            Node::P3 => "grad-p3",
            Node::Sum => "grad-s",
            Node::Bias => "grad-b",
            Node::Prediction => "grad-yhat",
            Node::Target => "grad-y",
            Node::Error => "grad-e",
            Node::Loss => "grad-c",
        }
    }

    /// Lines of text in the node's box: symbol, value, "∂C/∂node", gradient, and for a
    /// parameter its value after the update.
    pub fn lines(self) -> usize {
        if self.is_parameter() {
            5
        } else {
            4
        }
    }

    /// Weights and bias: what gradient descent updates.
    pub fn is_parameter(self) -> bool {
        matches!(self, Node::W1 | Node::W2 | Node::W3 | Node::Bias)
    }
}

/// A number the page shows in several places (graph, equations, update table,
/// readouts): a node's value or its gradient ∂C/∂node. Elements that show one carry
/// `data-quantity="<key>"`, and pointing at one highlights all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    Value(Node),
    Gradient(Node),
    /// A number of the gradient field's lesson (it has no graph: readouts and equations).
    Field(FieldQuantity),
}

/// The gradient field's numbers: the point, f there and the components of ∇f = (2x, 2y).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldQuantity {
    X,
    Y,
    Value,
    GradientX,
    GradientY,
}

impl FieldQuantity {
    /// Every field quantity, in the readouts' order.
    pub const ALL: [FieldQuantity; 5] = [
        FieldQuantity::X,
        FieldQuantity::Y,
        FieldQuantity::Value,
        FieldQuantity::GradientX,
        FieldQuantity::GradientY,
    ];

    /// Prefixed: the neuron's target is `y` already.
    pub fn key(self) -> &'static str {
        match self {
            FieldQuantity::X => "field-x",
            FieldQuantity::Y => "field-y",
            FieldQuantity::Value => "field-f",
            FieldQuantity::GradientX => "field-grad-x",
            FieldQuantity::GradientY => "field-grad-y",
        }
    }
}

impl Quantity {
    /// The value of `w1`, `yhat`, `c` …, or the gradient `grad-w1` …
    pub fn key(self) -> &'static str {
        match self {
            Quantity::Value(node) => node.key(),
            Quantity::Gradient(node) => node.gradient_key(),
            Quantity::Field(quantity) => quantity.key(),
        }
    }

    /// The quantity an element's `data-quantity` names, if any.
    pub fn from_key(key: &str) -> Option<Quantity> {
        Node::ALL
            .into_iter()
            .find_map(|node| {
                [Quantity::Value(node), Quantity::Gradient(node)]
                    .into_iter()
                    .find(|quantity| quantity.key() == key)
            })
            .or_else(|| {
                FieldQuantity::ALL
                    .into_iter()
                    .map(Quantity::Field)
                    .find(|quantity| quantity.key() == key)
            })
    }
}

/// The edges' ends, in the order of [`Graph::edges`].
pub const EDGE_ENDS: [(Node, Node); EDGE_COUNT] = [
    (Node::X1, Node::P1),
    (Node::W1, Node::P1),
    (Node::X2, Node::P2),
    (Node::W2, Node::P2),
    (Node::X3, Node::P3),
    (Node::W3, Node::P3),
    (Node::P1, Node::Sum),
    (Node::P2, Node::Sum),
    (Node::P3, Node::Sum),
    (Node::Sum, Node::Prediction),
    (Node::Bias, Node::Prediction),
    (Node::Prediction, Node::Error),
    (Node::Target, Node::Error),
    (Node::Error, Node::Loss),
];

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

// The drawing's layout: pure geometry. Every text is drawn at FONT_SIZE CSS pixels and
// the drawing is never scaled (it scrolls sideways where the page is narrower than
// the narrowest layout), so the native tests below can check with estimated text
// widths that no label meets another label, a node box or a line.

/// The size of every text of the graph, in CSS pixels.
pub const FONT_SIZE: f64 = 12.0;
/// The distance between the baselines of a node's lines or a two-line edge label.
pub const LINE_HEIGHT: f64 = 15.0;
/// How far a line's glyphs reach above and below its baseline, in ems: a little more
/// than DejaVu Sans (0.93 and 0.24), the tallest of the usual sans-serif fonts.
pub const ASCENT: f64 = 0.95;
pub const DESCENT: f64 = 0.25;
pub const NODE_WIDTH: f64 = 146.0;
/// From a node's left edge to its text.
pub const NODE_PADDING: f64 = 8.0;
/// From a node's top edge to the top of its first line, and from the bottom of its
/// last line to its bottom edge (at most).
const NODE_MARGIN: f64 = 5.0;
/// The widest number a readout writes (`format::readout`): a sign, 9 significant
/// digits and a three-digit negative exponent.
pub const WIDEST_NUMBER: &str = "-8.88888888e-100";
/// How far the backward pass's arrows run beside the forward edges.
const FLOW_OFFSET: f64 = 4.0;

pub type Point = (f64, f64);

/// An axis-aligned rectangle in CSS pixels (y grows downwards, as in SVG).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Whether the two share any area (touching edges do not count).
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// Whether the point lies strictly inside.
    pub fn contains_strictly(&self, point: Point) -> bool {
        point.0 > self.x && point.0 < self.right() && point.1 > self.y && point.1 < self.bottom()
    }

    pub fn contains(&self, other: &Rect) -> bool {
        self.x <= other.x
            && self.y <= other.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }

    /// Whether the segment from `a` to `b` passes through the inside of the rectangle
    /// (Liang–Barsky clipping; touching the border does not count).
    pub fn meets_segment(&self, a: Point, b: Point) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut enter, mut leave) = (0.0_f64, 1.0_f64);
        for (p, q) in [
            (-dx, a.0 - self.x),
            (dx, self.right() - a.0),
            (-dy, a.1 - self.y),
            (dy, self.bottom() - a.1),
        ] {
            if p == 0.0 {
                if q <= 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    enter = enter.max(t);
                } else {
                    leave = leave.min(t);
                }
            }
        }
        leave - enter > 1e-9
    }
}

/// An estimate of a text's width at `font_size`, never narrower than DejaVu Sans
/// draws it (per character, in ems, rounded up by class). `bold` adds 15 %.
pub fn estimated_width(text: &str, font_size: f64, bold: bool) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|character| match character {
            '0'..='9' => 0.64,
            ' ' | '.' | ',' | '·' => 0.35,
            ':' | '/' | '(' | ')' | '[' | ']' | 'i' | 'j' | 'l' | 'f' | 't' | 'r' => 0.45,
            '₀'..='₉' | '⁰'..='⁹' | '²' | '³' | '¹' => 0.45,
            '-' => 0.4,
            '=' | '+' | '−' | '→' | '×' | '<' | '>' | 'Σ' | '◂' | '▸' => 0.84,
            'm' | 'w' | 'M' | 'W' => 0.98,
            'A'..='Z' => 0.78,
            'a'..='z' => 0.72,
            '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' => 1.0,
            _ => 0.8,
        })
        .sum();
    ems * font_size * if bold { 1.15 } else { 1.0 }
}

/// The height of `lines` lines of text, from the top of the first to the bottom of the last.
pub fn text_height(lines: usize) -> f64 {
    (ASCENT + DESCENT) * FONT_SIZE + LINE_HEIGHT * (lines.max(1) - 1) as f64
}

/// Where an edge's label sits, relative to its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Above,
    Below,
    /// Right of a vertical edge.
    Right,
}

/// Where along an edge its label sits: `at` 0 is next to the edge's start (the label
/// then begins there), 0.5 its middle (centred there); `lines` is 1, or 2 for
/// "symbol" over "= value".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelPlace {
    pub at: f64,
    pub side: Side,
    pub lines: usize,
}

/// How a label's x relates to its text, as SVG's `text-anchor` says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
}

impl Anchor {
    pub fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
        }
    }
}

/// An edge as drawn: the forward line (arrow at `end`), the backward pass's arrow
/// beside it (from near `end` back to near `start`), and where its label goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Route {
    pub start: Point,
    pub end: Point,
    pub flow: (Point, Point),
    /// The label's x and the baseline of its first line.
    pub label: Point,
    pub anchor: Anchor,
    pub lines: usize,
}

impl Route {
    /// The box of a label of this width.
    pub fn label_box(&self, width: f64) -> Rect {
        let x = match self.anchor {
            Anchor::Start => self.label.0,
            Anchor::Middle => self.label.0 - width / 2.0,
        };
        Rect {
            x,
            y: self.label.1 - ASCENT * FONT_SIZE,
            width,
            height: text_height(self.lines),
        }
    }
}

/// One arrangement of the graph: where every node's box sits and where every edge's
/// label goes. The page picks the widest layout that fits its width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// A name for tests and the page (`data-layout`).
    pub name: &'static str,
    /// The drawing's width and height in CSS pixels.
    pub size: (f64, f64),
    /// The top left corner of every node's box, in the order of [`Node::ALL`].
    corners: [Point; 15],
    labels: [LabelPlace; EDGE_COUNT],
}

const fn label(at: f64, side: Side) -> LabelPlace {
    LabelPlace { at, side, lines: 1 }
}

// Shared by both layouts: the inputs in the first column, the products in the second.
const COLUMNS: [f64; 4] = [6.0, 270.0, 470.0, 670.0];
const INPUT_ROWS: [f64; 6] = [6.0, 86.0, 181.0, 261.0, 356.0, 436.0];
const PRODUCT_ROWS: [f64; 3] = [50.0, 225.0, 400.0];
/// Labels of the edges into the products: above a line that falls to its product,
/// below one that rises; then the products into s.
const INPUT_LABELS: [LabelPlace; 9] = [
    label(0.0, Side::Above),
    label(0.0, Side::Below),
    label(0.0, Side::Above),
    label(0.0, Side::Below),
    label(0.0, Side::Above),
    label(0.0, Side::Below),
    label(0.0, Side::Above),
    label(0.5, Side::Above),
    label(0.0, Side::Below),
];

const fn corners(rest: [Point; 6]) -> [Point; 15] {
    let [c0, c1, ..] = COLUMNS;
    let [s, b, prediction, target, error, loss] = rest;
    [
        (c0, INPUT_ROWS[0]),
        (c0, INPUT_ROWS[1]),
        (c0, INPUT_ROWS[2]),
        (c0, INPUT_ROWS[3]),
        (c0, INPUT_ROWS[4]),
        (c0, INPUT_ROWS[5]),
        (c1, PRODUCT_ROWS[0]),
        (c1, PRODUCT_ROWS[1]),
        (c1, PRODUCT_ROWS[2]),
        s,
        b,
        prediction,
        target,
        error,
        loss,
    ]
}

const fn labels(rest: [LabelPlace; 5]) -> [LabelPlace; EDGE_COUNT] {
    let i = INPUT_LABELS;
    let [a, b, c, d, e] = rest;
    [
        i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], i[8], a, b, c, d, e,
    ]
}

/// Four columns, left to right: inputs, products, then s, b and y, then ŷ, e and C
/// (C under e: the label 2(ŷ − y) = … beside the edge between them).
pub const WIDE: Layout = Layout {
    name: "wide",
    size: (884.0, 601.0),
    corners: corners([
        (COLUMNS[2], 225.0),
        (COLUMNS[2], 310.0),
        (COLUMNS[3], 271.0),
        (COLUMNS[2], 405.0),
        (COLUMNS[3], 405.0),
        (COLUMNS[3], 525.0),
    ]),
    labels: labels([
        label(0.0, Side::Above),
        label(0.0, Side::Below),
        label(0.5, Side::Right),
        label(0.5, Side::Above),
        LabelPlace {
            at: 0.5,
            side: Side::Right,
            lines: 2,
        },
    ]),
};

/// Three columns for a narrower page: inputs, then products with b and y under them,
/// then s, ŷ, e and C from top to bottom.
pub const COMPACT: Layout = Layout {
    name: "compact",
    size: (684.0, 801.0),
    corners: corners([
        (COLUMNS[2], 225.0),
        (COLUMNS[1], 500.0),
        (COLUMNS[2], 507.5),
        (COLUMNS[1], 605.0),
        (COLUMNS[2], 605.0),
        (COLUMNS[2], 725.0),
    ]),
    labels: labels([
        label(0.5, Side::Right),
        label(0.5, Side::Above),
        label(0.5, Side::Right),
        label(0.5, Side::Above),
        LabelPlace {
            at: 0.5,
            side: Side::Right,
            lines: 2,
        },
    ]),
};

/// Every layout, widest first.
pub static LAYOUTS: [Layout; 2] = [WIDE, COMPACT];

impl Layout {
    /// The widest layout no wider than `width` CSS pixels. Where none fits, the graph
    /// scrolls sideways whichever it is, so the shortest: less to scroll down on a phone.
    pub fn fitting(width: f64) -> &'static Layout {
        LAYOUTS
            .iter()
            .find(|layout| layout.size.0 <= width)
            .unwrap_or_else(Layout::shortest)
    }

    pub fn shortest() -> &'static Layout {
        LAYOUTS
            .iter()
            .min_by(|a, b| a.size.1.total_cmp(&b.size.1))
            .expect("there are layouts")
    }

    pub fn node_box(&self, node: Node) -> Rect {
        let (x, y) = self.corners[node.index()];
        Rect {
            x,
            y,
            width: NODE_WIDTH,
            height: 2.0 * NODE_MARGIN + LINE_HEIGHT * node.lines() as f64,
        }
    }

    /// The x and baseline of a node's line (0 is its symbol).
    pub fn line_origin(&self, node: Node, line: usize) -> Point {
        let (x, y) = self.corners[node.index()];
        (
            x + NODE_PADDING,
            y + NODE_MARGIN + ASCENT * FONT_SIZE + LINE_HEIGHT * line as f64,
        )
    }

    /// Edge `index` of [`EDGE_ENDS`] as drawn: from the right side of its start to the
    /// left side of its end, or from the bottom to the top where the end is below.
    pub fn route(&self, index: usize) -> Route {
        let (from, to) = EDGE_ENDS[index];
        let (a, b) = (self.node_box(from), self.node_box(to));
        let (start, end) = if b.x >= a.right() {
            (
                (a.right(), a.y + a.height / 2.0),
                (b.x, b.y + b.height / 2.0),
            )
        } else {
            (
                (a.x + a.width / 2.0, a.bottom()),
                (b.x + b.width / 2.0, b.y),
            )
        };
        let place = self.labels[index];
        let (dx, dy) = (end.0 - start.0, end.1 - start.1);
        // `sqrt`, not `hypot`: a wasm instruction instead of libm's 400 bytes.
        let length = (dx * dx + dy * dy).sqrt();
        let (ux, uy) = (dx / length, dy / length);
        let at = (start.0 + dx * place.at, start.1 + dy * place.at);
        let height = text_height(place.lines);
        let ascent = ASCENT * FONT_SIZE;
        let (label, anchor) = match place.side {
            Side::Above => {
                let bottom = at.1 - 4.0;
                let x = if place.at == 0.0 { at.0 + 4.0 } else { at.0 };
                ((x, bottom - height + ascent), Anchor::Start)
            }
            Side::Below => {
                let x = if place.at == 0.0 { at.0 + 4.0 } else { at.0 };
                ((x, at.1 + 4.0 + ascent), Anchor::Start)
            }
            Side::Right => ((at.0 + 6.0, at.1 - height / 2.0 + ascent), Anchor::Start),
        };
        let anchor = if place.at == 0.0 || place.side == Side::Right {
            anchor
        } else {
            Anchor::Middle
        };
        // The backward arrow runs on the side away from the label: (−uy, ux) points
        // below a rightward line and left of a downward one.
        let away = if place.side == Side::Below { -1.0 } else { 1.0 };
        let (ox, oy) = (-uy * FLOW_OFFSET * away, ux * FLOW_OFFSET * away);
        let flow = (
            (end.0 + ox - ux * 2.0, end.1 + oy - uy * 2.0),
            (start.0 + ox + ux * 3.0, start.1 + oy + uy * 3.0),
        );
        Route {
            start,
            end,
            flow,
            label,
            anchor,
            lines: place.lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_quantity_is_found_by_its_key_and_keys_differ() {
        let all: Vec<Quantity> = Node::ALL
            .into_iter()
            .flat_map(|node| [Quantity::Value(node), Quantity::Gradient(node)])
            .chain(FieldQuantity::ALL.into_iter().map(Quantity::Field))
            .collect();
        for quantity in &all {
            assert_eq!(Quantity::from_key(quantity.key()), Some(*quantity));
        }
        let mut keys: Vec<&str> = all.iter().map(|quantity| quantity.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), all.len(), "two quantities share a key");
        assert_eq!(Quantity::from_key("grad-z"), None);
        assert_eq!(Quantity::from_key("w4"), None);
    }

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
    fn edge_ends_are_the_graphs_edges() {
        let graph = evaluate(SOME);
        for (edge, (from, to)) in graph.edges.iter().zip(EDGE_ENDS) {
            assert_eq!((edge.from, edge.to), (from, to));
        }
    }

    #[test]
    fn segments_meet_rectangles_only_through_their_inside() {
        let square = Rect {
            x: 0.0,
            y: 0.0,
            width: 10.0,
            height: 10.0,
        };
        assert!(square.meets_segment((-5.0, 5.0), (15.0, 5.0)));
        assert!(square.meets_segment((5.0, 5.0), (6.0, 6.0)));
        assert!(!square.meets_segment((-5.0, -1.0), (15.0, -1.0)));
        assert!(
            !square.meets_segment((10.0, 0.0), (10.0, 10.0)),
            "the border"
        );
        assert!(!square.meets_segment((11.0, -5.0), (20.0, 5.0)));
        assert!(square.meets_segment((-5.0, 0.0), (5.0, 10.0)));
    }

    #[test]
    fn layouts_keep_nodes_apart_and_inside_the_drawing() {
        for layout in &LAYOUTS {
            let inside = Rect {
                x: 4.0,
                y: 4.0,
                width: layout.size.0 - 8.0,
                height: layout.size.1 - 8.0,
            };
            for (i, a) in Node::ALL.iter().enumerate() {
                let box_a = layout.node_box(*a);
                assert!(inside.contains(&box_a), "{}: {a:?} outside", layout.name);
                for b in &Node::ALL[i + 1..] {
                    let mut apart = layout.node_box(*b);
                    // At least 8 px between any two boxes.
                    apart.x -= 8.0;
                    apart.y -= 8.0;
                    apart.width += 16.0;
                    apart.height += 16.0;
                    assert!(
                        !box_a.intersects(&apart),
                        "{}: {a:?} near {b:?}",
                        layout.name
                    );
                }
            }
            // The last line of text ends inside its box.
            for node in Node::ALL {
                let (_, baseline) = layout.line_origin(node, node.lines() - 1);
                assert!(baseline + DESCENT * FONT_SIZE <= layout.node_box(node).bottom());
            }
        }
    }

    #[test]
    fn edges_pass_only_through_their_own_nodes() {
        for layout in &LAYOUTS {
            for (index, (from, to)) in EDGE_ENDS.into_iter().enumerate() {
                let route = layout.route(index);
                for node in Node::ALL {
                    let area = layout.node_box(node);
                    for (a, b) in [(route.start, route.end), route.flow] {
                        assert!(
                            !area.meets_segment(a, b) || (node == from || node == to),
                            "{}: edge {index} crosses {node:?}",
                            layout.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_widest_layout_that_fits_is_chosen() {
        assert_eq!(Layout::fitting(1074.0).name, "wide");
        assert_eq!(Layout::fitting(WIDE.size.0).name, "wide");
        assert_eq!(Layout::fitting(744.0).name, "compact");
        // Nothing fits a phone: the shortest, scrolled sideways.
        assert_eq!(Layout::fitting(334.0).name, "wide");
        assert!(Layout::shortest().size.1 < COMPACT.size.1);
        assert!(LAYOUTS
            .windows(2)
            .all(|pair| pair[0].size.0 > pair[1].size.0));
    }

    #[test]
    fn estimated_widths_grow_with_the_text() {
        let digits = estimated_width("0123456789", FONT_SIZE, false);
        // DejaVu Sans draws a digit 0.636 em wide.
        assert!(digits >= 10.0 * 0.636 * FONT_SIZE);
        assert!(estimated_width("w", FONT_SIZE, true) > estimated_width("w", FONT_SIZE, false));
        assert_eq!(estimated_width("", FONT_SIZE, false), 0.0);
    }

    #[test]
    fn no_readout_is_wider_than_the_widest_number() {
        let widest = estimated_width(WIDEST_NUMBER, FONT_SIZE, false);
        for exponent in -320..=308 {
            for mantissa in [
                -9.99999999,
                -8.88888888,
                -1.00000001,
                1.23456789,
                9.999999999,
            ] {
                let value = mantissa * 10f64.powi(exponent);
                let text = crate::format::readout(value);
                assert!(
                    estimated_width(&text, FONT_SIZE, false) <= widest,
                    "{text} is wider than {WIDEST_NUMBER}"
                );
            }
        }
    }
}
