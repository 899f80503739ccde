//! The error type of `mfg-quality-report`.

use mfg_quality_composite::CompositeError;
use mfg_quality_indicators::ErrorKind;

/// Everything that can go wrong while building or writing a [`Report`](crate::Report). Each variant names
/// the section and the item (unit, node, factor) concerned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// A section has nothing to show (no unit with a score, no factor, no point).
    #[error("report section `{section}`: nothing to show ({reason})")]
    Empty {
        /// The section (`ranking`, `contributions`, `rank_bands`, `sobol`, `scatter`).
        section: &'static str,
        /// Why it is empty.
        reason: &'static str,
    },
    /// Two inputs of a section have different lengths.
    #[error("report section `{section}`: `{what}` has {found} entries, expected {expected}")]
    LengthMismatch {
        /// The section.
        section: &'static str,
        /// The input whose length is wrong.
        what: &'static str,
        /// The expected length.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// A NaN or ±Inf among the values of a section.
    #[error("report section `{section}`: {what} of `{item}` is not finite ({value})")]
    NonFinite {
        /// The section.
        section: &'static str,
        /// The unit, node or factor.
        item: String,
        /// Which value (`score`, `rank`, `first-order index`, `x`, ...).
        what: &'static str,
        /// The value.
        value: f64,
    },
    /// A composite-index result could not give what the section needs (unknown period or node, a
    /// non-additive aggregation for the contributions, ...).
    #[error("report section `{section}`: {source}")]
    Composite {
        /// The section.
        section: &'static str,
        /// The composite crate's error.
        source: CompositeError,
    },
    /// The report could not be written.
    #[error("cannot write the report to `{path}`: {message}")]
    Io {
        /// The file.
        path: String,
        /// The system's message.
        message: String,
    },
}

impl ReportError {
    /// The error's family, shared by every crate of `mfg-quality`.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ReportError::Empty { .. } => ErrorKind::Missing,
            ReportError::LengthMismatch { .. } => ErrorKind::Shape,
            ReportError::NonFinite { .. } => ErrorKind::InvalidValue,
            ReportError::Composite { source, .. } => source.kind(),
            ReportError::Io { .. } => ErrorKind::Io,
        }
    }
}

/// Shorthand for `Result<T, ReportError>`.
pub type Result<T> = std::result::Result<T, ReportError>;
