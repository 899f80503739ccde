//! The error type of the crate.

use mfg_quality_composite::CompositeError;
use mfg_quality_elasticity::ElasticityError;
use mfg_quality_indicators::{IndicatorsError, Period};

/// Result alias of the crate.
pub type Result<T> = std::result::Result<T, ArrowError>;

/// What can go wrong converting between panels or results and Arrow / Parquet.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum ArrowError {
    /// A required column is absent (names are matched case-insensitively after trimming).
    #[error("missing column `{column}`")]
    MissingColumn {
        /// The column's name.
        column: String,
    },
    /// Two columns would carry the same name (e.g. an indicator called `unit` in the wide layout).
    #[error("duplicate column `{column}`")]
    DuplicateColumn {
        /// The column's name.
        column: String,
    },
    /// A column has an Arrow type the reader does not accept.
    #[error("column `{column}`: expected {expected}, found {found}")]
    WrongType {
        /// The column's name.
        column: String,
        /// The accepted types.
        expected: String,
        /// The Arrow type found.
        found: String,
    },
    /// A present (non-null) value is NaN or infinite; missing values are nulls.
    #[error("non-finite value {value} for unit `{unit}`, indicator `{indicator}`, period {period}")]
    NonFinite {
        /// Unit code.
        unit: String,
        /// Indicator id.
        indicator: String,
        /// Period.
        period: Period,
        /// The offending value.
        value: f64,
    },
    /// A key (unit, indicator or period) is null or blank.
    #[error("column `{column}`, row {row}: null or blank key")]
    NullKey {
        /// The key column.
        column: String,
        /// Row (0-based, counted over all batches).
        row: usize,
    },
    /// A period does not fit an `i32`.
    #[error("column `{column}`, row {row}: period {value} out of the i32 range")]
    PeriodOutOfRange {
        /// The period column.
        column: String,
        /// Row (0-based, counted over all batches).
        row: usize,
        /// The value read.
        value: i64,
    },
    /// Two rows give a unit different non-blank metadata (name or group).
    #[error(
        "column `{column}`: conflicting values for unit `{unit}`: `{found}` here, `{earlier}` earlier"
    )]
    ConflictingMetadata {
        /// The metadata column.
        column: String,
        /// Unit code.
        unit: String,
        /// The later value.
        found: String,
        /// The value kept.
        earlier: String,
    },
    /// The Parquet reader or writer failed.
    #[error("{path}: Parquet: {message}")]
    Parquet {
        /// The file (`<bytes>` for in-memory data).
        path: String,
        /// The Parquet library's message.
        message: String,
    },
    /// A file could not be opened or created.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// Building an Arrow record batch failed.
    #[error("Arrow: {message}")]
    Arrow {
        /// The Arrow library's message.
        message: String,
    },
    /// The panel could not be built (empty dimension, duplicate cell, …).
    #[error(transparent)]
    Indicators(#[from] IndicatorsError),
    /// A composite result could not be read.
    #[error(transparent)]
    Composite(#[from] CompositeError),
    /// The trade-flow reader rejected the data (a bad row, a duplicate flow, an overflow, …).
    #[error(transparent)]
    Elasticity(#[from] ElasticityError),
}

impl From<arrow_schema::ArrowError> for ArrowError {
    fn from(e: arrow_schema::ArrowError) -> Self {
        ArrowError::Arrow {
            message: e.to_string(),
        }
    }
}

pub(crate) fn parquet_err(path: &str, e: impl std::fmt::Display) -> ArrowError {
    ArrowError::Parquet {
        path: path.to_string(),
        message: e.to_string(),
    }
}
