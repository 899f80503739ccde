//! Stage 5, weighting: weights of the children of a framework node (OECD/JRC Handbook 2008, section 1.6 and
//! chapter 6).
//!
//! Each method is a validated type in its own file that implements [`Weigher`]; parameters are checked by
//! its constructor, so computing fails only on data-dependent conditions (a constant or zero-mean column,
//! a negative value under entropy, nominal weights that sum to zero, an AHP matrix of the wrong size for
//! the node). The serde configuration [`Weighting`] is data (`{"method": "entropy"}`); it converts once,
//! with `TryFrom`, into the [`WeigherPlan`] that runs. [`Weighting::compute`] does exactly that.
//!
//! | method (`"method"`) | file | type | definition, reference |
//! |---|---|---|---|
//! | `equal` | `weights/equal.rs` | [`Equal`] | `1/n` |
//! | `explicit` | `weights/explicit.rs` | [`Explicit`] | the framework's weights normalised to sum 1 |
//! | `ahp`, `ahp_incomplete` | `weights/ahp.rs` | [`Ahp`] | principal eigenvector of a pairwise matrix, CI, CR (Saaty 1980); Harker (1987) completion |
//! | `entropy` | `weights/entropy.rs` | [`Entropy`] | Shannon entropy (Zeleny 1982; Zou, Yun & Sun 2006) |
//! | `critic` | `weights/critic.rs` | [`Critic`] | Diakoulaki, Mavrotas & Papayannakis (1995) |
//! | `std_dev` | `weights/std_dev.rs` | [`StdDev`] | σ (Handbook 2008) |
//! | `coefficient_of_variation` | `weights/cv.rs` | [`CoefficientOfVariation`] | σ/\|x̄\| |
//! | `pca` | `weights/factor.rs` | [`PrincipalComponents`] | PCA / factor analysis, Nicoletti et al. (2000) as the Handbook |
//! | `variance` | `weights/variance.rs` | [`Variance`] | variance of min-max normalised columns (pymcdm) |
//! | `gini` | `weights/gini.rs` | [`Gini`] | Gini coefficient of each column (pymcdm) |
//! | `angle` | `weights/angle.rs` | [`Angle`] | angle to the uniform column (Shuai et al. 2012; pymcdm) |
//! | `merec` | `weights/merec.rs` | [`Merec`] | removal effects (Keshavarz-Ghorabaee et al. 2021) |
//! | `lopcow` | `weights/lopcow.rs` | [`Lopcow`] | logarithmic percentage change (Ecer & Pamucar 2022) |
//! | `cilos`, `idocriw` | `weights/cilos.rs` | [`Cilos`], [`Idocriw`] | criterion impact loss; × entropy (Zavadskas & Podvezko 2016) |
//! | — | `weights/bod.rs` | [`BenefitOfTheDoubt`] | per-unit LP weights (Cherchye et al. 2007) — not a node weight vector, so not a [`Weigher`] |
//!
//! Every built-in method's and every [`WeigherPlan`]'s weights are non-negative and sum to 1 (within
//! rounding).
//!
//! A method of one's own implements [`Weigher`] and runs through [`WeigherPlan::Custom`]:
//!
//! ```
//! use mfg_quality_composite::weights::{Weigher, WeigherPlan};
//! use mfg_quality_composite::Result;
//!
//! /// Weights proportional to each column's range.
//! #[derive(Debug)]
//! struct Range;
//! impl Weigher for Range {
//!     fn name(&self) -> &'static str {
//!         "range"
//!     }
//!     fn weigh(&self, data: &[f64], n_rows: usize, _nominal: &[f64], _node: &str) -> Result<Vec<f64>> {
//!         Ok(data
//!             .chunks_exact(n_rows)
//!             .map(|c| c.iter().fold(f64::MIN, |a, &b| a.max(b)) - c.iter().fold(f64::MAX, |a, &b| a.min(b)))
//!             .collect())
//!     }
//! }
//! let plan = WeigherPlan::custom(Range);
//! // two children, 3 units, column-major; the plan scales the output to sum 1
//! let w = plan.weigh(&[0.0, 0.5, 1.0, 0.2, 0.2, 0.7], 3, &[1.0, 1.0], "pillar")?;
//! assert_eq!(w, vec![2.0 / 3.0, 1.0 / 3.0]);
//! # Ok::<(), mfg_quality_composite::CompositeError>(())
//! ```

pub mod ahp;
pub mod angle;
pub mod bod;
pub mod cilos;
pub mod critic;
pub mod cv;
pub mod entropy;
pub mod equal;
pub mod explicit;
pub mod factor;
pub mod gini;
pub mod lopcow;
pub mod merec;
pub mod std_dev;
pub mod variance;

use mfg_quality_indicators::Polarity;
use serde::{Deserialize, Serialize};

pub use ahp::{Ahp, AhpResult, PairwiseMatrix, RandomIndexTable, ahp};
pub use angle::{Angle, angle_weights};
pub use bod::{BenefitOfTheDoubt, BodBounds, BodResult, benefit_of_the_doubt};
pub use cilos::{Cilos, Idocriw, cilos_weights, idocriw_weights};
pub use critic::{Critic, critic_weights};
pub use cv::{CoefficientOfVariation, cv_weights};
pub use entropy::{Entropy, entropy_weights};
pub use equal::Equal;
pub use explicit::Explicit;
pub use factor::{PcaWeighting, PcaWeights, PrincipalComponents, Rotation, pca_weights};
pub use gini::{Gini, gini_weights};
pub use lopcow::{Lopcow, lopcow_weights};
pub use merec::{Merec, merec_weights};
pub use std_dev::{StdDev, std_dev_weights};
pub use variance::{Variance, variance_weights};

use crate::{CompositeError, Result};

/// The data-driven ("objective") weights of earlier releases' `weights::objective` module, now each in its
/// own file: [`entropy_weights`], [`critic_weights`], [`std_dev_weights`], [`cv_weights`].
pub mod objective {
    pub use super::critic::critic_weights;
    pub use super::cv::cv_weights;
    pub use super::entropy::entropy_weights;
    pub use super::std_dev::std_dev_weights;
}

/// A weighting method: the weights of the children of one framework node, from the normalised, complete
/// columns of those children. Object-safe, so a user's own method plugs into [`WeigherPlan::Custom`].
pub trait Weigher: Send + Sync + std::fmt::Debug {
    /// Name for outputs and error messages, e.g. `"entropy"` (the JSON `method` of the built-ins).
    fn name(&self) -> &'static str;

    /// Whether the weights depend on the data (so they must be recomputed when the data change). Methods
    /// that do not (equal, explicit, AHP) are computed once, from an empty `data` with `n_rows = 0`, and
    /// let the engine take its fixed-weight fast path. Default: `true`.
    fn is_data_driven(&self) -> bool {
        true
    }

    /// Weights of the `nominal.len()` children of `node`, from their column-major data `data`
    /// (`n_rows × nominal.len()`, empty for a method that is not [data-driven](Weigher::is_data_driven));
    /// `nominal` = the framework's child weights. The built-ins check the shape and return non-negative
    /// weights summing to 1; through [`WeigherPlan::Custom`], a user's method gets the shape checked before
    /// and its output checked and scaled to sum 1 after.
    ///
    /// # Errors
    /// Data-dependent conditions only, as named [`CompositeError`] variants naming `node`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>>;
}

crate::plan_macro::method_registry! {
    /// How the children of a node are weighted. JSON: `{"method": "entropy"}`,
    /// `{"method": "ahp", "matrix": [[1, 3], [0.3333, 1]], "random_index": "saaty1980"}`.
    ///
    /// ```
    /// use mfg_quality_composite::weights::Weighting;
    /// // two children, 3 units, column-major data
    /// let data = [0.0, 0.5, 1.0, 0.2, 0.2, 0.3];
    /// let w = Weighting::Equal.compute(&data, 3, &[0.7, 0.3], "pillar").unwrap();
    /// assert_eq!(w, vec![0.5, 0.5]);
    /// let w = Weighting::Explicit.compute(&data, 3, &[7.0, 3.0], "pillar").unwrap();
    /// assert_eq!(w, vec![0.7, 0.3]);
    /// ```
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
    #[serde(
        remote = "Self",
        tag = "method",
        rename_all = "snake_case",
        deny_unknown_fields
    )]
    pub enum Weighting;

    /// The validated weighting that runs: a built-in method or a user's [`Weigher`].
    /// Built from a [`Weighting`] by `TryFrom` (which checks every parameter once), from a built-in type by
    /// `From` (`WeigherPlan::from(Entropy)`), or from a user's type by [`WeigherPlan::custom`].
    ///
    /// ```
    /// use mfg_quality_composite::weights::{Weigher, WeigherPlan, Weighting};
    /// let plan = WeigherPlan::try_from(&Weighting::Equal)?;
    /// assert_eq!(plan.weigh(&[], 0, &[0.7, 0.3], "pillar")?, vec![0.5, 0.5]);
    /// assert!(!plan.is_data_driven());
    /// // a bad parameter is caught at conversion, not at each computation
    /// let bad = Weighting::Ahp { matrix: vec![vec![1.0, 2.0], vec![2.0, 1.0]], random_index: Default::default() };
    /// assert!(WeigherPlan::try_from(&bad).is_err());
    /// # Ok::<(), mfg_quality_composite::CompositeError>(())
    /// ```
    pub enum WeigherPlan: Weigher;

    /// A user's method. Its input shape is checked before the call and its output (count, finite,
    /// non-negative, positive sum) after, then scaled to sum 1.
    Custom;

    /// Validates the configuration once: the AHP matrix (and its priorities, computed here), the PCA
    /// thresholds.
    ///
    /// # Errors
    /// [`CompositeError::InvalidPairwiseMatrix`] (with `node: None`; [`Weighting::compute`] names the
    /// node), [`CompositeError::RandomIndexOutOfRange`] (no Random Index for n), [`CompositeError::Numerical`] (AHP
    /// eigenvector), [`CompositeError::InvalidParameter`] (PCA thresholds).
    try_from;

    methods {
        /// Equal weights `1/n`.
        Equal => "equal" as Equal(Equal) = Equal.into();
        /// The framework's (nominal) weights, normalised to sum 1. The default.
        #[default]
        Explicit => "explicit" as Explicit(Explicit) = Explicit.into();
        /// AHP priorities of a complete pairwise comparison matrix (rows in child order).
        Ahp {
            /// The pairwise matrix, by rows.
            matrix: Vec<Vec<f64>>,
            /// Random Index table for the CR (a diagnostic).
            #[serde(default)]
            random_index: RandomIndexTable,
        } => "ahp" as Ahp(Ahp) = Ahp::new(matrix.clone(), *random_index)?.into();
        /// AHP priorities of an incomplete pairwise matrix (`null` = missing), completed by Harker's method.
        AhpIncomplete {
            /// The pairwise matrix, by rows, `None` where missing.
            matrix: Vec<Vec<Option<f64>>>,
            /// Random Index table for the CR.
            #[serde(default)]
            random_index: RandomIndexTable,
        } => "ahp_incomplete" = Ahp::incomplete(matrix.clone(), *random_index)?.into();
        /// Shannon-entropy weights ([`entropy_weights`]).
        Entropy => "entropy" as Entropy(Entropy) = Entropy.into();
        /// CRITIC weights ([`critic_weights`]).
        Critic => "critic" as Critic(Critic) = Critic.into();
        /// Standard-deviation weights ([`std_dev_weights`]).
        StdDev => "std_dev" as StdDev(StdDev) = StdDev.into();
        /// Coefficient-of-variation weights ([`cv_weights`]).
        CoefficientOfVariation => "coefficient_of_variation"
            as CoefficientOfVariation(CoefficientOfVariation) = CoefficientOfVariation.into();
        /// PCA / factor-analysis weights ([`pca_weights`]).
        Pca {
            /// Retention rule and rotation.
            #[serde(default, flatten)]
            settings: PcaWeighting,
        } => "pca" as Pca(PrincipalComponents) = PrincipalComponents::new(*settings)?.into();
        /// Variance weights ([`variance_weights`]).
        Variance => "variance" as Variance(Variance) = Variance.into();
        /// Gini-coefficient weights ([`gini_weights`]).
        Gini => "gini" as Gini(Gini) = Gini.into();
        /// Angle weights ([`angle_weights`]).
        Angle => "angle" as Angle(Angle) = Angle.into();
        /// MEREC weights ([`merec_weights`], every child a benefit criterion).
        Merec => "merec" as Merec(Merec) = Merec.into();
        /// LOPCOW weights ([`lopcow_weights`], every child a benefit criterion).
        Lopcow => "lopcow" as Lopcow(Lopcow) = Lopcow.into();
        /// CILOS weights ([`cilos_weights`], every child a benefit criterion).
        Cilos => "cilos" as Cilos(Cilos) = Cilos.into();
        /// IDOCRIW weights ([`idocriw_weights`], every child a benefit criterion).
        Idocriw => "idocriw" as Idocriw(Idocriw) = Idocriw.into();
    }
}

crate::strict::strict_tagged!(Weighting, "method");

impl WeigherPlan {
    /// The AHP result (priorities, λmax, CI, CR) of an [`Ahp`] plan, computed at construction; `None` for
    /// the other methods.
    pub fn ahp_result(&self) -> Option<&AhpResult> {
        match self {
            WeigherPlan::Ahp(a) => Some(a.result()),
            _ => None,
        }
    }
}

impl Weigher for WeigherPlan {
    fn name(&self) -> &'static str {
        self.as_dyn().name()
    }

    fn is_data_driven(&self) -> bool {
        self.as_dyn().is_data_driven()
    }

    /// # Errors
    /// Those of the method; for [`WeigherPlan::Custom`] also [`CompositeError::InvalidWeights`] (no
    /// children; an output of the wrong count, negative, non-finite or summing to 0) and
    /// [`CompositeError::InvalidParameter`] (a data length other than `n_rows × nominal.len()`).
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        match self {
            WeigherPlan::Custom(w) => {
                let n = check_children(w.name(), w.is_data_driven(), data, n_rows, nominal, node)?;
                let raw = w.weigh(data, n_rows, nominal, node)?;
                normalise_weights(&raw, n, node)
            }
            builtin => builtin.as_dyn().weigh(data, n_rows, nominal, node),
        }
    }
}

impl Weighting {
    /// Whether the weights depend on the data (so they must be recomputed when the data change); as the
    /// plan's [`Weigher::is_data_driven`], without validating.
    pub fn is_data_driven(&self) -> bool {
        !matches!(
            self,
            Weighting::Equal
                | Weighting::Explicit
                | Weighting::Ahp { .. }
                | Weighting::AhpIncomplete { .. }
        )
    }

    /// Checks every parameter (as the conversion into a [`WeigherPlan`] does), naming `node`.
    ///
    /// # Errors
    /// As `WeigherPlan::try_from`, with `node` in [`CompositeError::InvalidPairwiseMatrix`].
    pub fn validate(&self, node: &str) -> Result<()> {
        WeigherPlan::try_from(self)
            .map(|_| ())
            .map_err(|e| with_node(e, node))
    }

    /// The full AHP result (priorities, λmax, CI, CR, `consistent`) of an `Ahp`/`AhpIncomplete` weighting,
    /// for reporting the consistency diagnostic that [`Weighting::compute`] does not return; `None` for the
    /// other methods.
    ///
    /// # Errors
    /// As [`Weighting::compute`] for AHP (malformed matrix, RI table without an entry for n).
    pub fn ahp_result(&self, node: &str) -> Result<Option<AhpResult>> {
        if !matches!(
            self,
            Weighting::Ahp { .. } | Weighting::AhpIncomplete { .. }
        ) {
            return Ok(None);
        }
        let plan = WeigherPlan::try_from(self).map_err(|e| with_node(e, node))?;
        Ok(plan.ahp_result().cloned())
    }

    /// Weights of the `n_cols` children of `node` from their (normalised, complete) column-major data
    /// `data` (`n_rows × n_cols`, `n_cols = nominal.len()`); `nominal` = the framework's child weights (used
    /// by `Explicit`; its length fixes `n_cols`). Returns weights summing to 1. Methods that ignore the data
    /// (equal, explicit, AHP) accept an empty `data`. Converts into a [`WeigherPlan`] and runs it; to weigh
    /// many nodes or periods with one configuration, convert once and call [`Weigher::weigh`].
    ///
    /// # Errors
    /// [`CompositeError::InvalidWeights`] (negative/zero-sum nominal weights, degenerate data),
    /// [`CompositeError::InvalidPairwiseMatrix`] (AHP matrix malformed or of the wrong size),
    /// [`CompositeError::ZeroMean`] (CV), and the errors of the data-driven methods — all naming `node`
    /// where they carry a node.
    pub fn compute(
        &self,
        data: &[f64],
        n_rows: usize,
        nominal: &[f64],
        node: &str,
    ) -> Result<Vec<f64>> {
        check_children(
            self.name(),
            self.is_data_driven(),
            data,
            n_rows,
            nominal,
            node,
        )?;
        WeigherPlan::try_from(self)
            .map_err(|e| with_node(e, node))?
            .weigh(data, n_rows, nominal, node)
    }
}

/// Checks the input of [`Weigher::weigh`]: at least one child, and (for a data-driven method) `data` of
/// `n_rows × nominal.len()` values. Returns the number of children.
fn check_children(
    method: &'static str,
    data_driven: bool,
    data: &[f64],
    n_rows: usize,
    nominal: &[f64],
    node: &str,
) -> Result<usize> {
    let n = nominal.len();
    if n == 0 {
        return Err(CompositeError::InvalidWeights {
            node: node.to_string(),
            reason: "no children to weight".into(),
        });
    }
    if data_driven && data.len() != n * n_rows {
        return Err(CompositeError::InvalidParameter {
            method,
            parameter: "data",
            reason: format!(
                "`{node}`: {} values for {n_rows} rows × {n} children",
                data.len()
            ),
        });
    }
    Ok(n)
}

/// Checks weights (finite, non-negative, positive sum, expected count) and scales them to sum 1.
///
/// # Errors
/// [`CompositeError::InvalidWeights`] naming `node` and the reason.
pub fn normalise_weights(weights: &[f64], expected: usize, node: &str) -> Result<Vec<f64>> {
    let err = |reason: String| CompositeError::InvalidWeights {
        node: node.to_string(),
        reason,
    };
    if weights.len() != expected {
        return Err(err(format!(
            "{} weights for {expected} children",
            weights.len()
        )));
    }
    if let Some((j, w)) = weights
        .iter()
        .enumerate()
        .find(|(_, w)| !w.is_finite() || **w < 0.0)
    {
        return Err(err(format!("weight {j} = {w} is negative or not finite")));
    }
    let s: f64 = weights.iter().sum();
    if !s.is_finite() {
        return Err(err(format!(
            "the weights sum overflows f64 (largest weight {:e}): rescale them, only their ratios matter",
            weights.iter().fold(0.0f64, |m, &w| m.max(w))
        )));
    }
    if s <= 0.0 {
        return Err(err(format!("the weights sum to {s}")));
    }
    Ok(weights.iter().map(|w| w / s).collect())
}

/// Puts `node` into the errors that carry one (the kernels say `<matrix>`).
fn with_node(e: CompositeError, node: &str) -> CompositeError {
    match e {
        CompositeError::InvalidWeights { reason, .. } => CompositeError::InvalidWeights {
            node: node.to_string(),
            reason,
        },
        CompositeError::ZeroMean {
            method,
            indicator: column,
            ..
        } => CompositeError::ZeroMean {
            method,
            node: node.to_string(),
            indicator: column,
        },
        CompositeError::RandomIndexOutOfRange {
            table, limit, n, ..
        } => CompositeError::RandomIndexOutOfRange {
            node: Some(node.to_string()),
            table,
            limit,
            n,
        },
        CompositeError::InvalidPairwiseMatrix { reason, .. } => {
            CompositeError::InvalidPairwiseMatrix {
                node: Some(node.to_string()),
                reason,
            }
        }
        e => e,
    }
}

/// Checks the shape of a column-major matrix and returns the number of columns.
fn check_shape(method: &'static str, data: &[f64], n_rows: usize) -> Result<usize> {
    if n_rows == 0 {
        // In a pipeline: no unit has every child of the node observed (e.g. a child without any data).
        return Err(CompositeError::TooFew {
            method,
            what: "rows (units with every child observed)",
            needed: 1,
            got: 0,
        });
    }
    if data.is_empty() || data.is_empty() || !data.len().is_multiple_of(n_rows) {
        return Err(CompositeError::InvalidParameter {
            method,
            parameter: "data",
            reason: format!(
                "length {} is not a positive multiple of n_rows = {n_rows}",
                data.len()
            ),
        });
    }
    Ok(data.len() / n_rows)
}

/// Checks the shape and finiteness of a column-major matrix and returns the number of columns.
pub(crate) fn check_matrix(method: &'static str, data: &[f64], n_rows: usize) -> Result<usize> {
    let p = check_shape(method, data, n_rows)?;
    if let Some(k) = data.iter().position(|v| !v.is_finite()) {
        return Err(CompositeError::InvalidValue {
            method,
            unit: format!("row {}", k % n_rows),
            indicator: format!("column {}", k / n_rows),
            value: data[k],
            reason: "not finite",
        });
    }
    Ok(p)
}

/// Normalises raw scores `s` (one per column, ≥ 0) to weights; error if they sum to zero.
fn to_weights(method: &'static str, s: Vec<f64>, why_zero: &str) -> Result<Vec<f64>> {
    let total: f64 = s.iter().sum();
    if total <= 0.0 || !total.is_finite() {
        return Err(CompositeError::InvalidWeights {
            node: "<matrix>".into(),
            reason: format!("{method}: {why_zero}"),
        });
    }
    Ok(s.into_iter().map(|v| v / total).collect())
}

fn column(data: &[f64], n_rows: usize, j: usize) -> &[f64] {
    &data[j * n_rows..(j + 1) * n_rows]
}

/// `Err(InvalidValue)` naming the first value of a column-major matrix that is not strictly positive.
fn require_positive(
    method: &'static str,
    data: &[f64],
    n_rows: usize,
    reason: &'static str,
) -> Result<()> {
    match data.iter().position(|&v| v <= 0.0) {
        Some(k) => Err(CompositeError::InvalidValue {
            method,
            unit: format!("row {}", k % n_rows),
            indicator: format!("column {}", k / n_rows),
            value: data[k],
            reason,
        }),
        None => Ok(()),
    }
}

/// Checks that `polarity` has one entry per column.
fn check_polarity(method: &'static str, polarity: &[Polarity], p: usize) -> Result<()> {
    if polarity.len() == p {
        Ok(())
    } else {
        Err(CompositeError::DimensionMismatch {
            method,
            what: "polarity",
            expected: p,
            got: polarity.len(),
        })
    }
}
