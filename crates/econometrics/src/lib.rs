//! Linear and Poisson regressions with absorbed multi-way fixed effects, with inference as fixest counts it.
//!
//! What the crate offers:
//!
//! * [`Ols`] / [`feols`]: least squares `y = Xβ + Dα + e` with any number of absorbed fixed effects
//!   ([`FixedEffects`]), including interactions ([`Factor::interaction`], fixest's `a^b^c`), optional
//!   weights. Singletons are removed (repeatedly) and counted, regressors absorbed by the fixed effects are an
//!   error ([`EconError::AbsorbedByFixedEffects`]), regressors collinear with earlier ones are dropped and
//!   named ([`Estimates::dropped`]).
//! * [`Ppml`]: Poisson pseudo-maximum likelihood with the same fixed effects for gravity-style models, with
//!   the fixed-effect separation check ([`Estimates::separated_removed`]).
//! * [`Vcov`]: `iid`, `hetero` (HC1) and `cluster` (CR1, one- or two-way) with fixest's small-sample
//!   corrections; every formula is stated in [`vcov`].
//! * [`Estimates`]: coefficients, standard errors, t, p, confidence intervals, `N`, degrees of freedom, R² and
//!   within R², fixed-effect level counts, residuals, recovered fixed effects, and a tidy [`Table`] with
//!   [`Table::to_csv`].
//!
//! The fixed effects are absorbed by the method of alternating projections with Irons–Tuck acceleration (the
//! algorithm of fixest, [`demean`]): with one fixed effect one exact sweep per column; with several, the
//! sweeps run on the fixed-effect coefficients of all columns at once (one pass over the observations per
//! factor, in parallel chunks with the default `parallel` feature, results identical at any thread count),
//! and for two fixed effects that converge slowly on their cross-tabulation. [`absorb`] exposes the within
//! transformation of one column on its own. There is no reported intercept: it is absorbed by the fixed
//! effects (for a model without fixed effects, absorb a factor with a single level, which counts as the
//! intercept in `K`).
//!
//! Agreement with pyfixest (coefficients, standard errors of each variance type, with 1, 2 and 3 fixed
//! effects, interactions and weights, OLS and PPML) is checked by the golden tests of this crate.
//!
//! ```
//! use mfg_quality_econometrics::{Column, Factor, FixedEffects, Ols, Vcov};
//!
//! # fn main() -> Result<(), mfg_quality_econometrics::EconError> {
//! // 4 firms × 3 years, y = 2x + firm effect + year effect + noise
//! let firm: Vec<u32> = (0..12).map(|i| i / 3).collect();
//! let year: Vec<u32> = (0..12).map(|i| i % 3).collect();
//! let x: Vec<f64> = (0..12).map(|i| ((i * 7) % 5) as f64).collect();
//! let noise = [0.1, -0.2, 0.05, 0.0, 0.15, -0.1, 0.2, -0.05, 0.0, -0.15, 0.1, 0.05];
//! let y: Vec<f64> = (0..12)
//!     .map(|i| 2.0 * x[i] + firm[i] as f64 + 0.5 * year[i] as f64 + noise[i])
//!     .collect();
//!
//! let fe = FixedEffects::new(vec![Factor::new("firm", &firm)?, Factor::new("year", &year)?])?;
//! let fit = Ols::new(Column::new("y", y), vec![Column::new("x", x)], fe)?
//!     .fit(&Vcov::cluster(Factor::new("firm", &firm)?))?;
//! let b = &fit.coefficients()[0];
//! assert!((b.estimate - 2.0).abs() < 0.1);
//! assert_eq!(fit.nobs(), 12);
//! assert_eq!(fit.fixed_effect_levels(), vec![("firm", 4), ("year", 3)]);
//! println!("{}", fit.table(0.95).write_csv_str());
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

pub mod demean;
mod error;
mod factor;
mod linear;
mod ols;
mod ppml;
mod results;
mod table;
pub mod vcov;

pub use demean::{Absorbed, DemeanOptions, absorb};
pub use error::{EconError, MAGNITUDE_LIMIT};
pub use factor::{Factor, FixedEffects};
pub use linear::Column;
pub use ols::{Ols, feols};
pub use ppml::Ppml;
pub use results::{Coefficient, Estimates, Estimator, FixedEffectValues};
pub use table::Table;
pub use vcov::{Clusters, FixefK, Vcov};

/// The main types and functions in one import: `use mfg_quality_econometrics::prelude::*;` (also part of
/// `mfg_quality::prelude`).
///
/// [`Factor`] and [`Ols`] are not in it: the composite crate's uncertainty `Factor` and the regional crate's
/// `Ols` carry the same names in their preludes, and every prelude of the workspace can be glob-imported
/// together. Name them by path (`mfg_quality_econometrics::Factor`), or call [`feols`].
pub mod prelude {
    pub use crate::{Column, EconError, Estimates, FixedEffects, Ppml, Table, Vcov, feols};
}
