//! e^x in plain Rust, correctly rounded except possibly on rare inputs whose e^x lies
//! within 2⁻¹⁰⁰ of a rounding boundary, and the same bits on every target.
//!
//! Why not `f64::exp`: natively it calls the C library, in WebAssembly Rust's own libm,
//! and the two differ in the last bit for some inputs (measured: in one of 1 300 random
//! x in [−12, 12] glibc's result is not the correctly rounded one). The posts' runs must
//! print the same digits natively and in the browser, so both use this function. Only
//! basic IEEE operations are used (no fused multiply-add), which every target rounds
//! alike. With it the run reproduces every digit the post printed (`tests/batch.rs`).
//!
//! ## Method
//! x = k·ln2/64 + r with |r| ≤ ln2/128, so e^x = 2^(k div 64) · 2^((k mod 64)/64) · e^r.
//! r is computed as a double-double from ln2/64 in three parts, e^r by its Taylor series
//! to r¹⁰ (the terms from r⁶ on in plain doubles, the rest in double-doubles), times the
//! table value 2^(j/64) as a double-double; the error before the final rounding is below
//! 2⁻¹⁰⁰ relative, so rounding hi + lo gives the correctly rounded result unless e^x lies
//! within 2⁻¹⁰⁰ of a rounding boundary. Results in the subnormal range (x < −708.4) are
//! within one unit in the last place. The constants come from `scripts/exp_constants.py`.

/// ln2/64 = LN2_64[0] + LN2_64[1] + LN2_64[2]; the first part has 21 trailing zero bits,
/// so k·LN2_64[0] is exact for every k this function meets (|k| < 2¹⁷).
const LN2_64: [f64; 3] = [
    f64::from_bits(0x3f862e42ff000000),
    f64::from_bits(0xbd6718432a1b0e26),
    f64::from_bits(0xb9f9ff0342542fc3),
];

/// 64/ln2, to pick k (its rounding does not matter: r stays small enough).
const SIXTY_FOUR_OVER_LN2: f64 = f64::from_bits(0x40571547652b82fe);

/// 2^(j/64) = hi + lo for j = 0..63, as bit patterns.
const TWO_TO_J_OVER_64: [(u64, u64); 64] = [
    (0x3ff0000000000000, 0x0000000000000000),
    (0x3ff02c9a3e778061, 0xbc719083535b085d),
    (0x3ff059b0d3158574, 0x3c8d73e2a475b465),
    (0x3ff0874518759bc8, 0x3c6186be4bb284ff),
    (0x3ff0b5586cf9890f, 0x3c98a62e4adc610b),
    (0x3ff0e3ec32d3d1a2, 0x3c403a1727c57b53),
    (0x3ff11301d0125b51, 0xbc96c51039449b3a),
    (0x3ff1429aaea92de0, 0xbc932fbf9af1369e),
    (0x3ff172b83c7d517b, 0xbc819041b9d78a76),
    (0x3ff1a35beb6fcb75, 0x3c8e5b4c7b4968e4),
    (0x3ff1d4873168b9aa, 0x3c9e016e00a2643c),
    (0x3ff2063b88628cd6, 0x3c8dc775814a8495),
    (0x3ff2387a6e756238, 0x3c99b07eb6c70573),
    (0x3ff26b4565e27cdd, 0x3c82bd339940e9d9),
    (0x3ff29e9df51fdee1, 0x3c8612e8afad1255),
    (0x3ff2d285a6e4030b, 0x3c90024754db41d5),
    (0x3ff306fe0a31b715, 0x3c86f46ad23182e4),
    (0x3ff33c08b26416ff, 0x3c932721843659a6),
    (0x3ff371a7373aa9cb, 0xbc963aeabf42eae2),
    (0x3ff3a7db34e59ff7, 0xbc75e436d661f5e3),
    (0x3ff3dea64c123422, 0x3c8ada0911f09ebc),
    (0x3ff4160a21f72e2a, 0xbc5ef3691c309278),
    (0x3ff44e086061892d, 0x3c489b7a04ef80d0),
    (0x3ff486a2b5c13cd0, 0x3c73c1a3b69062f0),
    (0x3ff4bfdad5362a27, 0x3c7d4397afec42e2),
    (0x3ff4f9b2769d2ca7, 0xbc94b309d25957e3),
    (0x3ff5342b569d4f82, 0xbc807abe1db13cad),
    (0x3ff56f4736b527da, 0x3c99bb2c011d93ad),
    (0x3ff5ab07dd485429, 0x3c96324c054647ad),
    (0x3ff5e76f15ad2148, 0x3c9ba6f93080e65e),
    (0x3ff6247eb03a5585, 0xbc9383c17e40b497),
    (0x3ff6623882552225, 0xbc9bb60987591c34),
    (0x3ff6a09e667f3bcd, 0xbc9bdd3413b26456),
    (0x3ff6dfb23c651a2f, 0xbc6bbe3a683c88ab),
    (0x3ff71f75e8ec5f74, 0xbc816e4786887a99),
    (0x3ff75feb564267c9, 0xbc90245957316dd3),
    (0x3ff7a11473eb0187, 0xbc841577ee04992f),
    (0x3ff7e2f336cf4e62, 0x3c705d02ba15797e),
    (0x3ff82589994cce13, 0xbc9d4c1dd41532d8),
    (0x3ff868d99b4492ed, 0xbc9fc6f89bd4f6ba),
    (0x3ff8ace5422aa0db, 0x3c96e9f156864b27),
    (0x3ff8f1ae99157736, 0x3c85cc13a2e3976c),
    (0x3ff93737b0cdc5e5, 0xbc675fc781b57ebc),
    (0x3ff97d829fde4e50, 0xbc9d185b7c1b85d1),
    (0x3ff9c49182a3f090, 0x3c7c7c46b071f2be),
    (0x3ffa0c667b5de565, 0xbc9359495d1cd533),
    (0x3ffa5503b23e255d, 0xbc9d2f6edb8d41e1),
    (0x3ffa9e6b5579fdbf, 0x3c90fac90ef7fd31),
    (0x3ffae89f995ad3ad, 0x3c97a1cd345dcc81),
    (0x3ffb33a2b84f15fb, 0xbc62805e3084d708),
    (0x3ffb7f76f2fb5e47, 0xbc75584f7e54ac3b),
    (0x3ffbcc1e904bc1d2, 0x3c823dd07a2d9e84),
    (0x3ffc199bdd85529c, 0x3c811065895048dd),
    (0x3ffc67f12e57d14b, 0x3c92884dff483cad),
    (0x3ffcb720dcef9069, 0x3c7503cbd1e949db),
    (0x3ffd072d4a07897c, 0xbc9cbc3743797a9c),
    (0x3ffd5818dcfba487, 0x3c82ed02d75b3707),
    (0x3ffda9e603db3285, 0x3c9c2300696db532),
    (0x3ffdfc97337b9b5f, 0xbc91a5cd4f184b5c),
    (0x3ffe502ee78b3ff6, 0x3c839e8980a9cc8f),
    (0x3ffea4afa2a490da, 0xbc9e9c23179c2893),
    (0x3ffefa1bee615a27, 0x3c9dc7f486a4b6b0),
    (0x3fff50765b6e4540, 0x3c99d3e12dd8a18b),
    (0x3fffa7c1819e90d8, 0x3c874853f3a5931e),
];

/// 1/n! for n = 2..5 as double-doubles.
const INVERSE_FACTORIALS: [(u64, u64); 4] = [
    (0x3fe0000000000000, 0x0000000000000000),
    (0x3fc5555555555555, 0x3c65555555555555),
    (0x3fa5555555555555, 0x3c45555555555555),
    (0x3f81111111111111, 0x3c01111111111111),
];

/// Below this magnitude (2⁻²⁶) e^x is 1 + x + x²/2… with x² beyond a double's reach.
const NEAR_ZERO: f64 = 1.4901161193847656e-8;

/// Beyond this e^x is infinite, below the other bound it rounds to 0.
const OVERFLOW: f64 = 709.782712893384;
const UNDERFLOW: f64 = -745.1332191019412;

/// A double-double: hi + lo with |lo| ≤ ulp(hi)/2.
#[derive(Clone, Copy)]
struct Double {
    hi: f64,
    lo: f64,
}

/// a + b exactly, as the rounded sum and its error (Knuth).
fn two_sum(a: f64, b: f64) -> Double {
    let hi = a + b;
    let b_virtual = hi - a;
    let a_virtual = hi - b_virtual;
    Double {
        hi,
        lo: (a - a_virtual) + (b - b_virtual),
    }
}

/// Splits a double into two halves of 26 bits each (Veltkamp), so their products are exact.
fn split(a: f64) -> (f64, f64) {
    let scaled = 134_217_729.0 * a; // 2^27 + 1
    let high = scaled - (scaled - a);
    (high, a - high)
}

/// a·b exactly, as the rounded product and its error (Dekker), without fused multiply-add.
fn two_product(a: f64, b: f64) -> Double {
    let hi = a * b;
    let (a_high, a_low) = split(a);
    let (b_high, b_low) = split(b);
    let lo = ((a_high * b_high - hi) + a_high * b_low + a_low * b_high) + a_low * b_low;
    Double { hi, lo }
}

impl Double {
    fn from_bits((hi, lo): (u64, u64)) -> Self {
        Double {
            hi: f64::from_bits(hi),
            lo: f64::from_bits(lo),
        }
    }

    fn add(self, other: Double) -> Double {
        let sum = two_sum(self.hi, other.hi);
        let low = sum.lo + self.lo + other.lo;
        two_sum(sum.hi, low)
    }

    fn multiply(self, other: Double) -> Double {
        let product = two_product(self.hi, other.hi);
        let low = product.lo + (self.hi * other.lo + self.lo * other.hi);
        two_sum(product.hi, low)
    }
}

/// e^x, correctly rounded (see the module doc).
///
/// Most inputs take a fast path in plain doubles whose error before rounding is below
/// 2⁻⁵⁷ (for a result scaled to [0.5, 2)): when the result is farther than that from a
/// rounding boundary, its rounding is already the correct one. The rest (about one in
/// twenty) are computed again with double-doubles ([`exp_double_double`]).
pub fn exp(x: f64) -> f64 {
    // NaN, and what overflows or underflows, fail the range test too.
    if !(UNDERFLOW..=OVERFLOW).contains(&x) || x.abs() < NEAR_ZERO {
        return exp_double_double(x);
    }
    // Ties to even: one instruction in WebAssembly (`f64.nearest`), where `round` is a call.
    let k = (x * SIXTY_FOUR_OVER_LN2).round_ties_even();
    let k_int = k as i64;
    // x − k·LN2_64[0] is exact (the part's trailing zeros, then Sterbenz), the rest adds
    // at most 2⁻⁶⁰·⁵ of error; LN2_64[2] is below it.
    let r = (x - k * LN2_64[0]) - k * LN2_64[1];
    // e^r − 1 to r⁶/720; the next term is below 2⁻⁶⁴ for |r| ≤ ln2/128.
    let p = r + r
        * r
        * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0)))));
    let j = k_int.rem_euclid(64) as usize;
    let power = (k_int - j as i64) / 64;
    let table = Double::from_bits(TWO_TO_J_OVER_64[j]);
    // 2^(j/64)·e^r = t_hi + (t_hi·p + t_lo·(1 + p)).
    let sum = two_sum(table.hi, table.hi * p + table.lo * (1.0 + p));
    let bits = sum.hi.to_bits();
    let is_power_of_two = bits & ((1 << 52) - 1) == 0;
    // Half a unit in the last place of sum.hi (a normal number near 1 here).
    let half_ulp = f64::from_bits(((bits >> 52) - 53) << 52);
    if !is_power_of_two
        && sum.lo.abs() + FAST_PATH_ERROR < half_ulp
        && (-1022..=1023).contains(&power)
    {
        return scale(sum.hi, power);
    }
    exp_double_double(x)
}

/// A bound on the fast path's error before rounding, for a result in [0.5, 2.02):
/// r's rounding (2·2⁻⁶⁰·⁵), the series' rounding and truncation (2·2⁻⁶⁰·³) and the
/// correction's two roundings (2⁻⁵⁸·⁵) add up to about 2⁻⁵⁷·⁴⁵, under this 2⁻⁵⁷.
const FAST_PATH_ERROR: f64 = 6.938893903907228e-18; // 2⁻⁵⁷

/// e^x with double-doubles throughout: an error below 2⁻¹⁰⁰ before the final rounding
/// (see the module doc).
pub fn exp_double_double(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > OVERFLOW {
        return f64::INFINITY;
    }
    if x < UNDERFLOW {
        return 0.0;
    }
    if x.abs() < NEAR_ZERO {
        return exp_near_zero(x);
    }
    // Ties to even: one instruction in WebAssembly (`f64.nearest`), where `round` is a call.
    let k = (x * SIXTY_FOUR_OVER_LN2).round_ties_even();
    let k_int = k as i64;
    // r = x − k·ln2/64, as a double-double.
    let r = two_sum(x, -k * LN2_64[0])
        .add(two_product(-k, LN2_64[1]))
        .add(Double {
            hi: -k * LN2_64[2],
            lo: 0.0,
        });
    // e^r = Σ rⁿ/n!, n ≤ 10: the tail from r⁶ on (below 4·10⁻¹⁷) in doubles.
    let small = r.hi;
    let tail = (((small / 3_628_800.0 + 1.0 / 362_880.0) * small + 1.0 / 40_320.0) * small
        + 1.0 / 5_040.0)
        * small
        + 1.0 / 720.0;
    let mut series = Double { hi: tail, lo: 0.0 };
    for coefficient in INVERSE_FACTORIALS.iter().rev() {
        series = series.multiply(r).add(Double::from_bits(*coefficient));
    }
    for _ in 0..2 {
        // The coefficients 1/1! and 1/0!.
        series = series.multiply(r).add(Double { hi: 1.0, lo: 0.0 });
    }
    let j = k_int.rem_euclid(64) as usize;
    let power = (k_int - j as i64) / 64;
    let value = Double::from_bits(TWO_TO_J_OVER_64[j]).multiply(series);
    // `value.hi` is hi + lo rounded to nearest; scaling by 2^power is exact unless the
    // result is subnormal (or overflows, which the two factors handle).
    scale(value.hi, power)
}

/// e^x for |x| < 2⁻²⁶: 1 + x exactly as a double-double, plus the remainder
/// x²/2·(1 + x/3), which is positive. Where 1 + x falls exactly halfway between two
/// doubles (x = 2⁻⁵³, 3·2⁻⁵³, −2⁻⁵⁴ …) the remainder is far too small to move a double sum,
/// but it decides the rounding: upward, away from the tie.
fn exp_near_zero(x: f64) -> f64 {
    let one_plus_x = two_sum(1.0, x);
    let remainder = x * x * 0.5 * (1.0 + x / 3.0);
    let (hi, lo) = (one_plus_x.hi, one_plus_x.lo);
    let neighbour = hi + 2.0 * lo;
    let is_tie = lo != 0.0 && neighbour - hi == 2.0 * lo;
    if is_tie && remainder > 0.0 {
        return if lo > 0.0 { neighbour } else { hi };
    }
    hi + (lo + remainder)
}

/// x·2^power, in two factors where 2^power itself is not a normal double.
fn scale(x: f64, power: i64) -> f64 {
    let factor = |exponent: i64| f64::from_bits(((exponent + 1023) as u64) << 52);
    if power > 1023 {
        x * factor(power - 1023) * factor(1023)
    } else if power < -1022 {
        x * factor(power + 1022) * factor(-1022)
    } else {
        x * factor(power)
    }
}
