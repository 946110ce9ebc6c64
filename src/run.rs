//! The two runs of the lesson: gradient descent on the field and training of the
//! neuron. Each keeps its current state, its histories for the loss curve and the
//! path, and a timeline of past states for Back and the scrubber.

use std::collections::VecDeque;

use crate::history::{History, Timeline};
use crate::neuron::{self, DenseLayer, NeuronStep, Parameters};
use crate::surface::{self, Vec2};

/// A run pauses once any value it would show grows past this magnitude.
pub const DIVERGENCE_BOUND: f64 = 1e6;
/// Samples kept per history before it is thinned (see [`History`]).
pub const HISTORY_CAPACITY: usize = 2048;
/// Lines kept in the neuron's run log; older lines scroll away.
pub const LOG_CAPACITY: usize = 1000;

/// One update on the field: where it started, the gradient there and where it went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldStep {
    pub before: Vec2,
    pub gradient: Vec2,
    pub learning_rate: f64,
    pub after: Vec2,
}

/// The field run at one step: what the page shows for it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldState {
    pub step: u64,
    pub position: Vec2,
    /// The update that led here (none at step 0).
    pub last_step: Option<FieldStep>,
}

/// The neuron run at one step: what the page shows for it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeuronState {
    pub step: u64,
    pub parameters: Parameters,
    /// The update that led here (none at step 0).
    pub last_step: Option<NeuronStep>,
}

/// States kept exactly for going back, per run; older ones are thinned.
pub const RECENT_STATES: usize = 1000;

/// Gradient descent on x² + y² from a start point.
#[derive(Clone, Debug)]
pub struct FieldRun {
    pub start: Vec2,
    pub position: Vec2,
    pub steps: u64,
    pub learning_rate: f64,
    pub last_step: Option<FieldStep>,
    pub trajectory: History<Vec2>,
    pub losses: History<f64>,
    /// Every state of the recent steps (and thinned older ones), for Back and the scrubber.
    pub timeline: Timeline<FieldState>,
    /// The past step the reader went back to, if any.
    pub viewing: Option<u64>,
    /// Set to the learning rate at which the last step was refused because it diverged.
    pub diverged_at: Option<f64>,
}

impl FieldRun {
    pub(crate) fn new(start: Vec2, learning_rate: f64) -> Self {
        let mut run = Self {
            start,
            position: start,
            steps: 0,
            learning_rate,
            last_step: None,
            trajectory: History::with_capacity(HISTORY_CAPACITY),
            losses: History::with_capacity(HISTORY_CAPACITY),
            timeline: Timeline::with_capacity(RECENT_STATES, HISTORY_CAPACITY),
            viewing: None,
            diverged_at: None,
        };
        run.reset();
        run
    }

    pub(crate) fn reset(&mut self) {
        self.position = self.start;
        self.steps = 0;
        self.last_step = None;
        self.diverged_at = None;
        self.viewing = None;
        self.trajectory.clear();
        self.losses.clear();
        self.timeline.clear();
        self.record();
    }

    pub(crate) fn current(&self) -> FieldState {
        FieldState {
            step: self.steps,
            position: self.position,
            last_step: self.last_step,
        }
    }

    /// The state the page shows: a past one while going back, else the current one.
    pub fn shown(&self) -> FieldState {
        self.viewing
            .and_then(|step| self.timeline.at_or_before(step))
            .map_or_else(|| self.current(), |sample| sample.value)
    }

    pub(crate) fn record(&mut self) {
        self.trajectory.record(self.steps, self.position);
        self.losses
            .record(self.steps, surface::value(self.position));
        self.timeline.record(self.steps, self.current());
    }

    /// Continues from the step being viewed: later steps are forgotten.
    pub(crate) fn resume_from_view(&mut self) {
        if self.viewing.is_none() {
            return;
        }
        let state = self.shown();
        self.viewing = None;
        self.position = state.position;
        self.steps = state.step;
        self.last_step = state.last_step;
        self.diverged_at = None;
        self.trajectory.truncate_after(state.step);
        self.losses.truncate_after(state.step);
        self.timeline.truncate_after(state.step);
    }

    /// Takes one step; refuses it (and returns false) if it would leave the bound.
    pub(crate) fn step(&mut self) -> bool {
        self.resume_from_view();
        let before = self.position;
        let after = surface::descend(before, self.learning_rate);
        if !within_bound(&[after.x, after.y, surface::value(after).sqrt()]) {
            self.diverged_at = Some(self.learning_rate);
            return false;
        }
        self.diverged_at = None;
        self.position = after;
        self.steps += 1;
        self.last_step = Some(FieldStep {
            before,
            gradient: surface::gradient(before),
            learning_rate: self.learning_rate,
            after,
        });
        self.record();
        true
    }
}

/// The post's dense layer trained from initial parameters.
#[derive(Clone, Debug)]
pub struct NeuronRun {
    pub initial: Parameters,
    pub layer: DenseLayer,
    pub steps: u64,
    pub learning_rate: f64,
    pub last_step: Option<NeuronStep>,
    /// The most recent steps, numbered from 1, as the post's program prints them.
    pub log: VecDeque<(u64, NeuronStep)>,
    pub losses: History<f64>,
    pub timeline: Timeline<NeuronState>,
    pub viewing: Option<u64>,
    pub diverged_at: Option<f64>,
    /// Counts resets and returns to the past, so a view can tell a rewritten run from
    /// the one it last drew.
    pub generation: u64,
}

impl NeuronRun {
    pub(crate) fn new(initial: Parameters, learning_rate: f64) -> Self {
        let mut run = Self {
            initial,
            layer: DenseLayer::new(initial),
            steps: 0,
            learning_rate,
            last_step: None,
            log: VecDeque::with_capacity(LOG_CAPACITY),
            losses: History::with_capacity(HISTORY_CAPACITY),
            timeline: Timeline::with_capacity(RECENT_STATES, HISTORY_CAPACITY),
            viewing: None,
            diverged_at: None,
            generation: 0,
        };
        run.reset();
        run
    }

    pub(crate) fn reset(&mut self) {
        self.generation += 1;
        self.layer.set_parameters(self.initial);
        self.steps = 0;
        self.last_step = None;
        self.diverged_at = None;
        self.viewing = None;
        self.log.clear();
        self.losses.clear();
        self.timeline.clear();
        self.losses.record(0, self.layer.loss());
        self.timeline.record(0, self.current());
    }

    pub(crate) fn current(&self) -> NeuronState {
        NeuronState {
            step: self.steps,
            parameters: self.layer.parameters(),
            last_step: self.last_step,
        }
    }

    /// The state the page shows: a past one while going back, else the current one.
    pub fn shown(&self) -> NeuronState {
        self.viewing
            .and_then(|step| self.timeline.at_or_before(step))
            .map_or_else(|| self.current(), |sample| sample.value)
    }

    pub(crate) fn resume_from_view(&mut self) {
        if self.viewing.is_none() {
            return;
        }
        let state = self.shown();
        self.viewing = None;
        self.generation += 1;
        self.layer.set_parameters(state.parameters);
        self.steps = state.step;
        self.last_step = state.last_step;
        self.diverged_at = None;
        while self
            .log
            .back()
            .is_some_and(|(number, _)| *number > state.step)
        {
            self.log.pop_back();
        }
        self.losses.truncate_after(state.step);
        self.timeline.truncate_after(state.step);
    }

    pub(crate) fn step(&mut self) -> bool {
        self.resume_from_view();
        let step = self.layer.step(self.learning_rate);
        let after = step.after;
        if !within_bound(&[
            after.largest_magnitude(),
            step.prediction_after,
            step.prediction_before,
        ]) {
            self.layer.set_parameters(step.before);
            self.diverged_at = Some(self.learning_rate);
            return false;
        }
        self.diverged_at = None;
        self.steps += 1;
        self.last_step = Some(step);
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back((self.steps, step));
        self.losses
            .record(self.steps, neuron::loss(step.prediction_after, step.target));
        self.timeline.record(self.steps, self.current());
        true
    }
}

/// True if every value is finite and no larger in magnitude than the bound.
fn within_bound(values: &[f64]) -> bool {
    values
        .iter()
        .all(|value| value.is_finite() && value.abs() <= DIVERGENCE_BOUND)
}
