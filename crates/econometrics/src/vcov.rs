//! Variance–covariance estimators with fixest's small-sample corrections.
//!
//! Notation: `N` observations in the estimation sample, `X̃` the demeaned regressors, `W` the weights (user
//! weights for OLS; user weights × fitted mean for PPML), `eᵢ` the (working) residuals, `B = (X̃′WX̃)⁻¹` the
//! bread and `K` the number of parameters counted for the adjustment:
//!
//! `K = k + Σ_q L_q − (Q − 1)` for `k` regressors and `Q` fixed effects with `L_q` levels (one level per
//! fixed effect after the first is a redundant normalisation; fixest and pyfixest subtract exactly `Q − 1`).
//! With clustered errors, a fixed effect **nested** in a cluster variable (every level inside one cluster) is
//! not counted: `K = k + Σ_q L_q − (Q − 1) − Σ_{q nested} L_q + #nested` (fixest's `fixef.K = "nested"`).
//!
//! * `iid`: `V = B · Σᵢ wᵢeᵢ² / (N − K)` for OLS, i.e. `σ̂² = Σwe²/(N − 1)` times the adjustment
//!   `(N − 1)/(N − K)`; for PPML (dispersion one) `V = (N − 1)/(N − K) · B`.
//! * `hetero` (HC1): `V = N/(N − K) · B (Σᵢ wᵢ²eᵢ² x̃ᵢx̃ᵢ′) B`.
//! * `cluster` (CR1), one-way with `G` clusters: `V = G/(G − 1) · (N − 1)/(N − K) · B (Σ_g s_g s_g′) B` with
//!   score sums `s_g = Σ_{i∈g} wᵢeᵢx̃ᵢ`. Two-way (Cameron, Gelbach & Miller 2011):
//!   `V = c · B (M₁ + M₂ − M₁₂) B` with `M₁₂` the meat over the intersection clusters and one factor
//!   `c = G/(G − 1) · (N − 1)/(N − K)`, `G = min(G₁, G₂)` (fixest's `cluster.df = "min"`).
//!
//! Degrees of freedom of the t distribution (OLS): `N − K` for `iid` and `hetero`, `G − 1` (minimum `G`)
//! for `cluster`. PPML uses the normal distribution, as fixest and pyfixest do for GLMs.

use nalgebra::DMatrix;

use crate::{EconError, Factor};

/// The variance–covariance estimator (names as in fixest: `iid`, `hetero`, `cluster`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Vcov {
    /// Homoskedastic errors.
    Iid,
    /// Heteroskedasticity-robust, HC1.
    Hetero,
    /// Cluster-robust CR1, one- or two-way.
    Cluster(Clusters),
}

impl Vcov {
    /// One-way clustering by `cluster`.
    pub fn cluster(cluster: Factor) -> Self {
        Vcov::Cluster(Clusters {
            first: cluster,
            second: None,
        })
    }

    /// Two-way clustering by `a` and `b`.
    ///
    /// # Errors
    /// [`EconError::LengthMismatch`] when they differ in length, [`EconError::DuplicateName`] for one name twice.
    pub fn two_way(a: Factor, b: Factor) -> Result<Self, EconError> {
        if a.len() != b.len() {
            return Err(EconError::LengthMismatch {
                what: b.name().to_string(),
                found: b.len(),
                expected: a.len(),
            });
        }
        if a.name() == b.name() {
            return Err(EconError::DuplicateName {
                name: a.name().to_string(),
            });
        }
        Ok(Vcov::Cluster(Clusters {
            first: a,
            second: Some(b),
        }))
    }

    /// fixest's name of the estimator: `iid`, `hetero` or `cluster`.
    pub fn name(&self) -> &'static str {
        match self {
            Vcov::Iid => "iid",
            Vcov::Hetero => "hetero",
            Vcov::Cluster(_) => "cluster",
        }
    }
}

/// How the fixed effects' levels count in the parameter number `K` of the small-sample adjustments (fixest's
/// `ssc(fixef.K = …)`).
///
/// * [`FixefK::Nested`] (default, as fixest): `K = k + Σ_q L_q − (Q − 1)`, less the levels of fixed effects
///   nested in a cluster variable (see the module doc); with `iid` and `hetero` it equals `Full`.
/// * [`FixefK::Full`]: `K = k + Σ_q L_q − (Q − 1)` always.
/// * [`FixefK::None`]: `K = k`, the fixed effects not counted (as a regression on data demeaned beforehand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum FixefK {
    /// Nested fixed effects are not counted (fixest's default).
    #[default]
    Nested,
    /// Every fixed-effect level is counted.
    Full,
    /// No fixed-effect level is counted.
    None,
}

/// One or two cluster variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Clusters {
    first: Factor,
    second: Option<Factor>,
}

impl Clusters {
    /// The cluster variables (one or two).
    pub fn factors(&self) -> Vec<&Factor> {
        std::iter::once(&self.first)
            .chain(self.second.as_ref())
            .collect()
    }
}

/// What the variance estimators need from a fitted model (estimation sample only).
pub(crate) struct Scores<'a> {
    /// Demeaned regressors, column-major, kept columns only.
    pub xt: &'a [Vec<f64>],
    /// Weights `W` (None = ones).
    pub w: Option<&'a [f64]>,
    /// Residuals `e`.
    pub e: &'a [f64],
    /// Bread `(X̃′WX̃)⁻¹`.
    pub bread: &'a DMatrix<f64>,
    /// Rows of the input in the sample.
    pub rows: &'a [usize],
    /// Fixed effects on the sample.
    pub fe: &'a [Factor],
    /// Scale the iid bread by `Σwe²/(N−1)` (OLS) or not (PPML).
    pub estimate_sigma: bool,
    /// How fixed-effect levels count in `K`.
    pub fixef_k: FixefK,
}

/// A variance matrix with its parameter count and t degrees of freedom.
pub(crate) struct VcovResult {
    pub matrix: DMatrix<f64>,
    pub df_k: usize,
    /// Degrees of freedom of the t distribution.
    pub df_t: f64,
}

fn fe_k(fe: &[Factor]) -> usize {
    let total: usize = fe.iter().map(Factor::levels).sum();
    total - fe.len().saturating_sub(1)
}

fn check_df(n: usize, df_k: usize) -> Result<(), EconError> {
    if df_k >= n {
        return Err(EconError::NoDegreesOfFreedom {
            n_obs: n,
            n_params: df_k,
        });
    }
    Ok(())
}

fn sandwich(bread: &DMatrix<f64>, meat: &DMatrix<f64>, c: f64) -> DMatrix<f64> {
    (bread * meat * bread) * c
}

/// `Σ_g s_g s_g′` with `s_g = Σ_{i∈g} wᵢeᵢx̃ᵢ`.
fn cluster_meat(s: &Scores<'_>, cl: &Factor) -> DMatrix<f64> {
    let k = s.xt.len();
    let g = cl.levels();
    // score sums, cluster-major: g × k
    let mut sums = DMatrix::<f64>::zeros(g, k);
    for (j, col) in s.xt.iter().enumerate() {
        let mut c = sums.column_mut(j);
        match s.w {
            Some(w) => {
                for (((&code, &x), &e), &wi) in cl.codes().iter().zip(col).zip(s.e).zip(w) {
                    c[code as usize] += wi * e * x;
                }
            }
            None => {
                for ((&code, &x), &e) in cl.codes().iter().zip(col).zip(s.e) {
                    c[code as usize] += e * x;
                }
            }
        }
    }
    sums.transpose() * &sums
}

fn hetero_meat(s: &Scores<'_>) -> DMatrix<f64> {
    let k = s.xt.len();
    let u: Vec<f64> = match s.w {
        Some(w) => s.e.iter().zip(w).map(|(e, w)| (w * e) * (w * e)).collect(),
        None => s.e.iter().map(|e| e * e).collect(),
    };
    DMatrix::from_fn(k, k, |a, b| {
        s.xt[a]
            .iter()
            .zip(&s.xt[b])
            .zip(&u)
            .map(|((x, y), u)| x * y * u)
            .sum()
    })
}

pub(crate) fn compute(vcov: &Vcov, s: &Scores<'_>) -> Result<VcovResult, EconError> {
    let n = s.e.len();
    let k = s.xt.len();
    let kfe = if s.fe.is_empty() || s.fixef_k == FixefK::None {
        0
    } else {
        fe_k(s.fe)
    };
    match vcov {
        Vcov::Iid => {
            let df_k = k + kfe;
            check_df(n, df_k)?;
            let adj = (n as f64 - 1.0) / (n - df_k) as f64;
            let sigma = if s.estimate_sigma {
                let ss: f64 = match s.w {
                    Some(w) => s.e.iter().zip(w).map(|(e, w)| w * e * e).sum(),
                    None => s.e.iter().map(|e| e * e).sum(),
                };
                ss / (n as f64 - 1.0)
            } else {
                1.0
            };
            Ok(VcovResult {
                matrix: s.bread * (adj * sigma),
                df_k,
                df_t: (n - df_k) as f64,
            })
        }
        Vcov::Hetero => {
            let df_k = k + kfe;
            check_df(n, df_k)?;
            let adj = n as f64 / (n - df_k) as f64;
            Ok(VcovResult {
                matrix: sandwich(s.bread, &hetero_meat(s), adj),
                df_k,
                df_t: (n - df_k) as f64,
            })
        }
        Vcov::Cluster(c) => {
            let cls: Vec<Factor> = c.factors().iter().map(|f| f.subset(s.rows)).collect();
            for cl in &cls {
                if cl.levels() < 2 {
                    return Err(EconError::TooFewClusters {
                        cluster: cl.name().to_string(),
                        found: cl.levels(),
                    });
                }
            }
            let mut nested_levels = 0;
            let mut n_nested = 0;
            for f in s.fe.iter().filter(|_| s.fixef_k == FixefK::Nested) {
                if cls.iter().any(|cl| f.is_nested_in(cl)) {
                    nested_levels += f.levels();
                    n_nested += 1;
                }
            }
            let df_k = k + kfe + n_nested - nested_levels;
            check_df(n, df_k)?;
            let g = cls.iter().map(Factor::levels).min().unwrap_or(2) as f64;
            let adj = g / (g - 1.0) * (n as f64 - 1.0) / (n - df_k) as f64;
            let mut meat = cluster_meat(s, &cls[0]);
            if let Some(b) = cls.get(1) {
                meat += cluster_meat(s, b);
                // Factor::interaction cannot fail here: two factors of equal length.
                if let Ok(both) = Factor::interaction(&[&cls[0], b]) {
                    meat -= cluster_meat(s, &both);
                }
            }
            Ok(VcovResult {
                matrix: sandwich(s.bread, &meat, adj),
                df_k,
                df_t: g - 1.0,
            })
        }
    }
}
