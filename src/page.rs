//! The page model: every number and text the page shows, as a pure function of
//! `&App` ([`Page::of`]), so what a reader sees is decided — and tested — natively.
//!
//! [`Page`] is `Copy` and holds numbers and small enums only: it is computed every
//! frame of play without allocating, and the web layer compares it with the one it
//! drew last to write only what changed. The texts built from it (sentences with
//! numbers in them) are methods, called only when their inputs changed.

use crate::app::{App, Clip, Outcome};
use crate::format::readout;
use crate::graph::Quantity;
use crate::learning_rate::{self, LearningRateError};
use crate::lesson::{Readouts, UpdateRows};
use crate::regime::{self, Regime};
use crate::text::Key;
use crate::vocabulary::{Language, LossScale, Part, Scene, Speed};
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
    /// 1/κ and 2/κ as fractions (½ and 1 on the field).
    pub fractions: (&'static str, &'static str),
    /// The slider positions of 1/κ and 2/κ, in percent of the track.
    pub boundaries: (f64, f64),
    /// What κ is in this lesson.
    pub curvature_meaning: Key,
}

/// What the screen-reader live region says: the step shown and its loss.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Announcement {
    pub step: u64,
    /// The loss of the state shown, computed from that state (never a thinned sample).
    pub loss: f64,
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
    pub regime: RegimeView,
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
    /// Whether the lesson has the post's start ("The post's start").
    pub has_post_start: bool,
    /// Whether this run is the post's own (its start and rate): the log marks matches.
    pub follows_post: bool,
    /// Whether this lesson moves a point on the field canvas.
    pub has_field: bool,
    /// Compact layout for an iframe in an article.
    pub embed: bool,
    /// The parts the embedding author hid.
    pub hidden: Parts,
    /// The node and phase of the Step shown that the reader is walking through.
    pub sub_step: Option<SubStep>,
    /// The quantity highlighted wherever it is shown.
    pub highlight: Option<Quantity>,
}

impl Page {
    pub fn of(app: &App) -> Page {
        let run = app.run();
        let learning_rate = run.learning_rate();
        let (curvature, fractions) = run.curvature();
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
            regime: RegimeView {
                regime: regime::classify(learning_rate, curvature),
                factor: regime::factor(learning_rate, curvature),
                fractions,
                boundaries: (percent(1.0 / curvature), percent(2.0 / curvature)),
                curvature_meaning: run.curvature_meaning(),
            },
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
            follows_post: run.follows_post(),
            embed: app.embed,
            hidden: Parts::of(Part::ALL.into_iter().filter(|part| app.is_hidden(*part))),
            sub_step: app.sub_step(),
            highlight: app.highlight,
        }
    }

    /// What the learning rate does here, in words, after what κ is.
    pub fn regime_sentence(&self) -> String {
        let regime = self.regime;
        let (one_step, bounce) = regime.fractions;
        let meaning = self.language.text(regime.curvature_meaning);
        let what = self
            .language
            .regime(regime.regime, &readout(regime.factor), one_step, bounce);
        format!("{what} {meaning}")
    }

    /// The labels of the regime bar's boundaries: 1/κ and 2/κ with their values.
    pub fn regime_labels(&self) -> (String, String) {
        let (one_step, bounce) = self.regime.fractions;
        (format!("1/κ = {one_step}"), format!("2/κ = {bounce}"))
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

    pub fn learning_rate_error_text(&self) -> Option<&'static str> {
        self.learning_rate_error
            .map(|error| self.language.learning_rate_error(&error))
    }

    pub fn announcement_text(&self) -> String {
        self.language
            .announcement(self.announcement.step, &readout(self.announcement.loss))
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
