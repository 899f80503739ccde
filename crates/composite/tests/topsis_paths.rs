//! TOPSIS's blocked passes (column groups, row blocks, several columns per sweep, and with the `parallel`
//! feature rayon's threads for large inputs) against the formulas of Hwang & Yoon written directly, and
//! the same results at any thread count.

use mfg_quality_composite::aggregate::{
    Aggregation, AggregationContext, CriterionType, MissingPolicy, TopsisNormalisation,
    TopsisResult, topsis,
};

/// TOPSIS written directly from its definition (module docs of `aggregate::topsis`), row by row.
fn topsis_direct(
    data: &[f64],
    n: usize,
    w: &[f64],
    norm: TopsisNormalisation,
    types: &[CriterionType],
) -> TopsisResult {
    let m = w.len();
    let ws: f64 = w.iter().sum();
    // Weighted normalised columns, ideal and anti-ideal values.
    let mut v = vec![0.0; n * m];
    let mut ideal = vec![0.0; m];
    let mut anti = vec![0.0; m];
    for j in 0..m {
        let col = &data[j * n..(j + 1) * n];
        let lo = col.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = col.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let norm2 = col.iter().map(|x| x * x).sum::<f64>().sqrt();
        for i in 0..n {
            let r = match norm {
                TopsisNormalisation::Vector if norm2 > 0.0 => col[i] / norm2,
                TopsisNormalisation::MinMax if hi > lo => (col[i] - lo) / (hi - lo),
                TopsisNormalisation::None => col[i],
                _ => 0.0,
            };
            v[j * n + i] = w[j] / ws * r;
        }
        let vj = &v[j * n..(j + 1) * n];
        let (vlo, vhi) = (
            vj.iter().copied().fold(f64::INFINITY, f64::min),
            vj.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        (ideal[j], anti[j]) = match types.get(j) {
            Some(CriterionType::Cost) => (vlo, vhi),
            _ => (vhi, vlo),
        };
    }
    let (mut closeness, mut d_plus, mut d_minus) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        let (mut p, mut q) = (0.0, 0.0);
        for j in 0..m {
            p += (v[j * n + i] - ideal[j]).powi(2);
            q += (v[j * n + i] - anti[j]).powi(2);
        }
        d_plus[i] = p.sqrt();
        d_minus[i] = q.sqrt();
        let t = d_plus[i] + d_minus[i];
        closeness[i] = if t > 0.0 { d_minus[i] / t } else { 0.5 };
    }
    TopsisResult {
        closeness,
        d_plus,
        d_minus,
        ideal,
        anti_ideal: anti,
    }
}

/// Column-major values in [−0.5, 2.5) from a fixed linear congruential sequence, with column 2 constant
/// (it does not discriminate) when there are more than 2 columns.
fn matrix(n: usize, m: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    let mut data: Vec<f64> = (0..n * m)
        .map(|_| {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64 * 3.0 - 0.5
        })
        .collect();
    if m > 2 {
        data[2 * n..3 * n].iter_mut().for_each(|x| *x = 1.25);
    }
    data
}

fn assert_close(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len());
    for (i, (&a, &b)) in got.iter().zip(want).enumerate() {
        assert!(
            (a - b).abs() <= 1e-12 * b.abs().max(1e-3),
            "{what}[{i}]: {a} vs {b}"
        );
    }
}

/// Shapes covering one and several column groups of 8, sweeps of 4 with remainders of 1 to 3 columns,
/// partial row blocks, and (with the `parallel` feature) the threaded pass at 70 001 rows.
const SHAPES: [(usize, usize); 6] = [
    (1, 3),
    (7, 3),
    (513, 5),
    (1000, 13),
    (3000, 50),
    (70_001, 9),
];

#[test]
fn blocked_passes_match_the_direct_formulas() {
    for (k, &(n, m)) in SHAPES.iter().enumerate() {
        let data = matrix(n, m, 11 + k as u64);
        // Weights with a zero (a column that adds nothing) and unequal values.
        let w: Vec<f64> = (0..m).map(|j| (j % 5) as f64 * 0.25).collect();
        let types: Vec<CriterionType> = (0..m)
            .map(|j| {
                if j % 3 == 1 {
                    CriterionType::Cost
                } else {
                    CriterionType::Benefit
                }
            })
            .collect();
        for norm in [
            TopsisNormalisation::Vector,
            TopsisNormalisation::MinMax,
            TopsisNormalisation::None,
        ] {
            for t in [&[][..], &types[..]] {
                let got = topsis(&data, n, &w, norm, t).unwrap();
                let want = topsis_direct(&data, n, &w, norm, t);
                let what = format!("{n}x{m} {norm:?} types={}", !t.is_empty());
                assert_close(&got.closeness, &want.closeness, &format!("{what} C"));
                assert_close(&got.d_plus, &want.d_plus, &format!("{what} d+"));
                assert_close(&got.d_minus, &want.d_minus, &format!("{what} d-"));
                assert_close(&got.ideal, &want.ideal, &format!("{what} v+"));
                assert_close(&got.anti_ideal, &want.anti_ideal, &format!("{what} v-"));
            }
            // The pipeline's entry point gives the same closeness bit for bit.
            let agg = Aggregation::Topsis {
                normalisation: norm,
            };
            let out = agg
                .aggregate(
                    &data,
                    &[],
                    n,
                    &w,
                    MissingPolicy::Error,
                    &AggregationContext::default(),
                )
                .unwrap();
            let direct = topsis(&data, n, &w, norm, &[]).unwrap();
            for (a, b) in out.scores.iter().zip(&direct.closeness) {
                assert_eq!(a.to_bits(), b.to_bits());
            }
        }
    }
}

/// With the `parallel` feature, a one-thread pool (the sequential pass) and a two-thread pool (the
/// threaded pass above the row threshold) give the same numbers bit for bit, and the same first error.
#[cfg(feature = "parallel")]
#[test]
fn thread_count_does_not_change_results() {
    use mfg_quality_composite::CompositeError;
    let pool = |k: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(k)
            .build()
            .unwrap()
    };
    let (one, two) = (pool(1), pool(2));
    let (n, m) = (70_001, 11);
    let data = matrix(n, m, 5);
    let w: Vec<f64> = (0..m).map(|j| 1.0 + j as f64).collect();
    let bits = |r: &TopsisResult| -> Vec<u64> {
        r.closeness
            .iter()
            .chain(&r.d_plus)
            .chain(&r.d_minus)
            .map(|x| x.to_bits())
            .collect()
    };
    let ctx = AggregationContext::default();
    for norm in [TopsisNormalisation::Vector, TopsisNormalisation::MinMax] {
        let run = || topsis(&data, n, &w, norm, &[CriterionType::Cost; 11]).unwrap();
        assert_eq!(bits(&one.install(run)), bits(&two.install(run)));
        let agg = Aggregation::Topsis {
            normalisation: norm,
        };
        let scores = || {
            agg.aggregate(&data, &[], n, &w, MissingPolicy::Error, &ctx)
                .unwrap()
                .scores
                .iter()
                .map(|x| x.to_bits())
                .collect::<Vec<_>>()
        };
        assert_eq!(one.install(scores), two.install(scores));
    }
    // Non-finite values in columns 3 and 7: both passes name the first column's.
    let mut bad = data;
    bad[7 * n + 5] = f64::NAN;
    bad[3 * n + 60_000] = f64::INFINITY;
    for p in [&one, &two] {
        let err = p.install(|| topsis(&bad, n, &w, TopsisNormalisation::Vector, &[]));
        assert!(
            matches!(err, Err(CompositeError::InvalidValue { ref unit, indicator: ref column, .. })
                if unit == "#60000" && column == "#3"),
            "{err:?}"
        );
    }
}
