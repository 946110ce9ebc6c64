//! Which learning rates converge, and how.
//!
//! On both of the post's problems one gradient-descent step multiplies the distance
//! to the minimum by a constant factor 1 − κ·α, where κ is the curvature: κ = 2 for
//! f(x, y) = x² + y² (each step maps (x, y) to (1 − 2α)(x, y)), and κ = 2(|x|² + 1) = 30
//! for the neuron with x = [1 2 3] (ŷ − y shrinks by 1 − 30α per step).

/// κ for f(x, y) = x² + y².
pub const FIELD_CURVATURE: f64 = 2.0;
/// κ for the post's neuron: 2(x1² + x2² + x3² + 1) = 30.
pub const NEURON_CURVATURE: f64 = 30.0;

/// What repeated steps with a learning rate do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    /// 0 < 1 − κα < 1: creeps towards the minimum from one side (α < 1/κ).
    Monotonic,
    /// 1 − κα = 0: lands on the minimum in one step (α = 1/κ).
    OneStep,
    /// −1 < 1 − κα < 0: overshoots, but less each time (1/κ < α < 2/κ).
    Oscillating,
    /// 1 − κα = −1: jumps between two points forever (α = 2/κ).
    Bouncing,
    /// 1 − κα < −1: every step lands farther away (α > 2/κ).
    Diverging,
}

/// 1 − κα: what one step multiplies the distance to the minimum by.
pub fn factor(learning_rate: f64, curvature: f64) -> f64 {
    1.0 - curvature * learning_rate
}

/// The regime of `learning_rate` for a problem of curvature κ, from the factor 1 − κα.
pub fn classify(learning_rate: f64, curvature: f64) -> Regime {
    let factor = factor(learning_rate, curvature);
    if factor > 0.0 {
        Regime::Monotonic
    } else if factor == 0.0 {
        Regime::OneStep
    } else if factor > -1.0 {
        Regime::Oscillating
    } else if factor == -1.0 {
        Regime::Bouncing
    } else {
        Regime::Diverging
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_boundaries_at_one_half_and_one() {
        let field = |rate| classify(rate, FIELD_CURVATURE);
        assert_eq!(field(0.0001), Regime::Monotonic);
        assert_eq!(field(0.49), Regime::Monotonic);
        assert_eq!(field(0.5), Regime::OneStep);
        assert_eq!(field(0.51), Regime::Oscillating);
        assert_eq!(field(0.99), Regime::Oscillating);
        assert_eq!(field(1.0), Regime::Bouncing);
        assert_eq!(field(1.01), Regime::Diverging);
        assert_eq!(field(1.5), Regime::Diverging);
    }

    #[test]
    fn neuron_boundaries_at_one_thirtieth_and_one_fifteenth() {
        let neuron = |rate| classify(rate, NEURON_CURVATURE);
        assert_eq!(neuron(0.001), Regime::Monotonic);
        assert_eq!(neuron(0.033), Regime::Monotonic);
        assert_eq!(neuron(0.034), Regime::Oscillating);
        assert_eq!(neuron(0.066), Regime::Oscillating);
        assert_eq!(neuron(0.068), Regime::Diverging);
    }

    #[test]
    fn the_factor_is_what_a_step_does() {
        // On the field, one step from (1, 3) lands on (1 − 2α)·(1, 3).
        for rate in [0.1, 0.5, 0.75, 1.0, 1.2] {
            let next = crate::surface::descend(crate::surface::DEFAULT_START, rate);
            let factor = 1.0 - FIELD_CURVATURE * rate;
            assert!((next.x - factor).abs() < 1e-12 && (next.y - 3.0 * factor).abs() < 1e-12);
        }
    }
}
