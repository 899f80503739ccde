//! ARAS, Additive Ratio ASsessment (Zavadskas & Turskis 2010, "A new additive ratio assessment (ARAS)
//! method in multicriteria decision-making", *Technological and Economic Development of Economy* 16(2),
//! 159–172).
//!
//! 1. Extend the matrix with the optimal alternative `x₀ⱼ = maxᵢ xᵢⱼ` (benefit) or `minᵢ xᵢⱼ` (cost).
//! 2. Sum-normalise each column of the extended matrix (pymcdm 1.4's default for `ARAS`):
//!    `rᵢⱼ = xᵢⱼ / Σ_{k=0}^{n} xₖⱼ` (benefit), `rᵢⱼ = (1/xᵢⱼ) / Σ_{k=0}^{n} (1/xₖⱼ)` (cost).
//! 3. Optimality function `Sᵢ = Σⱼ wⱼ rᵢⱼ` (weights normalised to sum 1), `i = 0, …, n`.
//! 4. Utility degree `Kᵢ = Sᵢ / S₀` in (0, 1], higher is better.
//!
//! Domain and documented degenerate cases: cost values must be positive and benefit values non-negative
//! (pymcdm requires positive values); a benefit column of zeros is treated as constant,
//! `r = 1/(n + 1)`. `S₀ > 0` always. Other values are an [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue)
//! naming the cell; missing cells are not supported (the first is a
//! [`CompositeError::MissingValue`](crate::CompositeError::MissingValue) under either policy). pymcdm's
//! optional user-given optimal values (`esp`) are not offered. In the pipeline every child is a benefit,
//! so the score is `Σⱼ wⱼ xᵢⱼ / (Σₖ xₖⱼ + maxₖ xₖⱼ)` over the same sum for the column maxima.

use serde::{Deserialize, Serialize};

use super::ratio_common::{check_sign, is_cost, require_complete, standalone, sum_min_max, sum_of};
use super::{CriterionType, Input};
use crate::Result;

/// ARAS outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArasResult {
    /// Optimality function `Sᵢ` per alternative.
    pub s: Vec<f64>,
    /// Optimality function of the optimal alternative `S₀`.
    pub s_optimal: f64,
    /// Utility degree `K = S / S₀` per alternative (higher is better).
    pub utility: Vec<f64>,
}

/// ARAS on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit), sum normalisation (module docs).
///
/// ```
/// use mfg_quality_composite::aggregate::aras;
/// let r = aras(&[1.0, 3.0], 2, &[1.0], &[])?;
/// // Extended column [3, 1, 3], sum 7: S₀ = 3/7, S = [1/7, 3/7].
/// assert!((r.utility[0] - 1.0 / 3.0).abs() < 1e-15 && r.utility[1] == 1.0);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn aras(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
) -> Result<ArasResult> {
    standalone("aras", data, n_rows, weights, types, |input| {
        let mut s = vec![0.0; n_rows];
        let s0 = optimality(input, types, &mut s)?;
        let utility = s.iter().map(|&v| v / s0).collect();
        Ok(ArasResult {
            s,
            s_optimal: s0,
            utility,
        })
    })
}

/// `S` of the alternatives into `s`; returns `S₀`.
fn optimality(input: &Input, types: &[CriterionType], s: &mut [f64]) -> Result<f64> {
    s.iter_mut().for_each(|a| *a = 0.0);
    let n = input.n_rows;
    let mut s0 = 0.0;
    for j in 0..input.n_cols {
        let cost = is_cost(types, j);
        check_sign(input, j, cost)?;
        let col = input.col(j);
        let w = input.weights[j];
        if col.is_empty() {
            continue;
        }
        let (sum, lo, hi) = sum_min_max(col);
        if cost {
            let total = sum_of(col, |x| 1.0 / x) + 1.0 / lo;
            let c = w / total;
            for (a, &x) in s.iter_mut().zip(col) {
                *a += c / x;
            }
            s0 += c / lo;
        } else if sum > 0.0 {
            let c = w / (sum + hi);
            for (a, &x) in s.iter_mut().zip(col) {
                *a += c * x;
            }
            s0 += c * hi;
        } else {
            let r = w / (n + 1) as f64;
            s.iter_mut().for_each(|a| *a += r);
            s0 += r;
        }
    }
    Ok(s0)
}

/// The utility degree of every unit, all children benefits (the pipeline's aggregation).
pub(crate) fn aras_scores(input: &Input, scores: &mut [f64], present: &mut [bool]) -> Result<()> {
    require_complete(input)?;
    let s0 = optimality(input, &[], scores)?;
    if s0 > 0.0 {
        scores.iter_mut().for_each(|v| *v /= s0);
    }
    present.iter_mut().for_each(|p| *p = true);
    Ok(())
}

/// ARAS (Zavadskas & Turskis 2010) as an aggregation type: every child a benefit criterion, the score
/// is the utility degree `K = S / S₀` (module docs). No parameter; children must be non-negative and
/// complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Aras;

super::plan::builtin_aggregator!(Aras, "aras", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |_m, input, scores, present| aras_scores(input, scores, present));
