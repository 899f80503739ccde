//! Monte Carlo and Sobol analyses of a real `PipelineConfig`, on a three-unit index whose rank
//! distribution under an uncertain weight can be derived by hand.

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::aggregate::Aggregation;
use mfg_quality_composite::impute::Imputation;
use mfg_quality_composite::normalise::Normalisation;
use mfg_quality_composite::pipeline::PipelineConfig;
use mfg_quality_composite::sensitivity::{Control, SobolSettings};
use mfg_quality_composite::uncertainty::{
    Factor, FactorKind, MonteCarloSettings, Output, PipelineModel, Replicate, Threshold,
    WeightedChoice, monte_carlo, replication_point, sobol,
};
use mfg_quality_composite::weights::Weighting;
use mfg_quality_indicators::stats::TieMethod;
use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Unit};

/// Index = weighted mean of x1 (weight 1) and x2 (weight 1.2); min-max to [0, 1] leaves the data as is:
/// A = (1, 0), B = (0, 1), C = (0.5, 0.45).
fn setup() -> (PipelineConfig, Panel) {
    let fw = Framework::new(NodeSpec::group(
        "IDX",
        "Index",
        "",
        vec![
            NodeSpec::leaf(Indicator::new("x1", "X1", "")).with_weight(1.0),
            NodeSpec::leaf(Indicator::new("x2", "X2", "")).with_weight(1.2),
        ],
    ))
    .unwrap();
    let panel = Panel::from_dense(
        vec![Unit::new("A"), Unit::new("B"), Unit::new("C")],
        vec!["x1".into(), "x2".into()],
        vec![2020],
        vec![1.0, 0.0, 0.5, 0.0, 1.0, 0.45],
        vec![true; 6],
    )
    .unwrap();
    (PipelineConfig::new(fw), panel)
}

fn weight_factor(spread: f64) -> Factor {
    Factor::new(
        "w_x1",
        FactorKind::Weight {
            node: "x1".into(),
            spread,
        },
    )
}

/// With w1 = U(0.5, 1.5) and w2 = 1.2, the scores are A = w1/(w1+w2), B = w2/(w1+w2),
/// C = (0.5 w1 + 0.45 w2)/(w1+w2). A > B iff w1 > 1.2; A > C iff w1 > 1.08; B > C iff w1 < 1.32.
/// So A is 3rd w.p. 0.58, 2nd w.p. 0.12, 1st w.p. 0.30: mean rank 2.28, median 3, 5–95 % band [1, 3];
/// B is 3rd iff w1 > 1.32: probability 0.18.
#[test]
fn rank_distribution_under_a_weight_matches_the_derivation() {
    let (cfg, panel) = setup();
    let model = PipelineModel::new(cfg, panel, vec![weight_factor(0.5)]).unwrap();
    let mc = monte_carlo(
        &model,
        &MonteCarloSettings {
            replications: 2000,
            seed: 1,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap();
    println!("{mc}");
    let a = mc.summary().iter().find(|s| s.unit == "A").unwrap();
    // nominal: w1 = 1 < 1.08: A is 3rd, B 1st, C 2nd
    assert_eq!(a.nominal_rank as usize, 3);
    assert_eq!((a.median_rank, a.rank_p05, a.rank_p95), (3.0, 1.0, 3.0));
    assert!((a.mean_rank - 2.28).abs() < 0.06, "{}", a.mean_rank);
    let b = mc.ranks_of("B").unwrap();
    let b_last = b.iter().filter(|r| **r > 2.5).count() as f64 / b.len() as f64;
    assert!((b_last - 0.18).abs() < 0.03, "{b_last}");
    // the scatter x is the sampled raw weight of x1, in [0.5, 1.5)
    let sc = mc.scatter("w_x1", &Output::Rank("A".into())).unwrap();
    assert!(sc.iter().all(|(w, _)| (0.5..1.5).contains(w)));
    assert!(sc.iter().all(|(w, r)| (*w > 1.2) == (*r < 1.5)));
}

#[test]
fn zero_spread_reproduces_the_nominal_run() {
    let (cfg, panel) = setup();
    let nominal = cfg.run(&panel).unwrap().scores("IDX", 2020).unwrap();
    let model = PipelineModel::new(
        cfg,
        panel,
        vec![Factor::new(
            "weights",
            FactorKind::NodeWeights {
                node: "IDX".into(),
                spread: 0.0,
            },
        )],
    )
    .unwrap();
    assert_eq!(
        model.factors()[0].labels,
        vec!["weights[x1]".to_string(), "weights[x2]".to_string()]
    );
    let mc = monte_carlo(
        &model,
        &MonteCarloSettings {
            replications: 20,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap();
    for (k, u) in ["A", "B", "C"].iter().enumerate() {
        let s = mc.scores_of(u).unwrap();
        assert!(s.iter().all(|x| (x - nominal[k].unwrap()).abs() < 1e-15));
    }
}

/// Geometric aggregation fails on the 0 that min-max gives the worst unit, and on negative z-scores:
/// those replications are failures kept with their error, exactly the ones that drew `geometric`.
#[test]
fn method_choices_and_failures() {
    let (cfg, panel) = setup();
    let factors = vec![
        Factor::new(
            "normalisation",
            FactorKind::Normalisation {
                choices: WeightedChoice::equal(vec![
                    Normalisation::MinMax { lo: 0.0, hi: 1.0 },
                    Normalisation::ZScore {
                        variance: Default::default(),
                        mean: 0.0,
                        sd: 1.0,
                    },
                ]),
            },
        ),
        Factor::new(
            "aggregation",
            FactorKind::Aggregation {
                node: None,
                choices: vec![
                    WeightedChoice::new(Aggregation::Arithmetic, 0.8),
                    WeightedChoice::new(Aggregation::Geometric, 0.2),
                ],
            },
        ),
    ];
    let model = PipelineModel::new(cfg, panel, factors).unwrap();
    let settings = MonteCarloSettings {
        replications: 300,
        max_failure_share: 0.5,
        ..Default::default()
    };
    let mc = monte_carlo(&model, &settings, Control::default()).unwrap();
    assert!(!mc.failures().is_empty());
    for f in mc.failures() {
        assert_eq!(f.values[1] as usize, 1, "failed without geometric");
        assert!(
            matches!(
                f.error,
                CompositeError::InvalidValue {
                    method: "geometric",
                    ..
                }
            ),
            "{}",
            f.error
        );
        // the failure can be replayed from its replication index
        let u = replication_point(settings.seed, f.replication, 2);
        assert!(model.run(&u).is_err());
    }
    let agg = mc.values_of("aggregation").unwrap();
    assert!(agg.iter().all(|v| *v as usize == 0));
    let share = mc.failures().len() as f64 / 300.0;
    assert!((share - 0.2).abs() < 0.06, "{share}");
    // with the default 5 % limit the run is an error
    let e = monte_carlo(
        &model,
        &MonteCarloSettings {
            replications: 300,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap_err();
    assert!(matches!(e, CompositeError::TooManyFailures { .. }));
}

#[test]
fn sobol_of_pipeline_outputs() {
    let (cfg, panel) = setup();
    let factors = vec![
        weight_factor(0.5),
        // no effect on a complete panel: its total index is exactly 0
        Factor::new(
            "imputation",
            FactorKind::Imputation {
                choices: WeightedChoice::equal(vec![Imputation::None, Imputation::IndicatorMean]),
            },
        ),
    ];
    let model = PipelineModel::new(cfg, panel, factors).unwrap();
    let s = sobol(
        &model,
        &SobolSettings {
            n: 128,
            ..Default::default()
        },
        TieMethod::Min,
        Control::default(),
    )
    .unwrap();
    let shift = s.get(&Output::MeanAbsRankShift).unwrap();
    println!("{shift}");
    assert!((shift.first[0].value - 1.0).abs() < 0.1);
    assert!(shift.total[1].value.abs() < 1e-12);
    assert_eq!(shift.runs, 128 * 4);
}

#[test]
fn bad_factors_are_named_errors() {
    let (cfg, panel) = setup();
    let err = |f: Factor| PipelineModel::new(cfg.clone(), panel.clone(), vec![f]).unwrap_err();
    assert!(matches!(
        err(Factor::new(
            "w",
            FactorKind::Weight {
                node: "nope".into(),
                spread: 0.1
            }
        )),
        CompositeError::InvalidFactor { .. }
    ));
    assert!(matches!(
        err(weight_factor(1.0)),
        CompositeError::InvalidFactor { .. }
    ));
    assert!(matches!(
        err(Factor::new(
            "root",
            FactorKind::Weight {
                node: "IDX".into(),
                spread: 0.1
            }
        )),
        CompositeError::InvalidFactor { .. }
    ));
    assert_eq!(
        err(Factor::new(
            "normalisation",
            FactorKind::Normalisation { choices: vec![] }
        )),
        CompositeError::EmptyChoices {
            factor: "normalisation".into()
        }
    );
    assert!(matches!(
        err(Factor::new(
            "aggregation",
            FactorKind::Aggregation {
                node: None,
                choices: vec![
                    WeightedChoice::new(Aggregation::Arithmetic, 0.7),
                    WeightedChoice::new(Aggregation::Geometric, 0.2),
                ],
            }
        )),
        CompositeError::InvalidProbabilities { .. }
    ));
    assert!(matches!(
        err(Factor::new(
            "screen",
            FactorKind::Threshold {
                threshold: Threshold::UnitAvailability,
                lo: 0.5,
                hi: 0.9
            }
        )),
        CompositeError::InvalidFactor { .. }
    ));
    assert!(matches!(
        err(Factor::new(
            "dir",
            FactorKind::DirichletWeights {
                node: "IDX".into(),
                concentration: 0.0
            }
        )),
        CompositeError::InvalidFactor { .. }
    ));
    let mut entropy = cfg.clone();
    entropy.weighting.insert("IDX".into(), Weighting::Entropy);
    assert!(matches!(
        PipelineModel::new(entropy, panel.clone(), vec![weight_factor(0.2)]).unwrap_err(),
        CompositeError::InvalidFactor { .. }
    ));
    assert!(matches!(
        PipelineModel::new(cfg.clone(), panel.clone(), vec![]).unwrap_err(),
        CompositeError::TooFew { .. }
    ));
}

#[test]
fn dirichlet_weights_centre_on_the_nominal() {
    let (cfg, panel) = setup();
    let model = PipelineModel::new(
        cfg,
        panel,
        vec![Factor::new(
            "weights",
            FactorKind::DirichletWeights {
                node: "IDX".into(),
                concentration: 50.0,
            },
        )],
    )
    .unwrap();
    let mc = monte_carlo(
        &model,
        &MonteCarloSettings {
            replications: 1000,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap();
    // Dirichlet(50 w̃): mean w̃_1 = 1/2.2 = 0.4545, sd = sqrt(w̃(1 − w̃)/51) = 0.0697
    let w1 = mc.values_of("weights[x1]").unwrap();
    let m = w1.iter().sum::<f64>() / w1.len() as f64;
    let sd = (w1.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (w1.len() - 1) as f64).sqrt();
    assert!((m - 1.0 / 2.2).abs() < 0.006, "{m}");
    assert!((sd - 0.0697).abs() < 0.006, "{sd}");
    let w2 = mc.values_of("weights[x2]").unwrap();
    assert!(w1.iter().zip(&w2).all(|(a, b)| (a + b - 1.0).abs() < 1e-12));
}

#[test]
fn factors_round_trip_through_json() {
    let f = vec![
        weight_factor(0.25),
        Factor::new(
            "normalisation",
            FactorKind::Normalisation {
                choices: WeightedChoice::equal(vec![Normalisation::MinMax { lo: 0.0, hi: 100.0 }]),
            },
        ),
    ];
    let json = serde_json::to_string(&f).unwrap();
    assert!(json.contains(r#""factor":"weight""#), "{json}");
    let back: Vec<Factor> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, f);
}

/// `run_batch` re-uses one configuration across points: it must give exactly what `run` gives per point,
/// failures included.
#[test]
fn batch_runs_equal_single_runs() {
    let (cfg, panel) = setup();
    let factors = vec![
        weight_factor(0.5),
        Factor::new(
            "weights",
            FactorKind::DirichletWeights {
                node: "IDX".into(),
                concentration: 5.0,
            },
        ),
        Factor::new(
            "normalisation",
            FactorKind::Normalisation {
                choices: WeightedChoice::equal(vec![
                    Normalisation::MinMax { lo: 0.0, hi: 1.0 },
                    Normalisation::MinMax { lo: 1.0, hi: 2.0 },
                ]),
            },
        ),
        Factor::new(
            "aggregation",
            FactorKind::Aggregation {
                node: Some("IDX".into()),
                choices: WeightedChoice::equal(vec![
                    Aggregation::Arithmetic,
                    Aggregation::Geometric,
                ]),
            },
        ),
    ];
    let model = PipelineModel::new(cfg, panel, factors).unwrap();
    let points: Vec<Vec<f64>> = (0..40).map(|r| replication_point(5, r, 5)).collect();
    let batch = model.run_batch(&points);
    let mut failures = 0;
    for (u, b) in points.iter().zip(batch) {
        let single = model.run(u);
        match (&b, &single) {
            (Ok(x), Ok(y)) => assert!(x.iter().zip(y).all(|(a, b)| a.to_bits() == b.to_bits())),
            (Err(x), Err(y)) => {
                failures += 1;
                assert_eq!(x, y);
            }
            _ => panic!("batch {b:?} vs single {single:?}"),
        }
    }
    assert!(failures > 0 && failures < 40, "{failures}");
}

/// A screening threshold as a factor: when it exceeds C's availability (1/2), C is screened out, and the
/// replication fails naming C (a replication must rank the same units as the nominal run).
#[test]
fn screening_threshold_factor_reports_screened_units() {
    let (mut cfg, _) = setup();
    cfg.screening = Some(mfg_quality_composite::screen::Screening {
        min_unit_availability: 0.4,
        ..Default::default()
    });
    let panel = Panel::from_dense(
        vec![
            Unit::new("A"),
            Unit::new("B"),
            Unit::new("C"),
            Unit::new("D"),
        ],
        vec!["x1".into(), "x2".into()],
        vec![2020],
        vec![1.0, 0.0, 0.5, 0.2, 0.0, 1.0, 0.0, 0.3],
        vec![true, true, true, true, true, true, false, true],
    )
    .unwrap();
    let model = PipelineModel::new(
        cfg,
        panel,
        vec![Factor::new(
            "screen",
            FactorKind::Threshold {
                threshold: Threshold::UnitAvailability,
                lo: 0.3,
                hi: 0.7,
            },
        )],
    )
    .unwrap();
    let mc = monte_carlo(
        &model,
        &MonteCarloSettings {
            replications: 200,
            max_failure_share: 1.0,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap();
    // P(threshold > 0.5) = 1/2
    let share = mc.failure_share();
    assert!((share - 0.5).abs() < 0.1, "{share}");
    for f in mc.failures() {
        assert!(f.values[0] > 0.5);
        assert_eq!(
            f.error,
            CompositeError::MissingValue {
                unit: "C".into(),
                indicator: "IDX".into(),
                period: 2020
            }
        );
    }
    let thresholds = mc.values_of("screen").unwrap();
    assert!(thresholds.iter().all(|t| *t <= 0.5));
    assert_eq!(mc.succeeded().len(), thresholds.len());
}

/// A goalpost as a factor: with goalposts x1 ∈ [0, M], x2 ∈ [0, 1] and M ~ U(1, 2), unit A = (1, 0) scores
/// (w1 / M) / (w1 + w2) = (1/M) / 2.2 — checked replication by replication against the sampled M.
#[test]
fn goalpost_factor_moves_the_normalised_value() {
    use mfg_quality_composite::normalise::Goalpost;
    use mfg_quality_composite::uncertainty::GoalpostEnd;
    let (mut cfg, panel) = setup();
    let post = |max: f64| Goalpost {
        min: 0.0,
        max,
        log: false,
    };
    cfg.normalisation = Normalisation::Goalposts {
        posts: [("x1".to_string(), post(1.0)), ("x2".to_string(), post(1.0))]
            .into_iter()
            .collect(),
        scale: 1.0,
    };
    let model = PipelineModel::new(
        cfg.clone(),
        panel.clone(),
        vec![Factor::new(
            "x1_max",
            FactorKind::Goalpost {
                indicator: "x1".into(),
                end: GoalpostEnd::Max,
                lo: 1.0,
                hi: 2.0,
            },
        )],
    )
    .unwrap();
    let mc = monte_carlo(
        &model,
        &MonteCarloSettings {
            replications: 50,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap();
    let m = mc.values_of("x1_max").unwrap();
    let a = mc.scores_of("A").unwrap();
    for (m, a) in m.iter().zip(&a) {
        assert!((1.0..2.0).contains(m));
        assert!(
            (a - (1.0 / m) / 2.2).abs() < 1e-12,
            "{a} vs {}",
            (1.0 / m) / 2.2
        );
    }
    // an indicator without goalposts is refused
    let e = PipelineModel::new(
        cfg,
        panel,
        vec![Factor::new(
            "x3_max",
            FactorKind::Goalpost {
                indicator: "x3".into(),
                end: GoalpostEnd::Max,
                lo: 1.0,
                hi: 2.0,
            },
        )],
    )
    .unwrap_err();
    assert!(matches!(e, CompositeError::InvalidFactor { .. }));
}

/// A weighting choice: explicit (1 : 1.2) or equal weights at the root. A = (1, 0) scores 1/2.2 under the
/// explicit weights and 1/2 under equal weights, replication by replication.
#[test]
fn weighting_choice_factor() {
    let (cfg, panel) = setup();
    let model = PipelineModel::new(
        cfg,
        panel,
        vec![Factor::new(
            "weighting",
            FactorKind::Weighting {
                node: "IDX".into(),
                choices: WeightedChoice::equal(vec![Weighting::Explicit, Weighting::Equal]),
            },
        )],
    )
    .unwrap();
    let mc = monte_carlo(
        &model,
        &MonteCarloSettings {
            replications: 40,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap();
    let choice = mc.values_of("weighting").unwrap();
    let a = mc.scores_of("A").unwrap();
    assert!(choice.iter().any(|c| *c as usize == 0) && choice.iter().any(|c| *c as usize == 1));
    for (c, a) in choice.iter().zip(&a) {
        let expected = if *c as usize == 0 { 1.0 / 2.2 } else { 0.5 };
        assert!((a - expected).abs() < 1e-12, "choice {c}: {a}");
    }
}
