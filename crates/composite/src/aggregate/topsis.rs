//! TOPSIS, the Technique for Order Preference by Similarity to Ideal Solution (Hwang & Yoon 1981,
//! *Multiple Attribute Decision Making: Methods and Applications*, Springer, ch. 3.3.2; Tzeng & Huang 2011,
//! ch. 5).
//!
//! 1. Normalise each column: **vector** `rᵢⱼ = xᵢⱼ / √(Σᵢ xᵢⱼ²)` (Hwang & Yoon's), **min-max**
//!    `rᵢⱼ = (xᵢⱼ − minⱼ) / (maxⱼ − minⱼ)`, or **none** `rᵢⱼ = xᵢⱼ` (criteria already on one scale).
//! 2. Weight: `vᵢⱼ = wⱼ rᵢⱼ`.
//! 3. Ideal `v⁺ⱼ = maxᵢ vᵢⱼ` and anti-ideal `v⁻ⱼ = minᵢ vᵢⱼ` for a benefit criterion (reversed for a cost
//!    criterion).
//! 4. Euclidean distances `d⁺ᵢ = √(Σⱼ (vᵢⱼ − v⁺ⱼ)²)`, `d⁻ᵢ = √(Σⱼ (vᵢⱼ − v⁻ⱼ)²)`.
//! 5. Relative closeness `Cᵢ = d⁻ᵢ / (d⁺ᵢ + d⁻ᵢ)` in [0, 1], higher is better.
//!
//! [`topsis`] also returns the ideal and anti-ideal points `v⁺`, `v⁻`. With no normalisation and all
//! benefit criteria it computes what pymcdm 1.4's `TOPSIS(lambda x, cost=False: x)` returns.
//!
//! Documented degenerate cases: a column whose norm (vector) or range (min-max, none) is 0 does not
//! discriminate and adds 0 to both distances; a unit with `d⁺ + d⁻ = 0` (every column constant) gets `C = ½`.
//! In the pipeline every child is "higher is better" after normalisation, so [`crate::aggregate::Aggregation::Topsis`]
//! treats all columns as benefits; [`topsis`] offers per-column [`CriterionType`]s for standalone use.
//! With missing cells (skip policy), a column's norm, minimum and maximum use its present values and each
//! unit's distances use its present columns; re-normalising the unit's weights would scale `d⁺` and `d⁻`
//! by the same factor, so `C` is unchanged by it.
//!
//! Cost: two passes over the column-major data (`n·m` cells), the second from cache (columns in groups of 8,
//! rows in blocks of 512, 4 columns added per sweep of a block), and no allocation per cell; the `mcda`
//! benchmark (`cargo bench --bench mcda -- topsis`) times it beside one summing pass over the same data, and
//! the README reports the figures. With the `parallel` feature, complete
//! inputs of 2¹⁶ rows or more split the column statistics by columns and the distances by rows over rayon's
//! threads; each row's sum still runs over the columns in order, so the results do not depend on the thread
//! count.

use serde::{Deserialize, Serialize};

use super::{AggregationContext, Input, MissingPolicy};
use crate::Result;

/// Column normalisation used by TOPSIS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TopsisNormalisation {
    /// `x / ‖x‖₂` (Hwang & Yoon 1981). The default.
    #[default]
    Vector,
    /// `(x − min) / (max − min)`.
    MinMax,
    /// No normalisation: `vᵢⱼ = wⱼ xᵢⱼ` on the raw values (for criteria already on a common scale, e.g.
    /// the pipeline's normalised children). Serde and key name `none`.
    None,
}

impl TopsisNormalisation {
    /// `vector`, `min_max` or `none`.
    pub fn name(self) -> &'static str {
        match self {
            TopsisNormalisation::Vector => "vector",
            TopsisNormalisation::MinMax => "min_max",
            TopsisNormalisation::None => "none",
        }
    }
}

/// Whether higher (benefit) or lower (cost) values of a criterion are better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CriterionType {
    /// Higher is better (the default).
    #[default]
    Benefit,
    /// Lower is better.
    Cost,
}

/// TOPSIS outputs per unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopsisResult {
    /// Relative closeness `C = d⁻ / (d⁺ + d⁻)` (higher is better).
    pub closeness: Vec<f64>,
    /// Distance to the ideal point `d⁺`.
    pub d_plus: Vec<f64>,
    /// Distance to the anti-ideal point `d⁻`.
    pub d_minus: Vec<f64>,
    /// The ideal point `v⁺ⱼ` per criterion, in weighted-normalised units (`maxᵢ vᵢⱼ` for a benefit,
    /// `minᵢ vᵢⱼ` for a cost); 0 for a column skipped as non-discriminating (zero norm under vector, zero
    /// range under min-max, weight 0). Absent from older serialised results (then empty).
    #[serde(default)]
    pub ideal: Vec<f64>,
    /// The anti-ideal point `v⁻ⱼ` per criterion (`minᵢ vᵢⱼ` for a benefit, `maxᵢ vᵢⱼ` for a cost); 0 for a
    /// column skipped as non-discriminating. Absent from older serialised results (then empty).
    #[serde(default)]
    pub anti_ideal: Vec<f64>,
}

/// TOPSIS on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit). Weights are normalised to sum 1 (module docs for the
/// steps and references).
///
/// ```
/// use mfg_quality_composite::aggregate::{topsis, TopsisNormalisation};
/// // Tzeng & Huang (2011): 4 alternatives × 3 benefit criteria, weights 0.3, 0.4, 0.3.
/// let data = [5.0, 7.0, 8.0, 7.0, 8.0, 6.0, 8.0, 4.0, 4.0, 8.0, 6.0, 6.0];
/// let r = topsis(&data, 4, &[0.3, 0.4, 0.3], TopsisNormalisation::Vector, &[])?;
/// assert!((r.closeness[2] - 0.7482).abs() < 1e-4);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn topsis(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    normalisation: TopsisNormalisation,
    types: &[CriterionType],
) -> Result<TopsisResult> {
    let ctx = AggregationContext::default();
    let input = Input::with_check(
        "topsis",
        data,
        &[],
        n_rows,
        weights,
        MissingPolicy::Error,
        &ctx,
        false,
    )?;
    input.check_criterion_types(types)?;
    let mut dp = vec![0.0; n_rows];
    let mut dn = vec![0.0; n_rows];
    let mut points = vec![(0.0, 0.0); input.n_cols];
    distances(
        &input,
        normalisation,
        types,
        &mut dp,
        &mut dn,
        Finish::Sqrt,
        Some(&mut points),
    )?;
    let closeness = dp
        .iter()
        .zip(&dn)
        .map(|(&p, &q)| closeness_of(p, q))
        .collect();
    Ok(TopsisResult {
        closeness,
        d_plus: dp,
        d_minus: dn,
        ideal: points.iter().map(|p| p.0).collect(),
        anti_ideal: points.iter().map(|p| p.1).collect(),
    })
}

#[inline]
fn closeness_of(dp: f64, dn: f64) -> f64 {
    let t = dp + dn;
    if t > 0.0 { dn / t } else { 0.5 }
}

/// Rows per block in the distance pass (the block's `d⁺²`, `d⁻²` accumulators stay in L1).
const ROW_BLOCK: usize = 512;
/// Columns handled together (their data, 8 × n × 8 bytes, stays in L2 between the two passes).
const COL_GROUP: usize = 8;
/// Columns added per sweep of a row block: the accumulators are loaded and stored once per sweep.
const SWEEP: usize = 4;

/// Weighted-normalised column `j`: `v = scale · (x − off)`, ideal `best`, anti-ideal `worst`.
#[derive(Clone, Copy)]
struct ColumnMap {
    j: usize,
    scale: f64,
    off: f64,
    best: f64,
    worst: f64,
}

/// The map of column `j`, or `None` if it does not discriminate (no present value, zero norm or range).
/// For complete input this pass also checks that the column's values are finite.
fn column_map(
    input: &Input,
    j: usize,
    norm: TopsisNormalisation,
    types: &[CriterionType],
) -> Result<Option<ColumnMap>> {
    let col = input.col(j);
    let (norm2, lo, hi) = match input.col_mask(j) {
        None => {
            if col.is_empty() {
                return Ok(None);
            }
            let (ss, lo, hi) = super::sumsq_min_max(col);
            if ss.is_finite() {
                // A NaN or ±Inf would have made Σ x² non-finite: every value is finite.
                (ss.sqrt(), lo, hi)
            } else {
                if let Some(i) = col.iter().position(|v| !v.is_finite()) {
                    return Err(input.invalid(i, j, "values must be finite"));
                }
                // Σ x² overflowed on huge finite values: scale by the largest magnitude.
                let big = lo.abs().max(hi.abs());
                let s: f64 = col.iter().map(|x| (x / big) * (x / big)).sum();
                (big * s.sqrt(), lo, hi)
            }
        }
        Some(m) => {
            let (mut ss, mut lo, mut hi, mut any) = (0.0, f64::INFINITY, f64::NEG_INFINITY, false);
            for (&x, &p) in col.iter().zip(m) {
                if p {
                    ss += x * x;
                    lo = lo.min(x);
                    hi = hi.max(x);
                    any = true;
                }
            }
            if !any {
                return Ok(None);
            }
            (ss.sqrt(), lo, hi)
        }
    };
    let w = input.weights[j];
    let (scale, off) = match norm {
        TopsisNormalisation::Vector => (if norm2 > 0.0 { w / norm2 } else { 0.0 }, 0.0),
        TopsisNormalisation::MinMax => (if hi > lo { w / (hi - lo) } else { 0.0 }, lo),
        TopsisNormalisation::None => (w, 0.0),
    };
    if scale == 0.0 || !scale.is_finite() {
        return Ok(None);
    }
    let (best, worst) = match types.get(j).copied().unwrap_or_default() {
        CriterionType::Benefit => (scale * (hi - off), scale * (lo - off)),
        CriterionType::Cost => (scale * (lo - off), scale * (hi - off)),
    };
    if !(best.is_finite() && worst.is_finite()) {
        return Ok(None); // range overflow (values near ±f64::MAX): treated as non-discriminating
    }
    Ok(Some(ColumnMap {
        j,
        scale,
        off,
        best,
        worst,
    }))
}

/// What [`distances`] leaves in its two buffers once every column is added.
#[derive(Clone, Copy)]
enum Finish {
    /// `d⁺` and `d⁻` (the square roots of the sums).
    Sqrt,
    /// The closeness `C` in the first buffer (the pipeline's score), scratch in the second.
    Closeness,
}

/// Applies `finish` to a block of squared distances.
#[inline]
fn finish_block(p: &mut [f64], q: &mut [f64], finish: Finish) {
    match finish {
        Finish::Sqrt => p.iter_mut().zip(q.iter_mut()).for_each(|(p, q)| {
            *p = p.sqrt();
            *q = q.sqrt();
        }),
        Finish::Closeness => p
            .iter_mut()
            .zip(q.iter())
            .for_each(|(p, &q)| *p = closeness_of(p.sqrt(), q.sqrt())),
    }
}

/// Adds `K` columns to the squared distances of the rows `r .. r + p.len()` in one sweep (each row's
/// terms in the order of `maps`): `v − v⁺ = scale·x − (scale·off + v⁺)`, one multiply per value, then
/// two shifted squares.
#[inline(always)]
fn sweep<const K: usize>(
    input: &Input,
    maps: [ColumnMap; K],
    r: usize,
    p: &mut [f64],
    q: &mut [f64],
) {
    let len = p.len();
    let q = &mut q[..len];
    let cols = maps.map(|c| &input.col(c.j)[r..r + len]);
    let s = maps.map(|c| c.scale);
    let cb = maps.map(|c| c.scale * c.off + c.best);
    let cw = maps.map(|c| c.scale * c.off + c.worst);
    for i in 0..len {
        let (mut a, mut b) = (p[i], q[i]);
        for k in 0..K {
            let t = s[k] * cols[k][i];
            let u = t - cb[k];
            let v = t - cw[k];
            a += u * u;
            b += v * v;
        }
        p[i] = a;
        q[i] = b;
    }
}

/// Adds the columns of `maps` (in their order) to the squared distances of the rows `r .. r + p.len()`
/// of complete input, [`SWEEP`] columns per sweep.
fn accumulate(input: &Input, maps: &[ColumnMap], r: usize, p: &mut [f64], q: &mut [f64]) {
    for group in maps.chunks(SWEEP) {
        match *group {
            [a, b, c, d] => sweep(input, [a, b, c, d], r, p, q),
            [a, b, c] => sweep(input, [a, b, c], r, p, q),
            [a, b] => sweep(input, [a, b], r, p, q),
            [a] => sweep(input, [a], r, p, q),
            _ => {}
        }
    }
}

/// Squared distances to the ideal (`dp`) and anti-ideal (`dn`) points, then `finish`; with `points`,
/// also writes each discriminating column's `(v⁺ⱼ, v⁻ⱼ)` there.
///
/// Complete input: columns in groups of [`COL_GROUP`]; for each group a first pass computes the column
/// maps (and checks finiteness), a second pass accumulates the distances block by block of [`ROW_BLOCK`]
/// rows, [`SWEEP`] columns per sweep, so the data is read once from memory and the accumulators stay in
/// L1. Each row's sum runs over the columns in order, whatever the blocking.
fn distances(
    input: &Input,
    norm: TopsisNormalisation,
    types: &[CriterionType],
    dp: &mut [f64],
    dn: &mut [f64],
    finish: Finish,
    mut points: Option<&mut [(f64, f64)]>,
) -> Result<()> {
    let n = input.n_rows;
    let mut record = |c: &ColumnMap| {
        if let Some(p) = points.as_deref_mut() {
            p[c.j] = (c.best, c.worst);
        }
    };
    if input.mask.is_some() {
        for j in 0..input.n_cols {
            let Some(c) = column_map(input, j, norm, types)? else {
                continue;
            };
            record(&c);
            let col = input.col(c.j);
            let m = input.col_mask(c.j).unwrap_or(&[]);
            for (((&x, &present), p), q) in col.iter().zip(m).zip(dp.iter_mut()).zip(dn.iter_mut())
            {
                if present {
                    let v = c.scale * (x - c.off);
                    let a = v - c.best;
                    let b = v - c.worst;
                    *p += a * a;
                    *q += b * b;
                }
            }
        }
        finish_block(dp, dn, finish);
        return Ok(());
    }
    #[cfg(feature = "parallel")]
    if n >= PARALLEL_MIN_ROWS && rayon::current_num_threads() > 1 {
        let maps = complete_parallel(input, norm, types, dp, dn, finish)?;
        maps.iter().for_each(&mut record);
        return Ok(());
    }
    let mut maps: Vec<ColumnMap> = Vec::with_capacity(COL_GROUP);
    for g in (0..input.n_cols).step_by(COL_GROUP) {
        let g_end = (g + COL_GROUP).min(input.n_cols);
        maps.clear();
        for j in g..g_end {
            if let Some(map) = column_map(input, j, norm, types)? {
                record(&map);
                maps.push(map);
            }
        }
        let last = g_end == input.n_cols;
        for r in (0..n).step_by(ROW_BLOCK) {
            let end = (r + ROW_BLOCK).min(n);
            let (p_blk, n_blk) = (&mut dp[r..end], &mut dn[r..end]);
            accumulate(input, &maps, r, p_blk, n_blk);
            if last {
                finish_block(p_blk, n_blk, finish);
            }
        }
    }
    Ok(())
}

/// With the `parallel` feature, complete inputs of at least this many rows run on rayon's threads (as the
/// weighted means do). Not lower: at 10 000 × 50 two threads gain little on an idle machine and lose when
/// another process keeps the cores busy, as a stolen task waits for its preempted thread (measured with the
/// `mcda` benchmark).
#[cfg(feature = "parallel")]
const PARALLEL_MIN_ROWS: usize = 1 << 16;

/// [`distances`] of complete input on rayon's threads: the column maps column by column (each as in the
/// sequential pass), then the distances by chunks of rows (each row's sum over the columns in order), so
/// the results are those of the sequential pass bit for bit, at any thread count.
#[cfg(feature = "parallel")]
fn complete_parallel(
    input: &Input,
    norm: TopsisNormalisation,
    types: &[CriterionType],
    dp: &mut [f64],
    dn: &mut [f64],
    finish: Finish,
) -> Result<Vec<ColumnMap>> {
    use rayon::prelude::*;
    let found: Vec<Result<Option<ColumnMap>>> = (0..input.n_cols)
        .into_par_iter()
        .map(|j| column_map(input, j, norm, types))
        .collect();
    let mut maps = Vec::with_capacity(input.n_cols);
    for m in found {
        // The first error in column order, as in the sequential pass.
        maps.extend(m?);
    }
    dp.par_chunks_mut(PAR_ROWS)
        .zip(dn.par_chunks_mut(PAR_ROWS))
        .enumerate()
        .for_each(|(c, (p, q))| {
            for (b, (p_blk, n_blk)) in p
                .chunks_mut(ROW_BLOCK)
                .zip(q.chunks_mut(ROW_BLOCK))
                .enumerate()
            {
                accumulate(input, &maps, c * PAR_ROWS + b * ROW_BLOCK, p_blk, n_blk);
                finish_block(p_blk, n_blk, finish);
            }
        });
    Ok(maps)
}

/// Rows per parallel task of the distance pass.
#[cfg(feature = "parallel")]
const PAR_ROWS: usize = 1024;

/// Closeness of every unit, all columns benefits (the pipeline's aggregation).
pub(crate) fn topsis_scores(
    input: &Input,
    norm: TopsisNormalisation,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    if input.mask.is_none() {
        present.iter_mut().for_each(|p| *p = true);
    } else {
        let _ = input.present_weight(present);
    }
    let mut dn = vec![0.0; input.n_rows];
    scores.iter_mut().for_each(|s| *s = 0.0);
    distances(input, norm, &[], scores, &mut dn, Finish::Closeness, None)?;
    if input.mask.is_some() {
        for (s, &p) in scores.iter_mut().zip(present.iter()) {
            if !p {
                *s = 0.0;
            }
        }
    }
    Ok(())
}

/// TOPSIS relative closeness (Hwang & Yoon 1981) as an aggregation type, every child a benefit criterion:
/// `Cᵢ = d⁻ᵢ / (d⁺ᵢ + d⁻ᵢ)` with the weighted Euclidean distances to the ideal and anti-ideal points after
/// the column normalisation (formula in the module docs). No parameter can be invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Topsis {
    normalisation: TopsisNormalisation,
}

impl Topsis {
    /// TOPSIS with the column normalisation `normalisation`.
    pub fn new(normalisation: TopsisNormalisation) -> Topsis {
        Topsis { normalisation }
    }

    /// The column normalisation.
    pub fn normalisation(&self) -> TopsisNormalisation {
        self.normalisation
    }
}

super::plan::builtin_aggregator!(Topsis, "topsis",
    super::plan::Checks { check_complete: false, verifies_complete_output: false },
    monotone: false, row_wise: false,
    |m, input, scores, present| topsis_scores(input, m.normalisation, scores, present));
