//! `mfgq compose`: a pipeline spec on a panel → the tidy results table.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use mfg_quality::composite::results::Results;
use serde_json::{Map, Value, json};

use crate::cli::{ComposeArgs, Format};
use crate::error::{CliError, Result};
use crate::io::{self, Cell, Table};
use crate::progress::Ui;
use crate::spec;

/// Where the results go: a file and its format, or stdout.
fn target(args: &ComposeArgs) -> (Option<PathBuf>, Format) {
    let from_ext = |p: &Path| match p.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("csv") => Some(Format::Csv),
        Some(e) if e.eq_ignore_ascii_case("json") => Some(Format::Json),
        Some(e) if e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq") => {
            Some(Format::Parquet)
        }
        _ => None,
    };
    match &args.out {
        None => (None, args.format.unwrap_or(Format::Csv)),
        Some(p) => match from_ext(p) {
            Some(f) => (Some(p.clone()), args.format.unwrap_or(f)),
            None => {
                let f = args.format.unwrap_or(Format::Csv);
                (Some(p.join(format!("results.{}", f.extension()))), f)
            }
        },
    }
}

/// One row of the tidy table.
pub struct Row<'a> {
    pub unit: &'a str,
    pub period: i32,
    pub node: &'a str,
    pub score: Option<f64>,
    pub rank: Option<f64>,
    /// (contribution to the parent's score, share of it in %), where the parent is an arithmetic mean.
    pub contribution: Option<(f64, f64)>,
}

/// The rows in the library's order (periods, nodes in pre-order, units), with each node's contribution
/// to its parent's score ([`Results::contributions`]) where that is defined.
pub fn rows(results: &Results) -> Result<Vec<Row<'_>>> {
    let fw = results.framework();
    let codes: Vec<&str> = results.units().codes().collect();
    // (child node id, unit index, period) → (contribution, share %).
    let mut contrib: HashMap<(&str, usize, i32), (f64, f64)> = HashMap::new();
    for &period in results.periods() {
        for id in fw.preorder() {
            if fw.node(id).is_indicator() {
                continue;
            }
            // Only an arithmetic mean is additive; the library says so by an error for any other.
            let group = fw.node(id).id.as_str();
            for (u, code) in codes.iter().enumerate() {
                if let Ok(cs) = results.contributions(code, group, period) {
                    for c in cs {
                        if let Some(child) = fw.find(&c.child) {
                            contrib.insert(
                                (fw.node(child).id.as_str(), u, period),
                                (c.contribution, c.share_percent),
                            );
                        }
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for &period in results.periods() {
        for node in results.node_ids() {
            let scores = results.scores(node, period).map_err(CliError::input)?;
            let ranks = results.ranks(node, period).map_err(CliError::input)?;
            for (u, &unit) in codes.iter().enumerate() {
                out.push(Row {
                    unit,
                    period,
                    node,
                    score: scores[u],
                    rank: ranks[u],
                    contribution: contrib.get(&(node, u, period)).copied(),
                });
            }
        }
    }
    Ok(out)
}

/// The tidy table as CSV.
pub fn csv(results: &Results) -> Result<Table> {
    let mut t = Table::new(&[
        "unit",
        "period",
        "node",
        "score",
        "rank",
        "contribution",
        "share_percent",
    ]);
    for r in rows(results)? {
        t.row([
            Cell::Str(r.unit),
            Cell::Int(r.period.into()),
            Cell::Str(r.node),
            Cell::Opt(r.score),
            Cell::Opt(r.rank),
            Cell::Opt(r.contribution.map(|c| c.0)),
            Cell::Opt(r.contribution.map(|c| c.1)),
        ]);
    }
    Ok(t)
}

/// The tidy table as a JSON array of objects (missing = null).
fn json(results: &Results) -> Result<String> {
    let rows: Vec<Value> = rows(results)?
        .into_iter()
        .map(|r| {
            let mut m = Map::new();
            m.insert("unit".into(), json!(r.unit));
            m.insert("period".into(), json!(r.period));
            m.insert("node".into(), json!(r.node));
            m.insert("score".into(), json!(r.score));
            m.insert("rank".into(), json!(r.rank));
            m.insert("contribution".into(), json!(r.contribution.map(|c| c.0)));
            m.insert("share_percent".into(), json!(r.contribution.map(|c| c.1)));
            Value::Object(m)
        })
        .collect();
    serde_json::to_string_pretty(&rows)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| CliError::Input(format!("cannot format the results as JSON: {e}")))
}

/// A short summary on stderr: the top of the ranking of the root in the last period.
fn summary(results: &Results, ui: &Ui) -> Result<()> {
    let fw = results.framework();
    let root = &fw.node(fw.root()).id;
    let Some(&last) = results.periods().last() else {
        return Ok(());
    };
    let scores = results.scores(root, last).map_err(CliError::input)?;
    let ranks = results.ranks(root, last).map_err(CliError::input)?;
    let mut top: Vec<(f64, &str, f64)> = results
        .units()
        .codes()
        .zip(scores.iter().zip(&ranks))
        .filter_map(|(c, (s, r))| Some(((*r)?, c, (*s)?)))
        .collect();
    top.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    ui.say(format!(
        "{} units × {} nodes × {} period(s); {root} {last}, top {}:",
        results.units().len(),
        fw.len(),
        results.periods().len(),
        top.len().min(5)
    ));
    for (r, c, s) in top.iter().take(5) {
        ui.say(format!("  {r:>4}  {c:<10} {s:.6}"));
    }
    Ok(())
}

pub fn run(args: &ComposeArgs, ui: &Ui) -> Result<()> {
    let spec = spec::read(&args.inputs.spec)?;
    let panel = io::read_panel(&args.inputs.data, ui)?;
    let results = spec.pipeline.run(&panel).map_err(CliError::input)?;
    let (path, format) = target(args);
    match (&path, format) {
        (Some(p), Format::Parquet) => {
            if let Some(dir) = p.parent() {
                io::ensure_dir(dir)?;
            }
            mfg_quality::arrow::write_results_parquet(&results, p)
                .map_err(|e| CliError::output(p, e))?;
        }
        (Some(p), Format::Csv) => io::write_file(p, csv(&results)?.text())?,
        (Some(p), Format::Json) => io::write_file(p, json(&results)?)?,
        (None, f) => {
            let bytes = match f {
                Format::Csv => csv(&results)?.text().as_bytes().to_vec(),
                Format::Json => json(&results)?.into_bytes(),
                Format::Parquet => {
                    if std::io::stdout().is_terminal() {
                        return Err(CliError::Usage(
                            "--format parquet needs --out FILE (or a redirected stdout)".into(),
                        ));
                    }
                    mfg_quality::arrow::write_results_parquet_bytes(&results)
                        .map_err(CliError::input)?
                }
            };
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| CliError::output(Path::new("<stdout>"), e))?;
        }
    }
    summary(&results, ui)?;
    if let Some(p) = path {
        ui.say(format!("wrote {}", p.display()));
    }
    Ok(())
}
