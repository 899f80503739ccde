//! Monte Carlo uncertainty analysis on small closure models whose rank distributions are known exactly.

use std::sync::atomic::AtomicBool;

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::sensitivity::{Control, Marginal, SobolGroup, SobolSettings};
use mfg_quality_composite::uncertainty::{
    ClosureModel, MonteCarloSettings, Output, Replicate, monte_carlo, replication_point, sobol,
};
use mfg_quality_indicators::stats::TieMethod;

fn units(n: &[&str]) -> Vec<String> {
    n.iter().map(|s| s.to_string()).collect()
}

fn group(name: &str, m: Marginal) -> SobolGroup {
    SobolGroup {
        name: name.into(),
        marginals: vec![m],
    }
}

/// X scores x ~ U(0, 1); Y and Z are fixed at 0.75 and 0.25. X's rank is 1 with probability 0.25, 2 with
/// probability 0.5 and 3 with probability 0.25: median 2, 5th percentile 1, 95th percentile 3. Its score
/// has mean 1/2 and sd 1/√12 = 0.2887.
fn three_units() -> ClosureModel<impl Fn(&[f64]) -> mfg_quality_composite::Result<Vec<f64>> + Sync>
{
    ClosureModel::new(
        units(&["X", "Y", "Z"]),
        vec![group("x", Marginal::default())],
        vec![0.5],
        |x: &[f64]| Ok(vec![x[0], 0.75, 0.25]),
    )
    .unwrap()
}

#[test]
fn rank_bands_match_the_exact_distribution() {
    let mc = monte_carlo(
        &three_units(),
        &MonteCarloSettings {
            replications: 4000,
            seed: 7,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap();
    println!("{mc}");
    // summary sorted by nominal rank: Y (1), X (2: 0.5), Z (3)
    let order: Vec<&str> = mc.summary().iter().map(|s| s.unit.as_str()).collect();
    assert_eq!(order, ["Y", "X", "Z"]);
    let x = &mc.summary()[1];
    assert_eq!(
        (x.nominal_rank, x.median_rank, x.rank_p05, x.rank_p95),
        (2.0, 2.0, 1.0, 3.0)
    );
    assert!((x.mean_rank - 2.0).abs() < 0.03, "{}", x.mean_rank);
    assert!((x.mean_score - 0.5).abs() < 0.015, "{}", x.mean_score);
    assert!(
        (x.sd_score - (1.0f64 / 12.0).sqrt()).abs() < 0.01,
        "{}",
        x.sd_score
    );
    // Y is 1st unless x > 0.75; Z 3rd unless x < 0.25: both move 25 % of the time
    let y = mc.ranks_of("Y").unwrap();
    let share_moved = y.iter().filter(|r| **r > 1.0).count() as f64 / y.len() as f64;
    assert!((share_moved - 0.25).abs() < 0.03, "{share_moved}");
    // mean abs rank shift: x < 0.25 → X 3, Z 2: shifts (1, 0, 1)/3; x > 0.75 → (1, 1, 0)/3; else 0.
    // So E[R̄_S] = 0.5 · 2/3 = 1/3.
    let shift = mc.mean_abs_rank_shift();
    let mean_shift = shift.iter().sum::<f64>() / shift.len() as f64;
    assert!((mean_shift - 1.0 / 3.0).abs() < 0.03, "{mean_shift}");
    // scatter: the factor value is the sampled x, the output X's score
    let sc = mc.scatter("x", &Output::Score("X".into())).unwrap();
    assert!(sc.iter().all(|(a, b)| a.to_bits() == b.to_bits()));
    assert_eq!(mc.failures().len(), 0);
}

#[test]
fn each_replication_is_reproducible_on_its_own() {
    let mc = monte_carlo(
        &three_units(),
        &MonteCarloSettings {
            replications: 50,
            seed: 3,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap();
    let xs = mc.values_of("x").unwrap();
    for (rep, x) in xs.iter().enumerate() {
        assert_eq!(x.to_bits(), replication_point(3, rep, 1)[0].to_bits());
    }
}

#[test]
fn failures_are_counted_and_kept_with_their_error() {
    let fails_above = 0.97;
    let model = ClosureModel::new(
        units(&["X", "Y"]),
        vec![group("x", Marginal::default())],
        vec![0.5],
        move |x: &[f64]| {
            if x[0] > fails_above {
                Err(CompositeError::InvalidValue {
                    method: "geometric",
                    unit: "X".into(),
                    indicator: "p1".into(),
                    value: -x[0],
                    reason: "test",
                })
            } else {
                Ok(vec![x[0], 0.5])
            }
        },
    )
    .unwrap();
    let reps = 1000;
    let expected: Vec<usize> = (0..reps)
        .filter(|&r| replication_point(11, r, 1)[0] > fails_above)
        .collect();
    assert!(!expected.is_empty());
    let settings = MonteCarloSettings {
        replications: reps,
        seed: 11,
        ..Default::default()
    };
    let mc = monte_carlo(&model, &settings, Control::default()).unwrap();
    let got: Vec<usize> = mc.failures().iter().map(|f| f.replication).collect();
    assert_eq!(got, expected);
    assert_eq!(mc.succeeded().len() + got.len(), reps);
    assert!(matches!(
        mc.failures()[0].error,
        CompositeError::InvalidValue {
            method: "geometric",
            ..
        }
    ));
    assert!(mc.failures()[0].values[0] > fails_above);
    assert!(mc.to_string().contains(&format!("{} failed", got.len())));

    // over the threshold: an error naming the first failure
    let strict = MonteCarloSettings {
        max_failure_share: 0.01,
        ..settings
    };
    match monte_carlo(&model, &strict, Control::default()).unwrap_err() {
        CompositeError::TooManyFailures {
            failed,
            total,
            first_replication,
            ..
        } => {
            assert_eq!(
                (failed, total, first_replication),
                (expected.len(), reps, expected[0])
            );
        }
        other => panic!("{other}"),
    }
}

#[test]
fn non_finite_scores_are_failures() {
    let model = ClosureModel::new(
        units(&["X", "Y"]),
        vec![group("x", Marginal::default())],
        vec![0.1],
        |x: &[f64]| Ok(vec![if x[0] > 0.5 { f64::NAN } else { x[0] }, 0.5]),
    )
    .unwrap();
    let e = monte_carlo(&model, &MonteCarloSettings::default(), Control::default()).unwrap_err();
    match e {
        CompositeError::TooManyFailures { first_error, .. } => {
            assert!(matches!(
                *first_error,
                CompositeError::NonFiniteOutput { output: 0, .. }
            ));
        }
        other => panic!("{other}"),
    }
}

#[test]
fn discrete_factor_frequencies_follow_probabilities() {
    let model = ClosureModel::new(
        units(&["A", "B"]),
        vec![group(
            "normalisation",
            Marginal::Discrete {
                probabilities: vec![0.5, 0.3, 0.2],
            },
        )],
        vec![0.0],
        |x: &[f64]| Ok(vec![x[0], 1.0]),
    )
    .unwrap();
    let mc = monte_carlo(
        &model,
        &MonteCarloSettings {
            replications: 3000,
            ..Default::default()
        },
        Control::default(),
    )
    .unwrap();
    let v = mc.values_of("normalisation").unwrap();
    for (k, p) in [0.5, 0.3, 0.2].iter().enumerate() {
        let f = v.iter().filter(|x| **x as usize == k).count() as f64 / v.len() as f64;
        assert!((f - p).abs() < 0.03, "choice {k}: {f} vs {p}");
    }
}

#[test]
fn bad_settings_and_cancellation() {
    let m = three_units();
    let zero = MonteCarloSettings {
        replications: 0,
        ..Default::default()
    };
    assert!(matches!(
        monte_carlo(&m, &zero, Control::default()).unwrap_err(),
        CompositeError::InvalidParameter {
            parameter: "replications",
            ..
        }
    ));
    let share = MonteCarloSettings {
        max_failure_share: 1.5,
        ..Default::default()
    };
    assert!(matches!(
        monte_carlo(&m, &share, Control::default()).unwrap_err(),
        CompositeError::InvalidParameter {
            parameter: "max_failure_share",
            ..
        }
    ));
    let cancel = AtomicBool::new(true);
    let e = monte_carlo(
        &m,
        &MonteCarloSettings::default(),
        Control {
            cancel: Some(&cancel),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(e, CompositeError::Cancelled { total: 1000, .. }));
    // an empty choice list is refused when the model is built
    let e = ClosureModel::new(
        units(&["A"]),
        vec![group(
            "aggregation",
            Marginal::Discrete {
                probabilities: vec![],
            },
        )],
        vec![0.0],
        |_: &[f64]| Ok(vec![1.0]),
    )
    .unwrap_err();
    assert_eq!(
        e,
        CompositeError::EmptyChoices {
            factor: "aggregation".into()
        }
    );
}

#[cfg(feature = "parallel")]
#[test]
fn identical_at_any_thread_count() {
    let m = three_units();
    let settings = MonteCarloSettings {
        replications: 700,
        ..Default::default()
    };
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| monte_carlo(&m, &settings, Control::default()).unwrap())
    };
    let (a, b) = (run(1), run(3));
    assert_eq!(a.summary(), b.summary());
    assert_eq!(a.mean_abs_rank_shift(), b.mean_abs_rank_shift());
}

#[test]
fn sobol_of_ranks_scores_and_rank_shift() {
    // Two factors; only "w" changes the ranking, "level" shifts every score equally.
    let model = ClosureModel::new(
        units(&["A", "B", "C"]),
        vec![
            group("w", Marginal::Uniform { lo: 0.2, hi: 0.8 }),
            group("level", Marginal::Uniform { lo: 0.0, hi: 10.0 }),
        ],
        vec![0.4, 5.0], // nominal w = 0.4: B 1st, A 2nd (they cross at w = 0.5)
        |x: &[f64]| {
            let w = x[0];
            Ok(vec![
                x[1] + w * 0.9 + (1.0 - w) * 0.2,
                x[1] + w * 0.5 + (1.0 - w) * 0.6,
                x[1] + 0.3,
            ])
        },
    )
    .unwrap();
    assert_eq!(model.factors().len(), 2);
    let settings = SobolSettings {
        n: 256,
        ..Default::default()
    };
    let s = sobol(&model, &settings, TieMethod::Min, Control::default()).unwrap();
    let shift = s.get(&Output::MeanAbsRankShift).unwrap();
    println!("{shift}");
    // the rank shift depends on w only: S_w = ST_w = 1, S_level = ST_level = 0 (exactly, as the level
    // does not enter the ranks)
    assert!((shift.first[0].value - 1.0).abs() < 0.05);
    assert!(shift.total[1].value.abs() < 1e-12);
    // C's score: only the level moves it
    let c = s.get(&Output::Score("C".into())).unwrap();
    assert!(c.total[0].value.abs() < 1e-12 && (c.first[1].value - 1.0).abs() < 0.05);
    // C's rank never changes? Its score 0.3 + level vs A in [0.34, 0.76] and B in [0.52, 0.58]: always 3rd.
    assert_eq!(
        s.get(&Output::Rank("C".into())).unwrap_err(),
        CompositeError::ZeroVariance { output: 3 }
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// For any data: every replication's ranks are a permutation-with-ties of 1..=n (min ties), and each
        /// unit's band is ordered p05 ≤ median ≤ p95 within [1, n].
        #[test]
        fn bands_are_ordered_and_ranks_valid(
            data in proptest::collection::vec((0.0f64..1.0, 0.0f64..1.0), 2..7),
            seed in 0u64..1000,
        ) {
            let n = data.len();
            let names: Vec<String> = (0..n).map(|k| format!("u{k}")).collect();
            let d2 = data.clone();
            let model = ClosureModel::new(
                names.clone(),
                vec![group("w", Marginal::Uniform { lo: 0.0, hi: 1.0 })],
                vec![0.5],
                move |x: &[f64]| Ok(d2.iter().map(|(a, b)| x[0] * a + (1.0 - x[0]) * b).collect()),
            )
            .unwrap();
            let mc = monte_carlo(
                &model,
                &MonteCarloSettings { replications: 64, seed, ..Default::default() },
                Control::default(),
            )
            .unwrap();
            for s in mc.summary() {
                prop_assert!(1.0 <= s.rank_p05 && s.rank_p05 <= s.median_rank);
                prop_assert!(s.median_rank <= s.rank_p95 && s.rank_p95 <= n as f64);
            }
            let ranks: Vec<Vec<f64>> = names.iter().map(|u| mc.ranks_of(u).unwrap()).collect();
            for r in 0..mc.succeeded().len() {
                let mut row: Vec<usize> = ranks.iter().map(|c| c[r] as usize).collect();
                row.sort_unstable();
                // min ties: the k-th smallest rank is at most k, and rank 1 is always taken
                prop_assert_eq!(row[0], 1);
                for (k, v) in row.iter().enumerate() {
                    prop_assert!(*v <= k + 1);
                }
            }
        }
    }
}
