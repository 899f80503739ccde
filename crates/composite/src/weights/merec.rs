//! MEREC weights (pymcdm `merec_weights`).

use mfg_quality_indicators::Polarity;

use super::{
    Weigher, check_children, check_matrix, check_polarity, column, normalise_weights,
    require_positive, to_weights, with_node,
};
use crate::{CompositeError, Result};

/// MEREC weights of a node's children, [`merec_weights`] of their columns, every child a benefit
/// criterion (the pipeline weighs normalised, higher-is-better children). Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Merec;

impl Weigher for Merec {
    fn name(&self) -> &'static str {
        "merec"
    }

    /// # Errors
    /// Those of [`merec_weights`], naming `node`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let pol = vec![Polarity::Positive; n];
        let w = merec_weights(data, n_rows, &pol).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

pub(super) fn need_rows(method: &'static str, n_rows: usize) -> Result<()> {
    if n_rows < 2 {
        return Err(CompositeError::TooFew {
            method,
            what: "rows",
            needed: 2,
            got: n_rows,
        });
    }
    Ok(())
}

/// MEREC — Method based on the Removal Effects of Criteria (Keshavarz-Ghorabaee et al. 2021; pymcdm 1.4
/// `merec_weights`). With `r_ij = min_i x_ij / x_ij` for a benefit criterion and `x_ij / max_i x_ij` for a
/// cost criterion, each alternative's performance is `S_i = ln(1 + (1/m) Σ_j |ln r_ij|)`, and without
/// criterion j `S'_ij = ln(1 + (1/m) Σ_{k≠j} |ln r_ik|)`; the removal effect `E_j = Σ_i |S'_ij − S_i|`
/// gives `w_j = E_j / Σ_k E_k`. `polarity[j]` says whether column j is a benefit (positive) or cost
/// criterion.
///
/// ```
/// use mfg_quality_composite::weights::merec_weights;
/// use mfg_quality_indicators::Polarity;
/// let w = merec_weights(&[1.0, 2.0, 3.0, 5.0, 5.0, 6.0], 3, &[Polarity::Positive; 2])?;
/// assert!(w[0] > w[1] && (w[0] + w[1] - 1.0).abs() < 1e-15);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
///
/// # Errors
/// [`CompositeError::InvalidValue`] for a non-finite or non-positive value (the logarithms need positive
/// ratios); [`CompositeError::DimensionMismatch`] for a `polarity` of the wrong length;
/// [`CompositeError::InvalidWeights`] when no criterion has a removal effect (every column constant).
pub fn merec_weights(data: &[f64], n_rows: usize, polarity: &[Polarity]) -> Result<Vec<f64>> {
    const METHOD: &str = "merec weights";
    let p = check_matrix(METHOD, data, n_rows)?;
    check_polarity(METHOD, polarity, p)?;
    require_positive(METHOD, data, n_rows, "MEREC needs strictly positive values")?;
    // |ln r_ij|, column-major
    let mut a = vec![0.0; data.len()];
    for j in 0..p {
        let x = column(data, n_rows, j);
        let out = &mut a[j * n_rows..(j + 1) * n_rows];
        if polarity[j] == Polarity::Negative {
            let mx = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            out.iter_mut()
                .zip(x)
                .for_each(|(o, v)| *o = (v / mx).ln().abs());
        } else {
            let mn = x.iter().copied().fold(f64::INFINITY, f64::min);
            out.iter_mut()
                .zip(x)
                .for_each(|(o, v)| *o = (mn / v).ln().abs());
        }
    }
    let m = p as f64;
    let total: Vec<f64> = (0..n_rows)
        .map(|i| (0..p).map(|j| a[j * n_rows + i]).sum())
        .collect();
    let e = (0..p)
        .map(|j| {
            (0..n_rows)
                .map(|i| {
                    let s = (1.0 + total[i] / m).ln();
                    let without = (1.0 + (total[i] - a[j * n_rows + i]) / m).ln();
                    (without - s).abs()
                })
                .sum()
        })
        .collect();
    to_weights(
        METHOD,
        e,
        "no criterion has a removal effect (every column is constant)",
    )
}
