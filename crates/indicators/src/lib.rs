//! # mfg-quality-indicators
//!
//! Core types of the `mfg-quality` library: what an indicator is, how indicators are organised into a
//! framework (index → pillars → indicators), and how their values are held (a panel of units × indicators ×
//! periods).
//!
//! | module | what it offers |
//! |---|---|
//! | [`indicator`] | [`Indicator`] (bilingual name, unit, [`Polarity`], formula, source) |
//! | [`framework`] | [`Framework`], a validated tree with weights and aggregation keys; effective weights |
//! | [`panel`] | [`Panel`], dense column-major `f64` with a missing mask; [`Unit`] metadata |
//! | [`stats`] | means, variances, quantiles, ranks (tie methods), Pearson and Spearman correlation |
//! | [`io`] | panels from/to long and wide CSV (fast, errors with file, line, column); frameworks from/to JSON and COINr-style metadata CSV |
//! | [`catalogue`] | built-in frameworks: Manufacturing Power Index, provincial MQCI, the paper's current and micro quality-efficiency indicators; MPI tiers, MQCI score bands |
//! | [`formulas`] | pass rates, export non-conformity rate, quality loss rate, quality contribution rate, cost-expense profit rate, CAGR, growth, share, ratio |
//! | [`paper`] | the seed paper's numbers (Fig. 3, Fig. 4, unit values, shares, …) embedded with their sources; Fig. 3/4 as panels |
//! | [`error`] | [`IndicatorsError`], naming file, line, column, unit and indicator |
#![deny(missing_docs)]

pub mod catalogue;
pub mod error;
pub mod formulas;
pub mod framework;
pub mod indicator;
pub mod io;
pub mod panel;
pub mod paper;
pub mod stats;

pub use error::{ErrorKind, IndicatorsError, Result};
pub use framework::{FlatNode, Framework, Node, NodeId, NodeKind, NodeSpec};
pub use indicator::{Indicator, Polarity};
pub use panel::{Cell, Panel, PanelBuilder, PanelData, Period, Unit};

/// The main types and functions in one import: `use mfg_quality_indicators::prelude::*;`.
///
/// Every crate of the workspace has a prelude of the same kind; their names do not clash, so they can be
/// glob-imported together (the facade `mfg_quality::prelude` is their union).
pub mod prelude {
    pub use crate::error::IndicatorsError;
    pub use crate::framework::{Framework, NodeId, NodeSpec};
    pub use crate::indicator::{Indicator, Polarity};
    pub use crate::io::{
        CsvOptions, read_long_csv, read_long_csv_str, read_wide_csv, read_wide_csv_str,
        write_long_csv, write_wide_csv,
    };
    pub use crate::panel::{Panel, PanelBuilder, Period, Unit};
    pub use crate::stats::{RankOrder, TieMethod, VarianceKind};
}
