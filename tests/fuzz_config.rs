//! Fuzzing the URL parser: any query string parses without panicking, and whatever
//! it accepts lies in the documented ranges.
//!
//! CI runs a short pass; the long run (10⁶ inputs, recorded in docs/RELIABILITY.md) is
//! `PROPTEST_CASES=1000000 cargo test --release --test fuzz_config`.

use gdlab::app::Speed;
use gdlab::config::{parse_query, percent_decode, Notice, Parameter};
use gdlab::learning_rate;
use gdlab::lessons::neuron::PARAMETER_LIMIT;
use gdlab::surface::FIELD_EXTENT;
use proptest::prelude::*;

/// Queries built from the parser's own vocabulary, hostile values and raw noise.
fn query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        prop::sample::select(vec![
            "scene", "lr", "x", "y", "w", "b", "speed", "", "%6Cr", "lr%00"
        ])
        .prop_map(str::to_string),
        any::<String>(),
        "[a-z%0-9+]{0,8}",
    ];
    let value = prop_oneof![
        "[-+0-9.eE,]{0,24}",
        "(%[0-9A-Fa-f]{2}|%|[a-z<>/\"' ]){0,16}",
        prop::sample::select(vec![
            "NaN",
            "inf",
            "-inf",
            "1e309",
            "-0",
            "field",
            "neuron",
            "0,0,0",
            "1,2",
            "1,,2",
            "<script>alert(1)</script>",
            "%E2%88%9E",
            "%FF%FE",
            "4.0000000001",
            "1000",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ];
    prop_oneof![
        prop::collection::vec((key, value), 0..12).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(key, value)| format!("{key}={value}"))
                .collect::<Vec<_>>()
                .join("&")
        }),
        any::<String>(),
        "[?&=%0-9a-zA-Z.,+-]{0,200}",
    ]
}

fn check(query: &str) -> Result<(), TestCaseError> {
    let (config, notices) = parse_query(query);
    if let Some(rate) = config.learning_rate {
        prop_assert!((learning_rate::MIN..=learning_rate::MAX).contains(&rate));
    }
    let field = config.lessons.field;
    for coordinate in [field.x, field.y].into_iter().flatten() {
        prop_assert!(coordinate.is_finite() && coordinate.abs() <= FIELD_EXTENT);
    }
    let neuron = config.lessons.neuron;
    for value in neuron.weights.into_iter().flatten().chain(neuron.bias) {
        prop_assert!(value.is_finite() && value.abs() <= PARAMETER_LIMIT);
    }
    if let Some(speed) = config.speed {
        prop_assert!(Speed::ALL.contains(&speed));
    }
    for notice in &notices {
        if let Notice::Unknown(name) = notice {
            prop_assert!(name.chars().count() <= 25, "shown names are shortened");
        }
    }
    // Each parameter is named at most once, so a long query cannot flood the page.
    prop_assert_eq!(repeated(&notices), None, "in {:?}", notices);
    Ok(())
}

/// The first notice that also appears earlier in the list, next to it or not.
fn repeated(notices: &[Notice]) -> Option<&Notice> {
    notices
        .iter()
        .enumerate()
        .find(|(index, notice)| notices[..*index].contains(notice))
        .map(|(_, notice)| notice)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_query_parses_into_valid_ranges(query in query()) {
        check(&query)?;
    }

    #[test]
    fn percent_decoding_never_panics(text in any::<String>()) {
        let decoded = percent_decode(&text);
        prop_assert!(decoded.len() <= text.len() * 3);
    }
}

#[test]
fn a_very_long_query_is_handled() {
    let query = "lr=abc&".repeat(20_000) + &"x".repeat(100_000);
    let (config, notices) = parse_query(&query);
    assert_eq!(config.learning_rate, None);
    assert_eq!(notices.len(), 2);
}

#[test]
fn a_repeat_is_found_wherever_it_is() {
    let rate = Notice::Invalid(Parameter::LearningRate);
    let colour = Notice::Unknown("color".to_string());
    assert_eq!(repeated(&[rate.clone(), colour.clone()]), None);
    assert_eq!(repeated(&[rate.clone(), rate.clone()]), Some(&rate));
    // Not only next to itself (what `dedup` alone would catch).
    assert_eq!(
        repeated(&[rate.clone(), colour.clone(), rate.clone()]),
        Some(&rate)
    );
}

#[test]
fn a_parameter_given_twice_is_named_once() {
    let (_, notices) = parse_query("lr=abc&x=1&lr=zz&color=1&x=nan&color=2&lr=");
    assert_eq!(
        notices,
        vec![
            Notice::Invalid(Parameter::LearningRate),
            Notice::Unknown("color".to_string()),
            Notice::Invalid(Parameter::X),
        ]
    );
}
