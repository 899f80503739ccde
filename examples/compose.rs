//! `cargo run --release --example compose -- PIPELINE.json DATA.csv [--out RESULTS.csv]`
//!
//! Runs a saved composite-index configuration ([`PipelineConfig`], JSON schema in its rustdoc and in
//! `examples/pipelines/README.md`) on long-format CSV data (`unit,indicator,period,value`, optional
//! `unit_name_en`, `unit_name_zh`, `unit_group`; blank or `NA` = missing), prints a summary (stages run,
//! weights, the top of the ranking per period) and, with `--out`, writes the tidy results
//! `unit,period,node,score,rank` (every node, unit and period; ranks 1 = best, ties by the configuration).
//!
//! Example: `cargo run --release --example compose -- examples/pipelines/hdi.json
//! examples/pipelines/hdi_data.csv --out target/hdi_results.csv`

use std::path::PathBuf;
use std::process::ExitCode;

use mfg_quality::composite::pipeline::PipelineConfig;
use mfg_quality::composite::results::Results;
use mfg_quality::indicators::io::{CsvOptions, read_long_csv};

const USAGE: &str = "usage: compose PIPELINE.json DATA.csv [--out RESULTS.csv]";

struct Args {
    pipeline: PathBuf,
    data: PathBuf,
    out: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--out" {
            out = Some(PathBuf::from(args.next().ok_or("--out needs a file name")?));
        } else if let Some(f) = a.strip_prefix("--out=") {
            out = Some(PathBuf::from(f));
        } else if a == "-h" || a == "--help" {
            return Err(USAGE.into());
        } else if a.starts_with("--") {
            return Err(format!("unknown option `{a}`\n{USAGE}"));
        } else {
            positional.push(PathBuf::from(a));
        }
    }
    match <[PathBuf; 2]>::try_from(positional) {
        Ok([pipeline, data]) => Ok(Args {
            pipeline,
            data,
            out,
        }),
        Err(_) => Err(USAGE.into()),
    }
}

fn summary(config: &PipelineConfig, r: &Results) -> Result<(), Box<dyn std::error::Error>> {
    let fw = r.framework();
    let root = &fw.node(fw.root()).id;
    println!(
        "{} units × {} indicators × {} periods ({}), {} nodes",
        r.units().len(),
        fw.leaves().len(),
        r.periods().len(),
        r.periods()
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        fw.len()
    );
    if let Some(c) = &config.comment {
        println!("configuration: {c}");
    }
    let stages = [
        ("screening", config.screening.is_some()),
        ("imputation", r.reports().imputation.is_some()),
        ("outlier treatment", config.treatment.is_some()),
    ];
    let run: Vec<&str> = stages.iter().filter(|s| s.1).map(|s| s.0).collect();
    println!(
        "stages: {}normalisation `{}` ({} override(s)), aggregation default `{}`, missing values `{:?}`, ties `{:?}`",
        if run.is_empty() {
            String::new()
        } else {
            format!("{} → ", run.join(" → "))
        },
        config.normalisation.name(),
        config.normalisation_overrides.len(),
        config.aggregation.name(),
        config.missing,
        config.ties,
    );
    if let Some(s) = &r.reports().screening {
        println!(
            "screening dropped units {:?}, indicators {:?}",
            s.dropped_units, s.dropped_indicators
        );
    }
    if let Some(i) = &r.reports().imputation {
        println!(
            "imputation filled {} cell(s), {} still missing",
            i.n_imputed, i.still_missing
        );
    }
    let last = *r.periods().last().ok_or("no period")?;
    println!("\nweights within each parent ({last}):");
    for id in r.node_ids() {
        let n = fw.find(id).ok_or("node")?;
        if fw.node(n).is_indicator() {
            continue;
        }
        let parts: Vec<String> = fw
            .children(n)
            .iter()
            .map(|&c| {
                let cid = &fw.node(c).id;
                Ok(format!("{cid} {:.4}", r.weight(cid, last)?))
            })
            .collect::<Result<_, Box<dyn std::error::Error>>>()?;
        println!(
            "   {id} [{}]: {}",
            r.aggregation(id)?.unwrap_or("?"),
            parts.join(", ")
        );
    }
    for &period in r.periods() {
        println!("\n{root} {period} (top 10):");
        let scores = r.scores(root, period)?;
        let ranks = r.ranks(root, period)?;
        let mut rows: Vec<(f64, &str, f64)> = r
            .units()
            .codes()
            .zip(scores.iter().zip(&ranks))
            .filter_map(|(code, (s, k))| Some(((*k)?, code, (*s)?)))
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
        for (k, code, s) in rows.iter().take(10) {
            println!("   {k:>4}  {code:<10} {s:>12.6}");
        }
        let missing = scores.iter().filter(|s| s.is_none()).count();
        if missing > 0 {
            println!("   ({missing} unit(s) without a score)");
        }
    }
    Ok(())
}

fn run(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let config = PipelineConfig::read_json(&args.pipeline)?;
    let panel = read_long_csv(&args.data, &CsvOptions::new())?;
    let results = config.run(&panel)?;
    summary(&config, &results)?;
    if let Some(out) = &args.out {
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        results.write_csv_path(out)?;
        println!("\nwrote {}", out.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
