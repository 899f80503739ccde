//! Variance-based (Sobol) global sensitivity analysis, generic over a model closure: the
//! [`mfg_quality_sensitivity::sobol`] analysis, re-exported under the names this crate has always used.
//!
//! The design (Saltelli 2010 on Owen-scrambled Sobol points), the estimators (Saltelli 2010 first order,
//! Jansen 1999 total, Saltelli 2002 second order, centred outputs and population variance as SALib), the
//! bootstrap intervals, the smallest accepted `N` and the warnings of a too-small sample are documented in
//! [`mfg_quality_sensitivity::sobol`]; the marginals in [`mfg_quality_sensitivity::marginal`]. The types
//! here are that crate's: a [`SobolDesign`]'s methods return
//! [`SensitivityError`](mfg_quality_sensitivity::SensitivityError), which converts into
//! [`CompositeError`](crate::CompositeError) with `?` (a design-level variant maps onto this crate's
//! variant of the same meaning — `EmptyChoices`, `InvalidProbabilities`, `InvalidFactor`, `ZeroVariance`,
//! `NonFiniteOutput`, `OutputLength`, `ModelFailed`, `Cancelled`, `TooFew`, `InvalidParameter` — and any
//! other is kept whole in [`CompositeError::Sensitivity`](crate::CompositeError::Sensitivity)).
//!
//! [`Interval`] is the Sobol bootstrap interval
//! ([`BootstrapInterval`](mfg_quality_sensitivity::sobol::BootstrapInterval)), not the common result's.
//!
//! # Example: the Ishigami function
//! ```
//! use mfg_quality_composite::sensitivity::{Marginal, SobolDesign, SobolInput, SobolSettings};
//! use std::f64::consts::PI;
//!
//! let inputs = ["x1", "x2", "x3"]
//!     .map(|n| SobolInput::new(n, Marginal::Uniform { lo: -PI, hi: PI }))
//!     .to_vec();
//! let design = SobolDesign::new(inputs, SobolSettings { n: 1024, ..Default::default() })?;
//! let ishigami = |x: &[f64]| x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin();
//! let s = design.run(ishigami)?;
//! // analytic values (Saltelli et al. 2008): S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437
//! assert!((s.first[0].value - 0.3139).abs() < 0.05 && (s.total[2].value - 0.2437).abs() < 0.05);
//! # Ok::<(), mfg_quality_composite::CompositeError>(())
//! ```

mod chunks;

pub use chunks::Control;
pub(crate) use chunks::run_chunks;
pub use mfg_quality_sensitivity::marginal::{
    Mapper, Marginal, PROBABILITY_TOLERANCE, choose, cumulative,
};
pub use mfg_quality_sensitivity::sobol::{
    Bootstrap, BootstrapInterval as Interval, CiMethod, Estimate, MAX_DIMENSIONS, MAX_POINTS,
    SecondOrder, SobolDesign, SobolGroup, SobolIndices, SobolInput, SobolSettings, SobolWarning,
};
