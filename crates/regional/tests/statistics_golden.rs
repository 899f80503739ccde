//! Golden tests of convergence, rank-test p-values, OLS prediction intervals and HC1, Dagum's Gini
//! decomposition and spatial autocorrelation against SciPy 1.17.1, statsmodels 0.15.0 and PySAL esda 2.9.0 /
//! libpysal 4.14.1 (NumPy 2.4.6, Python 3.11). The numbers are in `tests/data/regional_reference.json`,
//! produced by `tests/data/regional_reference.py` (quoted there in full, run outside the repository; the
//! tests do not need Python).

use approx::assert_relative_eq;
use mfg_quality_indicators::stats::VarianceKind;
use mfg_quality_regional::*;
use serde_json::Value;

fn reference() -> Value {
    serde_json::from_str(include_str!("data/regional_reference.json")).expect("reference JSON")
}

fn num(v: &Value, path: &str) -> f64 {
    let mut cur = v;
    for key in path.split('.') {
        cur = match key.parse::<usize>() {
            Ok(i) if cur.is_array() => &cur[i],
            _ => &cur[key],
        };
    }
    cur.as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number: {cur}"))
}

fn vec_of(v: &Value, path: &str) -> Vec<f64> {
    let mut cur = v;
    for key in path.split('.') {
        cur = &cur[key];
    }
    cur.as_array()
        .unwrap_or_else(|| panic!("{path} is not an array"))
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn strings(v: &Value, path: &str) -> Vec<String> {
    let mut cur = v;
    for key in path.split('.') {
        cur = &cur[key];
    }
    cur.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn panel(r: &Value) -> (Vec<f64>, Vec<Vec<f64>>) {
    let years = vec_of(r, "convergence_input.years");
    let rows = r["convergence_input"]["panel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        })
        .collect();
    (years, rows)
}

fn close(a: f64, b: f64, rel: f64) {
    assert_relative_eq!(a, b, max_relative = rel, epsilon = 1e-300);
}

// ------------------------------------------------------------------ convergence

#[test]
fn sigma_convergence_sample_and_population_match_numpy() {
    let r = reference();
    let (years, rows) = panel(&r);
    let refs: Vec<&[f64]> = rows.iter().map(Vec::as_slice).collect();
    for (kind, key) in [
        (VarianceKind::Sample, "sample"),
        (VarianceKind::Population, "population"),
    ] {
        let s = sigma_convergence_with(&years, &refs, kind).unwrap();
        assert_eq!(s.dispersion, kind);
        for (t, d) in s.periods.iter().enumerate() {
            close(
                d.sd_log,
                num(&r, &format!("convergence.{key}.sd_log.{t}")),
                1e-13,
            );
            close(d.cv, num(&r, &format!("convergence.{key}.cv.{t}")), 1e-13);
        }
        let trend = s.trend_sd_log.as_ref().unwrap();
        close(
            trend.slope,
            num(&r, &format!("convergence.{key}.trend_sd_log.slope")),
            1e-11,
        );
        close(
            trend.p_slope,
            num(&r, &format!("convergence.{key}.trend_sd_log.p")),
            1e-8,
        );
    }
}

#[test]
fn sigma_convergence_two_periods_carree_klomp() {
    let r = reference();
    let (years, rows) = panel(&r);
    let two: Vec<&[f64]> = vec![&rows[0], &rows[3]];
    let s = sigma_convergence(&[years[0], years[3]], &two).unwrap();
    assert!(s.trend_sd_log.is_none() && s.trend_cv.is_none());
    let first = num(&r, "convergence.sample.sd_log.0");
    let last = num(&r, "convergence.sample.sd_log.3");
    close(s.change.sd_log_change, last - first, 1e-12);
    close(s.change.sd_log_ratio, last / first, 1e-13);
    close(
        s.change.t2.unwrap(),
        num(&r, "convergence.carree_klomp.t2"),
        1e-11,
    );
    close(
        s.change.p_value.unwrap(),
        num(&r, "convergence.carree_klomp.p"),
        1e-8,
    );
    // The T2 ratio does not depend on the variance denominator.
    let p = sigma_convergence_with(&[years[0], years[3]], &two, VarianceKind::Population).unwrap();
    close(p.change.t2.unwrap(), s.change.t2.unwrap(), 1e-13);
}

#[test]
fn beta_convergence_matches_linregress_with_stated_convention() {
    let r = reference();
    let (years, rows) = panel(&r);
    let b = beta_convergence(&rows[0], &rows[3], years[3] - years[0]).unwrap();
    assert_eq!(b.convention, SpeedConvention::BarroSalaIMartin);
    close(b.beta, num(&r, "convergence.beta.slope"), 1e-12);
    close(b.fit.se_slope, num(&r, "convergence.beta.se"), 1e-10);
    close(b.p_value, num(&r, "convergence.beta.p"), 1e-7);
    close(b.speed.unwrap(), num(&r, "convergence.beta.speed"), 1e-11);
    close(
        b.half_life.unwrap(),
        num(&r, "convergence.beta.half_life"),
        1e-11,
    );
}

#[test]
fn conditional_beta_convergence_matches_statsmodels() {
    let r = reference();
    let (years, rows) = panel(&r);
    let control = |j: usize| -> Vec<f64> {
        r["convergence_input"]["controls"][j]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    let (c0, c1) = (control(0), control(1));
    let b = conditional_beta_convergence(
        &rows[0],
        &rows[3],
        years[3] - years[0],
        &[&c0, &c1],
        &["investment", "schooling"],
    )
    .unwrap();
    assert_eq!(
        b.ols.names,
        ["const", "ln_initial", "investment", "schooling"]
    );
    for j in 0..4 {
        close(
            b.ols.coefficients[j],
            num(&r, &format!("convergence.conditional.params.{j}")),
            1e-9,
        );
        close(
            b.ols.se[j],
            num(&r, &format!("convergence.conditional.bse.{j}")),
            1e-8,
        );
        close(
            b.ols.se_hc1[j],
            num(&r, &format!("convergence.conditional.bse_hc1.{j}")),
            1e-8,
        );
        close(
            b.ols.p[j],
            num(&r, &format!("convergence.conditional.p.{j}")),
            1e-7,
        );
    }
    close(
        b.ols.r_squared,
        num(&r, "convergence.conditional.r2"),
        1e-12,
    );
    close(b.beta, b.ols.coefficients[1], 0.0);
    close(
        b.speed.unwrap(),
        num(&r, "convergence.conditional.speed"),
        1e-9,
    );
    close(
        b.half_life.unwrap(),
        num(&r, "convergence.conditional.half_life"),
        1e-9,
    );
    // Prediction interval for a new unit, statsmodels get_prediction().summary_frame().
    let row = vec_of(&r, "ols.conditional_prediction.row");
    let p = b.ols.prediction(&row, 0.95).unwrap();
    close(p.fit, num(&r, "ols.conditional_prediction.fit"), 1e-9);
    close(
        p.se_mean,
        num(&r, "ols.conditional_prediction.mean_se"),
        1e-8,
    );
    close(
        p.prediction_interval.0,
        num(&r, "ols.conditional_prediction.obs_ci.0"),
        1e-8,
    );
    close(
        p.prediction_interval.1,
        num(&r, "ols.conditional_prediction.obs_ci.1"),
        1e-8,
    );
}

#[test]
fn panel_fixed_effects_beta_matches_dummy_regression() {
    let r = reference();
    let (years, rows) = panel(&r);
    let refs: Vec<&[f64]> = rows.iter().map(Vec::as_slice).collect();
    let b = panel_beta_convergence(&years, &refs).unwrap();
    close(b.years, 3.0, 0.0);
    close(b.ols.df, num(&r, "convergence.panel_fe.df"), 0.0);
    close(b.beta, num(&r, "convergence.panel_fe.beta"), 1e-10);
    close(b.se, num(&r, "convergence.panel_fe.se"), 1e-9);
    close(b.se_hc1, num(&r, "convergence.panel_fe.se_hc1"), 1e-9);
    close(b.p_value, num(&r, "convergence.panel_fe.p"), 1e-8);
    close(
        b.speed.unwrap(),
        num(&r, "convergence.panel_fe.speed"),
        1e-10,
    );
    close(
        b.half_life.unwrap(),
        num(&r, "convergence.panel_fe.half_life"),
        1e-10,
    );
}

// ------------------------------------------------------------------ rank tests

#[test]
fn spearman_every_p_value_method() {
    let r = reference();
    for (key, xk, yk) in [
        ("spearman_no_ties", "x_no_ties", "y_no_ties"),
        ("spearman_ties", "x_ties", "y_ties"),
    ] {
        let x = vec_of(&r, &format!("rank_tests.input.{xk}"));
        let y = vec_of(&r, &format!("rank_tests.input.{yk}"));
        let get = |m| spearman_rho_test(&x, &y, m).unwrap();
        let exact = get(SpearmanPValue::Exact);
        assert_eq!(exact.method, PValueMethod::Exact);
        close(exact.rho, num(&r, &format!("rank_tests.{key}.rho")), 1e-13);
        close(
            exact.p_value,
            num(&r, &format!("rank_tests.{key}.p_exact")),
            1e-12,
        );
        assert_eq!(get(SpearmanPValue::Auto).method, PValueMethod::Exact);
        let t = get(SpearmanPValue::StudentT);
        assert_eq!(t.method, PValueMethod::StudentT);
        close(t.p_value, num(&r, &format!("rank_tests.{key}.p_t")), 1e-9);
        let z = get(SpearmanPValue::Normal);
        assert_eq!(z.method, PValueMethod::Normal);
        close(
            z.statistic.unwrap(),
            num(&r, &format!("rank_tests.{key}.z")),
            1e-13,
        );
        close(
            z.p_value,
            num(&r, &format!("rank_tests.{key}.p_normal")),
            1e-9,
        );
        let zc = get(SpearmanPValue::NormalContinuity);
        assert_eq!(zc.method, PValueMethod::NormalContinuity);
        close(
            zc.statistic.unwrap(),
            num(&r, &format!("rank_tests.{key}.z_cc")),
            1e-13,
        );
        close(
            zc.p_value,
            num(&r, &format!("rank_tests.{key}.p_normal_cc")),
            1e-9,
        );
    }
}

#[test]
fn kendall_exact_and_normal_with_s_and_var_s() {
    let r = reference();
    let x = vec_of(&r, "rank_tests.input.x_no_ties");
    let y = vec_of(&r, "rank_tests.input.y_no_ties");
    let k = kendall_test(&x, &y, KendallPValue::Auto).unwrap();
    assert_eq!(k.method, PValueMethod::Exact);
    assert_eq!(k.s, 22);
    close(k.tau_b, num(&r, "rank_tests.kendall_no_ties.tau_b"), 1e-13);
    close(k.var_s, num(&r, "rank_tests.kendall_no_ties.var_s"), 1e-9);
    close(
        k.p_value,
        num(&r, "rank_tests.kendall_no_ties.p_exact"),
        1e-12,
    );
    close(
        k.p_value,
        num(&r, "rank_tests.kendall_no_ties.p_auto"),
        1e-12,
    );
    let n = kendall_test(&x, &y, KendallPValue::Normal).unwrap();
    close(n.z.unwrap(), num(&r, "rank_tests.kendall_no_ties.z"), 1e-9);
    close(
        n.p_value,
        num(&r, "rank_tests.kendall_no_ties.p_normal"),
        1e-9,
    );
    let c = kendall_test(&x, &y, KendallPValue::NormalContinuity).unwrap();
    assert_eq!(c.method, PValueMethod::NormalContinuity);
    close(
        c.z.unwrap(),
        num(&r, "rank_tests.kendall_no_ties.z_cc"),
        1e-9,
    );
    close(
        c.p_value,
        num(&r, "rank_tests.kendall_no_ties.p_normal_cc"),
        1e-9,
    );

    // With ties: Auto falls back to the normal approximation; Var(S) carries the tie corrections.
    let x = vec_of(&r, "rank_tests.input.x_ties");
    let y = vec_of(&r, "rank_tests.input.y_ties");
    let k = kendall_test(&x, &y, KendallPValue::Auto).unwrap();
    assert_eq!(k.method, PValueMethod::Normal);
    assert_eq!(k.s, 24);
    assert!(k.ties_x > 0.0 && k.ties_y > 0.0);
    close(k.tau_b, num(&r, "rank_tests.kendall_ties.tau_b"), 1e-13);
    close(k.var_s, num(&r, "rank_tests.kendall_ties.var_s"), 1e-9);
    close(k.p_value, num(&r, "rank_tests.kendall_ties.p_normal"), 1e-9);
    let c = kendall_test(&x, &y, KendallPValue::NormalContinuity).unwrap();
    close(
        c.p_value,
        num(&r, "rank_tests.kendall_ties.p_normal_cc"),
        1e-9,
    );
    // The existing kendall_tau_b is the normal method.
    let old = kendall_tau_b(&x, &y).unwrap();
    close(old.p_value, k.p_value, 1e-15);
}

// ------------------------------------------------------------------ OLS

#[test]
fn simple_ols_prediction_intervals_and_hc1_match_statsmodels() {
    let r = reference();
    let x = vec_of(&r, "rank_tests.input.x_ties");
    let y = vec_of(&r, "rank_tests.input.y_ties");
    let fit = LinearFit::fit(&x, &y).unwrap();
    close(fit.se_intercept_hc1, num(&r, "ols.simple.bse_hc1.0"), 1e-10);
    close(fit.se_slope_hc1, num(&r, "ols.simple.bse_hc1.1"), 1e-10);
    let ols = Ols::fit(&y, &[&x], &["x"]).unwrap();
    close(ols.se_hc1[1], fit.se_slope_hc1, 1e-10);
    close(ols.se[1], fit.se_slope, 1e-10);
    let preds = r["ols"]["simple"]["predictions"].as_array().unwrap();
    assert_eq!(preds.len(), 4);
    for e in preds {
        let (x0, level) = (num(e, "x0"), num(e, "level"));
        let p = fit.prediction(x0, level).unwrap();
        let q = ols.prediction(&[x0], level).unwrap();
        close(p.level, level, 0.0);
        close(p.fit, num(e, "fit"), 1e-12);
        close(p.se_mean, num(e, "mean_se"), 1e-11);
        close(p.t_quantile, num(e, "t"), 1e-9);
        close(p.mean_interval.0, num(e, "mean_ci.0"), 1e-9);
        close(p.mean_interval.1, num(e, "mean_ci.1"), 1e-9);
        close(p.prediction_interval.0, num(e, "obs_ci.0"), 1e-9);
        close(p.prediction_interval.1, num(e, "obs_ci.1"), 1e-9);
        close(q.prediction_interval.1, p.prediction_interval.1, 1e-10);
        close(q.se_mean, p.se_mean, 1e-10);
        close(p.df, 6.0, 0.0);
    }
}

// ------------------------------------------------------------------ Dagum

fn provinces(r: &Value) -> (Vec<f64>, Vec<f64>, Grouping) {
    let region = strings(r, "provinces.region_nbs");
    (
        vec_of(r, "provinces.values"),
        vec_of(r, "provinces.population"),
        Grouping::from_labels(&region),
    )
}

#[test]
fn dagum_decomposition_matches_literal_python_implementation() {
    let r = reference();
    let (x, pop, g) = provinces(&r);
    for (key, w) in [("unweighted", None), ("weighted", Some(pop.as_slice()))] {
        let d = gini_decomposition(&x, w, &g).unwrap();
        let base = format!("dagum.{key}");
        close(d.total, num(&r, &format!("{base}.total")), 1e-12);
        close(d.within, num(&r, &format!("{base}.within")), 1e-12);
        close(d.between, num(&r, &format!("{base}.between")), 1e-12);
        close(d.overlap, num(&r, &format!("{base}.overlap")), 1e-11);
        close(d.within + d.between + d.overlap, d.total, 1e-13);
        close(d.total, gini(&x, w).unwrap(), 1e-12);
        for grp in &d.groups {
            let gb = format!("{base}.groups.{}", grp.group);
            close(grp.gini, num(&r, &format!("{gb}.gini")), 1e-12);
            close(grp.population_share, num(&r, &format!("{gb}.p")), 1e-13);
            close(grp.income_share, num(&r, &format!("{gb}.s")), 1e-13);
        }
        for pair in r["dagum"][key]["pairs"].as_array().unwrap() {
            let (a, b) = (pair["a"].as_str().unwrap(), pair["b"].as_str().unwrap());
            let ia = d.groups.iter().position(|q| q.group == a).unwrap();
            let ib = d.groups.iter().position(|q| q.group == b).unwrap();
            let mine = d
                .pairs
                .iter()
                .find(|p| (p.a, p.b) == (ia.min(ib), ia.max(ib)))
                .unwrap();
            close(mine.gini, pair["gini"].as_f64().unwrap(), 1e-12);
            close(mine.relative_affluence, pair["D"].as_f64().unwrap(), 1e-11);
        }
    }
}

// ------------------------------------------------------------------ spatial

fn check_spatial(r: &Value, key: &str, w: &SpatialWeights, x: &[f64]) {
    let base = format!("spatial.{key}");
    let perms = num(r, "spatial.permutations") as usize;
    let m = morans_i(x, w, perms, 7).unwrap();
    close(m.statistic, num(r, &format!("{base}.moran.I")), 1e-12);
    close(
        m.normality.expected,
        num(r, &format!("{base}.moran.EI")),
        1e-14,
    );
    close(
        m.normality.variance,
        num(r, &format!("{base}.moran.VI_norm")),
        1e-12,
    );
    let rand = m.randomisation.unwrap();
    close(
        rand.variance,
        num(r, &format!("{base}.moran.VI_rand")),
        1e-12,
    );
    close(
        m.normality.z,
        num(r, &format!("{base}.moran.z_norm")),
        1e-11,
    );
    close(rand.z, num(r, &format!("{base}.moran.z_rand")), 1e-11);
    close(
        m.normality.p_value,
        num(r, &format!("{base}.moran.p_norm")),
        1e-7,
    );
    close(rand.p_value, num(r, &format!("{base}.moran.p_rand")), 1e-7);
    let perm = m.permutation.unwrap();
    assert_eq!(perm.permutations, perms);
    assert!((perm.p_value - num(r, &format!("{base}.moran.p_sim"))).abs() < 0.005);

    let c = gearys_c(x, w, perms, 7).unwrap();
    close(c.statistic, num(r, &format!("{base}.geary.C")), 1e-12);
    close(
        c.normality.variance,
        num(r, &format!("{base}.geary.VC_norm")),
        1e-12,
    );
    let rand = c.randomisation.unwrap();
    close(
        rand.variance,
        num(r, &format!("{base}.geary.VC_rand")),
        1e-12,
    );
    close(
        c.normality.z,
        num(r, &format!("{base}.geary.z_norm")),
        1e-11,
    );
    // esda reports one-tailed Geary p-values; these are two-sided.
    close(
        c.normality.p_value,
        2.0 * num(r, &format!("{base}.geary.p_norm_one_tailed")),
        1e-7,
    );
    close(
        rand.p_value,
        2.0 * num(r, &format!("{base}.geary.p_rand_one_tailed")),
        1e-7,
    );
    assert!(
        (c.permutation.unwrap().p_value - num(r, &format!("{base}.geary.p_sim"))).abs() < 0.005
    );

    let l = local_moran(x, w, perms, 7, 0.05).unwrap();
    let is = vec_of(r, &format!("{base}.lisa.Is"));
    let ei = vec_of(r, &format!("{base}.lisa.EI"));
    let vi = vec_of(r, &format!("{base}.lisa.VI"));
    let q = vec_of(r, &format!("{base}.lisa.q"));
    let p_sim = vec_of(r, &format!("{base}.lisa.p_sim"));
    let mut agree = 0;
    for (i, u) in l.units.iter().enumerate() {
        assert_eq!(u.unit, w.labels()[i]);
        close(u.i, is[i], 1e-11);
        close(u.normal.expected, ei[i], 1e-12);
        close(u.normal.variance, vi[i], 1e-10);
        // esda q: 1 HH, 2 LH, 3 LL, 4 HL
        let expected = match q[i] as i64 {
            1 => Cluster::HighHigh,
            2 => Cluster::LowHigh,
            3 => Cluster::LowLow,
            _ => Cluster::HighLow,
        };
        assert_eq!(u.quadrant, expected, "{}", u.unit);
        // Independent random streams: the pseudo p-values agree to Monte Carlo error (m = 9999:
        // sd ≤ 0.005); significance agrees wherever esda's p is not within 0.02 of alpha.
        assert!(
            (u.p_sim - p_sim[i]).abs() < 0.025,
            "{}: {} vs {}",
            u.unit,
            u.p_sim,
            p_sim[i]
        );
        if (p_sim[i] - 0.05).abs() > 0.02 {
            assert_eq!(
                u.cluster == Cluster::NotSignificant,
                p_sim[i] > 0.05,
                "{}",
                u.unit
            );
            agree += 1;
        }
    }
    assert!(agree > 20);
}

#[test]
fn moran_geary_lisa_on_rook_contiguity_without_hainan() {
    let r = reference();
    let units = strings(&r, "spatial.rook_without_hainan_row.units");
    let codes = strings(&r, "provinces.codes");
    let all = vec_of(&r, "provinces.values");
    let x: Vec<f64> = units
        .iter()
        .map(|u| all[codes.iter().position(|c| c == u).unwrap()])
        .collect();
    let w = SpatialWeights::china(&units, ChinaContiguity::Rook, WeightsStyle::RowStandardised)
        .unwrap();
    assert_eq!(w.len(), 30);
    close(w.s0(), 30.0, 1e-13);
    check_spatial(&r, "rook_without_hainan_row", &w, &x);
}

#[test]
fn moran_geary_lisa_on_rook_with_hainan_link_binary() {
    let r = reference();
    let codes = strings(&r, "provinces.codes");
    let x = vec_of(&r, "provinces.values");
    let w = SpatialWeights::china(
        &codes,
        ChinaContiguity::RookHainanGuangdong,
        WeightsStyle::Binary,
    )
    .unwrap();
    close(w.s0(), 138.0, 0.0);
    check_spatial(&r, "rook_hainan_guangdong_binary", &w, &x);
}

#[test]
fn permutation_inference_is_seeded_and_reproducible() {
    let r = reference();
    let codes = strings(&r, "provinces.codes");
    let x = vec_of(&r, "provinces.values");
    let w = SpatialWeights::china(
        &codes,
        ChinaContiguity::RookHainanGuangdong,
        WeightsStyle::Binary,
    )
    .unwrap();
    let a = local_moran(&x, &w, 999, 42, 0.05).unwrap();
    let b = local_moran(&x, &w, 999, 42, 0.05).unwrap();
    assert_eq!(a, b);
    let c = local_moran(&x, &w, 999, 43, 0.05).unwrap();
    assert!(
        a.units
            .iter()
            .zip(&c.units)
            .any(|(u, v)| (u.p_sim - v.p_sim).abs() > 1e-9)
    );
    let m1 = morans_i(&x, &w, 999, 42).unwrap();
    let m2 = morans_i(&x, &w, 999, 42).unwrap();
    assert_eq!(m1, m2);
}
