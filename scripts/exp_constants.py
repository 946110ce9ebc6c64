# Prints the constants of src/exp.rs: 2^(j/64) for j = 0..63 as a double-double (hi, lo),
# and ln2/64 split in three parts, all as IEEE-754 bit patterns. Needs mpmath.
# Run: python3 scripts/exp_constants.py
import struct
import mpmath

mpmath.mp.prec = 300

def bits(value):
    return "0x%016x" % struct.unpack(">Q", struct.pack(">d", value))[0]

def split(value, parts, zero_bits=0):
    out = []
    rest = mpmath.mpf(value)
    for index in range(parts):
        if index == 0 and zero_bits:
            # The first part keeps only 53 - zero_bits significant bits, so k * part is exact.
            exponent = mpmath.floor(mpmath.log(abs(rest), 2))
            quantum = mpmath.mpf(2) ** (exponent - (52 - zero_bits))
            head = float(mpmath.nint(rest / quantum) * quantum)
        else:
            head = float(rest)
        out.append(head)
        rest -= mpmath.mpf(head)
    return out

print("// ln2/64 in three parts; the first has 21 trailing zero bits (k·part exact for |k| < 2^21).")
for part in split(mpmath.log(2) / 64, 3, zero_bits=21):
    print(f"    f64::from_bits({bits(part)}),")
print("// 2^(j/64) = hi + lo, j = 0..63")
for j in range(64):
    hi, lo = split(mpmath.mpf(2) ** (mpmath.mpf(j) / 64), 2)
    print(f"    ({bits(hi)}, {bits(lo)}),")
print("// 1/n! for n = 2..5 as double-doubles (1/0! and 1/1! are exact)")
for n in range(2, 6):
    hi, lo = split(1 / mpmath.factorial(n), 2)
    print(f"    ({bits(hi)}, {bits(lo)}),")
print("// 64/ln2, for the reduction's multiple")
print(f"    {bits(float(64 / mpmath.log(2)))}")
