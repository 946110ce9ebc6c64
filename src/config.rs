//! The initial state read from the page's URL query, e.g.
//! `?scene=neuron&lr=0.001&w=0,0,0&b=3.35507743`.
//!
//! Parsing never fails as a whole: every parameter that is missing, malformed or
//! out of range is ignored and reported as a [`Notice`], so the rest still applies.

use crate::app::{LossScale, Scene, SPEEDS};
use crate::learning_rate;
use crate::surface::Vec2;
use crate::text::Language;

/// The field shows [-EXTENT, EXTENT]² and a start point must lie in it.
pub const FIELD_EXTENT: f64 = 4.0;
/// Starting weights and bias must lie in [-PARAMETER_LIMIT, PARAMETER_LIMIT].
pub const PARAMETER_LIMIT: f64 = 100.0;
/// Unknown parameter names are shown cut to this many characters.
const MAX_NAME_CHARS: usize = 24;

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
}

impl Parameter {
    pub const ALL: [Parameter; 11] = [
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
        }
    }
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
}

impl Part {
    pub const ALL: [Part; 14] = [
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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub scene: Option<Scene>,
    pub learning_rate: Option<f64>,
    pub start_x: Option<f64>,
    pub start_y: Option<f64>,
    pub weights: Option<[f64; 3]>,
    pub bias: Option<f64>,
    pub speed: Option<u32>,
    pub scale: Option<LossScale>,
    pub language: Option<Language>,
    pub embed: bool,
    /// Parts to hide, sorted, without repeats.
    pub hidden: Vec<Part>,
}

impl Config {
    /// The field's start point: the URL's coordinates where given, else the post's (1, 3).
    pub fn start_point(&self, default: Vec2) -> Vec2 {
        Vec2::new(
            self.start_x.unwrap_or(default.x),
            self.start_y.unwrap_or(default.y),
        )
    }
}

/// Reads a query string (with or without the leading `?`).
pub fn parse_query(query: &str) -> (Config, Vec<Notice>) {
    let mut config = Config::default();
    let mut notices = Vec::new();
    let query = query.strip_prefix('?').unwrap_or(query);
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(raw_key);
        let value = percent_decode(raw_value);
        let Some(parameter) = Parameter::ALL.into_iter().find(|p| p.key() == key) else {
            let notice = Notice::Unknown(shorten(&key));
            if !notices.contains(&notice) {
                notices.push(notice);
            }
            continue;
        };
        if !apply(&mut config, parameter, value.trim()) {
            let notice = Notice::Invalid(parameter);
            if !notices.contains(&notice) {
                notices.push(notice);
            }
        }
    }
    (config, notices)
}

/// Stores one parameter's value if it is valid; returns whether it was.
fn apply(config: &mut Config, parameter: Parameter, value: &str) -> bool {
    match parameter {
        Parameter::Scene => match value {
            "field" => config.scene = Some(Scene::Field),
            "neuron" => config.scene = Some(Scene::Neuron),
            _ => return false,
        },
        Parameter::LearningRate => match learning_rate::parse(value) {
            Ok(rate) => config.learning_rate = Some(rate),
            Err(_) => return false,
        },
        Parameter::X | Parameter::Y => match number_in(value, FIELD_EXTENT) {
            Some(coordinate) if parameter == Parameter::X => config.start_x = Some(coordinate),
            Some(coordinate) => config.start_y = Some(coordinate),
            None => return false,
        },
        Parameter::Weights => {
            let parts: Vec<Option<f64>> = value
                .split(',')
                .map(|part| number_in(part, PARAMETER_LIMIT))
                .collect();
            match parts.as_slice() {
                [Some(w1), Some(w2), Some(w3)] => config.weights = Some([*w1, *w2, *w3]),
                _ => return false,
            }
        }
        Parameter::Bias => match number_in(value, PARAMETER_LIMIT) {
            Some(bias) => config.bias = Some(bias),
            None => return false,
        },
        Parameter::Speed => match value.parse::<u32>() {
            Ok(speed) if SPEEDS.contains(&speed) => config.speed = Some(speed),
            _ => return false,
        },
        Parameter::Scale => match value {
            "linear" => config.scale = Some(LossScale::Linear),
            "log" => config.scale = Some(LossScale::Log),
            _ => return false,
        },
        Parameter::Language => match value {
            "zh" => config.language = Some(Language::Chinese),
            "en" => config.language = Some(Language::English),
            _ => return false,
        },
        Parameter::Embed => match value {
            "1" => config.embed = true,
            "0" => config.embed = false,
            _ => return false,
        },
        Parameter::Hide => {
            // Known names apply even when others are misspelt; the notice names the parameter.
            let names: Vec<&str> = value.split(',').map(str::trim).collect();
            let all_known = names
                .iter()
                .all(|name| name.is_empty() || Part::ALL.iter().any(|part| part.key() == *name));
            // In the order of `Part::ALL`, without repeats (a filter, not a sort: no sort code ships).
            config.hidden = Part::ALL
                .into_iter()
                .filter(|part| config.hidden.contains(part) || names.contains(&part.key()))
                .collect();
            return all_known;
        }
    }
    true
}

/// A finite number with |value| ≤ limit, written in plain decimal or exponent form.
fn number_in(text: &str, limit: f64) -> Option<f64> {
    let value = crate::decimal::parse(text.trim())?;
    (value.is_finite() && value.abs() <= limit).then_some(value)
}

/// The settings of a view as a query string that [`parse_query`] reads back to the
/// same values (numbers are written with the shortest digits that round-trip).
pub fn to_query(config: &Config) -> String {
    let mut pairs: Vec<String> = Vec::new();
    let mut push = |key: Parameter, value: String| pairs.push(format!("{}={value}", key.key()));
    if let Some(scene) = config.scene {
        push(
            Parameter::Scene,
            match scene {
                Scene::Field => "field",
                Scene::Neuron => "neuron",
            }
            .into(),
        );
    }
    if let Some(rate) = config.learning_rate {
        push(Parameter::LearningRate, rate.to_string());
    }
    if let Some(x) = config.start_x {
        push(Parameter::X, x.to_string());
    }
    if let Some(y) = config.start_y {
        push(Parameter::Y, y.to_string());
    }
    if let Some([w1, w2, w3]) = config.weights {
        push(Parameter::Weights, format!("{w1},{w2},{w3}"));
    }
    if let Some(bias) = config.bias {
        push(Parameter::Bias, bias.to_string());
    }
    if let Some(speed) = config.speed {
        push(Parameter::Speed, speed.to_string());
    }
    if let Some(scale) = config.scale {
        push(
            Parameter::Scale,
            match scale {
                LossScale::Linear => "linear",
                LossScale::Log => "log",
            }
            .into(),
        );
    }
    if let Some(language) = config.language {
        push(Parameter::Language, language.code().into());
    }
    if config.embed {
        push(Parameter::Embed, "1".into());
    }
    if !config.hidden.is_empty() {
        let names: Vec<&str> = config.hidden.iter().map(|part| part.key()).collect();
        push(Parameter::Hide, names.join(","));
    }
    pairs.join("&")
}

fn shorten(name: &str) -> String {
    let mut short: String = name.chars().take(MAX_NAME_CHARS).collect();
    if name.chars().count() > MAX_NAME_CHARS {
        short.push('…');
    }
    short
}

/// Decodes `%XX` escapes and `+` as a space; malformed escapes are kept as written
/// and if the bytes are not UTF-8, every non-ASCII byte becomes U+FFFD, so any input
/// decodes to some text.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => decoded.push(b' '),
            b'%' if index + 2 < bytes.len() => {
                match (hex(bytes[index + 1]), hex(bytes[index + 2])) {
                    (Some(high), Some(low)) => {
                        decoded.push(high * 16 + low);
                        index += 2;
                    }
                    _ => decoded.push(b'%'),
                }
            }
            byte => decoded.push(byte),
        }
        index += 1;
    }
    // Not `from_utf8_lossy`: its decoder is 0.25 KB gzip, for text that is only ever
    // shown back in a notice.
    String::from_utf8(decoded).unwrap_or_else(|error| {
        error
            .into_bytes()
            .into_iter()
            .map(|byte| {
                if byte.is_ascii() {
                    char::from(byte)
                } else {
                    '\u{FFFD}'
                }
            })
            .collect()
    })
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_table_reproduction_link() {
        let (config, notices) = parse_query("?scene=neuron&lr=0.001&w=0,0,0&b=3.35507743");
        assert!(notices.is_empty());
        assert_eq!(config.scene, Some(Scene::Neuron));
        assert_eq!(config.learning_rate, Some(0.001));
        assert_eq!(config.weights, Some([0.0, 0.0, 0.0]));
        assert_eq!(config.bias, Some(3.35507743));
    }

    #[test]
    fn bad_values_are_ignored_and_named() {
        let (config, notices) =
            parse_query("lr=abc&x=9&y=-2&w=1,2&b=NaN&scene=moon&color=red&lr=inf");
        assert_eq!(config.learning_rate, None);
        assert_eq!(config.start_x, None);
        assert_eq!(config.start_y, Some(-2.0));
        assert_eq!(config.weights, None);
        assert_eq!(config.bias, None);
        assert_eq!(config.scene, None);
        assert_eq!(
            notices,
            vec![
                Notice::Invalid(Parameter::LearningRate),
                Notice::Invalid(Parameter::X),
                Notice::Invalid(Parameter::Weights),
                Notice::Invalid(Parameter::Bias),
                Notice::Invalid(Parameter::Scene),
                Notice::Unknown("color".to_string()),
            ]
        );
    }

    #[test]
    fn embedding_parameters() {
        let (config, notices) = parse_query("embed=1&hide=log,tabs,log,graphs&lang=zh&scale=log");
        assert!(config.embed);
        assert_eq!(config.hidden, vec![Part::Tabs, Part::Log]);
        assert_eq!(config.language, Some(Language::Chinese));
        assert_eq!(config.scale, Some(LossScale::Log));
        assert_eq!(notices, vec![Notice::Invalid(Parameter::Hide)]);
    }

    #[test]
    fn queries_round_trip() {
        let query = "scene=neuron&lr=0.0012&x=-1.25&y=3&w=0.1,0.2,0.30000000000000004&b=3.35507743\
                     &speed=100&scale=log&lang=en&embed=1&hide=tabs,log";
        let (config, notices) = parse_query(query);
        assert!(notices.is_empty());
        assert_eq!(to_query(&config), query);
        assert_eq!(parse_query(&to_query(&config)).0, config);
    }

    #[test]
    fn percent_encoding_and_long_names() {
        assert_eq!(percent_decode("a%20b+c%zz%4"), "a b c%zz%4");
        assert_eq!(percent_decode("%E5%AD%A6"), "学");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("lr%FF%E5x"), "lr\u{FFFD}\u{FFFD}x");
        let (config, _) = parse_query("x=%2D1.5");
        assert_eq!(config.start_x, Some(-1.5));
        let long = "n".repeat(100);
        let (_, notices) = parse_query(&format!("{long}=1"));
        assert_eq!(
            notices,
            vec![Notice::Unknown(format!("{}…", "n".repeat(24)))]
        );
    }
}
