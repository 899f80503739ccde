//! The error type of `mfg-quality-indicators`.

use std::path::PathBuf;

/// Everything that can go wrong when building or reading indicators, frameworks and panels.
///
/// Each variant carries *what* is wrong and *where* (file, line, column, unit, indicator, node).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum IndicatorsError {
    /// A file or in-memory text could not be parsed.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The file (or a label such as `<string>` for in-memory input).
        path: PathBuf,
        /// 1-based line number (the header is line 1).
        line: u64,
        /// 1-based column number (field index for CSV), 0 when not applicable.
        column: u64,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read.
    #[error("cannot read {}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// The same id appears twice among the nodes of a framework, the units or the indicators of a panel.
    #[error("duplicate {kind} id `{id}`")]
    DuplicateId {
        /// What kind of thing (node, unit, indicator, period).
        kind: &'static str,
        /// The repeated id.
        id: String,
    },
    /// An id that must not be empty is empty.
    #[error("empty {kind} id")]
    EmptyId {
        /// What kind of thing (node, unit, indicator).
        kind: &'static str,
    },
    /// A weight is negative, NaN or infinite.
    #[error("node `{node}` has invalid weight {weight}: weights must be finite and non-negative")]
    InvalidWeight {
        /// The node.
        node: String,
        /// The weight given.
        weight: f64,
    },
    /// The weights of a group's children sum to zero, so they cannot be normalised.
    #[error("the children of `{node}` have weights summing to zero")]
    ZeroWeightSum {
        /// The group node.
        node: String,
    },
    /// A group node has no children.
    #[error("group `{node}` has no children")]
    EmptyGroup {
        /// The group node.
        node: String,
    },
    /// A leaf of the tree is not an indicator.
    #[error("leaf node `{node}` is not an indicator")]
    LeafNotIndicator {
        /// The node.
        node: String,
    },
    /// A node names a parent that does not exist.
    #[error("node `{node}` names parent `{parent}`, which does not exist")]
    Orphan {
        /// The node.
        node: String,
        /// The missing parent id.
        parent: String,
    },
    /// Parent links form a cycle.
    #[error("framework has a cycle through node `{node}`")]
    Cycle {
        /// A node on the cycle.
        node: String,
    },
    /// Zero or several nodes have no parent.
    #[error("framework must have exactly one root, found {count}: {roots:?}")]
    RootCount {
        /// How many parentless nodes there are.
        count: usize,
        /// Their ids.
        roots: Vec<String>,
    },
    /// A value is NaN or infinite.
    #[error("non-finite value {value} for unit `{unit}`, indicator `{indicator}`, period {period}")]
    NonFinite {
        /// The unit.
        unit: String,
        /// The indicator.
        indicator: String,
        /// The period.
        period: i32,
        /// The value.
        value: f64,
    },
    /// The same (unit, indicator, period) cell is given twice.
    #[error("duplicate value for unit `{unit}`, indicator `{indicator}`, period {period}")]
    DuplicateCell {
        /// The unit.
        unit: String,
        /// The indicator.
        indicator: String,
        /// The period.
        period: i32,
    },
    /// A unit code is not in the panel.
    #[error("unknown unit `{unit}`")]
    UnknownUnit {
        /// The unit code asked for.
        unit: String,
    },
    /// An indicator id is not in the panel or framework.
    #[error("unknown indicator `{indicator}`")]
    UnknownIndicator {
        /// The indicator id asked for.
        indicator: String,
    },
    /// A period is not in the panel.
    #[error("unknown period {period}")]
    UnknownPeriod {
        /// The period asked for.
        period: i32,
    },
    /// A dimension of the panel is empty.
    #[error("a panel needs at least one {dimension}")]
    EmptyDimension {
        /// `unit`, `indicator` or `period`.
        dimension: &'static str,
    },
    /// Column lengths do not match the panel's shape.
    #[error("shape mismatch: {what} has length {got}, expected {expected}")]
    Shape {
        /// Which input.
        what: String,
        /// Its length.
        got: usize,
        /// The expected length.
        expected: usize,
    },
    /// A quality-efficiency formula has a zero (or negative where not allowed) denominator.
    #[error("{formula}: denominator `{denominator}` is {value}; it must be positive")]
    ZeroDenominator {
        /// The formula.
        formula: &'static str,
        /// The denominator's name.
        denominator: &'static str,
        /// Its value.
        value: f64,
    },
    /// An input to a formula is outside its domain (negative, NaN, infinite).
    #[error("{formula}: input `{input}` = {value} is invalid: {reason}")]
    InvalidInput {
        /// The formula.
        formula: &'static str,
        /// The input's name.
        input: &'static str,
        /// Its value.
        value: f64,
        /// Why it is invalid.
        reason: &'static str,
    },
    /// A semantic error found at a position in a file: the inner error says what (duplicate cell, unknown
    /// indicator, non-finite value, framework cycle or orphan …), the outer one where.
    #[error("{}:{line}:{column}: {source}", path.display())]
    Located {
        /// The file (or `<string>` for in-memory input).
        path: PathBuf,
        /// 1-based line number (the header is line 1).
        line: u64,
        /// 1-based column number, 0 when the error concerns the whole row.
        column: u64,
        /// What is wrong.
        #[source]
        source: Box<IndicatorsError>,
    },
}

impl IndicatorsError {
    /// The error itself, looking through [`IndicatorsError::Located`] (for matching on what is wrong).
    pub fn inner(&self) -> &IndicatorsError {
        match self {
            IndicatorsError::Located { source, .. } => source.inner(),
            other => other,
        }
    }

    /// The (line, column) of a [`IndicatorsError::Parse`] or [`IndicatorsError::Located`] error.
    pub fn position(&self) -> Option<(u64, u64)> {
        match self {
            IndicatorsError::Parse { line, column, .. }
            | IndicatorsError::Located { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// Shorthand for `Result<T, IndicatorsError>`.
pub type Result<T> = std::result::Result<T, IndicatorsError>;

/// The family of an error, shared by every crate of `mfg-quality`, so that a caller can match on what kind of
/// thing went wrong without knowing each crate's variants (as polars' `ColumnNotFound`, `SchemaMismatch`, …).
///
/// Every crate's error enum has a `kind()` method returning one of these; the variant itself carries the
/// names (unit, indicator, node, period, line, column) of where it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be opened, read or written.
    Io,
    /// Text input (CSV, JSON) is malformed: the error names the line and column.
    Parse,
    /// A named thing (unit, indicator, node, period, product, group, reference) does not exist.
    NotFound,
    /// A name or cell is given twice.
    Duplicate,
    /// Lengths or dimensions do not fit together, or a dimension is empty.
    Shape,
    /// A value of the data is outside what is allowed (NaN, ±Inf, negative, non-positive under a logarithm).
    InvalidValue,
    /// A value is missing where the declared policy is to fail, or nothing is observed to work from.
    Missing,
    /// A method's parameter or a configuration value is out of its range.
    InvalidParameter,
    /// The data lack what a method needs: no variation, too few points or groups, a zero total.
    Degenerate,
    /// A size is beyond a documented limit (too large to allocate or to enumerate).
    Limit,
    /// A numerical procedure failed (no convergence, a singular system, an infeasible program).
    Numerical,
    /// A model evaluated by an analysis failed or returned an unusable output.
    Model,
    /// The caller cancelled the computation.
    Cancelled,
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ErrorKind::Io => "i/o",
            ErrorKind::Parse => "parse",
            ErrorKind::NotFound => "not found",
            ErrorKind::Duplicate => "duplicate",
            ErrorKind::Shape => "shape",
            ErrorKind::InvalidValue => "invalid value",
            ErrorKind::Missing => "missing",
            ErrorKind::InvalidParameter => "invalid parameter",
            ErrorKind::Degenerate => "degenerate data",
            ErrorKind::Limit => "limit",
            ErrorKind::Numerical => "numerical",
            ErrorKind::Model => "model",
            ErrorKind::Cancelled => "cancelled",
        })
    }
}

impl IndicatorsError {
    /// The family of this error (looking through [`IndicatorsError::Located`]).
    pub fn kind(&self) -> ErrorKind {
        match self.inner() {
            IndicatorsError::Parse { .. } => ErrorKind::Parse,
            IndicatorsError::Io { .. } => ErrorKind::Io,
            IndicatorsError::DuplicateId { .. } | IndicatorsError::DuplicateCell { .. } => {
                ErrorKind::Duplicate
            }
            IndicatorsError::EmptyId { .. }
            | IndicatorsError::LeafNotIndicator { .. }
            | IndicatorsError::Orphan { .. }
            | IndicatorsError::Cycle { .. }
            | IndicatorsError::RootCount { .. }
            | IndicatorsError::EmptyGroup { .. } => ErrorKind::InvalidParameter,
            IndicatorsError::InvalidWeight { .. } | IndicatorsError::ZeroWeightSum { .. } => {
                ErrorKind::InvalidParameter
            }
            IndicatorsError::NonFinite { .. } | IndicatorsError::InvalidInput { .. } => {
                ErrorKind::InvalidValue
            }
            IndicatorsError::UnknownUnit { .. }
            | IndicatorsError::UnknownIndicator { .. }
            | IndicatorsError::UnknownPeriod { .. } => ErrorKind::NotFound,
            IndicatorsError::EmptyDimension { .. } | IndicatorsError::Shape { .. } => {
                ErrorKind::Shape
            }
            IndicatorsError::ZeroDenominator { .. } => ErrorKind::Degenerate,
            IndicatorsError::Located { .. } => ErrorKind::Parse,
        }
    }
}
