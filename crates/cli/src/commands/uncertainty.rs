//! `mfgq uncertainty`: Monte Carlo rank bands and Sobol indices of a spec's `"uncertainty"` member.

use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::ProgressBar;
use mfg_quality::composite::sensitivity::{Control, SobolIndices};
use mfg_quality::composite::uncertainty::{
    PipelineModel, SensitivityOutputs, UncertaintyResults, monte_carlo, sobol,
};
use mfg_quality::composite::{CompositeError, Result as LibResult};
use mfg_quality::indicators::Panel;

use crate::cli::UncertaintyArgs;
use crate::error::{CliError, Result};
use crate::io::{self, Cell, Table};
use crate::progress::Ui;
use crate::spec::{self, MEMBER, Spec};

/// The results of the analyses of a spec.
pub struct Analysis {
    /// Monte Carlo.
    pub mc: UncertaintyResults,
    /// Sobol, unless skipped (`--sobol 0`).
    pub sobol: Option<SensitivityOutputs>,
}

/// Runs `f` with a [`Control`] whose progress callback drives `bar` (calls may arrive out of order from
/// the pool's workers: the bar shows the largest count seen).
fn with_bar<T>(bar: &ProgressBar, f: impl FnOnce(Control<'_>) -> T) -> T {
    let seen = AtomicU64::new(0);
    let cb = |done: usize, total: usize| {
        let prev = seen.fetch_max(done as u64, Ordering::Relaxed);
        if bar.length() != Some(total as u64) {
            bar.set_length(total as u64);
        }
        bar.set_position(prev.max(done as u64));
    };
    let out = f(Control {
        progress: Some(&cb),
        cancel: None,
    });
    bar.finish_and_clear();
    out
}

/// The model and both analyses of `spec` on `panel`. `reps` and `sobol_n` override the spec's counts
/// (`sobol_n = 0` skips Sobol); `seed` replaces both seeds.
pub fn analyse(
    spec: &Spec,
    panel: &Panel,
    reps: Option<usize>,
    sobol_n: Option<usize>,
    seed: Option<u64>,
    ui: &Ui,
) -> Result<Analysis> {
    let u = spec.uncertainty.as_ref().ok_or_else(|| {
        CliError::Input(format!(
            "{}: the spec has no top-level \"{MEMBER}\" member (factors and settings of the analysis; see \
             `mfgq uncertainty --help`)",
            spec.path.display()
        ))
    })?;
    let lib =
        |e: CompositeError| CliError::Input(format!("{}: `{MEMBER}`: {e}", spec.path.display()));
    let mut model =
        PipelineModel::new(spec.pipeline.clone(), panel.clone(), u.factors.clone()).map_err(lib)?;
    if u.node.is_some() || u.period.is_some() {
        let fw = &spec.pipeline.framework;
        let node = u
            .node
            .clone()
            .unwrap_or_else(|| fw.node(fw.root()).id.clone());
        let period = match u.period {
            Some(p) => p,
            None => *panel
                .periods()
                .last()
                .ok_or_else(|| CliError::Input("the panel has no period".into()))?,
        };
        model = model.with_output(&node, period).map_err(lib)?;
    }
    let mut mcs = u.monte_carlo.clone();
    if let Some(r) = reps {
        mcs.replications = r;
    }
    if let Some(s) = seed {
        mcs.seed = s;
    }
    let bar = ui.bar(mcs.replications as u64, "Monte Carlo");
    let mc = with_bar(&bar, |c| monte_carlo(&model, &mcs, c)).map_err(lib)?;
    ui.say(format!(
        "Monte Carlo: {} of {} replications succeeded",
        mc.succeeded().len(),
        mc.replications()
    ));
    if let Some(f) = mc.failures().first() {
        ui.say(format!(
            "  {} failed (first: replication {}: {})",
            mc.failures().len(),
            f.replication,
            f.error
        ));
    }
    let mut ss = u.sobol.clone();
    if let Some(n) = sobol_n {
        ss.n = n;
    }
    if let Some(s) = seed {
        // The Owen-scrambling seed is 32 bits: the low half of the given seed.
        ss.seed = (s & u64::from(u32::MAX)) as u32;
    }
    let sobol = if ss.n == 0 {
        None
    } else {
        let bar = ui.bar(0, "Sobol");
        let ties = mcs.ties;
        let s = with_bar(&bar, |c| sobol(&model, &ss, ties, c)).map_err(lib)?;
        Some(s)
    };
    Ok(Analysis { mc, sobol })
}

/// `rank_bands.csv`: the per-unit summary, by nominal rank.
pub fn rank_bands(mc: &UncertaintyResults) -> Table {
    let mut t = Table::new(&[
        "unit",
        "nominal_rank",
        "nominal_score",
        "median_rank",
        "rank_p05",
        "rank_p95",
        "mean_rank",
        "mean_score",
        "sd_score",
    ]);
    for s in mc.summary() {
        t.row([
            Cell::Str(&s.unit),
            Cell::Num(s.nominal_rank),
            Cell::Num(s.nominal_score),
            Cell::Num(s.median_rank),
            Cell::Num(s.rank_p05),
            Cell::Num(s.rank_p95),
            Cell::Num(s.mean_rank),
            Cell::Num(s.mean_score),
            Cell::Num(s.sd_score),
        ]);
    }
    t
}

/// `sobol.csv`: one row per output and factor; an output without indices (e.g. a rank that never moves)
/// gets one row with empty numbers and the reason.
pub fn sobol_table(s: &SensitivityOutputs) -> Table {
    let mut t = Table::new(&[
        "output", "factor", "first", "first_lo", "first_hi", "total", "total_lo", "total_hi",
        "note",
    ]);
    let mut put = |output: &str, r: &LibResult<SobolIndices>| match r {
        Ok(ix) => {
            for ((name, f), tot) in ix.names.iter().zip(&ix.first).zip(&ix.total) {
                t.row([
                    Cell::Str(output),
                    Cell::Str(name),
                    Cell::Num(f.value),
                    Cell::Opt(f.ci.map(|c| c.lo)),
                    Cell::Opt(f.ci.map(|c| c.hi)),
                    Cell::Num(tot.value),
                    Cell::Opt(tot.ci.map(|c| c.lo)),
                    Cell::Opt(tot.ci.map(|c| c.hi)),
                    Cell::Str(""),
                ]);
            }
        }
        Err(e) => {
            let note = e.to_string();
            t.row([
                Cell::Str(output),
                Cell::Str(""),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Opt(None),
                Cell::Str(&note),
            ]);
        }
    };
    put("mean_abs_rank_shift", &s.mean_abs_rank_shift);
    for (u, r) in s.units.iter().zip(&s.ranks) {
        put(&format!("rank:{u}"), r);
    }
    for (u, r) in s.units.iter().zip(&s.scores) {
        put(&format!("score:{u}"), r);
    }
    t
}

pub fn run(args: &UncertaintyArgs, seed: Option<u64>, ui: &Ui) -> Result<()> {
    let spec = spec::read(&args.inputs.spec)?;
    let panel = io::read_panel(&args.inputs.data, ui)?;
    let a = analyse(&spec, &panel, args.reps, args.sobol, seed, ui)?;
    io::ensure_dir(&args.out)?;
    let mut written = vec![rank_bands(&a.mc).write(&args.out, "rank_bands.csv")?];
    let mut shift = Table::new(&["replication", "mean_abs_rank_shift"]);
    for (r, v) in a.mc.succeeded().iter().zip(a.mc.mean_abs_rank_shift()) {
        shift.row([Cell::Int(*r as i64), Cell::Num(v)]);
    }
    written.push(shift.write(&args.out, "mean_abs_rank_shift.csv")?);
    if let Some(s) = &a.sobol {
        written.push(sobol_table(s).write(&args.out, "sobol.csv")?);
    }
    for p in written {
        ui.say(format!("wrote {}", p.display()));
    }
    Ok(())
}
