//! `cargo run --release --example regional [-- --out DIR]` (default `target/regional/`): the paper's regional
//! analysis (§4) with `mfg-quality-regional`.
//!
//! 1. The paper's 2015 regional means of the provincial quality index and the east–west gradient.
//! 2. The West's 2016 Q1–Q3 export fall by trade mode (growth contributions) and the national trade modes.
//! 3. A provincial panel — SYNTHETIC, because no 2015 provincial index or per-capita GDP has a source in the
//!    project (search log: `crates/regional/data/FIG5_DATA_SEARCH.md`): group statistics in the NBS four regions and the 1986 three
//!    belts, ANOVA and Kruskal–Wallis, inequality and the Theil decomposition, the association with
//!    per-capita GDP, and Fig. 5 as SVG.

#[path = "paper/regional.rs"]
#[allow(dead_code)] // its `run` is the `paper` example's entry point
mod paper_regional;

use mfg_quality::indicators::paper;
use mfg_quality::regional::{
    Centre, RegionMap, beta_convergence, coefficient_of_variation, gini, gradient, group_summaries,
    kruskal_wallis, one_way_anova, sigma_convergence, theil_decomposition,
};
use mfg_quality_examples::heading;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = mfg_quality_examples::out_dir("target/regional")?;
    paper_regional::print_paper_numbers()?;

    let p = paper_regional::synthetic_panel();
    let src = "SYNTHETIC panel (paper_regional::synthetic_panel: seeded, regional means = paper 2015); computed by";

    for map in [RegionMap::china_nbs4(), RegionMap::china_three_belts()] {
        heading(
            &format!("SYNTHETIC provinces: group statistics, {}", map.name()),
            &format!("{src} regional::group_summaries, gradient, one_way_anova, kruskal_wallis"),
        );
        let g = map.grouping(&p.codes)?;
        let s = group_summaries(&p.index, Some(&p.gdp), &g)?;
        println!(
            "   {:<10} {:>3} {:>7} {:>7} {:>7} {:>6} {:>7} {:>7}",
            "group", "n", "mean", "w.mean", "median", "sd", "min", "max"
        );
        for r in &s {
            println!(
                "   {:<10} {:>3} {:>7.2} {:>7.2} {:>7.2} {:>6.2} {:>7.2} {:>7.2}",
                r.group, r.n, r.mean, r.weighted_mean, r.median, r.sd, r.min, r.max
            );
        }
        println!("   (w.mean: weighted by the synthetic per-capita GDP, only to show the option)");
        let order: Vec<&str> = map.groups().iter().map(String::as_str).collect();
        let gr = gradient(&s, &order, Centre::Mean)?;
        println!(
            "   gradient {}: {} (steps {})",
            order.join(" > "),
            if gr.holds { "holds" } else { "does not hold" },
            gr.steps
                .iter()
                .map(|s| format!("{:+.2}", s.difference))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let a = one_way_anova(&p.index, &g)?;
        let k = kruskal_wallis(&p.index, &g)?;
        println!(
            "   one-way ANOVA F({:.0}, {:.0}) = {:.2}, p = {:.2e}, eta² = {:.3}; Kruskal-Wallis H = {:.2}, df {:.0}, p = {:.2e}",
            a.df_between, a.df_within, a.f, a.p_value, a.eta_squared, k.h, k.df, k.p_value
        );
    }

    heading(
        "SYNTHETIC provinces: inequality and the Theil decomposition (NBS four regions)",
        &format!(
            "{src} regional::gini, coefficient_of_variation, theil_decomposition (Shorrocks 1980)"
        ),
    );
    let g = RegionMap::china_nbs4().grouping(&p.codes)?;
    println!(
        "   index: Gini {:.4}, CV {:.4}; per-capita GDP: Gini {:.4}, CV {:.4}",
        gini(&p.index, None)?,
        coefficient_of_variation(&p.index, None)?,
        gini(&p.gdp, None)?,
        coefficient_of_variation(&p.gdp, None)?
    );
    for (what, x) in [("index", &p.index), ("per-capita GDP", &p.gdp)] {
        let d = theil_decomposition(x, None, &g)?;
        println!(
            "   {what}: Theil T {:.6} = between {:.6} ({:.1} %) + within {:.6}; Theil L {:.6} = between {:.6} ({:.1} %) + within {:.6}",
            d.t.total,
            d.t.between,
            100.0 * d.t.between_share(),
            d.t.within,
            d.l.total,
            d.l.between,
            100.0 * d.l.between_share(),
            d.l.within
        );
        for r in &d.groups {
            println!(
                "     {:<10} pop. share {:.3}  income share {:.3}  mean {:>7.2}  T_g {:.6}  L_g {:.6}",
                r.group, r.population_share, r.income_share, r.mean, r.theil_t, r.theil_l
            );
        }
    }

    let path = paper_regional::print_fig5(&out, "fig5_index_vs_gdp_synthetic.svg")?;
    let a = paper_regional::synthetic_association(&p, 0.95)?;
    let xs: Vec<f64> = [30.0f64, 50.0, 80.0].iter().map(|x| x.ln()).collect();
    for b in a.fit.confidence_band(&xs, 0.95)? {
        println!(
            "   synthetic: at gdp {:>4.0} thousand CNY the fitted mean index is {:.2} (95 % band {:.2}..{:.2})",
            b.x.exp(),
            b.fit,
            b.lower,
            b.upper
        );
    }
    println!("   chart: {}", path.display());

    convergence_fig3()?;
    Ok(())
}

/// σ- and β-convergence on real paper data: the MPI quality & efficiency pillar of 9 countries, 2012–2015
/// (paper Fig. 3, embedded paper dataset).
fn convergence_fig3() -> Result<(), Box<dyn std::error::Error>> {
    heading(
        "Convergence: MPI quality & efficiency pillar, 9 countries, 2012-2015",
        "scores: paper Fig. 3 (embedded paper dataset); computed by regional::sigma_convergence, beta_convergence, gini",
    );
    let data = paper::dataset().quality_efficiency();
    let mut countries: Vec<&str> = Vec::new();
    let mut years: Vec<i32> = Vec::new();
    for r in data {
        if !countries.contains(&r.country.as_str()) {
            countries.push(&r.country);
        }
        if !years.contains(&r.year) {
            years.push(r.year);
        }
    }
    years.sort_unstable();
    let mut series: Vec<Vec<f64>> = Vec::new();
    for &y in &years {
        let mut row = Vec::new();
        for c in &countries {
            let v = data
                .iter()
                .find(|r| r.country == *c && r.year == y)
                .ok_or_else(|| format!("Fig. 3 has no value for {c} {y}"))?;
            row.push(v.score);
        }
        series.push(row);
    }
    let times: Vec<f64> = years.iter().map(|&y| f64::from(y)).collect();
    let refs: Vec<&[f64]> = series.iter().map(Vec::as_slice).collect();
    let s = sigma_convergence(&times, &refs)?;
    for (d, x) in s.periods.iter().zip(&series) {
        println!(
            "   {}: sd(ln score) {:.4}  CV {:.4}  Gini {:.4}",
            d.time,
            d.sd_log,
            d.cv,
            gini(x, None)?
        );
    }
    if let (Some(tsd), Some(tcv)) = (&s.trend_sd_log, &s.trend_cv) {
        println!(
            "   sigma: trend of sd(ln) {:+.4} per year (p {:.2}), of CV {:+.4} per year (p {:.2})",
            tsd.slope, tsd.p_slope, tcv.slope, tcv.p_slope
        );
    }
    let (first, last) = (&series[0], &series[series.len() - 1]);
    let horizon = times[times.len() - 1] - times[0];
    let b = beta_convergence(first, last, horizon)?;
    println!(
        "   beta: growth {}-{} on ln initial level: beta = {:+.4} (se {:.4}, p {:.2}); speed {}, half-life {}",
        years[0],
        years[years.len() - 1],
        b.beta,
        b.fit.se_slope,
        b.p_value,
        b.speed
            .map_or("undefined (beta >= 0)".into(), |l| format!("{l:.4}/year")),
        b.half_life
            .map_or("undefined".into(), |h| format!("{h:.1} years"))
    );
    let sigma = s
        .trend_sd_log
        .as_ref()
        .is_some_and(|t| t.slope < 0.0 && t.p_slope < 0.05);
    let beta = b.beta < 0.0 && b.p_value < 0.05;
    println!(
        "   => at the 5 % level: sigma-convergence {}, beta-convergence {} ({} periods, {} units: little power)",
        if sigma { "found" } else { "not found" },
        if beta { "found" } else { "not found" },
        years.len(),
        countries.len()
    );
    Ok(())
}
