//! Demeaning by alternating projections with Irons–Tuck acceleration (the method of fixest).
//!
//! For fixed effects `D = [D₁ … D_Q]` and weights `W`, the within transformation of a column `x` is the
//! residual of its weighted projection on the span of `D`, `x̃ = x − D(D′WD)⁻D′Wx`. One projection on a single
//! factor `q` subtracts the weighted level means, `P_q x = D_q (D_q′WD_q)⁻¹ D_q′W x`, computed as a scatter-add
//! of `wᵢxᵢ` into the level sums, a division by the level weights and a subtraction, in place. A sweep is
//! `T = (I − P_Q)…(I − P₁)`; the method of alternating projections (von Neumann–Halperin) iterates
//! `x ← T x`, which converges to `x̃`. With one factor a single sweep is exact.
//!
//! Irons & Tuck (1969) acceleration, as in fixest (Bergé 2018): from `x`, `T x`, `T² x` take
//! `δ₁ = T²x − Tx`, `δ₂ = T²x − 2Tx + x` and jump to `T²x − (δ₁·δ₂ / δ₂·δ₂) δ₁`, an affine combination of the
//! iterates (so it stays in `x + span(D)`).
//!
//! With several factors the iteration is carried out, as in fixest, on the fixed-effect coefficients rather
//! than on the observations: `T x = x − Σ_q D_q α_q` where one sweep updates, for `q = 1…Q`,
//! `α_q = (D_q′WD_q)⁻¹ (D_q′W x − D_q′W Σ_{r≠q} D_r α_r)`. The state accelerated by Irons–Tuck is
//! `(α_2 … α_Q)` (each sweep recomputes `α_1` from it), per column; all columns share each pass over the
//! observations. With two factors, once the iteration has not stopped after a few accelerated steps, the
//! passes run over the factors' cross-tabulation (the non-empty level pairs with their weights) instead of
//! the observations. Iteration stops when a sweep moves no coefficient of a column by more than
//! `tolerance · max(1, maxᵢ|xᵢ|) / Q`, so that no element of `T x` moves by more than
//! `tolerance · max(1, maxᵢ|xᵢ|)`.

use std::cmp::max;

use crate::{EconError, Factor};

/// Settings of the demeaning iterations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemeanOptions {
    tolerance: f64,
    max_iterations: usize,
}

impl Default for DemeanOptions {
    /// Tolerance `1e-12` (relative to the column's largest magnitude), at most 10 000 accelerated iterations.
    fn default() -> Self {
        Self {
            tolerance: 1e-12,
            max_iterations: 10_000,
        }
    }
}

impl DemeanOptions {
    /// Validates `0 < tolerance < 1` and `max_iterations ≥ 1`.
    ///
    /// # Errors
    /// [`EconError::InvalidParameter`].
    pub fn new(tolerance: f64, max_iterations: usize) -> Result<Self, EconError> {
        if !(tolerance > 0.0 && tolerance < 1.0) {
            return Err(EconError::InvalidParameter {
                parameter: "tolerance",
                value: tolerance,
                reason: "must lie in (0, 1)",
            });
        }
        if max_iterations == 0 {
            return Err(EconError::InvalidParameter {
                parameter: "max_iterations",
                value: 0.0,
                reason: "must be ≥ 1",
            });
        }
        Ok(Self {
            tolerance,
            max_iterations,
        })
    }

    /// The relative tolerance.
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// The iteration limit.
    pub fn max_iterations(&self) -> usize {
        self.max_iterations
    }
}

/// With two fixed effects, the accelerated iteration at which the sweeps switch from passes over the
/// observations to passes over the factors' cross-tabulation (building it costs about three passes).
const CROSS_TAB_AFTER: usize = 4;

/// Per-thread accumulators of a pass over the observations (reused across passes).
struct PassBuffers {
    n: usize,
    chunks: Vec<std::ops::Range<usize>>,
    bufs: Vec<Vec<f64>>,
    total: Vec<f64>,
}

impl PassBuffers {
    fn new(n: usize, max_len: usize) -> Self {
        // The split depends on the sizes only (never on the thread count), and the chunk sums are added in
        // chunk order, so results are identical at any thread count and without the `parallel` feature.
        // At most 8 chunks of at least 2¹⁷ observations, and extra accumulators of at most
        // max(n, 2²⁰) values in all.
        let by_memory = 1 + max(n, 1 << 20) / max_len.max(1);
        let parts = n.div_ceil(1 << 17).min(8).min(by_memory).max(1);
        let size = n.div_ceil(parts);
        let chunks: Vec<_> = (0..parts)
            .map(|k| k * size..((k + 1) * size).min(n))
            .collect();
        Self {
            n,
            bufs: vec![vec![0.0; max_len]; chunks.len().saturating_sub(1)],
            chunks,
            total: vec![0.0; max_len],
        }
    }

    /// Runs `f(acc, range)` over the chunks (in parallel) into zeroed accumulators of length `len` and
    /// returns their sum.
    fn pass(
        &mut self,
        len: usize,
        f: impl Fn(&mut [f64], std::ops::Range<usize>) + Sync,
    ) -> &[f64] {
        debug_assert!(self.chunks.last().is_none_or(|r| r.end == self.n));
        let total = &mut self.total[..len];
        total.fill(0.0);
        if self.chunks.len() == 1 {
            f(total, self.chunks[0].clone());
            return &self.total[..len];
        }
        for b in &mut self.bufs {
            b[..len].fill(0.0);
        }
        #[cfg(feature = "parallel")]
        {
            let (first, rest) = self.chunks.split_first().expect("at least one chunk");
            let bufs = &mut self.bufs;
            rayon::scope(|sc| {
                for (b, r) in bufs.iter_mut().zip(rest) {
                    let f = &f;
                    sc.spawn(move |_| f(&mut b[..len], r.clone()));
                }
                f(total, first.clone());
            });
        }
        #[cfg(not(feature = "parallel"))]
        {
            let (first, rest) = self.chunks.split_first().expect("at least one chunk");
            f(total, first.clone());
            for (b, r) in self.bufs.iter_mut().zip(rest) {
                f(&mut b[..len], r.clone());
            }
        }
        for b in &self.bufs {
            for (t, v) in self.total[..len].iter_mut().zip(&b[..len]) {
                *t += v;
            }
        }
        &self.total[..len]
    }
}

/// The cross-tabulation of two factors in compressed rows: for each level `a` of the factor with more
/// levels (`rows_factor`), the levels `b` of the other that occur with it and `Σ wᵢ` over those observations.
struct CrossTab {
    rows_factor: usize,
    ptr: Vec<usize>,
    col: Vec<u32>,
    val: Vec<f64>,
}

impl CrossTab {
    fn new(factors: &[Factor], weights: Option<&[f64]>) -> Self {
        let rows_factor = usize::from(factors[1].levels() > factors[0].levels());
        let (fr, fo) = (&factors[rows_factor], &factors[1 - rows_factor]);
        let (lr, lo) = (fr.levels(), fo.levels());
        let n = fr.len();
        // Counting sort of the observations by row level.
        let mut start = vec![0usize; lr + 1];
        for &a in fr.codes() {
            start[a as usize + 1] += 1;
        }
        for a in 0..lr {
            start[a + 1] += start[a];
        }
        let mut fill = start.clone();
        let mut order = vec![0u32; n];
        for (i, &a) in fr.codes().iter().enumerate() {
            order[fill[a as usize]] = i as u32;
            fill[a as usize] += 1;
        }
        drop(fill);
        // Merge repeated (a, b) pairs with a marker per column level.
        let mut mark = vec![usize::MAX; lo];
        let mut ptr = Vec::with_capacity(lr + 1);
        let mut col = Vec::new();
        let mut val = Vec::new();
        ptr.push(0);
        for a in 0..lr {
            let row_start = col.len();
            for &i in &order[start[a]..start[a + 1]] {
                let i = i as usize;
                let b = fo.codes()[i] as usize;
                let w = weights.map_or(1.0, |w| w[i]);
                if mark[b] != usize::MAX && mark[b] >= row_start {
                    val[mark[b]] += w;
                } else {
                    mark[b] = col.len();
                    col.push(b as u32);
                    val.push(w);
                }
            }
            ptr.push(col.len());
        }
        Self {
            rows_factor,
            ptr,
            col,
            val,
        }
    }

    fn rows(&self) -> usize {
        self.ptr.len() - 1
    }

    /// `acc[a·m + c] = Σ_b C_ab α_other[b·m + c]` for every row level `a` (parallel over rows).
    fn row_pass(&self, other: &[f64], m: usize, acc: &mut [f64]) {
        let run = |first_row: usize, out: &mut [f64]| {
            for (r, o) in out.chunks_mut(m).enumerate() {
                let a = first_row + r;
                o.fill(0.0);
                for k in self.ptr[a]..self.ptr[a + 1] {
                    let (b, v) = (self.col[k] as usize * m, self.val[k]);
                    for c in 0..m {
                        o[c] += v * other[b + c];
                    }
                }
            }
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            const ROWS: usize = 4096;
            acc.par_chunks_mut(ROWS * m)
                .enumerate()
                .for_each(|(k, out)| run(k * ROWS, out));
        }
        #[cfg(not(feature = "parallel"))]
        run(0, acc);
    }

    /// `acc[b·m + c] += Σ_{a ∈ rows} C_ab α_rows[a·m + c]`.
    fn column_pass(
        &self,
        rows_alpha: &[f64],
        m: usize,
        acc: &mut [f64],
        rows: std::ops::Range<usize>,
    ) {
        for a in rows {
            let ar = &rows_alpha[a * m..a * m + m];
            for k in self.ptr[a]..self.ptr[a + 1] {
                let (b, v) = (self.col[k] as usize * m, self.val[k]);
                for c in 0..m {
                    acc[b + c] += v * ar[c];
                }
            }
        }
    }
}

/// The fixed effects of an estimation sample with the inverse level weights for one weight vector.
pub(crate) struct Demeaner<'a> {
    factors: &'a [Factor],
    weights: Option<&'a [f64]>,
    inv_level_weight: Vec<Vec<f64>>,
    options: DemeanOptions,
}

impl<'a> Demeaner<'a> {
    pub(crate) fn new(
        factors: &'a [Factor],
        weights: Option<&'a [f64]>,
        options: DemeanOptions,
    ) -> Self {
        let inv_level_weight = factors
            .iter()
            .map(|f| {
                let mut s = vec![0.0; f.levels()];
                match weights {
                    Some(w) => f
                        .codes()
                        .iter()
                        .zip(w)
                        .for_each(|(&c, &wi)| s[c as usize] += wi),
                    None => f.codes().iter().for_each(|&c| s[c as usize] += 1.0),
                }
                s.iter_mut().for_each(|v| *v = 1.0 / *v);
                s
            })
            .collect();
        Self {
            factors,
            weights,
            inv_level_weight,
            options,
        }
    }

    /// `x ← x − P_q x`; `sums` has the factor's number of levels. Returns the level means subtracted in `sums`.
    fn project(&self, q: usize, x: &mut [f64], sums: &mut [f64]) {
        let codes = self.factors[q].codes();
        sums.fill(0.0);
        match self.weights {
            Some(w) => {
                for ((&c, &xi), &wi) in codes.iter().zip(x.iter()).zip(w) {
                    sums[c as usize] += wi * xi;
                }
            }
            None => {
                for (&c, &xi) in codes.iter().zip(x.iter()) {
                    sums[c as usize] += xi;
                }
            }
        }
        for (s, &iw) in sums.iter_mut().zip(&self.inv_level_weight[q]) {
            *s *= iw;
        }
        for (&c, xi) in codes.iter().zip(x.iter_mut()) {
            *xi -= sums[c as usize];
        }
    }

    fn sweep(&self, x: &mut [f64], sums: &mut [Vec<f64>]) {
        for (q, s) in sums.iter_mut().enumerate() {
            self.project(q, x, s);
        }
    }

    fn level_buffers(&self) -> Vec<Vec<f64>> {
        self.factors.iter().map(|f| vec![0.0; f.levels()]).collect()
    }

    /// Demeans `x` in place; returns the number of iterations.
    pub(crate) fn demean(&self, name: &str, x: &mut [f64]) -> Result<usize, EconError> {
        if self.factors.len() == 1 {
            let mut sums = self.level_buffers();
            self.sweep(x, &mut sums);
            return Ok(1);
        }
        let mut cols = [(name, x)];
        self.demean_joint(&mut cols)
    }

    /// Demeans every column: with one fixed effect one exact sweep per column (in parallel over columns
    /// with the `parallel` feature); with several, all columns together in coefficient space
    /// ([`Demeaner::demean_joint`]).
    pub(crate) fn demean_all(&self, columns: &mut [(&str, Vec<f64>)]) -> Result<(), EconError> {
        if self.factors.len() > 1 {
            let mut cols: Vec<(&str, &mut [f64])> = columns
                .iter_mut()
                .map(|(n, c)| (*n, c.as_mut_slice()))
                .collect();
            return self.demean_joint(&mut cols).map(|_| ());
        }
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            columns
                .par_iter_mut()
                .try_for_each(|(name, c)| self.demean(name, c).map(|_| ()))
        }
        #[cfg(not(feature = "parallel"))]
        {
            columns
                .iter_mut()
                .try_for_each(|(name, c)| self.demean(name, c).map(|_| ()))
        }
    }

    /// Alternating projections in coefficient space, all `m` columns at once (as fixest).
    ///
    /// The sweep `T` of the module doc, written on the fixed-effect coefficients: with level sums
    /// `S_q = D_q′W x` (computed once) and coefficients `α_q` (level-major, `m` per level), one Gauss–Seidel
    /// sweep sets, for `q = 1…Q`, `α_q = (D_q′WD_q)⁻¹ (S_q − D_q′W Σ_{r≠q} D_r α_r)`; `x − Σ_q D_q α_q` after a
    /// sweep equals `T x`. The state is `v = (α_2 … α_Q)` (`α_1` is recomputed from it), accelerated by
    /// Irons–Tuck per column. A sweep reads the codes once per factor for all columns and writes no
    /// observation-length vector; the passes over observations run in parallel chunks with the `parallel`
    /// feature. Stops when a sweep moves no coefficient of a column by more than
    /// `tolerance · max(1, maxᵢ|xᵢ|) / Q` (so no element moves by more than the tolerance of the module doc).
    pub(crate) fn demean_joint(
        &self,
        columns: &mut [(&str, &mut [f64])],
    ) -> Result<usize, EconError> {
        let m = columns.len();
        if m == 0 {
            return Ok(0);
        }
        let nq = self.factors.len();
        let n = self.factors[0].len();
        let levels: Vec<usize> = self.factors.iter().map(Factor::levels).collect();
        let mut work = PassBuffers::new(n, *levels.iter().max().unwrap_or(&1) * m);
        // With two fixed effects the sweeps run on their cross-tabulation (fixest does the same): each pass
        // streams the non-empty (level, level) pairs instead of the observations.
        // Built only when the iterations do not stop quickly: its cost is a few passes over the data.
        let mut cross: Option<(CrossTab, PassBuffers)> = None;
        // S_q, level-major with m entries per level.
        let s: Vec<Vec<f64>> = {
            let xs: Vec<&[f64]> = columns.iter().map(|(_, x)| &**x).collect();
            (0..nq)
                .map(|q| {
                    let codes = self.factors[q].codes();
                    work.pass(levels[q] * m, |acc, range| {
                        for (c, x) in xs.iter().enumerate() {
                            match self.weights {
                                Some(w) => {
                                    for i in range.clone() {
                                        acc[codes[i] as usize * m + c] += w[i] * x[i];
                                    }
                                }
                                None => {
                                    for i in range.clone() {
                                        acc[codes[i] as usize * m + c] += x[i];
                                    }
                                }
                            }
                        }
                    })
                    .to_vec()
                })
                .collect()
        };
        let scale: Vec<f64> = columns
            .iter()
            .map(|(_, x)| x.iter().fold(1.0_f64, |a, v| a.max(v.abs())))
            .collect();
        let tol: Vec<f64> = scale
            .iter()
            .map(|sc| self.options.tolerance * sc / nq as f64)
            .collect();
        let mut alpha: Vec<Vec<f64>> = levels.iter().map(|&l| vec![0.0; l * m]).collect();
        // v = α_2..α_Q flattened; v0 → v1 = G(v0) → v2 = G(v1).
        let state_len: usize = levels[1..].iter().map(|l| l * m).sum();
        let mut v0 = vec![0.0; state_len];
        let mut v1 = vec![0.0; state_len];
        let mut v2 = vec![0.0; state_len];
        let flatten = |alpha: &[Vec<f64>], v: &mut [f64]| {
            let mut k = 0;
            for a in &alpha[1..] {
                v[k..k + a.len()].copy_from_slice(a);
                k += a.len();
            }
        };
        let unflatten = |v: &[f64], alpha: &mut [Vec<f64>]| {
            let mut k = 0;
            for a in alpha[1..].iter_mut() {
                let l = a.len();
                a.copy_from_slice(&v[k..k + l]);
                k += l;
            }
        };
        let mut last_step = vec![f64::INFINITY; m];
        for iter in 1..=self.options.max_iterations {
            if nq == 2 && iter == CROSS_TAB_AFTER && cross.is_none() {
                let ct = CrossTab::new(self.factors, self.weights);
                let wk = PassBuffers::new(ct.rows(), levels[1 - ct.rows_factor] * m);
                cross = Some((ct, wk));
            }
            unflatten(&v0, &mut alpha);
            self.coefficient_sweep(
                &s,
                &mut alpha,
                m,
                &mut work,
                cross.as_mut().map(|(c, w)| (&*c, w)),
            );
            flatten(&alpha, &mut v1);
            let a1_first = alpha[0].clone();
            self.coefficient_sweep(
                &s,
                &mut alpha,
                m,
                &mut work,
                cross.as_mut().map(|(c, w)| (&*c, w)),
            );
            flatten(&alpha, &mut v2);
            let mut step = vec![0.0_f64; m];
            for (k, (&b, &c)) in v1.iter().zip(&v2).enumerate() {
                let st = &mut step[k % m];
                *st = st.max((c - b).abs());
            }
            for (k, (&b, &c)) in a1_first.iter().zip(&alpha[0]).enumerate() {
                let st = &mut step[k % m];
                *st = st.max((c - b).abs());
            }
            last_step.clone_from(&step);
            if step.iter().zip(&tol).all(|(s, t)| s <= t) {
                // α holds the second sweep (α_1 consistent with it): x − Σ_q D_q α_q.
                self.subtract(columns, &alpha, m);
                return Ok(iter);
            }
            let mut d1d2 = vec![0.0; m];
            let mut d2d2 = vec![0.0; m];
            for k in 0..state_len {
                let d1 = v2[k] - v1[k];
                let d2 = d1 - (v1[k] - v0[k]);
                d1d2[k % m] += d1 * d2;
                d2d2[k % m] += d2 * d2;
            }
            for k in 0..state_len {
                let c = k % m;
                v0[k] = if d2d2[c] > 0.0 {
                    v2[k] - d1d2[c] / d2d2[c] * (v2[k] - v1[k])
                } else {
                    v2[k]
                };
            }
        }
        // The column farthest from its tolerance in the last iteration.
        let worst = (0..m)
            .max_by(|&a, &b| (last_step[a] / tol[a]).total_cmp(&(last_step[b] / tol[b])))
            .map_or(String::new(), |c| columns[c].0.to_string());
        Err(EconError::DemeaningNotConverged {
            column: worst,
            iterations: self.options.max_iterations,
            tolerance: self.options.tolerance,
        })
    }

    /// One Gauss–Seidel sweep over the factors in coefficient space (see [`Demeaner::demean_joint`]).
    fn coefficient_sweep(
        &self,
        s: &[Vec<f64>],
        alpha: &mut [Vec<f64>],
        m: usize,
        work: &mut PassBuffers,
        mut cross: Option<(&CrossTab, &mut PassBuffers)>,
    ) {
        for q in 0..self.factors.len() {
            let lq = self.factors[q].levels() * m;
            let acc: &[f64] = match cross.as_mut() {
                Some((ct, _)) if q == ct.rows_factor => {
                    ct.row_pass(&alpha[1 - q], m, &mut work.total[..lq]);
                    &work.total[..lq]
                }
                Some((ct, wk)) => {
                    let a = &alpha[1 - q];
                    wk.pass(lq, |acc, range| ct.column_pass(a, m, acc, range))
                }
                None => work.pass(lq, |acc, range| {
                    self.accumulate_others(q, alpha, m, acc, range)
                }),
            };
            let iw = &self.inv_level_weight[q];
            for (j, a) in alpha[q].iter_mut().enumerate() {
                *a = (s[q][j] - acc[j]) * iw[j / m];
            }
        }
    }

    /// `acc[level_q(i)·m + c] += wᵢ Σ_{r≠q} α_r[level_r(i)·m + c]` for the observations in `range`.
    fn accumulate_others(
        &self,
        q: usize,
        alpha: &[Vec<f64>],
        m: usize,
        acc: &mut [f64],
        range: std::ops::Range<usize>,
    ) {
        let cq = &self.factors[q].codes()[range.clone()];
        let w = self.weights.map(|w| &w[range.clone()]);
        if self.factors.len() == 2 {
            let o = 1 - q;
            let co = &self.factors[o].codes()[range];
            let ao = &alpha[o];
            match (m, w) {
                (1, None) => {
                    for (&l, &k) in cq.iter().zip(co) {
                        acc[l as usize] += ao[k as usize];
                    }
                }
                (_, None) => {
                    for (&l, &k) in cq.iter().zip(co) {
                        let (l, k) = (l as usize * m, k as usize * m);
                        for c in 0..m {
                            acc[l + c] += ao[k + c];
                        }
                    }
                }
                (_, Some(w)) => {
                    for ((&l, &k), &wi) in cq.iter().zip(co).zip(w) {
                        let (l, k) = (l as usize * m, k as usize * m);
                        for c in 0..m {
                            acc[l + c] += wi * ao[k + c];
                        }
                    }
                }
            }
            return;
        }
        let start = range.start;
        for (i, &l) in cq.iter().enumerate() {
            let wi = w.map_or(1.0, |w| w[i]);
            let l = l as usize * m;
            for c in 0..m {
                let mut t = 0.0;
                for (r, f) in self.factors.iter().enumerate() {
                    if r != q {
                        t += alpha[r][f.codes()[start + i] as usize * m + c];
                    }
                }
                acc[l + c] += wi * t;
            }
        }
    }

    /// `x_c ← x_c − Σ_q D_q α_q[·, c]` for every column.
    fn subtract(&self, columns: &mut [(&str, &mut [f64])], alpha: &[Vec<f64>], m: usize) {
        let factors = self.factors;
        let run = |c: usize, x: &mut [f64], start: usize| {
            for (i, xi) in x.iter_mut().enumerate() {
                let mut t = 0.0;
                for (f, a) in factors.iter().zip(alpha) {
                    t += a[f.codes()[start + i] as usize * m + c];
                }
                *xi -= t;
            }
        };
        for (c, (_, x)) in columns.iter_mut().enumerate() {
            #[cfg(feature = "parallel")]
            {
                use rayon::prelude::*;
                const CHUNK: usize = 1 << 16;
                x.par_chunks_mut(CHUNK)
                    .enumerate()
                    .for_each(|(k, chunk)| run(c, chunk, k * CHUNK));
            }
            #[cfg(not(feature = "parallel"))]
            run(c, x, 0);
        }
    }

    /// Recovers fixed-effect values `α_q` with `D α = d` for `d` in the span of `D` (plain alternating
    /// projections accumulating the subtracted level means). Normalisation as fixest: the first level of
    /// every factor after the first is zero, its value moved into the first factor.
    pub(crate) fn recover(&self, mut d: Vec<f64>) -> Vec<Vec<f64>> {
        let mut sums = self.level_buffers();
        let mut alpha = self.level_buffers();
        let scale = d.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
        let tol = self.options.tolerance * scale;
        for _ in 0..self.options.max_iterations.max(1) {
            let mut step = 0.0_f64;
            for q in 0..self.factors.len() {
                self.project(q, &mut d, &mut sums[q]);
                for (a, &s) in alpha[q].iter_mut().zip(&sums[q]) {
                    *a += s;
                    step = step.max(s.abs());
                }
            }
            if step <= tol {
                break;
            }
        }
        let (first, rest) = alpha.split_at_mut(1);
        for a in rest {
            if let Some(&shift) = a.first() {
                a.iter_mut().for_each(|v| *v -= shift);
                first[0].iter_mut().for_each(|v| *v += shift);
            }
        }
        alpha
    }
}

/// The within transformation of one column by [`absorb`]: the residual of its projection on the fixed
/// effects, on the estimation sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Absorbed {
    values: Vec<f64>,
    in_sample: Vec<bool>,
    singletons: usize,
    iterations: usize,
}

impl Absorbed {
    /// The demeaned values, aligned with the input rows; rows outside the estimation sample (singletons)
    /// hold 0 and are flagged by [`Absorbed::in_sample`].
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The demeaned values, consumed (no copy).
    pub fn into_values(self) -> Vec<f64> {
        self.values
    }

    /// Whether each input row is in the estimation sample (false for singletons of a fixed effect).
    pub fn in_sample(&self) -> &[bool] {
        &self.in_sample
    }

    /// Rows removed as singletons (repeatedly, as fixest).
    pub fn singletons_removed(&self) -> usize {
        self.singletons
    }

    /// Accelerated iterations used (1 with a single fixed effect, where one sweep is exact).
    pub fn iterations(&self) -> usize {
        self.iterations
    }
}

/// Absorbs the fixed effects from one column without a regression: `x̃ = x − D(D′WD)⁻D′Wx` on the sample
/// left after removing singletons repeatedly (the outcome side of `feols(x ~ 1 | fe)`; its residuals).
///
/// Memory: the column is demeaned in place (it is consumed and returned); besides it, one byte per row
/// for the sample flags and, with several fixed effects, two more columns of the sample for the Irons–Tuck
/// iterates. With a single fixed effect the singletons' residuals are exactly 0 and the other levels are
/// unaffected by them, so no compacted copy is made; with several, the sample is gathered first.
///
/// ```
/// use mfg_quality_econometrics::{absorb, DemeanOptions, Factor, FixedEffects};
/// let g = Factor::new("g", &[0, 0, 1, 1, 2]).unwrap();
/// let a = absorb("x", vec![1.0, 3.0, 5.0, 9.0, 4.0], &FixedEffects::new(vec![g]).unwrap(), None,
///     DemeanOptions::default()).unwrap();
/// assert_eq!(a.values(), &[-1.0, 1.0, -2.0, 2.0, 0.0]);
/// assert_eq!(a.in_sample(), &[true, true, true, true, false]);
/// assert_eq!(a.singletons_removed(), 1);
/// ```
///
/// # Errors
/// [`EconError::LengthMismatch`] for a column or weights of another length than the fixed effects,
/// [`EconError::NonFinite`] / [`EconError::InvalidWeight`] for a bad value or weight,
/// [`EconError::AllSingletons`] when no row is left, [`EconError::DemeaningNotConverged`].
pub fn absorb(
    name: &str,
    mut values: Vec<f64>,
    fixed_effects: &crate::FixedEffects,
    weights: Option<&[f64]>,
    options: DemeanOptions,
) -> Result<Absorbed, EconError> {
    let n = fixed_effects.len();
    for (what, len) in [
        (name, values.len()),
        ("weights", weights.map_or(n, <[f64]>::len)),
    ] {
        if len != n {
            return Err(EconError::LengthMismatch {
                what: what.to_string(),
                found: len,
                expected: n,
            });
        }
    }
    if let Some(row) = values.iter().position(|v| !v.is_finite()) {
        return Err(EconError::NonFinite {
            column: name.to_string(),
            row,
            value: values[row],
        });
    }
    if let Some(w) = weights
        && let Some(row) = w.iter().position(|v| !(v.is_finite() && *v > 0.0))
    {
        return Err(EconError::InvalidWeight { row, value: w[row] });
    }
    let factors = fixed_effects.factors();
    let mut in_sample = vec![true; n];
    let singletons = crate::factor::drop_singletons(factors, &mut in_sample);
    if singletons == n {
        return Err(EconError::AllSingletons { n_obs: n });
    }
    let iterations = if singletons == 0 || factors.len() == 1 {
        let it = Demeaner::new(factors, weights, options).demean(name, &mut values)?;
        for (v, &k) in values.iter_mut().zip(&in_sample) {
            if !k {
                *v = 0.0;
            }
        }
        it
    } else {
        let rows: Vec<usize> = (0..n).filter(|&i| in_sample[i]).collect();
        let sub: Vec<Factor> = factors.iter().map(|f| f.subset(&rows)).collect();
        let w: Option<Vec<f64>> = weights.map(|w| rows.iter().map(|&r| w[r]).collect());
        let mut x: Vec<f64> = rows.iter().map(|&r| values[r]).collect();
        let it = Demeaner::new(&sub, w.as_deref(), options).demean(name, &mut x)?;
        values.iter_mut().for_each(|v| *v = 0.0);
        for (&r, v) in rows.iter().zip(x) {
            values[r] = v;
        }
        it
    };
    Ok(Absorbed {
        values,
        in_sample,
        singletons,
        iterations,
    })
}
