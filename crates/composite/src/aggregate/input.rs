//! The validated input of an aggregation ([`Input`]: shapes, weights, finiteness, missing policy) and the
//! small column kernels the methods share.

use super::*;

/// Validated input of an aggregation: shapes checked, weights normalised, values of present cells finite,
/// missing policy applied.
pub(crate) struct Input<'a> {
    pub method: &'static str,
    pub data: &'a [f64],
    /// `None` when every cell is present.
    pub mask: Option<&'a [bool]>,
    pub n_rows: usize,
    pub n_cols: usize,
    /// Normalised to sum 1.
    pub weights: Vec<f64>,
    pub ctx: &'a AggregationContext<'a>,
}

impl<'a> Input<'a> {
    /// Checks that per-criterion types (TOPSIS, VIKOR) are either absent or one per column.
    ///
    /// # Errors
    /// [`CompositeError::DimensionMismatch`] naming the method.
    pub(crate) fn check_criterion_types<T>(&self, types: &[T]) -> Result<()> {
        if !types.is_empty() && types.len() != self.n_cols {
            return Err(CompositeError::DimensionMismatch {
                method: self.method,
                what: "criterion types",
                expected: self.n_cols,
                got: types.len(),
            });
        }
        Ok(())
    }

    pub(crate) fn new(
        method: &'static str,
        data: &'a [f64],
        mask: &'a [bool],
        n_rows: usize,
        weights: &[f64],
        missing: MissingPolicy,
        ctx: &'a AggregationContext<'a>,
    ) -> Result<Input<'a>> {
        Self::with_check(method, data, mask, n_rows, weights, missing, ctx, true)
    }

    /// Like [`Input::new`]; with `check_complete = false` the finiteness of *complete* input is not checked
    /// here, because the method checks it in its own first pass over each column (TOPSIS), saving a pass
    /// over memory. Incomplete input is always checked here.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn with_check(
        method: &'static str,
        data: &'a [f64],
        mask: &'a [bool],
        n_rows: usize,
        weights: &[f64],
        missing: MissingPolicy,
        ctx: &'a AggregationContext<'a>,
        check_complete: bool,
    ) -> Result<Input<'a>> {
        let n_cols = weights.len();
        if n_rows > 0 && data.len().is_multiple_of(n_rows) && data.len() / n_rows != n_cols {
            return Err(CompositeError::InvalidWeights {
                node: ctx.node.to_string(),
                reason: format!("{} weights for {} children", n_cols, data.len() / n_rows),
            });
        }
        let weights = normalise_weights(weights, ctx.node)?;
        if data.len() != n_rows * n_cols {
            return Err(CompositeError::DimensionMismatch {
                method,
                what: "data (n_rows × number of weights)",
                expected: n_rows * n_cols,
                got: data.len(),
            });
        }
        if !mask.is_empty() && mask.len() != data.len() {
            return Err(CompositeError::DimensionMismatch {
                method,
                what: "mask",
                expected: data.len(),
                got: mask.len(),
            });
        }
        for (what, len) in [
            ("unit names", ctx.units.len()),
            ("column names", ctx.columns.len()),
        ] {
            let expected = if what == "unit names" { n_rows } else { n_cols };
            if len != 0 && len != expected {
                return Err(CompositeError::DimensionMismatch {
                    method,
                    what,
                    expected,
                    got: len,
                });
            }
        }
        let complete = all_true(mask);
        let mask = if complete { None } else { Some(mask) };
        let input = Input {
            method,
            data,
            mask,
            n_rows,
            n_cols,
            weights,
            ctx,
        };
        for j in 0..n_cols {
            let col = input.col(j);
            match input.col_mask(j) {
                None => {
                    if check_complete
                        && !all_finite(col)
                        && let Some(i) = col.iter().position(|v| !v.is_finite())
                    {
                        return Err(input.not_finite(i, j));
                    }
                }
                Some(m) => {
                    for i in 0..n_rows {
                        if m[i] {
                            if !col[i].is_finite() {
                                return Err(input.not_finite(i, j));
                            }
                        } else if missing == MissingPolicy::Error {
                            return Err(CompositeError::MissingValue {
                                unit: ctx.unit(i),
                                indicator: ctx.column(j),
                                period: ctx.period,
                            });
                        }
                    }
                }
            }
        }
        Ok(input)
    }

    /// After a fused pass produced a non-finite score: the error for the first non-finite input value, or
    /// `None` if every input value is finite (then the non-finite result is an overflow).
    pub(crate) fn first_non_finite(&self) -> Option<CompositeError> {
        let k = self.data.iter().position(|v| !v.is_finite())?;
        Some(self.not_finite(k % self.n_rows.max(1), k / self.n_rows.max(1)))
    }

    fn not_finite(&self, i: usize, j: usize) -> CompositeError {
        self.invalid(i, j, "values must be finite")
    }

    pub(crate) fn invalid(&self, i: usize, j: usize, reason: &'static str) -> CompositeError {
        CompositeError::InvalidValue {
            method: self.method,
            unit: self.ctx.unit(i),
            indicator: self.ctx.column(j),
            value: self.data[j * self.n_rows + i],
            reason,
        }
    }

    /// Column `j`.
    #[inline]
    pub(crate) fn col(&self, j: usize) -> &'a [f64] {
        &self.data[j * self.n_rows..(j + 1) * self.n_rows]
    }

    /// Mask of column `j`, `None` if the whole input is complete.
    #[inline]
    pub(crate) fn col_mask(&self, j: usize) -> Option<&'a [bool]> {
        self.mask
            .map(|m| &m[j * self.n_rows..(j + 1) * self.n_rows])
    }

    /// Whether cell (i, j) is present.
    #[inline]
    pub(crate) fn is_present(&self, i: usize, j: usize) -> bool {
        self.mask.is_none_or(|m| m[j * self.n_rows + i])
    }

    /// Per unit, the sum of the (normalised) weights of its present children; writes `present[i] =
    /// sum > 0`.
    pub(crate) fn present_weight(&self, present: &mut [bool]) -> Vec<f64> {
        let mut ws = vec![0.0; self.n_rows];
        match self.mask {
            None => ws.iter_mut().for_each(|w| *w = 1.0),
            Some(_) => {
                for j in 0..self.n_cols {
                    let w = self.weights[j];
                    let m = self.col_mask(j).unwrap_or(&[]);
                    for (acc, &p) in ws.iter_mut().zip(m) {
                        if p {
                            *acc += w;
                        }
                    }
                }
            }
        }
        for (p, &w) in present.iter_mut().zip(&ws) {
            *p = w > 0.0;
        }
        ws
    }
}

/// Checks weights (finite, non-negative, positive sum) and divides them by their sum. `node` names the
/// node in [`CompositeError::InvalidWeights`].
///
/// ```
/// use mfg_quality_composite::aggregate::normalise_weights;
/// assert_eq!(normalise_weights(&[1.0, 3.0], "n")?, vec![0.25, 0.75]);
/// assert!(normalise_weights(&[1.0, -1.0], "n").is_err());
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn normalise_weights(weights: &[f64], node: &str) -> Result<Vec<f64>> {
    let bad = |reason: String| {
        Err(CompositeError::InvalidWeights {
            node: node.to_string(),
            reason,
        })
    };
    if weights.is_empty() {
        return bad("no weights (no children)".into());
    }
    for (j, &w) in weights.iter().enumerate() {
        if !w.is_finite() || w < 0.0 {
            return bad(format!(
                "weight {j} is {w}: weights must be finite and non-negative"
            ));
        }
    }
    let sum: f64 = weights.iter().sum();
    if !sum.is_finite() {
        return bad(format!(
            "the weights sum overflows f64 (largest weight {:e}): rescale them, only their ratios matter",
            weights.iter().fold(0.0f64, |m, &w| m.max(w))
        ));
    }
    if sum <= 0.0 {
        return bad(format!(
            "weights sum to {sum}, not a positive finite number"
        ));
    }
    Ok(weights.iter().map(|w| w / sum).collect())
}

/// Whether every flag is true: a branch-free AND over chunks of 64 bytes (vectorises; `iter().all` exits
/// early per element and runs at about one byte per cycle).
#[inline]
pub(crate) fn all_true(mask: &[bool]) -> bool {
    let mut chunks = mask.chunks_exact(64);
    for c in &mut chunks {
        if c.iter().fold(1u8, |a, &m| a & u8::from(m)) == 0 {
            return false;
        }
    }
    chunks.remainder().iter().all(|&m| m)
}

/// Whether every value is finite, branch-free over chunks of 8 (vectorises; no early exit per value).
#[inline]
pub(crate) fn all_finite(x: &[f64]) -> bool {
    const EXP: u64 = 0x7ff0_0000_0000_0000;
    // One exit test per 64 values (an exit test per 8 values halves the speed of the scan).
    let mut chunks = x.chunks_exact(64);
    for c in &mut chunks {
        let bad = c
            .iter()
            .fold(0u64, |b, &v| b | u64::from(v.to_bits() & EXP == EXP));
        if bad != 0 {
            return false;
        }
    }
    chunks.remainder().iter().all(|v| v.is_finite())
}

/// `(Σ x², min, max)` of a non-empty column. `Σ x²` uses 8 independent accumulators, lane `k` adding the
/// values `x[i]` with `i ≡ k (mod 8)` in order (the values after the last multiple of 8 go to lane 0), and
/// the lanes are summed in order; min and max (exact in any order) take 16 values per step through 4 lanes,
/// so their dependency chains advance once per 16 values and the accumulators stay in registers.
#[inline]
pub(crate) fn sumsq_min_max(x: &[f64]) -> (f64, f64, f64) {
    // Plain selects (one minpd/maxpd each); a NaN is caught through Σ x² by the callers.
    #[inline(always)]
    fn min(a: f64, b: f64) -> f64 {
        if a < b { a } else { b }
    }
    #[inline(always)]
    fn max(a: f64, b: f64) -> f64 {
        if a > b { a } else { b }
    }
    let mut ss = [0.0f64; 8];
    let mut lo = [f64::INFINITY; 4];
    let mut hi = [f64::NEG_INFINITY; 4];
    let mut chunks = x.chunks_exact(16);
    for c in &mut chunks {
        for k in 0..8 {
            ss[k] += c[k] * c[k];
        }
        for k in 0..8 {
            ss[k] += c[k + 8] * c[k + 8];
        }
        for k in 0..4 {
            let l = min(min(c[k], c[k + 4]), min(c[k + 8], c[k + 12]));
            let h = max(max(c[k], c[k + 4]), max(c[k + 8], c[k + 12]));
            lo[k] = min(l, lo[k]);
            hi[k] = max(h, hi[k]);
        }
    }
    let mut tail = chunks.remainder().chunks_exact(8);
    for c in &mut tail {
        for k in 0..8 {
            ss[k] += c[k] * c[k];
            lo[k % 4] = min(c[k], lo[k % 4]);
            hi[k % 4] = max(c[k], hi[k % 4]);
        }
    }
    for &v in tail.remainder() {
        ss[0] += v * v;
        lo[0] = lo[0].min(v);
        hi[0] = hi[0].max(v);
    }
    (
        ss.iter().sum(),
        lo.iter().copied().fold(f64::INFINITY, f64::min),
        hi.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    )
}
