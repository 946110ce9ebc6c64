//! How numbers are written on screen. Nothing here ever prints "NaN" or "inf":
//! the core never produces them, and if one slipped through it would show as "—".

/// Shown in place of a value that is not a finite number.
pub const NOT_A_NUMBER: &str = "—";

/// A readout: 9 significant digits with trailing zeros dropped (1, 3, 10, 0.8,
/// 3.35507743), switching to exponent notation below 10⁻⁴ and from 10⁹ on.
pub fn readout(value: f64) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let magnitude = value.abs();
    if (1e-4..1e9).contains(&magnitude) {
        let exponent = magnitude.log10().floor() as i32;
        let decimals = (8 - exponent).max(0) as usize;
        trim_zeros(format!("{value:.decimals$}"))
    } else {
        exponent_form(value, 8)
    }
}

/// `value` as mantissa and exponent with `decimals` digits after the point, trailing
/// zeros dropped: 5.21518119e-5, 2e11.
fn exponent_form(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) => format!("{}e{exponent}", trim_zeros(mantissa.to_string())),
        None => text,
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
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("`{:e}` always writes an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` writes an integer exponent");
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

/// A short axis label: up to 3 significant digits, exponent form from 10⁴ on and
/// below 10⁻³ (0, 2.5, 0.015, 2e11, 1.5e-7).
pub fn axis_label(value: f64) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-3..1e4).contains(&magnitude) {
        let exponent = if magnitude == 0.0 {
            0
        } else {
            magnitude.log10().floor() as i32
        };
        let decimals = (2 - exponent).max(0) as usize;
        trim_zeros(format!("{value:.decimals$}"))
    } else {
        exponent_form(value, 2)
    }
}

fn trim_zeros(text: String) -> String {
    if !text.contains('.') {
        return text;
    }
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
