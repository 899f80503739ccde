//! Shared steps of OLS and PPML: input validation, the estimation sample, collinearity, weighted least squares.

use nalgebra::DMatrix;

use crate::error::MAGNITUDE_LIMIT;
use crate::factor::{drop_separated, drop_singletons};
use crate::{EconError, Factor, FixedEffects};

/// Relative tolerance of the collinearity checks: a regressor whose (remaining) weighted sum of squares falls
/// below `1e-10` of its sum of squares is absorbed or collinear (pyfixest's `collin_tol`).
pub(crate) const COLLINEARITY_TOLERANCE: f64 = 1e-10;

/// A named numeric column (an outcome or a regressor).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    name: String,
    values: Vec<f64>,
}

impl Column {
    /// A column; its values are validated (finite, aligned) by the model builders.
    pub fn new(name: impl Into<String>, values: Vec<f64>) -> Self {
        Self {
            name: name.into(),
            values,
        }
    }

    /// The column's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The values.
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}

/// The validated inputs common to OLS and PPML.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inputs {
    pub y: Column,
    pub x: Vec<Column>,
    pub fe: FixedEffects,
    pub weights: Option<Vec<f64>>,
}

fn check_finite(c: &Column) -> Result<(), EconError> {
    match c
        .values
        .iter()
        .position(|v| !v.is_finite() || v.abs() > MAGNITUDE_LIMIT)
    {
        Some(row) if !c.values[row].is_finite() => Err(EconError::NonFinite {
            column: c.name.clone(),
            row,
            value: c.values[row],
        }),
        Some(row) => Err(EconError::TooLarge {
            column: c.name.clone(),
            row,
            value: c.values[row],
            limit: MAGNITUDE_LIMIT,
        }),
        None => Ok(()),
    }
}

impl Inputs {
    pub(crate) fn new(y: Column, x: Vec<Column>, fe: FixedEffects) -> Result<Self, EconError> {
        let n = y.values.len();
        if n == 0 {
            return Err(EconError::Empty {
                what: y.name.clone(),
            });
        }
        if x.is_empty() {
            return Err(EconError::NoRegressor);
        }
        check_finite(&y)?;
        for (i, c) in x.iter().enumerate() {
            if c.values.len() != n {
                return Err(EconError::LengthMismatch {
                    what: c.name.clone(),
                    found: c.values.len(),
                    expected: n,
                });
            }
            if c.name == y.name || x[..i].iter().any(|d| d.name == c.name) {
                return Err(EconError::DuplicateName {
                    name: c.name.clone(),
                });
            }
            check_finite(c)?;
        }
        if fe.len() != n {
            return Err(EconError::LengthMismatch {
                what: "fixed effects".into(),
                found: fe.len(),
                expected: n,
            });
        }
        Ok(Self {
            y,
            x,
            fe,
            weights: None,
        })
    }

    pub(crate) fn set_weights(&mut self, w: Vec<f64>) -> Result<(), EconError> {
        let n = self.y.values.len();
        if w.len() != n {
            return Err(EconError::LengthMismatch {
                what: "weights".into(),
                found: w.len(),
                expected: n,
            });
        }
        if let Some(row) = w.iter().position(|v| v.is_finite() && *v > MAGNITUDE_LIMIT) {
            return Err(EconError::TooLarge {
                column: "weights".into(),
                row,
                value: w[row],
                limit: MAGNITUDE_LIMIT,
            });
        }
        if let Some(row) = w.iter().position(|v| !(v.is_finite() && *v > 0.0)) {
            return Err(EconError::InvalidWeight { row, value: w[row] });
        }
        self.weights = Some(w);
        Ok(())
    }

    pub(crate) fn n(&self) -> usize {
        self.y.values.len()
    }
}

/// The estimation sample: input rows kept and the fixed effects re-coded on them.
pub(crate) struct Sample {
    pub rows: Vec<usize>,
    pub fe: Vec<Factor>,
    pub singletons: usize,
    pub separated: usize,
}

/// Removes singletons (repeatedly) and, when `separation` is given (PPML outcome), separated observations.
pub(crate) fn sample(inputs: &Inputs, separation: Option<&[f64]>) -> Result<Sample, EconError> {
    let n = inputs.n();
    let factors = inputs.fe.factors();
    let mut keep = vec![true; n];
    let mut singletons = drop_singletons(factors, &mut keep);
    let mut separated = 0;
    if let Some(y) = separation {
        loop {
            let s = drop_separated(factors, y, &mut keep);
            separated += s;
            if s == 0 {
                break;
            }
            let t = drop_singletons(factors, &mut keep);
            singletons += t;
            if t == 0 {
                break;
            }
        }
    }
    let rows: Vec<usize> = (0..n).filter(|&i| keep[i]).collect();
    if rows.is_empty() {
        return Err(EconError::AllSingletons { n_obs: n });
    }
    let fe = factors.iter().map(|f| f.subset(&rows)).collect();
    Ok(Sample {
        rows,
        fe,
        singletons,
        separated,
    })
}

/// `values[rows]`.
pub(crate) fn gather(values: &[f64], rows: &[usize]) -> Vec<f64> {
    rows.iter().map(|&r| values[r]).collect()
}

/// `Σ f(chunk)` over `0..n` split in fixed chunks of 2¹⁵ indices, the chunk sums added in chunk order: the
/// same result at any thread count (chunks run in parallel with the `parallel` feature), and the plain
/// sequential sum below 2¹⁵ elements.
pub(crate) fn chunked_sum(n: usize, f: impl Fn(std::ops::Range<usize>) -> f64 + Sync) -> f64 {
    const CHUNK: usize = 1 << 15;
    let nc = n.div_ceil(CHUNK);
    let part = |k: usize| f(k * CHUNK..((k + 1) * CHUNK).min(n));
    if nc <= 1 {
        return f(0..n);
    }
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let parts: Vec<f64> = (0..nc).into_par_iter().map(part).collect();
        parts.iter().sum()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..nc).map(part).sum()
    }
}

pub(crate) fn dot_w(a: &[f64], b: &[f64], w: Option<&[f64]>) -> f64 {
    chunked_sum(a.len(), |r| match w {
        Some(w) => a[r.clone()]
            .iter()
            .zip(&b[r.clone()])
            .zip(&w[r])
            .map(|((x, y), w)| w * x * y)
            .sum(),
        None => a[r.clone()].iter().zip(&b[r]).map(|(x, y)| x * y).sum(),
    })
}

/// Weighted sum of squares around the weighted mean.
pub(crate) fn centred_ss(x: &[f64], w: Option<&[f64]>) -> f64 {
    let n = x.len();
    let (sw, sx) = match w {
        Some(w) => (
            chunked_sum(n, |r| w[r].iter().sum()),
            chunked_sum(n, |r| {
                x[r.clone()].iter().zip(&w[r]).map(|(x, w)| w * x).sum()
            }),
        ),
        None => (n as f64, chunked_sum(n, |r| x[r].iter().sum())),
    };
    let m = sx / sw;
    chunked_sum(n, |r| match w {
        Some(w) => x[r.clone()]
            .iter()
            .zip(&w[r])
            .map(|(x, w)| w * (x - m) * (x - m))
            .sum(),
        None => x[r].iter().map(|x| (x - m) * (x - m)).sum(),
    })
}

/// [`centred_ss`] of `values[rows]` (of `values` when `all_rows`), without copying; `w` is aligned with
/// `rows`.
pub(crate) fn centred_ss_rows(
    values: &[f64],
    rows: &[usize],
    all_rows: bool,
    w: Option<&[f64]>,
) -> f64 {
    if all_rows {
        return centred_ss(values, w);
    }
    let at = |i: usize| values[rows[i]];
    let n = rows.len();
    let (sw, sx) = match w {
        Some(w) => (
            chunked_sum(n, |r| w[r].iter().sum()),
            chunked_sum(n, |r| r.map(|i| w[i] * at(i)).sum()),
        ),
        None => (n as f64, chunked_sum(n, |r| r.map(at).sum())),
    };
    let m = sx / sw;
    chunked_sum(n, |r| match w {
        Some(w) => r.map(|i| w[i] * (at(i) - m) * (at(i) - m)).sum(),
        None => r.map(|i| (at(i) - m) * (at(i) - m)).sum(),
    })
}

/// The regressors kept (indices), the names of those dropped as collinear, and `X̃′WX̃` of the kept ones.
pub(crate) type Selected = (Vec<usize>, Vec<String>, DMatrix<f64>);

/// Keeps the regressors that are not absorbed (error) nor collinear with earlier ones (dropped, named).
///
/// `raw_ss[j]` is the centred sum of squares of regressor `j` before demeaning. Collinearity is found by a
/// Cholesky factorisation of `X̃′WX̃` in column order that skips a column whose remaining pivot is below
/// [`COLLINEARITY_TOLERANCE`] times its diagonal.
pub(crate) fn select_regressors(
    names: &[String],
    raw_ss: &[f64],
    xt: &[Vec<f64>],
    w: Option<&[f64]>,
) -> Result<Selected, EconError> {
    let k = xt.len();
    let a = gram(xt, w);
    for j in 0..k {
        let d = a[(j, j)];
        if raw_ss[j] <= 0.0 || d <= COLLINEARITY_TOLERANCE * raw_ss[j] {
            return Err(EconError::AbsorbedByFixedEffects {
                regressor: names[j].clone(),
                demeaned_ss: d,
                raw_ss: raw_ss[j],
            });
        }
    }
    let mut l = DMatrix::<f64>::zeros(k, k);
    let mut kept: Vec<usize> = Vec::with_capacity(k);
    let mut dropped = Vec::new();
    for j in 0..k {
        let pivot = a[(j, j)] - kept.iter().map(|&p| l[(j, p)] * l[(j, p)]).sum::<f64>();
        if pivot <= COLLINEARITY_TOLERANCE * a[(j, j)] {
            dropped.push(names[j].clone());
            continue;
        }
        let ljj = pivot.sqrt();
        l[(j, j)] = ljj;
        for i in j + 1..k {
            let s = a[(i, j)] - kept.iter().map(|&p| l[(i, p)] * l[(j, p)]).sum::<f64>();
            l[(i, j)] = s / ljj;
        }
        kept.push(j);
    }
    if kept.is_empty() {
        return Err(EconError::AllCollinear { dropped });
    }
    let g = DMatrix::from_fn(kept.len(), kept.len(), |i, j| a[(kept[i], kept[j])]);
    Ok((kept, dropped, g))
}

/// Weighted least squares on demeaned columns: `β = (X̃′WX̃)⁻¹X̃′Wỹ`, returning `β` and the bread
/// `(X̃′WX̃)⁻¹`. `None` when the Gram matrix is not positive definite (ruled out by [`select_regressors`]).
/// `X̃′WX̃` (the lower triangle computed, mirrored).
pub(crate) fn gram(xt: &[Vec<f64>], w: Option<&[f64]>) -> DMatrix<f64> {
    let k = xt.len();
    let mut a = DMatrix::zeros(k, k);
    for i in 0..k {
        for j in 0..=i {
            let v = dot_w(&xt[i], &xt[j], w);
            a[(i, j)] = v;
            a[(j, i)] = v;
        }
    }
    a
}

/// With `gram` the `X̃′WX̃` of these columns when already computed ([`select_regressors`] returns it).
pub(crate) fn wls(
    xt: &[Vec<f64>],
    yt: &[f64],
    w: Option<&[f64]>,
    gram_matrix: Option<DMatrix<f64>>,
) -> Option<(Vec<f64>, DMatrix<f64>)> {
    let k = xt.len();
    let a = gram_matrix.unwrap_or_else(|| gram(xt, w));
    let b = nalgebra::DVector::from_iterator(k, xt.iter().map(|c| dot_w(c, yt, w)));
    let chol = a.cholesky()?;
    let beta = chol.solve(&b);
    Some((beta.iter().copied().collect(), chol.inverse()))
}

/// `y − Σⱼ βⱼ xⱼ` (elementwise; in parallel chunks with the `parallel` feature, same result).
pub(crate) fn residual(y: &[f64], x: &[Vec<f64>], beta: &[f64]) -> Vec<f64> {
    let mut e = y.to_vec();
    let run = |start: usize, e: &mut [f64]| {
        for (c, &b) in x.iter().zip(beta) {
            e.iter_mut().zip(&c[start..]).for_each(|(e, x)| *e -= b * x);
        }
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        const CHUNK: usize = 1 << 15;
        e.par_chunks_mut(CHUNK)
            .enumerate()
            .for_each(|(k, ch)| run(k * CHUNK, ch));
    }
    #[cfg(not(feature = "parallel"))]
    run(0, &mut e);
    e
}
