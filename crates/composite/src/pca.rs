//! Principal component analysis (OECD/JRC Handbook 2008, section 1.4 and step 6; Jolliffe 2002) by the
//! symmetric eigen-decomposition ([`nalgebra::SymmetricEigen`]) of the correlation matrix (`standardise =
//! true`, the Handbook's choice for indicators in different units) or of the covariance matrix.

use nalgebra::{DMatrix, SymmetricEigen};
use serde::{Deserialize, Serialize};

use crate::{CompositeError, Result};

/// A fitted PCA. Matrices are column-major; `k = n_vars` components are kept (all of them).
///
/// Sign convention: each eigenvector is oriented so that its component of largest absolute value is
/// positive (the first such component on exact ties) — eigenvectors are only defined up to sign, and this
/// makes results reproducible across platforms and runs.
///
/// ```
/// use mfg_quality_composite::pca::Pca;
/// // two perfectly correlated columns and an independent one
/// let data = [1.0, 2.0, 3.0, 4.0,  2.0, 4.0, 6.0, 8.0,  1.0, -1.0, -1.0, 1.0];
/// let pca = Pca::fit(&data, 4, true).unwrap();
/// assert!((pca.eigenvalues[0] - 2.0).abs() < 1e-12);
/// assert!((pca.explained_variance_ratio[0] - 2.0 / 3.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pca {
    /// Number of variables (columns).
    pub n_vars: usize,
    /// Number of observations (rows) used.
    pub n_obs: usize,
    /// Whether the correlation matrix (standardised data) was decomposed.
    pub standardised: bool,
    /// Column means.
    pub means: Vec<f64>,
    /// Column sample standard deviations (n − 1).
    pub sds: Vec<f64>,
    /// Eigenvalues in descending order (tiny negative round-off values are set to 0).
    pub eigenvalues: Vec<f64>,
    /// Eigenvalue / sum of eigenvalues.
    pub explained_variance_ratio: Vec<f64>,
    /// Unit-length eigenvectors, column-major `n_vars × n_vars` (column c = component c), signed as in the
    /// type docs.
    pub loadings: Vec<f64>,
    /// Principal component scores, column-major `n_obs × n_vars`: the centred (and, if standardised,
    /// scaled) data times the eigenvectors.
    pub scores: Vec<f64>,
}

impl Pca {
    /// Fits a PCA to `data` (column-major, `n_rows` observations, `data.len() / n_rows` variables). The
    /// covariance is the sample covariance (n − 1); with `standardise` it is the Pearson correlation matrix.
    ///
    /// # Errors
    /// [`CompositeError::TooFew`] for fewer than 2 rows or no column; [`CompositeError::InvalidParameter`] if
    /// `data.len()` is not a multiple of `n_rows`; [`CompositeError::InvalidValue`] for a non-finite value;
    /// [`CompositeError::ConstantColumn`] for a constant column when standardising.
    pub fn fit(data: &[f64], n_rows: usize, standardise: bool) -> Result<Pca> {
        if n_rows < 2 {
            return Err(CompositeError::TooFew {
                method: "PCA",
                what: "observations",
                needed: 2,
                got: n_rows,
            });
        }
        if data.is_empty() || !data.len().is_multiple_of(n_rows) {
            return Err(CompositeError::InvalidParameter {
                method: "PCA",
                parameter: "data",
                reason: format!(
                    "length {} is not a positive multiple of n_rows = {n_rows}",
                    data.len()
                ),
            });
        }
        let p = data.len() / n_rows;
        if let Some(k) = data.iter().position(|v| !v.is_finite()) {
            return Err(CompositeError::InvalidValue {
                method: "PCA",
                unit: format!("row {}", k % n_rows),
                indicator: format!("column {}", k / n_rows),
                value: data[k],
                reason: "not finite",
            });
        }
        // Means and covariance in one pass through blocked matrix products (`crate::covariance`); the
        // centred (standardised) copy `z` is only needed for the scores.
        let cols: Vec<&[f64]> = data.chunks(n_rows).collect();
        let mo = crate::covariance::moments(&cols, n_rows);
        let means = mo.mean.clone();
        let sds: Vec<f64> = (0..p).map(|j| mo.sd(j)).collect();
        if standardise {
            for (j, (&m, &sd)) in means.iter().zip(&sds).enumerate() {
                if sd <= 1e-12 * (1.0 + m.abs()) {
                    return Err(CompositeError::ConstantColumn {
                        method: "PCA (standardised)",
                        indicator: j.to_string(),
                    });
                }
            }
        }
        let mut z = DMatrix::from_column_slice(n_rows, p, data);
        for (j, mut col) in z.column_iter_mut().enumerate() {
            let (m, sd) = (means[j], sds[j]);
            if standardise {
                col.iter_mut().for_each(|v| *v = (*v - m) / sd);
            } else {
                col.iter_mut().for_each(|v| *v -= m);
            }
        }
        let cov = if standardise {
            DMatrix::from_fn(p, p, |a, b| {
                if a == b {
                    1.0
                } else {
                    mo.cov[(a, b)] / (sds[a] * sds[b])
                }
            })
        } else {
            mo.cov
        };
        let eig = SymmetricEigen::new(cov);
        let mut order: Vec<usize> = (0..p).collect();
        order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
        let eigenvalues: Vec<f64> = order.iter().map(|&c| eig.eigenvalues[c].max(0.0)).collect();
        let total: f64 = eigenvalues.iter().sum();
        let explained_variance_ratio = eigenvalues
            .iter()
            .map(|&l| if total > 0.0 { l / total } else { 0.0 })
            .collect();
        let mut vecs = DMatrix::<f64>::zeros(p, p);
        for (c, &src) in order.iter().enumerate() {
            let v = eig.eigenvectors.column(src);
            let mut big = 0;
            for r in 1..p {
                if v[r].abs() > v[big].abs() {
                    big = r;
                }
            }
            let s = if v[big] < 0.0 { -1.0 } else { 1.0 };
            for r in 0..p {
                vecs[(r, c)] = s * v[r];
            }
        }
        let scores = (&z * &vecs).as_slice().to_vec();
        Ok(Pca {
            n_vars: p,
            n_obs: n_rows,
            standardised: standardise,
            means,
            sds,
            eigenvalues,
            explained_variance_ratio,
            loadings: vecs.as_slice().to_vec(),
            scores,
        })
    }

    /// Eigenvector `c` (component c), length `n_vars`.
    ///
    /// # Panics
    /// If `c >= n_vars`.
    pub fn component(&self, c: usize) -> &[f64] {
        &self.loadings[c * self.n_vars..(c + 1) * self.n_vars]
    }

    /// Component loadings in the factor-analysis sense, `eigenvector · √eigenvalue`, column-major
    /// `n_vars × n_vars`: under standardisation, the correlation of each variable with each component (the
    /// "factor loadings" of the Handbook's table 6.1).
    pub fn factor_loadings(&self) -> Vec<f64> {
        let p = self.n_vars;
        let mut out = self.loadings.clone();
        for c in 0..p {
            let s = self.eigenvalues[c].sqrt();
            out[c * p..(c + 1) * p].iter_mut().for_each(|v| *v *= s);
        }
        out
    }

    /// Cumulative explained variance ratio.
    pub fn cumulative_variance(&self) -> Vec<f64> {
        self.explained_variance_ratio
            .iter()
            .scan(0.0, |s, v| {
                *s += v;
                Some(*s)
            })
            .collect()
    }
}
