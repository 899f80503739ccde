//! Least squares with absorbed fixed effects (fixest's `feols(y ~ x | fe)`).

use nalgebra::DMatrix;

use crate::demean::Demeaner;
use crate::linear::{self, Column, Inputs};
use crate::results::InferenceState;
use crate::vcov::FixefK;
use crate::{DemeanOptions, EconError, Estimates, Estimator, FixedEffects, Vcov};

/// An OLS model `y = Xβ + Dα + e` with absorbed fixed effects `D`, optionally weighted.
///
/// The fit: remove singletons, demean `y` and every column of `X` by the fixed effects (Frisch–Waugh–Lovell,
/// see [`crate::demean`]), check for regressors absorbed by the fixed effects (error) or collinear with earlier
/// regressors (dropped and named), then `β̂ = (X̃′WX̃)⁻¹X̃′Wỹ` by Cholesky, `e = ỹ − X̃β̂`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ols {
    inputs: Inputs,
    options: DemeanOptions,
    fixef_k: FixefK,
}

impl Ols {
    /// Validates the columns: non-empty, same length as the fixed effects, finite, distinct names, at least
    /// one regressor.
    ///
    /// # Errors
    /// [`EconError::Empty`], [`EconError::NoRegressor`], [`EconError::LengthMismatch`],
    /// [`EconError::NonFinite`], [`EconError::TooLarge`] for a value beyond
    /// [`MAGNITUDE_LIMIT`](crate::MAGNITUDE_LIMIT), [`EconError::DuplicateName`].
    pub fn new(
        outcome: Column,
        regressors: Vec<Column>,
        fixed_effects: FixedEffects,
    ) -> Result<Self, EconError> {
        Ok(Self {
            inputs: Inputs::new(outcome, regressors, fixed_effects)?,
            options: DemeanOptions::default(),
            fixef_k: FixefK::Nested,
        })
    }

    /// Weighted least squares with analytic weights `w` (minimises `Σwᵢeᵢ²`).
    ///
    /// # Errors
    /// [`EconError::LengthMismatch`], [`EconError::InvalidWeight`] for a weight not finite and > 0,
    /// [`EconError::TooLarge`] for a weight beyond [`MAGNITUDE_LIMIT`](crate::MAGNITUDE_LIMIT).
    pub fn weights(mut self, w: Vec<f64>) -> Result<Self, EconError> {
        self.inputs.set_weights(w)?;
        Ok(self)
    }

    /// How fixed-effect levels count in the small-sample adjustments (default [`FixefK::Nested`], as fixest).
    pub fn small_sample(mut self, fixef_k: FixefK) -> Self {
        self.fixef_k = fixef_k;
        self
    }

    /// Sets the demeaning tolerance and iteration limit.
    pub fn demean_options(mut self, options: DemeanOptions) -> Self {
        self.options = options;
        self
    }

    /// Fits the model and computes the variance with `vcov`.
    ///
    /// # Errors
    /// [`EconError::AllSingletons`], [`EconError::AbsorbedByFixedEffects`], [`EconError::AllCollinear`],
    /// [`EconError::DemeaningNotConverged`], [`EconError::TooFewClusters`], [`EconError::NoDegreesOfFreedom`],
    /// [`EconError::LengthMismatch`] for a cluster variable of the wrong length.
    pub fn fit(&self, vcov: &Vcov) -> Result<Estimates, EconError> {
        let inp = &self.inputs;
        let s = linear::sample(inp, None)?;
        let w = inp.weights.as_ref().map(|w| linear::gather(w, &s.rows));
        let wr = w.as_deref();
        // Only the demeaned copies are materialised; raw values are read through `rows` (no copy when no
        // singleton was removed).
        let all_rows = s.rows.len() == inp.n();
        let raw = |v: &[f64]| -> Vec<f64> {
            if all_rows {
                v.to_vec()
            } else {
                linear::gather(v, &s.rows)
            }
        };
        let at = |v: &'_ [f64], i: usize| if all_rows { v[i] } else { v[s.rows[i]] };
        let raw_ss: Vec<f64> = inp
            .x
            .iter()
            .map(|c| linear::centred_ss_rows(c.values(), &s.rows, all_rows, wr))
            .collect();
        let y_ss = linear::centred_ss_rows(inp.y.values(), &s.rows, all_rows, wr);

        let mut cols: Vec<(&str, Vec<f64>)> = Vec::with_capacity(inp.x.len() + 1);
        cols.push((inp.y.name(), raw(inp.y.values())));
        cols.extend(inp.x.iter().map(|c| (c.name(), raw(c.values()))));
        let dm = Demeaner::new(&s.fe, wr, self.options);
        dm.demean_all(&mut cols)?;
        let mut cols = cols.into_iter().map(|(_, v)| v);
        let yt = cols.next().unwrap_or_default();
        let xt_all: Vec<Vec<f64>> = cols.collect();

        let names: Vec<String> = inp.x.iter().map(|c| c.name().to_string()).collect();
        let (kept, dropped, gram) = linear::select_regressors(&names, &raw_ss, &xt_all, wr)?;
        let mut xt_all: Vec<Option<Vec<f64>>> = xt_all.into_iter().map(Some).collect();
        let xt: Vec<Vec<f64>> = kept.iter().filter_map(|&j| xt_all[j].take()).collect();
        let x_kept: Vec<&[f64]> = kept.iter().map(|&j| inp.x[j].values()).collect();
        let names: Vec<String> = kept.iter().map(|&j| names[j].clone()).collect();

        let (beta, bread) =
            linear::wls(&xt, &yt, wr, Some(gram)).ok_or_else(|| EconError::AllCollinear {
                dropped: names.clone(),
            })?;
        let e = linear::residual(&yt, &xt, &beta);
        // fixed-effect part d = y − Xβ − e
        let fe_of = |i: usize| {
            let mut d = at(inp.y.values(), i) - e[i];
            for (c, &b) in x_kept.iter().zip(&beta) {
                d -= b * at(c, i);
            }
            d
        };
        #[cfg(feature = "parallel")]
        let fe_part: Vec<f64> = {
            use rayon::prelude::*;
            (0..s.rows.len())
                .into_par_iter()
                .with_min_len(1 << 15)
                .map(fe_of)
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let fe_part: Vec<f64> = (0..s.rows.len()).map(fe_of).collect();

        let ssr = linear::dot_w(&e, &e, wr);
        let r2 = 1.0 - ssr / y_ss;
        let within_r2 = 1.0 - ssr / linear::dot_w(&yt, &yt, wr);

        let k = names.len();
        let mut est = Estimates {
            estimator: Estimator::Ols,
            outcome: inp.y.name().to_string(),
            names,
            beta,
            dropped,
            vcov_name: vcov.name(),
            vcov: DMatrix::zeros(k, k),
            df_k: 0,
            df_t: 0.0,
            coefficients: Vec::new(),
            n_input: inp.n(),
            rows: s.rows,
            singletons: s.singletons,
            separated: 0,
            fe: s.fe,
            r2: Some(r2),
            within_r2: Some(within_r2),
            deviance: None,
            iterations: 1,
            residuals: e.clone(),
            fe_part,
            state: InferenceState {
                xt,
                w,
                e,
                bread,
                estimate_sigma: true,
            },
            options: self.options,
            fixef_k: self.fixef_k,
        };
        est.infer(vcov)?;
        Ok(est)
    }
}

/// Fits OLS with absorbed fixed effects in one call (fixest's `feols`): `Ols::new(..)?.fit(vcov)`.
///
/// # Errors
/// As [`Ols::new`] and [`Ols::fit`].
pub fn feols(
    outcome: Column,
    regressors: Vec<Column>,
    fixed_effects: FixedEffects,
    vcov: &Vcov,
) -> Result<Estimates, EconError> {
    Ols::new(outcome, regressors, fixed_effects)?.fit(vcov)
}
