//! SPOTIS, the Stable Preference Ordering Towards Ideal Solution (Dezert, Tchamova, Han & Tacnet 2020,
//! "The SPOTIS rank reversal free method for multi-criteria decision-making support", *Proc. 23rd Int.
//! Conf. on Information Fusion (FUSION)*, IEEE, 1–8).
//!
//! Each criterion `j` has **given** bounds `[minⱼ, maxⱼ]` (fixed by the decision maker, not taken from the
//! alternatives), and its ideal solution point is `S*ⱼ = maxⱼ` (benefit) or `minⱼ` (cost). With weights
//! normalised to sum 1,
//!
//! - normalised distance `dᵢⱼ = |xᵢⱼ − S*ⱼ| / (maxⱼ − minⱼ)` in [0, 1],
//! - preference `Pᵢ = Σⱼ wⱼ dᵢⱼ` in [0, 1], the average distance to the ideal point (**lower is better**).
//!
//! **Rank-reversal free.** `Pᵢ` depends only on alternative `i`'s own values and the fixed bounds, never on
//! the other alternatives: adding or removing an alternative cannot change any other alternative's score
//! or the order of the others (Dezert et al. 2020, §IV). As an aggregation it is therefore unit-wise, and
//! monotone (non-decreasing in each child, all children being benefits).
//!
//! **pymcdm equivalence.** [`spotis`] returns what `pymcdm.methods.SPOTIS(bounds)` of pymcdm 1.4 returns
//! (`P`, with its default expected solution point = the ideal point from the bounds and the types), and
//! rejects what pymcdm's validators reject: bounds with `min ≥ max` and values outside their bounds.
//!
//! As an aggregation ([`Spotis`]) every child is a benefit criterion with the same bounds `[lower, upper]`
//! (the pipeline's normalised scale, e.g. [0, 1] after min-max or [0, 100]), and the score is **`1 − P`** in
//! [0, 1] (higher is better; the same order as SPOTIS's ranking by `P`). Missing cells (skip policy): a
//! unit's `P` uses its present children with their weights re-normalised over them.
//!
//! No degenerate case remains: the bounds are validated (`min < max`, finite), so no division by zero.

use serde::{Deserialize, Serialize};

use super::{CriterionType, Input};
use crate::{CompositeError, Result};

/// SPOTIS outputs per alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpotisResult {
    /// The ideal solution point per criterion (`max` of the bounds for a benefit, `min` for a cost).
    pub ideal: Vec<f64>,
    /// `P`, the weighted normalised distance to the ideal point per alternative (lower is better).
    pub preference: Vec<f64>,
}

fn check_bounds(lower: f64, upper: f64, j: usize) -> Result<()> {
    if lower.is_finite() && upper.is_finite() && lower < upper {
        Ok(())
    } else {
        Err(CompositeError::InvalidParameter {
            method: "spotis",
            parameter: "bounds",
            reason: format!(
                "criterion {j}: [{lower}, {upper}] is not a finite interval with min < max"
            ),
        })
    }
}

/// SPOTIS on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit) and given `bounds` (`[min, max]` per criterion).
/// Weights are normalised to sum 1 (module docs).
///
/// # Errors
/// [`CompositeError::InvalidParameter`] (`bounds`: not finite or `min ≥ max`),
/// [`CompositeError::DimensionMismatch`] (`bounds` or `types` of the wrong length, shapes),
/// [`CompositeError::InvalidWeights`], [`CompositeError::InvalidValue`] (NaN, ±Inf, or a value outside its
/// criterion's bounds).
///
/// ```
/// use mfg_quality_composite::aggregate::{spotis, CriterionType::{Benefit, Cost}};
/// // pymcdm's doctest: 4 alternatives × 3 criteria.
/// let data = [10.5, -4.7, 8.1, 3.2, -3.1, 0.0, 0.3, 7.3, 1.7, 3.4, 1.3, -5.3];
/// let bounds = [[-5.0, 12.0], [-6.0, 10.0], [-8.0, 5.0]];
/// let r = spotis(&data, 4, &[0.2, 0.3, 0.5], &[Benefit, Cost, Benefit], &bounds)?;
/// assert!((r.preference[0] - 0.1989).abs() < 1e-4 && (r.preference[3] - 0.7491).abs() < 1e-4);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn spotis(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
    bounds: &[[f64; 2]],
) -> Result<SpotisResult> {
    for (j, b) in bounds.iter().enumerate() {
        check_bounds(b[0], b[1], j)?;
    }
    super::ratio_common::standalone("spotis", data, n_rows, weights, types, |input| {
        if bounds.len() != input.n_cols {
            return Err(CompositeError::DimensionMismatch {
                method: "spotis",
                what: "bounds",
                expected: input.n_cols,
                got: bounds.len(),
            });
        }
        let ideal: Vec<f64> = (0..input.n_cols)
            .map(|j| match types.get(j).copied().unwrap_or_default() {
                CriterionType::Benefit => bounds[j][1],
                CriterionType::Cost => bounds[j][0],
            })
            .collect();
        let mut preference = vec![0.0; n_rows];
        let mut present = vec![true; n_rows];
        distances(input, |j| bounds[j], &ideal, &mut preference, &mut present)?;
        super::codas::check_finite_output("spotis", "the preference P", &preference)?;
        Ok(SpotisResult { ideal, preference })
    })
}

/// `P` of every unit with a present child (re-normalised weights), checking the bounds of each value.
fn distances(
    input: &Input,
    bounds: impl Fn(usize) -> [f64; 2],
    ideal: &[f64],
    p: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    let ws = input.present_weight(present);
    p.iter_mut().for_each(|v| *v = 0.0);
    if input.mask.is_none() {
        // Complete input: one bounds check (min and max) and one fused pass per column.
        for (j, &star) in ideal.iter().enumerate() {
            let [lo, hi] = bounds(j);
            let col = input.col(j);
            let (_, cmin, cmax) = super::sumsq_min_max(col);
            let inside = col.is_empty() || (lo <= cmin && cmax <= hi);
            if !inside {
                let i = col.iter().position(|&x| !(lo <= x && x <= hi)).unwrap_or(0);
                return Err(input.invalid(i, j, "outside the SPOTIS bounds of its criterion"));
            }
            let scale = input.weights[j] / (hi - lo);
            for (acc, &x) in p.iter_mut().zip(col) {
                *acc += scale * (x - star).abs();
            }
        }
        return Ok(());
    }
    for (j, &star) in ideal.iter().enumerate() {
        let [lo, hi] = bounds(j);
        let w = input.weights[j];
        // pymcdm's |(x − S*) / (min − max)|.
        let range = lo - hi;
        let col = input.col(j);
        for (i, &x) in col.iter().enumerate() {
            if !input.is_present(i, j) {
                continue;
            }
            if !(lo <= x && x <= hi) {
                return Err(input.invalid(i, j, "outside the SPOTIS bounds of its criterion"));
            }
            if present[i] {
                p[i] += w / ws[i] * ((x - star) / range).abs();
            }
        }
    }
    Ok(())
}

/// `1 − P` of every unit (all children benefits, bounds `[lower, upper]`).
pub(crate) fn spotis_scores(
    input: &Input,
    lower: f64,
    upper: f64,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    let ideal = vec![upper; input.n_cols];
    distances(input, |_| [lower, upper], &ideal, scores, present)?;
    for (s, &p) in scores.iter_mut().zip(present.iter()) {
        *s = if p { 1.0 - *s } else { 0.0 };
    }
    Ok(())
}

/// SPOTIS (Dezert et al. 2020) as a validated aggregation type, every child a benefit criterion with the
/// bounds `[lower, upper]`: the score is `1 − P` in [0, 1], higher is better (module docs). Rank-reversal
/// free: a unit's score depends on its own values only. [`Spotis::new`] checks the bounds; a child value
/// outside them is a run-time [`CompositeError::InvalidValue`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spotis {
    lower: f64,
    upper: f64,
}

impl Default for Spotis {
    /// Bounds [0, 1] (the min-max normalised scale).
    fn default() -> Self {
        Spotis {
            lower: 0.0,
            upper: 1.0,
        }
    }
}

impl Spotis {
    /// SPOTIS with the bounds `[lower, upper]` for every child.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`bounds`) unless both are finite and `lower < upper`.
    pub fn new(lower: f64, upper: f64) -> Result<Spotis> {
        check_bounds(lower, upper, 0)?;
        Ok(Spotis { lower, upper })
    }

    /// The lower bound.
    pub fn lower(&self) -> f64 {
        self.lower
    }

    /// The upper bound (the ideal point of every child).
    pub fn upper(&self) -> f64 {
        self.upper
    }
}

super::plan::builtin_aggregator!(Spotis, "spotis", super::plan::Checks::ALL,
    monotone: true, row_wise: false,
    |m, input, scores, present| spotis_scores(input, m.lower, m.upper, scores, present));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{AggregationContext, Aggregator, MissingPolicy};

    #[test]
    fn rejects_bad_bounds_and_values_outside() {
        for (lo, hi) in [
            (1.0, 1.0),
            (2.0, 1.0),
            (f64::NAN, 1.0),
            (0.0, f64::INFINITY),
        ] {
            assert!(matches!(
                Spotis::new(lo, hi),
                Err(CompositeError::InvalidParameter {
                    parameter: "bounds",
                    ..
                })
            ));
        }
        let m = Spotis::default();
        let (mut s, mut p) = ([0.0; 2], [false; 2]);
        let e = m.aggregate_into(
            &[0.5, 1.5],
            &[],
            2,
            &[1.0],
            MissingPolicy::SkipAndReweight,
            &AggregationContext::default(),
            &mut s,
            &mut p,
        );
        assert!(matches!(e, Err(CompositeError::InvalidValue { ref unit, .. }) if unit == "#1"));
    }

    #[test]
    fn score_is_one_minus_p_and_missing_cells_reweight() {
        let m = Spotis::new(0.0, 10.0).unwrap();
        let (mut s, mut p) = ([0.0; 2], [false; 2]);
        m.aggregate_into(
            &[10.0, 5.0, 0.0, 99.0],
            &[true, true, true, false],
            2,
            &[1.0, 1.0],
            MissingPolicy::SkipAndReweight,
            &AggregationContext::default(),
            &mut s,
            &mut p,
        )
        .unwrap();
        assert!((s[0] - 0.5).abs() < 1e-15 && (s[1] - 0.5).abs() < 1e-15);
    }
}
