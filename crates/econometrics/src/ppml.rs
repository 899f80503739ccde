//! Poisson pseudo-maximum likelihood with absorbed fixed effects (fixest's `fepois`, Santos Silva &
//! Tenreyro 2006 for gravity models; Correia, Guimarães & Zylkin 2020 for the algorithm).

use nalgebra::DMatrix;

use crate::demean::Demeaner;
use crate::linear::{self, Column, Inputs};
use crate::results::InferenceState;
use crate::vcov::FixefK;
use crate::{DemeanOptions, EconError, Estimates, Estimator, FixedEffects, Vcov};

/// A Poisson model `E[y | x] = exp(xβ + Dα)` for a non-negative outcome (counts or trade flows), fitted by
/// iteratively re-weighted least squares (IRLS) with the fixed effects absorbed in every step.
///
/// Algorithm (as pyfixest and fixest): start from `μ = (y + ȳ)/2`; repeat: working outcome
/// `z = η + (y − μ)/μ`, weights `ωᵢ = wᵢμᵢ`; demean `z` and `X` with weights `ω`; `β = (X̃′ΩX̃)⁻¹X̃′Ωz̃`;
/// `η = z − (z̃ − X̃β)`, `μ = exp(η)`; stop when the deviance `dev = 2Σwᵢ[yᵢ ln(yᵢ/μᵢ) − (yᵢ − μᵢ)]` changes
/// by less than `tolerance · (0.1 + |dev|)`.
///
/// Before fitting, observations in a fixed-effect level whose outcomes are all zero are removed (separation:
/// their fixed effect would be −∞; the "fe" check of ppmlhdfe and pyfixest), then singletons, repeatedly.
#[derive(Debug, Clone, PartialEq)]
pub struct Ppml {
    inputs: Inputs,
    options: DemeanOptions,
    fixef_k: FixefK,
    tolerance: f64,
    max_iterations: usize,
}

impl Ppml {
    /// Validates the columns as [`crate::Ols::new`] does and that the outcome is non-negative.
    ///
    /// # Errors
    /// As [`crate::Ols::new`], and [`EconError::NegativeOutcome`].
    pub fn new(
        outcome: Column,
        regressors: Vec<Column>,
        fixed_effects: FixedEffects,
    ) -> Result<Self, EconError> {
        let inputs = Inputs::new(outcome, regressors, fixed_effects)?;
        if let Some(row) = inputs.y.values().iter().position(|&v| v < 0.0) {
            return Err(EconError::NegativeOutcome {
                column: inputs.y.name().to_string(),
                row,
                value: inputs.y.values()[row],
            });
        }
        Ok(Self {
            inputs,
            options: DemeanOptions::default(),
            fixef_k: FixefK::Nested,
            tolerance: 1e-10,
            max_iterations: 100,
        })
    }

    /// Observation weights `w` (the pseudo-likelihood `Σwᵢ(yᵢηᵢ − μᵢ)`).
    ///
    /// # Errors
    /// [`EconError::LengthMismatch`], [`EconError::InvalidWeight`], [`EconError::TooLarge`].
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

    /// Sets the IRLS tolerance on the relative deviance change (default `1e-10`) and the iteration limit
    /// (default 100).
    ///
    /// # Errors
    /// [`EconError::InvalidParameter`] unless `0 < tolerance < 1` and `max_iterations ≥ 1`.
    pub fn convergence(mut self, tolerance: f64, max_iterations: usize) -> Result<Self, EconError> {
        let o = DemeanOptions::new(tolerance, max_iterations)?;
        self.tolerance = o.tolerance();
        self.max_iterations = o.max_iterations();
        Ok(self)
    }

    /// Fits the model and computes the variance with `vcov` (iid: `(N − 1)/(N − K) · (X̃′ΩX̃)⁻¹`; see
    /// [`crate::vcov`]).
    ///
    /// # Errors
    /// As [`crate::Ols::fit`], and [`EconError::PpmlNotConverged`] with the iterations and tolerance.
    pub fn fit(&self, vcov: &Vcov) -> Result<Estimates, EconError> {
        let inp = &self.inputs;
        let s = linear::sample(inp, Some(inp.y.values()))?;
        let n = s.rows.len();
        let uw = inp.weights.as_ref().map(|w| linear::gather(w, &s.rows));
        let y = linear::gather(inp.y.values(), &s.rows);
        let x: Vec<Vec<f64>> = inp
            .x
            .iter()
            .map(|c| linear::gather(c.values(), &s.rows))
            .collect();
        let names_all: Vec<String> = inp.x.iter().map(|c| c.name().to_string()).collect();

        let ybar = y.iter().sum::<f64>() / n as f64;
        let mut mu: Vec<f64> = y.iter().map(|&v| (v + ybar) / 2.0).collect();
        let mut eta: Vec<f64> = mu.iter().map(|m| m.ln()).collect();
        let mut last = deviance(&y, &mu, uw.as_deref());
        let mut kept: Option<(Vec<usize>, Vec<String>)> = None;
        let mut omega = vec![0.0; n];
        let mut z = vec![0.0; n];
        let mut change = f64::INFINITY;
        for iter in 1..=self.max_iterations {
            for i in 0..n {
                z[i] = eta[i] + y[i] / mu[i] - 1.0;
                omega[i] = mu[i] * uw.as_ref().map_or(1.0, |w| w[i]);
            }
            let sel: Vec<usize> = kept
                .as_ref()
                .map_or_else(|| (0..x.len()).collect(), |(k, _)| k.clone());
            let mut cols: Vec<(&str, Vec<f64>)> = Vec::with_capacity(sel.len() + 1);
            cols.push((inp.y.name(), z.clone()));
            cols.extend(sel.iter().map(|&j| (inp.x[j].name(), x[j].clone())));
            let dm = Demeaner::new(&s.fe, Some(&omega), self.options);
            dm.demean_all(&mut cols)?;
            let mut it = cols.into_iter().map(|(_, v)| v);
            let zt = it.next().unwrap_or_default();
            let mut xt: Vec<Vec<f64>> = it.collect();
            if kept.is_none() {
                let raw_ss: Vec<f64> = x
                    .iter()
                    .map(|c| linear::centred_ss(c, Some(&omega)))
                    .collect();
                let (k, d, _) = linear::select_regressors(&names_all, &raw_ss, &xt, Some(&omega))?;
                let mut all: Vec<Option<Vec<f64>>> = xt.into_iter().map(Some).collect();
                xt = k.iter().filter_map(|&j| all[j].take()).collect();
                kept = Some((k, d));
            }
            let (beta, bread) = linear::wls(&xt, &zt, Some(&omega), None).ok_or_else(|| {
                EconError::AllCollinear {
                    dropped: names_all.clone(),
                }
            })?;
            let resid = linear::residual(&zt, &xt, &beta);
            for i in 0..n {
                eta[i] = z[i] - resid[i];
                mu[i] = eta[i].exp();
            }
            let dev = deviance(&y, &mu, uw.as_deref());
            change = (dev - last).abs() / (0.1 + last.abs());
            last = dev;
            if change < self.tolerance {
                let (k, dropped) = kept.unwrap_or_default();
                let names: Vec<String> = k.iter().map(|&j| names_all[j].clone()).collect();
                let mut fe_part = eta.clone();
                for (&j, &b) in k.iter().zip(&beta) {
                    fe_part.iter_mut().zip(&x[j]).for_each(|(d, x)| *d -= b * x);
                }
                let kk = names.len();
                let mut est = Estimates {
                    estimator: Estimator::Ppml,
                    outcome: inp.y.name().to_string(),
                    names,
                    beta,
                    dropped,
                    vcov_name: vcov.name(),
                    vcov: DMatrix::zeros(kk, kk),
                    df_k: 0,
                    df_t: 0.0,
                    coefficients: Vec::new(),
                    n_input: inp.n(),
                    rows: s.rows,
                    singletons: s.singletons,
                    separated: s.separated,
                    fe: s.fe,
                    r2: None,
                    within_r2: None,
                    deviance: Some(dev),
                    iterations: iter,
                    residuals: y.iter().zip(&mu).map(|(y, m)| y - m).collect(),
                    fe_part,
                    state: InferenceState {
                        xt,
                        w: Some(omega),
                        e: resid,
                        bread,
                        estimate_sigma: false,
                    },
                    options: self.options,
                    fixef_k: self.fixef_k,
                };
                est.infer(vcov)?;
                return Ok(est);
            }
        }
        Err(EconError::PpmlNotConverged {
            iterations: self.max_iterations,
            tolerance: self.tolerance,
            last_change: change,
        })
    }
}

/// Poisson deviance `2Σwᵢ[yᵢ ln(yᵢ/μᵢ) − (yᵢ − μᵢ)]`, the `y ln y` term 0 at `y = 0`.
fn deviance(y: &[f64], mu: &[f64], w: Option<&[f64]>) -> f64 {
    let mut d = 0.0;
    for (i, (&yi, &mi)) in y.iter().zip(mu).enumerate() {
        let t = if yi > 0.0 { yi * (yi / mi).ln() } else { 0.0 } - (yi - mi);
        d += w.map_or(1.0, |w| w[i]) * t;
    }
    2.0 * d
}
