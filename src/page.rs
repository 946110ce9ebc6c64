//! The page model: every number and text the page shows, as a pure function of
//! `&App` ([`Page::of`]), so what a reader sees is decided — and tested — natively.
//!
//! [`Page`] is `Copy` and holds numbers and small enums only: it is computed every
//! frame of play without allocating, and the web layer compares it with the one it
//! drew last to write only what changed. The texts built from it (sentences with
//! numbers in them) are methods, called only when their inputs changed.

use crate::app::{App, Clip, Outcome};
use crate::batch::BiasGradient;
use crate::challenge::{self, Challenge, Goal, Status};
use crate::format::readout;
use crate::formula::Formula;
use crate::graph::Quantity;
use crate::learning_rate::{self, LearningRateError};
use crate::lesson::AnyRun;
use crate::lesson::{Readouts, UpdateRows};
use crate::optimizer::{Method, Race};
use crate::regime::{self, Regime};
use crate::surface::Vec2;
use crate::text::Key;
use crate::vocabulary::{Language, LossScale, Parameter, Part, Scene, Speed};
use crate::walk::SubStep;

/// A set of page parts, as bits in the order of [`Part::ALL`] (`Copy`, unlike a `Vec`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Parts(u32);

impl Parts {
    pub fn of(parts: impl IntoIterator<Item = Part>) -> Self {
        Parts(
            parts
                .into_iter()
                .fold(0, |bits, part| bits | Self::bit(part)),
        )
    }

    fn bit(part: Part) -> u32 {
        let index = Part::ALL
            .iter()
            .position(|known| *known == part)
            .expect("Part::ALL lists every part");
        1 << index
    }

    pub fn contains(self, part: Part) -> bool {
        self.0 & Self::bit(part) != 0
    }
}

/// What the learning rate does on the current lesson, and where its regimes lie on
/// the slider's track.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegimeView {
    pub regime: Regime,
    /// 1 − κα.
    pub factor: f64,
    /// 1/κ and 2/κ as fractions (½ and 1 on the field), or as decimals where κ varies.
    pub fractions: Option<(&'static str, &'static str)>,
    pub kappa: f64,
    /// The slider positions of 1/κ and 2/κ, in percent of the track.
    pub boundaries: (f64, f64),
    /// What κ is in this lesson.
    pub curvature_meaning: Key,
    /// κ's name on the bar's labels.
    pub symbol: &'static str,
    /// Gradient descent's best fixed rate and its slider position in percent, where the
    /// curvature differs by direction.
    pub best: Option<(f64, f64)>,
}

impl RegimeView {
    /// 1/κ and 2/κ as the reader sees them: fractions where κ is fixed, else decimals.
    pub fn fraction_texts(&self) -> (String, String) {
        match self.fractions {
            Some((one_step, bounce)) => (one_step.to_string(), bounce.to_string()),
            None => (short(1.0 / self.kappa), short(2.0 / self.kappa)),
        }
    }
}

/// Significant digits of the numbers inside sentences and labels where κ varies: a
/// sentence to read, not a readout to copy.
const SENTENCE_DIGITS: usize = 4;

fn short(value: f64) -> String {
    let mut text = String::new();
    crate::format::write_significant(&mut text, value, SENTENCE_DIGITS);
    // A true minus sign in running text.
    match text.strip_prefix('-') {
        Some(magnitude) => format!("−{magnitude}"),
        None => text,
    }
}

/// What the screen-reader live region says: the step shown and its loss.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Announcement {
    pub step: u64,
    /// The loss of the state shown, computed from that state (never a thinned sample).
    pub loss: f64,
}

/// The challenge being tried in this lesson: what to do, what it teaches, how it stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChallengeView {
    pub index: usize,
    pub task: Key,
    pub teaches: Key,
    pub goal: Goal,
    pub status: Status,
    /// Whether it asks for a typed prediction.
    pub predicts: bool,
    /// The reader's prediction, if one is typed.
    pub guess: Option<f64>,
    pub guess_invalid: bool,
}

impl ChallengeView {
    /// The status in words (`Language::challenge_status`).
    pub fn status_text(&self, language: Language) -> String {
        language.challenge_status(self.goal, self.status, self.guess, self.guess_invalid)
    }

    /// Whether the challenge has a verdict: met (`Some(true)`) or missed. What it
    /// teaches is shown only then (before, it would give the answer away).
    pub fn verdict(&self) -> Option<bool> {
        match self.status {
            Status::Solved { .. } => Some(true),
            Status::NotYet { .. } => Some(false),
            _ => None,
        }
    }

    /// Whether "Try again" is offered: for a prediction once step 1 is taken (right,
    /// wrong or never typed), since then the field is closed. A rate is tried again by
    /// Reset, which keeps the reader's α.
    pub fn can_retry(&self) -> bool {
        self.predicts && !matches!(self.status, Status::Open | Status::Predicted { .. })
    }
}

/// Everything the page shows, for one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Page {
    pub scene: Scene,
    pub language: Language,
    pub playing: bool,
    pub steps: u64,
    pub shown_step: u64,
    /// Changes when the run was reset or rewritten from the past.
    pub generation: u64,
    /// The shown state's readouts, in the order of the panel's readout elements.
    pub readouts: Readouts,
    /// The update table of the step shown (none at step 0 or for lessons without one).
    pub update: Option<UpdateRows>,
    pub learning_rate: f64,
    /// The learning rate's position on the logarithmic slider (0 ..= SLIDER_STEPS).
    pub slider_position: f64,
    pub learning_rate_error: Option<LearningRateError>,
    /// The learning rate's regimes, where one κ holds (the page hides them elsewhere).
    pub regime: Option<RegimeView>,
    pub diverged_at: Option<f64>,
    /// The step that changed nothing visible, if the last step did: the run converged.
    pub settled_at: Option<u64>,
    pub announcement: Announcement,
    pub loss_scale: LossScale,
    pub speed: Speed,
    pub outcome: Option<Outcome>,
    pub notice_count: usize,
    /// Whether "Randomize" applies to this lesson.
    pub randomizable: bool,
    /// How many challenges this lesson has ("Try it yourself").
    pub challenge_count: usize,
    /// The challenge being tried in this lesson, if any.
    pub challenge: Option<ChallengeView>,
    /// Whether the lesson has the post's start ("The post's start").
    pub has_post_start: bool,
    /// Whether this run is the post's own (its start and rate): the log marks matches.
    pub follows_post: bool,
    /// Whether this lesson moves a point on the field canvas.
    pub has_field: bool,
    /// Compact layout for an iframe in an article.
    pub embed: bool,
    /// The parts the embedding author hid (and the regimes where no one κ holds).
    pub hidden: Parts,
    /// How a batch lesson combines the bias gradient (`None` without a batch).
    pub bias_gradient: Option<BiasGradient>,
    /// The race at the step shown, if the lesson runs one.
    pub race: Option<Race>,
    /// The lesson setting whose typed value was refused, if the last one was.
    pub setting_error: Option<Parameter>,
    /// Whether that was a formula (its message is built from `App::formula_error`).
    pub formula_refused: bool,
    /// The Hessian's eigenvalues (ascending) at the race's first optimizer's point.
    pub race_curvatures: Option<[f64; 2]>,
    /// The node and phase of the Step shown that the reader is walking through.
    pub sub_step: Option<SubStep>,
    /// The quantity highlighted wherever it is shown.
    pub highlight: Option<Quantity>,
}

impl Page {
    pub fn of(app: &App) -> Page {
        let run = app.run();
        let learning_rate = run.learning_rate();
        let curvature = run.curvature();
        let percent = |rate: f64| {
            learning_rate::to_slider(rate) / f64::from(learning_rate::SLIDER_STEPS) * 100.0
        };
        let shown_step = run.shown_step();
        Page {
            scene: app.scene,
            language: app.language,
            playing: app.playing,
            steps: run.steps(),
            shown_step,
            generation: run.generation(),
            readouts: run.readouts(),
            update: run.update_rows(),
            learning_rate,
            slider_position: learning_rate::to_slider(learning_rate),
            learning_rate_error: app.learning_rate_error,
            regime: curvature.map(|curvature| {
                let kappa = curvature.kappa;
                RegimeView {
                    regime: regime::classify(learning_rate, kappa),
                    factor: regime::factor(learning_rate, kappa),
                    fractions: curvature.fractions,
                    kappa,
                    boundaries: (percent(1.0 / kappa), percent(2.0 / kappa)),
                    curvature_meaning: curvature.meaning,
                    symbol: curvature.symbol,
                    best: curvature.best_rate.map(|rate| (rate, percent(rate))),
                }
            }),
            diverged_at: run.diverged_at(),
            settled_at: run.settled_at(),
            announcement: Announcement {
                step: shown_step,
                loss: run.shown_loss(),
            },
            loss_scale: app.loss_scale,
            speed: app.speed,
            outcome: app.outcome,
            notice_count: app.notices.len(),
            randomizable: run.randomizable(),
            has_field: run.field_point().is_some(),
            has_post_start: run.has_post_start(),
            challenge_count: run.challenges().len(),
            challenge: app
                .attempt
                .filter(|(scene, _)| *scene == app.scene)
                .and_then(|(_, attempt)| {
                    let challenge = run.challenges().get(attempt.index)?;
                    Some(ChallengeView {
                        index: attempt.index,
                        task: challenge.task,
                        teaches: challenge.teaches,
                        goal: challenge.goal,
                        status: challenge_status(challenge, run, attempt.guess),
                        predicts: matches!(challenge.goal, Goal::Predict { .. }),
                        guess: attempt.guess,
                        guess_invalid: app.guess_invalid,
                    })
                }),
            follows_post: run.follows_post(),
            embed: app.embed,
            hidden: Parts::of(Part::ALL.into_iter().filter(|part| {
                app.is_hidden(*part) || (*part == Part::Regime && curvature.is_none())
            })),
            bias_gradient: run.bias_gradient(),
            race: run.race(),
            setting_error: app.setting_error,
            formula_refused: app.formula_error.is_some(),
            race_curvatures: run.race().zip(run.objective()).map(|(race, objective)| {
                let leader = race.racers[race.leader().index()].position;
                objective.hessian(leader).eigen().values
            }),
            sub_step: app.sub_step(),
            highlight: app.highlight,
        }
    }

    /// What the learning rate does here, in words, after what κ is (none without one κ).
    /// A race's sentence covers both directions of its surface instead.
    pub fn regime_sentence(&self) -> Option<String> {
        let regime = self.regime?;
        if self.race.is_some() {
            let meaning = self.language.text(regime.curvature_meaning);
            return self
                .race_directions_text()
                .map(|text| format!("{text} {meaning}"));
        }
        let (one_step, bounce) = regime.fraction_texts();
        let meaning = self.language.text(regime.curvature_meaning);
        let what = self
            .language
            .regime(regime.regime, &readout(regime.factor), &one_step, &bounce);
        Some(format!("{what} {meaning}"))
    }

    /// The labels of the regime bar's boundaries: 1/κ and 2/κ with their values.
    /// The label of gradient descent's best fixed rate on the bar, where there is one.
    pub fn best_rate_label(&self) -> Option<String> {
        let (rate, _) = self.regime?.best?;
        // Short: the bar is narrow on a phone; the sentence gives the formula.
        Some(format!(
            "{} {}",
            self.language.text(Key::BestRate),
            short(rate)
        ))
    }

    pub fn regime_labels(&self) -> Option<(String, String)> {
        let regime = self.regime?;
        let (one_step, bounce) = regime.fraction_texts();
        let symbol = regime.symbol;
        Some((
            format!("1/{symbol} = {one_step}"),
            format!("2/{symbol} = {bounce}"),
        ))
    }

    /// Why the run paused, if a step would have diverged.
    pub fn divergence_text(&self) -> Option<String> {
        self.diverged_at
            .map(|rate| self.language.divergence(&readout(rate)))
    }

    /// Why Play paused by itself on a converged run.
    pub fn convergence_text(&self) -> Option<String> {
        self.settled_at.map(|step| self.language.convergence(step))
    }

    /// Whether the race's surface curves down along some direction at the first optimizer's
    /// point (a saddle, or log(x) + y²): there no rate converges, whatever the track's
    /// colours say about the steep direction, so the track is striped over them.
    pub fn track_escapes(&self) -> bool {
        self.race_curvatures
            .is_some_and(|[smallest, _]| smallest < 0.0)
    }

    /// What gradient descent does along each direction of the race's surface (at the
    /// first optimizer's point where the curvature varies), and its critical rates.
    pub fn race_directions_text(&self) -> Option<String> {
        let race = self.race?;
        let values = self.race_curvatures?;
        let factor = |value: f64| short(1.0 - self.learning_rate * value);
        let texts = values.map(|value| (short(value), factor(value)));
        let critical = race
            .surface
            .critical_learning_rates()
            .map(|(largest, best)| (short(largest), short(best)));
        let mut text = self.language.race_directions(
            [(&texts[0].0, &texts[0].1), (&texts[1].0, &texts[1].1)],
            critical
                .as_ref()
                .map(|(largest, best)| (largest.as_str(), best.as_str())),
            !race.surface.is_quadratic(),
            race.leader().label(),
        );
        if self.track_escapes() {
            text.push_str(&self.language.track_escapes(&texts[0].0));
        }
        Some(text)
    }

    /// The name of the optimizer the race's readouts follow (the first ticked), and, once
    /// it has stopped, that they are its last values: the step readout counts on with
    /// the others.
    pub fn race_leader_name(&self) -> Option<String> {
        let race = self.race?;
        let leader = race.leader();
        let mut name = leader.label().to_string();
        if let Some(step) = race.diverged_at[leader.index()] {
            name.push_str(&self.language.leader_stopped(step));
        }
        Some(name)
    }

    /// Each selected optimizer's status, in the order of [`Method::ALL`].
    pub fn racer_status_text(&self, method: Method) -> Option<String> {
        let race = self.race?;
        race.methods.contains(method).then(|| {
            self.language.racer_status(
                race.diverged_at[method.index()],
                race.undefined[method.index()],
            )
        })
    }

    pub fn setting_error_text(&self) -> Option<String> {
        self.setting_error
            .map(|parameter| self.language.setting_error(parameter))
    }
}

/// Where a typed formula is not defined, and why there: "f is not defined at (−4, 4):
/// log of a negative number in log(x)".
pub fn undefined_note(
    language: Language,
    formula: &Formula,
    point: Vec2,
    at_start: bool,
) -> String {
    let mut values = Vec::new();
    formula.expression.forward(point, &mut values);
    let failure = formula
        .expression
        .first_failure(&values)
        .map(|(node, failure)| (failure, formula.expression.node_text(node)));
    language.undefined_note(&short(point.x), &short(point.y), failure, at_start)
}

/// The line above the formula's graph: whose point and which step it shows.
pub fn graph_point_text(page: &Page) -> Option<String> {
    let race = page.race?;
    let leader = race.leader();
    let point = race.racers[leader.index()].position;
    Some(page.language.graph_point(
        leader.label(),
        &short(point.x),
        &short(point.y),
        page.shown_step,
    ))
}

/// What is wrong with the typed formula and where, in the reader's language (the page
/// model is `Copy`, so the error itself stays in the app).
pub fn formula_error_text(app: &App) -> Option<String> {
    app.formula_error
        .as_ref()
        .map(|error| app.language.formula_error(error))
}

impl Page {
    pub fn learning_rate_error_text(&self) -> Option<&'static str> {
        self.learning_rate_error
            .map(|error| self.language.learning_rate_error(&error))
    }

    pub fn announcement_text(&self) -> String {
        self.language
            .announcement(self.announcement.step, &readout(self.announcement.loss))
    }

    /// The loss chart's heading and the name of its value axis: the field and the race
    /// descend f itself (the readouts say f(x, y)); the lessons with a model, its loss C.
    pub fn loss_words(&self) -> (&'static str, &'static str) {
        let text = |key| self.language.text(key);
        match (self.race.is_some(), self.scene) {
            (true, _) => (text(Key::LossHeadingRace), "f"),
            (false, Scene::Field) => (text(Key::LossHeadingField), "f"),
            _ => (text(Key::LossHeading), text(Key::AxisLoss)),
        }
    }

    pub fn play_label(&self) -> &'static str {
        self.language
            .text(if self.playing { Key::Pause } else { Key::Play })
    }

    /// The status beside "Copy link" and the one beside the CSV buttons.
    pub fn outcome_texts(&self) -> (&'static str, &'static str) {
        let text = |key| self.language.text(key);
        match self.outcome {
            None => ("", ""),
            Some(Outcome::Copied(Clip::Link)) => (text(Key::LinkCopied), ""),
            Some(Outcome::CopyRefused(Clip::Link)) => (text(Key::CopyFailed), ""),
            Some(Outcome::Copied(Clip::Csv)) => ("", text(Key::CsvCopied)),
            Some(Outcome::CopyRefused(Clip::Csv)) => ("", text(Key::CsvCopyFailed)),
            Some(Outcome::DownloadFailed) => ("", text(Key::DownloadFailed)),
        }
    }
}

/// The notices about the URL, in the reader's language.
pub fn notices(app: &App) -> Vec<String> {
    app.notices
        .iter()
        .map(|notice| app.language.notice(notice))
        .collect()
}

/// The href of "Open the full app" in an embed.
pub fn full_app_href(app: &App) -> String {
    format!("?{}", app.full_app_query())
}

/// How `challenge` stands on `run`, with the reader's `guess` for predictions.
pub fn challenge_status(challenge: &Challenge, run: &dyn AnyRun, guess: Option<f64>) -> Status {
    let shown = run.shown_step();
    match challenge.goal {
        Goal::LossBelow {
            threshold, steps, ..
        } => {
            // The first step within the allowance that got below the threshold.
            let solved = (1..=shown.min(steps)).find_map(|step| {
                let loss = run.loss_at(step)?;
                (loss < threshold).then_some(Status::Solved { step, value: loss })
            });
            // A run that diverged (its next step is refused) or settled (its steps
            // change nothing any more) will not get there either.
            let stuck = run.diverged_at().is_some() || run.settled_at() == Some(shown);
            match solved {
                Some(solved) => solved,
                None if shown >= steps => run
                    .loss_at(steps)
                    .map_or(Status::Open, |value| Status::NotYet { step: steps, value }),
                None if stuck && shown > 0 => Status::NotYet {
                    step: shown,
                    value: run.shown_loss(),
                },
                None => Status::Open,
            }
        }
        Goal::Predict { readout, .. } => {
            // The prediction is for step 1; later steps do not change the verdict.
            let value = run
                .readouts_at(1)
                .and_then(|readouts| readouts.values().get(readout).copied());
            // Judged by whether step 1 was ever taken, not by the step shown: going back
            // to step 0 neither reopens the prediction nor takes the verdict away.
            let stepped = run.steps() > 0;
            match (guess, value) {
                (None, _) if stepped => Status::NoPrediction,
                (None, _) => Status::Open,
                (Some(guess), _) if !stepped => Status::Predicted { guess },
                (Some(_), None) => Status::Open,
                (Some(guess), Some(value)) if challenge::prediction_is_right(guess, value) => {
                    Status::Solved { step: 1, value }
                }
                (Some(_), Some(value)) => Status::NotYet { step: 1, value },
            }
        }
    }
}
