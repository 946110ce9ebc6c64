//! Lessons "Sigmoid layer" (part 2) and "Hidden layer" (part 3): one lesson type,
//! generic over the network trained ([`crate::batch::Model`]).
//!
//! Both show the same things: the cost and the four predictions, every weight and bias
//! as a matrix with the gradient at it, the post's print-out per step and the equations
//! with this step's numbers. What differs (the network, its URL parameters, its start,
//! its equations) is in [`Network`].

use crate::batch::{
    self, BatchStep, BiasGradient, Evaluation, HiddenNetwork, Model, Predictions, SigmoidLayer,
    MAX_PARAMETERS, POST_LAYER_START,
};
use crate::challenge::{Challenge, Goal};
use crate::decimal::parse_list;
use crate::format::{numpy_matrix, python_repr};
use crate::lesson::{Curvature, Lesson, LogCell, Readouts, UNIT_SAMPLES};
use crate::render::equations::{hidden_layer_equations, sigmoid_layer_equations};
use crate::text::Key;
use crate::vocabulary::{Parameter, Scene};

/// Starting weights and biases must lie in [-PARAMETER_LIMIT, PARAMETER_LIMIT].
pub const PARAMETER_LIMIT: f64 = 100.0;

/// A network one of these lessons trains, and what the lesson needs to know of it.
pub trait Network: Model {
    const SCENE: Scene;
    const CSV_FILE_NAME: &'static str;
    /// The URL parameters of the parameter blocks, in the order of [`Model::values`],
    /// with how many numbers each holds (`w=` six numbers row by row, …).
    const BLOCKS: &'static [(Parameter, usize)];

    /// The start when the URL gives none, from uniform samples in [0, 1).
    fn default_start(unit_samples: &[f64; UNIT_SAMPLES]) -> Self;
    /// The post's start, if its run is reproducible.
    fn post_start() -> Option<Self>;
    /// "Try it yourself" in this lesson.
    const CHALLENGES: &'static [Challenge];
    /// The post's equations with the numbers of `step`.
    fn equations(step: &BatchStep<Self>) -> String;
}

impl Network for SigmoidLayer {
    const SCENE: Scene = Scene::Layer;
    const CSV_FILE_NAME: &'static str = "sigmoid-layer-run-log.csv";
    const BLOCKS: &'static [(Parameter, usize)] = &[(Parameter::Weights, 6), (Parameter::Bias, 2)];

    fn default_start(_unit_samples: &[f64; UNIT_SAMPLES]) -> Self {
        POST_LAYER_START
    }

    fn post_start() -> Option<Self> {
        Some(POST_LAYER_START)
    }

    const CHALLENGES: &'static [Challenge] = &[
        Challenge {
            task: Key::ChallengeLayerRate,
            teaches: Key::ChallengeLayerRateTeaches,
            setup: &[],
            learning_rate: None,
            goal: Goal::LossBelow {
                threshold: 0.1,
                steps: 10,
                symbol: "C",
            },
        },
        Challenge {
            task: Key::ChallengeLayerPredict,
            teaches: Key::ChallengeLayerPredictTeaches,
            setup: &[(Parameter::BiasGradient, "sum")],
            learning_rate: None,
            // b₁: after C, ŷ (4) and ω (6).
            goal: Goal::Predict {
                readout: 11,
                symbol: "b₁",
            },
        },
    ];

    fn equations(step: &BatchStep<Self>) -> String {
        sigmoid_layer_equations(step)
    }
}

/// A fixed start for the hidden layer's challenges (the lesson's own start is random):
/// small, unequal weights, so the three hidden units can learn different things.
const CHALLENGE_NETWORK_START: &[(Parameter, &str)] = &[
    (
        Parameter::HiddenWeights,
        "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9",
    ),
    (Parameter::HiddenBias, "0,0,0"),
    (Parameter::OutputWeights, "0.6,0.5,0.4,0.3,0.2,0.1"),
    (Parameter::OutputBias, "0,0"),
    (Parameter::BiasGradient, "mean"),
];

impl Network for HiddenNetwork {
    const SCENE: Scene = Scene::Network;
    const CSV_FILE_NAME: &'static str = "hidden-layer-run-log.csv";
    const BLOCKS: &'static [(Parameter, usize)] = &[
        (Parameter::HiddenWeights, 9),
        (Parameter::HiddenBias, 3),
        (Parameter::OutputWeights, 6),
        (Parameter::OutputBias, 2),
    ];

    /// Like the post's `np.random.random`: every weight uniform in [0, 1), biases 0.
    fn default_start(unit_samples: &[f64; UNIT_SAMPLES]) -> Self {
        HiddenNetwork::from_unit_samples(&std::array::from_fn(|index| unit_samples[index]))
    }

    fn post_start() -> Option<Self> {
        None
    }

    const CHALLENGES: &'static [Challenge] = &[
        Challenge {
            task: Key::ChallengeNetworkRate,
            teaches: Key::ChallengeNetworkRateTeaches,
            setup: CHALLENGE_NETWORK_START,
            learning_rate: Some(0.1),
            goal: Goal::LossBelow {
                threshold: 0.1,
                steps: 60,
                symbol: "C",
            },
        },
        Challenge {
            task: Key::ChallengeNetworkPredict,
            teaches: Key::ChallengeNetworkPredictTeaches,
            setup: CHALLENGE_NETWORK_START,
            learning_rate: Some(0.1),
            // b¹₁: after C, ŷ (4), ω⁰ (9), b⁰ (3) and ω¹ (6).
            goal: Goal::Predict {
                readout: 23,
                symbol: "b¹₁",
            },
        },
    ];

    fn equations(step: &BatchStep<Self>) -> String {
        hidden_layer_equations(step)
    }
}

/// Where a run begins: the network and how its bias gradient combines the samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchStart<M> {
    pub model: M,
    pub bias: BiasGradient,
}

/// What the URL says: each block of parameters (all its numbers or none) and `bias=`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BatchSettings {
    pub values: [f64; MAX_PARAMETERS],
    /// Which blocks (in the order of [`Network::BLOCKS`]) the URL gave.
    pub given: [bool; MAX_BLOCKS],
    pub bias: Option<BiasGradient>,
}

/// The network after a step, and the step that led to it (none at the start). The
/// timeline keeps one per step, so it holds only what cannot be recomputed cheaply when
/// shown: the gradient at `model` and the update's own numbers come from `evaluate`,
/// which gives the same bits every time. That halves what a long run keeps (3 000
/// states).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchState<M: Model> {
    pub model: M,
    /// ŷ at `model`: the loss is read every step.
    pub predictions: Predictions,
    /// How the run combines the bias gradient.
    pub bias: BiasGradient,
    /// Where the update that led here started (none at the start).
    pub last_step: Option<LastStep<M>>,
}

/// The parameters an update started from, and its α.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LastStep<M> {
    pub before: M,
    pub learning_rate: f64,
}

impl<M: Model> BatchState<M> {
    /// The whole update that led to this state, if there was one (its gradient and the
    /// predictions before it computed again from the parameters before it).
    pub fn update(&self) -> Option<BatchStep<M>> {
        let last = self.last_step?;
        let before = last.before.evaluate(self.bias);
        Some(BatchStep {
            before: last.before,
            gradient: before.gradient,
            after: self.model,
            predictions_before: before.predictions,
            predictions_after: self.predictions,
            cost: batch::cost(&self.predictions),
            learning_rate: last.learning_rate,
            bias: self.bias,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Batch<M: Network> {
    pub start: BatchStart<M>,
    pub state: BatchState<M>,
    /// ∂C/∂θ at `state.model`, which the next step uses.
    pub gradient: M,
}

/// The readouts: C, the four predictions, every parameter, and the gradient at them.
pub const BATCH_READOUTS: usize = 5 + 2 * MAX_PARAMETERS;
const _: () = assert!(BATCH_READOUTS <= crate::lesson::MAX_READOUTS);

/// The most parameter blocks a network has (part 3: ω⁰, b⁰, ω¹, b¹).
pub const MAX_BLOCKS: usize = 4;

/// Where each block starts among the values.
fn block_start<M: Network>(block: usize) -> usize {
    M::BLOCKS[..block].iter().map(|(_, count)| count).sum()
}

impl<M: Network> Lesson for Batch<M> {
    type State = BatchState<M>;
    type Start = BatchStart<M>;
    type Settings = BatchSettings;

    const SCENE: Scene = M::SCENE;
    const DEFAULT_LEARNING_RATE: f64 = batch::DEFAULT_LEARNING_RATE;
    /// The sigmoid bends the cost differently everywhere: no one κ, so no regime bar.
    const CURVATURE: Option<Curvature> = None;
    const CSV_FILE_NAME: &'static str = M::CSV_FILE_NAME;
    const CSV_HEADER: &'static str = "step,prediction_before_11,prediction_before_12,\
        prediction_before_21,prediction_before_22,prediction_after_11,prediction_after_12,\
        prediction_after_21,prediction_after_22,cost";
    const CHALLENGES: &'static [Challenge] = M::CHALLENGES;

    fn read_setting(
        settings: &mut BatchSettings,
        parameter: Parameter,
        value: &str,
    ) -> Option<bool> {
        if parameter == Parameter::BiasGradient {
            settings.bias = BiasGradient::from_key(value).or(settings.bias);
            return Some(BiasGradient::from_key(value).is_some());
        }
        const { assert!(M::BLOCKS.len() <= MAX_BLOCKS) };
        let block = M::BLOCKS.iter().position(|(name, _)| *name == parameter)?;
        let count = M::BLOCKS[block].1;
        let mut numbers = [0.0; MAX_PARAMETERS];
        if !parse_list(value, PARAMETER_LIMIT, &mut numbers[..count]) {
            return Some(false);
        }
        let start = block_start::<M>(block);
        settings.values[start..start + count].copy_from_slice(&numbers[..count]);
        settings.given[block] = true;
        Some(true)
    }

    fn write_settings(start: &BatchStart<M>, push: &mut dyn FnMut(Parameter, String)) {
        let values = start.model.values();
        for (block, (parameter, count)) in M::BLOCKS.iter().enumerate() {
            let first = block_start::<M>(block);
            let numbers: Vec<String> = values[first..first + count]
                .iter()
                .map(f64::to_string)
                .collect();
            push(*parameter, numbers.join(","));
        }
        push(Parameter::BiasGradient, start.bias.key().to_string());
    }

    fn start_from(settings: &BatchSettings, unit_samples: &[f64; UNIT_SAMPLES]) -> BatchStart<M> {
        let mut values = M::default_start(unit_samples).values();
        for (block, (_, count)) in M::BLOCKS.iter().enumerate() {
            if settings.given[block] {
                let first = block_start::<M>(block);
                values[first..first + count]
                    .copy_from_slice(&settings.values[first..first + count]);
            }
        }
        BatchStart {
            model: M::from_values(&values),
            bias: settings.bias.unwrap_or_default(),
        }
    }

    fn randomized(unit_samples: &[f64; UNIT_SAMPLES]) -> Option<BatchStart<M>> {
        M::post_start().is_none().then(|| BatchStart {
            model: M::default_start(unit_samples),
            bias: BiasGradient::default(),
        })
    }

    fn new(start: BatchStart<M>) -> Self {
        let evaluation = start.model.evaluate(start.bias);
        Self {
            start,
            state: BatchState {
                model: start.model,
                predictions: evaluation.predictions,
                bias: start.bias,
                last_step: None,
            },
            gradient: evaluation.gradient,
        }
    }

    fn start(&self) -> BatchStart<M> {
        self.start
    }

    fn restart(&mut self, start: BatchStart<M>) {
        *self = Self::new(start);
    }

    fn current(&self) -> BatchState<M> {
        self.state
    }

    fn restore(&mut self, state: &BatchState<M>) {
        self.state = *state;
        self.gradient = state.model.gradient(state.bias);
    }

    fn step(&mut self, learning_rate: f64) -> BatchState<M> {
        let at = Evaluation {
            predictions: self.state.predictions,
            gradient: self.gradient,
        };
        let (step, evaluation) =
            batch::step_from(&self.state.model, &at, learning_rate, self.start.bias);
        self.state = BatchState {
            model: step.after,
            predictions: evaluation.predictions,
            bias: self.start.bias,
            last_step: Some(LastStep {
                before: step.before,
                learning_rate,
            }),
        };
        self.gradient = evaluation.gradient;
        self.state
    }

    fn largest_magnitude(&self, state: &BatchState<M>) -> f64 {
        // The parameters only: the predictions are sigmoid outputs, always in [0, 1], and
        // the cost is finite when the parameters are. A NaN must count as divergence, and
        // `f64::max` would drop it (and is a function call in WebAssembly).
        let mut largest: f64 = 0.0;
        for value in &state.model.values()[..M::PARAMETERS] {
            let magnitude = value.abs();
            if magnitude.is_nan() {
                return f64::NAN;
            }
            if magnitude > largest {
                largest = magnitude;
            }
        }
        largest
    }

    fn loss(&self, state: &BatchState<M>) -> f64 {
        batch::cost(&state.predictions)
    }

    fn readouts(&self, state: &BatchState<M>) -> Readouts {
        let predictions = state.predictions;
        let mut readouts = [0.0; BATCH_READOUTS];
        readouts[0] = batch::cost(&predictions);
        for (slot, value) in readouts[1..5].iter_mut().zip(predictions.iter().flatten()) {
            *slot = *value;
        }
        let count = M::PARAMETERS;
        readouts[5..5 + count].copy_from_slice(&state.model.values()[..count]);
        readouts[5 + count..5 + 2 * count]
            .copy_from_slice(&state.model.gradient(state.bias).values()[..count]);
        Readouts::from_slice(&readouts[..5 + 2 * count])
    }

    fn equations(&self, state: &BatchState<M>, learning_rate: f64) -> String {
        let step = state
            .update()
            .unwrap_or_else(|| batch::step(&state.model, learning_rate, state.bias));
        M::equations(&step)
    }

    /// The post's print-out of one step: the predictions before it, after it, and C.
    fn log_line(
        &self,
        step: u64,
        state: &BatchState<M>,
        _learning_rate: f64,
    ) -> Option<Vec<LogCell>> {
        let update = state.update()?;
        Some(
            [
                step.to_string(),
                numpy_matrix(&update.predictions_before),
                numpy_matrix(&update.predictions_after),
                python_repr(update.cost),
            ]
            .into_iter()
            .map(LogCell::plain)
            .collect(),
        )
    }

    fn post_start() -> Option<(BatchStart<M>, Option<f64>)> {
        M::post_start().map(|model| {
            (
                BatchStart {
                    model,
                    bias: BiasGradient::Mean,
                },
                Some(batch::DEFAULT_LEARNING_RATE),
            )
        })
    }

    fn bias_gradient(start: &BatchStart<M>) -> Option<BiasGradient> {
        Some(start.bias)
    }

    fn with_bias_gradient(start: &BatchStart<M>, bias: BiasGradient) -> Option<BatchStart<M>> {
        Some(BatchStart { bias, ..*start })
    }

    /// Step, the four predictions before and after (row by row) and C, with every digit
    /// needed to read them back exactly.
    fn csv_line(&self, step: u64, state: &BatchState<M>, csv: &mut String) {
        let Some(update) = state.update() else {
            return;
        };
        let row = |predictions: &Predictions| {
            let [[sample1_output1, sample1_output2], [sample2_output1, sample2_output2]] =
                *predictions;
            format!("{sample1_output1},{sample1_output2},{sample2_output1},{sample2_output2}")
        };
        csv.push_str(&format!(
            "{step},{},{},{}\n",
            row(&update.predictions_before),
            row(&update.predictions_after),
            update.cost
        ));
    }
}
