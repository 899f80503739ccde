#!/usr/bin/env python3
"""Generates the constants of `crates/kernels/src/table_ln.rs` (mpmath, 200-bit arithmetic).

    python3 crates/kernels/tools/ln_table.py

Reduction: x = 2^k z with z in [1, 2) (AVX-512 `vgetexppd` / `vgetmantpd`); the top 4 bits of the
mantissa pick one of 16 sub-intervals [1 + i/16, 1 + (i+1)/16), each with the reciprocal `invc` of its
centre (nearest double) and `logc = -ln(invc)` rounded to nearest. Then r = z*invc - 1 lies in
[-1/33, 1/33] and ln(1 + r) = r + r^2 q(r), with q a degree-6 near-minimax (Chebyshev) fit of
(ln(1 + r) - r)/r^2. Prints the Rust constants and the fit's maximum absolute error on a grid of 4001
points (the sums this logarithm serves need absolute, not relative, accuracy).
"""
import struct
import mpmath as mp

mp.mp.prec = 200
BITS, DEGREE = 4, 6


def bits(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]



def nearest(x):
    return float(mp.mpf(x))


n = 1 << BITS
invc, logc, rmax = [], [], mp.mpf(0)
for i in range(n):
    lo, hi = 1 + mp.mpf(i) / n, 1 + mp.mpf(i + 1) / n
    ic = nearest(2 / (lo + hi))
    invc.append(ic)
    logc.append(nearest(-mp.log(mp.mpf(ic))))
    rmax = max(rmax, abs(lo * ic - 1), abs(hi * ic - 1))


def g(r):
    return (mp.log1p(r) - r) / r**2 if r != 0 else mp.mpf(-0.5)


q = [nearest(c) for c in mp.chebyfit(g, [-rmax, rmax], DEGREE + 1)]  # highest degree first
worst = mp.mpf(0)
for t in range(-2000, 2001):
    r = rmax * t / 2000
    if r == 0:
        continue
    p = mp.mpf(0)
    for c in q:
        p = p * r + mp.mpf(c)
    worst = max(worst, abs(r + r * r * p - mp.log1p(r)))


def table(name, xs):
    body = "\n".join(f"    f64::from_bits({bits(x):#018x}), // {x!r}" for x in xs)
    return f"const {name}: [f64; {len(xs)}] = [\n{body}\n];"


print(f"// |r| <= {float(rmax)!r}; max absolute error of r + r^2 q(r): {float(worst):.3g} "
      f"(2^{float(mp.log(worst, 2)):.1f})")
print(table("INVC", invc))
print(table("LOGC", logc))
print(table("Q", q))
