//! One test per class of bad input of the Sobol analysis (now `mfg-quality-sensitivity`'s, re-exported
//! here), each asserting the named error as a `CompositeError` (the conversion callers see with `?`), plus
//! the run-control and determinism checks.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::sensitivity::{
    Control, Marginal, SobolDesign, SobolGroup, SobolInput, SobolSettings,
};
use mfg_quality_sensitivity::SensitivityError;
use proptest::prelude::*;

fn inputs(d: usize) -> Vec<SobolInput> {
    (0..d)
        .map(|i| SobolInput::new(format!("x{i}"), Marginal::default()))
        .collect()
}

fn settings(n: usize, second_order: bool) -> SobolSettings {
    SobolSettings {
        n,
        second_order,
        ..Default::default()
    }
}

#[test]
fn empty_choice_list() {
    let bad = vec![SobolInput::new(
        "normalisation",
        Marginal::Discrete {
            probabilities: vec![],
        },
    )];
    let e = SobolDesign::new(bad, settings(64, false))
        .map_err(CompositeError::from)
        .unwrap_err();
    assert_eq!(
        e,
        CompositeError::EmptyChoices {
            factor: "normalisation".into()
        }
    );
}

#[test]
fn probabilities_not_summing_to_one() {
    for probs in [
        vec![0.5, 0.4],
        vec![0.5, 0.6],
        vec![1.5, -0.5],
        vec![f64::NAN, 1.0],
    ] {
        let bad = vec![SobolInput::new(
            "aggregation",
            Marginal::Discrete {
                probabilities: probs.clone(),
            },
        )];
        let e = SobolDesign::new(bad, settings(64, false))
            .map_err(CompositeError::from)
            .unwrap_err();
        assert!(
            matches!(&e, CompositeError::InvalidProbabilities { factor, .. } if factor == "aggregation"),
            "{probs:?}: {e}"
        );
    }
}

#[test]
fn n_too_small_names_the_minimum() {
    let e = SobolDesign::new(inputs(3), settings(3, false))
        .map_err(CompositeError::from)
        .unwrap_err();
    assert!(matches!(
        &e,
        CompositeError::Sensitivity(SensitivityError::TooFew {
            what: "base samples N",
            needed: 8,
            got: 3,
            ..
        })
    ));
    assert!(e.to_string().contains("the minimum is 8"), "{e}");
    let e = SobolDesign::new(inputs(5), settings(10, true))
        .map_err(CompositeError::from)
        .unwrap_err();
    assert!(matches!(
        e,
        CompositeError::Sensitivity(SensitivityError::TooFew {
            needed: 11,
            got: 10,
            ..
        })
    ));
    assert!(SobolDesign::new(inputs(3), settings(8, true)).is_ok());
}

#[test]
fn model_nan_names_the_sample() {
    let design = SobolDesign::new(inputs(2), settings(64, false)).unwrap();
    let points = design.points();
    let first_bad = points.chunks(2).position(|x| x[0] > 0.9).unwrap();
    let e = design
        .run(|x| if x[0] > 0.9 { f64::NAN } else { x[0] + x[1] })
        .map_err(CompositeError::from)
        .unwrap_err();
    match e {
        CompositeError::NonFiniteOutput {
            sample,
            output,
            value,
            inputs,
        } => {
            assert_eq!(sample, first_bad);
            assert_eq!(output, 0);
            assert!(value.is_nan());
            assert_eq!(inputs, points[2 * first_bad..2 * first_bad + 2].to_vec());
        }
        other => panic!("{other}"),
    }
    // infinities too
    let e = design
        .run(|_| f64::INFINITY)
        .map_err(CompositeError::from)
        .unwrap_err();
    assert!(matches!(
        e,
        CompositeError::NonFiniteOutput { sample: 0, .. }
    ));
}

#[test]
fn zero_variance_says_indices_are_undefined() {
    let design = SobolDesign::new(inputs(2), settings(64, false)).unwrap();
    let e = design
        .run(|_| 3.0)
        .map_err(CompositeError::from)
        .unwrap_err();
    assert_eq!(e, CompositeError::ZeroVariance { output: 0 });
    assert!(e.to_string().contains("undefined"));
    // in the vector form only that output fails
    let out = design
        .run_multi(
            |x| Ok::<_, CompositeError>(vec![x[0], 1.0]),
            Control::default(),
        )
        .unwrap();
    assert!(out[0].is_ok());
    assert_eq!(
        out[1].clone().map_err(CompositeError::from).unwrap_err(),
        CompositeError::ZeroVariance { output: 1 }
    );
}

#[test]
fn dimension_and_points_over_the_limits() {
    // 2D = 258 > 256 dimensions
    let e = SobolDesign::new(inputs(129), settings(1024, false))
        .map_err(CompositeError::from)
        .unwrap_err();
    assert!(matches!(
        e,
        CompositeError::Sensitivity(SensitivityError::TooLarge {
            limit: 256,
            n: 258,
            ..
        })
    ));
    // a group counts all its coordinates
    let groups = vec![SobolGroup {
        name: "weights".into(),
        marginals: vec![Marginal::default(); 200],
    }];
    assert!(matches!(
        SobolDesign::grouped(groups, settings(64, false)).unwrap_err(),
        SensitivityError::TooLarge { n: 400, .. }
    ));
    // N beyond one Sobol sequence (2^16) is accepted (replicated scramblings), beyond 2^26 refused
    assert!(SobolDesign::new(inputs(2), settings((1 << 16) + 1, false)).is_ok());
    assert!(matches!(
        SobolDesign::new(inputs(2), settings((1 << 26) + 1, false)).unwrap_err(),
        SensitivityError::TooLarge {
            what: "base samples N",
            ..
        }
    ));
    assert!(SobolDesign::new(inputs(128), settings(1 << 16, false)).is_ok());
}

#[test]
fn invalid_distribution_and_names() {
    let bad = vec![SobolInput::new("w", Marginal::Uniform { lo: 1.0, hi: 1.0 })];
    assert!(matches!(
        SobolDesign::new(bad, settings(64, false))
            .map_err(CompositeError::from)
            .unwrap_err(),
        CompositeError::InvalidFactor { .. }
    ));
    let bad = vec![SobolInput::new(
        "w",
        Marginal::Normal { mean: 0.0, sd: 0.0 },
    )];
    assert!(matches!(
        SobolDesign::new(bad, settings(64, false))
            .map_err(CompositeError::from)
            .unwrap_err(),
        CompositeError::InvalidFactor { .. }
    ));
    let dup = vec![
        SobolInput::new("w", Marginal::default()),
        SobolInput::new("w", Marginal::default()),
    ];
    assert!(matches!(
        SobolDesign::new(dup, settings(64, false))
            .map_err(CompositeError::from)
            .unwrap_err(),
        CompositeError::InvalidFactor { .. }
    ));
    assert!(matches!(
        SobolDesign::new(vec![], settings(64, false))
            .map_err(CompositeError::from)
            .unwrap_err(),
        CompositeError::Sensitivity(SensitivityError::TooFew { .. })
    ));
}

#[test]
fn model_error_names_the_sample() {
    let design = SobolDesign::new(inputs(2), settings(64, false)).unwrap();
    let e = design
        .run_multi(
            |x| {
                if x[1] < 0.05 {
                    Err(CompositeError::Numerical {
                        method: "test model",
                        reason: "refused".into(),
                    })
                } else {
                    Ok(vec![x[0]])
                }
            },
            Control::default(),
        )
        .map_err(CompositeError::from)
        .unwrap_err();
    let first_bad = design.points().chunks(2).position(|x| x[1] < 0.05).unwrap();
    assert!(matches!(e, CompositeError::ModelFailed { sample, .. } if sample == first_bad));
}

#[test]
fn cancellation_and_progress() {
    let design = SobolDesign::new(inputs(2), settings(256, false)).unwrap();
    let cancel = AtomicBool::new(true);
    let e = design
        .run_with(
            |x| x[0],
            Control {
                cancel: Some(&cancel),
                ..Default::default()
            },
        )
        .map_err(CompositeError::from)
        .unwrap_err();
    assert!(matches!(e, CompositeError::Cancelled { total: 1024, .. }));

    let calls = AtomicUsize::new(0);
    let max_done = AtomicUsize::new(0);
    let progress = |done: usize, total: usize| {
        assert_eq!(total, 1024);
        calls.fetch_add(1, Ordering::Relaxed);
        max_done.fetch_max(done, Ordering::Relaxed);
    };
    design
        .run_with(
            |x| x[0] + x[1],
            Control {
                progress: Some(&progress),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(calls.load(Ordering::Relaxed) >= 2);
    assert_eq!(max_done.load(Ordering::Relaxed), 1024);
}

#[cfg(feature = "parallel")]
#[test]
fn identical_at_any_thread_count() {
    let design = SobolDesign::new(inputs(4), settings(256, true)).unwrap();
    let model = |x: &[f64]| x[0] * x[1] + x[2].sin() + 0.1 * x[3];
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| design.run(model).unwrap())
    };
    let (one, four) = (run(1), run(4));
    assert_eq!(format!("{one:?}"), format!("{four:?}"));
}

#[test]
fn negative_estimates_are_reported_raw_and_clipped_on_request() {
    // x2 has no effect: its S1 estimate scatters around 0 and is negative at some seeds.
    let found = (0..20u32).find_map(|seed| {
        let design = SobolDesign::new(
            inputs(2),
            SobolSettings {
                n: 8,
                seed,
                ..Default::default()
            },
        )
        .unwrap();
        let s = design.run(|x| (6.0 * x[0]).sin() + 1e-3 * x[1]).unwrap();
        s.has_negative().then_some(s)
    });
    let s = found.expect("some seed gives a negative raw estimate at N = 8");
    let c = s.clipped();
    assert!(!c.has_negative());
    assert!(
        c.first
            .iter()
            .chain(&c.total)
            .all(|e| (0.0..=1.0).contains(&e.value))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    /// The indices are invariant to an affine change of the output's unit (y → a·y + c, a ≠ 0): the
    /// outputs are centred and every estimator is a ratio to V.
    #[test]
    fn invariant_to_affine_rescaling(a in 0.1f64..100.0, c in -1e3f64..1e3, seed in 0u32..1000) {
        let design = SobolDesign::new(inputs(3), SobolSettings { n: 32, seed, ..Default::default() }).unwrap();
        let f = |x: &[f64]| x[0] + x[1] * x[2] * 3.0 + (5.0 * x[2]).cos();
        let s = design.run(f).unwrap();
        let t = design.run(|x| a * f(x) + c).unwrap();
        for (p, q) in s.first.iter().chain(&s.total).zip(t.first.iter().chain(&t.total)) {
            prop_assert!((p.value - q.value).abs() < 1e-8, "{} vs {}", p.value, q.value);
        }
    }
}
