//! The error type of `mfg-quality-composite`.

use mfg_quality_indicators::IndicatorsError;
use mfg_quality_sensitivity::SensitivityError;

/// Everything that can go wrong when building or running a composite index, its uncertainty or its
/// sensitivity analysis. Each variant names what is wrong and where (unit, indicator, node, factor).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CompositeError {
    /// An error from the core types (framework, panel).
    #[error(transparent)]
    Indicators(#[from] IndicatorsError),

    /// An indicator of the framework is not in the panel.
    #[error("indicator `{indicator}` of the framework is missing from the panel")]
    IndicatorNotInPanel {
        /// The indicator id.
        indicator: String,
    },
    /// An indicator is constant (zero range or zero standard deviation), so the normalisation is undefined.
    #[error("indicator `{indicator}` is constant in period {period}: {method} is undefined")]
    ConstantIndicator {
        /// The indicator id.
        indicator: String,
        /// The period.
        period: i32,
        /// The method that needs variation (e.g. `min-max`, `z-score`).
        method: &'static str,
    },
    /// A value outside a method's domain (e.g. non-positive under a log, geometric or harmonic mean).
    #[error("{method}: value {value} of unit `{unit}` for `{indicator}` is not allowed: {reason}")]
    InvalidValue {
        /// The method.
        method: &'static str,
        /// The unit.
        unit: String,
        /// The indicator or node.
        indicator: String,
        /// The value.
        value: f64,
        /// Why.
        reason: &'static str,
    },
    /// A missing value where the declared policy is to fail.
    #[error(
        "missing value for unit `{unit}`, `{indicator}`, period {period}, and the missing-value policy is `error`"
    )]
    MissingValue {
        /// The unit.
        unit: String,
        /// The indicator or node.
        indicator: String,
        /// The period.
        period: i32,
    },
    /// Weights are negative, non-finite, or sum to zero, or have the wrong count.
    #[error("invalid weights for `{node}`: {reason}")]
    InvalidWeights {
        /// The node (or `<matrix>` for a free-standing call).
        node: String,
        /// Why.
        reason: String,
    },
    /// A method parameter is invalid (bounds, exponents, thresholds, probabilities...).
    #[error("invalid parameter `{parameter}` of {method}: {reason}")]
    InvalidParameter {
        /// The method.
        method: &'static str,
        /// The parameter.
        parameter: &'static str,
        /// Why.
        reason: String,
    },
    /// An AHP pairwise comparison matrix is malformed.
    #[error("AHP matrix{}: {reason}", node.as_ref().map(|n| format!(" for `{n}`")).unwrap_or_default())]
    InvalidPairwiseMatrix {
        /// The node it weights, if known.
        node: Option<String>,
        /// Why (wrong size, not positive, not reciprocal at (i, j)...).
        reason: String,
    },
    /// A benchmark or reference unit or period is not in the panel.
    #[error("reference {what} `{id}` is not in the panel")]
    UnknownReference {
        /// `unit` or `period`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// An aggregation key in a framework node cannot be parsed.
    #[error("node `{node}`: unknown aggregation `{key}`")]
    UnknownAggregation {
        /// The node.
        node: String,
        /// The key.
        key: String,
    },
    /// Too many alternatives for an exact method (e.g. Condorcet–Kemeny).
    #[error("{method} is exact and limited to {limit} units; got {n}")]
    TooLarge {
        /// The method.
        method: &'static str,
        /// The limit.
        limit: usize,
        /// The size asked for.
        n: usize,
    },
    /// Too few units or indicators for a method.
    #[error("{method} needs at least {needed} {what}, got {got}")]
    TooFew {
        /// The method.
        method: &'static str,
        /// What is counted (units, indicators, samples).
        what: &'static str,
        /// The minimum.
        needed: usize,
        /// What was given.
        got: usize,
    },
    /// A numerical routine failed (e.g. an eigen-decomposition or linear programme did not converge).
    #[error("{method}: {reason}")]
    Numerical {
        /// The method.
        method: &'static str,
        /// Why.
        reason: String,
    },
    /// A configuration or data file could not be read or parsed.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    // -- stage errors (screen, impute, treat, normalise, weights): add variants below this line --
    /// Screening removed every unit or every indicator (a panel cannot be empty).
    #[error("screening removed every {what}: none reaches the availability threshold {threshold}")]
    ScreenedOut {
        /// `unit` or `indicator`.
        what: &'static str,
        /// The threshold that nothing reached.
        threshold: f64,
    },
    /// An imputation method found no observed value to impute a cell from (and its fallback is `error`).
    #[error("{method}: no observed value to impute unit `{unit}`, `{indicator}`, period {period}")]
    NothingToImpute {
        /// The method.
        method: &'static str,
        /// The unit.
        unit: String,
        /// The indicator.
        indicator: String,
        /// The period.
        period: i32,
    },
    /// A benchmark or reference value is zero, so a ratio to it is undefined.
    #[error("{method}: the reference value of `{indicator}` in period {period} is zero")]
    ZeroReference {
        /// The method.
        method: &'static str,
        /// The indicator.
        indicator: String,
        /// The period.
        period: i32,
    },
    /// A column has zero mean, so its coefficient of variation is undefined.
    #[error("{method}: indicator `{indicator}` of `{node}` has zero mean")]
    ZeroMean {
        /// The method.
        method: &'static str,
        /// The node whose children are weighted (or `<matrix>`).
        node: String,
        /// The indicator (child id, or its index where no id is known).
        indicator: String,
    },
    /// A data column is constant where a method needs variation (e.g. a standardised PCA).
    #[error("{method}: indicator `{indicator}` is constant")]
    ConstantColumn {
        /// The method.
        method: &'static str,
        /// The indicator (id, or its index where no id is known).
        indicator: String,
    },

    /// Arithmetic on finite user data overflows f64 (values near ±1.8e308): a min-max range, a z-score's
    /// mean or standard deviation, a weighted sum.
    #[error(
        "{method}: {what} overflows f64 for `{indicator}` (unit `{unit}`, period {period}): the values are too large in magnitude; rescale them (e.g. divide the indicator by a power of ten, or log-transform it)"
    )]
    Overflow {
        /// The method.
        method: &'static str,
        /// What overflows (e.g. `the range max − min = 1.5e308 − -1e308`).
        what: String,
        /// The unit holding the largest value in magnitude (or the unit whose score overflows).
        unit: String,
        /// The indicator (or the node being aggregated).
        indicator: String,
        /// The period.
        period: i32,
    },
    /// An indicator has no observed value in a period (after screening, imputation and treatment), and the
    /// declared policy ([`MissingIndicatorPolicy::Error`](crate::pipeline::MissingIndicatorPolicy), the
    /// default) is to fail, or a data-driven method has no row to work on.
    #[error(
        "indicator `{indicator}` of `{node}` has no observed value in period {period}, so {method} cannot use it: impute it, screen it out (screening.min_indicator_availability), or declare `\"missing_indicator\": \"drop_with_warning\"`"
    )]
    NoData {
        /// What needs the data (`the pipeline`, `entropy weights`...).
        method: &'static str,
        /// The indicator (or child node) without data.
        indicator: String,
        /// Its parent node.
        node: String,
        /// The period.
        period: i32,
    },
    /// An AHP matrix is larger than its random-index table, so its consistency ratio `CR = CI / RI(n)` is
    /// undefined.
    #[error(
        "AHP matrix{}: {n} × {n} is beyond the {table} random-index table, which stops at n = {limit} (RI(n) is the mean consistency index of random reciprocal matrices, tabulated by simulation up to that size); use `\"random_index\": \"donegan_dodd1991\"` (n ≤ 100) or split the children into sub-groups of at most {limit}",
        node.as_ref().map(|n| format!(" for `{n}`")).unwrap_or_default()
    )]
    RandomIndexOutOfRange {
        /// The node it weights, if known.
        node: Option<String>,
        /// The table (e.g. `Saaty (1980)`).
        table: &'static str,
        /// The largest n of the table.
        limit: usize,
        /// The matrix size.
        n: usize,
    },
    /// A run would allocate more memory than [`MAX_ALLOCATION_BYTES`](crate::MAX_ALLOCATION_BYTES), checked
    /// before any allocation (a failed allocation would abort the process).
    #[error(
        "{method}: {parameter} = {size} would allocate about {bytes} bytes, more than the limit of {limit} bytes; lower {parameter} (or split the run)"
    )]
    TooMuchMemory {
        /// The method (e.g. `Monte Carlo`).
        method: &'static str,
        /// The user-sized parameter (e.g. `replications`).
        parameter: &'static str,
        /// Its value.
        size: usize,
        /// The bytes the run would allocate (saturating).
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },

    // -- aggregation and results errors: add variants below this line --
    /// The data, mask, weights or names given to a method do not have the announced shape.
    #[error("{method}: {what} has {got} entries, expected {expected}")]
    DimensionMismatch {
        /// The method.
        method: &'static str,
        /// What is mis-sized (`data`, `mask`, `weights`, `names`...).
        what: &'static str,
        /// The expected length.
        expected: usize,
        /// The length given.
        got: usize,
    },

    // (results and pipeline, helper B2b)
    /// A node id that is not in the framework of a result or configuration.
    #[error("unknown node `{node}`")]
    UnknownNode {
        /// The id asked for.
        node: String,
    },
    /// An operation that needs a group node was given an indicator (or the reverse).
    #[error("node `{node}` is {found}, but {operation} needs {expected}")]
    WrongNodeKind {
        /// The node.
        node: String,
        /// What the operation was.
        operation: &'static str,
        /// `a group` or `an indicator`.
        expected: &'static str,
        /// What the node is.
        found: &'static str,
    },
    /// Contributions are only additive under a weighted arithmetic mean.
    #[error(
        "contributions of the children of `{node}` are undefined: its aggregation `{aggregation}` is not additive (only `arithmetic` is)"
    )]
    NotAdditive {
        /// The parent node.
        node: String,
        /// Its aggregation.
        aggregation: String,
    },
    /// A results object or pipeline configuration is inconsistent (shapes, orders, unknown names).
    #[error("invalid {what}: {reason}")]
    Inconsistent {
        /// What (e.g. `results`, `pipeline configuration`).
        what: &'static str,
        /// Why.
        reason: String,
    },

    // -- uncertainty and sensitivity errors: add variants below this line --
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
    /// An uncertain factor is malformed (unknown node, spread outside [0, 1), bad bounds...).
    #[error("factor `{factor}`: {reason}")]
    InvalidFactor {
        /// The factor.
        factor: String,
        /// Why.
        reason: String,
    },
    /// The base sample size N is below the minimum of the requested Sobol order. No longer produced: the
    /// Sobol design (`mfg-quality-sensitivity`) reports it as
    /// [`SensitivityError::TooFew`] with its reason, in [`CompositeError::Sensitivity`].
    #[error(
        "Sobol {order} indices of {factors} factors need N >= {minimum} base samples, got N = {n}"
    )]
    SampleTooSmall {
        /// `first and total order` or `second order`.
        order: &'static str,
        /// The number of factors d.
        factors: usize,
        /// The minimum N.
        minimum: usize,
        /// The N asked for.
        n: usize,
    },
    /// The Sobol design exceeds what `sobol_burley` 0.5 supports (256 dimensions). No longer produced: the
    /// Sobol design (`mfg-quality-sensitivity`) reports [`SensitivityError::TooLarge`], in
    /// [`CompositeError::Sensitivity`], and accepts more than 2^16 points.
    #[error(
        "the Sobol sequence (sobol_burley) supports at most {limit} {what}; this design needs {needed}"
    )]
    SobolLimit {
        /// `points` or `dimensions (2 x the number of coordinates)`.
        what: &'static str,
        /// The limit.
        limit: usize,
        /// What the design needs.
        needed: usize,
    },
    /// A model returned NaN or an infinity.
    #[error(
        "model output {output} is {value} at sample {sample} (inputs {inputs:?}); outputs must be finite"
    )]
    NonFiniteOutput {
        /// The row of the design (Sobol) or the replication (Monte Carlo).
        sample: usize,
        /// Which output of a vector-valued model (0 for a scalar model).
        output: usize,
        /// The value returned.
        value: f64,
        /// The model inputs of that sample.
        inputs: Vec<f64>,
    },
    /// A vector-valued model returned a different number of outputs than at sample 0.
    #[error("model returned {got} outputs at sample {sample}, but {expected} at sample 0")]
    OutputLength {
        /// The row of the design.
        sample: usize,
        /// The count at sample 0.
        expected: usize,
        /// The count at this sample.
        got: usize,
    },
    /// A fallible model (e.g. a pipeline run) failed inside a Sobol design, where no row can be skipped.
    #[error("model failed at sample {sample}: {source}")]
    ModelFailed {
        /// The row of the design.
        sample: usize,
        /// The model's error.
        #[source]
        source: Box<CompositeError>,
    },
    /// The model output does not vary over the sample, so the indices (V_i / V with V = 0) are undefined.
    #[error(
        "output {output}: the model output has zero variance over the sample, so its Sobol indices are undefined"
    )]
    ZeroVariance {
        /// Which output of a vector-valued model (0 for a scalar model).
        output: usize,
    },
    /// The share of failed Monte Carlo replications exceeds the declared maximum.
    #[error(
        "{failed} of {total} replications failed (more than the allowed share {max_share}); first failure at replication {first_replication}: {first_error}"
    )]
    TooManyFailures {
        /// Failed replications.
        failed: usize,
        /// All replications.
        total: usize,
        /// The allowed share in [0, 1].
        max_share: f64,
        /// The first failed replication.
        first_replication: usize,
        /// Its error.
        first_error: Box<CompositeError>,
    },
    /// Text input (a JSON configuration) could not be parsed: malformed, a missing or unknown field, or a
    /// value out of its domain.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file (or `<json>` for in-memory text).
        path: String,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: u64,
        /// What is wrong (serde's message).
        message: String,
    },
    /// A run was cancelled through its cancellation flag.
    #[error("cancelled after {done} of {total} runs")]
    Cancelled {
        /// Runs completed.
        done: usize,
        /// Runs planned.
        total: usize,
    },
    /// An error of the sensitivity analysis ([`mfg_quality_sensitivity`]) with no variant of the same
    /// meaning here (e.g. a base sample below the Sobol minimum, with the reason).
    #[error(transparent)]
    Sensitivity(SensitivityError),
}

impl From<SensitivityError> for CompositeError {
    /// A sensitivity error as the variant of the same meaning where this crate has one (so that matching on
    /// `EmptyChoices`, `ZeroVariance`, `NonFiniteOutput`, `ModelFailed`, `Cancelled`, ... keeps working
    /// whichever crate raised it); otherwise kept whole in [`CompositeError::Sensitivity`].
    fn from(e: SensitivityError) -> Self {
        match e {
            SensitivityError::EmptyChoices { factor } => CompositeError::EmptyChoices { factor },
            SensitivityError::InvalidProbabilities { factor, reason } => {
                CompositeError::InvalidProbabilities { factor, reason }
            }
            SensitivityError::InvalidFactor { factor, reason } => {
                CompositeError::InvalidFactor { factor, reason }
            }
            SensitivityError::InvalidMarginal {
                factor,
                distribution,
                parameter,
                reason,
            } => CompositeError::InvalidFactor {
                factor,
                reason: format!("invalid {distribution} marginal: `{parameter}` {reason}"),
            },
            SensitivityError::InvalidParameter {
                method,
                parameter,
                reason,
            } => CompositeError::InvalidParameter {
                method,
                parameter,
                reason,
            },
            SensitivityError::ZeroVariance { output } => CompositeError::ZeroVariance { output },
            SensitivityError::NonFiniteOutput {
                sample,
                output,
                value,
                inputs,
            } => CompositeError::NonFiniteOutput {
                sample,
                output,
                value,
                inputs,
            },
            SensitivityError::OutputLength {
                sample,
                expected,
                got,
            } => CompositeError::OutputLength {
                sample,
                expected,
                got,
            },
            SensitivityError::Cancelled { done, total } => {
                CompositeError::Cancelled { done, total }
            }
            SensitivityError::ModelFailed { sample, source } => {
                match source.downcast_ref::<CompositeError>() {
                    Some(inner) => CompositeError::ModelFailed {
                        sample,
                        source: Box::new(inner.clone()),
                    },
                    None => CompositeError::Sensitivity(SensitivityError::ModelFailed {
                        sample,
                        source,
                    }),
                }
            }
            other => CompositeError::Sensitivity(other),
        }
    }
}

/// Shorthand for `Result<T, CompositeError>`.
pub type Result<T> = std::result::Result<T, CompositeError>;

impl CompositeError {
    /// The family of this error, shared by every crate of `mfg-quality`
    /// ([`ErrorKind`](mfg_quality_indicators::ErrorKind)): match on it to treat, say, every bad parameter
    /// or every degenerate data set alike without listing variants.
    pub fn kind(&self) -> mfg_quality_indicators::ErrorKind {
        use mfg_quality_indicators::ErrorKind;
        match self {
            CompositeError::Indicators(e) => e.kind(),
            CompositeError::IndicatorNotInPanel { .. }
            | CompositeError::UnknownReference { .. }
            | CompositeError::UnknownAggregation { .. }
            | CompositeError::UnknownNode { .. } => ErrorKind::NotFound,
            CompositeError::InvalidValue { .. } => ErrorKind::InvalidValue,
            CompositeError::MissingValue { .. } | CompositeError::NothingToImpute { .. } => {
                ErrorKind::Missing
            }
            CompositeError::InvalidWeights { .. }
            | CompositeError::InvalidParameter { .. }
            | CompositeError::InvalidPairwiseMatrix { .. }
            | CompositeError::WrongNodeKind { .. }
            | CompositeError::NotAdditive { .. }
            | CompositeError::EmptyChoices { .. }
            | CompositeError::InvalidProbabilities { .. }
            | CompositeError::InvalidFactor { .. } => ErrorKind::InvalidParameter,
            CompositeError::ConstantIndicator { .. }
            | CompositeError::ConstantColumn { .. }
            | CompositeError::ZeroReference { .. }
            | CompositeError::ZeroMean { .. }
            | CompositeError::TooFew { .. }
            | CompositeError::ScreenedOut { .. }
            | CompositeError::SampleTooSmall { .. } => ErrorKind::Degenerate,
            CompositeError::TooLarge { .. }
            | CompositeError::SobolLimit { .. }
            | CompositeError::RandomIndexOutOfRange { .. }
            | CompositeError::TooMuchMemory { .. } => ErrorKind::Limit,
            CompositeError::Overflow { .. } => ErrorKind::InvalidValue,
            CompositeError::NoData { .. } => ErrorKind::Missing,
            CompositeError::Numerical { .. } => ErrorKind::Numerical,
            CompositeError::Io { .. } => ErrorKind::Io,
            CompositeError::Parse { .. } => ErrorKind::Parse,
            CompositeError::DimensionMismatch { .. } | CompositeError::Inconsistent { .. } => {
                ErrorKind::Shape
            }
            CompositeError::NonFiniteOutput { .. }
            | CompositeError::OutputLength { .. }
            | CompositeError::ModelFailed { .. }
            | CompositeError::ZeroVariance { .. }
            | CompositeError::TooManyFailures { .. } => ErrorKind::Model,
            CompositeError::Cancelled { .. } => ErrorKind::Cancelled,
            CompositeError::Sensitivity(e) => e.kind(),
        }
    }
}
