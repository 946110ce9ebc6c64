//! All state of the app and the one place it changes: [`App::update`].
//!
//! Nothing here touches the DOM; the web layer turns events into [`Msg`]s and
//! draws whatever `&App` holds, so every behaviour below is tested natively.

use crate::config::{self, Config, Notice, Part, FIELD_EXTENT, PARAMETER_LIMIT};
use crate::history::History;
use crate::learning_rate::{self, LearningRateError};
use crate::neuron::{self, DenseLayer, NeuronStep, Parameters};
use crate::regime::{self, Regime};
pub use crate::run::{
    FieldRun, FieldState, FieldStep, NeuronRun, NeuronState, DIVERGENCE_BOUND, HISTORY_CAPACITY,
    LOG_CAPACITY, RECENT_STATES,
};
use crate::surface::{self, Vec2};
use crate::text::Language;

/// On x² + y² the post's 0.001 barely moves; 0.1 shows the descent within seconds.
pub const FIELD_DEFAULT_LEARNING_RATE: f64 = 0.1;
/// The speeds a reader can choose, in gradient-descent steps per animation frame.
pub const SPEEDS: [u32; 4] = [1, 10, 100, 1000];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scene {
    /// Section 2 of the post: descending f(x, y) = x² + y².
    Field,
    /// Sections 3 and 4: training one dense layer by backpropagation.
    Neuron,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossScale {
    Linear,
    Log,
}

/// Everything a reader can do, as the web layer reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    SelectScene(Scene),
    TogglePlay,
    /// Pauses if playing, then advances exactly one step.
    StepOnce,
    /// Back to the start of the current scene's run.
    Reset,
    /// One animation frame passed.
    Tick,
    /// The learning-rate slider moved to this position (0 ..= `SLIDER_STEPS`).
    MoveSlider(f64),
    /// The reader committed this text in the learning-rate number field.
    TypeLearningRate(String),
    /// The reader clicked the field at this fraction of its width and height
    /// (0, 0 is the top left corner).
    PickStartPoint {
        fraction_x: f64,
        fraction_y: f64,
    },
    /// New initial weights and bias for the neuron, e.g. drawn at random.
    Randomize(Parameters),
    /// Go back one step in time (the later steps stay until the run moves on).
    StepBack,
    /// Show the state after this step (the scrubber); stepping on from there
    /// forgets the later steps.
    Scrub(f64),
    SetLossScale(LossScale),
    /// Steps per animation frame while playing; one of [`SPEEDS`].
    SetSpeed(u32),
    DismissNotices,
    /// Switch between Chinese and English.
    ToggleLanguage,
    /// Something was put on the clipboard (true) or the browser refused (false).
    Copied(Clip, bool),
}

/// What a copy button put on the clipboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clip {
    /// The share link of the current view.
    Link,
    /// The current scene's CSV.
    Csv,
}

/// What the app starts from where the URL says nothing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Defaults {
    /// Initial weights and bias, e.g. drawn at random like `np.random.random`.
    pub parameters: Parameters,
    /// The browser's preferred language.
    pub language: Language,
}

/// The whole state of the page.
#[derive(Clone, Debug)]
pub struct App {
    pub scene: Scene,
    pub playing: bool,
    pub loss_scale: LossScale,
    /// Steps per animation frame while playing, one of [`SPEEDS`].
    pub speed: u32,
    pub field: FieldRun,
    pub neuron: NeuronRun,
    /// What was wrong with the URL, shown until dismissed.
    pub notices: Vec<Notice>,
    /// Why the last typed learning rate was not taken.
    pub learning_rate_error: Option<LearningRateError>,
    pub language: Language,
    /// Compact layout for an iframe in an article.
    pub embed: bool,
    /// Parts of the page the embedding author hid.
    pub hidden: Vec<Part>,
    /// The last copy to the clipboard and whether it worked.
    pub clipboard: Option<(Clip, bool)>,
}

impl App {
    /// The initial state from the URL's config, with `defaults` for what it leaves out.
    pub fn new(config: &Config, notices: Vec<Notice>, defaults: Defaults) -> Self {
        let random = defaults.parameters;
        let scene = config.scene.unwrap_or(Scene::Field);
        let mut field_learning_rate = FIELD_DEFAULT_LEARNING_RATE;
        let mut neuron_learning_rate = neuron::DEFAULT_LEARNING_RATE;
        if let Some(rate) = config.learning_rate {
            match scene {
                Scene::Field => field_learning_rate = rate,
                Scene::Neuron => neuron_learning_rate = rate,
            }
        }
        let initial = Parameters {
            weights: config.weights.unwrap_or(random.weights),
            bias: config.bias.unwrap_or(random.bias),
        };
        Self {
            scene,
            playing: false,
            loss_scale: config.scale.unwrap_or(LossScale::Linear),
            speed: config.speed.unwrap_or(SPEEDS[0]),
            field: FieldRun::new(
                config.start_point(surface::DEFAULT_START),
                field_learning_rate,
            ),
            neuron: NeuronRun::new(initial, neuron_learning_rate),
            notices,
            learning_rate_error: None,
            language: config.language.unwrap_or(defaults.language),
            embed: config.embed,
            hidden: config.hidden.clone(),
            clipboard: None,
        }
    }

    /// Everything needed to open this view again: the share link's settings.
    pub fn share_config(&self) -> Config {
        let start = self.field.start;
        Config {
            scene: Some(self.scene),
            learning_rate: Some(self.learning_rate()),
            start_x: Some(start.x),
            start_y: Some(start.y),
            weights: Some(self.neuron.initial.weights),
            bias: Some(self.neuron.initial.bias),
            speed: Some(self.speed),
            scale: Some(self.loss_scale),
            language: Some(self.language),
            embed: self.embed,
            hidden: self.hidden.clone(),
        }
    }

    /// The share link's query string (without `?`).
    pub fn share_query(&self) -> String {
        config::to_query(&self.share_config())
    }

    /// The full app's link for the same view: no embedding, nothing hidden.
    pub fn full_app_query(&self) -> String {
        config::to_query(&Config {
            embed: false,
            hidden: Vec::new(),
            ..self.share_config()
        })
    }

    pub fn is_hidden(&self, part: Part) -> bool {
        self.hidden.contains(&part)
    }

    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::SelectScene(scene) => {
                if scene != self.scene {
                    self.scene = scene;
                    self.playing = false;
                    self.learning_rate_error = None;
                }
            }
            Msg::TogglePlay => {
                self.playing = !self.playing;
                if self.playing {
                    self.resume_from_view();
                }
            }
            Msg::StepBack => {
                self.playing = false;
                let shown = self.shown_step();
                if shown > 0 {
                    self.view_step(shown - 1);
                }
            }
            Msg::Scrub(position) => {
                if position.is_finite() {
                    self.playing = false;
                    let step = position.round().clamp(0.0, self.steps() as f64) as u64;
                    self.view_step(step);
                }
            }
            Msg::StepOnce => {
                self.playing = false;
                self.step();
            }
            Msg::Tick => {
                if self.playing {
                    for _ in 0..self.speed {
                        if !self.step() {
                            break;
                        }
                    }
                }
            }
            Msg::Reset => {
                self.playing = false;
                match self.scene {
                    Scene::Field => self.field.reset(),
                    Scene::Neuron => self.neuron.reset(),
                }
            }
            Msg::MoveSlider(position) => {
                if position.is_finite() {
                    self.set_learning_rate(learning_rate::from_slider(position));
                }
            }
            Msg::TypeLearningRate(text) => match learning_rate::parse(&text) {
                Ok(rate) => self.set_learning_rate(rate),
                Err(error) => self.learning_rate_error = Some(error),
            },
            Msg::PickStartPoint {
                fraction_x,
                fraction_y,
            } => {
                if let Some(start) = field_point(fraction_x, fraction_y) {
                    self.playing = false;
                    self.field.start = start;
                    self.field.reset();
                }
            }
            Msg::Randomize(parameters) => {
                if parameters.is_finite() && parameters.largest_magnitude() <= PARAMETER_LIMIT {
                    self.playing = false;
                    self.neuron.initial = parameters;
                    self.neuron.reset();
                }
            }
            Msg::SetLossScale(scale) => self.loss_scale = scale,
            Msg::SetSpeed(speed) => {
                if SPEEDS.contains(&speed) {
                    self.speed = speed;
                }
            }
            Msg::DismissNotices => self.notices.clear(),
            Msg::ToggleLanguage => self.language = self.language.other(),
            Msg::Copied(what, worked) => self.clipboard = Some((what, worked)),
        }
    }

    /// The step the page shows: the current one, or a past one after Back or the scrubber.
    pub fn shown_step(&self) -> u64 {
        match self.scene {
            Scene::Field => self.field.shown().step,
            Scene::Neuron => self.neuron.shown().step,
        }
    }

    /// Shows the state after `step` (or the nearest kept state before it, for old steps).
    fn view_step(&mut self, step: u64) {
        let (timeline_step, head) = match self.scene {
            Scene::Field => (
                self.field.timeline.at_or_before(step).map(|s| s.step),
                self.field.steps,
            ),
            Scene::Neuron => (
                self.neuron.timeline.at_or_before(step).map(|s| s.step),
                self.neuron.steps,
            ),
        };
        let viewing = timeline_step.filter(|shown| *shown < head);
        match self.scene {
            Scene::Field => self.field.viewing = viewing,
            Scene::Neuron => self.neuron.viewing = viewing,
        }
    }

    fn resume_from_view(&mut self) {
        match self.scene {
            Scene::Field => self.field.resume_from_view(),
            Scene::Neuron => self.neuron.resume_from_view(),
        }
    }

    /// κ of the current scene (see [`regime`](crate::regime)).
    pub fn curvature(&self) -> f64 {
        match self.scene {
            Scene::Field => regime::FIELD_CURVATURE,
            Scene::Neuron => regime::NEURON_CURVATURE,
        }
    }

    /// What the current learning rate does on the current scene.
    pub fn regime(&self) -> Regime {
        regime::classify(self.learning_rate(), self.curvature())
    }

    /// The update the graph and the equations explain: the one that led to the shown
    /// step, or before the first step the one Step is about to take.
    pub fn neuron_update_shown(&self) -> NeuronStep {
        let shown = self.neuron.shown();
        shown
            .last_step
            .unwrap_or_else(|| DenseLayer::new(shown.parameters).step(self.neuron.learning_rate))
    }

    /// The field's update to explain, chosen like [`App::neuron_update_shown`].
    pub fn field_update_shown(&self) -> FieldStep {
        let shown = self.field.shown();
        shown.last_step.unwrap_or_else(|| {
            let before = shown.position;
            FieldStep {
                before,
                gradient: surface::gradient(before),
                learning_rate: self.field.learning_rate,
                after: surface::descend(before, self.field.learning_rate),
            }
        })
    }

    /// The learning rate of the current scene.
    pub fn learning_rate(&self) -> f64 {
        match self.scene {
            Scene::Field => self.field.learning_rate,
            Scene::Neuron => self.neuron.learning_rate,
        }
    }

    /// The current scene's step count.
    pub fn steps(&self) -> u64 {
        match self.scene {
            Scene::Field => self.field.steps,
            Scene::Neuron => self.neuron.steps,
        }
    }

    /// The current scene's loss history: f(x, y) on the field, C on the neuron.
    pub fn losses(&self) -> &History<f64> {
        match self.scene {
            Scene::Field => &self.field.losses,
            Scene::Neuron => &self.neuron.losses,
        }
    }

    /// The learning rate at which the current scene's run diverged, if it did.
    pub fn diverged_at(&self) -> Option<f64> {
        match self.scene {
            Scene::Field => self.field.diverged_at,
            Scene::Neuron => self.neuron.diverged_at,
        }
    }

    fn set_learning_rate(&mut self, rate: f64) {
        self.learning_rate_error = None;
        match self.scene {
            Scene::Field => {
                self.field.learning_rate = rate;
                self.field.diverged_at = None;
            }
            Scene::Neuron => {
                self.neuron.learning_rate = rate;
                self.neuron.diverged_at = None;
            }
        }
    }

    /// One step of the current scene; a refused (diverging) step pauses the run.
    fn step(&mut self) -> bool {
        let stepped = match self.scene {
            Scene::Field => self.field.step(),
            Scene::Neuron => self.neuron.step(),
        };
        if !stepped {
            self.playing = false;
        }
        stepped
    }
}

/// What a focused element does with keys itself, so shortcuts leave those keys alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyTarget {
    /// Text fields, number fields, sliders and selects use letters and arrows.
    Entry,
    /// Buttons and links press on Space.
    Button,
    Other,
}

/// The keyboard shortcuts: Space play/pause, → step, ← back, R reset. `None` leaves the key to the page.
pub fn shortcut(key: &str, target: KeyTarget, modified: bool) -> Option<Msg> {
    if modified || target == KeyTarget::Entry {
        return None;
    }
    match key {
        " " | "Spacebar" if target == KeyTarget::Other => Some(Msg::TogglePlay),
        "ArrowRight" => Some(Msg::StepOnce),
        "ArrowLeft" => Some(Msg::StepBack),
        "r" | "R" => Some(Msg::Reset),
        _ => None,
    }
}

/// The point of the field under a click at (fraction_x, fraction_y) of the canvas,
/// rounded to hundredths so the readouts stay readable.
pub fn field_point(fraction_x: f64, fraction_y: f64) -> Option<Vec2> {
    if !(0.0..=1.0).contains(&fraction_x) || !(0.0..=1.0).contains(&fraction_y) {
        return None;
    }
    let round = |value: f64| (value * 100.0).round() / 100.0;
    Some(Vec2::new(
        round(-FIELD_EXTENT + 2.0 * FIELD_EXTENT * fraction_x),
        round(FIELD_EXTENT - 2.0 * FIELD_EXTENT * fraction_y),
    ))
}
