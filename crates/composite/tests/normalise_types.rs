//! The validated normalisation types: the plan built from each configuration gives the configuration's
//! values bit for bit (whole panel, column entry points, affine and point maps), `TryFrom` rejects what
//! `validate` rejects with the same named error, a user-defined `Normaliser` runs inside the plan (alone
//! and under a transform), and the JSON form of the configuration is unchanged.

use std::collections::BTreeMap;

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::normalise::{
    AboveBelowMean, Benchmark, Categorical, ColumnContext, DistanceForm, DistanceToReference,
    Goalpost, Goalposts, Identity, MinMax, Normalisation, Normaliser, NormaliserPlan,
    PercentileRank, PointMap, Rank, RatioToBenchmark, Reference, Transform, Transformed, ZScore,
};
use mfg_quality_indicators::stats::{TieMethod, VarianceKind};
use mfg_quality_indicators::{Panel, Polarity, Unit};

/// 7 units × 2 indicators × 2 periods of positive values, with one missing cell per column of period 1.
fn panel() -> Panel {
    let values = vec![
        3.0, 9.0, 6.0, 1.5, 12.0, 7.25, 4.0, // x, 2020
        0.8, 0.3, 1.1, 0.6, 0.45, 2.0, 0.9, // loss, 2020
        3.5, 8.0, 6.5, 2.0, 11.0, 7.0, 5.0, // x, 2021
        0.7, 0.4, 1.0, 0.5, 0.5, 1.8, 0.95, // loss, 2021
    ];
    let present = (0..values.len()).map(|k| k < 14 || k % 7 != 2).collect();
    Panel::from_dense(
        ["A", "B", "C", "D", "E", "F", "G"].map(Unit::new).to_vec(),
        vec!["x".into(), "loss".into()],
        vec![2020, 2021],
        values,
        present,
    )
    .unwrap()
}

const POL: [Polarity; 2] = [Polarity::Positive, Polarity::Negative];

/// One configuration of every method (and of every reference kind and nested transform).
fn configs() -> Vec<Normalisation> {
    let posts = BTreeMap::from([
        (
            "x".to_string(),
            Goalpost {
                min: 2.0,
                max: 10.0,
                log: false,
            },
        ),
        (
            "loss".to_string(),
            Goalpost {
                min: 0.1,
                max: 1.5,
                log: true,
            },
        ),
    ]);
    let unit = |unit: &str, period| Reference::Unit {
        unit: unit.into(),
        period,
    };
    vec![
        Normalisation::default(),
        Normalisation::MinMax { lo: 1.0, hi: 100.0 },
        Normalisation::ZScore {
            variance: VarianceKind::Sample,
            mean: 100.0,
            sd: 10.0,
        },
        Normalisation::ZScore {
            variance: VarianceKind::Population,
            mean: 0.0,
            sd: 1.0,
        },
        Normalisation::Goalposts {
            posts,
            scale: 100.0,
        },
        Normalisation::RatioToBenchmark {
            benchmark: Benchmark::MeanOfUnits {
                units: vec!["A".into(), "D".into()],
                period: Some(2020),
            },
            scale: 100.0,
        },
        Normalisation::RatioToBenchmark {
            benchmark: Benchmark::Fixed {
                values: BTreeMap::from([("x".to_string(), 5.0), ("loss".to_string(), 0.5)]),
            },
            scale: 1.0,
        },
        Normalisation::DistanceToReference {
            reference: unit("B", None),
            form: DistanceForm::Ratio,
        },
        Normalisation::DistanceToReference {
            reference: unit("E", Some(2020)),
            form: DistanceForm::Difference,
        },
        Normalisation::DistanceToReference {
            reference: Reference::Best,
            form: DistanceForm::Ratio,
        },
        Normalisation::DistanceToReference {
            reference: Reference::Worst,
            form: DistanceForm::Difference,
        },
        Normalisation::DistanceToReference {
            reference: Reference::Mean,
            form: DistanceForm::Difference,
        },
        Normalisation::Rank {
            ties: TieMethod::Min,
        },
        Normalisation::Rank {
            ties: TieMethod::Average,
        },
        Normalisation::PercentileRank {
            ties: TieMethod::Dense,
            form: Default::default(),
            scale: 1.0,
        },
        Normalisation::Categorical {
            thresholds: vec![1.0, 5.0],
            scores: vec![0.0, 50.0, 100.0],
        },
        Normalisation::AboveBelowMean { p: 0.1 },
        Normalisation::Sum,
        Normalisation::Max,
        Normalisation::Vector,
        Normalisation::Logarithmic,
        Normalisation::ZavadskasTurskis,
        Normalisation::Scaled {
            lo: 0.0,
            hi: 20.0,
            scale: 100.0,
        },
        Normalisation::DistanceToMax,
        Normalisation::DistanceToTarget {
            targets: BTreeMap::from([("x".to_string(), 10.0), ("loss".to_string(), 0.2)]),
            cap: false,
        },
        Normalisation::DistanceToTarget {
            targets: BTreeMap::from([("x".to_string(), 10.0), ("loss".to_string(), 0.2)]),
            cap: true,
        },
        Normalisation::DistanceToReference {
            reference: unit("B", None),
            form: DistanceForm::FromWorst,
        },
        Normalisation::DistanceToReference {
            reference: Reference::Best,
            form: DistanceForm::FromWorstCapped,
        },
        Normalisation::PercentileRank {
            ties: TieMethod::Average,
            form: mfg_quality_composite::normalise::PercentileForm::Share,
            scale: 100.0,
        },
        Normalisation::Transformed {
            transform: Transform::Log,
            then: Box::new(Normalisation::default()),
        },
        Normalisation::Transformed {
            transform: Transform::BoxCox { lambda: 0.5 },
            then: Box::new(Normalisation::DistanceToReference {
                reference: unit("C", Some(2020)),
                form: DistanceForm::Difference,
            }),
        },
        Normalisation::Transformed {
            transform: Transform::BoxCox { lambda: 0.0 },
            then: Box::new(Normalisation::Rank {
                ties: TieMethod::Min,
            }),
        },
        Normalisation::Identity,
    ]
}

fn bits(x: &[f64]) -> Vec<u64> {
    x.iter().map(|v| v.to_bits()).collect()
}

fn context(p: &Panel, i: usize, t: usize, reference: Option<f64>) -> ColumnContext<'_> {
    ColumnContext {
        indicator: &p.indicators()[i],
        period: p.periods()[t],
        units: p.units(),
        reference,
    }
}

/// The plan of each configuration gives the configuration's values bit for bit through every entry point
/// the pipeline uses: whole panel, in place, copy-and-normalise, affine map, point map, reference values.
#[test]
fn plan_matches_config_bit_for_bit() {
    let p = panel();
    for cfg in configs() {
        let plan = NormaliserPlan::try_from(&cfg).unwrap();
        assert_eq!(plan.name(), cfg.name());
        assert_eq!(
            plan.is_pointwise(),
            matches!(cfg, Normalisation::MinMax { .. }),
            "{cfg:?}"
        );
        let whole = plan.apply(&p, &POL).unwrap();
        assert_eq!(whole, cfg.apply(&p, &POL).unwrap(), "{cfg:?}");
        for t in 0..p.n_periods() {
            for (i, &pol) in POL.iter().enumerate() {
                let reference = plan.reference_value(&p, i, t).unwrap();
                assert_eq!(reference, cfg.reference_value(&p, i, t).unwrap(), "{cfg:?}");
                let ctx = context(&p, i, t, reference);
                let (src, src_m) = (p.column(i, t), p.column_mask(i, t));
                let (mut a, mut b) = (src.to_vec(), src.to_vec());
                plan.normalise_column(&mut a, src_m, pol, &ctx).unwrap();
                cfg.normalise_column(&mut b, src_m, pol, &ctx).unwrap();
                assert_eq!(bits(&a), bits(&b), "{cfg:?}");
                let observed: Vec<f64> =
                    (0..src.len()).filter(|&u| src_m[u]).map(|u| a[u]).collect();
                let expected: Vec<f64> = (0..src.len())
                    .filter(|&u| src_m[u])
                    .map(|u| whole.column(i, t)[u])
                    .collect();
                assert_eq!(bits(&observed), bits(&expected), "{cfg:?}");
                let (mut c, mut m) = (vec![f64::NAN; src.len()], vec![false; src.len()]);
                plan.normalise_column_from(src, src_m, &mut c, &mut m, pol, &ctx)
                    .unwrap();
                assert_eq!((bits(&c), &m[..]), (bits(&a), src_m), "{cfg:?}");
                assert_eq!(
                    plan.affine(src, src_m, pol, &ctx).unwrap(),
                    cfg.affine(src, src_m, pol, &ctx).unwrap(),
                    "{cfg:?}"
                );
                if let Some(map) = plan.point_map(src, src_m, pol, &ctx).unwrap() {
                    let mut d = vec![0.0; src.len()];
                    map.apply_slice(src, src_m, &mut d);
                    assert_eq!(bits(&d), bits(&a), "{cfg:?}");
                } else {
                    assert!(!plan.is_pointwise(), "{cfg:?}");
                }
            }
        }
    }
}

/// The types built directly equal the plans converted from the configuration, and convert with `From`.
#[test]
fn types_built_directly_equal_the_converted_plans() {
    let p = panel();
    let posts = BTreeMap::from([
        (
            "x".to_string(),
            Goalpost {
                min: 0.0,
                max: 10.0,
                log: false,
            },
        ),
        (
            "loss".to_string(),
            Goalpost {
                min: 0.0,
                max: 2.0,
                log: false,
            },
        ),
    ]);
    let benchmark = Benchmark::MeanOfUnits {
        units: vec!["A".into()],
        period: None,
    };
    let pairs: Vec<(NormaliserPlan, Normalisation)> = vec![
        (
            MinMax::new(0.0, 100.0).unwrap().into(),
            Normalisation::MinMax { lo: 0.0, hi: 100.0 },
        ),
        (
            ZScore::default().into(),
            Normalisation::ZScore {
                variance: VarianceKind::Sample,
                mean: 0.0,
                sd: 1.0,
            },
        ),
        (
            Goalposts::new(posts.clone(), 1.0).unwrap().into(),
            Normalisation::Goalposts { posts, scale: 1.0 },
        ),
        (
            RatioToBenchmark::new(benchmark.clone(), 100.0)
                .unwrap()
                .into(),
            Normalisation::RatioToBenchmark {
                benchmark,
                scale: 100.0,
            },
        ),
        (
            DistanceToReference::new(Reference::Mean, DistanceForm::Ratio).into(),
            Normalisation::DistanceToReference {
                reference: Reference::Mean,
                form: DistanceForm::Ratio,
            },
        ),
        (
            Rank::new(TieMethod::First).into(),
            Normalisation::Rank {
                ties: TieMethod::First,
            },
        ),
        (
            PercentileRank::default().into(),
            Normalisation::PercentileRank {
                ties: TieMethod::Min,
                form: Default::default(),
                scale: 1.0,
            },
        ),
        (
            Categorical::new(vec![3.0], vec![-1.0, 1.0]).unwrap().into(),
            Normalisation::Categorical {
                thresholds: vec![3.0],
                scores: vec![-1.0, 1.0],
            },
        ),
        (
            AboveBelowMean::new(0.5).unwrap().into(),
            Normalisation::AboveBelowMean { p: 0.5 },
        ),
        (
            Transformed::new(Transform::Log, ZScore::default())
                .unwrap()
                .into(),
            Normalisation::Transformed {
                transform: Transform::Log,
                then: Box::new(Normalisation::ZScore {
                    variance: VarianceKind::Sample,
                    mean: 0.0,
                    sd: 1.0,
                }),
            },
        ),
        (Identity.into(), Normalisation::Identity),
        (NormaliserPlan::default(), Normalisation::default()),
    ];
    for (plan, cfg) in pairs {
        assert_eq!(plan.name(), cfg.name());
        assert_eq!(
            plan.apply(&p, &POL).unwrap(),
            cfg.apply(&p, &POL).unwrap(),
            "{cfg:?}"
        );
    }
}

/// `TryFrom` rejects exactly what `validate` rejects, with the same error; the checks of a transform come
/// before those of the normalisation it wraps.
#[test]
fn try_from_rejects_what_validate_rejects() {
    let bad = [
        Normalisation::MinMax { lo: 0.0, hi: 0.0 },
        Normalisation::ZScore {
            variance: VarianceKind::Sample,
            mean: 0.0,
            sd: -1.0,
        },
        Normalisation::Goalposts {
            posts: BTreeMap::from([(
                "x".to_string(),
                Goalpost {
                    min: -1.0,
                    max: 1.0,
                    log: true,
                },
            )]),
            scale: 1.0,
        },
        Normalisation::RatioToBenchmark {
            benchmark: Benchmark::MeanOfUnits {
                units: vec![],
                period: None,
            },
            scale: 1.0,
        },
        Normalisation::Categorical {
            thresholds: vec![1.0],
            scores: vec![1.0],
        },
        Normalisation::AboveBelowMean { p: -1.0 },
        Normalisation::Transformed {
            transform: Transform::BoxCox {
                lambda: f64::INFINITY,
            },
            then: Box::new(Normalisation::MinMax { lo: 1.0, hi: 0.0 }),
        },
        Normalisation::Transformed {
            transform: Transform::Log,
            then: Box::new(Normalisation::MinMax { lo: 1.0, hi: 0.0 }),
        },
    ];
    let expected_parameter = [
        "lo/hi",
        "mean/sd",
        "posts",
        "benchmark",
        "scores",
        "p",
        "lambda",
        "lo/hi",
    ];
    for (cfg, want) in bad.iter().zip(expected_parameter) {
        let by_validate = cfg.validate().unwrap_err();
        let by_ref = NormaliserPlan::try_from(cfg).unwrap_err();
        let by_value = NormaliserPlan::try_from(cfg.clone()).unwrap_err();
        assert_eq!(by_ref, by_validate);
        assert_eq!(by_value, by_validate);
        assert!(
            matches!(&by_validate, CompositeError::InvalidParameter { parameter, .. } if *parameter == want),
            "{by_validate:?}"
        );
    }
    for cfg in configs() {
        assert!(
            cfg.validate().is_ok() && NormaliserPlan::try_from(&cfg).is_ok(),
            "{cfg:?}"
        );
    }
}

/// Data-dependent conditions stay run-time errors of the validated types, with their named variants.
#[test]
fn data_errors_of_the_validated_types() {
    let ctx = ColumnContext {
        indicator: "x",
        period: 2020,
        units: &[],
        reference: None,
    };
    let mut constant = [2.0, 2.0, 2.0];
    assert!(matches!(
        MinMax::default().normalise_column(&mut constant, &[true; 3], Polarity::Positive, &ctx),
        Err(CompositeError::ConstantIndicator {
            method: "min-max",
            ..
        })
    ));
    assert!(matches!(
        ZScore::default().affine(&[2.0, 2.0], &[true; 2], Polarity::Positive, &ctx),
        Err(CompositeError::ConstantIndicator {
            method: "z-score",
            ..
        })
    ));
    let mut one = [5.0, 7.0];
    assert!(matches!(
        PercentileRank::default().normalise_column(
            &mut one,
            &[true, false],
            Polarity::Positive,
            &ctx
        ),
        Err(CompositeError::TooFew {
            needed: 2,
            got: 1,
            ..
        })
    ));
    let ratio = RatioToBenchmark::new(
        Benchmark::Fixed {
            values: BTreeMap::new(),
        },
        100.0,
    )
    .unwrap();
    assert!(matches!(
        ratio.normalise_column(&mut [1.0, 2.0], &[true; 2], Polarity::Positive, &ctx),
        Err(CompositeError::InvalidParameter {
            parameter: "reference",
            ..
        })
    ));
    let zero = ColumnContext {
        reference: Some(0.0),
        ..ctx
    };
    assert!(matches!(
        ratio.affine(&[1.0], &[true], Polarity::Positive, &zero),
        Err(CompositeError::ZeroReference {
            method: "ratio_to_benchmark",
            ..
        })
    ));
    assert!(matches!(
        Transformed::new(Transform::Log, Identity)
            .unwrap()
            .normalise_column(&mut [1.0, -1.0], &[true; 2], Polarity::Positive, &ctx),
        Err(CompositeError::InvalidValue {
            method: "log transform",
            ..
        })
    ));
    let posts = Goalposts::new(BTreeMap::new(), 1.0).unwrap();
    assert!(matches!(
        posts.normalise_column(&mut [1.0], &[true], Polarity::Positive, &ctx),
        Err(CompositeError::InvalidParameter {
            parameter: "posts",
            ..
        })
    ));
    // A column without an observed value is left unchanged by every method.
    for cfg in configs() {
        let plan = NormaliserPlan::try_from(cfg).unwrap();
        let mut x = [3.0, -4.0];
        plan.normalise_column(&mut x, &[false; 2], Polarity::Negative, &ctx)
            .unwrap();
        assert_eq!(bits(&x), bits(&[3.0, -4.0]), "{plan:?}");
    }
}

/// Share of the column maximum (COINr `n_fracmax`), a user's method with an affine form; `nan` writes a
/// NaN to check that the plan catches it.
#[derive(Debug)]
struct FracMax {
    nan: bool,
}

impl Normaliser for FracMax {
    fn name(&self) -> &'static str {
        "frac_max"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        _polarity: Polarity,
        _ctx: &ColumnContext,
    ) -> mfg_quality_composite::Result<()> {
        assert!(
            mask.iter().any(|&m| m),
            "called on a column without an observed value"
        );
        let mx = x
            .iter()
            .zip(mask)
            .filter(|(_, m)| **m)
            .fold(f64::MIN, |a, (v, _)| a.max(*v));
        for (v, &m) in x.iter_mut().zip(mask) {
            *v = if m { *v / mx } else { 0.0 };
        }
        if self.nan {
            x[0] = f64::NAN;
        }
        Ok(())
    }

    fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        _polarity: Polarity,
        _ctx: &ColumnContext,
    ) -> mfg_quality_composite::Result<Option<mfg_quality_composite::normalise::Affine>> {
        let mx = x
            .iter()
            .zip(mask)
            .filter(|(_, m)| **m)
            .fold(f64::MIN, |a, (v, _)| a.max(*v));
        Ok(Some(mfg_quality_composite::normalise::Affine {
            scale: 1.0 / mx,
            offset: 0.0,
        }))
    }
}

/// A user-defined normaliser runs inside the plan, alone and under a transform, through the same entry
/// points as the built-in methods; its non-finite results are a named error.
#[test]
fn custom_normaliser_runs_in_the_plan() {
    let p = panel();
    let plan = NormaliserPlan::custom(FracMax { nan: false });
    assert_eq!(plan.name(), "frac_max");
    assert!(!plan.is_pointwise());
    let n = plan.apply(&p, &[Polarity::Positive; 2]).unwrap();
    assert_eq!(n.column(0, 0)[4].to_bits(), 1.0f64.to_bits()); // E holds the maximum of x in 2020
    assert_eq!(bits(&n.column(0, 0)[..2]), bits(&[3.0 / 12.0, 9.0 / 12.0]));
    assert_eq!(n.get(2, 0, 1), None); // missing stays missing
    let ctx = context(&p, 0, 0, None);
    let a = plan
        .affine(
            p.column(0, 0),
            p.column_mask(0, 0),
            Polarity::Positive,
            &ctx,
        )
        .unwrap()
        .unwrap();
    assert_eq!(a.scale.to_bits(), (1.0f64 / 12.0).to_bits());
    // A column without an observed value does not reach the user's method.
    let mut x = [1.0, 2.0];
    plan.normalise_column(&mut x, &[false; 2], Polarity::Positive, &ctx)
        .unwrap();
    // Copy-and-normalise goes through the checked path.
    let (mut c, mut m) = (vec![0.0; 7], vec![false; 7]);
    plan.normalise_column_from(
        p.column(0, 0),
        p.column_mask(0, 0),
        &mut c,
        &mut m,
        Polarity::Positive,
        &ctx,
    )
    .unwrap();
    assert_eq!(bits(&c), bits(n.column(0, 0)));
    // Under a transform: log, then the share of the maximum.
    let t = Transformed::new(
        Transform::Log,
        NormaliserPlan::custom(FracMax { nan: false }),
    )
    .unwrap();
    let tn = NormaliserPlan::from(t)
        .apply(&p, &[Polarity::Positive; 2])
        .unwrap();
    assert_eq!(tn.get(4, 0, 0).unwrap().to_bits(), 1.0f64.to_bits());
    assert_eq!(
        tn.get(0, 0, 0).unwrap().to_bits(),
        (3.0f64.ln() / 12.0f64.ln()).to_bits()
    );
    // Non-finite results are caught.
    let nan = NormaliserPlan::from(
        std::sync::Arc::new(FracMax { nan: true }) as std::sync::Arc<dyn Normaliser>
    );
    match nan.apply(&p, &[Polarity::Positive; 2]) {
        Err(CompositeError::InvalidValue {
            method,
            unit,
            indicator: column,
            ..
        }) => {
            assert_eq!(
                (method, unit.as_str(), column.as_str()),
                ("frac_max", "A", "x")
            )
        }
        other => panic!("{other:?}"),
    }
}

/// A point map is the clamped affine map of min-max; its constructor checks its parameters.
#[test]
fn point_map_new_checks_and_maps() {
    let ctx = ColumnContext {
        indicator: "x",
        period: 1,
        units: &[],
        reference: None,
    };
    let src = [2.0, 4.0, 10.0];
    let from_min_max = MinMax::new(0.0, 100.0)
        .unwrap()
        .point_map(&src, &[true; 3], Polarity::Negative, &ctx)
        .unwrap()
        .unwrap();
    let by_hand = PointMap::new(0.0, 100.0, -100.0 / 8.0, 10.0).unwrap();
    assert_eq!(from_min_max, by_hand);
    let ys: Vec<f64> = src.iter().map(|&v| by_hand.apply(v)).collect();
    assert_eq!(bits(&ys), bits(&[100.0, 75.0, 0.0]));
    assert_eq!(
        PointMap::new(0.0, 1.0, 1.0, 0.0)
            .unwrap()
            .apply(5.0)
            .to_bits(),
        1.0f64.to_bits()
    );
    for (lo, hi, b, c, parameter) in [
        (1.0, 0.0, 1.0, 0.0, "lo/hi"),
        (f64::NAN, 1.0, 1.0, 0.0, "lo/hi"),
        (0.0, 1.0, f64::INFINITY, 0.0, "slope/anchor"),
        (0.0, 1.0, 1.0, f64::NAN, "slope/anchor"),
    ] {
        assert!(
            matches!(PointMap::new(lo, hi, b, c), Err(CompositeError::InvalidParameter { method: "point map", parameter: p, .. }) if p == parameter),
            "{lo} {hi} {b} {c}"
        );
    }
}

/// The JSON form of the configuration is unchanged, and round-trips exactly.
#[test]
fn config_json_form_is_unchanged() {
    let cases = [
        (
            Normalisation::default(),
            r#"{"method":"min_max","lo":0.0,"hi":1.0}"#,
        ),
        (
            Normalisation::ZScore {
                variance: VarianceKind::Population,
                mean: 100.0,
                sd: 10.0,
            },
            r#"{"method":"z_score","variance":"population","mean":100.0,"sd":10.0}"#,
        ),
        (
            Normalisation::Goalposts {
                posts: BTreeMap::from([(
                    "gni".to_string(),
                    Goalpost {
                        min: 100.0,
                        max: 75000.0,
                        log: true,
                    },
                )]),
                scale: 1.0,
            },
            r#"{"method":"goalposts","posts":{"gni":{"min":100.0,"max":75000.0,"log":true}},"scale":1.0}"#,
        ),
        (
            Normalisation::RatioToBenchmark {
                benchmark: Benchmark::MeanOfUnits {
                    units: vec!["A".into()],
                    period: Some(2012),
                },
                scale: 100.0,
            },
            r#"{"method":"ratio_to_benchmark","benchmark":{"type":"mean_of_units","units":["A"],"period":2012},"scale":100.0}"#,
        ),
        (
            Normalisation::DistanceToReference {
                reference: Reference::Unit {
                    unit: "B".into(),
                    period: None,
                },
                form: DistanceForm::Difference,
            },
            r#"{"method":"distance_to_reference","reference":{"type":"unit","unit":"B","period":null},"form":"difference"}"#,
        ),
        (
            Normalisation::Rank {
                ties: TieMethod::Average,
            },
            r#"{"method":"rank","ties":"average"}"#,
        ),
        (
            Normalisation::PercentileRank {
                ties: TieMethod::Min,
                form: Default::default(),
                scale: 1.0,
            },
            r#"{"method":"percentile_rank","ties":"min"}"#,
        ),
        (
            Normalisation::Categorical {
                thresholds: vec![3.0],
                scores: vec![0.0, 1.0],
            },
            r#"{"method":"categorical","thresholds":[3.0],"scores":[0.0,1.0]}"#,
        ),
        (
            Normalisation::AboveBelowMean { p: 0.2 },
            r#"{"method":"above_below_mean","p":0.2}"#,
        ),
        (
            Normalisation::Transformed {
                transform: Transform::BoxCox { lambda: 0.5 },
                then: Box::new(Normalisation::Identity),
            },
            r#"{"method":"transformed","transform":{"type":"box_cox","lambda":0.5},"then":{"method":"identity"}}"#,
        ),
    ];
    for (cfg, json) in cases {
        assert_eq!(serde_json::to_string(&cfg).unwrap(), json);
        assert_eq!(serde_json::from_str::<Normalisation>(json).unwrap(), cfg);
    }
    // Defaults of the JSON form.
    let d: Normalisation = serde_json::from_str(
        r#"{"method": "ratio_to_benchmark", "benchmark": {"type": "fixed", "values": {"x": 2}}}"#,
    )
    .unwrap();
    assert_eq!(
        d,
        Normalisation::RatioToBenchmark {
            benchmark: Benchmark::Fixed {
                values: BTreeMap::from([("x".to_string(), 2.0)])
            },
            scale: 100.0
        }
    );
    for cfg in configs() {
        let s = serde_json::to_string(&cfg).unwrap();
        assert_eq!(serde_json::from_str::<Normalisation>(&s).unwrap(), cfg);
    }
}
