//! Global sensitivity analysis of any model: a closure from a factor vector to one or more outputs.
//!
//! Nothing here is specific to composite indices; `mfg-quality-composite`'s uncertainty module analyses its
//! pipelines through this crate.
//!
//! # One result shape
//! Every method returns a [`SensitivityResult`]: the method, the factor and output names, and a list of
//! [`IndexEstimate`]s (factor, output, [`Measure`], estimate, optional confidence interval).
//! [`SensitivityResult::write_csv_str`] gives the tidy table (one row per factor × output × measure).
//!
//! # Errors
//! [`SensitivityError`]: bad settings are refused when a design is built; data-dependent failures (a
//! non-finite model output, naming the sample) when it is evaluated or analysed. `kind()` maps every variant
//! onto the workspace's shared [`ErrorKind`](mfg_quality_indicators::ErrorKind).

pub mod error;
pub mod result;
pub mod test_functions;

pub use error::{Result, SensitivityError};
pub use result::{IndexEstimate, Interval, Measure, Method, SensitivityResult};
