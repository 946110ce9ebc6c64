//! The initial state read from the page's URL query, e.g.
//! `?scene=neuron&lr=0.001&w=0,0,0&b=3.35507743`.
//!
//! Parsing never fails as a whole: every parameter that is missing, malformed or
//! out of range is ignored and reported as a [`Notice`], so the rest still applies.

use crate::learning_rate;
use crate::lessons::Settings;
use crate::vocabulary::{Language, LossScale, Scene, Speed};
pub use crate::vocabulary::{Notice, Parameter, Part};

/// Unknown parameter names are shown cut to this many characters.
const MAX_NAME_CHARS: usize = 24;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub scene: Option<Scene>,
    pub learning_rate: Option<f64>,
    /// What the URL says about each lesson's start; each lesson reads its own parameters.
    pub lessons: Settings,
    pub speed: Option<Speed>,
    pub scale: Option<LossScale>,
    pub language: Option<Language>,
    pub embed: bool,
    /// Parts to hide, sorted, without repeats.
    pub hidden: Vec<Part>,
    /// Parts to show that an embed would leave out (`show=`), sorted, without repeats.
    pub shown: Vec<Part>,
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
    if let Some(valid) = config.lessons.read(parameter, value) {
        return valid;
    }
    match parameter {
        Parameter::Scene => match Scene::from_key(value) {
            Some(scene) => config.scene = Some(scene),
            None => return false,
        },
        Parameter::LearningRate => match learning_rate::parse(value) {
            Ok(rate) => config.learning_rate = Some(rate),
            Err(_) => return false,
        },
        Parameter::Speed => match Speed::from_key(value) {
            Some(speed) => config.speed = Some(speed),
            None => return false,
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
        Parameter::Hide => return read_parts(&mut config.hidden, value),
        Parameter::Show => return read_parts(&mut config.shown, value),
        // A lesson's own parameter, read above; no lesson took it.
        Parameter::X
        | Parameter::Y
        | Parameter::Weights
        | Parameter::Bias
        | Parameter::HiddenWeights
        | Parameter::HiddenBias
        | Parameter::OutputWeights
        | Parameter::OutputBias
        | Parameter::BiasGradient
        | Parameter::Surface
        | Parameter::Kappa
        | Parameter::Optimizers
        | Parameter::Momentum
        | Parameter::Beta1
        | Parameter::Beta2
        | Parameter::Formula => return false,
    }
    true
}

/// Adds the parts named in `value` (comma-separated) to `parts`; returns whether every
/// name was known. Known names apply even when others are misspelt; the notice names
/// the parameter.
fn read_parts(parts: &mut Vec<Part>, value: &str) -> bool {
    let names: Vec<&str> = value.split(',').map(str::trim).collect();
    let all_known = names
        .iter()
        .all(|name| name.is_empty() || Part::ALL.iter().any(|part| part.key() == *name));
    // In the order of `Part::ALL`, without repeats (a filter, not a sort: no sort code ships).
    *parts = Part::ALL
        .into_iter()
        .filter(|part| parts.contains(part) || names.contains(&part.key()))
        .collect();
    all_known
}

/// The settings of a view as a query string that [`parse_query`] reads back to the
/// same values (numbers are written with the shortest digits that round-trip).
/// `lesson_settings` are the lessons' own parameters, in the order of the tabs.
pub fn to_query(config: &Config, lesson_settings: &[(Parameter, String)]) -> String {
    let mut pairs: Vec<String> = Vec::new();
    let mut push = |key: Parameter, value: &str| pairs.push(format!("{}={value}", key.key()));
    if let Some(scene) = config.scene {
        push(Parameter::Scene, scene.key());
    }
    if let Some(rate) = config.learning_rate {
        push(Parameter::LearningRate, &rate.to_string());
    }
    for (parameter, value) in lesson_settings {
        // A typed formula holds `+`, `&`, `^`, spaces and Chinese; numbers pass unchanged.
        push(*parameter, &percent_encode(value));
    }
    if let Some(speed) = config.speed {
        push(Parameter::Speed, speed.key());
    }
    if let Some(scale) = config.scale {
        push(
            Parameter::Scale,
            match scale {
                LossScale::Linear => "linear",
                LossScale::Log => "log",
            },
        );
    }
    if let Some(language) = config.language {
        push(Parameter::Language, language.code());
    }
    if config.embed {
        push(Parameter::Embed, "1");
    }
    for (parameter, parts) in [
        (Parameter::Hide, &config.hidden),
        (Parameter::Show, &config.shown),
    ] {
        if !parts.is_empty() {
            let names: Vec<&str> = parts.iter().map(|part| part.key()).collect();
            push(parameter, &names.join(","));
        }
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

/// Escapes every byte but the unreserved characters (letters, digits, `-._~`) and `,`
/// (the lists' separator, kept readable) as `%XX`, so that [`percent_decode`] gives the
/// text back.
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~,".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    encoded
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
        assert_eq!(config.lessons.neuron.weights, Some([0.0, 0.0, 0.0]));
        assert_eq!(config.lessons.neuron.bias, Some(3.35507743));
    }

    #[test]
    fn bad_values_are_ignored_and_named() {
        let (config, notices) =
            parse_query("lr=abc&x=9&y=-2&w=1,2&b=NaN&scene=moon&color=red&lr=inf");
        assert_eq!(config.learning_rate, None);
        assert_eq!(config.lessons.field.x, None);
        assert_eq!(config.lessons.field.y, Some(-2.0));
        assert_eq!(config.lessons.neuron.weights, None);
        assert_eq!(config.lessons.neuron.bias, None);
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
        let lesson_settings = [
            (Parameter::X, "-1.25".to_string()),
            (Parameter::Y, "3".to_string()),
            (
                Parameter::Weights,
                "0.1,0.2,0.30000000000000004".to_string(),
            ),
            (Parameter::Bias, "3.35507743".to_string()),
        ];
        assert_eq!(to_query(&config, &lesson_settings), query);
        assert_eq!(parse_query(&to_query(&config, &lesson_settings)).0, config);
    }

    #[test]
    fn percent_encoding_and_long_names() {
        assert_eq!(percent_decode("a%20b+c%zz%4"), "a b c%zz%4");
        assert_eq!(percent_decode("%E5%AD%A6"), "学");
        assert_eq!(percent_decode("%"), "%");
        for text in [
            "x^2 + y^2",
            "sin(x)*y+exp(-x^2)",
            "（x＋1）＊２",
            "a&b=c%d",
            "-3.5",
            "gd,adam",
        ] {
            assert_eq!(percent_decode(&percent_encode(text)), text);
        }
        assert_eq!(percent_encode("-3.5"), "-3.5");
        assert_eq!(percent_encode("gd,adam"), "gd,adam");
        assert_eq!(percent_encode("x^2 + y"), "x%5E2%20%2B%20y");
        assert_eq!(percent_decode("lr%FF%E5x"), "lr\u{FFFD}\u{FFFD}x");
        let (config, _) = parse_query("x=%2D1.5");
        assert_eq!(config.lessons.field.x, Some(-1.5));
        let long = "n".repeat(100);
        let (_, notices) = parse_query(&format!("{long}=1"));
        assert_eq!(
            notices,
            vec![Notice::Unknown(format!("{}…", "n".repeat(24)))]
        );
    }
}
