//! MAIRCA, MultiAttributive Ideal-Real Comparative Analysis (Pamučar, Vasin & Lukovac 2014, "Selection of
//! railway level crossings for investing in security equipment using hybrid DEMATEL-MARICA model", *XVI
//! International Scientific-expert Conference on Railway, RAILCON*, 89–92; Gigović et al. 2016).
//!
//! With `n` alternatives, equal a-priori probabilities `1/n` and weights `w` normalised to sum 1:
//!
//! 1. Theoretical ratings `t_pⱼ = wⱼ / n`.
//! 2. Min-max normalisation `rᵢⱼ = (xᵢⱼ − minⱼ) / (maxⱼ − minⱼ)` (benefit) or
//!    `(maxⱼ − xᵢⱼ) / (maxⱼ − minⱼ)` (cost); real ratings `t_rᵢⱼ = t_pⱼ rᵢⱼ`.
//! 3. Gaps `gᵢⱼ = t_pⱼ − t_rᵢⱼ` and the total gap `Qᵢ = Σⱼ gᵢⱼ = (1/n) Σⱼ wⱼ (1 − rᵢⱼ)` in [0, 1/n]
//!    (**lower is better**).
//!
//! [`mairca`] computes what `pymcdm.methods.MAIRCA()` of pymcdm 1.4 returns (its default min-max
//! normalisation; a constant column normalises to 1, as in pymcdm, so it adds no gap).
//!
//! As an aggregation ([`Mairca`]) every child is a benefit criterion and the score is **`1 − n Q`** =
//! `Σⱼ wⱼ rᵢⱼ` in [0, 1], a decreasing affine map of `Q` for the given `n` (higher is better, the same
//! order). Missing cells (skip policy): each column's minimum and maximum use the present values and each
//! unit's sum its present children with its weights re-normalised over them. No other degenerate case:
//! the only division is by a non-zero range.

use serde::{Deserialize, Serialize};

use super::codas::present_min_max;
use super::{CriterionType, Input};
use crate::Result;

/// MAIRCA outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaircaResult {
    /// Theoretical rating `t_p = w / n` per criterion.
    pub theoretical: Vec<f64>,
    /// Total gap `Q` per alternative (lower is better).
    pub total_gap: Vec<f64>,
}

/// MAIRCA on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit). Module docs for the steps.
///
/// # Errors
/// [`CompositeError::DimensionMismatch`](crate::CompositeError::DimensionMismatch),
/// [`CompositeError::InvalidWeights`](crate::CompositeError::InvalidWeights),
/// [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) (NaN or ±Inf).
///
/// ```
/// use mfg_quality_composite::aggregate::mairca;
/// let data = [1.0, 2.0, 3.0, /* criterion 2 */ 3.0, 2.0, 2.0];
/// let r = mairca(&data, 3, &[0.5, 0.5], &[])?;
/// assert!((r.total_gap[0] - 0.5 / 3.0).abs() < 1e-15);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn mairca(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
) -> Result<MaircaResult> {
    super::ratio_common::standalone("mairca", data, n_rows, weights, types, |input| {
        let n = n_rows.max(1) as f64;
        let theoretical: Vec<f64> = input.weights.iter().map(|w| 1.0 / n * w).collect();
        let mut q = vec![0.0; n_rows];
        for (j, &tp) in theoretical.iter().enumerate() {
            let cost = types.get(j).copied().unwrap_or_default() == CriterionType::Cost;
            let Some((lo, _, hi, _)) = present_min_max(input, j) else {
                continue;
            };
            let col = input.col(j);
            for (qi, &x) in q.iter_mut().zip(col) {
                let r = if hi <= lo {
                    1.0
                } else if cost {
                    (hi - x) / (hi - lo)
                } else {
                    (x - lo) / (hi - lo)
                };
                *qi += tp - r * tp;
            }
        }
        super::codas::check_finite_output("mairca", "the total gap Q", &q)?;
        Ok(MaircaResult {
            theoretical,
            total_gap: q,
        })
    })
}

/// `1 − n Q = Σⱼ w̃ᵢⱼ rᵢⱼ` of every unit (all children benefits).
pub(crate) fn mairca_scores(input: &Input, scores: &mut [f64], present: &mut [bool]) -> Result<()> {
    let ws = input.present_weight(present);
    scores.iter_mut().for_each(|s| *s = 0.0);
    for j in 0..input.n_cols {
        let Some((lo, _, hi, _)) = present_min_max(input, j) else {
            continue;
        };
        let w = input.weights[j];
        let col = input.col(j);
        for (i, &x) in col.iter().enumerate() {
            if present[i] && input.is_present(i, j) {
                let r = if hi <= lo { 1.0 } else { (x - lo) / (hi - lo) };
                scores[i] += w / ws[i] * r;
            }
        }
    }
    for (s, &p) in scores.iter_mut().zip(present.iter()) {
        if !p {
            *s = 0.0;
        }
    }
    Ok(())
}

/// MAIRCA (Pamučar et al. 2014) as an aggregation type, every child a benefit criterion: the score is
/// `1 − n Q`, the weighted mean of the min-max normalised children, higher is better (module docs). No
/// parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Mairca;

super::plan::builtin_aggregator!(Mairca, "mairca", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |_m, input, scores, present| mairca_scores(input, scores, present));
