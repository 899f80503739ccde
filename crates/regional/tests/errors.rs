//! One test per class of bad input, asserting the named error variant.

use mfg_quality_indicators::{Panel, Unit};
use mfg_quality_regional::*;

#[test]
fn unit_not_in_map() {
    let map = RegionMap::china_nbs4();
    let e = map.grouping(&["CN-GD", "CN-TW"]).unwrap_err();
    assert!(
        matches!(e, RegionalError::UnknownUnit { ref unit, .. } if unit == "CN-TW"),
        "{e}"
    );
    assert!(matches!(
        map.group_of("Atlantis"),
        Err(RegionalError::UnknownUnit { .. })
    ));
}

#[test]
fn group_with_no_units_in_a_period() {
    // Northeast is observed in 2015 only: 2014 has no Northeast unit.
    let map = RegionMap::china_nbs4();
    let units = vec![
        Unit::new("CN-GD"),
        Unit::new("CN-AH"),
        Unit::new("CN-SC"),
        Unit::new("CN-LN"),
    ];
    let mut b = Panel::builder(units, vec!["mqci".into()], vec![2014, 2015]).unwrap();
    for (u, v) in [
        ("CN-GD", 88.0),
        ("CN-AH", 83.0),
        ("CN-SC", 82.0),
        ("CN-LN", 81.0),
    ] {
        b.set(u, "mqci", 2015, v).unwrap();
        if u != "CN-LN" {
            b.set(u, "mqci", 2014, v).unwrap();
        }
    }
    let panel = b.build();
    assert!(matches!(
        group_summaries_panel(&panel, "gdp", &map),
        Err(RegionalError::UnknownIndicator { .. })
    ));
    let e = group_summaries_panel(&panel, "mqci", &map).unwrap_err();
    assert_eq!(
        e,
        RegionalError::EmptyGroup {
            group: "Northeast".into(),
            period: Some(2014)
        }
    );
    // a subset of provinces without any Central one, in a cross-section
    let g = map.grouping(&["CN-GD", "CN-SC", "CN-LN"]).unwrap();
    let e = group_summaries(&[1.0, 2.0, 3.0], None, &g).unwrap_err();
    assert_eq!(
        e,
        RegionalError::EmptyGroup {
            group: "Central".into(),
            period: None
        }
    );
    assert!(matches!(
        one_way_anova(&[1.0, 2.0, 3.0], &g),
        Err(RegionalError::EmptyGroup { .. })
    ));
}

#[test]
fn empty_group_or_duplicate_in_a_map() {
    let u = |c: &str, g: &str| MapUnit {
        code: c.into(),
        name_en: String::new(),
        name_zh: String::new(),
        group: g.into(),
    };
    let e = RegionMap::new("m", vec!["N".into(), "S".into()], vec![u("A", "N")]).unwrap_err();
    assert!(matches!(e, RegionalError::EmptyGroup { ref group, period: None } if group == "S"));
    let e = RegionMap::new("m", vec![], vec![u("A", "N"), u("A", "S")]).unwrap_err();
    assert!(matches!(e, RegionalError::Duplicate { kind: "code", .. }));
    let e = RegionMap::new("m", vec!["N".into()], vec![u("A", "X")]).unwrap_err();
    assert!(matches!(e, RegionalError::UnknownGroup { .. }));
    let mut b = u("B", "N");
    b.name_en = "A".into();
    let e = RegionMap::new("m", vec![], vec![u("A", "N"), b]).unwrap_err();
    assert!(matches!(e, RegionalError::Duplicate { kind: "name", .. }));
    let e = RegionMap::read_csv_str("m", "code,zone\nA,N\n", "region").unwrap_err();
    assert!(matches!(e, RegionalError::MissingColumn { .. }));
    let e = RegionMap::read_csv_str("m", "code,region\nA,N\n,S\n", "region").unwrap_err();
    assert!(matches!(
        e,
        RegionalError::EmptyId {
            kind: "code",
            row: 2,
            ..
        }
    ));
}

#[test]
fn fewer_than_three_points_for_a_correlation() {
    for e in [
        pearson_test(&[1.0, 2.0], &[3.0, 4.0], 0.95).unwrap_err(),
        spearman_test(&[1.0, 2.0], &[3.0, 4.0]).unwrap_err(),
        kendall_tau_b(&[1.0, 2.0], &[3.0, 4.0]).unwrap_err(),
        LinearFit::fit(&[1.0, 2.0], &[3.0, 4.0]).unwrap_err(),
    ] {
        assert!(
            matches!(e, RegionalError::TooFewPoints { n: 2, min: 3, .. }),
            "{e}"
        );
    }
}

#[test]
fn zero_variance_covariate() {
    let x = [5.0, 5.0, 5.0, 5.0];
    let y = [1.0, 2.0, 3.0, 4.0];
    for e in [
        pearson_test(&x, &y, 0.95).unwrap_err(),
        spearman_test(&x, &y).unwrap_err(),
        kendall_tau_b(&x, &y).unwrap_err(),
        LinearFit::fit(&x, &y).unwrap_err(),
        associate(&x, &y, Transform::Log, 0.95).unwrap_err(),
    ] {
        assert!(
            matches!(e, RegionalError::ZeroVariance { variable: "x", .. }),
            "{e}"
        );
    }
    assert!(matches!(
        pearson_test(&y, &x, 0.95),
        Err(RegionalError::ZeroVariance { variable: "y", .. })
    ));
    let g = Grouping::from_labels(&["a", "a", "b", "b"]);
    assert!(matches!(
        one_way_anova(&[1.0, 1.0, 2.0, 2.0], &g),
        Err(RegionalError::ZeroVariance { .. })
    ));
    assert!(matches!(
        kruskal_wallis(&[1.0; 4], &g),
        Err(RegionalError::ZeroVariance { .. })
    ));
}

#[test]
fn non_positive_values_under_theil_or_logs() {
    let g = Grouping::from_labels(&["a", "a", "b"]);
    for e in [
        theil_t(&[1.0, 0.0, 2.0], None).unwrap_err(),
        theil_l(&[1.0, -1.0, 2.0], None).unwrap_err(),
        theil_decomposition(&[1.0, 2.0, 0.0], None, &g).unwrap_err(),
        associate(&[1.0, 0.0, 2.0], &[1.0, 2.0, 3.0], Transform::Log, 0.95).unwrap_err(),
        beta_convergence(&[1.0, -2.0, 3.0], &[1.0, 2.0, 3.0], 5.0).unwrap_err(),
        sigma_convergence(&[1.0, 2.0, 3.0], &[&[1.0, 2.0], &[1.0, 0.0], &[1.0, 2.0]]).unwrap_err(),
        gini(&[1.0, -2.0, 3.0], None).unwrap_err(),
    ] {
        assert!(matches!(e, RegionalError::NonPositive { .. }), "{e}");
    }
    assert!(matches!(
        gini(&[0.0, 0.0], None),
        Err(RegionalError::ZeroTotal { .. })
    ));
}

#[test]
fn non_finite_and_shape_errors() {
    assert!(matches!(
        gini(&[1.0, f64::NAN], None),
        Err(RegionalError::NonFinite { position: 1, .. })
    ));
    assert!(matches!(
        pearson_test(&[1.0, 2.0, 3.0], &[1.0, 2.0], 0.95),
        Err(RegionalError::LengthMismatch { .. })
    ));
    assert!(matches!(
        gini(&[1.0, 2.0], Some(&[1.0, -1.0])),
        Err(RegionalError::NegativeWeight { position: 1, .. })
    ));
    assert!(matches!(
        pearson_test(&[1.0, 2.0, 3.0], &[1.0, 2.0, 4.0], 1.5),
        Err(RegionalError::InvalidParameter { .. })
    ));
    let g = Grouping::from_labels(&["a"]);
    assert!(matches!(
        one_way_anova(&[1.0], &g),
        Err(RegionalError::TooFewGroups { .. })
    ));
    assert!(Grouping::new(vec![0, 2], vec!["a".into(), "b".into()]).is_err());
    assert!(matches!(
        beta_convergence(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0], 0.0),
        Err(RegionalError::InvalidParameter { .. })
    ));
}

#[test]
fn components_that_do_not_add_up() {
    let e = decompose_growth(
        &[
            Component::new("general", 60.0, 45.0),
            Component::new("processing", 40.0, 39.0),
        ],
        Some((100.0, 85.0)),
        0.01,
    )
    .unwrap_err();
    match e {
        RegionalError::ComponentsDoNotAddUp {
            period,
            discrepancy,
            ..
        } => {
            assert_eq!(period, "current");
            assert!((discrepancy + 1.0).abs() < 1e-12);
        }
        other => panic!("{other}"),
    }
    assert!(matches!(
        growth_from_shares(&[1.0, 2.0], &[50.0, 40.0], 0.1),
        Err(RegionalError::ComponentsDoNotAddUp { .. })
    ));
    // total growth outside the component rates: no two-component split
    assert!(matches!(
        two_component_split(-30.0, -26.2, -1.9),
        Err(RegionalError::Inconsistent { .. })
    ));
    assert!(matches!(
        two_component_split(-5.0, -5.0, -5.0),
        Err(RegionalError::Inconsistent { .. })
    ));
    assert!(matches!(
        implied_total_growth(1.0, 1.0, 2.0),
        Err(RegionalError::Inconsistent { .. })
    ));
}

#[test]
fn errors_report_their_family() {
    use mfg_quality_indicators::ErrorKind;
    let map = RegionMap::china_nbs4();
    assert_eq!(
        map.grouping(&["CN-TW"]).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let e = RegionalError::LengthMismatch {
        what: "x",
        got: 1,
        expected: 2,
    };
    assert_eq!(e.kind(), ErrorKind::Shape);
    let e = RegionalError::TooFewPoints {
        method: "ols",
        n: 2,
        min: 3,
    };
    assert_eq!(e.kind(), ErrorKind::Degenerate);
    assert_eq!(ErrorKind::Degenerate.to_string(), "degenerate data");
}
