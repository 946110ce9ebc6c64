//! The learning rate α: its range, the logarithmic slider and typed input.

/// The smallest learning rate the slider and the number field accept.
pub const MIN: f64 = 0.0001;
/// The largest learning rate the slider and the number field accept.
pub const MAX: f64 = 1.5;
/// The slider's integer positions run from 0 to `SLIDER_STEPS`.
pub const SLIDER_STEPS: u32 = 1000;

/// Why a typed learning rate was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LearningRateError {
    NotANumber,
    OutOfRange,
}

/// Maps a slider position to α on a logarithmic scale, α = MIN·(MAX/MIN)^(t/steps),
/// rounded to two significant digits so the values read as a person would type them
/// (0.0010, 0.50, 1.0 are all reachable).
pub fn from_slider(position: f64) -> f64 {
    let fraction = (position / f64::from(SLIDER_STEPS)).clamp(0.0, 1.0);
    // exp∘ln rather than `powf`: the same value to a few ulps (then rounded to two
    // digits), without the general power function in the bundle.
    let exact = MIN * (fraction * (MAX / MIN).ln()).exp();
    round_significant(exact, 2).clamp(MIN, MAX)
}

/// The slider position closest to α (inverse of [`from_slider`] before rounding).
pub fn to_slider(learning_rate: f64) -> f64 {
    let clamped = learning_rate.clamp(MIN, MAX);
    let fraction = (clamped / MIN).ln() / (MAX / MIN).ln();
    (fraction * f64::from(SLIDER_STEPS)).round()
}

/// Reads a typed learning rate; accepts decimal and exponent notation in [MIN, MAX].
pub fn parse(text: &str) -> Result<f64, LearningRateError> {
    let value = crate::decimal::parse(text.trim()).ok_or(LearningRateError::NotANumber)?;
    validate(value)
}

/// Accepts α only if it is a finite number in [MIN, MAX].
pub fn validate(value: f64) -> Result<f64, LearningRateError> {
    if !value.is_finite() {
        return Err(LearningRateError::NotANumber);
    }
    if !(MIN..=MAX).contains(&value) {
        return Err(LearningRateError::OutOfRange);
    }
    Ok(value)
}

/// Rounds to `digits` significant digits, going through the decimal text so the
/// result is the double nearest to the short decimal (0.5 rather than 0.50000001).
pub fn round_significant(value: f64, digits: usize) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    crate::decimal::parse(&crate::format::exponent_form(
        value,
        digits.saturating_sub(1),
    ))
    .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slider_ends_are_the_range_ends() {
        assert_eq!(from_slider(0.0), MIN);
        assert_eq!(from_slider(f64::from(SLIDER_STEPS)), MAX);
    }

    #[test]
    fn the_lessons_landmarks_are_reachable_on_the_slider() {
        for landmark in [0.001, 0.01, 0.1, 0.5, 1.0] {
            let position = to_slider(landmark);
            let reachable = (position as i64 - 3..=position as i64 + 3)
                .any(|p| from_slider(p as f64) == landmark);
            assert!(reachable, "{landmark} is not on the slider");
        }
    }

    #[test]
    fn slider_is_monotonic() {
        let mut previous = 0.0;
        for position in 0..=SLIDER_STEPS {
            let value = from_slider(f64::from(position));
            assert!(value >= previous);
            previous = value;
        }
    }

    #[test]
    fn typed_values() {
        assert_eq!(parse(" 0.25 "), Ok(0.25));
        assert_eq!(parse("1e-3"), Ok(0.001));
        assert_eq!(parse("abc"), Err(LearningRateError::NotANumber));
        assert_eq!(parse(""), Err(LearningRateError::NotANumber));
        assert_eq!(parse("NaN"), Err(LearningRateError::NotANumber));
        assert_eq!(parse("inf"), Err(LearningRateError::NotANumber));
        assert_eq!(parse("2"), Err(LearningRateError::OutOfRange));
        assert_eq!(parse("0"), Err(LearningRateError::OutOfRange));
        assert_eq!(parse("-0.1"), Err(LearningRateError::OutOfRange));
    }
}
