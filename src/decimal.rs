//! Reading decimal text (`0.01`, `-3`, `2.5e-3`) into the nearest `f64`.
//!
//! Why not `str::parse::<f64>`: core's parser is built for speed over millions of numbers
//! and brings 10 KB of power-of-five tables and its slow-path machinery into the bundle
//! (15 KB gzip, measured). The app reads a handful of numbers (a URL, a typed learning
//! rate), so an exact search with big integers is plenty. It returns the same double as
//! `str::parse` for every text of the grammar below (`tests/decimal.rs` checks it against
//! std on random and adversarial inputs, including halfway cases and subnormals).

use std::cmp::Ordering;

/// More significant digits than any double's exact decimal expansion needs (767); beyond
/// them only "is the rest zero?" can change the rounding.
const MAX_DIGITS: usize = 800;

/// The bits of +∞; as a "double" it decodes to 2⁵²·2⁹⁷² = 2¹⁰²⁴, just past the largest.
const INFINITY_BITS: u64 = 0x7ff0_0000_0000_0000;

/// Reads `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?` into the double
/// nearest to its exact value (ties to even, ±∞ past the largest double), like
/// `str::parse::<f64>`. Anything else (spaces, "inf", "NaN", "1,5", "") is `None`.
pub fn parse(text: &str) -> Option<f64> {
    let decimal = Decimal::read(text)?;
    let magnitude = f64::from_bits(nearest_bits(&decimal));
    Some(if decimal.negative {
        -magnitude
    } else {
        magnitude
    })
}

/// A decimal number as sign, significant digits `d₁d₂…dₙ` (no leading or trailing zeros)
/// and exponent: the value is d₁d₂…dₙ × 10^exponent.
struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exponent: i64,
}

impl Decimal {
    fn read(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let mut at = 0;
        let sign = |at: &mut usize| match bytes.get(*at) {
            Some(b'-') => {
                *at += 1;
                true
            }
            Some(b'+') => {
                *at += 1;
                false
            }
            _ => false,
        };
        let negative = sign(&mut at);
        let mut digits = Vec::new();
        let mut exponent: i64 = 0;
        let mut seen_digit = false;
        let mut dropped_nonzero = false;
        let mut after_point = false;
        while let Some(&byte) = bytes.get(at) {
            match byte {
                b'0'..=b'9' => {
                    seen_digit = true;
                    let digit = byte - b'0';
                    if digits.len() < MAX_DIGITS && !(digits.is_empty() && digit == 0) {
                        digits.push(digit);
                        exponent -= i64::from(after_point);
                    } else if digits.is_empty() {
                        // A leading zero: it only moves the point.
                        exponent -= i64::from(after_point);
                    } else {
                        dropped_nonzero |= digit != 0;
                        exponent += i64::from(!after_point);
                    }
                }
                b'.' if !after_point => after_point = true,
                _ => break,
            }
            at += 1;
        }
        if !seen_digit {
            return None;
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            let negative_exponent = sign(&mut at);
            let start = at;
            let mut written: i64 = 0;
            while let Some(byte @ b'0'..=b'9') = bytes.get(at) {
                // Saturates far beyond any double; the value is then 0 or ∞ anyway.
                written = (written * 10 + i64::from(byte - b'0')).min(1 << 40);
                at += 1;
            }
            if at == start {
                return None;
            }
            exponent += if negative_exponent { -written } else { written };
        }
        if at != bytes.len() {
            return None;
        }
        if dropped_nonzero {
            // Stands in for the dropped tail: only its being non-zero matters.
            digits.push(1);
            exponent -= 1;
        }
        while digits.last() == Some(&0) {
            digits.pop();
            exponent += 1;
        }
        Some(Self {
            negative,
            digits,
            exponent,
        })
    }
}

/// The bits of the double nearest to |decimal|.
fn nearest_bits(decimal: &Decimal) -> u64 {
    if decimal.digits.is_empty() {
        return 0;
    }
    // The value lies in [10^(top-1), 10^top).
    let top = decimal.digits.len() as i64 + decimal.exponent;
    if top > 310 {
        return INFINITY_BITS;
    }
    if top < -324 {
        // Below 10⁻³²⁵, under half the smallest subnormal (4.9e-324).
        return 0;
    }
    let value = Rational::new(decimal);
    // The largest double not above the value, by bisection over the ordered bit patterns.
    let (mut low, mut high) = (0, INFINITY_BITS);
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        let (mantissa, power) = decode(middle);
        if value.cmp_binary(u128::from(mantissa), power) == Ordering::Less {
            high = middle;
        } else {
            low = middle;
        }
    }
    // Between low and low + 1: the nearer one, the even one on a tie.
    let ((low_mantissa, low_power), (high_mantissa, high_power)) = (decode(low), decode(low + 1));
    let power = low_power.min(high_power);
    let twice_midpoint = (u128::from(low_mantissa) << (low_power - power))
        + (u128::from(high_mantissa) << (high_power - power));
    match value.cmp_binary(twice_midpoint, power - 1) {
        Ordering::Less => low,
        Ordering::Greater => low + 1,
        Ordering::Equal if low % 2 == 0 => low,
        Ordering::Equal => low + 1,
    }
}

/// A finite double's bits as mantissa × 2^power, exactly (for `INFINITY_BITS`: 2¹⁰²⁴).
fn decode(bits: u64) -> (u64, i32) {
    let biased = (bits >> 52) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    }
}

/// numerator / denominator, both as big integers.
struct Rational {
    numerator: BigUint,
    denominator: BigUint,
}

impl Rational {
    fn new(decimal: &Decimal) -> Self {
        let mut numerator = BigUint::from_digits(&decimal.digits);
        let mut denominator = BigUint::one();
        let power = BigUint::power_of_ten(decimal.exponent.unsigned_abs());
        if decimal.exponent >= 0 {
            numerator = numerator.mul(&power);
        } else {
            denominator = power;
        }
        Self {
            numerator,
            denominator,
        }
    }

    /// Compares this value with m × 2^power, exactly.
    fn cmp_binary(&self, mantissa: u128, power: i32) -> Ordering {
        let left = self.numerator.shl(power.min(0).unsigned_abs());
        let right = self
            .denominator
            .mul(&BigUint::from_u128(mantissa))
            .shl(power.max(0).unsigned_abs());
        left.cmp(&right)
    }
}

/// An unsigned big integer: 32-bit words, least significant first, no high zero words.
#[derive(PartialEq, Eq)]
struct BigUint {
    words: Vec<u32>,
}

impl BigUint {
    fn one() -> Self {
        Self { words: vec![1] }
    }

    fn from_u128(value: u128) -> Self {
        let mut words = vec![
            value as u32,
            (value >> 32) as u32,
            (value >> 64) as u32,
            (value >> 96) as u32,
        ];
        trim(&mut words);
        Self { words }
    }

    fn from_digits(digits: &[u8]) -> Self {
        let mut number = Self { words: Vec::new() };
        for &digit in digits {
            number.mul_add_small(10, u32::from(digit));
        }
        number
    }

    fn power_of_ten(exponent: u64) -> Self {
        let mut number = Self::one();
        for _ in 0..exponent {
            number.mul_add_small(10, 0);
        }
        number
    }

    /// self × factor + addend, in place.
    fn mul_add_small(&mut self, factor: u32, addend: u32) {
        let mut carry = u64::from(addend);
        for word in &mut self.words {
            let product = u64::from(*word) * u64::from(factor) + carry;
            *word = product as u32;
            carry = product >> 32;
        }
        if carry != 0 {
            self.words.push(carry as u32);
        }
    }

    fn mul(&self, other: &Self) -> Self {
        let mut words = vec![0u32; self.words.len() + other.words.len()];
        for (i, &a) in self.words.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in other.words.iter().enumerate() {
                let sum = u64::from(a) * u64::from(b) + u64::from(words[i + j]) + carry;
                words[i + j] = sum as u32;
                carry = sum >> 32;
            }
            words[i + other.words.len()] = carry as u32;
        }
        trim(&mut words);
        Self { words }
    }

    fn shl(&self, bits: u32) -> Self {
        if self.words.is_empty() {
            return Self { words: Vec::new() };
        }
        let (whole, part) = ((bits / 32) as usize, bits % 32);
        let mut words = vec![0u32; whole];
        let mut carry = 0u32;
        for &word in &self.words {
            words.push(if part == 0 {
                word
            } else {
                (word << part) | carry
            });
            carry = if part == 0 { 0 } else { word >> (32 - part) };
        }
        words.push(carry);
        trim(&mut words);
        Self { words }
    }
}

impl Ord for BigUint {
    fn cmp(&self, other: &Self) -> Ordering {
        self.words
            .len()
            .cmp(&other.words.len())
            .then_with(|| self.words.iter().rev().cmp(other.words.iter().rev()))
    }
}

impl PartialOrd for BigUint {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn trim(words: &mut Vec<u32>) {
    while words.last() == Some(&0) {
        words.pop();
    }
}

/// Exactly `numbers.len()` comma-separated numbers, each as [`parse_within`] reads it,
/// into `numbers`: how the URL's vectors (`w=1,2,3`) are read. False, with `numbers`
/// partly written, if there are more or fewer or one is not valid.
pub fn parse_list(text: &str, limit: f64, numbers: &mut [f64]) -> bool {
    let mut parts = text.split(',');
    for slot in numbers.iter_mut() {
        match parts.next().and_then(|part| parse_within(part, limit)) {
            Some(number) => *slot = number,
            None => return false,
        }
    }
    parts.next().is_none()
}

/// A finite number with |value| ≤ limit, written in plain decimal or exponent form
/// (surrounding spaces allowed): how the URL's numbers are read.
pub fn parse_within(text: &str, limit: f64) -> Option<f64> {
    let value = parse(text.trim())?;
    (value.is_finite() && value.abs() <= limit).then_some(value)
}
