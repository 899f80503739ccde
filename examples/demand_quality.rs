//! Demand-residual quality (Khandelwal, Schott & Wei 2013) next to unit values, on a synthetic CES world
//! with known quality, costs and σ.
//!
//! `cargo run --release -p mfg-quality-examples --example demand_quality`
//!
//! Industry Q1 has no cost differences (prices rise with quality only), Q2 and Q3 have exporter cost
//! differences independent of quality: there the unit value misranks exporters and the estimated quality
//! does not. The example prints, per industry, how well each measure ranks exporters within product–year,
//! the exporters whose unit-value and quality rankings disagree most, the up-/down-market segments on
//! either measure, the quality-elasticity classes on either measure, and the quality ladders.

use std::collections::HashMap;

use mfg_quality::elasticity::demand_quality::synthetic::DemandConfig;
use mfg_quality::elasticity::demand_quality::{CellQuality, estimate_quality};
use mfg_quality::elasticity::flows::Cells;
use mfg_quality::elasticity::prelude::*;
use mfg_quality::elasticity::unit_value::UnitValues;

fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    for (k, &i) in idx.iter().enumerate() {
        r[i] = k as f64;
    }
    r
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let sab: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let saa: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let sbb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    sab / (saa * sbb).sqrt()
}

fn spearman(a: &[f64], b: &[f64]) -> f64 {
    pearson(&ranks(a), &ranks(b))
}

/// Value-weighted mean of ln(UV/R) per exporter in one year: the unit-value counterpart of the quality index.
fn uv_index(cells: &Cells, uv: &UnitValues, year: u16) -> HashMap<String, f64> {
    let mut acc: HashMap<String, (f64, f64)> = HashMap::new();
    for i in 0..cells.len() {
        if cells.years()[i] != year {
            continue;
        }
        if let Some(r) = uv.relative(i) {
            let e = cells.countries().name(cells.exporters()[i]).to_string();
            let a = acc.entry(e).or_default();
            a.0 += cells.values()[i];
            a.1 += cells.values()[i] * r.ln();
        }
    }
    acc.into_iter().map(|(e, (v, s))| (e, s / v)).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = DemandConfig::small(2026);
    let world = config.generate()?;
    let map = world.concordance.map_products(world.flows.products())?;
    let sigma = world.sigma_table()?;
    let q = estimate_quality(&world.flows, &sigma, Some(&map))?;
    let cells = world.flows.cells();
    let cq: CellQuality = q.cells(&world.flows, &cells)?;
    let uv = unit_values(&cells, &Reference::default())?;
    let quv = cq.as_unit_values(&cells)?;

    println!(
        "Synthetic CES world: {} countries, {} flows, {} exporter–product–year cells, {} product × importer × year cells ({} singleton flows without quality)",
        config.countries,
        world.flows.len(),
        cells.len(),
        q.fixed_effect_cells(),
        q.singletons()
    );
    println!(
        "flow-level correlation of ln λ̂ with the true ln λ (within product × importer × year): {:.4}\n",
        q.correlation_with(&world.true_quality_within_cells())
    );

    // Truth per cell (every flow of a cell has the same ln λ_ekt).
    let f = &world.flows;
    let mut truth_of: HashMap<(u16, u32, u32), f64> = HashMap::new();
    for i in 0..f.len() {
        truth_of.insert(
            (f.years()[i], f.product_ids()[i], f.exporters()[i]),
            world.true_quality[i],
        );
    }
    let truth: Vec<f64> = (0..cells.len())
        .map(|i| {
            truth_of[&(
                cells.years()[i],
                cells.product_ids()[i],
                cells.exporters()[i],
            )]
        })
        .collect();

    println!("Mean within-product–year rank correlation with the true quality:");
    println!(
        "{:<9}{:>6}{:>6}{:>9}{:>14}{:>14}",
        "industry", "σ", "γ", "cost sd", "unit value", "KSW quality"
    );
    for (k, spec) in config.industries.iter().enumerate() {
        let (mut ru, mut rq, mut n) = (0.0, 0.0, 0.0);
        for g in cells.groups() {
            if map.industry_of[cells.product_ids()[g.start] as usize] as usize != k {
                continue;
            }
            let rows: Vec<usize> = g.filter(|&i| cq.quality[i].is_some()).collect();
            let t: Vec<f64> = rows.iter().map(|&i| truth[i]).collect();
            let u: Vec<f64> = rows.iter().map(|&i| uv.unit_value[i]).collect();
            let e: Vec<f64> = rows.iter().filter_map(|&i| cq.quality[i]).collect();
            ru += spearman(&u, &t);
            rq += spearman(&e, &t);
            n += 1.0;
        }
        println!(
            "{:<9}{:>6.1}{:>6.1}{:>9.1}{:>14.3}{:>14.3}",
            spec.id,
            spec.sigma,
            spec.quality_price,
            spec.cost_sd,
            ru / n,
            rq / n
        );
    }

    // Exporter rankings in 2015: unit value vs quality index vs truth.
    let year = 2015;
    let uvi = uv_index(&cells, &uv, year);
    let qi: HashMap<String, f64> = cq
        .exporter_index(&cells)?
        .into_iter()
        .filter(|r| r.year == year)
        .map(|r| (r.exporter, r.quality))
        .collect();
    let theta: HashMap<&str, f64> = world
        .exporter_quality
        .iter()
        .map(|(n, t)| (n.as_str(), *t))
        .collect();
    let cost: HashMap<&str, f64> = world
        .exporter_cost
        .iter()
        .map(|(n, c)| (n.as_str(), *c))
        .collect();
    let mut names: Vec<String> = qi.keys().cloned().collect();
    names.sort();
    let rank_of = |m: &dyn Fn(&str) -> f64| -> HashMap<String, usize> {
        let mut v: Vec<&String> = names.iter().collect();
        v.sort_by(|a, b| m(b).total_cmp(&m(a)));
        v.into_iter()
            .enumerate()
            .map(|(r, n)| (n.clone(), r + 1))
            .collect()
    };
    let r_uv = rank_of(&|n| uvi[n]);
    let r_q = rank_of(&|n| qi[n]);
    let r_t = rank_of(&|n| theta[n]);
    let xs: Vec<f64> = names.iter().map(|n| qi[n]).collect();
    let us: Vec<f64> = names.iter().map(|n| uvi[n]).collect();
    let ts: Vec<f64> = names.iter().map(|n| theta[n.as_str()]).collect();
    println!(
        "\nExporter indices {year} (all products): rank correlation with θ — unit value {:.3}, KSW quality {:.3}",
        spearman(&us, &ts),
        spearman(&xs, &ts)
    );
    let mut disagree: Vec<&String> = names.iter().collect();
    disagree.sort_by_key(|n| std::cmp::Reverse(r_uv[*n].abs_diff(r_q[*n])));
    println!("Where the rankings disagree most (rank 1 = highest):");
    println!(
        "{:<9}{:>9}{:>9}{:>9}{:>12}",
        "exporter", "UV rank", "KSW rank", "θ rank", "cost draw"
    );
    for n in disagree.iter().take(6) {
        println!(
            "{:<9}{:>9}{:>9}{:>9}{:>12.2}",
            n,
            r_uv[*n],
            r_q[*n],
            r_t[*n],
            cost[n.as_str()]
        );
    }

    // Segments on either measure.
    let params = SegmentParams::default();
    let seg_uv = segment_cells(&cells, &uv, &params, Some(&map))?;
    let seg_q = segment_cells(&cells, &quv, &params, Some(&map))?;
    let mut moved = 0;
    let mut classified = 0;
    for i in 0..cells.len() {
        if let (Some(_), Some(_)) = (uv.relative(i), quv.relative(i)) {
            classified += 1;
            let a = params.classify(uv.unit_value[i], uv.reference[i]);
            let b = params.classify(quv.unit_value[i], quv.reference[i]);
            moved += usize::from(a != b);
        }
    }
    println!(
        "\nSegments (α = 0.15): {moved} of {classified} exporter–product–year cells change segment between unit value and quality."
    );
    println!("High / low value shares {year}, unit value vs quality, for the exporters above:");
    for n in disagree.iter().take(6) {
        let (a, b) = (seg_uv.shares(n, year), seg_q.shares(n, year));
        if let (Some(a), Some(b)) = (a, b) {
            println!(
                "  {n}: UV high {:5.1} % low {:5.1} %   quality high {:5.1} % low {:5.1} %",
                100.0 * a.high,
                100.0 * a.low,
                100.0 * b.high,
                100.0 * b.low
            );
        }
    }

    // Quality-elasticity classes on either measure.
    let periods = [PooledPeriod::new(2010, 2015)];
    let ep = ElasticityParams::default();
    let c_uv = estimate(&cells, &uv, &map, &periods, &ep)?;
    let c_q = estimate(&cells, &quv, &map, &periods, &ep)?;
    println!(
        "\nIndustry classes (log market share on the log relative measure, product–year effects):"
    );
    for (a, b) in c_uv.iter().zip(&c_q) {
        let (ea, eb) = (a.estimate(), b.estimate());
        let flag = if a.class() == b.class() {
            ""
        } else {
            "  <- disagree"
        };
        println!(
            "  {}: unit value slope {:+.2} ({}), quality slope {:+.2} ({}){flag}",
            a.industry,
            ea.map_or(f64::NAN, |e| e.slope),
            a.class().map_or("n/a", |c| c.label()),
            eb.map_or(f64::NAN, |e| e.slope),
            b.class().map_or("n/a", |c| c.label()),
        );
    }

    // Quality ladders.
    let ladders = cq.ladders(&cells)?;
    println!("\nQuality ladders (Khandelwal 2010), mean length per industry (log points):");
    for (k, spec) in config.industries.iter().enumerate() {
        let l: Vec<f64> = ladders
            .iter()
            .filter(|l| {
                map.industry_of[world.flows.products().id(&l.product).unwrap_or(0) as usize]
                    as usize
                    == k
            })
            .map(|l| l.length)
            .collect();
        println!(
            "  {}: {:.2} over {} product–years",
            spec.id,
            l.iter().sum::<f64>() / l.len() as f64,
            l.len()
        );
    }
    Ok(())
}
