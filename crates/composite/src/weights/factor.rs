//! Weights from principal components / factor analysis, as in the OECD/JRC Handbook (2008, section 6.1,
//! tables 16–17) after Nicoletti, Scarpetta & Boylaud (2000), "Summary indicators of product market
//! regulation with an extension to employment protection legislation", OECD ECO WP 226.
//!
//! Steps, on the correlation matrix of the (complete) data ([`Pca::fit`] with standardisation):
//! 1. retain the first k components: those with eigenvalue `> min_eigenvalue` (1, Kaiser's rule) **and**
//!    individual explained variance `> min_share` (10 %); if their cumulative share is `< min_cumulative`
//!    (60 %), further components are added in order until it is reached (at least one is kept);
//! 2. factor loadings `L = eigenvector·√eigenvalue` of the k components, rotated by varimax
//!    ([`Rotation::Varimax`], Kaiser 1958, the algorithm of R `stats::varimax` with Kaiser normalisation and
//!    `eps = 1e-5`) unless `rotation = none`;
//! 3. squared loadings scaled to unity sum within each factor, `s_jf = L_jf² / Σ_i L_if²`; the factor's
//!    share `v_f = Σ_i L_if² / Σ_g Σ_i L_ig²` ("Expl.Var/Expl.Tot");
//! 4. each indicator is weighted by its largest scaled squared loading times that factor's share,
//!    `w_j = s_jf* · v_f*` with `f* = argmax_f s_jf`; then `w` is scaled to sum 1.

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

use super::{Weigher, check_children, normalise_weights, with_node};
use crate::pca::Pca;
use crate::{CompositeError, Result};

/// Rotation of the retained factor loadings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Rotation {
    /// Varimax with Kaiser normalisation (the Handbook's choice). The default.
    #[default]
    Varimax,
    /// Unrotated principal-component loadings.
    None,
}

fn default_min_eigenvalue() -> f64 {
    1.0
}
fn default_min_share() -> f64 {
    0.1
}
fn default_min_cumulative() -> f64 {
    0.6
}

/// Settings of PCA-based weights (see the [module docs](self)); the defaults are the Handbook's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PcaWeighting {
    /// Retain components with eigenvalue above this (default 1).
    #[serde(default = "default_min_eigenvalue")]
    pub min_eigenvalue: f64,
    /// ... and individual explained variance above this share (default 0.10).
    #[serde(default = "default_min_share")]
    pub min_share: f64,
    /// Add components until the cumulative explained variance reaches this (default 0.60).
    #[serde(default = "default_min_cumulative")]
    pub min_cumulative: f64,
    /// Rotation (default varimax).
    #[serde(default)]
    pub rotation: Rotation,
}

impl Default for PcaWeighting {
    fn default() -> Self {
        PcaWeighting {
            min_eigenvalue: 1.0,
            min_share: 0.1,
            min_cumulative: 0.6,
            rotation: Rotation::Varimax,
        }
    }
}

/// The result of [`pca_weights`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PcaWeights {
    /// Weights (sum 1), one per column.
    pub weights: Vec<f64>,
    /// Number of retained factors k.
    pub n_factors: usize,
    /// The (rotated) loadings, column-major `n_cols × k`.
    pub loadings: Vec<f64>,
    /// Each factor's share of the retained explained variance ("Expl.Var/Expl.Tot").
    pub factor_shares: Vec<f64>,
    /// The factor each column is assigned to (its largest scaled squared loading).
    pub assigned_factor: Vec<usize>,
}

/// Varimax rotation of a `p × k` loading matrix (R `stats::varimax(x, normalize = TRUE, eps = 1e-5)`).
pub fn varimax(loadings: &DMatrix<f64>) -> DMatrix<f64> {
    let (p, k) = loadings.shape();
    if k < 2 {
        return loadings.clone();
    }
    let sc: Vec<f64> = (0..p)
        .map(|i| {
            let s = loadings.row(i).norm();
            if s > 0.0 { s } else { 1.0 }
        })
        .collect();
    let mut x = loadings.clone();
    for i in 0..p {
        for c in 0..k {
            x[(i, c)] /= sc[i];
        }
    }
    let mut t = DMatrix::<f64>::identity(k, k);
    let mut d = 0.0;
    for _ in 0..1000 {
        let z = &x * &t;
        let colsq: Vec<f64> = (0..k)
            .map(|c| z.column(c).iter().map(|v| v * v).sum::<f64>() / p as f64)
            .collect();
        let mut g = z.map(|v| v * v * v);
        for c in 0..k {
            for i in 0..p {
                g[(i, c)] -= z[(i, c)] * colsq[c];
            }
        }
        let b = x.transpose() * g;
        let svd = b.svd(true, true);
        let (Some(u), Some(v_t)) = (svd.u, svd.v_t) else {
            break;
        };
        t = u * v_t;
        let dpast = d;
        d = svd.singular_values.sum();
        if d < dpast * (1.0 + 1e-5) {
            break;
        }
    }
    let mut z = &x * &t;
    for i in 0..p {
        for c in 0..k {
            z[(i, c)] *= sc[i];
        }
    }
    z
}

/// PCA / factor-analysis weights of a node's children (see the [module docs](self); Nicoletti, Scarpetta &
/// Boylaud 2000, as the OECD/JRC Handbook 2008, section 6.1), with validated [`PcaWeighting`] settings.
/// (Named for the method, to keep it apart from the decomposition [`Pca`] it runs on.)
///
/// ```
/// use mfg_quality_composite::weights::{PcaWeighting, PrincipalComponents};
/// let bad = PcaWeighting { min_share: -0.1, ..Default::default() };
/// assert!(PrincipalComponents::new(bad).is_err());
/// assert_eq!(PrincipalComponents::default().settings(), &PcaWeighting::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PrincipalComponents {
    settings: PcaWeighting,
}

impl PrincipalComponents {
    /// Checks the retention thresholds.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] naming `min_eigenvalue`, `min_share` or `min_cumulative` when
    /// it is negative or not finite.
    pub fn new(settings: PcaWeighting) -> Result<Self> {
        for (name, v) in [
            ("min_eigenvalue", settings.min_eigenvalue),
            ("min_share", settings.min_share),
            ("min_cumulative", settings.min_cumulative),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(CompositeError::InvalidParameter {
                    method: "PCA weights",
                    parameter: name,
                    reason: format!("must be finite and ≥ 0, got {v}"),
                });
            }
        }
        Ok(PrincipalComponents { settings })
    }

    /// The settings.
    pub fn settings(&self) -> &PcaWeighting {
        &self.settings
    }

    /// Weights, loadings and factor shares of a complete column-major matrix (`n_rows` rows).
    ///
    /// # Errors
    /// Those of [`Pca::fit`] (too few rows, constant column); [`CompositeError::InvalidWeights`] when
    /// every scaled squared loading is zero.
    pub fn fit(&self, data: &[f64], n_rows: usize) -> Result<PcaWeights> {
        let settings = &self.settings;
        let pca = Pca::fit(data, n_rows, true)?;
        let p = pca.n_vars;
        if p == 1 {
            return Ok(PcaWeights {
                weights: vec![1.0],
                n_factors: 1,
                loadings: vec![pca.eigenvalues[0].sqrt()],
                factor_shares: vec![1.0],
                assigned_factor: vec![0],
            });
        }
        let mut k = (0..p)
            .take_while(|&c| {
                pca.eigenvalues[c] > settings.min_eigenvalue
                    && pca.explained_variance_ratio[c] > settings.min_share
            })
            .count()
            .max(1);
        let cum = pca.cumulative_variance();
        while k < p && cum[k - 1] < settings.min_cumulative {
            k += 1;
        }
        let fl = pca.factor_loadings();
        let l = DMatrix::from_column_slice(p, k, &fl[..p * k]);
        let l = match settings.rotation {
            Rotation::Varimax => varimax(&l),
            Rotation::None => l,
        };
        let sq = l.map(|v| v * v);
        let expl: Vec<f64> = (0..k).map(|c| sq.column(c).sum()).collect();
        let tot: f64 = expl.iter().sum();
        let factor_shares: Vec<f64> = expl.iter().map(|e| e / tot).collect();
        let mut w = vec![0.0; p];
        let mut assigned = vec![0; p];
        for j in 0..p {
            let (mut best, mut bf) = (-1.0, 0);
            for c in 0..k {
                let s = if expl[c] > 0.0 {
                    sq[(j, c)] / expl[c]
                } else {
                    0.0
                };
                if s > best {
                    best = s;
                    bf = c;
                }
            }
            assigned[j] = bf;
            w[j] = best.max(0.0) * factor_shares[bf];
        }
        let s: f64 = w.iter().sum();
        if !(s > 0.0 && s.is_finite()) {
            return Err(CompositeError::InvalidWeights {
                node: "<matrix>".into(),
                reason: "PCA weights: every scaled squared loading is zero".into(),
            });
        }
        w.iter_mut().for_each(|v| *v /= s);
        Ok(PcaWeights {
            weights: w,
            n_factors: k,
            loadings: l.as_slice().to_vec(),
            factor_shares,
            assigned_factor: assigned,
        })
    }
}

impl Weigher for PrincipalComponents {
    fn name(&self) -> &'static str {
        "pca"
    }

    /// # Errors
    /// Those of [`PrincipalComponents::fit`], naming `node`; a data length other than
    /// `n_rows × nominal.len()`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let w = self
            .fit(data, n_rows)
            .map_err(|e| with_node(e, node))?
            .weights;
        normalise_weights(&w, n, node)
    }
}

/// PCA-based weights (see the [module docs](self)): [`PrincipalComponents::new`] then
/// [`PrincipalComponents::fit`].
///
/// # Errors
/// Those of [`Pca::fit`] (too few rows, constant column); [`CompositeError::InvalidParameter`] for
/// thresholds that are negative or not finite.
pub fn pca_weights(data: &[f64], n_rows: usize, settings: &PcaWeighting) -> Result<PcaWeights> {
    PrincipalComponents::new(*settings)?.fit(data, n_rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructor_rejects_each_bad_threshold() {
        for (name, bad) in [
            (
                "min_eigenvalue",
                PcaWeighting {
                    min_eigenvalue: -1.0,
                    ..Default::default()
                },
            ),
            (
                "min_share",
                PcaWeighting {
                    min_share: f64::NAN,
                    ..Default::default()
                },
            ),
            (
                "min_cumulative",
                PcaWeighting {
                    min_cumulative: f64::INFINITY,
                    ..Default::default()
                },
            ),
        ] {
            match PrincipalComponents::new(bad) {
                Err(CompositeError::InvalidParameter { parameter, .. }) => {
                    assert_eq!(parameter, name)
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(PrincipalComponents::new(PcaWeighting::default()).is_ok());
    }
}
