//! Example `robustness`: how robust are the ranks of a Manufacturing-Power-style index to the choices made
//! in building it? Monte Carlo uncertainty analysis and Sobol sensitivity analysis (OECD/JRC Handbook 2008,
//! steps 7–8; Saisana, Saltelli & Tarantola 2005).
//!
//! ```text
//! cargo run --release --example robustness [-- --out DIR]     (default DIR: target/robustness/)
//! ```
//!
//! The index mimics the structure of the Manufacturing Power Index (PAPER.md §3): 9 countries, four pillars
//! (scale & development, quality & efficiency, structure optimisation, sustainable development) of three
//! indicators each, every indicator expressed against a benchmark (the mean of the 2012 values of US, JP,
//! DE, UK, FR, KR, × 100), pillars = weighted means of their indicators, composite = weighted mean of the
//! pillars. **The data are synthetic** (see [`synthetic_panel`]): the numbers illustrate the method, not the
//! countries. The uncertain factors are those of the issue: every pillar weight ±25 % (uniform), the
//! normalisation ∈ {min-max, z-score, ratio to benchmark} and the aggregation ∈ {arithmetic, geometric},
//! each choice equally likely.
//!
//! The geometric mean needs positive inputs, while a min-max to [0, 1] gives the worst country a 0 and
//! z-scores are negative below the mean. The nominal analysis therefore uses the common rescalings that keep
//! every normalised value positive — min-max to [1, 100] and z-scores as 100 + 10 z (COINr's `n_minmax`
//! with `l_u = c(1, 100)` and `n_zscore` with `m_sd = c(100, 10)`) — so that every replication is valid, as
//! a Sobol design requires. A last section shows what happens without them: those replications fail, and
//! are counted and reported with their error rather than dropped.
//!
//! Writes `rank_bands.svg` (nominal rank, median and 5–95 % band per country) and `rank_bands.csv`.

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use mfg_quality::composite::aggregate::Aggregation;
use mfg_quality::composite::normalise::{Benchmark, Normalisation};
use mfg_quality::composite::pipeline::PipelineConfig;
use mfg_quality::composite::sensitivity::{Control, SobolSettings};
use mfg_quality::composite::uncertainty::{
    Factor, FactorKind, MonteCarloSettings, Output, PipelineModel, UncertaintyResults,
    WeightedChoice, monte_carlo, sobol,
};
use mfg_quality::indicators::stats::{TieMethod, VarianceKind};
use mfg_quality::indicators::{Framework, Indicator, NodeSpec, Panel, Polarity, Unit};
use mfg_quality_examples::{heading, out_dir, seeded_rng, uniform};
use plotters::prelude::*;

/// The countries of the Manufacturing Power Index comparisons (PAPER.md §3).
const COUNTRIES: [&str; 9] = ["US", "DE", "JP", "CN", "UK", "FR", "KR", "IN", "BR"];
/// The benchmark group: its mean 2012 value of each indicator is 100 (PAPER.md §3).
const BENCHMARK: [&str; 6] = ["US", "JP", "DE", "UK", "FR", "KR"];

/// Pillars: id, name, illustrative nominal weight, and three indicators (id, name, polarity, typical
/// level). The weights are invented for the example (the published index uses expert + entropy weights).
#[allow(clippy::type_complexity)]
const PILLARS: [(&str, &str, f64, [(&str, &str, Polarity, f64); 3]); 4] = [
    (
        "scale",
        "Scale & development",
        0.20,
        [
            (
                "mva",
                "Manufacturing value added (bn USD)",
                Polarity::Positive,
                1500.0,
            ),
            (
                "export_share",
                "Share of world manufactured exports (%)",
                Polarity::Positive,
                8.0,
            ),
            (
                "top_firms",
                "Firms in the global top 500",
                Polarity::Positive,
                40.0,
            ),
        ],
    ),
    (
        "quality",
        "Quality & efficiency",
        0.30,
        [
            (
                "productivity",
                "Labour productivity (k USD per worker)",
                Polarity::Positive,
                90.0,
            ),
            (
                "brands",
                "Brand value of top brands (bn USD)",
                Polarity::Positive,
                150.0,
            ),
            (
                "quality_comp",
                "Quality competitiveness (score)",
                Polarity::Positive,
                85.0,
            ),
        ],
    ),
    (
        "structure",
        "Structure optimisation",
        0.30,
        [
            (
                "high_tech",
                "High-tech share of manufacturing (%)",
                Polarity::Positive,
                25.0,
            ),
            (
                "rd_intensity",
                "R&D intensity of manufacturing (%)",
                Polarity::Positive,
                2.5,
            ),
            (
                "patents",
                "Triadic patents per bn USD of MVA",
                Polarity::Positive,
                5.0,
            ),
        ],
    ),
    (
        "sustain",
        "Sustainable development",
        0.20,
        [
            (
                "energy",
                "Energy per unit of MVA (toe per k USD)",
                Polarity::Negative,
                0.12,
            ),
            (
                "co2",
                "CO2 per unit of MVA (t per k USD)",
                Polarity::Negative,
                0.35,
            ),
            (
                "mva_growth",
                "MVA growth, 5-year average (%)",
                Polarity::Positive,
                3.0,
            ),
        ],
    ),
];

/// Country profiles: overall level and the relative strength in each pillar (invented, loosely shaped
/// after the published ordering US > DE ≈ JP > CN ≈ UK ≈ FR > KR > IN ≈ BR of the 2014 composite).
const PROFILE: [(f64, [f64; 4]); 9] = [
    (1.55, [1.3, 1.4, 1.5, 1.0]), // US
    (1.25, [0.9, 1.2, 1.3, 1.2]), // DE
    (1.20, [1.0, 1.1, 1.3, 1.2]), // JP
    (0.95, [2.0, 0.5, 0.9, 0.6]), // CN
    (0.95, [0.6, 1.1, 1.0, 1.2]), // UK
    (0.92, [0.6, 1.1, 1.0, 1.2]), // FR
    (0.88, [0.7, 0.8, 1.2, 0.9]), // KR
    (0.55, [0.8, 0.4, 0.5, 0.6]), // IN
    (0.50, [0.6, 0.5, 0.4, 0.7]), // BR
];

/// The synthetic panel, periods 2012 and 2022, generated with `seeded_rng(2012)` (ChaCha8):
/// `value = typical level × m × (1 + 0.4 (u − 1/2))`, where `m = level_c · strength_c,p` for a positive
/// indicator and `1 / (level_c · strength_c,p)` for a negative one (a strong country uses less energy),
/// times `1.15` in 2022 for a positive indicator (`1/1.15` for a negative one), `u ~ U(0, 1)`.
fn synthetic_panel() -> Result<Panel, Box<dyn Error>> {
    let mut rng = seeded_rng(2012);
    let units: Vec<Unit> = COUNTRIES.iter().map(|c| Unit::new(*c)).collect();
    let indicators: Vec<String> = PILLARS
        .iter()
        .flat_map(|p| p.3.iter().map(|i| i.0.to_string()))
        .collect();
    let periods = vec![2012, 2022];
    // column-major: period, then indicator, then unit
    let mut values = Vec::new();
    for (t, _) in periods.iter().enumerate() {
        for (p, pillar) in PILLARS.iter().enumerate() {
            for (_, _, polarity, typical) in &pillar.3 {
                for (level, strength) in &PROFILE {
                    let m = level * strength[p];
                    let growth = if t == 1 { 1.15 } else { 1.0 };
                    let (m, growth) = match polarity {
                        Polarity::Positive => (m, growth),
                        Polarity::Negative => (1.0 / m, 1.0 / growth),
                    };
                    values.push(typical * m * growth * (1.0 + 0.4 * (uniform(&mut rng) - 0.5)));
                }
            }
        }
    }
    let present = vec![true; values.len()];
    Ok(Panel::from_dense(
        units, indicators, periods, values, present,
    )?)
}

fn framework() -> Result<Framework, Box<dyn Error>> {
    let pillars = PILLARS
        .iter()
        .map(|(id, name, w, inds)| {
            NodeSpec::group(
                *id,
                *name,
                "",
                inds.iter()
                    .map(|(iid, iname, pol, _)| {
                        NodeSpec::leaf(Indicator::new(*iid, *iname, "").with_polarity(*pol))
                    })
                    .collect(),
            )
            .with_weight(*w)
        })
        .collect();
    Ok(Framework::new(NodeSpec::group(
        "MPI",
        "Manufacturing power (synthetic)",
        "",
        pillars,
    ))?)
}

fn ratio_to_benchmark() -> Normalisation {
    Normalisation::RatioToBenchmark {
        benchmark: Benchmark::MeanOfUnits {
            units: BENCHMARK.iter().map(|s| s.to_string()).collect(),
            period: Some(2012),
        },
        scale: 100.0,
    }
}

/// The factors: four pillar weights ±25 %, normalisation and aggregation choices.
fn factors(min_max: Normalisation, z_score: Normalisation) -> Vec<Factor> {
    let mut f: Vec<Factor> = PILLARS
        .iter()
        .map(|p| {
            Factor::new(
                format!("w_{}", p.0),
                FactorKind::Weight {
                    node: p.0.to_string(),
                    spread: 0.25,
                },
            )
        })
        .collect();
    f.push(Factor::new(
        "normalisation",
        FactorKind::Normalisation {
            choices: WeightedChoice::equal(vec![min_max, z_score, ratio_to_benchmark()]),
        },
    ));
    f.push(Factor::new(
        "aggregation",
        FactorKind::Aggregation {
            node: None,
            choices: WeightedChoice::equal(vec![Aggregation::Arithmetic, Aggregation::Geometric]),
        },
    ));
    f
}

fn main() -> Result<(), Box<dyn Error>> {
    let dir = out_dir("target/robustness")?;
    let panel = synthetic_panel()?;
    let mut config = PipelineConfig::new(framework()?);
    config.normalisation = ratio_to_benchmark();
    config.aggregation = Aggregation::Arithmetic;

    heading(
        "Nominal index, 2022 (synthetic 9-country panel)",
        "computed by PipelineConfig::run: ratio to the 2012 mean of US, JP, DE, UK, FR, KR × 100; \
         arithmetic means; pillar weights 0.2 / 0.3 / 0.3 / 0.2",
    );
    let nominal = config.run(&panel)?;
    let scores = nominal.scores("MPI", 2022)?;
    let ranks = nominal.ranks("MPI", 2022)?;
    for (k, c) in COUNTRIES.iter().enumerate() {
        println!(
            "   {c}  score {:>7.2}  rank {}",
            scores[k].unwrap_or(f64::NAN),
            ranks[k].unwrap_or(f64::NAN)
        );
    }

    // Positive rescalings of min-max and z-score, so that the geometric mean is defined everywhere.
    let min_max = Normalisation::MinMax { lo: 1.0, hi: 100.0 };
    let z_score = Normalisation::ZScore {
        variance: VarianceKind::Sample,
        mean: 100.0,
        sd: 10.0,
    };
    let model = PipelineModel::new(
        config.clone(),
        panel.clone(),
        factors(min_max.clone(), z_score.clone()),
    )?
    .with_output("MPI", 2022)?;

    heading(
        "Monte Carlo uncertainty analysis: 10 000 replications",
        "computed by uncertainty::monte_carlo (ChaCha8 seed 2024, stream = replication); factors: \
         pillar weights × U(0.75, 1.25), normalisation ∈ {min-max [1, 100], 100 + 10 z, ratio to \
         benchmark}, aggregation ∈ {arithmetic, geometric}, equally likely",
    );
    let last_decile = AtomicUsize::new(0);
    let progress = |done: usize, total: usize| {
        let decile = done * 10 / total;
        if last_decile.fetch_max(decile, Ordering::Relaxed) < decile {
            eprint!("\r   progress: {:>3} %", decile * 10);
        }
    };
    let settings = MonteCarloSettings {
        replications: 10_000,
        seed: 2024,
        ..Default::default()
    };
    let start = std::time::Instant::now();
    let mc = monte_carlo(
        &model,
        &settings,
        Control {
            progress: Some(&progress),
            cancel: None,
        },
    )?;
    eprintln!();
    println!(
        "   ({} replications in {:.2} s)",
        settings.replications,
        start.elapsed().as_secs_f64()
    );
    print!("{mc}");
    let shift = mc.mean_abs_rank_shift();
    let mean_shift = shift.iter().sum::<f64>() / shift.len() as f64;
    println!(
        "   mean absolute rank shift versus nominal, averaged over replications: {mean_shift:.3}"
    );
    for (k, name) in ["min-max", "z-score", "ratio"].iter().enumerate() {
        let s: Vec<f64> = mc
            .scatter("normalisation", &Output::MeanAbsRankShift)?
            .into_iter()
            .filter(|(v, _)| *v as usize == k)
            .map(|(_, y)| y)
            .collect();
        println!(
            "     with {name:<8}: {:.3} (over {} replications)",
            s.iter().sum::<f64>() / s.len().max(1) as f64,
            s.len()
        );
    }

    heading(
        "Sobol sensitivity of the mean absolute rank shift",
        "computed by uncertainty::sobol: Saltelli (2010) design on Owen-scrambled Sobol points \
         (sobol_burley, seed 0), N = 1024, second order (14 336 pipeline runs); S1 Saltelli 2010, ST \
         Jansen 1999, S2 Saltelli 2002; 95 % bootstrap intervals (100 resamples, normal)",
    );
    let start = std::time::Instant::now();
    let s = sobol(
        &model,
        &SobolSettings {
            n: 1024,
            second_order: true,
            ..Default::default()
        },
        TieMethod::Min,
        Control::default(),
    )?;
    println!("   ({:.2} s)", start.elapsed().as_secs_f64());
    let shift_idx = s.get(&Output::MeanAbsRankShift)?;
    print!("{shift_idx}");
    if shift_idx.has_negative() {
        println!(
            "   (negative values are raw estimates of indices that are ≈ 0; they shrink as N grows — \
             SobolIndices::clipped gives a [0, 1] view)"
        );
    }
    heading(
        "Sobol total indices of each country's rank",
        "computed by uncertainty::sobol (same design); `-` = the rank never moves (indices undefined)",
    );
    let names: Vec<String> = shift_idx.names.clone();
    let mut header = format!("   {:<4}", "");
    for n in &names {
        let _ = write!(header, " {:>13}", n);
    }
    println!("{header}");
    for (k, c) in COUNTRIES.iter().enumerate() {
        let mut line = format!("   {c:<4}");
        match &s.ranks[k] {
            Ok(idx) => {
                for e in &idx.total {
                    let _ = write!(line, " {:>13.3}", e.value);
                }
            }
            Err(_) => {
                for _ in &names {
                    let _ = write!(line, " {:>13}", "-");
                }
            }
        }
        println!("{line}");
    }

    heading(
        "Without positive rescaling: min-max [0, 1] and plain z-scores (1 000 replications)",
        "computed by uncertainty::monte_carlo; geometric means of a 0 or a negative value fail, and the \
         failures are counted and reported (max_failure_share raised to 1 to show them)",
    );
    let plain = PipelineModel::new(
        config,
        panel,
        factors(
            Normalisation::MinMax { lo: 0.0, hi: 1.0 },
            Normalisation::ZScore {
                variance: VarianceKind::Sample,
                mean: 0.0,
                sd: 1.0,
            },
        ),
    )?
    .with_output("MPI", 2022)?;
    let failing = monte_carlo(
        &plain,
        &MonteCarloSettings {
            replications: 1000,
            seed: 2024,
            max_failure_share: 1.0,
            ..Default::default()
        },
        Control::default(),
    )?;
    let f = failing.failures();
    println!(
        "   {} of {} replications failed ({:.1} %)",
        f.len(),
        failing.replications(),
        100.0 * failing.failure_share()
    );
    if let Some(first) = f.first() {
        println!(
            "   first: replication {} ({}): {}",
            first.replication,
            describe(&plain_labels(), &first.values),
            first.error
        );
    }
    match monte_carlo(
        &plain,
        &MonteCarloSettings {
            replications: 1000,
            seed: 2024,
            ..Default::default()
        },
        Control::default(),
    ) {
        Err(e) => println!("   with the default 5 % limit the analysis is an error: {e}"),
        Ok(_) => println!("   (no error under the default limit)"),
    }

    let svg = dir.join("rank_bands.svg");
    draw_bands(&mc, &svg)?;
    let csv = dir.join("rank_bands.csv");
    write_csv(&mc, &csv)?;
    heading("Files", "written by this example");
    println!("   {}\n   {}", svg.display(), csv.display());
    Ok(())
}

fn plain_labels() -> Vec<String> {
    let mut l: Vec<String> = PILLARS.iter().map(|p| format!("w_{}", p.0)).collect();
    l.push("normalisation".into());
    l.push("aggregation".into());
    l
}

fn describe(labels: &[String], values: &[f64]) -> String {
    let norm = ["min-max", "z-score", "ratio"];
    let agg = ["arithmetic", "geometric"];
    labels
        .iter()
        .zip(values)
        .map(|(l, v)| match l.as_str() {
            "normalisation" => format!("{l} = {}", norm[*v as usize]),
            "aggregation" => format!("{l} = {}", agg[*v as usize]),
            _ => format!("{l} = {v:.3}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_csv(mc: &UncertaintyResults, path: &std::path::Path) -> Result<(), Box<dyn Error>> {
    let mut out = String::from(
        "unit,nominal_rank,median_rank,rank_p05,rank_p95,mean_rank,nominal_score,mean_score,sd_score\n",
    );
    for s in mc.summary() {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{:.4},{:.4},{:.4},{:.4}",
            s.unit,
            s.nominal_rank,
            s.median_rank,
            s.rank_p05,
            s.rank_p95,
            s.mean_rank,
            s.nominal_score,
            s.mean_score,
            s.sd_score
        );
    }
    std::fs::write(path, out)?;
    Ok(())
}

/// Rank bands: per country (in nominal order), the 5–95 % band as a bar, the median as a dot and the
/// nominal rank as a cross. Rank 1 is drawn at the top (the y axis shows −rank, labelled as rank).
fn draw_bands(mc: &UncertaintyResults, path: &std::path::Path) -> Result<(), Box<dyn Error>> {
    let summary = mc.summary();
    let n = summary.len();
    let labels: BTreeMap<usize, String> = summary
        .iter()
        .enumerate()
        .map(|(k, s)| (k, s.unit.clone()))
        .collect();
    let root = SVGBackend::new(path, (720, 440)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Rank uncertainty (10 000 replications): 5-95 % band, median (dot), nominal (cross)",
            ("sans-serif", 16),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), -(n as f64 + 0.5)..-0.5f64)?;
    chart
        .configure_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| {
            let k = x.round();
            if (x - k).abs() < 1e-6 && k >= 0.0 {
                labels.get(&(k as usize)).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(n)
        .y_label_formatter(&|y| format!("{}", -y.round() as i64))
        .y_desc("rank")
        .x_desc("country (by nominal rank)")
        .draw()?;
    let blue = RGBColor(60, 110, 180);
    for (k, s) in summary.iter().enumerate() {
        let x = k as f64;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.18, -s.rank_p05), (x + 0.18, -s.rank_p95)],
            blue.mix(0.35).filled(),
        )))?;
        chart.draw_series(std::iter::once(Circle::new(
            (x, -s.median_rank),
            5,
            blue.filled(),
        )))?;
        chart.draw_series(std::iter::once(Cross::new(
            (x, -s.nominal_rank),
            6,
            RED.stroke_width(2),
        )))?;
    }
    root.present()?;
    Ok(())
}
