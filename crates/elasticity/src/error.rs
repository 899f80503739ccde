//! The error type of `mfg-quality-elasticity`.

/// Everything that can go wrong when reading trade flows or computing unit values, quality segments,
/// elasticities, quadrants, structure shares and decompositions.
///
/// Each variant names *what* is wrong and *where* (line and column of a CSV, exporter, product, industry,
/// year, parameter).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ElasticityError {
    /// A CSV row could not be parsed (wrong number of fields, a non-numeric number, an empty code).
    #[error("line {line}, column {column} (`{field}`): {message}")]
    Malformed {
        /// 1-based line number in the input (the header is line 1).
        line: u64,
        /// 1-based column number.
        column: u64,
        /// The column's name.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The CSV header lacks a required column or the input cannot be read.
    #[error("CSV input: {message}")]
    Input {
        /// What is wrong.
        message: String,
    },
    /// A trade value or quantity is negative.
    #[error("negative {what} {value} at {location}")]
    Negative {
        /// `value` or `quantity`.
        what: &'static str,
        /// The value found.
        value: f64,
        /// Where: `line L, column C` in a CSV, or `flow i` for in-memory flows.
        location: String,
    },
    /// A number is NaN or infinite.
    #[error("non-finite {what} at {location}")]
    NonFinite {
        /// What number (`value`, `quantity`, a parameter, a weight).
        what: String,
        /// Where: `line L, column C`, `flow i`, an industry or a parameter name.
        location: String,
    },
    /// A method parameter is outside its domain.
    #[error("parameter `{parameter}` = {value} is invalid: {reason}")]
    InvalidParameter {
        /// The parameter.
        parameter: &'static str,
        /// The value given.
        value: f64,
        /// The allowed domain.
        reason: &'static str,
    },
    /// A product code has no industry in a strict concordance.
    #[error("product `{product}` matches no prefix of the concordance (strict mode)")]
    UnknownProduct {
        /// The (normalised) product code.
        product: String,
    },
    /// A concordance is ill-formed (empty or non-numeric prefix, duplicate prefix with two industries).
    #[error("concordance: {message}")]
    Concordance {
        /// What is wrong, with the line or prefix.
        message: String,
    },
    /// An industry (in a period) has too few exporters for the elasticity regression.
    #[error(
        "industry `{industry}` in period {period} has {exporters} exporters and {observations} \
         observations; the regression needs at least {required} exporters and more observations than \
         absorbed parameters"
    )]
    TooFewExporters {
        /// The industry id.
        industry: String,
        /// The period label.
        period: String,
        /// Distinct exporters found.
        exporters: usize,
        /// Exporter–product observations found.
        observations: usize,
        /// Minimum number of exporters required.
        required: usize,
    },
    /// The regressor has no variation within products, or the fit is perfect, so the slope or its
    /// standard error is undefined.
    #[error("industry `{industry}` in period {period}: {reason}")]
    DegenerateRegression {
        /// The industry id.
        industry: String,
        /// The period label.
        period: String,
        /// `no within-product variation in log relative unit value` or `perfect fit: zero residual variance`.
        reason: &'static str,
    },
    /// A reference exporter has no exports of a product (or at all) in a year.
    #[error("reference exporter `{exporter}` has no positive-quantity exports{} in year {year}",
        product.as_ref().map(|p| format!(" of product `{p}`")).unwrap_or_default())]
    ReferenceAbsent {
        /// The reference exporter.
        exporter: String,
        /// The product, when the reference is product-by-product.
        product: Option<String>,
        /// The year.
        year: u16,
    },
    /// A named country, product, industry or year is not in the data.
    #[error("unknown {kind} `{name}`")]
    UnknownName {
        /// `country`, `product`, `industry` or `year`.
        kind: &'static str,
        /// The name asked for.
        name: String,
    },
    /// Input vectors that must have equal lengths do not, or weights that must be positive sum to zero.
    #[error("{what}: {message}")]
    Shape {
        /// What input.
        what: &'static str,
        /// What is wrong.
        message: String,
    },
    /// There is nothing to compute on (no flows, no positive value).
    #[error("empty input: {what}")]
    Empty {
        /// What is empty.
        what: String,
    },
}

impl ElasticityError {
    /// The family of this error, shared by every crate of `mfg-quality` (see
    /// [`ErrorKind`](mfg_quality_indicators::ErrorKind)).
    pub fn kind(&self) -> mfg_quality_indicators::ErrorKind {
        use mfg_quality_indicators::ErrorKind;
        match self {
            ElasticityError::Malformed { .. } | ElasticityError::Concordance { .. } => {
                ErrorKind::Parse
            }
            ElasticityError::Input { .. } => ErrorKind::Io,
            ElasticityError::Negative { .. } | ElasticityError::NonFinite { .. } => {
                ErrorKind::InvalidValue
            }
            ElasticityError::InvalidParameter { .. } => ErrorKind::InvalidParameter,
            ElasticityError::UnknownProduct { .. }
            | ElasticityError::UnknownName { .. }
            | ElasticityError::ReferenceAbsent { .. } => ErrorKind::NotFound,
            ElasticityError::TooFewExporters { .. }
            | ElasticityError::DegenerateRegression { .. }
            | ElasticityError::Empty { .. } => ErrorKind::Degenerate,
            ElasticityError::Shape { .. } => ErrorKind::Shape,
        }
    }
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, ElasticityError>;
