//! Golden test: the UNDP Human Development Index recomputed by the configured pipeline.
//!
//! Data and expected values: `tests/data/undp_hdi_2021_subset.json` (copied from the project's reference
//! cases; its `source` field cites the UNDP HDR 2021/22 composite-indices time series and the HDR technical
//! notes for the goalposts). The published HDI is rounded to 3 decimals; the file states the tolerance
//! (abs 0.0006). The dimension indices in its `derived` block are given to 6 decimals.

use std::collections::BTreeMap;

use mfg_quality_composite::aggregate::{Aggregation, MissingPolicy};
use mfg_quality_composite::normalise::{Goalpost, Normalisation};
use mfg_quality_composite::pipeline::PipelineConfig;
use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Unit};
use serde_json::Value;

const CASES: &str = include_str!("data/undp_hdi_2021_subset.json");
const EXAMPLE_CONFIG: &str = include_str!("../../../examples/pipelines/hdi.json");

fn config() -> PipelineConfig {
    let leaf = |id: &str| NodeSpec::leaf(Indicator::new(id, id, ""));
    let fw = Framework::new(
        NodeSpec::group(
            "HDI",
            "Human Development Index",
            "",
            vec![
                NodeSpec::group("health", "", "", vec![leaf("le")]),
                NodeSpec::group("education", "", "", vec![leaf("eys"), leaf("mys")]),
                NodeSpec::group("income", "", "", vec![leaf("gni")]),
            ],
        )
        .with_aggregation("geometric"),
    )
    .unwrap();
    let post = |min: f64, max: f64, log: bool| Goalpost { min, max, log };
    let posts = BTreeMap::from([
        ("le".to_string(), post(20.0, 85.0, false)),
        ("eys".to_string(), post(0.0, 18.0, false)),
        ("mys".to_string(), post(0.0, 15.0, false)),
        ("gni".to_string(), post(100.0, 75_000.0, true)),
    ]);
    let mut cfg = PipelineConfig::new(fw);
    cfg.normalisation = Normalisation::Goalposts { posts, scale: 1.0 };
    cfg.aggregation = Aggregation::Arithmetic;
    cfg.missing = MissingPolicy::Error;
    cfg
}

/// Expected values of one country: iso3, published HDI, (health, education, income) indices, HDI rank.
type Expected = (String, f64, [f64; 3], f64);

/// The panel of the reference cases and the expected values per country.
fn cases() -> (Panel, Vec<Expected>) {
    let v: Value = serde_json::from_str(CASES).unwrap();
    let cases = v["cases"].as_array().unwrap();
    let units: Vec<Unit> = cases
        .iter()
        .map(|c| {
            Unit::new(c["iso3"].as_str().unwrap()).with_names(c["country"].as_str().unwrap(), "")
        })
        .collect();
    let n = units.len();
    let keys = [
        "life_expectancy",
        "expected_years_schooling",
        "mean_years_schooling",
        "gni_per_capita_2017ppp",
    ];
    let mut values = vec![0.0; n * 4];
    for (u, c) in cases.iter().enumerate() {
        for (j, k) in keys.iter().enumerate() {
            values[j * n + u] = c["inputs"][k].as_f64().unwrap();
        }
    }
    let panel = Panel::from_dense(
        units,
        vec!["le".into(), "eys".into(), "mys".into(), "gni".into()],
        vec![2021],
        values,
        vec![true; n * 4],
    )
    .unwrap();
    let expected = cases
        .iter()
        .map(|c| {
            let d = &c["derived"];
            (
                c["iso3"].as_str().unwrap().to_string(),
                c["expected"]["hdi"].as_f64().unwrap(),
                [
                    d["health_index"].as_f64().unwrap(),
                    d["education_index"].as_f64().unwrap(),
                    d["income_index"].as_f64().unwrap(),
                ],
                c["hdi_rank_2021"].as_f64().unwrap(),
            )
        })
        .collect();
    (panel, expected)
}

#[test]
fn hdi_within_published_tolerance() {
    let v: Value = serde_json::from_str(CASES).unwrap();
    // The file states the tolerance in words: "abs 0.0006 against the 3-decimal published value".
    assert!(
        v["tolerance"]["hdi"]
            .as_str()
            .unwrap()
            .starts_with("abs 0.0006")
    );
    let tol = 0.0006;
    let (panel, expected) = cases();
    let r = config().run(&panel).unwrap();
    assert_eq!(expected.len(), 4);
    for (iso, hdi, dims, _) in &expected {
        let got = r.score(iso, "HDI", 2021).unwrap().unwrap();
        assert!(
            (got - hdi).abs() <= tol,
            "{iso}: HDI {got:.6} vs published {hdi}"
        );
        for (node, want) in ["health", "education", "income"].iter().zip(dims) {
            let got = r.score(iso, node, 2021).unwrap().unwrap();
            // derived values are printed to 6 decimals
            assert!(
                (got - want).abs() <= 5e-7 + 1e-12,
                "{iso} {node}: {got:.7} vs {want}"
            );
        }
    }
    // Ranks within the subset follow the published global ranks (1, 2, 3, 9).
    let ranks = r.ranks("HDI", 2021).unwrap();
    let mut by_rank: Vec<(f64, f64)> = expected
        .iter()
        .zip(&ranks)
        .map(|((_, _, _, global), local)| (*global, local.unwrap()))
        .collect();
    by_rank.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        by_rank.iter().map(|x| x.1).collect::<Vec<_>>(),
        vec![1.0, 2.0, 3.0, 4.0]
    );
    // Under the geometric mean the contributions are not defined; the pipeline says so.
    assert!(matches!(
        r.contributions("CHE", "HDI", 2021),
        Err(mfg_quality_composite::CompositeError::NotAdditive { .. })
    ));
    // ... but they are for the (arithmetic) education index: 50/50 of two equal-weight children.
    let c = r.contributions("CHE", "education", 2021).unwrap();
    assert!((c.iter().map(|c| c.share_percent).sum::<f64>() - 100.0).abs() < 1e-9);
}

#[test]
fn example_configuration_gives_the_same_hdi() {
    let saved = PipelineConfig::read_json_str(EXAMPLE_CONFIG).unwrap();
    let (panel, _) = cases();
    let a = saved.run(&panel).unwrap();
    let b = config().run(&panel).unwrap();
    for iso in ["CHE", "NOR", "ISL", "DEU"] {
        assert_eq!(
            a.score(iso, "HDI", 2021).unwrap(),
            b.score(iso, "HDI", 2021).unwrap()
        );
    }
}

/// `from_json_file` + `run_csv` on the sample files (what the `compose` example does).
#[test]
fn saved_configuration_runs_on_the_csv_sample() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/pipelines");
    let cfg = PipelineConfig::read_json(dir.join("hdi.json")).unwrap();
    let r = cfg.run_csv(dir.join("hdi_data.csv")).unwrap();
    let (panel, expected) = cases();
    let direct = config().run(&panel).unwrap();
    for (iso, ..) in &expected {
        assert_eq!(
            r.score(iso, "HDI", 2021).unwrap(),
            direct.score(iso, "HDI", 2021).unwrap()
        );
    }
    let missing = cfg.run_csv(dir.join("no_such_file.csv")).unwrap_err();
    assert!(
        matches!(
            missing,
            mfg_quality_composite::CompositeError::Indicators(_)
        ),
        "{missing:?}"
    );
}
