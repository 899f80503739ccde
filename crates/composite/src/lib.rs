//! # mfg-quality-composite
//!
//! The composite-index pipeline of the OECD/JRC *Handbook on Constructing Composite Indicators* (2008):
//! screen → impute → treat outliers → normalise → weight → aggregate over a [`Framework`] hierarchy, with
//! ranks, contributions, multivariate analysis, Monte Carlo uncertainty and Sobol sensitivity analysis.
//!
//! [`Framework`]: mfg_quality_indicators::Framework
#![deny(missing_docs)]

pub mod aggregate;
pub mod analysis;
pub mod error;
pub mod impute;
pub mod normalise;
pub mod pca;
pub mod pipeline;
pub mod results;
pub mod screen;
pub mod sensitivity;
pub mod treat;
pub mod uncertainty;
pub mod weights;

pub use error::{CompositeError, Result};
