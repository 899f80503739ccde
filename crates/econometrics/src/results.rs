//! The result of a fit: coefficients with inference, sample counts, fit statistics, residuals.

use nalgebra::DMatrix;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::demean::Demeaner;
use crate::vcov::{self, FixefK, Scores};
use crate::{DemeanOptions, EconError, Factor, Table, Vcov};

/// Which estimator produced the estimates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Estimator {
    /// Least squares (weighted when weights are given).
    Ols,
    /// Poisson pseudo-maximum likelihood.
    Ppml,
}

/// One coefficient with its inference.
#[derive(Debug, Clone, PartialEq)]
pub struct Coefficient {
    /// The regressor.
    pub name: String,
    /// The estimate `β̂`.
    pub estimate: f64,
    /// The standard error `√V_jj`.
    pub std_error: f64,
    /// `β̂ / se`.
    pub statistic: f64,
    /// Two-sided p-value: `2(1 − F(|t|))`, `F` Student's t with [`Estimates::df_t`] degrees of freedom (OLS)
    /// or the standard normal (PPML).
    pub p_value: f64,
    /// Lower confidence bound `β̂ − q·se`, `q` the `(1 + level)/2` quantile of `F`.
    pub conf_low: f64,
    /// Upper confidence bound `β̂ + q·se`.
    pub conf_high: f64,
}

/// Recovered values of one fixed effect.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedEffectValues {
    /// The factor's name.
    pub name: String,
    /// The value of each level present in the estimation sample, levels in order of first appearance there.
    pub values: Vec<f64>,
    /// For each level, the input row of its first observation (to map levels back to identifiers).
    pub first_row: Vec<usize>,
}

/// Inference state kept to recompute the variance with another estimator.
#[derive(Debug, Clone)]
pub(crate) struct InferenceState {
    pub xt: Vec<Vec<f64>>,
    pub w: Option<Vec<f64>>,
    pub e: Vec<f64>,
    pub bread: DMatrix<f64>,
    pub estimate_sigma: bool,
}

/// Estimates of an OLS or PPML fit with absorbed fixed effects.
#[derive(Debug, Clone)]
pub struct Estimates {
    pub(crate) estimator: Estimator,
    pub(crate) outcome: String,
    pub(crate) names: Vec<String>,
    pub(crate) beta: Vec<f64>,
    pub(crate) dropped: Vec<String>,
    pub(crate) vcov_name: &'static str,
    pub(crate) vcov: DMatrix<f64>,
    pub(crate) df_k: usize,
    pub(crate) df_t: f64,
    pub(crate) coefficients: Vec<Coefficient>,
    pub(crate) n_input: usize,
    pub(crate) rows: Vec<usize>,
    pub(crate) singletons: usize,
    pub(crate) separated: usize,
    pub(crate) fe: Vec<Factor>,
    pub(crate) r2: Option<f64>,
    pub(crate) within_r2: Option<f64>,
    pub(crate) deviance: Option<f64>,
    pub(crate) iterations: usize,
    pub(crate) residuals: Vec<f64>,
    pub(crate) fe_part: Vec<f64>,
    pub(crate) state: InferenceState,
    pub(crate) options: DemeanOptions,
    pub(crate) fixef_k: FixefK,
}

impl Estimates {
    /// Computes the variance and the coefficient rows; used by the estimators and [`Estimates::with_vcov`].
    pub(crate) fn infer(&mut self, vcov: &Vcov) -> Result<(), EconError> {
        let s = Scores {
            xt: &self.state.xt,
            w: self.state.w.as_deref(),
            e: &self.state.e,
            bread: &self.state.bread,
            rows: &self.rows,
            fe: &self.fe,
            estimate_sigma: self.state.estimate_sigma,
            fixef_k: self.fixef_k,
        };
        if let Vcov::Cluster(c) = vcov {
            for f in c.factors() {
                if f.len() != self.n_input {
                    return Err(EconError::LengthMismatch {
                        what: f.name().to_string(),
                        found: f.len(),
                        expected: self.n_input,
                    });
                }
            }
        }
        let r = vcov::compute(vcov, &s)?;
        self.vcov = r.matrix;
        self.df_k = r.df_k;
        self.df_t = r.df_t;
        self.vcov_name = vcov.name();
        self.coefficients = self.rows_at(0.95);
        Ok(())
    }

    fn rows_at(&self, level: f64) -> Vec<Coefficient> {
        let normal = self.estimator == Estimator::Ppml;
        let (cdf, q): (Box<dyn Fn(f64) -> f64>, f64) = if normal {
            // Normal::new(0, 1) cannot fail.
            let d = Normal::standard();
            let q = d.inverse_cdf(0.5 + level / 2.0);
            (Box::new(move |x| d.cdf(x)), q)
        } else {
            match StudentsT::new(0.0, 1.0, self.df_t) {
                Ok(d) => {
                    let q = d.inverse_cdf(0.5 + level / 2.0);
                    (Box::new(move |x| d.cdf(x)), q)
                }
                Err(_) => (Box::new(|_| f64::NAN), f64::NAN),
            }
        };
        self.names
            .iter()
            .zip(&self.beta)
            .enumerate()
            .map(|(j, (name, &b))| {
                let se = self.vcov[(j, j)].sqrt();
                let t = b / se;
                Coefficient {
                    name: name.clone(),
                    estimate: b,
                    std_error: se,
                    statistic: t,
                    p_value: 2.0 * (1.0 - cdf(t.abs())),
                    conf_low: b - q * se,
                    conf_high: b + q * se,
                }
            })
            .collect()
    }

    /// The same fit with another variance estimator (nothing is re-estimated).
    ///
    /// # Errors
    /// [`EconError::TooFewClusters`], [`EconError::LengthMismatch`] for a cluster variable of the wrong
    /// length, [`EconError::NoDegreesOfFreedom`].
    pub fn with_vcov(&self, vcov: &Vcov) -> Result<Estimates, EconError> {
        let mut e = self.clone();
        e.infer(vcov)?;
        Ok(e)
    }

    /// The same fit with fixed-effect levels counted in `K` as `fixef_k` says, and the variance recomputed
    /// with `vcov` (nothing is re-estimated).
    ///
    /// # Errors
    /// As [`Estimates::with_vcov`].
    pub fn with_small_sample(&self, vcov: &Vcov, fixef_k: FixefK) -> Result<Estimates, EconError> {
        let mut e = self.clone();
        e.fixef_k = fixef_k;
        e.infer(vcov)?;
        Ok(e)
    }

    /// How fixed-effect levels count in `K` ([`FixefK`]).
    pub fn fixef_k(&self) -> FixefK {
        self.fixef_k
    }

    /// The estimator.
    pub fn estimator(&self) -> Estimator {
        self.estimator
    }

    /// The outcome's name.
    pub fn outcome(&self) -> &str {
        &self.outcome
    }

    /// The coefficients with 95 % confidence intervals, in regressor order (collinear ones left out).
    pub fn coefficients(&self) -> &[Coefficient] {
        &self.coefficients
    }

    /// The coefficient of regressor `name`, if estimated.
    pub fn coefficient(&self, name: &str) -> Option<&Coefficient> {
        self.coefficients.iter().find(|c| c.name == name)
    }

    /// The tidy table with confidence intervals at `level` (values outside (0, 1) give NaN bounds).
    pub fn table(&self, level: f64) -> Table {
        Table::new(self.rows_at(level), level)
    }

    /// The variance matrix of the coefficients (order of [`Estimates::coefficients`]).
    pub fn vcov(&self) -> &DMatrix<f64> {
        &self.vcov
    }

    /// The variance estimator's fixest name: `iid`, `hetero` or `cluster`.
    pub fn vcov_type(&self) -> &'static str {
        self.vcov_name
    }

    /// Regressors dropped as collinear with earlier regressors (given the fixed effects).
    pub fn dropped(&self) -> &[String] {
        &self.dropped
    }

    /// Observations in the estimation sample `N`.
    pub fn nobs(&self) -> usize {
        self.rows.len()
    }

    /// The input rows in the estimation sample (residuals are aligned to them).
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    /// Observations removed as singletons of a fixed effect (repeatedly, as fixest).
    pub fn singletons_removed(&self) -> usize {
        self.singletons
    }

    /// Observations removed by the PPML separation check (always 0 for OLS).
    pub fn separated_removed(&self) -> usize {
        self.separated
    }

    /// Parameters counted in the small-sample adjustment `K` (see [`crate::vcov`]).
    pub fn df_k(&self) -> usize {
        self.df_k
    }

    /// Residual degrees of freedom `N − K` (independent of the variance estimator's t degrees of freedom).
    pub fn df_resid(&self) -> usize {
        let kfe: usize =
            self.fe.iter().map(Factor::levels).sum::<usize>() - self.fe.len().saturating_sub(1);
        self.rows.len().saturating_sub(self.names.len() + kfe)
    }

    /// Degrees of freedom of the t distribution used for p-values and intervals (`N − K` or `G − 1`).
    pub fn df_t(&self) -> f64 {
        self.df_t
    }

    /// `R² = 1 − Σwe²/Σw(y − ȳ_w)²` (OLS only).
    pub fn r2(&self) -> Option<f64> {
        self.r2
    }

    /// Within `R² = 1 − Σwe²/Σwỹ²`, `ỹ` the demeaned outcome (OLS only).
    pub fn within_r2(&self) -> Option<f64> {
        self.within_r2
    }

    /// PPML deviance `2Σwᵢ[yᵢ ln(yᵢ/μᵢ) − (yᵢ − μᵢ)]` (PPML only).
    pub fn deviance(&self) -> Option<f64> {
        self.deviance
    }

    /// Iterations of the PPML IRLS loop (1 for OLS).
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// The fixed effects' names and their numbers of levels in the estimation sample.
    pub fn fixed_effect_levels(&self) -> Vec<(&str, usize)> {
        self.fe.iter().map(|f| (f.name(), f.levels())).collect()
    }

    /// Residuals on the estimation sample: `y − ŷ` for OLS, the response residual `y − μ̂` for PPML.
    pub fn residuals(&self) -> &[f64] {
        &self.residuals
    }

    /// The fitted fixed-effect part of the linear predictor, `Σ_q α_q[level of i]`, on the estimation sample.
    pub fn fixed_effects_sum(&self) -> &[f64] {
        &self.fe_part
    }

    /// Recovers the fixed-effect values from [`Estimates::fixed_effects_sum`] by alternating projections.
    ///
    /// Normalisation as fixest: with more than one factor, the first level of every factor after the first
    /// is 0. Only the sum is identified; the split between factors depends on this normalisation.
    pub fn fixed_effects(&self) -> Vec<FixedEffectValues> {
        let dm = Demeaner::new(&self.fe, None, self.options);
        let alpha = dm.recover(self.fe_part.clone());
        self.fe
            .iter()
            .zip(alpha)
            .map(|(f, values)| {
                let mut first_row = vec![usize::MAX; f.levels()];
                for (&c, &r) in f.codes().iter().zip(&self.rows) {
                    if first_row[c as usize] == usize::MAX {
                        first_row[c as usize] = r;
                    }
                }
                FixedEffectValues {
                    name: f.name().to_string(),
                    values,
                    first_row,
                }
            })
            .collect()
    }
}
