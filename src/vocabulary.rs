//! The words every other module shares: which lesson, which language, which loss axis,
//! which parts of the page, which URL parameters, which speeds.
//!
//! This module imports nothing from the crate, so any module may use it without
//! forming an import cycle (`tests/modules.rs` checks there is none).

/// The lessons, in the order of their tabs. Each has one module in `crate::lessons`,
/// registered there in one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scene {
    /// Section 2 of the post: descending f(x, y) = x² + y².
    Field,
    /// Sections 3 and 4: training one dense layer by backpropagation.
    Neuron,
    /// Part 2 of the series: a sigmoid layer, two outputs, a batch of two samples.
    Layer,
    /// Part 3: a hidden layer of three sigmoid units.
    Network,
    /// After the series: gradient descent, momentum, RMSprop and Adam racing on harder surfaces.
    Optimizers,
}

impl Scene {
    pub const ALL: [Scene; 5] = [
        Scene::Field,
        Scene::Neuron,
        Scene::Layer,
        Scene::Network,
        Scene::Optimizers,
    ];

    /// The name in `scene=` and in the page's element ids (`tab-<key>`, `panel-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Scene::Field => "field",
            Scene::Neuron => "neuron",
            Scene::Layer => "layer",
            Scene::Network => "network",
            Scene::Optimizers => "optimizers",
        }
    }

    pub fn from_key(key: &str) -> Option<Scene> {
        Scene::ALL.into_iter().find(|scene| scene.key() == key)
    }
}

/// How the loss axis of the chart is scaled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossScale {
    Linear,
    Log,
}

/// How fast Play steps: a few steps a second to follow each one, or many steps per
/// animation frame to see where a run goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    /// This many steps a second (1 or 4): slow enough to watch every step.
    PerSecond(u32),
    /// This many steps every animation frame (1, 10, 100 or 1000).
    PerFrame(u32),
}

impl Speed {
    pub const ALL: [Speed; 6] = [
        Speed::PerSecond(1),
        Speed::PerSecond(4),
        Speed::PerFrame(1),
        Speed::PerFrame(10),
        Speed::PerFrame(100),
        Speed::PerFrame(1000),
    ];

    /// Four steps a second: a reader sees each step land.
    pub const DEFAULT: Speed = Speed::PerSecond(4);

    /// The value in `speed=` and in the speed control: `1/s`, `4/s`, `1`, `10`, `100`, `1000`.
    pub fn key(self) -> &'static str {
        match self {
            Speed::PerSecond(1) => "1/s",
            Speed::PerSecond(_) => "4/s",
            Speed::PerFrame(1) => "1",
            Speed::PerFrame(10) => "10",
            Speed::PerFrame(100) => "100",
            Speed::PerFrame(_) => "1000",
        }
    }

    pub fn from_key(key: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|speed| speed.key() == key)
    }
}

/// The languages of the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
    Chinese,
}

impl Language {
    /// The value of `<html lang>` and of the `lang=` URL parameter.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Chinese => "zh",
        }
    }

    /// Reads `zh`, `zh-CN`, `en-US`, … as a browser or a URL writes them.
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Language::Chinese),
            "en" => Some(Language::English),
            _ => None,
        }
    }

    /// The language for a browser's preference list: Chinese if it comes first
    /// among the languages we have, English otherwise.
    pub fn for_browser<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Language {
        preferences
            .into_iter()
            .find_map(Language::from_code)
            .unwrap_or(Language::English)
    }

    pub fn other(self) -> Language {
        match self {
            Language::English => Language::Chinese,
            Language::Chinese => Language::English,
        }
    }
}

/// The query parameters the app understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parameter {
    Scene,
    LearningRate,
    X,
    Y,
    Weights,
    Bias,
    Speed,
    Scale,
    Language,
    Embed,
    Hide,
    Show,
    /// ω⁰, b⁰, ω¹, b¹ of the hidden-layer lesson.
    HiddenWeights,
    HiddenBias,
    OutputWeights,
    OutputBias,
    /// `bias=mean|sum`: how a batch lesson combines the bias gradient.
    BiasGradient,
    /// The optimizer race's surface, κ of the stretched bowl, the optimizers (`opt=`),
    /// momentum μ, and Adam's β₁ and β₂.
    Surface,
    Kappa,
    Optimizers,
    Momentum,
    Beta1,
    Beta2,
    /// `f=`: the race's own formula in x and y (`surface=custom`).
    Formula,
}

impl Parameter {
    /// Whether the setting changes the problem itself (the start, the surface or its
    /// formula) rather than how the run descends it (the rate, μ, β, the optimizers): a
    /// challenge is set on its own problem, so changing the problem ends it, as picking a
    /// start on the surface does.
    pub fn sets_the_problem(self) -> bool {
        matches!(
            self,
            Parameter::X
                | Parameter::Y
                | Parameter::Weights
                | Parameter::Bias
                | Parameter::HiddenWeights
                | Parameter::HiddenBias
                | Parameter::OutputWeights
                | Parameter::OutputBias
                | Parameter::Surface
                | Parameter::Kappa
                | Parameter::Formula
        )
    }

    pub const ALL: [Parameter; 24] = [
        Parameter::Scene,
        Parameter::LearningRate,
        Parameter::X,
        Parameter::Y,
        Parameter::Weights,
        Parameter::Bias,
        Parameter::Speed,
        Parameter::Scale,
        Parameter::Language,
        Parameter::Embed,
        Parameter::Hide,
        Parameter::Show,
        Parameter::HiddenWeights,
        Parameter::HiddenBias,
        Parameter::OutputWeights,
        Parameter::OutputBias,
        Parameter::BiasGradient,
        Parameter::Surface,
        Parameter::Kappa,
        Parameter::Optimizers,
        Parameter::Momentum,
        Parameter::Beta1,
        Parameter::Beta2,
        Parameter::Formula,
    ];

    /// The name as written in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Parameter::Scene => "scene",
            Parameter::LearningRate => "lr",
            Parameter::X => "x",
            Parameter::Y => "y",
            Parameter::Weights => "w",
            Parameter::Bias => "b",
            Parameter::Speed => "speed",
            Parameter::Scale => "scale",
            Parameter::Language => "lang",
            Parameter::Embed => "embed",
            Parameter::Hide => "hide",
            Parameter::Show => "show",
            Parameter::HiddenWeights => "w0",
            Parameter::HiddenBias => "b0",
            Parameter::OutputWeights => "w1",
            Parameter::OutputBias => "b1",
            Parameter::BiasGradient => "bias",
            Parameter::Surface => "surface",
            Parameter::Kappa => "kappa",
            Parameter::Optimizers => "opt",
            Parameter::Momentum => "momentum",
            Parameter::Beta1 => "beta1",
            Parameter::Beta2 => "beta2",
            Parameter::Formula => "f",
        }
    }
}

/// Something about the URL the reader (or the author embedding the app) should know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The value of a known parameter was ignored.
    Invalid(Parameter),
    /// A parameter the app does not know; the name is shortened for display.
    Unknown(String),
}

/// Parts of the page an author embedding the app can hide with `hide=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Tabs,
    Buttons,
    Rate,
    Speed,
    Intro,
    Legend,
    Readouts,
    Update,
    Log,
    Chart,
    Share,
    History,
    Graph,
    Equations,
    /// Download CSV and Copy CSV.
    Csv,
    /// The button that switches the language.
    Language,
    /// The learning-rate regimes: the coloured track and the sentence under the slider.
    Regime,
    /// "Try it yourself": the lesson's challenges.
    Challenges,
}

impl Part {
    pub const ALL: [Part; 18] = [
        Part::Tabs,
        Part::Buttons,
        Part::Rate,
        Part::Speed,
        Part::Intro,
        Part::Legend,
        Part::Readouts,
        Part::Update,
        Part::Log,
        Part::Chart,
        Part::Share,
        Part::History,
        Part::Graph,
        Part::Equations,
        Part::Csv,
        Part::Language,
        Part::Regime,
        Part::Challenges,
    ];

    /// What an embed (`embed=1`) leaves out unless `show=` names it: a figure in an
    /// article shows the lesson and the controls that drive it, not the whole app.
    pub const HIDDEN_IN_EMBEDS: [Part; 13] = [
        Part::Tabs,
        Part::Speed,
        Part::Intro,
        Part::Legend,
        Part::Log,
        Part::Chart,
        Part::Share,
        Part::History,
        Part::Equations,
        Part::Csv,
        Part::Language,
        Part::Regime,
        Part::Challenges,
    ];

    /// The name in `hide=`; the page marks each part with `data-part="<name>"`.
    pub fn key(self) -> &'static str {
        match self {
            Part::Tabs => "tabs",
            Part::Buttons => "buttons",
            Part::Rate => "rate",
            Part::Speed => "speed",
            Part::Intro => "intro",
            Part::Legend => "legend",
            Part::Readouts => "readouts",
            Part::Update => "update",
            Part::Log => "log",
            Part::Chart => "chart",
            Part::Share => "share",
            Part::History => "history",
            Part::Graph => "graph",
            Part::Equations => "equations",
            Part::Csv => "csv",
            Part::Language => "language",
            Part::Regime => "regime",
            Part::Challenges => "challenges",
        }
    }
}

/// What a challenge of "Try it yourself" asks of the reader (see `crate::challenge`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ChallengeGoal {
    /// Get the loss (`symbol`, f or C) below `threshold` within `steps` steps.
    LossBelow {
        threshold: f64,
        steps: u64,
        symbol: &'static str,
    },
    /// Type what readout number `readout` (the quantity `symbol`, as the equations
    /// write it) will show after the next step, then Step.
    Predict {
        readout: usize,
        symbol: &'static str,
    },
}

/// How a challenge of "Try it yourself" stands (see `crate::challenge`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ChallengeStatus {
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
