//! "Try it yourself": a few guided challenges per lesson, each checked by the app and
//! each saying what it teaches.
//!
//! A challenge is data a lesson declares ([`Challenge`]); whether it is met is a pure
//! function of the run (`page::challenge_status`), so the page model shows it and
//! native tests check it like any other number. This module holds data only: it
//! imports no lesson, so lessons can declare challenges without an import cycle.

use crate::text::Key;
use crate::vocabulary::Parameter;

pub use crate::vocabulary::ChallengeGoal as Goal;

/// One challenge of a lesson.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Challenge {
    /// What to do, in a sentence.
    pub task: Key,
    /// What it teaches, in a sentence.
    pub teaches: Key,
    /// Where it starts: the post's start (or the lesson's own start where no post
    /// gave one), then these settings, as a share link would write them …
    pub setup: &'static [(Parameter, &'static str)],
    /// … at this learning rate (`None`: the post's where the lesson has one, else the
    /// reader's).
    pub learning_rate: Option<f64>,
    /// What counts as met.
    pub goal: Goal,
}

pub use crate::vocabulary::ChallengeStatus as Status;

/// The challenge being tried: which one, and the reader's prediction if any.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Attempt {
    /// Which of the lesson's challenges.
    pub index: usize,
    /// The prediction, typed before step 1 (it cannot be typed after).
    pub guess: Option<f64>,
}

/// A prediction counts as right when it is within this fraction of the value: the
/// readouts show 9 digits, a student computes by hand to 3 (−0.0237 for −0.0236673683).
pub const PREDICTION_TOLERANCE: f64 = 5e-3;

/// Whether `guess` is `value` to [`PREDICTION_TOLERANCE`] (relative; a value of 0 must be
/// guessed within 10⁻⁹).
pub fn prediction_is_right(guess: f64, value: f64) -> bool {
    (guess - value).abs() <= (PREDICTION_TOLERANCE * value.abs()).max(1e-9)
}
