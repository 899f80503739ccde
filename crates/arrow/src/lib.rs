//! # mfg-quality-arrow
//!
//! Apache Arrow and Parquet interchange for mfg-quality: a [`Panel`](mfg_quality_indicators::Panel) to and
//! from an Arrow [`RecordBatch`](arrow_array::RecordBatch) in the long layout (`unit, indicator, period,
//! value`) or the wide layout (`unit, period, <indicator>…`) of the CSV readers, Parquet files of panels,
//! the tidy table of composite-index [`Results`](mfg_quality_composite::results::Results), and streaming
//! Parquet trade-flow readers feeding the elasticity crate's aggregation ([`trade`]).
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
pub mod error;
pub mod panel;
pub mod parquet;
pub mod results;
pub mod trade;

pub use self::parquet::{
    read_panel_parquet, read_panel_parquet_bytes, write_panel_parquet, write_panel_parquet_bytes,
    write_panel_parquet_wide, write_panel_parquet_wide_bytes,
};
pub use error::{ArrowError, Result};

// The crate README's example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
pub use panel::{
    panel_from_long_batch, panel_from_long_batches, panel_from_wide_batch, panel_from_wide_batches,
    panel_to_long_batch, panel_to_wide_batch,
};
pub use results::{results_to_batch, write_results_parquet, write_results_parquet_bytes};
pub use trade::{
    read_cells_parquet, read_cells_parquet_bytes, read_flows_parquet, read_flows_parquet_bytes,
};
