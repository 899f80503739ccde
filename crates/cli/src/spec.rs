//! The spec file: the library's [`PipelineConfig`] JSON, optionally with a top-level `"uncertainty"` member
//! (the factors and settings of the Monte Carlo and Sobol analyses).
//!
//! The pipeline parser refuses unknown members, so the `"uncertainty"` member is cut out before the text is
//! handed to it: its characters (and one adjacent comma) are replaced by spaces, newlines kept, so that every
//! line and column the library reports is the line and column of the file. The member itself is parsed
//! here, its errors located in the file the same way.

use std::path::{Path, PathBuf};

use mfg_quality::composite::CompositeError;
use mfg_quality::composite::pipeline::PipelineConfig;
use mfg_quality::composite::sensitivity::SobolSettings;
use mfg_quality::composite::uncertainty::{Factor, MonteCarloSettings};
use serde::Deserialize;

use crate::error::{CliError, Result};

/// The name of the spec's uncertainty member.
pub const MEMBER: &str = "uncertainty";

/// The `"uncertainty"` member of a spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySpec {
    /// The uncertain factors (the library's serde form of `Factor`).
    pub factors: Vec<Factor>,
    /// Monte Carlo settings (replications, seed, max_failure_share, ties).
    #[serde(default)]
    pub monte_carlo: MonteCarloSettings,
    /// Sobol settings (n, second_order, seed, bootstrap); absent = defaults.
    #[serde(default)]
    pub sobol: SobolSettings,
    /// The node whose scores are analysed (default: the framework's root).
    #[serde(default)]
    pub node: Option<String>,
    /// The period analysed (default: the panel's last).
    #[serde(default)]
    pub period: Option<i32>,
}

/// A parsed spec.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file.
    pub path: PathBuf,
    /// The pipeline.
    pub pipeline: PipelineConfig,
    /// The uncertainty member, if any.
    pub uncertainty: Option<UncertaintySpec>,
}

/// 1-based (line, column) of byte `offset` of `text` (columns count characters, as serde_json's do).
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |k| k + 1);
    (line, before[start..].chars().count() + 1)
}

fn located(path: &Path, line: usize, column: usize, message: impl std::fmt::Display) -> CliError {
    CliError::Input(format!("{}:{line}:{column}: {message}", path.display()))
}

/// serde_json's message without its " at line L column C" suffix.
fn bare(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

/// A byte scanner over text already known to be valid JSON.
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scan<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    /// Skips a string starting at its opening quote; returns the raw text between the quotes.
    fn string(&mut self) -> &[u8] {
        let start = self.i + 1;
        self.i += 1;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return &self.b[start..self.i - 1];
                }
                _ => self.i += 1,
            }
        }
        &self.b[start..]
    }

    /// Skips any value.
    fn value(&mut self) {
        match self.b.get(self.i) {
            Some(b'"') => {
                self.string();
            }
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while self.i < self.b.len() {
                    match self.b[self.i] {
                        b'"' => {
                            self.string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while self.i < self.b.len()
                    && !matches!(
                        self.b[self.i],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    self.i += 1;
                }
            }
        }
    }
}

/// The byte ranges of the member `name` of the top-level object of valid JSON `text`: (the range to blank,
/// the range of its value), or `None` if the member is absent or the text is not an object.
fn member_span(text: &str, name: &str) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut s = Scan {
        b: text.as_bytes(),
        i: 0,
    };
    s.ws();
    if s.b.get(s.i) != Some(&b'{') {
        return None;
    }
    s.i += 1;
    let mut prev_comma: Option<usize> = None;
    loop {
        s.ws();
        if s.b.get(s.i) != Some(&b'"') {
            return None;
        }
        let key_start = s.i;
        let key = s.string().to_vec();
        s.ws();
        s.i += 1; // ':'
        s.ws();
        let value_start = s.i;
        s.value();
        let value_end = s.i;
        s.ws();
        let next_comma = (s.b.get(s.i) == Some(&b',')).then_some(s.i);
        if key == name.as_bytes() {
            // Blank the member and one comma: the following one, else the preceding one.
            let blank = match (next_comma, prev_comma) {
                (Some(c), _) => key_start..c + 1,
                (None, Some(p)) => p..value_end,
                (None, None) => key_start..value_end,
            };
            return Some((blank, value_start..value_end));
        }
        match next_comma {
            Some(c) => {
                prev_comma = Some(c);
                s.i += 1;
            }
            None => return None,
        }
    }
}

/// Reads a spec file.
///
/// # Errors
/// [`CliError::Input`]: the file cannot be read; `path:line:column: message` for malformed JSON, a pipeline
/// the library rejects, or an uncertainty member that does not parse.
pub fn read(path: &Path) -> Result<Spec> {
    let raw = std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("cannot read spec `{}`: {e}", path.display())))?;
    let text = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    // Syntax first, so that the scanner below only ever sees valid JSON.
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        return Err(located(path, e.line(), e.column(), bare(&e)));
    }
    let (pipeline_text, uncertainty) = match member_span(text, MEMBER) {
        None => (text.to_string(), None),
        Some((blank, value)) => {
            let member = &text[value.clone()];
            let u = serde_json::from_str::<UncertaintySpec>(member).map_err(|e| {
                let (l0, c0) = line_col(text, value.start);
                let (line, column) = if e.line() <= 1 {
                    (l0, c0 + e.column().saturating_sub(1))
                } else {
                    (l0 + e.line() - 1, e.column())
                };
                located(path, line, column, format!("`{MEMBER}`: {}", bare(&e)))
            })?;
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..blank.start]);
            out.extend(
                text[blank.clone()]
                    .chars()
                    .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
            );
            out.push_str(&text[blank.end..]);
            (out, Some(u))
        }
    };
    let pipeline = PipelineConfig::read_json_str(&pipeline_text).map_err(|e| match e {
        CompositeError::Parse {
            line,
            column,
            message,
            ..
        } => located(path, line as usize, column as usize, message),
        other => CliError::Input(format!("{}: {other}", path.display())),
    })?;
    Ok(Spec {
        path: path.to_path_buf(),
        pipeline,
        uncertainty,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_is_cut_keeping_positions() {
        let text = "{\"a\": 1,\n \"uncertainty\": {\"x\": [1, \"}\"]},\n \"b\": 2}";
        let (blank, value) = member_span(text, MEMBER).expect("member");
        assert_eq!(&text[value], "{\"x\": [1, \"}\"]}");
        let mut t = text.to_string();
        t.replace_range(blank.clone(), &" ".repeat(blank.len()));
        let v: serde_json::Value = serde_json::from_str(&t).expect("still JSON");
        assert_eq!(v, serde_json::json!({"a": 1, "b": 2}));
        // Last member: the preceding comma goes.
        let text = "{\"a\": 1, \"uncertainty\": {}}";
        let (blank, _) = member_span(text, MEMBER).expect("member");
        let mut t = text.to_string();
        t.replace_range(blank.clone(), &" ".repeat(blank.len()));
        assert!(serde_json::from_str::<serde_json::Value>(&t).is_ok());
        assert!(member_span("{\"a\": {\"uncertainty\": 1}}", MEMBER).is_none());
    }

    #[test]
    fn line_and_column_are_one_based() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ab", 0), (1, 1));
    }
}
