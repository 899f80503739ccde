//! `mfgq report`: the self-contained HTML report of `mfg-quality-report`.

use mfg_quality::composite::CompositeError;
use mfg_quality::composite::uncertainty::Output;
use mfg_quality::regional::{Transform, associate};
use mfg_quality_report::{Report, ReportError};

use crate::cli::ReportArgs;
use crate::commands::uncertainty::analyse;
use crate::error::{CliError, Result};
use crate::io;
use crate::progress::Ui;
use crate::spec;

fn section(e: ReportError) -> CliError {
    CliError::input(e)
}

pub fn run(args: &ReportArgs, seed: Option<u64>, ui: &Ui) -> Result<()> {
    let spec = spec::read(&args.inputs.spec)?;
    let panel = io::read_panel(&args.inputs.data, ui)?;
    let results = spec.pipeline.run(&panel).map_err(CliError::input)?;
    let fw = results.framework();
    let root = fw.node(fw.root());
    let period = *results
        .periods()
        .last()
        .ok_or_else(|| CliError::Input("the results have no period".into()))?;
    let title = args.title.clone().unwrap_or_else(|| {
        if root.name_en.trim().is_empty() {
            root.id.clone()
        } else {
            format!("{} {period}", root.name_en.trim())
        }
    });
    let mut report = Report::new(&title);
    if !root.name_zh.trim().is_empty() {
        report = report.with_title_zh(&format!("{} {period}", root.name_zh.trim()));
    }
    report = report
        .with_framework(fw)
        .with_ranking(&results, period)
        .map_err(section)?;
    report = match report.clone().with_contributions(&results, period) {
        Ok(r) => r,
        Err(ReportError::Composite {
            source: CompositeError::NotAdditive { aggregation, .. },
            ..
        }) => {
            ui.say(format!(
                "contributions left out: the top node is aggregated by `{aggregation}`, not an arithmetic mean"
            ));
            report
        }
        Err(e) => return Err(section(e)),
    };
    if spec.uncertainty.is_some() {
        let a = analyse(&spec, &panel, args.reps, args.sobol, seed, ui)?;
        report = report.with_rank_bands(&a.mc).map_err(section)?;
        if let Some(s) = &a.sobol {
            match s.get(&Output::MeanAbsRankShift) {
                Ok(ix) => {
                    report = report
                        .with_sobol(&ix, "mean absolute rank shift")
                        .map_err(section)?;
                }
                Err(e) => ui.say(format!("Sobol section left out: {e}")),
            }
        }
    } else {
        ui.say("rank bands and Sobol left out: the spec has no \"uncertainty\" member");
    }
    if let Some(ind) = &args.scatter {
        let root_id = root.id.clone();
        let scores = results.scores(&root_id, period).map_err(CliError::input)?;
        let (mut codes, mut x, mut y) = (Vec::new(), Vec::new(), Vec::new());
        for (code, s) in results.units().codes().zip(scores) {
            let v = panel.value(code, ind, period).map_err(CliError::input)?;
            if let (Some(v), Some(s)) = (v, s) {
                codes.push(code.to_string());
                x.push(v);
                y.push(s);
            }
        }
        let transform = if args.scatter_log {
            Transform::Log
        } else {
            Transform::Identity
        };
        let assoc = associate(&x, &y, transform, 0.95)
            .map_err(|e| CliError::Input(format!("scatter of `{root_id}` against `{ind}`: {e}")))?;
        let x_title = fw
            .find(ind)
            .map(|n| fw.node(n).name_en.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| ind.clone());
        report = report
            .with_scatter(&x_title, &root_id, &codes, &y, &assoc)
            .map_err(section)?;
    }
    if let Some(dir) = args.out.parent() {
        io::ensure_dir(dir)?;
    }
    report.write_html(&args.out).map_err(|e| match e {
        ReportError::Io { message, .. } => CliError::output(&args.out, message),
        other => CliError::input(other),
    })?;
    ui.say(format!(
        "wrote {} ({} chart(s))",
        args.out.display(),
        report.n_charts()
    ));
    Ok(())
}
