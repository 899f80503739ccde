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

/// The most used types of every crate, for `use mfg_quality::prelude::*;`.
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
    pub use mfg_quality_indicators::stats::{RankOrder, TieMethod, VarianceKind};
    pub use mfg_quality_indicators::{
        Framework, Indicator, IndicatorsError, NodeSpec, Panel, Period, Polarity, Unit,
    };

    pub use mfg_quality_composite::CompositeError;
    pub use mfg_quality_composite::aggregate::{Aggregation, MissingPolicy};
    pub use mfg_quality_composite::impute::Imputation;
    pub use mfg_quality_composite::normalise::Normalisation;
    pub use mfg_quality_composite::pipeline::PipelineConfig;
    pub use mfg_quality_composite::results::{Results, Tiers};
    pub use mfg_quality_composite::screen::Screening;
    pub use mfg_quality_composite::sensitivity::SobolSettings;
    pub use mfg_quality_composite::treat::OutlierTreatment;
    pub use mfg_quality_composite::uncertainty::{
        Factor, FactorKind, MonteCarloSettings, PipelineModel, monte_carlo,
    };
    pub use mfg_quality_composite::weights::Weighting;

    pub use mfg_quality_elasticity::ElasticityError;
    pub use mfg_quality_elasticity::concordance::Concordance;
    pub use mfg_quality_elasticity::flows::{TradeFlow, TradeFlows};
    pub use mfg_quality_elasticity::quality_elasticity::{ElasticityParams, QualityClass};
    pub use mfg_quality_elasticity::segments::SegmentParams;

    pub use mfg_quality_regional::{RegionMap, RegionalError};
}
