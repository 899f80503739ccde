//! # mfg-quality
//!
//! Measuring manufacturing quality upgrading ("Big Quality"): indicators, quality elasticity from trade data,
//! composite indices with uncertainty and sensitivity analysis, and regional analysis.
//!
//! | module | crate |
//! |---|---|
//! | [`indicators`] | `mfg-quality-indicators`: indicators, frameworks, panels, catalogues, the paper dataset |
//! | [`elasticity`] | `mfg-quality-elasticity`: unit values, quality segments, industry quality elasticity |
//! | [`composite`] | `mfg-quality-composite`: the OECD/JRC composite-index pipeline, uncertainty, sensitivity |
//! | [`regional`] | `mfg-quality-regional`: regions, group statistics, inequality, convergence |
#![deny(missing_docs)]

pub use mfg_quality_composite as composite;
pub use mfg_quality_elasticity as elasticity;
pub use mfg_quality_indicators as indicators;
pub use mfg_quality_regional as regional;

/// The most used types, for `use mfg_quality::prelude::*;`.
pub mod prelude {
    pub use mfg_quality_indicators::{
        Framework, Indicator, IndicatorsError, NodeSpec, Panel, Period, Polarity, Unit,
    };
}
