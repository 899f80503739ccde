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
    /// The CSV input cannot be read (an I/O error, or a header that is not CSV).
    #[error("CSV input: {message}")]
    Input {
        /// What is wrong.
        message: String,
    },
    /// The CSV header lacks columns of the layout: the missing names, the header's names, and a delimiter
    /// hint when the header looks delimited by another character than the configured one.
    #[error("the CSV header lacks column{} {} of the {layout} layout (the header's columns: {}){}",
        if missing.len() == 1 { "" } else { "s" },
        crate::error::quoted(missing),
        crate::error::quoted(found),
        hint.as_deref().map(|h| format!("; {h}")).unwrap_or_else(|| "; rename the columns or set ReadOptions::layout".into()))]
    Layout {
        /// The layout (`BACI t,i,j,k,v,q` or `named`).
        layout: &'static str,
        /// The expected column names not found in the header.
        missing: Vec<String>,
        /// The header's column names as read (trimmed).
        found: Vec<String>,
        /// What to do, when the header looks delimited by another character (`the file looks
        /// semicolon-delimited; set ReadOptions::delimiter to b';'`).
        hint: Option<String>,
    },
    /// A typed column (see [`crate::batch`]) holds a type its role does not accept (floats for a year or a
    /// code).
    #[error("column `{column}`: expected {expected}, found {found}")]
    ColumnType {
        /// The column's role (`year`, `exporter`, `importer`, `product`, `value`, `quantity`).
        column: String,
        /// The accepted types.
        expected: &'static str,
        /// The type found.
        found: String,
    },
    /// A data row has more or fewer fields than the header.
    #[error(
        "line {line}: {found} fields, but the header has {expected}; check the row for a missing or \
             extra delimiter or an unbalanced quote"
    )]
    RaggedRow {
        /// 1-based line number (the header is line 1).
        line: u64,
        /// The header's number of fields.
        expected: usize,
        /// The row's number of fields.
        found: usize,
    },
    /// Two rows give the same (year, exporter, importer, product) flow under
    /// [`DuplicatePolicy::Error`](crate::reader::DuplicatePolicy::Error).
    #[error(
        "line {line}: duplicate flow year {year}, exporter `{exporter}`, importer `{importer}`, product \
             `{product}` (first at line {first_line}); remove it or set ReadOptions::duplicates to \
             DuplicatePolicy::Sum or KeepFirst"
    )]
    DuplicateFlow {
        /// 1-based line of the repeated row.
        line: u64,
        /// 1-based line of the first row of that flow.
        first_line: u64,
        /// Year.
        year: u16,
        /// Exporter code.
        exporter: String,
        /// Importer code.
        importer: String,
        /// Product code (normalised).
        product: String,
    },
    /// A sum (or ratio) over the data exceeds `f64::MAX` (≈ 1.8e308), so it would be infinite and every
    /// share or unit value computed from it NaN.
    #[error(
        "{what} of exporter `{exporter}`, product `{product}`, year {year} ({location}) exceeds \
             f64::MAX ≈ 1.8e308; rescale the input (e.g. values in million rather than single USD)"
    )]
    Overflow {
        /// What overflows (`the cell's Σ value`, `the running total of all values`, `the unit value V/Q`, …).
        what: String,
        /// The exporter (country) of the cell.
        exporter: String,
        /// The product of the cell.
        product: String,
        /// The year of the cell.
        year: u16,
        /// Where: `line L` of a CSV, `flow i`, or `cell i`.
        location: String,
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
            ElasticityError::Layout { .. }
            | ElasticityError::RaggedRow { .. }
            | ElasticityError::ColumnType { .. } => ErrorKind::Parse,
            ElasticityError::DuplicateFlow { .. } => ErrorKind::Duplicate,
            ElasticityError::Overflow { .. } => ErrorKind::InvalidValue,
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

/// `` `a`, `b`, `c` `` (names in a message, separated).
pub(crate) fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, ElasticityError>;
