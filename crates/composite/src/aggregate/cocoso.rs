//! CoCoSo, the COmbined COmpromise SOlution (Yazdani, Zarate, Zavadskas & Turskis 2019, "A combined
//! compromise solution (CoCoSo) method for multi-criteria decision-making problems", *Management
//! Decision* 57(9), 2501–2519).
//!
//! 1. Min-max normalisation (pymcdm 1.4's default for `COCOSO`): `rᵢⱼ = (xᵢⱼ − minⱼ) / (maxⱼ − minⱼ)`
//!    (benefit) or `(maxⱼ − xᵢⱼ) / (maxⱼ − minⱼ)` (cost); a constant column is `r = 1` (pymcdm).
//! 2. `Sᵢ = Σⱼ wⱼ rᵢⱼ` and `Pᵢ = Σⱼ rᵢⱼ^wⱼ` (weights normalised to sum 1; `0⁰ = 1`).
//! 3. Appraisal strategies `kₐᵢ = (Pᵢ + Sᵢ) / Σₖ (Pₖ + Sₖ)`, `k_bᵢ = Sᵢ / minₖ Sₖ + Pᵢ / minₖ Pₖ`,
//!    `k_cᵢ = (λ Sᵢ + (1 − λ) Pᵢ) / (λ maxₖ Sₖ + (1 − λ) maxₖ Pₖ)` with `λ ∈ [0, 1]` (default 0.5).
//! 4. `kᵢ = (kₐᵢ k_bᵢ k_cᵢ)^{1/3} + (kₐᵢ + k_bᵢ + k_cᵢ) / 3`, higher is better.
//!
//! pymcdm computes the same (golden test to 1e-12). Documented degenerate cases: `k_b` divides by the
//! smallest `S` and `P`; they are 0 when an alternative is the worst on every criterion of positive
//! weight, and pymcdm then returns ±Inf or NaN: here that is a [`CompositeError::Numerical`] naming the
//! unit. Any finite value is in the domain. `λ` outside [0, 1] is [`CompositeError::InvalidParameter`].
//! Missing cells are not supported (the first is a [`CompositeError::MissingValue`] under either
//! policy). In the pipeline every child is a benefit. `r^w = exp(w ln r)` uses the vectorised logarithm
//! and a branch-free exponential (within a few ulp of `f64::powf`).

use serde::{Deserialize, Serialize};

use super::ratio_common::{is_cost, max_of, min_of, require_complete, standalone, sum_min_max};
use super::{CriterionType, Input};
use crate::{CompositeError, Result};

/// CoCoSo outputs per alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CocosoResult {
    /// Weighted sum `S = Σ w r`.
    pub s: Vec<f64>,
    /// Sum of powers `P = Σ r^w`.
    pub p: Vec<f64>,
    /// Appraisal strategy `kₐ`.
    pub ka: Vec<f64>,
    /// Appraisal strategy `k_b`.
    pub kb: Vec<f64>,
    /// Appraisal strategy `k_c`.
    pub kc: Vec<f64>,
    /// Final score `k` (higher is better).
    pub score: Vec<f64>,
}

/// CoCoSo on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit) and `lambda ∈ [0, 1]`; module docs.
///
/// ```
/// use mfg_quality_composite::aggregate::cocoso;
/// let data = [1.0, 2.0, 3.0, /* criterion 2 */ 3.0, 1.0, 2.0];
/// let r = cocoso(&data, 3, &[0.5, 0.5], &[], 0.5)?;
/// assert!(r.score[2] > r.score[0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn cocoso(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
    lambda: f64,
) -> Result<CocosoResult> {
    super::ratio_common::check_lambda("cocoso", lambda)?;
    standalone("cocoso", data, n_rows, weights, types, |input| {
        let mut s = vec![0.0; n_rows];
        let mut p = vec![0.0; n_rows];
        sums(input, types, &mut s, &mut p);
        let (a, b, c) = constants(input, &s, &p, lambda)?;
        let mut ka = Vec::with_capacity(n_rows);
        let mut kb = Vec::with_capacity(n_rows);
        let mut kc = Vec::with_capacity(n_rows);
        let mut score = Vec::with_capacity(n_rows);
        for (&si, &pi) in s.iter().zip(&p) {
            let (x, y, z) = strategies(si, pi, lambda, a, b, c);
            ka.push(x);
            kb.push(y);
            kc.push(z);
            score.push(combine(x, y, z));
        }
        Ok(CocosoResult {
            s,
            p,
            ka,
            kb,
            kc,
            score,
        })
    })
}

/// `(Σ (P + S), (min S, min P), λ max S + (1 − λ) max P)`, or the error for a zero minimum.
fn constants(input: &Input, s: &[f64], p: &[f64], lambda: f64) -> Result<(f64, (f64, f64), f64)> {
    let (s_min, p_min) = (min_of(s), min_of(p));
    for (what, v, m) in [("S", s, s_min), ("P", p, p_min)] {
        if m <= 0.0 && !v.is_empty() {
            let i = v.iter().position(|&x| x <= m).unwrap_or(0);
            return Err(CompositeError::Numerical {
                method: "cocoso",
                reason: format!(
                    "unit `{}` is the worst on every weighted criterion ({what} = 0), so k_b = S / min S + P / min P is undefined",
                    input.ctx.unit(i)
                ),
            });
        }
    }
    let total: f64 = s.iter().zip(p).map(|(&a, &b)| a + b).sum();
    let top = lambda * max_of(s) + (1.0 - lambda) * max_of(p);
    Ok((total, (s_min, p_min), top))
}

#[inline]
fn strategies(
    s: f64,
    p: f64,
    lambda: f64,
    total: f64,
    mins: (f64, f64),
    top: f64,
) -> (f64, f64, f64) {
    (
        (p + s) / total,
        s / mins.0 + p / mins.1,
        (lambda * s + (1.0 - lambda) * p) / top,
    )
}

#[inline]
fn combine(a: f64, b: f64, c: f64) -> f64 {
    (a * b * c).cbrt() + (a + b + c) / 3.0
}

/// `S` and `P` of the min-max-normalised matrix.
fn sums(input: &Input, types: &[CriterionType], s: &mut [f64], p: &mut [f64]) {
    s.iter_mut().for_each(|a| *a = 0.0);
    p.iter_mut().for_each(|a| *a = 0.0);
    let (mut rb, mut tb) = (vec![0.0; input.n_rows], vec![0.0; input.n_rows]);
    for j in 0..input.n_cols {
        let col = input.col(j);
        let w = input.weights[j];
        let (_, lo, hi) = sum_min_max(col);
        if hi <= lo || !(hi - lo).is_finite() {
            // constant: r = 1, so w·r = w and r^w = 1
            s.iter_mut().for_each(|a| *a += w);
            p.iter_mut().for_each(|a| *a += 1.0);
            continue;
        }
        let inv = 1.0 / (hi - lo);
        let cost = is_cost(types, j);
        if w == 0.0 {
            p.iter_mut().for_each(|a| *a += 1.0);
            continue;
        }
        if cost {
            rb.iter_mut()
                .zip(col)
                .for_each(|(r, &x)| *r = (hi - x) * inv);
        } else {
            rb.iter_mut()
                .zip(col)
                .for_each(|(r, &x)| *r = (x - lo) * inv);
        }
        // w ln r with the dispatched (AVX2 / AVX-512) logarithm, then r^w = exp(w ln r).
        tb.iter_mut().for_each(|v| *v = 0.0);
        crate::fastmath::add_weighted_ln(&mut tb, &rb, w);
        for (((sa, pa), &r), &t) in s.iter_mut().zip(p.iter_mut()).zip(&rb).zip(&tb) {
            *sa += w * r;
            *pa += pow_from_log(r, t);
        }
    }
}

/// `r^w` for `r ∈ [0, 1]` and `w > 0` (the test's reference form of the column loop).
#[cfg(test)]
fn pow_unit(r: f64, w: f64) -> f64 {
    pow_from_log(r, w * crate::fastmath::ln_normal(r))
}

/// `r^w` from `t = w ln r` (NaN where `r` is 0 or subnormal): `exp_neg(t)`, or 0 for those `r`.
#[inline(always)]
fn pow_from_log(r: f64, t: f64) -> f64 {
    let v = exp_neg(t);
    if r >= f64::MIN_POSITIVE { v } else { 0.0 }
}

/// `eˣ` for `x ≤ 0` (an arbitrary value for NaN), branch-free: `x = k ln 2 + t` with `|t| ≤ ½ ln 2`
/// (Cody–Waite two-part `ln 2`), `eᵗ` by its Taylor polynomial to degree 13 (truncation below
/// `2·10⁻¹⁷` relative), scaled by `2ᵏ` through the exponent bits; 0 below `−708` (where `eˣ` is
/// subnormal, below `3.3·10⁻³⁰⁸`). Within a few ulp of `f64::exp`.
#[inline(always)]
fn exp_neg(x: f64) -> f64 {
    const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000); // 6.93147180369123816490e-01
    const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76); // 1.90821492927058770002e-10
    const INV_LN2: f64 = std::f64::consts::LOG2_E;
    // Round to the nearest integer by adding 1.5·2⁵² (no `roundpd` needed, so SSE2 vectorises it); the
    // integer is then in the low bits of `kf`.
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    let xc = if x > -708.0 { x } else { -708.0 };
    let kf = xc * INV_LN2 + SHIFT;
    let k = kf - SHIFT;
    let t = (xc - k * LN2_HI) - k * LN2_LO;
    // Horner on the Taylor coefficients 1/i!.
    let mut q = 1.0 / 6_227_020_800.0;
    for c in [
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        q = q * t + c;
    }
    // 2ᵏ: the biased exponent k + 1023 (≥ 1 here) is the low bits of kf minus those of SHIFT, plus 1023.
    let bits = kf
        .to_bits()
        .wrapping_sub(SHIFT.to_bits())
        .wrapping_add(1023)
        << 52;
    let v = q * f64::from_bits(bits);
    if x > -708.0 { v } else { 0.0 }
}

/// The CoCoSo score of every unit, all children benefits (the pipeline's aggregation).
pub(crate) fn cocoso_scores(
    input: &Input,
    lambda: f64,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    require_complete(input)?;
    let mut p = vec![0.0; input.n_rows];
    sums(input, &[], scores, &mut p);
    let (a, b, c) = constants(input, scores, &p, lambda)?;
    for (s, &pi) in scores.iter_mut().zip(&p) {
        let (x, y, z) = strategies(*s, pi, lambda, a, b, c);
        *s = combine(x, y, z);
    }
    present.iter_mut().for_each(|p| *p = true);
    Ok(())
}

/// CoCoSo (Yazdani et al. 2019) as a validated aggregation type, every child a benefit criterion
/// (module docs). [`Cocoso::new`] checks `λ ∈ [0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cocoso {
    lambda: f64,
}

impl Default for Cocoso {
    /// `λ = 0.5` (pymcdm's default).
    fn default() -> Self {
        Cocoso { lambda: 0.5 }
    }
}

impl Cocoso {
    /// CoCoSo with the balance `lambda` of the compromise strategy `k_c`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`lambda`) unless `0 ≤ lambda ≤ 1`.
    pub fn new(lambda: f64) -> Result<Cocoso> {
        super::ratio_common::check_lambda("cocoso", lambda)?;
        Ok(Cocoso { lambda })
    }

    /// The balance of the compromise strategy.
    pub fn lambda(&self) -> f64 {
        self.lambda
    }
}

super::plan::builtin_aggregator!(Cocoso, "cocoso", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |m, input, scores, present| cocoso_scores(input, m.lambda, scores, present));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_neg_matches_std() {
        let mut worst = 0.0f64;
        let mut x = 0.0;
        while x > -700.0 {
            let (a, b) = (exp_neg(x), x.exp());
            worst = worst.max(((a - b) / b).abs());
            x -= 0.013_7;
        }
        assert!(worst < 1e-15, "{worst}");
        assert!(exp_neg(-800.0).abs() < f64::MIN_POSITIVE);
        assert!((pow_unit(0.25, 0.5) - 0.5).abs() < 1e-16);
        assert!(pow_unit(0.0, 0.5).abs() < f64::MIN_POSITIVE);
    }
}
