//! The hand-written e^x against a 300-bit reference (mpmath, `tests/fixtures/exp.py`) and
//! against std.

use gdlab::exp::{exp, exp_double_double};
use proptest::prelude::*;

#[test]
fn exp_is_correctly_rounded_on_the_reference_inputs() {
    let fixture = include_str!("fixtures/exp.txt");
    let mut checked = 0;
    for line in fixture.lines() {
        let (x, expected) = line.split_once(' ').unwrap();
        let x = f64::from_bits(u64::from_str_radix(x, 16).unwrap());
        let expected = f64::from_bits(u64::from_str_radix(expected, 16).unwrap());
        assert_eq!(exp(x).to_bits(), expected.to_bits(), "exp({x:e})");
        checked += 1;
    }
    assert!(checked > 4300);
}

/// Negative control: std's exp is not correctly rounded on the fixture's hard inputs,
/// so the test above can tell the two apart.
#[test]
fn std_exp_misses_some_of_the_reference_inputs() {
    let misses = include_str!("fixtures/exp.txt")
        .lines()
        .filter(|line| {
            let (x, expected) = line.split_once(' ').unwrap();
            let x = f64::from_bits(u64::from_str_radix(x, 16).unwrap());
            x.exp().to_bits() != u64::from_str_radix(expected, 16).unwrap()
        })
        .count();
    assert!(misses > 0, "std's exp matched every reference value");
}

/// Many inputs, both paths: a wrong rounding by the fast path would show here first.
#[test]
fn the_fast_path_agrees_on_a_million_inputs() {
    let mut x = -40.0;
    let mut checked = 0;
    while x < 40.0 {
        assert_eq!(
            exp(x).to_bits(),
            exp_double_double(x).to_bits(),
            "exp({x:e})"
        );
        x += 0.000_079_3;
        checked += 1;
    }
    assert!(checked > 1_000_000);
}

#[test]
fn exp_at_the_edges() {
    assert_eq!(exp(0.0), 1.0);
    assert_eq!(exp(1.0), std::f64::consts::E);
    assert_eq!(exp(710.0), f64::INFINITY);
    assert_eq!(exp(f64::INFINITY), f64::INFINITY);
    assert_eq!(exp(-746.0), 0.0);
    assert_eq!(exp(f64::NEG_INFINITY), 0.0);
    assert!(exp(f64::NAN).is_nan());
    assert!(exp(709.78).is_finite());
    // Subnormal results: within one unit in the last place.
    for x in [-708.5, -720.0, -740.0, -745.0] {
        let ours = exp(x).to_bits() as i64;
        let theirs = x.exp().to_bits() as i64;
        assert!((ours - theirs).abs() <= 1, "exp({x})");
    }
}

proptest! {
    /// The fast path returns only what the double-double path would: its rounding test
    /// never lets a wrong rounding through.
    #[test]
    fn the_fast_path_agrees_with_double_doubles(x in -708.0..709.7f64, small in -40.0..40.0f64) {
        prop_assert_eq!(exp(x).to_bits(), exp_double_double(x).to_bits(), "exp({})", x);
        prop_assert_eq!(exp(small).to_bits(), exp_double_double(small).to_bits(), "exp({})", small);
    }

    /// Against std over the whole finite range: the same or one unit in the last place.
    #[test]
    fn exp_is_within_one_ulp_of_std(x in -708.0..709.7f64) {
        let (ours, theirs) = (exp(x).to_bits() as i64, x.exp().to_bits() as i64);
        prop_assert!((ours - theirs).abs() <= 1, "exp({}) = {} vs std {}", x, exp(x), x.exp());
    }
}
