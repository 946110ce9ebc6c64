//! Parts 2 and 3 of the series: the post's printed numbers, numpy's print format, an
//! independent reference written from the per-element formulas, and central finite
//! differences for every gradient.

use gdlab::batch::{
    self, BiasGradient, HiddenNetwork, Model, SigmoidLayer, INPUT, MAX_PARAMETERS,
    POST_LAYER_START, TARGET,
};
use gdlab::format::{numpy_matrix, python_repr};
use proptest::prelude::*;

/// The lessons' own e^x (correctly rounded, `tests/exp.rs`), so the reference can be
/// compared bit for bit.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + gdlab::exp::exp(-z))
}

#[test]
fn numpy_prints_arrays_as_the_fixture_says() {
    let fixture = include_str!("fixtures/numpy_matrix.txt");
    let lines: Vec<&str> = fixture.lines().collect();
    assert!(lines.len() > 400, "the fixture has its 209 cases");
    for pair in lines.chunks(2) {
        let values: Vec<f64> = pair[0]
            .split(' ')
            .map(|hex| f64::from_bits(u64::from_str_radix(hex, 16).unwrap()))
            .collect();
        let matrix = [[values[0], values[1]], [values[2], values[3]]];
        assert_eq!(
            numpy_matrix(&matrix),
            pair[1].replace('|', "\n"),
            "{values:?}"
        );
    }
}

/// The lines the post prints for its first step (predictions before and after, cost).
#[test]
fn part_two_first_step_is_the_posts() {
    let step = batch::step(&POST_LAYER_START, 0.1, BiasGradient::Mean);
    assert_eq!(
        numpy_matrix(&step.predictions_before),
        "[[0.90024951 0.94267582]\n [0.80218389 0.88079708]]"
    );
    assert_eq!(
        numpy_matrix(&step.predictions_after),
        "[[0.87638772 0.93574933]\n [0.74070904 0.87317416]]"
    );
    assert_eq!(python_repr(step.cost), "1.4556414717601052");
}

fn run<M: Model>(start: M, steps: usize, bias: BiasGradient) -> Vec<batch::BatchStep<M>> {
    let mut model = start;
    (0..steps)
        .map(|_| {
            let step = batch::step(&model, 0.1, bias);
            model = step.after;
            step
        })
        .collect()
}

/// The post prints the cost after step 1000 as 0.0027846224530159356: Python's repr of
/// our double, character for character. (The numpy of this machine ends 2 ulp away, at
/// …59338; the post's run agrees with ours.)
#[test]
fn part_two_last_step_is_the_posts() {
    let steps = run(POST_LAYER_START, 1000, BiasGradient::Mean);
    assert_eq!(python_repr(steps[999].cost), "0.0027846224530159356");
    // Negative control: the consistent sum is a different run.
    let summed = run(POST_LAYER_START, 1000, BiasGradient::Sum);
    assert_ne!(python_repr(summed[999].cost), "0.0027846224530159356");
    assert!(summed[999].cost < 0.01);
}

/// Part 2 from the per-element chain rule, written from the formulas and not from the
/// lesson's code: ∂C/∂w_ij = Σ_s x_si·g′(a_sj)·2(ŷ_sj − y_sj).
fn reference_layer_step(weights: &mut [[f64; 2]; 3], bias: &mut [f64; 2], mean: bool) -> f64 {
    let mut a = [[0.0; 2]; 2];
    for s in 0..2 {
        for j in 0..2 {
            a[s][j] = INPUT[s][0] * weights[0][j]
                + INPUT[s][1] * weights[1][j]
                + INPUT[s][2] * weights[2][j]
                + bias[j];
        }
    }
    let error = |s: usize, j: usize| {
        let g = sigmoid(a[s][j]);
        g * (1.0 - g) * 2.0 * (g - TARGET[s][j])
    };
    let mut new_weights = *weights;
    for (i, row) in new_weights.iter_mut().enumerate() {
        for (j, weight) in row.iter_mut().enumerate() {
            let gradient = INPUT[0][i] * error(0, j) + INPUT[1][i] * error(1, j);
            *weight -= 0.1 * gradient;
        }
    }
    let mut new_bias = *bias;
    for (j, value) in new_bias.iter_mut().enumerate() {
        let sum = error(0, j) + error(1, j);
        *value -= 0.1 * if mean { sum / 2.0 } else { sum };
    }
    *weights = new_weights;
    *bias = new_bias;
    let mut cost = 0.0;
    for s in 0..2 {
        for j in 0..2 {
            let z = INPUT[s][0] * weights[0][j]
                + INPUT[s][1] * weights[1][j]
                + INPUT[s][2] * weights[2][j]
                + bias[j];
            cost += (sigmoid(z) - TARGET[s][j]).powi(2);
        }
    }
    cost
}

#[test]
fn part_two_equals_the_per_element_reference_at_every_step() {
    for (mode, mean) in [(BiasGradient::Mean, true), (BiasGradient::Sum, false)] {
        let steps = run(POST_LAYER_START, 1000, mode);
        let (mut weights, mut bias) = (POST_LAYER_START.weights, POST_LAYER_START.bias);
        for (index, step) in steps.iter().enumerate() {
            let cost = reference_layer_step(&mut weights, &mut bias, mean);
            assert_eq!(step.cost, cost, "cost at step {}", index + 1);
            assert_eq!(step.after.weights, weights, "weights at step {}", index + 1);
            assert_eq!(step.after.bias, bias, "bias at step {}", index + 1);
        }
    }
}

/// Part 3 from the per-element formulas: a hidden unit's error is the sum of its two
/// paths to the cost, δ¹_sh = Σ_j ω¹_hj·g′(z¹_sj)·2(a²_sj − y_sj).
fn reference_network_gradient(network: &HiddenNetwork, mean: bool) -> [f64; MAX_PARAMETERS] {
    let (w0, b0) = (network.hidden.weights, network.hidden.bias);
    let (w1, b1) = (network.output.weights, network.output.bias);
    let mut gradient = [0.0; MAX_PARAMETERS];
    let share = if mean { 0.5 } else { 1.0 };
    for s in 0..2 {
        let z0: Vec<f64> = (0..3)
            .map(|h| (0..3).map(|i| INPUT[s][i] * w0[i][h]).sum::<f64>() + b0[h])
            .collect();
        let a1: Vec<f64> = z0.iter().map(|z| sigmoid(*z)).collect();
        let z1: Vec<f64> = (0..2)
            .map(|j| (0..3).map(|h| a1[h] * w1[h][j]).sum::<f64>() + b1[j])
            .collect();
        let path: Vec<f64> = (0..2)
            .map(|j| {
                let a2 = sigmoid(z1[j]);
                a2 * (1.0 - a2) * 2.0 * (a2 - TARGET[s][j])
            })
            .collect();
        for h in 0..3 {
            for j in 0..2 {
                gradient[12 + h * 2 + j] += a1[h] * path[j];
            }
        }
        for j in 0..2 {
            gradient[18 + j] += share * path[j];
        }
        for h in 0..3 {
            let delta1: f64 = (0..2).map(|j| w1[h][j] * path[j]).sum();
            let hidden_error = a1[h] * (1.0 - a1[h]) * delta1;
            for i in 0..3 {
                gradient[i * 3 + h] += INPUT[s][i] * hidden_error;
            }
            gradient[9 + h] += share * hidden_error;
        }
    }
    gradient
}

fn close(left: f64, right: f64, tolerance: f64) -> bool {
    (left - right).abs() <= tolerance * left.abs().max(right.abs()).max(1e-3)
}

/// C at `values` (the model's parameters in order).
fn cost_at<M: Model>(values: &[f64; MAX_PARAMETERS]) -> f64 {
    M::from_values(values).cost()
}

/// Central finite differences of C for every parameter.
fn finite_difference<M: Model>(model: &M) -> Vec<f64> {
    let values = model.values();
    (0..M::PARAMETERS)
        .map(|index| {
            let step = 1e-6 * values[index].abs().max(1.0);
            let (mut plus, mut minus) = (values, values);
            plus[index] += step;
            minus[index] -= step;
            (cost_at::<M>(&plus) - cost_at::<M>(&minus)) / (2.0 * step)
        })
        .collect()
}

fn network_from(values: &[f64]) -> HiddenNetwork {
    let mut all = [0.0; MAX_PARAMETERS];
    all[..values.len()].copy_from_slice(values);
    HiddenNetwork::from_values(&all)
}

proptest! {
    #[test]
    fn part_three_equals_the_per_element_reference(
        values in proptest::collection::vec(-2.0..2.0f64, 20),
        mean in any::<bool>(),
    ) {
        let network = network_from(&values);
        let mode = if mean { BiasGradient::Mean } else { BiasGradient::Sum };
        let ours = network.gradient(mode).values();
        let reference = reference_network_gradient(&network, mean);
        for index in 0..MAX_PARAMETERS {
            prop_assert!(close(ours[index], reference[index], 1e-12), "{index}: {} vs {}", ours[index], reference[index]);
        }
    }

    #[test]
    fn every_gradient_of_both_lessons_is_a_central_difference(
        values in proptest::collection::vec(-2.0..2.0f64, 20),
    ) {
        let network = network_from(&values);
        let exact = network.gradient(BiasGradient::Sum).values();
        for (index, numeric) in finite_difference(&network).into_iter().enumerate() {
            prop_assert!(close(exact[index], numeric, 1e-5), "network {index}: {} vs {numeric}", exact[index]);
        }
        let layer = SigmoidLayer::from_values(&network.values());
        let exact = layer.gradient(BiasGradient::Sum).values();
        for (index, numeric) in finite_difference(&layer).into_iter().enumerate() {
            prop_assert!(close(exact[index], numeric, 1e-5), "layer {index}: {} vs {numeric}", exact[index]);
        }
    }

    /// The post's mean is the chain rule's sum halved, for the biases only.
    #[test]
    fn the_mean_halves_only_the_bias_gradient(values in proptest::collection::vec(-2.0..2.0f64, 20)) {
        let network = network_from(&values);
        let (sum, mean) = (network.gradient(BiasGradient::Sum), network.gradient(BiasGradient::Mean));
        prop_assert_eq!(sum.hidden.weights, mean.hidden.weights);
        prop_assert_eq!(sum.output.weights, mean.output.weights);
        for (s, m) in sum.hidden.bias.iter().chain(&sum.output.bias).zip(mean.hidden.bias.iter().chain(&mean.output.bias)) {
            prop_assert_eq!(*s / 2.0, *m);
        }
    }
}

#[test]
fn part_three_descends_from_random_weights_in_both_modes() {
    let start = HiddenNetwork::from_unit_samples(&[
        0.42, 0.13, 0.77, 0.05, 0.91, 0.36, 0.58, 0.24, 0.69, 0.11, 0.83, 0.47, 0.3, 0.64, 0.02,
    ]);
    assert_eq!(start.hidden.bias, [0.0; 3]);
    assert_eq!(start.output.weights[2], [0.64, 0.02]);
    for mode in [BiasGradient::Mean, BiasGradient::Sum] {
        let steps = run(start, 3000, mode);
        assert!(steps[2999].cost < steps[0].cost / 10.0, "{mode:?}");
    }
}

/// Part 3's picture: hidden unit 1's two paths to C, with values that add up to δ¹₁.
#[test]
fn the_hidden_unit_picture_shows_two_paths_and_their_sum() {
    let network = network_from(&[
        0.42, 0.13, 0.77, 0.05, 0.91, 0.36, 0.58, 0.24, 0.69, 0.0, 0.0, 0.0, 0.11, 0.83, 0.47, 0.3,
        0.64, 0.02, 0.0, 0.0,
    ]);
    let forward = network.forward();
    let backward = network.backward(&forward);
    let paths: Vec<f64> = (0..2)
        // From the definitions, not from `HiddenBackward::path`: g′(z¹ⱼ)·δ²ⱼ·ω¹₁ⱼ.
        .map(|output| {
            let a2 = forward.a2[0][output];
            a2 * (1.0 - a2) * backward.delta2[0][output] * network.output.weights[0][output]
        })
        .collect();
    assert!((paths[0] + paths[1] - backward.delta1[0][0]).abs() < 1e-15);
    let svg = gdlab::render::paths_svg::hidden_paths_svg(&network, &forward, &backward);
    let short = |value: f64| {
        let mut text = String::new();
        gdlab::format::write_significant(&mut text, value, 4);
        text.replace('-', "−")
    };
    for value in [paths[0], paths[1]] {
        assert!(svg.contains(&format!(">{}</text>", short(value))), "{svg}");
    }
    assert!(svg.contains(&format!("δ¹₁ = {}</text>", short(backward.delta1[0][0]))));
    // Every node's forward value for the first sample: a¹, ŷ (x is 1, 2, 3); and its
    // backward value δ¹, δ² = 2(ŷ − y), from the definitions.
    for value in forward.a1[0].iter().chain(&forward.a2[0]) {
        assert!(
            svg.contains(&format!(">{}</text>", short(*value))),
            "{value}"
        );
    }
    for (index, value) in forward.a2[0].iter().enumerate() {
        let delta2 = 2.0 * (value - TARGET[0][index]);
        assert!(
            svg.contains(&format!(">δ {}</text>", short(delta2))),
            "{delta2}"
        );
    }
    for delta1 in backward.delta1[0] {
        assert!(
            svg.contains(&format!(">δ {}</text>", short(delta1))),
            "{delta1}"
        );
    }
    // The two strong paths out of h₁ and the two into C: four, no more.
    assert_eq!(svg.matches("class=\"edge path\"").count(), 4);
    assert!(gdlab::render::markup::is_balanced(&svg));
}

/// Part 2's picture: w₁₁'s path for the first sample, and ∂C/∂w₁₁ as the two samples' sum.
#[test]
fn the_layer_picture_sums_the_samples_shares_of_a_weight_gradient() {
    let step = batch::step(&POST_LAYER_START, 0.1, BiasGradient::Mean);
    let svg = gdlab::render::paths_svg::layer_paths_svg(&step.predictions_before);
    let short = |value: f64| {
        let mut text = String::new();
        gdlab::format::write_significant(&mut text, value, 4);
        text.replace('-', "−")
    };
    // From the definitions: x_s1·g′(a_s1)·2(ŷ_s1 − y_s1), with g′ = ŷ(1 − ŷ).
    let shares: Vec<f64> = (0..2)
        .map(|sample| {
            let prediction = step.predictions_before[sample][0];
            INPUT[sample][0]
                * prediction
                * (1.0 - prediction)
                * 2.0
                * (prediction - TARGET[sample][0])
        })
        .collect();
    assert!((shares[0] + shares[1] - step.gradient.weights[0][0]).abs() < 1e-15);
    let sum = format!(
        "∂C/∂w₁₁ = {} + {} = {}</text>",
        short(shares[0]),
        short(shares[1]),
        short(step.gradient.weights[0][0])
    );
    assert!(svg.contains(&sum), "{svg}");
    assert_eq!(svg.matches("class=\"edge path\"").count(), 2);
    assert!(gdlab::render::markup::is_balanced(&svg));
}

/// Part 3's picture: each path's value sits on a box of the background's colour that
/// covers the text, so an edge under it is hidden there instead of running through a
/// digit or a minus sign (one ran through −0.008737), and no value covers a node.
#[test]
fn the_hidden_unit_pictures_path_values_are_masked_and_clear_the_nodes() {
    let attribute = |element: &str, name: &str| -> f64 {
        let key = format!(" {name}=\"");
        let start = element.find(&key).expect("the attribute") + key.len();
        let end = start + element[start..].find('"').expect("its end");
        element[start..end].parse().expect("a number")
    };
    for weights in [
        [
            0.42, 0.13, 0.77, 0.05, 0.91, 0.36, 0.58, 0.24, 0.69, 0.0, 0.0, 0.0, 0.11, 0.83, 0.47,
            0.3, 0.64, 0.02, 0.0, 0.0,
        ],
        [
            -9.5, 7.25, -3.125, 8.0, -6.5, 4.75, -2.0, 9.0, -8.25, 0.5, -0.5, 0.25, -7.75, 6.0,
            -5.5, 3.5, -4.0, 2.25, 0.1, -0.1,
        ],
    ] {
        let network = network_from(&weights);
        let forward = network.forward();
        let backward = network.backward(&forward);
        let svg = gdlab::render::paths_svg::hidden_paths_svg(&network, &forward, &backward);
        let values: Vec<&str> = svg
            .split("<rect class=\"path-value-back\"")
            .skip(1)
            .collect();
        assert_eq!(values.len(), 2, "both path values have a box: {svg}");
        let circles: Vec<[f64; 3]> = svg
            .split("<circle ")
            .skip(1)
            .map(|element| ["cx", "cy", "r"].map(|name| attribute(element, name)))
            .collect();
        for element in values {
            let (back, text) = element
                .split_once("<text")
                .expect("the value after its box");
            let [left, top, width, height] =
                ["x", "y", "width", "height"].map(|name| attribute(back, name));
            let content = text.split_once('>').expect("a text").1;
            let content = content.split_once('<').expect("its end").0;
            let (x, y) = (attribute(text, "x"), attribute(text, "y"));
            let text_width = gdlab::graph::estimated_width(content, 13.0, false);
            // The text's box: ascent about 0.73 and descent 0.27 of the font size.
            let text_box = [
                x - text_width / 2.0,
                y - 0.73 * 13.0,
                x + text_width / 2.0,
                y + 0.27 * 13.0,
            ];
            assert!(
                left <= text_box[0]
                    && top <= text_box[1]
                    && left + width >= text_box[2]
                    && top + height >= text_box[3],
                "{content}: its box {:?} does not cover the text {text_box:?}",
                [left, top, width, height]
            );
            for [cx, cy, r] in &circles {
                let nearest = (cx.clamp(left, left + width), cy.clamp(top, top + height));
                assert!(
                    (nearest.0 - cx).hypot(nearest.1 - cy) > *r,
                    "{content} covers the node at ({cx}, {cy})"
                );
            }
        }
    }
}
