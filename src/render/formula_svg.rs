//! The typed formula's computational graph as SVG markup: one box per node of the
//! [`Expression`] (its operation, its value vᵢ and its adjoint ∂f/∂vᵢ) and one arrow per
//! edge, labelled with the local derivative ∂parent/∂input that the chain rule multiplies
//! along it. Like [`super::graph_svg`], the drawing is text built without the DOM, so it
//! is tested natively; the numbers sit in `<tspan>`s with classes and data attributes
//! (`class="formula-value" data-node="3"`, `class="formula-derivative" data-edge="5"`)
//! so the web layer can rewrite them in place (with [`number_text`]) when the point moves.
//!
//! ## Layout ([`layout`])
//! Columns left to right: the leaves (x, y, constants) in the first, the root f in the
//! last. Every other node's column counts back from the root by its longest path to it,
//! so each node sits one column left of its leftmost use, and every arrow points
//! right. An arrow that skips columns passes through them in a reserved horizontal
//! *lane* between the boxes (the dummy nodes of Sugiyama's layered drawing), so no
//! arrow ever crosses a box. The boxes and lanes of each column are ordered to reduce
//! crossings (alternating sweeps that sort by the mean position of the neighbours,
//! keeping the order with the fewest crossings), then placed vertically as near as the
//! order and the spacing allow to the mean height of their neighbours (a least-squares
//! fit in order: pool-adjacent-violators).
//!
//! Between two columns lies a corridor: a left part where arrows bend (curves with
//! horizontal ends) and a right part where each arrow runs straight into its parent, at
//! a third of the box's height from its top for the first input (a in a − b, a ÷ b,
//! aᵇ) and two thirds for the second, at mid-height for a function's one input. The
//! local derivative sits above that straight end. Its place lies within the parent's
//! own height and in no column, so labels never overlap boxes or each other, and lanes
//! (which run between boxes) never cross a label.
//!
//! ## Large graphs
//! A formula may have up to [`crate::expression::MAX_NODES`] nodes; 256 boxes would be
//! unreadable. So only the nodes at most [`MAX_EXPANDED_LEVELS`] − 1 steps below the
//! root (by the longest path) are drawn with their inputs, for the largest such number
//! of levels that keeps the drawing within [`MAX_DRAWN_BOXES`] boxes (and so within
//! [`MAX_EXPANDED_LEVELS`] + 1 columns). An input below those levels that is not a leaf
//! is drawn as one dashed box "… (n nodes)", n being the distinct nodes of its
//! subexpression; it still shows that subexpression's value and adjoint, and its
//! tooltip the subexpression itself. A formula within both limits is drawn whole.

use super::markup::escape;
use crate::expression::{ConstantName, Edge, Expression, Op};
use crate::format::{write_exponent_form, write_significant};
use crate::graph::Rect;

/// The most boxes drawn; above this the deeper subexpressions are collapsed.
pub const MAX_DRAWN_BOXES: usize = 40;
/// The most levels below the root whose nodes are drawn with their inputs (so at most
/// this many columns plus the leaves' column).
pub const MAX_EXPANDED_LEVELS: usize = 9;
/// Significant digits of every number in the drawing.
pub const SIGNIFICANT_DIGITS: usize = 4;
/// Shown for a value or derivative that is not a finite number.
pub const UNDEFINED_TEXT: &str = "undefined";

/// The graph's words in the reader's language: a value that is not a number, and the
/// count of nodes in a collapsed box.
#[derive(Clone, Copy, Debug)]
pub struct GraphWords<'a> {
    pub undefined: &'a str,
    pub nodes: &'a str,
}

impl GraphWords<'static> {
    /// The English words (the tests' default).
    pub const ENGLISH: Self = Self {
        undefined: UNDEFINED_TEXT,
        nodes: "nodes",
    };
}
/// What the adjoint's line of each box starts with: ∂f/∂· = ∂f/∂(this node).
pub const ADJOINT_PREFIX: &str = "∂f/∂· = ";

/// A box's size: three lines of text (operation, value, adjoint) and room for
/// "∂f/∂· = −1.235e-100".
pub const BOX_WIDTH: f64 = 148.0;
pub const BOX_HEIGHT: f64 = 60.0;
/// The corridor's part where arrows bend from one height to another.
const BEND_WIDTH: f64 = 56.0;
/// The corridor's part where arrows run straight into the next column (labels here).
const STEM_WIDTH: f64 = 92.0;
const CORRIDOR_WIDTH: f64 = BEND_WIDTH + STEM_WIDTH;
const MARGIN: f64 = 12.0;
/// Vertical space between two boxes of a column.
const BOX_GAP: f64 = 16.0;
/// Vertical space between a lane and a box or another lane.
const LANE_GAP: f64 = 10.0;
/// Room left for the arrowhead between a label and the box it points at.
const ARROW_ROOM: f64 = 10.0;
/// A label's height (11 px digits) and how far its bottom sits above its arrow.
const LABEL_HEIGHT: f64 = 12.0;
const LABEL_LIFT: f64 = 2.0;
/// Where a binary node's inputs arrive, as a fraction of its height from the top.
const FIRST_INPUT_AT: f64 = 0.3;
/// Ordering sweeps (each one forward and one backward).
const SWEEPS: usize = 12;
/// Placement passes (each one backward and one forward).
const PLACEMENT_PASSES: usize = 4;
/// The longest tooltip, in characters.
const MAX_TOOLTIP_CHARS: usize = 120;

/// One drawn box.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    /// The node's index in [`Expression::nodes`].
    pub node: usize,
    /// 0 for the leaves, the last for the root.
    pub column: usize,
    pub rectangle: Rect,
    /// `Some(n)` when the box stands for its whole subexpression of n distinct nodes,
    /// whose inputs are not drawn (see the module doc).
    pub collapsed: Option<usize>,
}

/// One drawn arrow, from an input's box to its parent's.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgePath {
    /// The edge's index in [`Expression::local_derivatives`]'s list (parents in order,
    /// then slots), stable for a formula.
    pub index: usize,
    pub input: usize,
    pub parent: usize,
    /// 0 for the parent's first input, 1 for its second.
    pub slot: usize,
    /// The start (the input's right side), then pairs: the end of a bend, the end of the
    /// straight run after it. The last point touches the parent's left side.
    pub points: Vec<(f64, f64)>,
    /// Where the local derivative is written (the text is centred in it).
    pub label: Rect,
}

/// The geometry of a formula's graph, computed from the expression alone (the numbers
/// do not move it).
#[derive(Clone, Debug, PartialEq)]
pub struct FormulaLayout {
    pub width: f64,
    pub height: f64,
    pub columns: usize,
    /// The drawn boxes, in the order of their nodes.
    pub boxes: Vec<NodeBox>,
    /// The drawn arrows, in the order of [`EdgePath::index`].
    pub edges: Vec<EdgePath>,
    /// How many nodes of the formula are not drawn (inside collapsed boxes).
    pub hidden_nodes: usize,
}

impl FormulaLayout {
    /// The box drawn for a node, if it is drawn.
    pub fn box_of(&self, node: usize) -> Option<&NodeBox> {
        self.boxes.iter().find(|node_box| node_box.node == node)
    }
}

/// A number as the drawing writes it: [`SIGNIFICANT_DIGITS`] significant digits (in
/// exponent form from 10⁴ on, so 141870783 is 1.419e8 and fits its place), a true minus
/// sign, [`UNDEFINED_TEXT`] when not finite. The web layer uses it to update the numbers
/// in place.
pub fn number_text(value: f64) -> String {
    if !value.is_finite() {
        return UNDEFINED_TEXT.to_string();
    }
    let mut text = String::new();
    if value.abs() >= 1e4 {
        write_exponent_form(&mut text, value, SIGNIFICANT_DIGITS - 1);
    } else {
        write_significant(&mut text, value, SIGNIFICANT_DIGITS);
    }
    text.replace('-', "−")
}

/// What a box is titled with: `x`, `y`, a constant as written (or with
/// [`SIGNIFICANT_DIGITS`] digits when long), π or e, an operator, or a function's name.
/// Negation is `−(·)`, told apart from subtraction `−` (which has two inputs).
/// Whether `node` is a number (or π, e), whose ∂f/∂ the lesson does not show.
fn is_constant(expression: &Expression, node: usize) -> bool {
    matches!(
        expression.nodes().get(node).map(|node| node.op),
        Some(Op::Constant { .. })
    )
}

/// What a box says it computes: the subexpression itself when it fits the box (so two
/// "+" boxes can be told apart), else the operation; the whole formula's box is f.
pub fn box_label(expression: &Expression, node: usize) -> String {
    /// Characters of a label that fit a box at the graph's font size.
    const FITS: usize = 16;
    let operation = node_label(expression, node);
    let fitting = |text: String| (text.chars().count() <= FITS).then_some(text);
    let written = || fitting(expression.node_text(node).replace('-', "−"));
    if node == expression.root() {
        return written()
            .map(|text| format!("f = {text}"))
            .filter(|text| text.chars().count() <= FITS + 4)
            .unwrap_or_else(|| format!("f: {operation}"));
    }
    match expression.nodes().get(node).map(|node| node.op) {
        Some(Op::X | Op::Y | Op::Constant { .. }) | None => operation,
        Some(_) => written().unwrap_or(operation),
    }
}

pub fn node_label(expression: &Expression, node: usize) -> String {
    let Some(op) = expression.nodes().get(node).map(|node| node.op) else {
        return String::new();
    };
    match op {
        Op::X => "x".to_string(),
        Op::Y => "y".to_string(),
        Op::Constant {
            name: Some(ConstantName::Pi),
            ..
        } => "π".to_string(),
        Op::Constant {
            name: Some(ConstantName::E),
            ..
        } => "e".to_string(),
        Op::Constant { value, .. } => {
            let written = expression.node_text(node);
            if written.chars().count() <= 12 {
                written.replace('-', "−")
            } else {
                number_text(value)
            }
        }
        Op::Add => "+".to_string(),
        Op::Subtract => "−".to_string(),
        Op::Multiply => "×".to_string(),
        Op::Divide => "÷".to_string(),
        Op::Power => "^".to_string(),
        Op::Negate => "−(·)".to_string(),
        function => function.function_name().unwrap_or("?").to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Layout

/// What occupies a place in a column: a node's box or an arrow's lane through it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ItemKind {
    Node(usize),
    Lane,
}

#[derive(Clone, Copy, Debug)]
struct Item {
    kind: ItemKind,
    column: usize,
}

impl Item {
    fn half_height(&self) -> f64 {
        match self.kind {
            ItemKind::Node(_) => BOX_HEIGHT / 2.0,
            ItemKind::Lane => 0.0,
        }
    }

    /// How strongly the placement keeps the item near where its neighbours want it:
    /// boxes more than lanes, so boxes line up with their inputs.
    fn weight(&self) -> f64 {
        match self.kind {
            ItemKind::Node(_) => 2.0,
            ItemKind::Lane => 1.0,
        }
    }
}

/// The part of an arrow crossing one corridor, between two items of adjacent columns.
#[derive(Clone, Copy, Debug)]
struct Segment {
    source: usize,
    target: usize,
    /// Added to the target's place in its column when counting crossings: the first
    /// input arrives above the second.
    order_offset: f64,
    /// Where the arrow arrives, from the target's centre.
    entry_offset: f64,
}

/// A drawn edge before placement: its endpoints, columns and lanes.
struct DrawnEdge {
    index: usize,
    input: usize,
    parent: usize,
    slot: usize,
    /// Item ids of the lanes in the columns strictly between input and parent.
    lanes: Vec<usize>,
}

/// Where a node's input `slot` arrives, from the node's centre.
fn entry_offset(arity: usize, slot: usize) -> f64 {
    if arity < 2 {
        0.0
    } else if slot == 0 {
        (FIRST_INPUT_AT - 0.5) * BOX_HEIGHT
    } else {
        (0.5 - FIRST_INPUT_AT) * BOX_HEIGHT
    }
}

/// The left side of a column.
fn column_left(column: usize) -> f64 {
    MARGIN + column as f64 * (BOX_WIDTH + CORRIDOR_WIDTH)
}

/// Which nodes are drawn: `expanded` ones with their inputs, the root, and those
/// inputs; the number of boxes; and whether that is every node the root uses.
struct Selection {
    expanded: Vec<bool>,
    drawn: Vec<bool>,
    boxes: usize,
    complete: bool,
}

fn select(expression: &Expression, depth: &[Option<usize>], levels: usize) -> Selection {
    let nodes = expression.nodes();
    let expanded: Vec<bool> = nodes
        .iter()
        .zip(depth)
        .map(|(node, depth)| node.op.arity() > 0 && depth.is_some_and(|depth| depth < levels))
        .collect();
    let mut drawn = expanded.clone();
    if let Some(root) = drawn.get_mut(expression.root()) {
        *root = true;
    }
    for (index, node) in nodes.iter().enumerate() {
        if expanded[index] {
            for &input in node.inputs() {
                drawn[input] = true;
            }
        }
    }
    let complete = nodes
        .iter()
        .zip(depth)
        .zip(&expanded)
        .all(|((node, depth), &expanded)| node.op.arity() == 0 || depth.is_none() || expanded);
    Selection {
        boxes: drawn.iter().filter(|&&drawn| drawn).count(),
        expanded,
        drawn,
        complete,
    }
}

/// The number of distinct nodes in a node's subexpression (itself included).
fn subexpression_size(expression: &Expression, node: usize) -> usize {
    let nodes = expression.nodes();
    let mut seen = vec![false; nodes.len()];
    let mut pending = vec![node];
    let mut count = 0;
    while let Some(index) = pending.pop() {
        if seen[index] {
            continue;
        }
        seen[index] = true;
        count += 1;
        pending.extend_from_slice(nodes[index].inputs());
    }
    count
}

/// Counts pairs of segments that cross, over all corridors, for the current places.
fn crossings(corridors: &[Vec<Segment>], place: &[f64]) -> usize {
    let mut count = 0;
    for segments in corridors {
        for (first_index, first) in segments.iter().enumerate() {
            for second in &segments[first_index + 1..] {
                let sources = place[first.source] - place[second.source];
                let targets = (place[first.target] + first.order_offset)
                    - (place[second.target] + second.order_offset);
                if sources * targets < 0.0 {
                    count += 1;
                }
            }
        }
    }
    count
}

/// Sorts a column by each item's key (the mean place of its neighbours, or its own
/// place without neighbours) and records the new places. The sort is stable.
fn sort_column(order: &mut [usize], place: &mut [f64], sums: &[(f64, usize)]) {
    let key = |item: usize| {
        let (sum, count) = sums[item];
        if count == 0 {
            place[item]
        } else {
            sum / count as f64
        }
    };
    let mut keyed: Vec<(f64, usize)> = order.iter().map(|&item| (key(item), item)).collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (position, (_, item)) in keyed.into_iter().enumerate() {
        order[position] = item;
        place[item] = position as f64;
    }
}

/// Places one column's items as near to `desired` centres as their order and spacing
/// allow, minimising the weighted squared distance (pool-adjacent-violators on the
/// centres minus their least offsets from the first).
/// Each item's desired centre: the mean of what its neighbours pull it to (`sums`: the
/// sum and count per item), or where it is when nothing pulls.
fn pull_towards(sums: &[(f64, usize)], order: &[usize], centre: &[f64], desired: &mut [f64]) {
    for &item in order {
        let (sum, count) = sums[item];
        desired[item] = if count == 0 {
            centre[item]
        } else {
            sum / count as f64
        };
    }
}

fn fit_in_order(items: &[Item], order: &[usize], desired: &[f64], centre: &mut [f64]) {
    let mut offsets = Vec::with_capacity(order.len());
    let mut offset = 0.0;
    for (position, &item) in order.iter().enumerate() {
        if position > 0 {
            let above = items[order[position - 1]];
            let this = items[item];
            let gap = match (above.kind, this.kind) {
                (ItemKind::Node(_), ItemKind::Node(_)) => BOX_GAP,
                _ => LANE_GAP,
            };
            offset += above.half_height() + this.half_height() + gap;
        }
        offsets.push(offset);
    }
    // Blocks of (weighted sum, weight, count) with increasing means.
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (position, &item) in order.iter().enumerate() {
        let weight = items[item].weight();
        let mut block = (weight * (desired[item] - offsets[position]), weight, 1);
        while let Some(&last) = blocks.last() {
            if last.0 / last.1 < block.0 / block.1 {
                break;
            }
            blocks.pop();
            block = (last.0 + block.0, last.1 + block.1, last.2 + block.2);
        }
        blocks.push(block);
    }
    let mut position = 0;
    for (sum, weight, count) in blocks {
        for _ in 0..count {
            centre[order[position]] = sum / weight + offsets[position];
            position += 1;
        }
    }
}

/// Lays out the formula's graph (see the module doc): boxes in columns by depth, lanes
/// for long arrows, orders that reduce crossings, and label places beside each arrow's
/// end. Pure: the same expression always gives the same layout.
pub fn layout(expression: &Expression) -> FormulaLayout {
    let nodes = expression.nodes();
    let root = expression.root();
    if nodes.is_empty() || root >= nodes.len() {
        return FormulaLayout {
            width: 2.0 * MARGIN,
            height: 2.0 * MARGIN,
            columns: 0,
            boxes: Vec::new(),
            edges: Vec::new(),
            hidden_nodes: 0,
        };
    }

    // The longest path from the root to each node it uses: parents come after their
    // inputs, so walking backwards finishes every parent before its inputs.
    let mut depth: Vec<Option<usize>> = vec![None; nodes.len()];
    depth[root] = Some(0);
    for index in (0..nodes.len()).rev() {
        if let Some(own) = depth[index] {
            for &input in nodes[index].inputs() {
                depth[input] = Some(depth[input].map_or(own + 1, |deeper| deeper.max(own + 1)));
            }
        }
    }
    let reachable = depth.iter().filter(|depth| depth.is_some()).count();

    // As many levels as fit the box limit, stopping once the whole graph is drawn.
    let mut levels = 1;
    let mut selection = select(expression, &depth, levels);
    while !selection.complete && levels < MAX_EXPANDED_LEVELS {
        let deeper = select(expression, &depth, levels + 1);
        if deeper.boxes > MAX_DRAWN_BOXES {
            break;
        }
        levels += 1;
        selection = deeper;
    }
    let Selection {
        expanded, drawn, ..
    } = selection;

    // Columns: leaves and collapsed boxes first, the others counted back from the root.
    let last_column = (0..nodes.len())
        .filter(|&index| expanded[index])
        .filter_map(|index| depth[index])
        .max()
        .map_or(0, |deepest| deepest + 1);
    let column_of = |index: usize| {
        if expanded[index] {
            last_column - depth[index].unwrap_or(0)
        } else {
            0
        }
    };
    let columns = last_column + 1;

    // Items: the boxes, then one lane per arrow per column it passes.
    let mut items: Vec<Item> = Vec::new();
    let mut item_of_node = vec![usize::MAX; nodes.len()];
    for index in (0..nodes.len()).filter(|&index| drawn[index]) {
        item_of_node[index] = items.len();
        items.push(Item {
            kind: ItemKind::Node(index),
            column: column_of(index),
        });
    }
    let mut drawn_edges: Vec<DrawnEdge> = Vec::new();
    let mut first_edge = 0;
    for (parent, node) in nodes.iter().enumerate() {
        if expanded[parent] {
            for (slot, &input) in node.inputs().iter().enumerate() {
                let lanes = (column_of(input) + 1..column_of(parent))
                    .map(|column| {
                        items.push(Item {
                            kind: ItemKind::Lane,
                            column,
                        });
                        items.len() - 1
                    })
                    .collect();
                drawn_edges.push(DrawnEdge {
                    index: first_edge + slot,
                    input,
                    parent,
                    slot,
                    lanes,
                });
            }
        }
        first_edge += node.op.arity();
    }

    // The segments crossing each corridor, indexed by the column they arrive in.
    let mut corridors: Vec<Vec<Segment>> = vec![Vec::new(); columns];
    for edge in &drawn_edges {
        let arity = nodes[edge.parent].op.arity();
        let mut chain = vec![item_of_node[edge.input]];
        chain.extend_from_slice(&edge.lanes);
        chain.push(item_of_node[edge.parent]);
        for (step, pair) in chain.windows(2).enumerate() {
            let arrives = step == chain.len() - 2;
            let (order_offset, entry) = if arrives && arity == 2 {
                (
                    if edge.slot == 0 { -0.3 } else { 0.3 },
                    entry_offset(arity, edge.slot),
                )
            } else {
                (0.0, 0.0)
            };
            corridors[items[pair[1]].column].push(Segment {
                source: pair[0],
                target: pair[1],
                order_offset,
                entry_offset: entry,
            });
        }
    }

    // Orders: start in node order, then sweep forwards and backwards, keeping the best.
    let mut orders: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for (id, item) in items.iter().enumerate() {
        orders[item.column].push(id);
    }
    let mut place = vec![0.0; items.len()];
    for order in &orders {
        for (position, &item) in order.iter().enumerate() {
            place[item] = position as f64;
        }
    }
    let mut best = (crossings(&corridors, &place), orders.clone(), place.clone());
    let mut sums = vec![(0.0, 0); items.len()];
    for _ in 0..SWEEPS {
        if best.0 == 0 {
            break;
        }
        for column in 1..columns {
            sums.iter_mut().for_each(|sum| *sum = (0.0, 0));
            for segment in &corridors[column] {
                let sum = &mut sums[segment.target];
                *sum = (sum.0 + place[segment.source], sum.1 + 1);
            }
            sort_column(&mut orders[column], &mut place, &sums);
        }
        for column in (0..columns.saturating_sub(1)).rev() {
            sums.iter_mut().for_each(|sum| *sum = (0.0, 0));
            for segment in &corridors[column + 1] {
                let sum = &mut sums[segment.source];
                *sum = (
                    sum.0 + place[segment.target] + segment.order_offset,
                    sum.1 + 1,
                );
            }
            sort_column(&mut orders[column], &mut place, &sums);
        }
        let count = crossings(&corridors, &place);
        if count < best.0 {
            best = (count, orders.clone(), place.clone());
        }
    }
    let orders = best.1;

    // Heights: the first column stacked, then each column near its neighbours.
    let mut centre = vec![0.0; items.len()];
    let mut desired = vec![0.0; items.len()];
    let forward = |centre: &mut Vec<f64>, desired: &mut Vec<f64>| {
        for column in 1..columns {
            let mut sums = vec![(0.0, 0usize); items.len()];
            for segment in &corridors[column] {
                let sum = &mut sums[segment.target];
                *sum = (
                    sum.0 + centre[segment.source] - segment.entry_offset,
                    sum.1 + 1,
                );
            }
            pull_towards(&sums, &orders[column], centre, desired);
            fit_in_order(&items, &orders[column], desired, centre);
        }
    };
    fit_in_order(&items, &orders[0], &desired, &mut centre);
    forward(&mut centre, &mut desired);
    for _ in 0..PLACEMENT_PASSES {
        for column in (0..columns.saturating_sub(1)).rev() {
            let mut sums = vec![(0.0, 0usize); items.len()];
            for segment in &corridors[column + 1] {
                let sum = &mut sums[segment.source];
                *sum = (
                    sum.0 + centre[segment.target] + segment.entry_offset,
                    sum.1 + 1,
                );
            }
            pull_towards(&sums, &orders[column], &centre, &mut desired);
            fit_in_order(&items, &orders[column], &desired, &mut centre);
        }
        forward(&mut centre, &mut desired);
    }
    let top = items
        .iter()
        .zip(&centre)
        .map(|(item, centre)| centre - item.half_height())
        .fold(f64::INFINITY, f64::min);
    let shift = MARGIN - top;
    centre.iter_mut().for_each(|centre| *centre += shift);
    let bottom = items
        .iter()
        .zip(&centre)
        .map(|(item, centre)| centre + item.half_height())
        .fold(0.0, f64::max);

    // Geometry.
    let boxes: Vec<NodeBox> = items
        .iter()
        .enumerate()
        .filter_map(|(id, item)| match item.kind {
            ItemKind::Node(node) => Some(NodeBox {
                node,
                column: item.column,
                rectangle: Rect {
                    x: column_left(item.column),
                    y: centre[id] - BOX_HEIGHT / 2.0,
                    width: BOX_WIDTH,
                    height: BOX_HEIGHT,
                },
                collapsed: (!expanded[node] && nodes[node].op.arity() > 0)
                    .then(|| subexpression_size(expression, node)),
            }),
            ItemKind::Lane => None,
        })
        .collect();
    let edges = drawn_edges
        .iter()
        .map(|edge| {
            let input_column = column_of(edge.input);
            let parent_column = column_of(edge.parent);
            let mut points = vec![(
                column_left(input_column) + BOX_WIDTH,
                centre[item_of_node[edge.input]],
            )];
            for (&lane, column) in edge.lanes.iter().zip(input_column + 1..) {
                points.push((column_left(column) - STEM_WIDTH, centre[lane]));
                points.push((column_left(column) + BOX_WIDTH, centre[lane]));
            }
            let entry = centre[item_of_node[edge.parent]]
                + entry_offset(nodes[edge.parent].op.arity(), edge.slot);
            let parent_left = column_left(parent_column);
            points.push((parent_left - STEM_WIDTH, entry));
            points.push((parent_left, entry));
            EdgePath {
                index: edge.index,
                input: edge.input,
                parent: edge.parent,
                slot: edge.slot,
                points,
                label: Rect {
                    x: parent_left - STEM_WIDTH + 4.0,
                    y: entry - LABEL_LIFT - LABEL_HEIGHT,
                    width: STEM_WIDTH - 4.0 - ARROW_ROOM,
                    height: LABEL_HEIGHT,
                },
            }
        })
        .collect();
    let drawn_count = drawn.iter().filter(|&&drawn| drawn).count();
    FormulaLayout {
        width: column_left(columns) - CORRIDOR_WIDTH + MARGIN,
        height: bottom + MARGIN,
        columns,
        boxes,
        edges,
        hidden_nodes: reachable.saturating_sub(drawn_count),
    }
}

// ---------------------------------------------------------------------------------------
// Markup

/// A coordinate to a tenth of a pixel, without trailing zeros.
fn coordinate(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    format!("{}", rounded + 0.0)
}

/// The SVG path of an arrow: curves with horizontal ends through each bend, straight
/// lines through lanes and into the parent.
fn path_data(points: &[(f64, f64)]) -> String {
    let Some(&(start_x, start_y)) = points.first() else {
        return String::new();
    };
    let mut data = format!("M{},{}", coordinate(start_x), coordinate(start_y));
    let mut previous = (start_x, start_y);
    for pair in points[1..].chunks(2) {
        let bend_end = pair[0];
        let middle = coordinate((previous.0 + bend_end.0) / 2.0);
        data.push_str(&format!(
            " C{middle},{} {middle},{} {},{}",
            coordinate(previous.1),
            coordinate(bend_end.1),
            coordinate(bend_end.0),
            coordinate(bend_end.1)
        ));
        previous = bend_end;
        if let Some(&straight_end) = pair.get(1) {
            data.push_str(&format!(
                " L{},{}",
                coordinate(straight_end.0),
                coordinate(straight_end.1)
            ));
            previous = straight_end;
        }
    }
    data
}

/// The subexpression as a tooltip, shortened with "…" when long.
fn tooltip(expression: &Expression, node: usize) -> String {
    let text = expression.node_text(node);
    if text.chars().count() <= MAX_TOOLTIP_CHARS {
        text
    } else {
        let mut shortened: String = text.chars().take(MAX_TOOLTIP_CHARS - 1).collect();
        shortened.push('…');
        shortened
    }
}

/// The drawing: arrows (each with its local derivative) under the boxes (operation,
/// value vᵢ, adjoint ∂f/∂vᵢ). `values` and `adjoints` come from [`Expression::forward`]
/// and [`Expression::backward`], `edges` from [`Expression::local_derivatives`]; a
/// number missing from them shows as [`UNDEFINED_TEXT`]. `title` is the accessible name.
///
/// Classes for the page's CSS: `formula-graph` on the `<svg>`; `formula-node` on each
/// box's group, with `formula-root`, `formula-variable`, `formula-constant` or
/// `formula-collapsed`; `formula-edge` on each arrow's group. The numbers are the
/// `<tspan>`s `formula-value` and `formula-adjoint` (with `data-node`) and
/// `formula-derivative` (with `data-edge`, the edge's index in `edges`' order).
pub fn formula_graph_svg(
    expression: &Expression,
    values: &[f64],
    adjoints: &[f64],
    edges: &[Edge],
    title: &str,
    words: GraphWords,
) -> String {
    let number_text = |value: f64| {
        if value.is_finite() {
            number_text(value)
        } else {
            words.undefined.to_string()
        }
    };
    let geometry = layout(expression);
    let nodes = expression.nodes();
    let width = coordinate(geometry.width);
    let height = coordinate(geometry.height);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"formula-graph\" role=\"img\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">",
        escape(title)
    );
    svg.push_str(
        "<defs><marker id=\"formula-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\"/></marker></defs>",
    );

    for edge in &geometry.edges {
        let derivative = edges
            .iter()
            .find(|candidate| candidate.parent == edge.parent && candidate.slot == edge.slot)
            .map_or(f64::NAN, |candidate| candidate.derivative);
        svg.push_str(&format!(
            "<g class=\"formula-edge\" data-edge=\"{}\" data-input=\"{}\" data-parent=\"{}\" data-slot=\"{}\"><path d=\"{}\" marker-end=\"url(#formula-arrow)\"/>",
            edge.index,
            edge.input,
            edge.parent,
            edge.slot,
            path_data(&edge.points)
        ));
        // From a constant nothing flows back that the lesson is after: no label.
        if is_constant(expression, edge.input) {
            svg.push_str("</g>");
            continue;
        }
        svg.push_str(&format!(
            "<text class=\"formula-edge-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\"><tspan class=\"formula-derivative\" data-edge=\"{}\">{}</tspan></text></g>",
            coordinate(edge.label.x + edge.label.width / 2.0),
            coordinate(edge.label.bottom() - 2.0),
            edge.index,
            escape(&number_text(derivative))
        ));
    }

    for node_box in &geometry.boxes {
        let node = node_box.node;
        let op = nodes[node].op;
        let kind = if node_box.collapsed.is_some() {
            " formula-collapsed"
        } else if node == expression.root() {
            " formula-root"
        } else {
            match op {
                Op::X | Op::Y => " formula-variable",
                Op::Constant { .. } => " formula-constant",
                _ => "",
            }
        };
        let label = match node_box.collapsed {
            Some(size) => format!("… ({size} {})", words.nodes),
            None => box_label(expression, node),
        };
        let rectangle = node_box.rectangle;
        let text_x = coordinate(rectangle.x + 8.0);
        let line = |offset: f64| coordinate(rectangle.y + offset);
        svg.push_str(&format!(
            "<g class=\"formula-node{kind}\" data-node=\"{node}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>",
            escape(&tooltip(expression, node)),
            coordinate(rectangle.x),
            coordinate(rectangle.y),
            coordinate(rectangle.width),
            coordinate(rectangle.height)
        ));
        svg.push_str(&format!(
            "<text class=\"formula-label\" x=\"{text_x}\" y=\"{}\">{}</text>",
            line(18.0),
            escape(&label)
        ));
        svg.push_str(&format!(
            "<text class=\"formula-value-line\" x=\"{text_x}\" y=\"{}\">= <tspan class=\"formula-value\" data-node=\"{node}\">{}</tspan></text>",
            line(36.0),
            escape(&number_text(values.get(node).copied().unwrap_or(f64::NAN)))
        ));
        // A constant is nothing the chain rule is after: no ∂f/∂ line (its value is all).
        if matches!(op, Op::Constant { .. }) && node_box.collapsed.is_none() {
            svg.push_str("</g>");
            continue;
        }
        let prefix = match op {
            Op::X => "∂f/∂x = ",
            Op::Y => "∂f/∂y = ",
            _ => ADJOINT_PREFIX,
        };
        svg.push_str(&format!(
            "<text class=\"formula-adjoint-line\" x=\"{text_x}\" y=\"{}\">{prefix}<tspan class=\"formula-adjoint\" data-node=\"{node}\">{}</tspan></text></g>",
            line(53.0),
            escape(&number_text(adjoints.get(node).copied().unwrap_or(f64::NAN)))
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expression::parse;
    use crate::render::markup::is_balanced;
    use crate::surface::Vec2;

    /// The expression, its values, adjoints and edges at a point.
    fn evaluated(formula: &str, x: f64, y: f64) -> (Expression, Vec<f64>, Vec<f64>, Vec<Edge>) {
        let expression = parse(formula).unwrap_or_else(|error| panic!("{formula}: {error:?}"));
        let mut values = Vec::new();
        let mut adjoints = Vec::new();
        expression.forward(Vec2::new(x, y), &mut values);
        expression.backward(&values, &mut adjoints);
        let edges = expression.local_derivatives(&values);
        (expression, values, adjoints, edges)
    }

    /// The text of the tspan with this class and data attribute.
    fn number_in(svg: &str, class: &str, attribute: &str, index: usize) -> String {
        let opening = format!("<tspan class=\"{class}\" {attribute}=\"{index}\">");
        let start = svg
            .find(&opening)
            .unwrap_or_else(|| panic!("no {opening} in {svg}"))
            + opening.len();
        let end = start + svg[start..].find("</tspan>").expect("closed");
        svg[start..end].to_string()
    }

    /// A formula of 100+ nodes: a sum of 20 distinct terms.
    fn long_formula() -> String {
        (1..=20)
            .map(|k| format!("sin({k}*x + y^{k})"))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    fn formulas() -> Vec<String> {
        vec![
            "x^2 + y^2".to_string(),
            "sin(x)*y + exp(-x^2)".to_string(),
            "sigmoid(x*y) - log(x+2)".to_string(),
            "sin(x)+sin(x)^2".to_string(),
            "x*x".to_string(),
            "x".to_string(),
            "(x - y)/(x + y) + tanh(x*y)^pi - sqrt(abs(x)) * relu(y - 0.5)".to_string(),
            (0..30).fold("x".to_string(), |inner, _| format!("sin({inner})")),
            long_formula(),
        ]
    }

    /// Checks the geometry of one layout: nothing overlaps, everything is inside, and
    /// arrows run from their input's box to their parent's without crossing a box.
    fn check_geometry(formula: &str, geometry: &FormulaLayout) {
        let canvas = Rect {
            x: 0.0,
            y: 0.0,
            width: geometry.width,
            height: geometry.height,
        };
        let inside = |rectangle: &Rect| {
            rectangle.x >= canvas.x
                && rectangle.y >= canvas.y
                && rectangle.right() <= canvas.right()
                && rectangle.bottom() <= canvas.bottom()
        };
        for (index, first) in geometry.boxes.iter().enumerate() {
            assert!(inside(&first.rectangle), "{formula}: box {first:?} outside");
            for second in &geometry.boxes[index + 1..] {
                assert!(
                    !first.rectangle.intersects(&second.rectangle),
                    "{formula}: boxes {first:?} and {second:?} overlap"
                );
            }
        }
        for (index, edge) in geometry.edges.iter().enumerate() {
            assert!(inside(&edge.label), "{formula}: label {edge:?} outside");
            for node_box in &geometry.boxes {
                assert!(
                    !edge.label.intersects(&node_box.rectangle),
                    "{formula}: label of {edge:?} overlaps {node_box:?}"
                );
            }
            for other in &geometry.edges[index + 1..] {
                assert!(
                    !edge.label.intersects(&other.label),
                    "{formula}: labels of {edge:?} and {other:?} overlap"
                );
            }
            let from = geometry.box_of(edge.input).expect("input drawn").rectangle;
            let to = geometry
                .box_of(edge.parent)
                .expect("parent drawn")
                .rectangle;
            let start = edge.points[0];
            let end = *edge.points.last().expect("points");
            assert_eq!(start.0, from.right(), "{formula}: {edge:?}");
            assert!(start.1 > from.y && start.1 < from.bottom());
            assert_eq!(end.0, to.x, "{formula}: {edge:?}");
            assert!(end.1 > to.y && end.1 < to.bottom());
            // The label sits above the arrow's last, straight run.
            let run_start = edge.points[edge.points.len() - 2];
            assert_eq!(run_start.1, end.1);
            assert!(edge.label.x >= run_start.0 && edge.label.right() <= end.0);
            assert!(edge.label.bottom() <= end.1);
            // No part of the arrow passes through a box (sampled along its segments; the
            // bends are drawn as curves within the same corridor).
            for pair in edge.points.windows(2) {
                for step in 0..=20 {
                    let t = step as f64 / 20.0;
                    let point = (
                        pair[0].0 + (pair[1].0 - pair[0].0) * t,
                        pair[0].1 + (pair[1].1 - pair[0].1) * t,
                    );
                    for node_box in &geometry.boxes {
                        assert!(
                            !node_box.rectangle.contains_strictly(point),
                            "{formula}: {edge:?} passes through {node_box:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn nothing_overlaps_and_arrows_avoid_boxes() {
        for formula in formulas() {
            let expression = parse(&formula).expect("valid");
            check_geometry(&formula, &layout(&expression));
        }
    }

    #[test]
    fn a_small_graph_is_drawn_whole_each_node_once() {
        for formula in formulas().iter().take(7) {
            let expression = parse(formula).expect("valid");
            let geometry = layout(&expression);
            let mut drawn: Vec<usize> = geometry
                .boxes
                .iter()
                .map(|node_box| node_box.node)
                .collect();
            drawn.sort_unstable();
            assert_eq!(
                drawn,
                (0..expression.nodes().len()).collect::<Vec<_>>(),
                "{formula}"
            );
            assert!(geometry
                .boxes
                .iter()
                .all(|node_box| node_box.collapsed.is_none()));
            assert_eq!(geometry.hidden_nodes, 0);
            let all_edges = expression.local_derivatives(&[]);
            assert_eq!(geometry.edges.len(), all_edges.len(), "{formula}");
            for (drawn, edge) in geometry.edges.iter().zip(&all_edges) {
                assert_eq!(
                    (drawn.input, drawn.parent, drawn.slot),
                    (edge.input, edge.parent, edge.slot)
                );
            }
            // Leaves first, the root last, every arrow to the right.
            let root = geometry.box_of(expression.root()).expect("root drawn");
            assert_eq!(root.column, geometry.columns - 1);
            for node_box in &geometry.boxes {
                if expression.nodes()[node_box.node].op.arity() == 0 {
                    assert_eq!(node_box.column, 0, "{formula}");
                }
            }
            for edge in &geometry.edges {
                let input = geometry.box_of(edge.input).expect("drawn").column;
                assert!(input < geometry.box_of(edge.parent).expect("drawn").column);
            }
        }
    }

    #[test]
    fn a_shared_subexpression_is_one_box_with_several_arrows_out() {
        let (expression, values, adjoints, edges) = evaluated("sin(x)+sin(x)^2", 0.5, 0.0);
        let geometry = layout(&expression);
        let sine = (0..expression.nodes().len())
            .find(|&node| expression.nodes()[node].op == Op::Sin)
            .expect("a sine");
        assert_eq!(
            geometry
                .boxes
                .iter()
                .filter(|node_box| node_box.node == sine)
                .count(),
            1
        );
        let out: Vec<&EdgePath> = geometry
            .edges
            .iter()
            .filter(|edge| edge.input == sine)
            .collect();
        assert_eq!(out.len(), 2);
        assert_ne!(out[0].parent, out[1].parent);
        let svg = formula_graph_svg(
            &expression,
            &values,
            &adjoints,
            &edges,
            "Graph",
            GraphWords::ENGLISH,
        );
        assert_eq!(svg.matches(&format!("data-input=\"{sine}\"")).count(), 2);
        assert_eq!(
            svg.matches(&format!("<g class=\"formula-node\" data-node=\"{sine}\""))
                .count(),
            1
        );
    }

    #[test]
    fn the_posts_example_shows_f_and_the_gradient() {
        let (expression, values, adjoints, edges) = evaluated("x^2 + y^2", 1.0, 3.0);
        let svg = formula_graph_svg(
            &expression,
            &values,
            &adjoints,
            &edges,
            "f = x² + y²",
            GraphWords::ENGLISH,
        );
        assert!(is_balanced(&svg), "{svg}");
        assert!(svg.contains("role=\"img\" aria-label=\"f = x² + y²\""));
        let root = expression.root();
        assert_eq!(number_in(&svg, "formula-value", "data-node", root), "10");
        assert_eq!(number_in(&svg, "formula-adjoint", "data-node", root), "1");
        let node_of = |op: Op| {
            expression
                .nodes()
                .iter()
                .position(|node| node.op == op)
                .expect("present")
        };
        assert_eq!(
            number_in(&svg, "formula-adjoint", "data-node", node_of(Op::X)),
            "2"
        );
        assert_eq!(
            number_in(&svg, "formula-adjoint", "data-node", node_of(Op::Y)),
            "6"
        );
        // ∂(y²)/∂y = 2y = 6 on the arrow from y into the power's first slot.
        let edge = edges
            .iter()
            .position(|edge| edge.input == node_of(Op::Y))
            .expect("an edge from y");
        assert_eq!(
            number_in(&svg, "formula-derivative", "data-edge", edge),
            "6"
        );
        assert!(svg.contains("<text class=\"formula-label\""));
        assert!(!svg.contains("style="));
    }

    #[test]
    fn every_box_and_arrow_has_its_numbers() {
        for formula in formulas() {
            let (expression, values, adjoints, edges) = evaluated(&formula, 0.7, -1.3);
            let geometry = layout(&expression);
            let svg = formula_graph_svg(
                &expression,
                &values,
                &adjoints,
                &edges,
                &formula,
                GraphWords::ENGLISH,
            );
            assert!(is_balanced(&svg), "{formula}: {svg}");
            assert_eq!(
                number_in(&svg, "formula-adjoint", "data-node", expression.root()),
                "1",
                "{formula}"
            );
            for node_box in &geometry.boxes {
                let node = node_box.node;
                assert_eq!(
                    number_in(&svg, "formula-value", "data-node", node),
                    number_text(values[node])
                );
                if is_constant(&expression, node) && node_box.collapsed.is_none() {
                    // A constant shows its value only.
                    assert!(
                        !svg.contains(&format!("class=\"formula-adjoint\" data-node=\"{node}\""))
                    );
                    continue;
                }
                assert_eq!(
                    number_in(&svg, "formula-adjoint", "data-node", node),
                    number_text(adjoints[node])
                );
            }
            for edge in geometry
                .edges
                .iter()
                .filter(|edge| !is_constant(&expression, edge.input))
            {
                assert_eq!(
                    number_in(&svg, "formula-derivative", "data-edge", edge.index),
                    number_text(edges[edge.index].derivative)
                );
            }
        }
    }

    #[test]
    fn numbers_have_four_digits_a_true_minus_and_undefined() {
        assert_eq!(number_text(0.8414709848), "0.8415");
        assert_eq!(number_text(-1.0), "−1");
        assert_eq!(number_text(-1.23456e-7), "−1.235e−7");
        assert_eq!(number_text(9999.0), "9999");
        assert_eq!(number_text(141870783.0), "1.419e8");
        assert_eq!(number_text(-1e300), "−1e300");
        assert_eq!(number_text(f64::NAN), UNDEFINED_TEXT);
        assert_eq!(number_text(f64::NEG_INFINITY), UNDEFINED_TEXT);
        // log(x) at x = −1: the value and the gradient are undefined.
        let (expression, values, adjoints, edges) = evaluated("log(x) - x", -1.0, 0.0);
        let svg = formula_graph_svg(
            &expression,
            &values,
            &adjoints,
            &edges,
            "Graph",
            GraphWords::ENGLISH,
        );
        assert!(svg.contains(&format!(">{UNDEFINED_TEXT}</tspan>")));
        assert!(svg.contains(">−1</tspan>"));
        assert!(!svg.contains(">-"), "ASCII minus in {svg}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn labels_name_the_operations() {
        let expression = parse("-x / pi * e ^ 2.5 - sqrt(y)").expect("valid");
        let labels: Vec<String> = (0..expression.nodes().len())
            .map(|node| node_label(&expression, node))
            .collect();
        for expected in [
            "x", "y", "π", "e", "2.5", "÷", "×", "^", "−", "−(·)", "sqrt",
        ] {
            assert!(
                labels.iter().any(|label| label == expected),
                "{expected} in {labels:?}"
            );
        }
    }

    #[test]
    fn a_large_graph_is_capped_and_collapsed() {
        for formula in [
            long_formula(),
            (0..30).fold("x".to_string(), |inner, _| format!("sin({inner})")),
        ] {
            let (expression, values, adjoints, edges) = evaluated(&formula, 0.3, 0.4);
            let geometry = layout(&expression);
            assert!(geometry.boxes.len() <= MAX_DRAWN_BOXES, "{formula}");
            assert!(geometry.columns <= MAX_EXPANDED_LEVELS + 1, "{formula}");
            assert!(geometry.hidden_nodes > 0, "{formula}");
            let collapsed: Vec<&NodeBox> = geometry
                .boxes
                .iter()
                .filter(|node_box| node_box.collapsed.is_some())
                .collect();
            assert!(!collapsed.is_empty());
            for node_box in &collapsed {
                assert_eq!(node_box.column, 0);
                // Nothing is drawn into a collapsed box.
                assert!(geometry
                    .edges
                    .iter()
                    .all(|edge| edge.parent != node_box.node));
            }
            // Every drawn box but the leaves and the collapsed ones gets all its inputs.
            for node_box in &geometry.boxes {
                let node = &expression.nodes()[node_box.node];
                if node_box.collapsed.is_none() {
                    let arriving = geometry
                        .edges
                        .iter()
                        .filter(|edge| edge.parent == node_box.node)
                        .count();
                    assert_eq!(arriving, node.inputs().len());
                }
            }
            let svg = formula_graph_svg(
                &expression,
                &values,
                &adjoints,
                &edges,
                "Graph",
                GraphWords::ENGLISH,
            );
            assert!(is_balanced(&svg));
            assert!(svg.contains("nodes)</text>"));
            assert!(svg.contains("formula-collapsed"));
        }
        assert!(parse(&long_formula()).expect("valid").nodes().len() >= 100);
    }

    #[test]
    fn the_layout_is_the_same_every_time() {
        let expression = parse(&long_formula()).expect("valid");
        assert_eq!(layout(&expression), layout(&expression));
    }
}
