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
