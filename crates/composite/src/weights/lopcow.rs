//! LOPCOW weights (pymcdm `lopcow_weights`).

use mfg_quality_indicators::Polarity;
use mfg_quality_indicators::stats::{self, VarianceKind};

use super::{
    Weigher, check_children, check_matrix, check_polarity, column, normalise_weights, to_weights,
    with_node,
};
use crate::{CompositeError, Result};

/// LOPCOW weights of a node's children, [`lopcow_weights`] of their columns, every child a benefit
/// criterion. Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Lopcow;

impl Weigher for Lopcow {
    fn name(&self) -> &'static str {
        "lopcow"
    }

    /// # Errors
    /// Those of [`lopcow_weights`], naming `node`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let pol = vec![Polarity::Positive; n];
        let w = lopcow_weights(data, n_rows, &pol).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

/// LOPCOW — Logarithmic Percentage Change-driven Objective Weighting (Ecer & Pamucar 2022; pymcdm 1.4
/// `lopcow_weights`): each column min-max normalised (reversed for a cost criterion), then
/// `P_j = |100 · ln( RMS_j / s_j )|` with `RMS_j = √(Σ_i y_ij² / n)` and `s_j` the sample standard
/// deviation; `w_j = P_j / Σ_k P_k`.
///
/// # Errors
/// [`CompositeError::InvalidValue`] for a non-finite value; [`CompositeError::DimensionMismatch`] for a
/// `polarity` of the wrong length; [`CompositeError::ConstantColumn`] for a constant column (its
/// standard deviation is 0); [`CompositeError::TooFew`] for fewer than 2 rows.
pub fn lopcow_weights(data: &[f64], n_rows: usize, polarity: &[Polarity]) -> Result<Vec<f64>> {
    const METHOD: &str = "lopcow weights";
    let p = check_matrix(METHOD, data, n_rows)?;
    check_polarity(METHOD, polarity, p)?;
    super::merec::need_rows(METHOD, n_rows)?;
    let mut y = vec![0.0; n_rows];
    let pv = (0..p)
        .map(|j| {
            let x = column(data, n_rows, j);
            let (lo, hi) = x
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            let r = hi - lo;
            if !(r > 0.0 && r.is_finite()) {
                return Err(CompositeError::ConstantColumn {
                    method: METHOD,
                    indicator: j.to_string(),
                });
            }
            let neg = polarity[j] == Polarity::Negative;
            y.iter_mut()
                .zip(x)
                .for_each(|(o, v)| *o = if neg { (hi - v) / r } else { (v - lo) / r });
            let rms = (y.iter().map(|v| v * v).sum::<f64>() / n_rows as f64).sqrt();
            let sd = stats::std_dev(&y, VarianceKind::Sample);
            Ok((100.0 * (rms / sd).ln()).abs())
        })
        .collect::<Result<Vec<f64>>>()?;
    to_weights(METHOD, pv, "every criterion has zero percentage change")
}
