//! Normalisation: HDI goalposts golden case, each method on hand-computed values, polarity, the column
//! entry point, custom closures, property tests (bounds, polarity mirror, ranks a permutation) and one test
//! per class of bad input.

use std::collections::BTreeMap;

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::normalise::{
    Affine, Benchmark, ColumnContext, DistanceForm, Goalpost, Normalisation, Reference, Transform,
    normalise_with,
};
use mfg_quality_indicators::stats::{TieMethod, VarianceKind};
use mfg_quality_indicators::{Panel, Polarity, Unit};
use proptest::prelude::*;
use serde_json::Value;

const HDI: &str = include_str!("data/stages_undp_hdi_2021_subset.json");

fn panel(units: &[&str], indicators: &[&str], periods: &[i32], values: &[f64]) -> Panel {
    Panel::from_dense(
        units.iter().map(|u| Unit::new(*u)).collect(),
        indicators.iter().map(|s| s.to_string()).collect(),
        periods.to_vec(),
        values.to_vec(),
        vec![true; values.len()],
    )
    .unwrap()
}

fn close(a: &[f64], b: &[f64], tol: f64) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() < tol, "{a:?} vs {b:?}");
    }
}

/// HDI dimension indices by goalposts (UNDP HDR 2021/22 technical notes: LE 20–85; EYS 0–18; MYS 0–15;
/// GNI per capita 100–75 000 in logs, capped), against the `derived` values (6 decimals) of the reference
/// file for every country in it.
#[test]
fn hdi_goalposts_golden() {
    let d: Value = serde_json::from_str(HDI).unwrap();
    let cases = d["cases"].as_array().unwrap();
    let codes: Vec<String> = cases
        .iter()
        .map(|c| format!("{}{}", c["iso3"].as_str().unwrap(), c["year"]))
        .collect();
    let keys = [
        "life_expectancy",
        "expected_years_schooling",
        "mean_years_schooling",
        "gni_per_capita_2017ppp",
    ];
    let mut values = Vec::new();
    for k in keys {
        values.extend(cases.iter().map(|c| c["inputs"][k].as_f64().unwrap()));
    }
    let p = Panel::from_dense(
        codes.iter().map(Unit::new).collect(),
        keys.iter().map(|s| s.to_string()).collect(),
        vec![0],
        values.clone(),
        vec![true; values.len()],
    )
    .unwrap();
    let mut posts = BTreeMap::new();
    let gp = |min, max, log| Goalpost { min, max, log };
    posts.insert(keys[0].to_string(), gp(20.0, 85.0, false));
    posts.insert(keys[1].to_string(), gp(0.0, 18.0, false));
    posts.insert(keys[2].to_string(), gp(0.0, 15.0, false));
    posts.insert(keys[3].to_string(), gp(100.0, 75_000.0, true));
    let n = Normalisation::Goalposts { posts, scale: 1.0 }
        .apply(&p, &[Polarity::Positive; 4])
        .unwrap();
    for (u, c) in cases.iter().enumerate() {
        let der = &c["derived"];
        let health = n.get(u, 0, 0).unwrap();
        let educ = (n.get(u, 1, 0).unwrap() + n.get(u, 2, 0).unwrap()) / 2.0;
        let income = n.get(u, 3, 0).unwrap();
        for (got, key) in [
            (health, "health_index"),
            (educ, "education_index"),
            (income, "income_index"),
        ] {
            let want = der[key].as_f64().unwrap();
            assert!(
                (got - want).abs() < 1e-6,
                "{} {key}: {got} vs {want}",
                codes[u]
            );
        }
        assert!(n.get(u, 1, 0).unwrap() <= 1.0); // EYS capped at 18
    }
}

#[test]
fn min_max_and_z_score_by_hand() {
    let p = panel(&["A", "B", "C", "D"], &["x"], &[1], &[2.0, 4.0, 6.0, 10.0]);
    let n = Normalisation::MinMax { lo: 0.0, hi: 100.0 }
        .apply(&p, &[Polarity::Positive])
        .unwrap();
    close(n.column(0, 0), &[0.0, 25.0, 50.0, 100.0], 1e-12);
    let n = Normalisation::MinMax { lo: 0.0, hi: 100.0 }
        .apply(&p, &[Polarity::Negative])
        .unwrap();
    close(n.column(0, 0), &[100.0, 75.0, 50.0, 0.0], 1e-12);
    // mean 5.5, sample sd = sqrt(((3.5²+1.5²+.5²+4.5²)/3)) = sqrt(35/3)
    let sd = (35.0f64 / 3.0).sqrt();
    let z = Normalisation::ZScore {
        variance: VarianceKind::Sample,
        mean: 100.0,
        sd: 10.0,
    }
    .apply(&p, &[Polarity::Positive])
    .unwrap();
    close(
        z.column(0, 0),
        &[2.0, 4.0, 6.0, 10.0].map(|x| 100.0 + 10.0 * (x - 5.5) / sd),
        1e-12,
    );
    // population sd = sqrt(35/4), negative polarity
    let z = Normalisation::ZScore {
        variance: VarianceKind::Population,
        mean: 0.0,
        sd: 1.0,
    }
    .apply(&p, &[Polarity::Negative])
    .unwrap();
    let psd = (35.0f64 / 4.0).sqrt();
    close(
        z.column(0, 0),
        &[2.0, 4.0, 6.0, 10.0].map(|x| -(x - 5.5) / psd),
        1e-12,
    );
}

#[test]
fn missing_cells_stay_missing_and_are_ignored() {
    let p = Panel::from_dense(
        vec![Unit::new("A"), Unit::new("B"), Unit::new("C")],
        vec!["x".into()],
        vec![1],
        vec![1.0, 99.0, 3.0],
        vec![true, false, true],
    )
    .unwrap();
    let n = Normalisation::default()
        .apply(&p, &[Polarity::Positive])
        .unwrap();
    assert_eq!(n.get(0, 0, 0), Some(0.0));
    assert_eq!(n.get(1, 0, 0), None);
    assert_eq!(n.get(2, 0, 0), Some(1.0));
}

/// Ratio to a benchmark = mean of chosen units in a chosen period (the Manufacturing Power Index method).
#[test]
fn ratio_to_benchmark_mean_of_units_in_period() {
    // x in 2012: A 10, B 30, C 50; in 2015: A 20, B 40, C 60 — benchmark = mean(A, B in 2012) = 20
    let p = panel(
        &["A", "B", "C"],
        &["x", "loss"],
        &[2012, 2015],
        &[
            10.0, 30.0, 50.0, 4.0, 2.0, 1.0, 20.0, 40.0, 60.0, 8.0, 2.0, 5.0,
        ],
    );
    let norm = Normalisation::RatioToBenchmark {
        benchmark: Benchmark::MeanOfUnits {
            units: vec!["A".into(), "B".into()],
            period: Some(2012),
        },
        scale: 100.0,
    };
    let n = norm
        .apply(&p, &[Polarity::Positive, Polarity::Negative])
        .unwrap();
    close(n.column(0, 1), &[100.0, 200.0, 300.0], 1e-12);
    // loss benchmark = mean(4, 2) = 3; negative polarity: 3 / x · 100
    close(n.column(1, 1), &[37.5, 150.0, 60.0], 1e-12);
    // fixed benchmark
    let fixed = Normalisation::RatioToBenchmark {
        benchmark: Benchmark::Fixed {
            values: BTreeMap::from([("x".to_string(), 50.0), ("loss".to_string(), 2.0)]),
        },
        scale: 100.0,
    };
    let n = fixed
        .apply(&p, &[Polarity::Positive, Polarity::Positive])
        .unwrap();
    close(n.column(0, 0), &[20.0, 60.0, 100.0], 1e-12);
    // JSON form
    let j: Normalisation = serde_json::from_str(
        r#"{"method": "ratio_to_benchmark", "benchmark": {"type": "mean_of_units", "units": ["A", "B"], "period": 2012}}"#,
    )
    .unwrap();
    assert_eq!(j, norm);
}

#[test]
fn distance_rank_categorical_and_mean_band() {
    let p = panel(&["A", "B", "C", "D"], &["x"], &[1], &[2.0, 4.0, 4.0, 8.0]);
    let pos = [Polarity::Positive];
    let neg = [Polarity::Negative];
    let d = |reference, form| Normalisation::DistanceToReference { reference, form };
    let n = d(
        Reference::Unit {
            unit: "B".into(),
            period: None,
        },
        DistanceForm::Ratio,
    )
    .apply(&p, &pos)
    .unwrap();
    close(n.column(0, 0), &[0.5, 1.0, 1.0, 2.0], 1e-12);
    let n = d(Reference::Best, DistanceForm::Ratio)
        .apply(&p, &pos)
        .unwrap();
    close(n.column(0, 0), &[0.25, 0.5, 0.5, 1.0], 1e-12);
    // negative polarity: best = min = 2, ratio ref / x
    let n = d(Reference::Best, DistanceForm::Ratio)
        .apply(&p, &neg)
        .unwrap();
    close(n.column(0, 0), &[1.0, 0.5, 0.5, 0.25], 1e-12);
    // mean 4.5, relative difference
    let n = d(Reference::Mean, DistanceForm::Difference)
        .apply(&p, &pos)
        .unwrap();
    close(
        n.column(0, 0),
        &[2.0, 4.0, 4.0, 8.0].map(|x| (x - 4.5) / 4.5),
        1e-12,
    );
    let n = d(Reference::Worst, DistanceForm::Difference)
        .apply(&p, &neg)
        .unwrap();
    close(n.column(0, 0), &[0.75, 0.5, 0.5, 0.0], 1e-12);
    // ranks: ascending, ties min (COINr n_rank)
    let n = Normalisation::Rank {
        ties: TieMethod::Min,
    }
    .apply(&p, &pos)
    .unwrap();
    close(n.column(0, 0), &[1.0, 2.0, 2.0, 4.0], 0.0 + 1e-12);
    let n = Normalisation::Rank {
        ties: TieMethod::Min,
    }
    .apply(&p, &neg)
    .unwrap();
    close(n.column(0, 0), &[4.0, 2.0, 2.0, 1.0], 1e-12);
    // percentile rank (COINr n_prank): (rank − 1)/(n − 1)
    let n = Normalisation::PercentileRank {
        ties: TieMethod::Min,
        form: Default::default(),
        scale: 1.0,
    }
    .apply(&p, &pos)
    .unwrap();
    close(n.column(0, 0), &[0.0, 1.0 / 3.0, 1.0 / 3.0, 1.0], 1e-12);
    // categorical: thresholds 3, 4 → scores 0, 50, 100; equality goes to the better category
    // (positive: k = #{t ≤ x}; negative: k = #{t ≥ x}, so x = 4 is in the middle category)
    let cat = Normalisation::Categorical {
        thresholds: vec![3.0, 4.0],
        scores: vec![0.0, 50.0, 100.0],
    };
    close(
        cat.apply(&p, &pos).unwrap().column(0, 0),
        &[0.0, 100.0, 100.0, 100.0],
        1e-12,
    );
    close(
        cat.apply(&p, &neg).unwrap().column(0, 0),
        &[100.0, 50.0, 50.0, 0.0],
        1e-12,
    );
    // above/below mean: mean 4.5, p = 0.2 → band [3.6, 5.4]
    let ab = Normalisation::AboveBelowMean { p: 0.2 };
    close(
        ab.apply(&p, &pos).unwrap().column(0, 0),
        &[-1.0, 0.0, 0.0, 1.0],
        1e-12,
    );
    close(
        ab.apply(&p, &neg).unwrap().column(0, 0),
        &[1.0, 0.0, 0.0, -1.0],
        1e-12,
    );
}

#[test]
fn transforms_then_min_max_and_custom() {
    let p = panel(&["A", "B", "C"], &["x"], &[1], &[1.0, 10.0, 100.0]);
    let t = Normalisation::Transformed {
        transform: Transform::Log,
        then: Box::new(Normalisation::MinMax { lo: 0.0, hi: 1.0 }),
    };
    close(
        t.apply(&p, &[Polarity::Positive]).unwrap().column(0, 0),
        &[0.0, 0.5, 1.0],
        1e-12,
    );
    // Box-Cox λ = 0.5: (√x − 1)/0.5 = 0, 4.3246, 18 → min-max
    let b = Normalisation::Transformed {
        transform: Transform::BoxCox { lambda: 0.5 },
        then: Box::new(Normalisation::Identity),
    };
    close(
        b.apply(&p, &[Polarity::Positive]).unwrap().column(0, 0),
        &[0.0, 2.0 * (10f64.sqrt() - 1.0), 18.0],
        1e-12,
    );
    // JSON defaults: min-max to [0, 1]
    let d: Normalisation = serde_json::from_str(r#"{"method": "min_max"}"#).unwrap();
    assert_eq!(d, Normalisation::default());
    // JSON round trip of a nested method
    let s = serde_json::to_string(&t).unwrap();
    assert_eq!(serde_json::from_str::<Normalisation>(&s).unwrap(), t);
    // custom closure: share of the column maximum
    let n = normalise_with(&p, &[Polarity::Positive], |x, mask, _, _| {
        let mx = x
            .iter()
            .zip(mask)
            .filter(|(_, m)| **m)
            .fold(f64::MIN, |a, (v, _)| a.max(*v));
        x.iter_mut().for_each(|v| *v /= mx);
        Ok(())
    })
    .unwrap();
    close(n.column(0, 0), &[0.01, 0.1, 1.0], 1e-12);
    let err = normalise_with(&p, &[Polarity::Positive], |x, _, _, _| {
        x[0] = f64::NAN;
        Ok(())
    });
    assert!(matches!(err, Err(CompositeError::InvalidValue { .. })));
}

/// The in-place column entry point gives the same values as `apply`.
#[test]
fn column_entry_point_matches_apply() {
    let p = panel(&["A", "B", "C"], &["x"], &[2012], &[3.0, 9.0, 6.0]);
    let norm = Normalisation::RatioToBenchmark {
        benchmark: Benchmark::MeanOfUnits {
            units: vec!["A".into()],
            period: None,
        },
        scale: 100.0,
    };
    let whole = norm.apply(&p, &[Polarity::Positive]).unwrap();
    let mut col = p.column(0, 0).to_vec();
    let ctx = ColumnContext {
        indicator: "x",
        period: 2012,
        units: p.units(),
        reference: norm.reference_value(&p, 0, 0).unwrap(),
    };
    norm.normalise_column(&mut col, p.column_mask(0, 0), Polarity::Positive, &ctx)
        .unwrap();
    assert_eq!(col, whole.column(0, 0));
    close(&col, &[100.0, 300.0, 200.0], 1e-12);
    // without the resolved reference: a named error, not a panic
    let ctx = ColumnContext {
        reference: None,
        ..ctx
    };
    assert!(matches!(
        norm.normalise_column(&mut col, p.column_mask(0, 0), Polarity::Positive, &ctx),
        Err(CompositeError::InvalidParameter { .. })
    ));
}

#[test]
fn bad_input_is_a_named_error() {
    let constant = panel(&["A", "B"], &["x"], &[2020], &[5.0, 5.0]);
    match Normalisation::default().apply(&constant, &[Polarity::Positive]) {
        Err(CompositeError::ConstantIndicator {
            indicator,
            period,
            method,
        }) => {
            assert_eq!((indicator.as_str(), period, method), ("x", 2020, "min-max"))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        Normalisation::ZScore {
            variance: VarianceKind::Sample,
            mean: 0.0,
            sd: 1.0
        }
        .apply(&constant, &[Polarity::Positive]),
        Err(CompositeError::ConstantIndicator {
            method: "z-score",
            ..
        })
    ));
    let p = panel(&["A", "B"], &["x"], &[2020], &[0.0, 5.0]);
    let log = Normalisation::Transformed {
        transform: Transform::Log,
        then: Box::new(Normalisation::default()),
    };
    match log.apply(&p, &[Polarity::Positive]) {
        Err(CompositeError::InvalidValue {
            unit,
            indicator: column,
            ..
        }) => {
            assert_eq!((unit.as_str(), column.as_str()), ("A", "x"))
        }
        other => panic!("{other:?}"),
    }
    let boxcox = Normalisation::Transformed {
        transform: Transform::BoxCox { lambda: 0.3 },
        then: Box::new(Normalisation::default()),
    };
    assert!(matches!(
        boxcox.apply(&p, &[Polarity::Positive]),
        Err(CompositeError::InvalidValue { .. })
    ));
    // unknown benchmark unit / period
    let bench = |units: Vec<String>, period| Normalisation::RatioToBenchmark {
        benchmark: Benchmark::MeanOfUnits { units, period },
        scale: 100.0,
    };
    assert!(matches!(
        bench(vec!["ZZ".into()], None).apply(&p, &[Polarity::Positive]),
        Err(CompositeError::UnknownReference { what: "unit", .. })
    ));
    assert!(matches!(
        bench(vec!["A".into()], Some(1999)).apply(&p, &[Polarity::Positive]),
        Err(CompositeError::UnknownReference { what: "period", .. })
    ));
    // zero benchmark (A's value is 0)
    assert!(matches!(
        bench(vec!["A".into()], None).apply(&p, &[Polarity::Positive]),
        Err(CompositeError::ZeroReference { .. })
    ));
    // a zero value as denominator under negative polarity
    assert!(matches!(
        bench(vec!["B".into()], None).apply(&p, &[Polarity::Negative]),
        Err(CompositeError::InvalidValue { .. })
    ));
    // unknown reference unit for distance
    assert!(matches!(
        Normalisation::DistanceToReference {
            reference: Reference::Unit {
                unit: "Q".into(),
                period: None
            },
            form: DistanceForm::Ratio
        }
        .apply(&p, &[Polarity::Positive]),
        Err(CompositeError::UnknownReference { what: "unit", .. })
    ));
    // bad parameters and polarity count
    assert!(matches!(
        Normalisation::MinMax { lo: 1.0, hi: 0.0 }.apply(&p, &[Polarity::Positive]),
        Err(CompositeError::InvalidParameter { .. })
    ));
    assert!(matches!(
        Normalisation::default().apply(&p, &[]),
        Err(CompositeError::InvalidParameter { .. })
    ));
    assert!(matches!(
        Normalisation::Categorical {
            thresholds: vec![2.0, 1.0],
            scores: vec![0.0, 1.0, 2.0]
        }
        .apply(&p, &[Polarity::Positive]),
        Err(CompositeError::InvalidParameter { .. })
    ));
    assert!(matches!(
        Normalisation::Goalposts {
            posts: BTreeMap::new(),
            scale: 1.0
        }
        .apply(&p, &[Polarity::Positive]),
        Err(CompositeError::InvalidParameter { .. })
    ));
}

fn column_strategy() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-1e6f64..1e6, 2..40).prop_filter("not constant", |v| {
        v.iter().any(|x| (x - v[0]).abs() > 1e-6)
    })
}

fn one_col(v: &[f64]) -> Panel {
    Panel::from_dense(
        (0..v.len()).map(|k| Unit::new(format!("u{k}"))).collect(),
        vec!["x".into()],
        vec![1],
        v.to_vec(),
        vec![true; v.len()],
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Min-max values lie in [lo, hi]; the negative-polarity values mirror the positive ones: y ↦ lo + hi − y.
    #[test]
    fn min_max_bounds_and_polarity_mirror(v in column_strategy(), lo in -10.0f64..10.0, w in 0.1f64..100.0) {
        let hi = lo + w;
        let p = one_col(&v);
        let m = Normalisation::MinMax { lo, hi };
        let a = m.apply(&p, &[Polarity::Positive]).unwrap();
        let b = m.apply(&p, &[Polarity::Negative]).unwrap();
        for (x, y) in a.column(0, 0).iter().zip(b.column(0, 0)) {
            prop_assert!(*x >= lo && *x <= hi);
            prop_assert!((lo + hi - x - y).abs() <= 1e-9 * (1.0 + hi.abs() + lo.abs()));
        }
    }

    /// Goalposts values lie in [0, scale] whatever the data (capping).
    #[test]
    fn goalposts_bounds(v in prop::collection::vec(-100.0f64..200.0, 1..30), min in 0.0f64..50.0, w in 1.0f64..100.0, neg: bool) {
        let p = one_col(&v);
        let posts = BTreeMap::from([("x".to_string(), Goalpost { min, max: min + w, log: false })]);
        let pol = if neg { Polarity::Negative } else { Polarity::Positive };
        let n = Normalisation::Goalposts { posts, scale: 100.0 }.apply(&p, &[pol]).unwrap();
        prop_assert!(n.column(0, 0).iter().all(|y| (0.0..=100.0).contains(y)));
    }

    /// Ranks (ties = first) are a permutation of 1..n, and percentile ranks lie in [0, 1].
    #[test]
    fn ranks_are_a_permutation(v in column_strategy(), neg: bool) {
        let p = one_col(&v);
        let pol = if neg { Polarity::Negative } else { Polarity::Positive };
        let r = Normalisation::Rank { ties: TieMethod::First }.apply(&p, &[pol]).unwrap();
        let mut got: Vec<usize> = r.column(0, 0).iter().map(|x| *x as usize).collect();
        got.sort_unstable();
        prop_assert_eq!(got, (1..=v.len()).collect::<Vec<_>>());
        let q = Normalisation::PercentileRank { ties: TieMethod::Min, form: Default::default(), scale: 1.0 }.apply(&p, &[pol]).unwrap();
        prop_assert!(q.column(0, 0).iter().all(|y| (0.0..=1.0).contains(y)));
    }

    /// Z-scores have mean 0 and sample sd 1.
    #[test]
    fn z_scores_standardise(v in column_strategy()) {
        let p = one_col(&v);
        let z = Normalisation::ZScore { variance: VarianceKind::Sample, mean: 0.0, sd: 1.0 }
            .apply(&p, &[Polarity::Positive]).unwrap();
        let c = z.column(0, 0);
        let m = c.iter().sum::<f64>() / c.len() as f64;
        let s = (c.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (c.len() - 1) as f64).sqrt();
        prop_assert!(m.abs() < 1e-9 && (s - 1.0).abs() < 1e-9);
    }

    /// The affine form of each affine method reproduces `normalise_column`; non-affine methods say so.
    #[test]
    fn affine_matches_normalise_column(v in column_strategy(), neg: bool) {
        let pol = if neg { Polarity::Negative } else { Polarity::Positive };
        let positive: Vec<f64> = v.iter().map(|x| x.abs() + 1.0).collect();
        let methods = [
            Normalisation::MinMax { lo: 0.0, hi: 100.0 },
            Normalisation::ZScore { variance: VarianceKind::Sample, mean: 100.0, sd: 10.0 },
            Normalisation::Identity,
            Normalisation::DistanceToReference { reference: Reference::Best, form: DistanceForm::Ratio },
            Normalisation::DistanceToReference { reference: Reference::Mean, form: DistanceForm::Difference },
            Normalisation::RatioToBenchmark { benchmark: Benchmark::Fixed { values: BTreeMap::from([("x".to_string(), 7.0)]) }, scale: 100.0 },
        ];
        let mask = vec![true; v.len()];
        for m in methods {
            let ctx = ColumnContext { indicator: "x", period: 1, units: &[], reference: Some(7.0) };
            let mut col = positive.clone();
            m.normalise_column(&mut col, &mask, pol, &ctx).unwrap();
            match m.affine(&positive, &mask, pol, &ctx).unwrap() {
                Some(Affine { scale, offset }) => {
                    for (x, y) in positive.iter().zip(&col) {
                        let z = offset + scale * x;
                        prop_assert!((z - y).abs() <= 1e-9 * (1.0 + y.abs() + offset.abs()), "{:?}: {} vs {}", m, z, y);
                    }
                }
                None => {
                    let ratio = matches!(m, Normalisation::RatioToBenchmark { .. } | Normalisation::DistanceToReference { form: DistanceForm::Ratio, .. });
                    prop_assert!(neg && ratio);
                }
            }
        }
    }
}
