//! Golden tests of the aggregation methods against published or independently computed numbers.
//! Each expected value states where it comes from.
#![allow(clippy::needless_range_loop)] // index loops over parallel expected/obtained arrays read best here

use approx::assert_abs_diff_eq;
use mfg_quality_composite::aggregate::{
    Aggregated, Aggregation, AggregationContext, AmpiGoalposts, CriterionType, MissingPolicy,
    MpiSign, OwaWeights, TopsisNormalisation, kemeny_ranking, owa::orness, topsis, vikor,
};

/// Column-major copy of a row-major matrix.
fn col_major(rows: &[Vec<f64>]) -> (Vec<f64>, usize) {
    let n = rows.len();
    let m = rows[0].len();
    let mut out = vec![0.0; n * m];
    for (i, r) in rows.iter().enumerate() {
        for (j, &x) in r.iter().enumerate() {
            out[j * n + i] = x;
        }
    }
    (out, n)
}

fn run(agg: &Aggregation, data: &[f64], n: usize, w: &[f64]) -> Aggregated {
    agg.aggregate(
        data,
        &[],
        n,
        w,
        MissingPolicy::Error,
        &AggregationContext::default(),
    )
    .unwrap()
}

#[test]
fn topsis_tzeng_huang_2011() {
    // Source: tests/data/topsis_tzeng_huang_2011.json (Tzeng & Huang 2011, as encoded in scikit-criteria's
    // test_TOPSIS_tzeng2011multiple); closeness 0.5037, 0.6581, 0.7482, 0.3340, tolerance abs 1e-4.
    let json: serde_json::Value =
        serde_json::from_str(include_str!("data/topsis_tzeng_huang_2011.json")).unwrap();
    let case = &json["cases"][0];
    assert!(case["source"].as_str().unwrap().contains("Tzeng"));
    let rows: Vec<Vec<f64>> = serde_json::from_value(case["matrix"].clone()).unwrap();
    let weights: Vec<f64> = serde_json::from_value(case["weights"].clone()).unwrap();
    let expected: Vec<f64> = serde_json::from_value(case["expected"]["closeness"].clone()).unwrap();
    let ranking: Vec<usize> = serde_json::from_value(case["expected"]["ranking"].clone()).unwrap();
    let (data, n) = col_major(&rows);

    let r = topsis(&data, n, &weights, TopsisNormalisation::Vector, &[]).unwrap();
    for (got, want) in r.closeness.iter().zip(&expected) {
        assert_abs_diff_eq!(*got, *want, epsilon = 1e-4);
    }
    // Same numbers through the pipeline's entry point.
    let agg = Aggregation::from_key("topsis", "node").unwrap();
    let out = run(&agg, &data, n, &weights);
    for (got, want) in out.scores.iter().zip(&r.closeness) {
        assert_abs_diff_eq!(*got, *want, epsilon = 1e-15);
    }
    // Published ranking (1 = best).
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| out.scores[b].total_cmp(&out.scores[a]));
    for (pos, &unit) in order.iter().enumerate() {
        assert_eq!(ranking[unit], pos + 1);
    }
    // Independent check to 1e-8 (pymcdm 1.4.0):
    // TOPSIS(normalizations.vector_normalization)(M, w, [1,1,1]) = [0.50371966 0.65808477 0.74824866 0.33399744]
    for (got, want) in r
        .closeness
        .iter()
        .zip([0.50371966, 0.65808477, 0.74824866, 0.33399744])
    {
        assert_abs_diff_eq!(*got, want, epsilon = 1e-8);
    }
}

#[test]
fn topsis_min_max_matches_pymcdm() {
    // pymcdm 1.4.0: TOPSIS(normalizations.minmax_normalization)(M, [.3,.4,.3], [1,1,1]) on the Tzeng–Huang
    // matrix = [0.48528137 0.6483713 0.7767908 0.36297734].
    let rows = vec![
        vec![5.0, 8.0, 4.0],
        vec![7.0, 6.0, 8.0],
        vec![8.0, 8.0, 6.0],
        vec![7.0, 4.0, 6.0],
    ];
    let (data, n) = col_major(&rows);
    let r = topsis(&data, n, &[0.3, 0.4, 0.3], TopsisNormalisation::MinMax, &[]).unwrap();
    for (got, want) in r
        .closeness
        .iter()
        .zip([0.48528137, 0.6483713, 0.7767908, 0.36297734])
    {
        assert_abs_diff_eq!(*got, want, epsilon = 1e-7);
    }
    // A cost criterion mirrored into a benefit one gives the same closeness (min-max is affine).
    let mut flipped = data.clone();
    flipped[8..12].iter_mut().for_each(|x| *x = -*x);
    let types = [
        CriterionType::Benefit,
        CriterionType::Benefit,
        CriterionType::Cost,
    ];
    let r2 = topsis(
        &flipped,
        n,
        &[0.3, 0.4, 0.3],
        TopsisNormalisation::MinMax,
        &types,
    )
    .unwrap();
    for (a, b) in r.closeness.iter().zip(&r2.closeness) {
        assert_abs_diff_eq!(*a, *b, epsilon = 1e-12);
    }
}

#[test]
fn vikor_matches_pymcdm() {
    // pymcdm 1.4.0: VIKOR(v=0.5)._method(X, [.3,.3,.25,.15], [-1,1,1,1]) with
    // X = [[250,16,12,5],[200,16,8,3],[300,32,16,4],[275,32,8,4],[225,16,16,2]] gives
    // S = [0.575, 0.65, 0.35, 0.525, 0.525], R = [0.3, 0.3, 0.3, 0.25, 0.3],
    // Q = [0.875, 1.0, 0.5, 0.2916666666666667, 0.7916666666666667].
    let rows = vec![
        vec![250.0, 16.0, 12.0, 5.0],
        vec![200.0, 16.0, 8.0, 3.0],
        vec![300.0, 32.0, 16.0, 4.0],
        vec![275.0, 32.0, 8.0, 4.0],
        vec![225.0, 16.0, 16.0, 2.0],
    ];
    let (data, n) = col_major(&rows);
    let types = [
        CriterionType::Cost,
        CriterionType::Benefit,
        CriterionType::Benefit,
        CriterionType::Benefit,
    ];
    let r = vikor(&data, n, &[0.3, 0.3, 0.25, 0.15], &types, 0.5).unwrap();
    let s = [0.575, 0.65, 0.35, 0.525, 0.525];
    let rr = [0.3, 0.3, 0.3, 0.25, 0.3];
    let q = [0.875, 1.0, 0.5, 0.2916666666666667, 0.7916666666666667];
    for i in 0..n {
        assert_abs_diff_eq!(r.s[i], s[i], epsilon = 1e-12);
        assert_abs_diff_eq!(r.r[i], rr[i], epsilon = 1e-12);
        assert_abs_diff_eq!(r.q[i], q[i], epsilon = 1e-12);
    }
    // Ranking by Q: 3, 2, 4, 0, 1. DQ = 1/(5−1) = 0.25; Q(a″) − Q(a′) = 0.2083 < DQ, so C1 fails and the
    // compromise set is {3, 2} (Q(4) − Q(3) = 0.5 ≥ DQ); C2 holds (unit 3 has the lowest R).
    assert_eq!(r.order, vec![3, 2, 4, 0, 1]);
    assert_abs_diff_eq!(r.dq, 0.25, epsilon = 1e-15);
    assert!(!r.acceptable_advantage);
    assert!(r.acceptable_stability);
    assert_eq!(r.compromise, vec![3, 2]);
    // As an aggregation (all benefit): reverse the cost column, the score is 1 − Q.
    let mut benefit = data.clone();
    benefit[0..5].iter_mut().for_each(|x| *x = -*x);
    let out = run(
        &Aggregation::Vikor { v: 0.5 },
        &benefit,
        n,
        &[0.3, 0.3, 0.25, 0.15],
    );
    for i in 0..n {
        assert_abs_diff_eq!(out.scores[i], 1.0 - q[i], epsilon = 1e-12);
    }
}

/// 5 units × 3 indicators used for MPI and AMPI (row-major, rows = units).
fn mpi_case() -> (Vec<f64>, usize) {
    col_major(&[
        vec![12.0, 0.60, 340.0],
        vec![15.0, 0.45, 410.0],
        vec![9.0, 0.70, 290.0],
        vec![20.0, 0.52, 500.0],
        vec![14.0, 0.38, 360.0],
    ])
}

#[test]
fn mpi_matches_numpy() {
    // Independent computation (numpy 2.4.6), X = the matrix of `mpi_case`:
    //   mu = X.mean(0); sd = X.std(0)                       # population sd
    //   Z = 100 + 10*(X - mu)/sd; M = Z.mean(1); S = Z.std(1); cv = S/M
    //   MPI- = M - S*cv ; MPI+ = M + S*cv
    let minus = [
        98.06156632018964,
        99.68679412787543,
        94.40039619568249,
        110.2004952180829,
        94.25212982414584,
    ];
    let plus = [
        98.69114280072854,
        100.19534241201174,
        98.1193030744533,
        111.43855425663342,
        94.95427577019666,
    ];
    let (data, n) = mpi_case();
    let w = [1.0, 1.0, 1.0];
    let out = run(&Aggregation::from_key("mpi", "n").unwrap(), &data, n, &w);
    for i in 0..n {
        assert_abs_diff_eq!(out.scores[i], minus[i], epsilon = 1e-10);
    }
    let out = run(
        &Aggregation::MazziottaPareto {
            sign: MpiSign::Plus,
        },
        &data,
        n,
        &w,
    );
    for i in 0..n {
        assert_abs_diff_eq!(out.scores[i], plus[i], epsilon = 1e-10);
    }
    // Weighted MPI (weighted mean and weighted population variance, Mazziotta & Pareto 2022), numpy:
    //   w = [.5,.3,.2]; M = Z @ w; S = sqrt(((Z - M[:,None])**2) @ w); MPI- = M - S*S/M
    let weighted = [
        97.70151243838502,
        99.8505865721598,
        93.33601990021627,
        110.77923845367522,
        95.06328037440288,
    ];
    let out_w = run(
        &Aggregation::from_key("mpi", "n").unwrap(),
        &data,
        n,
        &[0.5, 0.3, 0.2],
    );
    for i in 0..n {
        assert_abs_diff_eq!(out_w.scores[i], weighted[i], epsilon = 1e-10);
    }
    // Invariance under increasing affine maps of a column (what makes pipeline-normalised input valid).
    let mut scaled = data.clone();
    scaled[5..10].iter_mut().for_each(|x| *x = 3.0 * *x - 7.0);
    let out2 = run(
        &Aggregation::from_key("mpi:-", "n").unwrap(),
        &scaled,
        n,
        &w,
    );
    for i in 0..n {
        assert_abs_diff_eq!(out2.scores[i], minus[i], epsilon = 1e-9);
    }
}

#[test]
fn ampi_matches_numpy() {
    // numpy, same X: lo = X.min(0); hi = X.max(0); ref = X.mean(0); d = (hi - lo)/2
    //   R = (X - (ref - d))/(2*d)*60 + 70; M = R.mean(1); S = R.std(1); cv = S/M; AMPI- = M - S*cv
    let minus = [
        95.57556295181907,
        98.57874698591313,
        84.81433932129165,
        119.42371645526862,
        87.05970152233989,
    ];
    // Fixed goalposts as Compind's ci_ampi (gp = reference; min/max given; penalty "+"):
    //   gp = [13, .5, 400]; mn = [5, .3, 250]; mx = [25, .8, 550]; d = (mx - mn)/2; same formulas, M + S*cv
    let plus_fixed = [
        99.98989898989899,
        100.91390728476821,
        100.70344827586207,
        115.10413511939429,
        94.08538845331434,
    ];
    let (data, n) = mpi_case();
    let w = [1.0 / 3.0; 3];
    let out = run(&Aggregation::from_key("ampi", "n").unwrap(), &data, n, &w);
    for i in 0..n {
        assert_abs_diff_eq!(out.scores[i], minus[i], epsilon = 1e-10);
    }
    let agg = Aggregation::AdjustedMazziottaPareto {
        sign: MpiSign::Plus,
        goalposts: AmpiGoalposts::Fixed {
            reference: vec![13.0, 0.5, 400.0],
            min: vec![5.0, 0.3, 250.0],
            max: vec![25.0, 0.8, 550.0],
        },
    };
    let out = run(&agg, &data, n, &w);
    for i in 0..n {
        assert_abs_diff_eq!(out.scores[i], plus_fixed[i], epsilon = 1e-10);
    }
}

#[test]
fn weighted_means_by_hand() {
    // One unit, values 1, 4, 16 with weights 0.25, 0.25, 0.5.
    let data = [1.0, 4.0, 16.0];
    let w = [0.25, 0.25, 0.5];
    let s = |agg: Aggregation| run(&agg, &data, 1, &w).scores[0];
    assert_abs_diff_eq!(s(Aggregation::Arithmetic), 9.25, epsilon = 1e-12); // .25 + 1 + 8
    assert_abs_diff_eq!(
        s(Aggregation::Geometric),
        4.0 * 2f64.sqrt(),
        epsilon = 1e-12
    ); // 1^.25 · 4^.25 · 16^.5 = √2·4
    assert_abs_diff_eq!(
        s(Aggregation::Harmonic),
        1.0 / (0.25 + 0.0625 + 0.03125),
        epsilon = 1e-12
    );
    // p = 2: √(.25·1 + .25·16 + .5·256) = √132.25 = 11.5
    assert_abs_diff_eq!(s(Aggregation::Power { p: 2.0 }), 11.5, epsilon = 1e-12);
    // p = 0.5: (.25·1 + .25·2 + .5·4)^2 = 2.75^2 = 7.5625
    assert_abs_diff_eq!(s(Aggregation::Power { p: 0.5 }), 7.5625, epsilon = 1e-12);
    // The special exponents are the closed forms, exactly.
    assert_eq!(
        s(Aggregation::Power { p: 1.0 }).to_bits(),
        s(Aggregation::Arithmetic).to_bits()
    );
    assert_eq!(
        s(Aggregation::Power { p: 0.0 }).to_bits(),
        s(Aggregation::Geometric).to_bits()
    );
    assert_eq!(
        s(Aggregation::Power { p: -1.0 }).to_bits(),
        s(Aggregation::Harmonic).to_bits()
    );
    // Continuity in p around 0 and ordering M_-1 ≤ M_0 ≤ M_1 (Hardy, Littlewood & Pólya 1934, §2.9).
    assert_abs_diff_eq!(
        s(Aggregation::Power { p: 1e-9 }),
        4.0 * 2f64.sqrt(),
        epsilon = 1e-6
    );
    assert!(s(Aggregation::Harmonic) <= s(Aggregation::Geometric));
    assert!(s(Aggregation::Geometric) <= s(Aggregation::Arithmetic));
}

#[test]
fn owa_examples() {
    // Yager (1988)'s illustration: order weights (0.2, 0.3, 0.1, 0.4) on (0.6, 1, 0.3, 0.5):
    // sorted (1, 0.6, 0.5, 0.3) → 0.2 + 0.18 + 0.05 + 0.12 = 0.55; orness = (3·.2 + 2·.3 + .1)/3 = 0.4333.
    let data = [0.6, 1.0, 0.3, 0.5];
    let given = Aggregation::Owa {
        weights: OwaWeights::Given {
            order_weights: vec![0.2, 0.3, 0.1, 0.4],
        },
    };
    assert_abs_diff_eq!(
        run(&given, &data, 1, &[1.0; 4]).scores[0],
        0.55,
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(orness(&[0.2, 0.3, 0.1, 0.4]), 1.3 / 3.0, epsilon = 1e-12);
    // Orness ½ (α = 1) is the weighted arithmetic mean, also with unequal importance.
    let w = [0.1, 0.2, 0.3, 0.4];
    let half = Aggregation::from_key("owa:0.5", "n").unwrap();
    let arith = run(&Aggregation::Arithmetic, &data, 1, &w).scores[0];
    assert_abs_diff_eq!(run(&half, &data, 1, &w).scores[0], arith, epsilon = 1e-12);
    // RIM generator, m = 2, orness 1/3 ⇒ α = 2: ω = (Q(½), 1 − Q(½)) = (0.25, 0.75).
    let ow = OwaWeights::Orness { orness: 1.0 / 3.0 }
        .order_weights(2)
        .unwrap();
    assert_abs_diff_eq!(ow[0], 0.25, epsilon = 1e-12);
    assert_abs_diff_eq!(ow[1], 0.75, epsilon = 1e-12);
    // Max and min operators.
    let max = Aggregation::Owa {
        weights: OwaWeights::Given {
            order_weights: vec![1.0, 0.0, 0.0, 0.0],
        },
    };
    let min = Aggregation::Owa {
        weights: OwaWeights::Given {
            order_weights: vec![0.0, 0.0, 0.0, 1.0],
        },
    };
    assert_abs_diff_eq!(
        run(&max, &data, 1, &[1.0; 4]).scores[0],
        1.0,
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        run(&min, &data, 1, &[1.0; 4]).scores[0],
        0.3,
        epsilon = 1e-12
    );
}

#[test]
fn borda_copeland_kemeny_by_hand() {
    // 4 units × 3 children, weights 0.5, 0.3, 0.2 (row-major, units A..D).
    //   child 1: A 4, B 3, C 2, D 1  → Borda points 3, 2, 1, 0
    //   child 2: A 1, B 4, C 3, D 2  → 0, 3, 2, 1
    //   child 3: A 2, B 2, C 4, D 1  → 1.5, 1.5, 3, 0 (tie A–B)
    let (data, n) = col_major(&[
        vec![4.0, 1.0, 2.0],
        vec![3.0, 4.0, 2.0],
        vec![2.0, 3.0, 4.0],
        vec![1.0, 2.0, 1.0],
    ]);
    let w = [0.5, 0.3, 0.2];
    // Borda: A = 1.5 + 0 + 0.3 = 1.8; B = 1 + 0.9 + 0.3 = 2.2; C = 0.5 + 0.6 + 0.6 = 1.7; D = 0 + 0.3 + 0 = 0.3.
    let b = run(&Aggregation::Borda, &data, n, &w).scores;
    for (got, want) in b.iter().zip([1.8, 2.2, 1.7, 0.3]) {
        assert_abs_diff_eq!(*got, want, epsilon = 1e-12);
    }
    // Pairwise weighted majority: A–B: A wins child 1 (0.5) vs B child 2 (0.3) → A.
    // A–C: A 0.5 vs C 0.5 → tie. A–D: A 0.5+0.2 vs 0.3 → A. B–C: B 0.5+0.3 vs 0.2 → B.
    // B–D: B 1.0 → B. C–D: C 1.0 → C.  Copeland: A 2−0 = 2, B 2−1 = 1, C 1−1 = 0, D −3.
    let c = run(&Aggregation::Copeland, &data, n, &w).scores;
    assert_eq!(c, vec![2.0, 1.0, 0.0, -3.0]);
    // Kemeny: outranking e_AB = .5+.1 (tie on child 3 shared) = .6, e_AC = .5, e_BC = .8, e_·D ≥ .7.
    // Order A,B,C,D gives .6+.5+.7+.8+1+1 = 4.6, the maximum (B,A,C,D gives 4.4, A,C,B,D 4.0).
    let k = kemeny_ranking(&data, n, &w, 10).unwrap();
    assert_eq!(k.order, vec![0, 1, 2, 3]);
    assert_abs_diff_eq!(k.agreement, 4.6, epsilon = 1e-12);
    let ks = run(&Aggregation::Kemeny { max_units: 10 }, &data, n, &w).scores;
    assert_eq!(ks, vec![4.0, 3.0, 2.0, 1.0]);
}

#[test]
fn kemeny_breaks_a_condorcet_cycle_by_weight() {
    // Three equally weighted children with a Condorcet cycle A > B > C > A (each 2 of 3 children):
    //   child 1: A B C; child 2: B C A; child 3: C A B. Every pairwise e = 2/3.
    // Every cyclic rotation achieves 2/3 + 2/3 + 1/3 = 5/3; the first found (lowest indices first) is A, B, C.
    let (data, n) = col_major(&[
        vec![3.0, 1.0, 2.0],
        vec![2.0, 3.0, 1.0],
        vec![1.0, 2.0, 3.0],
    ]);
    let k = kemeny_ranking(&data, n, &[1.0, 1.0, 1.0], 10).unwrap();
    assert_abs_diff_eq!(k.agreement, 5.0 / 3.0, epsilon = 1e-12);
    assert_eq!(k.order, vec![0, 1, 2]);
    // Giving child 2 more weight makes B > C > A the unique consensus.
    let k = kemeny_ranking(&data, n, &[1.0, 1.5, 1.0], 10).unwrap();
    assert_eq!(k.order, vec![1, 2, 0]);
}

#[test]
fn skip_and_reweight_uses_present_children() {
    // Unit 0 lacks child 1: its score is the mean of children 0 and 2 with weights 0.2/0.7 and 0.5/0.7.
    let data = [
        2.0, 3.0, /* child 1 */ 99.0, 5.0, /* child 2 */ 4.0, 1.0,
    ];
    let mask = [true, true, false, true, true, true];
    let w = [0.2, 0.3, 0.5];
    let ctx = AggregationContext::default();
    for agg in [
        Aggregation::Arithmetic,
        Aggregation::Geometric,
        Aggregation::Harmonic,
        Aggregation::Power { p: 3.0 },
    ] {
        let out = agg
            .aggregate(&data, &mask, 2, &w, MissingPolicy::SkipAndReweight, &ctx)
            .unwrap();
        let alone = agg
            .aggregate(&[2.0, 4.0], &[], 1, &[0.2, 0.5], MissingPolicy::Error, &ctx)
            .unwrap();
        assert_abs_diff_eq!(out.scores[0], alone.scores[0], epsilon = 1e-12);
        assert!(out.present[0] && out.present[1]);
    }
    // A unit with nothing present has no score.
    let mask = [false, true, false, true, false, true];
    let out = Aggregation::Arithmetic
        .aggregate(&data, &mask, 2, &w, MissingPolicy::SkipAndReweight, &ctx)
        .unwrap();
    assert_eq!(out.present, vec![false, true]);
    assert_eq!(out.get(0), None);
    assert_eq!(out.scores[0].to_bits(), 0.0f64.to_bits());
}

#[test]
fn keys_round_trip_and_serde() {
    for key in [
        "arithmetic",
        "geometric",
        "harmonic",
        "power:0.5",
        "mpi:-",
        "mpi:+",
        "ampi:-",
        "owa:0.3",
        "topsis:vector",
        "topsis:min_max",
        "vikor:0.25",
        "borda",
        "copeland",
        "kemeny:8",
    ] {
        let a = Aggregation::from_key(key, "n").unwrap();
        assert_eq!(a.key(), key);
        assert_eq!(Aggregation::from_key(&a.key(), "n").unwrap(), a);
        let json = serde_json::to_string(&a).unwrap();
        let back: Aggregation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
    }
    assert_eq!(
        Aggregation::from_key(" Geometric ", "n").unwrap(),
        Aggregation::Geometric
    );
    assert_eq!(
        Aggregation::from_key("vikor", "n").unwrap(),
        Aggregation::Vikor { v: 0.5 }
    );
    assert_eq!(
        Aggregation::from_key("kemeny", "n").unwrap(),
        Aggregation::Kemeny { max_units: 10 }
    );
    let parsed: Aggregation = serde_json::from_str(r#"{"method": "power", "p": 2}"#).unwrap();
    assert_eq!(parsed, Aggregation::Power { p: 2.0 });
    let parsed: Aggregation = serde_json::from_str(r#"{"method": "mpi", "sign": "plus"}"#).unwrap();
    assert_eq!(
        parsed,
        Aggregation::MazziottaPareto {
            sign: MpiSign::Plus
        }
    );
    let parsed: Aggregation = serde_json::from_str(
        r#"{"method": "ampi", "goalposts": {"method": "fixed", "reference": [1], "min": [0], "max": [2]}}"#,
    )
    .unwrap();
    assert_eq!(
        parsed,
        Aggregation::AdjustedMazziottaPareto {
            sign: MpiSign::Minus,
            goalposts: AmpiGoalposts::Fixed {
                reference: vec![1.0],
                min: vec![0.0],
                max: vec![2.0]
            }
        }
    );
    let parsed: Aggregation = serde_json::from_str(
        r#"{"method": "owa", "weights": {"method": "given", "order_weights": [0.7, 0.3]}}"#,
    )
    .unwrap();
    assert_eq!(
        parsed,
        Aggregation::Owa {
            weights: OwaWeights::Given {
                order_weights: vec![0.7, 0.3]
            }
        }
    );
    let parsed: Aggregation = serde_json::from_str(r#"{"method": "vikor"}"#).unwrap();
    assert_eq!(parsed, Aggregation::Vikor { v: 0.5 });
    assert!(Aggregation::Geometric.is_monotone());
    assert!(!Aggregation::Borda.is_monotone());
    assert!(
        !Aggregation::MazziottaPareto {
            sign: MpiSign::Minus
        }
        .is_monotone()
    );
}

#[test]
fn large_inputs_use_the_blocked_path_consistently() {
    // 70 000 rows (above the parallel threshold with the `parallel` feature) × 3 children: the fused,
    // row-blocked pass over complete data agrees with the masked path (one absent cell elsewhere).
    let n = 70_000;
    let data: Vec<f64> = (0..3 * n)
        .map(|k| 1.0 + ((k * 7919) % 1000) as f64 / 100.0)
        .collect();
    let w = [0.2, 0.3, 0.5];
    let mut mask = vec![true; 3 * n];
    mask[5] = false;
    let ctx = AggregationContext::default();
    for agg in [Aggregation::Arithmetic, Aggregation::Geometric] {
        let full = agg
            .aggregate(&data, &[], n, &w, MissingPolicy::Error, &ctx)
            .unwrap();
        let masked = agg
            .aggregate(&data, &mask, n, &w, MissingPolicy::SkipAndReweight, &ctx)
            .unwrap();
        for i in (0..n).filter(|&i| i != 5) {
            assert_abs_diff_eq!(full.scores[i], masked.scores[i], epsilon = 1e-12);
        }
        let i = 12_345;
        let by_hand: f64 = match agg {
            Aggregation::Arithmetic => (0..3).map(|j| w[j] * data[j * n + i]).sum(),
            _ => (0..3)
                .map(|j| w[j] * data[j * n + i].ln())
                .sum::<f64>()
                .exp(),
        };
        assert_abs_diff_eq!(full.scores[i], by_hand, epsilon = 1e-12);
    }
}
