//! Bounded histories of a run: the loss per step and the field's trajectory.
//!
//! A run can be left playing for hours, so a history keeps at most `capacity`
//! samples: when it fills up, every other sample is dropped and from then on only
//! every second step is recorded (then every fourth, …). The curve keeps its shape
//! while memory stays flat, and nothing is allocated after construction.

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
