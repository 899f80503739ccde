//! The optional stages inside the configured pipeline: screening (with framework pruning), imputation,
//! treatment, per-indicator normalisation overrides and per-node weighting and aggregation.

use mfg_quality_composite::impute::Imputation;
use mfg_quality_composite::normalise::Normalisation;
use mfg_quality_composite::pipeline::PipelineConfig;
use mfg_quality_composite::screen::Screening;
use mfg_quality_composite::treat::OutlierTreatment;
use mfg_quality_composite::weights::Weighting;
use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Unit};

fn leaf(id: &str) -> NodeSpec {
    NodeSpec::leaf(Indicator::new(id, id, ""))
}

fn framework() -> Framework {
    Framework::new(NodeSpec::group(
        "IDX",
        "",
        "",
        vec![
            NodeSpec::group("P1", "", "", vec![leaf("a"), leaf("b")]),
            NodeSpec::group("P2", "", "", vec![leaf("c")]),
        ],
    ))
    .unwrap()
}

/// 6 units × (a, b, c, extra) × 2 periods; `b` is missing for U2..U5; `extra` is not in the framework.
fn panel() -> Panel {
    let n = 6;
    let mut values = Vec::new();
    let mut present = Vec::new();
    for p in 0..2 {
        for j in 0..4 {
            for u in 0..n {
                values.push(1.0 + (u * 3 + j * 7 + p * 5) as f64 % 11.0);
                let missing = (j == 1 && u > 1) || (j == 0 && u == 3 && p == 1);
                present.push(!missing);
            }
        }
    }
    Panel::from_dense(
        (0..n).map(|u| Unit::new(format!("U{u}"))).collect(),
        vec!["a".into(), "b".into(), "c".into(), "extra".into()],
        vec![2020, 2021],
        values,
        present,
    )
    .unwrap()
}

#[test]
fn screening_drops_an_indicator_and_prunes_the_framework() {
    let mut cfg = PipelineConfig::new(framework());
    cfg.screening = Some(Screening {
        min_unit_availability: 0.0,
        min_indicator_availability: 0.5,
        ..Default::default()
    });
    let r = cfg.run(&panel()).unwrap();
    assert_eq!(r.framework().indicator_ids(), vec!["a", "c"]);
    assert!(r.node_id("b").is_err());
    let report = r.reports().screening.as_ref().unwrap();
    assert_eq!(report.dropped_indicators, vec!["b".to_string()]);
    // P1 now has a alone: its score is a's normalised value wherever a is present.
    assert_eq!(
        r.score("U0", "P1", 2020).unwrap(),
        r.score("U0", "a", 2020).unwrap()
    );
    // U3 has no `a` in 2021: P1 missing, IDX = P2.
    assert_eq!(r.score("U3", "P1", 2021).unwrap(), None);
    assert_eq!(
        r.score("U3", "IDX", 2021).unwrap(),
        r.score("U3", "P2", 2021).unwrap()
    );
}

#[test]
fn imputation_and_treatment_reports_are_kept() {
    let mut cfg = PipelineConfig::new(framework());
    cfg.imputation = Imputation::IndicatorMean;
    cfg.treatment = Some(OutlierTreatment::default());
    let r = cfg.run(&panel()).unwrap();
    let imp = r.reports().imputation.as_ref().unwrap();
    assert_eq!(imp.n_imputed, 2 * 4 + 1); // b for U2..U5 in both periods, a for U3 in 2021
    assert!(r.reports().treatment.is_some());
    assert!(r.reports().screening.is_none());
    // after imputation every score is present
    for node in r.node_ids() {
        for period in [2020, 2021] {
            assert!(r.scores(node, period).unwrap().iter().all(Option::is_some));
        }
    }
}

#[test]
fn overrides_weighting_and_per_node_aggregation() {
    let mut fw = framework();
    let p1 = fw.find("P1").unwrap();
    fw.set_aggregation(p1, Some("power:2".into()));
    let mut cfg = PipelineConfig::new(fw);
    cfg.imputation = Imputation::IndicatorMean;
    cfg.normalisation = Normalisation::MinMax { lo: 0.0, hi: 100.0 };
    cfg.normalisation_overrides.insert(
        "c".into(),
        Normalisation::Rank {
            ties: Default::default(),
        },
    );
    cfg.weighting.insert("IDX".into(), Weighting::Entropy);
    let r = cfg.run(&panel()).unwrap();
    assert_eq!(r.aggregation("P1").unwrap(), Some("power"));
    // c is ranked: values 1..=6 (ascending rank, the best gets n)
    let mut c: Vec<f64> = r.scores("c", 2020).unwrap().into_iter().flatten().collect();
    c.sort_by(f64::total_cmp);
    assert_eq!(c.first(), Some(&1.0));
    // a is min-max to [0, 100]
    let a: Vec<f64> = r.scores("a", 2020).unwrap().into_iter().flatten().collect();
    assert!(a.iter().all(|v| (0.0..=100.0).contains(v)));
    assert!(a.iter().any(|v| (v - 100.0).abs() < 1e-12));
    // entropy weights of IDX's children differ between periods but sum to 1 in each
    for period in [2020, 2021] {
        let s = r.weight("P1", period).unwrap() + r.weight("P2", period).unwrap();
        assert!((s - 1.0).abs() < 1e-12);
    }
    // P1 = sqrt(mean of squares) of a and b
    let (a0, b0) = (
        r.score("U0", "a", 2020).unwrap().unwrap(),
        r.score("U0", "b", 2020).unwrap().unwrap(),
    );
    let p1 = r.score("U0", "P1", 2020).unwrap().unwrap();
    assert!((p1 - ((a0 * a0 + b0 * b0) / 2.0).sqrt()).abs() < 1e-9);
}
