//! The weighting family as validated types: every [`Weighting`] converts by `TryFrom` into a
//! [`WeigherPlan`] that gives bit-identical weights to [`Weighting::compute`]; constructors reject bad
//! parameters with named errors; a user's [`Weigher`] runs through [`WeigherPlan::Custom`] with its input
//! and output checked; the JSON form of the configuration is unchanged.

use std::sync::Arc;

use mfg_quality_composite::weights::{
    Ahp, BenefitOfTheDoubt, BodBounds, CoefficientOfVariation, Critic, Entropy, Equal, Explicit,
    PcaWeighting, PrincipalComponents, RandomIndexTable, Rotation, StdDev, Weigher, WeigherPlan,
    Weighting, benefit_of_the_doubt, objective,
};
use mfg_quality_composite::{CompositeError, Result};

/// Deterministic pseudo-random column-major data in [0, 1).
fn data(n: usize, p: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n * p)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

fn bits(w: &[f64]) -> Vec<u64> {
    w.iter().map(|v| v.to_bits()).collect()
}

fn configs(p: usize) -> Vec<Weighting> {
    let m: Vec<Vec<f64>> = (0..p)
        .map(|i| {
            (0..p)
                .map(|j| match i.cmp(&j) {
                    std::cmp::Ordering::Equal => 1.0,
                    std::cmp::Ordering::Less => (1 + i + j) as f64 / 2.0,
                    std::cmp::Ordering::Greater => 2.0 / (1 + i + j) as f64,
                })
                .collect()
        })
        .collect();
    let mut inc: Vec<Vec<Option<f64>>> = m
        .iter()
        .map(|r| r.iter().copied().map(Some).collect())
        .collect();
    inc[0][p - 1] = None;
    inc[p - 1][0] = None;
    vec![
        Weighting::Equal,
        Weighting::Explicit,
        Weighting::Ahp {
            matrix: m,
            random_index: RandomIndexTable::DoneganDodd1991,
        },
        Weighting::AhpIncomplete {
            matrix: inc,
            random_index: RandomIndexTable::Saaty2005,
        },
        Weighting::Entropy,
        Weighting::Critic,
        Weighting::StdDev,
        Weighting::CoefficientOfVariation,
        Weighting::Pca {
            settings: PcaWeighting::default(),
        },
        Weighting::Pca {
            settings: PcaWeighting {
                rotation: Rotation::None,
                ..Default::default()
            },
        },
        Weighting::Variance,
        Weighting::Gini,
        Weighting::Angle,
        Weighting::Merec,
        Weighting::Lopcow,
        Weighting::Cilos,
        Weighting::Idocriw,
    ]
}

/// The plan converted once gives the same bits as the config's `compute`, at small sizes and on the
/// parallel entropy path (≥ 2¹⁵ values), and agrees on name and data-drivenness.
#[test]
fn plan_matches_compute_bit_for_bit() {
    for (n, p, seed) in [(8, 4, 1), (60, 7, 2), (5000, 9, 3)] {
        let x = data(n, p, seed);
        let nominal: Vec<f64> = (0..p).map(|j| 0.3 + j as f64).collect();
        for cfg in configs(p) {
            let plan = WeigherPlan::try_from(&cfg).unwrap();
            assert_eq!(plan.name(), cfg.name());
            assert_eq!(plan.is_data_driven(), cfg.is_data_driven());
            let want = cfg.compute(&x, n, &nominal, "node").unwrap();
            let got = plan.weigh(&x, n, &nominal, "node").unwrap();
            assert_eq!(bits(&got), bits(&want), "{cfg:?} at {n} × {p}");
            assert!((got.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            if !cfg.is_data_driven() {
                let empty = plan.weigh(&[], 0, &nominal, "node").unwrap();
                assert_eq!(bits(&empty), bits(&want));
            }
            // the AHP diagnostic through the plan equals the config's
            assert_eq!(plan.ahp_result().cloned(), cfg.ahp_result("node").unwrap());
            // the owned conversion too
            let owned = WeigherPlan::try_from(cfg.clone()).unwrap();
            assert_eq!(
                bits(&owned.weigh(&x, n, &nominal, "node").unwrap()),
                bits(&want)
            );
        }
    }
}

/// The built-in types are usable directly and through `From`, with the same numbers.
#[test]
fn built_in_types_and_from() {
    let (n, p) = (30, 5);
    let x = data(n, p, 7);
    let nominal = [1.0, 2.0, 3.0, 4.0, 5.0];
    let pairs: Vec<(WeigherPlan, Weighting)> = vec![
        (Equal.into(), Weighting::Equal),
        (Explicit.into(), Weighting::Explicit),
        (Entropy.into(), Weighting::Entropy),
        (Critic.into(), Weighting::Critic),
        (StdDev.into(), Weighting::StdDev),
        (
            CoefficientOfVariation.into(),
            Weighting::CoefficientOfVariation,
        ),
        (
            PrincipalComponents::default().into(),
            Weighting::Pca {
                settings: PcaWeighting::default(),
            },
        ),
    ];
    for (plan, cfg) in pairs {
        assert_eq!(
            bits(&plan.weigh(&x, n, &nominal, "n").unwrap()),
            bits(&cfg.compute(&x, n, &nominal, "n").unwrap()),
            "{cfg:?}"
        );
    }
    assert_eq!(
        bits(&Entropy.weigh(&x, n, &nominal, "n").unwrap()),
        bits(&{
            let w = objective::entropy_weights(&x, n).unwrap();
            let s: f64 = w.iter().sum();
            w.iter().map(|v| v / s).collect::<Vec<_>>()
        })
    );
    // BoD: the validated type runs the same programme as the free function
    let y = data(6, 3, 11);
    assert_eq!(
        BenefitOfTheDoubt::new(BodBounds::default())
            .unwrap()
            .evaluate(&y, 6)
            .unwrap(),
        benefit_of_the_doubt(&y, 6, &BodBounds::default()).unwrap()
    );
}

/// Bad parameters fail at conversion with named errors; `validate` and `compute` name the node.
#[test]
fn conversion_rejects_bad_parameters() {
    let not_reciprocal = Weighting::Ahp {
        matrix: vec![vec![1.0, 3.0], vec![3.0, 1.0]],
        random_index: RandomIndexTable::Saaty1980,
    };
    assert!(matches!(
        WeigherPlan::try_from(&not_reciprocal),
        Err(CompositeError::InvalidPairwiseMatrix { node: None, .. })
    ));
    match not_reciprocal.validate("pillar") {
        Err(CompositeError::InvalidPairwiseMatrix { node, .. }) => {
            assert_eq!(node.as_deref(), Some("pillar"))
        }
        other => panic!("{other:?}"),
    }
    let too_big = Weighting::Ahp {
        matrix: vec![vec![1.0; 16]; 16],
        random_index: RandomIndexTable::Saaty2005,
    };
    assert!(matches!(
        WeigherPlan::try_from(too_big),
        Err(CompositeError::RandomIndexOutOfRange {
            limit: 15,
            n: 16,
            ..
        })
    ));
    let unpaired = Weighting::AhpIncomplete {
        matrix: vec![vec![Some(1.0), None], vec![Some(1.0), Some(1.0)]],
        random_index: RandomIndexTable::Saaty1980,
    };
    assert!(matches!(
        WeigherPlan::try_from(&unpaired),
        Err(CompositeError::InvalidPairwiseMatrix { .. })
    ));
    let pca = Weighting::Pca {
        settings: PcaWeighting {
            min_cumulative: -0.5,
            ..Default::default()
        },
    };
    assert!(matches!(
        WeigherPlan::try_from(&pca),
        Err(CompositeError::InvalidParameter {
            parameter: "min_cumulative",
            ..
        })
    ));
    // a bad PCA setting is not an AHP error: no AHP diagnostic, no error
    assert!(pca.ahp_result("n").unwrap().is_none());
    assert!(Weighting::Entropy.validate("n").is_ok());
    assert!(
        Ahp::new(
            vec![vec![1.0, 2.0], vec![0.5, 1.0]],
            RandomIndexTable::Saaty1980
        )
        .unwrap()
        .result()
        .consistent
    );
}

/// Weights proportional to each column's maximum, or a deliberately bad output.
#[derive(Debug)]
enum Mine {
    ColumnMax,
    Fixed(Vec<f64>),
}

impl Weigher for Mine {
    fn name(&self) -> &'static str {
        "mine"
    }
    fn is_data_driven(&self) -> bool {
        matches!(self, Mine::ColumnMax)
    }
    fn weigh(&self, data: &[f64], n_rows: usize, _: &[f64], _: &str) -> Result<Vec<f64>> {
        Ok(match self {
            Mine::ColumnMax => data
                .chunks_exact(n_rows)
                .map(|c| c.iter().copied().fold(0.0, f64::max))
                .collect(),
            Mine::Fixed(w) => w.clone(),
        })
    }
}

/// A user's weigher runs through the plan: its output is scaled to sum 1, its input shape and its
/// output are checked with named errors.
#[test]
fn custom_weigher_runs_and_is_checked() {
    let plan = WeigherPlan::custom(Mine::ColumnMax);
    assert_eq!(plan.name(), "mine");
    assert!(plan.is_data_driven());
    let w = plan
        .weigh(&[0.0, 0.5, 1.0, 0.2, 0.2, 3.0], 3, &[1.0, 1.0], "pillar")
        .unwrap();
    assert_eq!(w, vec![0.25, 0.75]);
    // wrong data length
    assert!(matches!(
        plan.weigh(&[0.0, 0.5, 1.0], 3, &[1.0, 1.0], "pillar"),
        Err(CompositeError::InvalidParameter {
            method: "mine",
            parameter: "data",
            ..
        })
    ));
    // no children
    assert!(matches!(
        plan.weigh(&[], 3, &[], "pillar"),
        Err(CompositeError::InvalidWeights { .. })
    ));
    // bad outputs: wrong count, negative, NaN, all zero
    for bad in [
        vec![1.0],
        vec![1.0, -1.0],
        vec![f64::NAN, 1.0],
        vec![0.0, 0.0],
    ] {
        let plan: WeigherPlan = (Arc::new(Mine::Fixed(bad.clone())) as Arc<dyn Weigher>).into();
        assert!(!plan.is_data_driven());
        match plan.weigh(&[], 0, &[1.0, 1.0], "pillar") {
            Err(CompositeError::InvalidWeights { node, .. }) => assert_eq!(node, "pillar"),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    assert!(plan.ahp_result().is_none());
}

/// The JSON form of every variant is as before, and it round-trips exactly.
#[test]
fn config_json_unchanged_and_round_trips() {
    let cases = [
        (Weighting::Equal, r#"{"method":"equal"}"#),
        (Weighting::Explicit, r#"{"method":"explicit"}"#),
        (
            Weighting::Ahp {
                matrix: vec![vec![1.0, 3.0], vec![0.5, 1.0]],
                random_index: RandomIndexTable::Saaty1980,
            },
            r#"{"method":"ahp","matrix":[[1.0,3.0],[0.5,1.0]],"random_index":"saaty1980"}"#,
        ),
        (
            Weighting::AhpIncomplete {
                matrix: vec![vec![Some(1.0), None], vec![None, Some(1.0)]],
                random_index: RandomIndexTable::DoneganDodd1991,
            },
            r#"{"method":"ahp_incomplete","matrix":[[1.0,null],[null,1.0]],"random_index":"donegan_dodd1991"}"#,
        ),
        (Weighting::Entropy, r#"{"method":"entropy"}"#),
        (Weighting::Critic, r#"{"method":"critic"}"#),
        (Weighting::StdDev, r#"{"method":"std_dev"}"#),
        (
            Weighting::CoefficientOfVariation,
            r#"{"method":"coefficient_of_variation"}"#,
        ),
        (
            Weighting::Pca {
                settings: PcaWeighting::default(),
            },
            r#"{"method":"pca","min_eigenvalue":1.0,"min_share":0.1,"min_cumulative":0.6,"rotation":"varimax"}"#,
        ),
    ];
    for (w, json) in cases {
        assert_eq!(serde_json::to_string(&w).unwrap(), json);
        let back: Weighting = serde_json::from_str(json).unwrap();
        assert_eq!(back, w);
    }
    let short: Weighting = serde_json::from_str(r#"{"method":"pca","rotation":"none"}"#).unwrap();
    assert_eq!(
        short,
        Weighting::Pca {
            settings: PcaWeighting {
                rotation: Rotation::None,
                ..Default::default()
            }
        }
    );
}
