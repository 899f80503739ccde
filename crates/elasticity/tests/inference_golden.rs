//! The elasticity regression's inference options (iid, HC1, CR1 by exporter; fixed effects counted or not
//! in the degrees of freedom) against pyfixest 0.60.0 (`tests/data/make_inference_reference.py` writes
//! `tests/data/inference_reference.json`), and the symmetric segment band.

use approx::assert_relative_eq;
use mfg_quality_elasticity::concordance::{Concordance, Mode};
use mfg_quality_elasticity::quality_elasticity::{
    DegreesOfFreedom, ElasticityParams, Inference, Period, estimate,
};
use mfg_quality_elasticity::segments::{Band, Segment, SegmentParams, segment_cells};
use mfg_quality_elasticity::unit_value::{Reference, unit_values};
use mfg_quality_elasticity::{TradeFlow, TradeFlows};

fn flows() -> TradeFlows {
    let data = [
        ("A", "840110", 120., 10.),
        ("B", "840110", 300., 20.),
        ("C", "840110", 80., 10.),
        ("D", "840110", 500., 25.),
        ("E", "840110", 60., 8.),
        ("F", "840110", 200., 12.),
        ("A", "840120", 90., 3.),
        ("B", "840120", 400., 10.),
        ("C", "840120", 50., 4.),
        ("D", "840120", 650., 12.),
        ("E", "840120", 30., 3.),
        ("F", "840120", 150., 5.),
    ];
    let rows: Vec<TradeFlow> = data
        .iter()
        .map(|&(e, p, v, q)| TradeFlow {
            year: 2015,
            exporter: e.into(),
            importer: "W".into(),
            product: p.into(),
            value: v,
            quantity: q,
        })
        .collect();
    TradeFlows::from_flows(&rows).unwrap().0
}

#[test]
fn inference_options_match_pyfixest() {
    let reference: serde_json::Value =
        serde_json::from_str(include_str!("data/inference_reference.json")).unwrap();
    assert_eq!(reference["version"], "0.60.0");
    let cells = flows().cells();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let map = Concordance::hs_chapters(Mode::Strict)
        .map_products(cells.products())
        .unwrap();
    for (name, inference) in [
        ("iid", Inference::Iid),
        ("hetero", Inference::Hetero),
        ("cluster_exporter", Inference::ClusterExporter),
    ] {
        for (k, df) in [
            ("nonnested", DegreesOfFreedom::FixedEffectsCounted),
            ("none", DegreesOfFreedom::FixedEffectsNotCounted),
        ] {
            let params = ElasticityParams::default()
                .with_inference(inference)
                .with_degrees_of_freedom(df);
            let res = estimate(&cells, &uv, &map, &[Period::new(2015, 2015)], &params).unwrap();
            let e = res[0].estimate().unwrap();
            let r = &reference["results"][format!("{name}/{k}")];
            let get = |f: &str| r[f].as_f64().unwrap();
            assert_relative_eq!(e.slope, get("estimate"), max_relative = 1e-12);
            assert_relative_eq!(e.std_error, get("std_error"), max_relative = 1e-10);
            assert_relative_eq!(e.t, get("t"), max_relative = 1e-10);
            assert_relative_eq!(e.p_value, get("p_value"), max_relative = 1e-8);
            let expected_df = match (inference, df) {
                (Inference::ClusterExporter, _) => 5,
                (_, DegreesOfFreedom::FixedEffectsCounted) => 9,
                _ => 11,
            };
            assert_eq!(e.df, expected_df, "{name}/{k}");
        }
    }
}

#[test]
fn parameters_deserialise_without_the_new_fields() {
    let json = r#"{"response":"log_market_share","significance":0.05,"positive_threshold":0.0,
        "negative_threshold":0.0,"min_exporters":5,"insufficient":"error"}"#;
    let p: ElasticityParams = serde_json::from_str(json).unwrap();
    assert_eq!(p, ElasticityParams::default());
    let p2 = p.with_inference(Inference::ClusterExporter);
    let back: ElasticityParams =
        serde_json::from_str(&serde_json::to_string(&p2).unwrap()).unwrap();
    assert_eq!(back.inference(), Inference::ClusterExporter);
    let s: SegmentParams = serde_json::from_str(r#"{"alpha":0.15}"#).unwrap();
    assert_eq!(s, SegmentParams::default());
    assert_eq!(s.band(), Band::Ratio);
    let s: SegmentParams = serde_json::from_str(r#"{"alpha":0.15,"band":"symmetric"}"#).unwrap();
    assert_eq!(s.band(), Band::Symmetric);
    assert!(serde_json::from_str::<SegmentParams>(r#"{"alpha":1.5,"band":"symmetric"}"#).is_err());
}

#[test]
fn symmetric_band_moves_only_the_lower_bound() {
    let ratio = SegmentParams::default();
    let sym = SegmentParams::with_band(0.15, Band::Symmetric).unwrap();
    // (1 − α) R = 0.85 < R/(1 + α) = 0.8696: only unit values in between change segment.
    for (uv, a, b) in [
        (1.2, Segment::High, Segment::High),
        (1.0, Segment::Medium, Segment::Medium),
        (0.86, Segment::Low, Segment::Medium),
        (0.85, Segment::Low, Segment::Medium),
        (0.849, Segment::Low, Segment::Low),
    ] {
        assert_eq!(ratio.classify(uv, 1.0), a, "{uv}");
        assert_eq!(sym.classify(uv, 1.0), b, "{uv}");
    }
    // On data: the symmetric band's low share never exceeds the ratio band's.
    let cells = flows().cells();
    let uv = unit_values(&cells, &Reference::default()).unwrap();
    let a = segment_cells(&cells, &uv, &ratio, None).unwrap();
    let b = segment_cells(&cells, &uv, &sym, None).unwrap();
    for e in ["A", "B", "C", "D", "E", "F"] {
        let (sa, sb) = (a.shares(e, 2015).unwrap(), b.shares(e, 2015).unwrap());
        assert!(sb.low <= sa.low && (sb.high - sa.high).abs() < 1e-15);
    }
}

#[test]
fn clustering_by_a_single_exporter_is_a_named_error() {
    use mfg_quality_elasticity::ElasticityError;
    use mfg_quality_elasticity::quality_elasticity::within_regression_with;
    let x = [0.1, 0.5, -0.2, 0.3, 0.9, -0.4];
    let y = [1.0, 1.4, 0.7, 0.2, 1.1, -0.3];
    let g = [0, 0, 0, 1, 1, 1];
    let one = [7u32; 6];
    let e = within_regression_with(
        &x,
        &y,
        &g,
        Some(&one),
        Inference::ClusterExporter,
        DegreesOfFreedom::FixedEffectsCounted,
    )
    .unwrap_err();
    assert!(
        matches!(e, ElasticityError::DegenerateRegression { reason, .. } if reason.contains("fewer than two exporter clusters")),
        "{e}"
    );
    // Without the exporter column clustering is a shape error.
    assert!(matches!(
        within_regression_with(
            &x,
            &y,
            &g,
            None,
            Inference::ClusterExporter,
            DegreesOfFreedom::FixedEffectsCounted
        ),
        Err(ElasticityError::Shape { .. })
    ));
    // A regressor constant within products is absorbed by the fixed effects.
    let e = within_regression_with(
        &[1.0, 1.0, 1.0, 2.0, 2.0, 2.0],
        &y,
        &g,
        None,
        Inference::Iid,
        DegreesOfFreedom::FixedEffectsCounted,
    )
    .unwrap_err();
    assert!(
        matches!(e, ElasticityError::DegenerateRegression { reason, .. } if reason.contains("no within-product variation"))
    );
}
