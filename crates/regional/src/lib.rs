//! # mfg-quality-regional
//!
//! Regional analysis for any mapping of units to groups — and built in, the 31 provincial-level divisions of
//! mainland China in the NBS four-region and the 1986 three-belt groupings. It turns the regional statements of
//! the paper's §4 into computed, tested results: the gradient of the provincial quality index ("high in the
//! east, low in the west"), its association with per-capita GDP (Fig. 5), inequality and its between/within
//! decomposition, convergence over time, and the contributions of trade modes to the West's export fall.
//!
//! | module | what it offers |
//! |---|---|
//! | [`regions`] | [`RegionMap`] (validated units → groups, CSV/serde, lookup by code or either name; [`RegionMap::china_nbs4`], [`RegionMap::china_three_belts`]); [`Grouping`] (dense `u32` group ids) |
//! | [`groups`] | [`group_summaries`] (n, mean, weighted mean, median, sd, min, max), per period of a panel, [`gradient`] check |
//! | [`difference`] | [`one_way_anova`] (F, p, η²), [`kruskal_wallis`] (tie-corrected H, χ² p) |
//! | [`association`] | [`pearson_test`] (t test, Fisher-z CI), [`spearman_test`], [`kendall_tau_b`], [`associate`] with an optional log of the covariate |
//! | [`regression`] | [`LinearFit`]: least-squares line with standard errors (classical, HC1), t, p, R², confidence band, [`Prediction`] intervals; [`Ols`] multiple regression |
//! | [`inequality`] | [`gini`] (weighted, [`gini_corrected`]), [`theil_t`], [`theil_l`], [`coefficient_of_variation`], [`theil_decomposition`], [`gini_decomposition`] (Dagum: within, between, overlap) |
//! | [`convergence`] | [`sigma_convergence`] (two or more periods, [`sigma_convergence_with`] sample or population dispersion), [`beta_convergence`] (speed and half-life, [`SpeedConvention`]), [`conditional_beta_convergence`], [`panel_beta_convergence`] (fixed effects) |
//! | [`rank_tests`] | [`spearman_rho_test`], [`kendall_test`]: exact, normal (with or without continuity correction) or t p-values, the method reported; Kendall's `S`, `Var(S)` |
//! | [`spatial`] | [`SpatialWeights`] (user matrix or [`ChinaContiguity`]), [`morans_i`], [`gearys_c`] (normality, randomisation, permutation), [`local_moran`] (LISA clusters) |
//! | [`contributions`] | [`decompose_growth`] (contributions in pp, share changes), [`growth_from_shares`], [`two_component_split`], [`implied_total_growth`] |
//! | [`error`] | [`RegionalError`], naming unit, group, period, position and method |
//!
//! Input values are checked at entry: NaN/Inf is [`RegionalError::NonFinite`], and a magnitude beyond
//! [`MAGNITUDE_LIMIT`] (`1e75`) is [`RegionalError::TooLarge`], so that no square, fourth power or sum of
//! them overflows and every result is finite.
//!
//! ```
//! use mfg_quality_regional::{Centre, RegionMap, gradient, group_summaries};
//! let map = RegionMap::china_nbs4();
//! let units = ["CN-SH", "CN-GD", "CN-AH", "CN-HB", "CN-SC", "CN-GS", "CN-LN", "CN-JL"];
//! let index = [90.1, 89.0, 83.5, 84.0, 82.6, 81.0, 81.9, 81.2];
//! let groups = group_summaries(&index, None, &map.grouping(&units).unwrap()).unwrap();
//! let g = gradient(&groups, &["East", "Central", "West", "Northeast"], Centre::Mean).unwrap();
//! assert!(g.holds);
//! ```
#![deny(missing_docs)]

pub mod association;
pub mod contributions;
pub mod convergence;
pub mod difference;
pub mod error;
pub mod groups;
pub mod inequality;
pub mod rank_tests;
pub mod regions;
pub mod regression;
pub mod spatial;

pub use association::{
    Association, Correlation, CorrelationMethod, Transform, associate, kendall_tau_b, pearson_test,
    spearman_test,
};
pub use contributions::{
    Component, ComponentContribution, GrowthDecomposition, ImpliedTotal, TwoComponentSplit,
    decompose_growth, growth_from_shares, implied_total_growth, two_component_split,
};
pub use convergence::{
    BetaConvergence, Dispersion, SigmaConvergence, beta_convergence, sigma_convergence,
};
pub use convergence::{
    RegressionBeta, SigmaChange, SpeedConvention, conditional_beta_convergence,
    panel_beta_convergence, sigma_convergence_with,
};
pub use difference::{Anova, KruskalWallis, kruskal_wallis, one_way_anova};
pub use error::{MAGNITUDE_LIMIT, RegionalError, Result};
pub use groups::{
    Centre, Gradient, GradientStep, GroupSummary, gradient, group_summaries, group_summaries_panel,
};
pub use inequality::{GiniDecomposition, GiniGroup, GiniPair, gini_decomposition};
pub use inequality::{
    TheilDecomposition, TheilGroup, TheilParts, coefficient_of_variation, gini, gini_corrected,
    theil_decomposition, theil_l, theil_t,
};
pub use rank_tests::{
    KendallPValue, KendallTest, PValueMethod, SpearmanPValue, SpearmanTest, kendall_test,
    spearman_rho_test,
};
pub use regions::{Grouping, MapUnit, RegionMap, RegionMapData};
pub use regression::{BandPoint, LinearFit};
pub use regression::{Ols, Prediction};
pub use spatial::{
    ChinaContiguity, Cluster, GlobalTest, LocalMoran, LocalMoranResult, NormalInference,
    PermutationInference, SpatialWeights, WeightsStyle, gearys_c, local_moran, morans_i,
};

/// The main types and functions in one import: `use mfg_quality_regional::prelude::*;`.
///
/// Every crate of the workspace has a prelude of the same kind; their names do not clash, so they can be
/// glob-imported together (the facade `mfg_quality::prelude` is their union).
pub mod prelude {
    pub use crate::association::{Association, Transform, associate};
    pub use crate::contributions::decompose_growth;
    pub use crate::convergence::{
        beta_convergence, conditional_beta_convergence, panel_beta_convergence, sigma_convergence,
    };
    pub use crate::difference::{kruskal_wallis, one_way_anova};
    pub use crate::error::RegionalError;
    pub use crate::groups::{Centre, gradient, group_summaries, group_summaries_panel};
    pub use crate::inequality::{
        coefficient_of_variation, gini, gini_decomposition, theil_decomposition, theil_l, theil_t,
    };
    pub use crate::rank_tests::{kendall_test, spearman_rho_test};
    pub use crate::regions::{Grouping, RegionMap};
    pub use crate::regression::{LinearFit, Ols};
    pub use crate::spatial::{SpatialWeights, gearys_c, local_moran, morans_i};
}
