//! Weights: AHP golden case (Saaty 2008 drinks) under each Random Index table, Harker completion,
//! objective weights and PCA weights against NumPy, Benefit of the Doubt on a hand-solvable case, property
//! tests (sum to 1, non-negative) and one test per class of bad input.

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::pca::Pca;
use mfg_quality_composite::weights::{
    BodBounds, PairwiseMatrix, PcaWeighting, RandomIndexTable, Rotation, Weighting, ahp,
    benefit_of_the_doubt, critic_weights, cv_weights, entropy_weights, pca_weights,
    std_dev_weights,
};
use proptest::prelude::*;
use serde_json::Value;

const DRINKS: &str = include_str!("data/ahp_saaty2008_drinks.json");

fn parse_entry(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) => {
            let (a, b) = s.split_once('/').unwrap();
            a.parse::<f64>().unwrap() / b.parse::<f64>().unwrap()
        }
        _ => panic!("bad entry {v}"),
    }
}

fn drinks() -> (Value, Vec<Vec<f64>>) {
    let d: Value = serde_json::from_str(DRINKS).unwrap();
    let case = d["cases"][0].clone();
    let m = case["matrix_row_vs_col"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(parse_entry).collect())
        .collect();
    (d, m)
}

/// Saaty (2008) drinks matrix. Expected priorities: the file's published 3-decimal AHP column (tolerance
/// 0.0006 as stated in the file) and its 4-decimal derived eigenvector; λmax 7.17663 and CI 0.029438 from
/// the file. Exact reference from NumPy (command recorded):
/// `python3 -c "import numpy as np; ... np.linalg.eig(A)"` gave w = [0.17745675, 0.01914948, 0.04183118,
/// 0.11641703, 0.18957238, 0.12878055, 0.32679264], λmax = 7.17662903933035, CI = 0.029438173221724966,
/// CR = 0.02230164638009467 (RI 1.32), 0.02180605423831479 (RI 1.35), 0.023514796087327237 (RI 1.2519).
#[test]
fn ahp_saaty_drinks_golden_under_each_table() {
    let (d, m) = drinks();
    let case = &d["cases"][0];
    let names: Vec<&str> = case["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let pm = PairwiseMatrix::new(m).unwrap();
    let numpy_cr = [
        (RandomIndexTable::Saaty1980, 1.32, 0.02230164638009467),
        (RandomIndexTable::Saaty2005, 1.35, 0.02180605423831479),
        (
            RandomIndexTable::DoneganDodd1991,
            1.2519,
            0.023514796087327237,
        ),
    ];
    let numpy_w = [
        0.17745675, 0.01914948, 0.04183118, 0.11641703, 0.18957238, 0.12878055, 0.32679264,
    ];
    for (table, ri, cr) in numpy_cr {
        let r = ahp(&pm, table).unwrap();
        for (k, name) in names.iter().enumerate() {
            let published = case["expected"]["priorities"][name].as_f64().unwrap();
            assert!(
                (r.priorities[k] - published).abs() <= 0.0006,
                "{name}: {} vs {published}",
                r.priorities[k]
            );
            let derived = case["derived"]["principal_eigenvector"][k]
                .as_f64()
                .unwrap();
            assert!((r.priorities[k] - derived).abs() <= 5e-5);
            assert!((r.priorities[k] - numpy_w[k]).abs() <= 1e-8);
        }
        let lmax = case["derived"]["lambda_max"].as_f64().unwrap();
        assert!((r.lambda_max - lmax).abs() < 1e-5, "{}", r.lambda_max);
        assert!((r.lambda_max - 7.17662903933035).abs() < 1e-10);
        let ci = case["derived"]["CI"].as_f64().unwrap();
        assert!((r.ci - ci).abs() < 1e-6);
        assert!((r.random_index - ri).abs() < 1e-12);
        assert!((r.cr - cr).abs() < 1e-10, "{table:?}: {}", r.cr);
        assert!(r.consistent);
    }
    // The diagnostic through the enum; other methods have none.
    let w = Weighting::Ahp {
        matrix: drinks().1,
        random_index: RandomIndexTable::Saaty2005,
    };
    let full = w.ahp_result("drinks").unwrap().unwrap();
    assert!((full.cr - 0.02180605423831479).abs() < 1e-10);
    assert!(Weighting::Entropy.ahp_result("n").unwrap().is_none());
    // The published CR 0.022 (AHPy, Saaty RI) within the file's tolerance.
    let r = ahp(&pm, RandomIndexTable::Saaty1980).unwrap();
    let published_cr = case["expected"]["CR_saaty_RI"].as_f64().unwrap();
    assert!((r.cr - published_cr).abs() <= 0.0006);
}

/// The RI tables match the file's transcriptions, and Donegan–Dodd interpolates between tabulated sizes.
#[test]
fn random_index_tables_match_reference_file() {
    let (d, _) = drinks();
    let tables = &d["random_index_tables"];
    for (key, table) in [
        ("saaty_classic_1980", RandomIndexTable::Saaty1980),
        ("saaty_2005_ANP_book", RandomIndexTable::Saaty2005),
        ("donegan_dodd_1991", RandomIndexTable::DoneganDodd1991),
    ] {
        for (n, v) in tables[key]["RI"].as_object().unwrap() {
            let n: usize = n.parse().unwrap();
            assert!(
                (table.value(n).unwrap() - v.as_f64().unwrap()).abs() < 1e-12,
                "{key} {n}"
            );
        }
    }
    // (1.5371 at 20, 1.5619 at 25): n = 22 → 1.5371 + 2/5 · 0.0248
    let v = RandomIndexTable::DoneganDodd1991.value(22).unwrap();
    assert!((v - (1.5371 + 0.4 * 0.0248)).abs() < 1e-12);
    assert!(matches!(
        RandomIndexTable::Saaty1980.value(16),
        Err(CompositeError::RandomIndexOutOfRange {
            limit: 15,
            n: 16,
            ..
        })
    ));
    assert!(matches!(
        RandomIndexTable::DoneganDodd1991.value(101),
        Err(CompositeError::RandomIndexOutOfRange { limit: 100, .. })
    ));
    assert!(RandomIndexTable::Saaty2005.value(2).unwrap().abs() < 1e-300);
}

/// Harker (1987) completion. Reference by NumPy on the Harker matrix (missing (0,3) and (1,2); diagonal
/// plus the number missing in the row): w = [0.46331022, 0.27548591, 0.09739898, 0.1638049],
/// λmax = 4.0301035302564365.
#[test]
fn ahp_incomplete_harker() {
    let m = vec![
        vec![Some(1.0), Some(2.0), Some(4.0), None],
        vec![Some(0.5), Some(1.0), None, Some(2.0)],
        vec![Some(0.25), None, Some(1.0), Some(0.5)],
        vec![None, Some(0.5), Some(2.0), Some(1.0)],
    ];
    let pm = PairwiseMatrix::incomplete(m.clone()).unwrap();
    assert_eq!(pm.n_missing(), 2);
    let r = ahp(&pm, RandomIndexTable::Saaty1980).unwrap();
    for (a, b) in r
        .priorities
        .iter()
        .zip([0.46331022, 0.27548591, 0.09739898, 0.1638049])
    {
        assert!((a - b).abs() < 1e-8);
    }
    assert!((r.lambda_max - 4.0301035302564365).abs() < 1e-9);
    assert_eq!(r.n_missing, 2);
    let w = Weighting::AhpIncomplete {
        matrix: m,
        random_index: RandomIndexTable::Saaty1980,
    }
    .compute(&[], 0, &[1.0; 4], "node")
    .unwrap();
    assert!((w[0] - 0.46331022).abs() < 1e-8);
}

#[test]
fn ahp_bad_matrices_are_named_errors() {
    let not_reciprocal = vec![
        vec![1.0, 3.0, 1.0],
        vec![3.0, 1.0, 1.0],
        vec![1.0, 1.0, 1.0],
    ];
    match PairwiseMatrix::new(not_reciprocal) {
        Err(CompositeError::InvalidPairwiseMatrix { reason, .. }) => {
            assert!(reason.contains("(0, 1)"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let not_square = vec![vec![1.0, 2.0], vec![0.5]];
    assert!(matches!(
        PairwiseMatrix::new(not_square),
        Err(CompositeError::InvalidPairwiseMatrix { .. })
    ));
    let non_positive = vec![vec![1.0, -2.0], vec![-0.5, 1.0]];
    match PairwiseMatrix::new(non_positive) {
        Err(CompositeError::InvalidPairwiseMatrix { reason, .. }) => {
            assert!(reason.contains("(0, 1)"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let bad_diag = vec![vec![2.0, 1.0], vec![1.0, 1.0]];
    assert!(matches!(
        PairwiseMatrix::new(bad_diag),
        Err(CompositeError::InvalidPairwiseMatrix { .. })
    ));
    assert!(matches!(
        PairwiseMatrix::new(vec![]),
        Err(CompositeError::InvalidPairwiseMatrix { .. })
    ));
    // disconnected comparisons: {0,1} and {2,3}
    let disconnected = vec![
        vec![Some(1.0), Some(2.0), None, None],
        vec![Some(0.5), Some(1.0), None, None],
        vec![None, None, Some(1.0), Some(3.0)],
        vec![None, None, Some(1.0 / 3.0), Some(1.0)],
    ];
    assert!(matches!(
        PairwiseMatrix::incomplete(disconnected),
        Err(CompositeError::InvalidPairwiseMatrix { .. })
    ));
    // wrong size for the node
    let w = Weighting::Ahp {
        matrix: vec![vec![1.0, 2.0], vec![0.5, 1.0]],
        random_index: RandomIndexTable::Saaty1980,
    }
    .compute(&[], 0, &[1.0, 1.0, 1.0], "pillar");
    match w {
        Err(CompositeError::InvalidPairwiseMatrix { node, .. }) => {
            assert_eq!(node.as_deref(), Some("pillar"))
        }
        other => panic!("{other:?}"),
    }
}

/// 8 units × 4 indicators used for the objective and PCA weights.
const X: [[f64; 4]; 8] = [
    [0.10, 0.20, 0.90, 0.80],
    [0.40, 0.35, 0.10, 0.20],
    [0.80, 0.90, 0.50, 0.40],
    [0.30, 0.20, 0.70, 0.90],
    [0.95, 0.80, 0.20, 0.10],
    [0.55, 0.60, 0.65, 0.55],
    [0.20, 0.30, 0.30, 0.35],
    [0.70, 0.65, 0.85, 0.75],
];

fn x_colmajor() -> Vec<f64> {
    (0..4).flat_map(|j| X.iter().map(move |r| r[j])).collect()
}

fn close(a: &[f64], b: &[f64], tol: f64) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() < tol, "{a:?} vs {b:?}");
    }
}

/// Reference values from NumPy 2.4.6 (script /tmp/b1/ref.py of the B1 session, reproduced here):
/// ```text
/// P = X / X.sum(0); e = -(P*np.log(P)).sum(0)/np.log(m); d = 1-e; d/d.sum()
/// sd = X.std(0, ddof=1); R = np.corrcoef(X, rowvar=False); C = sd*(1-R).sum(1); C/C.sum()
/// sd/sd.sum();  cv = sd/np.abs(X.mean(0)); cv/cv.sum()
/// ```
#[test]
fn objective_weights_match_numpy() {
    let x = x_colmajor();
    close(
        &entropy_weights(&x, 8).unwrap(),
        &[
            0.272255701746641,
            0.214132452864311,
            0.258058043266095,
            0.255553802122953,
        ],
        1e-12,
    );
    close(
        &critic_weights(&x, 8).unwrap(),
        &[
            0.260644374427153,
            0.230257202308004,
            0.235596638408541,
            0.273501784856303,
        ],
        1e-12,
    );
    close(
        &std_dev_weights(&x, 8).unwrap(),
        &[
            0.258058223355192,
            0.234644561108321,
            0.257040238229854,
            0.250256977306633,
        ],
        1e-12,
    );
    close(
        &cv_weights(&x, 8).unwrap(),
        &[
            0.26207574058642,
            0.238297568384005,
            0.248611340195332,
            0.251015350834244,
        ],
        1e-12,
    );
    // through the enum
    let w = Weighting::Critic.compute(&x, 8, &[1.0; 4], "n").unwrap();
    assert!((w[3] - 0.273501784856303).abs() < 1e-12);
}

/// PCA of the correlation matrix and the Handbook's PCA weights. NumPy reference (same script):
/// eigenvalues of `np.corrcoef` by `np.linalg.eigh` = [2.612140766352473, 1.287036299415039,
/// 0.079866315360927, 0.020956618871561]; 2 factors retained (λ > 1, share > 10 %, cumulative 97.5 %);
/// weights unrotated [0.268622800553834, 0.254330203649201, 0.183059695141779, 0.293987300655187];
/// varimax (R's algorithm re-implemented in NumPy, eps 1e-5) [0.248603675721334, 0.255314657074719,
/// 0.261412144814822, 0.234669522389125].
#[test]
fn pca_and_pca_weights_match_numpy() {
    let x = x_colmajor();
    let pca = Pca::fit(&x, 8, true).unwrap();
    close(
        &pca.eigenvalues,
        &[
            2.612140766352473,
            1.287036299415039,
            0.079866315360927,
            0.020956618871561,
        ],
        1e-12,
    );
    let total: f64 = pca.explained_variance_ratio.iter().sum();
    assert!((total - 1.0).abs() < 1e-12);
    // sign convention: largest-|.| component of every eigenvector positive; unit length
    for c in 0..4 {
        let v = pca.component(c);
        let big = v
            .iter()
            .copied()
            .fold(0.0f64, |a, b| if b.abs() > a.abs() { b } else { a });
        assert!(big > 0.0);
        assert!((v.iter().map(|a| a * a).sum::<f64>() - 1.0).abs() < 1e-12);
    }
    let un = pca_weights(
        &x,
        8,
        &PcaWeighting {
            rotation: Rotation::None,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(un.n_factors, 2);
    close(
        &un.weights,
        &[
            0.268622800553834,
            0.254330203649201,
            0.183059695141779,
            0.293987300655187,
        ],
        1e-10,
    );
    let vm = pca_weights(&x, 8, &PcaWeighting::default()).unwrap();
    close(
        &vm.weights,
        &[
            0.248603675721334,
            0.255314657074719,
            0.261412144814822,
            0.234669522389125,
        ],
        1e-6,
    );
    // the enum, with JSON settings
    let w: Weighting = serde_json::from_str(r#"{"method": "pca", "rotation": "none"}"#).unwrap();
    close(
        &w.compute(&x, 8, &[1.0; 4], "n").unwrap(),
        &un.weights,
        1e-12,
    );
}

/// Benefit of the Doubt on a case solvable by hand: units A(1, .5), B(.5, 1), C(.5, .5), D(.8, .8),
/// E(.2, .9). A, B, D are on the frontier (score 1); C = D·0.625 → 0.625; E's best is weight on the second
/// indicator against B: 0.9. (SciPy `linprog(-Y[i], A_ub=Y, b_ub=1, method="highs")` agrees.)
#[test]
fn bod_hand_case_and_bounds() {
    let data = [1.0, 0.5, 0.5, 0.8, 0.2, 0.5, 1.0, 0.5, 0.8, 0.9];
    let r = benefit_of_the_doubt(&data, 5, &BodBounds::default()).unwrap();
    close(&r.scores, &[1.0, 1.0, 0.625, 1.0, 0.9], 1e-9);
    for (u, s) in r.shares.iter().enumerate() {
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-9, "unit {u}");
        assert!((r.normalised_weights[u].iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
    // E's optimal multipliers put everything on indicator 2: w = (0, 1)
    close(&r.weights[4], &[0.0, 1.0], 1e-9);
    // share bounds: each indicator must contribute at least 40 % → E cannot ignore indicator 1:
    // max .2a + .9b s.t. .2a ≥ .4(.2a + .9b) → a ≥ 3b (from .12a ≥ .36b), and every unit ≤ 1.
    // B: .5a + b ≤ 1 with a = 3b → 2.5b ≤ 1 → b = .4, a = 1.2 but A: 1.2 + .2 = 1.4 > 1 → A binds:
    // a + .5b ≤ 1 with a = 3b → b = 1/3.5, a = 3/3.5 → E = (.6 + .9)/3.5 = 0.428571...
    let bounded = BodBounds {
        share_lower: Some(0.4),
        ..Default::default()
    };
    let r = benefit_of_the_doubt(&data, 5, &bounded).unwrap();
    assert!((r.scores[4] - 1.5 / 3.5).abs() < 1e-9, "{}", r.scores[4]);
    assert!(r.shares[4][0] >= 0.4 - 1e-9);
    // absolute upper bound on the multipliers: w ≤ 0.5 → E = .2·.5 + .9·.5 = 0.55
    let r = benefit_of_the_doubt(
        &data,
        5,
        &BodBounds {
            upper: Some(0.5),
            ..Default::default()
        },
    )
    .unwrap();
    assert!((r.scores[4] - 0.55).abs() < 1e-9);
    // bad input
    assert!(matches!(
        benefit_of_the_doubt(&[1.0, -0.5, 0.5, 0.5], 2, &BodBounds::default()),
        Err(CompositeError::InvalidValue { .. })
    ));
    assert!(matches!(
        benefit_of_the_doubt(
            &data,
            5,
            &BodBounds {
                share_lower: Some(0.6),
                ..Default::default()
            }
        ),
        Err(CompositeError::InvalidParameter { .. })
    ));
}

#[test]
fn bad_weights_are_named_errors() {
    let x = x_colmajor();
    match Weighting::Explicit.compute(&x, 8, &[0.5, -0.1, 0.3, 0.3], "pillar") {
        Err(CompositeError::InvalidWeights { node, reason }) => {
            assert_eq!(node, "pillar");
            assert!(reason.contains("negative"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        Weighting::Explicit.compute(&x, 8, &[0.0; 4], "pillar"),
        Err(CompositeError::InvalidWeights { .. })
    ));
    // CV with a zero-mean column
    let zero_mean = [1.0, -1.0, 0.5, -0.5, 1.0, 2.0, 3.0, 4.0];
    match Weighting::CoefficientOfVariation.compute(&zero_mean, 4, &[1.0, 1.0], "pillar") {
        Err(CompositeError::ZeroMean {
            node,
            indicator: column,
            ..
        }) => {
            assert_eq!(node, "pillar");
            assert_eq!(column, "0");
        }
        other => panic!("{other:?}"),
    }
    // entropy: negative value; all columns constant
    assert!(matches!(
        entropy_weights(&[0.5, -0.1, 0.2, 0.3], 2),
        Err(CompositeError::InvalidValue { .. })
    ));
    assert!(matches!(
        entropy_weights(&[0.5, 0.5, 0.2, 0.2], 2),
        Err(CompositeError::InvalidWeights { .. })
    ));
    // standard deviation: all constant
    assert!(matches!(
        std_dev_weights(&[0.5, 0.5, 0.2, 0.2], 2),
        Err(CompositeError::InvalidWeights { .. })
    ));
    // wrong data length for a data-driven method
    assert!(matches!(
        Weighting::Entropy.compute(&x[..30], 8, &[1.0; 4], "n"),
        Err(CompositeError::InvalidParameter { .. })
    ));
    // NaN
    assert!(matches!(
        critic_weights(&[0.5, f64::NAN, 0.2, 0.3], 2),
        Err(CompositeError::InvalidValue { .. })
    ));
    // PCA of a constant column
    assert!(matches!(
        Pca::fit(&[1.0, 1.0, 1.0, 0.1, 0.5, 0.9], 3, true),
        Err(CompositeError::ConstantColumn { .. })
    ));
}

#[test]
fn weighting_serde_round_trip() {
    let ws = vec![
        Weighting::Equal,
        Weighting::Explicit,
        Weighting::Ahp {
            matrix: vec![vec![1.0, 3.0], vec![1.0 / 3.0, 1.0]],
            random_index: RandomIndexTable::DoneganDodd1991,
        },
        Weighting::Entropy,
        Weighting::Pca {
            settings: PcaWeighting::default(),
        },
    ];
    for w in ws {
        let s = serde_json::to_string(&w).unwrap();
        let back: Weighting = serde_json::from_str(&s).unwrap();
        assert_eq!(w, back, "{s}");
    }
    let w: Weighting = serde_json::from_str(
        r#"{"method": "ahp", "matrix": [[1, 3], [0.3333, 1]], "random_index": "saaty2005"}"#,
    )
    .unwrap();
    let v = w.compute(&[], 0, &[1.0, 1.0], "n").unwrap();
    assert!((v[0] - 0.75).abs() < 1e-4);
    assert_eq!(Weighting::default(), Weighting::Explicit);
}

fn matrix_strategy() -> impl Strategy<Value = (usize, usize, Vec<f64>)> {
    (3usize..12, 2usize..6)
        .prop_flat_map(|(n, p)| (Just(n), Just(p), prop::collection::vec(0.0f64..1.0, n * p)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every method returns non-negative weights summing to 1 on random data (or a named error for
    /// degenerate data — never NaN).
    #[test]
    fn weights_sum_to_one((n, p, data) in matrix_strategy(), nominal in prop::collection::vec(0.01f64..5.0, 6)) {
        let methods = [
            Weighting::Equal,
            Weighting::Explicit,
            Weighting::Entropy,
            Weighting::Critic,
            Weighting::StdDev,
            Weighting::CoefficientOfVariation,
            Weighting::Pca { settings: PcaWeighting::default() },
            Weighting::Pca { settings: PcaWeighting { rotation: Rotation::None, ..Default::default() } },
        ];
        for m in methods {
            match m.compute(&data, n, &nominal[..p], "node") {
                Ok(w) => {
                    prop_assert_eq!(w.len(), p);
                    prop_assert!(w.iter().all(|v| v.is_finite() && *v >= 0.0), "{:?}: {:?}", m, w);
                    prop_assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{:?}: {:?}", m, w);
                }
                Err(e) => prop_assert!(
                    matches!(e, CompositeError::InvalidWeights { .. } | CompositeError::ConstantColumn { .. } | CompositeError::ZeroMean { .. }),
                    "{:?}: {:?}", m, e
                ),
            }
        }
    }

    /// AHP of a random consistent matrix a_ij = v_i / v_j recovers v (normalised) with CR = 0.
    #[test]
    fn ahp_consistent_recovers_priorities(v in prop::collection::vec(0.1f64..10.0, 2..10)) {
        let n = v.len();
        let m: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| v[i] / v[j]).collect()).collect();
        let r = ahp(&PairwiseMatrix::new(m).unwrap(), RandomIndexTable::Saaty1980).unwrap();
        let s: f64 = v.iter().sum();
        for (p, x) in r.priorities.iter().zip(&v) {
            prop_assert!((p - x / s).abs() < 1e-9);
        }
        prop_assert!(r.cr.abs() < 1e-9);
        prop_assert!((r.priorities.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    /// BoD scores are in [0, 1] and the best unit scores 1.
    #[test]
    fn bod_scores_in_unit_interval((n, p, data) in matrix_strategy()) {
        let r = benefit_of_the_doubt(&data, n, &BodBounds::default()).unwrap();
        prop_assert!(r.scores.iter().all(|s| (0.0..=1.0).contains(s)));
        let best = r.scores.iter().copied().fold(0.0, f64::max);
        let any_positive = data.iter().any(|&v| v > 0.0);
        prop_assert!(!any_positive || (best - 1.0).abs() < 1e-7, "best {}", best);
        prop_assert_eq!(r.weights[0].len(), p);
    }
}
