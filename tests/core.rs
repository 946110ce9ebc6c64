//! The core's formulas: exact values from the post, closed forms, finite-difference
//! gradient checks, and the post's printed training table.

use gdlab::format::{fixed8, python_repr};
use gdlab::neuron::{self, DenseLayer, Parameters, INPUT};
use gdlab::surface::{self, Vec2};
use proptest::prelude::*;

/// One line of the post's table: step number, prediction, prediction after, target, loss.
struct PostLine {
    step: usize,
    prediction: f64,
    prediction_after: f64,
    target: f64,
    loss: f64,
}

fn post_table() -> Vec<PostLine> {
    let text = include_str!("fixtures/post_table.txt");
    let number = |field: &str| -> f64 {
        field
            .trim()
            .trim_start_matches("[[")
            .trim_end_matches("]]")
            .parse()
            .unwrap_or_else(|_| panic!("not a number: {field}"))
    };
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let (step, printed) = line.split_once('\t').expect("step<TAB>line");
            // 预测结果： [[a]]  梯度下降之后： [[b]]  真实回归值： [[1]]  Loss： c
            let values: Vec<&str> = printed
                .split('：')
                .skip(1)
                .map(|part| part.split_whitespace().next().expect("a value"))
                .collect();
            assert_eq!(values.len(), 4, "{printed}");
            PostLine {
                step: step.parse().expect("a step number"),
                prediction: number(values[0]),
                prediction_after: number(values[1]),
                target: number(values[2]),
                loss: number(values[3]),
            }
        })
        .collect()
}

/// Trains the post's layer for 200 steps and checks every printed line: the
/// predictions to all 8 printed decimals, the loss to the precision that a start
/// printed with 8 decimals allows (the post's hidden digits beyond them differ).
fn check_against_post(initial: Parameters, learning_rate: f64) {
    let table = post_table();
    assert_eq!(table.len(), 34);
    let mut layer = DenseLayer::new(initial);
    let steps: Vec<_> = (0..200).map(|_| layer.step(learning_rate)).collect();
    for line in &table {
        let step = &steps[line.step - 1];
        assert_eq!(
            fixed8(step.prediction_before),
            fixed8(line.prediction),
            "step {}",
            line.step
        );
        assert_eq!(
            fixed8(step.prediction_after),
            fixed8(line.prediction_after),
            "step {}",
            line.step
        );
        assert_eq!(step.target, line.target);
        let relative = ((step.loss - line.loss) / line.loss).abs();
        assert!(
            relative < 1e-8,
            "step {}: loss {} vs the post's {}",
            line.step,
            python_repr(step.loss),
            line.loss
        );
    }
}

#[test]
fn reproduces_the_posts_table_from_a_prediction_of_3_35507743() {
    check_against_post(
        Parameters {
            weights: [0.0; 3],
            bias: 3.35507743,
        },
        neuron::DEFAULT_LEARNING_RATE,
    );
}

#[test]
fn the_table_check_fails_for_another_learning_rate() {
    let result = std::panic::catch_unwind(|| {
        check_against_post(
            Parameters {
                weights: [0.0; 3],
                bias: 3.35507743,
            },
            0.0011,
        )
    });
    assert!(result.is_err());
}

#[test]
fn the_first_step_by_hand() {
    // ŷ = 3.35507743, so ∂C/∂ŷ = 2(ŷ − 1) = 4.71015486 and ∂C/∂wᵢ = 4.71015486·xᵢ.
    let mut layer = DenseLayer::new(Parameters {
        weights: [0.0; 3],
        bias: 3.35507743,
    });
    let step = layer.step(0.001);
    let output_gradient = 2.0 * (3.35507743 - 1.0);
    for (gradient, x) in step.gradients.weights.iter().zip(INPUT) {
        assert_eq!(*gradient, output_gradient * x);
    }
    assert_eq!(step.gradients.bias, output_gradient);
    assert_eq!(step.after.weights[2], -0.001 * (output_gradient * 3.0));
    // Every step multiplies ŷ − y by 1 − 2α(|x|² + 1) = 0.97.
    assert!((step.prediction_after - 1.0 - 0.97 * (3.35507743 - 1.0)).abs() < 1e-14);
}

fn central_difference(f: impl Fn(f64) -> f64, at: f64) -> f64 {
    let h = 1e-6 * at.abs().max(1.0);
    (f(at + h) - f(at - h)) / (2.0 * h)
}

proptest! {
    #[test]
    fn field_follows_its_closed_form(
        x in -4.0..4.0f64,
        y in -4.0..4.0f64,
        learning_rate in 0.0001..0.95f64,
        steps in 0..300i32,
    ) {
        let start = Vec2::new(x, y);
        let mut position = start;
        for _ in 0..steps {
            position = surface::descend(position, learning_rate);
        }
        let expected = surface::closed_form(start, learning_rate, steps);
        let tolerance = 1e-12 * f64::from(steps.max(1)) * start.length().max(1.0);
        prop_assert!((position.x - expected.x).abs() <= tolerance);
        prop_assert!((position.y - expected.y).abs() <= tolerance);
    }

    #[test]
    fn field_gradient_matches_finite_differences(x in -4.0..4.0f64, y in -4.0..4.0f64) {
        let gradient = surface::gradient(Vec2::new(x, y));
        let dfdx = central_difference(|x| surface::value(Vec2::new(x, y)), x);
        let dfdy = central_difference(|y| surface::value(Vec2::new(x, y)), y);
        prop_assert!((gradient.x - dfdx).abs() < 1e-6);
        prop_assert!((gradient.y - dfdy).abs() < 1e-6);
    }

    #[test]
    fn neuron_gradients_match_finite_differences(
        w1 in -2.0..2.0f64, w2 in -2.0..2.0f64, w3 in -2.0..2.0f64, b in -2.0..2.0f64,
    ) {
        let parameters = Parameters { weights: [w1, w2, w3], bias: b };
        let gradients = DenseLayer::new(parameters).gradients();
        let loss_with = |index: usize, value: f64| {
            let mut changed = parameters;
            if index < 3 { changed.weights[index] = value } else { changed.bias = value }
            DenseLayer::new(changed).loss()
        };
        for index in 0..3 {
            let numeric = central_difference(|v| loss_with(index, v), parameters.weights[index]);
            prop_assert!((gradients.weights[index] - numeric).abs() < 1e-5 * numeric.abs().max(1.0));
        }
        let numeric = central_difference(|v| loss_with(3, v), b);
        prop_assert!((gradients.bias - numeric).abs() < 1e-5 * numeric.abs().max(1.0));
    }

    /// The table depends on the start only through the first prediction: any weights
    /// with x·w + b = 3.35507743 reproduce it, as the post's random start did.
    #[test]
    fn any_start_with_the_posts_first_prediction_reproduces_the_table(
        w1 in 0.0..1.0f64, w2 in 0.0..1.0f64, w3 in 0.0..1.0f64,
    ) {
        let bias = 3.35507743 - (w1 * INPUT[0] + w2 * INPUT[1] + w3 * INPUT[2]);
        check_against_post(Parameters { weights: [w1, w2, w3], bias }, 0.001);
    }

    #[test]
    fn a_step_lowers_the_loss_for_small_learning_rates(
        w1 in -5.0..5.0f64, w2 in -5.0..5.0f64, w3 in -5.0..5.0f64, b in -5.0..5.0f64,
        learning_rate in 0.0001..0.06f64,
    ) {
        let mut layer = DenseLayer::new(Parameters { weights: [w1, w2, w3], bias: b });
        let before = layer.loss();
        layer.step(learning_rate);
        prop_assert!(layer.loss() <= before);
    }
}
