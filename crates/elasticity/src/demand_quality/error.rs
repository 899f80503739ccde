//! The error type of the demand-residual quality estimation.

use mfg_quality_econometrics::EconError;

use crate::error::ElasticityError;

/// Everything that can go wrong when estimating demand-residual quality ([`super`]).
///
/// Input errors name the row (0-based, in the input columns) or the CSV line and column; the regression's
/// own errors (all observations singletons, demeaning not converged) come from the econometrics crate
/// ([`DemandQualityError::Regression`]); errors of the unit-value, segment and classification code come as
/// [`DemandQualityError::Elasticity`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DemandQualityError {
    /// A price or quantity that enters a logarithm is zero or negative.
    #[error(
        "{column} {value} at row {row} is not > 0: ln {column} is undefined (drop the flow or fix the data)"
    )]
    NonPositive {
        /// `price` (value / quantity, so a non-positive value) or `quantity`.
        column: &'static str,
        /// The row (0-based, in the input columns).
        row: usize,
        /// The value found.
        value: f64,
    },
    /// A value or quantity is NaN or infinite.
    #[error("{column} at row {row} is not finite ({value})")]
    NonFinite {
        /// `value` or `quantity`.
        column: &'static str,
        /// The row (0-based, in the input columns).
        row: usize,
        /// The value found.
        value: f64,
    },
    /// An elasticity of substitution is not finite and > 1 (quality `ε/(σ − 1)` needs `σ > 1`).
    #[error(
        "σ = {value} for {column} `{code}`{} is invalid: the elasticity of substitution must be finite and > 1",
        line.map(|l| format!(" (line {l})")).unwrap_or_default()
    )]
    InvalidSigma {
        /// `product`, `industry` or `default`.
        column: &'static str,
        /// The product or industry code (empty for the default).
        code: String,
        /// The value given.
        value: f64,
        /// The 1-based CSV line, when read from a CSV.
        line: Option<u64>,
    },
    /// A σ CSV is ill-formed (header, field count, a number that does not parse, a code given twice).
    #[error("σ CSV line {line}, column {column}: {message}")]
    Malformed {
        /// The 1-based line (the header is line 1).
        line: u64,
        /// The column name (`product`, `industry` or `sigma`).
        column: String,
        /// What is wrong.
        message: String,
    },
    /// Input columns of different lengths, or a product id outside the σ table.
    #[error("`{column}` has {found} entries, expected {expected}")]
    Shape {
        /// The column.
        column: &'static str,
        /// Its length (or the offending id + 1).
        found: usize,
        /// The expected length.
        expected: usize,
    },
    /// No flow at all.
    #[error("no flows to estimate quality on")]
    Empty,
    /// The fixed-effects regression failed (e.g. every flow is alone in its product × importer × year cell).
    #[error("demand regression: {0}")]
    Regression(#[from] EconError),
    /// Unit values, segments or the classification on estimated quality failed.
    #[error(transparent)]
    Elasticity(#[from] ElasticityError),
}

impl DemandQualityError {
    /// The family of this error, shared by every crate of `mfg-quality`
    /// ([`ErrorKind`](mfg_quality_indicators::ErrorKind)).
    pub fn kind(&self) -> mfg_quality_indicators::ErrorKind {
        use mfg_quality_indicators::ErrorKind;
        match self {
            Self::NonPositive { .. } | Self::NonFinite { .. } => ErrorKind::InvalidValue,
            Self::InvalidSigma { .. } => ErrorKind::InvalidParameter,
            Self::Malformed { .. } => ErrorKind::Parse,
            Self::Shape { .. } => ErrorKind::Shape,
            Self::Empty => ErrorKind::Degenerate,
            Self::Regression(e) => e.kind(),
            Self::Elasticity(e) => e.kind(),
        }
    }
}
