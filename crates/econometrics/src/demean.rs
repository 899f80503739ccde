//! Demeaning by alternating projections with Irons–Tuck acceleration (the method of fixest).
//!
//! For fixed effects `D = [D₁ … D_Q]` and weights `W`, the within transformation of a column `x` is the
//! residual of its weighted projection on the span of `D`, `x̃ = x − D(D′WD)⁻D′Wx`. One projection on a single
//! factor `q` subtracts the weighted level means, `P_q x = D_q (D_q′WD_q)⁻¹ D_q′W x`, computed as a scatter-add
//! of `wᵢxᵢ` into the level sums, a division by the level weights and a subtraction, in place. A sweep is
//! `T = (I − P_Q)…(I − P₁)`; the method of alternating projections (von Neumann–Halperin) iterates
//! `x ← T x`, which converges to `x̃`. With one factor a single sweep is exact.
//!
//! Irons & Tuck (1969) acceleration, as in fixest (Bergé 2018): from `x`, `T x`, `T² x` take
//! `δ₁ = T²x − Tx`, `δ₂ = T²x − 2Tx + x` and jump to `T²x − (δ₁·δ₂ / δ₂·δ₂) δ₁`, an affine combination of the
//! iterates (so it stays in `x + span(D)`). Iteration stops when a sweep changes no element by more than
//! `tolerance · max(1, maxᵢ|xᵢ|)`.

use crate::{EconError, Factor};

/// Settings of the demeaning iterations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemeanOptions {
    tolerance: f64,
    max_iterations: usize,
}

impl Default for DemeanOptions {
    /// Tolerance `1e-12` (relative to the column's largest magnitude), at most 10 000 accelerated iterations.
    fn default() -> Self {
        Self {
            tolerance: 1e-12,
            max_iterations: 10_000,
        }
    }
}

impl DemeanOptions {
    /// Validates `0 < tolerance < 1` and `max_iterations ≥ 1`.
    ///
    /// # Errors
    /// [`EconError::InvalidParameter`].
    pub fn new(tolerance: f64, max_iterations: usize) -> Result<Self, EconError> {
        if !(tolerance > 0.0 && tolerance < 1.0) {
            return Err(EconError::InvalidParameter {
                parameter: "tolerance",
                value: tolerance,
                reason: "must lie in (0, 1)",
            });
        }
        if max_iterations == 0 {
            return Err(EconError::InvalidParameter {
                parameter: "max_iterations",
                value: 0.0,
                reason: "must be ≥ 1",
            });
        }
        Ok(Self {
            tolerance,
            max_iterations,
        })
    }

    /// The relative tolerance.
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// The iteration limit.
    pub fn max_iterations(&self) -> usize {
        self.max_iterations
    }
}

/// The fixed effects of an estimation sample with the inverse level weights for one weight vector.
pub(crate) struct Demeaner<'a> {
    factors: &'a [Factor],
    weights: Option<&'a [f64]>,
    inv_level_weight: Vec<Vec<f64>>,
    options: DemeanOptions,
}

impl<'a> Demeaner<'a> {
    pub(crate) fn new(
        factors: &'a [Factor],
        weights: Option<&'a [f64]>,
        options: DemeanOptions,
    ) -> Self {
        let inv_level_weight = factors
            .iter()
            .map(|f| {
                let mut s = vec![0.0; f.levels()];
                match weights {
                    Some(w) => f
                        .codes()
                        .iter()
                        .zip(w)
                        .for_each(|(&c, &wi)| s[c as usize] += wi),
                    None => f.codes().iter().for_each(|&c| s[c as usize] += 1.0),
                }
                s.iter_mut().for_each(|v| *v = 1.0 / *v);
                s
            })
            .collect();
        Self {
            factors,
            weights,
            inv_level_weight,
            options,
        }
    }

    /// `x ← x − P_q x`; `sums` has the factor's number of levels. Returns the level means subtracted in `sums`.
    fn project(&self, q: usize, x: &mut [f64], sums: &mut [f64]) {
        let codes = self.factors[q].codes();
        sums.fill(0.0);
        match self.weights {
            Some(w) => {
                for ((&c, &xi), &wi) in codes.iter().zip(x.iter()).zip(w) {
                    sums[c as usize] += wi * xi;
                }
            }
            None => {
                for (&c, &xi) in codes.iter().zip(x.iter()) {
                    sums[c as usize] += xi;
                }
            }
        }
        for (s, &iw) in sums.iter_mut().zip(&self.inv_level_weight[q]) {
            *s *= iw;
        }
        for (&c, xi) in codes.iter().zip(x.iter_mut()) {
            *xi -= sums[c as usize];
        }
    }

    fn sweep(&self, x: &mut [f64], sums: &mut [Vec<f64>]) {
        for (q, s) in sums.iter_mut().enumerate() {
            self.project(q, x, s);
        }
    }

    fn level_buffers(&self) -> Vec<Vec<f64>> {
        self.factors.iter().map(|f| vec![0.0; f.levels()]).collect()
    }

    /// Demeans `x` in place; returns the number of iterations.
    pub(crate) fn demean(&self, name: &str, x: &mut [f64]) -> Result<usize, EconError> {
        let mut sums = self.level_buffers();
        if self.factors.len() == 1 {
            self.sweep(x, &mut sums);
            return Ok(1);
        }
        let scale = x.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
        let tol = self.options.tolerance * scale;
        let mut x1 = vec![0.0; x.len()];
        let mut x2 = vec![0.0; x.len()];
        for iter in 1..=self.options.max_iterations {
            x1.copy_from_slice(x);
            self.sweep(&mut x1, &mut sums);
            x2.copy_from_slice(&x1);
            self.sweep(&mut x2, &mut sums);
            let (mut d1d2, mut d2d2, mut step) = (0.0, 0.0, 0.0_f64);
            for ((&a0, &a1), &a2) in x.iter().zip(&x1).zip(&x2) {
                let d1 = a2 - a1;
                let d2 = d1 - (a1 - a0);
                d1d2 += d1 * d2;
                d2d2 += d2 * d2;
                step = step.max(d1.abs());
            }
            if step <= tol || d2d2 <= 0.0 {
                x.copy_from_slice(&x2);
                return Ok(iter);
            }
            let r = d1d2 / d2d2;
            for ((xi, &a1), &a2) in x.iter_mut().zip(&x1).zip(&x2) {
                *xi = a2 - r * (a2 - a1);
            }
        }
        Err(EconError::DemeaningNotConverged {
            column: name.to_string(),
            iterations: self.options.max_iterations,
            tolerance: self.options.tolerance,
        })
    }

    /// Demeans every column (in parallel with the `parallel` feature).
    pub(crate) fn demean_all(&self, columns: &mut [(&str, Vec<f64>)]) -> Result<(), EconError> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            columns
                .par_iter_mut()
                .try_for_each(|(name, c)| self.demean(name, c).map(|_| ()))
        }
        #[cfg(not(feature = "parallel"))]
        {
            columns
                .iter_mut()
                .try_for_each(|(name, c)| self.demean(name, c).map(|_| ()))
        }
    }

    /// Recovers fixed-effect values `α_q` with `D α = d` for `d` in the span of `D` (plain alternating
    /// projections accumulating the subtracted level means). Normalisation as fixest: the first level of
    /// every factor after the first is zero, its value moved into the first factor.
    pub(crate) fn recover(&self, mut d: Vec<f64>) -> Vec<Vec<f64>> {
        let mut sums = self.level_buffers();
        let mut alpha = self.level_buffers();
        let scale = d.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
        let tol = self.options.tolerance * scale;
        for _ in 0..self.options.max_iterations.max(1) {
            let mut step = 0.0_f64;
            for q in 0..self.factors.len() {
                self.project(q, &mut d, &mut sums[q]);
                for (a, &s) in alpha[q].iter_mut().zip(&sums[q]) {
                    *a += s;
                    step = step.max(s.abs());
                }
            }
            if step <= tol {
                break;
            }
        }
        let (first, rest) = alpha.split_at_mut(1);
        for a in rest {
            if let Some(&shift) = a.first() {
                a.iter_mut().for_each(|v| *v -= shift);
                first[0].iter_mut().for_each(|v| *v += shift);
            }
        }
        alpha
    }
}

/// The within transformation of one column by [`absorb`]: the residual of its projection on the fixed
/// effects, on the estimation sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Absorbed {
    values: Vec<f64>,
    in_sample: Vec<bool>,
    singletons: usize,
    iterations: usize,
}

impl Absorbed {
    /// The demeaned values, aligned with the input rows; rows outside the estimation sample (singletons)
    /// hold 0 and are flagged by [`Absorbed::in_sample`].
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The demeaned values, consumed (no copy).
    pub fn into_values(self) -> Vec<f64> {
        self.values
    }

    /// Whether each input row is in the estimation sample (false for singletons of a fixed effect).
    pub fn in_sample(&self) -> &[bool] {
        &self.in_sample
    }

    /// Rows removed as singletons (repeatedly, as fixest).
    pub fn singletons_removed(&self) -> usize {
        self.singletons
    }

    /// Accelerated iterations used (1 with a single fixed effect, where one sweep is exact).
    pub fn iterations(&self) -> usize {
        self.iterations
    }
}

/// Absorbs the fixed effects from one column without a regression: `x̃ = x − D(D′WD)⁻D′Wx` on the sample
/// left after removing singletons repeatedly (the outcome side of `feols(x ~ 1 | fe)`; its residuals).
///
/// Memory: the column is demeaned in place (it is consumed and returned); besides it, one byte per row
/// for the sample flags and, with several fixed effects, two more columns of the sample for the Irons–Tuck
/// iterates. With a single fixed effect the singletons' residuals are exactly 0 and the other levels are
/// unaffected by them, so no compacted copy is made; with several, the sample is gathered first.
///
/// ```
/// use mfg_quality_econometrics::{absorb, DemeanOptions, Factor, FixedEffects};
/// let g = Factor::new("g", &[0, 0, 1, 1, 2]).unwrap();
/// let a = absorb("x", vec![1.0, 3.0, 5.0, 9.0, 4.0], &FixedEffects::new(vec![g]).unwrap(), None,
///     DemeanOptions::default()).unwrap();
/// assert_eq!(a.values(), &[-1.0, 1.0, -2.0, 2.0, 0.0]);
/// assert_eq!(a.in_sample(), &[true, true, true, true, false]);
/// assert_eq!(a.singletons_removed(), 1);
/// ```
///
/// # Errors
/// [`EconError::LengthMismatch`] for a column or weights of another length than the fixed effects,
/// [`EconError::NonFinite`] / [`EconError::InvalidWeight`] for a bad value or weight,
/// [`EconError::AllSingletons`] when no row is left, [`EconError::DemeaningNotConverged`].
pub fn absorb(
    name: &str,
    mut values: Vec<f64>,
    fixed_effects: &crate::FixedEffects,
    weights: Option<&[f64]>,
    options: DemeanOptions,
) -> Result<Absorbed, EconError> {
    let n = fixed_effects.len();
    for (what, len) in [
        (name, values.len()),
        ("weights", weights.map_or(n, <[f64]>::len)),
    ] {
        if len != n {
            return Err(EconError::LengthMismatch {
                what: what.to_string(),
                found: len,
                expected: n,
            });
        }
    }
    if let Some(row) = values.iter().position(|v| !v.is_finite()) {
        return Err(EconError::NonFinite {
            column: name.to_string(),
            row,
            value: values[row],
        });
    }
    if let Some(w) = weights
        && let Some(row) = w.iter().position(|v| !(v.is_finite() && *v > 0.0))
    {
        return Err(EconError::InvalidWeight { row, value: w[row] });
    }
    let factors = fixed_effects.factors();
    let mut in_sample = vec![true; n];
    let singletons = crate::factor::drop_singletons(factors, &mut in_sample);
    if singletons == n {
        return Err(EconError::AllSingletons { n_obs: n });
    }
    let iterations = if singletons == 0 || factors.len() == 1 {
        let it = Demeaner::new(factors, weights, options).demean(name, &mut values)?;
        for (v, &k) in values.iter_mut().zip(&in_sample) {
            if !k {
                *v = 0.0;
            }
        }
        it
    } else {
        let rows: Vec<usize> = (0..n).filter(|&i| in_sample[i]).collect();
        let sub: Vec<Factor> = factors.iter().map(|f| f.subset(&rows)).collect();
        let w: Option<Vec<f64>> = weights.map(|w| rows.iter().map(|&r| w[r]).collect());
        let mut x: Vec<f64> = rows.iter().map(|&r| values[r]).collect();
        let it = Demeaner::new(&sub, w.as_deref(), options).demean(name, &mut x)?;
        values.iter_mut().for_each(|v| *v = 0.0);
        for (&r, v) in rows.iter().zip(x) {
            values[r] = v;
        }
        it
    };
    Ok(Absorbed {
        values,
        in_sample,
        singletons,
        iterations,
    })
}
