//! A tidy table of estimates (broom's column names, one row per coefficient).

use std::fmt::Write as _;

use crate::Coefficient;

/// The tidy table of a fit: `term, estimate, std_error, statistic, p_value, conf_low, conf_high`.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    rows: Vec<Coefficient>,
    level: f64,
}

impl Table {
    /// The column names, in order.
    pub const COLUMNS: [&'static str; 7] = [
        "term",
        "estimate",
        "std_error",
        "statistic",
        "p_value",
        "conf_low",
        "conf_high",
    ];

    pub(crate) fn new(rows: Vec<Coefficient>, level: f64) -> Self {
        Self { rows, level }
    }

    /// The rows, one per estimated coefficient.
    pub fn rows(&self) -> &[Coefficient] {
        &self.rows
    }

    /// Former name of [`Table::write_csv_str`].
    #[deprecated(note = "renamed to `write_csv_str` (in-memory text is `*_str`)")]
    pub fn to_csv(&self) -> String {
        self.write_csv_str()
    }

    /// The confidence level of `conf_low` / `conf_high` (e.g. 0.95).
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The table as CSV with a header line; numbers in Rust's shortest round-trip form, names quoted when
    /// they contain a comma, a quote or a line break.
    pub fn write_csv_str(&self) -> String {
        let mut s = Self::COLUMNS.join(",");
        s.push('\n');
        for r in &self.rows {
            let name = if r.name.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", r.name.replace('"', "\"\""))
            } else {
                r.name.clone()
            };
            // Writing to a String cannot fail.
            let _ = writeln!(
                s,
                "{name},{},{},{},{},{},{}",
                r.estimate, r.std_error, r.statistic, r.p_value, r.conf_low, r.conf_high
            );
        }
        s
    }
}
