//! Parts 2 and 3 of the series: sigmoid layers trained on a batch of two samples.
//!
//! Both samples go through the network at once, one per row of x (2×3). Part 2 has
//! one layer, a = x·w + b, ŷ = g(a) with g the sigmoid; part 3 puts a hidden layer of
//! three sigmoid units before it. The cost adds the squared errors of both samples and
//! both outputs, C = Σ (ŷ − y)².
//!
//! ## The chain rule on a batch
//! For one weight of the output layer, one sample contributes
//! ∂C/∂w_ij = x_i · g′(a_j) · 2(ŷ_j − y_j); a matrix product adds the samples:
//! ∂C/∂w = xᵀ·(g′(a) ⊙ 2(ŷ − y)). A hidden unit reaches the cost through every output,
//! so its error is a sum over those paths: δ¹ = (g′(z¹) ⊙ δ²)·(ω¹)ᵀ.
//!
//! ## The bias, as the post's code does it
//! The post's code sums the weights' gradient over the samples (the matrix product does)
//! but averages the bias gradient over them. [`BiasGradient::Mean`] reproduces that;
//! [`BiasGradient::Sum`] is what the chain rule says. Both descend: the mean is the sum
//! halved, a smaller step for the biases only.
//!
//! The order of every floating-point operation follows the post's numpy program, so
//! the run reproduces its printed digits (`tests/batch.rs`).

// Index loops over the fixed arrays are deliberate: the size-optimized build does not
// inline iterator adapters, and these loops run tens of times per step (see `dot`).
#![allow(clippy::needless_range_loop)]

use crate::exp::exp;

/// How many samples the batch has (rows of x).
pub const SAMPLES: usize = 2;
/// Inputs per sample.
pub const INPUTS: usize = 3;
/// Units of part 3's hidden layer.
pub const HIDDEN: usize = 3;
/// Outputs per sample.
pub const OUTPUTS: usize = 2;

/// x: the two samples of the posts, one per row.
pub const INPUT: [[f64; INPUTS]; SAMPLES] = [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]];
/// y: the targets, one row per sample.
pub const TARGET: Predictions = [[1.0, 0.0], [0.0, 1.0]];
/// The learning rate of the posts' programs.
pub const DEFAULT_LEARNING_RATE: f64 = 0.1;

/// ŷ for both samples: one row per sample, one column per output.
pub type Predictions = [[f64; OUTPUTS]; SAMPLES];

/// How the bias gradient combines the samples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BiasGradient {
    /// The mean over the samples, as the post's code computes it.
    #[default]
    Mean,
    /// The sum over the samples, as the chain rule says (and as the weights get it).
    Sum,
}

impl BiasGradient {
    /// The value in `bias=`.
    pub fn key(self) -> &'static str {
        match self {
            BiasGradient::Mean => "mean",
            BiasGradient::Sum => "sum",
        }
    }

    pub fn from_key(key: &str) -> Option<BiasGradient> {
        [BiasGradient::Mean, BiasGradient::Sum]
            .into_iter()
            .find(|mode| mode.key() == key)
    }

    /// Combines one output's per-sample errors: (e₀ + e₁)/2 or e₀ + e₁ (numpy's `mean`
    /// divides the sum by the count).
    fn combine(self, per_sample: [f64; SAMPLES]) -> f64 {
        let sum = per_sample[0] + per_sample[1];
        match self {
            BiasGradient::Mean => sum / SAMPLES as f64,
            BiasGradient::Sum => sum,
        }
    }
}

/// g(z) = 1 / (1 + e^(−z)), the sigmoid. With [`crate::exp::exp`] (correctly rounded,
/// the same bits natively and in the browser), not `f64::exp`.
#[inline(always)]
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + exp(-z))
}

/// g′(z) = g(z)·(1 − g(z)), from g(z) itself (the forward pass has it).
#[inline(always)]
pub fn sigmoid_slope(activation: f64) -> f64 {
    activation * (1.0 - activation)
}

/// C = Σ over samples and outputs of (ŷ − y)², summed row by row as numpy sums.
pub fn cost(predictions: &Predictions) -> f64 {
    let mut total = 0.0;
    for (row, target_row) in predictions.iter().zip(&TARGET) {
        for (prediction, target) in row.iter().zip(target_row) {
            let error = prediction - target;
            total += error * error;
        }
    }
    total
}

/// One dense layer, `I` inputs → `O` outputs: weights ω (I×O) and one bias per output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dense<const I: usize, const O: usize> {
    pub weights: [[f64; O]; I],
    pub bias: [f64; O],
}

impl<const I: usize, const O: usize> Dense<I, O> {
    /// z = a·ω + b, one row per sample.
    pub fn affine(&self, input: &[[f64; I]; SAMPLES]) -> [[f64; O]; SAMPLES] {
        let mut z = [[0.0; O]; SAMPLES];
        for sample in 0..SAMPLES {
            for output in 0..O {
                z[sample][output] =
                    dot(|k| input[sample][k] * self.weights[k][output], I) + self.bias[output];
            }
        }
        z
    }

    /// The gradient of this layer from its input a and its error e = ∂C/∂z (one row per
    /// sample): ∂C/∂ω = aᵀ·e (the product sums the samples), ∂C/∂b per `bias`.
    fn from_error(
        input: &[[f64; I]; SAMPLES],
        error: &[[f64; O]; SAMPLES],
        bias: BiasGradient,
    ) -> Self {
        let mut gradient = Self {
            weights: [[0.0; O]; I],
            bias: [0.0; O],
        };
        for row in 0..I {
            for output in 0..O {
                gradient.weights[row][output] =
                    dot(|sample| input[sample][row] * error[sample][output], SAMPLES);
            }
        }
        for output in 0..O {
            gradient.bias[output] = bias.combine([error[0][output], error[1][output]]);
        }
        gradient
    }

    /// θ − α·∂C/∂θ for every weight and bias of the layer.
    fn descended(&self, gradient: &Self, learning_rate: f64) -> Self {
        let mut after = *self;
        for row in 0..I {
            for output in 0..O {
                after.weights[row][output] -= learning_rate * gradient.weights[row][output];
            }
        }
        for output in 0..O {
            after.bias[output] -= learning_rate * gradient.bias[output];
        }
        after
    }

    /// The error one layer down: e·ωᵀ, each input's share of this layer's error.
    fn back_through(&self, error: &[[f64; O]; SAMPLES]) -> [[f64; I]; SAMPLES] {
        let mut down = [[0.0; I]; SAMPLES];
        for sample in 0..SAMPLES {
            for input in 0..I {
                down[sample][input] = dot(|k| error[sample][k] * self.weights[input][k], O);
            }
        }
        down
    }
}

/// Σ term(k) for k < count, added from the first term on: the order numpy's small
/// matrix products add in. Index loops over fixed arrays rather than ndarray views: the
/// size-optimized build does not inline iterator adapters, and these run 30 times a step
/// (measured: ndarray's iterators were a third of a step's time).
// Inlined: the size-optimized build would call it once per element (measured).
#[inline(always)]
fn dot(term: impl Fn(usize) -> f64, count: usize) -> f64 {
    let mut sum = term(0);
    for k in 1..count {
        sum += term(k);
    }
    sum
}

/// Applies g to every element.
fn activate<const N: usize>(z: &[[f64; N]; SAMPLES]) -> [[f64; N]; SAMPLES] {
    z.map(|row| row.map(sigmoid))
}

/// e = g′(z) ⊙ upstream, element by element, as `d_sigmoid(z) * upstream` in numpy
/// (g′ from the activations g(z), which are the same doubles numpy recomputes).
fn through_sigmoid<const N: usize>(
    activations: &[[f64; N]; SAMPLES],
    upstream: &[[f64; N]; SAMPLES],
) -> [[f64; N]; SAMPLES] {
    let mut error = [[0.0; N]; SAMPLES];
    for sample in 0..SAMPLES {
        for unit in 0..N {
            error[sample][unit] = sigmoid_slope(activations[sample][unit]) * upstream[sample][unit];
        }
    }
    error
}

/// ∂C/∂ŷ = 2(ŷ − y) for every sample and output.
fn cost_gradient(predictions: &Predictions) -> Predictions {
    let mut gradient = [[0.0; OUTPUTS]; SAMPLES];
    for sample in 0..SAMPLES {
        for output in 0..OUTPUTS {
            gradient[sample][output] = 2.0 * (predictions[sample][output] - TARGET[sample][output]);
        }
    }
    gradient
}

/// A network trained on the batch: its parameters, their gradient, one descent step.
pub trait Model: Copy + std::fmt::Debug + PartialEq {
    /// How many numbers the parameters are.
    const PARAMETERS: usize;

    /// ŷ for both samples.
    fn predict(&self) -> Predictions;
    /// ŷ and ∂C/∂(every parameter), from one forward and one backward pass.
    fn evaluate(&self, bias: BiasGradient) -> Evaluation<Self>;

    /// ∂C/∂(every parameter), in the shape of the parameters.
    fn gradient(&self, bias: BiasGradient) -> Self {
        self.evaluate(bias).gradient
    }
    /// The parameters in order: each layer's weights row by row, then its biases.
    fn values(&self) -> [f64; MAX_PARAMETERS];
    /// The inverse of [`Model::values`].
    fn from_values(values: &[f64; MAX_PARAMETERS]) -> Self;

    /// C of this network's predictions.
    fn cost(&self) -> f64 {
        cost(&self.predict())
    }

    /// θ − α·∂C/∂θ for every parameter θ, as `w = w - lr * grad_w` in numpy.
    fn descended(&self, gradient: &Self, learning_rate: f64) -> Self;
}

/// The most parameters a model of this module has (part 3: 9 + 3 + 6 + 2).
pub const MAX_PARAMETERS: usize = 20;

/// Part 2: one sigmoid layer, 3 inputs → 2 outputs.
pub type SigmoidLayer = Dense<INPUTS, OUTPUTS>;

impl Model for SigmoidLayer {
    const PARAMETERS: usize = INPUTS * OUTPUTS + OUTPUTS;

    fn predict(&self) -> Predictions {
        activate(&self.affine(&INPUT))
    }

    /// ∂C/∂w = xᵀ·(g′(a) ⊙ 2(ŷ − y)).
    fn evaluate(&self, bias: BiasGradient) -> Evaluation<Self> {
        let predictions = self.predict();
        let error = through_sigmoid(&predictions, &cost_gradient(&predictions));
        Evaluation {
            predictions,
            gradient: Self::from_error(&INPUT, &error, bias),
        }
    }

    fn descended(&self, gradient: &Self, learning_rate: f64) -> Self {
        Dense::descended(self, gradient, learning_rate)
    }

    fn values(&self) -> [f64; MAX_PARAMETERS] {
        let mut values = [0.0; MAX_PARAMETERS];
        write_layer(self, &mut values, 0);
        values
    }

    fn from_values(values: &[f64; MAX_PARAMETERS]) -> Self {
        read_layer(values, 0)
    }
}

/// Part 3: a hidden layer of three sigmoid units (ω⁰, b⁰), then the output layer (ω¹, b¹).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HiddenNetwork {
    pub hidden: Dense<INPUTS, HIDDEN>,
    pub output: Dense<HIDDEN, OUTPUTS>,
}

/// Everything the forward pass of part 3 computes, kept for the backward pass.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HiddenForward {
    /// z⁰ = a⁰·ω⁰ + b⁰ (a⁰ = x).
    pub z0: [[f64; HIDDEN]; SAMPLES],
    /// a¹ = g(z⁰).
    pub a1: [[f64; HIDDEN]; SAMPLES],
    /// z¹ = a¹·ω¹ + b¹.
    pub z1: Predictions,
    /// ŷ = a² = g(z¹).
    pub a2: Predictions,
}

/// The backward pass of part 3.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HiddenBackward {
    /// δ² = 2(a² − y).
    pub delta2: Predictions,
    /// g′(z¹) ⊙ δ², the output layer's error per sample.
    pub output_error: Predictions,
    /// δ¹ = (g′(z¹) ⊙ δ²)·(ω¹)ᵀ: each hidden unit's error, summed over both outputs.
    pub delta1: [[f64; HIDDEN]; SAMPLES],
    /// g′(z⁰) ⊙ δ¹, the hidden layer's error per sample.
    pub hidden_error: [[f64; HIDDEN]; SAMPLES],
}

impl HiddenBackward {
    /// One path by which hidden unit `unit` reaches C, through output `output`, for one
    /// sample: g′(z¹ₒ)·δ²ₒ·ω¹ᵤₒ. δ¹ᵤ is the sum of these paths over the outputs.
    pub fn path(&self, network: &HiddenNetwork, sample: usize, unit: usize, output: usize) -> f64 {
        self.output_error[sample][output] * network.output.weights[unit][output]
    }
}

impl HiddenNetwork {
    pub fn forward(&self) -> HiddenForward {
        let z0 = self.hidden.affine(&INPUT);
        let a1 = activate(&z0);
        let z1 = self.output.affine(&a1);
        HiddenForward {
            z0,
            a1,
            z1,
            a2: activate(&z1),
        }
    }

    /// δ² = 2(a² − y); δ¹ = (g′(z¹) ⊙ δ²)·(ω¹)ᵀ.
    pub fn backward(&self, forward: &HiddenForward) -> HiddenBackward {
        let delta2 = cost_gradient(&forward.a2);
        let output_error = through_sigmoid(&forward.a2, &delta2);
        let delta1 = self.output.back_through(&output_error);
        HiddenBackward {
            delta2,
            output_error,
            delta1,
            hidden_error: through_sigmoid(&forward.a1, &delta1),
        }
    }
}

impl Model for HiddenNetwork {
    const PARAMETERS: usize = INPUTS * HIDDEN + HIDDEN + HIDDEN * OUTPUTS + OUTPUTS;

    fn predict(&self) -> Predictions {
        self.forward().a2
    }

    /// ∂C/∂ω¹ = (a¹)ᵀ·(g′(z¹) ⊙ δ²); ∂C/∂ω⁰ = (a⁰)ᵀ·(g′(z⁰) ⊙ δ¹).
    fn evaluate(&self, bias: BiasGradient) -> Evaluation<Self> {
        let forward = self.forward();
        let backward = self.backward(&forward);
        Evaluation {
            predictions: forward.a2,
            gradient: Self {
                hidden: Dense::from_error(&INPUT, &backward.hidden_error, bias),
                output: Dense::from_error(&forward.a1, &backward.output_error, bias),
            },
        }
    }

    fn descended(&self, gradient: &Self, learning_rate: f64) -> Self {
        Self {
            hidden: self.hidden.descended(&gradient.hidden, learning_rate),
            output: self.output.descended(&gradient.output, learning_rate),
        }
    }

    fn values(&self) -> [f64; MAX_PARAMETERS] {
        let mut values = [0.0; MAX_PARAMETERS];
        let next = write_layer(&self.hidden, &mut values, 0);
        write_layer(&self.output, &mut values, next);
        values
    }

    fn from_values(values: &[f64; MAX_PARAMETERS]) -> Self {
        Self {
            hidden: read_layer(values, 0),
            output: read_layer(values, INPUTS * HIDDEN + HIDDEN),
        }
    }
}

/// Writes a layer's weights row by row, then its biases, from `start`; returns the end.
// Index loops, not chained iterators: this runs several times per step, and the size-
// optimized build does not inline `flatten().chain()` (measured: a third of a step).
fn write_layer<const I: usize, const O: usize>(
    layer: &Dense<I, O>,
    values: &mut [f64; MAX_PARAMETERS],
    start: usize,
) -> usize {
    for row in 0..I {
        values[start + row * O..start + (row + 1) * O].copy_from_slice(&layer.weights[row]);
    }
    values[start + I * O..start + I * O + O].copy_from_slice(&layer.bias);
    start + I * O + O
}

fn read_layer<const I: usize, const O: usize>(
    values: &[f64; MAX_PARAMETERS],
    start: usize,
) -> Dense<I, O> {
    let mut layer = Dense {
        weights: [[0.0; O]; I],
        bias: [0.0; O],
    };
    for row in 0..I {
        layer.weights[row].copy_from_slice(&values[start + row * O..start + (row + 1) * O]);
    }
    layer
        .bias
        .copy_from_slice(&values[start + I * O..start + I * O + O]);
    layer
}

/// What one forward and one backward pass give at some parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation<M> {
    /// ŷ for both samples.
    pub predictions: Predictions,
    /// ∂C/∂θ for every parameter θ.
    pub gradient: M,
}

/// Everything one update did, as the posts' programs print it and more.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchStep<M: Model> {
    pub before: M,
    /// The gradient the update used: at `before`.
    pub gradient: M,
    pub after: M,
    pub predictions_before: Predictions,
    pub predictions_after: Predictions,
    /// C of the predictions after the update, as the post prints it.
    pub cost: f64,
    pub learning_rate: f64,
    pub bias: BiasGradient,
}

/// One step of gradient descent on the batch from `model`, whose evaluation `at` the
/// caller already has; returns the step and the evaluation at the new parameters (which
/// the next step starts from: one forward and one backward pass per step).
pub fn step_from<M: Model>(
    model: &M,
    at: &Evaluation<M>,
    learning_rate: f64,
    bias: BiasGradient,
) -> (BatchStep<M>, Evaluation<M>) {
    let after = model.descended(&at.gradient, learning_rate);
    let evaluation = after.evaluate(bias);
    let step = BatchStep {
        before: *model,
        gradient: at.gradient,
        after,
        predictions_before: at.predictions,
        predictions_after: evaluation.predictions,
        cost: cost(&evaluation.predictions),
        learning_rate,
        bias,
    };
    (step, evaluation)
}

/// One step of gradient descent on the batch.
pub fn step<M: Model>(model: &M, learning_rate: f64, bias: BiasGradient) -> BatchStep<M> {
    step_from(model, &model.evaluate(bias), learning_rate, bias).0
}

/// How many weights part 3 draws at random: ω⁰ (3×3) and ω¹ (3×2).
pub const RANDOM_WEIGHTS: usize = INPUTS * HIDDEN + HIDDEN * OUTPUTS;

/// Part 2's start: w = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], b = [0, 0].
pub const POST_LAYER_START: SigmoidLayer = Dense {
    weights: [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]],
    bias: [0.0, 0.0],
};

impl HiddenNetwork {
    /// Like `np.random.random` for ω⁰ (3×3) and ω¹ (3×2): uniform in [0, 1), row by
    /// row from `unit_samples`; the biases start at 0.
    pub fn from_unit_samples(unit_samples: &[f64; RANDOM_WEIGHTS]) -> Self {
        let mut values = [0.0; MAX_PARAMETERS];
        let (hidden, output) = values.split_at_mut(INPUTS * HIDDEN + HIDDEN);
        hidden[..INPUTS * HIDDEN].copy_from_slice(&unit_samples[..INPUTS * HIDDEN]);
        output[..HIDDEN * OUTPUTS].copy_from_slice(&unit_samples[INPUTS * HIDDEN..]);
        Self::from_values(&values)
    }
}
