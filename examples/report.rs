//! `cargo run --release --example report [-- --out DIR]` (default `target/report/`): the provincial
//! Manufacturing Quality Competitiveness Index (MQCI, 制造业质量竞争力指数) as one self-contained HTML report,
//! `DIR/mqci.html`, written by `mfg_quality::report` from the library's own computations: the framework
//! tree, the ranking, the contributions of the two level-2 groups, Monte Carlo rank bands, Sobol indices
//! and the scatter of the index against per-capita GDP with its fitted line.
//!
//! * Framework: the library's catalogue `mqci()` (root MQCI → quality level 质量水平, development capability
//!   发展能力 → six level-3 groups → 12 indicators, bilingual names). The official weights were never
//!   published; the catalogue uses equal weights at every level.
//! * Normalisation: min-max to [60, 100] (the published MQCI is a 60–100 score), arithmetic means.
//! * Units: the 31 provinces of the NBS four-region map (`RegionMap::china_nbs4`, bilingual names).
//! * **THE INDICATOR VALUES ARE SYNTHETIC**: no provincial MQCI indicator values (nor 2015 per-capita GDP)
//!   have a source in the project (`crates/regional/data/FIG5_DATA_SEARCH.md`). Each province's 12
//!   indicators are drawn (seeded, ChaCha8 seed 2016) around a latent quality level, the synthetic
//!   provincial index of the `regional` example, whose regional means are the paper's 2015 regional means
//!   (§4); the per-capita GDP is that example's synthetic series. The ranking is therefore an illustration
//!   of the report, not a ranking of the provinces.
//! * Uncertainty: 2 000 Monte Carlo replications (seed 2024) of the weights (each level-2 group's weight
//!   ±40 %, the level-3 weights within each level-2 group ±40 %), the normalisation (min-max [60, 100] or
//!   80 + 10 z) and the aggregation (arithmetic or geometric); Sobol indices of the mean absolute rank
//!   shift over the same factors (Saltelli design, N = 512).

#[path = "paper/regional.rs"]
#[allow(dead_code)] // only the synthetic provincial panel is used here
mod paper_regional;

use mfg_quality::composite::aggregate::Aggregation;
use mfg_quality::composite::normalise::Normalisation;
use mfg_quality::composite::pipeline::PipelineConfig;
use mfg_quality::composite::sensitivity::{Control, SobolSettings};
use mfg_quality::composite::uncertainty::{
    Factor, FactorKind, MonteCarloSettings, Output, PipelineModel, WeightedChoice, monte_carlo,
    sobol,
};
use mfg_quality::indicators::catalogue::mqci;
use mfg_quality::indicators::stats::{TieMethod, VarianceKind};
use mfg_quality::indicators::{Panel, Polarity, Unit};
use mfg_quality::regional::{RegionMap, Transform, associate};
use mfg_quality::report::Report;
use mfg_quality_examples::{heading, out_dir, seeded_rng, standard_normal};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const YEAR: i32 = 2015;

/// Typical level and relative spread (per standard deviation of the latent quality level) of each MQCI
/// indicator, in the catalogue's order. Plausible magnitudes, not data.
const LEVELS: [(&str, f64, f64); 12] = [
    ("MQCI-01", 60.0, 0.08), // product quality grade rate, %
    ("MQCI-02", 30.0, 0.25), // share of microelectronic-controlled equipment, %
    ("MQCI-03", 70.0, 0.10), // quality management system certification rate, %
    ("MQCI-04", 1.5, 0.20),  // quality loss rate, % (lower is better)
    ("MQCI-05", 90.0, 0.03), // product supervision spot-check pass rate, %
    ("MQCI-06", 97.0, 0.01), // export commodity inspection pass rate, %
    ("MQCI-07", 1.0, 0.40),  // R&D expenditure share, %
    ("MQCI-08", 3.0, 0.30),  // technical renovation expenditure share, %
    ("MQCI-09", 0.5, 0.50),  // patents per million yuan of output
    ("MQCI-10", 12.0, 0.35), // new product sales share, %
    ("MQCI-11", 3.0, 0.40),  // average product sales revenue per enterprise, 100 million yuan
    ("MQCI-12", 10.0, 0.60), // international market sales rate, %
];

/// The SYNTHETIC provincial panel (see the crate docs) and the synthetic per-capita GDP, province order.
fn synthetic_panel() -> Res<(Panel, Vec<f64>)> {
    let provinces = paper_regional::synthetic_panel();
    let map = RegionMap::china_nbs4();
    let n = provinces.codes.len();
    let mean = provinces.index.iter().sum::<f64>() / n as f64;
    let sd = (provinces
        .index
        .iter()
        .map(|x| (x - mean).powi(2))
        .sum::<f64>()
        / (n as f64 - 1.0))
        .sqrt();
    let latent: Vec<f64> = provinces.index.iter().map(|x| (x - mean) / sd).collect();
    let units: Vec<Unit> = map
        .units()
        .iter()
        .map(|u| {
            Unit::new(&u.code)
                .with_names(&u.name_en, &u.name_zh)
                .with_group(&u.group)
        })
        .collect();
    let framework = mqci();
    let mut rng = seeded_rng(2016);
    let mut values = Vec::with_capacity(LEVELS.len() * n);
    for (id, level, spread) in LEVELS {
        let node = framework.require(id)?;
        let sign = match framework.node(node).indicator().map(|i| i.polarity) {
            Some(Polarity::Negative) => -1.0,
            _ => 1.0,
        };
        for z in &latent {
            let e = standard_normal(&mut rng);
            let v = level * (spread * (sign * z + 0.6 * e)).exp();
            // Rates stay below 100 %.
            values.push(if level > 50.0 { v.min(99.9) } else { v });
        }
    }
    let present = vec![true; values.len()];
    let indicators = LEVELS.iter().map(|l| l.0.to_string()).collect();
    let panel = Panel::from_dense(units, indicators, vec![YEAR], values, present)?;
    Ok((panel, provinces.gdp))
}

fn main() -> Res<()> {
    let out = out_dir("target/report")?;
    let (panel, gdp) = synthetic_panel()?;
    let framework = mqci();
    let mut config = PipelineConfig::new(framework);
    config.comment = Some("MQCI, equal weights, min-max [60, 100], SYNTHETIC provinces".into());
    config.normalisation = Normalisation::MinMax {
        lo: 60.0,
        hi: 100.0,
    };
    config.aggregation = Aggregation::Arithmetic;

    heading(
        "MQCI 2015, 31 provinces -- SYNTHETIC indicator values",
        "framework: catalogue::mqci (equal weights); computed by PipelineConfig::run (min-max [60, 100], arithmetic means)",
    );
    let results = config.run(&panel)?;
    let scores = results.scores("MQCI", YEAR)?;
    let ranks = results.ranks("MQCI", YEAR)?;
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        ranks[a]
            .unwrap_or(f64::INFINITY)
            .total_cmp(&ranks[b].unwrap_or(f64::INFINITY))
    });
    let codes: Vec<String> = results.units().codes().map(str::to_string).collect();
    for &k in order.iter().take(5) {
        println!(
            "   rank {:>2}  {}  {:.2}",
            ranks[k].unwrap_or(f64::NAN),
            codes[k],
            scores[k].unwrap_or(f64::NAN)
        );
    }

    let factors = vec![
        Factor::new(
            "w_level2",
            FactorKind::NodeWeights {
                node: "MQCI".into(),
                spread: 0.4,
            },
        ),
        Factor::new(
            "w_quality_level",
            FactorKind::NodeWeights {
                node: "quality_level".into(),
                spread: 0.4,
            },
        ),
        Factor::new(
            "w_development",
            FactorKind::NodeWeights {
                node: "development_capability".into(),
                spread: 0.4,
            },
        ),
        Factor::new(
            "normalisation",
            FactorKind::Normalisation {
                choices: WeightedChoice::equal(vec![
                    Normalisation::MinMax {
                        lo: 60.0,
                        hi: 100.0,
                    },
                    Normalisation::ZScore {
                        variance: VarianceKind::Sample,
                        mean: 80.0,
                        sd: 10.0,
                    },
                ]),
            },
        ),
        Factor::new(
            "aggregation",
            FactorKind::Aggregation {
                node: None,
                choices: WeightedChoice::equal(vec![
                    Aggregation::Arithmetic,
                    Aggregation::Geometric,
                ]),
            },
        ),
    ];
    let model =
        PipelineModel::new(config.clone(), panel.clone(), factors)?.with_output("MQCI", YEAR)?;
    heading(
        "Monte Carlo rank bands and Sobol indices",
        "computed by uncertainty::monte_carlo (2 000 replications, seed 2024) and uncertainty::sobol (N = 512)",
    );
    let mc = monte_carlo(
        &model,
        &MonteCarloSettings {
            replications: 2_000,
            seed: 2024,
            ..Default::default()
        },
        Control::default(),
    )?;
    println!(
        "   {} of {} replications succeeded",
        mc.succeeded().len(),
        mc.replications()
    );
    let s = sobol(
        &model,
        &SobolSettings {
            n: 512,
            ..Default::default()
        },
        TieMethod::Min,
        Control::default(),
    )?;
    let shift = s.get(&Output::MeanAbsRankShift)?;
    print!("{shift}");

    heading(
        "MQCI against per-capita GDP -- SYNTHETIC",
        "computed by regional::associate (ln per-capita GDP, 95 %)",
    );
    let mqci_scores: Vec<f64> = scores
        .iter()
        .zip(&codes)
        .map(|(s, c)| s.ok_or_else(|| format!("no MQCI score for {c}")))
        .collect::<Result<_, _>>()?;
    let assoc = associate(&gdp, &mqci_scores, Transform::Log, 0.95)?;
    println!(
        "   Pearson r = {:.3}, OLS MQCI = {:.2} + {:.2} ln gdp (R² {:.3})",
        assoc.pearson.estimate, assoc.fit.intercept, assoc.fit.slope, assoc.fit.r_squared
    );

    let report =
        Report::new("Manufacturing Quality Competitiveness Index 2015, provinces (SYNTHETIC data)")
            .with_title_zh("制造业质量竞争力指数 2015（模拟数据）")
            .with_framework(results.framework())
            .with_ranking(&results, YEAR)?
            .with_contributions(&results, YEAR)?
            .with_rank_bands(&mc)?
            .with_sobol(&shift, "mean absolute rank shift")?
            .with_scatter(
                "per-capita GDP, thousand CNY (synthetic)",
                "MQCI",
                &codes,
                &mqci_scores,
                &assoc,
            )?;
    let path = out.join("mqci.html");
    report.write_html(&path)?;
    println!();
    println!(
        "wrote {} ({} charts, {} bytes)",
        path.display(),
        report.n_charts(),
        std::fs::metadata(&path)?.len()
    );
    Ok(())
}
