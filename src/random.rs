//! Random initial parameters, like the post's `np.random.random`.

use crate::lesson::UNIT_SAMPLES;

/// Samples uniform in [0, 1) from the operating system's (or browser's) generator.
pub fn unit_samples() -> Result<[f64; UNIT_SAMPLES], getrandom::Error> {
    let mut samples = [0.0; UNIT_SAMPLES];
    for sample in &mut samples {
        let bits = getrandom::u64()?;
        *sample = unit_from_bits(bits);
    }
    Ok(samples)
}

/// The top 53 bits as a double in [0, 1), as numpy does.
pub fn unit_from_bits(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Samples for random starts; ½ each if no randomness is available.
pub fn unit_samples_or_halves() -> [f64; UNIT_SAMPLES] {
    unit_samples().unwrap_or([0.5; UNIT_SAMPLES])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_range() {
        assert_eq!(unit_from_bits(0), 0.0);
        assert!(unit_from_bits(u64::MAX) < 1.0);
        let samples = unit_samples().expect("the OS has randomness");
        assert!(samples.iter().all(|s| (0.0..1.0).contains(s)));
    }
}
