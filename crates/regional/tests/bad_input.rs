//! The bad-input corpus of `mfg-quality-regional`: every reader and public method fed malformed,
//! degenerate or hostile input returns a named error (matched by variant or `kind()`) or a documented
//! outcome; none panics and none returns a non-finite number.
//!
//! One `#[test]` per case (the `bad!` / `ok!` macros), so the count of cases is the count of tests.

use mfg_quality_indicators::ErrorKind;
use mfg_quality_regional::RegionalError;
use mfg_quality_regional::association::{
    Transform, associate, kendall_tau_b, pearson_test, spearman_test,
};
use mfg_quality_regional::contributions::{
    Component, decompose_growth, growth_from_shares, two_component_split,
};
use mfg_quality_regional::convergence::{
    beta_convergence, conditional_beta_convergence, panel_beta_convergence, sigma_convergence,
};
use mfg_quality_regional::difference::{kruskal_wallis, one_way_anova};
use mfg_quality_regional::groups::{Centre, gradient, group_summaries};
use mfg_quality_regional::inequality::{
    coefficient_of_variation, gini, gini_corrected, gini_decomposition, theil_decomposition,
    theil_l, theil_t,
};
use mfg_quality_regional::rank_tests::{
    KendallPValue, SpearmanPValue, kendall_test, spearman_rho_test,
};
use mfg_quality_regional::regions::{Grouping, MapUnit, RegionMap};
use mfg_quality_regional::regression::{LinearFit, Ols};
use mfg_quality_regional::spatial::{
    SpatialWeights, WeightsStyle, gearys_c, local_moran, morans_i,
};

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
            let check: fn(&RegionalError) -> bool = $check;
            assert!(check(&err), "{}: {err:?} / {err}", stringify!($name));
        }
    };
}

/// The case succeeds and its result (every number in its `Debug` form) is finite.
macro_rules! finite {
    ($name:ident, $e:expr) => {
        #[test]
        fn $name() {
            let v = match $e {
                Ok(v) => v,
                Err(e) => panic!("{}: expected a result, got {e}", stringify!($name)),
            };
            let text = format!("{v:?}");
            assert!(
                !text
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|t| t == "NaN" || t == "inf"),
                "{}: {text}",
                stringify!($name)
            );
        }
    };
}

fn msg(e: &RegionalError) -> String {
    e.to_string()
}

fn groups(labels: &[&str]) -> Grouping {
    Grouping::from_labels(labels)
}

fn line_weights(n: usize) -> SpatialWeights {
    let labels: Vec<String> = (0..n).map(|i| format!("u{i}")).collect();
    let m: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| f64::from(u8::from(i.abs_diff(j) == 1)))
                .collect()
        })
        .collect();
    SpatialWeights::from_matrix(&labels, &m, WeightsStyle::RowStandardised).unwrap()
}

const X5: [f64; 5] = [1.0, 2.0, 3.0, 4.0, 5.0];
const Y5: [f64; 5] = [2.0, 1.0, 4.0, 3.0, 6.0];
const BIG: [f64; 4] = [1e308, 1.5e308, 1.7e308, 1.2e308];
/// At the magnitude limit (`MAGNITUDE_LIMIT` = 1e75): accepted, and every result finite.
const EDGE: [f64; 4] = [1e75, 0.9e75, 0.5e75, 0.7e75];

// ---- region maps
bad!(
    map_missing_group_column,
    RegionMap::read_csv_str("m", "code,region\nBJ,East\n", "belt"),
    ErrorKind::NotFound
);
bad!(
    map_duplicate_code,
    RegionMap::read_csv_str("m", "code,g\nBJ,E\nBJ,W\n", "g"),
    ErrorKind::Duplicate
);
bad!(
    map_empty_code,
    RegionMap::read_csv_str("m", "code,g\n,E\n", "g"),
    ErrorKind::Parse
);
bad!(
    map_empty_group,
    RegionMap::read_csv_str("m", "code,g\nBJ,\n", "g"),
    ErrorKind::Parse
);
bad!(
    map_no_units,
    RegionMap::read_csv_str("m", "code,g\n", "g"),
    ErrorKind::Degenerate
);
bad!(
    map_ragged_row,
    RegionMap::read_csv_str("m", "code,g\nBJ,E,extra\n", "g"),
    ErrorKind::Parse
);
bad!(
    map_unknown_unit,
    RegionMap::china_nbs4().unit("ZZ"),
    ErrorKind::NotFound
);
bad!(
    map_grouping_unknown_unit,
    RegionMap::china_nbs4().grouping(&["BJ", "ZZ"]),
    ErrorKind::NotFound
);
bad!(
    map_declared_group_without_units,
    RegionMap::new(
        "m",
        vec!["E".into(), "W".into()],
        vec![MapUnit {
            code: "BJ".into(),
            name_en: String::new(),
            name_zh: String::new(),
            group: "E".into()
        }]
    ),
    ErrorKind::Degenerate
);
bad!(
    grouping_ids_names_mismatch,
    Grouping::new(vec![0, 1], vec!["a".into()]),
    ErrorKind::NotFound
);

// ---- association
bad!(
    pearson_two_points,
    pearson_test(&[1.0, 2.0], &[1.0, 3.0], 0.95),
    ErrorKind::Degenerate,
    |e| msg(e).contains("at least 3")
);
bad!(
    pearson_constant,
    pearson_test(&[1.0; 5], &Y5, 0.95),
    ErrorKind::Degenerate
);
bad!(
    pearson_nan,
    pearson_test(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0], 0.95),
    ErrorKind::InvalidValue
);
bad!(
    pearson_lengths,
    pearson_test(&X5, &[1.0, 2.0], 0.95),
    ErrorKind::Shape
);
bad!(
    pearson_level_one,
    pearson_test(&X5, &Y5, 1.0),
    ErrorKind::InvalidParameter
);
bad!(
    pearson_huge_values,
    pearson_test(&BIG, &[1.0, 2.0, 4.0, 3.0], 0.95),
    ErrorKind::Limit
);
finite!(
    pearson_at_limit_values,
    pearson_test(&EDGE, &[1.0, 2.0, 4.0, 3.0], 0.95)
);
bad!(
    spearman_two_points,
    spearman_test(&[1.0, 2.0], &[2.0, 1.0]),
    ErrorKind::Degenerate
);
bad!(
    kendall_two_points,
    kendall_tau_b(&[1.0, 2.0], &[2.0, 1.0]),
    ErrorKind::Degenerate
);
bad!(
    associate_log_of_zero,
    associate(
        &[0.0, 1.0, 2.0, 3.0],
        &[1.0, 2.0, 3.0, 4.0],
        Transform::Log,
        0.95
    ),
    ErrorKind::InvalidValue
);
bad!(
    spearman_exact_too_large,
    spearman_rho_test(
        &(0..40).map(f64::from).collect::<Vec<_>>(),
        &(0..40).map(|i| f64::from((i * 7) % 40)).collect::<Vec<_>>(),
        SpearmanPValue::Exact
    ),
    ErrorKind::InvalidParameter
);
bad!(
    kendall_test_constant,
    kendall_test(&[1.0; 4], &[1.0, 2.0, 3.0, 4.0], KendallPValue::Auto),
    ErrorKind::Degenerate
);
bad!(
    spearman_test_inf,
    spearman_rho_test(
        &[1.0, f64::INFINITY, 3.0],
        &[1.0, 2.0, 3.0],
        SpearmanPValue::Auto
    ),
    ErrorKind::InvalidValue
);

// ---- inequality
bad!(gini_empty, gini(&[], None), ErrorKind::Degenerate);
bad!(
    gini_negative,
    gini(&[1.0, -1.0], None),
    ErrorKind::InvalidValue
);
bad!(
    gini_all_zero,
    gini(&[0.0, 0.0], None),
    ErrorKind::Degenerate
);
bad!(
    gini_zero_weights,
    gini(&[1.0, 2.0], Some(&[0.0, 0.0])),
    ErrorKind::Degenerate
);
bad!(
    gini_negative_weight,
    gini(&[1.0, 2.0], Some(&[1.0, -1.0])),
    ErrorKind::InvalidValue
);
bad!(
    gini_weights_length,
    gini(&[1.0, 2.0], Some(&[1.0])),
    ErrorKind::Shape
);
bad!(gini_huge_values, gini(&BIG, None), ErrorKind::Limit);
finite!(gini_at_limit_values, gini(&EDGE, None));
bad!(
    gini_huge_weighted,
    gini(&BIG, Some(&[1e308, 1e308, 1e308, 1e308])),
    ErrorKind::Limit
);
finite!(
    gini_at_limit_weighted,
    gini(&EDGE, Some(&[1e75, 1e75, 1e75, 1e75]))
);
bad!(
    gini_corrected_one_unit,
    gini_corrected(&[3.0]),
    ErrorKind::Degenerate
);
bad!(
    theil_t_zero_value,
    theil_l(&[0.0, 1.0], None),
    ErrorKind::InvalidValue
);
bad!(theil_t_huge_values, theil_t(&BIG, None), ErrorKind::Limit);
finite!(theil_t_at_limit_values, theil_t(&EDGE, None));
bad!(theil_l_huge_values, theil_l(&BIG, None), ErrorKind::Limit);
finite!(theil_l_at_limit_values, theil_l(&EDGE, None));
bad!(
    cv_one_unit,
    coefficient_of_variation(&[2.0], None),
    ErrorKind::Degenerate
);
bad!(
    cv_huge_values,
    coefficient_of_variation(&BIG, None),
    ErrorKind::Limit
);
finite!(cv_at_limit_values, coefficient_of_variation(&EDGE, None));
bad!(
    theil_decomposition_group_mismatch,
    theil_decomposition(&X5, None, &groups(&["a", "b"])),
    ErrorKind::Shape
);
bad!(
    theil_decomposition_huge,
    theil_decomposition(&BIG, None, &groups(&["a", "a", "b", "b"])),
    ErrorKind::Limit
);
finite!(
    theil_decomposition_at_limit,
    theil_decomposition(&EDGE, None, &groups(&["a", "a", "b", "b"]))
);
bad!(
    gini_decomposition_nan,
    gini_decomposition(&[1.0, f64::NAN], None, &groups(&["a", "b"])),
    ErrorKind::InvalidValue
);
bad!(
    gini_decomposition_huge,
    gini_decomposition(&BIG, None, &groups(&["a", "a", "b", "b"])),
    ErrorKind::Limit
);
finite!(
    gini_decomposition_at_limit,
    gini_decomposition(&EDGE, None, &groups(&["a", "a", "b", "b"]))
);

// ---- convergence
bad!(
    sigma_one_period,
    sigma_convergence(&[2015.0], &[&X5]),
    ErrorKind::Degenerate
);
bad!(
    sigma_one_unit,
    sigma_convergence(&[2015.0, 2016.0], &[&[1.0], &[2.0]]),
    ErrorKind::Degenerate
);
bad!(
    sigma_nan_time,
    sigma_convergence(&[2015.0, f64::NAN], &[&X5, &Y5]),
    ErrorKind::InvalidValue
);
bad!(
    beta_two_units,
    beta_convergence(&[1.0, 2.0], &[2.0, 3.0], 5.0),
    ErrorKind::Degenerate,
    |e| msg(e).contains("at least 3")
);
bad!(
    beta_zero_years,
    beta_convergence(&X5, &Y5, 0.0),
    ErrorKind::InvalidParameter
);
bad!(
    beta_non_positive_level,
    beta_convergence(&[1.0, 0.0, 2.0], &[2.0, 3.0, 4.0], 5.0),
    ErrorKind::InvalidValue
);
bad!(
    beta_huge_levels,
    beta_convergence(&BIG, &[1e300, 1e301, 1e302, 1e303], 5.0),
    ErrorKind::Limit
);
finite!(
    beta_at_limit_levels,
    beta_convergence(&EDGE, &[1e70, 1e71, 1e72, 1e73], 5.0)
);
bad!(
    conditional_beta_collinear_control,
    conditional_beta_convergence(&X5, &Y5, 5.0, &[&X5.map(f64::ln)], &["c"]),
    ErrorKind::Degenerate
);
bad!(
    panel_beta_two_periods,
    panel_beta_convergence(&[2015.0, 2016.0], &[&X5, &Y5]),
    ErrorKind::Degenerate
);
bad!(
    panel_beta_unequal_spacing,
    panel_beta_convergence(&[2015.0, 2016.0, 2018.0], &[&X5, &Y5, &X5]),
    ErrorKind::Shape
);

// ---- differences between groups
bad!(
    anova_one_group,
    one_way_anova(&X5, &groups(&["a"; 5])),
    ErrorKind::Degenerate
);
bad!(
    anova_no_within_df,
    one_way_anova(&[1.0, 2.0], &groups(&["a", "b"])),
    ErrorKind::Degenerate
);
bad!(
    anova_length,
    one_way_anova(&X5, &groups(&["a", "b"])),
    ErrorKind::Shape
);
bad!(
    anova_huge_values,
    one_way_anova(&BIG, &groups(&["a", "a", "b", "b"])),
    ErrorKind::Limit
);
finite!(
    anova_at_limit_values,
    one_way_anova(&EDGE, &groups(&["a", "a", "b", "b"]))
);
bad!(
    kruskal_one_group,
    kruskal_wallis(&X5, &groups(&["a"; 5])),
    ErrorKind::Degenerate
);
bad!(
    kruskal_nan,
    kruskal_wallis(&[1.0, f64::NAN, 2.0, 3.0], &groups(&["a", "a", "b", "b"])),
    ErrorKind::InvalidValue
);

// ---- groups and gradients
bad!(
    group_summaries_nan,
    group_summaries(&[1.0, f64::NAN], None, &groups(&["a", "b"])),
    ErrorKind::InvalidValue
);
bad!(
    group_summaries_huge,
    group_summaries(&BIG, Some(&[1e308; 4]), &groups(&["a", "a", "b", "b"])),
    ErrorKind::Limit
);
finite!(
    group_summaries_at_limit,
    group_summaries(&EDGE, Some(&[1e75; 4]), &groups(&["a", "a", "b", "b"]))
);
bad!(
    gradient_unknown_group,
    {
        let s = group_summaries(&X5, None, &groups(&["a", "a", "b", "b", "b"])).unwrap();
        gradient(&s, &["a", "zz"], Centre::Mean)
    },
    ErrorKind::NotFound
);

// ---- growth contributions
bad!(
    decompose_no_components,
    decompose_growth(&[], None, 1e-9),
    ErrorKind::Degenerate
);
bad!(
    decompose_zero_previous_total,
    decompose_growth(&[Component::new("a", 0.0, 1.0)], None, 1e-9),
    ErrorKind::Degenerate
);
bad!(
    decompose_nan,
    decompose_growth(&[Component::new("a", f64::NAN, 1.0)], None, 1e-9),
    ErrorKind::InvalidValue
);
bad!(
    decompose_totals_disagree,
    decompose_growth(&[Component::new("a", 1.0, 2.0)], Some((1.0, 5.0)), 1e-9),
    ErrorKind::Numerical
);
bad!(
    decompose_sum_overflows,
    decompose_growth(
        &[
            Component::new("a", f64::MAX, f64::MAX),
            Component::new("b", f64::MAX, f64::MAX)
        ],
        None,
        1e-9
    ),
    ErrorKind::Limit
);
bad!(
    shares_length,
    growth_from_shares(&[1.0, 2.0], &[50.0], 1e-9),
    ErrorKind::Shape
);
bad!(
    shares_not_hundred,
    growth_from_shares(&[1.0, 2.0], &[50.0, 20.0], 1e-9),
    ErrorKind::Numerical
);
bad!(
    two_component_equal_growth,
    two_component_split(5.0, 3.0, 3.0),
    ErrorKind::InvalidValue,
    |e| msg(e).contains("same rate")
);

// ---- regression
bad!(
    linear_fit_two_points,
    LinearFit::fit(&[1.0, 2.0], &[1.0, 2.0]),
    ErrorKind::Degenerate,
    |e| msg(e).contains("at least 3")
);
bad!(
    linear_fit_constant_x,
    LinearFit::fit(&[1.0; 4], &[1.0, 2.0, 3.0, 4.0]),
    ErrorKind::Degenerate
);
bad!(
    linear_fit_huge,
    LinearFit::fit(&[1.0, 2.0, 3.0, 4.0], &BIG),
    ErrorKind::Limit
);
finite!(
    linear_fit_at_limit,
    LinearFit::fit(&[1.0, 2.0, 3.0, 4.0], &EDGE)
);
bad!(
    prediction_bad_level,
    LinearFit::fit(&X5, &Y5).unwrap().prediction(3.0, 0.0),
    ErrorKind::InvalidParameter
);
bad!(
    ols_rank_deficient,
    Ols::fit(&Y5, &[&X5, &X5.map(|v| 2.0 * v)], &["a", "b"]),
    ErrorKind::Degenerate
);
bad!(
    ols_names_mismatch,
    Ols::fit(&Y5, &[&X5], &["a", "b"]),
    ErrorKind::Shape
);

// ---- spatial
bad!(
    spatial_not_square,
    SpatialWeights::from_matrix(
        &["a", "b"],
        &[vec![0.0, 1.0], vec![1.0]],
        WeightsStyle::Binary
    ),
    ErrorKind::Shape
);
bad!(
    spatial_negative_weight,
    SpatialWeights::from_matrix(
        &["a", "b"],
        &[vec![0.0, -1.0], vec![1.0, 0.0]],
        WeightsStyle::Binary
    ),
    ErrorKind::InvalidValue
);
bad!(
    spatial_isolated_unit,
    SpatialWeights::from_matrix(
        &["a", "b", "c"],
        &[
            vec![0.0, 1.0, 0.0],
            vec![1.0, 0.0, 0.0],
            vec![0.0, 0.0, 0.0]
        ],
        WeightsStyle::RowStandardised
    ),
    ErrorKind::Degenerate
);
bad!(
    spatial_nan_weight,
    SpatialWeights::from_matrix(
        &["a", "b"],
        &[vec![0.0, f64::NAN], vec![1.0, 0.0]],
        WeightsStyle::Binary
    ),
    ErrorKind::InvalidValue
);
bad!(
    morans_two_units,
    morans_i(&[1.0, 2.0], &line_weights(2), 0, 1),
    ErrorKind::Degenerate
);
bad!(
    morans_constant,
    morans_i(&[1.0; 4], &line_weights(4), 0, 1),
    ErrorKind::Degenerate
);
bad!(
    morans_length,
    morans_i(&X5, &line_weights(4), 0, 1),
    ErrorKind::Shape
);
bad!(
    morans_huge,
    morans_i(&BIG, &line_weights(4), 99, 1),
    ErrorKind::Limit
);
finite!(morans_at_limit, morans_i(&EDGE, &line_weights(4), 99, 1));
bad!(
    gearys_huge,
    gearys_c(&BIG, &line_weights(4), 99, 1),
    ErrorKind::Limit
);
finite!(gearys_at_limit, gearys_c(&EDGE, &line_weights(4), 99, 1));
bad!(
    local_moran_bad_alpha,
    local_moran(&X5, &line_weights(5), 99, 1, 1.5),
    ErrorKind::InvalidParameter
);
bad!(
    local_moran_huge,
    local_moran(&BIG, &line_weights(4), 99, 1, 0.05),
    ErrorKind::Limit
);
finite!(
    local_moran_at_limit,
    local_moran(&EDGE, &line_weights(4), 99, 1, 0.05)
);
finite!(
    linear_fit_both_at_limit,
    LinearFit::fit(&EDGE, &[0.3e75, 1e75, 0.2e75, 0.9e75])
);
finite!(
    ols_both_at_limit,
    Ols::fit(&EDGE, &[&[0.3e75, 1e75, 0.2e75, 0.9e75]], &["x"])
);
