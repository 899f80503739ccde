//! The two users of the crate's vectorised logarithm (`fastmath`): entropy weights and the weighted
//! geometric mean, checked against direct formulas written with `f64::ln`, on random data and on the
//! inputs that the fast path hands back to `f64::ln` (subnormals, zeros, huge values, errors).
#![allow(clippy::float_cmp)] // the values carried by errors and exact scaling invariance are compared exactly

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::aggregate::{Aggregation, AggregationContext, MissingPolicy};
use mfg_quality_composite::weights::entropy_weights;
use proptest::prelude::*;

/// Entropy weights written directly from the definition (Zou, Yun & Sun 2006), with `f64::ln`.
fn entropy_direct(data: &[f64], n: usize) -> Vec<f64> {
    let d: Vec<f64> = data
        .chunks(n)
        .map(|col| {
            let s: f64 = col.iter().sum();
            let (mn, mx) = col
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            if s <= 0.0 || mn >= mx {
                return 0.0;
            }
            let h: f64 = col
                .iter()
                .map(|&v| {
                    let p = v / s;
                    if p > 0.0 { p * p.ln() } else { 0.0 }
                })
                .sum();
            1.0 + h / (n as f64).ln()
        })
        .collect();
    let t: f64 = d.iter().sum();
    d.iter().map(|v| v / t).collect()
}

/// Weighted geometric mean of each row, directly with `f64::ln` and `f64::exp`.
fn geometric_direct(data: &[f64], n: usize, w: &[f64]) -> Vec<f64> {
    let ws: f64 = w.iter().sum();
    (0..n)
        .map(|i| {
            let s: f64 = w
                .iter()
                .enumerate()
                .map(|(j, wj)| wj * data[j * n + i].ln())
                .sum();
            (s / ws).exp()
        })
        .collect()
}

fn geometric(data: &[f64], n: usize, w: &[f64]) -> Result<Vec<f64>, CompositeError> {
    Aggregation::Geometric
        .aggregate(
            data,
            &[],
            n,
            w,
            MissingPolicy::SkipAndReweight,
            &AggregationContext::default(),
        )
        .map(|a| a.scores)
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() <= tol * y.abs().max(1e-300))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random non-negative matrices, with some exact zeros (0 ln 0 = 0) and odd row counts (remainders of
    /// the 64-element blocks).
    #[test]
    fn entropy_matches_the_direct_formula(
        n in 2usize..300,
        p in 2usize..6,
        seed in proptest::collection::vec(0.0f64..1.0, 1800),
        zeros in 0usize..5,
    ) {
        let mut data: Vec<f64> = seed.iter().cycle().take(n * p).copied().collect();
        for z in 0..zeros.min(n * p) {
            data[(z * 7919) % (n * p)] = 0.0;
        }
        // (n = 2, p = 2 and 4 zeros make every cell 0: no column discriminates, an error by design)
        prop_assume!(data.chunks(n).any(|c| c.iter().any(|&v| v != c[0])));
        let got = entropy_weights(&data, n).unwrap();
        let want = entropy_direct(&data, n);
        // the weights are ratios of d_j = 1 − e_j, which cancels: compare them absolutely
        prop_assert!(got.iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-10), "{got:?} vs {want:?}");
    }

    /// Geometric mean of positive values against the direct formula (one rounding of ln per cell apart).
    #[test]
    fn geometric_matches_the_direct_formula(
        n in 1usize..200,
        m in 1usize..8,
        vals in proptest::collection::vec(1e-3f64..1e3, 1600),
        w in proptest::collection::vec(0.1f64..1.0, 8),
    ) {
        let data: Vec<f64> = vals.iter().cycle().take(n * m).copied().collect();
        let got = geometric(&data, n, &w[..m]).unwrap();
        let want = geometric_direct(&data, n, &w[..m]);
        prop_assert!(close(&got, &want, 1e-13), "{got:?} vs {want:?}");
    }
}

/// Multiplying a column by a power of two leaves its shares, hence the weights, unchanged: exactly,
/// since the implementation rescales every column by a power of two first. Huge values do not overflow
/// `x ln x` (1e300 · ln 1e300 would).
#[test]
fn entropy_is_exactly_invariant_to_power_of_two_scaling_and_handles_huge_values() {
    let n = 37;
    let base: Vec<f64> = (0..3 * n).map(|i| ((i * 17) % 23) as f64 / 22.0).collect();
    let w = entropy_weights(&base, n).unwrap();
    let scaled: Vec<f64> = base
        .iter()
        .enumerate()
        .map(|(k, v)| v * [2f64.powi(-600), 1024.0, 2f64.powi(900)][k / n])
        .collect();
    assert_eq!(entropy_weights(&scaled, n).unwrap(), w);
    let huge: Vec<f64> = base.iter().map(|v| v * 1e300).collect();
    let wh = entropy_weights(&huge, n).unwrap();
    assert!(close(&wh, &w, 1e-12), "{wh:?} vs {w:?}");
    // subnormal values next to normal ones: finite weights summing to 1
    let mut tiny = base.clone();
    tiny[3] = 5e-324;
    tiny[n + 4] = 1e-310;
    let wt = entropy_weights(&tiny, n).unwrap();
    assert!(wt.iter().all(|v| v.is_finite() && *v >= 0.0));
    assert!((wt.iter().sum::<f64>() - 1.0).abs() < 1e-15);
}

/// The `(unit, column, reason)` of the `InvalidValue` error `entropy_weights` must return for `data`.
fn entropy_error(data: &[f64], n: usize) -> (String, String, &'static str) {
    match entropy_weights(data, n) {
        Err(CompositeError::InvalidValue {
            unit,
            indicator: column,
            reason,
            ..
        }) => (unit, column, reason),
        other => panic!("expected an invalid-value error, got {other:?}"),
    }
}

/// Errors are reported for the first offending column in column order, non-finite before negative, at
/// any thread count (columns run in parallel above 2^15 cells: this matrix has 2^16).
#[test]
fn entropy_errors_name_the_first_offending_column() {
    let n = 1 << 13;
    let mut data: Vec<f64> = (0..8 * n).map(|i| (i % 101) as f64 / 100.0).collect();
    data[6 * n + 5] = -1.0;
    data[2 * n + 9] = -0.5;
    let (unit, column, _) = entropy_error(&data, n);
    assert_eq!((unit.as_str(), column.as_str()), ("row 9", "column 2"));
    data[5 * n + 1] = f64::NAN;
    let (unit, column, reason) = entropy_error(&data, n);
    assert_eq!(
        (unit.as_str(), column.as_str(), reason),
        ("row 1", "column 5", "not finite")
    );
}

/// Inputs the fast logarithm does not take (subnormals; huge values) go through `f64::ln` and give the
/// same result as the direct formula; zero and negative values are errors naming the cell.
#[test]
fn geometric_fallbacks_and_errors() {
    let n = 20;
    let mut data: Vec<f64> = (0..3 * n).map(|i| 0.5 + (i % 7) as f64).collect();
    data[n + 3] = 1e-310; // subnormal
    data[2 * n + 4] = 1e300;
    let w = [0.2, 0.3, 0.5];
    let got = geometric(&data, n, &w).unwrap();
    assert!(close(&got, &geometric_direct(&data, n, &w), 1e-14));
    data[2 * n + 7] = 0.0;
    assert!(matches!(
        geometric(&data, n, &w),
        Err(CompositeError::InvalidValue { value, .. }) if value == 0.0
    ));
    data[2 * n + 7] = -3.0;
    assert!(matches!(
        geometric(&data, n, &w),
        Err(CompositeError::InvalidValue { value, .. }) if value == -3.0
    ));
}

/// A bad value is found in every column position, after a normal column or after a constant one, on the
/// serial and the parallel path (columns shared between threads), whether it lies in the first 64 values
/// (from which the scale is guessed) or after them.
#[test]
fn entropy_finds_bad_values_in_every_column_position() {
    for (n, p) in [(37usize, 6usize), (1000, 40)] {
        for after_constant in [false, true] {
            for j in 0..p {
                for (bad, non_finite) in [
                    (f64::NAN, true),
                    (f64::INFINITY, true),
                    (f64::NEG_INFINITY, true),
                    (-0.25, false),
                ] {
                    let mut data: Vec<f64> = (0..n * p)
                        .map(|i| ((i * 37) % 101) as f64 / 100.0)
                        .collect();
                    if after_constant && j > 0 {
                        data[(j - 1) * n..j * n].fill(0.5);
                    }
                    let r = (j * 13) % n;
                    data[j * n + r] = bad;
                    let (unit, column, reason) = entropy_error(&data, n);
                    assert_eq!(
                        (unit, column),
                        (format!("row {r}"), format!("column {j}")),
                        "{bad} at ({r}, {j}), n = {n}"
                    );
                    assert_eq!(reason == "not finite", non_finite, "{bad}");
                }
            }
        }
    }
    // a NaN in a constant or all-zero column, which the range check stops before any sum
    let n = 50;
    for fill in [0.0, 0.5] {
        let mut data: Vec<f64> = (0..3 * n).map(|i| (i % 7) as f64).collect();
        data[n..2 * n].fill(fill);
        data[n + 8] = f64::NAN;
        let (_, column, reason) = entropy_error(&data, n);
        assert_eq!((column.as_str(), reason), ("column 1", "not finite"));
    }
}

/// The scale is guessed from a column's first 64 values and checked against its maximum: when the
/// maximum lies in another binade (a miss), the sums are taken again with the right scale. Columns that
/// miss, by a little or by far, or whose first 64 values are all zero, match the direct formula.
#[test]
fn entropy_scale_guess_misses_match_the_direct_formula() {
    let n = 500;
    let data: Vec<f64> = (0..4 * n)
        .map(|i| {
            let (j, r) = (i / n, i % n);
            let v = ((r * 37) % 101) as f64 / 100.0;
            match j {
                0 => v, // no miss
                1 => {
                    if r < 64 {
                        v / 8.0
                    } else {
                        v
                    }
                } // head 3 binades low
                2 => {
                    if r < 64 {
                        0.0
                    } else {
                        v * 1e6
                    }
                } // head all zero
                _ => {
                    if r < 64 {
                        v * 1e-250
                    } else {
                        v * 1e100
                    }
                } // far off: the guess overflows
            }
        })
        .collect();
    let got = entropy_weights(&data, n).unwrap();
    let want = entropy_direct(&data, n);
    assert!(
        got.iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-12),
        "{got:?} vs {want:?}"
    );
}

/// A constant column has exactly maximal entropy (weight exactly 0, not a rounding residue), at any
/// length; −0 counts as 0 (the column takes the checked path, with the same weights bit for bit); and
/// (with the `parallel` feature) the weights do not depend on the number of threads sharing the columns.
#[test]
fn entropy_constant_columns_negative_zeros_and_thread_counts() {
    let n = 3000;
    let mut data: Vec<f64> = (0..12 * n)
        .map(|i| ((i * 7919) % 10007) as f64 / 10007.0)
        .collect();
    data[3 * n..4 * n].fill(0.3);
    data[7 * n..8 * n].fill(1e-200);
    let w = entropy_weights(&data, n).unwrap();
    assert_eq!((w[3], w[7]), (0.0, 0.0));
    assert!(
        w.iter()
            .enumerate()
            .all(|(j, &v)| j == 3 || j == 7 || v > 0.0)
    );
    let mut zeros = data.clone();
    for (i, v) in zeros.iter_mut().enumerate() {
        if i % 97 == 5 {
            *v = 0.0;
        }
    }
    let w0 = entropy_weights(&zeros, n).unwrap();
    for v in zeros.iter_mut().filter(|v| **v == 0.0) {
        *v = -0.0;
    }
    let wn = entropy_weights(&zeros, n).unwrap();
    assert_eq!(
        w0.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        wn.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
    #[cfg(feature = "parallel")]
    for threads in [1, 2, 3] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        assert_eq!(
            pool.install(|| entropy_weights(&data, n).unwrap()),
            w,
            "{threads} threads"
        );
    }
}
