//! Named errors for bad input, collinearity reporting, and the tidy table.

use mfg_quality_econometrics::{
    Column, DemeanOptions, EconError, Estimator, Factor, FixedEffects, Ols, Ppml, Table, Vcov,
};

/// 6 firms × 4 years, deterministic pseudo-noise.
fn panel() -> (Vec<u32>, Vec<u32>, Vec<f64>, Vec<f64>) {
    let n = 24usize;
    let firm: Vec<u32> = (0..n as u32).map(|i| i / 4).collect();
    let year: Vec<u32> = (0..n as u32).map(|i| i % 4).collect();
    let x: Vec<f64> = (0..n).map(|i| ((i * 37 % 11) as f64) / 3.0).collect();
    let y: Vec<f64> = (0..n)
        .map(|i| {
            1.5 * x[i] + firm[i] as f64 - 0.3 * year[i] as f64 + ((i * 13 % 7) as f64 - 3.0) / 10.0
        })
        .collect();
    (firm, year, x, y)
}

fn fe(firm: &[u32], year: &[u32]) -> FixedEffects {
    FixedEffects::new(vec![
        Factor::new("firm", firm).unwrap(),
        Factor::new("year", year).unwrap(),
    ])
    .unwrap()
}

#[test]
fn regressor_absorbed_by_fixed_effects_is_named() {
    let (firm, year, x, y) = panel();
    let size: Vec<f64> = firm.iter().map(|&f| 10.0 + f as f64 * f as f64).collect();
    let m = Ols::new(
        Column::new("y", y),
        vec![Column::new("x", x), Column::new("size", size)],
        fe(&firm, &year),
    )
    .unwrap();
    match m.fit(&Vcov::Iid) {
        Err(EconError::AbsorbedByFixedEffects { regressor, .. }) => assert_eq!(regressor, "size"),
        other => panic!("expected AbsorbedByFixedEffects, got {other:?}"),
    }
}

#[test]
fn collinear_regressor_is_dropped_and_named() {
    let (firm, year, x, y) = panel();
    let x2: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
    let fit = Ols::new(
        Column::new("y", y),
        vec![Column::new("x", x), Column::new("x_twice", x2)],
        fe(&firm, &year),
    )
    .unwrap()
    .fit(&Vcov::Hetero)
    .unwrap();
    assert_eq!(fit.dropped(), ["x_twice"]);
    assert_eq!(fit.coefficients().len(), 1);
    assert!((fit.coefficients()[0].estimate - 1.5).abs() < 0.2);
    assert_eq!(fit.estimator(), Estimator::Ols);
}

#[test]
fn all_singletons_is_an_error() {
    let n = 5;
    let ids: Vec<u32> = (0..n).collect();
    let fe = FixedEffects::new(vec![Factor::new("id", &ids).unwrap()]).unwrap();
    let m = Ols::new(
        Column::new("y", vec![1.0, 2.0, 3.0, 4.0, 5.0]),
        vec![Column::new("x", vec![0.5; 5])],
        fe,
    )
    .unwrap();
    assert_eq!(
        m.fit(&Vcov::Iid).unwrap_err(),
        EconError::AllSingletons { n_obs: 5 }
    );
}

#[test]
fn singletons_are_removed_and_counted() {
    let (mut firm, year, x, y) = panel();
    firm[23] = 99; // a firm seen once
    let fit = Ols::new(
        Column::new("y", y),
        vec![Column::new("x", x)],
        fe(&firm, &year),
    )
    .unwrap()
    .fit(&Vcov::Iid)
    .unwrap();
    assert_eq!(fit.singletons_removed(), 1);
    assert_eq!(fit.nobs(), 23);
    assert_eq!(fit.fixed_effect_levels(), vec![("firm", 6), ("year", 4)]);
}

#[test]
fn fewer_than_two_clusters_is_an_error() {
    let (firm, year, x, y) = panel();
    let m = Ols::new(
        Column::new("y", y),
        vec![Column::new("x", x)],
        fe(&firm, &year),
    )
    .unwrap();
    let one = Factor::new("country", &[1u8; 24]).unwrap();
    assert_eq!(
        m.fit(&Vcov::cluster(one)).unwrap_err(),
        EconError::TooFewClusters {
            cluster: "country".into(),
            found: 1
        }
    );
    let short = Factor::new("region", &[1u8, 2]).unwrap();
    assert!(matches!(
        m.fit(&Vcov::cluster(short)),
        Err(EconError::LengthMismatch { .. })
    ));
}

#[test]
fn firm_effects_nested_in_clusters_are_not_counted() {
    let (firm, year, x, y) = panel();
    let m = Ols::new(
        Column::new("y", y),
        vec![Column::new("x", x)],
        fe(&firm, &year),
    )
    .unwrap();
    let iid = m.fit(&Vcov::Iid).unwrap();
    // K = 1 + 6 + 4 − 1
    assert_eq!(iid.df_k(), 10);
    assert_eq!(iid.df_resid(), 14);
    let cl = m
        .fit(&Vcov::cluster(Factor::new("firm", &firm).unwrap()))
        .unwrap();
    // firm nested in the firm clusters: K = 10 − 6 + 1
    assert_eq!(cl.df_k(), 5);
    assert!((cl.df_t() - 5.0).abs() < 1e-12);
}

#[test]
fn ppml_non_convergence_reports_iterations_and_tolerance() {
    let (firm, year, x, _) = panel();
    let counts: Vec<f64> = (0..24).map(|i| ((i * 7) % 5) as f64).collect();
    let m = Ppml::new(
        Column::new("trade", counts),
        vec![Column::new("x", x)],
        fe(&firm, &year),
    )
    .unwrap()
    .convergence(1e-12, 1)
    .unwrap();
    match m.fit(&Vcov::Iid) {
        Err(EconError::PpmlNotConverged {
            iterations,
            tolerance,
            last_change,
        }) => {
            assert_eq!(iterations, 1);
            assert!((tolerance - 1e-12).abs() < 1e-24);
            assert!(last_change > 1e-12);
        }
        other => panic!("expected PpmlNotConverged, got {other:?}"),
    }
}

#[test]
fn ppml_separation_removes_all_zero_levels() {
    let (firm, year, x, _) = panel();
    let counts: Vec<f64> = (0..24)
        .map(|i| {
            if i / 4 == 2 {
                0.0
            } else {
                (1 + (i * 7) % 5) as f64
            }
        })
        .collect();
    let fit = Ppml::new(
        Column::new("trade", counts),
        vec![Column::new("x", x)],
        fe(&firm, &year),
    )
    .unwrap()
    .fit(&Vcov::Hetero)
    .unwrap();
    assert_eq!(fit.separated_removed(), 4);
    assert_eq!(fit.nobs(), 20);
    assert!(fit.deviance().is_some_and(|d| d >= 0.0));
}

#[test]
fn construction_errors_are_named() {
    let (firm, year, x, y) = panel();
    let fe2 = || fe(&firm, &year);
    let mut bad = y.clone();
    bad[3] = f64::NAN;
    assert!(matches!(
        Ols::new(
            Column::new("y", bad),
            vec![Column::new("x", x.clone())],
            fe2()
        ),
        Err(EconError::NonFinite { row: 3, .. })
    ));
    assert!(matches!(
        Ols::new(
            Column::new("y", y.clone()),
            vec![Column::new("x", x[..5].to_vec())],
            fe2()
        ),
        Err(EconError::LengthMismatch {
            found: 5,
            expected: 24,
            ..
        })
    ));
    assert_eq!(
        Ols::new(Column::new("y", y.clone()), vec![], fe2()).unwrap_err(),
        EconError::NoRegressor
    );
    let mut w = vec![1.0; 24];
    w[7] = -1.0;
    assert_eq!(
        Ols::new(
            Column::new("y", y.clone()),
            vec![Column::new("x", x.clone())],
            fe2()
        )
        .unwrap()
        .weights(w)
        .unwrap_err(),
        EconError::InvalidWeight {
            row: 7,
            value: -1.0
        }
    );
    assert!(matches!(
        Ppml::new(
            Column::new("q", y.iter().map(|v| v - 100.0).collect()),
            vec![Column::new("x", x.clone())],
            fe2()
        ),
        Err(EconError::NegativeOutcome { row: 0, .. })
    ));
    assert!(matches!(
        Ols::new(
            Column::new("y", y),
            vec![Column::new("x", x.clone()), Column::new("x", x)],
            fe2()
        ),
        Err(EconError::DuplicateName { .. })
    ));
    assert!(matches!(
        FixedEffects::new(vec![]),
        Err(EconError::Empty { .. })
    ));
    let a = Factor::new("a", &[1, 2, 3]).unwrap();
    assert!(matches!(
        Factor::interaction(&[&a]),
        Err(EconError::InteractionTooSmall { found: 1, .. })
    ));
    assert!(matches!(
        DemeanOptions::new(0.0, 10),
        Err(EconError::InvalidParameter {
            parameter: "tolerance",
            ..
        })
    ));
    assert!(matches!(
        Vcov::two_way(a.clone(), Factor::new("b", &[1, 2]).unwrap()),
        Err(EconError::LengthMismatch { .. })
    ));
}

#[test]
fn demeaning_non_convergence_is_named() {
    let (firm, _, x, y) = panel();
    // an unbalanced second factor, so one sweep is not exact
    let other: Vec<u32> = (0..24u32).map(|i| (i * i) % 5).collect();
    let m = Ols::new(
        Column::new("y", y),
        vec![Column::new("x", x)],
        fe(&firm, &other),
    )
    .unwrap()
    .demean_options(DemeanOptions::new(1e-15, 1).unwrap());
    assert!(matches!(
        m.fit(&Vcov::Iid),
        Err(EconError::DemeaningNotConverged { iterations: 1, .. })
    ));
}

#[test]
fn tidy_table_csv() {
    let (firm, year, x, y) = panel();
    let fit = Ols::new(
        Column::new("y", y),
        vec![Column::new("x, lagged", x)],
        fe(&firm, &year),
    )
    .unwrap()
    .fit(
        &Vcov::two_way(
            Factor::new("firm", &firm).unwrap(),
            Factor::new("year", &year).unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(fit.vcov_type(), "cluster");
    let t = fit.table(0.9);
    let csv = t.write_csv_str();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(Table::COLUMNS.join(",").as_str()));
    let row = lines.next().unwrap();
    assert!(row.starts_with("\"x, lagged\","), "{row}");
    let c = &t.rows()[0];
    assert!(c.conf_low < c.estimate && c.estimate < c.conf_high);
    // the 90 % interval is inside the 95 % one
    let c95 = &fit.coefficients()[0];
    assert!(c95.conf_low < c.conf_low && c.conf_high < c95.conf_high);
}

#[test]
fn errors_report_their_family() {
    use mfg_quality_indicators::ErrorKind;
    assert_eq!(
        DemeanOptions::new(0.0, 10).unwrap_err().kind(),
        ErrorKind::InvalidParameter
    );
    assert_eq!(
        FixedEffects::new(vec![]).unwrap_err().kind(),
        ErrorKind::Shape
    );
}

// ---------------------------------------------------------------------------------------------------------
// The bad-input corpus: one `#[test]` per case; each expects a named error (by `kind()`, and optionally a
// check on the variant) or a documented outcome whose every number is finite.

use mfg_quality_indicators::ErrorKind;

/// The case must fail with an error of this kind (and, optionally, pass `$check`).
macro_rules! bad {
    ($name:ident, $e:expr, $kind:expr) => {
        bad!($name, $e, $kind, |_| true);
    };
    ($name:ident, $e:expr, $kind:expr, $check:expr) => {
        #[test]
        fn $name() {
            let err = match $e {
                Ok(v) => panic!("{}: expected an error, got {v:?}", stringify!($name)),
                Err(e) => e,
            };
            assert_eq!(err.kind(), $kind, "{}: {err}", stringify!($name));
            assert!(!err.to_string().is_empty());
            let check: fn(&EconError) -> bool = $check;
            assert!(check(&err), "{}: {err:?} / {err}", stringify!($name));
        }
    };
}

/// The case succeeds and every coefficient, standard error and p-value is finite.
macro_rules! finite {
    ($name:ident, $e:expr) => {
        #[test]
        fn $name() {
            let est: Estimates = match $e {
                Ok(v) => v,
                Err(e) => panic!("{}: expected estimates, got {e}", stringify!($name)),
            };
            for c in est.coefficients() {
                let text = format!("{c:?}");
                assert!(
                    !text
                        .split(|ch: char| !ch.is_ascii_alphanumeric())
                        .any(|t| t == "NaN" || t == "inf"),
                    "{}: {text}",
                    stringify!($name)
                );
            }
        }
    };
}

use mfg_quality_econometrics::Estimates;

fn ols(y: Vec<f64>, x: Vec<f64>) -> Result<Ols, EconError> {
    let (firm, year, _, _) = panel();
    Ols::new(
        Column::new("y", y),
        vec![Column::new("x", x)],
        fe(&firm, &year),
    )
}

fn ppml(q: Vec<f64>, x: Vec<f64>) -> Result<Ppml, EconError> {
    let (firm, year, _, _) = panel();
    Ppml::new(
        Column::new("q", q),
        vec![Column::new("x", x)],
        fe(&firm, &year),
    )
}

fn xs() -> Vec<f64> {
    panel().2
}

fn ys() -> Vec<f64> {
    panel().3
}

fn with(mut v: Vec<f64>, at: usize, value: f64) -> Vec<f64> {
    v[at] = value;
    v
}

bad!(
    corpus_outcome_nan,
    ols(with(ys(), 0, f64::NAN), xs()),
    ErrorKind::InvalidValue
);
bad!(
    corpus_regressor_inf,
    ols(ys(), with(xs(), 5, f64::INFINITY)),
    ErrorKind::InvalidValue
);
bad!(
    corpus_outcome_too_large,
    ols(with(ys(), 2, 1e200), xs()),
    ErrorKind::Limit,
    |e| matches!(e, EconError::TooLarge { row: 2, column, .. } if column == "y")
);
bad!(
    corpus_regressor_too_large,
    ols(ys(), with(xs(), 1, -1e76)),
    ErrorKind::Limit
);
bad!(
    corpus_weight_too_large,
    ols(ys(), xs()).and_then(|m| m.weights(with(vec![1.0; 24], 0, 1e200))),
    ErrorKind::Limit
);
bad!(
    corpus_weight_zero,
    ols(ys(), xs()).and_then(|m| m.weights(with(vec![1.0; 24], 0, 0.0))),
    ErrorKind::InvalidValue
);
bad!(
    corpus_weight_nan,
    ols(ys(), xs()).and_then(|m| m.weights(with(vec![1.0; 24], 0, f64::NAN))),
    ErrorKind::InvalidValue
);
bad!(
    corpus_weights_length,
    ols(ys(), xs()).and_then(|m| m.weights(vec![1.0; 3])),
    ErrorKind::Shape
);
bad!(
    corpus_empty_outcome,
    Ols::new(
        Column::new("y", vec![]),
        vec![Column::new("x", vec![])],
        FixedEffects::new(vec![
            Factor::new("f", &[0u32; 0]).unwrap_or_else(|_| Factor::new("f", &[0u32]).unwrap())
        ])
        .unwrap()
    ),
    ErrorKind::Shape
);
bad!(
    corpus_empty_factor,
    Factor::new("f", &[0u32; 0]),
    ErrorKind::Shape
);
bad!(
    corpus_factor_length,
    ols(ys(), xs()).map(|_| ()).and_then(|_| Ols::new(
        Column::new("y", ys()),
        vec![Column::new("x", xs())],
        FixedEffects::new(vec![Factor::new("f", &[0u32, 1]).unwrap()]).unwrap()
    )),
    ErrorKind::Shape
);
bad!(
    corpus_duplicate_factor_name,
    FixedEffects::new(vec![
        Factor::new("f", &[0u32, 1]).unwrap(),
        Factor::new("f", &[1u32, 0]).unwrap()
    ]),
    ErrorKind::Duplicate
);
bad!(
    corpus_constant_regressor_absorbed,
    ols(ys(), vec![3.0; 24]).and_then(|m| m.fit(&Vcov::Iid)),
    ErrorKind::Degenerate
);
bad!(
    corpus_one_cluster,
    { ols(ys(), xs()).and_then(|m| m.fit(&Vcov::cluster(Factor::new("c", &[0u32; 24]).unwrap()))) },
    ErrorKind::Degenerate
);
bad!(
    corpus_cluster_length,
    ols(ys(), xs()).and_then(|m| m.fit(&Vcov::cluster(Factor::new("c", &[0u32, 1, 2]).unwrap()))),
    ErrorKind::Shape
);
bad!(
    corpus_no_degrees_of_freedom,
    {
        let fe = FixedEffects::new(vec![Factor::new("g", &[0u32, 0, 1, 1]).unwrap()]).unwrap();
        Ols::new(
            Column::new("y", vec![1.0, 2.0, 3.0, 5.0]),
            vec![
                Column::new("x", vec![1.0, 3.0, 2.0, 7.0]),
                Column::new("z", vec![2.0, 1.0, 5.0, 3.0]),
            ],
            fe,
        )
        .and_then(|m| m.fit(&Vcov::Iid))
    },
    ErrorKind::Degenerate
);
bad!(
    corpus_demean_tolerance_zero,
    DemeanOptions::new(0.0, 10),
    ErrorKind::InvalidParameter
);
bad!(
    corpus_demean_tolerance_nan,
    DemeanOptions::new(f64::NAN, 10),
    ErrorKind::InvalidParameter
);
bad!(
    corpus_demean_no_iterations,
    DemeanOptions::new(1e-8, 0),
    ErrorKind::InvalidParameter
);
bad!(
    corpus_ppml_negative,
    ppml(with(ys().iter().map(|v| v.abs()).collect(), 0, -1.0), xs()),
    ErrorKind::InvalidValue
);
bad!(
    corpus_ppml_outcome_too_large,
    ppml(with(vec![1.0; 24], 0, 1e300), xs()),
    ErrorKind::Limit
);
bad!(
    corpus_ppml_bad_convergence_parameter,
    ppml(vec![1.0; 24], xs()).and_then(|m| m.convergence(-1.0, 10)),
    ErrorKind::InvalidParameter
);
bad!(
    corpus_ppml_all_zero_outcome,
    ppml(vec![0.0; 24], xs()).and_then(|m| m.fit(&Vcov::Iid)),
    ErrorKind::Degenerate
);
finite!(
    corpus_ols_at_the_limit,
    ols(
        ys().iter().map(|v| v * 1e74).collect(),
        xs().iter().map(|v| v * 1e74).collect()
    )
    .and_then(|m| m.fit(&Vcov::Hetero))
);
finite!(corpus_ols_at_the_limit_clustered, {
    let (firm, _, _, _) = panel();
    ols(
        ys().iter().map(|v| v * 1e74).collect(),
        xs().iter().map(|v| v * 1e74).collect(),
    )
    .and_then(|m| m.fit(&Vcov::cluster(Factor::new("firm", &firm).unwrap())))
});
finite!(
    corpus_ols_small_values,
    ols(
        ys().iter().map(|v| v * 1e-100).collect(),
        xs().iter().map(|v| v * 1e-100).collect()
    )
    .and_then(|m| m.fit(&Vcov::Iid))
);
finite!(
    corpus_ppml_large_counts,
    ppml(ys().iter().map(|v| (v.abs() + 1.0) * 1e70).collect(), xs())
        .and_then(|m| m.fit(&Vcov::Hetero))
);
