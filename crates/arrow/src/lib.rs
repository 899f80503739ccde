//! # mfg-quality-arrow
//!
//! Apache Arrow and Parquet interchange for mfg-quality: a [`Panel`](mfg_quality_indicators::Panel) to and
//! from an Arrow [`RecordBatch`](arrow_array::RecordBatch) in the long layout (`unit, indicator, period,
//! value`) or the wide layout (`unit, period, <indicator>…`) of the CSV readers, Parquet files of panels,
//! results as tidy record batches with Parquet writers, and streaming Parquet trade-flow readers.
//!
//! | module | what it offers |
//! |---|---|
//! | [`panel`] | `Panel` ↔ record batches, long and wide layouts |
//! | [`parquet`](mod@parquet) | Parquet files of panels: [`read_panel_parquet`], [`write_panel_parquet`], `*_wide`, `*_bytes` |
//! | [`results`] | composite-index [`Results`](mfg_quality_composite::results::Results) (`unit, period, node, score, rank`): [`results_to_batch`], [`write_results_parquet`] |
//! | [`uncertainty`] | Monte Carlo rank bands ([`uncertainty_bands_to_batch`]), mean rank shifts per replication ([`rank_shifts_to_batch`]), sensitivity indices with intervals and names in the common `SensitivityResult` shape ([`sensitivity_to_batch`]), each with `write_*_parquet(_bytes)` |
//! | [`elasticity`] | trade [`Cells`](mfg_quality_elasticity::Cells) ([`cells_to_batch`]), quality segments ([`segments_to_batch`]), industry classes ([`classes_to_batch`]), each with `write_*_parquet(_bytes)` |
//! | [`trade`] | streaming Parquet trade-flow readers into the elasticity crate's typed sinks: [`read_cells_parquet`], [`read_flows_parquet`] (typed columns, no per-row allocation) |
//! | [`error`] | [`ArrowError`] |
//!
//! Missing values are Arrow nulls; a non-null NaN or infinity is an error ([`ArrowError::NonFinite`]).
//!
//! ```
//! use mfg_quality_arrow::{panel_from_long_batch, panel_to_long_batch};
//! use mfg_quality_indicators::{Panel, Unit};
//!
//! let mut b = Panel::builder(vec![Unit::new("CN"), Unit::new("US")], vec!["qe".into()], vec![2015]).unwrap();
//! b.set("CN", "qe", 2015, 12.62).unwrap();
//! let panel = b.build();
//! let batch = panel_to_long_batch(&panel).unwrap();
//! assert_eq!(batch.num_rows(), 2); // US is a null value
//! assert_eq!(panel_from_long_batch(&batch).unwrap(), panel);
//! ```
#![deny(missing_docs)]

mod columns;
pub mod elasticity;
pub mod error;
pub mod panel;
pub mod parquet;
pub mod results;
pub mod trade;
pub mod uncertainty;

pub use self::parquet::{
    read_panel_parquet, read_panel_parquet_bytes, write_panel_parquet, write_panel_parquet_bytes,
    write_panel_parquet_wide, write_panel_parquet_wide_bytes,
};
pub use error::{ArrowError, Result};

// The crate README's example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
pub use elasticity::{
    cells_to_batch, classes_to_batch, segments_to_batch, write_cells_parquet,
    write_cells_parquet_bytes, write_classes_parquet, write_classes_parquet_bytes,
    write_segments_parquet, write_segments_parquet_bytes,
};
pub use panel::{
    panel_from_long_batch, panel_from_long_batches, panel_from_wide_batch, panel_from_wide_batches,
    panel_to_long_batch, panel_to_wide_batch,
};
pub use results::{results_to_batch, write_results_parquet, write_results_parquet_bytes};
pub use trade::{
    read_cells_parquet, read_cells_parquet_bytes, read_flows_parquet, read_flows_parquet_bytes,
};
pub use uncertainty::{
    rank_shifts_to_batch, sensitivity_to_batch, uncertainty_bands_to_batch,
    write_rank_shifts_parquet, write_rank_shifts_parquet_bytes, write_sensitivity_parquet,
    write_sensitivity_parquet_bytes, write_uncertainty_bands_parquet,
    write_uncertainty_bands_parquet_bytes,
};
