//! The post's sections 3 and 4: one dense layer with three inputs, one output, no
//! activation and a squared loss, trained by gradient descent.

use ndarray::{arr2, Array2, Zip};

/// The input row x = [x1 x2 x3] of the post.
pub const INPUT: [f64; 3] = [1.0, 2.0, 3.0];
/// The regression target y of the post.
pub const TARGET: f64 = 1.0;
/// The learning rate of the post's program.
pub const DEFAULT_LEARNING_RATE: f64 = 0.001;

/// What gradient descent learns: the weights w = [w1 w2 w3]ᵀ and the bias b.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Parameters {
    pub weights: [f64; 3],
    pub bias: f64,
}

impl Parameters {
    /// Like `np.random.random`: four numbers uniform in [0, 1) become w1, w2, w3 and b.
    pub fn from_unit_samples(samples: [f64; 4]) -> Self {
        Self {
            weights: [samples[0], samples[1], samples[2]],
            bias: samples[3],
        }
    }

    pub fn is_finite(&self) -> bool {
        self.weights.iter().all(|w| w.is_finite()) && self.bias.is_finite()
    }

    /// The largest magnitude among w1, w2, w3 and b.
    pub fn largest_magnitude(&self) -> f64 {
        self.weights
            .iter()
            .fold(self.bias.abs(), |largest, w| largest.max(w.abs()))
    }
}

/// The gradients of the loss with respect to every parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gradients {
    /// ∂C/∂w = xᵀ·[2(ŷ − y)], i.e. ∂C/∂wᵢ = 2(ŷ − y)·xᵢ (equations (5)–(7)).
    pub weights: [f64; 3],
    /// ∂C/∂b = 2(ŷ − y)·1 (equation (8)).
    pub bias: f64,
}

/// Everything one update did, as the post's program prints it and more.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeuronStep {
    pub prediction_before: f64,
    pub prediction_after: f64,
    pub target: f64,
    /// The loss of the prediction before the update, C = (ŷ − y)², as the post prints it.
    pub loss: f64,
    pub gradients: Gradients,
    pub before: Parameters,
    pub after: Parameters,
    /// The α of this update.
    pub learning_rate: f64,
}

/// C = (ŷ − y)², the squared loss.
pub fn loss(prediction: f64, target: f64) -> f64 {
    let error = prediction - target;
    error * error
}

/// ∂C/∂ŷ = 2(ŷ − y).
pub fn loss_gradient(prediction: f64, target: f64) -> f64 {
    2.0 * (prediction - target)
}

/// One dense layer, 3 inputs → 1 output, kept in ndarray matrices with the post's shapes.
#[derive(Clone, Debug)]
pub struct DenseLayer {
    /// x, a 1×3 row.
    input: Array2<f64>,
    /// w, 3×1.
    weights: Array2<f64>,
    bias: f64,
    target: f64,
    /// [2(ŷ − y)], 1×1; kept so a step allocates nothing.
    output_gradient: Array2<f64>,
    /// ∂C/∂w, 3×1; kept so a step allocates nothing.
    weight_gradients: Array2<f64>,
}

impl DenseLayer {
    /// The post's layer: x = [1 2 3], y = 1, with the given starting parameters.
    pub fn new(parameters: Parameters) -> Self {
        Self {
            input: arr2(&[INPUT]),
            weights: column(parameters.weights),
            bias: parameters.bias,
            target: TARGET,
            output_gradient: Array2::zeros((1, 1)),
            weight_gradients: Array2::zeros((3, 1)),
        }
    }

    pub fn input(&self) -> [f64; 3] {
        [self.input[[0, 0]], self.input[[0, 1]], self.input[[0, 2]]]
    }

    pub fn target(&self) -> f64 {
        self.target
    }

    pub fn parameters(&self) -> Parameters {
        Parameters {
            weights: [
                self.weights[[0, 0]],
                self.weights[[1, 0]],
                self.weights[[2, 0]],
            ],
            bias: self.bias,
        }
    }

    /// ŷ = x·w + b = w1·x1 + w2·x2 + w3·x3 + b (equations (1)–(3)).
    pub fn predict(&self) -> f64 {
        self.input.row(0).dot(&self.weights.column(0)) + self.bias
    }

    /// The loss of the current prediction, C = (ŷ − y)².
    pub fn loss(&self) -> f64 {
        loss(self.predict(), self.target)
    }

    /// ∂C/∂w = xᵀ·[2(ŷ − y)] and ∂C/∂b = 2(ŷ − y), at the current parameters
    /// (equations (5)–(8) by the chain rule ∂C/∂wᵢ = ∂C/∂ŷ · ∂ŷ/∂wᵢ).
    pub fn gradients(&mut self) -> Gradients {
        let prediction = self.predict();
        self.compute_gradients(prediction)
    }

    fn compute_gradients(&mut self, prediction: f64) -> Gradients {
        self.output_gradient[[0, 0]] = loss_gradient(prediction, self.target);
        // xᵀ (3×1) · [2(ŷ − y)] (1×1), written into the 3×1 buffer. With an inner
        // dimension of 1 the product is xᵢ·[2(ŷ − y)] for each row; Zip does it without
        // pulling a general matrix-multiply kernel into the bundle.
        let output_gradient = self.output_gradient[[0, 0]];
        Zip::from(&mut self.weight_gradients)
            .and(&self.input.t())
            .for_each(|gradient, &x| *gradient = x * output_gradient);
        Gradients {
            weights: [
                self.weight_gradients[[0, 0]],
                self.weight_gradients[[1, 0]],
                self.weight_gradients[[2, 0]],
            ],
            bias: self.output_gradient[[0, 0]],
        }
    }

    /// One step of gradient descent, equations (9)–(12):
    /// w := w − α·xᵀ·[2(ŷ − y)] and b := b − α·2(ŷ − y).
    pub fn step(&mut self, learning_rate: f64) -> NeuronStep {
        let before = self.parameters();
        let prediction_before = self.predict();
        let gradients = self.compute_gradients(prediction_before);
        // Elementwise over the two 3×1 matrices; `scaled_add` would also bring in
        // ndarray's broadcasting for shapes that never occur here.
        Zip::from(&mut self.weights)
            .and(&self.weight_gradients)
            .for_each(|weight, &gradient| *weight -= learning_rate * gradient);
        self.bias -= learning_rate * gradients.bias;
        NeuronStep {
            prediction_before,
            prediction_after: self.predict(),
            target: self.target,
            loss: loss(prediction_before, self.target),
            gradients,
            before,
            after: self.parameters(),
            learning_rate,
        }
    }

    /// Puts the parameters back, for example when a step diverged.
    pub fn set_parameters(&mut self, parameters: Parameters) {
        for (row, weight) in parameters.weights.into_iter().enumerate() {
            self.weights[[row, 0]] = weight;
        }
        self.bias = parameters.bias;
    }
}

fn column(values: [f64; 3]) -> Array2<f64> {
    arr2(&[[values[0]], [values[1]], [values[2]]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prediction_is_the_weighted_sum_plus_bias() {
        let layer = DenseLayer::new(Parameters {
            weights: [0.5, 0.25, 0.125],
            bias: 2.0,
        });
        assert_eq!(layer.predict(), 0.5 + 0.5 + 0.375 + 2.0);
    }

    #[test]
    fn gradients_follow_the_chain_rule() {
        let mut layer = DenseLayer::new(Parameters {
            weights: [0.0; 3],
            bias: 3.0,
        });
        // ŷ = 3, so ∂C/∂ŷ = 2(3 − 1) = 4 and ∂C/∂wᵢ = 4·xᵢ.
        let gradients = layer.gradients();
        assert_eq!(gradients.weights, [4.0, 8.0, 12.0]);
        assert_eq!(gradients.bias, 4.0);
    }

    #[test]
    fn a_step_changes_every_parameter_by_minus_alpha_times_its_gradient() {
        let mut layer = DenseLayer::new(Parameters {
            weights: [0.0; 3],
            bias: 3.0,
        });
        let step = layer.step(0.01);
        assert_eq!(step.after.weights, [-0.04, -0.08, -0.12]);
        assert_eq!(step.after.bias, 3.0 - 0.04);
        assert_eq!(step.loss, 4.0);
        assert_eq!(step.prediction_after, layer.predict());
    }
}
