//! `mfgq regional`: a regional table → group statistics and the gradient, the association with income,
//! inequality and its decompositions, σ- and β-convergence, and the groups' contributions to growth.
//!
//! Input: a CSV with a header and one row per unit and period: `unit,period,index,income`, optional
//! `group` (else the units are Chinese provinces grouped by the NBS four regions), `population` (weights of
//! the group means and inequality measures), `value` (an additive quantity, e.g. exports, whose growth from
//! the first to the last period is split into the groups' contributions).

use std::collections::BTreeSet;
use std::path::Path;

use mfg_quality::regional::{
    Centre, Component, Grouping, RegionMap, Transform, associate, beta_convergence,
    coefficient_of_variation, decompose_growth, gini, gini_decomposition, gradient,
    group_summaries, sigma_convergence, theil_decomposition, theil_l, theil_t,
};

use crate::cli::RegionalArgs;
use crate::error::{CliError, Result};
use crate::io::{self, Cell, Table};
use crate::progress::Ui;

/// One row of the input.
#[derive(Debug, Clone)]
struct Row {
    unit: String,
    period: i32,
    index: f64,
    income: f64,
    group: Option<String>,
    population: Option<f64>,
    value: Option<f64>,
}

/// Splits one CSV line into fields (RFC 4180 quotes; no newline inside a field).
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|f| f.trim().to_string()).collect()
}

fn read(path: &Path) -> Result<Vec<Row>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("cannot read `{}`: {e}", path.display())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let at = |line: usize, m: String| CliError::Input(format!("{}:{line}: {m}", path.display()));
    let mut lines = text.lines().enumerate();
    let header = match lines.next() {
        Some((_, h)) => fields(h),
        None => return Err(at(1, "empty file".into())),
    };
    let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let need = |name: &str| {
        col(name).ok_or_else(|| {
            at(
                1,
                format!(
                    "missing column `{name}` (the header has {}; expected unit,period,index,income[,group][,population][,value])",
                    header.join(",")
                ),
            )
        })
    };
    let (cu, cp, ci, cy) = (
        need("unit")?,
        need("period")?,
        need("index")?,
        need("income")?,
    );
    let (cg, cw, cv) = (col("group"), col("population"), col("value"));
    let mut rows = Vec::new();
    for (k, line) in lines {
        let line_no = k + 1;
        if line.trim().is_empty() {
            continue;
        }
        let f = fields(line);
        if f.len() != header.len() {
            return Err(at(
                line_no,
                format!("{} fields, the header has {}", f.len(), header.len()),
            ));
        }
        let num = |c: usize| -> Result<f64> {
            let v: f64 = f[c].parse().map_err(|_| {
                at(
                    line_no,
                    format!("column `{}`: `{}` is not a number", header[c], f[c]),
                )
            })?;
            if !v.is_finite() {
                return Err(at(
                    line_no,
                    format!("column `{}`: {v} is not finite", header[c]),
                ));
            }
            Ok(v)
        };
        let opt = |c: Option<usize>| -> Result<Option<f64>> {
            match c {
                Some(c) if !f[c].is_empty() && !f[c].eq_ignore_ascii_case("NA") => num(c).map(Some),
                _ => Ok(None),
            }
        };
        let period: i32 = f[cp].parse().map_err(|_| {
            at(
                line_no,
                format!("column `period`: `{}` is not a year", f[cp]),
            )
        })?;
        if f[cu].is_empty() {
            return Err(at(line_no, "column `unit` is empty".into()));
        }
        rows.push(Row {
            unit: f[cu].clone(),
            period,
            index: num(ci)?,
            income: num(cy)?,
            group: cg.map(|c| f[c].clone()).filter(|g| !g.is_empty()),
            population: opt(cw)?,
            value: opt(cv)?,
        });
    }
    for (k, r) in rows.iter().enumerate() {
        if rows[..k]
            .iter()
            .any(|q| q.unit == r.unit && q.period == r.period)
        {
            return Err(CliError::Input(format!(
                "{}: unit `{}` appears twice in period {}",
                path.display(),
                r.unit,
                r.period
            )));
        }
    }
    if rows.is_empty() {
        return Err(at(2, "no data row".into()));
    }
    Ok(rows)
}

/// The grouping of `rows` and the expected gradient order.
fn grouping(rows: &[&Row], order: &Option<Vec<String>>) -> Result<(Grouping, Vec<String>)> {
    let (g, default_order) = if rows.iter().all(|r| r.group.is_some()) {
        let labels: Vec<&str> = rows.iter().filter_map(|r| r.group.as_deref()).collect();
        let g = Grouping::from_labels(&labels);
        let names = g.names().to_vec();
        (g, names)
    } else {
        let map = RegionMap::china_nbs4();
        let units: Vec<&str> = rows.iter().map(|r| r.unit.as_str()).collect();
        let g = map.grouping(&units).map_err(|e| {
            CliError::Input(format!(
                "no `group` column (or an empty group), so units are looked up in the NBS four-region map of China: {e}"
            ))
        })?;
        (g, map.groups().to_vec())
    };
    let order = order.clone().unwrap_or(default_order);
    Ok((g, order))
}

fn lib(
    what: &str,
    period: Option<i32>,
) -> impl Fn(mfg_quality::regional::RegionalError) -> CliError {
    let what = what.to_string();
    move |e| match period {
        Some(p) => CliError::Input(format!("{what}, period {p}: {e}")),
        None => CliError::Input(format!("{what}: {e}")),
    }
}

pub fn run(args: &RegionalArgs, ui: &Ui) -> Result<()> {
    let rows = read(&args.data)?;
    let order: Option<Vec<String>> = args
        .order
        .as_ref()
        .map(|o| o.split(',').map(|s| s.trim().to_string()).collect());
    let periods: Vec<i32> = rows
        .iter()
        .map(|r| r.period)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let out = &args.out;
    io::ensure_dir(out)?;

    let mut groups_t = Table::new(&[
        "period",
        "group",
        "n",
        "mean",
        "weighted_mean",
        "median",
        "sd",
        "min",
        "max",
    ]);
    let mut gradient_t = Table::new(&["period", "from", "to", "difference", "holds"]);
    let mut assoc_t = Table::new(&[
        "period",
        "n",
        "transform",
        "pearson_r",
        "pearson_p",
        "pearson_ci_lo",
        "pearson_ci_hi",
        "spearman_rho",
        "spearman_p",
        "kendall_tau_b",
        "kendall_p",
        "intercept",
        "slope",
        "se_slope",
        "p_slope",
        "r_squared",
    ]);
    let mut ineq_t = Table::new(&[
        "period",
        "variable",
        "gini",
        "theil_t",
        "theil_l",
        "cv",
        "theil_t_between",
        "theil_t_within",
        "theil_t_between_share",
        "theil_l_between",
        "theil_l_within",
        "gini_within",
        "gini_between",
        "gini_overlap",
    ]);
    for &p in &periods {
        let rs: Vec<&Row> = rows.iter().filter(|r| r.period == p).collect();
        let (g, order) = grouping(&rs, &order)?;
        let index: Vec<f64> = rs.iter().map(|r| r.index).collect();
        let income: Vec<f64> = rs.iter().map(|r| r.income).collect();
        let pop: Option<Vec<f64>> = rs.iter().map(|r| r.population).collect();
        let w = pop.as_deref();
        let s = group_summaries(&index, w, &g).map_err(lib("group statistics", Some(p)))?;
        for r in &s {
            groups_t.row([
                Cell::Int(p.into()),
                Cell::Str(&r.group),
                Cell::Int(r.n as i64),
                Cell::Num(r.mean),
                Cell::Num(r.weighted_mean),
                Cell::Num(r.median),
                Cell::Num(r.sd),
                Cell::Num(r.min),
                Cell::Num(r.max),
            ]);
        }
        let present: Vec<&str> = order
            .iter()
            .map(String::as_str)
            .filter(|o| s.iter().any(|r| r.group == *o))
            .collect();
        let gr = gradient(&s, &present, Centre::Mean).map_err(lib("gradient", Some(p)))?;
        for st in &gr.steps {
            gradient_t.row([
                Cell::Int(p.into()),
                Cell::Str(&st.from),
                Cell::Str(&st.to),
                Cell::Num(st.difference),
                Cell::Str(if gr.holds { "true" } else { "false" }),
            ]);
        }
        let a = associate(&income, &index, Transform::Log, 0.95)
            .map_err(lib("association of index with ln income", Some(p)))?;
        assoc_t.row([
            Cell::Int(p.into()),
            Cell::Int(a.pearson.n as i64),
            Cell::Str("log"),
            Cell::Num(a.pearson.estimate),
            Cell::Num(a.pearson.p_value),
            Cell::Opt(a.pearson.ci.map(|c| c.0)),
            Cell::Opt(a.pearson.ci.map(|c| c.1)),
            Cell::Num(a.spearman.estimate),
            Cell::Num(a.spearman.p_value),
            Cell::Num(a.kendall.estimate),
            Cell::Num(a.kendall.p_value),
            Cell::Num(a.fit.intercept),
            Cell::Num(a.fit.slope),
            Cell::Num(a.fit.se_slope),
            Cell::Num(a.fit.p_slope),
            Cell::Num(a.fit.r_squared),
        ]);
        for (name, x) in [("index", &index), ("income", &income)] {
            let e = lib("inequality", Some(p));
            let d = theil_decomposition(x, w, &g).map_err(&e)?;
            let gd = gini_decomposition(x, w, &g).map_err(&e)?;
            ineq_t.row([
                Cell::Int(p.into()),
                Cell::Str(name),
                Cell::Num(gini(x, w).map_err(&e)?),
                Cell::Num(theil_t(x, w).map_err(&e)?),
                Cell::Num(theil_l(x, w).map_err(&e)?),
                Cell::Num(coefficient_of_variation(x, w).map_err(&e)?),
                Cell::Num(d.t.between),
                Cell::Num(d.t.within),
                Cell::Num(d.t.between_share()),
                Cell::Num(d.l.between),
                Cell::Num(d.l.within),
                Cell::Num(gd.within),
                Cell::Num(gd.between),
                Cell::Num(gd.overlap),
            ]);
        }
    }
    let mut written = vec![
        groups_t.write(out, "groups.csv")?,
        gradient_t.write(out, "gradient.csv")?,
        assoc_t.write(out, "association.csv")?,
        ineq_t.write(out, "inequality.csv")?,
    ];

    // Convergence of the index over the units present in every period.
    let mut conv_t = Table::new(&["measure", "period", "value"]);
    let units: Vec<&str> = rows
        .iter()
        .filter(|r| r.period == periods[0])
        .map(|r| r.unit.as_str())
        .filter(|u| {
            periods
                .iter()
                .all(|&p| rows.iter().any(|r| r.period == p && r.unit == *u))
        })
        .collect();
    if periods.len() >= 2 {
        let series: Vec<Vec<f64>> = periods
            .iter()
            .map(|&p| {
                units
                    .iter()
                    .filter_map(|u| {
                        rows.iter()
                            .find(|r| r.period == p && r.unit == *u)
                            .map(|r| r.index)
                    })
                    .collect()
            })
            .collect();
        let times: Vec<f64> = periods.iter().map(|&p| f64::from(p)).collect();
        let refs: Vec<&[f64]> = series.iter().map(Vec::as_slice).collect();
        let s = sigma_convergence(&times, &refs).map_err(lib("sigma convergence", None))?;
        for d in &s.periods {
            let p = d.time.to_string();
            conv_t.row([Cell::Str("sd_log"), Cell::Str(&p), Cell::Num(d.sd_log)]);
            conv_t.row([Cell::Str("cv"), Cell::Str(&p), Cell::Num(d.cv)]);
        }
        let span = format!("{}-{}", periods[0], periods[periods.len() - 1]);
        let b = beta_convergence(
            &series[0],
            &series[series.len() - 1],
            times[times.len() - 1] - times[0],
        )
        .map_err(lib("beta convergence", None))?;
        conv_t.row([Cell::Str("beta"), Cell::Str(&span), Cell::Num(b.beta)]);
        conv_t.row([
            Cell::Str("beta_p_value"),
            Cell::Str(&span),
            Cell::Num(b.p_value),
        ]);
        conv_t.row([Cell::Str("speed"), Cell::Str(&span), Cell::Opt(b.speed)]);
        conv_t.row([
            Cell::Str("half_life"),
            Cell::Str(&span),
            Cell::Opt(b.half_life),
        ]);
    } else {
        ui.say("convergence: one period only, nothing to compare");
    }
    written.push(conv_t.write(out, "convergence.csv")?);

    // Contributions of the groups to the growth of the total `value`, first → last period.
    let mut growth_t = Table::new(&[
        "group",
        "from",
        "to",
        "previous",
        "current",
        "growth_pct",
        "contribution_pp",
        "share_previous_pct",
        "share_current_pct",
        "share_change_pp",
    ]);
    let (p0, p1) = (periods[0], periods[periods.len() - 1]);
    if p0 < p1 && rows.iter().any(|r| r.value.is_some()) {
        let r0: Vec<&Row> = rows.iter().filter(|r| r.period == p0).collect();
        let (g0, _) = grouping(&r0, &order)?;
        let r1: Vec<&Row> = rows.iter().filter(|r| r.period == p1).collect();
        let (g1, _) = grouping(&r1, &order)?;
        let mut names: Vec<String> = g0.names().to_vec();
        for n in g1.names() {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        let total = |rs: &[&Row], g: &Grouping, name: &str| -> f64 {
            rs.iter()
                .zip(g.ids())
                .filter(|(_, id)| g.names()[**id as usize] == name)
                .filter_map(|(r, _)| r.value)
                .sum()
        };
        let comps: Vec<Component> = names
            .iter()
            .map(|n| Component::new(n.clone(), total(&r0, &g0, n), total(&r1, &g1, n)))
            .collect();
        let d = decompose_growth(&comps, None, 1e-9).map_err(lib("growth contributions", None))?;
        for (c, comp) in d.components.iter().zip(&comps) {
            growth_t.row([
                Cell::Str(&c.name),
                Cell::Int(p0.into()),
                Cell::Int(p1.into()),
                Cell::Num(comp.previous),
                Cell::Num(comp.current),
                Cell::Opt(c.growth_pct),
                Cell::Num(c.contribution_pp),
                Cell::Num(c.share_previous_pct),
                Cell::Opt(c.share_current_pct),
                Cell::Opt(c.share_change_pp),
            ]);
        }
        growth_t.row([
            Cell::Str("total"),
            Cell::Int(p0.into()),
            Cell::Int(p1.into()),
            Cell::Num(d.total_previous),
            Cell::Num(d.total_current),
            Cell::Num(d.total_growth_pct),
            Cell::Num(d.total_growth_pct),
            Cell::Num(100.0),
            Cell::Num(100.0),
            Cell::Num(0.0),
        ]);
    } else {
        ui.say("growth contributions: need a `value` column and two periods");
    }
    written.push(growth_t.write(out, "growth_contributions.csv")?);
    ui.say(format!(
        "{}: {} rows, {} period(s), {} units in every period",
        args.data.display(),
        rows.len(),
        periods.len(),
        units.len()
    ));
    for p in written {
        ui.say(format!("wrote {}", p.display()));
    }
    Ok(())
}
