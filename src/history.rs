//! Bounded histories of a run: the loss per step and the field's trajectory.
//!
//! A run can be left playing for hours, so a history keeps at most `capacity`
//! samples: when it fills up, every other sample is dropped and from then on only
//! every second step is recorded (then every fourth, …). The curve keeps its shape
//! while memory stays flat, and nothing is allocated after construction.

use std::collections::VecDeque;

/// One recorded sample: the step number and the value at that step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample<T> {
    pub step: u64,
    pub value: T,
}

#[derive(Clone, Debug)]
pub struct History<T> {
    samples: Vec<Sample<T>>,
    capacity: usize,
    stride: u64,
}

impl<T: Copy> History<T> {
    /// A history that never holds more than `capacity` samples (at least 2).
    pub fn with_capacity(capacity: usize) -> Self {
        let capacity = capacity.max(2);
        Self {
            samples: Vec::with_capacity(capacity),
            capacity,
            stride: 1,
        }
    }

    /// Records the value of `step` if the current thinning keeps that step.
    pub fn record(&mut self, step: u64, value: T) {
        if !step.is_multiple_of(self.stride) {
            return;
        }
        if self.samples.len() == self.capacity {
            self.stride *= 2;
            let stride = self.stride;
            self.samples
                .retain(|sample| sample.step.is_multiple_of(stride));
            if !step.is_multiple_of(stride) {
                return;
            }
        }
        self.samples.push(Sample { step, value });
    }

    pub fn clear(&mut self) {
        self.samples.clear();
        self.stride = 1;
    }

    pub fn samples(&self) -> &[Sample<T>] {
        &self.samples
    }

    pub fn last(&self) -> Option<Sample<T>> {
        self.samples.last().copied()
    }

    /// How many steps lie between two recorded samples now.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// Forgets every sample after `step` (going back in time, then forward anew).
    pub fn truncate_after(&mut self, step: u64) {
        let keep = self.samples.partition_point(|sample| sample.step <= step);
        self.samples.truncate(keep);
    }

    /// The latest sample at or before `step`.
    pub fn at_or_before(&self, step: u64) -> Option<Sample<T>> {
        let after = self.samples.partition_point(|sample| sample.step <= step);
        after.checked_sub(1).map(|index| self.samples[index])
    }
}

/// The states a run went through, for going back in time: every state of the first
/// `first` steps (the ones a challenge judges and the post prints, kept however long the
/// run), every state of the most recent `recent` steps, and a thinned [`History`] of the
/// ones between, so memory stays bounded on long runs while the first and the last steps
/// can be revisited one by one.
#[derive(Clone, Debug)]
pub struct Timeline<T> {
    first: Vec<Sample<T>>,
    first_capacity: usize,
    recent: VecDeque<Sample<T>>,
    recent_capacity: usize,
    older: History<T>,
}

impl<T: Copy> Timeline<T> {
    pub fn with_capacity(first: usize, recent: usize, older: usize) -> Self {
        let recent_capacity = recent.max(1);
        Self {
            first: Vec::with_capacity(first),
            first_capacity: first,
            recent: VecDeque::with_capacity(recent_capacity),
            recent_capacity,
            older: History::with_capacity(older),
        }
    }

    /// Records the state after `step`; steps must come in order, one at a time.
    pub fn record(&mut self, step: u64, value: T) {
        // Steps come in order and going back truncates all three parts, so while the
        // first part has room nothing has been recorded after it.
        if self.first.len() < self.first_capacity {
            self.first.push(Sample { step, value });
            return;
        }
        if self.recent.len() == self.recent_capacity {
            if let Some(oldest) = self.recent.pop_front() {
                self.older.record(oldest.step, oldest.value);
            }
        }
        self.recent.push_back(Sample { step, value });
    }

    pub fn clear(&mut self) {
        self.first.clear();
        self.recent.clear();
        self.older.clear();
    }

    /// The newest recorded state (an older, thinned one once going back to an early step
    /// has emptied the recent ones).
    pub fn latest(&self) -> Option<&T> {
        self.recent
            .back()
            .or_else(|| self.older.samples().last())
            .or_else(|| self.first.last())
            .map(|sample| &sample.value)
    }

    /// The latest recorded state at or before `step`: exactly `step` for the first and the
    /// recent steps, the nearest kept one before it for the steps between.
    pub fn at_or_before(&self, step: u64) -> Option<Sample<T>> {
        if let Some(first) = self.recent.front() {
            if step >= first.step {
                let index = ((step - first.step) as usize).min(self.recent.len() - 1);
                return self.recent.get(index).copied();
            }
        }
        self.older.at_or_before(step).or_else(|| {
            let after = self.first.partition_point(|sample| sample.step <= step);
            after.checked_sub(1).map(|index| self.first[index])
        })
    }

    /// The state after exactly `step`, if it is kept.
    pub fn at(&self, step: u64) -> Option<T> {
        self.at_or_before(step)
            .filter(|sample| sample.step == step)
            .map(|sample| sample.value)
    }

    /// Every kept state in order of step: the first ones, the thinned ones between, then
    /// the recent ones.
    pub fn samples(&self) -> impl Iterator<Item = &Sample<T>> {
        self.first
            .iter()
            .chain(self.older.samples())
            .chain(self.recent.iter())
    }

    /// Forgets every state after `step`.
    pub fn truncate_after(&mut self, step: u64) {
        while self.recent.back().is_some_and(|sample| sample.step > step) {
            self.recent.pop_back();
        }
        self.older.truncate_after(step);
        let keep = self.first.partition_point(|sample| sample.step <= step);
        self.first.truncate(keep);
    }

    /// How many states are kept (bounded by the three capacities).
    pub fn len(&self) -> usize {
        self.first.len() + self.recent.len() + self.older.samples().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_step_until_full() {
        let mut history = History::with_capacity(8);
        for step in 0..8 {
            history.record(step, step as f64);
        }
        assert_eq!(history.samples().len(), 8);
        assert_eq!(history.stride(), 1);
    }

    #[test]
    fn thins_to_even_steps_when_full_and_stays_bounded() {
        let mut history = History::with_capacity(8);
        for step in 0..1000 {
            history.record(step, step as f64);
            assert!(history.samples().len() <= 8);
        }
        let samples = history.samples();
        assert!(samples.windows(2).all(|pair| pair[0].step < pair[1].step));
        assert_eq!(samples[0].step, 0);
        // The newest sample lies within one stride of the last recorded step.
        assert!(999 - samples.last().unwrap().step < history.stride());
        assert!(samples
            .iter()
            .all(|sample| sample.step.is_multiple_of(history.stride())));
    }

    #[test]
    fn a_timeline_keeps_recent_states_exactly_and_older_ones_thinned() {
        let mut timeline = Timeline::with_capacity(0, 10, 8);
        for step in 0..=100 {
            timeline.record(step, step * 10);
        }
        assert!(timeline.len() <= 18);
        for step in 91..=100 {
            assert_eq!(
                timeline.at_or_before(step).map(|s| s.value),
                Some(step * 10)
            );
        }
        let old = timeline.at_or_before(50).expect("an older state");
        assert!(old.step <= 50 && old.value == old.step * 10);
        timeline.truncate_after(95);
        assert_eq!(timeline.at_or_before(100).map(|s| s.step), Some(95));
        timeline.truncate_after(40);
        let kept = timeline.at_or_before(40).expect("a state at or before 40");
        timeline.record(kept.step + 1, 0);
        assert_eq!(
            timeline.at_or_before(kept.step + 1).map(|s| s.value),
            Some(0)
        );
    }

    #[test]
    fn a_timeline_keeps_the_first_states_exactly_however_long_the_run() {
        let mut timeline = Timeline::with_capacity(5, 10, 8);
        for step in 0..=10_000 {
            timeline.record(step, step * 10);
        }
        assert!(timeline.len() <= 5 + 10 + 8);
        for step in 0..5 {
            assert_eq!(
                timeline.at_or_before(step),
                Some(Sample {
                    step,
                    value: step * 10
                })
            );
        }
        // The thinned part lies between: a step there reads the nearest kept one before it.
        let between = timeline.at_or_before(5).expect("a state at or before 5");
        assert_eq!(
            between.step, 4,
            "nothing between step 4 and the thinned ones"
        );
        let steps: Vec<u64> = timeline.samples().map(|sample| sample.step).collect();
        assert!(steps.windows(2).all(|pair| pair[0] < pair[1]), "{steps:?}");
        assert_eq!(timeline.latest(), Some(&100_000));
        // Going back into the first part and on again records anew from there.
        timeline.truncate_after(2);
        assert_eq!(timeline.len(), 3);
        assert_eq!(timeline.latest(), Some(&20));
        for step in 3..=20 {
            timeline.record(step, step);
        }
        assert_eq!(timeline.at_or_before(4).map(|s| s.value), Some(4));
        assert_eq!(timeline.at_or_before(20).map(|s| s.value), Some(20));
        timeline.clear();
        assert!(timeline.is_empty());
    }

    #[test]
    fn clear_starts_over() {
        let mut history = History::with_capacity(4);
        for step in 0..100 {
            history.record(step, 1.0);
        }
        history.clear();
        history.record(0, 2.0);
        history.record(1, 3.0);
        assert_eq!(history.samples().len(), 2);
        assert_eq!(history.stride(), 1);
    }
}
