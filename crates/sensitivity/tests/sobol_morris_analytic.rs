//! Sobol and Morris on the benchmark functions of `test_functions`, against their analytic values.
//!
//! Tolerance of the Sobol checks: each estimate lies within `3 sd + 0.005` of the analytic index, `sd` the
//! bootstrap standard deviation of that estimate (the bootstrap over rows is conservative on scrambled
//! Sobol points, so this is a Monte Carlo error bound of about 3 standard errors, with a floor of 0.005 for
//! the near-zero indices whose bootstrap sd is tiny). Morris' effects of a linear model are exact (1e-9).

use mfg_quality_sensitivity::morris::{MorrisDesign, MorrisSettings, Optimisation};
use mfg_quality_sensitivity::sobol::{SobolDesign, SobolIndices, SobolInput, SobolSettings};
use mfg_quality_sensitivity::test_functions::{
    Ishigami, Linear, Morris1991, SobolG, SobolGStar, TestFunction,
};
use mfg_quality_sensitivity::{Control, Marginal};
use proptest::prelude::*;

fn unit_inputs(d: usize) -> Vec<SobolInput> {
    (0..d)
        .map(|i| SobolInput::new(format!("x{}", i + 1), Marginal::default()))
        .collect()
}

fn sobol_of(f: &(impl TestFunction + Sync), n: usize) -> SobolIndices {
    SobolDesign::new(
        unit_inputs(f.dim()),
        SobolSettings {
            n,
            ..Default::default()
        },
    )
    .unwrap()
    .run(|u| f.eval_unit(u))
    .unwrap()
}

fn within_mc_error(s: &SobolIndices, f: &impl TestFunction) {
    let (s1, st) = (f.first_order().unwrap(), f.total().unwrap());
    for (est, truth) in s.first.iter().zip(&s1).chain(s.total.iter().zip(&st)) {
        let sd = est.ci.unwrap().sd;
        assert!(
            (est.value - truth).abs() <= 3.0 * sd + 0.005,
            "{} vs analytic {truth} (sd {sd})\n{s}",
            est.value
        );
    }
}

#[test]
fn sobol_ishigami_within_monte_carlo_error() {
    let f = Ishigami::default();
    within_mc_error(&sobol_of(&f, 4096), &f);
}

#[test]
fn sobol_g_and_g_star_within_monte_carlo_error() {
    let g = SobolG::default();
    within_mc_error(&sobol_of(&g, 4096), &g);
    let gs = SobolGStar::new(
        vec![0.0, 0.5, 3.0, 9.0, 99.0],
        vec![0.3, 0.1, 0.7, 0.0, 0.5],
        vec![0.5, 2.0, 1.0, 1.0, 1.0],
    )
    .unwrap();
    within_mc_error(&sobol_of(&gs, 4096), &gs);
}

#[test]
fn sobol_linear_model_with_non_uniform_bounds() {
    let f = Linear::new(
        1.0,
        vec![1.0, -2.0, 0.5],
        vec![(0.0, 1.0), (0.0, 2.0), (-3.0, 3.0)],
    )
    .unwrap();
    within_mc_error(&sobol_of(&f, 1024), &f);
}

#[test]
fn morris_effects_of_a_linear_model_are_exact() {
    let f = Linear::new(
        0.0,
        vec![1.0, -2.0, 0.5],
        vec![(0.0, 1.0), (0.0, 2.0), (-3.0, 3.0)],
    )
    .unwrap();
    let design = MorrisDesign::trajectories(
        unit_inputs(3),
        MorrisSettings {
            trajectories: 12,
            levels: 6,
            ..Default::default()
        },
    )
    .unwrap();
    let m = design.run(|u| f.eval_unit(u)).unwrap();
    // in unit coordinates the effect of x_i is c_i (hi_i − lo_i)
    for (i, want) in [1.0, -4.0, 3.0].iter().enumerate() {
        assert!((m.mu[i] - want).abs() < 1e-9, "{m}");
        assert!((m.mu_star[i] - want.abs()).abs() < 1e-9);
        assert!(m.sigma[i].abs() < 1e-9);
    }
    assert_eq!(m.ranking(), vec![1, 2, 0]);
}

#[test]
fn morris_screens_the_morris_function() {
    let f = Morris1991::new(1);
    let design = MorrisDesign::trajectories(
        unit_inputs(20),
        MorrisSettings {
            trajectories: 10,
            optimise: Some(Optimisation::Elimination { candidates: 40 }),
            ..Default::default()
        },
    )
    .unwrap();
    let m = design.run(|u| f.eval_unit(u)).unwrap();
    let mean =
        |r: std::ops::Range<usize>| m.mu_star[r.clone()].iter().sum::<f64>() / r.len() as f64;
    // the first ten factors are the important ones (Morris 1991)
    assert!(mean(0..10) > 5.0 * mean(10..20), "{m}");
    // and the bootstrap interval of mu* brackets the estimate
    let conf = m.mu_star_conf.as_ref().unwrap();
    assert!(conf.iter().all(|c| c.is_finite() && *c >= 0.0));
}

#[test]
fn vector_outputs_are_analysed_one_by_one() {
    let d = MorrisDesign::trajectories(unit_inputs(2), MorrisSettings::default()).unwrap();
    let m = d
        .run_vec(|x| vec![x[0], 3.0 * x[1]], Control::default())
        .unwrap();
    assert!((m[0].mu_star[0] - 1.0).abs() < 1e-9 && m[0].mu_star[1].abs() < 1e-12);
    assert!((m[1].mu_star[1] - 3.0).abs() < 1e-9 && m[1].mu_star[0].abs() < 1e-12);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// μ* ≥ |μ|, σ ≥ 0, and scaling the output by `a` scales μ, μ* and σ by `a` (|a|): the effects are
    /// linear in the output.
    #[test]
    fn morris_measures_are_ordered_and_scale(a in -50.0f64..50.0, seed in 0u64..1000, p in 1usize..5) {
        let design = MorrisDesign::trajectories(
            unit_inputs(3),
            MorrisSettings { trajectories: 6, levels: 2 * p, seed, ..Default::default() },
        ).unwrap();
        let f = |x: &[f64]| (4.0 * x[0]).sin() + x[1] * x[2] * 5.0;
        let m = design.run(f).unwrap();
        let s = design.run(|x| a * f(x)).unwrap();
        for i in 0..3 {
            prop_assert!(m.mu_star[i] + 1e-12 >= m.mu[i].abs());
            prop_assert!(m.sigma[i] >= 0.0);
            prop_assert!((s.mu[i] - a * m.mu[i]).abs() <= 1e-9 * (1.0 + m.mu[i].abs() * a.abs()));
            prop_assert!((s.mu_star[i] - a.abs() * m.mu_star[i]).abs() <= 1e-9 * (1.0 + m.mu_star[i] * a.abs()));
        }
    }

    /// S_i ≤ ST_i (within the warning margin) is what the warnings check: a large sample of an additive
    /// model never warns, and its indices sum to about 1.
    #[test]
    fn additive_models_do_not_warn(c in proptest::collection::vec(0.1f64..5.0, 2..5), seed in 0u32..100) {
        let d = c.len();
        let design = SobolDesign::new(unit_inputs(d), SobolSettings { n: 512, seed, ..Default::default() }).unwrap();
        let s = design.run(|x| x.iter().zip(&c).map(|(xi, ci)| ci * xi).sum()).unwrap();
        prop_assert!(s.warnings.is_empty(), "{}", s);
        let sum: f64 = s.first_values().iter().sum();
        prop_assert!((sum - 1.0).abs() < 0.05, "{}", s);
    }
}
