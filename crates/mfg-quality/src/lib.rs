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
//! | [`sensitivity`] | `mfg-quality-sensitivity`: global sensitivity analysis of any model (Sobol, Morris, eFAST, RBD-FAST, delta, PAWN) |
//! | [`regional`] | `mfg-quality-regional`: regions, group statistics, inequality, convergence |
//! | [`kernels`] | `mfg-quality-kernels`: the vectorised logarithms and sums behind entropy weights and the geometric mean |
//! | [`econometrics`] | `mfg-quality-econometrics`: OLS and PPML with absorbed fixed effects, clustered inference |
//! | `arrow` | `mfg-quality-arrow` (feature `arrow`, on by default): panels and results as Arrow record batches and Parquet files |
//! | `report` | `mfg-quality-report` (feature `report`, on by default): a self-contained HTML report (framework, ranking, contributions, rank bands, Sobol bars, regional scatter as inline SVG) |
#![deny(missing_docs)]

#[cfg(feature = "arrow")]
pub use mfg_quality_arrow as arrow;
pub use mfg_quality_composite as composite;
pub use mfg_quality_econometrics as econometrics;
pub use mfg_quality_elasticity as elasticity;
pub use mfg_quality_indicators as indicators;
pub use mfg_quality_kernels as kernels;
pub use mfg_quality_regional as regional;
#[cfg(feature = "report")]
pub use mfg_quality_report as report;
pub use mfg_quality_sensitivity as sensitivity;

/// The preludes of the six crates in one import: `use mfg_quality::prelude::*;`.
///
/// It is the union of [`indicators::prelude`], [`composite::prelude`], [`elasticity::prelude`], [`econometrics::prelude`],
/// [`regional::prelude`] and [`sensitivity::prelude`] (whose `SobolSettings` is the very item composite
/// re-exports). Their names do not clash (a year is [`Period`](indicators::Period); the pooled
/// years of an elasticity regression are [`PooledPeriod`](elasticity::quality_elasticity::Period); the
/// only `Transform` is the regional covariate's, [`regional::Transform`]), so this prelude can be
/// glob-imported together with any crate's prelude.
///
/// ```
/// use mfg_quality::prelude::*;
///
/// // The Manufacturing Power Index catalogue: 4 pillars with bilingual names and sources.
/// let mpi = mfg_quality::indicators::catalogue::manufacturing_power_index();
/// assert_eq!(mpi.children(mpi.root()).len(), 4);
///
/// // The paper's Fig. 3 as a panel, and the NBS four-region map of China's 31 provinces.
/// let fig3: Panel = mfg_quality::indicators::paper::dataset().fig3_panel();
/// assert_eq!(fig3.n_units(), 9);
/// assert_eq!(RegionMap::china_nbs4().len(), 31);
/// ```
pub mod prelude {
    pub use mfg_quality_composite::prelude::*;
    pub use mfg_quality_econometrics::prelude::*;
    pub use mfg_quality_elasticity::prelude::*;
    pub use mfg_quality_indicators::prelude::*;
    pub use mfg_quality_regional::prelude::*;
    pub use mfg_quality_sensitivity::prelude::*;
}

// The README's tour ("A short tour"), compiled and run as a doctest by `cargo test --workspace`. The
// README must be the item's only doc fragment: rustdoc then resolves the tour's `include_str!` paths relative
// to the README (the workspace root). Only under `cfg(doctest)`, so a packaged crate (which has no
// `../../README.md`) still builds.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

// The crates.io READMEs of the facade and of the five crates, whose examples run as doctests here too.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct FacadeReadmeDoctests;
#[cfg(doctest)]
#[doc = include_str!("../../indicators/README.md")]
pub struct IndicatorsReadmeDoctests;
#[cfg(doctest)]
#[doc = include_str!("../../composite/README.md")]
pub struct CompositeReadmeDoctests;
#[cfg(doctest)]
#[doc = include_str!("../../elasticity/README.md")]
pub struct ElasticityReadmeDoctests;
#[cfg(doctest)]
#[doc = include_str!("../../regional/README.md")]
pub struct RegionalReadmeDoctests;
#[cfg(doctest)]
#[doc = include_str!("../../econometrics/README.md")]
pub struct EconometricsReadmeDoctests;
#[cfg(doctest)]
#[doc = include_str!("../../kernels/README.md")]
pub struct KernelsReadmeDoctests;
