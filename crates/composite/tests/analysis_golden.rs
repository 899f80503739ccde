//! Golden tests of the analysis stage (correlations, Cronbach's α, PCA summary) against SciPy/NumPy, plus
//! properties and bad-input errors. Each expected value states the command that produced it.

use approx::assert_abs_diff_eq;
use mfg_quality_composite::CompositeError;
use mfg_quality_composite::analysis::{
    CorrelationMethod, NamedColumn, columns_of, correlation_matrix, correlation_p_value,
    cronbach_alpha, cross_correlation, pca_summary,
};
use proptest::prelude::*;

// Three columns with missing cells (NaN in the Python script = absent here):
//   a = [3.1,4.5,2.2,5.8,4.9,3.3,6.1,2.8]
//   b = [10,9.5,11.1,14.2,nan,10.3,12.0,9.9]
//   c = [7,5,8,5,4,6,6.5,nan]
const A: [f64; 8] = [3.1, 4.5, 2.2, 5.8, 4.9, 3.3, 6.1, 2.8];
const B: [f64; 8] = [10.0, 9.5, 11.1, 14.2, 0.0, 10.3, 12.0, 9.9];
const B_MASK: [bool; 8] = [true, true, true, true, false, true, true, true];
const C: [f64; 8] = [7.0, 5.0, 8.0, 5.0, 4.0, 6.0, 6.5, f64::NAN];
const C_MASK: [bool; 8] = [true, true, true, true, true, true, true, false];

fn cols() -> [NamedColumn<'static>; 3] {
    [
        NamedColumn::new("a", &A),
        NamedColumn::with_mask("b", &B, &B_MASK),
        NamedColumn::with_mask("c", &C, &C_MASK),
    ]
}

#[test]
fn pearson_and_spearman_match_scipy_pairwise_complete() {
    // SciPy 1.17.1 on pairwise-complete observations (m = ~(isnan(x)|isnan(y))):
    //   pearsonr:  ab (0.6430047923739324, p 0.1192797475627526, n 7)
    //              ac (-0.6204348933307905, p 0.13712813108475913, n 7)
    //              bc (-0.2256240726181742, p 0.6673067256536976, n 6)
    //   spearmanr: ab (0.39285714285714296, p 0.3833168704269727), ac (-0.5765999761251578, p 0.17538182452245643),
    //              bc (0.0, p 1.0)
    let p = correlation_matrix(&cols(), CorrelationMethod::Pearson).unwrap();
    let s = correlation_matrix(&cols(), CorrelationMethod::Spearman).unwrap();
    let cases = [
        (
            "a",
            "b",
            0.6430047923739324,
            0.1192797475627526,
            0.39285714285714296,
            0.3833168704269727,
            7,
        ),
        (
            "a",
            "c",
            -0.6204348933307905,
            0.13712813108475913,
            -0.5765999761251578,
            0.17538182452245643,
            7,
        ),
        (
            "b",
            "c",
            -0.2256240726181742,
            0.6673067256536976,
            0.0,
            1.0,
            6,
        ),
    ];
    for (x, y, rp, pp, rs, ps, n) in cases {
        for (u, v) in [(x, y), (y, x)] {
            assert_abs_diff_eq!(p.get(u, v).unwrap(), rp, epsilon = 1e-12);
            assert_abs_diff_eq!(p.p_value_of(u, v).unwrap(), pp, epsilon = 1e-10);
            assert_abs_diff_eq!(s.get(u, v).unwrap(), rs, epsilon = 1e-12);
            assert_abs_diff_eq!(s.p_value_of(u, v).unwrap(), ps, epsilon = 1e-10);
        }
        let i = p.rows.iter().position(|r| r == x).unwrap();
        let j = p.cols.iter().position(|r| r == y).unwrap();
        assert_eq!(p.n_obs[i * 3 + j], n);
    }
    assert_eq!(p.get("a", "a"), Some(1.0));
    assert_eq!(p.p_value_of("b", "b"), Some(0.0));
    // R: cor.test(1:5, c(2,4,5,4,5)) gives t = 2.1213, df = 3, p-value = 0.124.
    assert_abs_diff_eq!(
        correlation_p_value(0.7745966692414834, 5),
        0.1240,
        epsilon = 1e-4
    );
}

#[test]
fn cross_level_correlations() {
    // Indicators a, c against an "index" b: the same numbers as the within-level matrix.
    let c = cols();
    let m = cross_correlation(&[c[0], c[2]], &[c[1]], CorrelationMethod::Pearson).unwrap();
    assert_eq!((m.rows.len(), m.cols.len()), (2, 1));
    assert_abs_diff_eq!(
        m.get("a", "b").unwrap(),
        0.6430047923739324,
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(m.at(1, 0).unwrap(), -0.2256240726181742, epsilon = 1e-12);
    // A constant column, or fewer than 3 shared observations, gives undefined entries (no NaN).
    let k = [1.0; 8];
    let few = [true, true, false, false, false, false, false, false];
    let m = cross_correlation(
        &[
            NamedColumn::new("const", &k),
            NamedColumn::with_mask("few", &A, &few),
        ],
        &[NamedColumn::new("a", &A)],
        CorrelationMethod::Spearman,
    )
    .unwrap();
    assert_eq!(m.r, vec![None, None]);
    assert_eq!(m.p_value, vec![None, None]);
    assert_eq!(m.n_obs, vec![8, 2]);
}

/// 8 respondents × 4 items (row-major).
const Y: [[f64; 4]; 8] = [
    [3.0, 4.0, 3.0, 5.0],
    [2.0, 2.0, 3.0, 2.0],
    [4.0, 5.0, 4.0, 4.0],
    [5.0, 4.0, 5.0, 5.0],
    [1.0, 2.0, 2.0, 1.0],
    [3.0, 3.0, 2.0, 4.0],
    [4.0, 4.0, 5.0, 3.0],
    [2.0, 3.0, 2.0, 2.0],
];

fn items() -> (Vec<String>, Vec<f64>) {
    let names = (1..=4).map(|i| format!("q{i}")).collect();
    let data = (0..4).flat_map(|j| Y.iter().map(move |r| r[j])).collect();
    (names, data)
}

#[test]
fn cronbach_alpha_matches_numpy() {
    // NumPy 2.4.6 (the formulas of R psych::alpha): C = np.cov(Y, rowvar=False, ddof=1)
    //   raw = k/(k-1)*(1 - trace(C)/C.sum())                      = 0.9078014184397164
    //   R = np.corrcoef(Y, rowvar=False); rbar = (R.sum()-k)/(k(k-1)) = 0.7285180029583027
    //   std = k*rbar/(1+(k-1)*rbar)                                 = 0.914777148249456
    //   per item i: raw alpha of the other items, std alpha of the other items,
    //   r_drop = corrcoef(Y[:,i], Y[:,others].sum(1)):
    let if_deleted = [
        0.8195121951219513,
        0.877659574468085,
        0.909596662030598,
        0.9107981220657275,
    ];
    let std_if_deleted = [
        0.8363499726382198,
        0.8826600720557425,
        0.9195404343340493,
        0.9126808320278598,
    ];
    let r_drop = [
        0.95480527676127,
        0.8269767696299569,
        0.7076410677400321,
        0.731822821681787,
    ];
    let (names, data) = items();
    let cols = columns_of(&names, &data, &[], 8).unwrap();
    let a = cronbach_alpha(&cols).unwrap();
    assert_eq!((a.k, a.n_obs), (4, 8));
    assert_abs_diff_eq!(a.raw, 0.9078014184397164, epsilon = 1e-12);
    assert_abs_diff_eq!(a.standardised, 0.914777148249456, epsilon = 1e-12);
    assert_abs_diff_eq!(a.mean_inter_item_r, 0.7285180029583027, epsilon = 1e-12);
    for (i, it) in a.items.iter().enumerate() {
        assert_eq!(it.name, names[i]);
        assert_abs_diff_eq!(it.alpha_if_deleted.unwrap(), if_deleted[i], epsilon = 1e-12);
        assert_abs_diff_eq!(
            it.standardised_alpha_if_deleted.unwrap(),
            std_if_deleted[i],
            epsilon = 1e-12
        );
        assert_abs_diff_eq!(
            it.corrected_item_total_r.unwrap(),
            r_drop[i],
            epsilon = 1e-12
        );
    }
    // Listwise deletion: a missing cell removes its row from every item.
    let mut mask = vec![true; 32];
    mask[8 + 4] = false; // q2, respondent 5
    let cols = columns_of(&names, &data, &mask, 8).unwrap();
    assert_eq!(cronbach_alpha(&cols).unwrap().n_obs, 7);
}

#[test]
fn pca_summary_matches_numpy() {
    // NumPy: R = np.corrcoef(Y, rowvar=False); w, v = np.linalg.eigh(R), sorted descending:
    //   eigenvalues = [3.197221900691122, 0.5288757641584658, 0.23002065829733986, 0.04388167685307136]
    //   ratio       = [0.7993054751727807, 0.13221894103961648, 0.05750516457433498, 0.010970419213267841]
    //   v1 (sign: largest |component| positive) = [0.5457623561553068, 0.5061762361224768,
    //                                              0.4682355195504444, 0.47611402711957085]
    //   loadings of PC1 = v1*sqrt(w[0]) = [0.9758655045618693, 0.9050824456649099, 0.8372414960218586, 0.8513288798024142]
    let (names, data) = items();
    let cols = columns_of(&names, &data, &[], 8).unwrap();
    let s = pca_summary(&cols, true).unwrap();
    let eig = [
        3.197221900691122,
        0.5288757641584658,
        0.23002065829733986,
        0.04388167685307136,
    ];
    let ratio = [
        0.7993054751727807,
        0.13221894103961648,
        0.05750516457433498,
        0.010970419213267841,
    ];
    let v1 = [
        0.5457623561553068,
        0.5061762361224768,
        0.4682355195504444,
        0.47611402711957085,
    ];
    let l1 = [
        0.9758655045618693,
        0.9050824456649099,
        0.8372414960218586,
        0.8513288798024142,
    ];
    for c in 0..4 {
        assert_abs_diff_eq!(s.eigenvalues[c], eig[c], epsilon = 1e-10);
        assert_abs_diff_eq!(s.explained_variance_ratio[c], ratio[c], epsilon = 1e-10);
        assert_abs_diff_eq!(s.eigenvectors[c], v1[c], epsilon = 1e-10);
        assert_abs_diff_eq!(s.loading(c, 0), l1[c], epsilon = 1e-10);
    }
    assert_abs_diff_eq!(
        *s.cumulative_variance_ratio.last().unwrap(),
        1.0,
        epsilon = 1e-12
    );
    assert_eq!(s.kaiser_components, 1);
    assert_eq!(s.names, names);
}

#[test]
fn bad_inputs() {
    let (names, data) = items();
    let cols = columns_of(&names, &data, &[], 8).unwrap();
    // Too few items.
    assert!(matches!(
        cronbach_alpha(&cols[..1]),
        Err(CompositeError::TooFew { what: "items", .. })
    ));
    // A constant item.
    let k = [2.0; 8];
    let with_const = [cols[0], NamedColumn::new("flat", &k)];
    assert!(matches!(
        cronbach_alpha(&with_const),
        Err(CompositeError::ConstantColumn { indicator: ref column, .. }) if column == "flat"
    ));
    assert!(matches!(
        pca_summary(&with_const, true),
        Err(CompositeError::ConstantColumn { indicator: ref column, .. }) if column == "flat"
    ));
    // Columns of different lengths, or a non-finite present value.
    let short = [1.0, 2.0];
    assert!(matches!(
        correlation_matrix(
            &[cols[0], NamedColumn::new("short", &short)],
            CorrelationMethod::Pearson
        ),
        Err(CompositeError::DimensionMismatch { .. })
    ));
    let mut bad = A;
    bad[3] = f64::INFINITY;
    assert!(matches!(
        correlation_matrix(&[NamedColumn::new("bad", &bad)], CorrelationMethod::Spearman),
        Err(CompositeError::InvalidValue { indicator: ref column, .. }) if column == "bad"
    ));
    // Matrix and mask sizes.
    assert!(matches!(
        columns_of(&names, &data[..30], &[], 8),
        Err(CompositeError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        columns_of(&names, &data, &[true; 3], 8),
        Err(CompositeError::DimensionMismatch { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// No NaN or ±Inf in any analysis output on finite input (undefined entries are `None` or named errors).
    #[test]
    fn analysis_never_returns_nan(
        (n, k, data) in (3usize..9, 2usize..4).prop_flat_map(|(n, k)| (Just(n), Just(k), prop::collection::vec(
            prop_oneof![-1e300f64..1e300, -1.0f64..1.0, Just(0.0), Just(2.0)], n * k))),
    ) {
        let names: Vec<String> = (0..k).map(|j| format!("x{j}")).collect();
        let cols = columns_of(&names, &data, &[], n).unwrap();
        for method in [CorrelationMethod::Pearson, CorrelationMethod::Spearman] {
            let m = correlation_matrix(&cols, method).unwrap();
            prop_assert!(m.r.iter().chain(&m.p_value).flatten().all(|v| v.is_finite()));
        }
        if let Ok(a) = cronbach_alpha(&cols) {
            prop_assert!(a.raw.is_finite() && a.standardised.is_finite());
            for it in &a.items {
                let vals = [it.alpha_if_deleted, it.standardised_alpha_if_deleted, it.corrected_item_total_r];
                prop_assert!(vals.iter().flatten().all(|v| v.is_finite()));
            }
        }
        if let Ok(p) = pca_summary(&cols, true) {
            prop_assert!(p.eigenvalues.iter().chain(&p.loadings).chain(&p.cumulative_variance_ratio).all(|v| v.is_finite()));
        }
    }

    /// Correlation matrices are symmetric, within [−1, 1], with p-values in [0, 1]; α-if-deleted equals α of
    /// the remaining items.
    #[test]
    fn correlation_and_alpha_invariants(
        (n, k, data) in (4usize..12, 2usize..5).prop_flat_map(|(n, k)| (Just(n), Just(k), prop::collection::vec(-10.0f64..10.0, n * k))),
    ) {
        let names: Vec<String> = (0..k).map(|j| format!("x{j}")).collect();
        let cols = columns_of(&names, &data, &[], n).unwrap();
        for method in [CorrelationMethod::Pearson, CorrelationMethod::Spearman] {
            let m = correlation_matrix(&cols, method).unwrap();
            for i in 0..k {
                for j in 0..k {
                    prop_assert_eq!(m.at(i, j), m.at(j, i));
                    if let Some(r) = m.at(i, j) {
                        prop_assert!((-1.0..=1.0).contains(&r));
                        let p = m.p_value[i * k + j].unwrap();
                        prop_assert!((0.0..=1.0).contains(&p));
                    }
                }
            }
        }
        if k >= 3
            && let Ok(a) = cronbach_alpha(&cols)
        {
            let rest: Vec<NamedColumn> = cols[1..].to_vec();
            let sub = cronbach_alpha(&rest).unwrap();
            prop_assert!((a.items[0].alpha_if_deleted.unwrap() - sub.raw).abs() < 1e-9);
        }
    }
}
