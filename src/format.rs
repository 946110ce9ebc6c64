//! How numbers are written on screen. Nothing here ever prints "NaN" or "inf":
//! the core never produces them, and if one slipped through it would show as "—".

use std::fmt::Write;

/// Shown in place of a value that is not a finite number.
pub const NOT_A_NUMBER: &str = "—";

/// A readout: 9 significant digits with trailing zeros dropped (1, 3, 10, 0.8,
/// 3.35507743), switching to exponent notation below 10⁻⁴ and from 10⁹ on.
pub fn readout(value: f64) -> String {
    let mut text = String::new();
    write_readout(&mut text, value);
    text
}

/// Appends [`readout`]`(value)` to `out`, so a caller that keeps its buffer formats
/// numbers without allocating (the readouts change every frame while playing).
pub fn write_readout(out: &mut String, value: f64) {
    write_significant(out, value, READOUT_DIGITS);
}

/// Significant digits of a readout (and of a number in an equation).
pub const READOUT_DIGITS: usize = 9;
/// Significant digits of a matrix cell, on the page and in the equations: three in a row
/// fit a phone (the CSV has every digit).
pub const MATRIX_DIGITS: usize = 5;

/// ⌊log₁₀ m⌋ for m in [10⁻⁴, 10⁹), by comparison with exact powers of ten rather than
/// `log10`: that calls the C library natively and Rust's libm in WebAssembly, which may
/// differ for a number just below a power of ten, and readouts must be the same in both.
fn decimal_exponent(magnitude: f64) -> i32 {
    const POWERS: [f64; 13] = [
        1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
    ];
    POWERS
        .iter()
        .take_while(|power| magnitude >= **power)
        .count() as i32
        - 4
}

/// Appends `value` like a readout but with `significant` digits (the matrices' cells
/// have 5: a glance compares them, the equations have every digit).
pub fn write_significant(out: &mut String, value: f64, significant: usize) {
    if !value.is_finite() {
        out.push_str(NOT_A_NUMBER);
        return;
    }
    if value == 0.0 {
        out.push('0');
        return;
    }
    let magnitude = value.abs();
    if (1e-4..1e9).contains(&magnitude) {
        let exponent = decimal_exponent(magnitude);
        let decimals = (significant as i32 - 1 - exponent).max(0) as usize;
        write_trimmed(out, value, decimals);
    } else {
        write_exponent_form(out, value, significant - 1);
    }
}

/// `value` as mantissa and exponent with `decimals` digits after the point, trailing
/// zeros dropped: 5.21518119e-5, 2e11.
pub(crate) fn exponent_form(value: f64, decimals: usize) -> String {
    let mut text = String::new();
    write_exponent_form(&mut text, value, decimals);
    text
}

/// Appends `value` in exponent form with at most `decimals` digits after the point
/// (see [`exponent_form`]).
pub(crate) fn write_exponent_form(out: &mut String, value: f64, decimals: usize) {
    // Correctly rounded, like std's `{:.Ne}` (the exact binary value, half to even on an
    // exact tie), but from the fixed-point formatter the bundle has anyway: `{:e}`
    // would add 2 KB. The tests compare it with `{:.Ne}` on random doubles and on
    // decimal ties across exponents.
    let start = out.len();
    let (digits, count, exponent) = significant_digits(out, value.abs(), decimals + 1);
    out.truncate(start);
    if value < 0.0 {
        out.push('-');
    }
    // Trailing zeros of the mantissa are dropped: 2.50000000e11 → 2.5e11.
    let mut shown = count;
    while shown > 1 && digits[shown - 1] == b'0' {
        shown -= 1;
    }
    out.push(char::from(digits[0]));
    if shown > 1 {
        out.push('.');
        for digit in &digits[1..shown] {
            out.push(char::from(*digit));
        }
    }
    // Writing to a `String` cannot fail.
    let _ = write!(out, "e{exponent}");
}

/// At most this many significant digits are asked of [`significant_digits`].
const MAX_SIGNIFICANT: usize = 17;

/// The first `count` significant digits of `magnitude` (finite, > 0), correctly
/// rounded, and the decimal exponent of the first. Uses the end of `out` as scratch.
fn significant_digits(out: &mut String, magnitude: f64, count: usize) -> ([u8; 20], usize, i32) {
    let count = count.clamp(1, MAX_SIGNIFICANT);
    let start = out.len();
    // A first guess; `log10` may be one off next to a power of ten, corrected below.
    let mut exponent = magnitude.log10().floor() as i32;
    for _ in 0..4 {
        out.truncate(start);
        let decimals = count as i32 - 1 - exponent;
        if decimals >= 0 {
            // std rounds at exactly the last digit wanted: one correct rounding.
            let _ = write!(out, "{magnitude:.0$}", decimals as usize);
        } else {
            // Here magnitude ≥ 10^count ≥ 10, so its last bit is worth at least 2⁻⁴⁹ and
            // its decimal expansion ends within 49 places: written exactly, rounded here.
            let _ = write!(out, "{magnitude:.52}");
        }
        let (digits, written, first) = read_digits(&out.as_bytes()[start..], count);
        if first == exponent {
            return round_half_even(digits, written, count, exponent);
        }
        // Rounded up into the next power of ten: 9.99…e-5 → 1.00…e-4.
        if first == exponent + 1 && digits[1..written.min(count + 1)].iter().all(|d| *d == b'0') {
            let mut one = [b'0'; 20];
            one[0] = b'1';
            return (one, count, first);
        }
        exponent = first;
    }
    // Unreachable for finite positive input (the exponent settles at once); keep the
    // last guess rather than loop.
    let (digits, written, first) = read_digits(&out.as_bytes()[start..], count);
    round_half_even(digits, written, count, first)
}

/// The significant digits of a fixed-point number (the first `count + 1`, and whether
/// any nonzero digit follows them, folded into a final 1 if so), and the decimal
/// exponent of the first.
fn read_digits(text: &[u8], count: usize) -> ([u8; 20], usize, i32) {
    let mut digits = [b'0'; 20];
    let mut written = 0;
    let mut sticky = false;
    let point = text
        .iter()
        .position(|byte| *byte == b'.')
        .unwrap_or(text.len());
    let mut first = None;
    for (index, byte) in text.iter().enumerate() {
        if !byte.is_ascii_digit() || (first.is_none() && *byte == b'0') {
            continue;
        }
        if first.is_none() {
            // Places before the point count up from 0, after it down from -1.
            first = Some(if index < point {
                (point - index - 1) as i32
            } else {
                -((index - point) as i32)
            });
        }
        if written < count + 1 {
            digits[written] = *byte;
            written += 1;
        } else if *byte != b'0' {
            sticky = true;
        }
    }
    // Past the digit that decides the rounding, only "is anything nonzero" matters.
    if sticky {
        digits[count + 1] = b'1';
        written = count + 2;
    }
    (digits, written, first.unwrap_or(0))
}

/// Rounds `digits` (with `written` of them read) to `count`, half to even.
fn round_half_even(
    mut digits: [u8; 20],
    written: usize,
    count: usize,
    exponent: i32,
) -> ([u8; 20], usize, i32) {
    if written <= count {
        return (digits, count, exponent);
    }
    let next = digits[count];
    let beyond = written > count + 1 && digits[count + 1..written].iter().any(|d| *d != b'0');
    let last_odd = (digits[count - 1] - b'0') % 2 == 1;
    if next > b'5' || (next == b'5' && (beyond || last_odd)) {
        let mut place = count;
        loop {
            if place == 0 {
                // 9.99… → 10.0…: one more power of ten.
                let mut one = [b'0'; 20];
                one[0] = b'1';
                return (one, count, exponent + 1);
            }
            place -= 1;
            if digits[place] == b'9' {
                digits[place] = b'0';
            } else {
                digits[place] += 1;
                break;
            }
        }
    }
    (digits, count, exponent)
}

/// Appends `value` with `decimals` digits after the point, then drops trailing zeros
/// and a bare point; "-0" becomes "0".
fn write_trimmed(out: &mut String, value: f64, decimals: usize) {
    let start = out.len();
    let _ = write!(out, "{value:.decimals$}");
    // Bytes, not `str` slicing: the digits are ASCII, and a `str` slice's panic message
    // would bring char's `Debug` and its Unicode tables into the bundle.
    let written = &out.as_bytes()[start..];
    if written.contains(&b'.') {
        let mut end = written.len();
        while written[end - 1] == b'0' {
            end -= 1;
        }
        if written[end - 1] == b'.' {
            end -= 1;
        }
        out.truncate(start + end);
    }
    if &out.as_bytes()[start..] == b"-0" {
        out.truncate(start);
        out.push('0');
    }
}

/// A prediction in the run log, with numpy's default 8 decimals (3.28442511).
pub fn fixed8(value: f64) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    format!("{value:.8}")
}

/// Python's `repr` of a float, as the post's program prints the loss:
/// the shortest digits that read back to the same double, in exponent form below
/// 10⁻⁴ and from 10¹⁶ on (5.546389698793334, 5.215181191515595e-05).
pub fn python_repr(value: f64) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    // Rust's `{}` writes the same shortest digits, always in plain notation; the exponent
    // form is rebuilt from them here (rather than with `{:e}` and parsing its exponent,
    // which would bring an integer parser into the bundle).
    let plain = format!("{value}");
    let unsigned = plain.trim_start_matches('-');
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = whole.bytes().chain(fraction.bytes());
    let Some(first) = digits.clone().position(|digit| digit != b'0') else {
        return plain + ".0";
    };
    let exponent = whole.len() as i64 - 1 - first as i64;
    if (-4..16).contains(&exponent) {
        return if fraction.is_empty() {
            plain + ".0"
        } else {
            plain
        };
    }
    let significant: String = digits.skip(first).map(char::from).collect();
    // Characters, not byte slicing: a slice's panic message would bring in char's
    // `Debug` and its Unicode tables (3 KB gzip).
    let mut significant = significant.trim_end_matches('0').chars();
    let lead = significant.next().unwrap_or('0');
    let rest = significant.as_str();
    let sign = if value < 0.0 { "-" } else { "" };
    let point = if rest.is_empty() { "" } else { "." };
    let exponent_sign = if exponent < 0 { '-' } else { '+' };
    format!(
        "{sign}{lead}{point}{rest}e{exponent_sign}{:02}",
        exponent.unsigned_abs()
    )
}

/// A short axis label: up to 3 significant digits, exponent form from 10⁴ on and
/// below 10⁻³ (0, 2.5, 0.015, 2e11, 1.5e-7).
pub fn axis_label(value: f64) -> String {
    let mut text = String::new();
    if !value.is_finite() {
        text.push_str(NOT_A_NUMBER);
        return text;
    }
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-3..1e4).contains(&magnitude) {
        let exponent = if magnitude == 0.0 {
            0
        } else {
            magnitude.log10().floor() as i32
        };
        let decimals = (2 - exponent).max(0) as usize;
        write_trimmed(&mut text, value, decimals);
    } else {
        write_exponent_form(&mut text, value, 2);
    }
    text
}

/// A 2-D array as numpy prints it by default, as the posts' programs print their
/// predictions: at most 8 decimals with trailing zeros dropped and columns padded to one
/// width (`[[0.9 0.25]` prints `[[0.9  0.25]`), or, when a nonzero magnitude is below
/// 10⁻⁴ or the largest is over 1000 times the smallest, the exponent form with one
/// number of decimals for all (`[[1.50e-05 5.00e-01]`), as `numpy.array2string` decides.
pub fn numpy_matrix<const COLUMNS: usize>(rows: &[[f64; COLUMNS]]) -> String {
    let values = || rows.iter().flatten().copied();
    if values().any(|value| !value.is_finite()) {
        return NOT_A_NUMBER.to_string();
    }
    let magnitudes = values().map(f64::abs).filter(|magnitude| *magnitude != 0.0);
    let smallest = magnitudes.clone().fold(f64::INFINITY, f64::min);
    let largest = magnitudes.fold(0.0, f64::max);
    let exponent_form_wanted =
        largest > 0.0 && (largest >= 1e8 || smallest < 1e-4 || largest / smallest > 1e3);
    // Each number split at its point (and, in exponent form, its exponent).
    let parts: Vec<(String, String, String)> = values()
        .map(|value| {
            let text = if exponent_form_wanted {
                exponent_form(value, 8)
            } else {
                format!("{value:.8}")
            };
            let (number, exponent) = text.split_once('e').unwrap_or((&text, ""));
            let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
            let exponent = match exponent.strip_prefix('-') {
                Some(digits) => format!("e-{digits:0>2}"),
                None if exponent_form_wanted => format!("e+{exponent:0>2}"),
                None => String::new(),
            };
            let fraction = if exponent_form_wanted {
                fraction.to_string()
            } else {
                fraction.trim_end_matches('0').to_string()
            };
            (whole.to_string(), fraction, exponent)
        })
        .collect();
    let whole_width = parts.iter().map(|part| part.0.len()).max().unwrap_or(0);
    let fraction_width = parts.iter().map(|part| part.1.len()).max().unwrap_or(0);
    let mut out = String::from("[");
    for (index, (whole, fraction, exponent)) in parts.iter().enumerate() {
        let column = index % COLUMNS;
        if column == 0 {
            out.push_str(if index == 0 { "[" } else { "]\n [" });
        } else {
            out.push(' ');
        }
        let _ = write!(out, "{whole:>whole_width$}.");
        if exponent.is_empty() {
            let _ = write!(out, "{fraction:<fraction_width$}");
        } else {
            // The exponent form pads with zeros: every mantissa has the same decimals.
            let _ = write!(out, "{fraction:0<fraction_width$}{exponent}");
        }
    }
    out.push_str("]]");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exponent by comparison agrees with ⌊log₁₀⌋ away from powers of ten, and is
    /// exact at them and just below them (where `log10` may round up).
    #[test]
    fn decimal_exponents() {
        for exponent in -4..9 {
            let power: f64 = format!("1e{exponent}").parse().unwrap();
            assert_eq!(decimal_exponent(power), exponent, "10^{exponent}");
            if exponent > -4 {
                let below = f64::from_bits(power.to_bits() - 1);
                assert_eq!(
                    decimal_exponent(below),
                    exponent - 1,
                    "just below 10^{exponent}"
                );
            }
            for mantissa in [1.5, 2.0, 3.3, 7.77, 9.5] {
                let value = mantissa * power;
                assert_eq!(
                    decimal_exponent(value),
                    value.log10().floor() as i32,
                    "{value}"
                );
            }
        }
    }

    #[test]
    fn readouts() {
        assert_eq!(readout(10.0), "10");
        assert_eq!(readout(1.0), "1");
        assert_eq!(readout(0.8), "0.8");
        assert_eq!(readout(-2.4), "-2.4");
        assert_eq!(readout(3.355077431), "3.35507743");
        assert_eq!(readout(0.123456789123), "0.123456789");
        assert_eq!(readout(5.215181191515595e-5), "5.21518119e-5");
        assert_eq!(readout(1.5e12), "1.5e12");
        assert_eq!(readout(0.0), "0");
        assert_eq!(readout(-1e-20), "-1e-20");
        assert_eq!(readout(9.99999999996e-5), "1e-4");
        assert_eq!(readout(-9.99999999996e-5), "-1e-4");
        assert_eq!(readout(1e-5), "1e-5");
        assert_eq!(readout(1e300), "1e300");
        assert_eq!(readout(-2.5e-300), "-2.5e-300");
        assert_eq!(readout(5e-324), "4.94065646e-324");
        assert_eq!(readout(f64::MAX), "1.79769313e308");
        assert_eq!(readout(f64::NAN), NOT_A_NUMBER);
        assert_eq!(readout(f64::INFINITY), NOT_A_NUMBER);
    }

    #[test]
    fn readouts_keep_nine_significant_digits() {
        for value in [123.456789012, 0.00123456789, 98765432.1] {
            let shown: f64 = readout(value).parse().unwrap();
            assert!(((shown - value) / value).abs() < 1e-8, "{value}");
        }
    }

    /// `count` pseudo-random bit patterns (xorshift): as doubles, every exponent and the
    /// subnormals come up.
    fn any_bits(seed: u64, count: usize) -> impl Iterator<Item = u64> {
        std::iter::successors(Some(seed), |state| {
            let mut state = *state;
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            Some(state)
        })
        .skip(1)
        .take(count)
    }

    /// The oracle: std's `{:.Ne}`, which rounds the exact binary value (half to even on
    /// an exact tie), with the mantissa's trailing zeros dropped.
    fn std_exponent_form(value: f64, decimals: usize) -> String {
        let exact = format!("{value:.decimals$e}");
        let (mantissa, exponent) = exact.split_once('e').unwrap();
        // `{:.Ne}` always writes a point for N > 0.
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        format!("{mantissa}e{exponent}")
    }

    /// Exponent form agrees with Rust's exact `{:e}` on the digits shown, for any double.
    #[test]
    fn exponent_form_matches_exact_formatting() {
        for bits in any_bits(0x2545_f491_4f6c_dd1d, 200_000) {
            let value = f64::from_bits(bits);
            if !value.is_finite() || value == 0.0 {
                continue;
            }
            // 8 for readouts, 2 for axis labels, 1 for the rounded learning rate.
            for decimals in [8, 2, 1] {
                let expected = std_exponent_form(value, decimals);
                assert_eq!(exponent_form(value, decimals), expected, "{value:e}");
            }
        }
    }

    /// Random doubles almost never fall near a decimal tie, but typed and rounded numbers
    /// do: d.dd…d5 × 10ᵏ (the digit after the last one shown is a 5) and the doubles
    /// on either side of it, for every precision used and exponents −10…10. From 10⁹ on
    /// (8 decimals) the tie is an integer, held exactly, and must round half to even.
    #[test]
    fn exponent_form_rounds_decimal_ties_like_std() {
        let mut random = any_bits(0x6a09_e667_f3bc_c908, usize::MAX);
        let mut checked = 0;
        for exponent in -10..=10 {
            for decimals in 0..=8 {
                for round in 0..300 {
                    // All 9s (a carry into the next decade) and all 0s, then random digits.
                    let mut digit = |place: usize| match round {
                        0 => 9,
                        1 if place > 0 => 0,
                        _ if place == 0 => 1 + random.next().unwrap() % 9,
                        _ => random.next().unwrap() % 10,
                    };
                    let mut digits = format!("{}.", digit(0));
                    for place in 1..=decimals {
                        digits.push(char::from(b'0' + digit(place) as u8));
                    }
                    let tie: f64 = format!("{digits}5e{exponent}").parse().unwrap();
                    for value in [tie, tie.next_down(), tie.next_up()] {
                        for value in [value, -value] {
                            assert_eq!(
                                exponent_form(value, decimals),
                                std_exponent_form(value, decimals),
                                "{value:.30e} with {decimals} decimals"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 21 * 9 * 300 * 6);
    }

    #[test]
    fn readouts_round_the_exact_value() {
        // The double nearest 2.747831605e-10 lies just below the tie.
        assert!(format!("{:.30e}", 2.747831605e-10).starts_with("2.7478316049999"));
        assert_eq!(readout(2.747831605e-10), "2.7478316e-10");
        assert_eq!(readout(-2.747831605e-10), "-2.7478316e-10");
        // Exact ties (whole numbers) go to the even digit.
        assert_eq!(readout(27_478_316_050.0), "2.7478316e10");
        assert_eq!(readout(27_478_316_150.0), "2.74783162e10");
        assert_eq!(readout(9_999_999_995.0), "1e10");
        assert_eq!(axis_label(12_250.0), "1.22e4");
        assert_eq!(axis_label(12_350.0), "1.24e4");
    }

    #[test]
    fn readouts_append_to_a_kept_buffer() {
        let mut text = String::from("x = ");
        write_readout(&mut text, 0.1 + 0.2);
        assert_eq!(text, "x = 0.3");
        text.clear();
        write_readout(&mut text, -1e-20);
        assert_eq!(text, "-1e-20");
    }

    #[test]
    fn axis_labels_stay_short() {
        assert_eq!(axis_label(0.0), "0");
        assert_eq!(axis_label(2.5), "2.5");
        assert_eq!(axis_label(10.0), "10");
        assert_eq!(axis_label(0.015), "0.015");
        assert_eq!(axis_label(2e11), "2e11");
        assert_eq!(axis_label(1.5e-7), "1.5e-7");
        assert_eq!(axis_label(1234.5678), "1235");
    }

    #[test]
    fn python_style_numbers() {
        assert_eq!(python_repr(5.546389698793334), "5.546389698793334");
        assert_eq!(python_repr(5.215181191515595e-05), "5.215181191515595e-05");
        assert_eq!(python_repr(0.0001), "0.0001");
        assert_eq!(python_repr(2.0), "2.0");
        assert_eq!(python_repr(1e16), "1e+16");
        assert_eq!(fixed8(1.9444027), "1.94440270");
        assert_eq!(python_repr(-0.0), "-0.0");
        assert_eq!(python_repr(-1.5e-300), "-1.5e-300");
        assert_eq!(python_repr(123456789012345680.0), "1.2345678901234568e+17");
        assert_eq!(python_repr(1e15), "1000000000000000.0");
    }

    /// Python's rule written with Rust's exponent formatting, as an independent oracle.
    fn python_repr_oracle(value: f64) -> String {
        let scientific = format!("{value:e}");
        let (mantissa, exponent) = scientific.split_once('e').unwrap();
        let exponent: i32 = exponent.parse().unwrap();
        if (-4..16).contains(&exponent) {
            let plain = format!("{value}");
            if plain.contains('.') {
                plain
            } else {
                plain + ".0"
            }
        } else {
            let sign = if exponent < 0 { '-' } else { '+' };
            format!("{mantissa}e{sign}{:02}", exponent.abs())
        }
    }

    #[test]
    fn python_repr_matches_the_oracle_on_any_double() {
        for bits in any_bits(0x9e37_79b9_7f4a_7c15, 200_000) {
            let value = f64::from_bits(bits);
            // And a value of everyday size, across the switch between the two notations.
            let scale = 10f64.powi((bits % 24) as i32 - 6);
            let everyday = (bits >> 11) as f64 / (1u64 << 53) as f64 * scale;
            for value in [value, everyday] {
                if value.is_finite() {
                    assert_eq!(python_repr(value), python_repr_oracle(value), "{value:e}");
                }
            }
        }
        for value in [1e-4, 9.999e-5, 1e16, 9999999999999998.0, 0.0, 5e-324] {
            assert_eq!(python_repr(value), python_repr_oracle(value), "{value:e}");
        }
    }
}
