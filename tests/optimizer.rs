//! The optimizer race against independent references: closed forms of gradient descent
//! and heavy-ball momentum on the quadratics (matrix powers computed here), Nesterov,
//! RMSprop and Adam re-written from their documented formulas, every surface's
//! gradient and Hessian against central differences, the 2×2 eigen-decomposition, the
//! critical learning rates, the surfaces' landmarks and the URL keys. Negative controls
//! show the checks reject the usual mistakes.

use gdlab::optimizer::{
    Eigen, Hessian, Hyperparameters, Method, Racer, Surface, SurfaceKind, DEFAULT_BETA1,
    DEFAULT_BETA2, DEFAULT_KAPPA, DEFAULT_MOMENTUM, EPSILON, KAPPA_RANGE, RMSPROP_ALPHA,
};
use gdlab::surface::Vec2;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------
// Shared helpers.

fn settings(learning_rate: f64, momentum: f64, beta1: f64, beta2: f64) -> Hyperparameters {
    Hyperparameters {
        learning_rate,
        momentum,
        beta1,
        beta2,
    }
}

/// The positions θ₀ … θₙ of `steps` steps of `method`.
fn run(
    method: Method,
    surface: Surface,
    settings: Hyperparameters,
    start: Vec2,
    steps: usize,
) -> Vec<Vec2> {
    let mut racer = Racer::new(start);
    let mut positions = vec![start];
    for _ in 0..steps {
        racer = racer.step(method, &surface, settings);
        positions.push(racer.position);
    }
    positions
}

fn coordinate(point: Vec2, axis: usize) -> f64 {
    [point.x, point.y][axis]
}

/// The quadratics with the eigenvalues of their Hessians along the axes, read off the
/// formulas (f = x² + y², x² + κy², x² − y²), not from the crate.
fn quadratics() -> Vec<(Surface, [f64; 2])> {
    let mut cases = vec![
        (Surface::new(SurfaceKind::Bowl, DEFAULT_KAPPA), [2.0, 2.0]),
        (
            Surface::new(SurfaceKind::Saddle, DEFAULT_KAPPA),
            [2.0, -2.0],
        ),
    ];
    for kappa in [1.0, 2.5, 10.0, 50.0, 100.0] {
        cases.push((
            Surface::new(SurfaceKind::Stretched, kappa),
            [2.0, 2.0 * kappa],
        ));
    }
    cases
}

/// Starts off both axes, so both eigen-directions move.
const STARTS: [Vec2; 4] = [
    Vec2::new(1.0, 3.0),
    Vec2::new(-3.5, 1.5),
    Vec2::new(0.7, -0.2),
    Vec2::new(-1.8, 0.05),
];

/// Learning rates for a quadratic whose largest |λ| is `largest`: small, moderate,
/// just inside and just outside 2/λ_max.
fn rates(largest: f64) -> Vec<f64> {
    let critical = 2.0 / largest;
    vec![
        0.01 * critical,
        0.2 * critical,
        0.45 * critical,
        0.7 * critical,
        0.98 * critical,
        1.01 * critical,
    ]
}

/// Whether `got` follows `expected` step by step, each within `tolerance` times the
/// largest |expected| so far (a run that passes through zero keeps the scale it had).
fn follows(got: &[f64], expected: &[f64], tolerance: f64) -> Result<(), String> {
    assert_eq!(got.len(), expected.len());
    let mut scale = 0.0f64;
    for (n, (&got, &expected)) in got.iter().zip(expected).enumerate() {
        scale = scale.max(expected.abs());
        if !within((got - expected).abs(), tolerance * scale) {
            return Err(format!(
                "step {n}: got {got:e}, expected {expected:e} (scale {scale:e})"
            ));
        }
    }
    Ok(())
}

/// `error ≤ bound`, false when either is NaN (so a NaN fails every check).
fn within(error: f64, bound: f64) -> bool {
    error <= bound
}

type Matrix = [[f64; 2]; 2];

fn multiply(a: Matrix, b: Matrix) -> Matrix {
    let entry = |i: usize, j: usize| a[i][0] * b[0][j] + a[i][1] * b[1][j];
    [[entry(0, 0), entry(0, 1)], [entry(1, 0), entry(1, 1)]]
}

/// Mⁿ by repeated squaring.
fn power(matrix: Matrix, mut n: usize) -> Matrix {
    let mut result = [[1.0, 0.0], [0.0, 1.0]];
    let mut square = matrix;
    while n > 0 {
        if n % 2 == 1 {
            result = multiply(result, square);
        }
        square = multiply(square, square);
        n /= 2;
    }
    result
}

/// Gradient descent along an eigen-direction: xₙ = (1 − αλ)ⁿ·x₀.
fn descent_closed_form(start: f64, rate: f64, lambda: f64, n: usize) -> f64 {
    (1.0 - rate * lambda).powi(n as i32) * start
}

/// Heavy ball along an eigen-direction: x₁ = x₀ − αλx₀ (b₁ = g₀), then
/// (xₙ, xₙ₋₁) = Mⁿ⁻¹·(x₁, x₀) with M = [[1 + μ − αλ, −μ], [1, 0]].
fn heavy_ball_closed_form(start: f64, rate: f64, lambda: f64, momentum: f64, n: usize) -> f64 {
    if n == 0 {
        return start;
    }
    let first = start - rate * lambda * start;
    let matrix = [[1.0 + momentum - rate * lambda, -momentum], [1.0, 0.0]];
    let p = power(matrix, n - 1);
    p[0][0] * first + p[0][1] * start
}

/// Nesterov along an eigen-direction as a linear recurrence on (xₙ, bₙ₋₁), b₋₁ = 0:
/// bₙ = μbₙ₋₁ + λxₙ and xₙ₊₁ = xₙ − α(λxₙ + μbₙ), so
/// M = [[1 − αλ(1 + μ), −αμ²], [λ, μ]].
fn nesterov_closed_form(start: f64, rate: f64, lambda: f64, momentum: f64, n: usize) -> f64 {
    let matrix = [
        [
            1.0 - rate * lambda * (1.0 + momentum),
            -rate * momentum * momentum,
        ],
        [lambda, momentum],
    ];
    let p = power(matrix, n);
    p[0][0] * start
}

// ---------------------------------------------------------------------------------
// 1. Gradient descent, momentum and Nesterov on the quadratics.

const CLOSED_FORM_STEPS: usize = 120;
const CLOSED_FORM_TOLERANCE: f64 = 1e-9;

#[test]
fn gradient_descent_follows_its_closed_form_on_the_quadratics() {
    let mut checked = 0;
    for (surface, lambdas) in quadratics() {
        let largest = lambdas[0].abs().max(lambdas[1].abs());
        for rate in rates(largest) {
            for start in STARTS {
                let hyper = settings(rate, DEFAULT_MOMENTUM, DEFAULT_BETA1, DEFAULT_BETA2);
                let positions = run(
                    Method::GradientDescent,
                    surface,
                    hyper,
                    start,
                    CLOSED_FORM_STEPS,
                );
                for (axis, lambda) in lambdas.into_iter().enumerate() {
                    let got: Vec<f64> = positions.iter().map(|&p| coordinate(p, axis)).collect();
                    let expected: Vec<f64> = (0..=CLOSED_FORM_STEPS)
                        .map(|n| descent_closed_form(coordinate(start, axis), rate, lambda, n))
                        .collect();
                    follows(&got, &expected, CLOSED_FORM_TOLERANCE).unwrap_or_else(|error| {
                        panic!(
                            "gd on {surface:?}, α = {rate}, start {start:?}, axis {axis}: {error}"
                        )
                    });
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 7 * 6 * 4 * 2);
}

#[test]
fn momentum_follows_the_heavy_ball_recurrence_on_the_quadratics() {
    for (surface, lambdas) in quadratics() {
        let largest = lambdas[0].abs().max(lambdas[1].abs());
        for momentum in [0.0, 0.5, DEFAULT_MOMENTUM, 0.99] {
            for rate in rates(largest) {
                for start in STARTS {
                    let hyper = settings(rate, momentum, DEFAULT_BETA1, DEFAULT_BETA2);
                    let positions = run(Method::Momentum, surface, hyper, start, CLOSED_FORM_STEPS);
                    for (axis, lambda) in lambdas.into_iter().enumerate() {
                        let got: Vec<f64> =
                            positions.iter().map(|&p| coordinate(p, axis)).collect();
                        let x0 = coordinate(start, axis);
                        let expected: Vec<f64> = (0..=CLOSED_FORM_STEPS)
                            .map(|n| heavy_ball_closed_form(x0, rate, lambda, momentum, n))
                            .collect();
                        follows(&got, &expected, CLOSED_FORM_TOLERANCE).unwrap_or_else(|error| {
                            panic!(
                                "momentum {momentum} on {surface:?}, α = {rate}, \
                                     start {start:?}, axis {axis}: {error}"
                            )
                        });
                    }
                }
            }
        }
    }
}

/// PyTorch's SGD with `nesterov=True`, dampening 0, one coordinate at a time, with the
/// gradient given as a function of the point.
fn nesterov_reference(
    gradient: impl Fn([f64; 2]) -> [f64; 2],
    start: [f64; 2],
    rate: f64,
    momentum: f64,
    steps: usize,
) -> Vec<[f64; 2]> {
    let mut theta = start;
    let mut buffer: Option<[f64; 2]> = None;
    let mut positions = vec![theta];
    for _ in 0..steps {
        let g = gradient(theta);
        let mut b = [0.0; 2];
        for i in 0..2 {
            b[i] = match buffer {
                None => g[i],
                Some(previous) => momentum * previous[i] + g[i],
            };
            theta[i] -= rate * (g[i] + momentum * b[i]);
        }
        buffer = Some(b);
        positions.push(theta);
    }
    positions
}

#[test]
fn nesterov_follows_an_independent_reference_and_its_recurrence() {
    for (surface, lambdas) in quadratics() {
        let largest = lambdas[0].abs().max(lambdas[1].abs());
        for momentum in [0.0, 0.5, DEFAULT_MOMENTUM, 0.99] {
            for rate in rates(largest) {
                for start in STARTS {
                    let hyper = settings(rate, momentum, DEFAULT_BETA1, DEFAULT_BETA2);
                    let positions = run(Method::Nesterov, surface, hyper, start, CLOSED_FORM_STEPS);
                    // The gradient of ½·Σ λᵢθᵢ² from the formula, not the crate's.
                    let reference = nesterov_reference(
                        |theta| [lambdas[0] * theta[0], lambdas[1] * theta[1]],
                        [start.x, start.y],
                        rate,
                        momentum,
                        CLOSED_FORM_STEPS,
                    );
                    for (axis, lambda) in lambdas.into_iter().enumerate() {
                        let got: Vec<f64> =
                            positions.iter().map(|&p| coordinate(p, axis)).collect();
                        let by_reference: Vec<f64> = reference.iter().map(|p| p[axis]).collect();
                        let x0 = coordinate(start, axis);
                        let by_recurrence: Vec<f64> = (0..=CLOSED_FORM_STEPS)
                            .map(|n| nesterov_closed_form(x0, rate, lambda, momentum, n))
                            .collect();
                        let context = format!(
                            "nesterov μ = {momentum} on {surface:?}, α = {rate}, \
                             start {start:?}, axis {axis}"
                        );
                        follows(&got, &by_reference, 1e-12)
                            .unwrap_or_else(|error| panic!("{context} vs reference: {error}"));
                        follows(&got, &by_recurrence, CLOSED_FORM_TOLERANCE)
                            .unwrap_or_else(|error| panic!("{context} vs recurrence: {error}"));
                    }
                }
            }
        }
    }
}

#[test]
fn momentum_zero_is_gradient_descent_and_nesterov_differs_from_momentum() {
    let surface = Surface::new(SurfaceKind::Rosenbrock, DEFAULT_KAPPA);
    let start = surface.default_start();
    let plain = settings(0.001, 0.0, DEFAULT_BETA1, DEFAULT_BETA2);
    let gd = run(Method::GradientDescent, surface, plain, start, 100);
    assert_eq!(run(Method::Momentum, surface, plain, start, 100), gd);
    assert_eq!(run(Method::Nesterov, surface, plain, start, 100), gd);
    let heavy = settings(0.001, DEFAULT_MOMENTUM, DEFAULT_BETA1, DEFAULT_BETA2);
    let momentum = run(Method::Momentum, surface, heavy, start, 3);
    let nesterov = run(Method::Nesterov, surface, heavy, start, 3);
    assert_ne!(momentum[1], nesterov[1]);
}

// ---------------------------------------------------------------------------------
// 2. RMSprop and Adam against the documented formulas.

/// One optimizer's state in the reference: θ, m (Adam's first moment), v, t.
#[derive(Clone, Copy, Debug)]
struct ReferenceState {
    theta: [f64; 2],
    m: [f64; 2],
    v: [f64; 2],
    t: i32,
}

impl ReferenceState {
    fn new(start: Vec2) -> Self {
        Self {
            theta: [start.x, start.y],
            m: [0.0; 2],
            v: [0.0; 2],
            t: 0,
        }
    }

    fn of(racer: Racer) -> Self {
        Self {
            theta: [racer.position.x, racer.position.y],
            m: [racer.buffer.x, racer.buffer.y],
            v: [racer.square_average.x, racer.square_average.y],
            t: i32::try_from(racer.steps).expect("a few steps"),
        }
    }

    /// torch.optim.RMSprop (its `alpha`, here ρ = 0.99; ε = 1e-8, not centred, no
    /// momentum): v := ρv + (1 − ρ)g²; θ := θ − α·g/(√v + ε).
    fn rmsprop(self, g: [f64; 2], rate: f64) -> Self {
        let (alpha, eps) = (0.99, 1e-8);
        let mut next = self;
        next.t += 1;
        for (i, g) in g.into_iter().enumerate() {
            next.v[i] = alpha * self.v[i] + (1.0 - alpha) * (g * g);
            next.theta[i] = self.theta[i] - rate * g / (next.v[i].sqrt() + eps);
        }
        next
    }

    /// torch.optim.Adam (ε = 1e-8): m := β₁m + (1 − β₁)g; v := β₂v + (1 − β₂)g²;
    /// m̂ = m/(1 − β₁ᵗ); v̂ = v/(1 − β₂ᵗ); θ := θ − α·m̂/(√v̂ + ε).
    fn adam(self, g: [f64; 2], rate: f64, beta1: f64, beta2: f64) -> Self {
        let eps = 1e-8;
        let mut next = self;
        next.t += 1;
        let t = next.t;
        for (i, g) in g.into_iter().enumerate() {
            next.m[i] = beta1 * self.m[i] + (1.0 - beta1) * g;
            next.v[i] = beta2 * self.v[i] + (1.0 - beta2) * (g * g);
            let m_hat = next.m[i] / (1.0 - beta1.powi(t));
            let v_hat = next.v[i] / (1.0 - beta2.powi(t));
            next.theta[i] = self.theta[i] - rate * m_hat / (v_hat.sqrt() + eps);
        }
        next
    }

    fn step(self, method: Method, surface: Surface, hyper: Hyperparameters) -> Self {
        let g = surface.gradient(Vec2::new(self.theta[0], self.theta[1]));
        let g = [g.x, g.y];
        match method {
            Method::RmsProp => self.rmsprop(g, hyper.learning_rate),
            Method::Adam => self.adam(g, hyper.learning_rate, hyper.beta1, hyper.beta2),
            other => unreachable!("no reference here for {other:?}"),
        }
    }
}

/// Relative closeness, with the plane's unit as the floor (positions are O(1)).
fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1.0)
}

fn adaptive_cases() -> Vec<(Surface, Vec<Vec2>)> {
    let mut surfaces: Vec<Surface> = SurfaceKind::ALL
        .into_iter()
        .map(|kind| Surface::new(kind, DEFAULT_KAPPA))
        .collect();
    surfaces.push(Surface::new(SurfaceKind::Stretched, 3.0));
    surfaces
        .into_iter()
        .map(|surface| {
            let domain = surface.domain();
            let (width, height) = (domain.x.1 - domain.x.0, domain.y.1 - domain.y.0);
            let at = |u: f64, v: f64| Vec2::new(domain.x.0 + u * width, domain.y.0 + v * height);
            (
                surface,
                vec![surface.default_start(), at(0.2, 0.85), at(0.9, 0.1)],
            )
        })
        .collect()
}

/// (α, β₁, β₂): the defaults and non-defaults, none where the run is chaotic.
const ADAPTIVE_SETTINGS: [(f64, f64, f64); 3] = [
    (0.1, DEFAULT_BETA1, DEFAULT_BETA2),
    (0.01, 0.8, 0.99),
    (0.05, 0.95, 0.9999),
];

/// A large rate with a short memory: Adam hops around the minimum, and two computations
/// that differ in the last bit (β₂ᵗ as a running product or as `powi`, (1 − β₂)·g·g or
/// (1 − β₂)·(g·g)) drift apart to ~10⁻⁸ in 200 steps (measured on Rosenbrock). Its
/// steps are checked one at a time, from the racer's own state.
const CHAOTIC_SETTING: (f64, f64, f64) = (0.3, 0.5, 0.9);

#[test]
fn rmsprop_and_adam_follow_the_documented_formulas_over_200_steps() {
    assert_eq!(RMSPROP_ALPHA, 0.99);
    assert_eq!(EPSILON, 1e-8);
    for (surface, starts) in adaptive_cases() {
        for start in starts {
            for (rate, beta1, beta2) in ADAPTIVE_SETTINGS {
                let hyper = settings(rate, DEFAULT_MOMENTUM, beta1, beta2);
                for method in [Method::RmsProp, Method::Adam] {
                    let mut racer = Racer::new(start);
                    let mut reference = ReferenceState::new(start);
                    for t in 1..=200 {
                        racer = racer.step(method, &surface, hyper);
                        reference = reference.step(method, surface, hyper);
                        let (got, want) = (racer.position, reference.theta);
                        assert!(
                            close(got.x, want[0], 1e-12) && close(got.y, want[1], 1e-12),
                            "{method:?} on {surface:?} from {start:?}, α = {rate}, \
                             β = ({beta1}, {beta2}), step {t}: {got:?} vs {want:?}"
                        );
                        assert_eq!(racer.steps, t);
                    }
                }
            }
        }
    }
}

#[test]
fn the_chaotic_setting_really_amplifies_the_last_bit() {
    // Why CHAOTIC_SETTING is left out of the whole-run comparison: the crate's own run,
    // from a start one unit in the last place away, ends far more than 10⁻¹² away.
    let (rate, beta1, beta2) = CHAOTIC_SETTING;
    let hyper = settings(rate, DEFAULT_MOMENTUM, beta1, beta2);
    let surface = Surface::new(SurfaceKind::Rosenbrock, DEFAULT_KAPPA);
    let start = surface.default_start();
    let nudged = Vec2::new(f64::from_bits(start.x.to_bits() + 1), start.y);
    let a = run(Method::Adam, surface, hyper, start, 200)[200];
    let b = run(Method::Adam, surface, hyper, nudged, 200)[200];
    let apart = (a.x - b.x).abs().max((a.y - b.y).abs());
    assert!(apart > 1e-11, "only {apart:e} apart");
}

/// Each step, from the racer's own state, equals the reference's step from that state:
/// no drift can hide a wrong formula, and m and v are checked too.
#[test]
fn each_adaptive_step_matches_the_reference_from_the_same_state() {
    for (surface, starts) in adaptive_cases() {
        for start in starts {
            for (rate, beta1, beta2) in ADAPTIVE_SETTINGS.into_iter().chain([CHAOTIC_SETTING]) {
                let hyper = settings(rate, DEFAULT_MOMENTUM, beta1, beta2);
                for method in [Method::RmsProp, Method::Adam] {
                    let mut racer = Racer::new(start);
                    for _ in 0..200 {
                        let before = ReferenceState::of(racer);
                        let want = before.step(method, surface, hyper);
                        racer = racer.step(method, &surface, hyper);
                        let got = ReferenceState::of(racer);
                        // Each is old ± change: relative to |old| + |new|, which bounds
                        // both (θ − Δ cancels as θ nears a minimum).
                        let triples = [
                            (got.theta, want.theta, before.theta, "θ"),
                            (got.v, want.v, before.v, "v"),
                            (got.m, want.m, before.m, "m"),
                        ];
                        for (got_values, want_values, old_values, name) in triples {
                            if method == Method::RmsProp && name == "m" {
                                continue;
                            }
                            for i in 0..2 {
                                let (a, b) = (got_values[i], want_values[i]);
                                let scale = old_values[i].abs() + b.abs();
                                assert!(
                                    (a - b).abs() <= 1e-12 * scale,
                                    "{method:?} on {surface:?} from {start:?}, α = {rate}, \
                                     step {}: {name}[{i}] = {a:e} vs {b:e}",
                                    got.t
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_first_adam_step_moves_each_coordinate_by_the_learning_rate() {
    // m̂₁ = g and v̂₁ = g² whatever β₁ and β₂, so the first step is −α·g/(|g| + ε),
    // α against the sign of g (less 10⁻⁸·α/|g|).
    for (surface, starts) in adaptive_cases() {
        for start in starts {
            let g = surface.gradient(start);
            for (rate, beta1, beta2) in ADAPTIVE_SETTINGS.into_iter().chain([CHAOTIC_SETTING]) {
                let hyper = settings(rate, DEFAULT_MOMENTUM, beta1, beta2);
                let next = Racer::new(start)
                    .step(Method::Adam, &surface, hyper)
                    .position;
                for (moved, g) in [(next.x - start.x, g.x), (next.y - start.y, g.y)] {
                    let expected = -rate * g / (g.abs() + 1e-8);
                    assert!(
                        (moved - expected).abs() < 1e-14,
                        "{surface:?}: moved {moved} for g = {g}, expected {expected}"
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// 3. Gradients and Hessians against central differences.

const H: f64 = 1e-6;

/// (f(p + h·e) − f(p − h·e)) / (the actual distance between the two points).
fn central(f: impl Fn(Vec2) -> f64, point: Vec2, axis: usize) -> f64 {
    let shift = |delta: f64| match axis {
        0 => Vec2::new(point.x + delta, point.y),
        _ => Vec2::new(point.x, point.y + delta),
    };
    let (low, high) = (shift(-H), shift(H));
    let distance = coordinate(high, axis) - coordinate(low, axis);
    (f(high) - f(low)) / distance
}

/// Whether `gradient` is ∇f at `point`, to central differences' accuracy: rounding
/// error ~ε|f|/h plus truncation h²|f'''|/6, far below the tolerance.
fn gradient_matches(f: impl Fn(Vec2) -> f64, gradient: Vec2, point: Vec2) -> Result<(), String> {
    let scale = 1.0 + f(point).abs();
    for axis in 0..2 {
        let numeric = central(&f, point, axis);
        let analytic = coordinate(gradient, axis);
        if !within(
            (numeric - analytic).abs(),
            1e-8 * scale + 1e-7 * analytic.abs(),
        ) {
            return Err(format!(
                "∂f/∂{} at {point:?}: analytic {analytic:e}, numeric {numeric:e}",
                ["x", "y"][axis]
            ));
        }
    }
    Ok(())
}

/// Whether `hessian` is the Jacobian of `gradient` at `point`, both mixed entries.
fn hessian_matches(
    gradient: impl Fn(Vec2) -> Vec2,
    hessian: Hessian,
    point: Vec2,
) -> Result<(), String> {
    let g = gradient(point);
    let scale = 1.0 + g.x.abs() + g.y.abs();
    let entries = [
        (0, 0, hessian.xx, "xx"),
        (0, 1, hessian.xy, "xy (∂gx/∂y)"),
        (1, 0, hessian.xy, "xy (∂gy/∂x)"),
        (1, 1, hessian.yy, "yy"),
    ];
    for (row, column, analytic, name) in entries {
        let numeric = central(|p| coordinate(gradient(p), row), point, column);
        if !within(
            (numeric - analytic).abs(),
            1e-8 * scale + 1e-7 * analytic.abs(),
        ) {
            return Err(format!(
                "H{name} at {point:?}: analytic {analytic:e}, numeric {numeric:e}"
            ));
        }
    }
    Ok(())
}

/// A surface (κ anywhere in its range) and a point of its domain.
fn surface_and_point() -> impl Strategy<Value = (Surface, Vec2)> {
    (
        0..SurfaceKind::ALL.len(),
        KAPPA_RANGE.0..=KAPPA_RANGE.1,
        0.0..=1.0f64,
        0.0..=1.0f64,
    )
        .prop_map(|(index, kappa, u, v)| {
            let surface = Surface::new(SurfaceKind::ALL[index], kappa);
            let domain = surface.domain();
            let point = Vec2::new(
                domain.x.0 + u * (domain.x.1 - domain.x.0),
                domain.y.0 + v * (domain.y.1 - domain.y.0),
            );
            (surface, point)
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn gradients_match_central_differences((surface, point) in surface_and_point()) {
        let result = gradient_matches(|p| surface.value(p), surface.gradient(point), point);
        prop_assert!(result.is_ok(), "{:?}: {:?}", surface, result);
    }

    #[test]
    fn hessians_match_central_differences((surface, point) in surface_and_point()) {
        let result = hessian_matches(|p| surface.gradient(p), surface.hessian(point), point);
        prop_assert!(result.is_ok(), "{:?}: {:?}", surface, result);
    }
}

#[test]
fn every_surface_is_checked_at_its_corners_and_centre() {
    for kind in SurfaceKind::ALL {
        for kappa in [KAPPA_RANGE.0, DEFAULT_KAPPA, KAPPA_RANGE.1] {
            let surface = Surface::new(kind, kappa);
            let d = surface.domain();
            let centre = Vec2::new((d.x.0 + d.x.1) / 2.0, (d.y.0 + d.y.1) / 2.0);
            let points = [
                Vec2::new(d.x.0, d.y.0),
                Vec2::new(d.x.1, d.y.1),
                Vec2::new(d.x.0, d.y.1),
                centre,
                surface.default_start(),
            ];
            for point in points {
                gradient_matches(|p| surface.value(p), surface.gradient(point), point).unwrap();
                hessian_matches(|p| surface.gradient(p), surface.hessian(point), point).unwrap();
            }
        }
    }
}

#[test]
fn quadratics_are_exactly_the_ones_with_a_constant_hessian() {
    for kind in SurfaceKind::ALL {
        let surface = Surface::new(kind, 7.0);
        let d = surface.domain();
        let hessians: Vec<Hessian> = [
            Vec2::new(d.x.0, d.y.0),
            Vec2::new(d.x.1, d.y.1),
            Vec2::new(0.3, -0.2),
        ]
        .into_iter()
        .map(|p| surface.hessian(p))
        .collect();
        let constant = hessians.iter().all(|h| *h == hessians[0]);
        assert_eq!(surface.is_quadratic(), constant, "{kind:?}");
    }
}

// ---------------------------------------------------------------------------------
// 4. The eigen-decomposition of a symmetric 2×2 matrix.

fn apply(h: Hessian, v: Vec2) -> Vec2 {
    Vec2::new(h.xx * v.x + h.xy * v.y, h.xy * v.x + h.yy * v.y)
}

fn dot(a: Vec2, b: Vec2) -> f64 {
    a.x * b.x + a.y * b.y
}

/// H·v = λv for both pairs (relative to the matrix's size), unit and orthogonal
/// directions, ascending values, and trace = λ₁ + λ₂.
fn decomposes(h: Hessian, eigen: Eigen) -> Result<(), String> {
    let size = h.xx.abs().max(h.xy.abs()).max(h.yy.abs());
    let Eigen { values, directions } = eigen;
    // values[0] ≤ values[1] (NaN fails).
    if !within(values[0], values[1]) {
        return Err(format!("values not ascending: {values:?}"));
    }
    for (value, direction) in values.into_iter().zip(directions) {
        if !within((direction.length() - 1.0).abs(), 1e-15) {
            return Err(format!("not a unit direction: {direction:?}"));
        }
        let image = apply(h, direction);
        let residual = Vec2::new(image.x - value * direction.x, image.y - value * direction.y);
        if !within(residual.length(), 1e-13 * size) {
            return Err(format!(
                "H·v − λv = {residual:?} for λ = {value:e}, v = {direction:?}"
            ));
        }
    }
    if !within(dot(directions[0], directions[1]).abs(), 1e-15) {
        return Err(format!("directions not orthogonal: {directions:?}"));
    }
    let trace = h.xx + h.yy;
    if !within((values[0] + values[1] - trace).abs(), 1e-14 * size) {
        return Err(format!(
            "values {values:?} do not sum to the trace {trace:e}"
        ));
    }
    Ok(())
}

fn parallel(a: Vec2, b: Vec2) -> bool {
    (dot(a, b).abs() - 1.0).abs() <= 1e-14
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 3000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn eigen_decomposes_random_symmetric_matrices(
        xx in -1e4..1e4f64,
        yy in -1e4..1e4f64,
        mantissa in -1e4..1e4f64,
        // Off-diagonal entries from the matrix's size down to 10⁻¹⁴ of it, and zero.
        decades in 0..=18i32,
    ) {
        let xy = if decades == 18 { 0.0 } else { mantissa * 10f64.powi(-decades) };
        let h = Hessian { xx, xy, yy };
        let result = decomposes(h, h.eigen());
        prop_assert!(result.is_ok(), "{:?}: {:?}", h, result);
    }

    #[test]
    fn eigen_recovers_a_rotated_diagonal_matrix(
        a in -100.0..100.0f64,
        b in -100.0..100.0f64,
        angle in 0.0..std::f64::consts::PI,
    ) {
        // H = R·diag(low, high)·Rᵀ with R the rotation by `angle`: its eigenvalues are
        // low ≤ high with directions R·e₁ and R·e₂.
        let (low, high) = (a.min(b), a.max(b));
        let (c, s) = (angle.cos(), angle.sin());
        let h = Hessian {
            xx: low * c * c + high * s * s,
            xy: (low - high) * c * s,
            yy: low * s * s + high * c * c,
        };
        let eigen = h.eigen();
        prop_assert!(decomposes(h, eigen).is_ok());
        prop_assert!((eigen.values[0] - low).abs() <= 1e-12 * 100.0);
        prop_assert!((eigen.values[1] - high).abs() <= 1e-12 * 100.0);
        // Directions are only defined when the values are apart.
        if high - low > 1e-3 {
            prop_assert!(
                parallel(eigen.directions[0], Vec2::new(c, s))
                    && parallel(eigen.directions[1], Vec2::new(-s, c)),
                "{:?} for angle {}", eigen, angle
            );
        }
    }
}

#[test]
fn eigen_of_diagonal_and_equal_eigenvalue_matrices() {
    let x_axis = Vec2::new(1.0, 0.0);
    let y_axis = Vec2::new(0.0, 1.0);
    // Diagonal: the entries, ascending, along the axes.
    for (xx, yy) in [
        (1.0, 3.0),
        (3.0, 1.0),
        (-2.0, 2.0),
        (2.0, -2.0),
        (2.0, 100.0),
    ] {
        for xy in [0.0, -0.0] {
            let h = Hessian { xx, xy, yy };
            let eigen = h.eigen();
            decomposes(h, eigen).unwrap();
            assert_eq!(eigen.values, [xx.min(yy), xx.max(yy)], "{h:?}");
            let (low_axis, high_axis) = if xx < yy {
                (x_axis, y_axis)
            } else {
                (y_axis, x_axis)
            };
            assert!(parallel(eigen.directions[0], low_axis), "{eigen:?}");
            assert!(parallel(eigen.directions[1], high_axis), "{eigen:?}");
        }
    }
    // A multiple of the identity: one value twice, any orthonormal pair.
    for value in [2.0, -1.0, 0.0] {
        let h = Hessian {
            xx: value,
            xy: 0.0,
            yy: value,
        };
        let eigen = h.eigen();
        decomposes(h, eigen).unwrap();
        assert_eq!(eigen.values, [value, value]);
    }
    // Equal diagonal, off-diagonal b: values a ∓ |b| along the diagonals.
    let half = std::f64::consts::FRAC_1_SQRT_2;
    for (a, b) in [(2.0, 3.0), (2.0, -3.0), (5.0, 1e-9), (-1.0, 0.5)] {
        let h = Hessian {
            xx: a,
            xy: b,
            yy: a,
        };
        let eigen = h.eigen();
        decomposes(h, eigen).unwrap();
        assert!((eigen.values[0] - (a - b.abs())).abs() < 1e-14 * a.abs().max(1.0));
        assert!((eigen.values[1] - (a + b.abs())).abs() < 1e-14 * a.abs().max(1.0));
        let along = Vec2::new(half, half * b.signum());
        let across = Vec2::new(half, -half * b.signum());
        assert!(parallel(eigen.directions[1], along), "{eigen:?}");
        assert!(parallel(eigen.directions[0], across), "{eigen:?}");
    }
    // Nearly diagonal: the tiny coupling must still give an accurate decomposition.
    for h in [
        Hessian {
            xx: 2.0,
            xy: 1e-9,
            yy: 1.0,
        },
        Hessian {
            xx: 1.0,
            xy: -1e-12,
            yy: 2.0,
        },
        Hessian {
            xx: 2.0,
            xy: 4e-7,
            yy: 200.0,
        },
    ] {
        decomposes(h, h.eigen()).unwrap_or_else(|error| panic!("{h:?}: {error}"));
    }
}

#[test]
fn eigen_on_the_surfaces() {
    // The Hessians the app decomposes: everywhere on a grid of every domain.
    for kind in SurfaceKind::ALL {
        let surface = Surface::new(kind, DEFAULT_KAPPA);
        let d = surface.domain();
        for i in 0..=40 {
            for j in 0..=40 {
                let point = Vec2::new(
                    d.x.0 + f64::from(i) * (d.x.1 - d.x.0) / 40.0,
                    d.y.0 + f64::from(j) * (d.y.1 - d.y.0) / 40.0,
                );
                let h = surface.hessian(point);
                decomposes(h, h.eigen()).unwrap_or_else(|e| panic!("{kind:?} {point:?}: {e}"));
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// 5. The critical learning rate.

/// The bowls (κ = 1) and stretched bowls with their Hessians' eigenvalues (2, 2κ).
fn bowls() -> Vec<(Surface, f64, f64)> {
    let mut cases = vec![(Surface::new(SurfaceKind::Bowl, DEFAULT_KAPPA), 2.0, 2.0)];
    for kappa in [1.0, 1.5, 4.0, 10.0, DEFAULT_KAPPA, 100.0] {
        cases.push((
            Surface::new(SurfaceKind::Stretched, kappa),
            2.0,
            2.0 * kappa,
        ));
    }
    cases
}

fn descend(surface: Surface, rate: f64, start: Vec2, steps: usize) -> Vec<f64> {
    let hyper = settings(rate, DEFAULT_MOMENTUM, DEFAULT_BETA1, DEFAULT_BETA2);
    run(Method::GradientDescent, surface, hyper, start, steps)
        .into_iter()
        .map(|p| surface.value(p))
        .collect()
}

#[test]
fn gradient_descent_converges_just_below_two_over_lambda_max_and_diverges_just_above() {
    for (surface, smallest, largest) in bowls() {
        let (critical, best) = surface
            .critical_learning_rates()
            .unwrap_or_else(|| panic!("{surface:?} has critical rates"));
        assert!(
            close(critical, 2.0 / largest, 1e-15),
            "{surface:?}: {critical}"
        );
        assert!(
            close(best, 2.0 / (smallest + largest), 1e-15),
            "{surface:?}: {best}"
        );
        for start in [
            Vec2::new(1.3, -0.7),
            Vec2::new(-3.5, 1.5),
            surface.default_start(),
        ] {
            assert!(start.x != 0.0 && start.y != 0.0);
            let below = descend(surface, 0.98 * critical, start, 2000);
            assert!(
                below[2000] < below[0] * 1e-3,
                "{surface:?} at 0.98·αc from {start:?}: f = {} → {}",
                below[0],
                below[2000]
            );
            let above = descend(surface, 1.02 * critical, start, 2000);
            // Grows without bound: by decades, and still growing at the end.
            assert!(
                above[2000] > above[0] * 1e30,
                "{surface:?}: f = {}",
                above[2000]
            );
            assert!(above[1000] < above[1500] && above[1500] < above[2000]);
        }
    }
}

#[test]
fn the_best_rate_makes_the_largest_factor_smallest() {
    for (surface, smallest, largest) in bowls() {
        let (critical, best) = surface.critical_learning_rates().unwrap();
        let factor = |rate: f64| {
            (1.0 - rate * smallest)
                .abs()
                .max((1.0 - rate * largest).abs())
        };
        let at_best = factor(best);
        let kappa = largest / smallest;
        assert!((at_best - (kappa - 1.0) / (kappa + 1.0)).abs() < 1e-14);
        for k in 1..=2000 {
            let rate = critical * f64::from(k) / 1000.0;
            assert!(
                factor(rate) >= at_best - 1e-15,
                "{surface:?}: α = {rate} has factor {} < {at_best} at α = {best}",
                factor(rate)
            );
        }
        // And in a run: after 200 steps from an off-axis start, the best rate has gone
        // at least as far as the neighbouring rates in the worst eigen-direction.
        let shrink = |rate: f64| factor(rate).powi(200);
        assert!(shrink(best) <= shrink(0.9 * best) && shrink(best) <= shrink(1.1 * best));
    }
}

#[test]
fn the_saddle_and_the_non_quadratics_have_no_critical_rate() {
    for kind in [
        SurfaceKind::Saddle,
        SurfaceKind::Rosenbrock,
        SurfaceKind::Himmelblau,
    ] {
        for kappa in [KAPPA_RANGE.0, DEFAULT_KAPPA, KAPPA_RANGE.1] {
            assert_eq!(Surface::new(kind, kappa).critical_learning_rates(), None);
        }
    }
}

// ---------------------------------------------------------------------------------
// 6. Landmarks, starts and keys.

#[test]
fn himmelblau_minima_are_minima_to_the_digits_given() {
    let surface = Surface::new(SurfaceKind::Himmelblau, DEFAULT_KAPPA);
    let minima = surface.minima();
    assert_eq!(minima.len(), 4);
    for &minimum in minima {
        // Given to 6 decimals (error ≤ 5·10⁻⁷): f ≈ ½δᵀHδ ≲ 10⁻¹¹, |∇f| ≲ 10⁻⁴.
        assert!(
            surface.value(minimum) < 1e-9,
            "f{minimum:?} = {}",
            surface.value(minimum)
        );
        assert!(surface.gradient(minimum).length() < 1e-3, "{minimum:?}");
        let eigen = surface.hessian(minimum).eigen();
        assert!(eigen.values[0] > 0.0, "{minimum:?} is a minimum: {eigen:?}");
        assert!(surface.domain().contains(minimum));
        // Each lies in its own quadrant.
    }
    let quadrants: std::collections::BTreeSet<(bool, bool)> =
        minima.iter().map(|m| (m.x > 0.0, m.y > 0.0)).collect();
    assert_eq!(quadrants.len(), 4);
    assert_eq!(surface.value(Vec2::new(3.0, 2.0)), 0.0);
}

#[test]
fn rosenbrock_minimum_is_exact() {
    let surface = Surface::new(SurfaceKind::Rosenbrock, DEFAULT_KAPPA);
    assert_eq!(surface.minima(), &[Vec2::new(1.0, 1.0)]);
    assert_eq!(surface.value(Vec2::new(1.0, 1.0)), 0.0);
    assert_eq!(surface.gradient(Vec2::new(1.0, 1.0)), Vec2::new(0.0, 0.0));
    assert!(surface.hessian(Vec2::new(1.0, 1.0)).eigen().values[0] > 0.0);
}

#[test]
fn the_other_minima_and_the_saddle() {
    for kind in [SurfaceKind::Bowl, SurfaceKind::Stretched] {
        let surface = Surface::new(kind, DEFAULT_KAPPA);
        assert_eq!(surface.minima(), &[Vec2::new(0.0, 0.0)]);
        assert_eq!(surface.value(Vec2::new(0.0, 0.0)), 0.0);
        assert_eq!(surface.gradient(Vec2::new(0.0, 0.0)).length(), 0.0);
    }
    let saddle = Surface::new(SurfaceKind::Saddle, DEFAULT_KAPPA);
    assert!(saddle.minima().is_empty());
    let eigen = saddle.hessian(Vec2::new(0.0, 0.0)).eigen();
    assert!(eigen.values[0] < 0.0 && eigen.values[1] > 0.0);
}

#[test]
fn every_default_start_lies_in_its_domain_and_is_not_a_minimum() {
    for kind in SurfaceKind::ALL {
        for kappa in [KAPPA_RANGE.0, DEFAULT_KAPPA, KAPPA_RANGE.1] {
            let surface = Surface::new(kind, kappa);
            let start = surface.default_start();
            let domain = surface.domain();
            assert!(
                domain.contains(start),
                "{kind:?}: {start:?} outside {domain:?}"
            );
            assert!(domain.x.0 < domain.x.1 && domain.y.0 < domain.y.1);
            assert!(surface.gradient(start).length() > 1e-3, "{kind:?}");
            for &minimum in surface.minima() {
                assert!(domain.contains(minimum), "{kind:?}: {minimum:?}");
            }
        }
    }
}

#[test]
fn domain_contains_its_edges_and_nothing_outside() {
    let surface = Surface::new(SurfaceKind::Rosenbrock, DEFAULT_KAPPA);
    let d = surface.domain();
    assert!(d.contains(Vec2::new(d.x.0, d.y.1)));
    assert!(!d.contains(Vec2::new(d.x.1 + 1e-9, 0.0)));
    assert!(!d.contains(Vec2::new(0.0, d.y.0 - 1e-9)));
    assert!(!d.contains(Vec2::new(f64::NAN, 0.0)));
}

#[test]
fn surface_keys_round_trip() {
    let mut keys = std::collections::BTreeSet::new();
    for kind in SurfaceKind::ALL {
        assert_eq!(SurfaceKind::from_key(kind.key()), Some(kind));
        assert!(keys.insert(kind.key()), "duplicate key {}", kind.key());
    }
    for unknown in [
        "", "Bowl", "BOWL", " bowl", "bowl ", "sphere", "stretch", "gd",
    ] {
        assert_eq!(SurfaceKind::from_key(unknown), None, "{unknown:?}");
    }
}

#[test]
fn method_keys_round_trip() {
    let mut keys = std::collections::BTreeSet::new();
    let mut labels = std::collections::BTreeSet::new();
    for (index, method) in Method::ALL.into_iter().enumerate() {
        assert_eq!(Method::from_key(method.key()), Some(method));
        assert_eq!(method.index(), index);
        assert!(keys.insert(method.key()), "duplicate key {}", method.key());
        assert!(labels.insert(method.label()), "duplicate label");
    }
    for unknown in ["", "GD", "sgd", "Adam", "adam ", "adamw", "bowl", "rms"] {
        assert_eq!(Method::from_key(unknown), None, "{unknown:?}");
    }
}

// ---------------------------------------------------------------------------------
// 7. Negative controls: the checks above reject the usual mistakes.

/// Heavy-ball momentum along one eigen-direction, written out, with the first buffer
/// b₁ = `first`·g and then b := μb + g. `first` = 1 is PyTorch's; `first` = 1 − μ (an
/// exponential average's first step) is a plausible mistake.
fn momentum_loop(
    lambda: f64,
    start: f64,
    rate: f64,
    momentum: f64,
    first: f64,
    steps: usize,
) -> Vec<f64> {
    let (mut x, mut buffer) = (start, None::<f64>);
    let mut positions = vec![x];
    for _ in 0..steps {
        let g = lambda * x;
        let b = match buffer {
            None => first * g,
            Some(b) => momentum * b + g,
        };
        buffer = Some(b);
        x -= rate * b;
        positions.push(x);
    }
    positions
}

#[test]
fn a_wrong_first_momentum_buffer_misses_the_closed_form() {
    for (lambda, start) in [(2.0, 1.3), (2.0 * DEFAULT_KAPPA, 1.5), (-2.0, 0.05)] {
        for momentum in [0.5, DEFAULT_MOMENTUM, 0.99] {
            for rate in rates(lambda.abs()) {
                let expected: Vec<f64> = (0..=CLOSED_FORM_STEPS)
                    .map(|n| heavy_ball_closed_form(start, rate, lambda, momentum, n))
                    .collect();
                let right = momentum_loop(lambda, start, rate, momentum, 1.0, CLOSED_FORM_STEPS);
                follows(&right, &expected, CLOSED_FORM_TOLERANCE)
                    .unwrap_or_else(|error| panic!("the control itself: {error}"));
                let wrong = momentum_loop(
                    lambda,
                    start,
                    rate,
                    momentum,
                    1.0 - momentum,
                    CLOSED_FORM_STEPS,
                );
                assert!(
                    follows(&wrong, &expected, CLOSED_FORM_TOLERANCE).is_err(),
                    "λ = {lambda}, μ = {momentum}, α = {rate}"
                );
            }
        }
    }
}

#[test]
fn a_slightly_wrong_rate_misses_the_gradient_descent_closed_form() {
    let (surface, lambda) = (Surface::new(SurfaceKind::Stretched, 10.0), 20.0);
    let rate = 0.07;
    let expected: Vec<f64> = (0..=CLOSED_FORM_STEPS)
        .map(|n| descent_closed_form(1.5, rate, lambda, n))
        .collect();
    let hyper = settings(rate * (1.0 + 1e-6), 0.0, DEFAULT_BETA1, DEFAULT_BETA2);
    let got: Vec<f64> = run(
        Method::GradientDescent,
        surface,
        hyper,
        Vec2::new(0.4, 1.5),
        CLOSED_FORM_STEPS,
    )
    .into_iter()
    .map(|p| p.y)
    .collect();
    assert!(follows(&got, &expected, CLOSED_FORM_TOLERANCE).is_err());
}

#[test]
fn adam_without_bias_correction_misses_the_reference() {
    let surface = Surface::new(SurfaceKind::Himmelblau, DEFAULT_KAPPA);
    let (rate, beta1, beta2) = (0.1, DEFAULT_BETA1, DEFAULT_BETA2);
    let start = surface.default_start();
    let (mut theta, mut m, mut v) = ([start.x, start.y], [0.0; 2], [0.0; 2]);
    let mut reference = ReferenceState::new(start);
    let mut missed = false;
    for _ in 0..20 {
        let g = surface.gradient(Vec2::new(theta[0], theta[1]));
        for (i, g) in [g.x, g.y].into_iter().enumerate() {
            m[i] = beta1 * m[i] + (1.0 - beta1) * g;
            v[i] = beta2 * v[i] + (1.0 - beta2) * g * g;
            theta[i] -= rate * m[i] / (v[i].sqrt() + 1e-8);
        }
        let g = surface.gradient(Vec2::new(reference.theta[0], reference.theta[1]));
        reference = reference.adam([g.x, g.y], rate, beta1, beta2);
        missed |= (0..2).any(|i| !close(theta[i], reference.theta[i], 1e-12));
    }
    assert!(missed);
}

#[test]
fn a_wrong_gradient_or_hessian_fails_the_difference_check() {
    let surface = Surface::new(SurfaceKind::Rosenbrock, DEFAULT_KAPPA);
    let point = Vec2::new(0.3, 0.8);
    // A coefficient off by a quarter of a percent: 401 for 400.
    let wrong_gradient = |p: Vec2| {
        let across = p.y - p.x * p.x;
        Vec2::new(-2.0 * (1.0 - p.x) - 401.0 * p.x * across, 200.0 * across)
    };
    assert!(gradient_matches(|p| surface.value(p), wrong_gradient(point), point).is_err());
    gradient_matches(|p| surface.value(p), surface.gradient(point), point).unwrap();
    let mut wrong_hessian = surface.hessian(point);
    wrong_hessian.xy *= 1.0 + 1e-5;
    assert!(hessian_matches(|p| surface.gradient(p), wrong_hessian, point).is_err());
    // An eigen-direction off by 10⁻⁹ radians is caught.
    let h = Hessian {
        xx: 3.0,
        xy: 1.0,
        yy: -2.0,
    };
    let mut eigen = h.eigen();
    let v = eigen.directions[1];
    let turn: f64 = 1e-9;
    eigen.directions[1] = Vec2::new(
        v.x * turn.cos() - v.y * turn.sin(),
        v.x * turn.sin() + v.y * turn.cos(),
    );
    assert!(decomposes(h, eigen).is_err());
}
