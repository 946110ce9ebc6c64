//! The update rule of every optimizer in a race, as MathML with the numbers of one step
//! substituted, coordinate pairs (x, y) side by side (see `crate::optimizer`).

use super::markup::{equation, escape, frac, mi, mn, mo, row, sup};
use crate::optimizer::{Hyperparameters, Method, Objective, Race, Racer, EPSILON, RMSPROP_ALPHA};
use crate::surface::Vec2;

/// (a, b).
fn pair(first: String, second: String) -> String {
    row(&[mo("("), first, mo(","), second, mo(")")])
}

fn numbers(vector: Vec2) -> String {
    pair(mn(vector.x), mn(vector.y))
}

/// θ := θ − α·d = (x, y) − α·(dx, dy) = (x′, y′): the last line of every rule, with the
/// learning rate written α as on the slider and in the posts (torch.optim writes it γ).
fn update(name: String, before: &Racer, rate: f64, direction: Vec2, after: &Racer) -> String {
    equation(
        "",
        "",
        &row(&[
            mi("θ"),
            mo(":="),
            mi("θ"),
            mo("−"),
            mi("α"),
            mo("·"),
            name,
            mo("="),
            numbers(before.position),
            mo("−"),
            mn(rate),
            mo("·"),
            numbers(direction),
            mo("="),
            numbers(after.position),
        ]),
    )
}

/// A running average a := β·a + (1 − β)·new, with its numbers.
fn average(
    name: &str,
    decay: (&str, f64),
    new: (String, Vec2),
    before: Vec2,
    after: Vec2,
) -> String {
    let (decay_name, decay_value) = decay;
    let (new_name, new_value) = new;
    equation(
        "",
        "",
        &row(&[
            mi(name),
            mo(":="),
            mi(decay_name),
            mo("·"),
            mi(name),
            mo("+"),
            row(&[mo("("), mn(1.0), mo("−"), mi(decay_name), mo(")")]),
            mo("·"),
            new_name.clone(),
            mo("="),
            mn(decay_value),
            mo("·"),
            numbers(before),
            mo("+"),
            mn(1.0 - decay_value),
            mo("·"),
            numbers(new_value),
            mo("="),
            numbers(after),
        ]),
    )
}

fn squared(vector: Vec2) -> Vec2 {
    Vec2::new(vector.x * vector.x, vector.y * vector.y)
}

/// m / (√v + ε) per coordinate: the step direction of RMSprop and Adam.
fn scaled(first: Vec2, second: Vec2) -> Vec2 {
    let each = |first: f64, second: f64| first / (second.sqrt() + EPSILON);
    Vec2::new(each(first.x, second.x), each(first.y, second.y))
}

/// The equations of every selected optimizer for the step from `before` to `after`,
/// each under its name.
pub fn race_equations(
    race: &Race,
    objective: &dyn Objective,
    before: &[Racer; 5],
    after: &[Racer; 5],
    settings: Hyperparameters,
) -> String {
    let rate = settings.learning_rate;
    let gradient_name = || mi("g");
    let mut markup = String::new();
    for method in race.methods.iter() {
        let index = method.index();
        let (before, after) = (&before[index], &after[index]);
        if let Some(step) = race.diverged_at[index].filter(|_| before == after) {
            // It stopped: no step to explain, but its name stays with the step it stopped
            // at (the words come from the stylesheet in the page's language; its row in the
            // table says why), so it does not vanish without a word.
            markup.push_str(&format!(
                "<p class=\"race-method race-stopped\" data-method=\"{}\" data-stopped=\"{step}\">{}</p>",
                method.key(),
                escape(method.label())
            ));
            continue;
        }
        markup.push_str(&format!(
            "<p class=\"race-method\" data-method=\"{}\">{}</p>",
            method.key(),
            escape(method.label())
        ));
        let gradient = objective.gradient(before.position);
        markup.push_str(&equation(
            "",
            "",
            &row(&[
                mi("g"),
                mo("="),
                mo("∇"),
                mi("f"),
                numbers(before.position),
                mo("="),
                numbers(gradient),
            ]),
        ));
        let momentum = settings.momentum;
        match method {
            Method::GradientDescent => {
                markup.push_str(&update(gradient_name(), before, rate, gradient, after));
            }
            Method::Momentum | Method::Nesterov => {
                let first = before.steps == 0;
                markup.push_str(&if first {
                    equation(
                        "",
                        "",
                        &row(&[mi("b"), mo(":="), mi("g"), mo("="), numbers(after.buffer)]),
                    )
                } else {
                    equation(
                        "",
                        "",
                        &row(&[
                            mi("b"),
                            mo(":="),
                            mi("μ"),
                            mo("·"),
                            mi("b"),
                            mo("+"),
                            mi("g"),
                            mo("="),
                            mn(momentum),
                            mo("·"),
                            numbers(before.buffer),
                            mo("+"),
                            numbers(gradient),
                            mo("="),
                            numbers(after.buffer),
                        ]),
                    )
                });
                if method == Method::Momentum {
                    markup.push_str(&update(mi("b"), before, rate, after.buffer, after));
                } else {
                    let look_ahead = Vec2::new(
                        gradient.x + momentum * after.buffer.x,
                        gradient.y + momentum * after.buffer.y,
                    );
                    let name = row(&[
                        mo("("),
                        mi("g"),
                        mo("+"),
                        mi("μ"),
                        mo("·"),
                        mi("b"),
                        mo(")"),
                    ]);
                    markup.push_str(&update(name, before, rate, look_ahead, after));
                }
            }
            Method::RmsProp => {
                markup.push_str(&average(
                    "v",
                    // PyTorch's `alpha`; ρ here, as α is the learning rate.
                    ("ρ", RMSPROP_ALPHA),
                    (sup(mi("g"), "2"), squared(gradient)),
                    before.square_average,
                    after.square_average,
                ));
                let name = frac(mi("g"), row(&[msqrt(mi("v")), mo("+"), mi("ε")]));
                let direction = scaled(gradient, after.square_average);
                markup.push_str(&update(name, before, rate, direction, after));
            }
            Method::Adam => {
                markup.push_str(&average(
                    "m",
                    ("β₁", settings.beta1),
                    (mi("g"), gradient),
                    before.buffer,
                    after.buffer,
                ));
                markup.push_str(&average(
                    "v",
                    ("β₂", settings.beta2),
                    (sup(mi("g"), "2"), squared(gradient)),
                    before.square_average,
                    after.square_average,
                ));
                let corrected = |value: Vec2, power: f64| value.scale(1.0 / (1.0 - power));
                let first = corrected(after.buffer, after.beta1_power);
                let second = corrected(after.square_average, after.beta2_power);
                let steps = after.steps.to_string();
                for (name, raw, beta, value) in [("m̂", "m", "β₁", first), ("v̂", "v", "β₂", second)]
                {
                    markup.push_str(&equation(
                        "",
                        "",
                        &row(&[
                            mi(name),
                            mo("="),
                            frac(mi(raw), row(&[mn(1.0), mo("−"), sup_text(beta, &steps)])),
                            mo("="),
                            numbers(value),
                        ]),
                    ));
                }
                let name = frac(mi("m̂"), row(&[msqrt(mi("v̂")), mo("+"), mi("ε")]));
                markup.push_str(&update(name, before, rate, scaled(first, second), after));
            }
        }
    }
    markup
}

fn msqrt(content: String) -> String {
    format!("<msqrt>{content}</msqrt>")
}

/// βᵗ with the step number t as the exponent.
fn sup_text(base: &str, exponent: &str) -> String {
    sup(mi(base), exponent)
}
