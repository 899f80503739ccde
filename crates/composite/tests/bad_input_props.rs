//! Property tests of bad and random input: the configuration reader never panics on arbitrary bytes or
//! arbitrary JSON (nor does a run of whatever it accepts), and invariants hold on random valid input for
//! the methods and families the other property tests leave out — AHP weights (complete, inconsistent and
//! incomplete) sum to 1, every normalisation family is monotone in the direction of the polarity and
//! within its bounds, an indicator without data is reported exactly once per period.

use mfg_quality_composite::normalise::{
    DistanceForm, Goalpost, Normalisation, Reference, Transform,
};
use mfg_quality_composite::pipeline::{MissingIndicatorPolicy, PipelineConfig};
use mfg_quality_composite::weights::Weighting;
use mfg_quality_composite::weights::ahp::RandomIndexTable;
use mfg_quality_indicators::stats::{TieMethod, VarianceKind};
use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Polarity, Unit};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A valid configuration to mutate.
fn base_config() -> Value {
    json!({
        "framework": {"id": "IDX", "children": [
            {"id": "P1", "children": [{"indicator": {"id": "a", "name_en": "A"}},
                                      {"indicator": {"id": "b", "name_en": "B", "polarity": "negative"}}]},
            {"id": "P2", "children": [{"indicator": {"id": "c", "name_en": "C"}}]}]},
        "normalisation": {"method": "min_max", "lo": 0, "hi": 100},
        "weighting": {"P1": {"method": "entropy"}},
        "aggregation": {"method": "arithmetic"}
    })
}

fn panel() -> Panel {
    Panel::from_dense(
        ["U1", "U2", "U3", "U4"]
            .iter()
            .map(|u| Unit::new(*u))
            .collect(),
        vec!["a".into(), "b".into(), "c".into()],
        vec![2020],
        vec![1.0, 2.0, 3.0, 4.0, 5.0, 4.0, 9.0, 1.0, 0.5, 0.7, 0.1, 0.3],
        vec![true; 12],
    )
    .unwrap()
}

/// Arbitrary JSON values, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        prop::num::f64::NORMAL.prop_map(|f| json!(f)),
        prop_oneof![
            Just("min_max".to_string()),
            Just("method".to_string()),
            Just("arithmetic".to_string()),
            Just("entropy".to_string()),
            "[a-z_]{0,8}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("method".to_string()),
                    Just("lo".to_string()),
                    Just("hi".to_string()),
                    Just("p".to_string()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Whatever the reader accepts runs to a result with finite numbers or to a named error.
fn run_checked(text: &str) -> Result<(), TestCaseError> {
    if let Ok(cfg) = PipelineConfig::read_json_str(text) {
        match cfg.run(&panel()) {
            Ok(r) => {
                for node in ["IDX", "P1", "P2"] {
                    if let Ok(s) = r.scores(node, 2020) {
                        prop_assert!(s.iter().flatten().all(|v| v.is_finite()), "{text}: {s:?}");
                    }
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
    Ok(())
}

/// A column of distinct-ish values.
fn column() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-50.0f64..50.0, 3..20)
}

fn one_col(v: &[f64]) -> Panel {
    Panel::from_dense(
        (0..v.len()).map(|i| Unit::new(format!("u{i}"))).collect(),
        vec!["x".into()],
        vec![1],
        v.to_vec(),
        vec![true; v.len()],
    )
    .unwrap()
}

/// Every normalisation family applicable to a column of any sign.
fn families(v: &[f64]) -> Vec<Normalisation> {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    vec![
        Normalisation::MinMax { lo: 0.0, hi: 1.0 },
        Normalisation::ZScore {
            variance: VarianceKind::Sample,
            mean: 100.0,
            sd: 10.0,
        },
        Normalisation::Goalposts {
            posts: BTreeMap::from([(
                "x".to_string(),
                Goalpost {
                    min: lo - 1.0,
                    max: hi + 1.0,
                    log: false,
                },
            )]),
            scale: 100.0,
        },
        Normalisation::DistanceToReference {
            reference: Reference::Mean,
            form: DistanceForm::Difference,
        },
        Normalisation::Rank {
            ties: TieMethod::Min,
        },
        Normalisation::PercentileRank {
            ties: TieMethod::Average,
            form: Default::default(),
            scale: 1.0,
        },
        Normalisation::Categorical {
            thresholds: vec![-10.0, 0.0, 10.0],
            scores: vec![0.0, 1.0, 2.0, 3.0],
        },
        Normalisation::AboveBelowMean { p: 0.1 },
        Normalisation::Transformed {
            transform: Transform::BoxCox { lambda: 0.5 },
            then: Box::new(Normalisation::MinMax { lo: 0.0, hi: 1.0 }),
        },
        Normalisation::Identity,
        // the families below need positive values: the test shifts the column for them
        Normalisation::Sum,
        Normalisation::Max,
        Normalisation::Vector,
        Normalisation::Logarithmic,
        Normalisation::ZavadskasTurskis,
        Normalisation::Scaled {
            lo: 0.0,
            hi: 100.0,
            scale: 100.0,
        },
        Normalisation::DistanceToMax,
        Normalisation::DistanceToTarget {
            targets: BTreeMap::from([("x".to_string(), 75.0)]),
            cap: false,
        },
        Normalisation::PercentileRank {
            ties: TieMethod::Average,
            form: mfg_quality_composite::normalise::PercentileForm::Share,
            scale: 100.0,
        },
    ]
}

fn framework(n: usize) -> Framework {
    Framework::new(NodeSpec::group(
        "IDX",
        "",
        "",
        (0..n)
            .map(|j| NodeSpec::leaf(Indicator::new(format!("x{j}"), "", "")))
            .collect(),
    ))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary bytes (read as UTF-8, lossily) never make the reader panic; what it refuses is `Parse`.
    #[test]
    fn reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = PipelineConfig::read_json_str(&text) {
            prop_assert_eq!(e.kind(), mfg_quality_indicators::ErrorKind::Parse);
        }
    }

    /// A valid configuration with one byte replaced, inserted or removed never makes the reader or the
    /// run panic, nor the run return a non-finite score.
    #[test]
    fn reader_never_panics_on_a_mutated_config(at in 0usize..400, byte in 32u8..127, op in 0..3u8) {
        let mut text = serde_json::to_string(&base_config()).unwrap().into_bytes();
        let at = at % text.len();
        match op {
            0 => text[at] = byte,
            1 => text.insert(at, byte),
            _ => { text.remove(at); }
        }
        run_checked(&String::from_utf8_lossy(&text))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Arbitrary JSON, at the top level or in place of any field of a valid configuration, never makes the
    /// reader or the run panic, nor the run return a non-finite score.
    #[test]
    fn reader_never_panics_on_arbitrary_json(value in any_json(), field in 0usize..6) {
        run_checked(&value.to_string())?;
        let mut cfg = base_config();
        let key = ["framework", "normalisation", "weighting", "aggregation", "missing_indicator", "screening"][field];
        cfg[key] = value;
        run_checked(&cfg.to_string())?;
    }

    /// AHP priorities of a random reciprocal matrix (consistent or not, complete or with missing pairs
    /// completed by Harker's method) are positive and sum to 1.
    #[test]
    fn ahp_weights_sum_to_one(
        upper in prop::collection::vec(prop::sample::select(vec![1.0/9.0, 1.0/5.0, 1.0/3.0, 1.0, 2.0, 3.0, 5.0, 9.0]), 10),
        missing in prop::collection::vec(prop::bool::weighted(0.2), 10),
        n in 2usize..6,
    ) {
        let mut full = vec![vec![1.0; n]; n];
        let mut part = vec![vec![Some(1.0); n]; n];
        let mut k = 0;
        for i in 0..n {
            for j in i + 1..n {
                full[i][j] = upper[k];
                full[j][i] = 1.0 / upper[k];
                // Keep the first row complete so that the comparison graph stays connected.
                let gone = i > 0 && missing[k];
                part[i][j] = (!gone).then_some(upper[k]);
                part[j][i] = (!gone).then_some(1.0 / upper[k]);
                k += 1;
            }
        }
        let nominal = vec![1.0; n];
        for w in [
            Weighting::Ahp { matrix: full, random_index: RandomIndexTable::Saaty1980 },
            Weighting::AhpIncomplete { matrix: part, random_index: RandomIndexTable::DoneganDodd1991 },
        ] {
            let p = w.compute(&[], 0, &nominal, "node").unwrap();
            prop_assert_eq!(p.len(), n);
            prop_assert!(p.iter().all(|x| x.is_finite() && *x > 0.0), "{:?}", p);
            prop_assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{:?}", p);
        }
    }

    /// Every family: a unit with a larger value never gets a worse normalised value under positive
    /// polarity, nor a better one under negative polarity; the values are finite and within the family's
    /// bounds where it has some.
    #[test]
    fn every_family_is_monotone_in_the_polarity(v in column()) {
        let p = one_col(&v);
        for m in families(&v) {
            // Box–Cox needs positive values: shift the column for that family.
            let shifted: Vec<f64> = v.iter().map(|x| x + 51.0).collect();
            let positive_only = matches!(
                m,
                Normalisation::Transformed { .. }
                    | Normalisation::Sum
                    | Normalisation::Max
                    | Normalisation::Vector
                    | Normalisation::Logarithmic
                    | Normalisation::ZavadskasTurskis
                    | Normalisation::DistanceToTarget { .. }
            );
            let data = if positive_only { one_col(&shifted) } else { p.clone() };
            let pos = m.apply(&data, &[Polarity::Positive]);
            let neg = m.apply(&data, &[Polarity::Negative]);
            let (pos, neg) = match (pos, neg) {
                (Ok(a), Ok(b)) => (a, b),
                // A constant column is the only refusal on this data (a zero mean as the reference of a
                // relative difference is one: an all-zero column).
                (Err(e), _) | (_, Err(e)) => {
                    let constant = v.iter().all(|x| x.to_bits() == v[0].to_bits());
                    prop_assert!(
                        matches!(e, mfg_quality_composite::CompositeError::ConstantIndicator { .. })
                            || (constant && matches!(e, mfg_quality_composite::CompositeError::ZeroReference { .. }))
                            // a target must lie on the better side of the worst value
                            || matches!((&m, &e), (Normalisation::DistanceToTarget { .. },
                                mfg_quality_composite::CompositeError::InvalidParameter { parameter: "reference", .. })),
                        "{:?}: {:?}", m, e
                    );
                    continue;
                }
            };
            let (a, b) = (pos.column(0, 0), neg.column(0, 0));
            prop_assert!(a.iter().chain(b).all(|y| y.is_finite()), "{:?}", m);
            for i in 0..v.len() {
                for j in 0..v.len() {
                    if v[i] < v[j] {
                        prop_assert!(a[i] <= a[j] + 1e-12, "{:?}: positive, {} < {} but {} > {}", m, v[i], v[j], a[i], a[j]);
                        prop_assert!(b[i] + 1e-12 >= b[j], "{:?}: negative, {} < {} but {} < {}", m, v[i], v[j], b[i], b[j]);
                    }
                }
            }
            let bounds = match &m {
                Normalisation::MinMax { lo, hi } => Some((*lo, *hi)),
                Normalisation::Transformed { .. } => Some((0.0, 1.0)),
                Normalisation::Goalposts { scale, .. } => Some((0.0, *scale)),
                Normalisation::PercentileRank { scale, .. } => Some((0.0, *scale)),
                Normalisation::Sum | Normalisation::Max | Normalisation::DistanceToMax => Some((0.0, 1.0)),
                Normalisation::ZavadskasTurskis => Some((f64::NEG_INFINITY, 1.0)),
                Normalisation::Rank { .. } => Some((1.0, v.len() as f64)),
                Normalisation::Categorical { .. } => Some((0.0, 3.0)),
                Normalisation::AboveBelowMean { .. } => Some((-1.0, 1.0)),
                _ => None,
            };
            if let Some((lo, hi)) = bounds {
                prop_assert!(a.iter().chain(b).all(|y| *y >= lo - 1e-12 && *y <= hi + 1e-12), "{:?}: {:?} {:?}", m, a, b);
            }
        }
    }

    /// Under `drop_with_warning`, each (indicator, period) without any observed value gives exactly one
    /// warning and the run's scores stay finite; under the default policy the run fails with `NoData`
    /// exactly when there is such a pair.
    #[test]
    fn empty_indicators_are_reported_once_per_period(
        n in 2usize..5,
        empty in prop::collection::vec(prop::bool::weighted(0.3), 8),
        values in prop::collection::vec(0.0f64..10.0, 5 * 4 * 2),
    ) {
        let nu = 5;
        let periods = [2020, 2021];
        let mut mask = Vec::new();
        for p in 0..2 {
            for j in 0..n {
                mask.extend(std::iter::repeat_n(!empty[p * 4 + j], nu));
            }
        }
        let data = Panel::from_dense(
            (0..nu).map(|u| Unit::new(format!("u{u}"))).collect(),
            (0..n).map(|j| format!("x{j}")).collect(),
            periods.to_vec(),
            values[..2 * n * nu].to_vec(),
            mask,
        ).unwrap();
        let n_empty = (0..2).flat_map(|p| (0..n).map(move |j| (p, j))).filter(|(p, j)| empty[p * 4 + j]).count();
        let mut cfg = PipelineConfig::new(framework(n));
        cfg.normalisation = Normalisation::Identity;
        let strict = cfg.run(&data);
        prop_assert_eq!(
            matches!(strict, Err(mfg_quality_composite::CompositeError::NoData { .. })),
            n_empty > 0,
            "{:?}", strict.err()
        );
        cfg.missing_indicator = MissingIndicatorPolicy::DropWithWarning;
        let r = cfg.run(&data).unwrap();
        prop_assert_eq!(r.warnings().len(), n_empty);
        for p in periods {
            prop_assert!(r.scores("IDX", p).unwrap().iter().flatten().all(|s| s.is_finite()));
        }
    }
}
