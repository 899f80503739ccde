//! The paper example's regional section (paper §4): regional means of the provincial Manufacturing Quality
//! Competitiveness Index and the east–west gradient, the West's 2016 Q1–Q3 export fall by trade mode, the
//! national trade-mode shares, and Fig. 5 (index vs per-capita GDP) drawn from a documented SYNTHETIC
//! provincial panel — no 2015 provincial index values or per-capita GDP could be sourced. Where we looked,
//! and what would unblock a real Fig. 5, is recorded in `crates/regional/data/FIG5_DATA_SEARCH.md`; the few
//! provincial index values that were found (2005–2008, four values) are in
//! `crates/indicators/data/catalogues/mqci_provincial_values.csv`.
//!
//! The synthetic panel and the Fig. 5 chart are also used by the `regional` example (`examples/regional.rs`).

use std::path::{Path, PathBuf};

use mfg_quality::indicators::paper;
use mfg_quality::regional::{
    Association, Centre, Component, Gradient, Grouping, RegionMap, Transform, associate,
    decompose_growth, gradient, group_summaries, implied_total_growth, two_component_split,
};
use mfg_quality_examples::heading;
use plotters::prelude::*;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The 2015 regional means of the provincial MQCI, as printed in the paper (§4, sec 1(3)), from the embedded
/// paper dataset (`mfg_quality::indicators::paper`): (region, mean, source).
pub fn regional_means_2015() -> Vec<(String, f64, String)> {
    paper::dataset()
        .mqci_regional_means_2015()
        .iter()
        .map(|r| (r.region.clone(), r.mqci_mean, r.source.clone()))
        .collect()
}

/// A 2016 Q1–Q3 trade figure from the embedded paper dataset (paper §4, sec 1(2)/1(3)).
fn trade(scope: &str, measure: &str) -> Res<f64> {
    paper::dataset()
        .trade_figure(scope, measure)
        .map(|r| r.value)
        .ok_or_else(|| format!("trade figure {scope}/{measure} not in the paper dataset").into())
}

/// The expected order of the paper's gradient ("high in the east, low in the west").
pub const EXPECTED_ORDER: [&str; 4] = ["East", "Central", "West", "Northeast"];

/// The regional means and the gradient check, computed by `group_summaries` and `gradient`.
pub fn paper_gradient() -> Res<Gradient> {
    let means = regional_means_2015();
    let labels: Vec<&str> = means.iter().map(|m| m.0.as_str()).collect();
    let values: Vec<f64> = means.iter().map(|m| m.1).collect();
    let s = group_summaries(&values, None, &Grouping::from_labels(&labels))?;
    Ok(gradient(&s, &EXPECTED_ORDER, Centre::Mean)?)
}

/// Prints the paper-number parts: regional means and gradient, the West's exports by trade mode, national
/// trade-mode shares.
pub fn print_paper_numbers() -> Res<()> {
    heading(
        "Provincial MQCI 2015: regional means and the east-west gradient",
        "means: paper §4 (sec 1(3)), embedded paper dataset (mfg_quality::indicators::paper); gradient computed by regional::gradient",
    );
    for (r, m, src) in regional_means_2015() {
        println!("   {r:<10} mean MQCI {m:>6.2}   (embedded paper dataset: {src})");
    }
    let g = paper_gradient()?;
    println!(
        "   observed order: {}   expected East > Central > West > Northeast: {}",
        g.observed_order.join(" > "),
        if g.holds { "holds" } else { "does NOT hold" }
    );
    for s in &g.steps {
        println!(
            "   {:<9} - {:<9} = {:+.2} points   (computed by regional::gradient)",
            s.from, s.to, s.difference
        );
    }
    println!("   span East - Northeast = {:.2} points", g.span);

    heading(
        "The West's exports, 2016 Q1-Q3, by trade mode",
        "rates: paper §4 (sec 1(3)), embedded paper dataset; shares and contributions computed by regional::two_component_split, decompose_growth",
    );
    let (total, g_t, g_gen, g_proc) = (
        trade("West", "exports")?,
        trade("West", "exports_yoy")?,
        trade("West", "general_trade_exports_yoy")?,
        trade("West", "processing_trade_exports_yoy")?,
    );
    let y0 = total / (1.0 + g_t / 100.0);
    println!("   exports {total:.1} (100 million CNY), {g_t:+.1} % (paper)");
    println!(
        "   => previous-year exports {y0:.1}, fall {:.1} (paper: \"more than 1400\")   (computed)",
        y0 - total
    );
    println!(
        "   general trade {g_gen:+.1} %, processing trade {g_proc:+.1} %, labour-intensive products {:+.1} % (paper)",
        trade("West", "labour_intensive_exports_yoy")?
    );
    let split = two_component_split(g_t, g_gen, g_proc)?;
    println!(
        "   IF general + processing trade were all of the West's exports (the paper gives no shares and other modes, e.g. border trade, exist):"
    );
    println!(
        "     implied 2015 shares: general {:.1} %, processing {:.1} %",
        split.share_first_pct, split.share_second_pct
    );
    println!(
        "     contributions: general {:+.2} pp, processing {:+.2} pp (sum {:+.2} pp = total growth)",
        split.contribution_first_pp,
        split.contribution_second_pp,
        split.contribution_first_pp + split.contribution_second_pp
    );
    let (g0, p0) = (
        y0 * split.share_first_pct / 100.0,
        y0 * split.share_second_pct / 100.0,
    );
    let comps = [
        Component::new("general trade", g0, g0 * (1.0 + g_gen / 100.0)),
        Component::new("processing trade", p0, p0 * (1.0 + g_proc / 100.0)),
    ];
    let d = decompose_growth(&comps, Some((y0, total)), 1e-6)?;
    for (c, k) in d.components.iter().zip(&comps) {
        println!(
            "     {:<16} {:>7.1} -> {:>7.1}  change {:>7.1}  share {:>5.1} % -> {:>5.1} % ({:+.1} pp)",
            c.name,
            k.previous,
            k.current,
            c.change,
            c.share_previous_pct,
            c.share_current_pct.unwrap_or(0.0),
            c.share_change_pp.unwrap_or(0.0)
        );
    }
    println!(
        "   What the data do not allow: the actual shares (a third mode makes the split underdetermined), and \
         adding the labour-intensive fall (-26.6 %), a product group that cuts across both trade modes."
    );

    heading(
        "National trade modes, 2016 Q1-Q3",
        "rates and shares: paper §4 (sec 1(2)), embedded paper dataset; implied totals computed by regional::implied_total_growth",
    );
    let p = implied_total_growth(
        trade("National", "processing_trade_yoy")?,
        trade("National", "processing_trade_share_of_trade")?,
        trade("National", "processing_trade_share_change")?,
    )?;
    println!(
        "   processing trade {:+.1} %, {:.1} % of trade ({:+.1} pp): previous share {:.1} %, contribution {:+.2} pp, implied total trade {:+.2} %",
        trade("National", "processing_trade_yoy")?,
        trade("National", "processing_trade_share_of_trade")?,
        trade("National", "processing_trade_share_change")?,
        p.share_previous_pct,
        p.contribution_pp,
        p.total_growth_pct
    );
    let gt = implied_total_growth(
        trade("National", "general_trade_exports_yoy")?,
        trade("National", "general_trade_share_of_exports")?,
        trade("National", "general_trade_share_change")?,
    )?;
    println!(
        "   general trade exports {:+.1} %, {:.1} % of exports ({:+.1} pp): previous share {:.1} %, contribution {:+.2} pp, implied total exports {:+.2} %",
        trade("National", "general_trade_exports_yoy")?,
        trade("National", "general_trade_share_of_exports")?,
        trade("National", "general_trade_share_change")?,
        gt.share_previous_pct,
        gt.contribution_pp,
        gt.total_growth_pct
    );
    println!(
        "   rounding: every input is printed to 0.1, i.e. +/-0.05; over those bounds (computed by implied_total_growth at the 8 corners):"
    );
    for (name, (g, s1, ds)) in [
        (
            "total trade  ",
            (
                trade("National", "processing_trade_yoy")?,
                trade("National", "processing_trade_share_of_trade")?,
                trade("National", "processing_trade_share_change")?,
            ),
        ),
        (
            "total exports",
            (
                trade("National", "general_trade_exports_yoy")?,
                trade("National", "general_trade_share_of_exports")?,
                trade("National", "general_trade_share_change")?,
            ),
        ),
    ] {
        let (lo, hi) = rounding_range(g, s1, ds)?;
        println!("     implied {name} growth in [{lo:+.2} %, {hi:+.2} %]");
    }
    Ok(())
}

/// The range of [`implied_total_growth`] when each input may be off by ±0.05 (printed to one decimal).
fn rounding_range(g: f64, s1: f64, ds: f64) -> Res<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for a in [-0.05, 0.05] {
        for b in [-0.05, 0.05] {
            for c in [-0.05, 0.05] {
                let t = implied_total_growth(g + a, s1 + b, ds + c)?.total_growth_pct;
                lo = lo.min(t);
                hi = hi.max(t);
            }
        }
    }
    Ok((lo, hi))
}

/// A documented SYNTHETIC provincial panel for 2015 (no sourced provincial values exist in the project; the
/// search is documented in `crates/regional/data/FIG5_DATA_SEARCH.md`).
///
/// Construction (deterministic, seed 2015, ChaCha8 via `mfg_quality_examples::seeded_rng`, standard normal draws): for province `i` in NBS region `r`,
/// `index_i = m_r + e_i − ē_r` with `e_i ~ N(0, 2²)` and `ē_r` the region's mean deviation, so each region's
/// mean equals the paper's 2015 mean `m_r` exactly; per-capita GDP (thousand CNY)
/// `gdp_i = 50 · exp(0.12 (index_i − 84) + u_i)`, `u_i ~ N(0, 0.15²)` — positively associated by construction.
/// The numbers say nothing about real provinces.
pub struct SyntheticPanel {
    /// ISO codes.
    pub codes: Vec<String>,
    /// NBS regions.
    pub regions: Vec<String>,
    /// Synthetic index.
    pub index: Vec<f64>,
    /// Synthetic per-capita GDP, thousand CNY.
    pub gdp: Vec<f64>,
}

/// Builds the [`SyntheticPanel`].
pub fn synthetic_panel() -> SyntheticPanel {
    let map = RegionMap::china_nbs4();
    let means = regional_means_2015();
    let mut rng = mfg_quality_examples::seeded_rng(2015);
    let codes: Vec<String> = map.units().iter().map(|u| u.code.clone()).collect();
    let regions: Vec<String> = map.units().iter().map(|u| u.group.clone()).collect();
    let dev: Vec<f64> = codes
        .iter()
        .map(|_| 2.0 * mfg_quality_examples::standard_normal(&mut rng))
        .collect();
    let index: Vec<f64> = regions
        .iter()
        .zip(&dev)
        .map(|(r, e)| {
            let m = means.iter().find(|m| &m.0 == r).map_or(84.0, |m| m.1);
            let members: Vec<f64> = regions
                .iter()
                .zip(&dev)
                .filter(|(q, _)| *q == r)
                .map(|(_, d)| *d)
                .collect();
            m + e - members.iter().sum::<f64>() / members.len() as f64
        })
        .collect();
    let gdp = index
        .iter()
        .map(|x| {
            50.0 * (0.12 * (x - 84.0) + 0.15 * mfg_quality_examples::standard_normal(&mut rng))
                .exp()
        })
        .collect();
    SyntheticPanel {
        codes,
        regions,
        index,
        gdp,
    }
}

/// Draws Fig. 5 (index vs per-capita GDP, points coloured by region, fitted line `index = a + b ln gdp` and its
/// confidence band for the mean) to `path` as SVG.
pub fn fig5_svg(path: &Path, p: &SyntheticPanel, a: &Association, level: f64) -> Res<()> {
    let (xmin, xmax) = p
        .gdp
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let (ymin, ymax) = p
        .index
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let (x0, x1) = (xmin * 0.95, xmax * 1.05);
    let grid: Vec<f64> = (0..=60).map(|k| x0 + (x1 - x0) * k as f64 / 60.0).collect();
    let logs: Vec<f64> = grid.iter().map(|x| x.ln()).collect();
    let band = a.fit.confidence_band(&logs, level)?;
    let lo = band.iter().map(|b| b.lower).fold(ymin, f64::min) - 0.5;
    let hi = band.iter().map(|b| b.upper).fold(ymax, f64::max) + 0.5;

    let root = SVGBackend::new(path, (820, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Fig. 5 (SYNTHETIC data): quality index vs per-capita GDP, 31 provinces",
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(52)
        .build_cartesian_2d(x0..x1, lo..hi)?;
    chart
        .configure_mesh()
        .axis_desc_style(("sans-serif", 14))
        .label_style(("sans-serif", 12))
        .x_desc("per-capita GDP, thousand CNY (synthetic)")
        .y_desc("quality index (synthetic; regional means = paper 2015)")
        .draw()?;
    let mut poly: Vec<(f64, f64)> = grid.iter().zip(&band).map(|(x, b)| (*x, b.upper)).collect();
    poly.extend(grid.iter().zip(&band).rev().map(|(x, b)| (*x, b.lower)));
    let band_colour = RGBColor(120, 120, 120).mix(0.2);
    chart
        .draw_series(std::iter::once(Polygon::new(poly, band_colour.filled())))?
        .label(format!("{:.0} % confidence band (mean)", level * 100.0))
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], band_colour.filled()));
    chart
        .draw_series(LineSeries::new(
            grid.iter().zip(&band).map(|(x, b)| (*x, b.fit)),
            BLACK.stroke_width(2),
        ))?
        .label(format!(
            "OLS: index = {:.2} + {:.2} ln gdp (R² {:.2})",
            a.fit.intercept, a.fit.slope, a.fit.r_squared
        ))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(2)));
    let colours = [
        ("East", RGBColor(214, 39, 40)),
        ("Central", RGBColor(255, 127, 14)),
        ("West", RGBColor(31, 119, 180)),
        ("Northeast", RGBColor(44, 160, 44)),
    ];
    for (region, colour) in colours {
        let pts: Vec<(f64, f64)> = (0..p.codes.len())
            .filter(|&i| p.regions[i] == region)
            .map(|i| (p.gdp[i], p.index[i]))
            .collect();
        chart
            .draw_series(
                pts.iter()
                    .map(|&(x, y)| Circle::new((x, y), 5, colour.filled())),
            )?
            .label(region)
            .legend(move |(x, y)| Circle::new((x + 9, y), 5, colour.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()?;
    root.present()?;
    Ok(())
}

/// Association of the synthetic index with log per-capita GDP (computed by `regional::associate`).
pub fn synthetic_association(p: &SyntheticPanel, level: f64) -> Res<Association> {
    Ok(associate(&p.gdp, &p.index, Transform::Log, level)?)
}

/// Prints the compact synthetic Fig. 5 block and writes the SVG; returns its path.
pub fn print_fig5(out: &Path, file: &str) -> Res<PathBuf> {
    heading(
        "Fig. 5: quality index vs per-capita GDP -- SYNTHETIC provincial panel",
        "no 2015 provincial MQCI or per-capita GDP could be sourced (search log: crates/regional/data/FIG5_DATA_SEARCH.md); seeded synthetic panel with the paper's regional means; statistics computed by regional::associate",
    );
    let p = synthetic_panel();
    let a = synthetic_association(&p, 0.95)?;
    let (lo, hi) = a
        .pearson
        .ci
        .unwrap_or((a.pearson.estimate, a.pearson.estimate));
    println!(
        "   synthetic: Pearson r (index, ln gdp) = {:.3} (p {:.2e}, 95 % CI {:.3}..{:.3}); Spearman rho = {:.3} (p {:.2e}); Kendall tau-b = {:.3} (p {:.2e})",
        a.pearson.estimate,
        a.pearson.p_value,
        lo,
        hi,
        a.spearman.estimate,
        a.spearman.p_value,
        a.kendall.estimate,
        a.kendall.p_value
    );
    println!(
        "   synthetic: OLS index = {:.2} (se {:.2}) + {:.2} (se {:.2}) ln gdp, p(slope) {:.2e}, R² {:.3}, residual sd {:.2}",
        a.fit.intercept,
        a.fit.se_intercept,
        a.fit.slope,
        a.fit.se_slope,
        a.fit.p_slope,
        a.fit.r_squared,
        a.fit.residual_sd
    );
    let path = out.join(file);
    fig5_svg(&path, &p, &a, 0.95)?;
    println!(
        "   wrote {} (synthetic data, labelled as such)",
        path.display()
    );
    Ok(path)
}

/// Prints this section.
pub fn run(out: &Path) -> Res<()> {
    print_paper_numbers()?;
    print_fig5(out, "fig5_regional_synthetic.svg")?;
    Ok(())
}
