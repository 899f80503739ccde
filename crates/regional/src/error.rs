//! The error type of `mfg-quality-regional`.

/// Everything that can go wrong in a regional analysis. Each variant names what is wrong and where (unit,
/// group, period, position, method).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RegionalError {
    /// A unit code (or name) is not in the region map.
    #[error("unit `{unit}` is not in the region map `{map}`")]
    UnknownUnit {
        /// The code or name looked up.
        unit: String,
        /// The map's name.
        map: String,
    },
    /// A group name is not a group of the map or grouping.
    #[error("group `{group}` is not a group of `{context}`")]
    UnknownGroup {
        /// The group looked up.
        group: String,
        /// Where it was looked up (map name or method).
        context: String,
    },
    /// An indicator is not in the panel.
    #[error("indicator `{indicator}` is not in the panel")]
    UnknownIndicator {
        /// The indicator id.
        indicator: String,
    },
    /// A unit code appears twice, or a name is used by two different units.
    #[error("duplicate {kind} `{id}` in the region map `{map}`")]
    Duplicate {
        /// `code`, `name` or `group`.
        kind: &'static str,
        /// The duplicated identifier.
        id: String,
        /// The map's name.
        map: String,
    },
    /// An empty code or group name.
    #[error("empty {kind} at row {row} of the region map `{map}`")]
    EmptyId {
        /// `code` or `group`.
        kind: &'static str,
        /// 1-based row (data row, not counting the header).
        row: usize,
        /// The map's name.
        map: String,
    },
    /// A group has no units (in the map, or among the observations of a period).
    #[error("group `{group}` has no units{}", period.map(|p| format!(" in period {p}")).unwrap_or_default())]
    EmptyGroup {
        /// The group.
        group: String,
        /// The period, if the data are a panel.
        period: Option<i32>,
    },
    /// A CSV file could not be read.
    #[error("CSV error at line {line}: {message}")]
    Csv {
        /// 1-based line (0 if unknown).
        line: u64,
        /// The parser's message.
        message: String,
    },
    /// A required CSV column is missing.
    #[error("CSV column `{column}` is missing")]
    MissingColumn {
        /// The column name.
        column: String,
    },
    /// A NaN or ±Inf in the input.
    #[error("{what}: value at position {position} is not finite ({value})")]
    NonFinite {
        /// Which input (`values`, `weights`, `x`, `y`, ...).
        what: &'static str,
        /// 0-based position in that input.
        position: usize,
        /// The value.
        value: f64,
    },
    /// A value's magnitude exceeds [`MAGNITUDE_LIMIT`] (`1e75`): the fourth-order products of a method
    /// (robust variances, kurtoses) over the units would exceed `f64::MAX`.
    #[error(
        "{what}: value {value:e} at position {position} exceeds the magnitude limit {limit:e} (the \
         method's fourth-order products would overflow f64); rescale the input (e.g. to thousands or millions)"
    )]
    TooLarge {
        /// Which input.
        what: &'static str,
        /// 0-based position in that input.
        position: usize,
        /// The value.
        value: f64,
        /// The limit ([`MAGNITUDE_LIMIT`]).
        limit: f64,
    },
    /// Two inputs that must have equal lengths do not.
    #[error("{what}: length {got}, expected {expected}")]
    LengthMismatch {
        /// Which input.
        what: &'static str,
        /// Its length.
        got: usize,
        /// The length required.
        expected: usize,
    },
    /// Too few observations for a method.
    #[error("{method} needs at least {min} observations, got {n}: {}", why_minimum(method, *min))]
    TooFewPoints {
        /// The method.
        method: &'static str,
        /// Observations available.
        n: usize,
        /// Observations required.
        min: usize,
    },
    /// Too few groups for a method.
    #[error("{method} needs at least {min} groups, got {groups}")]
    TooFewGroups {
        /// The method.
        method: &'static str,
        /// Groups available.
        groups: usize,
        /// Groups required.
        min: usize,
    },
    /// A variable has no variation, so the method is undefined.
    #[error("{method}: `{variable}` has zero variance")]
    ZeroVariance {
        /// The method.
        method: &'static str,
        /// The variable (`x`, `y`, `within-group`, ...).
        variable: &'static str,
    },
    /// A value outside a method's domain: non-positive under a log or a Theil index, negative under a Gini.
    #[error("{method}: value {value} at position {position} is not allowed ({reason})")]
    NonPositive {
        /// The method.
        method: &'static str,
        /// 0-based position.
        position: usize,
        /// The value.
        value: f64,
        /// Why (`must be > 0`, `must be >= 0`).
        reason: &'static str,
    },
    /// The values (or weights) sum to zero, so a mean-normalised index is undefined.
    #[error("{method}: the {what} sum to zero")]
    ZeroTotal {
        /// The method.
        method: &'static str,
        /// `values` or `weights`.
        what: &'static str,
    },
    /// An invalid weight (negative).
    #[error("weight at position {position} is negative ({value})")]
    NegativeWeight {
        /// 0-based position.
        position: usize,
        /// The weight.
        value: f64,
    },
    /// A parameter outside its range (confidence level, tolerance, horizon).
    #[error("parameter `{parameter}` = {value} is invalid: {reason}")]
    InvalidParameter {
        /// The parameter.
        parameter: &'static str,
        /// Its value.
        value: f64,
        /// The allowed range.
        reason: &'static str,
    },
    /// Components do not add up to the stated total.
    #[error(
        "components sum to {sum} but the {period} total is {total} (discrepancy {discrepancy}, tolerance {tolerance})"
    )]
    ComponentsDoNotAddUp {
        /// `previous` or `current`.
        period: &'static str,
        /// The stated total.
        total: f64,
        /// The sum of the components.
        sum: f64,
        /// `sum − total`.
        discrepancy: f64,
        /// The tolerance used.
        tolerance: f64,
    },
    /// Growth rates and shares that cannot come from the assumed components (e.g. implied shares outside
    /// [0, 1], or two components with the same growth rate).
    #[error("inconsistent {what}: {reason}")]
    Inconsistent {
        /// What was being solved for.
        what: &'static str,
        /// Why it has no valid solution.
        reason: String,
    },
    /// A spatial weights matrix is not square: a row has the wrong number of entries.
    #[error(
        "spatial weights: row {row} has {len} entries, expected {expected} (the matrix must be square)"
    )]
    NotSquare {
        /// 0-based row.
        row: usize,
        /// Its number of entries.
        len: usize,
        /// The number of rows.
        expected: usize,
    },
    /// A spatial weight that is negative, not finite, or on the diagonal (a unit cannot neighbour itself).
    #[error("spatial weights: entry ({row}, {column}) = {value} is invalid: {reason}")]
    InvalidSpatialWeight {
        /// 0-based row.
        row: usize,
        /// 0-based column.
        column: usize,
        /// The entry.
        value: f64,
        /// Why (`negative`, `not finite`, `non-zero diagonal`).
        reason: &'static str,
    },
    /// A unit without neighbours (an island, e.g. Hainan under land contiguity): its row of the weights
    /// matrix sums to zero, so its spatial lag is undefined.
    #[error("spatial weights: unit `{unit}` (position {position}) has no neighbours")]
    IsolatedUnit {
        /// The unit's label.
        unit: String,
        /// 0-based position.
        position: usize,
    },
    /// The regressors of a least-squares fit are linearly dependent (or there are no more observations than
    /// parameters).
    #[error("{method}: the design matrix ({rows} x {columns}) does not have full column rank")]
    RankDeficient {
        /// The method.
        method: &'static str,
        /// Observations.
        rows: usize,
        /// Parameters.
        columns: usize,
    },
    /// An exact p-value was requested where it is not available.
    #[error("{method}: exact p-value not available for n = {n}: {reason}")]
    ExactUnavailable {
        /// The method.
        method: &'static str,
        /// Observations.
        n: usize,
        /// Why (ties, n too large).
        reason: &'static str,
    },
    /// The periods of a panel are not equally spaced (a fixed-effects convergence regression needs one
    /// interval length).
    #[error("periods are not equally spaced: gap {gap} after period {period}, expected {expected}")]
    UnequalSpacing {
        /// 0-based period before the gap.
        period: usize,
        /// The gap found.
        gap: f64,
        /// The first gap.
        expected: f64,
    },
}

impl RegionalError {
    /// The family of this error, shared by every crate of `mfg-quality` (see
    /// [`ErrorKind`](mfg_quality_indicators::ErrorKind)).
    pub fn kind(&self) -> mfg_quality_indicators::ErrorKind {
        use mfg_quality_indicators::ErrorKind;
        match self {
            RegionalError::UnknownUnit { .. }
            | RegionalError::UnknownGroup { .. }
            | RegionalError::UnknownIndicator { .. }
            | RegionalError::MissingColumn { .. } => ErrorKind::NotFound,
            RegionalError::Duplicate { .. } => ErrorKind::Duplicate,
            RegionalError::EmptyId { .. } | RegionalError::Csv { .. } => ErrorKind::Parse,
            RegionalError::NonFinite { .. }
            | RegionalError::NonPositive { .. }
            | RegionalError::NegativeWeight { .. } => ErrorKind::InvalidValue,
            RegionalError::LengthMismatch { .. } => ErrorKind::Shape,
            RegionalError::TooLarge { .. } => ErrorKind::Limit,
            RegionalError::EmptyGroup { .. }
            | RegionalError::TooFewPoints { .. }
            | RegionalError::TooFewGroups { .. }
            | RegionalError::ZeroVariance { .. }
            | RegionalError::ZeroTotal { .. } => ErrorKind::Degenerate,
            RegionalError::InvalidParameter { .. } => ErrorKind::InvalidParameter,
            RegionalError::ComponentsDoNotAddUp { .. } => ErrorKind::Numerical,
            RegionalError::Inconsistent { .. } => ErrorKind::InvalidValue,
            RegionalError::NotSquare { .. } | RegionalError::UnequalSpacing { .. } => {
                ErrorKind::Shape
            }
            RegionalError::InvalidSpatialWeight { .. } => ErrorKind::InvalidValue,
            RegionalError::IsolatedUnit { .. } | RegionalError::RankDeficient { .. } => {
                ErrorKind::Degenerate
            }
            RegionalError::ExactUnavailable { .. } => ErrorKind::InvalidParameter,
        }
    }
}

/// Why a method needs the minimum number of observations of [`RegionalError::TooFewPoints`].
fn why_minimum(method: &str, min: usize) -> &'static str {
    let m = method.to_ascii_lowercase();
    if min <= 1 {
        "there is nothing to compute on"
    } else if m.contains("anova") {
        "the within-group variance has N − k degrees of freedom and needs at least one"
    } else if m.contains("panel beta") && m.contains("period") {
        "each unit needs two growth spells"
    } else if m.contains("sigma") && m.contains("period") {
        "a trend in dispersion needs two periods"
    } else if m.contains("moran")
        || m.contains("geary")
        || m.contains("lisa")
        || m.contains("spatial")
    {
        "the randomisation variance divides by (n − 1)(n − 2)"
    } else if min == 2 {
        "a sample dispersion (n − 1 in the denominator) needs two values"
    } else {
        "a fitted slope leaves n − 2 residual degrees of freedom, and its test or interval needs at least one"
    }
}

/// `Result` with [`RegionalError`].
pub type Result<T> = std::result::Result<T, RegionalError>;

/// Checks that every value is finite.
/// The largest magnitude a value of the input may have: `|x| ≤ 1e75`, so that the fourth-order products of
/// the methods (`x² e²` in HC1 standard errors, `z⁴` in kurtoses, ≤ 1e300) and their sums over up to 10⁸
/// units stay within `f64` (≈ 1.8e308) and no method's result overflows. Larger values are
/// [`RegionalError::TooLarge`]: rescale them (thousands, millions, or logarithms).
pub const MAGNITUDE_LIMIT: f64 = 1e75;

pub(crate) fn check_finite(what: &'static str, x: &[f64]) -> Result<()> {
    match x
        .iter()
        .position(|v| !v.is_finite() || v.abs() > MAGNITUDE_LIMIT)
    {
        Some(position) if !x[position].is_finite() => Err(RegionalError::NonFinite {
            what,
            position,
            value: x[position],
        }),
        Some(position) => Err(RegionalError::TooLarge {
            what,
            position,
            value: x[position],
            limit: MAGNITUDE_LIMIT,
        }),
        None => Ok(()),
    }
}

/// Checks that `x` has length `expected`.
pub(crate) fn check_len(what: &'static str, x: &[f64], expected: usize) -> Result<()> {
    if x.len() == expected {
        Ok(())
    } else {
        Err(RegionalError::LengthMismatch {
            what,
            got: x.len(),
            expected,
        })
    }
}

/// Checks optional weights: right length, finite, non-negative, positive sum.
pub(crate) fn check_weights(w: &[f64], n: usize, method: &'static str) -> Result<()> {
    check_len("weights", w, n)?;
    check_finite("weights", w)?;
    if let Some(position) = w.iter().position(|&v| v < 0.0) {
        return Err(RegionalError::NegativeWeight {
            position,
            value: w[position],
        });
    }
    if w.iter().sum::<f64>() <= 0.0 {
        return Err(RegionalError::ZeroTotal {
            method,
            what: "weights",
        });
    }
    Ok(())
}

/// Checks a confidence level in (0, 1).
pub(crate) fn check_level(level: f64) -> Result<()> {
    if level.is_finite() && level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(RegionalError::InvalidParameter {
            parameter: "level",
            value: level,
            reason: "a confidence level must be in (0, 1)",
        })
    }
}
