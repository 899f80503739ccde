//! The crate's error type.

use mfg_quality_indicators::ErrorKind;

/// A specialised `Result` for this crate.
pub type Result<T> = std::result::Result<T, SensitivityError>;

/// What went wrong in a sensitivity analysis. Settings are checked when a design is built; the data-dependent
/// variants ([`NonFiniteOutput`](Self::NonFiniteOutput), [`OutputLength`](Self::OutputLength),
/// [`ZeroVariance`](Self::ZeroVariance)) arise when a model is evaluated or its outputs analysed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SensitivityError {
    /// A setting of a method is out of its domain.
    #[error("{method}: invalid `{parameter}`: {reason}")]
    InvalidParameter {
        /// The method (`sobol`, `morris`, `fast`, ...).
        method: &'static str,
        /// The parameter.
        parameter: &'static str,
        /// Why, and what is allowed.
        reason: String,
    },
    /// A sample, a number of levels, trajectories or factors is too small for the method to mean anything.
    #[error("{method}: {what} is {got}, the minimum is {needed}: {reason}")]
    TooFew {
        /// The method.
        method: &'static str,
        /// What is counted (`base samples`, `trajectories`, `levels`, `factors`, ...).
        what: &'static str,
        /// The minimum.
        needed: usize,
        /// What was given.
        got: usize,
        /// Why this minimum.
        reason: &'static str,
    },
    /// A design would exceed a size limit (memory or the sequence's range).
    #[error("{method}: {what} would be {n}, above the limit {limit}")]
    TooLarge {
        /// The method.
        method: &'static str,
        /// What is counted.
        what: &'static str,
        /// The limit.
        limit: usize,
        /// The requested size.
        n: usize,
    },
    /// Inputs of different shapes (a model output matrix that does not match its design, say).
    #[error("{method}: {what} has length {got}, expected {expected}")]
    DimensionMismatch {
        /// The method.
        method: &'static str,
        /// Which input.
        what: &'static str,
        /// The expected length.
        expected: usize,
        /// The length found.
        got: usize,
    },
    /// The model returned NaN or ±Inf.
    #[error("model output {output} of sample {sample} is not finite ({value})")]
    NonFiniteOutput {
        /// The 0-based sample (row of the design).
        sample: usize,
        /// The 0-based output.
        output: usize,
        /// The value returned.
        value: f64,
    },
    /// A sample matrix holds NaN or ±Inf.
    #[error(
        "{method}: factor {factor} of sample {sample} is not finite ({value}): every input must be a number"
    )]
    NonFiniteInput {
        /// The method.
        method: &'static str,
        /// The 0-based sample (row of the matrix).
        sample: usize,
        /// The 0-based factor (column of the matrix).
        factor: usize,
        /// The value found.
        value: f64,
    },
    /// The model returned a different number of outputs than declared.
    #[error("sample {sample}: the model returned {got} outputs, expected {expected}")]
    OutputLength {
        /// The 0-based sample.
        sample: usize,
        /// The declared number of outputs.
        expected: usize,
        /// The number returned.
        got: usize,
    },
    /// An output does not vary over the sample, so no index is defined.
    #[error("output {output} has zero variance over the sample: no sensitivity index is defined")]
    ZeroVariance {
        /// The 0-based output.
        output: usize,
    },
}

impl SensitivityError {
    /// The error's family, shared by every crate of the workspace.
    pub fn kind(&self) -> ErrorKind {
        match self {
            SensitivityError::InvalidParameter { .. } => ErrorKind::InvalidParameter,
            SensitivityError::TooFew { .. } | SensitivityError::ZeroVariance { .. } => {
                ErrorKind::Degenerate
            }
            SensitivityError::TooLarge { .. } => ErrorKind::Limit,
            SensitivityError::DimensionMismatch { .. } | SensitivityError::OutputLength { .. } => {
                ErrorKind::Shape
            }
            SensitivityError::NonFiniteOutput { .. } => ErrorKind::Model,
            SensitivityError::NonFiniteInput { .. } => ErrorKind::InvalidValue,
        }
    }
}
