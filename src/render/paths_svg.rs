//! The series lessons' small computational graphs, for the first sample. Part 3's idea:
//! hidden unit 1 reaches the cost through both outputs, so its error δ¹₁ is the sum of two
//! paths, each g′(z¹ⱼ)·δ²ⱼ·ω¹₁ⱼ. Part 2's: one weight's path to the cost, and its
//! gradient the sum of the two samples' shares. Under each node: its forward value, and
//! its backward value δ = ∂C/∂(the node's value), δ² = 2(ŷ − y) and δ¹ as in the post.

use std::fmt::Write;

use crate::batch::{
    sigmoid_slope, HiddenBackward, HiddenForward, HiddenNetwork, Predictions, HIDDEN, INPUT,
    INPUTS, OUTPUTS, TARGET,
};
use crate::format::write_significant;

/// Where each layer's nodes are: x of the column, y of each node.
const INPUT_X: f64 = 22.0;
const HIDDEN_X: f64 = 122.0;
const OUTPUT_X: f64 = 232.0;
const COST_X: f64 = 318.0;
const RADIUS: f64 = 15.0;

fn layer_y(count: usize, index: usize) -> f64 {
    let gap = 62.0;
    110.0 + (index as f64 - (count as f64 - 1.0) / 2.0) * gap
}

fn short(value: f64) -> String {
    let mut text = String::new();
    write_significant(&mut text, value, 4);
    text.replace('-', "−")
}

fn line(svg: &mut String, from: (f64, f64), to: (f64, f64), class: &str) {
    let _ = write!(
        svg,
        "<line class=\"{class}\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
        from.0 + RADIUS,
        from.1,
        to.0 - RADIUS,
        to.1
    );
}

fn node(svg: &mut String, at: (f64, f64), label: &str, class: &str) {
    let _ = write!(
        svg,
        "<circle class=\"{class}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{RADIUS}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{label}</text>",
        at.0,
        at.1,
        at.0,
        at.1 + 4.5
    );
}

/// A node's forward value (line 0, muted) or backward value δ (line 1, in the path's
/// colour), under the node.
fn under(svg: &mut String, at: (f64, f64), line: usize, value: f64) {
    let (class, prefix) = if line == 0 {
        ("forward", "")
    } else {
        ("backward", "δ ")
    };
    let _ = write!(
        svg,
        "<text class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{prefix}{}</text>",
        at.0,
        at.1 + RADIUS + 13.0 + 12.0 * line as f64,
        short(value)
    );
}

fn value_under(svg: &mut String, at: (f64, f64), value: f64) {
    under(svg, at, 0, value);
}

fn delta_under(svg: &mut String, at: (f64, f64), value: f64) {
    under(svg, at, 1, value);
}

/// The font size of a path's value (`.paths .path-value`, bold).
const PATH_VALUE_SIZE: f64 = 13.0;

/// A path's value beside its edge, centred on `at` (its baseline), on a box of the
/// background's colour: an edge that runs under it is hidden there, instead of running
/// through a digit or looking like part of a minus sign (−0.008737).
fn path_value(svg: &mut String, at: (f64, f64), text: &str) {
    // The plain text's estimate: the bold glyphs' edges may pass it by a pixel, which
    // their halo (`stroke` in the stylesheet) covers.
    let width = crate::graph::estimated_width(text, PATH_VALUE_SIZE, false) + 2.0;
    let _ = write!(
        svg,
        "<rect class=\"path-value-back\" x=\"{:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{:.1}\" rx=\"3\"/><text class=\"path-value\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{text}</text>",
        at.0 - width / 2.0,
        at.1 - 0.8 * PATH_VALUE_SIZE,
        1.1 * PATH_VALUE_SIZE,
        at.0,
        at.1
    );
}

/// The first sample's part of C: Σ over the outputs of (ŷ − y)².
fn first_sample_cost(predictions: &[f64; OUTPUTS]) -> f64 {
    predictions
        .iter()
        .zip(&TARGET[0])
        .map(|(prediction, target)| (prediction - target).powi(2))
        .sum()
}

/// The 3-3-2 network for the first sample: every node with its forward value under it
/// (x, a¹, ŷ and the sample's part of C), hidden unit 1's two paths to C drawn strong
/// and labelled with their values, and their sum δ¹₁ above the unit.
pub fn hidden_paths_svg(
    network: &HiddenNetwork,
    forward: &HiddenForward,
    backward: &HiddenBackward,
) -> String {
    let input = |index: usize| (INPUT_X, layer_y(INPUTS, index));
    let hidden = |index: usize| (HIDDEN_X, layer_y(HIDDEN, index));
    let output = |index: usize| (OUTPUT_X, layer_y(OUTPUTS, index));
    let cost = (COST_X, layer_y(1, 0));
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 340 232\" class=\"paths\" role=\"img\" aria-label=\"h₁ → ŷ₁ → C, h₁ → ŷ₂ → C: δ¹₁\">",
    );
    for from in 0..INPUTS {
        for to in 0..HIDDEN {
            line(&mut svg, input(from), hidden(to), "edge");
        }
    }
    for from in 0..HIDDEN {
        for to in 0..OUTPUTS {
            let class = if from == 0 { "edge path" } else { "edge" };
            line(&mut svg, hidden(from), output(to), class);
        }
    }
    for from in 0..OUTPUTS {
        line(&mut svg, output(from), cost, "edge path");
    }
    let subscripts = ["₁", "₂", "₃"];
    for (index, subscript) in subscripts.iter().enumerate() {
        let class = if index == 0 { "node chosen" } else { "node" };
        node(&mut svg, input(index), &format!("x{subscript}"), "node");
        node(&mut svg, hidden(index), &format!("h{subscript}"), class);
        if index < OUTPUTS {
            node(&mut svg, output(index), &format!("ŷ{subscript}"), "node");
        }
    }
    node(&mut svg, cost, "C⁽¹⁾", "node");
    for (index, value) in INPUT[0].iter().enumerate() {
        value_under(&mut svg, input(index), *value);
    }
    for (index, value) in forward.a1[0].iter().enumerate() {
        value_under(&mut svg, hidden(index), *value);
        delta_under(&mut svg, hidden(index), backward.delta1[0][index]);
    }
    for (index, value) in forward.a2[0].iter().enumerate() {
        value_under(&mut svg, output(index), *value);
        delta_under(&mut svg, output(index), backward.delta2[0][index]);
    }
    value_under(&mut svg, cost, first_sample_cost(&forward.a2[0]));
    // Each path's value beside its edge out of h₁, then the sum under h₁.
    for index in 0..OUTPUTS {
        let (from, to) = (hidden(0), output(index));
        let value = backward.path(network, 0, 0, index);
        // Past the middle of the edge, the first path's value above it, the second's below.
        // The second label sits nearer h₁, clear of ŷ₁'s values; the first stops short of ŷ₁.
        let fraction = if index == 0 { 0.6 } else { 0.45 };
        let along = |start: f64, end: f64| start + fraction * (end - start);
        let offset = if index == 0 { -8.0 } else { 17.0 };
        path_value(
            &mut svg,
            (
                along(from.0 + RADIUS, to.0 - RADIUS),
                along(from.1, to.1) + offset,
            ),
            &short(value),
        );
    }
    // Which sample the numbers are of: the first row of x.
    svg.push_str("<text x=\"4\" y=\"228\">x⁽¹⁾ = [1 2 3]</text>");
    let _ = write!(
        svg,
        "<text class=\"path-value\" x=\"{HIDDEN_X}\" y=\"{:.1}\" text-anchor=\"middle\">δ¹₁ = {}</text></svg>",
        hidden(0).1 - RADIUS - 8.0,
        short(backward.delta1[0][0])
    );
    svg
}

/// Part 2's layer for the first sample: x₁…x₃ → ŷ₁, ŷ₂ → C with every node's forward
/// value, and the path of w₁₁ (x₁ → ŷ₁ → C) drawn strong and labelled with this sample's
/// share of ∂C/∂w₁₁, x₁·g′(a₁)·2(ŷ₁ − y₁); above, the sum over both samples.
pub fn layer_paths_svg(predictions: &Predictions) -> String {
    let input = |index: usize| (INPUT_X + 20.0, layer_y(INPUTS, index));
    let output = |index: usize| (OUTPUT_X - 40.0, layer_y(OUTPUTS, index));
    let cost = (COST_X, layer_y(1, 0));
    // This sample's share of ∂C/∂w₁₁, for each sample.
    let share = |sample: usize| {
        let prediction = predictions[sample][0];
        INPUT[sample][0] * sigmoid_slope(prediction) * 2.0 * (prediction - TARGET[sample][0])
    };
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 340 232\" class=\"paths\" role=\"img\" aria-label=\"x₁ → ŷ₁ → C: ∂C/∂w₁₁\">",
    );
    for from in 0..INPUTS {
        for to in 0..OUTPUTS {
            let class = if from == 0 && to == 0 {
                "edge path"
            } else {
                "edge"
            };
            line(&mut svg, input(from), output(to), class);
        }
    }
    for from in 0..OUTPUTS {
        let class = if from == 0 { "edge path" } else { "edge" };
        line(&mut svg, output(from), cost, class);
    }
    let subscripts = ["₁", "₂", "₃"];
    for (index, subscript) in subscripts.iter().enumerate() {
        let class = if index == 0 { "node chosen" } else { "node" };
        node(&mut svg, input(index), &format!("x{subscript}"), class);
        value_under(&mut svg, input(index), INPUT[0][index]);
        if index < OUTPUTS {
            node(&mut svg, output(index), &format!("ŷ{subscript}"), "node");
            value_under(&mut svg, output(index), predictions[0][index]);
            let delta = 2.0 * (predictions[0][index] - TARGET[0][index]);
            delta_under(&mut svg, output(index), delta);
        }
    }
    node(&mut svg, cost, "C⁽¹⁾", "node");
    value_under(&mut svg, cost, first_sample_cost(&predictions[0]));
    let (from, to) = (input(0), output(0));
    path_value(
        &mut svg,
        ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0 - 10.0),
        &short(share(0)),
    );
    let _ = write!(
        svg,
        "<text class=\"path-value\" x=\"170\" y=\"16\" text-anchor=\"middle\">∂C/∂w₁₁ = {} + {} = {}</text>",
        short(share(0)),
        short(share(1)),
        short(share(0) + share(1))
    );
    svg.push_str("<text x=\"4\" y=\"228\">x⁽¹⁾ = [1 2 3]</text></svg>");
    svg
}
