//! [`normalise_aggregate_into`]: normalise the columns of a matrix and aggregate them, fused block by
//! block of rows (the engine of the pipeline's leaf groups, for a free-standing matrix).

use super::fused::MATRIX_BLOCK;
use crate::aggregate::{AggregationContext, Aggregator, MissingPolicy, all_true};
use crate::error::{CompositeError, Result};
use crate::normalise::{ColumnContext, Normaliser, PointMap};
use mfg_quality_indicators::Polarity;

/// Normalises every column of `data` and aggregates the normalised columns into one score per unit:
/// the same scores and presence flags as calling [`Normaliser::normalise_column_from`] on each column
/// (column `j` with `polarity[j]`) into a copy and then [`Aggregator::aggregate_into`] on the copy, bit
/// for bit, without the copy.
///
/// `data` is column-major (`n_rows` units × `polarity.len()` columns), `mask` the presence of each cell
/// (same length, or empty for "all present"); `weights`, `missing`, `ctx`, `scores` and `present` are
/// those of [`Aggregator::aggregate_into`] (`ctx.columns` also names the columns in normalisation
/// errors).
///
/// When the normaliser is point-wise ([`Normaliser::is_pointwise`], e.g. min-max) and the aggregator
/// row-wise ([`Aggregator::is_row_wise`], e.g. the weighted means), the columns' maps are computed first
/// (one pass over each column), then each block of rows is normalised into a small buffer that stays in
/// cache and aggregated at once: the data are read twice and the normalised matrix is never written to
/// memory. Blocks run in parallel with the `parallel` feature; results do not depend on the thread
/// count. Any other pair of methods normalises into a temporary copy first. On an error in a block the
/// call is redone unfused, so errors are exactly those of the unfused sequence.
///
/// # Errors
/// [`CompositeError::DimensionMismatch`] when `data`, `mask`, `scores` or `present` do not match
/// `n_rows × polarity.len()`; otherwise those of the normalisation and of the aggregation.
///
/// ```
/// use mfg_quality_composite::aggregate::{AggregationContext, Arithmetic, MissingPolicy};
/// use mfg_quality_composite::normalise::MinMax;
/// use mfg_quality_composite::pipeline::normalise_aggregate_into;
/// use mfg_quality_indicators::Polarity;
/// // Two units × two indicators, the second one "lower is better".
/// let data = [1.0, 3.0, /* second column */ 10.0, 20.0];
/// let (mut scores, mut present) = ([0.0; 2], [false; 2]);
/// normalise_aggregate_into(&MinMax::new(0.0, 100.0)?, &Arithmetic, &data, &[], 2,
///     &[Polarity::Positive, Polarity::Negative], &[0.5, 0.5], MissingPolicy::SkipAndReweight,
///     &AggregationContext::default(), &mut scores, &mut present)?;
/// assert_eq!(scores, [50.0, 50.0]); // (0 + 100) / 2 and (100 + 0) / 2
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[allow(clippy::too_many_arguments)] // the aggregation's arguments plus the normaliser's
pub fn normalise_aggregate_into<N, A>(
    normaliser: &N,
    aggregator: &A,
    data: &[f64],
    mask: &[bool],
    n_rows: usize,
    polarity: &[Polarity],
    weights: &[f64],
    missing: MissingPolicy,
    ctx: &AggregationContext,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()>
where
    N: Normaliser + ?Sized,
    A: Aggregator + ?Sized,
{
    let method = "normalise and aggregate";
    let n_cols = polarity.len();
    let expected = n_rows * n_cols;
    for (what, got) in [
        ("data", data.len()),
        (
            "mask",
            if mask.is_empty() {
                expected
            } else {
                mask.len()
            },
        ),
    ] {
        if got != expected {
            return Err(CompositeError::DimensionMismatch {
                method,
                what,
                expected,
                got,
            });
        }
    }
    for got in [scores.len(), present.len()] {
        if got != n_rows {
            return Err(CompositeError::DimensionMismatch {
                method,
                what: "output buffer",
                expected: n_rows,
                got,
            });
        }
    }
    let complete = mask.is_empty() || all_true(mask);
    let names: Vec<String> = (0..n_cols).map(|j| ctx.column(j)).collect();
    let col_ctx = |j: usize| ColumnContext {
        indicator: &names[j],
        period: ctx.period,
        units: &[],
        reference: None,
    };
    // A complete column is passed with an all-true mask (normalisers read an empty mask as "no
    // observed value").
    let all = if complete {
        vec![true; n_rows]
    } else {
        Vec::new()
    };
    let col_mask = |j: usize| -> &[bool] {
        if complete {
            &all
        } else {
            &mask[j * n_rows..(j + 1) * n_rows]
        }
    };
    let col = |j: usize| &data[j * n_rows..(j + 1) * n_rows];
    if n_rows > 0 && n_cols > 0 && normaliser.is_pointwise() && aggregator.is_row_wise() {
        let map_of = |j: usize| normaliser.point_map(col(j), col_mask(j), polarity[j], &col_ctx(j));
        #[cfg(feature = "parallel")]
        let maps: Vec<Option<PointMap>> = if expected >= crate::PARALLEL_MIN_CELLS {
            use rayon::prelude::*;
            (0..n_cols)
                .into_par_iter()
                .map(map_of)
                .collect::<Result<_>>()?
        } else {
            (0..n_cols).map(map_of).collect::<Result<_>>()?
        };
        #[cfg(not(feature = "parallel"))]
        let maps: Vec<Option<PointMap>> = (0..n_cols).map(map_of).collect::<Result<_>>()?;
        // Rows r0.. of the output (`s`, `p` are their slices): block by block, normalise into `block`,
        // aggregate the block.
        let rows = |r0: usize, s: &mut [f64], p: &mut [bool]| -> bool {
            let len = s.len();
            let bl = len.min(MATRIX_BLOCK);
            let mut block = vec![0.0; n_cols * bl];
            let mut block_m = vec![false; if complete { 0 } else { n_cols * bl }];
            for b in (0..len).step_by(MATRIX_BLOCK) {
                let e = (b + MATRIX_BLOCK).min(len);
                let m = e - b;
                let (lo, hi) = (r0 + b, r0 + e);
                for (j, map) in maps.iter().enumerate() {
                    let src = &col(j)[lo..hi];
                    let dst = &mut block[j * m..(j + 1) * m];
                    let src_m = if complete {
                        &[][..]
                    } else {
                        &col_mask(j)[lo..hi]
                    };
                    match map {
                        Some(map) => map.apply_slice(src, src_m, dst),
                        None => dst.copy_from_slice(src),
                    }
                    if !complete {
                        block_m[j * m..(j + 1) * m].copy_from_slice(src_m);
                    }
                }
                let bctx = AggregationContext {
                    units: ctx.units.get(lo..hi).unwrap_or(&[]),
                    ..*ctx
                };
                let bm = if complete {
                    &[][..]
                } else {
                    &block_m[..n_cols * m]
                };
                if aggregator
                    .aggregate_into(
                        &block[..n_cols * m],
                        bm,
                        m,
                        weights,
                        missing,
                        &bctx,
                        &mut s[b..e],
                        &mut p[b..e],
                    )
                    .is_err()
                {
                    return false;
                }
            }
            true
        };
        if by_rows(scores, present, rows) {
            return Ok(());
        }
    }
    // Unfused: normalise into a copy, then aggregate (also the exact error report of a failed block).
    let mut z = vec![0.0; expected];
    let mut zm = vec![false; expected];
    for j in 0..n_cols {
        normaliser.normalise_column_from(
            col(j),
            col_mask(j),
            &mut z[j * n_rows..(j + 1) * n_rows],
            &mut zm[j * n_rows..(j + 1) * n_rows],
            polarity[j],
            &col_ctx(j),
        )?;
    }
    let zmask = if complete { &[][..] } else { &zm[..] };
    aggregator.aggregate_into(&z, zmask, n_rows, weights, missing, ctx, scores, present)
}

/// `f(r0, scores, present)` on chunks of `FUSED_TASK_ROWS` rows, in parallel with the `parallel` feature
/// from two chunks' worth of rows (else once on everything); whether every call returned `true`.
fn by_rows(
    scores: &mut [f64],
    present: &mut [bool],
    f: impl Fn(usize, &mut [f64], &mut [bool]) -> bool + Sync,
) -> bool {
    #[cfg(feature = "parallel")]
    if scores.len() >= 2 * super::fused::FUSED_TASK_ROWS {
        use super::fused::FUSED_TASK_ROWS;
        use rayon::prelude::*;
        return scores
            .par_chunks_mut(FUSED_TASK_ROWS)
            .zip(present.par_chunks_mut(FUSED_TASK_ROWS))
            .enumerate()
            .map(|(t, (s, p))| f(t * FUSED_TASK_ROWS, s, p))
            .reduce(|| true, |a, b| a & b);
    }
    f(0, scores, present)
}
