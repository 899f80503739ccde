//! Golden tests against independently computed values (SciPy 1.17.1 / NumPy on this machine) and the paper's
//! numbers. The Python script that produced every reference value is quoted beside the test
//! (`python3 ref_E.py`, reproduced in pieces in the comments).

use approx::assert_abs_diff_eq;
use mfg_quality_regional::*;

// python3: A=[87.1,88.4,86.9,89.0]; B=[83.2,82.5,84.0]; C=[82.1,81.7,83.0,82.1]; D=[81.0,82.1,81.3]
const A: [f64; 4] = [87.1, 88.4, 86.9, 89.0];
const B: [f64; 3] = [83.2, 82.5, 84.0];
const C: [f64; 4] = [82.1, 81.7, 83.0, 82.1];
const D: [f64; 3] = [81.0, 82.1, 81.3];

fn four_groups() -> (Vec<f64>, Grouping) {
    let mut v = Vec::new();
    let mut labels = Vec::new();
    for (name, g) in [("A", &A[..]), ("B", &B[..]), ("C", &C[..]), ("D", &D[..])] {
        for &x in g {
            v.push(x);
            labels.push(name);
        }
    }
    (v, Grouping::from_labels(&labels))
}

#[test]
fn anova_matches_scipy_f_oneway() {
    // scipy.stats.f_oneway(A,B,C,D) -> statistic 53.560323190648084, pvalue 1.8226116047906473e-06
    let (v, g) = four_groups();
    let a = one_way_anova(&v, &g).unwrap();
    assert_abs_diff_eq!(a.f, 53.560323190648084, epsilon = 1e-9);
    assert_abs_diff_eq!(a.p_value, 1.8226116047906473e-06, epsilon = 1e-13);
    assert_abs_diff_eq!(a.df_between, 3.0);
    assert_abs_diff_eq!(a.df_within, 10.0);
    assert_abs_diff_eq!(a.eta_squared, a.ss_between / (a.ss_between + a.ss_within));
}

#[test]
fn kruskal_wallis_matches_scipy_kruskal_with_ties() {
    // scipy.stats.kruskal(A,B,C,D) -> statistic 11.20805617147081, pvalue 0.010652428010651787
    // (82.1 occurs three times: the tie correction is exercised)
    let (v, g) = four_groups();
    let k = kruskal_wallis(&v, &g).unwrap();
    assert_abs_diff_eq!(k.h, 11.20805617147081, epsilon = 1e-10);
    assert_abs_diff_eq!(k.p_value, 0.010652428010651787, epsilon = 1e-12);
    assert!(k.tie_correction < 1.0);
}

// x = [1,2,2,3,4,5,5,6]; y = [2.1,2.9,3.5,3.1,4.8,5.0,5.0,6.2] (ties in both)
const X: [f64; 8] = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0, 6.0];
const Y: [f64; 8] = [2.1, 2.9, 3.5, 3.1, 4.8, 5.0, 5.0, 6.2];

#[test]
fn pearson_matches_scipy_pearsonr() {
    // r = st.pearsonr(x, y): statistic 0.9640554595184934, pvalue 0.00011299434580045557,
    // r.confidence_interval(0.95) = (0.8089115944283275, 0.9936788429020251)
    let c = pearson_test(&X, &Y, 0.95).unwrap();
    assert_abs_diff_eq!(c.estimate, 0.9640554595184934, epsilon = 1e-12);
    assert_abs_diff_eq!(c.p_value, 0.00011299434580045557, epsilon = 1e-12);
    let (lo, hi) = c.ci.unwrap();
    assert_abs_diff_eq!(lo, 0.8089115944283275, epsilon = 1e-9);
    assert_abs_diff_eq!(hi, 0.9936788429020251, epsilon = 1e-9);
}

#[test]
fn spearman_matches_scipy_spearmanr() {
    // st.spearmanr(x, y): statistic 0.9575933443918803, pvalue 0.0001846400459565552
    let c = spearman_test(&X, &Y).unwrap();
    assert_abs_diff_eq!(c.estimate, 0.9575933443918803, epsilon = 1e-12);
    assert_abs_diff_eq!(c.p_value, 0.0001846400459565552, epsilon = 1e-12);
}

#[test]
fn kendall_matches_scipy_kendalltau_asymptotic() {
    // st.kendalltau(x, y, method='asymptotic'): statistic 0.9058216273156766, pvalue 0.0023807321373840585
    let c = kendall_tau_b(&X, &Y).unwrap();
    assert_abs_diff_eq!(c.estimate, 0.9058216273156766, epsilon = 1e-12);
    assert_abs_diff_eq!(c.p_value, 0.0023807321373840585, epsilon = 1e-12);
}

#[test]
fn ols_matches_scipy_linregress_and_numpy_band() {
    // l = st.linregress(x, y): slope 0.75, intercept 1.45, stderr 0.08438727464026873,
    // intercept_stderr 0.32683050931359225, pvalue 0.00011299434580045984, rvalue**2 0.9294029290274125.
    // Band by an independent matrix route: X = [1, x]; s2 = e'e/6; se = sqrt(s2 x0'(X'X)^-1 x0);
    // t = st.t.ppf(0.975, 6); at x0 = 3.5: fit 4.075, lower 3.7325780213307302, upper 4.417421978669268;
    // residual sd 0.3958114029012639; intercept p = 2*st.t.sf(|a/se(a)|, 6) = 0.004392080207639429.
    let f = LinearFit::fit(&X, &Y).unwrap();
    assert_abs_diff_eq!(f.slope, 0.75, epsilon = 1e-12);
    assert_abs_diff_eq!(f.intercept, 1.45, epsilon = 1e-12);
    assert_abs_diff_eq!(f.se_slope, 0.08438727464026873, epsilon = 1e-12);
    assert_abs_diff_eq!(f.se_intercept, 0.32683050931359225, epsilon = 1e-12);
    assert_abs_diff_eq!(f.p_slope, 0.00011299434580045984, epsilon = 1e-12);
    assert_abs_diff_eq!(f.p_intercept, 0.004392080207639429, epsilon = 1e-12);
    assert_abs_diff_eq!(f.r_squared, 0.9294029290274125, epsilon = 1e-12);
    assert_abs_diff_eq!(f.residual_sd, 0.3958114029012639, epsilon = 1e-12);
    let b = f.confidence_band(&[3.5], 0.95).unwrap()[0];
    assert_abs_diff_eq!(b.fit, 4.075, epsilon = 1e-12);
    assert_abs_diff_eq!(b.lower, 3.7325780213307302, epsilon = 1e-9);
    assert_abs_diff_eq!(b.upper, 4.417421978669268, epsilon = 1e-9);
}

#[test]
fn perfect_fit_reports_no_t_and_zero_p() {
    let f = LinearFit::fit(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap();
    assert!(f.t_slope.is_none());
    assert_abs_diff_eq!(f.p_slope, 0.0);
    let c = pearson_test(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 6.0, 8.0], 0.95).unwrap();
    assert!(c.statistic.is_none());
    assert_eq!(c.ci, Some((1.0, 1.0)));
}

// v = [3,1,7,2,5]; w = [2,1,0.5,3,1.5]
const V: [f64; 5] = [3.0, 1.0, 7.0, 2.0, 5.0];
const W: [f64; 5] = [2.0, 1.0, 0.5, 3.0, 1.5];

#[test]
fn gini_matches_double_sum_definition() {
    // NumPy double sum: sum_ij w_i w_j |v_i - v_j| / (2 W^2 mu):
    // unweighted 0.3333333333333333, weighted 0.2838541666666667; R ineq::Gini(1:4) = 0.25
    assert_abs_diff_eq!(gini(&V, None).unwrap(), 1.0 / 3.0, epsilon = 1e-15);
    assert_abs_diff_eq!(
        gini(&V, Some(&W)).unwrap(),
        0.2838541666666667,
        epsilon = 1e-15
    );
    assert_abs_diff_eq!(
        gini(&[1.0, 2.0, 3.0, 4.0], None).unwrap(),
        0.25,
        epsilon = 1e-15
    );
    // equal weights give the unweighted value; the correction is n/(n-1)
    assert_abs_diff_eq!(
        gini(&V, Some(&[2.0; 5])).unwrap(),
        1.0 / 3.0,
        epsilon = 1e-15
    );
    assert_abs_diff_eq!(gini_corrected(&V).unwrap(), 5.0 / 12.0, epsilon = 1e-15);
    // one unit holds everything: (n-1)/n, corrected 1
    assert_abs_diff_eq!(
        gini(&[0.0, 0.0, 0.0, 8.0], None).unwrap(),
        0.75,
        epsilon = 1e-15
    );
}

#[test]
fn theil_and_cv_match_numpy() {
    // p = w/W; mu = sum p v; T = sum p (v/mu) ln(v/mu); L = sum p ln(mu/v):
    // unweighted T 0.18299347857581988, L 0.21151233931857052; weighted T 0.1360554896784603,
    // L 0.14064003089375188; cv = v.std(ddof=1)/v.mean() = 0.668977476599572;
    // weighted cv = sqrt(sum w (v-mu)^2 / W)/mu = 0.5400617248673217
    assert_abs_diff_eq!(
        theil_t(&V, None).unwrap(),
        0.18299347857581988,
        epsilon = 1e-14
    );
    assert_abs_diff_eq!(
        theil_l(&V, None).unwrap(),
        0.21151233931857052,
        epsilon = 1e-14
    );
    assert_abs_diff_eq!(
        theil_t(&V, Some(&W)).unwrap(),
        0.1360554896784603,
        epsilon = 1e-14
    );
    assert_abs_diff_eq!(
        theil_l(&V, Some(&W)).unwrap(),
        0.14064003089375188,
        epsilon = 1e-14
    );
    assert_abs_diff_eq!(
        coefficient_of_variation(&V, None).unwrap(),
        0.668977476599572,
        epsilon = 1e-14
    );
    assert_abs_diff_eq!(
        coefficient_of_variation(&V, Some(&W)).unwrap(),
        0.5400617248673217,
        epsilon = 1e-14
    );
}

#[test]
fn theil_decomposition_matches_numpy_and_adds_up() {
    // groups g = [0,0,1,1,1]; NumPy: s = [0.4, 0.6], v_g = [0.2222, 0.7778], T_g = [0.13081203594113697,
    // 0.10633031381553576], L_g = [0.14384103622589042, 0.12427996026402932],
    // T between = sum s_g (mu_g/mu) ln(mu_g/mu) = 0.07122278206570604, L between = 0.07940794866979681
    let g = Grouping::new(vec![0, 0, 1, 1, 1], vec!["a".into(), "b".into()]).unwrap();
    let d = theil_decomposition(&V, None, &g).unwrap();
    assert_abs_diff_eq!(d.t.between, 0.07122278206570604, epsilon = 1e-14);
    assert_abs_diff_eq!(d.l.between, 0.07940794866979681, epsilon = 1e-14);
    assert_abs_diff_eq!(d.groups[0].theil_t, 0.13081203594113697, epsilon = 1e-14);
    assert_abs_diff_eq!(d.groups[1].theil_l, 0.12427996026402932, epsilon = 1e-14);
    assert_abs_diff_eq!(d.groups[0].income_share, 2.0 / 9.0, epsilon = 1e-15);
    assert_abs_diff_eq!(d.t.total, theil_t(&V, None).unwrap(), epsilon = 1e-15);
    assert_abs_diff_eq!(d.l.total, theil_l(&V, None).unwrap(), epsilon = 1e-15);
    assert_abs_diff_eq!(d.t.between + d.t.within, d.t.total, epsilon = 1e-12);
    assert_abs_diff_eq!(d.l.between + d.l.within, d.l.total, epsilon = 1e-12);
    // weighted: identity and shares
    let dw = theil_decomposition(&V, Some(&W), &g).unwrap();
    assert_abs_diff_eq!(dw.t.between + dw.t.within, dw.t.total, epsilon = 1e-12);
    assert_abs_diff_eq!(dw.l.between + dw.l.within, dw.l.total, epsilon = 1e-12);
    assert_abs_diff_eq!(dw.t.total, 0.1360554896784603, epsilon = 1e-14);
    let ps: f64 = dw.groups.iter().map(|g| g.population_share).sum();
    let is: f64 = dw.groups.iter().map(|g| g.income_share).sum();
    assert_abs_diff_eq!(ps, 1.0, epsilon = 1e-15);
    assert_abs_diff_eq!(is, 1.0, epsilon = 1e-15);
}

#[test]
fn beta_convergence_matches_scipy() {
    // x0 = [80,82,85,88,90]; x1 = [84,85,87,89,92]; T = 5; g = ln(x1/x0)/T; l = st.linregress(ln x0, g):
    // slope -0.05232391375672277, pvalue 0.048619212267578524; lambda = -ln(1 + slope*T)/T =
    // 0.060659219549522456; half-life ln2/lambda = 11.426905682392713
    let b = beta_convergence(
        &[80.0, 82.0, 85.0, 88.0, 90.0],
        &[84.0, 85.0, 87.0, 89.0, 92.0],
        5.0,
    )
    .unwrap();
    assert_abs_diff_eq!(b.beta, -0.05232391375672277, epsilon = 1e-12);
    assert_abs_diff_eq!(b.p_value, 0.048619212267578524, epsilon = 1e-10);
    assert_abs_diff_eq!(b.speed.unwrap(), 0.060659219549522456, epsilon = 1e-12);
    assert_abs_diff_eq!(b.half_life.unwrap(), 11.426905682392713, epsilon = 1e-9);
}

#[test]
fn sigma_convergence_trend() {
    // Dispersion of logs halves each period: sd_log falls linearly here by construction.
    let p0 = [1.0, 2.0, 4.0];
    let p1 = [1.0, 2f64.powf(0.5), 2.0];
    let p2 = [1.0, 2f64.powf(0.25), 2f64.powf(0.5)];
    let s = sigma_convergence(&[2000.0, 2001.0, 2002.0], &[&p0, &p1, &p2]).unwrap();
    // sd of ln x in period 0: ln2 * sd([0,1,2]) = ln 2
    assert_abs_diff_eq!(s.periods[0].sd_log, std::f64::consts::LN_2, epsilon = 1e-15);
    assert!(s.trend_sd_log.as_ref().unwrap().slope < 0.0);
    assert!(s.trend_cv.as_ref().unwrap().slope < 0.0);
}

#[test]
fn group_summaries_by_hand() {
    // E: [88, 87, 90] mean 88.333.., median 88, sd sqrt(7/3); W: [82, 83, 81, 84] mean 82.5,
    // median 82.5, sd sqrt(5/3); weighted E with w = [1, 1, 2]: (88 + 87 + 180)/4 = 88.75
    let g = Grouping::from_labels(&["E", "W", "E", "W", "E", "W", "W"]);
    let x = [88.0, 82.0, 87.0, 83.0, 90.0, 81.0, 84.0];
    let w = [1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0];
    let s = group_summaries(&x, Some(&w), &g).unwrap();
    assert_eq!(s[0].n, 3);
    assert_abs_diff_eq!(s[0].mean, 265.0 / 3.0, epsilon = 1e-12);
    assert_abs_diff_eq!(s[0].median, 88.0);
    assert_abs_diff_eq!(s[0].sd, (7.0f64 / 3.0).sqrt(), epsilon = 1e-12);
    assert_abs_diff_eq!(s[0].weighted_mean, 88.75, epsilon = 1e-12);
    assert_abs_diff_eq!(s[1].median, 82.5);
    assert_abs_diff_eq!(s[1].sd, (5.0f64 / 3.0).sqrt(), epsilon = 1e-12);
    assert_abs_diff_eq!((s[1].min, s[1].max).0, 81.0);
    assert_abs_diff_eq!(s[1].max, 84.0);
    // the median agrees with the shared stats::median
    assert_abs_diff_eq!(
        s[1].median,
        mfg_quality_indicators::stats::median(&[82.0, 83.0, 81.0, 84.0])
    );
}

#[test]
fn paper_regional_gradient() {
    // Paper §4 (reference/paper/mqci_regional_means_2015.csv): East 87.48, Central 82.97, West 82.10,
    // Northeast 81.45. Steps: 4.51, 0.87, 0.65; span 6.03.
    let g = Grouping::from_labels(&["East", "Central", "West", "Northeast"]);
    let s = group_summaries(&[87.48, 82.97, 82.10, 81.45], None, &g).unwrap();
    let gr = gradient(&s, &["East", "Central", "West", "Northeast"], Centre::Mean).unwrap();
    assert!(gr.holds);
    assert_eq!(gr.observed_order, ["East", "Central", "West", "Northeast"]);
    let d: Vec<f64> = gr.steps.iter().map(|s| s.difference).collect();
    assert_abs_diff_eq!(d[0], 4.51, epsilon = 1e-9);
    assert_abs_diff_eq!(d[1], 0.87, epsilon = 1e-9);
    assert_abs_diff_eq!(d[2], 0.65, epsilon = 1e-9);
    assert_abs_diff_eq!(gr.span, 6.03, epsilon = 1e-9);
    // a reversed expectation fails
    let rev = gradient(&s, &["West", "East"], Centre::Mean).unwrap();
    assert!(!rev.holds);
}

#[test]
fn paper_west_exports_two_component_split() {
    // Paper §4: West exports -16.0 %, general trade -26.2 %, processing -1.9 %. If these two modes are the
    // whole: s = (-16.0 + 1.9)/(-26.2 + 1.9) = 0.580246913580247 (python3), contributions
    // -15.202469135802469 and -0.7975308641975308 pp; general trade's current share 50.97883597883598 %.
    let s = two_component_split(-16.0, -26.2, -1.9).unwrap();
    assert_abs_diff_eq!(s.share_first_pct, 58.0246913580247, epsilon = 1e-10);
    assert_abs_diff_eq!(
        s.contribution_first_pp,
        -15.202469135802469,
        epsilon = 1e-10
    );
    assert_abs_diff_eq!(
        s.contribution_second_pp,
        -0.7975308641975308,
        epsilon = 1e-10
    );
    assert_abs_diff_eq!(
        s.contribution_first_pp + s.contribution_second_pp,
        -16.0,
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        s.share_first_current_pct,
        50.97883597883598,
        epsilon = 1e-10
    );
    // and the forward decomposition from levels gives the same numbers: previous total 7462.5/0.84
    let y0 = 7462.5 / 0.84;
    let (g0, p0) = (
        y0 * s.share_first_pct / 100.0,
        y0 * s.share_second_pct / 100.0,
    );
    let d = decompose_growth(
        &[
            Component::new("general", g0, g0 * (1.0 - 0.262)),
            Component::new("processing", p0, p0 * (1.0 - 0.019)),
        ],
        Some((y0, 7462.5)),
        1e-6,
    )
    .unwrap();
    assert_abs_diff_eq!(d.total_growth_pct, -16.0, epsilon = 1e-10);
    assert_abs_diff_eq!(
        d.components[0].contribution_pp,
        -15.202469135802469,
        epsilon = 1e-10
    );
    // the fall is "more than 140 bn": 8883.93 - 7462.5 = 1421.43 (100 million CNY)
    assert_abs_diff_eq!(
        -(d.components[0].change + d.components[1].change),
        1421.4285714285725,
        epsilon = 1e-8
    );
    let sc: f64 = d
        .components
        .iter()
        .map(|c| c.share_change_pp.unwrap())
        .sum();
    assert_abs_diff_eq!(sc, 0.0, epsilon = 1e-12);
}

#[test]
fn paper_national_implied_totals() {
    // Paper §4: processing trade -7.0 %, 29.4 % of trade (-1.6 pp) => previous share 31.0 %, total trade
    // growth (0.93*31.0/29.4 - 1)*100 = -1.9387755102040716 %; general trade exports +0.1 %, 56.0 % of
    // exports (+1.1 pp) => (1.001*54.9/56.0 - 1)*100 = -1.8662500000000137 % (python3).
    let p = implied_total_growth(-7.0, 29.4, -1.6).unwrap();
    assert_abs_diff_eq!(p.share_previous_pct, 31.0, epsilon = 1e-12);
    assert_abs_diff_eq!(p.total_growth_pct, -1.9387755102040716, epsilon = 1e-10);
    assert_abs_diff_eq!(p.contribution_pp, -2.17, epsilon = 1e-12);
    let g = implied_total_growth(0.1, 56.0, 1.1).unwrap();
    assert_abs_diff_eq!(g.total_growth_pct, -1.8662500000000137, epsilon = 1e-10);
}

#[test]
fn growth_from_shares_sums_contributions() {
    let (g, c) = growth_from_shares(&[-26.2, -1.9], &[60.0, 40.0], 1e-9).unwrap();
    assert_abs_diff_eq!(c[0], -15.72, epsilon = 1e-12);
    assert_abs_diff_eq!(g, -15.72 - 0.76, epsilon = 1e-12);
}

#[test]
fn builtin_maps() {
    let nbs = RegionMap::china_nbs4();
    assert_eq!(nbs.groups(), ["East", "Central", "West", "Northeast"]);
    assert_eq!(nbs.group_sizes(), [10, 6, 12, 3]);
    for (code, region) in [
        ("CN-BJ", "East"),
        ("CN-HI", "East"),
        ("CN-SX", "Central"),
        ("CN-HN", "Central"),
        ("CN-NM", "West"),
        ("CN-GX", "West"),
        ("CN-CQ", "West"),
        ("CN-XJ", "West"),
        ("CN-LN", "Northeast"),
        ("CN-HL", "Northeast"),
    ] {
        assert_eq!(nbs.group_of(code).unwrap(), region, "{code}");
    }
    assert_eq!(nbs.group_of("陕西").unwrap(), "West");
    assert_eq!(nbs.group_of("Shanxi").unwrap(), "Central");
    assert_eq!(nbs.unit("Tibet (Xizang)").unwrap().code, "CN-XZ");
    let belts = RegionMap::china_three_belts();
    assert_eq!(belts.groups(), ["East", "Central", "West"]);
    assert_eq!(belts.group_sizes(), [12, 9, 10]);
    for (code, belt) in [
        ("CN-LN", "East"),
        ("CN-GX", "East"),
        ("CN-NM", "Central"),
        ("CN-JL", "Central"),
        ("CN-HL", "Central"),
        ("CN-CQ", "West"),
        ("CN-SC", "West"),
    ] {
        assert_eq!(belts.group_of(code).unwrap(), belt, "{code}");
    }
}

#[test]
fn region_map_serde_and_csv_roundtrip() {
    let nbs = RegionMap::china_nbs4();
    let json = serde_json::to_string(&nbs).unwrap();
    let back: RegionMap = serde_json::from_str(&json).unwrap();
    assert_eq!(back, nbs);
    let csv = "code,name_en,name_zh,region\nA,Alpha,甲,North\nB,Beta,乙,South\nC,,,North\n";
    let m = RegionMap::read_csv_str("toy", csv, "region").unwrap();
    assert_eq!(m.group_sizes(), [2, 1]);
    assert_eq!(m.group_of("乙").unwrap(), "South");
    let gr = m.grouping(&["C", "Alpha", "B"]).unwrap();
    assert_eq!(gr.ids(), [0, 0, 1]);
}

#[test]
fn panel_group_summaries_per_period() {
    use mfg_quality_indicators::{Panel, Unit};
    let map = RegionMap::china_nbs4();
    let units = vec![
        Unit::new("CN-GD"),
        Unit::new("CN-AH"),
        Unit::new("CN-SC"),
        Unit::new("CN-LN"),
        Unit::new("CN-SH"),
    ];
    let mut b = Panel::builder(units, vec!["mqci".into()], vec![2014, 2015]).unwrap();
    for (u, v) in [
        ("CN-GD", 88.0),
        ("CN-AH", 83.0),
        ("CN-SC", 82.0),
        ("CN-LN", 81.0),
        ("CN-SH", 90.0),
    ] {
        b.set(u, "mqci", 2015, v).unwrap();
        b.set(u, "mqci", 2014, v - 1.0).unwrap();
    }
    let p = b.build();
    let s = group_summaries_panel(&p, "mqci", &map).unwrap();
    assert_eq!(s[1].0, 2015);
    assert_abs_diff_eq!(s[1].1[0].mean, 89.0);
    assert_abs_diff_eq!(s[0].1[0].mean, 88.0);
}

/// Paper Fig. 3 (MPI quality & efficiency pillar, 9 countries, 2012–2015) from the embedded paper dataset, as
/// `series[year][country]` with countries in the dataset's order.
fn fig3() -> (Vec<f64>, Vec<Vec<f64>>) {
    let data = mfg_quality_indicators::paper::dataset().quality_efficiency();
    let years: Vec<i32> = vec![2012, 2013, 2014, 2015];
    let mut countries: Vec<&str> = Vec::new();
    for r in data {
        if !countries.contains(&r.country.as_str()) {
            countries.push(&r.country);
        }
    }
    let series = years
        .iter()
        .map(|&y| {
            countries
                .iter()
                .map(|c| {
                    data.iter()
                        .find(|r| r.country == *c && r.year == y)
                        .map(|r| r.score)
                        .unwrap()
                })
                .collect()
        })
        .collect();
    (years.iter().map(|&y| f64::from(y)).collect(), series)
}

#[test]
fn convergence_on_paper_fig3_matches_scipy() {
    // python3 on reference/paper/mpi_quality_efficiency.csv, M[year][country] (CN US JP DE UK FR KR BR IN):
    // sd_log = [np.log(M[i]).std(ddof=1)] = [0.5210084371094463, 0.5642963784921872, 0.4905993849563601,
    //   0.556712557381774]; cv = M[i].std(ddof=1)/M[i].mean(): 2015 0.5883789000947716;
    // st.linregress(years, sd_log): slope 0.0033415367281156073, p 0.8733987226096219;
    // st.linregress(years, cv): slope 0.01082103096266932, p 0.35851103576667387;
    // g = np.log(M[3]/M[0])/3; st.linregress(np.log(M[0]), g): slope 0.00989584070620588,
    //   p 0.7911543333805232 -> beta > 0: no implied speed or half-life.
    // Gini 2012 (double sum) 0.27246670038779297.
    let (years, series) = fig3();
    let refs: Vec<&[f64]> = series.iter().map(Vec::as_slice).collect();
    let s = sigma_convergence(&years, &refs).unwrap();
    for (d, r) in s.periods.iter().zip([
        0.5210084371094463,
        0.5642963784921872,
        0.4905993849563601,
        0.556712557381774,
    ]) {
        assert_abs_diff_eq!(d.sd_log, r, epsilon = 1e-13);
    }
    assert_abs_diff_eq!(s.periods[3].cv, 0.5883789000947716, epsilon = 1e-13);
    assert_abs_diff_eq!(
        s.trend_sd_log.as_ref().unwrap().slope,
        0.0033415367281156073,
        epsilon = 1e-13
    );
    assert_abs_diff_eq!(
        s.trend_sd_log.as_ref().unwrap().p_slope,
        0.8733987226096219,
        epsilon = 1e-10
    );
    assert_abs_diff_eq!(
        s.trend_cv.as_ref().unwrap().slope,
        0.01082103096266932,
        epsilon = 1e-13
    );
    assert_abs_diff_eq!(
        s.trend_cv.as_ref().unwrap().p_slope,
        0.35851103576667387,
        epsilon = 1e-10
    );
    let b = beta_convergence(&series[0], &series[3], 3.0).unwrap();
    assert_abs_diff_eq!(b.beta, 0.00989584070620588, epsilon = 1e-12);
    assert_abs_diff_eq!(b.p_value, 0.7911543333805232, epsilon = 1e-10);
    assert!(b.speed.is_none() && b.half_life.is_none());
    assert_abs_diff_eq!(
        gini(&series[0], None).unwrap(),
        0.27246670038779297,
        epsilon = 1e-14
    );
}
