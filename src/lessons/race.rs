//! Lesson "Optimizers": gradient descent, momentum, Nesterov, RMSprop and Adam race
//! from one start on one surface, one step each per Step (the rules are in
//! `crate::optimizer`).

use crate::challenge::{Challenge, Goal};
use crate::decimal::{parse, parse_within};
use crate::lesson::{Curvature, Lesson, Readouts, UNIT_SAMPLES};
use crate::optimizer::{
    Hyperparameters, Method, Methods, Objective, Race, Surface, SurfaceKind, DEFAULT_BETA1,
    DEFAULT_BETA2, DEFAULT_KAPPA, DEFAULT_MOMENTUM, KAPPA_RANGE,
};
use crate::render::optimizer_equations::race_equations;
use std::rc::Rc;

use crate::formula::{Formula, DEFAULT_FORMULA};
use crate::surface::Vec2;
use crate::text::Key;
use crate::vocabulary::{Parameter, Scene};

/// Just below gradient descent's critical 2/λₘₐₓ = 0.02 on x² + 50·y²: it zig-zags
/// across the valley (factor 1 − 100α = −0.8 per step) while creeping along it.
pub const DEFAULT_LEARNING_RATE: f64 = 0.018;
/// Nesterov is left out at first: at the default rate it diverges along the steep
/// direction (its limit is αλ < 2(1 + μ)/(1 + 2μ) ≈ 1.36 at μ = 0.9; here αλ = 1.8),
/// which a reader who ticks it sees and is told.
pub const DEFAULT_METHODS: Methods = Methods::of(&[
    Method::GradientDescent,
    Method::Momentum,
    Method::RmsProp,
    Method::Adam,
]);
/// x and y in a link lie within this (Himmelblau's square), and inside the surface's domain.
pub const COORDINATE_LIMIT: f64 = 5.0;
/// μ, β₁ and β₂ lie in [0, this]: at 1 the averages never forget.
pub const DECAY_LIMIT: f64 = 0.9999;

/// Where a race begins: the surface, the point, the optimizers and their constants.
#[derive(Clone, Debug, PartialEq)]
pub struct RaceStart {
    pub surface: Surface,
    /// The typed formula (the surface when it is `custom`; kept for the link otherwise).
    pub formula: Option<Rc<Formula>>,
    pub position: Vec2,
    pub methods: Methods,
    pub momentum: f64,
    pub beta1: f64,
    pub beta2: f64,
}

impl RaceStart {
    /// What the optimizers descend from this start: the typed formula on `custom`.
    pub fn objective(&self) -> &dyn Objective {
        match (&self.formula, self.surface.kind) {
            (Some(formula), SurfaceKind::Custom) => formula.as_ref(),
            _ => &self.surface,
        }
    }
}

/// What the URL says about a race (each part optional).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RaceSettings {
    pub surface: Option<SurfaceKind>,
    pub formula: Option<Rc<Formula>>,
    pub kappa: Option<f64>,
    pub x: Option<f64>,
    pub y: Option<f64>,
    pub methods: Option<Methods>,
    pub momentum: Option<f64>,
    pub beta1: Option<f64>,
    pub beta2: Option<f64>,
}

impl RaceSettings {
    fn of(start: &RaceStart) -> Self {
        Self {
            surface: Some(start.surface.kind),
            formula: start.formula.clone(),
            kappa: Some(start.surface.kappa),
            x: Some(start.position.x),
            y: Some(start.position.y),
            methods: Some(start.methods),
            momentum: Some(start.momentum),
            beta1: Some(start.beta1),
            beta2: Some(start.beta2),
        }
    }
}

/// The race after a step. Where its optimizers were before the step is the previous
/// kept state (the equations read it there): keeping it here too doubled the bytes each
/// step copies into the timeline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RaceState {
    pub race: Race,
}

#[derive(Clone, Debug)]
pub struct Optimizers {
    pub start: RaceStart,
    pub state: RaceState,
}

impl Optimizers {
    /// What the optimizers descend: the chosen surface.
    pub fn objective(&self) -> &dyn Objective {
        self.start.objective()
    }

    fn settings(&self, learning_rate: f64) -> Hyperparameters {
        Hyperparameters {
            learning_rate,
            momentum: self.start.momentum,
            beta1: self.start.beta1,
            beta2: self.start.beta2,
        }
    }
}

fn in_range(value: Option<f64>, (low, high): (f64, f64)) -> Option<f64> {
    value.filter(|value| (low..=high).contains(value))
}

impl Lesson for Optimizers {
    type State = RaceState;
    type Start = RaceStart;
    type Settings = RaceSettings;

    const SCENE: Scene = Scene::Optimizers;
    const DEFAULT_LEARNING_RATE: f64 = DEFAULT_LEARNING_RATE;
    const CURVATURE: Option<Curvature> = None;
    const CSV_FILE_NAME: &'static str = "optimizer-race.csv";
    const CSV_HEADER: &'static str = "step,optimizer,x,y,f";
    const CHALLENGES: &'static [Challenge] = &[
        Challenge {
            task: Key::ChallengeRacePredict,
            teaches: Key::ChallengeRacePredictTeaches,
            setup: &[
                (Parameter::Surface, "stretched"),
                (Parameter::Kappa, "50"),
                (Parameter::Optimizers, "gd,momentum,rmsprop,adam"),
            ],
            learning_rate: Some(DEFAULT_LEARNING_RATE),
            // y of the first optimizer ticked: gradient descent.
            goal: Goal::Predict {
                readout: 1,
                symbol: "y",
            },
        },
        Challenge {
            task: Key::ChallengeRaceMomentum,
            teaches: Key::ChallengeRaceMomentumTeaches,
            setup: &[
                (Parameter::Surface, "stretched"),
                (Parameter::Kappa, "50"),
                (Parameter::Optimizers, "momentum"),
                (Parameter::Momentum, "0.9"),
            ],
            learning_rate: Some(DEFAULT_LEARNING_RATE),
            goal: Goal::LossBelow {
                threshold: 0.01,
                steps: 30,
                symbol: "f",
            },
        },
    ];

    fn read_setting(
        settings: &mut RaceSettings,
        parameter: Parameter,
        value: &str,
    ) -> Option<bool> {
        let decay = || in_range(parse(value), (0.0, DECAY_LIMIT));
        let valid = match parameter {
            Parameter::Surface => {
                settings.surface = SurfaceKind::from_key(value).or(settings.surface);
                SurfaceKind::from_key(value).is_some()
            }
            Parameter::Formula => {
                let formula = Formula::parse(value).ok().map(Rc::new);
                let valid = formula.is_some();
                if valid {
                    settings.formula = formula;
                }
                valid
            }
            Parameter::Kappa => {
                let kappa = in_range(parse(value), KAPPA_RANGE);
                settings.kappa = kappa.or(settings.kappa);
                kappa.is_some()
            }
            Parameter::X | Parameter::Y => {
                let coordinate = parse_within(value, COORDINATE_LIMIT);
                let slot = if parameter == Parameter::X {
                    &mut settings.x
                } else {
                    &mut settings.y
                };
                *slot = coordinate.or(*slot);
                coordinate.is_some()
            }
            Parameter::Optimizers => {
                let methods = Methods::parse(value);
                settings.methods = methods.or(settings.methods);
                methods.is_some()
            }
            Parameter::Momentum | Parameter::Beta1 | Parameter::Beta2 => {
                let slot = match parameter {
                    Parameter::Momentum => &mut settings.momentum,
                    Parameter::Beta1 => &mut settings.beta1,
                    _ => &mut settings.beta2,
                };
                *slot = decay().or(*slot);
                decay().is_some()
            }
            _ => return None,
        };
        Some(valid)
    }

    fn write_settings(start: &RaceStart, push: &mut dyn FnMut(Parameter, String)) {
        push(Parameter::Surface, start.surface.kind.key().to_string());
        if start.surface.kind == SurfaceKind::Stretched {
            push(Parameter::Kappa, start.surface.kappa.to_string());
        }
        if let Some(formula) = &start.formula {
            push(Parameter::Formula, formula.text.clone());
        }
        push(Parameter::X, start.position.x.to_string());
        push(Parameter::Y, start.position.y.to_string());
        push(Parameter::Optimizers, start.methods.to_keys());
        push(Parameter::Momentum, start.momentum.to_string());
        push(Parameter::Beta1, start.beta1.to_string());
        push(Parameter::Beta2, start.beta2.to_string());
    }

    /// A point outside the chosen surface's square starts from its default instead.
    fn start_from(settings: &RaceSettings, _unit_samples: &[f64; UNIT_SAMPLES]) -> RaceStart {
        let surface = Surface::new(
            settings.surface.unwrap_or(SurfaceKind::Stretched),
            settings.kappa.unwrap_or(DEFAULT_KAPPA),
        );
        let default = surface.default_start();
        let position = Vec2::new(
            settings.x.unwrap_or(default.x),
            settings.y.unwrap_or(default.y),
        );
        // `custom` without a formula in the link starts from the post's bowl, typed.
        let formula = settings.formula.clone().or_else(|| {
            (surface.kind == SurfaceKind::Custom)
                .then(|| Formula::parse(DEFAULT_FORMULA).ok().map(Rc::new))
                .flatten()
        });
        RaceStart {
            surface,
            formula,
            position: if surface.domain().contains(position) {
                position
            } else {
                default
            },
            methods: settings.methods.unwrap_or(DEFAULT_METHODS),
            momentum: settings.momentum.unwrap_or(DEFAULT_MOMENTUM),
            beta1: settings.beta1.unwrap_or(DEFAULT_BETA1),
            beta2: settings.beta2.unwrap_or(DEFAULT_BETA2),
        }
    }

    /// A new surface starts from that surface's own start point.
    fn with_setting(start: &RaceStart, parameter: Parameter, value: &str) -> Option<RaceStart> {
        let mut settings = RaceSettings::of(start);
        if parameter == Parameter::Surface {
            settings.x = None;
            settings.y = None;
        }
        // A typed formula is the surface from then on; the point stays.
        if parameter == Parameter::Formula {
            settings.surface = Some(SurfaceKind::Custom);
        }
        Self::read_setting(&mut settings, parameter, value)?
            .then(|| Self::start_from(&settings, &[0.0; UNIT_SAMPLES]))
    }

    /// The point under a click on the race's canvas (none in its margins), rounded to
    /// hundredths; the surface and the optimizers stay.
    fn picked(&self, fraction_x: f64, fraction_y: f64) -> Option<RaceStart> {
        let domain = self.start.surface.domain();
        let point = crate::render::surface_map::point_at(domain, fraction_x, fraction_y)?;
        let round = |value: f64| (value * 100.0).round() / 100.0;
        Some(RaceStart {
            position: Vec2::new(round(point.x), round(point.y)),
            ..self.start.clone()
        })
    }

    fn new(start: RaceStart) -> Self {
        Self {
            state: RaceState {
                race: Race::new(
                    start.surface,
                    start.objective(),
                    start.methods,
                    start.position,
                ),
            },
            start,
        }
    }

    fn start(&self) -> RaceStart {
        self.start.clone()
    }

    fn restart(&mut self, start: RaceStart) {
        *self = Self::new(start);
    }

    fn current(&self) -> RaceState {
        self.state
    }

    fn restore(&mut self, state: &RaceState) {
        self.state = *state;
    }

    fn step(&mut self, learning_rate: f64) -> RaceState {
        let settings = self.settings(learning_rate);
        // The built-in surfaces by value, so their gradients inline into the steps.
        match &self.start.formula {
            Some(formula) if self.start.surface.kind == SurfaceKind::Custom => {
                self.state.race.step(formula.as_ref(), settings)
            }
            _ => self.state.race.step(&self.start.surface, settings),
        }
        self.state
    }

    /// Always 0: each optimizer stops at its own bound (or where f is undefined) and says
    /// so in its row, and a step is never refused as a whole, so the one that stops the
    /// last optimizer is recorded too. With none running, a step changes nothing and Play
    /// pauses as on convergence.
    fn largest_magnitude(&self, _state: &RaceState) -> f64 {
        0.0
    }

    /// f at the first selected optimizer's point.
    fn loss(&self, state: &RaceState) -> f64 {
        let race = &state.race;
        race.values[race.leader().index()]
    }

    /// x, y, f, ∂f/∂x, ∂f/∂y of the first selected optimizer, then x, y, f of each
    /// optimizer in the order of [`Method::ALL`] (the start for unselected ones).
    fn readouts(&self, state: &RaceState) -> Readouts {
        let race = &state.race;
        let mut values = [0.0; 20];
        let leader = race.racers[race.leader().index()].position;
        let gradient = self.objective().gradient(leader);
        values[..5].copy_from_slice(&[
            leader.x,
            leader.y,
            self.objective().value(leader),
            gradient.x,
            gradient.y,
        ]);
        for (index, racer) in race.racers.iter().enumerate() {
            let position = racer.position;
            values[5 + 3 * index..8 + 3 * index].copy_from_slice(&[
                position.x,
                position.y,
                self.objective().value(position),
            ]);
        }
        Readouts::from_slice(&values)
    }

    /// The step before the state shown has none: the step Step would take.
    fn equations(&self, state: &RaceState, learning_rate: f64) -> String {
        self.equations_after(None, state, learning_rate)
    }

    /// The update from the previous kept state to `state`, or, at the start or when the
    /// previous step was thinned away, the step Step would take from `state`.
    fn equations_after(
        &self,
        previous: Option<&RaceState>,
        state: &RaceState,
        learning_rate: f64,
    ) -> String {
        let race = &state.race;
        match previous {
            // The rate that step used: the slider may have moved since.
            Some(previous) => race_equations(
                race,
                self.objective(),
                &previous.race.racers,
                &race.racers,
                self.settings(race.learning_rate),
            ),
            None => {
                let settings = self.settings(learning_rate);
                let mut next = *race;
                next.step(self.objective(), settings);
                // `next`: an optimizer this step would stop shows no update.
                race_equations(
                    &next,
                    self.objective(),
                    &race.racers,
                    &next.racers,
                    settings,
                )
            }
        }
    }

    fn objective(&self) -> Option<&dyn Objective> {
        Some(Optimizers::objective(self))
    }

    fn formula(&self) -> Option<&Formula> {
        self.start
            .formula
            .as_deref()
            .filter(|_| self.start.surface.kind == SurfaceKind::Custom)
    }

    fn race<'a>(&self, state: &'a RaceState) -> Option<&'a Race> {
        Some(&state.race)
    }

    fn curvature_of(&self, state: &RaceState) -> Option<Curvature> {
        let race = &state.race;
        let position = race.racers[race.leader().index()].position;
        let [smallest, largest] = self.objective().hessian(position).eigen().values;
        (largest > 0.0).then_some(Curvature {
            kappa: largest,
            fractions: None,
            meaning: Key::CurvatureRace,
            symbol: "λₘₐₓ",
            best_rate: (smallest > 0.0 && smallest < largest).then(|| 2.0 / (smallest + largest)),
        })
    }

    /// One line per optimizer still running at this step (a diverged one has no more).
    fn csv_line(&self, step: u64, state: &RaceState, csv: &mut String) {
        let race = &state.race;
        for method in race.methods.iter() {
            if race.diverged_at[method.index()].is_some_and(|at| at <= step) {
                continue;
            }
            let position = race.racers[method.index()].position;
            csv.push_str(&format!(
                "{step},{},{},{},{}\n",
                method.key(),
                position.x,
                position.y,
                self.objective().value(position)
            ));
        }
    }
}
