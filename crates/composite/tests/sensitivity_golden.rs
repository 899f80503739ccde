//! Golden tests of the Sobol analysis against analytic indices: the Ishigami function
//! (`tests/data/sobol_ishigami.json`, copied from the project's reference cases with its `source` fields) and
//! the Sobol G-function (analytic formula), plus a convergence check.

use std::f64::consts::PI;

use mfg_quality_composite::sensitivity::{
    Bootstrap, CiMethod, Marginal, SobolDesign, SobolIndices, SobolInput, SobolSettings,
};
use serde_json::Value;

const ISHIGAMI: &str = include_str!("data/sobol_ishigami.json");

fn ishigami_case() -> (f64, f64, Vec<f64>, Vec<f64>, f64) {
    let v: Value = serde_json::from_str(ISHIGAMI).unwrap();
    let case = &v["cases"][0];
    let a = case["parameters"]["a"].as_f64().unwrap();
    let b = case["parameters"]["b"].as_f64().unwrap();
    let vec = |x: &Value| -> Vec<f64> {
        x.as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_f64().unwrap())
            .collect()
    };
    let s1 = vec(&case["derived"]["S1"]);
    let st = vec(&case["derived"]["ST"]);
    let s13 = case["derived"]["S13"].as_f64().unwrap();
    (a, b, s1, st, s13)
}

fn ishigami_design(n: usize, second: bool, seed: u32) -> SobolDesign {
    let inputs = ["x1", "x2", "x3"]
        .map(|n| SobolInput::new(n, Marginal::Uniform { lo: -PI, hi: PI }))
        .to_vec();
    SobolDesign::new(
        inputs,
        SobolSettings {
            n,
            second_order: second,
            seed,
            ..Default::default()
        },
    )
    .unwrap()
}

/// The tolerance stated in the file: SALib's `atol 0.05 + rtol 0.1` (numpy `isclose`).
fn within_salib_tolerance(obtained: f64, expected: f64) -> bool {
    (obtained - expected).abs() <= 0.05 + 0.1 * expected.abs()
}

#[test]
fn ishigami_first_total_and_second_order() {
    let (a, b, s1, st, s13) = ishigami_case();
    // N = 1024 with second order: 8192 runs. The file's tolerance is stated for N = 10000 pseudo-random;
    // scrambled Sobol points at N = 1024 meet it and, at this seed, a tighter 0.02 (asserted below too).
    let s = ishigami_design(1024, true, 0)
        .run(|x| x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin())
        .unwrap();
    println!("{s}");
    for i in 0..3 {
        assert!(
            within_salib_tolerance(s.first[i].value, s1[i]),
            "S1[{i}] {} vs {}",
            s.first[i].value,
            s1[i]
        );
        assert!(
            within_salib_tolerance(s.total[i].value, st[i]),
            "ST[{i}] {} vs {}",
            s.total[i].value,
            st[i]
        );
        assert!((s.first[i].value - s1[i]).abs() < 0.02);
        assert!((s.total[i].value - st[i]).abs() < 0.02);
        // the bootstrap interval exists and has the estimate inside
        let ci = s.first[i].ci.unwrap();
        assert!(ci.lo <= s.first[i].value && s.first[i].value <= ci.hi && ci.sd > 0.0);
    }
    // S2: SALib's regression test expects S2(1,2) ≈ 0, S2(1,3) ≈ 0.25 (= S13 = 0.2437), S2(2,3) ≈ 0.
    let s12 = s.second_order("x1", "x2").unwrap().value;
    let s13_obt = s.second_order("x1", "x3").unwrap().value;
    let s23 = s.second_order("x2", "x3").unwrap().value;
    assert!(within_salib_tolerance(s12, 0.0), "S12 {s12}");
    assert!(
        within_salib_tolerance(s13_obt, s13),
        "S13 {s13_obt} vs {s13}"
    );
    assert!(within_salib_tolerance(s23, 0.0), "S23 {s23}");
}

/// Sobol G-function `Y = Π (|4x_i − 2| + a_i) / (1 + a_i)`, `x_i ~ U(0, 1)`.
fn g_function(a: &[f64]) -> impl Fn(&[f64]) -> f64 + Sync + '_ {
    move |x: &[f64]| {
        x.iter()
            .zip(a)
            .map(|(xi, ai)| ((4.0 * xi - 2.0).abs() + ai) / (1.0 + ai))
            .product()
    }
}

/// Analytic indices of the G-function (Sobol 1998; Saltelli et al. 2010 §4):
/// `V_i = 1/(3(1+a_i)²)`, `V = Π(1+V_i) − 1`, `S_i = V_i/V`, `ST_i = V_i Π_{j≠i}(1+V_j) / V`.
fn g_analytic(a: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let vi: Vec<f64> = a
        .iter()
        .map(|ai| 1.0 / (3.0 * (1.0 + ai).powi(2)))
        .collect();
    let prod: f64 = vi.iter().map(|v| 1.0 + v).product();
    let v = prod - 1.0;
    let s1 = vi.iter().map(|x| x / v).collect();
    let st = vi.iter().map(|x| x * prod / (1.0 + x) / v).collect();
    (s1, st)
}

const G_A: [f64; 8] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];

fn g_design(n: usize, seed: u32) -> SobolDesign {
    let inputs = (0..G_A.len())
        .map(|i| SobolInput::new(format!("x{}", i + 1), Marginal::default()))
        .collect();
    SobolDesign::new(
        inputs,
        SobolSettings {
            n,
            seed,
            // point estimates only: the bootstrap is checked elsewhere and is the slow part in debug builds
            bootstrap: Bootstrap {
                resamples: 0,
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .unwrap()
}

fn max_error(s: &SobolIndices, s1: &[f64], st: &[f64]) -> f64 {
    s.first_values()
        .iter()
        .zip(s1)
        .chain(s.total_values().iter().zip(st))
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max)
}

#[test]
fn g_function_matches_analytic_indices() {
    let (s1, st) = g_analytic(&G_A);
    // Independent check of the analytic formula, with numpy 2.4 (python3):
    //   a=np.array([0,1,4.5,9,99,99,99,99.]); vi=1/(3*(1+a)**2); P=np.prod(1+vi); V=P-1
    //   np.round(vi/V,4)          -> [0.7162, 0.1790, 0.0237, 0.0072, 0.0001, 0.0001, 0.0001, 0.0001]
    //   np.round(vi*P/(1+vi)/V,4) -> [0.7871, 0.2422, 0.0343, 0.0105, 0.0001, 0.0001, 0.0001, 0.0001]
    let numpy_s1 = [0.7162, 0.1790, 0.0237, 0.0072, 0.0001];
    let numpy_st = [0.7871, 0.2422, 0.0343, 0.0105, 0.0001];
    for k in 0..5 {
        assert!((s1[k] - numpy_s1[k]).abs() < 5e-5 && (st[k] - numpy_st[k]).abs() < 5e-5);
    }
    let s = g_design(4096, 0).run(g_function(&G_A)).unwrap();
    println!("{s}");
    let err = max_error(&s, &s1, &st);
    assert!(err < 0.02, "max abs error {err}");
}

#[test]
fn error_falls_as_n_grows() {
    let (s1, st) = g_analytic(&G_A);
    let f = g_function(&G_A);
    // Averaged over 2 scrambling seeds so that the check does not hinge on one lucky draw.
    let mean_err = |n: usize| -> f64 {
        (0..2u32)
            .map(|seed| max_error(&g_design(n, seed).run(&f).unwrap(), &s1, &st))
            .sum::<f64>()
            / 2.0
    };
    let (e8, e12) = (mean_err(1 << 8), mean_err(1 << 12));
    println!("mean max abs error: N = 2^8: {e8:.4}, N = 2^12: {e12:.4}");
    // A factor of 16 in N should cut the error by 4 (N^-1/2) or more: ask for 2.5.
    assert!(e12 < e8 / 2.5, "N = 2^8: {e8}, N = 2^12: {e12}");
}

#[test]
fn percentile_interval_contains_the_truth_for_a_linear_model() {
    // Y = x1 + 2 x2: S = ST = (0.2, 0.8) exactly.
    let inputs = vec![
        SobolInput::new("x1", Marginal::default()),
        SobolInput::new("x2", Marginal::default()),
    ];
    let mut settings = SobolSettings {
        n: 512,
        ..Default::default()
    };
    settings.bootstrap.method = CiMethod::Percentile;
    let s = SobolDesign::new(inputs, settings)
        .unwrap()
        .run(|x| x[0] + 2.0 * x[1])
        .unwrap();
    for (e, truth) in s.first.iter().zip([0.2, 0.8]) {
        let ci = e.ci.unwrap();
        assert!(
            ci.lo <= truth && truth <= ci.hi,
            "{truth} not in [{}, {}]",
            ci.lo,
            ci.hi
        );
        // Resampling the rows of a Sobol design breaks its stratification, so the bootstrap interval
        // measures the error of random sampling and is wider than the QMC error: conservative.
        assert!(ci.hi - ci.lo < 0.2, "[{}, {}]", ci.lo, ci.hi);
    }
}

/// Users of SALib/COINr see negative first-order indices at small N. For Ishigami's x3 (true S1 = 0) the raw
/// estimate is reported as is: at N = 64 it is off by several hundredths (either sign), and its spread
/// over scrambling seeds shrinks by an order of magnitude at N = 4096, with the bootstrap interval
/// straddling 0.
#[test]
fn inert_factor_estimate_shrinks_towards_zero() {
    let (a, b, ..) = ishigami_case();
    let f = |x: &[f64]| x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin();
    let rms = |n: usize| -> f64 {
        let v: Vec<f64> = (0..4u32)
            .map(|seed| ishigami_design(n, false, seed).run(f).unwrap().first[2].value)
            .collect();
        (v.iter().map(|x| x * x).sum::<f64>() / v.len() as f64).sqrt()
    };
    let (small, large) = (rms(64), rms(4096));
    println!("RMS of S1(x3) over 4 seeds: N = 64: {small:.4}, N = 4096: {large:.4}");
    assert!(large < small / 8.0, "{small} -> {large}");
    let s = ishigami_design(4096, false, 0).run(f).unwrap();
    let ci = s.first[2].ci.unwrap();
    assert!(ci.lo < 0.0 && 0.0 < ci.hi);
}

const SALIB: &str = include_str!("data/sobol_salib_ishigami_n64.json");

/// The estimators against SALib 1.6.0 on the same model outputs (the command is recorded in the file):
/// S1, ST and S2 agree to 1e-10; the bootstrap half-widths are of the same size (different RNGs).
#[test]
fn estimators_match_salib_on_the_same_outputs() {
    let v: Value = serde_json::from_str(SALIB).unwrap();
    let vec = |x: &Value| -> Vec<f64> {
        x.as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_f64().unwrap())
            .collect()
    };
    let y = vec(&v["y"]);
    let e = &v["expected"];
    let s = ishigami_design(64, true, 0).analyse(&y).unwrap();
    let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-10);
    assert!(close(&s.first_values(), &vec(&e["S1"])), "{s}");
    assert!(close(&s.total_values(), &vec(&e["ST"])), "{s}");
    let s2: Vec<f64> = s.second.iter().map(|p| p.estimate.value).collect();
    assert!(close(&s2, &vec(&e["S2_12_13_23"])), "{s}");
    for (est, conf) in s.first.iter().zip(vec(&e["S1_conf"])) {
        let ci = est.ci.unwrap();
        let half = (ci.hi - ci.lo) / 2.0;
        assert!(
            half / conf > 0.6 && half / conf < 1.6,
            "{half} vs SALib {conf}"
        );
    }
}
