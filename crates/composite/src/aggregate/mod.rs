//! Stage 6, **aggregate**: combine the (normalised, weighted) children of a framework node into one score
//! per unit.
//!
//! | family | methods | module |
//! |---|---|---|
//! | weighted means (compensatory) | arithmetic, geometric, harmonic, generalised power mean | [`means`] |
//! | penalised means | Mazziotta–Pareto MPI and adjusted MPI (AMPI) | [`mpi`] |
//! | ordered weighted averaging | OWA / WOWA with RIM-quantifier or given order weights | [`owa`] |
//! | distance to reference points | TOPSIS, VIKOR | [`topsis`](mod@topsis), [`vikor`](mod@vikor) |
//! | ratio and utility scorings (pymcdm) | COPRAS, WASPAS, WPM, ARAS, EDAS, MABAC, MOORA (ratio system, reference point), CoCoSo | [`copras`](mod@copras), [`waspas`](mod@waspas), [`wpm`](mod@wpm), [`aras`](mod@aras), [`edas`](mod@edas), [`mabac`](mod@mabac), [`moora`](mod@moora), [`cocoso`](mod@cocoso) |
//! | dominance of rankings | MULTIMOORA (ratio system, reference point, full multiplicative form) | [`multimoora`](mod@multimoora) |
//! | distance to reference points (set 2) | SPOTIS (given bounds, rank-reversal free), CODAS, MAIRCA | [`spotis`](mod@spotis), [`codas`](mod@codas), [`mairca`](mod@mairca) |
//! | utility degrees and ratings | MARCOS, OCRA | [`marcos`](mod@marcos), [`ocra`](mod@ocra) |
//! | outranking flows | PROMETHEE II (usual, U-shape, V-shape, level, linear, Gaussian) | [`promethee`] |
//! | outranking graph and kernel (stand-alone, no score) | ELECTRE I | [`electre`] |
//! | non-compensatory (ranks, pairwise) | Borda, Copeland, Condorcet–Kemeny | [`outranking`] |
//! | social choice on a voting profile | plurality, Borda and Copeland counts, Condorcet winner and cycles, all Kemeny optima | [`voting`] |
//!
//! ## Data layout and conventions
//! Every method takes the children as a dense **column-major** matrix `data` of `n_rows` units × `n_cols`
//! children (column `j` is `data[j*n_rows .. (j+1)*n_rows]`), a presence `mask` of the same length
//! (`true` = observed; an empty mask means "all observed"), and one weight per child. Weights must be
//! finite and non-negative with a positive sum; they are divided by their sum, so they need not sum to 1.
//! Values of present cells must be finite (NaN or ±Inf is an [`CompositeError::InvalidValue`]); values of
//! absent cells are ignored. After the pipeline's normalisation every child is "higher is better", and
//! every score returned here is "higher is better" too (VIKOR returns `1 − Q`, the reference-point MOORA
//! `1 − d`, the rank-based methods a count or a rank-derived value; see each method).
//!
//! ## Missing values
//! [`MissingPolicy::SkipAndReweight`] (the default) drops the absent children of a unit and re-normalises
//! the weights of its present children, `w̃ᵢⱼ = wⱼ / Σ_{k present for i} wₖ` (what COINr's weighted
//! mean with `na.rm = TRUE` does, and the Handbook's "case deletion" applied per unit); a unit with no present
//! child (or whose present children all have weight 0) gets no score: its [`Aggregated::present`] entry is
//! `false` and its [`Aggregated::scores`] entry is `0.0`. [`MissingPolicy::Error`] fails on the first
//! absent cell with [`CompositeError::MissingValue`] naming the unit, the child and the period.
//! COPRAS, WASPAS, WPM, ARAS, EDAS, MABAC, MOORA, MULTIMOORA and CoCoSo normalise by column statistics
//! of every unit and need complete input: their first absent cell is a [`CompositeError::MissingValue`]
//! under either policy (impute first).
//!
//! ```
//! use mfg_quality_composite::aggregate::{Aggregation, AggregationContext, MissingPolicy};
//! // 3 units × 2 children, column-major, all present.
//! let data = [0.2, 0.5, 0.9, /* child 2 */ 0.4, 0.5, 0.1];
//! let agg = Aggregation::from_key("geometric", "pillar")?;
//! let out = agg.aggregate(&data, &[], 3, &[0.5, 0.5], MissingPolicy::SkipAndReweight,
//!                         &AggregationContext::default())?;
//! assert!((out.scores[0] - (0.2f64 * 0.4).sqrt()).abs() < 1e-12);
//! assert!(out.present.iter().all(|&p| p));
//! # Ok::<(), mfg_quality_composite::CompositeError>(())
//! ```

pub mod aras;
pub mod arithmetic;
pub mod borda;
pub mod cocoso;
pub mod codas;
pub mod copeland;
pub mod copras;
pub mod edas;
pub mod electre;
pub mod geometric;
pub mod harmonic;
mod input;
pub mod kemeny;
pub mod mabac;
pub mod mairca;
pub mod marcos;
pub mod mazziotta_pareto;
pub mod means;
pub mod moora;
pub mod mpi;
pub mod multimoora;
pub mod ocra;
pub mod outranking;
pub mod owa;
mod plan;
pub mod power;
pub mod promethee;
mod ratio_common;
pub mod spotis;
pub mod topsis;
pub mod vikor;
pub mod voting;
pub mod waspas;
pub mod wpm;

use serde::{Deserialize, Serialize};

use crate::{CompositeError, Result};

pub use mpi::{AmpiGoalposts, MpiSign};
pub use outranking::{KEMENY_HARD_LIMIT, KemenyResult, kemeny_ranking};
pub use owa::OwaWeights;
pub use topsis::{CriterionType, TopsisNormalisation, TopsisResult, topsis};
pub use vikor::{VikorResult, vikor};

pub use aras::{Aras, ArasResult, aras};
pub use arithmetic::Arithmetic;
pub use borda::Borda;
pub use cocoso::{Cocoso, CocosoResult, cocoso};
pub use codas::{Codas, CodasResult, codas};
pub use copeland::Copeland;
pub use copras::{Copras, CoprasResult, copras};
pub use edas::{Edas, EdasResult, edas};
pub use electre::{ElectreIResult, electre_i};
pub use geometric::Geometric;
pub use harmonic::Harmonic;
pub use input::normalise_weights;
pub(crate) use input::{Input, all_finite, all_true, sumsq_min_max};
pub use kemeny::Kemeny;
pub use mabac::{Mabac, MabacResult, mabac};
pub use mairca::{Mairca, MaircaResult, mairca};
pub use marcos::{Marcos, MarcosResult, marcos};
pub use mazziotta_pareto::{AdjustedMazziottaPareto, MazziottaPareto};
pub use moora::{Moora, MooraForm, MooraResult, moora};
pub use multimoora::{Multimoora, MultimooraResult, multimoora};
pub use ocra::{Ocra, OcraResult, ocra};
pub use owa::Owa;
pub use plan::Aggregator;
pub use power::Power;
pub use promethee::{PreferenceFunction, Promethee, PrometheeResult, promethee_ii};
pub use spotis::{Spotis, SpotisResult, spotis};
pub use topsis::Topsis;
pub use vikor::Vikor;
pub use waspas::{Waspas, WaspasResult, waspas};
pub use wpm::{Wpm, WpmResult, wpm};

/// What to do with a missing child value during aggregation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MissingPolicy {
    /// Skip the absent children of a unit and re-normalise the weights of its present children to sum 1;
    /// a unit with no present child gets no score (the default).
    #[default]
    SkipAndReweight,
    /// Fail with [`CompositeError::MissingValue`] on the first absent cell.
    Error,
}

/// Names used in error messages: the node being aggregated, its units (rows), its children (columns)
/// and the period. Empty `units` / `columns` are allowed: positions are then named `#i`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AggregationContext<'a> {
    /// The node (e.g. a pillar id), or `<matrix>` for a free-standing call.
    pub node: &'a str,
    /// Unit names, one per row (or empty).
    pub units: &'a [String],
    /// Child names, one per column (or empty).
    pub columns: &'a [String],
    /// The period.
    pub period: i32,
}

impl Default for AggregationContext<'_> {
    /// A context for a free-standing matrix: node `<matrix>`, unnamed rows and columns, period 0.
    fn default() -> Self {
        AggregationContext {
            node: "<matrix>",
            units: &[],
            columns: &[],
            period: 0,
        }
    }
}

impl AggregationContext<'_> {
    /// The name of unit (row) `i`, or `#i` if unnamed.
    pub fn unit(&self, i: usize) -> String {
        self.units
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("#{i}"))
    }

    /// The name of child (column) `j`, or `#j` if unnamed.
    pub fn column(&self, j: usize) -> String {
        self.columns
            .get(j)
            .cloned()
            .unwrap_or_else(|| format!("#{j}"))
    }
}

/// The result of an aggregation: one score per unit and whether it exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aggregated {
    /// Score per unit (higher is better); `0.0` where `present` is `false`.
    pub scores: Vec<f64>,
    /// `false` for a unit with no present child (only possible under [`MissingPolicy::SkipAndReweight`]).
    pub present: Vec<bool>,
}

impl Aggregated {
    /// The score of unit `i` if it exists.
    pub fn get(&self, i: usize) -> Option<f64> {
        match self.present.get(i) {
            Some(true) => Some(self.scores[i]),
            _ => None,
        }
    }
}

crate::plan_macro::method_registry! {
    /// An aggregation method, the serde configuration. Serde form: `{"method": "power", "p": 0.5}`,
    /// `{"method": "topsis", "normalisation": "vector"}`...; or parse a framework key with
    /// [`Aggregation::from_key`]. Converts into the validated [`AggregatorPlan`] with `TryFrom`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
    #[serde(
        remote = "Self",
        tag = "method",
        rename_all = "snake_case",
        deny_unknown_fields
    )]
    pub enum Aggregation;

    /// The validated form of an [`Aggregation`]: one variant per built-in method type and
    /// [`AggregatorPlan::Custom`] for a user's own [`Aggregator`]. Build it with `AggregatorPlan::try_from(&agg)`
    /// (validates once) or `From` a built-in type; then [`Aggregator::aggregate_into`] does not re-validate.
    ///
    /// ```
    /// use mfg_quality_composite::aggregate::{
    ///     Aggregation, AggregationContext, Aggregator, AggregatorPlan, MissingPolicy, Power,
    /// };
    /// let plan = AggregatorPlan::try_from(&Aggregation::Power { p: 2.0 })?;
    /// assert_eq!(plan, AggregatorPlan::from(Power::new(2.0)?));
    /// let (mut s, mut p) = ([0.0; 1], [false; 1]);
    /// plan.aggregate_into(&[3.0, 4.0], &[], 1, &[1.0, 1.0], MissingPolicy::Error,
    ///                     &AggregationContext::default(), &mut s, &mut p)?;
    /// assert!((s[0] - 12.5f64.sqrt()).abs() < 1e-12);
    /// assert!(AggregatorPlan::try_from(&Aggregation::Vikor { v: 2.0 }).is_err());
    /// # Ok::<(), mfg_quality_composite::CompositeError>(())
    /// ```
    pub enum AggregatorPlan: Aggregator;

    /// A user-defined method.
    Custom;

    /// Validates the parameters once (the checks of [`Aggregation::validate`]).
    try_from;

    methods {
        /// Weighted arithmetic mean `Σ wⱼxⱼ` (Handbook 2008, §6.1; linear, fully compensatory). The default.
        #[default]
        Arithmetic => "arithmetic" as Arithmetic(Arithmetic) = Arithmetic.into();
        /// Weighted geometric mean `Π xⱼ^wⱼ` (Handbook 2008, §6.2; HDI since 2010); values must be positive.
        Geometric => "geometric" as Geometric(Geometric) = Geometric.into();
        /// Weighted harmonic mean `1 / Σ (wⱼ / xⱼ)`; values must be positive.
        Harmonic => "harmonic" as Harmonic(Harmonic) = Harmonic.into();
        /// Generalised (power) mean `(Σ wⱼ xⱼ^p)^{1/p}` (Hardy, Littlewood & Pólya 1934, ch. II; the
        /// Handbook's family with p = 1, 0, −1); p = 0 is taken as its limit, the geometric mean.
        Power {
            /// The exponent (finite).
            p: f64,
        } => "power" as Power(Power) = Power::new(*p)?.into();
        /// Mazziotta–Pareto index (MPI, Mazziotta & Pareto 2016); standardises internally. Serde tag
        /// `mazziotta_pareto` (alias `mpi`); output name `mpi`.
        #[serde(alias = "mpi")]
        MazziottaPareto {
            /// Penalty sign (default `minus`, for "positive" phenomena).
            #[serde(default)]
            sign: MpiSign,
        } => "mpi" as MazziottaPareto(MazziottaPareto) = MazziottaPareto::new(*sign).into();
        /// Adjusted Mazziotta–Pareto index (AMPI, Mazziotta & Pareto 2016, 2018); re-scales with goalposts.
        /// Serde tag `adjusted_mazziotta_pareto` (alias `ampi`); output name `ampi`.
        #[serde(alias = "ampi")]
        AdjustedMazziottaPareto {
            /// Penalty sign (default `minus`).
            #[serde(default)]
            sign: MpiSign,
            /// Goalposts (default: from the data, reference = column mean).
            #[serde(default)]
            goalposts: AmpiGoalposts,
        } => "ampi" as AdjustedMazziottaPareto(AdjustedMazziottaPareto)
            = AdjustedMazziottaPareto::new(*sign, goalposts.clone())?.into();
        /// Ordered weighted averaging (Yager 1988), importance-weighted through a quantifier (Yager 1996,
        /// Torra 1997).
        Owa {
            /// Order weights, given or generated from an orness level.
            weights: OwaWeights,
        } => "owa" as Owa(Owa) = Owa::new(weights.clone())?.into();
        /// TOPSIS relative closeness (Hwang & Yoon 1981); every child taken as a benefit criterion.
        Topsis {
            /// Column normalisation before weighting (default vector).
            #[serde(default)]
            normalisation: TopsisNormalisation,
        } => "topsis" as Topsis(Topsis) = Topsis::new(*normalisation).into();
        /// VIKOR (Opricovic & Tzeng 2004); the score is `1 − Q` so that higher is better.
        Vikor {
            /// Weight of the strategy of "the majority of criteria" (group utility), in [0, 1]; 0.5 usual.
            #[serde(default = "default_vikor_v")]
            v: f64,
        } => "vikor" as Vikor(Vikor) = Vikor::new(*v)?.into();
        /// COPRAS utility degree `Q / max Q` (Zavadskas, Kaklauskas & Šarka 1994); every child a benefit,
        /// sum-normalised; children non-negative and complete.
        Copras => "copras" as Copras(Copras) = Copras.into();
        /// WASPAS `λ WSM + (1 − λ) WPM` of the `x / max` normalised children (Zavadskas et al. 2012).
        Waspas {
            /// Weight of the weighted sum, in [0, 1] (default 0.5, pymcdm's).
            #[serde(default = "default_half")]
            lambda: f64,
        } => "waspas" as Waspas(Waspas) = Waspas::new(*lambda)?.into();
        /// Weighted product model `Π (x / Σx)^w` (sum normalisation, as pymcdm's `WPM`).
        Wpm => "wpm" as Wpm(Wpm) = Wpm.into();
        /// ARAS utility degree `S / S₀` against the column maxima (Zavadskas & Turskis 2010).
        Aras => "aras" as Aras(Aras) = Aras.into();
        /// EDAS appraisal score from the distances to the column means (Keshavarz Ghorabaee et al. 2015).
        Edas => "edas" as Edas(Edas) = Edas.into();
        /// MABAC distance to the border approximation area (Pamučar & Ćirović 2015), min-max normalised.
        Mabac => "mabac" as Mabac(Mabac) = Mabac.into();
        /// MOORA (Brauers & Zavadskas 2006): the ratio system, or `1 − d` for the reference point.
        Moora {
            /// `ratio` (the default) or `reference_point`.
            #[serde(default)]
            form: MooraForm,
        } => "moora" as Moora(Moora) = Moora::new(*form).into();
        /// MULTIMOORA (Brauers & Zavadskas 2010): the number of units dominated in the ratio-system,
        /// reference-point and full-multiplicative rankings; children positive and complete.
        Multimoora => "multimoora" as Multimoora(Multimoora) = Multimoora.into();
        /// CoCoSo combined compromise score (Yazdani et al. 2019), min-max normalised.
        Cocoso {
            /// Balance of the compromise strategy `k_c`, in [0, 1] (default 0.5, pymcdm's).
            #[serde(default = "default_half")]
            lambda: f64,
        } => "cocoso" as Cocoso(Cocoso) = Cocoso::new(*lambda)?.into();
        /// Weighted Borda count (Borda 1781; Handbook 2008, §6.3).
        Borda => "borda" as Borda(Borda) = Borda.into();
        /// Copeland score, wins − losses in weighted pairwise majority contests (Copeland 1951; Handbook 2008,
        /// §6.3).
        Copeland => "copeland" as Copeland(Copeland) = Copeland.into();
        /// Condorcet–Kemeny ranking (Kemeny 1959; Munda & Nardo 2009), exact, for at most `max_units` units.
        Kemeny {
            /// Largest number of units accepted (default 10, at most [`KEMENY_HARD_LIMIT`]).
            #[serde(default = "default_kemeny_max")]
            max_units: usize,
        } => "kemeny" as Kemeny(Kemeny) = Kemeny::new(*max_units)?.into();
        /// PROMETHEE II net flow (Brans & Vincke 1985) with one preference function for every child, in
        /// [−1, 1]. Serde: `{"method": "promethee_ii", "preference": {"shape": "linear", "q": 0.05,
        /// "p": 0.3}}` (default preference `usual`).
        PrometheeIi {
            /// The preference function and its thresholds (default `usual`).
            #[serde(default)]
            preference: PreferenceFunction,
        } => "promethee_ii" as Promethee(Promethee) = Promethee::new(*preference)?.into();
        /// SPOTIS (Dezert et al. 2020) with the bounds `[lower, upper]` for every child (default [0, 1]);
        /// the score is `1 − P` so that higher is better. Rank-reversal free.
        Spotis {
            /// Lower bound of every child (default 0).
            #[serde(default)]
            lower: f64,
            /// Upper bound of every child, its ideal point (default 1).
            #[serde(default = "default_one")]
            upper: f64,
        } => "spotis" as Spotis(Spotis) = Spotis::new(*lower, *upper)?.into();
        /// CODAS assessment score (Keshavarz Ghorabaee et al. 2016); children ≥ 0 with a positive maximum.
        Codas {
            /// Threshold of the taxicab tie-break, finite and ≥ 0 (default 0.02, pymcdm's).
            #[serde(default = "default_codas_tau")]
            tau: f64,
        } => "codas" as Codas(Codas) = Codas::new(*tau)?.into();
        /// MARCOS utility function `f(K)` (Stević et al. 2020); children ≥ 0 with a positive maximum.
        Marcos => "marcos" as Marcos(Marcos) = Marcos.into();
        /// MAIRCA (Pamučar et al. 2014); the score is `1 − n Q` (the weighted mean of the min-max
        /// normalised children) so that higher is better.
        Mairca => "mairca" as Mairca(Mairca) = Mairca.into();
        /// OCRA overall rating (Parkan 1994); children must be positive.
        Ocra => "ocra" as Ocra(Ocra) = Ocra.into();
    }
}

crate::strict::strict_tagged!(Aggregation, "method");

fn default_half() -> f64 {
    0.5
}

fn default_vikor_v() -> f64 {
    0.5
}

fn default_one() -> f64 {
    1.0
}

fn default_codas_tau() -> f64 {
    0.02
}

fn default_kemeny_max() -> usize {
    outranking::KEMENY_DEFAULT_LIMIT
}

fn parse_f64(text: &str, key: &str, node: &str) -> Result<f64> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| CompositeError::UnknownAggregation {
            node: node.to_string(),
            key: key.to_string(),
        })?;
    Ok(v)
}

impl Aggregation {
    /// Parses a framework aggregation key (case-insensitive, surrounding spaces ignored):
    ///
    /// | key | method |
    /// |---|---|
    /// | `arithmetic` (or `mean`, `linear`) | [`Aggregation::Arithmetic`] |
    /// | `geometric` | [`Aggregation::Geometric`] |
    /// | `harmonic` | [`Aggregation::Harmonic`] |
    /// | `power:<p>` | [`Aggregation::Power`] |
    /// | `mpi`, `mpi:-`, `mpi:+` | [`Aggregation::MazziottaPareto`] (default sign `-`) |
    /// | `ampi`, `ampi:-`, `ampi:+` | [`Aggregation::AdjustedMazziottaPareto`] with goalposts from the data |
    /// | `owa:<orness>` | [`Aggregation::Owa`] with a RIM quantifier of that orness |
    /// | `topsis`, `topsis:vector`, `topsis:min_max`, `topsis:none` | [`Aggregation::Topsis`] |
    /// | `vikor`, `vikor:<v>` | [`Aggregation::Vikor`] (default v = 0.5) |
    /// | `copras` | [`Aggregation::Copras`] |
    /// | `waspas`, `waspas:<lambda>` | [`Aggregation::Waspas`] (default λ = 0.5) |
    /// | `wpm`, `aras`, `edas`, `mabac` | [`Aggregation::Wpm`], [`Aggregation::Aras`], [`Aggregation::Edas`], [`Aggregation::Mabac`] |
    /// | `moora`, `moora:ratio`, `moora:reference_point` | [`Aggregation::Moora`] (default ratio) |
    /// | `multimoora` | [`Aggregation::Multimoora`] |
    /// | `cocoso`, `cocoso:<lambda>` | [`Aggregation::Cocoso`] (default λ = 0.5) |
    /// | `borda`, `copeland` | [`Aggregation::Borda`], [`Aggregation::Copeland`] |
    /// | `kemeny`, `kemeny:<max_units>` | [`Aggregation::Kemeny`] (default limit 10) |
    /// | `promethee_ii` (or `promethee`), `promethee_ii:usual`, `promethee_ii:u_shape:<q>`, `promethee_ii:v_shape:<p>`, `promethee_ii:level:<q>:<p>`, `promethee_ii:linear:<q>:<p>`, `promethee_ii:gaussian:<s>` | [`Aggregation::PrometheeIi`] |
    /// | `spotis`, `spotis:<lower>:<upper>` | [`Aggregation::Spotis`] (default bounds [0, 1]) |
    /// | `codas`, `codas:<tau>` | [`Aggregation::Codas`] (default τ = 0.02) |
    /// | `marcos`, `mairca`, `ocra` | [`Aggregation::Marcos`], [`Aggregation::Mairca`], [`Aggregation::Ocra`] |
    ///
    /// An unknown name or an unparsable number is [`CompositeError::UnknownAggregation`]; a parsed parameter
    /// out of its domain is [`CompositeError::InvalidParameter`].
    ///
    /// ```
    /// use mfg_quality_composite::aggregate::Aggregation;
    /// assert_eq!(Aggregation::from_key("power:0.5", "n")?, Aggregation::Power { p: 0.5 });
    /// assert!(Aggregation::from_key("median", "n").is_err());
    /// # Ok::<(), mfg_quality_composite::CompositeError>(())
    /// ```
    pub fn from_key(key: &str, node: &str) -> Result<Aggregation> {
        let lower = key.trim().to_ascii_lowercase();
        let (name, arg) = match lower.split_once(':') {
            Some((n, a)) => (n.trim(), Some(a.trim())),
            None => (lower.as_str(), None),
        };
        let unknown = || CompositeError::UnknownAggregation {
            node: node.to_string(),
            key: key.to_string(),
        };
        let sign = |a: Option<&str>| -> Result<MpiSign> {
            match a {
                None | Some("-") | Some("minus") => Ok(MpiSign::Minus),
                Some("+") | Some("plus") => Ok(MpiSign::Plus),
                _ => Err(unknown()),
            }
        };
        let agg = match (name, arg) {
            ("arithmetic" | "mean" | "linear", None) => Aggregation::Arithmetic,
            ("geometric", None) => Aggregation::Geometric,
            ("harmonic", None) => Aggregation::Harmonic,
            ("power", Some(a)) => Aggregation::Power {
                p: parse_f64(a, key, node)?,
            },
            ("mpi", a) => Aggregation::MazziottaPareto { sign: sign(a)? },
            ("ampi", a) => Aggregation::AdjustedMazziottaPareto {
                sign: sign(a)?,
                goalposts: AmpiGoalposts::FromData,
            },
            ("owa", Some(a)) => Aggregation::Owa {
                weights: OwaWeights::Orness {
                    orness: parse_f64(a, key, node)?,
                },
            },
            ("topsis", None | Some("vector")) => Aggregation::Topsis {
                normalisation: TopsisNormalisation::Vector,
            },
            ("topsis", Some("min_max" | "minmax")) => Aggregation::Topsis {
                normalisation: TopsisNormalisation::MinMax,
            },
            ("topsis", Some("none")) => Aggregation::Topsis {
                normalisation: TopsisNormalisation::None,
            },
            ("vikor", None) => Aggregation::Vikor { v: 0.5 },
            ("vikor", Some(a)) => Aggregation::Vikor {
                v: parse_f64(a, key, node)?,
            },
            ("copras", None) => Aggregation::Copras,
            ("waspas", None) => Aggregation::Waspas { lambda: 0.5 },
            ("waspas", Some(a)) => Aggregation::Waspas {
                lambda: parse_f64(a, key, node)?,
            },
            ("wpm", None) => Aggregation::Wpm,
            ("aras", None) => Aggregation::Aras,
            ("edas", None) => Aggregation::Edas,
            ("mabac", None) => Aggregation::Mabac,
            ("moora", None | Some("ratio")) => Aggregation::Moora {
                form: MooraForm::Ratio,
            },
            ("moora", Some("reference_point" | "refpoint")) => Aggregation::Moora {
                form: MooraForm::ReferencePoint,
            },
            ("multimoora", None) => Aggregation::Multimoora,
            ("cocoso", None) => Aggregation::Cocoso { lambda: 0.5 },
            ("cocoso", Some(a)) => Aggregation::Cocoso {
                lambda: parse_f64(a, key, node)?,
            },
            ("borda", None) => Aggregation::Borda,
            ("copeland", None) => Aggregation::Copeland,
            ("kemeny", None) => Aggregation::Kemeny {
                max_units: outranking::KEMENY_DEFAULT_LIMIT,
            },
            ("kemeny", Some(a)) => Aggregation::Kemeny {
                max_units: a.parse().map_err(|_| unknown())?,
            },
            ("promethee_ii" | "promethee", a) => {
                let parts: Vec<&str> = a
                    .map(|a| a.split(':').map(str::trim).collect())
                    .unwrap_or_default();
                let num = |k: usize| parse_f64(parts.get(k).copied().unwrap_or(""), key, node);
                let preference = match (parts.first().copied(), parts.len()) {
                    (None | Some("usual"), 0 | 1) => PreferenceFunction::Usual,
                    (Some("u_shape" | "ushape"), 2) => PreferenceFunction::UShape { q: num(1)? },
                    (Some("v_shape" | "vshape"), 2) => PreferenceFunction::VShape { p: num(1)? },
                    (Some("level"), 3) => PreferenceFunction::Level {
                        q: num(1)?,
                        p: num(2)?,
                    },
                    (Some("linear" | "vshape_2"), 3) => PreferenceFunction::Linear {
                        q: num(1)?,
                        p: num(2)?,
                    },
                    (Some("gaussian"), 2) => PreferenceFunction::Gaussian { s: num(1)? },
                    _ => return Err(unknown()),
                };
                Aggregation::PrometheeIi { preference }
            }
            ("spotis", None) => Aggregation::Spotis {
                lower: 0.0,
                upper: 1.0,
            },
            ("spotis", Some(a)) => {
                let (lo, hi) = a.split_once(':').ok_or_else(unknown)?;
                Aggregation::Spotis {
                    lower: parse_f64(lo, key, node)?,
                    upper: parse_f64(hi, key, node)?,
                }
            }
            ("codas", None) => Aggregation::Codas { tau: 0.02 },
            ("codas", Some(a)) => Aggregation::Codas {
                tau: parse_f64(a, key, node)?,
            },
            ("marcos", None) => Aggregation::Marcos,
            ("mairca", None) => Aggregation::Mairca,
            ("ocra", None) => Aggregation::Ocra,
            _ => return Err(unknown()),
        };
        agg.validate()?;
        Ok(agg)
    }

    /// The canonical key of this method, parsed back by [`Aggregation::from_key`] (fixed goalposts and
    /// given OWA order weights have no key form: their key is `ampi…` / `owa` without the data).
    pub fn key(&self) -> String {
        match self {
            Aggregation::Power { p } => format!("power:{p}"),
            Aggregation::MazziottaPareto { sign } => format!("mpi:{}", sign.symbol()),
            Aggregation::AdjustedMazziottaPareto { sign, .. } => format!("ampi:{}", sign.symbol()),
            Aggregation::Owa {
                weights: OwaWeights::Orness { orness },
            } => format!("owa:{orness}"),
            Aggregation::Topsis { normalisation } => format!("topsis:{}", normalisation.name()),
            Aggregation::Vikor { v } => format!("vikor:{v}"),
            Aggregation::Waspas { lambda } => format!("waspas:{lambda}"),
            Aggregation::Moora { form } => format!("moora:{}", form.name()),
            Aggregation::Cocoso { lambda } => format!("cocoso:{lambda}"),
            Aggregation::Kemeny { max_units } => format!("kemeny:{max_units}"),
            Aggregation::PrometheeIi { preference } => match *preference {
                PreferenceFunction::Usual => "promethee_ii:usual".to_string(),
                PreferenceFunction::UShape { q } => format!("promethee_ii:u_shape:{q}"),
                PreferenceFunction::VShape { p } => format!("promethee_ii:v_shape:{p}"),
                PreferenceFunction::Level { q, p } => format!("promethee_ii:level:{q}:{p}"),
                PreferenceFunction::Linear { q, p } => format!("promethee_ii:linear:{q}:{p}"),
                PreferenceFunction::Gaussian { s } => format!("promethee_ii:gaussian:{s}"),
            },
            Aggregation::Spotis { lower, upper } => format!("spotis:{lower}:{upper}"),
            Aggregation::Codas { tau } => format!("codas:{tau}"),
            other => other.name().to_string(),
        }
    }

    /// Whether this is a weighted mean (arithmetic, geometric, harmonic, power). Their score of a unit is
    /// computed from that unit's row only, column by column in a fixed order, so that aggregating any
    /// block of rows gives the same bits (the pipeline fuses normalisation and aggregation block by block),
    /// and they write every score and presence flag of their output. The others are not used that way
    /// (TOPSIS, VIKOR and the Mazziotta–Pareto indices use column statistics; the outranking counts
    /// compare units).
    pub(crate) fn is_weighted_mean(&self) -> bool {
        matches!(
            self,
            Aggregation::Arithmetic
                | Aggregation::Geometric
                | Aggregation::Harmonic
                | Aggregation::Power { .. }
        )
    }

    /// Whether the score of a unit is guaranteed non-decreasing in each of its own inputs, whatever the
    /// other units' values: true for the weighted means (arithmetic, geometric, harmonic, power) and OWA
    /// (a Choquet integral with a monotone measure), and SPOTIS (a weighted distance to the fixed upper
    /// bound); false for MPI/AMPI (the penalty grows with imbalance), TOPSIS, VIKOR, CODAS, MARCOS, MAIRCA
    /// and OCRA (normalised by the other units' values, so not guaranteed for every input), and the rank-
    /// and pairwise-based Borda, Copeland, Kemeny and PROMETHEE II.
    pub fn is_monotone(&self) -> bool {
        self.is_weighted_mean()
            || matches!(self, Aggregation::Owa { .. } | Aggregation::Spotis { .. })
    }

    /// Whether the score of a unit depends only on its own inputs (the means, OWA and SPOTIS), so a unit's
    /// score does not change when other units are added or removed.
    pub fn is_unitwise(&self) -> bool {
        self.is_monotone()
    }

    /// Checks the method's parameters: `p` finite; OWA orness in (0, 1) or order weights non-negative with a
    /// positive sum; AMPI fixed goalposts finite with `min < max`; VIKOR `v` in [0, 1]; Kemeny
    /// `1 ≤ max_units ≤ KEMENY_HARD_LIMIT`; PROMETHEE II thresholds ([`PreferenceFunction::validate`]);
    /// SPOTIS bounds finite with `lower < upper`; CODAS `τ` finite and ≥ 0. Errors are
    /// [`CompositeError::InvalidParameter`].
    pub fn validate(&self) -> Result<()> {
        AggregatorPlan::try_from(self).map(|_| ())
    }

    /// Aggregates `n_cols = data.len() / n_rows` children into one score per unit.
    ///
    /// `data` is column-major (`n_rows` units × `n_cols` children), `mask` the presence of each cell (same
    /// length, or empty for "all present"), `weights` one non-negative weight per child (normalised here to
    /// sum 1). See each variant's method for its formula: [`means`], [`mpi`], [`owa`], [`topsis`](mod@topsis),
    /// [`vikor`](mod@vikor), [`outranking`]. Missing cells follow `missing` (module docs).
    ///
    /// Errors: [`CompositeError::DimensionMismatch`] (shapes), [`CompositeError::InvalidWeights`],
    /// [`CompositeError::InvalidParameter`], [`CompositeError::InvalidValue`] (non-finite value, or a
    /// non-positive value under the geometric/harmonic/power means, naming unit and child),
    /// [`CompositeError::MissingValue`] (under [`MissingPolicy::Error`]), [`CompositeError::TooLarge`]
    /// (Kemeny above its limit), [`CompositeError::ConstantIndicator`] (MPI/AMPI on a constant child),
    /// [`CompositeError::Overflow`] (a score of finite values overflows f64, naming the unit and node).
    pub fn aggregate(
        &self,
        data: &[f64],
        mask: &[bool],
        n_rows: usize,
        weights: &[f64],
        missing: MissingPolicy,
        ctx: &AggregationContext,
    ) -> Result<Aggregated> {
        let mut out = Aggregated {
            scores: vec![0.0; n_rows],
            present: vec![false; n_rows],
        };
        self.aggregate_into(
            data,
            mask,
            n_rows,
            weights,
            missing,
            ctx,
            &mut out.scores,
            &mut out.present,
        )?;
        Ok(out)
    }

    /// [`Aggregation::aggregate`] writing into caller-owned buffers of length `n_rows` (to avoid allocating
    /// the outputs in repeated runs, e.g. Monte Carlo).
    #[allow(clippy::too_many_arguments)] // the buffers are the point of this variant
    pub fn aggregate_into(
        &self,
        data: &[f64],
        mask: &[bool],
        n_rows: usize,
        weights: &[f64],
        missing: MissingPolicy,
        ctx: &AggregationContext,
        scores: &mut [f64],
        present: &mut [bool],
    ) -> Result<()> {
        AggregatorPlan::try_from(self)?
            .aggregate_into(data, mask, n_rows, weights, missing, ctx, scores, present)
    }
}
