//! CILOS and IDOCRIW weights (pymcdm `cilos_weights`, `idocriw_weights`).

use mfg_quality_indicators::Polarity;
use nalgebra::DMatrix;

use super::{
    Weigher, check_children, check_matrix, check_polarity, column, entropy_weights,
    normalise_weights, require_positive, with_node,
};
use crate::{CompositeError, Result};

/// CILOS weights of a node's children, [`cilos_weights`] of their columns, every child a benefit
/// criterion. Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Cilos;

impl Weigher for Cilos {
    fn name(&self) -> &'static str {
        "cilos"
    }

    /// # Errors
    /// Those of [`cilos_weights`], naming `node`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let pol = vec![Polarity::Positive; n];
        let w = cilos_weights(data, n_rows, &pol).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

/// IDOCRIW weights of a node's children, [`idocriw_weights`] of their columns, every child a benefit
/// criterion. Parameterless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Idocriw;

impl Weigher for Idocriw {
    fn name(&self) -> &'static str {
        "idocriw"
    }

    /// # Errors
    /// Those of [`idocriw_weights`], naming `node`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let pol = vec![Polarity::Positive; n];
        let w = idocriw_weights(data, n_rows, &pol).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

const CILOS: &str = "cilos weights";

/// CILOS — Criterion Impact LOSs (Zavadskas & Podvezko 2016; pymcdm 1.4 `cilos_weights`). A cost column
/// is first turned into `min x / x`; each column is then sum-normalised, `v_ij = x_ij / Σ_i x_ij`. With
/// `a_kj = v_{i*(k), j}` the row of the alternative best in criterion k, the relative impact losses
/// `p_kj = (a_jj − a_kj) / a_jj` form `F = P − diag(Σ_k p_kj)`, and the weights solve `F q = 0`
/// (the right null vector, from the singular value decomposition), scaled to sum 1.
///
/// # Errors
/// [`CompositeError::InvalidValue`] for a non-finite or non-positive value;
/// [`CompositeError::DimensionMismatch`] for a `polarity` of the wrong length;
/// [`CompositeError::Numerical`] when the null vector is not one-dimensional or not of one sign (the
/// impact-loss matrix is degenerate, e.g. one alternative is best in every criterion).
pub fn cilos_weights(data: &[f64], n_rows: usize, polarity: &[Polarity]) -> Result<Vec<f64>> {
    let p = check_matrix(CILOS, data, n_rows)?;
    check_polarity(CILOS, polarity, p)?;
    require_positive(CILOS, data, n_rows, "CILOS needs strictly positive values")?;
    if p == 1 {
        return Ok(vec![1.0]);
    }
    // sum-normalised columns (after the cost transform)
    let mut v = vec![0.0; data.len()];
    for j in 0..p {
        let x = column(data, n_rows, j);
        let out = &mut v[j * n_rows..(j + 1) * n_rows];
        if polarity[j] == Polarity::Negative {
            let mn = x.iter().copied().fold(f64::INFINITY, f64::min);
            out.iter_mut().zip(x).for_each(|(o, x)| *o = mn / x);
        } else {
            out.copy_from_slice(x);
        }
        let total: f64 = out.iter().sum();
        out.iter_mut().for_each(|o| *o /= total);
    }
    // best alternative of each criterion (the first maximum, as numpy's argmax)
    let best: Vec<usize> = (0..p)
        .map(|k| {
            let c = &v[k * n_rows..(k + 1) * n_rows];
            (0..n_rows).fold(0, |b, i| if c[i] > c[b] { i } else { b })
        })
        .collect();
    let a = |k: usize, j: usize| v[j * n_rows + best[k]];
    let pm = DMatrix::from_fn(p, p, |k, j| (a(j, j) - a(k, j)) / a(j, j));
    let mut f = pm.clone();
    for j in 0..p {
        f[(j, j)] -= pm.column(j).sum();
    }
    let svd = f.svd(false, true);
    let v_t = svd
        .v_t
        .ok_or_else(|| numerical("the singular value decomposition failed"))?;
    let s = &svd.singular_values;
    let (imin, smin) =
        s.iter().enumerate().fold(
            (0, f64::INFINITY),
            |b, (i, &x)| {
                if x < b.1 { (i, x) } else { b }
            },
        );
    let scale = s.iter().copied().fold(0.0, f64::max).max(1.0);
    let second = s
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != imin)
        .map(|(_, &x)| x)
        .fold(f64::INFINITY, f64::min);
    if smin > 1e-9 * scale || second <= 1e-9 * scale {
        return Err(numerical(
            "the impact-loss matrix does not have a one-dimensional null space",
        ));
    }
    let q: Vec<f64> = v_t.row(imin).iter().copied().collect();
    let total: f64 = q.iter().sum();
    let w: Vec<f64> = q.iter().map(|x| x / total).collect();
    if w.iter().any(|&x| x < -1e-12) || !total.is_finite() || total == 0.0 {
        return Err(numerical(
            "the null vector of the impact-loss matrix changes sign",
        ));
    }
    Ok(w.into_iter().map(|x| x.max(0.0)).collect())
}

fn numerical(reason: &str) -> CompositeError {
    CompositeError::Numerical {
        method: CILOS,
        reason: reason.to_string(),
    }
}

/// IDOCRIW — Integrated Determination of Objective CRIteria Weights (Zavadskas & Podvezko 2016; pymcdm
/// 1.4 `idocriw_weights`): `w_j = q_j W_j / Σ_k q_k W_k`, the product of the [`cilos_weights`] `q` and
/// the [`entropy_weights`] `W`.
///
/// # Errors
/// Those of [`cilos_weights`] and [`entropy_weights`]; [`CompositeError::InvalidWeights`] when the product
/// is 0 everywhere.
pub fn idocriw_weights(data: &[f64], n_rows: usize, polarity: &[Polarity]) -> Result<Vec<f64>> {
    let q = cilos_weights(data, n_rows, polarity)?;
    let e = entropy_weights(data, n_rows)?;
    let prod: Vec<f64> = q.iter().zip(&e).map(|(a, b)| a * b).collect();
    super::to_weights(
        "idocriw weights",
        prod,
        "the CILOS and entropy weights never overlap",
    )
}
