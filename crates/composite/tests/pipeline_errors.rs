//! Bad input to the configured pipeline: each class of error is named, nothing panics, nothing is NaN.

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::aggregate::Aggregation;
use mfg_quality_composite::pipeline::PipelineConfig;
use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Unit};

fn leaf(id: &str) -> NodeSpec {
    NodeSpec::leaf(Indicator::new(id, id, ""))
}

/// IDX = mean(P1 = mean(a, b), P2 = mean(c)).
fn framework() -> Framework {
    Framework::new(NodeSpec::group(
        "IDX",
        "Index",
        "",
        vec![
            NodeSpec::group("P1", "", "", vec![leaf("a"), leaf("b")]),
            NodeSpec::group("P2", "", "", vec![leaf("c")]),
        ],
    ))
    .unwrap()
}

/// 3 units × (a, b, c) × 1 period.
fn panel(a: [f64; 3], b: [f64; 3], c: [f64; 3]) -> Panel {
    let mut v = Vec::new();
    v.extend(a);
    v.extend(b);
    v.extend(c);
    Panel::from_dense(
        vec![Unit::new("U1"), Unit::new("U2"), Unit::new("U3")],
        vec!["a".into(), "b".into(), "c".into()],
        vec![2020],
        v,
        vec![true; 9],
    )
    .unwrap()
}

fn good() -> Panel {
    panel([1.0, 2.0, 3.0], [5.0, 4.0, 9.0], [0.5, 0.7, 0.1])
}

#[test]
fn indicator_missing_from_panel() {
    let p = Panel::from_dense(
        vec![Unit::new("U1"), Unit::new("U2")],
        vec!["a".into(), "c".into()],
        vec![2020],
        vec![1.0, 2.0, 3.0, 4.0],
        vec![true; 4],
    )
    .unwrap();
    let err = PipelineConfig::new(framework()).run(&p).unwrap_err();
    assert_eq!(
        err,
        CompositeError::IndicatorNotInPanel {
            indicator: "b".into()
        }
    );
}

#[test]
fn constant_indicator_under_min_max() {
    let p = panel([1.0, 2.0, 3.0], [4.0, 4.0, 4.0], [0.5, 0.7, 0.1]);
    let err = PipelineConfig::new(framework()).run(&p).unwrap_err();
    assert!(
        matches!(&err, CompositeError::ConstantIndicator { indicator, period: 2020, .. } if indicator == "b"),
        "{err:?}"
    );
}

#[test]
fn non_positive_under_geometric() {
    // min-max to [0, 1] gives 0 to the lowest unit: the geometric mean is undefined there.
    let mut cfg = PipelineConfig::new(framework());
    cfg.aggregation = Aggregation::Geometric;
    let err = cfg.run(&good()).unwrap_err();
    assert!(
        matches!(&err, CompositeError::InvalidValue { unit, .. } if unit == "U1" || unit == "U2" || unit == "U3"),
        "{err:?}"
    );
}

#[test]
fn weights_summing_to_zero() {
    let json = r#"{"framework": {"id": "IDX", "children": [
        {"indicator": {"id": "a", "name_en": "A"}, "weight": 0},
        {"indicator": {"id": "b", "name_en": "B"}, "weight": 0}]}}"#;
    let err = PipelineConfig::read_json_str(json).unwrap_err();
    assert!(
        matches!(&err, CompositeError::Parse { message, .. } if message.contains("IDX") && message.contains("zero")),
        "{err:?}"
    );
    let mut fw = framework();
    let a = fw.find("a").unwrap();
    let b = fw.find("b").unwrap();
    fw.set_weight(a, 0.0).unwrap();
    assert!(fw.set_weight(b, 0.0).is_err());
}

#[test]
fn configuration_names_must_exist() {
    let mut cfg = PipelineConfig::new(framework());
    cfg.normalisation_overrides
        .insert("zzz".into(), Default::default());
    assert_eq!(
        cfg.run(&good()).unwrap_err(),
        CompositeError::UnknownNode { node: "zzz".into() }
    );
    let mut cfg = PipelineConfig::new(framework());
    cfg.weighting.insert("a".into(), Default::default());
    assert!(matches!(
        cfg.run(&good()).unwrap_err(),
        CompositeError::WrongNodeKind { .. }
    ));
    let mut fw = framework();
    let p1 = fw.find("P1").unwrap();
    fw.set_aggregation(p1, Some("no-such-mean".into()));
    let err = PipelineConfig::new(fw).run(&good()).unwrap_err();
    assert!(
        matches!(&err, CompositeError::UnknownAggregation { node, .. } if node == "P1"),
        "{err:?}"
    );
}

#[test]
fn unknown_json_fields_are_errors() {
    let json = r#"{"framework": {"id": "IDX", "children": [{"indicator": {"id": "a", "name_en": "A"}}]},
                   "normalization": {"method": "min_max", "lo": 0, "hi": 1}}"#;
    let err = PipelineConfig::read_json_str(json).unwrap_err();
    assert!(
        matches!(&err, CompositeError::Parse { message, line: 2, .. }
            if message.contains("normalization") && !message.contains("at line")),
        "{err:?}"
    );
}

#[test]
fn missing_values_skip_or_fail() {
    let mut p = good();
    // U2 has no value for c: P2 is missing for U2, IDX uses P1 alone.
    p.set(1, 2, 0, None).unwrap();
    let r = PipelineConfig::new(framework()).run(&p).unwrap();
    assert_eq!(r.score("U2", "P2", 2020).unwrap(), None);
    assert_eq!(
        r.score("U2", "IDX", 2020).unwrap(),
        r.score("U2", "P1", 2020).unwrap()
    );
    let mut cfg = PipelineConfig::new(framework());
    cfg.missing = mfg_quality_composite::aggregate::MissingPolicy::Error;
    assert!(matches!(
        cfg.run(&p).unwrap_err(),
        CompositeError::MissingValue { .. }
    ));
}

#[test]
fn benchmark_unit_or_period_absent() {
    use mfg_quality_composite::normalise::{Benchmark, Normalisation};
    let mut cfg = PipelineConfig::new(framework());
    cfg.normalisation = Normalisation::RatioToBenchmark {
        benchmark: Benchmark::MeanOfUnits {
            units: vec!["U1".into(), "ZZ".into()],
            period: Some(2020),
        },
        scale: 100.0,
    };
    assert_eq!(
        cfg.run(&good()).unwrap_err(),
        CompositeError::UnknownReference {
            what: "unit",
            id: "ZZ".into()
        }
    );
    cfg.normalisation = Normalisation::RatioToBenchmark {
        benchmark: Benchmark::MeanOfUnits {
            units: vec!["U1".into()],
            period: Some(2012),
        },
        scale: 100.0,
    };
    assert_eq!(
        cfg.run(&good()).unwrap_err(),
        CompositeError::UnknownReference {
            what: "period",
            id: "2012".into()
        }
    );
}

#[test]
fn constant_indicator_under_z_score_names_it() {
    use mfg_quality_composite::normalise::Normalisation;
    let mut cfg = PipelineConfig::new(framework());
    cfg.normalisation_overrides.insert(
        "c".into(),
        Normalisation::ZScore {
            variance: Default::default(),
            mean: 0.0,
            sd: 1.0,
        },
    );
    let p = panel([1.0, 2.0, 3.0], [5.0, 4.0, 9.0], [0.5, 0.5, 0.5]);
    let err = cfg.run(&p).unwrap_err();
    assert!(
        matches!(&err, CompositeError::ConstantIndicator { indicator, .. } if indicator == "c"),
        "{err:?}"
    );
}
