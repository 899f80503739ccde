//! MARCOS, Measurement of Alternatives and Ranking according to COmpromise Solution (Stević, Pamučar, Puška &
//! Chatterjee 2020, "Sustainable supplier selection in healthcare industries using a new MCDM method:
//! Measurement of alternatives and ranking according to COmpromise solution (MARCOS)", *Computers &
//! Industrial Engineering* 140, 106231).
//!
//! 1. Extend the matrix with the anti-ideal `AAIⱼ = minᵢ xᵢⱼ` and ideal `AIⱼ = maxᵢ xᵢⱼ` (reversed for a cost
//!    criterion).
//! 2. Normalise by the ideal: `nᵢⱼ = xᵢⱼ / AIⱼ` (benefit) or `AIⱼ / xᵢⱼ` (cost), the two extra rows too.
//! 3. Utility `Sᵢ = Σⱼ wⱼ nᵢⱼ` (weights normalised to sum 1), and the utility degrees
//!    `K⁻ᵢ = Sᵢ / S_AAI`, `K⁺ᵢ = Sᵢ / S_AI`.
//! 4. Utility functions `f(K⁻ᵢ) = K⁺ᵢ / (K⁺ᵢ + K⁻ᵢ)`, `f(K⁺ᵢ) = K⁻ᵢ / (K⁺ᵢ + K⁻ᵢ)` and
//!    `f(Kᵢ) = (K⁺ᵢ + K⁻ᵢ) / (1 + (1 − f(K⁺ᵢ))/f(K⁺ᵢ) + (1 − f(K⁻ᵢ))/f(K⁻ᵢ))`, **higher is better**.
//!
//! Since `K⁺ᵢ / K⁻ᵢ = S_AAI / S_AI` is the same for every alternative, `f(Kᵢ)` is proportional to `Sᵢ`:
//! MARCOS ranks like the weighted sum of the ideal-normalised values.
//!
//! [`marcos`] computes what `pymcdm.methods.MARCOS()` of pymcdm 1.4 returns (its own ideal normalisation),
//! with pymcdm's formula for `f(K)`.
//!
//! **Domain and degenerate cases.** Benefit values must be ≥ 0 with a positive maximum and cost values > 0
//! (the divisions of step 2), else [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) names the cell; and `S_AAI` must be
//! positive, which fails only when every criterion with a positive weight is a benefit with minimum 0
//! (then `K⁻` is undefined: [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) at that minimum). An alternative with `Sᵢ = 0`
//! (all its weighted values 0) gets `f(K⁺) = f(K⁻) = ½` and `f(K) = 0`, the limits as `Sᵢ → 0`.
//!
//! As an aggregation ([`Marcos`]) every child is a benefit criterion and the score is `f(K)`. Since the
//! pipeline's min-max normalisation gives each child a minimum of 0, pick a normalisation whose minimum is
//! positive (e.g. a target range) or the aggregation fails as above. Missing cells (skip policy): the
//! ideal and anti-ideal use the present values, `S_AI`, `S_AAI` all the children, and each unit's `Sᵢ` its
//! present children with its weights re-normalised over them.

use serde::{Deserialize, Serialize};

use super::codas::linear_domain;
use super::{CriterionType, Input};
use crate::Result;

/// MARCOS outputs per alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarcosResult {
    /// Utility degree relative to the anti-ideal solution `K⁻ = S / S_AAI`.
    pub k_minus: Vec<f64>,
    /// Utility degree relative to the ideal solution `K⁺ = S / S_AI`.
    pub k_plus: Vec<f64>,
    /// Utility function relative to the anti-ideal solution `f(K⁻) = K⁺ / (K⁺ + K⁻)`.
    pub f_k_minus: Vec<f64>,
    /// Utility function relative to the ideal solution `f(K⁺) = K⁻ / (K⁺ + K⁻)`.
    pub f_k_plus: Vec<f64>,
    /// Utility function `f(K)` (higher is better): MARCOS's ranking.
    pub utility: Vec<f64>,
}

/// MARCOS on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit). Module docs for the steps.
///
/// # Errors
/// [`CompositeError::DimensionMismatch`](crate::CompositeError::DimensionMismatch),
/// [`CompositeError::InvalidWeights`](crate::CompositeError::InvalidWeights),
/// [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue)(crate::CompositeError::InvalidValue) (NaN, ±Inf, a value outside the
/// domain, or `S_AAI = 0`; module docs).
///
/// ```
/// use mfg_quality_composite::aggregate::marcos;
/// let data = [1.0, 2.0, 4.0, /* criterion 2 */ 3.0, 2.0, 2.0];
/// let r = marcos(&data, 3, &[0.5, 0.5], &[])?;
/// assert!(r.utility[2] > r.utility[0] && r.utility[0] > r.utility[1]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn marcos(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
) -> Result<MarcosResult> {
    super::ratio_common::standalone("marcos", data, n_rows, weights, types, |input| {
        let mut present = vec![true; n_rows];
        let r = compute(input, types, &mut present)?;
        super::codas::check_finite_output("marcos", "the utility f(K)", &r.utility)?;
        Ok(r)
    })
}

fn compute(input: &Input, types: &[CriterionType], present: &mut [bool]) -> Result<MarcosResult> {
    let n = input.n_rows;
    let ws = input.present_weight(present);
    let mut s = vec![0.0; n];
    let (mut s_ai, mut s_aai) = (0.0, 0.0);
    let mut zero_min: Option<(usize, usize)> = None;
    for j in 0..input.n_cols {
        let cost = types.get(j).copied().unwrap_or_default() == CriterionType::Cost;
        let Some((lo, li, hi)) = linear_domain(input, j, cost)? else {
            continue;
        };
        let w = input.weights[j];
        // pymcdm: normalise the extended column by its ideal entry x[-2].
        let (ai, aai) = if cost { (lo, hi) } else { (hi, lo) };
        let norm = |x: f64| if cost { ai / x } else { x / ai };
        s_ai += w * norm(ai);
        let n_aai = norm(aai);
        s_aai += w * n_aai;
        if w > 0.0 && n_aai == 0.0 && zero_min.is_none() {
            zero_min = Some((li, j));
        }
        let col = input.col(j);
        for (i, &x) in col.iter().enumerate() {
            if present[i] && input.is_present(i, j) {
                let wi = if input.mask.is_some() { w / ws[i] } else { w };
                s[i] += wi * norm(x);
            }
        }
    }
    if n > 0
        && s_aai <= 0.0
        && let Some((i, j)) = zero_min
    {
        return Err(input.invalid(
            i,
            j,
            "MARCOS: the anti-ideal solution scores 0 (every weighted criterion has minimum 0), so K⁻ = S / S_AAI is undefined; use values above 0",
        ));
    }
    let mut out = MarcosResult {
        k_minus: vec![0.0; n],
        k_plus: vec![0.0; n],
        f_k_minus: vec![0.0; n],
        f_k_plus: vec![0.0; n],
        utility: vec![0.0; n],
    };
    for i in 0..n {
        if !present[i] {
            continue;
        }
        let (km, kp) = (s[i] / s_aai, s[i] / s_ai);
        out.k_minus[i] = km;
        out.k_plus[i] = kp;
        if s[i] > 0.0 {
            let f_pos = km / (kp + km);
            let f_neg = kp / (kp + km);
            out.f_k_plus[i] = f_pos;
            out.f_k_minus[i] = f_neg;
            out.utility[i] = (kp + km) / (1.0 + (1.0 - f_pos) / f_pos + (1.0 - f_neg) / f_neg);
        } else {
            out.f_k_plus[i] = 0.5;
            out.f_k_minus[i] = 0.5;
        }
    }
    Ok(out)
}

/// `f(K)` of every unit (all children benefits).
pub(crate) fn marcos_scores(input: &Input, scores: &mut [f64], present: &mut [bool]) -> Result<()> {
    let r = compute(input, &[], present)?;
    scores.copy_from_slice(&r.utility);
    Ok(())
}

/// MARCOS (Stević et al. 2020) as an aggregation type, every child a benefit criterion: the score is the
/// utility function `f(K)`, higher is better (module docs). No parameter; children must be ≥ 0 with a
/// positive maximum, and not all of minimum 0 (run-time [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue)(crate::CompositeError::InvalidValue)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Marcos;

super::plan::builtin_aggregator!(Marcos, "marcos", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |_m, input, scores, present| marcos_scores(input, scores, present));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CompositeError;

    #[test]
    fn zero_anti_ideal_is_a_named_error() {
        let e = marcos(&[0.0, 1.0, 0.0, 2.0], 2, &[1.0, 1.0], &[]);
        assert!(matches!(e, Err(CompositeError::InvalidValue { ref unit, .. }) if unit == "#0"));
        let e = marcos(
            &[0.0, 1.0, 0.0, 2.0],
            2,
            &[1.0, 1.0],
            &[CriterionType::Cost; 2],
        );
        assert!(matches!(e, Err(CompositeError::InvalidValue { .. })));
    }
}
