//! Shannon-entropy weights (Shannon 1948; Zeleny 1982; Zou, Yun & Sun 2006): the validated type
//! [`Entropy`] and its kernel [`entropy_weights`].

use super::{
    Weigher, check_children, check_matrix, check_shape, column, normalise_weights, to_weights,
    with_node,
};
use crate::{CompositeError, Result};

/// Shannon-entropy weights of a node's children, [`entropy_weights`] of their normalised columns:
/// `e_j = −(1/ln m) Σ_i p_ij ln p_ij` with `p_ij = x_ij / Σ_i x_ij`, `w_j ∝ 1 − e_j` (Zeleny 1982;
/// Zou, Yun & Sun 2006, "Entropy method for determination of weight of evaluating indicators in fuzzy
/// synthetic evaluation for water quality assessment", J. Environ. Sci. 18(5)). Parameterless.
///
/// ```
/// use mfg_quality_composite::weights::{Entropy, Weigher};
/// // two children, 3 units, column-major
/// let w = Entropy.weigh(&[1.0, 1.0, 1.0, 0.0, 1.0, 2.0], 3, &[1.0, 1.0], "pillar").unwrap();
/// assert_eq!(w, vec![0.0, 1.0]); // a constant column has maximal entropy
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Entropy;

impl Weigher for Entropy {
    fn name(&self) -> &'static str {
        "entropy"
    }

    /// # Errors
    /// Those of [`entropy_weights`] (fewer than 2 rows, a negative or non-finite value, every column
    /// constant), naming `node`; a data length other than `n_rows × nominal.len()`.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), true, data, n_rows, nominal, node)?;
        let w = entropy_weights(data, n_rows).map_err(|e| with_node(e, node))?;
        normalise_weights(&w, n, node)
    }
}

/// One column's pass for [`entropy_weights`]: whether every value is finite, the minimum, and the
/// degree of diversification `d_j = 1 − e_j` (meaningful only when the column is finite and non-negative).
struct EntropyColumn {
    finite: bool,
    min: f64,
    d: f64,
}

/// Computes [`EntropyColumn`] for one column, normally in one pass vectorised for the widest
/// instruction set of the CPU (see [`crate::fastmath`]): `Σ y`, `Σ y ln y` and the largest bit pattern,
/// which validates the column and gives its maximum.
///
/// With `y = c·x` for a power of two `c` bringing the column maximum into `[1, 2)` (exact) and
/// `S = Σ y`, the shares are `p = y / S` and `Σ p ln p = (Σ y ln y) / S − ln S`: one logarithm
/// per cell and no division per cell. The scaling keeps both terms of the difference of the order of
/// `ln m` whatever the units of `x`, and `y ln y` away from overflow. The scale is guessed from the
/// first 64 values and checked against the maximum the pass returns; on a miss (the column maximum lies
/// in another binade than the first values' maximum) the sums are taken again with the right scale. So
/// the result is always that of the exact scale, whatever the guess. Columns with a NaN, an infinity,
/// a negative value or −0 take [`entropy_column_checked`].
fn entropy_column(col: &[f64], k: f64) -> EntropyColumn {
    use crate::fastmath::{pow2_scale, x_ln_x_sum, x_ln_x_sum_top};
    let head = col[..col.len().min(64)]
        .iter()
        .fold(f64::NEG_INFINITY, |m, &v| if v > m { v } else { m });
    let guess = if head > 0.0 && head.is_finite() {
        pow2_scale(head)
    } else {
        1.0
    };
    let ((mut s, mut s_ylny), top) = x_ln_x_sum_top(col, guess);
    if top >= f64::INFINITY.to_bits() {
        return entropy_column_checked(col, k);
    }
    let hi = f64::from_bits(top); // the maximum: every value is a finite number ≥ +0
    if hi == 0.0 {
        // a column of zeros carries no information
        return EntropyColumn {
            finite: true,
            min: 0.0,
            d: 0.0,
        };
    }
    let c = pow2_scale(hi);
    if c.to_bits() != guess.to_bits() {
        (s, s_ylny) = x_ln_x_sum(col, c);
    }
    let d = diversification(s, s_ylny, k);
    // A constant column has exactly maximal entropy: d = 0 exactly, not a rounding residue of 1e-16.
    // Only a column with d this small can be constant, so only those are compared value by value.
    // (compared by bits: every value is a finite number ≥ +0, where equal bits mean equal values)
    let constant = d <= 1e-9 && col.iter().all(|v| v.to_bits() == top);
    EntropyColumn {
        finite: true,
        min: 0.0, // only its sign is used: no value is negative
        d: if constant { 0.0 } else { d },
    }
}

/// [`entropy_column`] for a column with a NaN, an infinity, a negative value or −0: the range by a
/// plain fold (skipping NaN), then the checks, then the sums with the exact scale. A NaN shows in `Σ y`.
fn entropy_column_checked(col: &[f64], k: f64) -> EntropyColumn {
    use crate::fastmath::{pow2_scale, x_ln_x_sum};
    let (lo, hi) = col
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() || !hi.is_finite() || lo < 0.0 || lo >= hi {
        return EntropyColumn {
            finite: lo.is_finite() && hi.is_finite() && col.iter().all(|v| v.is_finite()),
            min: lo,
            d: 0.0,
        };
    }
    let (s, s_ylny) = x_ln_x_sum(col, pow2_scale(hi));
    if !s.is_finite() {
        // a NaN (the values are ≥ 0 and y < 2, so Σ y cannot overflow)
        return EntropyColumn {
            finite: false,
            min: lo,
            d: 0.0,
        };
    }
    EntropyColumn {
        finite: true,
        min: lo,
        d: diversification(s, s_ylny, k),
    }
}

/// `d = 1 − e = 1 + k Σ p ln p` (`k = 1/ln m`) from `S = Σ y` and `Σ y ln y`, with
/// `Σ p ln p = (Σ y ln y)/S − ln S`; clamped at 0 against rounding.
fn diversification(s: f64, s_ylny: f64, k: f64) -> f64 {
    (1.0 + k * (s_ylny / s - s.ln())).max(0.0)
}

/// [`entropy_column`] for every column, shared between the calling thread and rayon's workers:
/// columns are claimed one at a time from an atomic counter by whoever is free, the calling thread
/// included, and the caller waits for the helpers' last columns by spinning (at most 200 µs) rather than
/// sleeping. A rayon parallel iterator would hand all the work to the pool and block the caller, which
/// then waits for a worker to wake up and for itself to be woken at the end; on a small machine these
/// wake-ups cost as much as the whole work at 10 000 × 50 (the `mcda` benchmark measured the difference). Here the caller starts at once and a late worker simply takes fewer columns. Each column's
/// result depends only on the column, so the results are the same whoever computes which.
#[cfg(feature = "parallel")]
fn entropy_shared(all: &[&[f64]], k: f64) -> Vec<EntropyColumn> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};
    let claimed = AtomicUsize::new(0);
    let helping = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, EntropyColumn)>> = Mutex::new(Vec::with_capacity(all.len()));
    let work = || {
        let mut mine = Vec::new();
        loop {
            let j = claimed.fetch_add(1, Ordering::Relaxed);
            let Some(col) = all.get(j) else { break };
            mine.push((j, entropy_column(col, k)));
        }
        // a poisoned lock only means another participant panicked, which the scope re-raises
        done.lock()
            .unwrap_or_else(|e| e.into_inner())
            .append(&mut mine);
    };
    rayon::in_place_scope(|s| {
        for _ in 1..rayon::current_num_threads().min(all.len()) {
            s.spawn(|_| {
                helping.fetch_add(1, Ordering::AcqRel);
                work();
                helping.fetch_sub(1, Ordering::Release);
            });
        }
        work();
        // The helpers still running are on their last column (microseconds): wait for them by
        // spinning, since the scope's own wait sleeps and being woken costs 50–100 µs on this VM.
        // Bounded, in case a helper was descheduled.
        let start = Instant::now();
        while helping.load(Ordering::Acquire) > 0 && start.elapsed() < Duration::from_micros(200) {
            std::hint::spin_loop();
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|(j, _)| *j);
    done.into_iter().map(|(_, c)| c).collect()
}

/// Shannon-entropy weights (Shannon 1948; Zeleny 1982; Zou, Yun & Sun 2006): with column shares
/// `p_ij = x_ij / Σ_i x_ij`, entropy `e_j = −(1/ln m) Σ_i p_ij ln p_ij` (`0 ln 0 = 0`), diversification
/// `d_j = 1 − e_j`, weight `w_j = d_j / Σ_k d_k` (`m = n_rows`).
///
/// Data must be non-negative (e.g. min-max normalised): a negative value is an error, not silently
/// shifted. A column of zeros, or a constant column, carries no information: `d_j = 0` exactly.
///
/// Computed per column as `Σ_i p_ij ln p_ij = (Σ_i y_i ln y_i) / S − ln S` with `y = c·x` for a power of
/// two `c` (exact) bringing the column maximum into `[1, 2)` and `S = Σ_i y_i`: one logarithm per cell
/// and no division per cell, normally in one pass over the column. The logarithm is vectorised: on CPUs
/// with AVX-512 a table-driven one with FMA (within `max(2^−53, 1 ulp)` of `f64::ln`), elsewhere fdlibm's
/// (within 1 ulp), run with AVX2 when the CPU has it. The two give weights that agree to 10⁻¹⁴ relative,
/// so results can differ in their last bits between CPUs with and without AVX-512. Columns are shared
/// between threads with the `parallel` feature; each column is computed independently, so the results
/// are identical at any thread count, and errors are reported for the first offending column in order.
/// (Timings: the `mcda` benchmark and the README's performance table.)
///
/// ```
/// use mfg_quality_composite::weights::entropy_weights;
/// let w = entropy_weights(&[1.0, 1.0, 1.0, 0.0, 1.0, 2.0], 3).unwrap();
/// assert_eq!(w, vec![0.0, 1.0]); // a constant column has maximal entropy
/// ```
///
/// # Errors
/// [`CompositeError::TooFew`] for fewer than 2 rows; [`CompositeError::InvalidValue`] for a negative or
/// non-finite value; [`CompositeError::InvalidWeights`] when every column has maximal entropy (all constant).
pub fn entropy_weights(data: &[f64], n_rows: usize) -> Result<Vec<f64>> {
    const METHOD: &str = "entropy weights";
    let p = check_shape(METHOD, data, n_rows)?;
    if n_rows < 2 || p == 1 {
        check_matrix(METHOD, data, n_rows)?;
        if n_rows < 2 {
            return Err(CompositeError::TooFew {
                method: METHOD,
                what: "rows",
                needed: 2,
                got: n_rows,
            });
        }
        return Ok(vec![1.0]);
    }
    let k = 1.0 / (n_rows as f64).ln();
    // Each column is computed independently, so results do not depend on the thread count; errors are
    // resolved afterwards in column order (non-finite first, as `check_matrix` would, then negative).
    let all: Vec<&[f64]> = data.chunks_exact(n_rows).collect();
    #[cfg(feature = "parallel")]
    let cols: Vec<EntropyColumn> = if data.len() >= 1 << 15 && rayon::current_num_threads() > 1 {
        entropy_shared(&all, k)
    } else {
        all.iter().map(|col| entropy_column(col, k)).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let cols: Vec<EntropyColumn> = all.iter().map(|col| entropy_column(col, k)).collect();
    if cols.iter().any(|c| !c.finite) {
        check_matrix(METHOD, data, n_rows)?;
    }
    if let Some(j) = cols.iter().position(|c| c.min < 0.0) {
        let col = column(data, n_rows, j);
        let r = col.iter().position(|&v| v < 0.0).unwrap_or(0);
        return Err(CompositeError::InvalidValue {
            method: METHOD,
            unit: format!("row {r}"),
            indicator: format!("column {j}"),
            value: col[r],
            reason: "shares need non-negative values (normalise to [0, 1] first)",
        });
    }
    to_weights(
        METHOD,
        cols.into_iter().map(|c| c.d).collect(),
        "every column has maximal entropy (no column discriminates)",
    )
}
