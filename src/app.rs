//! All state of the app and the one place it changes: [`App::update`].
//!
//! Nothing here touches the DOM; the web layer turns events into [`Msg`]s, performs
//! the [`Effect`]s `update` returns, and draws the page model (`crate::page`) computed
//! from `&App`, so every behaviour below is tested natively. No lesson is named here:
//! the current lesson's run is reached through the registry (`crate::lessons`).

use crate::batch::BiasGradient;
use crate::challenge::Attempt;
use crate::config::{self, Config, Notice, Part};
use crate::expression::ParseError;
use crate::graph::Quantity;
use crate::learning_rate::{self, LearningRateError};
pub use crate::lesson::{
    AnyRun, StepOutcome, DIVERGENCE_BOUND, FIRST_STATES, HISTORY_CAPACITY, RECENT_STATES,
    UNIT_SAMPLES,
};
use crate::lessons::Lessons;
use crate::vocabulary::Parameter;
pub use crate::vocabulary::{Language, LossScale, Scene, Speed};
use crate::walk::{self, SubStep};

/// Everything a reader can do, as the web layer reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    SelectScene(Scene),
    TogglePlay,
    /// Pauses if playing, then advances exactly one step.
    StepOnce,
    /// Back to the start of the current lesson's run.
    Reset,
    /// One animation frame passed, at this time (ms, as `requestAnimationFrame` gives it).
    Tick(f64),
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
    /// Start the current lesson over from random parameters: samples uniform in [0, 1).
    Randomize([f64; UNIT_SAMPLES]),
    /// Start the current lesson over from the post's own start (and learning rate).
    StartAsInPost,
    /// Combine a batch lesson's bias gradient over the samples this way (the run starts over).
    SetBiasGradient(BiasGradient),
    /// A lesson's control set one of its settings (named as in the URL) to this text;
    /// the run starts over from the changed start if the text is valid.
    SetSetting(Parameter, String),
    /// Try challenge number `n` of the current lesson (it starts over from the post's start).
    StartChallenge(usize),
    /// The reader's prediction for the challenge, as typed.
    Guess(String),
    /// Stop trying the challenge (the run stays as it is).
    LeaveChallenge,
    /// Start the challenge being tried over, for a new prediction.
    RetryChallenge,
    /// Go back one step in time (the later steps stay until the run moves on).
    StepBack,
    /// Show the state after this step (the scrubber); stepping on from there
    /// forgets the later steps.
    Scrub(f64),
    SetLossScale(LossScale),
    /// How fast Play steps.
    SetSpeed(Speed),
    DismissNotices,
    /// Switch between Chinese and English.
    ToggleLanguage,
    /// Put the share link of this view on the clipboard (and show it).
    CopyLink,
    /// Put the current lesson's CSV on the clipboard.
    CopyCsv,
    /// Save the current lesson's CSV as a file.
    DownloadCsv,
    /// Something was put on the clipboard (true) or the browser refused (false).
    Copied(Clip, bool),
    /// The browser refused to save the file.
    DownloadFailed,
    /// Walk the Step shown one sub-step on (see `crate::walk`); pauses.
    SubStepOn,
    /// Walk the Step shown one sub-step back; pauses.
    SubStepBack,
    /// The reader points at or focuses this quantity, or at none.
    Highlight(Option<Quantity>),
}

/// What a copy button put on the clipboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clip {
    /// The share link of the current view.
    Link,
    /// The current lesson's CSV.
    Csv,
}

/// Work outside the app that an update asks the web layer to do. Its outcome comes
/// back as a message ([`Msg::Copied`], [`Msg::DownloadFailed`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Copy {
        clip: Clip,
        text: String,
    },
    Download {
        file_name: &'static str,
        contents: String,
    },
}

/// How the last copy or download went, shown beside its button until the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Copied(Clip),
    CopyRefused(Clip),
    DownloadFailed,
}

/// What the app starts from where the URL says nothing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Defaults {
    /// Uniform samples in [0, 1) for random starts, like `np.random.random`.
    pub unit_samples: [f64; UNIT_SAMPLES],
    /// The browser's preferred language.
    pub language: Language,
}

/// The whole state of the page.
#[derive(Clone, Debug)]
pub struct App {
    pub scene: Scene,
    pub playing: bool,
    pub loss_scale: LossScale,
    /// How fast Play steps.
    pub speed: Speed,
    /// When Play last took a step at a per-second speed (ms); `None` steps at once.
    pub last_step_time: Option<f64>,
    /// Every lesson's run.
    pub lessons: Lessons,
    /// What was wrong with the URL, shown until dismissed.
    pub notices: Vec<Notice>,
    /// Why the last typed learning rate was not taken.
    pub learning_rate_error: Option<LearningRateError>,
    /// The lesson setting whose last typed value was not taken (the run kept its start).
    pub setting_error: Option<Parameter>,
    /// What is wrong with the last typed formula, and where, if it was refused.
    pub formula_error: Option<ParseError>,
    pub language: Language,
    /// Compact layout for an iframe in an article.
    pub embed: bool,
    /// Parts of the page the embedding author hid (`hide=`).
    pub hidden: Vec<Part>,
    /// Parts an embed leaves out that the embedding author asked for (`show=`).
    pub shown: Vec<Part>,
    /// How the last copy or download went.
    pub outcome: Option<Outcome>,
    /// The page's address without its query (origin and path), for share links.
    pub address: String,
    /// The share link last copied, shown beside "Copy link" for copying by hand.
    pub shared_link: Option<String>,
    /// Where the reader is in the walk through the Step shown (see [`App::sub_step`]).
    pub sub_step: Option<walk::Cursor>,
    /// The quantity the reader points at or focuses, highlighted wherever it is shown.
    pub highlight: Option<Quantity>,
    /// The challenge being tried, and in which lesson.
    pub attempt: Option<(Scene, Attempt)>,
    /// Whether the last typed prediction was not a number.
    pub guess_invalid: bool,
}

impl App {
    /// The initial state from the URL's config, with `defaults` for what it leaves out.
    pub fn new(config: &Config, notices: Vec<Notice>, defaults: Defaults) -> Self {
        // The first tab is the first lesson.
        let scene = config.scene.unwrap_or(Scene::ALL[0]);
        Self {
            scene,
            playing: false,
            loss_scale: config.scale.unwrap_or(LossScale::Linear),
            speed: config.speed.unwrap_or(Speed::DEFAULT),
            last_step_time: None,
            lessons: Lessons::new(
                &config.lessons,
                &defaults.unit_samples,
                scene,
                config.learning_rate,
            ),
            notices,
            learning_rate_error: None,
            setting_error: None,
            formula_error: None,
            language: config.language.unwrap_or(defaults.language),
            embed: config.embed,
            hidden: config.hidden.clone(),
            shown: config.shown.clone(),
            outcome: None,
            address: String::new(),
            shared_link: None,
            sub_step: None,
            highlight: None,
            attempt: None,
            guess_invalid: false,
        }
    }

    /// The current lesson's run.
    pub fn run(&self) -> &dyn AnyRun {
        self.lessons.run(self.scene)
    }

    fn run_mut(&mut self) -> &mut dyn AnyRun {
        self.lessons.run_mut(self.scene)
    }

    /// Everything needed to open this view again, but the lessons' own parameters.
    fn share_config(&self) -> Config {
        Config {
            scene: Some(self.scene),
            learning_rate: Some(self.learning_rate()),
            speed: Some(self.speed),
            scale: Some(self.loss_scale),
            language: Some(self.language),
            embed: self.embed,
            hidden: self.hidden.clone(),
            shown: self.shown.clone(),
            ..Config::default()
        }
    }

    /// Every lesson's own parameters (start points, initial weights …), the shown lesson's
    /// first. Lessons share some names (`w=` is three numbers for the neuron and six for
    /// the sigmoid layer; `b=`, `bias=`): where they do, the shown lesson's value is the
    /// one written, and the other lesson starts from its default when the link is opened.
    fn lesson_settings(&self) -> Vec<(Parameter, String)> {
        let mut settings: Vec<(Parameter, String)> = Vec::new();
        self.run()
            .write_settings(&mut |parameter, value| settings.push((parameter, value)));
        for run in self.lessons.all().filter(|run| run.scene() != self.scene) {
            run.write_settings(&mut |parameter, value| {
                if !settings.iter().any(|(written, _)| *written == parameter) {
                    settings.push((parameter, value));
                }
            });
        }
        settings
    }

    /// The share link's query string (without `?`).
    pub fn share_query(&self) -> String {
        config::to_query(&self.share_config(), &self.lesson_settings())
    }

    /// The full app's link for the same view: no embedding, nothing hidden.
    pub fn full_app_query(&self) -> String {
        let config = Config {
            embed: false,
            hidden: Vec::new(),
            shown: Vec::new(),
            ..self.share_config()
        };
        config::to_query(&config, &self.lesson_settings())
    }

    /// Whether `part` is left out: named in `hide=`, or left out of an embed and not
    /// named in `show=`.
    pub fn is_hidden(&self, part: Part) -> bool {
        let left_out = self.embed && Part::HIDDEN_IN_EMBEDS.contains(&part);
        self.hidden.contains(&part) || (left_out && !self.shown.contains(&part))
    }

    /// Applies a message; returns the work outside the app it asks for, if any.
    pub fn update(&mut self, msg: Msg) -> Option<Effect> {
        match msg {
            Msg::SelectScene(scene) => {
                if scene != self.scene {
                    self.scene = scene;
                    self.playing = false;
                    self.setting_error = None;
                    self.formula_error = None;
                    self.learning_rate_error = None;
                }
            }
            Msg::TogglePlay => {
                self.playing = !self.playing;
                self.last_step_time = None;
                if self.playing {
                    self.run_mut().resume_from_view();
                }
            }
            Msg::StepBack => {
                self.playing = false;
                let shown = self.shown_step();
                if shown > 0 {
                    self.run_mut().view_step(shown - 1);
                }
            }
            Msg::Scrub(position) => {
                if position.is_finite() {
                    self.playing = false;
                    let step = position.round().clamp(0.0, self.steps() as f64) as u64;
                    self.run_mut().view_step(step);
                }
            }
            Msg::StepOnce => {
                self.playing = false;
                self.step();
            }
            Msg::Tick(now) => {
                if self.playing {
                    for _ in 0..self.steps_due(now) {
                        if self.step() != StepOutcome::Moved {
                            // Diverged, or converged: nothing left to watch.
                            self.playing = false;
                            break;
                        }
                    }
                }
            }
            Msg::Reset => {
                self.playing = false;
                self.run_mut().reset();
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
                if self.run_mut().pick(fraction_x, fraction_y) {
                    self.playing = false;
                    self.leave_challenge_here();
                }
            }
            Msg::Randomize(unit_samples) => {
                if self.run_mut().randomize(&unit_samples) {
                    self.playing = false;
                    self.leave_challenge_here();
                }
            }
            Msg::StartChallenge(index) => {
                // An index past the lesson's challenges changes nothing.
                let challenge = self.run().challenges().get(index).copied()?;
                self.playing = false;
                if !self.run_mut().restart_as_in_post() {
                    self.run_mut().reset();
                }
                for (parameter, value) in challenge.setup {
                    let applied = self.run_mut().apply_setting(*parameter, value);
                    debug_assert!(
                        applied,
                        "a challenge's setup is valid: {parameter:?}={value}"
                    );
                }
                self.setting_error = None;
                self.formula_error = None;
                self.learning_rate_error = None;
                if let Some(rate) = challenge.learning_rate {
                    self.set_learning_rate(rate);
                }
                self.attempt = Some((self.scene, Attempt { index, guess: None }));
                self.guess_invalid = false;
            }
            Msg::Guess(text) => {
                // A prediction is of step 1: once it is taken, the readouts show the answer.
                let before_step_one = self.run().steps() == 0;
                if let Some((_, attempt)) = self.attempt.as_mut().filter(|_| before_step_one) {
                    // A typed minus sign may be the typographic one.
                    let text = text.trim();
                    let guess = match text.strip_prefix('−') {
                        Some(magnitude) => crate::decimal::parse(magnitude).map(|value| -value),
                        None => crate::decimal::parse(text),
                    };
                    self.guess_invalid = guess.is_none_or(|guess| !guess.is_finite());
                    attempt.guess = guess.filter(|guess| guess.is_finite());
                }
            }
            Msg::LeaveChallenge => self.leave_challenge_here(),
            Msg::RetryChallenge => {
                let (scene, attempt) = self.attempt?;
                if scene != self.scene {
                    return None;
                }
                return self.update(Msg::StartChallenge(attempt.index));
            }
            Msg::StartAsInPost => {
                if self.run_mut().restart_as_in_post() {
                    self.playing = false;
                    self.learning_rate_error = None;
                    self.leave_challenge_here();
                }
            }
            Msg::SetBiasGradient(bias) => {
                if self.run_mut().set_bias_gradient(bias) {
                    self.playing = false;
                }
            }
            Msg::SetSetting(parameter, value) => {
                // Not `value.trim()` for a formula: its columns count from what was typed.
                let typed = if parameter == Parameter::Formula {
                    value.as_str()
                } else {
                    value.trim()
                };
                if self.run_mut().apply_setting(parameter, typed) {
                    self.playing = false;
                    self.setting_error = None;
                    self.formula_error = None;
                    if parameter.sets_the_problem() {
                        self.leave_challenge_here();
                    }
                } else {
                    self.setting_error = Some(parameter);
                    // Why, and where: the lesson only says no.
                    self.formula_error = (parameter == Parameter::Formula)
                        .then(|| crate::expression::parse(typed).err())
                        .flatten();
                }
            }
            Msg::SetLossScale(scale) => self.loss_scale = scale,
            Msg::SetSpeed(speed) => {
                if Speed::ALL.contains(&speed) {
                    self.speed = speed;
                    self.last_step_time = None;
                }
            }
            Msg::DismissNotices => self.notices.clear(),
            Msg::ToggleLanguage => self.language = self.language.other(),
            Msg::CopyLink => {
                let link = format!("{}?{}", self.address, self.share_query());
                self.shared_link = Some(link.clone());
                return Some(Effect::Copy {
                    clip: Clip::Link,
                    text: link,
                });
            }
            Msg::CopyCsv => {
                let (csv, _) = self.run().csv();
                return Some(Effect::Copy {
                    clip: Clip::Csv,
                    text: csv,
                });
            }
            Msg::DownloadCsv => {
                let (contents, file_name) = self.run().csv();
                return Some(Effect::Download {
                    file_name,
                    contents,
                });
            }
            Msg::Copied(clip, true) => self.outcome = Some(Outcome::Copied(clip)),
            Msg::Copied(clip, false) => self.outcome = Some(Outcome::CopyRefused(clip)),
            Msg::DownloadFailed => self.outcome = Some(Outcome::DownloadFailed),
            Msg::SubStepOn => self.move_sub_step(walk::next),
            Msg::SubStepBack => self.move_sub_step(walk::previous),
            Msg::Highlight(quantity) => self.highlight = quantity,
        }
        None
    }

    /// The sub-step of the Step shown the reader is at, if walking it. The walk ends
    /// by itself when the run steps, goes back, resets or plays, or the lesson changes.
    pub fn sub_step(&self) -> Option<SubStep> {
        if self.playing {
            return None;
        }
        walk::current(self.sub_step, self.walk_mark())
    }

    /// The state a walk explains: the lesson, its run's generation, the step shown.
    fn walk_mark(&self) -> walk::Mark {
        let run = self.run();
        walk::Mark {
            scene: self.scene,
            generation: run.generation(),
            shown_step: run.shown_step(),
        }
    }

    /// Pauses and moves through the walk, in lessons that draw a graph.
    fn move_sub_step(
        &mut self,
        move_to: fn(Option<walk::Cursor>, walk::Mark) -> Option<walk::Cursor>,
    ) {
        self.playing = false;
        self.sub_step = match self.run().graph() {
            Some(_) => move_to(self.sub_step, self.walk_mark()),
            None => None,
        };
    }

    /// The step the page shows: the current one, or a past one after Back or the scrubber.
    pub fn shown_step(&self) -> u64 {
        self.run().shown_step()
    }

    /// The learning rate of the current lesson.
    pub fn learning_rate(&self) -> f64 {
        self.run().learning_rate()
    }

    /// The current lesson's step count.
    pub fn steps(&self) -> u64 {
        self.run().steps()
    }

    /// The current lesson's loss history: f(x, y) on the field, C on the neuron.
    pub fn losses(&self) -> &crate::history::History<f64> {
        self.run().losses()
    }

    /// The learning rate at which the current lesson's run diverged, if it did.
    pub fn diverged_at(&self) -> Option<f64> {
        self.run().diverged_at()
    }

    /// Ends the challenge of the lesson shown, if one is tried (a new start is not the
    /// challenge's any more).
    fn leave_challenge_here(&mut self) {
        if self.attempt.is_some_and(|(scene, _)| scene == self.scene) {
            self.attempt = None;
            self.guess_invalid = false;
        }
    }

    fn set_learning_rate(&mut self, rate: f64) {
        self.learning_rate_error = None;
        self.run_mut().set_learning_rate(rate);
    }

    /// One step of the current lesson; a refused (diverging) step pauses the run.
    fn step(&mut self) -> StepOutcome {
        let outcome = self.run_mut().step();
        if outcome == StepOutcome::Diverged {
            self.playing = false;
        }
        outcome
    }

    /// How many steps the frame at `now` (ms) takes while playing: the speed's steps per
    /// frame, or at a per-second speed one step once its interval has passed.
    fn steps_due(&mut self, now: f64) -> u32 {
        match self.speed {
            Speed::PerFrame(steps) => steps,
            Speed::PerSecond(per_second) => {
                let interval = 1000.0 / f64::from(per_second.max(1));
                match self.last_step_time {
                    Some(last) if now >= last && now - last < interval => 0,
                    // Keep the beat (last + interval) unless the page fell far behind.
                    Some(last) if now >= last && now - last < 2.0 * interval => {
                        self.last_step_time = Some(last + interval);
                        1
                    }
                    _ => {
                        self.last_step_time = now.is_finite().then_some(now);
                        1
                    }
                }
            }
        }
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
