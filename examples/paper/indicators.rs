//! The paper example's indicators section: the Manufacturing Power Index figures (Fig. 3, Fig. 4), the 12.51 %
//! check, export unit-value gaps and the volume/value comparison, all computed by `mfg_quality::indicators`
//! from the embedded paper dataset. Writes `paper_fig3.svg` and `paper_fig4.svg` to the output directory.

use std::error::Error;
use std::path::Path;

use mfg_quality::indicators::Panel;
use mfg_quality::indicators::catalogue::{MPI_METHOD_SOURCE, MPI_PILLARS, mpi_tier};
use mfg_quality::indicators::formulas::{cagr, growth_rate, ratio, share};
use mfg_quality::indicators::paper::{self, PaperDataset};
use mfg_quality::indicators::stats::{RankOrder, TieMethod, rank};
use mfg_quality_examples::heading;
use plotters::prelude::*;

/// Prints this section and writes its charts to `out`.
pub fn run(out: &Path) -> Result<(), Box<dyn Error>> {
    let d = paper::dataset();
    fig3(d)?;
    fig4(d)?;
    share_check(d)?;
    unit_values(d)?;
    volume_value(d);
    chart_fig3(d, &out.join("paper_fig3.svg"))?;
    chart_fig4(d, &out.join("paper_fig4.svg"))?;
    println!();
    println!(
        "   charts: {} and {}",
        out.join("paper_fig3.svg").display(),
        out.join("paper_fig4.svg").display()
    );
    Ok(())
}

fn fig3(d: &PaperDataset) -> Result<(), Box<dyn Error>> {
    heading(
        "Fig. 3 — MPI quality & efficiency pillar, 9 countries, 2012–2015 (value and rank per year)",
        "paper Fig. 3 (values as printed); ranks by stats::rank (1 = best, ties min), gap, change and CAGR \
         computed by formulas::{growth_rate, cagr}",
    );
    let p = d.fig3_panel();
    let years = p.periods().to_vec();
    let ranks: Vec<Vec<f64>> = (0..p.n_periods())
        .map(|t| rank(p.column(0, t), RankOrder::Descending, TieMethod::Min))
        .collect();
    let last = p.n_periods() - 1;
    let latest = p.column(0, last);
    let leader = (0..p.n_units())
        .max_by(|&a, &b| latest[a].total_cmp(&latest[b]))
        .unwrap_or(0);
    print!("   {:<4}", "");
    for y in &years {
        print!(" {:>12}", y);
    }
    println!(
        " {:>13} {:>16} {:>8}",
        format!("gap {}", years[last]),
        format!("Δ {}→{}", years[0], years[last]),
        "CAGR"
    );
    for (u, unit) in p.units().iter().enumerate() {
        print!("   {:<4}", unit.code);
        for (t, r) in ranks.iter().enumerate() {
            print!(" {:>7.2} ({:>1})", p.column(0, t)[u], r[u]);
        }
        let (first, end) = (p.column(0, 0)[u], latest[u]);
        let gap = latest[leader] - end;
        let change = growth_rate(first, end)?;
        let g = cagr(first, end, f64::from(years[last] - years[0]))?;
        println!(
            " {:>13} {:>16} {:>7.2}%   {}",
            format!("{gap:.2}"),
            format!("{:+.2} ({change:+.1}%)", end - first),
            g,
            unit.name_zh
        );
    }
    println!(
        "   leader {}: {}; gap = leader − country, in points",
        years[last],
        p.units()[leader].code
    );
    let cn = p.require_unit("CN")?;
    println!(
        "   China's rank: {} in {} → {} in {}; its {} score is {:.1} % of the leader's",
        ranks[0][cn],
        years[0],
        ranks[last][cn],
        years[last],
        years[last],
        share(latest[cn], latest[leader])?
    );
    Ok(())
}

fn fig4(d: &PaperDataset) -> Result<(), Box<dyn Error>> {
    heading(
        "Fig. 4 — China's MPI pillars 2012–2015, and each pillar's share of the printed pillars' sum",
        "paper Fig. 4 (values as printed; sustainable development not printed); shares by formulas::share",
    );
    let p = d.fig4_panel();
    print!("   {:<26}", "pillar");
    for y in p.periods() {
        print!(" {:>15}", y);
    }
    println!();
    for (i, &(_, en, zh)) in MPI_PILLARS.iter().enumerate() {
        print!("   {:<26}", en);
        for t in 0..p.n_periods() {
            match p.get(0, i, t) {
                Some(v) => {
                    let sum: f64 = (0..p.n_indicators()).filter_map(|k| p.get(0, k, t)).sum();
                    print!(" {:>6.2} ({:>5.2}%)", v, share(v, sum)?);
                }
                None => print!(" {:>15}", "not printed"),
            }
        }
        println!("   {zh}");
    }
    print!("   {:<26}", "sum of printed pillars");
    for t in 0..p.n_periods() {
        let sum: f64 = (0..p.n_indicators()).filter_map(|k| p.get(0, k, t)).sum();
        print!(" {:>15.2}", sum);
    }
    println!();
    let qe = p.require_indicator("quality_efficiency")?;
    let lowest = (0..p.n_periods()).all(|t| {
        (0..p.n_indicators())
            .filter(|&k| k != qe)
            .filter_map(|k| p.get(0, k, t))
            .all(|v| p.get(0, qe, t).is_some_and(|q| q < v))
    });
    println!(
        "   quality & efficiency is the lowest printed pillar in every year: {lowest} (the \"shortest plank\")"
    );
    Ok(())
}

fn share_check(d: &PaperDataset) -> Result<(), Box<dyn Error>> {
    let s = d.china_quality_share_2015();
    heading(
        "The 2015 check — quality & efficiency = 12.51 % of China's composite",
        &format!(
            "{} (printed: {} and {} %); implied values computed by paper::PaperDataset",
            s.source, s.pillar_score, s.share_of_composite_pct
        ),
    );
    let composite = d.implied_composite_2015();
    let (lo, hi) = d.implied_composite_2015_range();
    let printed = d.printed_pillar_sum(s.year);
    let p = d.fig4_panel();
    let pillar = |id: &str| -> Result<f64, Box<dyn Error>> {
        Ok(p.value("CN", id, s.year)?.unwrap_or_default())
    };
    println!(
        "   implied composite   = {:.2} / ({:.2} / 100) = {composite:.2}   (share printed to 2 dp ⇒ {lo:.2}–{hi:.2})",
        s.pillar_score, s.share_of_composite_pct
    );
    println!(
        "   printed pillars     = {:.2} + {:.2} + {:.2} = {printed:.2}",
        pillar("scale_development")?,
        pillar("quality_efficiency")?,
        pillar("structure_optimisation")?
    );
    println!(
        "   implied sustainable = {composite:.2} − {printed:.2} = {:.2}   (composite = sum of pillars)",
        d.implied_sustainable_2015()
    );
    println!(
        "   check: {:.2} / {:.2} = {:.2} %   (paper: {:.2} %)",
        s.pillar_score,
        (composite * 100.0).round() / 100.0,
        share(s.pillar_score, (composite * 100.0).round() / 100.0)?,
        s.share_of_composite_pct
    );
    if let Some(c14) = d.mpi_composite("CN", 2014) {
        let tier = |v: f64| match mpi_tier(v) {
            Some(t) => format!("{t:?}"),
            None => "none".to_string(),
        };
        println!(
            "   published 2014 composite CN {:.2} ({}) ⇒ implied 2015 is {:+.2} points ({:+.2} %)",
            c14.value,
            c14.source,
            composite - c14.value,
            growth_rate(c14.value, composite)?
        );
        println!(
            "   tiers (≥130 first, 100–130 second, 60–100 third; {MPI_METHOD_SOURCE}): 2014 {:.2} → {}, implied \
             2015 {composite:.2} → {}",
            c14.value,
            tier(c14.value),
            tier(composite)
        );
        println!(
            "   note: the 2014 value comes from the CAE 2015 report; the paper's Fig. 4 may use another edition's data"
        );
    }
    Ok(())
}

fn unit_values(d: &PaperDataset) -> Result<(), Box<dyn Error>> {
    heading(
        "Export unit values (USD/kg, ten-year averages) and gap ratios",
        "paper sec 1(1) (unit values as printed); ratios by formulas::ratio",
    );
    println!(
        "   {:<24} {:>8} {:>5} {:>8} {:>22}",
        "product group", "CN", "ref", "ref", "ref / CN"
    );
    for g in d.unit_value_gaps() {
        println!(
            "   {:<24} {:>8.2} {:>5} {:>8.2} {:>22}   {}",
            g.product_group,
            g.china_usd_per_kg,
            g.reference,
            g.reference_usd_per_kg,
            format!(
                "{:.2}/{:.2} = {:.2}",
                g.reference_usd_per_kg,
                g.china_usd_per_kg,
                ratio(g.reference_usd_per_kg, g.china_usd_per_kg)?
            ),
            g.product_group_zh
        );
    }
    Ok(())
}

fn volume_value(d: &PaperDataset) {
    heading(
        "Export volume vs value, China vs Germany, 2015",
        "paper sec 1(1) (tonnes and the 1.23 value ratio as printed); ratios computed by \
         paper::PaperDataset::volume_value_2015",
    );
    let v = d.volume_value_2015();
    println!(
        "   tonnes:         {:.2e} / {:.2e} = {:.2}×   (paper: ≈{:.2}×)",
        v.cn_tonnes, v.de_tonnes, v.tonnes_ratio, v.printed_tonnes_ratio
    );
    println!("   export value:   {:.2}×   (paper)", v.printed_value_ratio);
    println!(
        "   value per tonne, CN relative to DE: {:.2} / {:.2} = {:.2}   (paper: ≈0.33)",
        v.printed_value_ratio, v.tonnes_ratio, v.value_per_tonne_ratio
    );
}

fn chart_fig3(d: &PaperDataset, path: &Path) -> Result<(), Box<dyn Error>> {
    let p = d.fig3_panel();
    let series = p
        .units()
        .iter()
        .enumerate()
        .map(|(u, unit)| (unit.code.clone(), year_points(&p, u, 0)))
        .collect();
    year_lines(
        path,
        "Fig. 3: MPI quality & efficiency pillar, 2012-2015 (paper Fig. 3)",
        &p,
        (0.6, 10),
        series,
        SeriesLabelPosition::UpperRight,
    )
}

fn chart_fig4(d: &PaperDataset, path: &Path) -> Result<(), Box<dyn Error>> {
    let p = d.fig4_panel();
    // A pillar without a printed value (sustainable development) is left out, keeping its colour.
    let series = MPI_PILLARS
        .iter()
        .enumerate()
        .map(|(i, &(_, en, _))| (en.to_string(), year_points(&p, 0, i)))
        .collect();
    year_lines(
        path,
        "Fig. 4: China's MPI pillars, 2012-2015 (sustainable development not printed)",
        &p,
        (0.2, 0),
        series,
        SeriesLabelPosition::UpperLeft,
    )
}

/// The (year, value) points of unit `u`, indicator `i` of a panel, skipping missing cells.
fn year_points(p: &Panel, u: usize, i: usize) -> Vec<(f64, f64)> {
    p.periods()
        .iter()
        .enumerate()
        .filter_map(|(t, &y)| p.get(u, i, t).map(|v| (f64::from(y), v)))
        .collect()
}

/// An SVG line chart of pillar scores (0–60) over the panel's years: one line with points per series
/// (series `k` in colour `k`; an empty series is not drawn), the x axis padded by `x_pad` on the right
/// and `right_area` pixels of right label area, and a legend at `legend`.
fn year_lines(
    path: &Path,
    caption: &str,
    p: &Panel,
    (x_pad, right_area): (f64, u32),
    series: Vec<(String, Vec<(f64, f64)>)>,
    legend: SeriesLabelPosition,
) -> Result<(), Box<dyn Error>> {
    let root = SVGBackend::new(path, (860, 520)).into_drawing_area();
    root.fill(&WHITE)?;
    let (y0, y1) = (p.periods()[0], p.periods()[p.n_periods() - 1]);
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .right_y_label_area_size(right_area)
        .build_cartesian_2d(f64::from(y0) - 0.2..f64::from(y1) + x_pad, 0f64..60f64)?;
    chart
        .configure_mesh()
        .x_labels(p.n_periods())
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("pillar score")
        .x_desc("year")
        .draw()?;
    for (k, (label, pts)) in series.into_iter().enumerate() {
        if pts.is_empty() {
            continue;
        }
        let color = Palette99::pick(k).to_rgba();
        chart
            .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
        chart.draw_series(PointSeries::of_element(
            pts,
            3,
            color.filled(),
            &|c, s, st| Circle::new(c, s, st),
        ))?;
    }
    chart
        .configure_series_labels()
        .position(legend)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}
