//! Sobol and Morris estimators against SALib 1.6.0 on SALib's own sample matrices and model outputs
//! (`tests/data/salib_golden.json`, written by `tests/data/make_salib_golden.py`, which records the peer
//! and its version). Point estimates agree to 1e-10; bootstrap half-widths (different random generators)
//! are checked to be of the same size, within a factor of 2.

use mfg_quality_sensitivity::morris::{
    MorrisBootstrap, Optimisation, analyse_radial, analyse_trajectories, select_trajectories,
};
use mfg_quality_sensitivity::sobol::{
    Bootstrap, SobolDesign, SobolInput, SobolSettings, from_salib_order,
};
use mfg_quality_sensitivity::{Marginal, Measure};
use serde_json::Value;

const GOLDEN: &str = include_str!("data/salib_golden.json");

fn case(name: &str) -> Value {
    let v: Value = serde_json::from_str(GOLDEN).unwrap();
    assert!(v["peer"].as_str().unwrap().starts_with("SALib 1.6.0"));
    v[name].clone()
}

fn vec(x: &Value) -> Vec<f64> {
    x.as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_f64().unwrap())
        .collect()
}

fn close(got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= tol, "{got:?}\nvs SALib\n{want:?}");
    }
}

fn same_size(got: &[f64], want: &[f64]) {
    for (g, w) in got.iter().zip(want) {
        if *w > 1e-9 {
            assert!(g / w > 0.5 && g / w < 2.0, "{got:?} vs SALib {want:?}");
        }
    }
}

fn names(d: usize) -> Vec<String> {
    (0..d).map(|i| format!("x{}", i + 1)).collect()
}

fn sobol_case(name: &str) {
    let c = case(name);
    let n = c["n"].as_u64().unwrap() as usize;
    let d = c["d"].as_u64().unwrap() as usize;
    let second = c["second_order"].as_bool().unwrap();
    let y = from_salib_order(&vec(&c["y"]), n, d, second).unwrap();
    let inputs = names(d)
        .into_iter()
        .map(|n| SobolInput::new(n, Marginal::default()))
        .collect();
    let design = SobolDesign::new(
        inputs,
        SobolSettings {
            n,
            second_order: second,
            bootstrap: Bootstrap {
                resamples: 1000,
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .unwrap();
    let s = design.analyse(&y).unwrap();
    close(&s.first_values(), &vec(&c["S1"]), 1e-10);
    close(&s.total_values(), &vec(&c["ST"]), 1e-10);
    if second {
        let s2: Vec<f64> = s.second.iter().map(|p| p.estimate.value).collect();
        close(&s2, &vec(&c["S2_12_13_23"]), 1e-10);
    }
    let half = |e: &[mfg_quality_sensitivity::sobol::Estimate]| -> Vec<f64> {
        e.iter()
            .map(|e| e.ci.map_or(f64::NAN, |i| (i.hi - i.lo) / 2.0))
            .collect()
    };
    same_size(&half(&s.first), &vec(&c["S1_conf"]));
    same_size(&half(&s.total), &vec(&c["ST_conf"]));
}

#[test]
fn sobol_matches_salib_on_its_ishigami_sample_with_second_order() {
    sobol_case("sobol_ishigami_n16_second_order");
}

#[test]
fn sobol_matches_salib_on_its_g_function_sample() {
    sobol_case("sobol_g5_n32");
}

fn morris_case(name: &str) {
    let c = case(name);
    let d = c["d"].as_u64().unwrap() as usize;
    let p = c["levels"].as_u64().unwrap() as usize;
    let boot = MorrisBootstrap {
        resamples: 1000,
        ..Default::default()
    };
    let m = analyse_trajectories(names(d), &vec(&c["x"]), &vec(&c["y"]), p, &boot).unwrap();
    close(&m.mu, &vec(&c["mu"]), 1e-10);
    close(&m.mu_star, &vec(&c["mu_star"]), 1e-10);
    close(&m.sigma, &vec(&c["sigma"]), 1e-10);
    same_size(m.mu_star_conf.as_ref().unwrap(), &vec(&c["mu_star_conf"]));
    let r = m.to_result("y");
    close(&r.column(0, Measure::MuStar), &vec(&c["mu_star"]), 1e-10);
}

#[test]
fn morris_matches_salib_on_its_ishigami_trajectories() {
    morris_case("morris_ishigami_r10_p4");
}

#[test]
fn morris_matches_salib_on_six_level_trajectories_of_an_interacting_model() {
    morris_case("morris_linear_r8_p6");
}

#[test]
fn brute_force_optimal_trajectories_match_salib() {
    let c = case("morris_brute_12_choose_4");
    let d = c["d"].as_u64().unwrap() as usize;
    let k = c["choose"].as_u64().unwrap() as usize;
    let chosen: Vec<usize> = c["chosen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    let got = select_trajectories(
        &vec(&c["unit_points"]),
        d,
        k,
        Optimisation::BruteForce { candidates: 12 },
    )
    .unwrap();
    assert_eq!(got, chosen);
}

#[test]
fn radial_effects_match_salib_radial_ee() {
    let c = case("radial_ishigami_r8");
    let d = c["d"].as_u64().unwrap() as usize;
    let m = analyse_radial(
        names(d),
        &vec(&c["x"]),
        &vec(&c["y"]),
        &MorrisBootstrap::default(),
    )
    .unwrap();
    close(&m.mu, &vec(&c["mu"]), 1e-10);
    close(&m.mu_star, &vec(&c["mu_star"]), 1e-10);
    close(&m.sigma, &vec(&c["sigma"]), 1e-10);
}
