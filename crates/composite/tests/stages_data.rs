//! Screening, imputation and outlier treatment: the COINr winsorisation golden case, hand-computed
//! imputations, availability reports, and named errors.

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::impute::{EdgeRule, GroupFallback, Imputation};
use mfg_quality_composite::screen::{AvailabilityBasis, ScreenAction, Screening};
use mfg_quality_composite::treat::{LogTransform, OutlierTreatment, kurtosis, skewness};
use mfg_quality_indicators::{Panel, Unit};
use serde_json::Value;

const COINR: &str = include_str!("data/coinr_winsorise_rule.json");

fn one_col(v: &[f64]) -> Panel {
    Panel::from_dense(
        (0..v.len()).map(|k| Unit::new(format!("u{k}"))).collect(),
        vec!["x".into()],
        vec![2020],
        v.to_vec(),
        vec![true; v.len()],
    )
    .unwrap()
}

/// COINr v1.1.14 vignette "treat": skew 3.063241, kurt 9.741391; after winsorising one point (100 → 30)
/// skew 1.712038, kurt 1.815781, passing (tolerance 1e-6 as stated in the file).
#[test]
fn coinr_winsorise_rule_golden() {
    let d: Value = serde_json::from_str(COINR).unwrap();
    let case = &d["cases"][0];
    let x: Vec<f64> = case["inputs"]["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let e = &case["expected"];
    let tol = 1e-6;
    assert!((skewness(&x) - e["skew_raw"].as_f64().unwrap()).abs() < tol);
    assert!((kurtosis(&x) - e["kurt_raw"].as_f64().unwrap()).abs() < tol);
    let t = OutlierTreatment {
        winmax: 2,
        ..Default::default()
    };
    let (p, report) = t.apply(&one_col(&x)).unwrap();
    let after = &e["after_winsorise_winmax2"];
    let want: Vec<f64> = after["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(p.column(0, 0), want.as_slice());
    let r = &report.records[0];
    assert!(r.flagged && !r.log_transformed);
    assert_eq!(
        r.winsorised,
        after["points_winsorised"].as_u64().unwrap() as usize
    );
    assert_eq!(
        r.winsorised_units,
        vec![("u11".to_string(), "high".to_string())]
    );
    assert!((r.skew_after - after["skew"].as_f64().unwrap()).abs() < tol);
    assert!((r.kurtosis_after - after["kurt"].as_f64().unwrap()).abs() < tol);
    assert_eq!(r.passes_after, after["pass"].as_bool().unwrap());
}

/// With winmax = 0, winsorisation cannot help and the log fallback (COINr `log_CT`,
/// `ln(x − min + 0.01(max − min))`) is applied to the original values.
#[test]
fn log_fallback_when_winsorisation_is_not_enough() {
    let x = [
        1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 30.0, 100.0,
    ];
    let t = OutlierTreatment {
        winmax: 0,
        ..Default::default()
    };
    let (p, report) = t.apply(&one_col(&x)).unwrap();
    let a = 0.01 * 99.0;
    let want: Vec<f64> = x.iter().map(|v| (v - 1.0 + a).ln()).collect();
    for (g, w) in p.column(0, 0).iter().zip(&want) {
        assert!((g - w).abs() < 1e-12);
    }
    assert!(report.records[0].log_transformed);
    // the COIN Tool variant ln(x − min + 1)
    let t = OutlierTreatment {
        winmax: 0,
        log_transform: LogTransform::LogPlusOne,
        ..Default::default()
    };
    let (p, _) = t.apply(&one_col(&x)).unwrap();
    assert!((p.column(0, 0)[11] - 100f64.ln()).abs() < 1e-12);
    // no fallback: values unchanged, still flagged and failing
    let t = OutlierTreatment {
        winmax: 0,
        log_fallback: false,
        ..Default::default()
    };
    let (p, report) = t.apply(&one_col(&x)).unwrap();
    assert_eq!(p.column(0, 0), &x);
    assert!(report.records[0].flagged && !report.records[0].passes_after);
    assert_eq!(report.treated().count(), 0);
}

/// Negative skew winsorises the minimum upward; degenerate columns are not tested.
#[test]
fn negative_skew_and_degenerate_columns() {
    let x = [
        -100.0, -30.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0,
    ];
    assert!((skewness(&x) + skewness(&x.map(|v: f64| -v))).abs() < 1e-12);
    let (p, r) = OutlierTreatment::default().apply(&one_col(&x)).unwrap();
    assert!((p.column(0, 0)[0] + 30.0).abs() < 1e-12);
    assert_eq!(r.records[0].winsorised_units[0].1, "low");
    let (_, r) = OutlierTreatment::default()
        .apply(&one_col(&[1.0, 1.0, 1.0, 1.0, 1.0]))
        .unwrap();
    assert!(!r.records[0].tested && !r.records[0].flagged);
    assert!(skewness(&[1.0, 2.0]).abs() < 1e-300);
    assert!(kurtosis(&[1.0, 2.0, 3.0]).abs() < 1e-300);
    assert!(matches!(
        OutlierTreatment {
            skew_threshold: -1.0,
            ..Default::default()
        }
        .apply(&one_col(&x)),
        Err(CompositeError::InvalidParameter { .. })
    ));
}

/// 4 units (two groups) × 2 indicators × 3 periods with gaps.
fn gappy() -> Panel {
    let units = vec![
        Unit::new("A").with_group("north"),
        Unit::new("B").with_group("north"),
        Unit::new("C").with_group("south"),
        Unit::new("D"),
    ];
    let mut b =
        Panel::builder(units, vec!["x".into(), "y".into()], vec![2012, 2014, 2013]).unwrap();
    // x: A 1 _ 3(2013); B 2 4 _; C _ 8 6; D 10 _ _
    for (u, p, v) in [
        ("A", 2012, 1.0),
        ("A", 2013, 3.0),
        ("B", 2012, 2.0),
        ("B", 2014, 4.0),
        ("C", 2014, 8.0),
        ("C", 2013, 6.0),
        ("D", 2012, 10.0),
    ] {
        b.set(u, "x", p, v).unwrap();
    }
    for (u, p) in [("A", 2012), ("B", 2012), ("C", 2012), ("D", 2012)] {
        b.set(u, "y", p, 1.0).unwrap();
    }
    b.build()
}

#[test]
fn imputation_methods_by_hand() {
    let p = gappy();
    // indicator mean, 2014: x observed B 4, C 8 → 6
    let (q, r) = Imputation::IndicatorMean.apply(&p).unwrap();
    assert_eq!(q.value("A", "x", 2014).unwrap(), Some(6.0));
    assert_eq!(q.value("D", "x", 2014).unwrap(), Some(6.0));
    assert_eq!(q.value("C", "x", 2012).unwrap(), Some(13.0 / 3.0));
    // y in 2013/2014 has no observation: stays missing
    assert_eq!(q.value("A", "y", 2014).unwrap(), None);
    assert_eq!(r.missing_before, 5 + 8);
    assert_eq!(r.n_imputed, 5);
    assert_eq!(r.still_missing, 8);
    assert_eq!(r.imputed_per_indicator[0], ("x".to_string(), 5));
    // group mean, 2014: north (A, B) → B 4; D has no group → indicator fallback 6
    let (q, r) = Imputation::GroupMean {
        fallback: GroupFallback::Indicator,
    }
    .apply(&p)
    .unwrap();
    assert_eq!(q.value("A", "x", 2014).unwrap(), Some(4.0));
    assert_eq!(q.value("D", "x", 2014).unwrap(), Some(6.0));
    let d = r
        .cells
        .iter()
        .find(|c| c.unit == "D" && c.period == 2014)
        .unwrap();
    assert_eq!(d.method, "group_mean/indicator fallback");
    // group fallback error: C (south) in 2012 has no south observation
    match (Imputation::GroupMedian {
        fallback: GroupFallback::Error,
    })
    .apply(&p)
    {
        Err(CompositeError::NothingToImpute {
            unit,
            indicator,
            period,
            ..
        }) => assert_eq!(
            (unit.as_str(), indicator.as_str(), period),
            ("C", "x", 2012)
        ),
        other => panic!("{other:?}"),
    }
    // LOCF in period order 2012, 2013, 2014 (the panel stores 2012, 2014, 2013)
    let (q, _) = Imputation::LastObservation { backward: true }
        .apply(&p)
        .unwrap();
    assert_eq!(q.value("A", "x", 2014).unwrap(), Some(3.0));
    assert_eq!(q.value("B", "x", 2013).unwrap(), Some(2.0));
    assert_eq!(q.value("C", "x", 2012).unwrap(), Some(6.0)); // backward
    assert_eq!(q.value("D", "x", 2014).unwrap(), Some(10.0));
    let (q, _) = Imputation::LastObservation { backward: false }
        .apply(&p)
        .unwrap();
    assert_eq!(q.value("C", "x", 2012).unwrap(), None);
    // linear interpolation: B 2012 = 2, 2014 = 4 → 2013 = 3; edges stay missing
    let (q, r) = Imputation::LinearInterpolation {
        edges: EdgeRule::Leave,
    }
    .apply(&p)
    .unwrap();
    assert_eq!(q.value("B", "x", 2013).unwrap(), Some(3.0));
    assert_eq!(q.value("A", "x", 2014).unwrap(), None);
    assert_eq!(q.value("C", "x", 2012).unwrap(), None);
    assert_eq!(r.n_imputed, 1);
    let (q, _) = Imputation::LinearInterpolation {
        edges: EdgeRule::Nearest,
    }
    .apply(&p)
    .unwrap();
    assert_eq!(q.value("C", "x", 2012).unwrap(), Some(6.0));
    // None: unchanged
    let (q, r) = Imputation::None.apply(&p).unwrap();
    assert_eq!(q, p);
    assert_eq!(r.n_imputed, 0);
    // JSON
    let m: Imputation = serde_json::from_str(r#"{"method": "last_observation"}"#).unwrap();
    assert_eq!(m, Imputation::LastObservation { backward: true });
}

#[test]
fn screening_reports_and_drops() {
    let p = gappy();
    // availability: x 7/12, y 4/12. Units over both indicators: A 3/6, B 3/6, C 3/6, D 2/6.
    let s = Screening {
        min_unit_availability: 0.5,
        min_indicator_availability: 0.0,
        basis: AvailabilityBasis::Overall,
        action: ScreenAction::Drop,
    };
    let (q, r) = s.apply(&p).unwrap();
    assert_eq!(r.dropped_units, vec!["D".to_string()]);
    assert_eq!(q.n_units(), 3);
    assert!((r.indicators[0].overall - 7.0 / 12.0).abs() < 1e-12);
    assert!((r.units[3].overall - 2.0 / 6.0).abs() < 1e-12);
    assert_eq!(r.units[3].per_period, vec![1.0, 0.0, 0.0]);
    // indicators first: dropping y (1/3 < 0.5) → units judged on x only: A 2/3, B 2/3, C 2/3, D 1/3
    let s = Screening {
        min_unit_availability: 0.6,
        min_indicator_availability: 0.5,
        ..s
    };
    let (q, r) = s.apply(&p).unwrap();
    assert_eq!(r.dropped_indicators, vec!["y".to_string()]);
    assert_eq!(q.indicators(), &["x".to_string()]);
    assert_eq!(q.n_units(), 3);
    // flag: unchanged panel
    let (q, r) = Screening {
        action: ScreenAction::Flag,
        ..s.clone()
    }
    .apply(&p)
    .unwrap();
    assert_eq!(q, p);
    assert_eq!(r.dropped_units, vec!["D".to_string()]);
    // every period (threshold 0.5 = one of x, y): A lacks both in 2014, B in 2013, D in 2013 and 2014;
    // C has one of the two in every period
    let (_, r) = Screening {
        basis: AvailabilityBasis::EveryPeriod,
        action: ScreenAction::Flag,
        min_indicator_availability: 0.0,
        min_unit_availability: 0.5,
    }
    .apply(&p)
    .unwrap();
    assert_eq!(r.dropped_units, vec!["A", "B", "D"]);
    // errors
    assert!(matches!(
        Screening {
            min_unit_availability: 1.0,
            ..Default::default()
        }
        .apply(&p),
        Err(CompositeError::ScreenedOut { what: "unit", .. })
    ));
    assert!(matches!(
        Screening {
            min_unit_availability: 1.5,
            ..Default::default()
        }
        .apply(&p),
        Err(CompositeError::InvalidParameter { .. })
    ));
}
