//! The post's equations as MathML: each with its symbols, then the same equation with
//! the numbers of one step substituted, formatted like the readouts.

use super::markup::{
    column, equation, frac, mark, matrix, mi, mn, mn_grouped, mn_significant, mo, partial, row,
    sub, sup,
};
use super::paths_svg::{hidden_paths_svg, layer_paths_svg};
use crate::batch::{self, BatchStep, BiasGradient, HiddenNetwork, SigmoidLayer};
use crate::format::MATRIX_DIGITS;
use crate::graph::{FieldQuantity, Node, Quantity};
use crate::neuron::NeuronStep;
use crate::surface::FieldStep;
use crate::walk::Equation;

fn y_hat() -> String {
    "<mover><mi>y</mi><mo>^</mo></mover>".to_string()
}

/// `content` marked as showing `quantity`.
fn marked(quantity: Quantity, content: String) -> String {
    mark(quantity.key(), content)
}

/// Equations (1)–(12) and the vectorized form for one update of the neuron. Each
/// equation carries its key (`walk::Equation`); the symbols of the graph's quantities
/// (w₁, ŷ, ∂C/∂w₁ …) are marked with them.
pub fn neuron_equations(step: &NeuronStep, input: [f64; 3]) -> String {
    let before = step.before;
    let output_gradient = 2.0 * (step.prediction_before - step.target);
    let weights = [Node::W1, Node::W2, Node::W3];
    let inputs = [Node::X1, Node::X2, Node::X3];
    let value = |node: Node, content: String| marked(Quantity::Value(node), content);
    let gradient = |node: Node, content: String| marked(Quantity::Gradient(node), content);
    let weight = |i: usize| sub("w", &(i + 1).to_string());
    let x = |i: usize| sub("x", &(i + 1).to_string());
    let alpha = mi("α");
    let prediction_number = || mn(step.prediction_before);
    let target_number = || mn(step.target);
    // 2(3.35507743 − 1)
    let output_gradient_numbers = || {
        row(&[
            mn(2.0),
            mo("("),
            prediction_number(),
            mo("−"),
            target_number(),
            mo(")"),
        ])
    };
    let output_gradient_symbolic = || {
        row(&[
            mn(2.0),
            mo("("),
            value(Node::Prediction, y_hat()),
            mo("−"),
            value(Node::Target, mi("y")),
            mo(")"),
        ])
    };
    let mut equations = Vec::new();

    // (1)–(3): the forward pass.
    let mut symbolic = Vec::new();
    let mut numbers = Vec::new();
    for (i, (weight_value, input_value)) in before.weights.iter().zip(input).enumerate() {
        symbolic.extend([
            value(weights[i], weight(i)),
            value(inputs[i], x(i)),
            mo("+"),
        ]);
        numbers.extend([mn_grouped(*weight_value), mo("·"), mn(input_value), mo("+")]);
    }
    symbolic.extend([
        value(Node::Bias, mi("b")),
        mo("="),
        value(Node::Prediction, y_hat()),
    ]);
    numbers.extend([mn_grouped(before.bias), mo("="), prediction_number()]);
    equations.push(equation(
        Equation::Forward.key(),
        Equation::Forward.number(),
        &row(&[row(&symbolic), mo("⟹"), row(&numbers)]),
    ));

    // The loss and its derivative.
    equations.push(equation(
        Equation::Loss.key(),
        "",
        &row(&[
            value(Node::Loss, mi("C")),
            mo("="),
            sup(
                row(&[
                    mo("("),
                    value(Node::Prediction, y_hat()),
                    mo("−"),
                    value(Node::Target, mi("y")),
                    mo(")"),
                ]),
                "2",
            ),
            mo("="),
            sup(
                row(&[
                    mo("("),
                    prediction_number(),
                    mo("−"),
                    target_number(),
                    mo(")"),
                ]),
                "2",
            ),
            mo("="),
            mn(step.loss),
        ]),
    ));
    equations.push(equation(
        Equation::OutputGradient.key(),
        "",
        &row(&[
            gradient(Node::Prediction, partial(mi("C"), y_hat())),
            mo("="),
            output_gradient_symbolic(),
            mo("="),
            output_gradient_numbers(),
            mo("="),
            mn(output_gradient),
        ]),
    ));

    // (4): the local derivatives.
    let mut local = Vec::new();
    for (i, input_value) in input.iter().enumerate() {
        local.extend([
            partial(y_hat(), weight(i)),
            mo("="),
            value(inputs[i], x(i)),
            mo("="),
            mn(*input_value),
            mo(","),
        ]);
    }
    local.extend([partial(y_hat(), mi("b")), mo("="), mn(1.0)]);
    equations.push(equation(
        Equation::LocalDerivatives.key(),
        Equation::LocalDerivatives.number(),
        &row(&local),
    ));

    // (5)–(8): the chain rule for every parameter.
    let parameters = [weight(0), weight(1), weight(2), mi("b")];
    let parameter_nodes = [Node::W1, Node::W2, Node::W3, Node::Bias];
    for (i, parameter) in parameters.iter().enumerate() {
        let (local_symbol, local_value) = if i < 3 {
            (value(inputs[i], x(i)), mn(input[i]))
        } else {
            (mn(1.0), mn(1.0))
        };
        let gradient_value = if i < 3 {
            step.gradients.weights[i]
        } else {
            step.gradients.bias
        };
        let node = parameter_nodes[i];
        equations.push(equation(
            Equation::Chain(i).key(),
            Equation::Chain(i).number(),
            &row(&[
                gradient(node, partial(mi("C"), parameter.clone())),
                mo("="),
                gradient(Node::Prediction, partial(mi("C"), y_hat())),
                partial(y_hat(), parameter.clone()),
                mo("="),
                output_gradient_symbolic(),
                mo("·"),
                local_symbol,
                mo("="),
                output_gradient_numbers(),
                mo("·"),
                local_value,
                mo("="),
                mn(gradient_value),
            ]),
        ));
    }

    // (9)–(12): the updates, with the values before and after.
    let befores = [
        before.weights[0],
        before.weights[1],
        before.weights[2],
        before.bias,
    ];
    let afters = [
        step.after.weights[0],
        step.after.weights[1],
        step.after.weights[2],
        step.after.bias,
    ];
    let gradients = [
        step.gradients.weights[0],
        step.gradients.weights[1],
        step.gradients.weights[2],
        step.gradients.bias,
    ];
    for (i, parameter) in parameters.iter().enumerate() {
        let node = parameter_nodes[i];
        equations.push(equation(
            Equation::Update(i).key(),
            Equation::Update(i).number(),
            &row(&[
                value(node, parameter.clone()),
                mo(":="),
                value(node, parameter.clone()),
                mo("−"),
                alpha.clone(),
                mo("·"),
                gradient(node, partial(mi("C"), parameter.clone())),
                mo("="),
                mn(befores[i]),
                mo("−"),
                mn(step.learning_rate),
                mo("·"),
                mn_grouped(gradients[i]),
                mo("="),
                mn(afters[i]),
            ]),
        ));
    }

    // The vectorized form, with the shapes written out.
    let x_transposed = "<msup><mi>x</mi><mi>T</mi></msup>".to_string();
    equations.push(equation(
        "vector-gradient",
        "",
        &row(&[
            partial(mi("C"), mi("w")),
            mo("="),
            x_transposed.clone(),
            mo("·"),
            row(&[mo("["), output_gradient_symbolic(), mo("]")]),
            mo("="),
            column(&step.gradients.weights),
            mo("="),
            column(&input),
            mo("·"),
            row(&[mo("["), mn(output_gradient), mo("]")]),
        ]),
    ));
    equations.push(equation(
        "shapes",
        "",
        &row(&[
            mn(3.0),
            mo("×"),
            mn(1.0),
            mo("="),
            row(&[mn(3.0), mo("×"), mn(1.0)]),
            mo("·"),
            row(&[mn(1.0), mo("×"), mn(1.0)]),
        ]),
    ));
    equations.push(equation(
        "vector-update",
        "",
        &row(&[
            mi("w"),
            mo(":="),
            mi("w"),
            mo("−"),
            alpha,
            mo("·"),
            x_transposed,
            mo("·"),
            row(&[mo("["), output_gradient_symbolic(), mo("]")]),
            mo("="),
            column(&before.weights),
            mo("−"),
            mn(step.learning_rate),
            mo("·"),
            column(&step.gradients.weights),
            mo("="),
            column(&step.after.weights),
        ]),
    ));
    equations.concat()
}

/// ∇f = (2x, 2y) and the update (x, y) := (x, y) − α·∇f for one step on the field.
pub fn field_equations(step: &FieldStep) -> String {
    // Each number is marked with what it is, so pointing at x anywhere finds it here.
    let x = |content: String| mark(FieldQuantity::X.key(), content);
    let y = |content: String| mark(FieldQuantity::Y.key(), content);
    let pair = |a: String, b: String| row(&[mo("("), a, mo(","), b, mo(")")]);
    let point = |a: String, b: String| pair(x(a), y(b));
    let gradient = |a: String, b: String| {
        pair(
            mark(FieldQuantity::GradientX.key(), a),
            mark(FieldQuantity::GradientY.key(), b),
        )
    };
    let squared = |value: f64| sup(row(&[mo("("), mn(value), mo(")")]), "2");
    let before = step.before;
    let value = before.x * before.x + before.y * before.y;
    [
        equation(
            "field-value",
            "",
            &row(&[
                mark(
                    FieldQuantity::Value.key(),
                    row(&[mi("f"), point(mi("x"), mi("y"))]),
                ),
                mo("="),
                sup(x(mi("x")), "2"),
                mo("+"),
                sup(y(mi("y")), "2"),
                mo("="),
                squared(before.x),
                mo("+"),
                squared(before.y),
                mo("="),
                mark(FieldQuantity::Value.key(), mn(value)),
            ]),
        ),
        equation(
            "field-gradient",
            "",
            &row(&[
                mo("∇"),
                mi("f"),
                mo("="),
                gradient(row(&[mn(2.0), mi("x")]), row(&[mn(2.0), mi("y")])),
                mo("="),
                pair(
                    row(&[mn(2.0), mo("·"), mn_grouped(before.x)]),
                    row(&[mn(2.0), mo("·"), mn_grouped(before.y)]),
                ),
                mo("="),
                gradient(mn(step.gradient.x), mn(step.gradient.y)),
            ]),
        ),
        equation(
            "field-update",
            "",
            &row(&[
                point(mi("x"), mi("y")),
                mo(":="),
                point(mi("x"), mi("y")),
                mo("−"),
                mi("α"),
                mo("·"),
                mo("∇"),
                mi("f"),
                mo("="),
                point(mn(before.x), mn(before.y)),
                mo("−"),
                mn(step.learning_rate),
                mo("·"),
                gradient(mn(step.gradient.x), mn(step.gradient.y)),
                mo("="),
                point(mn(step.after.x), mn(step.after.y)),
            ]),
        ),
    ]
    .concat()
}

/// A bias vector's numbers as a transposed column, [b₁ b₂ …]ᵀ written one unit per row:
/// b is a row (added to every sample's row), and a row of three would not fit a phone.
fn bias_numbers<const N: usize>(values: [f64; N]) -> String {
    format!(
        "<msup>{}<mi>T</mi></msup>",
        numbers(&values.map(|value| [value]))
    )
}

/// A matrix of numbers from fixed-size rows, with as many digits as the matrices above
/// the equations.
fn numbers<const N: usize>(rows: &[[f64; N]]) -> String {
    matrix(rows.iter().map(|row| &row[..]), MATRIX_DIGITS)
}

/// "(r×c)", a shape under the vectorized form.
fn shape(rows: usize, columns: usize) -> String {
    row(&[
        mo("("),
        mn(rows as f64),
        mo("×"),
        mn(columns as f64),
        mo(")"),
    ])
}

/// `name := name − α·∂C/∂name = before − α·gradient = after`, for a whole matrix whose
/// numbers are already written (`numbers`, or `bias_numbers` for a bias row).
fn matrix_update(
    name: String,
    before: String,
    gradient: String,
    after: String,
    learning_rate: f64,
) -> String {
    equation(
        "",
        "",
        &row(&[
            name.clone(),
            mo(":="),
            name.clone(),
            mo("−"),
            mi("α"),
            mo("·"),
            partial(mi("C"), name),
            mo("="),
            before,
            mo("−"),
            mn(learning_rate),
            mo("·"),
            gradient,
            mo("="),
            after,
        ]),
    )
}

/// Σ over the samples s.
fn sum_over_samples() -> String {
    "<munder><mo>∑</mo><mi>s</mi></munder>".to_string()
}

/// How the bias gradient combines the samples, in symbols: mean over s of e, or Σ over s.
fn bias_gradient_symbol(bias: BiasGradient, error: String) -> String {
    match bias {
        BiasGradient::Mean => row(&[frac(mn(1.0), mn(2.0)), sum_over_samples(), error]),
        BiasGradient::Sum => row(&[sum_over_samples(), error]),
    }
}

/// g′(a) ⊙ 2(ŷ − y)
fn output_error_symbolic(activation: &str) -> String {
    row(&[
        mi("g′"),
        row(&[mo("("), mi(activation), mo(")")]),
        mo("⊙"),
        row(&[mn(2.0), mo("("), y_hat(), mo("−"), mi("y"), mo(")")]),
    ])
}

/// Part 2: the forward pass, the chain rule for w₁₁ per element, its vectorized form with
/// shapes, the bias gradient and the updates, with the numbers of `step`.
pub fn sigmoid_layer_equations(step: &BatchStep<SigmoidLayer>) -> String {
    let before = step.before;
    let slope = |sample: usize| batch::sigmoid_slope(step.predictions_before[sample][0]);
    let w11 = "<msub><mi>w</mi><mn>11</mn></msub>".to_string();
    let per_sample = |sample: usize| {
        row(&[
            mn(batch::INPUT[sample][0]),
            mo("·"),
            mn(slope(sample)),
            mo("·"),
            mn(2.0),
            mo("("),
            mn(step.predictions_before[sample][0]),
            mo("−"),
            mn(batch::TARGET[sample][0]),
            mo(")"),
        ])
    };
    let x_transposed = "<msup><mi>x</mi><mi>T</mi></msup>".to_string();
    [
        equation(
            "",
            "",
            &row(&[
                y_hat(),
                mo("="),
                mi("g"),
                row(&[
                    mo("("),
                    mi("x"),
                    mo("·"),
                    mi("w"),
                    mo("+"),
                    mi("b"),
                    mo(")"),
                ]),
                mo("="),
                numbers(&step.predictions_before),
            ]),
        ),
        equation(
            "",
            "",
            &row(&[
                mi("C"),
                mo("="),
                mo("∑"),
                sup(row(&[mo("("), y_hat(), mo("−"), mi("y"), mo(")")]), "2"),
                mo("="),
                mn(batch::cost(&step.predictions_before)),
            ]),
        ),
        format!(
            "<figure class=\"paths-figure\">{}</figure>",
            layer_paths_svg(&step.predictions_before)
        ),
        equation(
            "",
            "",
            &row(&[
                partial(mi("C"), w11.clone()),
                mo("="),
                sum_over_samples(),
                sub("x", "1"),
                mo("·"),
                mi("g′"),
                row(&[mo("("), sub("a", "1"), mo(")")]),
                mo("·"),
                row(&[
                    mn(2.0),
                    mo("("),
                    sub("ŷ", "1"),
                    mo("−"),
                    sub("y", "1"),
                    mo(")"),
                ]),
                mo("="),
                per_sample(0),
                mo("+"),
                per_sample(1),
                mo("="),
                mn(step.gradient.weights[0][0]),
            ]),
        ),
        equation(
            "",
            "",
            &row(&[
                partial(mi("C"), mi("w")),
                mo("="),
                x_transposed,
                mo("·"),
                row(&[mo("["), output_error_symbolic("a"), mo("]")]),
                mo("="),
                numbers(&step.gradient.weights),
            ]),
        ),
        equation(
            "",
            "",
            &row(&[shape(3, 2), mo("="), shape(3, 2), mo("·"), shape(2, 2)]),
        ),
        equation(
            "",
            "",
            &row(&[
                partial(mi("C"), mi("b")),
                mo("="),
                bias_gradient_symbol(step.bias, output_error_symbolic("a")),
                mo("="),
                bias_numbers(step.gradient.bias),
            ]),
        ),
        matrix_update(
            mi("w"),
            numbers(&before.weights),
            numbers(&step.gradient.weights),
            numbers(&step.after.weights),
            step.learning_rate,
        ),
        matrix_update(
            mi("b"),
            bias_numbers(before.bias),
            bias_numbers(step.gradient.bias),
            bias_numbers(step.after.bias),
            step.learning_rate,
        ),
    ]
    .concat()
}

/// `<name><index>` with the index as a superscript (the post's layer indices: ω¹, a⁰).
fn layer_symbol(name: &str, index: &str) -> String {
    format!("<msup><mi>{name}</mi><mn>{index}</mn></msup>")
}

/// (nameᵏ)ᵀ, a layer's matrix transposed.
fn transposed(name: &str, index: &str) -> String {
    format!(
        "<msup><mrow><mo>(</mo>{}<mo>)</mo></mrow><mi>T</mi></msup>",
        layer_symbol(name, index)
    )
}

/// Part 3's gradients of one layer: ∂C/∂ωᵏ = (aᵏ)ᵀ·(g′(zᵏ) ⊙ δᵏ⁺¹) and ∂C/∂bᵏ (mean or
/// sum of the same error over the samples), with their values.
fn layer_gradient_equations(
    index: &str,
    next: &str,
    weights: String,
    biases: String,
    bias: BiasGradient,
) -> String {
    let error = || {
        row(&[
            mi("g′"),
            row(&[mo("("), layer_symbol("z", index), mo(")")]),
            mo("⊙"),
            layer_symbol("δ", next),
        ])
    };
    [
        equation(
            "",
            "",
            &row(&[
                partial(mi("C"), layer_symbol("ω", index)),
                mo("="),
                transposed("a", index),
                mo("·"),
                row(&[mo("("), error(), mo(")")]),
                mo("="),
                weights,
            ]),
        ),
        equation(
            "",
            "",
            &row(&[
                partial(mi("C"), layer_symbol("b", index)),
                mo("="),
                bias_gradient_symbol(bias, error()),
                mo("="),
                biases,
            ]),
        ),
    ]
    .concat()
}

/// Part 3: the forward pass, δ², the two paths of hidden unit 1 and their sum, δ¹, the
/// weight gradients and the updates, with the numbers of `step`.
pub fn hidden_layer_equations(step: &BatchStep<HiddenNetwork>) -> String {
    let network = step.before;
    let forward = network.forward();
    let backward = network.backward(&forward);
    let layer = layer_symbol;
    let delta = |index: &str| layer("δ", index);
    // Hidden unit 1 of sample 1 reaches C through both outputs: one path per output.
    let path = |output: usize| backward.path(&network, 0, 0, output);
    let path_symbol = |output: usize| {
        let index = (output + 1).to_string();
        row(&[
            mi("g′"),
            row(&[
                mo("("),
                format!("<msubsup><mi>z</mi><mn>{index}</mn><mn>1</mn></msubsup>"),
                mo(")"),
            ]),
            format!("<msubsup><mi>δ</mi><mn>{index}</mn><mn>2</mn></msubsup>"),
            format!("<msubsup><mi>ω</mi><mn>1{index}</mn><mn>1</mn></msubsup>"),
        ])
    };
    // Three factors in a row: 5 digits each, so the product fits a phone's line.
    let short = |value: f64| {
        let number = mn_significant(value, MATRIX_DIGITS);
        if value < 0.0 {
            row(&[mo("("), number, mo(")")])
        } else {
            number
        }
    };
    let path_numbers = |output: usize| {
        row(&[
            short(batch::sigmoid_slope(forward.a2[0][output])),
            mo("·"),
            short(backward.delta2[0][output]),
            mo("·"),
            short(network.output.weights[0][output]),
        ])
    };
    [
        equation(
            "",
            "",
            &row(&[
                layer("a", "1"),
                mo("="),
                mi("g"),
                row(&[
                    mo("("),
                    mi("x"),
                    mo("·"),
                    layer("ω", "0"),
                    mo("+"),
                    layer("b", "0"),
                    mo(")"),
                ]),
                mo("="),
                numbers(&forward.a1),
            ]),
        ),
        equation(
            "",
            "",
            &row(&[
                y_hat(),
                mo("="),
                layer("a", "2"),
                mo("="),
                mi("g"),
                row(&[
                    mo("("),
                    layer("a", "1"),
                    mo("·"),
                    layer("ω", "1"),
                    mo("+"),
                    layer("b", "1"),
                    mo(")"),
                ]),
                mo("="),
                numbers(&forward.a2),
            ]),
        ),
        equation(
            "",
            "",
            &row(&[
                delta("2"),
                mo("="),
                mn(2.0),
                row(&[mo("("), layer("a", "2"), mo("−"), mi("y"), mo(")")]),
                mo("="),
                numbers(&backward.delta2),
            ]),
        ),
        format!(
            "<figure class=\"paths-figure\">{}</figure>",
            hidden_paths_svg(&network, &forward, &backward)
        ),
        equation(
            "",
            "",
            &row(&[
                "<msubsup><mi>δ</mi><mn>1</mn><mn>1</mn></msubsup>".to_string(),
                mo("="),
                path_symbol(0),
                mo("+"),
                path_symbol(1),
                mo("="),
                mn_grouped(path(0)),
                mo("+"),
                mn_grouped(path(1)),
                mo("="),
                mn(backward.delta1[0][0]),
            ]),
        ),
        // Each path's product on its own line: three factors fit a phone's line there.
        equation(
            "",
            "",
            &row(&[
                path_symbol(0),
                mo("="),
                path_numbers(0),
                mo("="),
                mn(path(0)),
            ]),
        ),
        equation(
            "",
            "",
            &row(&[
                path_symbol(1),
                mo("="),
                path_numbers(1),
                mo("="),
                mn(path(1)),
            ]),
        ),
        equation(
            "",
            "",
            &row(&[
                delta("1"),
                mo("="),
                row(&[
                    mo("("),
                    mi("g′"),
                    row(&[mo("("), layer("z", "1"), mo(")")]),
                    mo("⊙"),
                    delta("2"),
                    mo(")"),
                ]),
                mo("·"),
                transposed("ω", "1"),
                mo("="),
                numbers(&backward.delta1),
            ]),
        ),
        // ∂C/∂ω = aᵀ·e and ∂C/∂b per the bias mode, for each layer, with its error
        // e = g′(z) ⊙ δ of the layer above: one pair of equations per layer.
        layer_gradient_equations(
            "1",
            "2",
            numbers(&step.gradient.output.weights),
            bias_numbers(step.gradient.output.bias),
            step.bias,
        ),
        layer_gradient_equations(
            "0",
            "1",
            numbers(&step.gradient.hidden.weights),
            bias_numbers(step.gradient.hidden.bias),
            step.bias,
        ),
        matrix_update(
            layer("ω", "1"),
            numbers(&network.output.weights),
            numbers(&step.gradient.output.weights),
            numbers(&step.after.output.weights),
            step.learning_rate,
        ),
        matrix_update(
            layer("ω", "0"),
            numbers(&network.hidden.weights),
            numbers(&step.gradient.hidden.weights),
            numbers(&step.after.hidden.weights),
            step.learning_rate,
        ),
        matrix_update(
            layer("b", "1"),
            bias_numbers(network.output.bias),
            bias_numbers(step.gradient.output.bias),
            bias_numbers(step.after.output.bias),
            step.learning_rate,
        ),
        matrix_update(
            layer("b", "0"),
            bias_numbers(network.hidden.bias),
            bias_numbers(step.gradient.hidden.bias),
            bias_numbers(step.after.hidden.bias),
            step.learning_rate,
        ),
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuron::{DenseLayer, Parameters, INPUT};
    use crate::render::markup::is_balanced;
    use crate::surface::{self, Vec2};

    #[test]
    fn the_first_step_of_the_post_with_its_numbers() {
        let mut layer = DenseLayer::new(Parameters {
            weights: [0.0; 3],
            bias: 3.35507743,
        });
        let step = layer.step(0.001);
        let markup = neuron_equations(&step, INPUT);
        assert!(is_balanced(&markup));
        for expected in [
            "<mn>3.35507743</mn>", // ŷ
            "<mn>4.71015486</mn>", // ∂C/∂w₁ = ∂C/∂b = 2(ŷ − y)
            "<mn>9.42030972</mn>", // ∂C/∂w₂
            "<mn>14.1304646</mn>", // ∂C/∂w₃
            "<mn>5.5463897</mn>",  // C = (ŷ − y)²
        ] {
            assert!(markup.contains(expected), "missing {expected}");
        }
        // The updates (9)–(12): w₃ goes from 0 to −0.0141304646.
        assert!(markup.contains("<mo>−</mo><mn>0.0141304646</mn>"));
        assert!(markup.contains("<mn>3.35036728</mn>"), "b after the step");
        for number in ["(1)–(3)", "(4)", "(5)", "(8)", "(9)", "(12)"] {
            assert!(markup.contains(&format!(">{number}<")), "equation {number}");
        }
    }

    #[test]
    fn every_equation_the_walk_points_at_is_there_once() {
        let mut layer = DenseLayer::new(Parameters {
            weights: [0.5, -0.25, 2.0],
            bias: 0.0,
        });
        let markup = neuron_equations(&layer.step(0.01), INPUT);
        for step in crate::walk::SUB_STEPS {
            if let Some(equation) = crate::walk::equation(step) {
                let attribute = format!("data-equation=\"{}\"", equation.key());
                assert_eq!(markup.matches(&attribute).count(), 1, "{attribute}");
            }
        }
        // Quantities are marked where they are written: ∂C/∂w₂ in (6) and (10).
        assert_eq!(markup.matches("data-quantity=\"grad-w2\"").count(), 2);
        assert!(
            markup.contains("<mrow data-quantity=\"w3\"><msub><mi>w</mi><mn>3</mn></msub></mrow>")
        );
        // A symbol inside ∂C/∂w₁ is part of the gradient, not marked on its own.
        assert!(markup.contains("<mrow data-quantity=\"grad-w1\"><mfrac><mrow><mo>∂</mo><mi>C</mi></mrow><mrow><mo>∂</mo><msub><mi>w</mi>"));
    }

    #[test]
    fn the_field_step_from_one_three() {
        let before = Vec2::new(1.0, 3.0);
        let step = FieldStep {
            before,
            gradient: surface::gradient(before),
            learning_rate: 0.1,
            after: surface::descend(before, 0.1),
        };
        let markup = field_equations(&step);
        assert!(is_balanced(&markup));
        assert!(markup.contains("<mn>10</mn>"), "f(1, 3) = 10");
        assert!(markup.contains("<mn>6</mn>"), "∂f/∂y = 6");
        assert!(markup.contains("<mn>0.8</mn>") && markup.contains("<mn>2.4</mn>"));
    }
}
