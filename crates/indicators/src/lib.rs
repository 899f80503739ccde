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
//! | [`error`] | [`IndicatorsError`], naming file, line, column, unit and indicator |
#![deny(missing_docs)]

pub mod error;
pub mod framework;
pub mod indicator;
pub mod panel;
pub mod stats;

pub use error::{IndicatorsError, Result};
pub use framework::{FlatNode, Framework, Node, NodeId, NodeKind, NodeSpec};
pub use indicator::{Indicator, Polarity};
pub use panel::{Cell, Panel, PanelBuilder, PanelData, Period, Unit};
