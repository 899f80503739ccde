//! One test per class of bad input to the aggregation methods, asserting the named error variant.

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::aggregate::{
    Aggregation, AggregationContext, AmpiGoalposts, MissingPolicy, MpiSign, OwaWeights,
    TopsisNormalisation, kemeny_ranking, topsis, vikor,
};

fn names() -> (Vec<String>, Vec<String>) {
    (
        vec!["CN".into(), "DE".into(), "US".into()],
        vec!["scale".into(), "efficiency".into()],
    )
}

fn agg(
    a: &Aggregation,
    data: &[f64],
    mask: &[bool],
    w: &[f64],
    missing: MissingPolicy,
) -> Result<Vec<f64>, CompositeError> {
    let (units, columns) = names();
    let ctx = AggregationContext {
        node: "pillar_1",
        units: &units,
        columns: &columns,
        period: 2020,
    };
    a.aggregate(data, mask, 3, w, missing, &ctx)
        .map(|o| o.scores)
}

const DATA: [f64; 6] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];

#[test]
fn non_positive_under_geometric_and_harmonic() {
    let mut data = DATA;
    data[4] = 0.0; // DE, efficiency
    for a in [
        Aggregation::Geometric,
        Aggregation::Harmonic,
        Aggregation::Power { p: -0.5 },
    ] {
        match agg(&a, &data, &[], &[0.5, 0.5], MissingPolicy::Error) {
            Err(CompositeError::InvalidValue {
                unit,
                indicator: column,
                value,
                ..
            }) => {
                assert_eq!((unit.as_str(), column.as_str()), ("DE", "efficiency"));
                assert!(value.abs() < 1e-300);
            }
            other => panic!("{a:?}: expected InvalidValue, got {other:?}"),
        }
    }
    // Zero is allowed for p > 0, a negative value is not.
    assert!(
        agg(
            &Aggregation::Power { p: 2.0 },
            &data,
            &[],
            &[0.5, 0.5],
            MissingPolicy::Error
        )
        .is_ok()
    );
    data[0] = -1.0;
    assert!(matches!(
        agg(&Aggregation::Power { p: 2.0 }, &data, &[], &[0.5, 0.5], MissingPolicy::Error),
        Err(CompositeError::InvalidValue { ref unit, .. }) if unit == "CN"
    ));
    // A non-positive value in a *missing* cell is ignored.
    let mask = [false, true, true, true, true, true];
    data[4] = 1.0;
    assert!(
        agg(
            &Aggregation::Geometric,
            &data,
            &mask,
            &[0.5, 0.5],
            MissingPolicy::SkipAndReweight
        )
        .is_ok()
    );
}

#[test]
fn non_finite_values() {
    let mut data = DATA;
    data[2] = f64::NAN;
    assert!(matches!(
        agg(&Aggregation::Arithmetic, &data, &[], &[0.5, 0.5], MissingPolicy::Error),
        Err(CompositeError::InvalidValue { ref unit, ref indicator, .. }) if unit == "US" && indicator == "scale"
    ));
    data[2] = f64::INFINITY;
    assert!(matches!(
        topsis(&data, 3, &[0.5, 0.5], TopsisNormalisation::Vector, &[]),
        Err(CompositeError::InvalidValue { .. })
    ));
    // TOPSIS checks finiteness inside its first pass over complete data: NaN in the second child.
    let mut data = DATA;
    data[4] = f64::NAN;
    for norm in [TopsisNormalisation::Vector, TopsisNormalisation::MinMax] {
        assert!(matches!(
            agg(&Aggregation::Topsis { normalisation: norm }, &data, &[], &[0.5, 0.5], MissingPolicy::Error),
            Err(CompositeError::InvalidValue { ref unit, ref indicator, .. }) if unit == "DE" && indicator == "efficiency"
        ));
    }
    // Huge but finite values (Σ x² overflows) are accepted and give finite closeness.
    let huge = [1e300, 2e300, 3e300, 1.0, 2.0, 3.0];
    let out = agg(
        &Aggregation::Topsis {
            normalisation: TopsisNormalisation::Vector,
        },
        &huge,
        &[],
        &[0.5, 0.5],
        MissingPolicy::Error,
    )
    .unwrap();
    assert!(out.iter().all(|x| x.is_finite()));
}

#[test]
fn bad_weights() {
    for w in [
        vec![0.5, -0.1],
        vec![0.0, 0.0],
        vec![f64::NAN, 1.0],
        vec![1.0],
        vec![0.3, 0.3, 0.4],
    ] {
        match agg(
            &Aggregation::Arithmetic,
            &DATA,
            &[],
            &w,
            MissingPolicy::Error,
        ) {
            Err(CompositeError::InvalidWeights { node, .. }) => assert_eq!(node, "pillar_1"),
            other => panic!("weights {w:?}: expected InvalidWeights, got {other:?}"),
        }
    }
}

#[test]
fn bad_shapes() {
    assert!(matches!(
        agg(&Aggregation::Arithmetic, &DATA[..5], &[], &[0.5, 0.5], MissingPolicy::Error),
        Err(CompositeError::DimensionMismatch { what, .. }) if what.starts_with("data")
    ));
    assert!(matches!(
        agg(
            &Aggregation::Arithmetic,
            &DATA,
            &[true; 5],
            &[0.5, 0.5],
            MissingPolicy::Error
        ),
        Err(CompositeError::DimensionMismatch {
            what: "mask",
            expected: 6,
            got: 5,
            ..
        })
    ));
    let owa = Aggregation::Owa {
        weights: OwaWeights::Given {
            order_weights: vec![1.0, 0.0, 0.0],
        },
    };
    assert!(matches!(
        agg(&owa, &DATA, &[], &[0.5, 0.5], MissingPolicy::Error),
        Err(CompositeError::DimensionMismatch {
            what: "order_weights",
            ..
        })
    ));
}

#[test]
fn missing_under_error_policy() {
    let mask = [true, true, true, true, false, true];
    match agg(
        &Aggregation::Arithmetic,
        &DATA,
        &mask,
        &[0.5, 0.5],
        MissingPolicy::Error,
    ) {
        Err(CompositeError::MissingValue {
            unit,
            indicator: column,
            period,
        }) => {
            assert_eq!(
                (unit.as_str(), column.as_str(), period),
                ("DE", "efficiency", 2020)
            );
        }
        other => panic!("expected MissingValue, got {other:?}"),
    }
    assert!(
        agg(
            &Aggregation::Arithmetic,
            &DATA,
            &mask,
            &[0.5, 0.5],
            MissingPolicy::SkipAndReweight
        )
        .is_ok()
    );
}

#[test]
fn kemeny_above_limit() {
    let n = 12;
    let data: Vec<f64> = (0..2 * n).map(|k| ((k * 7) % 11) as f64).collect();
    assert!(matches!(
        kemeny_ranking(&data, n, &[1.0, 1.0], 10),
        Err(CompositeError::TooLarge {
            method: "kemeny",
            limit: 10,
            n: 12
        })
    ));
    let a = Aggregation::Kemeny { max_units: 5 };
    assert!(matches!(
        a.aggregate(
            &data,
            &[],
            n,
            &[1.0, 1.0],
            MissingPolicy::Error,
            &AggregationContext::default()
        ),
        Err(CompositeError::TooLarge {
            limit: 5,
            n: 12,
            ..
        })
    ));
    // The limit itself cannot exceed the hard cap.
    assert!(matches!(
        Aggregation::from_key("kemeny:25", "n"),
        Err(CompositeError::InvalidParameter {
            parameter: "max_units",
            ..
        })
    ));
}

#[test]
fn unknown_keys_and_bad_parameters() {
    for key in [
        "median",
        "power",
        "power:x",
        "mpi:*",
        "topsis:l1",
        "owa",
        "",
    ] {
        match Aggregation::from_key(key, "pillar_2") {
            Err(CompositeError::UnknownAggregation { node, key: k }) => {
                assert_eq!(node, "pillar_2");
                assert_eq!(k, key);
            }
            other => panic!("key {key:?}: expected UnknownAggregation, got {other:?}"),
        }
    }
    for key in ["vikor:1.5", "owa:1", "owa:0", "power:inf", "kemeny:0"] {
        assert!(
            matches!(
                Aggregation::from_key(key, "n"),
                Err(CompositeError::InvalidParameter { .. })
            ),
            "{key}"
        );
    }
    assert!(matches!(
        vikor(&DATA, 3, &[0.5, 0.5], &[], -0.1),
        Err(CompositeError::InvalidParameter { .. })
    ));
    let bad_goalposts = Aggregation::AdjustedMazziottaPareto {
        sign: MpiSign::Minus,
        goalposts: AmpiGoalposts::Fixed {
            reference: vec![1.0, 1.0],
            min: vec![0.0, 2.0],
            max: vec![2.0, 2.0],
        },
    };
    assert!(matches!(
        bad_goalposts.validate(),
        Err(CompositeError::InvalidParameter { method: "ampi", .. })
    ));
}

#[test]
fn mpi_on_a_constant_child() {
    let data = [1.0, 2.0, 3.0, 5.0, 5.0, 5.0];
    for a in [
        Aggregation::MazziottaPareto {
            sign: MpiSign::Minus,
        },
        Aggregation::from_key("ampi", "n").unwrap(),
    ] {
        match agg(&a, &data, &[], &[0.5, 0.5], MissingPolicy::Error) {
            Err(CompositeError::ConstantIndicator {
                indicator, period, ..
            }) => {
                assert_eq!((indicator.as_str(), period), ("efficiency", 2020));
            }
            other => panic!("expected ConstantIndicator, got {other:?}"),
        }
    }
}
