//! The validated aggregation types: construction errors, the plan built from the config enum, a
//! user-defined aggregator plugged into the plan, the serde form of the config enum.

use std::sync::Arc;

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::aggregate::{
    AdjustedMazziottaPareto, Aggregation, AggregationContext, Aggregator, AggregatorPlan,
    AmpiGoalposts, Kemeny, MissingPolicy, MpiSign, Owa, OwaWeights, Power, Topsis,
    TopsisNormalisation, Vikor,
};

fn all_methods() -> Vec<Aggregation> {
    [
        "arithmetic",
        "geometric",
        "harmonic",
        "power:0.5",
        "power:-2",
        "mpi:-",
        "mpi:+",
        "ampi:-",
        "owa:0.3",
        "topsis:vector",
        "topsis:min_max",
        "vikor:0.4",
        "borda",
        "copeland",
        "kemeny:6",
    ]
    .iter()
    .map(|k| Aggregation::from_key(k, "n").unwrap())
    .collect()
}

// 5 units × 3 children, column-major, positive, with a missing cell.
const DATA: [f64; 15] = [
    0.2, 0.5, 0.9, 0.4, 0.7, /* */ 0.4, 0.5, 0.1, 0.8, 0.3, /* */ 0.6, 0.2, 0.3, 0.5, 0.9,
];
const W: [f64; 3] = [0.5, 0.3, 0.2];

#[test]
fn plan_gives_the_bits_of_the_config_enum() {
    let ctx = AggregationContext::default();
    let mut mask = [true; 15];
    mask[7] = false;
    for agg in all_methods() {
        for m in [&[][..], &mask[..]] {
            let old = agg.aggregate(&DATA, m, 5, &W, MissingPolicy::SkipAndReweight, &ctx);
            let plan = AggregatorPlan::try_from(&agg).unwrap();
            assert_eq!(plan.name(), agg.name());
            assert_eq!(plan.is_monotone(), agg.is_monotone());
            assert_eq!(plan.is_unitwise(), agg.is_unitwise());
            let (mut s, mut p) = (vec![0.0; 5], vec![false; 5]);
            let new = plan.aggregate_into(
                &DATA,
                m,
                5,
                &W,
                MissingPolicy::SkipAndReweight,
                &ctx,
                &mut s,
                &mut p,
            );
            match (old, new) {
                (Ok(old), Ok(())) => {
                    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&old.scores), bits(&s), "{}", agg.key());
                    assert_eq!(old.present, p, "{}", agg.key());
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{}: {a:?} vs {b:?}", agg.key()),
            }
            let owned = AggregatorPlan::try_from(agg.clone()).unwrap();
            assert_eq!(owned, plan);
        }
    }
}

#[test]
fn constructors_reject_bad_parameters() {
    let param = |e: CompositeError| match e {
        CompositeError::InvalidParameter { parameter, .. } => parameter,
        other => panic!("{other:?}"),
    };
    assert_eq!(param(Power::new(f64::NAN).unwrap_err()), "p");
    assert_eq!(param(Vikor::new(1.01).unwrap_err()), "v");
    assert_eq!(param(Kemeny::new(0).unwrap_err()), "max_units");
    assert_eq!(
        param(Owa::new(OwaWeights::Orness { orness: 1.0 }).unwrap_err()),
        "orness"
    );
    assert!(matches!(
        AdjustedMazziottaPareto::new(
            MpiSign::Minus,
            AmpiGoalposts::Fixed {
                reference: vec![0.0, 1.0],
                min: vec![0.0],
                max: vec![1.0],
            }
        ),
        Err(CompositeError::InvalidParameter { .. })
    ));
    for bad in [
        Aggregation::Power { p: f64::INFINITY },
        Aggregation::Vikor { v: -1.0 },
        Aggregation::Kemeny { max_units: 0 },
    ] {
        assert!(matches!(
            AggregatorPlan::try_from(&bad),
            Err(CompositeError::InvalidParameter { .. })
        ));
    }
}

#[test]
fn data_dependent_errors_stay_after_construction() {
    let plan = AggregatorPlan::try_from(&Aggregation::Geometric).unwrap();
    let (mut s, mut p) = ([0.0; 2], [false; 2]);
    let r = plan.aggregate_into(
        &[1.0, -1.0],
        &[],
        2,
        &[1.0],
        MissingPolicy::Error,
        &AggregationContext::default(),
        &mut s,
        &mut p,
    );
    assert!(
        matches!(r, Err(CompositeError::InvalidValue { .. })),
        "{r:?}"
    );
    let k = AggregatorPlan::from(Kemeny::new(2).unwrap());
    let (mut s, mut p) = ([0.0; 3], [false; 3]);
    let r = k.aggregate_into(
        &[1.0, 2.0, 3.0],
        &[],
        3,
        &[1.0],
        MissingPolicy::Error,
        &AggregationContext::default(),
        &mut s,
        &mut p,
    );
    assert!(matches!(r, Err(CompositeError::TooLarge { .. })), "{r:?}");
}

/// The maximum of the present children: a user's own method.
#[derive(Debug)]
struct Max;

impl Aggregator for Max {
    fn name(&self) -> &'static str {
        "max"
    }

    fn aggregate_into(
        &self,
        data: &[f64],
        _mask: &[bool],
        n_rows: usize,
        _weights: &[f64],
        _missing: MissingPolicy,
        _ctx: &AggregationContext,
        scores: &mut [f64],
        present: &mut [bool],
    ) -> mfg_quality_composite::Result<()> {
        for i in 0..n_rows {
            scores[i] = data[i..]
                .iter()
                .step_by(n_rows)
                .copied()
                .fold(f64::MIN, f64::max);
            present[i] = true;
        }
        Ok(())
    }

    fn is_monotone(&self) -> bool {
        true
    }
}

#[test]
fn custom_aggregator_runs_through_the_plan() {
    let custom: Arc<dyn Aggregator> = Arc::new(Max);
    let plan = AggregatorPlan::from(custom.clone());
    assert_eq!(plan, AggregatorPlan::Custom(custom));
    assert_eq!(plan.name(), "max");
    assert!(plan.is_monotone() && !plan.is_unitwise() && !plan.is_row_wise());
    let (mut s, mut p) = (vec![0.0; 5], vec![false; 5]);
    plan.aggregate_into(
        &DATA,
        &[],
        5,
        &W,
        MissingPolicy::Error,
        &AggregationContext::default(),
        &mut s,
        &mut p,
    )
    .unwrap();
    assert_eq!(s, vec![0.6, 0.5, 0.9, 0.8, 0.9]);
    assert!(p.iter().all(|&x| x));
}

#[test]
fn built_in_types_convert_into_the_plan() {
    assert_eq!(
        AggregatorPlan::from(Topsis::new(TopsisNormalisation::MinMax)),
        AggregatorPlan::try_from(&Aggregation::from_key("topsis:min_max", "n").unwrap()).unwrap()
    );
    assert_ne!(
        AggregatorPlan::from(Power::new(1.0).unwrap()),
        AggregatorPlan::from(Power::new(2.0).unwrap())
    );
}

#[test]
fn config_serde_form_unchanged() {
    for (agg, json) in [
        (
            Aggregation::Power { p: 0.5 },
            r#"{"method":"power","p":0.5}"#,
        ),
        (
            Aggregation::Topsis {
                normalisation: TopsisNormalisation::Vector,
            },
            r#"{"method":"topsis","normalisation":"vector"}"#,
        ),
        (Aggregation::Borda, r#"{"method":"borda"}"#),
    ] {
        assert_eq!(serde_json::to_string(&agg).unwrap(), json);
        assert_eq!(serde_json::from_str::<Aggregation>(json).unwrap(), agg);
    }
    for agg in all_methods() {
        let back: Aggregation =
            serde_json::from_str(&serde_json::to_string(&agg).unwrap()).unwrap();
        assert_eq!(back, agg);
        assert_eq!(Aggregation::from_key(&agg.key(), "n").unwrap(), agg);
    }
}
