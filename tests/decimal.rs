//! Our decimal reader against std's `str::parse::<f64>` as the oracle: the same double,
//! bit for bit, for every text of the grammar, and `None` exactly where std refuses
//! (apart from "inf"/"NaN", which the app never accepts).

use gdlab::decimal::parse;
use proptest::prelude::*;

/// std's answer, restricted to our grammar (std also reads "inf", "nan", "infinity").
fn oracle(text: &str) -> Option<f64> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("inf") || lower.contains("nan") {
        return None;
    }
    text.parse().ok()
}

fn assert_same(text: &str) {
    let ours = parse(text).map(f64::to_bits);
    let std = oracle(text).map(f64::to_bits);
    assert_eq!(
        ours,
        std,
        "{text:?}: ours {:?}, std {:?}",
        parse(text),
        oracle(text)
    );
}

#[test]
fn everyday_numbers() {
    assert_eq!(parse("0.01"), Some(0.01));
    assert_eq!(parse("-3"), Some(-3.0));
    assert_eq!(parse("2.5e-3"), Some(0.0025));
    assert_eq!(parse("+.5"), Some(0.5));
    assert_eq!(parse("5."), Some(5.0));
    assert_eq!(parse("3.35507743"), Some(3.35507743));
    assert_eq!(parse("1E3"), Some(1000.0));
    assert_eq!(parse("-0").map(f64::to_bits), Some((-0.0f64).to_bits()));
}

#[test]
fn refuses_what_is_not_a_decimal_number() {
    for text in [
        "", ".", "-", "+", "e5", ".e5", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "inf", "NaN",
        "infinity", "0x10", "1_000", "--1", "1e5.5", "١٢", "1e--5",
    ] {
        assert_eq!(parse(text), None, "{text:?}");
        assert_eq!(oracle(text), None, "the oracle agrees on {text:?}");
    }
}

#[test]
fn hard_cases_agree_with_std() {
    for text in [
        // Halfway between two doubles: ties go to the even mantissa.
        "9007199254740993",
        "9007199254740995",
        "9007199254740993.0000000000000000000000000001",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        // The ends of the range.
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999999999999999999999999999999999999999",
        "2.2250738585072011e-308",
        "2.2250738585072014e-308",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "5e-324",
        "1e-400",
        "1e400",
        "0e999999999999",
        "1e-99999999999999999999",
        "0.000000000000000000000000000000000000000000001e45",
        "00000.0001000",
        "123456789012345678901234567890e-30",
    ] {
        assert_same(text);
    }
}

#[test]
fn more_digits_than_any_double_needs() {
    // 5e-324 halfway points need ~750 digits; the tail beyond 800 digits only counts as non-zero.
    let halfway = format!("2.{}", "4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125");
    assert_same(&halfway);
    assert_same(&format!("{halfway}0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"));
    assert_same(&format!("{}e-1200", "9".repeat(900)));
    assert_same(&format!("0.{}1", "0".repeat(330)));
}

fn decimal_text() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "-", "+"]),
        "[0-9]{0,25}",
        prop::option::of("[0-9]{0,25}"),
        prop::option::of((prop::sample::select(vec!["e", "E"]), "[-+]?", -350i32..350)),
    )
        .prop_map(|(sign, whole, fraction, exponent)| {
            let mut text = format!("{sign}{whole}");
            if let Some(fraction) = fraction {
                text.push('.');
                text.push_str(&fraction);
            }
            if let Some((e, exponent_sign, value)) = exponent {
                text.push_str(&format!("{e}{exponent_sign}{}", value.unsigned_abs()));
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_decimals_agree_with_std(text in decimal_text()) {
        assert_same(&text);
    }

    #[test]
    fn every_double_reads_back_from_its_shortest_and_long_forms(bits in any::<u64>()) {
        let value = f64::from_bits(bits);
        prop_assume!(value.is_finite());
        for text in [
            format!("{value}"),
            format!("{value:e}"),
            format!("{value:.17e}"),
            format!("{value:.25e}"),
        ] {
            assert_same(&text);
        }
        prop_assert_eq!(parse(&format!("{value:e}")).map(f64::to_bits), Some(bits));
    }

    #[test]
    fn any_text_is_refused_or_read_as_std_reads_it(text in "[-+0-9.eE]{0,12}|\\PC{0,12}") {
        assert_same(&text);
    }
}

/// The URL's vectors: exactly as many numbers as asked, each valid and within the limit.
#[test]
fn lists_of_numbers() {
    let mut three = [0.0; 3];
    assert!(gdlab::decimal::parse_list("0.5, -2,3e1", 100.0, &mut three));
    assert_eq!(three, [0.5, -2.0, 30.0]);
    for wrong in ["1,2", "1,2,3,4", "1,,3", "1,x,3", "1,2,101", "", "1,2,3,"] {
        assert!(
            !gdlab::decimal::parse_list(wrong, 100.0, &mut three),
            "{wrong:?} was taken"
        );
    }
    let mut six = [0.0; 6];
    assert!(gdlab::decimal::parse_list("1,2,3,4,5,6", 100.0, &mut six));
    assert_eq!(six, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
}
