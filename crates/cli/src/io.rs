//! Reading panels (CSV long or wide, Parquet) and writing tables: every failure to write names its path
//! (exit code 4), every failure to read is an input error (exit code 3).

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use mfg_quality::indicators::Panel;
use mfg_quality::indicators::io::{CsvOptions, read_long_csv_from, read_wide_csv_from};

use crate::error::{CliError, Result};
use crate::progress::{Counted, Ui};

/// Whether a path names a Parquet file (`.parquet` or `.pq`).
pub fn is_parquet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq"))
}

/// Opens an input file with a byte progress bar.
pub fn open_counted(path: &Path, ui: &Ui, what: &str) -> Result<Counted<BufReader<File>>> {
    let file = File::open(path)
        .map_err(|e| CliError::Input(format!("cannot read `{}`: {e}", path.display())))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok(Counted {
        inner: BufReader::with_capacity(1 << 16, file),
        bar: ui.bytes(len, what),
    })
}

/// The first line of a text file (its header).
pub fn header_line(path: &Path) -> Result<String> {
    use std::io::BufRead;
    let file = File::open(path)
        .map_err(|e| CliError::Input(format!("cannot read `{}`: {e}", path.display())))?;
    let mut line = String::new();
    BufReader::new(file)
        .read_line(&mut line)
        .map_err(|e| CliError::Input(format!("cannot read `{}`: {e}", path.display())))?;
    Ok(line.trim_start_matches('\u{feff}').trim_end().to_string())
}

/// Reads a panel: Parquet (long or wide, detected by the library), or CSV — long when its header has an
/// `indicator` column, else wide.
pub fn read_panel(path: &Path, ui: &Ui) -> Result<Panel> {
    if is_parquet(path) {
        return mfg_quality::arrow::read_panel_parquet(path).map_err(CliError::input);
    }
    let header = header_line(path)?;
    let long = header
        .split([',', ';', '\t'])
        .any(|h| h.trim().trim_matches('"').eq_ignore_ascii_case("indicator"));
    let label = path.display().to_string();
    let reader = open_counted(path, ui, "reading")?;
    let bar = reader.bar.clone();
    let panel = if long {
        read_long_csv_from(reader, &label, &CsvOptions::new())
    } else {
        read_wide_csv_from(reader, &label, &CsvOptions::new())
    }
    .map_err(CliError::input)?;
    bar.finish_and_clear();
    Ok(panel)
}

/// Creates a directory and its parents.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        // Name the culprit when a component of the path is an existing file.
        match dir.ancestors().find(|a| a.is_file()) {
            Some(f) => CliError::output(
                dir,
                format!("`{}` is a file, not a directory ({e})", f.display()),
            ),
            None => CliError::output(dir, e),
        }
    })
}

/// Writes `bytes` to `path`, creating its parent directory.
pub fn write_file(path: &Path, bytes: impl AsRef<[u8]>) -> Result<()> {
    if let Some(dir) = path.parent() {
        ensure_dir(dir)?;
    }
    std::fs::write(path, bytes).map_err(|e| CliError::output(path, e))
}

/// A CSV table built in memory (RFC 4180 quoting), written at once.
#[derive(Debug, Default)]
pub struct Table {
    text: String,
}

/// One CSV field.
pub enum Cell<'a> {
    /// Text, quoted when needed.
    Str(&'a str),
    /// A number in shortest round-trip form.
    Num(f64),
    /// An optional number: empty when missing.
    Opt(Option<f64>),
    /// An integer.
    Int(i64),
}

/// A number in shortest round-trip form: plain decimals (`0.25`, `3`) as the library's CSV writers write
/// them, exponent form (`9.7e-29`) for magnitudes below 10⁻⁵ or from 10¹⁶ on, where plain decimals would
/// run to dozens of digits.
pub fn number(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && a.is_finite() && !(1e-5..1e16).contains(&a) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

impl Table {
    /// A table with a header.
    pub fn new(header: &[&str]) -> Self {
        let mut t = Table::default();
        t.push_fields(header.iter().map(|h| Cell::Str(h)));
        t
    }

    fn push_fields<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        for (k, c) in cells.into_iter().enumerate() {
            if k > 0 {
                self.text.push(',');
            }
            match c {
                Cell::Str(s) => {
                    if s.contains([',', '"', '\n', '\r']) {
                        self.text.push('"');
                        self.text.push_str(&s.replace('"', "\"\""));
                        self.text.push('"');
                    } else {
                        self.text.push_str(s);
                    }
                }
                Cell::Num(v) | Cell::Opt(Some(v)) => self.text.push_str(&number(v)),
                Cell::Opt(None) => {}
                Cell::Int(v) => self.text.push_str(&v.to_string()),
            }
        }
        self.text.push('\n');
    }

    /// Appends a row.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        self.push_fields(cells);
    }

    /// The CSV text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Writes the table to `dir/name`, returning the path.
    pub fn write(&self, dir: &Path, name: &str) -> Result<PathBuf> {
        let path = dir.join(name);
        write_file(&path, &self.text)?;
        Ok(path)
    }
}
