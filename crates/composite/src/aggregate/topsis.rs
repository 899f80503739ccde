//! TOPSIS, the Technique for Order Preference by Similarity to Ideal Solution (Hwang & Yoon 1981,
//! *Multiple Attribute Decision Making: Methods and Applications*, Springer, ch. 3.3.2; Tzeng & Huang 2011,
//! ch. 5).
//!
//! 1. Normalise each column: **vector** `rᵢⱼ = xᵢⱼ / √(Σᵢ xᵢⱼ²)` (Hwang & Yoon's) or **min-max**
//!    `rᵢⱼ = (xᵢⱼ − minⱼ) / (maxⱼ − minⱼ)`.
//! 2. Weight: `vᵢⱼ = wⱼ rᵢⱼ`.
//! 3. Ideal `v⁺ⱼ = maxᵢ vᵢⱼ` and anti-ideal `v⁻ⱼ = minᵢ vᵢⱼ` for a benefit criterion (reversed for a cost
//!    criterion).
//! 4. Euclidean distances `d⁺ᵢ = √(Σⱼ (vᵢⱼ − v⁺ⱼ)²)`, `d⁻ᵢ = √(Σⱼ (vᵢⱼ − v⁻ⱼ)²)`.
//! 5. Relative closeness `Cᵢ = d⁻ᵢ / (d⁺ᵢ + d⁻ᵢ)` in [0, 1], higher is better.
//!
//! Documented degenerate cases: a column whose norm (vector) or range (min-max) is 0 does not discriminate
//! and adds 0 to both distances; a unit with `d⁺ + d⁻ = 0` (every column constant) gets `C = ½`.
//! In the pipeline every child is "higher is better" after normalisation, so [`crate::aggregate::Aggregation::Topsis`]
//! treats all columns as benefits; [`topsis`] offers per-column [`CriterionType`]s for standalone use.
//! With missing cells (skip policy), a column's norm, minimum and maximum use its present values and each
//! unit's distances use its present columns; re-normalising the unit's weights would scale `d⁺` and `d⁻`
//! by the same factor, so `C` is unchanged by it.
//!
//! Cost: two passes over the column-major data (`n·m` cells) and no allocation per cell.

use serde::{Deserialize, Serialize};

use super::{AggregationContext, Input, MissingPolicy};
use crate::{CompositeError, Result};

/// Column normalisation used by TOPSIS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TopsisNormalisation {
    /// `x / ‖x‖₂` (Hwang & Yoon 1981). The default.
    #[default]
    Vector,
    /// `(x − min) / (max − min)`.
    MinMax,
}

impl TopsisNormalisation {
    /// `vector` or `min_max`.
    pub fn name(self) -> &'static str {
        match self {
            TopsisNormalisation::Vector => "vector",
            TopsisNormalisation::MinMax => "min_max",
        }
    }
}

/// Whether higher (benefit) or lower (cost) values of a criterion are better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CriterionType {
    /// Higher is better (the default).
    #[default]
    Benefit,
    /// Lower is better.
    Cost,
}

/// TOPSIS outputs per unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopsisResult {
    /// Relative closeness `C = d⁻ / (d⁺ + d⁻)` (higher is better).
    pub closeness: Vec<f64>,
    /// Distance to the ideal point `d⁺`.
    pub d_plus: Vec<f64>,
    /// Distance to the anti-ideal point `d⁻`.
    pub d_minus: Vec<f64>,
}

/// TOPSIS on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit). Weights are normalised to sum 1 (module docs for the
/// steps and references).
///
/// ```
/// use mfg_quality_composite::aggregate::{topsis, TopsisNormalisation};
/// // Tzeng & Huang (2011): 4 alternatives × 3 benefit criteria, weights 0.3, 0.4, 0.3.
/// let data = [5.0, 7.0, 8.0, 7.0, 8.0, 6.0, 8.0, 4.0, 4.0, 8.0, 6.0, 6.0];
/// let r = topsis(&data, 4, &[0.3, 0.4, 0.3], TopsisNormalisation::Vector, &[])?;
/// assert!((r.closeness[2] - 0.7482).abs() < 1e-4);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn topsis(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    normalisation: TopsisNormalisation,
    types: &[CriterionType],
) -> Result<TopsisResult> {
    let ctx = AggregationContext::default();
    let input = Input::new(
        "topsis",
        data,
        &[],
        n_rows,
        weights,
        MissingPolicy::Error,
        &ctx,
    )?;
    if !types.is_empty() && types.len() != input.n_cols {
        return Err(CompositeError::DimensionMismatch {
            method: "topsis",
            what: "criterion types",
            expected: input.n_cols,
            got: types.len(),
        });
    }
    let mut dp = vec![0.0; n_rows];
    let mut dn = vec![0.0; n_rows];
    distances(&input, normalisation, types, &mut dp, &mut dn);
    let mut closeness = vec![0.0; n_rows];
    for i in 0..n_rows {
        dp[i] = dp[i].sqrt();
        dn[i] = dn[i].sqrt();
        closeness[i] = closeness_of(dp[i], dn[i]);
    }
    Ok(TopsisResult {
        closeness,
        d_plus: dp,
        d_minus: dn,
    })
}

#[inline]
fn closeness_of(dp: f64, dn: f64) -> f64 {
    let t = dp + dn;
    if t > 0.0 { dn / t } else { 0.5 }
}

/// Squared distances to the ideal (`dp`) and anti-ideal (`dn`) points, accumulated column by column.
fn distances(
    input: &Input,
    norm: TopsisNormalisation,
    types: &[CriterionType],
    dp: &mut [f64],
    dn: &mut [f64],
) {
    for j in 0..input.n_cols {
        let col = input.col(j);
        let mask = input.col_mask(j);
        let (mut ss, mut lo, mut hi, mut any) = (0.0, f64::INFINITY, f64::NEG_INFINITY, false);
        match mask {
            None => {
                for &x in col {
                    ss += x * x;
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
                any = !col.is_empty();
            }
            Some(m) => {
                for (&x, &p) in col.iter().zip(m) {
                    if p {
                        ss += x * x;
                        lo = lo.min(x);
                        hi = hi.max(x);
                        any = true;
                    }
                }
            }
        }
        if !any {
            continue;
        }
        let w = input.weights[j];
        let (scale, off) = match norm {
            TopsisNormalisation::Vector => (if ss > 0.0 { w / ss.sqrt() } else { 0.0 }, 0.0),
            TopsisNormalisation::MinMax => (if hi > lo { w / (hi - lo) } else { 0.0 }, lo),
        };
        if scale == 0.0 {
            continue;
        }
        let (best, worst) = match types.get(j).copied().unwrap_or_default() {
            CriterionType::Benefit => (scale * (hi - off), scale * (lo - off)),
            CriterionType::Cost => (scale * (lo - off), scale * (hi - off)),
        };
        match mask {
            None => {
                for ((&x, p), n) in col.iter().zip(dp.iter_mut()).zip(dn.iter_mut()) {
                    let v = scale * (x - off);
                    let a = v - best;
                    let b = v - worst;
                    *p += a * a;
                    *n += b * b;
                }
            }
            Some(m) => {
                for (((&x, &q), p), n) in col.iter().zip(m).zip(dp.iter_mut()).zip(dn.iter_mut()) {
                    if q {
                        let v = scale * (x - off);
                        let a = v - best;
                        let b = v - worst;
                        *p += a * a;
                        *n += b * b;
                    }
                }
            }
        }
    }
}

/// Closeness of every unit, all columns benefits (the pipeline's aggregation).
pub(crate) fn topsis_scores(
    input: &Input,
    norm: TopsisNormalisation,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    let _ = input.present_weight(present);
    let mut dn = vec![0.0; input.n_rows];
    scores.iter_mut().for_each(|s| *s = 0.0);
    distances(input, norm, &[], scores, &mut dn);
    for i in 0..input.n_rows {
        scores[i] = if present[i] {
            closeness_of(scores[i].sqrt(), dn[i].sqrt())
        } else {
            0.0
        };
    }
    Ok(())
}
