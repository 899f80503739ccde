//! One test per class of bad input: each is refused with a named error that says where.

use mfg_quality_indicators::ErrorKind;
use mfg_quality_sensitivity::SensitivityError;
use mfg_quality_sensitivity::delta::Delta;
use mfg_quality_sensitivity::fast::Fast;
use mfg_quality_sensitivity::lhs::LatinHypercube;
use mfg_quality_sensitivity::pawn::Pawn;
use mfg_quality_sensitivity::rbd_fast::RbdFast;
use mfg_quality_sensitivity::unit_cube::{self, Bootstrap, Bounds};

fn sample(n: usize, d: usize) -> (Vec<f64>, Vec<f64>) {
    let x = LatinHypercube::new(n).unwrap().sample(d, 1).unwrap();
    let y = x
        .chunks(d)
        .map(|r| r.iter().sum::<f64>() + r[0] * r[0])
        .collect();
    (x, y)
}

#[test]
fn efast_m_too_large_for_n() {
    for (n, m) in [(64, 4), (4, 1), (100, 5)] {
        let e = Fast::new(n, m).unwrap_err();
        assert!(
            matches!(e, SensitivityError::TooFew { method: "fast", needed, got, .. } if needed == 4 * m * m + 1 && got == n),
            "{e:?}"
        );
        assert_eq!(e.kind(), ErrorKind::Degenerate);
        assert!(
            e.to_string().contains("lower the interference parameter M"),
            "{e}"
        );
    }
    assert!(Fast::new(65, 4).is_ok() && Fast::new(101, 5).is_ok());
    assert_eq!(
        Fast::new(100, 0).unwrap_err().kind(),
        ErrorKind::InvalidParameter
    );
}

#[test]
fn delta_sample_too_small_for_its_classes() {
    let (x, y) = sample(30, 2); // 3 classes of 10 rows pass, 29 rows do not
    assert!(
        Delta::default()
            .with_bootstrap(Bootstrap::none())
            .analyze(&x, 2, &y, 1)
            .is_ok()
    );
    let e = Delta::default()
        .analyze(&x[..58], 2, &y[..29], 1)
        .unwrap_err();
    assert!(
        matches!(
            e,
            SensitivityError::TooFew {
                method: "delta",
                what: "rows per class",
                needed: 10,
                got: 9,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("too small for its classes"), "{e}");
    // Fixed classes: 30 rows in 4 classes of 7 < 10.
    let e = Delta::new(Some(4), 10)
        .unwrap()
        .analyze(&x, 2, &y, 1)
        .unwrap_err();
    assert!(
        matches!(e, SensitivityError::TooFew { got: 7, .. }),
        "{e:?}"
    );
}

#[test]
fn non_finite_model_output_names_the_sample() {
    let b = Bounds::new(vec![(0.0, 1.0); 2]).unwrap();
    let model = |x: &[f64]| if x[0] > 0.97 { f64::NAN } else { x[0] + x[1] };
    let x = b.scale(&LatinHypercube::new(100).unwrap().sample(2, 3).unwrap());
    let first_bad = x.chunks(2).position(|r| r[0] > 0.97).unwrap();
    match unit_cube::evaluate(&model, &x, 2).unwrap_err() {
        SensitivityError::NonFiniteOutput {
            sample,
            output: 0,
            value,
            inputs,
        } => {
            assert_eq!(sample, first_bad);
            assert!(value.is_nan());
            assert_eq!(inputs, x[2 * first_bad..2 * first_bad + 2].to_vec());
        }
        e => panic!("{e:?}"),
    }
    let e = RbdFast::default()
        .analyze_model(&model, &b, 100, 3)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Model);
    assert!(
        e.to_string().contains(&format!("sample {first_bad}")),
        "{e}"
    );
    let inf = |x: &[f64]| {
        if x[1] < 0.02 {
            f64::INFINITY
        } else {
            1.0 + x[0]
        }
    };
    assert!(matches!(
        Fast::new(65, 4).unwrap().analyze_model(&inf, &b, 1),
        Err(SensitivityError::NonFiniteOutput { .. })
    ));
    assert!(matches!(
        Pawn::default().analyze_model(&inf, &b, 100, 1),
        Err(SensitivityError::NonFiniteOutput { .. })
    ));
    assert!(matches!(
        Delta::default().analyze_model(&inf, &b, 100, 1),
        Err(SensitivityError::NonFiniteOutput { .. })
    ));
    // Vector outputs: a wrong length, and a non-finite second output.
    let short = |x: &[f64]| {
        if x[0] > 0.5 {
            vec![1.0]
        } else {
            vec![1.0, 2.0]
        }
    };
    assert!(matches!(
        unit_cube::evaluate_multi(&short, &x, 2, 2),
        Err(SensitivityError::OutputLength {
            expected: 2,
            got: 1,
            ..
        })
    ));
    let nan2 = |x: &[f64]| vec![x[0], if x[1] > 0.99 { f64::NAN } else { x[1] }];
    assert!(matches!(
        unit_cube::evaluate_multi(&nan2, &x, 2, 2),
        Err(SensitivityError::NonFiniteOutput { output: 1, .. })
    ));
    // NaN in outputs handed to an analyser.
    let (x, mut y) = sample(200, 2);
    y[17] = f64::NEG_INFINITY;
    for e in [
        RbdFast::default().analyze(&x, 2, &y, 1).unwrap_err(),
        Pawn::default().analyze(&x, 2, &y, 1).unwrap_err(),
        Delta::default().analyze(&x, 2, &y, 1).unwrap_err(),
    ] {
        assert!(
            matches!(
                e,
                SensitivityError::NonFiniteOutput {
                    sample: 17,
                    output: 0,
                    ..
                }
            ),
            "{e:?}"
        );
    }
}

#[test]
fn non_finite_sample_matrix() {
    let (mut x, y) = sample(200, 3);
    x[3 * 40 + 2] = f64::NAN;
    for e in [
        RbdFast::default().analyze(&x, 3, &y, 1).unwrap_err(),
        Pawn::default().analyze(&x, 3, &y, 1).unwrap_err(),
        Delta::default().analyze(&x, 3, &y, 1).unwrap_err(),
        unit_cube::evaluate(&|r: &[f64]| r[0], &x, 3).unwrap_err(),
    ] {
        assert!(
            matches!(
                e,
                SensitivityError::NonFiniteInput {
                    sample: 40,
                    factor: 2,
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
    }
}

#[test]
fn mismatched_y_length() {
    let (x, y) = sample(200, 2);
    for e in [
        RbdFast::default().analyze(&x, 2, &y[..199], 1).unwrap_err(),
        Pawn::default().analyze(&x, 2, &y[..199], 1).unwrap_err(),
        Delta::default().analyze(&x, 2, &y[..199], 1).unwrap_err(),
        Pawn::default().analyze(&x, 2, &y, 2).unwrap_err(),
        Fast::new(100, 4)
            .unwrap()
            .analyze(&y[..199], 2, 1)
            .unwrap_err(),
    ] {
        assert!(
            matches!(e, SensitivityError::DimensionMismatch { .. }),
            "{e:?}"
        );
        assert_eq!(e.kind(), ErrorKind::Shape);
    }
    // A matrix whose length is not a multiple of D.
    assert!(matches!(
        Pawn::default().analyze(&x[..399], 2, &y, 1),
        Err(SensitivityError::DimensionMismatch { .. })
    ));
    // Replayed resamples: one list per factor.
    assert!(
        RbdFast::default()
            .analyze_with_resamples(&x, 2, &y, &[vec![]])
            .is_err()
    );
    assert!(
        Delta::default()
            .analyze_with_resamples(&x, 2, &y, &[])
            .is_err()
    );
}

#[test]
fn zero_factors_and_zero_outputs() {
    let (x, y) = sample(200, 2);
    for e in [
        RbdFast::default().analyze(&x, 0, &y, 1).unwrap_err(),
        Pawn::default().analyze(&x, 0, &y, 1).unwrap_err(),
        Delta::default().analyze(&x, 0, &y, 1).unwrap_err(),
        Fast::new(100, 4).unwrap().analyze(&y, 0, 1).unwrap_err(),
        Fast::new(100, 4).unwrap().sample(0, 1).unwrap_err(),
        LatinHypercube::new(10).unwrap().sample(0, 1).unwrap_err(),
        Bounds::new(vec![]).unwrap_err(),
    ] {
        assert!(
            matches!(
                e,
                SensitivityError::TooFew {
                    what: "factors",
                    needed: 1,
                    got: 0,
                    ..
                }
            ),
            "{e:?}"
        );
    }
    assert!(matches!(
        Pawn::default().analyze(&x, 2, &[], 0),
        Err(SensitivityError::TooFew {
            what: "outputs",
            ..
        })
    ));
    assert!(LatinHypercube::new(0).is_err());
}

#[test]
fn constant_output_and_bad_settings() {
    let (x, _) = sample(200, 2);
    let y = vec![3.0; 200];
    for e in [
        RbdFast::default().analyze(&x, 2, &y, 1).unwrap_err(),
        Delta::default().analyze(&x, 2, &y, 1).unwrap_err(),
        Fast::new(100, 4)
            .unwrap()
            .analyze(&[1.0; 200], 2, 1)
            .unwrap_err(),
    ] {
        assert!(
            matches!(e, SensitivityError::ZeroVariance { output: 0 }),
            "{e:?}"
        );
    }
    assert!(Bootstrap::new(1, 0.95, 0).is_err());
    assert!(Bootstrap::new(10, 1.0, 0).is_err());
    assert!(Bootstrap::new(10, f64::NAN, 0).is_err());
    assert!(Bounds::new(vec![(0.0, 0.0)]).is_err());
    assert!(Bounds::new(vec![(0.0, f64::INFINITY)]).is_err());
    assert!(
        Bounds::new(vec![(0.0, 1.0)])
            .unwrap()
            .with_names(vec![])
            .is_err()
    );
    assert!(Pawn::new(1).is_err());
    assert!(RbdFast::new(0).is_err());
    // RBD-FAST: too few rows for M.
    let (x, y) = sample(41, 2);
    assert!(matches!(
        RbdFast::default().analyze(&x, 2, &y, 1),
        Err(SensitivityError::TooFew {
            needed: 42,
            got: 41,
            ..
        })
    ));
    assert!(
        RbdFast::default()
            .with_bootstrap(Bootstrap::none())
            .analyze(&x, 2, &y, 1)
            .is_ok()
    );
}
