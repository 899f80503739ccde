//! # mfg-quality-kernels
//!
//! Fast numeric kernels shared by the mfg-quality crates: the vectorised natural logarithms behind
//! entropy weights and the weighted geometric mean of `mfg-quality-composite`. Safe Rust only
//! (`unsafe_code` is forbidden in the workspace); the SIMD code paths are chosen at run time with
//! [`pulp`], so the crate is built for the generic target and needs no target flags.
//!
//! | item | what it computes | accuracy |
//! |---|---|---|
//! | [`ln_normal`] | `ln x`, branch-free and table-free (fdlibm's `__ieee754_log` scheme), so loops calling it vectorise; NaN outside the positive normal range | ≤ 1 ulp of `f64::ln` for positive normal `x` |
//! | [`add_weighted_ln`] | `acc[i] += w · ln_normal(x[i])`, the hot loop of the weighted geometric mean, with AVX-512 / AVX2 dispatch | that of [`ln_normal`]; bit for bit the same on every instruction set |
//! | [`x_ln_x_sum`] | `(Σ y, Σ y ln y)` for `y = scale · xᵢ`, with `0 ln 0 = 0`: the sums of entropy weights | each logarithm within `max(2^−53, 1 ulp)` of `f64::ln` (AVX-512 table logarithm) or 1 ulp (elsewhere) |
//! | [`x_ln_x_sum_top`] | [`x_ln_x_sum`] and the largest bit pattern of `x` (validation and scale in the same pass) | bit for bit [`x_ln_x_sum`] |
//! | [`pow2_scale`] | the power of two bringing a positive finite maximum into `[1, 2)` (an exact scaling) | exact |
//!
//! ```
//! use mfg_quality_kernels::{add_weighted_ln, ln_normal, pow2_scale, x_ln_x_sum};
//!
//! // Within one ulp of f64::ln on positive normal numbers; NaN elsewhere (zero, subnormal, negative,
//! // infinite, NaN), so that a caller can redo those few cells with f64::ln.
//! assert!((ln_normal(10.0) - 10f64.ln()).abs() <= f64::EPSILON * 10f64.ln());
//! assert!(ln_normal(0.0).is_nan());
//!
//! // Weighted logarithms, accumulated: the geometric mean of 2 and 8 with weights ½ is 4.
//! let mut acc = [0.0; 2];
//! add_weighted_ln(&mut acc, &[2.0, 8.0], 0.5);
//! add_weighted_ln(&mut acc, &[8.0, 2.0], 0.5);
//! assert!(acc.iter().all(|&a| (a.exp() - 4.0).abs() < 1e-14));
//!
//! // Σ y and Σ y ln y of a column scaled by an exact power of two (its maximum lands in [1, 2)).
//! let x = [0.0, 3.0, 5.0, 8.0];
//! let scale = pow2_scale(8.0);
//! assert_eq!(scale, 0.125);
//! let (sum, xlnx) = x_ln_x_sum(&x, scale);
//! assert_eq!(sum, 2.0);
//! let direct: f64 = x.iter().map(|&v| v * scale).filter(|&y| y > 0.0).map(|y| y * y.ln()).sum();
//! assert!((xlnx - direct).abs() <= 1e-15);
//! ```
//!
//! ## The logarithms
//!
//! [`ln_normal`] is branch-free so that LLVM vectorises it, on every CPU; on CPUs with AVX-512 the
//! entropy sums instead use an explicit AVX-512 kernel with a table-driven logarithm (private module
//! `table_ln`, whose scalar reference is tested bit for bit against it).
//!
//! `f64::ln` is a call into the platform libm: one scalar call per cell that the compiler cannot
//! vectorise. [`ln_normal`] is the same algorithm as fdlibm's `__ieee754_log` (Sun Microsystems 1993,
//! also used by musl and Rust's `libm` crate) written without branches and without tables, with safe
//! bit manipulation only (`f64::to_bits` / `f64::from_bits`), so a loop over a slice becomes SIMD code
//! even for the generic x86-64 (SSE2) target:
//!
//! 1. split `x = 2^k · z` with `z ∈ [√½, √2)` by integer arithmetic on the bits (the mantissa threshold
//!    is that of `√2`), and convert `k` to `f64` with the `2^52` "magic number" (no int→float
//!    instruction, which SSE2 lacks for 64-bit lanes);
//! 2. `f = z − 1` (exact, Sterbenz), `s = f / (2 + f)`, so `ln z = 2 atanh s = 2s + 2s³/3 + …` with
//!    `|s| ≤ 0.1716`; fdlibm's minimax polynomial `R(s²) = Lg1 s² + … + Lg7 s¹⁴` (error `< 2^−58.45`)
//!    replaces the tail of the series;
//! 3. `ln x = k·ln2_hi − ((f²/2 − (s(f²/2 + R) + k·ln2_lo)) − f)`, with `ln 2` split in a high part
//!    with 32 trailing zero bits (so `k·ln2_hi` is exact) and a low part.
//!
//! **Accuracy.** fdlibm documents an error below 1 ulp for this scheme. Measured against `f64::ln`
//! (glibc 2.36, itself correctly rounded in all but rare cases) by the ignored test `accuracy_sweep`:
//! over 3·10⁸ inputs — 2·10⁸ with uniformly random bit patterns over the whole positive normal range and
//! 10⁸ uniform in `[0.5, 2)`, where the result is small and relative error matters most — the largest
//! difference is 1 ulp (7.8·10⁶ inputs, 2.6 %, differ by one ulp; none by more) and the largest relative
//! difference 2.2·10⁻¹⁶. The unit tests assert `≤ 1 ulp` on random inputs and on edge inputs (every power
//! of two, the neighbours of 1, √2, √½, and the extremes of the normal range).
//!
//! **Instruction sets.** The loops over [`ln_normal`] ([`add_weighted_ln`], and the entropy sums on CPUs
//! without AVX-512) run through `pulp::Arch::dispatch`, which picks AVX-512 (x86-64-v4) or AVX2 (v3) at
//! run time when the CPU has them (the crate itself is built for generic x86-64, SSE2 only: no target
//! flags needed) and inlines the same scalar, branch-free loop into a `#[target_feature]` function,
//! where LLVM vectorises it 8 or 4 lanes wide. Rust never contracts a multiply and an add into an FMA
//! and every sum has an order fixed by the source, so the results are bit for bit those of the SSE2 code
//! (tested on every level the CPU has). With AVX-512 the entropy sums ([`x_ln_x_sum`],
//! [`x_ln_x_sum_top`]) instead run the explicit AVX-512 kernel of `table_ln`, about 3× faster; its results are bit for bit those of its scalar reference on
//! any CPU, and differ from the fdlibm loop's in the last bits (the entropy weights by less than 10⁻¹⁴
//! relative). So the entropy weights can differ in their last bits between a CPU with AVX-512 and one
//! without; they never depend on the thread count.
//!
//! **Why [`ln_normal`] keeps its division.** `s = f/(2+f)` is not its bottleneck once the loop is
//! vectorised: the ≈ 36 other vector instructions per vector are (2 ports for 512-bit operations).
//! Replacing the division by a multiplication (a wrong result, as a lower bound for any division-free
//! scheme) gained only 15 % with AVX-512 and 7 % with AVX2 or SSE2. A table-driven logarithm written as
//! scalar code is not vectorised by LLVM (it would need gathers): measured 4× slower. Hence the explicit
//! AVX-512 kernel of `table_ln`, whose 16-entry tables fit in registers (`vpermt2pd`), for the entropy
//! sums; AVX2 has no such lookup, and the geometric mean, bound by memory at large sizes, did not need it.
//!
//! **Domain.** [`ln_normal`] is accurate (≤ 1 ulp) only for *positive normal finite* `x` (`f64::MIN_POSITIVE ≤ x ≤
//! f64::MAX`) and returns NaN for everything else (zero, subnormals, negatives, ±∞, NaN), so a caller can
//! detect those after a vectorised pass and redo them with `f64::ln`.

#![deny(missing_docs)]

mod table_ln;

/// `ln 2`, high part (32 trailing zero bits: `k · LN2_HI` is exact for `|k| < 2^21`).
const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000); // 6.93147180369123816490e-01
/// `ln 2 − LN2_HI`.
const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76); // 1.90821492927058770002e-10
/// fdlibm's minimax coefficients of `R(s²) ≈ ln((1 + s)/(1 − s))/s − 2` (e_log.c).
const LG1: f64 = f64::from_bits(0x3FE5_5555_5555_5593); // 6.666666666666735130e-01
const LG2: f64 = f64::from_bits(0x3FD9_9999_9997_FA04); // 3.999999999940941908e-01
const LG3: f64 = f64::from_bits(0x3FD2_4924_9422_9359); // 2.857142874366239149e-01
const LG4: f64 = f64::from_bits(0x3FCC_71C5_1D8E_78AF); // 2.222219843214978396e-01
const LG5: f64 = f64::from_bits(0x3FC7_4664_96CB_03DE); // 1.818357216161805012e-01
const LG6: f64 = f64::from_bits(0x3FC3_9A09_D078_C69F); // 1.531383769920937332e-01
const LG7: f64 = f64::from_bits(0x3FC2_F112_DF3E_5244); // 1.479819860511658591e-01
/// Mantissa bits of `√2` (0x3FF6A09E667F3BCD): mantissas at or above it are reduced to `[√½, 1)`.
const SQRT2_MANT: u64 = 0x0006_A09E_667F_3BCD;
/// `2^52` as bits: `from_bits(MAGIC | n) = 2^52 + n` for `n < 2^52`.
const MAGIC: u64 = 0x4330_0000_0000_0000;

/// Natural logarithm of a positive normal `x`; NaN for zero, subnormals, negatives, infinities and NaN.
/// Branch-free and table-free, so loops calling it vectorise (fdlibm's `__ieee754_log` scheme, see the
/// crate doc).
///
/// **Accuracy:** within 1 ulp of `f64::ln` for `f64::MIN_POSITIVE ≤ x ≤ f64::MAX` (exact at 1); a
/// sweep over 3·10⁸ inputs found no difference larger than 1 ulp and a largest relative difference
/// of 2.2·10⁻¹⁶.
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `contains` short-circuits, which stops LLVM from vectorising
pub fn ln_normal(x: f64) -> f64 {
    let y = ln_reduced(x);
    // Only positive normal finite inputs are reduced correctly; NaN marks the rest (a select, no branch;
    // the non-short-circuit `&` matters: with `&&` or `contains` LLVM no longer vectorises callers).
    if (x >= f64::MIN_POSITIVE) & (x <= f64::MAX) {
        y
    } else {
        f64::NAN
    }
}

/// The computation of [`ln_normal`] without its domain select: correct for positive normal finite `x`,
/// an arbitrary value otherwise (the caller masks those lanes).
#[inline(always)]
fn ln_reduced(x: f64) -> f64 {
    let ix = x.to_bits();
    // Biased exponent, one less when the mantissa is below √2's, so that z ∈ [√½, √2).
    let e = ix.wrapping_sub(SQRT2_MANT) >> 52;
    let z = f64::from_bits(ix.wrapping_sub(e << 52).wrapping_add(1022 << 52));
    // k = e − 1022 exactly, without an int→float conversion (e < 2^12 here).
    let k = f64::from_bits(MAGIC | e) - (4_503_599_627_370_496.0 + 1022.0);
    let f = z - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z2 = s * s;
    let w = z2 * z2;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z2 * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f)
}

/// Independent accumulators of the vectorised sums (combined in a fixed order by [`pairwise`]).
const LANES: usize = 8;
/// Elements per block of the vectorised sums (a multiple of [`LANES`]); the last `len % BLOCK` elements
/// are summed after the accumulators, in order.
const BLOCK: usize = 64;

/// Runs `op` with the widest instruction set of this CPU (AVX-512 or AVX2 on x86-64, chosen at run time
/// by `pulp`; the baseline otherwise). The ops used here are plain scalar loops, autovectorised inside
/// pulp's `#[target_feature]` functions: Rust never fuses a multiply and an add into an FMA and the
/// order of every sum is fixed by the source, so every instruction set gives bit-identical results.
#[inline(always)]
fn dispatch<Op: pulp::WithSimd>(op: Op) -> Op::Output {
    pulp::Arch::new().dispatch(op)
}

/// `acc[i] += w · ln_normal(x[i])` for `i < min(acc.len(), x.len())` (NaN where `x[i]` is not
/// positive normal), with the widest instruction set of this CPU (AVX-512 or AVX2, chosen at run time
/// by `pulp`): the hot loop of the weighted geometric mean, bit for bit the same on every instruction
/// set (one multiply and one add per element, in the source's order).
///
/// **Accuracy:** each logarithm is that of [`ln_normal`] (within 1 ulp of `f64::ln`), followed by one
/// rounded multiplication and one rounded addition.
#[inline]
pub fn add_weighted_ln(acc: &mut [f64], x: &[f64], w: f64) {
    struct Op<'a>(&'a mut [f64], &'a [f64], f64);
    impl pulp::WithSimd for Op<'_> {
        type Output = ();
        #[inline(always)]
        fn with_simd<S: pulp::Simd>(self, _: S) {
            add_weighted_ln_baseline(self.0, self.1, self.2);
        }
    }
    dispatch(Op(acc, x, w));
}

/// The loop of [`add_weighted_ln`] (see [`x_ln_x_sum_baseline`]).
#[inline(always)]
fn add_weighted_ln_baseline(acc: &mut [f64], x: &[f64], w: f64) {
    acc.iter_mut()
        .zip(x)
        .for_each(|(s, &v)| *s += w * ln_normal(v));
}

/// `y ln y` for `y = scale · v`, or +0 where `y` is zero or subnormal, by masking the bits: the product
/// is computed for every lane first, which keeps loops vectorised (`if y > 0 { y * ln(y) }` stays a
/// branch), and the mask replaces `ln_normal`'s own select (measured: 13 % faster).
#[inline(always)]
fn x_ln_x_term(v: f64, scale: f64) -> f64 {
    let y = v * scale;
    let t = y * ln_reduced(y);
    let keep = 0u64.wrapping_sub(u64::from(y >= f64::MIN_POSITIVE));
    f64::from_bits(t.to_bits() & keep)
}

/// `(Σ y, Σ y ln y)` with `y = scale · xᵢ`, for `xᵢ ≥ 0` and a power-of-two `scale` (so `y` is exact),
/// with `0 ln 0 = 0` (the limit). A subnormal `y` (below `2.3·10⁻³⁰⁸`) contributes less than `10⁻³⁰⁵`
/// in magnitude to the second sum (0 on the fdlibm path, `y · ln_table(y)` with a wrong but finite
/// logarithm on the AVX-512 path). A NaN `xᵢ` makes the first sum NaN. Summed in 8 interleaved
/// accumulators (element `i` of each 64-element block into accumulator `i % 8`) combined in a fixed
/// order, the last `len % 64` terms added after them in order: the result depends only on `x`, `scale`
/// and which of the two logarithms runs (the table-driven one with AVX-512, [`ln_normal`] otherwise;
/// see the crate doc), never on the thread count. Other inputs (negative, infinite) give unspecified
/// sums, never a panic.
///
/// **Accuracy:** each logarithm is within `max(2^−53, 1 ulp of ln y)` of `f64::ln` on the AVX-512
/// path (the table-driven logarithm) and within 1 ulp on the others ([`ln_normal`]); the sums then
/// carry the rounding error of an ordinary floating-point sum (at most about `n · ε · Σ |term|`). The
/// two paths agree on the entropy `Σ p ln p = Σ y ln y / Σ y − ln Σ y` to 2·10⁻¹⁵ absolute; `Σ y` is
/// bit for bit the same on both.
#[inline]
pub fn x_ln_x_sum(x: &[f64], scale: f64) -> (f64, f64) {
    sums::<false>(x, scale).0
}

/// [`x_ln_x_sum`] and the largest bit pattern of `x` (0 for an empty slice), in one pass. For
/// non-negative finite values the bit patterns are ordered as the values, so the result is the bits of
/// the maximum; a value ≥ `0x7FF0_0000_0000_0000` flags a NaN, an infinity or a set sign bit (a negative
/// value or −0). One integer maximum per vector is all the entropy weights need to validate a column and
/// confirm the scale they guessed, so a column is read from memory once. The sums are bit for bit those
/// of [`x_ln_x_sum`] (and unspecified when the flag says the input is not non-negative and finite).
///
/// **Accuracy:** that of [`x_ln_x_sum`]; the top is exact.
#[inline]
pub fn x_ln_x_sum_top(x: &[f64], scale: f64) -> ((f64, f64), u64) {
    sums::<true>(x, scale)
}

/// [`x_ln_x_sum`] (with `TOP`, [`x_ln_x_sum_top`]; otherwise the top is 0) on the path this CPU takes:
/// `table_ln`'s AVX-512 kernel, or the fdlibm loop through [`dispatch`].
fn sums<const TOP: bool>(x: &[f64], scale: f64) -> ((f64, f64), u64) {
    #[cfg(target_arch = "x86_64")]
    if let Some(simd) = pulp::x86::V4::try_new() {
        return table_ln::sums_v4::<TOP>(simd, x, scale);
    }
    struct Op<'a, const TOP: bool>(&'a [f64], f64);
    impl<const TOP: bool> pulp::WithSimd for Op<'_, TOP> {
        type Output = ((f64, f64), u64);
        #[inline(always)]
        fn with_simd<S: pulp::Simd>(self, _: S) -> Self::Output {
            x_ln_x_sum_baseline::<TOP>(self.0, self.1)
        }
    }
    dispatch(Op::<TOP>(x, scale))
}

/// The loop of [`x_ln_x_sum`] (and, with `TOP`, of [`x_ln_x_sum_top`]; otherwise the top is 0),
/// inlined into each instruction set's version and, called directly, the baseline one. Written straight
/// into the accumulators: LLVM (rustc 1.95) vectorises this form, for SSE2 too.
#[inline(always)]
fn x_ln_x_sum_baseline<const TOP: bool>(x: &[f64], scale: f64) -> ((f64, f64), u64) {
    let (mut sum, mut acc, mut top) = ([0.0; LANES], [0.0; LANES], [0u64; LANES]);
    let (blocks, rest) = x.as_chunks::<BLOCK>();
    for block in blocks {
        for c in block.as_chunks::<LANES>().0 {
            for l in 0..LANES {
                let v = c[l];
                sum[l] += v * scale;
                acc[l] += x_ln_x_term(v, scale);
                if TOP {
                    top[l] = top[l].max(v.to_bits());
                }
            }
        }
    }
    let (mut s, mut t) = (pairwise(sum), pairwise(acc));
    let mut top = top.into_iter().max().unwrap_or(0);
    for &v in rest {
        s += v * scale;
        t += x_ln_x_term(v, scale);
        if TOP {
            top = top.max(v.to_bits());
        }
    }
    ((s, t), top)
}

/// Sum of the 8 accumulators in a fixed pairwise order.
#[inline(always)]
fn pairwise(a: [f64; LANES]) -> f64 {
    ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]))
}

/// A power of two `2^−e` with `e` the unbiased exponent of the positive finite `max`, so that
/// `max · pow2_scale(max)` lies in `[1, 2)` exactly (multiplying by a power of two only shifts the
/// exponent; for `max` in the top binade the scale is the subnormal `2^−1023`, still exact). For a
/// subnormal `max` the scale is `2^1023` and the product lies in `[2^−51, 2)`.
///
/// **Accuracy:** exact (the result is a power of two, so is `max · pow2_scale(max)`). Never panics:
/// for an input that is not positive and finite the result is a power of two without meaning (`2^1023`
/// for +0; `2^−1023` for −0, negative, infinite and NaN inputs).
#[inline]
pub fn pow2_scale(max: f64) -> f64 {
    let eb = (max.to_bits() >> 52) as i64; // biased exponent; 0 for subnormals
    let k = if eb == 0 { 1023 } else { 1023 - eb }; // the exponent of the scale, in [−1023, 1023]
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << 51) // 2^−1023
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact equalities (ln 1 = 0, exact power-of-two scaling) are what is tested
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Distance in ulps between two finite doubles (the number of doubles between them, plus one).
    fn ulps(a: f64, b: f64) -> u64 {
        let ordered = |x: f64| {
            let m = (x.to_bits() & !(1u64 << 63)) as i128;
            if x.is_sign_negative() { -m } else { m }
        };
        (ordered(a) - ordered(b)).unsigned_abs() as u64
    }

    fn assert_close(x: f64) {
        let (got, want) = (ln_normal(x), x.ln());
        assert!(
            ulps(got, want) <= 1 || (want == 0.0 && got == 0.0),
            "ln({x:e}) = {got:e}, f64::ln = {want:e}"
        );
    }

    #[test]
    fn edges() {
        // Exact at 1, at powers of two to within an ulp, and at both ends of the normal range.
        assert_eq!(ln_normal(1.0), 0.0);
        for k in -1022..=1023 {
            assert_close(2f64.powi(k));
        }
        for &x in &[
            f64::MIN_POSITIVE,
            f64::MAX,
            std::f64::consts::SQRT_2,
            std::f64::consts::FRAC_1_SQRT_2,
            std::f64::consts::E,
            0.5,
            2.0,
            10.0,
            1e-300,
            1e300,
        ] {
            assert_close(x);
            // and the neighbours, where the reduction switches sides (if still positive normal)
            for y in [
                f64::from_bits(x.to_bits() + 1),
                f64::from_bits(x.to_bits() - 1),
            ] {
                if y.is_normal() {
                    assert_close(y);
                }
            }
        }
        // Near 1 the result is tiny: the relative error is what counts.
        for i in 1..2000u64 {
            assert_close(f64::from_bits(1f64.to_bits() + i));
            assert_close(f64::from_bits(1f64.to_bits() - i));
            assert_close(1.0 + i as f64 * 1e-9);
            assert_close(1.0 - i as f64 * 1e-9);
        }
    }

    #[test]
    fn special_values_give_nan() {
        for &x in &[
            0.0,
            -0.0,
            -1.0,
            -f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1e-310,
            5e-324,
        ] {
            assert!(ln_normal(x).is_nan(), "{x}");
        }
    }

    #[test]
    fn x_ln_x_sum_matches_the_direct_sum() {
        let x: Vec<f64> = (0..1001).map(|i| ((i * 37) % 101) as f64 / 100.0).collect(); // has zeros
        let direct: f64 = x
            .iter()
            .map(|&v| if v > 0.0 { v * v.ln() } else { 0.0 })
            .sum();
        let s: f64 = x.iter().sum();
        let (sum, fast) = x_ln_x_sum(&x, 1.0);
        assert!((sum - s).abs() <= 1e-13 * s, "{sum} {s}");
        assert!(
            (fast - direct).abs() <= 1e-13 * direct.abs(),
            "{fast} {direct}"
        );
        // A power-of-two scale is exact: Σ (2x) ln(2x) = 2 Σ x ln x + 2 ln 2 Σ x.
        let (sum2, scaled) = x_ln_x_sum(&x, 2.0);
        assert_eq!(sum2, 2.0 * sum);
        let want = 2.0 * direct + 2.0 * std::f64::consts::LN_2 * s;
        assert!(
            (scaled - want).abs() <= 1e-13 * want.abs(),
            "{scaled} {want}"
        );
        // A NaN shows in the first sum, wherever it is (vectorised blocks or the remainder).
        for at in [0, 63, 64, 999] {
            let mut y = x.clone();
            y[at] = f64::NAN;
            assert!(x_ln_x_sum(&y, 1.0).0.is_nan(), "{at}");
        }
    }

    #[test]
    fn top_is_the_largest_bit_pattern() {
        for n in [0usize, 1, 5, 63, 64, 65, 1001] {
            let x: Vec<f64> = (0..n).map(|i| ((i * 37) % 101) as f64 / 7.0).collect();
            let top = x_ln_x_sum_top(&x, 1.0).1;
            assert_eq!(f64::from_bits(top), x.iter().copied().fold(0.0, f64::max));
        }
        // NaN, ±∞, negatives and −0 flag, in the blocks and in the remainder
        for at in [0, 17, 64, 70] {
            for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1e-300, -0.0] {
                let mut x = vec![0.5; 71];
                x[at] = bad;
                assert!(
                    x_ln_x_sum_top(&x, 1.0).1 >= 0x7FF0_0000_0000_0000,
                    "{bad} at {at}"
                );
            }
        }
    }

    /// Random columns for the bit-identity tests: uniform values with zeros, subnormals and lengths
    /// that leave every remainder of the 64-element blocks.
    fn random_columns() -> Vec<(Vec<f64>, f64)> {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..200)
            .map(|c| {
                let n = 1 + (next() % 700) as usize;
                let x: Vec<f64> = (0..n)
                    .map(|_| match next() % 20 {
                        0 => 0.0,
                        1 => f64::from_bits(next() % (1 << 52)), // subnormal
                        _ => (next() >> 11) as f64 / (1u64 << 53) as f64 * [1.0, 1e-3, 1e5][c % 3],
                    })
                    .collect();
                let hi = x.iter().copied().fold(0.0, f64::max);
                let scale = if hi > 0.0 { pow2_scale(hi) } else { 1.0 };
                (x, scale)
            })
            .collect()
    }

    /// The dispatched weighted-log accumulation of the geometric mean is bit for bit the baseline loop's,
    /// on every instruction set of this CPU, NaN lanes (zero, negative, subnormal, infinite input) included.
    #[test]
    fn dispatched_weighted_logs_are_bit_identical_to_the_baseline() {
        struct Base<'a>(&'a mut [f64], &'a [f64], f64);
        impl pulp::WithSimd for Base<'_> {
            type Output = ();
            #[inline(always)]
            fn with_simd<S: pulp::Simd>(self, _: S) {
                add_weighted_ln_baseline(self.0, self.1, self.2);
            }
        }
        let bits = |v: &[f64]| -> Vec<u64> { v.iter().map(|x| x.to_bits()).collect() };
        let mut specials = [
            0.0,
            -1.0,
            1e-310,
            f64::INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
        ];
        for (x, c) in random_columns() {
            specials.rotate_left(1);
            let x: Vec<f64> = x
                .iter()
                .zip(specials.iter().cycle())
                .enumerate()
                .map(|(i, (&v, &sp))| if i % 97 == 5 { sp } else { v * c + 1e-3 })
                .collect();
            let start: Vec<f64> = (0..x.len()).map(|i| i as f64 * 0.25 - 3.0).collect();
            let mut want = start.clone();
            add_weighted_ln_baseline(&mut want, &x, 0.37);
            let mut got = start.clone();
            add_weighted_ln(&mut got, &x, 0.37);
            assert_eq!(bits(&got), bits(&want), "dispatch, n = {}", x.len());
            let mut scalar = start.clone();
            pulp::Simd::vectorize(pulp::Scalar::new(), Base(&mut scalar, &x, 0.37));
            assert_eq!(bits(&scalar), bits(&want), "scalar, n = {}", x.len());
            #[cfg(target_arch = "x86_64")]
            {
                if let Some(v3) = pulp::x86::V3::try_new() {
                    let mut y = start.clone();
                    pulp::Simd::vectorize(v3, Base(&mut y, &x, 0.37));
                    assert_eq!(bits(&y), bits(&want), "x86-v3, n = {}", x.len());
                }
                if let Some(v4) = pulp::x86::V4::try_new() {
                    let mut y = start.clone();
                    pulp::Simd::vectorize(v4, Base(&mut y, &x, 0.37));
                    assert_eq!(bits(&y), bits(&want), "x86-v4, n = {}", x.len());
                }
            }
        }
    }

    /// The runtime-dispatched sums (AVX-512 or AVX2 where the CPU has them) are bit for bit those of the
    /// baseline loops compiled for the generic target, and so is every instruction set this CPU has.
    /// The fdlibm loop gives the same bits on every instruction set of this CPU; the dispatched functions
    /// give those of the algorithm they pick (the table-driven scalar reference where AVX-512 is
    /// present, the fdlibm loop elsewhere), with and without the range.
    #[test]
    fn dispatched_sums_are_bit_identical_to_the_baseline() {
        type Bits = [u64; 3];
        fn bits(((s, t), top): ((f64, f64), u64)) -> Bits {
            [s.to_bits(), t.to_bits(), top]
        }
        struct Both<'a>(&'a [f64], f64);
        impl pulp::WithSimd for Both<'_> {
            type Output = Bits;
            #[inline(always)]
            fn with_simd<S: pulp::Simd>(self, _: S) -> Bits {
                bits(x_ln_x_sum_baseline::<true>(self.0, self.1))
            }
        }
        #[allow(clippy::type_complexity)]
        let mut levels: Vec<(&str, Box<dyn Fn(&[f64], f64) -> Bits>)> = vec![(
            "scalar",
            Box::new(|x, c| pulp::Simd::vectorize(pulp::Scalar::new(), Both(x, c))),
        )];
        #[cfg(target_arch = "x86_64")]
        let table = pulp::x86::V4::try_new().is_some();
        #[cfg(not(target_arch = "x86_64"))]
        let table = false;
        #[cfg(target_arch = "x86_64")]
        {
            if let Some(v3) = pulp::x86::V3::try_new() {
                levels.push((
                    "x86-v3",
                    Box::new(move |x, c| pulp::Simd::vectorize(v3, Both(x, c))),
                ));
            }
            if let Some(v4) = pulp::x86::V4::try_new() {
                levels.push((
                    "x86-v4",
                    Box::new(move |x, c| pulp::Simd::vectorize(v4, Both(x, c))),
                ));
            }
        }
        for (x, c) in random_columns() {
            let want = bits(x_ln_x_sum_baseline::<true>(&x, c));
            for (name, f) in &levels {
                assert_eq!(f(&x, c), want, "{name}, n = {}", x.len());
            }
            let picked = if table {
                bits(table_ln::sums_reference(&x, c, true))
            } else {
                want
            };
            let with_range = bits(x_ln_x_sum_top(&x, c));
            assert_eq!(with_range, picked, "dispatched, n = {}", x.len());
            let (s, t) = x_ln_x_sum(&x, c);
            assert_eq!(
                [s.to_bits(), t.to_bits()],
                with_range[..2],
                "n = {}",
                x.len()
            );
        }
    }

    /// The table-driven sums (AVX-512 path) and the fdlibm ones differ only by the rounding of each
    /// logarithm: `Σ p ln p = Σ y ln y / Σ y − ln Σ y` agrees to 2·10⁻¹⁵ absolute (a few ulps of `ln Σ y`), so the
    /// diversification `d = 1 + Σ p ln p / ln m` of entropy weights to 10⁻¹⁴ relative (measured
    /// 2.5·10⁻¹⁵), whichever CPU runs.
    #[test]
    fn table_and_fdlibm_sums_agree() {
        let (mut worst_h, mut worst_d) = (0f64, 0f64);
        for (x, c) in random_columns() {
            let ((s1, t1), _) = table_ln::sums_reference(&x, c, false);
            let ((s2, t2), _) = x_ln_x_sum_baseline::<false>(&x, c);
            assert_eq!(s1.to_bits(), s2.to_bits());
            if s1 == 0.0 || x.len() < 2 {
                continue;
            }
            let (h1, h2) = (t1 / s1 - s1.ln(), t2 / s2 - s2.ln());
            worst_h = worst_h.max((h1 - h2).abs());
            let k = 1.0 / (x.len() as f64).ln();
            let (d1, d2) = (1.0 + k * h1, 1.0 + k * h2);
            if d2 > 1e-3 {
                worst_d = worst_d.max(((d1 - d2) / d2).abs());
            }
        }
        assert!(worst_h <= 2e-15, "{worst_h:e}");
        assert!(worst_d <= 1e-14, "{worst_d:e}");
        println!("max |Δ Σ p ln p| = {worst_h:e}, max relative Δd = {worst_d:e}");
    }

    #[test]
    fn pow2_scale_brings_the_max_to_one_two() {
        for &m in &[
            1.0,
            1.5,
            0.75,
            3.0,
            1e-300,
            1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            1e-310,
        ] {
            let s = pow2_scale(m);
            let y = m * s;
            if m >= f64::MIN_POSITIVE {
                assert!((1.0..2.0).contains(&y), "{m:e} · {s:e} = {y}");
            } else {
                assert!((f64::MIN_POSITIVE..2.0).contains(&y), "{m:e} · {s:e} = {y}");
            }
            // an exact power of two: zero mantissa, or (2^−1023) a single mantissa bit
            let b = s.to_bits();
            assert!(b & ((1 << 52) - 1) == 0 || b == 1 << 51, "{s:e}");
            assert_eq!(y / s, m);
        }
    }

    /// Inputs outside the documented domain give the documented powers of two, without a panic.
    #[test]
    fn pow2_scale_outside_its_domain() {
        assert_eq!(pow2_scale(0.0), 2f64.powi(1023));
        let tiny = f64::from_bits(1u64 << 51); // 2^−1023
        for m in [
            -0.0,
            -1.0,
            -f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            assert_eq!(pow2_scale(m).to_bits(), tiny.to_bits(), "{m}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Uniform over the bit patterns of positive normal doubles: every binade equally often.
        #[test]
        fn within_one_ulp_over_the_normal_range(bits in 0x0010_0000_0000_0000u64..0x7FF0_0000_0000_0000) {
            let x = f64::from_bits(bits);
            let (got, want) = (ln_normal(x), x.ln());
            prop_assert!(ulps(got, want) <= 1 || (want == 0.0 && got == 0.0), "ln({x:e}) = {got:e} vs {want:e}");
        }

        /// Near 1, where ln is small and only a relative bound is meaningful.
        #[test]
        fn within_one_ulp_near_one(x in 0.5f64..2.0) {
            let (got, want) = (ln_normal(x), x.ln());
            prop_assert!(ulps(got, want) <= 1 || (want == 0.0 && got == 0.0), "ln({x:e}) = {got:e} vs {want:e}");
        }
    }

    /// Large sweep for the accuracy figures in the module doc (release mode:
    /// `cargo test -p mfg-quality-kernels --release --lib accuracy_sweep -- --ignored --nocapture`).
    #[test]
    #[ignore = "long: ~3·10⁸ samples, run in release mode"]
    fn accuracy_sweep() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            // SplitMix64 (Steele, Lea & Flood 2014), enough for sampling bit patterns.
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let (mut max_ulp, mut max_rel, mut over_half) = (0u64, 0f64, 0u64);
        let n_range = 200_000_000u64;
        let n_near = 100_000_000u64;
        for i in 0..n_range + n_near {
            let x = if i < n_range {
                f64::from_bits(
                    0x0010_0000_0000_0000
                        + next() % (0x7FF0_0000_0000_0000 - 0x0010_0000_0000_0000),
                )
            } else {
                0.5 + 1.5 * ((next() >> 11) as f64 / (1u64 << 53) as f64)
            };
            let (got, want) = (ln_normal(x), x.ln());
            if want == 0.0 {
                assert_eq!(got, 0.0);
                continue;
            }
            let u = ulps(got, want);
            over_half += u64::from(u > 0);
            max_ulp = max_ulp.max(u);
            max_rel = max_rel.max(((got - want) / want).abs());
        }
        println!(
            "{} samples: max {max_ulp} ulp, max relative difference {max_rel:e}, {over_half} differ from f64::ln",
            n_range + n_near
        );
        assert!(max_ulp <= 1);
    }
}
