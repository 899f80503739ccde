//! # mfg-quality-elasticity
//!
//! The quality dimension of industrial structure from bilateral trade flows (paper §1–2): export unit values
//! as the price/quality signal, products split into up-, medium- and down-market segments, industries
//! classified as quality-sensitive, quality–price neutral or price-sensitive by the elasticity of market share
//! to relative unit value, a country's quality-sensitive share, Aiginger's quadrants, and the shift-share
//! decomposition of quality upgrading into within- and between-industry parts. Built for CEPII BACI scale
//! (~10⁸ flows): columnar storage, streaming aggregation, parallel scans.
//!
//! | module | what it offers |
//! |---|---|
//! | [`flows`] | [`TradeFlow`], columnar [`TradeFlows`] (interned ids), aggregated [`Cells`] per (exporter, product, year) |
//! | [`reader`] | streaming CSV readers (BACI `t,i,j,k,v,q` and named columns), [`reader::LoadReport`], bad-row policy |
//! | [`batch`] | typed column batches (Arrow layout) into cells or flows by the CSV readers' rules: [`batch::CellBuilder`], [`batch::FlowBuilder`] |
//! | [`concordance`] | product-prefix → industry concordances (CSV, built-in HS chapters), strict/lenient |
//! | [`unit_value`] | unit values, world/reference-exporter unit values, relative unit values, industry unit values, gap ratios |
//! | [`segments`] | Fontagné–Gaulier–Zignago (2008) up/medium/down-market segments, value-weighted shares |
//! | [`quality_elasticity`] | per-industry fixed-effects regression of log share on log relative unit value, classes |
//! | [`aiginger`] | Aiginger (1997) quadrants: trade balance × export/import unit-value ratio |
//! | [`structure`] | a country's shares of quality-sensitive / neutral / price-sensitive industries |
//! | [`demand_quality`] | Khandelwal–Schott–Wei (2013) demand-residual quality, its indices and ladders, segments and classes on it |
//! | [`decomposition`] | within / between / interaction shift-share of an aggregate quality measure |
//! | [`synthetic`] | a seeded synthetic world with known true classes |
//! | [`error`] | [`ElasticityError`] |
//!
//! ```
//! use mfg_quality_elasticity::prelude::*;
//! let world = generate(&SyntheticConfig::small(42)).unwrap();
//! let cells = world.flows.cells();
//! let map = world.concordance.map_products(cells.products()).unwrap();
//! let uv = unit_values(&cells, &Reference::default()).unwrap();
//! let seg = segment_cells(&cells, &uv, &SegmentParams::default(), Some(&map)).unwrap();
//! let s = seg.shares("C01", 2010).unwrap();
//! assert!((s.high + s.medium + s.low - 1.0).abs() < 1e-12);
//! let est = estimate(&cells, &uv, &map, &[PooledPeriod::new(2010, 2015)], &ElasticityParams::default()).unwrap();
//! assert_eq!(est.len(), 9);
//! ```
#![deny(missing_docs)]
// Columnar kernels index several parallel columns by the same row index; iterator zips over six columns
// would be less readable and no faster.
#![allow(clippy::needless_range_loop)]

pub mod aiginger;
pub mod batch;
pub mod concordance;
pub mod decomposition;
pub mod demand_quality;
pub mod error;
pub mod flows;
pub mod quality_elasticity;
pub mod reader;
pub mod segments;
pub mod structure;
pub mod synthetic;
pub mod unit_value;

pub use error::{ElasticityError, Result};
pub use flows::{Cells, Dictionary, Side, TradeFlow, TradeFlows};

/// The main types and functions in one import: `use mfg_quality_elasticity::prelude::*;`.
///
/// Every crate of the workspace has a prelude of the same kind; their names do not clash, so they can be
/// glob-imported together (the facade `mfg_quality::prelude` is their union). The pooled regression
/// period [`quality_elasticity::Period`] is exported as `PooledPeriod`, since `Period` is the year of a
/// panel (`mfg_quality_indicators::Period`).
pub mod prelude {
    pub use crate::aiginger::{Quadrant, ShareBasis, quadrants};
    pub use crate::concordance::{Concordance, Mode};
    pub use crate::decomposition::ShiftShare;
    pub use crate::error::ElasticityError;
    pub use crate::flows::{Cells, Side, TradeFlow, TradeFlows};
    pub use crate::quality_elasticity::{
        ElasticityParams, Period as PooledPeriod, QualityClass, Response, estimate,
    };
    pub use crate::reader::{
        BadRowPolicy, CsvLayout, DuplicatePolicy, ReadOptions, read_cells, read_flows,
    };
    pub use crate::segments::{Segment, SegmentParams, segment_cells, segment_flows};
    pub use crate::structure::{class_shares, classes_of, export_class_shares};
    pub use crate::synthetic::{SyntheticConfig, generate};
    pub use crate::unit_value::{Reference, WorldWeighting, gap_ratio, unit_values};
}
