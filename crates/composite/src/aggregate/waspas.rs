//! WASPAS, Weighted Aggregated Sum Product ASSessment (Zavadskas, Turskis, Antucheviciene & Zakarevicius
//! 2012, "Optimization of weighted aggregated sum product assessment", *Elektronika ir Elektrotechnika*
//! 122(6), 3–6).
//!
//! With pymcdm 1.4's default normalisation of `WASPAS`, the **linear** one, `rᵢⱼ = xᵢⱼ / maxₖ xₖⱼ` for a
//! benefit criterion and `rᵢⱼ = minₖ xₖⱼ / xᵢⱼ` for a cost criterion, and weights normalised to sum 1:
//!
//! - weighted sum `Q⁽¹⁾ᵢ = Σⱼ wⱼ rᵢⱼ` (WSM),
//! - weighted product `Q⁽²⁾ᵢ = Πⱼ rᵢⱼ^wⱼ` (WPM, computed as `exp(Σⱼ wⱼ ln rᵢⱼ)`),
//! - `Qᵢ = λ Q⁽¹⁾ᵢ + (1 − λ) Q⁽²⁾ᵢ` with `λ ∈ [0, 1]` (default 0.5, pymcdm's `l`), higher is better.
//!
//! `λ = 1` is the WSM of the linear-normalised matrix and `λ = 0` its WPM (not [`wpm`](super::wpm()), which
//! uses the sum normalisation, as pymcdm's `WPM` does).
//!
//! Domain and documented degenerate cases: cost values must be positive and benefit values non-negative
//! (pymcdm requires non-zero values); a zero benefit value gives `r = 0` (so a product term of 0 unless
//! the weight is 0, `0⁰ = 1`); a benefit column of zeros is treated as constant, `r = 1`. Other values
//! are an [`CompositeError::InvalidValue`](crate::CompositeError::InvalidValue) naming the cell; `λ` outside [0, 1] is
//! [`CompositeError::InvalidParameter`](crate::CompositeError::InvalidParameter). Missing cells are not supported (the first is a
//! [`CompositeError::MissingValue`](crate::CompositeError::MissingValue) under either policy). In the pipeline every child is a benefit.

use serde::{Deserialize, Serialize};

use super::ratio_common::{
    add_weighted_ln, check_sign, is_cost, require_complete, standalone, sum_min_max,
};
use super::{CriterionType, Input};
use crate::Result;

/// WASPAS outputs per alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaspasResult {
    /// Weighted-sum part `Q⁽¹⁾ = Σ w r`.
    pub wsm: Vec<f64>,
    /// Weighted-product part `Q⁽²⁾ = Π r^w`.
    pub wpm: Vec<f64>,
    /// `Q = λ Q⁽¹⁾ + (1 − λ) Q⁽²⁾` (higher is better).
    pub preference: Vec<f64>,
}

/// WASPAS on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit) and `lambda ∈ [0, 1]` (module docs).
///
/// ```
/// use mfg_quality_composite::aggregate::waspas;
/// let r = waspas(&[1.0, 4.0, /* criterion 2 */ 1.0, 1.0], 2, &[0.5, 0.5], &[], 0.5)?;
/// assert!((r.preference[0] - (0.5 * 0.625 + 0.5 * 0.5)).abs() < 1e-15);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn waspas(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
    lambda: f64,
) -> Result<WaspasResult> {
    super::ratio_common::check_lambda("waspas", lambda)?;
    standalone("waspas", data, n_rows, weights, types, |input| {
        let mut wsm = vec![0.0; n_rows];
        let mut wpm = vec![0.0; n_rows];
        parts(input, types, &mut wsm, &mut wpm)?;
        let preference = wsm
            .iter()
            .zip(&wpm)
            .map(|(&s, &p)| lambda * s + (1.0 - lambda) * p)
            .collect();
        Ok(WaspasResult {
            wsm,
            wpm,
            preference,
        })
    })
}

/// The WSM and WPM parts of the linear-normalised matrix.
fn parts(input: &Input, types: &[CriterionType], wsm: &mut [f64], wpm: &mut [f64]) -> Result<()> {
    wsm.iter_mut().for_each(|a| *a = 0.0);
    wpm.iter_mut().for_each(|a| *a = 0.0);
    let mut offset = 0.0;
    for j in 0..input.n_cols {
        let cost = is_cost(types, j);
        check_sign(input, j, cost)?;
        let col = input.col(j);
        let w = input.weights[j];
        let (_, lo, hi) = sum_min_max(col);
        if col.is_empty() || w == 0.0 {
            continue;
        }
        if cost {
            // r = min / x: ln r = ln min − ln x
            let c = w * lo;
            for (a, &x) in wsm.iter_mut().zip(col) {
                *a += c / x;
            }
            add_weighted_ln(wpm, col, -w, lo);
            offset -= w * lo.ln();
        } else if hi > 0.0 {
            // r = x / max: ln r = ln x − ln max
            let c = w / hi;
            for (a, &x) in wsm.iter_mut().zip(col) {
                *a += c * x;
            }
            add_weighted_ln(wpm, col, w, lo);
            offset += w * hi.ln();
        } else {
            wsm.iter_mut().for_each(|a| *a += w); // a column of zeros: r = 1
        }
    }
    wpm.iter_mut().for_each(|v| *v = (*v - offset).exp());
    Ok(())
}

/// `λ Σ w x/max + (1 − λ) Π (x/max)^w` of every unit (the pipeline's aggregation).
pub(crate) fn waspas_scores(
    input: &Input,
    lambda: f64,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    require_complete(input)?;
    let mut wpm = vec![0.0; input.n_rows];
    parts(input, &[], scores, &mut wpm)?;
    for (s, &p) in scores.iter_mut().zip(&wpm) {
        *s = lambda * *s + (1.0 - lambda) * p;
    }
    present.iter_mut().for_each(|p| *p = true);
    Ok(())
}

/// WASPAS (Zavadskas et al. 2012) as a validated aggregation type, every child a benefit criterion,
/// linear normalisation `x / max` (module docs). [`Waspas::new`] checks `λ ∈ [0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Waspas {
    lambda: f64,
}

impl Default for Waspas {
    /// `λ = 0.5` (pymcdm's default).
    fn default() -> Self {
        Waspas { lambda: 0.5 }
    }
}

impl Waspas {
    /// WASPAS with the weight `lambda` of the weighted sum (`1 − lambda` of the weighted product).
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`](crate::CompositeError::InvalidParameter) (`lambda`) unless `0 ≤ lambda ≤ 1`.
    pub fn new(lambda: f64) -> Result<Waspas> {
        super::ratio_common::check_lambda("waspas", lambda)?;
        Ok(Waspas { lambda })
    }

    /// The weight of the weighted sum.
    pub fn lambda(&self) -> f64 {
        self.lambda
    }
}

super::plan::builtin_aggregator!(Waspas, "waspas", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |m, input, scores, present| waspas_scores(input, m.lambda, scores, present));
