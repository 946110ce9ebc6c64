//! Viridis: perceptually uniform and readable with the common colour-vision deficiencies.

/// Viridis sampled at 0, 1/8, …, 1 (from matplotlib's table).
const VIRIDIS: [[u8; 3]; 9] = [
    [68, 1, 84],
    [71, 44, 122],
    [59, 81, 139],
    [44, 113, 142],
    [33, 144, 141],
    [39, 173, 129],
    [92, 200, 99],
    [170, 220, 50],
    [253, 231, 37],
];

/// The colour of `t` in [0, 1] (clamped), linearly interpolated between samples.
pub fn viridis(t: f64) -> [u8; 3] {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let scaled = t * (VIRIDIS.len() - 1) as f64;
    let index = (scaled.floor() as usize).min(VIRIDIS.len() - 2);
    let within = scaled - index as f64;
    let (low, high) = (VIRIDIS[index], VIRIDIS[index + 1]);
    let mut colour = [0; 3];
    for channel in 0..3 {
        let value =
            f64::from(low[channel]) + (f64::from(high[channel]) - f64::from(low[channel])) * within;
        // Non-negative: `+ 0.5` and truncation round it without a call to `round`.
        colour[channel] = (value + 0.5) as u8;
    }
    colour
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_and_clamping() {
        assert_eq!(viridis(0.0), VIRIDIS[0]);
        assert_eq!(viridis(1.0), VIRIDIS[8]);
        assert_eq!(viridis(-3.0), VIRIDIS[0]);
        assert_eq!(viridis(f64::NAN), VIRIDIS[0]);
        assert_eq!(viridis(0.5), VIRIDIS[4]);
    }
}
