//! `cargo run --release --example manufacturing_power [-- --out DIR]`
//!
//! A Manufacturing-Power-style index (CAE 制造强国综合指数, as described in the paper's §3) built with the
//! configured pipeline of `mfg-quality-composite` on a **SYNTHETIC** 9-country panel:
//!
//! * framework: the library's catalogue `manufacturing_power_index()` — 4 pillars, the 10 indicators whose
//!   names and pillars are sourced (of the published 18), pillar weights 0.1951 / 0.2931 / 0.2805 / 0.2313
//!   from a secondary source (`catalogue::MPI_PILLAR_WEIGHTS_SOURCE`, not confirmed against the CAE report),
//!   equal indicator weights within a pillar (the published ones are not available);
//! * normalisation: ratio to a benchmark, `100 · x / b` (`100 · b / x` for a lower-is-better indicator), with
//!   `b` = the mean of the 2012 values of US, JP, DE, UK, FR and KR (`catalogue::MPI_METHOD_SOURCE`);
//! * aggregation: arithmetic mean within a pillar, weighted sum of the pillars (the weights sum to 1);
//! * analyses: composites and ranks 2012–2015, rank changes, tiers (≥ 130 / 100–130 / 60–100), each pillar's
//!   contribution to the composite, and each country's weakest pillar ("shortest plank").
//!
//! THE DATA ARE SYNTHETIC: plausible magnitudes (manufacturing value added in bn USD, shares in %, …) with a
//! trend per country and ±2 % noise from a seeded generator (ChaCha8, seed 2015, via `mfg_quality_examples::seeded_rng`). They are not the CAE
//! data, and the printed composites are not the published index; published composites are shown
//! alongside only to show the scale and tiers of the real index.

use std::collections::BTreeMap;

use mfg_quality::composite::aggregate::Aggregation;
use mfg_quality::composite::normalise::{Benchmark, Normalisation};
use mfg_quality::composite::pipeline::PipelineConfig;
use mfg_quality::composite::results::{Results, Tiers};
use mfg_quality::indicators::catalogue::{
    MPI_METHOD_SOURCE, MPI_PILLAR_WEIGHTS_SOURCE, manufacturing_power_index,
};
use mfg_quality::indicators::paper;
use mfg_quality::indicators::{Panel, Unit};
use mfg_quality_examples::{heading, seeded_rng, uniform};

const COUNTRIES: [&str; 9] = ["US", "DE", "JP", "UK", "FR", "KR", "CN", "IN", "BR"];
const BENCHMARK: [&str; 6] = ["US", "JP", "DE", "UK", "FR", "KR"];
const YEARS: [i32; 4] = [2012, 2013, 2014, 2015];
const SEED: u64 = 2015;

/// Synthetic 2012 level per country (order of `COUNTRIES`) and yearly growth factor, per indicator.
/// Magnitudes are plausible, not data.
fn synthetic_levels() -> Vec<(&'static str, [f64; 9], [f64; 9])> {
    vec![
        // manufacturing value added, bn USD
        (
            "MPI-SD-1",
            [
                1900.0, 750.0, 1050.0, 250.0, 270.0, 320.0, 1500.0, 280.0, 260.0,
            ],
            [1.02, 1.01, 0.97, 1.01, 1.00, 1.03, 1.07, 1.06, 0.96],
        ),
        // share of world manufacturing exports, %
        (
            "MPI-SD-2",
            [9.0, 10.5, 6.0, 2.8, 3.6, 4.0, 12.0, 1.6, 0.9],
            [1.00, 0.99, 0.97, 0.99, 0.99, 1.01, 1.04, 1.02, 0.98],
        ),
        // value-added rate, %
        (
            "MPI-QE-1",
            [35.0, 33.0, 32.0, 31.0, 30.0, 26.0, 22.0, 20.0, 25.0],
            [1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.01, 1.00, 0.99],
        ),
        // labour productivity, thousand USD per worker
        (
            "MPI-QE-2",
            [140.0, 95.0, 90.0, 85.0, 90.0, 80.0, 20.0, 8.0, 25.0],
            [1.02, 1.01, 0.98, 1.01, 1.00, 1.02, 1.08, 1.05, 0.97],
        ),
        // sales profit margin, %
        (
            "MPI-QE-3",
            [8.0, 6.5, 5.0, 6.0, 5.5, 6.0, 6.0, 5.0, 4.0],
            [1.01, 1.00, 1.02, 1.00, 0.99, 0.99, 0.99, 1.00, 0.95],
        ),
        // number of world-famous brands
        (
            "MPI-QE-4",
            [50.0, 10.0, 8.0, 5.0, 7.0, 3.0, 2.0, 0.5, 0.5],
            [1.00, 1.00, 0.99, 1.00, 1.00, 1.05, 1.12, 1.00, 1.00],
        ),
        // equipment manufacturing share of manufacturing value added, %
        (
            "MPI-SO-1",
            [45.0, 52.0, 50.0, 40.0, 40.0, 55.0, 33.0, 25.0, 28.0],
            [1.00, 1.00, 1.00, 1.00, 1.00, 1.01, 1.02, 1.01, 0.99],
        ),
        // invention patents granted per bn USD of manufacturing value added
        (
            "MPI-SU-1",
            [70.0, 60.0, 160.0, 25.0, 40.0, 110.0, 25.0, 3.0, 2.0],
            [1.01, 1.00, 0.99, 1.00, 1.00, 1.04, 1.15, 1.05, 1.00],
        ),
        // energy per unit of manufacturing value added (lower is better), tce per thousand USD
        (
            "MPI-SU-2",
            [0.20, 0.15, 0.13, 0.14, 0.16, 0.25, 0.60, 0.55, 0.35],
            [0.99, 0.99, 0.99, 0.98, 0.99, 0.98, 0.96, 0.98, 1.00],
        ),
        // industrial solid-waste utilisation rate, %
        (
            "MPI-SU-3",
            [70.0, 80.0, 85.0, 75.0, 72.0, 80.0, 60.0, 45.0, 50.0],
            [1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.01, 1.01, 1.00],
        ),
    ]
}

/// The synthetic panel, indicators in the framework's order.
fn synthetic_panel(indicator_ids: &[&str]) -> Result<Panel, Box<dyn std::error::Error>> {
    let levels = synthetic_levels();
    let mut rng = seeded_rng(SEED);
    let (nu, ni) = (COUNTRIES.len(), indicator_ids.len());
    let mut values = vec![0.0; YEARS.len() * ni * nu];
    for (p, _) in YEARS.iter().enumerate() {
        for (i, id) in indicator_ids.iter().enumerate() {
            let (_, level, growth) = levels
                .iter()
                .find(|(k, _, _)| k == id)
                .ok_or_else(|| format!("no synthetic data for {id}"))?;
            for u in 0..nu {
                let noise = 1.0 + 0.04 * (uniform(&mut rng) - 0.5); // ±2 %
                values[(p * ni + i) * nu + u] = level[u] * growth[u].powi(p as i32) * noise;
            }
        }
    }
    let names: BTreeMap<&str, (&str, &str)> = paper::MPI_COUNTRIES
        .iter()
        .map(|(c, en, zh)| (*c, (*en, *zh)))
        .collect();
    let units = COUNTRIES
        .iter()
        .map(|c| {
            let (en, zh) = names.get(c).copied().unwrap_or(("", ""));
            Unit::new(*c).with_names(en, zh)
        })
        .collect();
    Ok(Panel::from_dense(
        units,
        indicator_ids.iter().map(|s| s.to_string()).collect(),
        YEARS.to_vec(),
        values,
        vec![true; YEARS.len() * ni * nu],
    )?)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = mfg_quality_examples::out_dir("target/manufacturing_power")?;
    let framework = manufacturing_power_index();
    let root = framework.node(framework.root()).id.clone();
    let pillars: Vec<String> = framework
        .children(framework.root())
        .iter()
        .map(|&c| framework.node(c).id.clone())
        .collect();
    let ids: Vec<&str> = framework.indicator_ids();
    let panel = synthetic_panel(&ids)?;

    let mut config = PipelineConfig::new(framework.clone());
    config.comment = Some(
        "Manufacturing-Power-style index on a SYNTHETIC panel (examples/manufacturing_power.rs)"
            .into(),
    );
    config.normalisation = Normalisation::RatioToBenchmark {
        benchmark: Benchmark::MeanOfUnits {
            units: BENCHMARK.iter().map(|s| s.to_string()).collect(),
            period: Some(2012),
        },
        scale: 100.0,
    };
    config.aggregation = Aggregation::Arithmetic;
    config.seed = SEED;
    let results = config.run(&panel)?;
    std::fs::write(
        out.join("manufacturing_power.json"),
        config.write_json_str()?,
    )?;
    results.write_csv_path(out.join("manufacturing_power_results.csv"))?;

    println!(
        "SYNTHETIC DATA — plausible magnitudes with seeded noise (seed {SEED}); not the CAE data."
    );
    heading(
        "Framework and method",
        &format!(
            "catalogue::manufacturing_power_index(); pillar weights: {MPI_PILLAR_WEIGHTS_SOURCE}; method: {MPI_METHOD_SOURCE}"
        ),
    );
    for p in &pillars {
        println!(
            "   {:<24} weight {:.4}  ({} indicators)",
            p,
            results.weight(p, 2015)?,
            framework.children(framework.find(p).ok_or("pillar")?).len()
        );
    }
    println!(
        "   benchmark: mean of the 2012 values of {}; score = 100·x/benchmark",
        BENCHMARK.join(" ")
    );

    print_composites(&results, &root)?;
    print_rank_changes(&results, &root)?;
    print_tiers(&results, &root)?;
    print_contributions(&results, &root, &pillars)?;
    print_planks(&results, &root)?;

    heading(
        "Published composites, for scale only (not computed here)",
        "paper §3 / catalogue cae_mpi_published_values.csv",
    );
    for r in paper::dataset()
        .mpi_published()
        .iter()
        .filter(|r| r.year == 2014)
    {
        println!("   {} {}  {:>7.2}", r.country, r.year, r.value);
    }
    println!(
        "\n   wrote {}",
        out.join("manufacturing_power_results.csv").display()
    );
    Ok(())
}

fn print_composites(r: &Results, root: &str) -> Result<(), Box<dyn std::error::Error>> {
    heading(
        "Composite (weighted sum of pillars) and rank, 2012–2015",
        "computed by PipelineConfig::run and Results::ranks from the synthetic panel",
    );
    print!("   {:<4}", "");
    for y in YEARS {
        print!("  {y:>8} rk");
    }
    println!();
    for c in COUNTRIES {
        print!("   {c:<4}");
        for y in YEARS {
            let s = r.score(c, root, y)?.ok_or("missing")?;
            let k = r.rank(c, root, y)?.ok_or("missing")?;
            print!("  {s:>8.2} {k:>2}");
        }
        println!();
    }
    Ok(())
}

fn print_rank_changes(r: &Results, root: &str) -> Result<(), Box<dyn std::error::Error>> {
    heading(
        "Rank change 2012 → 2015 (positive = moved up)",
        "computed by Results::rank_changes",
    );
    let show = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v}"));
    for ch in r.rank_changes(root, 2012, 2015)? {
        println!(
            "   {:<4} {:>2} → {:>2}  {:>3}",
            ch.unit,
            show(ch.from),
            show(ch.to),
            ch.change.map_or("-".to_string(), |v| format!("{v:+}"))
        );
    }
    Ok(())
}

fn print_tiers(r: &Results, root: &str) -> Result<(), Box<dyn std::error::Error>> {
    let tiers = Tiers::new(vec![
        ("first (≥130)", 130.0),
        ("second (100–130)", 100.0),
        ("third (60–100)", 60.0),
    ])?;
    heading(
        "Tiers in 2015 (≥130 / 100–130 / 60–100)",
        "thresholds: CAE 2015 report via paper §3; computed by Results::tiers",
    );
    for t in r.tiers(root, 2015, &tiers)? {
        println!(
            "   {:<4} {:>8.2}  {}",
            t.unit,
            t.score.ok_or("missing composite")?,
            t.tier.as_deref().unwrap_or("below the third tier (<60)")
        );
    }
    Ok(())
}

fn print_contributions(
    r: &Results,
    root: &str,
    pillars: &[String],
) -> Result<(), Box<dyn std::error::Error>> {
    heading(
        "Pillar contributions to the 2015 composite, % (weight × pillar score / composite)",
        "computed by Results::contributions",
    );
    print!("   {:<4}", "");
    for p in pillars {
        print!(" {:>24}", p);
    }
    println!();
    for c in COUNTRIES {
        print!("   {c:<4}");
        for share in r.contributions(c, root, 2015)? {
            print!(" {:>23.2}%", share.share_percent);
        }
        println!();
    }
    Ok(())
}

fn print_planks(r: &Results, root: &str) -> Result<(), Box<dyn std::error::Error>> {
    heading(
        "Strongest and weakest pillar in 2015 (by pillar score, 100 = benchmark)",
        "computed by Results::strongest_weakest",
    );
    for c in COUNTRIES {
        if let Some(p) = r.strongest_weakest(c, root, 2015)? {
            println!(
                "   {c:<4} strongest {:<24} {:>7.2}   weakest {:<24} {:>7.2}",
                p.strongest.0, p.strongest.1, p.weakest.0, p.weakest.1
            );
        }
    }
    Ok(())
}
