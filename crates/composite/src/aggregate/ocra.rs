//! OCRA, the Operational Competitiveness RAting (Parkan 1994, "Calculation of operational performance
//! ratings", *International Journal of Production Economics* 24, 165–173; Işık & Adalı 2016, "A new
//! integrated decision making approach based on SWARA and OCRA methods for the hotel selection problem",
//! *Int. J. Advanced Operations Management* 8(2), 140–151).
//!
//! With weights `w` normalised to sum 1 and `minⱼ`, `maxⱼ` the column extremes:
//!
//! 1. Input (cost) rating `Iᵢ = Σ_{j cost} wⱼ (maxⱼ − xᵢⱼ) / minⱼ`, output (benefit) rating
//!    `Oᵢ = Σ_{j benefit} wⱼ (xᵢⱼ − minⱼ) / minⱼ`.
//! 2. Linear ratings `Īᵢ = Iᵢ − minₖ Iₖ`, `Ōᵢ = Oᵢ − minₖ Oₖ`.
//! 3. Overall rating `Pᵢ = (Īᵢ + Ōᵢ) − minₖ (Īₖ + Ōₖ)` ≥ 0 (**higher is better**; the worst alternative
//!    gets 0).
//!
//! [`ocra`] computes what `pymcdm.methods.OCRA()` of pymcdm 1.4 returns (its own normalisation above).
//!
//! **Domain.** The ratings divide by each column's minimum, so every value must be positive, else
//! [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) names the cell holding the
//! column's minimum. The pipeline's min-max normalisation gives each child a minimum of 0, so pick a
//! normalisation whose minimum is positive before OCRA. A constant column adds 0.
//!
//! As an aggregation ([`Ocra`]) every child is a benefit criterion and the score is `P`. Missing cells (skip
//! policy): the column extremes use the present values and each unit's sums its present children with its
//! weights re-normalised over them; the minima of step 2–3 run over the units with a present child.

use serde::{Deserialize, Serialize};

use super::codas::present_min_max;
use super::{CriterionType, Input};
use crate::Result;

/// OCRA outputs per alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OcraResult {
    /// Input (cost criteria) rating `I`.
    pub input_rating: Vec<f64>,
    /// Output (benefit criteria) rating `O`.
    pub output_rating: Vec<f64>,
    /// Overall rating `P` ≥ 0 (higher is better).
    pub rating: Vec<f64>,
}

/// OCRA on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit). Module docs for the steps.
///
/// # Errors
/// [`CompositeError::DimensionMismatch`](crate::CompositeError::DimensionMismatch),
/// [`CompositeError::InvalidWeights`](crate::CompositeError::InvalidWeights),
/// [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) (NaN, ±Inf, a value ≤ 0).
///
/// ```
/// use mfg_quality_composite::aggregate::ocra;
/// let data = [1.0, 2.0, 4.0, /* criterion 2 */ 3.0, 2.0, 2.0];
/// let r = ocra(&data, 3, &[0.5, 0.5], &[])?;
/// assert!(r.rating.iter().all(|&p| p >= 0.0) && r.rating[2] > r.rating[0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn ocra(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
) -> Result<OcraResult> {
    super::ratio_common::standalone("ocra", data, n_rows, weights, types, |input| {
        let mut present = vec![true; n_rows];
        let r = compute(input, types, &mut present)?;
        super::codas::check_finite_output("ocra", "the rating P", &r.rating)?;
        Ok(r)
    })
}

fn compute(input: &Input, types: &[CriterionType], present: &mut [bool]) -> Result<OcraResult> {
    let n = input.n_rows;
    let ws = input.present_weight(present);
    let mut ir = vec![0.0; n];
    let mut or = vec![0.0; n];
    for j in 0..input.n_cols {
        let cost = types.get(j).copied().unwrap_or_default() == CriterionType::Cost;
        let Some((lo, li, hi, _)) = present_min_max(input, j) else {
            continue;
        };
        if lo <= 0.0 {
            return Err(input.invalid(
                li,
                j,
                "OCRA divides by the column minimum, so values must be positive",
            ));
        }
        let w = input.weights[j];
        let col = input.col(j);
        let acc = if cost { &mut ir } else { &mut or };
        for (i, &x) in col.iter().enumerate() {
            if present[i] && input.is_present(i, j) {
                let wi = if input.mask.is_some() { w / ws[i] } else { w };
                // pymcdm: weights[j] * ((max − x) / min) and weights[j] * ((x − min) / min).
                let r = if cost { (hi - x) / lo } else { (x - lo) / lo };
                acc[i] += wi * r;
            }
        }
    }
    let min_present = |v: &[f64]| {
        v.iter()
            .zip(present.iter())
            .filter(|(_, p)| **p)
            .map(|(x, _)| *x)
            .fold(f64::INFINITY, f64::min)
    };
    let (imin, omin) = (min_present(&ir), min_present(&or));
    let lin: Vec<f64> = (0..n).map(|i| (ir[i] - imin) + (or[i] - omin)).collect();
    let lmin = min_present(&lin);
    let rating = (0..n)
        .map(|i| if present[i] { lin[i] - lmin } else { 0.0 })
        .collect();
    Ok(OcraResult {
        input_rating: ir,
        output_rating: or,
        rating,
    })
}

/// `P` of every unit (all children benefits).
pub(crate) fn ocra_scores(input: &Input, scores: &mut [f64], present: &mut [bool]) -> Result<()> {
    let r = compute(input, &[], present)?;
    scores.copy_from_slice(&r.rating);
    Ok(())
}

/// OCRA (Parkan 1994) as an aggregation type, every child a benefit criterion: the score is the overall
/// rating `P` ≥ 0, higher is better (module docs). No parameter; children must be positive (run-time
/// [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Ocra;

super::plan::builtin_aggregator!(Ocra, "ocra", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |_m, input, scores, present| ocra_scores(input, scores, present));
