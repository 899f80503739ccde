//! The crate's error type.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

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
    #[error(
        "model output {output} is {value} at sample {sample} (inputs {inputs:?}); outputs must be finite"
    )]
    NonFiniteOutput {
        /// The 0-based sample (row of the design).
        sample: usize,
        /// The 0-based output.
        output: usize,
        /// The value returned.
        value: f64,
        /// The model inputs of that sample (empty when an analysis was given the outputs alone).
        inputs: Vec<f64>,
    },
    /// A fallible model failed at a sample; every sample of a design is needed, so none can be skipped.
    #[error("model failed at sample {sample}: {source}")]
    ModelFailed {
        /// The 0-based sample (row of the design).
        sample: usize,
        /// The model's own error (downcast it with [`ModelError::downcast_ref`]).
        #[source]
        source: ModelError,
    },
    /// A run was cancelled through its cancellation flag ([`Control::cancel`](crate::parallel::Control)).
    #[error("cancelled after {done} of {total} runs")]
    Cancelled {
        /// Runs completed.
        done: usize,
        /// Runs planned.
        total: usize,
    },
    /// A factor is malformed: no coordinate, a duplicate name.
    #[error("factor `{factor}`: {reason}")]
    InvalidFactor {
        /// The factor.
        factor: String,
        /// Why.
        reason: String,
    },
    /// A marginal distribution's parameters are out of their domain (e.g. `lo >= hi`, `sd <= 0`, a mode
    /// outside the bounds). `factor` is empty when the marginal was built on its own.
    #[error("factor `{factor}`: invalid {distribution} marginal: `{parameter}` {reason}")]
    InvalidMarginal {
        /// The factor (empty for a marginal checked outside a design).
        factor: String,
        /// The distribution (`uniform`, `normal`, `triangular`, `log_uniform`, `log_normal`,
        /// `truncated_normal`).
        distribution: &'static str,
        /// The offending parameter.
        parameter: &'static str,
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// A discrete factor declares no choices.
    #[error("factor `{factor}`: the list of choices is empty")]
    EmptyChoices {
        /// The factor.
        factor: String,
    },
    /// A discrete factor's probabilities are negative, non-finite or do not sum to 1 (within 1e-9).
    #[error(
        "factor `{factor}`: choice probabilities must be finite, non-negative and sum to 1 (within 1e-9): {reason}"
    )]
    InvalidProbabilities {
        /// The factor.
        factor: String,
        /// Why (e.g. the sum found).
        reason: String,
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
            SensitivityError::InvalidParameter { .. }
            | SensitivityError::InvalidFactor { .. }
            | SensitivityError::InvalidMarginal { .. }
            | SensitivityError::EmptyChoices { .. }
            | SensitivityError::InvalidProbabilities { .. } => ErrorKind::InvalidParameter,
            SensitivityError::TooFew { .. } | SensitivityError::ZeroVariance { .. } => {
                ErrorKind::Degenerate
            }
            SensitivityError::TooLarge { .. } => ErrorKind::Limit,
            SensitivityError::DimensionMismatch { .. } | SensitivityError::OutputLength { .. } => {
                ErrorKind::Shape
            }
            SensitivityError::NonFiniteOutput { .. } | SensitivityError::ModelFailed { .. } => {
                ErrorKind::Model
            }
            SensitivityError::Cancelled { .. } => ErrorKind::Cancelled,
            SensitivityError::NonFiniteInput { .. } => ErrorKind::InvalidValue,
        }
    }
}

/// The error of a user's model, kept behind a shared pointer so that [`SensitivityError`] stays `Clone`.
/// Two model errors compare equal when their messages do.
#[derive(Clone)]
pub struct ModelError(Arc<dyn StdError + Send + Sync + 'static>);

impl ModelError {
    /// Wraps any error.
    pub fn new<E: StdError + Send + Sync + 'static>(e: E) -> Self {
        ModelError(Arc::new(e))
    }

    /// The model's error as its concrete type, if it is an `E`.
    pub fn downcast_ref<E: StdError + 'static>(&self) -> Option<&E> {
        self.0.downcast_ref::<E>()
    }

    /// The wrapped error.
    pub fn get(&self) -> &(dyn StdError + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Debug for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl StdError for ModelError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0.source()
    }
}

impl PartialEq for ModelError {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.to_string() == other.0.to_string()
    }
}
