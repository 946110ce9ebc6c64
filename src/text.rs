//! Every string the UI shows, in one place.
//!
//! Static strings are looked up by [`Key`]; `index.html` names them in
//! `data-text` (text content) and `data-label` (aria-label) attributes, and a test
//! checks that every name used there exists. Messages with numbers in them are
//! functions below.

use crate::config::{Notice, Parameter};
use crate::learning_rate::LearningRateError;

macro_rules! keys {
    ($($variant:ident = $name:literal => $english:literal,)*) => {
        /// A static UI string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($variant),* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$variant),*];

            /// The name used in `index.html`.
            pub fn name(self) -> &'static str {
                match self { $(Key::$variant => $name),* }
            }

            pub fn from_name(name: &str) -> Option<Key> {
                match name { $($name => Some(Key::$variant),)* _ => None }
            }
        }

        fn english(key: Key) -> &'static str {
            match key { $(Key::$variant => $english),* }
        }
    };
}

keys! {
    Title = "title" => "Gradient descent, step by step",
    Subtitle = "subtitle" => "Follow the gradient of x² + y² downhill, then train one neuron by backpropagation.",
    Scenes = "scenes" => "Scenes",
    TabField = "tab_field" => "Gradient field",
    TabNeuron = "tab_neuron" => "One neuron",
    Play = "play" => "Play",
    Pause = "pause" => "Pause",
    StepButton = "step_button" => "Step",
    Reset = "reset" => "Reset",
    Randomize = "randomize" => "Randomize",
    Controls = "controls" => "Controls",
    LearningRate = "learning_rate" => "Learning rate",
    Speed = "speed" => "Speed",
    Speed1 = "speed_1" => "1 step per frame",
    Speed10 = "speed_10" => "10 steps per frame",
    Speed100 = "speed_100" => "100 steps per frame",
    Speed1000 = "speed_1000" => "1000 steps per frame",
    LearningRateValue = "learning_rate_value" => "Learning rate value",
    LossHeading = "loss_heading" => "Loss per step",
    LogScale = "log_scale" => "Logarithmic scale",
    LossCanvas = "loss_canvas" => "Line chart of the loss of the current scene at every step so far.",
    FieldIntro = "field_intro" => "f(x, y) = x² + y². Its gradient ∇f = (2x, 2y) points uphill, so each step moves by −α·∇f.",
    FieldCanvas = "field_canvas" => "Heatmap of f(x, y) = x² + y² over −4 … 4 with circular contour lines, gradient arrows pointing away from the minimum at (0, 0), the current point, its gradient, its next step and its path.",
    FieldHint = "field_hint" => "Click or tap the field to start from another point.",
    LegendGradient = "legend_gradient" => "gradient ∇f (drawn at ⅛ length)",
    LegendStep = "legend_step" => "next step −α·∇f",
    LegendPath = "legend_path" => "path so far",
    NeuronIntro = "neuron_intro" => "ŷ = x·w + b with x = [1 2 3] and target y = 1; loss C = (ŷ − y)². Each step: w := w − α·xᵀ·[2(ŷ − y)] and b := b − α·2(ŷ − y).",
    Readouts = "readouts" => "Current values",
    Step = "step" => "step",
    Prediction = "prediction" => "prediction",
    Loss = "loss" => "loss",
    LastUpdate = "last_update" => "Last update",
    NoUpdateYet = "no_update_yet" => "Press Step to see one update: every weight moves against its gradient.",
    Parameter = "parameter" => "Parameter",
    Before = "before" => "Before",
    Gradient = "gradient" => "Gradient ∂C/∂·",
    After = "after" => "After",
    RunLog = "run_log" => "Run log",
    LogStep = "log_step" => "Step",
    LogPrediction = "log_prediction" => "Prediction",
    LogAfter = "log_after" => "After the step",
    LogTarget = "log_target" => "Target",
    LogLoss = "log_loss" => "Loss",
    Dismiss = "dismiss" => "Dismiss",
    ErrorTitle = "error_title" => "Something went wrong and the app stopped.",
    Reload = "reload" => "Reload",
}

/// The languages of the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
}

impl Language {
    pub fn text(self, key: Key) -> &'static str {
        match self {
            Language::English => english(key),
        }
    }

    /// Why the run paused after a step that would have diverged.
    pub fn divergence(self, learning_rate: &str) -> String {
        match self {
            Language::English => format!(
                "The learning rate α = {learning_rate} is too large: the next step would push the values past a million, so the run is paused. Lower the learning rate or press Reset."
            ),
        }
    }

    pub fn learning_rate_error(self, error: &LearningRateError) -> &'static str {
        match (self, error) {
            (Language::English, LearningRateError::NotANumber) => {
                "That is not a number. Type a learning rate such as 0.01; it was not changed."
            }
            (Language::English, LearningRateError::OutOfRange) => {
                "The learning rate must be between 0.0001 and 1.5; it was not changed."
            }
        }
    }

    /// What a URL parameter accepts.
    pub fn accepted(self, parameter: Parameter) -> &'static str {
        match (self, parameter) {
            (Language::English, Parameter::Scene) => "“field” or “neuron”",
            (Language::English, Parameter::LearningRate) => "a number from 0.0001 to 1.5",
            (Language::English, Parameter::X | Parameter::Y) => "a number from −4 to 4",
            (Language::English, Parameter::Weights) => {
                "three numbers from −100 to 100, separated by commas"
            }
            (Language::English, Parameter::Bias) => "a number from −100 to 100",
            (Language::English, Parameter::Speed) => "1, 10, 100 or 1000 (steps per frame)",
        }
    }

    pub fn notice(self, notice: &Notice) -> String {
        match (self, notice) {
            (Language::English, Notice::Invalid(parameter)) => format!(
                "Ignored “{}” in the link: it accepts {}.",
                parameter.key(),
                self.accepted(*parameter)
            ),
            (Language::English, Notice::Unknown(name)) => format!(
                "Ignored unknown parameter “{name}” in the link; the app reads scene, lr, x, y, w, b and speed."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for key in Key::ALL {
            assert_eq!(Key::from_name(key.name()), Some(*key));
            assert!(!Language::English.text(*key).is_empty());
        }
    }

    #[test]
    fn index_html_uses_only_known_names() {
        let html = include_str!("../index.html");
        let mut used = 0;
        for attribute in ["data-text=\"", "data-label=\""] {
            for (index, _) in html.match_indices(attribute) {
                let rest = &html[index + attribute.len()..];
                let name = &rest[..rest.find('"').expect("attribute is closed")];
                assert!(Key::from_name(name).is_some(), "unknown text name {name}");
                used += 1;
            }
        }
        assert!(used > 20, "index.html names only {used} strings");
    }

    #[test]
    fn notices_name_the_parameter_and_what_it_accepts() {
        let text = Language::English.notice(&Notice::Invalid(Parameter::LearningRate));
        assert!(text.contains("“lr”") && text.contains("0.0001 to 1.5"));
    }
}
