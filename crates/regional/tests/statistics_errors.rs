//! Named errors of the convergence, rank-test, regression, Dagum and spatial functions: one test per class
//! of bad input.

use mfg_quality_indicators::ErrorKind;
use mfg_quality_regional::*;

#[test]
fn region_with_no_provinces_in_the_data_is_named() {
    // Only East, Central and West provinces observed: the Northeast group of the map is empty.
    let map = RegionMap::china_nbs4();
    let units = ["CN-GD", "CN-SH", "CN-AH", "CN-HB", "CN-SC", "CN-GS"];
    let g = map.grouping(&units).unwrap();
    let x = [88.0, 90.0, 83.0, 84.0, 82.0, 79.0];
    let e = gini_decomposition(&x, None, &g).unwrap_err();
    assert!(
        matches!(e, RegionalError::EmptyGroup { ref group, period: None } if group == "Northeast"),
        "{e}"
    );
    // A group whose weights are all zero has no population either.
    let g = Grouping::from_labels(&["a", "a", "b"]);
    let e = gini_decomposition(&[1.0, 2.0, 3.0], Some(&[1.0, 1.0, 0.0]), &g).unwrap_err();
    assert!(
        matches!(e, RegionalError::EmptyGroup { ref group, .. } if group == "b"),
        "{e}"
    );
}

#[test]
fn isolated_unit_is_named() {
    // Hainan has no land border: the rook contiguity of all 31 provinces leaves it isolated.
    let all: Vec<String> = RegionMap::china_nbs4()
        .units()
        .iter()
        .map(|u| u.code.clone())
        .collect();
    let e = SpatialWeights::china(&all, ChinaContiguity::Rook, WeightsStyle::RowStandardised)
        .unwrap_err();
    assert!(
        matches!(e, RegionalError::IsolatedUnit { ref unit, position: 20 } if unit == "CN-HI"),
        "{e}"
    );
    assert_eq!(e.kind(), ErrorKind::Degenerate);
    // A subset can isolate a unit too: Beijing and Shanghai share no border.
    let e = SpatialWeights::china(
        &["Beijing", "CN-SH", "CN-JS"],
        ChinaContiguity::Rook,
        WeightsStyle::Binary,
    )
    .unwrap_err();
    assert!(
        matches!(e, RegionalError::IsolatedUnit { ref unit, .. } if unit == "CN-BJ"),
        "{e}"
    );
    // User weights: a zero row.
    let m = vec![
        vec![0.0, 1.0, 0.0],
        vec![1.0, 0.0, 0.0],
        vec![0.0, 0.0, 0.0],
    ];
    let e = SpatialWeights::from_matrix(&["a", "b", "c"], &m, WeightsStyle::RowStandardised)
        .unwrap_err();
    assert!(
        matches!(e, RegionalError::IsolatedUnit { ref unit, position: 2 } if unit == "c"),
        "{e}"
    );
}

#[test]
fn invalid_weights_matrices_are_named() {
    let labels = ["a", "b", "c"];
    let ragged = vec![vec![0.0, 1.0, 1.0], vec![1.0, 0.0], vec![1.0, 1.0, 0.0]];
    assert!(matches!(
        SpatialWeights::from_matrix(&labels, &ragged, WeightsStyle::Binary),
        Err(RegionalError::NotSquare {
            row: 1,
            len: 2,
            expected: 3
        })
    ));
    let negative = vec![
        vec![0.0, 1.0, 1.0],
        vec![1.0, 0.0, -1.0],
        vec![1.0, 1.0, 0.0],
    ];
    assert!(matches!(
        SpatialWeights::from_matrix(&labels, &negative, WeightsStyle::Binary),
        Err(RegionalError::InvalidSpatialWeight {
            row: 1,
            column: 2,
            ..
        })
    ));
    let diagonal = vec![
        vec![1.0, 1.0, 1.0],
        vec![1.0, 0.0, 1.0],
        vec![1.0, 1.0, 0.0],
    ];
    assert!(matches!(
        SpatialWeights::from_matrix(&labels, &diagonal, WeightsStyle::Binary),
        Err(RegionalError::InvalidSpatialWeight {
            row: 0,
            column: 0,
            ..
        })
    ));
    let nan = vec![
        vec![0.0, f64::NAN, 1.0],
        vec![1.0, 0.0, 1.0],
        vec![1.0, 1.0, 0.0],
    ];
    assert!(matches!(
        SpatialWeights::from_matrix(&labels, &nan, WeightsStyle::Binary),
        Err(RegionalError::InvalidSpatialWeight {
            row: 0,
            column: 1,
            ..
        })
    ));
    assert!(matches!(
        SpatialWeights::from_matrix(&["a", "b"], &diagonal, WeightsStyle::Binary),
        Err(RegionalError::LengthMismatch { .. })
    ));
    assert!(matches!(
        SpatialWeights::china(
            &["CN-GD", "Guangdong"],
            ChinaContiguity::Rook,
            WeightsStyle::Binary
        ),
        Err(RegionalError::Duplicate { .. })
    ));
    assert!(matches!(
        SpatialWeights::china(
            &["CN-GD", "CN-TW"],
            ChinaContiguity::Rook,
            WeightsStyle::Binary
        ),
        Err(RegionalError::UnknownUnit { .. })
    ));
}

#[test]
fn fewer_than_three_units_for_a_permutation_test() {
    let m = vec![vec![0.0, 1.0], vec![1.0, 0.0]];
    let w = SpatialWeights::from_matrix(&["a", "b"], &m, WeightsStyle::Binary).unwrap();
    for e in [
        morans_i(&[1.0, 2.0], &w, 99, 1).unwrap_err(),
        gearys_c(&[1.0, 2.0], &w, 99, 1).unwrap_err(),
        local_moran(&[1.0, 2.0], &w, 99, 1, 0.05).unwrap_err(),
    ] {
        assert!(
            matches!(e, RegionalError::TooFewPoints { n: 2, min: 3, .. }),
            "{e}"
        );
    }
    // Three units work; the randomisation variance needs four.
    let m = vec![
        vec![0.0, 1.0, 0.0],
        vec![1.0, 0.0, 1.0],
        vec![0.0, 1.0, 0.0],
    ];
    let w = SpatialWeights::from_matrix(&["a", "b", "c"], &m, WeightsStyle::Binary).unwrap();
    let t = morans_i(&[1.0, 2.0, 4.0], &w, 99, 1).unwrap();
    assert!(t.randomisation.is_none() && t.permutation.is_some());
    // Other bad input of the spatial functions.
    assert!(matches!(
        morans_i(&[1.0, 1.0, 1.0], &w, 0, 1),
        Err(RegionalError::ZeroVariance { .. })
    ));
    assert!(matches!(
        morans_i(&[1.0, 2.0], &w, 0, 1),
        Err(RegionalError::LengthMismatch { .. })
    ));
    assert!(matches!(
        local_moran(&[1.0, 2.0, 4.0], &w, 0, 1, 0.05),
        Err(RegionalError::InvalidParameter {
            parameter: "permutations",
            ..
        })
    ));
    assert!(matches!(
        local_moran(&[1.0, 2.0, 4.0], &w, 9, 1, 1.5),
        Err(RegionalError::InvalidParameter {
            parameter: "alpha",
            ..
        })
    ));
}

#[test]
fn non_positive_values_under_logs() {
    let times = [2000.0, 2005.0];
    let e = sigma_convergence(&times, &[&[1.0, 2.0, 3.0], &[1.0, 0.0, 3.0]]).unwrap_err();
    assert!(
        matches!(e, RegionalError::NonPositive { position: 1, .. }),
        "{e}"
    );
    let e = conditional_beta_convergence(&[1.0, 2.0, -3.0, 4.0, 5.0], &[1.0; 5], 5.0, &[], &[])
        .unwrap_err();
    assert!(
        matches!(e, RegionalError::NonPositive { position: 2, .. }),
        "{e}"
    );
    let e = panel_beta_convergence(&[1.0, 2.0, 3.0], &[&[1.0, 2.0], &[1.5, 2.5], &[2.0, -1.0]])
        .unwrap_err();
    assert!(
        matches!(e, RegionalError::NonPositive { position: 1, .. }),
        "{e}"
    );
}

#[test]
fn convergence_shape_errors() {
    // One period is not a comparison.
    assert!(matches!(
        sigma_convergence(&[2000.0], &[&[1.0, 2.0]]),
        Err(RegionalError::TooFewPoints { min: 2, .. })
    ));
    // Two periods work (no trend), with fewer than 3 units T2 is not reported.
    let s = sigma_convergence(&[2000.0, 2010.0], &[&[1.0, 2.0], &[1.0, 1.5]]).unwrap();
    assert!(s.trend_sd_log.is_none() && s.change.t2.is_none());
    assert!(s.change.sd_log_change < 0.0);
    // Panel: unequal spacing, too few periods.
    let rows: [&[f64]; 3] = [&[1.0, 2.0], &[1.5, 2.5], &[2.0, 3.0]];
    assert!(matches!(
        panel_beta_convergence(&[2000.0, 2003.0, 2007.0], &rows),
        Err(RegionalError::UnequalSpacing { period: 1, .. })
    ));
    assert!(matches!(
        panel_beta_convergence(&[2000.0, 2003.0], &rows[..2]),
        Err(RegionalError::TooFewPoints { min: 3, .. })
    ));
    // Collinear control.
    let x0 = [1.0, 2.0, 3.0, 4.0, 5.0];
    let x1 = [1.2, 2.1, 3.3, 4.1, 5.2];
    let l0: Vec<f64> = x0.iter().map(|v: &f64| v.ln()).collect();
    let e = conditional_beta_convergence(&x0, &x1, 5.0, &[&l0], &["copy"]).unwrap_err();
    assert!(matches!(e, RegionalError::RankDeficient { .. }), "{e}");
    assert!(matches!(
        conditional_beta_convergence(&x0, &x1, 5.0, &[&l0], &[]),
        Err(RegionalError::LengthMismatch { .. })
    ));
    // More parameters than observations.
    let e = Ols::fit(
        &[1.0, 2.0, 3.0],
        &[&[1.0, 2.0, 4.0], &[0.0, 1.0, 0.0]],
        &["a", "b"],
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            RegionalError::RankDeficient {
                rows: 3,
                columns: 3,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn exact_p_value_unavailable_is_named() {
    let x: Vec<f64> = (0..12).map(f64::from).collect();
    let y: Vec<f64> = (0..12).map(|i| f64::from(i * 7 % 12)).collect();
    assert!(matches!(
        spearman_rho_test(&x, &y, SpearmanPValue::Exact),
        Err(RegionalError::ExactUnavailable { n: 12, .. })
    ));
    // Auto above the enumeration limit uses Student t.
    assert_eq!(
        spearman_rho_test(&x, &y, SpearmanPValue::Auto)
            .unwrap()
            .method,
        PValueMethod::StudentT
    );
    let e = kendall_test(
        &[1.0, 2.0, 2.0, 3.0],
        &[1.0, 3.0, 2.0, 4.0],
        KendallPValue::Exact,
    )
    .unwrap_err();
    assert!(
        matches!(e, RegionalError::ExactUnavailable { n: 4, .. }),
        "{e}"
    );
    assert_eq!(e.kind(), ErrorKind::InvalidParameter);
}

#[test]
fn prediction_errors() {
    let fit = LinearFit::fit(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.1, 5.9, 8.0]).unwrap();
    assert!(matches!(
        fit.prediction(2.0, 1.0),
        Err(RegionalError::InvalidParameter { .. })
    ));
    assert!(matches!(
        fit.prediction(f64::NAN, 0.9),
        Err(RegionalError::NonFinite { .. })
    ));
    let ols = Ols::fit(&[2.0, 4.1, 5.9, 8.0], &[&[1.0, 2.0, 3.0, 4.0]], &["x"]).unwrap();
    assert!(matches!(
        ols.prediction(&[1.0, 2.0], 0.95),
        Err(RegionalError::LengthMismatch { .. })
    ));
}

#[test]
#[allow(clippy::needless_range_loop)] // the definition indexes both b[i][j] and b[j][i]
fn asymmetric_weights_moments_match_the_dense_definition() {
    // S₁ = ½ΣΣ(wᵢⱼ + wⱼᵢ)², S₂ = Σ(wᵢ. + w.ᵢ)² by hand for an asymmetric matrix.
    let m = vec![
        vec![0.0, 2.0, 0.0, 1.0],
        vec![0.0, 0.0, 3.0, 0.0],
        vec![1.0, 1.0, 0.0, 0.0],
        vec![0.0, 0.0, 4.0, 0.0],
    ];
    let w = SpatialWeights::from_matrix(&["a", "b", "c", "d"], &m, WeightsStyle::Binary).unwrap();
    let b: Vec<Vec<f64>> = m
        .iter()
        .map(|r| r.iter().map(|&v| if v > 0.0 { 1.0 } else { 0.0 }).collect())
        .collect();
    let (mut s1, mut s2) = (0.0, 0.0);
    for i in 0..4 {
        let (mut r, mut c) = (0.0, 0.0);
        for j in 0..4 {
            s1 += (b[i][j] + b[j][i]) * (b[i][j] + b[j][i]);
            r += b[i][j];
            c += b[j][i];
        }
        s2 += (r + c) * (r + c);
    }
    assert!((w.s0() - 6.0).abs() < 1e-15);
    assert!(
        (w.s1() - s1 / 2.0).abs() < 1e-12,
        "{} vs {}",
        w.s1(),
        s1 / 2.0
    );
    assert!((w.s2() - s2).abs() < 1e-12);
    let rs = SpatialWeights::from_matrix(&["a", "b", "c", "d"], &m, WeightsStyle::RowStandardised)
        .unwrap();
    assert!((rs.s0() - 4.0).abs() < 1e-12);
    let nb: Vec<(usize, f64)> = rs.neighbours(0).collect();
    assert_eq!(nb.len(), 2);
    assert!((nb[0].1 - 2.0 / 3.0).abs() < 1e-15 && nb[0].0 == 1);
}
