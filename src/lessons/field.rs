//! Lesson "Gradient field" (the post's section 2): gradient descent on f(x, y) = x² + y²
//! from a start point, one step (x, y) := (x, y) − α·∇f at a time.

use crate::challenge::{Challenge, Goal};
use crate::decimal::parse_within;
use crate::lesson::{Curvature, FieldPoint, Lesson, Readouts, UNIT_SAMPLES};
use crate::regime::FIELD_CURVATURE;
use crate::render::equations::field_equations;
use crate::render::field::point_at;
use crate::surface::{self, FieldStep, Vec2, DEFAULT_START, FIELD_EXTENT};
use crate::text::Key;
use crate::vocabulary::{Parameter, Scene};

/// On x² + y² the post's 0.001 barely moves; 0.1 shows the descent within seconds.
pub const DEFAULT_LEARNING_RATE: f64 = 0.1;

/// The point and the update that led to it (none at the start).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldState {
    pub position: Vec2,
    pub last_step: Option<FieldStep>,
}

/// `x=` and `y=`: the start point, each coordinate optional.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FieldSettings {
    pub x: Option<f64>,
    pub y: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub start: Vec2,
    pub position: Vec2,
    pub last_step: Option<FieldStep>,
}

impl Lesson for Field {
    type State = FieldState;
    type Start = Vec2;
    type Settings = FieldSettings;

    const SCENE: Scene = Scene::Field;
    const DEFAULT_LEARNING_RATE: f64 = DEFAULT_LEARNING_RATE;
    const CURVATURE: Option<Curvature> = Some(Curvature {
        kappa: FIELD_CURVATURE,
        fractions: Some(("1/2", "1")),
        meaning: Key::CurvatureField,
        symbol: "κ",
        best_rate: None,
    });
    const CSV_FILE_NAME: &'static str = "gradient-field-trajectory.csv";
    const CSV_HEADER: &'static str = "step,x,y,f";
    const CHALLENGES: &'static [Challenge] = &[
        Challenge {
            task: Key::ChallengeFieldRate,
            teaches: Key::ChallengeFieldRateTeaches,
            setup: &[],
            learning_rate: None,
            goal: Goal::LossBelow {
                threshold: 0.01,
                steps: 3,
                symbol: "f",
            },
        },
        Challenge {
            task: Key::ChallengeFieldPredict,
            teaches: Key::ChallengeFieldPredictTeaches,
            setup: &[],
            learning_rate: Some(0.9),
            goal: Goal::Predict {
                readout: 0,
                symbol: "x",
            },
        },
    ];

    fn read_setting(
        settings: &mut FieldSettings,
        parameter: Parameter,
        value: &str,
    ) -> Option<bool> {
        let slot = match parameter {
            Parameter::X => &mut settings.x,
            Parameter::Y => &mut settings.y,
            _ => return None,
        };
        let coordinate = parse_within(value, FIELD_EXTENT);
        if coordinate.is_some() {
            *slot = coordinate;
        }
        Some(coordinate.is_some())
    }

    fn write_settings(start: &Vec2, push: &mut dyn FnMut(Parameter, String)) {
        push(Parameter::X, start.x.to_string());
        push(Parameter::Y, start.y.to_string());
    }

    fn start_from(settings: &FieldSettings, _unit_samples: &[f64; UNIT_SAMPLES]) -> Vec2 {
        Vec2::new(
            settings.x.unwrap_or(DEFAULT_START.x),
            settings.y.unwrap_or(DEFAULT_START.y),
        )
    }

    /// The point under a click on the canvas (none in the margins around the plot, where
    /// the axes and the colour bar are), rounded to hundredths so the readouts stay readable.
    fn picked(&self, fraction_x: f64, fraction_y: f64) -> Option<Vec2> {
        let point = point_at(fraction_x, fraction_y)?;
        let round = |value: f64| (value * 100.0).round() / 100.0;
        Some(Vec2::new(round(point.x), round(point.y)))
    }

    /// The post's example point (1, 3); the post took no steps here, so α stays.
    fn post_start() -> Option<(Vec2, Option<f64>)> {
        Some((DEFAULT_START, None))
    }

    fn new(start: Vec2) -> Self {
        Self {
            start,
            position: start,
            last_step: None,
        }
    }

    fn start(&self) -> Vec2 {
        self.start
    }

    fn restart(&mut self, start: Vec2) {
        *self = Self::new(start);
    }

    fn current(&self) -> FieldState {
        FieldState {
            position: self.position,
            last_step: self.last_step,
        }
    }

    fn restore(&mut self, state: &FieldState) {
        self.position = state.position;
        self.last_step = state.last_step;
    }

    fn step(&mut self, learning_rate: f64) -> FieldState {
        let step = FieldStep::from(self.position, learning_rate);
        self.position = step.after;
        self.last_step = Some(step);
        self.current()
    }

    fn largest_magnitude(&self, state: &FieldState) -> f64 {
        let position = state.position;
        // NaN-propagating, unlike f64::max: a NaN coordinate must count as divergence.
        let length = position.length();
        if position.is_finite() {
            length
        } else {
            f64::NAN
        }
    }

    fn loss(&self, state: &FieldState) -> f64 {
        surface::value(state.position)
    }

    fn readouts(&self, state: &FieldState) -> Readouts {
        let position = state.position;
        let gradient = surface::gradient(position);
        Readouts::from_slice(&[
            position.x,
            position.y,
            surface::value(position),
            gradient.x,
            gradient.y,
        ])
    }

    fn equations(&self, state: &FieldState, learning_rate: f64) -> String {
        let step = state
            .last_step
            .unwrap_or_else(|| FieldStep::from(state.position, learning_rate));
        field_equations(&step)
    }

    fn field_point(&self, state: &FieldState, learning_rate: f64) -> Option<FieldPoint> {
        let gradient = surface::gradient(state.position);
        Some(FieldPoint {
            position: state.position,
            gradient,
            next_step: gradient.scale(-learning_rate),
        })
    }

    fn csv_line(&self, step: u64, state: &FieldState, csv: &mut String) {
        let point = state.position;
        csv.push_str(&format!(
            "{step},{},{},{}\n",
            point.x,
            point.y,
            surface::value(point)
        ));
    }
}
