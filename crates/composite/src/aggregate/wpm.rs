//! WPM, the weighted product model (Bridgman 1922, *Dimensional Analysis*; Miller & Starr 1969,
//! *Executive Decisions and Operations Research*; pymcdm cites Fishburn, Murphy & Isaacs 1968, *Operations
//! Research* 16(2), 254–267).
//!
//! `Pᵢ = Πⱼ rᵢⱼ^wⱼ` with weights normalised to sum 1 and pymcdm 1.4's default normalisation of `WPM`, the
//! **sum** normalisation: `rᵢⱼ = xᵢⱼ / Σₖ xₖⱼ` for a benefit criterion and
//! `rᵢⱼ = (1/xᵢⱼ) / Σₖ (1/xₖⱼ)` for a cost criterion. Computed as `exp(Σⱼ wⱼ ln rᵢⱼ)` (no underflow of the
//! product), equal to pymcdm's numbers to rounding (the golden test checks 1e-12 relative).
//!
//! Domain and documented degenerate cases: cost values must be positive and benefit values non-negative
//! (pymcdm requires positive values everywhere); a zero benefit value gives `r = 0`, so `P = 0` for that
//! unit (unless the criterion's weight is 0: `0⁰ = 1`); a benefit column of zeros is treated as constant,
//! `r = 1/n`. Other values are an [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue)
//! naming the cell. Missing cells are not supported (the first is a
//! [`CompositeError::MissingValue`](crate::CompositeError::MissingValue) under either policy). In the
//! pipeline every child is a benefit, so the score is `Πⱼ (xᵢⱼ / Σₖ xₖⱼ)^wⱼ`, higher is better.

use serde::{Deserialize, Serialize};

use super::ratio_common::{
    add_weighted_ln, check_sign, is_cost, min_of, require_complete, standalone, sum_min_max, sum_of,
};
use super::{CriterionType, Input};
use crate::Result;

/// WPM outputs per alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WpmResult {
    /// `P = Π r^w` (higher is better).
    pub preference: Vec<f64>,
}

/// WPM on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit), sum normalisation (module docs).
///
/// ```
/// use mfg_quality_composite::aggregate::wpm;
/// let r = wpm(&[1.0, 3.0, /* criterion 2 */ 1.0, 1.0], 2, &[0.5, 0.5], &[])?;
/// assert!((r.preference[1] - (0.75f64 * 0.5).sqrt()).abs() < 1e-15);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn wpm(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
) -> Result<WpmResult> {
    standalone("wpm", data, n_rows, weights, types, |input| {
        let mut p = vec![0.0; n_rows];
        log_product(input, types, &mut p)?;
        p.iter_mut().for_each(|v| *v = v.exp());
        Ok(WpmResult { preference: p })
    })
}

/// `acc[i] = Σⱼ wⱼ ln rᵢⱼ` with the sum normalisation (`−∞` where a benefit value is 0).
pub(crate) fn log_product(input: &Input, types: &[CriterionType], acc: &mut [f64]) -> Result<()> {
    let n = input.n_rows;
    acc.iter_mut().for_each(|a| *a = 0.0);
    let mut offset = 0.0;
    for j in 0..input.n_cols {
        let cost = is_cost(types, j);
        check_sign(input, j, cost)?;
        let col = input.col(j);
        let w = input.weights[j];
        if w == 0.0 {
            continue;
        }
        if cost {
            // ln r = −ln x − ln Σ 1/x
            let s = sum_of(col, |x| 1.0 / x);
            add_weighted_ln(acc, col, -w, min_of(col));
            offset += w * s.ln();
        } else {
            let (s, lo, _) = sum_min_max(col);
            if s > 0.0 {
                add_weighted_ln(acc, col, w, lo);
                offset += w * s.ln();
            } else {
                offset += w * (n as f64).ln(); // r = 1/n
            }
        }
    }
    acc.iter_mut().for_each(|a| *a -= offset);
    Ok(())
}

/// `Πⱼ (xᵢⱼ / Σₖ xₖⱼ)^wⱼ` of every unit (the pipeline's aggregation).
pub(crate) fn wpm_scores(input: &Input, scores: &mut [f64], present: &mut [bool]) -> Result<()> {
    require_complete(input)?;
    log_product(input, &[], scores)?;
    scores.iter_mut().for_each(|v| *v = v.exp());
    present.iter_mut().for_each(|p| *p = true);
    Ok(())
}

/// The weighted product model as an aggregation type, every child a benefit criterion, sum
/// normalisation: score `Πⱼ (xᵢⱼ / Σₖ xₖⱼ)^wⱼ` (module docs). No parameter; children must be
/// non-negative and complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Wpm;

super::plan::builtin_aggregator!(Wpm, "wpm", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |_m, input, scores, present| wpm_scores(input, scores, present));
