//! What a lesson is, and the one run that every lesson shares.
//!
//! A lesson ([`Lesson`]) owns its own mathematics: its start (settable from the URL),
//! one step, its loss, and what it shows (readouts, the update table, equations,
//! graph, run log, CSV, a point on the field). Everything lessons have in common lives
//! once, in [`Run`]: the step count, the timeline for Back and the scrubber, the loss
//! history, pausing on divergence, and "stepping from the past forgets the later steps".
//!
//! ## Why a trait with a generic run, and one `dyn` seam
//! Each lesson's state is a different type (a point; weights and bias; matrices), and
//! the run must store those states by value in its timeline without allocating per
//! step: a generic `Run<L>` does that with no boxing. The app, the page model and the
//! web layer must not name lessons, so they reach the current run through
//! [`AnyRun`], an object-safe trait every `Run<L>` implements; the one `match` on the
//! scene that picks the run lives in the registry (`crate::lessons`). An enum over
//! lessons would need that `match` in every method instead.

use std::fmt::Debug;

use crate::batch::BiasGradient;
use crate::challenge::Challenge;
use crate::formula::Formula;
use crate::graph::Graph;
use crate::history::{History, Timeline};
use crate::neuron::Parameters;
use crate::optimizer::{Objective, Race};
use crate::surface::Vec2;
use crate::text::Key;
use crate::vocabulary::{Parameter, Scene};

/// A run pauses once any value it would show grows past this magnitude.
pub const DIVERGENCE_BOUND: f64 = 1e6;
/// Samples kept per history before it is thinned (see [`History`]).
pub const HISTORY_CAPACITY: usize = 2048;
/// States kept exactly for going back, per run; older ones are thinned.
pub const RECENT_STATES: usize = 1000;
/// The first states of a run, kept exactly however long it runs: at least every
/// challenge's allowance of steps (its verdict reads them; a test checks the bound).
pub const FIRST_STATES: usize = 64;
/// How many uniform samples in [0, 1) the web layer draws for random starts.
pub const UNIT_SAMPLES: usize = 16;
/// A step that changes no readout by more than this (relative to the number, or
/// absolutely below 1) changes nothing a reader can see at the readouts' 9 digits:
/// the run has converged, and Play pauses.
pub const SETTLED: f64 = 1e-10;

/// What one step did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    /// It moved the run visibly.
    Moved,
    /// It was taken, but changed no readout visibly: the run has converged.
    Settled,
    /// It was refused: it would have left the bound.
    Diverged,
}

/// At most this many numbers in a lesson's readouts (the step is shown besides).
pub const MAX_READOUTS: usize = 45;
/// At most this many rows (parameters) in a lesson's update table.
pub const MAX_UPDATE_ROWS: usize = 8;

/// Up to `N` values in a fixed array with their count: the page model holds lists like
/// this and is computed every frame, so it must not allocate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fixed<T: Copy + Default, const N: usize> {
    items: [T; N],
    len: usize,
}

impl<T: Copy + Default, const N: usize> Fixed<T, N> {
    /// The first `N` of `items` (a lesson never gives more).
    pub fn from_slice(items: &[T]) -> Self {
        let mut fixed = Self {
            items: [T::default(); N],
            len: items.len().min(N),
        };
        fixed.items[..fixed.len].copy_from_slice(&items[..fixed.len]);
        fixed
    }

    pub fn as_slice(&self) -> &[T] {
        &self.items[..self.len]
    }
}

/// The numbers of a lesson's readouts, in the order of the page's readout elements.
pub type Readouts = Fixed<f64, MAX_READOUTS>;

impl Readouts {
    pub fn values(&self) -> &[f64] {
        self.as_slice()
    }
}

/// One parameter's update: its value before, its gradient, its value after.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UpdateRow {
    pub before: f64,
    pub gradient: f64,
    pub after: f64,
}

/// The update table of the step shown: one row per parameter.
pub type UpdateRows = Fixed<UpdateRow, MAX_UPDATE_ROWS>;

impl UpdateRows {
    pub fn rows(&self) -> &[UpdateRow] {
        self.as_slice()
    }
}

/// What the field canvas draws for a lesson that moves a point over a surface.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldPoint {
    pub position: Vec2,
    pub gradient: Vec2,
    /// The next step −α·∇f.
    pub next_step: Vec2,
}

/// One cell of a run-log line: its text and, when the run is the post's own, how many
/// of its leading characters the post printed the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogCell {
    pub text: String,
    pub post_digits: Option<usize>,
}

impl LogCell {
    pub fn plain(text: String) -> Self {
        Self {
            text,
            post_digits: None,
        }
    }
}

/// The computational graph of the update being explained, and the parameters after it.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphView {
    pub graph: Graph,
    pub after: Parameters,
    /// The α of the update, written into the update's sub-steps.
    pub learning_rate: f64,
}

/// κ of a lesson: each step multiplies the distance to the minimum by 1 − κα (see
/// `regime`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curvature {
    pub kappa: f64,
    /// 1/κ and 2/κ as the fractions a reader knows (`None`: shown as decimals).
    pub fractions: Option<(&'static str, &'static str)>,
    /// What κ is in this lesson, in words a student has.
    pub meaning: Key,
    /// Its name on the regime bar's labels: κ, or λ_max where it is the Hessian's
    /// largest eigenvalue.
    pub symbol: &'static str,
    /// Where curvatures differ by direction, gradient descent's best fixed learning rate
    /// 2/(λ_min + λ_max), marked on the bar too.
    pub best_rate: Option<f64>,
}

/// One lesson: its mathematics and what it shows. See the module doc for the design.
pub trait Lesson: Clone + Debug {
    /// What the page shows for one step; the timeline keeps one per step.
    type State: Copy + Debug + PartialEq;
    /// Where a run begins; a share link restores it.
    type Start: Clone + Debug + PartialEq;
    /// What the URL may say about the start (each part optional).
    type Settings: Clone + Debug + Default + PartialEq;

    const SCENE: Scene;
    const DEFAULT_LEARNING_RATE: f64;
    /// The curvature κ that sets the learning rate's regimes, where one number does
    /// (`None`: the sigmoid lessons, which then show no regimes).
    const CURVATURE: Option<Curvature>;
    const CSV_FILE_NAME: &'static str;
    const CSV_HEADER: &'static str;
    /// "Try it yourself": the lesson's challenges.
    const CHALLENGES: &'static [Challenge];

    /// Reads one URL parameter into `settings`: `None` if the lesson does not own
    /// the parameter, else whether the value was valid.
    fn read_setting(
        settings: &mut Self::Settings,
        parameter: Parameter,
        value: &str,
    ) -> Option<bool>;
    /// The URL parameters that restore `start`.
    fn write_settings(start: &Self::Start, push: &mut dyn FnMut(Parameter, String));
    /// The start the settings describe, with `unit_samples` (uniform in [0, 1)) for
    /// whatever they leave to chance.
    fn start_from(settings: &Self::Settings, unit_samples: &[f64; UNIT_SAMPLES]) -> Self::Start;
    /// A new random start from uniform samples, if this lesson has one.
    fn randomized(_unit_samples: &[f64; UNIT_SAMPLES]) -> Option<Self::Start> {
        None
    }
    /// The start changed by one setting a control wrote (`parameter` as in the URL);
    /// `None` if the value is invalid or the lesson has no such setting.
    ///
    /// By default the start's own settings are read back with the new one over them,
    /// so nothing is left to chance.
    fn with_setting(start: &Self::Start, parameter: Parameter, value: &str) -> Option<Self::Start> {
        let mut settings = Self::Settings::default();
        // A start the lesson cannot read back (outside the URL's limits) would silently
        // become the default start: refuse instead.
        let mut read_back = true;
        Self::write_settings(start, &mut |written, text| {
            read_back &= Self::read_setting(&mut settings, written, &text) == Some(true);
        });
        (read_back && Self::read_setting(&mut settings, parameter, value)?)
            .then(|| Self::start_from(&settings, &[0.0; UNIT_SAMPLES]))
    }
    /// A start picked by clicking the field at a fraction of its width and height.
    fn picked(&self, _fraction_x: f64, _fraction_y: f64) -> Option<Self::Start> {
        None
    }

    fn new(start: Self::Start) -> Self;
    fn start(&self) -> Self::Start;
    /// Goes back to `start` (a reset).
    fn restart(&mut self, start: Self::Start);
    fn current(&self) -> Self::State;
    fn restore(&mut self, state: &Self::State);
    /// One step of gradient descent; returns the new state.
    fn step(&mut self, learning_rate: f64) -> Self::State;
    /// The largest magnitude among the values a state shows (NaN if any is NaN).
    fn largest_magnitude(&self, state: &Self::State) -> f64;
    /// The loss the page shows for a state: f on the field, C for a network. It must be
    /// one of the state's readouts (the convergence test looks at it first).
    fn loss(&self, state: &Self::State) -> f64;
    fn readouts(&self, state: &Self::State) -> Readouts;
    /// The update table of the step that led to `state`, if there was one.
    fn update_rows(&self, _state: &Self::State) -> Option<UpdateRows> {
        None
    }
    /// The post's equations as MathML with the numbers of the update that led to
    /// `state`, or before any step of the one Step would take.
    fn equations(&self, state: &Self::State, learning_rate: f64) -> String;
    /// [`Lesson::equations`] given also the state one step before `state`, when it is
    /// kept: a lesson whose state does not carry its last update reads it from there.
    fn equations_after(
        &self,
        _previous: Option<&Self::State>,
        state: &Self::State,
        learning_rate: f64,
    ) -> String {
        self.equations(state, learning_rate)
    }
    /// The computational graph of the update explained, if the lesson draws one.
    fn graph(&self, _state: &Self::State, _learning_rate: f64) -> Option<GraphView> {
        None
    }
    /// The race of optimizers, if the lesson runs one.
    fn race<'a>(&self, _state: &'a Self::State) -> Option<&'a Race> {
        None
    }
    /// What a race descends (its surface or formula), if the lesson runs one.
    fn objective(&self) -> Option<&dyn Objective> {
        None
    }
    /// The formula a race descends, if the reader typed one and it is the surface.
    fn formula(&self) -> Option<&Formula> {
        None
    }
    /// κ at a state: [`Lesson::CURVATURE`] unless it depends on where the run is.
    fn curvature_of(&self, _state: &Self::State) -> Option<Curvature> {
        Self::CURVATURE
    }
    /// The point on the field, if the lesson moves one.
    fn field_point(&self, _state: &Self::State, _learning_rate: f64) -> Option<FieldPoint> {
        None
    }
    /// One run-log line as the post's program prints it, if this state has one, with
    /// the digits the post printed the same marked when this is the post's own run.
    fn log_line(
        &self,
        _step: u64,
        _state: &Self::State,
        _learning_rate: f64,
    ) -> Option<Vec<LogCell>> {
        None
    }
    /// The post's start, and its learning rate if the post ran one.
    fn post_start() -> Option<(Self::Start, Option<f64>)> {
        None
    }
    /// How the start combines the bias gradient over a batch, if the lesson has a batch.
    fn bias_gradient(_start: &Self::Start) -> Option<BiasGradient> {
        None
    }
    /// The same start with the bias gradient combined as `bias`.
    fn with_bias_gradient(_start: &Self::Start, _bias: BiasGradient) -> Option<Self::Start> {
        None
    }
    /// One CSV line (with its newline) for a state, if this state has one.
    fn csv_line(&self, step: u64, state: &Self::State, csv: &mut String);
}

/// A lesson being run: what every lesson shares, kept once.
#[derive(Clone, Debug)]
pub struct Run<L: Lesson> {
    pub lesson: L,
    pub steps: u64,
    pub learning_rate: f64,
    pub losses: History<f64>,
    /// Every state of the recent steps (and thinned older ones), for Back, the
    /// scrubber, the path, the run log and the CSV.
    pub timeline: Timeline<L::State>,
    /// The past step the reader went back to, if any.
    pub viewing: Option<u64>,
    /// Set to the learning rate at which the last step was refused because it diverged.
    pub diverged_at: Option<f64>,
    /// The step that changed nothing visible, if the last step did (see [`SETTLED`]).
    pub settled_at: Option<u64>,
    /// Counts resets and returns to the past, so a view can tell a rewritten run from
    /// the one it last drew.
    pub generation: u64,
}

impl<L: Lesson> Run<L> {
    pub fn new(start: L::Start, learning_rate: f64) -> Self {
        let mut run = Self {
            lesson: L::new(start),
            steps: 0,
            learning_rate,
            losses: History::with_capacity(HISTORY_CAPACITY),
            timeline: Timeline::with_capacity(FIRST_STATES, RECENT_STATES, HISTORY_CAPACITY),
            viewing: None,
            diverged_at: None,
            settled_at: None,
            generation: 0,
        };
        run.reset();
        run
    }

    /// Back to the start.
    pub fn reset(&mut self) {
        self.generation += 1;
        let start = self.lesson.start();
        self.lesson.restart(start);
        self.steps = 0;
        self.diverged_at = None;
        self.settled_at = None;
        self.viewing = None;
        self.losses.clear();
        self.timeline.clear();
        let start = self.lesson.current();
        self.record(start);
    }

    /// Starts over from a new start.
    pub fn restart_from(&mut self, start: L::Start) {
        self.lesson.restart(start);
        self.reset();
    }

    fn record(&mut self, state: L::State) {
        self.losses.record(self.steps, self.lesson.loss(&state));
        self.timeline.record(self.steps, state);
    }

    /// The step and state the page shows: a past one while going back, else the current one.
    pub fn shown(&self) -> (u64, L::State) {
        self.viewing
            .and_then(|step| self.timeline.at_or_before(step))
            .map_or_else(
                || (self.steps, self.lesson.current()),
                |sample| (sample.step, sample.value),
            )
    }

    /// Continues from the step being viewed: later steps are forgotten.
    pub fn resume_from_view(&mut self) {
        if self.viewing.is_none() {
            return;
        }
        let (step, state) = self.shown();
        self.viewing = None;
        self.generation += 1;
        self.lesson.restore(&state);
        self.steps = step;
        self.diverged_at = None;
        self.settled_at = None;
        self.losses.truncate_after(step);
        self.timeline.truncate_after(step);
    }

    /// Takes one step; refuses it if it would leave the bound.
    pub fn step(&mut self) -> StepOutcome {
        self.resume_from_view();
        let after = self.lesson.step(self.learning_rate);
        // The timeline's newest state is the one this step started from: the start is
        // recorded on reset and every step after it; a refused step records nothing; going
        // back restores the viewed state, a kept one, and forgets the states after it.
        // Reading it there saves copying the state before each step.
        let before = self
            .timeline
            .latest()
            .expect("a run records its start when it is made");
        let magnitude = self.lesson.largest_magnitude(&after);
        if !(magnitude.is_finite() && magnitude <= DIVERGENCE_BOUND) {
            self.lesson.restore(before);
            self.diverged_at = Some(self.learning_rate);
            return StepOutcome::Diverged;
        }
        // Relative to the number, or absolute below 1 (`if`, not `f64::max`: that is a
        // function call in WebAssembly, and this runs every step).
        let unchanged = |before: f64, after: f64| {
            let scale = if before.abs() > 1.0 {
                before.abs()
            } else {
                1.0
            };
            (after - before).abs() <= SETTLED * scale
        };
        // The loss is one of every lesson's readouts: while it still moves visibly (nearly
        // every step) the others need not be computed.
        let settled = unchanged(self.lesson.loss(before), self.lesson.loss(&after))
            && self
                .lesson
                .readouts(before)
                .values()
                .iter()
                .zip(self.lesson.readouts(&after).values())
                .all(|(before, after)| unchanged(*before, *after));
        self.diverged_at = None;
        self.steps += 1;
        self.record(after);
        if settled {
            self.settled_at = Some(self.steps);
            StepOutcome::Settled
        } else {
            self.settled_at = None;
            StepOutcome::Moved
        }
    }
}

/// A run of any lesson, as the app, the page model and the web layer see it.
pub trait AnyRun {
    fn scene(&self) -> Scene;
    fn steps(&self) -> u64;
    fn shown_step(&self) -> u64;
    fn generation(&self) -> u64;
    fn learning_rate(&self) -> f64;
    fn set_learning_rate(&mut self, learning_rate: f64);
    fn diverged_at(&self) -> Option<f64>;
    /// The step at which the run converged (changed nothing visible), if the last did.
    fn settled_at(&self) -> Option<u64>;
    /// κ, the regime's fractions ½ and 1 (or 1/30 and 1/15 …) and what κ is, if one κ holds.
    fn curvature(&self) -> Option<Curvature>;
    fn losses(&self) -> &History<f64>;
    /// The loss of the state shown, exactly (never a thinned sample).
    fn shown_loss(&self) -> f64;
    fn readouts(&self) -> Readouts;
    /// The readouts of the state after `step`, if the timeline keeps it.
    fn readouts_at(&self, step: u64) -> Option<Readouts>;
    /// The loss after `step`, if the timeline keeps it (a challenge reads up to 60 of
    /// them a frame: no readouts computed for them).
    fn loss_at(&self, step: u64) -> Option<f64>;
    fn update_rows(&self) -> Option<UpdateRows>;
    fn equations(&self) -> String;
    fn graph(&self) -> Option<GraphView>;
    fn field_point(&self) -> Option<FieldPoint>;
    /// The race at the step shown, if the lesson runs one.
    fn race(&self) -> Option<Race>;
    /// The typed formula the race descends, if it does.
    fn formula(&self) -> Option<&Formula>;
    /// What the race descends (its surface or formula), if the lesson runs one.
    fn objective(&self) -> Option<&dyn Objective>;
    /// Calls `visit` with every recorded race up to the step shown, in one pass (a frame
    /// gathers every optimizer's path and curve from it).
    fn visit_races(&self, visit: &mut dyn FnMut(u64, &Race));
    /// Starts over with one setting changed (`parameter` as in the URL); false if the
    /// value is invalid or the lesson has no such setting.
    fn apply_setting(&mut self, parameter: Parameter, value: &str) -> bool;
    /// Calls `visit` with every recorded point of the path up to the step shown.
    fn visit_path(&self, visit: &mut dyn FnMut(Vec2));
    /// The run-log lines of the steps after `after_step`, at most `limit` of the newest.
    fn log_lines(&self, after_step: u64, limit: usize) -> Vec<(u64, Vec<LogCell>)>;
    /// Whether the lesson has a start the post used ("The post's start").
    fn has_post_start(&self) -> bool;
    fn challenges(&self) -> &'static [Challenge];
    /// Whether this run is the post's: its start and learning rate.
    fn follows_post(&self) -> bool;
    /// Starts over from the post's start (and rate); false if the lesson has none.
    fn restart_as_in_post(&mut self) -> bool;
    /// The CSV of the run and its file name.
    fn csv(&self) -> (String, &'static str);
    fn write_settings(&self, push: &mut dyn FnMut(Parameter, String));
    fn step(&mut self) -> StepOutcome;
    fn reset(&mut self);
    /// Shows the state after `step` (or the nearest kept state before it).
    fn view_step(&mut self, step: u64);
    fn resume_from_view(&mut self);
    fn randomize(&mut self, unit_samples: &[f64; UNIT_SAMPLES]) -> bool;
    /// Whether the lesson can start from random parameters (shows "Randomize").
    fn randomizable(&self) -> bool;
    fn pick(&mut self, fraction_x: f64, fraction_y: f64) -> bool;
    /// How the run combines the bias gradient over its batch, if it has one.
    fn bias_gradient(&self) -> Option<BiasGradient>;
    /// Starts over with the bias gradient combined as `bias`; false without a batch.
    fn set_bias_gradient(&mut self, bias: BiasGradient) -> bool;
}

impl<L: Lesson> AnyRun for Run<L> {
    fn scene(&self) -> Scene {
        L::SCENE
    }

    fn steps(&self) -> u64 {
        self.steps
    }

    fn shown_step(&self) -> u64 {
        self.shown().0
    }

    fn generation(&self) -> u64 {
        self.generation
    }

    fn learning_rate(&self) -> f64 {
        self.learning_rate
    }

    fn set_learning_rate(&mut self, learning_rate: f64) {
        self.learning_rate = learning_rate;
        self.diverged_at = None;
        self.settled_at = None;
    }

    fn diverged_at(&self) -> Option<f64> {
        self.diverged_at
    }

    fn settled_at(&self) -> Option<u64> {
        self.settled_at
    }

    fn curvature(&self) -> Option<Curvature> {
        self.lesson.curvature_of(&self.shown().1)
    }

    fn losses(&self) -> &History<f64> {
        &self.losses
    }

    fn shown_loss(&self) -> f64 {
        self.lesson.loss(&self.shown().1)
    }

    fn readouts(&self) -> Readouts {
        self.lesson.readouts(&self.shown().1)
    }

    fn readouts_at(&self, step: u64) -> Option<Readouts> {
        Some(self.lesson.readouts(&self.timeline.at(step)?))
    }

    fn loss_at(&self, step: u64) -> Option<f64> {
        Some(self.lesson.loss(&self.timeline.at(step)?))
    }

    fn update_rows(&self) -> Option<UpdateRows> {
        self.lesson.update_rows(&self.shown().1)
    }

    fn equations(&self) -> String {
        let (step, state) = self.shown();
        let previous = step
            .checked_sub(1)
            .and_then(|before| self.timeline.at_or_before(before))
            .filter(|sample| sample.step + 1 == step);
        self.lesson.equations_after(
            previous.as_ref().map(|sample| &sample.value),
            &state,
            self.learning_rate,
        )
    }

    fn graph(&self) -> Option<GraphView> {
        self.lesson.graph(&self.shown().1, self.learning_rate)
    }

    fn field_point(&self) -> Option<FieldPoint> {
        self.lesson.field_point(&self.shown().1, self.learning_rate)
    }

    fn race(&self) -> Option<Race> {
        self.lesson.race(&self.shown().1).copied()
    }

    fn formula(&self) -> Option<&Formula> {
        self.lesson.formula()
    }

    fn objective(&self) -> Option<&dyn Objective> {
        self.lesson.objective()
    }

    fn visit_races(&self, visit: &mut dyn FnMut(u64, &Race)) {
        let shown = self.shown_step();
        for sample in self.timeline.samples().take_while(|s| s.step <= shown) {
            let Some(race) = self.lesson.race(&sample.value) else {
                return;
            };
            visit(sample.step, race);
        }
    }

    fn apply_setting(&mut self, parameter: Parameter, value: &str) -> bool {
        match L::with_setting(&self.lesson.start(), parameter, value) {
            Some(start) => {
                self.restart_from(start);
                true
            }
            None => false,
        }
    }

    fn visit_path(&self, visit: &mut dyn FnMut(Vec2)) {
        let shown = self.shown_step();
        for sample in self.timeline.samples().take_while(|s| s.step <= shown) {
            if let Some(point) = self.lesson.field_point(&sample.value, self.learning_rate) {
                visit(point.position);
            }
        }
    }

    fn log_lines(&self, after_step: u64, limit: usize) -> Vec<(u64, Vec<LogCell>)> {
        let mut lines: Vec<(u64, Vec<LogCell>)> = self
            .timeline
            .samples()
            .filter(|s| s.step > after_step)
            .filter_map(|s| {
                self.lesson
                    .log_line(s.step, &s.value, self.learning_rate)
                    .map(|line| (s.step, line))
            })
            .collect();
        let excess = lines.len().saturating_sub(limit);
        lines.drain(..excess);
        lines
    }

    fn has_post_start(&self) -> bool {
        L::post_start().is_some()
    }

    fn challenges(&self) -> &'static [Challenge] {
        L::CHALLENGES
    }

    fn follows_post(&self) -> bool {
        L::post_start().is_some_and(|(start, learning_rate)| {
            self.lesson.start() == start
                && learning_rate.is_none_or(|rate| rate == self.learning_rate)
        })
    }

    fn restart_as_in_post(&mut self) -> bool {
        let Some((start, learning_rate)) = L::post_start() else {
            return false;
        };
        if let Some(rate) = learning_rate {
            self.learning_rate = rate;
        }
        self.restart_from(start);
        true
    }

    fn csv(&self) -> (String, &'static str) {
        let mut csv = String::from(L::CSV_HEADER);
        csv.push('\n');
        for sample in self.timeline.samples() {
            self.lesson.csv_line(sample.step, &sample.value, &mut csv);
        }
        (csv, L::CSV_FILE_NAME)
    }

    fn write_settings(&self, push: &mut dyn FnMut(Parameter, String)) {
        L::write_settings(&self.lesson.start(), push);
    }

    fn step(&mut self) -> StepOutcome {
        Run::step(self)
    }

    fn reset(&mut self) {
        Run::reset(self);
    }

    fn view_step(&mut self, step: u64) {
        let kept = self.timeline.at_or_before(step).map(|sample| sample.step);
        self.viewing = kept.filter(|kept| *kept < self.steps);
    }

    fn resume_from_view(&mut self) {
        Run::resume_from_view(self);
    }

    fn randomize(&mut self, unit_samples: &[f64; UNIT_SAMPLES]) -> bool {
        if !unit_samples
            .iter()
            .all(|sample| (0.0..1.0).contains(sample))
        {
            return false;
        }
        match L::randomized(unit_samples) {
            Some(start) => {
                self.restart_from(start);
                true
            }
            None => false,
        }
    }

    fn randomizable(&self) -> bool {
        L::randomized(&[0.5; UNIT_SAMPLES]).is_some()
    }

    fn pick(&mut self, fraction_x: f64, fraction_y: f64) -> bool {
        match self.lesson.picked(fraction_x, fraction_y) {
            Some(start) => {
                self.restart_from(start);
                true
            }
            None => false,
        }
    }

    fn bias_gradient(&self) -> Option<BiasGradient> {
        L::bias_gradient(&self.lesson.start())
    }

    fn set_bias_gradient(&mut self, bias: BiasGradient) -> bool {
        match L::with_bias_gradient(&self.lesson.start(), bias) {
            Some(start) => {
                self.restart_from(start);
                true
            }
            None => false,
        }
    }
}
