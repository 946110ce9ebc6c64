//! Lesson "One neuron" (the post's sections 3 and 4): the dense layer ŷ = x·w + b with
//! x = [1 2 3] and y = 1, trained by w := w − α·xᵀ·[2(ŷ − y)], b := b − α·2(ŷ − y).

use crate::challenge::{Challenge, Goal};
use crate::decimal::{parse_list, parse_within};
use crate::format::{fixed8, python_repr, readout};
use crate::graph;
use crate::lesson::{
    Curvature, GraphView, Lesson, LogCell, Readouts, UpdateRow, UpdateRows, UNIT_SAMPLES,
};
use crate::neuron::{self, DenseLayer, NeuronStep, Parameters};
use crate::post::{self, POST_LEARNING_RATE, POST_START};
use crate::regime::NEURON_CURVATURE;
use crate::render::equations::neuron_equations;
use crate::text::Key;
use crate::vocabulary::{Parameter, Scene};

/// Starting weights and bias must lie in [-PARAMETER_LIMIT, PARAMETER_LIMIT].
pub const PARAMETER_LIMIT: f64 = 100.0;

/// The parameters and the update that led to them (none at the start).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeuronState {
    pub parameters: Parameters,
    pub last_step: Option<NeuronStep>,
}

/// `w=` (three weights) and `b=`, each optional; what is missing is drawn at random.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NeuronSettings {
    pub weights: Option<[f64; 3]>,
    pub bias: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct Neuron {
    pub initial: Parameters,
    pub layer: DenseLayer,
    pub last_step: Option<NeuronStep>,
}

impl Neuron {
    /// The update explained for a state: the one that led to it, or before any step
    /// the one Step would take.
    fn explained(state: &NeuronState, learning_rate: f64) -> NeuronStep {
        state
            .last_step
            .unwrap_or_else(|| DenseLayer::new(state.parameters).step(learning_rate))
    }
}

impl Lesson for Neuron {
    type State = NeuronState;
    type Start = Parameters;
    type Settings = NeuronSettings;

    const SCENE: Scene = Scene::Neuron;
    const DEFAULT_LEARNING_RATE: f64 = neuron::DEFAULT_LEARNING_RATE;
    const CURVATURE: Option<Curvature> = Some(Curvature {
        kappa: NEURON_CURVATURE,
        fractions: Some(("1/30", "1/15")),
        meaning: Key::CurvatureNeuron,
        symbol: "κ",
        best_rate: None,
    });
    const CSV_FILE_NAME: &'static str = "one-neuron-run-log.csv";
    const CSV_HEADER: &'static str =
        "step,prediction_before,prediction_after,target,loss,w1,w2,w3,b";
    const CHALLENGES: &'static [Challenge] = &[
        Challenge {
            task: Key::ChallengeNeuronPredict,
            teaches: Key::ChallengeNeuronPredictTeaches,
            setup: &[],
            learning_rate: None,
            goal: Goal::Predict {
                readout: 0,
                symbol: "w₁",
            },
        },
        Challenge {
            task: Key::ChallengeNeuronRate,
            teaches: Key::ChallengeNeuronRateTeaches,
            setup: &[],
            learning_rate: None,
            goal: Goal::LossBelow {
                threshold: 0.001,
                steps: 3,
                symbol: "C",
            },
        },
    ];

    fn read_setting(
        settings: &mut NeuronSettings,
        parameter: Parameter,
        value: &str,
    ) -> Option<bool> {
        let valid = match parameter {
            Parameter::Weights => {
                let mut weights = [0.0; 3];
                let valid = parse_list(value, PARAMETER_LIMIT, &mut weights);
                if valid {
                    settings.weights = Some(weights);
                }
                valid
            }
            Parameter::Bias => match parse_within(value, PARAMETER_LIMIT) {
                Some(bias) => {
                    settings.bias = Some(bias);
                    true
                }
                None => false,
            },
            _ => return None,
        };
        Some(valid)
    }

    fn write_settings(start: &Parameters, push: &mut dyn FnMut(Parameter, String)) {
        let [w1, w2, w3] = start.weights;
        push(Parameter::Weights, format!("{w1},{w2},{w3}"));
        push(Parameter::Bias, start.bias.to_string());
    }

    fn start_from(settings: &NeuronSettings, unit_samples: &[f64; UNIT_SAMPLES]) -> Parameters {
        let random = Parameters::from_unit_samples([
            unit_samples[0],
            unit_samples[1],
            unit_samples[2],
            unit_samples[3],
        ]);
        Parameters {
            weights: settings.weights.unwrap_or(random.weights),
            bias: settings.bias.unwrap_or(random.bias),
        }
    }

    /// Like `np.random.random`: w1, w2, w3 and b uniform in [0, 1).
    fn randomized(unit_samples: &[f64; UNIT_SAMPLES]) -> Option<Parameters> {
        Some(Self::start_from(&NeuronSettings::default(), unit_samples))
    }

    fn new(start: Parameters) -> Self {
        Self {
            initial: start,
            layer: DenseLayer::new(start),
            last_step: None,
        }
    }

    fn start(&self) -> Parameters {
        self.initial
    }

    fn restart(&mut self, start: Parameters) {
        self.initial = start;
        self.layer.set_parameters(start);
        self.last_step = None;
    }

    fn current(&self) -> NeuronState {
        NeuronState {
            parameters: self.layer.parameters(),
            last_step: self.last_step,
        }
    }

    fn restore(&mut self, state: &NeuronState) {
        self.layer.set_parameters(state.parameters);
        self.last_step = state.last_step;
    }

    fn step(&mut self, learning_rate: f64) -> NeuronState {
        self.last_step = Some(self.layer.step(learning_rate));
        self.current()
    }

    fn largest_magnitude(&self, state: &NeuronState) -> f64 {
        let predictions = state.last_step.map_or([0.0; 2], |step| {
            [step.prediction_before, step.prediction_after]
        });
        // NaN-propagating, unlike f64::max: a NaN must count as divergence.
        [
            state.parameters.largest_magnitude(),
            predictions[0],
            predictions[1],
        ]
        .into_iter()
        .fold(0.0, |largest: f64, value: f64| {
            if largest.is_nan() || value.is_nan() {
                f64::NAN
            } else {
                largest.max(value.abs())
            }
        })
    }

    fn loss(&self, state: &NeuronState) -> f64 {
        graph::forward(state.parameters, None)[graph::Node::Loss.index()]
    }

    fn readouts(&self, state: &NeuronState) -> Readouts {
        let parameters = state.parameters;
        let forward = graph::forward(parameters, None);
        Readouts::from_slice(&[
            parameters.weights[0],
            parameters.weights[1],
            parameters.weights[2],
            parameters.bias,
            forward[graph::Node::Prediction.index()],
            forward[graph::Node::Loss.index()],
        ])
    }

    fn update_rows(&self, state: &NeuronState) -> Option<UpdateRows> {
        let step = state.last_step?;
        let row = |before, gradient, after| UpdateRow {
            before,
            gradient,
            after,
        };
        let mut rows = [row(0.0, 0.0, 0.0); 4];
        for (index, row_slot) in rows.iter_mut().take(3).enumerate() {
            *row_slot = row(
                step.before.weights[index],
                step.gradients.weights[index],
                step.after.weights[index],
            );
        }
        rows[3] = row(step.before.bias, step.gradients.bias, step.after.bias);
        Some(UpdateRows::from_slice(&rows))
    }

    fn equations(&self, state: &NeuronState, learning_rate: f64) -> String {
        neuron_equations(&Self::explained(state, learning_rate), self.layer.input())
    }

    fn graph(&self, state: &NeuronState, learning_rate: f64) -> Option<GraphView> {
        let update = Self::explained(state, learning_rate);
        Some(GraphView {
            graph: graph::evaluate(update.before),
            after: update.after,
            // The α of the step shown, which the reader may have changed since.
            learning_rate: update.learning_rate,
        })
    }

    /// Step, ŷ before, ŷ after, y and C, as the post's program prints them; on the
    /// post's own run, with the digits its printed line has the same.
    fn log_line(&self, step: u64, state: &NeuronState, learning_rate: f64) -> Option<Vec<LogCell>> {
        let update = state.last_step?;
        let cells = [
            step.to_string(),
            fixed8(update.prediction_before),
            fixed8(update.prediction_after),
            readout(update.target),
            python_repr(update.loss),
        ];
        let printed = (self.initial == POST_START && learning_rate == POST_LEARNING_RATE)
            .then(|| post::printed_line(step))
            .flatten();
        let Some(printed) = printed else {
            return Some(cells.into_iter().map(LogCell::plain).collect());
        };
        let [number, before, after, target, loss] = cells;
        let marked = |text: String, printed: &str, pad_zeros: bool| LogCell {
            post_digits: Some(post::matching_digits(&text, printed, pad_zeros)),
            text,
        };
        Some(vec![
            LogCell::plain(number),
            marked(before, printed.prediction, true),
            marked(after, printed.prediction_after, true),
            marked(target, printed.target, false),
            marked(loss, printed.loss, false),
        ])
    }

    fn post_start() -> Option<(Parameters, Option<f64>)> {
        Some((POST_START, Some(POST_LEARNING_RATE)))
    }

    /// The run log plus the parameters after the step, with every digit needed to read
    /// the numbers back exactly.
    fn csv_line(&self, step: u64, state: &NeuronState, csv: &mut String) {
        let Some(update) = state.last_step else {
            return;
        };
        let [w1, w2, w3] = update.after.weights;
        csv.push_str(&format!(
            "{step},{},{},{},{},{w1},{w2},{w3},{}\n",
            update.prediction_before,
            update.prediction_after,
            update.target,
            update.loss,
            update.after.bias
        ));
    }
}
