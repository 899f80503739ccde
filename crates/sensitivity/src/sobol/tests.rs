//! Tests of the Sobol design layout, exact shares of a linear model and the discrete mapping.

use super::*;

fn design(d: usize, n: usize, second: bool) -> SobolDesign {
    let inputs = (0..d)
        .map(|i| SobolInput::new(format!("x{i}"), Marginal::default()))
        .collect();
    SobolDesign::new(
        inputs,
        SobolSettings {
            n,
            second_order: second,
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn layout_swaps_only_the_factor_columns() {
    let s = design(3, 8, true);
    let p = s.unit_points();
    let (n, dims) = (8, 3);
    assert_eq!(p.len(), s.n_runs() * dims);
    assert_eq!(s.n_runs(), 8 * 8);
    let row = |r: usize| &p[r * dims..(r + 1) * dims];
    for j in 0..n {
        let (a, b) = (row(j), row(n + j));
        for i in 0..3 {
            let ab = row((2 + i) * n + j);
            let ba = row((2 + 3 + i) * n + j);
            for c in 0..3 {
                assert_eq!(ab[c].to_bits(), if c == i { b[c] } else { a[c] }.to_bits());
                assert_eq!(ba[c].to_bits(), if c == i { a[c] } else { b[c] }.to_bits());
            }
        }
    }
    assert!(p.iter().all(|u| (0.0..1.0).contains(u)));
}

#[test]
fn linear_model_has_exact_shares() {
    // Y = x0 + 2 x1 on U(0,1): V_i ∝ c_i², so S = ST = (0.2, 0.8), no interaction.
    let s = design(2, 1024, false).run(|x| x[0] + 2.0 * x[1]).unwrap();
    assert!((s.first[0].value - 0.2).abs() < 0.01, "{s}");
    assert!((s.first[1].value - 0.8).abs() < 0.01, "{s}");
    assert!((s.total[0].value - 0.2).abs() < 0.01, "{s}");
    assert!((s.total[1].value - 0.8).abs() < 0.01, "{s}");
}

#[test]
fn below_the_minimum_n_is_refused_with_the_reason() {
    let inputs = |d: usize| -> Vec<SobolInput> {
        (0..d)
            .map(|i| SobolInput::new(format!("x{i}"), Marginal::default()))
            .collect()
    };
    let settings = |n, second_order| SobolSettings {
        n,
        second_order,
        ..Default::default()
    };
    // the case: d = 2 at N = 3 gave S1 = 1.055 above ST = 0.33
    let e = SobolDesign::new(inputs(2), settings(3, false)).unwrap_err();
    assert!(matches!(
        e,
        SensitivityError::TooFew {
            what: "base samples N",
            needed: 8,
            got: 3,
            ..
        }
    ));
    assert!(e.to_string().contains("meaningless"), "{e}");
    assert_eq!(SobolDesign::minimum_n(20, false), 21);
    assert_eq!(SobolDesign::minimum_n(20, true), 41);
    assert!(SobolDesign::new(inputs(2), settings(8, false)).is_ok());
    assert!(SobolDesign::new(inputs(5), settings(10, true)).is_err());
}

#[test]
fn small_samples_carry_warnings() {
    // At N = 8, some seed gives S1 above ST or an index out of [0, 1] for this strongly interacting model.
    let found = (0..50u32).any(|seed| {
        let d = SobolDesign::new(
            (0..3)
                .map(|i| SobolInput::new(format!("x{i}"), Marginal::default()))
                .collect(),
            SobolSettings {
                n: 8,
                seed,
                ..Default::default()
            },
        )
        .unwrap();
        let s = d.run(|x| (9.0 * x[0]).sin() * x[1] + x[2] * x[2]).unwrap();
        !s.warnings.is_empty() && s.to_string().contains("warning:")
    });
    assert!(found);
    // a large sample of a linear model has none
    let s = design(2, 1024, false).run(|x| x[0] + 2.0 * x[1]).unwrap();
    assert!(s.warnings.is_empty(), "{s}");
}

#[test]
fn common_result_shape() {
    let s = design(3, 64, true).run(|x| x[0] + x[1] * x[2]).unwrap();
    let r = s.to_result("y");
    assert_eq!(r.method, Method::Sobol);
    assert_eq!(r.indices.len(), 3 * 2 + 3);
    assert_eq!(r.evaluations, 64 * 8);
    assert_eq!(r.column(0, Measure::FirstOrder), s.first_values());
    assert_eq!(r.column(0, Measure::Total), s.total_values());
    let s12 = r.get(1, 0, Measure::SecondOrder { with: 2 }).unwrap();
    assert_eq!(s12.estimate.to_bits(), s.second[2].estimate.value.to_bits());
    assert_eq!(r.confidence, Some(0.95));
    assert!(r.write_csv_str().lines().count() == 1 + 9);
}

#[test]
fn all_model_forms_give_the_same_indices() {
    let d = design(3, 128, false);
    let f = |x: &[f64]| x[0] * x[1] + (3.0 * x[2]).sin();
    let scalar = d.run(f).unwrap();
    let vector = d
        .run_vec(|x| vec![f(x), 2.0 * f(x)], Control::default())
        .unwrap();
    let batched = d
        .run_batched::<_, std::convert::Infallible>(
            1,
            |b, y| {
                for (x, o) in b.iter().zip(y.iter_mut()) {
                    *o = f(x);
                }
                Ok(())
            },
            Control::default(),
        )
        .unwrap();
    let same = |a: &SobolIndices, b: &SobolIndices| {
        a.first_values()
            .iter()
            .chain(&a.total_values())
            .zip(b.first_values().iter().chain(&b.total_values()))
            .all(|(p, q)| (p - q).abs() < 1e-12)
    };
    assert!(same(&scalar, vector[0].as_ref().unwrap()));
    assert!(same(&scalar, vector[1].as_ref().unwrap()));
    assert_eq!(
        format!("{scalar:?}"),
        format!("{:?}", batched[0].as_ref().unwrap())
    );
    // a batched model's failure names the design row
    let e = d
        .evaluate_batched(
            1,
            |b, _| {
                Err(RowError {
                    row: b.start + 1,
                    error: std::io::Error::other("refused"),
                })
            },
            Control::default(),
        )
        .unwrap_err();
    assert!(
        matches!(e, SensitivityError::ModelFailed { sample: 1, .. }),
        "{e}"
    );
    if let SensitivityError::ModelFailed { source, .. } = e {
        assert!(source.downcast_ref::<std::io::Error>().is_some());
    }
}

#[test]
fn beyond_one_sequence_blocks_are_independent_scramblings() {
    // N = 2^16 + 64: rows past 2^16 come from a second scrambling, not a repeat of the first rows.
    let n = POINTS_PER_SEQUENCE + 64;
    let d = design(1, n, false);
    let p = d.unit_points();
    // A is column 0 of rows 0..n
    assert!((0..64).all(|k| p[k].to_bits() != p[POINTS_PER_SEQUENCE + k].to_bits()));
    let s = d.run(|x| x[0]).unwrap();
    assert!((s.first[0].value - 1.0).abs() < 1e-3 && (s.total[0].value - 1.0).abs() < 1e-3);
}
