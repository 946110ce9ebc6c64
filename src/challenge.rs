//! "Try it yourself": a few guided challenges per lesson, each checked by the app and
//! each saying what it teaches.
//!
//! A challenge is data a lesson declares ([`Challenge`]); whether it is met is a pure
//! function of the run ([`status`]), so the page model shows it and native tests check
//! it like any other number.

use crate::lesson::AnyRun;
use crate::text::Key;

/// What the reader must do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    /// Get the loss below `threshold` within `steps` steps.
    LossBelow { threshold: f64, steps: u64 },
    /// Type what readout number `readout` will show after the next step, then Step.
    Predict { readout: usize },
}

/// One challenge of a lesson.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Challenge {
    /// What to do, in a sentence.
    pub task: Key,
    /// What it teaches, in a sentence.
    pub teaches: Key,
    /// Where it starts: the post's start, at this learning rate (`None`: the reader's).
    pub learning_rate: Option<f64>,
    pub goal: Goal,
}

/// How a challenge stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    /// Nothing to judge yet (no step taken, or no prediction typed).
    Open,
    /// A prediction is typed; Step will tell.
    Predicted { guess: f64 },
    /// Met: the loss after `step` steps, or the prediction and the value.
    Solved { step: u64, value: f64 },
    /// The steps are used up (or the prediction missed): what came out instead.
    NotYet { step: u64, value: f64 },
    /// Stepped before typing a prediction.
    NoPrediction,
}

/// The challenge being tried: which one, and the reader's prediction if any.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Attempt {
    pub index: usize,
    pub guess: Option<f64>,
}

/// A prediction counts as right when it is within this of the value (the readouts'
/// numbers are shown to 9 digits; a student computes by hand to 3 or 4).
pub const PREDICTION_TOLERANCE: f64 = 5e-4;

/// How `challenge` stands on `run`, with the reader's `guess` for predictions.
pub fn status(challenge: &Challenge, run: &dyn AnyRun, guess: Option<f64>) -> Status {
    let shown = run.shown_step();
    match challenge.goal {
        Goal::LossBelow { threshold, steps } => {
            // The first step within the allowance that got below the threshold.
            let solved = (1..=shown.min(steps)).find_map(|step| {
                let (_, loss) = run.readouts_at(step)?;
                (loss < threshold).then_some(Status::Solved { step, value: loss })
            });
            match (solved, run.readouts_at(steps)) {
                (Some(solved), _) => solved,
                (None, Some((_, loss))) if shown >= steps => Status::NotYet {
                    step: steps,
                    value: loss,
                },
                _ => Status::Open,
            }
        }
        Goal::Predict { readout } => {
            // The prediction is for step 1; later steps do not change the verdict.
            let value = run
                .readouts_at(1)
                .and_then(|(readouts, _)| readouts.values().get(readout).copied());
            match (shown, guess, value) {
                (0, None, _) => Status::Open,
                (0, Some(guess), _) => Status::Predicted { guess },
                (_, None, _) => Status::NoPrediction,
                (_, _, None) => Status::Open,
                (_, Some(guess), Some(value)) if (guess - value).abs() <= PREDICTION_TOLERANCE => {
                    Status::Solved { step: 1, value }
                }
                (_, Some(_), Some(value)) => Status::NotYet { step: 1, value },
            }
        }
    }
}
