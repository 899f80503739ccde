//! The error type of the crate.

use thiserror::Error;

/// The largest magnitude of a value of the outcome, a regressor or a weight: `|x| ≤ 1e75`, so that the
/// fourth-order products of the robust variances (`x² e²` in the HC1 and cluster sandwiches, ≤ 1e300) and
/// their sums over up to 10⁸ observations stay within `f64` (≈ 1.8e308). Larger values are
/// [`EconError::TooLarge`]: rescale the column.
pub const MAGNITUDE_LIMIT: f64 = 1e75;

/// Everything that can go wrong when building or fitting a model.
///
/// Construction errors (`Empty*`, `LengthMismatch`, `NonFinite`, `InvalidWeight`, …) are raised by the
/// builders ([`crate::Factor::new`], [`crate::FixedEffects::new`], [`crate::Ols::new`], …); the others
/// depend on the data and are raised by `fit`.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum EconError {
    /// A column, factor or model has no observations.
    #[error("`{what}` has no observations")]
    Empty {
        /// The column, factor or model.
        what: String,
    },
    /// Two columns that must be aligned have different lengths.
    #[error("`{what}` has {found} observations, expected {expected}")]
    LengthMismatch {
        /// The column, factor or cluster variable that does not fit.
        what: String,
        /// Its length.
        found: usize,
        /// The number of observations of the model.
        expected: usize,
    },
    /// A value of the outcome or of a regressor is NaN or infinite.
    #[error("`{column}` has a non-finite value {value} at row {row}")]
    NonFinite {
        /// The column.
        column: String,
        /// The row (0-based, in the input).
        row: usize,
        /// The value.
        value: f64,
    },
    /// A value of the outcome, a regressor or a weight exceeds [`MAGNITUDE_LIMIT`] (`1e75`) in magnitude:
    /// the fourth-order products of the robust variances would exceed `f64::MAX`.
    #[error(
        "`{column}` has the value {value:e} at row {row}, beyond the magnitude limit {limit:e} (the \
         products of a robust variance would overflow f64); rescale the column (e.g. to thousands or millions, or take logarithms)"
    )]
    TooLarge {
        /// The column (`weights` for the weights).
        column: String,
        /// The row (0-based, in the input).
        row: usize,
        /// The value.
        value: f64,
        /// The limit ([`MAGNITUDE_LIMIT`]).
        limit: f64,
    },
    /// A weight is not finite and strictly positive.
    #[error("weight {value} at row {row} is not finite and > 0")]
    InvalidWeight {
        /// The row (0-based, in the input).
        row: usize,
        /// The weight.
        value: f64,
    },
    /// A PPML outcome is negative.
    #[error("PPML outcome `{column}` is negative ({value}) at row {row}")]
    NegativeOutcome {
        /// The outcome column.
        column: String,
        /// The row (0-based, in the input).
        row: usize,
        /// The value.
        value: f64,
    },
    /// Two regressors (or a regressor and the outcome) share a name.
    #[error("the name `{name}` is used twice")]
    DuplicateName {
        /// The repeated name.
        name: String,
    },
    /// No regressor was given (every model needs at least one, the fixed effects are absorbed).
    #[error("the model has no regressor")]
    NoRegressor,
    /// An interaction needs at least two factors.
    #[error("the interaction `{name}` needs at least two factors, got {found}")]
    InteractionTooSmall {
        /// The interaction's name.
        name: String,
        /// The number of factors given.
        found: usize,
    },
    /// After removing singletons (and, for PPML, separated observations) nothing is left.
    #[error("all {n_obs} observations are singletons of a fixed effect (or separated)")]
    AllSingletons {
        /// The number of observations before removal.
        n_obs: usize,
    },
    /// A regressor is constant within the levels of the fixed effects: demeaning leaves (almost) nothing.
    #[error(
        "regressor `{regressor}` is absorbed by the fixed effects (demeaned sum of squares {demeaned_ss:e} of {raw_ss:e})"
    )]
    AbsorbedByFixedEffects {
        /// The regressor.
        regressor: String,
        /// Its weighted sum of squares after demeaning.
        demeaned_ss: f64,
        /// Its weighted sum of squares around its mean before demeaning (or raw when constant).
        raw_ss: f64,
    },
    /// Every regressor is collinear (with the others or the fixed effects).
    #[error("all regressors are collinear: {dropped:?}")]
    AllCollinear {
        /// The regressors that were dropped.
        dropped: Vec<String>,
    },
    /// A cluster variable has fewer than two clusters in the estimation sample.
    #[error(
        "cluster variable `{cluster}` has {found} cluster(s) in the estimation sample, at least 2 are needed"
    )]
    TooFewClusters {
        /// The cluster variable.
        cluster: String,
        /// The number of clusters found.
        found: usize,
    },
    /// Fewer observations than parameters (regressors + fixed-effect levels).
    #[error("{n_obs} observations for {n_params} parameters: no residual degrees of freedom")]
    NoDegreesOfFreedom {
        /// Observations in the estimation sample.
        n_obs: usize,
        /// Parameters counted for the small-sample adjustment.
        n_params: usize,
    },
    /// The alternating projections did not reach the tolerance.
    #[error(
        "demeaning `{column}` did not converge in {iterations} iterations (tolerance {tolerance:e})"
    )]
    DemeaningNotConverged {
        /// The column being demeaned.
        column: String,
        /// Iterations done.
        iterations: usize,
        /// The tolerance asked.
        tolerance: f64,
    },
    /// The PPML iteratively re-weighted least squares did not converge.
    #[error(
        "PPML did not converge in {iterations} iterations (tolerance {tolerance:e}, last relative deviance change {last_change:e})"
    )]
    PpmlNotConverged {
        /// Iterations done.
        iterations: usize,
        /// The tolerance on the relative deviance change.
        tolerance: f64,
        /// The last relative deviance change.
        last_change: f64,
    },
    /// A solver setting is out of range.
    #[error("invalid parameter `{parameter}` = {value}: {reason}")]
    InvalidParameter {
        /// The parameter (solver setting or confidence level).
        parameter: &'static str,
        /// Its value.
        value: f64,
        /// What is allowed.
        reason: &'static str,
    },
}

impl EconError {
    /// The family of this error, shared by every crate of `mfg-quality`
    /// ([`ErrorKind`](mfg_quality_indicators::ErrorKind)).
    pub fn kind(&self) -> mfg_quality_indicators::ErrorKind {
        use mfg_quality_indicators::ErrorKind;
        match self {
            EconError::Empty { .. } | EconError::LengthMismatch { .. } => ErrorKind::Shape,
            EconError::NonFinite { .. }
            | EconError::InvalidWeight { .. }
            | EconError::NegativeOutcome { .. } => ErrorKind::InvalidValue,
            EconError::DuplicateName { .. } => ErrorKind::Duplicate,
            EconError::TooLarge { .. } => ErrorKind::Limit,
            EconError::NoRegressor
            | EconError::InteractionTooSmall { .. }
            | EconError::InvalidParameter { .. } => ErrorKind::InvalidParameter,
            EconError::AllSingletons { .. }
            | EconError::AbsorbedByFixedEffects { .. }
            | EconError::AllCollinear { .. }
            | EconError::TooFewClusters { .. }
            | EconError::NoDegreesOfFreedom { .. } => ErrorKind::Degenerate,
            EconError::DemeaningNotConverged { .. } | EconError::PpmlNotConverged { .. } => {
                ErrorKind::Numerical
            }
        }
    }
}
