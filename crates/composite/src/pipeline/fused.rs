//! The fast row-block engine: leaf groups normalised and aggregated block by block of rows
//! ([`fused_group`], [`FUSED_BLOCK`]), the upper groups together ([`fused_upper`]), and the row-chunk
//! driver of both ([`by_row_chunks`]).

use super::*;
use crate::aggregate::Aggregator;
use crate::normalise::Normaliser;

/// `f(r0, cols, masks)` on every chunk of [`FUSED_TASK_ROWS`] rows of the equally long columns `cols` and
/// `masks` (their slices of rows `r0..`), in parallel with the `parallel` feature from two chunks' worth
/// of rows, else once on the whole columns; whether every call returned `true`.
pub(super) fn by_row_chunks<'a>(
    cols: Vec<&'a mut [f64]>,
    masks: Vec<&'a mut [bool]>,
    f: impl Fn(usize, Vec<&mut [f64]>, Vec<&mut [bool]>) -> bool + Sync,
) -> bool {
    #[cfg(feature = "parallel")]
    if let Some(len) = cols
        .first()
        .map(|c| c.len())
        .filter(|&l| l >= 2 * FUSED_TASK_ROWS)
    {
        use rayon::prelude::*;
        let mut col_chunks: Vec<_> = cols
            .into_iter()
            .map(|c| c.chunks_mut(FUSED_TASK_ROWS))
            .collect();
        let mut mask_chunks: Vec<_> = masks
            .into_iter()
            .map(|c| c.chunks_mut(FUSED_TASK_ROWS))
            .collect();
        let tasks: Vec<(usize, Vec<_>, Vec<_>)> = (0..len.div_ceil(FUSED_TASK_ROWS))
            .map(|t| {
                (
                    t * FUSED_TASK_ROWS,
                    col_chunks.iter_mut().filter_map(Iterator::next).collect(),
                    mask_chunks.iter_mut().filter_map(Iterator::next).collect(),
                )
            })
            .collect();
        return tasks
            .into_par_iter()
            .map(|(r0, c, m)| f(r0, c, m))
            .reduce(|| true, |a, b| a & b);
    }
    f(0, cols, masks)
}

/// The upper groups `upper` (in post-order; every one a weighted mean under weights that do not depend
/// on the data) of one period, computed together block by block of rows: for each block, each group's
/// children are copied from their columns of `vals`/`mask` (the period's `nodes × units` block of the
/// result buffers) into a small block and aggregated into the group's column, so that a group's own
/// score is still in cache when its parent reads it and no column is gathered whole. Row chunks run in
/// parallel. The values are those of the sequential pass bit for bit (a weighted mean of a row depends on
/// that row only). Returns each group's children's weights; an error in a block is reported as an
/// `Inconsistent` placeholder (the caller then redoes the groups sequentially, which names it).
#[allow(clippy::too_many_arguments)]
pub(super) fn fused_upper(
    framework: &Framework,
    plans: &[Plan],
    upper: &[usize],
    vals: &mut [f64],
    mask: &mut [bool],
    nu: usize,
    complete: bool,
    missing: MissingPolicy,
    period: Period,
) -> Result<Vec<Vec<f64>>> {
    let node_id = |g: usize| framework.node(plans[g].node).id.as_str();
    let ws: Vec<Vec<f64>> = upper
        .iter()
        .map(|&g| child_weights(&plans[g], &[], &[], nu, node_id(g)))
        .collect::<Result<_>>()?;
    let ctxs: Vec<AggregationContext> = upper
        .iter()
        .map(|&g| AggregationContext {
            node: node_id(g),
            units: &[],
            columns: &plans[g].columns,
            period,
        })
        .collect();
    let max_n = upper
        .iter()
        .map(|&g| plans[g].children.len())
        .max()
        .unwrap_or(0);
    // Rows of one chunk: `cols[slot]`/`masks[slot]` are every node's slice of those rows.
    let rows = |mut cols: Vec<&mut [f64]>, mut masks: Vec<&mut [bool]>| -> bool {
        let len = cols.first().map_or(0, |c| c.len());
        let bl = len.min(FUSED_BLOCK);
        let mut block = vec![0.0; max_n * bl];
        let mut block_m = vec![false; if complete { 0 } else { max_n * bl }];
        for b in (0..len).step_by(FUSED_BLOCK) {
            let e = (b + FUSED_BLOCK).min(len);
            let m = e - b;
            for (i, &g) in upper.iter().enumerate() {
                let plan = &plans[g];
                let n = plan.children.len();
                for (j, &cs) in plan.child_slots.iter().enumerate() {
                    block[j * m..(j + 1) * m].copy_from_slice(&cols[cs][b..e]);
                    if !complete {
                        block_m[j * m..(j + 1) * m].copy_from_slice(&masks[cs][b..e]);
                    }
                }
                let block_mask = if complete { &[][..] } else { &block_m[..n * m] };
                let out = &mut cols[plan.slot][b..e];
                let out_m = &mut masks[plan.slot][b..e];
                if plan
                    .aggregation
                    .aggregate_into(
                        &block[..n * m],
                        block_mask,
                        m,
                        &ws[i],
                        missing,
                        &ctxs[i],
                        out,
                        out_m,
                    )
                    .is_err()
                {
                    return false;
                }
            }
        }
        true
    };
    let cols: Vec<&mut [f64]> = vals.chunks_mut(nu).collect();
    let masks: Vec<&mut [bool]> = mask.chunks_mut(nu).collect();
    let ok = by_row_chunks(cols, masks, |_, c, m| rows(c, m));
    if ok {
        Ok(ws)
    } else {
        Err(CompositeError::Inconsistent {
            what: "fused aggregation",
            reason: "an upper group failed on a block (the sequential pass reports why)".into(),
        })
    }
}

/// Rows per block of [`fused_group`] (the block's normalised children, ≤ 8 · 2048 · n bytes, stay in L1/L2
/// while they are aggregated).
pub(super) const FUSED_BLOCK: usize = 2048;
/// Rows per block of [`super::normalise_aggregate_into`] (as [`FUSED_BLOCK`]: the block's normalised
/// columns, 8 · 2048 · n bytes, stay in L2/L3 while they are aggregated; 512 measured no faster).
pub(super) const MATRIX_BLOCK: usize = 2048;
/// Rows per parallel task of [`fused_group`] (from two tasks' worth of units).
#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
pub(super) const FUSED_TASK_ROWS: usize = 16 * FUSED_BLOCK;

/// A leaf group of a [`Fusion`] in period `p`: computes its children's maps (one pass over their columns,
/// which then stay in cache), then block by block of rows normalises the children from the panel into
/// their slots `leaf`/`leaf_m` (n columns of `out.len()` units) and into a small column-major block, and
/// aggregates that block into `out`/`out_m`. The values are those of normalising every column and then
/// aggregating (the maps are the normalisation's, and a weighted mean of a row depends on that row
/// only). On an error the caller reruns the pipeline unfused, which reports it exactly as it would have.
#[allow(clippy::too_many_arguments)]
pub(super) fn fused_group(
    plan: &Plan,
    p: usize,
    normaliser: &ColumnStage,
    leaf: &mut [f64],
    leaf_m: &mut [bool],
    out: &mut [f64],
    out_m: &mut [bool],
    cx: &NodeContext,
) -> Result<Vec<f64>> {
    let nu = out.len();
    let n = plan.children.len();
    let first = plan.run.unwrap_or(0);
    let data = normaliser.data;
    let w = child_weights(plan, &[], &[], nu, cx.node)?;
    // A column without an observed value has no map: its values are copied, as `normalise_column` leaves
    // them.
    let map_of = |k: usize| {
        normaliser.method(k).point_map(
            data.column(k, p),
            data.column_mask(k, p),
            normaliser.polarity[k],
            &normaliser.context(p, k),
        )
    };
    // The columns' ranges in parallel from 2^15 cells (below, rayon's overhead outweighs the work).
    #[cfg(feature = "parallel")]
    let maps: Vec<Option<PointMap>> = if n * nu >= 1 << 15 {
        use rayon::prelude::*;
        (first..first + n)
            .into_par_iter()
            .map(map_of)
            .collect::<Result<_>>()?
    } else {
        (first..first + n).map(map_of).collect::<Result<_>>()?
    };
    #[cfg(not(feature = "parallel"))]
    let maps: Vec<Option<PointMap>> = (first..first + n).map(map_of).collect::<Result<_>>()?;
    let ctx = AggregationContext {
        node: cx.node,
        units: &[],
        columns: &plan.columns,
        period: cx.period,
    };
    // Rows `r0..r0 + len` of the group: `cols[j]`/`masks[j]` are child j's slice of those rows, `cols[n]`/
    // `masks[n]` the group's.
    let rows = |r0: usize, mut cols: Vec<&mut [f64]>, mut masks: Vec<&mut [bool]>| -> bool {
        let len = cols[n].len();
        let bl = len.min(FUSED_BLOCK);
        let mut block = vec![0.0; n * bl];
        let mut block_m = vec![false; if cx.complete { 0 } else { n * bl }];
        for b in (0..len).step_by(FUSED_BLOCK) {
            let e = (b + FUSED_BLOCK).min(len);
            let m = e - b;
            for j in 0..n {
                let k = first + j;
                let (src, src_m) = (data.column(k, p), data.column_mask(k, p));
                let (src, src_m) = (&src[r0 + b..r0 + e], &src_m[r0 + b..r0 + e]);
                let dst = &mut block[j * m..(j + 1) * m];
                match maps[j] {
                    Some(map) => map.apply_slice(src, if cx.complete { &[] } else { src_m }, dst),
                    None => dst.copy_from_slice(src),
                }
                cols[j][b..e].copy_from_slice(dst);
                masks[j][b..e].copy_from_slice(src_m);
                if !cx.complete {
                    block_m[j * m..(j + 1) * m].copy_from_slice(src_m);
                }
            }
            let mask = if cx.complete {
                &[][..]
            } else {
                &block_m[..n * m]
            };
            if plan
                .aggregation
                .aggregate_into(
                    &block[..n * m],
                    mask,
                    m,
                    &w,
                    cx.missing,
                    &ctx,
                    &mut cols[n][b..e],
                    &mut masks[n][b..e],
                )
                .is_err()
            {
                return false;
            }
        }
        true
    };
    let mut cols: Vec<&mut [f64]> = leaf.chunks_mut(nu).collect();
    let mut masks: Vec<&mut [bool]> = leaf_m.chunks_mut(nu).collect();
    cols.push(out);
    masks.push(out_m);
    let ok = by_row_chunks(cols, masks, rows);
    if ok {
        Ok(w)
    } else {
        Err(CompositeError::Inconsistent {
            what: "fused aggregation",
            reason: format!(
                "node `{}`: a block failed (the unfused run reports why)",
                cx.node
            ),
        })
    }
}
