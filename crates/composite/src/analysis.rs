//! Stage 8, **analysis**: the multivariate checks of a composite index (OECD/JRC *Handbook on Constructing
//! Composite Indicators*, 2008, step 4 "Multivariate analysis", §1.4 and §1.7): correlation matrices within
//! and across levels of the framework, Cronbach's α with item statistics, and a PCA summary.
//!
//! Inputs are **named columns** ([`NamedColumn`]: a name, one value per unit and an optional presence mask),
//! so the same functions take indicators, pillar scores and the index alike: the pipeline passes, for
//! example, the indicators of a pillar (within a level) or the indicators against the pillars and the index
//! (across levels, [`cross_correlation`]). [`columns_of`] splits a column-major matrix into named columns.
//!
//! | function | what | missing values |
//! |---|---|---|
//! | [`correlation_matrix`], [`cross_correlation`] | Pearson or Spearman r with two-sided p-values | pairwise-complete observations |
//! | [`cronbach_alpha`] | raw and standardised α, α if item deleted, corrected item-total r | listwise deletion |
//! | [`pca_summary`] | eigenvalues, explained variance, eigenvectors and loadings (on [`crate::pca::Pca`]) | listwise deletion |
//!
//! ```
//! use mfg_quality_composite::analysis::{correlation_matrix, CorrelationMethod, NamedColumn};
//! let a = [1.0, 2.0, 3.0, 4.0, 5.0];
//! let b = [2.0, 4.0, 5.0, 4.0, 5.0];
//! let cols = [NamedColumn::new("a", &a), NamedColumn::new("b", &b)];
//! let m = correlation_matrix(&cols, CorrelationMethod::Pearson)?;
//! // R: cor.test(a, b) gives r = 0.7745967, p-value = 0.1240
//! assert!((m.get("a", "b").unwrap() - 0.7745967).abs() < 1e-7);
//! assert!((m.p_value_of("a", "b").unwrap() - 0.1240).abs() < 1e-4);
//! # Ok::<(), mfg_quality_composite::CompositeError>(())
//! ```

use mfg_quality_indicators::stats::{
    RankOrder, TieMethod, VarianceKind, pearson, rank, spearman, variance,
};
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

use crate::pca::Pca;
use crate::{CompositeError, Result};

/// One named column of values (one per unit), with an optional presence mask (empty = all present).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NamedColumn<'a> {
    /// The column's name (indicator, pillar or index id).
    pub name: &'a str,
    /// One value per unit; values of absent cells are ignored.
    pub values: &'a [f64],
    /// Presence per unit (`true` = observed), or empty when every value is present.
    pub present: &'a [bool],
}

impl<'a> NamedColumn<'a> {
    /// A complete column.
    pub fn new(name: &'a str, values: &'a [f64]) -> Self {
        NamedColumn {
            name,
            values,
            present: &[],
        }
    }

    /// A column with a presence mask.
    pub fn with_mask(name: &'a str, values: &'a [f64], present: &'a [bool]) -> Self {
        NamedColumn {
            name,
            values,
            present,
        }
    }

    #[inline]
    fn is_present(&self, i: usize) -> bool {
        self.present.is_empty() || self.present[i]
    }
}

/// Splits a column-major matrix (`n_rows` units × `names.len()` columns, presence `mask` of the same length
/// or empty) into named columns.
pub fn columns_of<'a>(
    names: &'a [String],
    data: &'a [f64],
    mask: &'a [bool],
    n_rows: usize,
) -> Result<Vec<NamedColumn<'a>>> {
    let expected = names.len() * n_rows;
    if data.len() != expected {
        return Err(CompositeError::DimensionMismatch {
            method: "analysis",
            what: "data",
            expected,
            got: data.len(),
        });
    }
    if !mask.is_empty() && mask.len() != expected {
        return Err(CompositeError::DimensionMismatch {
            method: "analysis",
            what: "mask",
            expected,
            got: mask.len(),
        });
    }
    Ok(names
        .iter()
        .enumerate()
        .map(|(j, name)| NamedColumn {
            name,
            values: &data[j * n_rows..(j + 1) * n_rows],
            present: if mask.is_empty() {
                &[]
            } else {
                &mask[j * n_rows..(j + 1) * n_rows]
            },
        })
        .collect())
}

/// Checks that all columns have the same length `n`, masks match, and present values are finite.
fn validate(method: &'static str, cols: &[NamedColumn]) -> Result<usize> {
    let n = cols.first().map_or(0, |c| c.values.len());
    for c in cols {
        if c.values.len() != n {
            return Err(CompositeError::DimensionMismatch {
                method,
                what: "column values",
                expected: n,
                got: c.values.len(),
            });
        }
        if !c.present.is_empty() && c.present.len() != n {
            return Err(CompositeError::DimensionMismatch {
                method,
                what: "column mask",
                expected: n,
                got: c.present.len(),
            });
        }
        for (i, &x) in c.values.iter().enumerate() {
            if c.is_present(i) && !x.is_finite() {
                return Err(CompositeError::InvalidValue {
                    method,
                    unit: format!("row {i}"),
                    indicator: c.name.to_string(),
                    value: x,
                    reason: "values must be finite",
                });
            }
        }
    }
    Ok(n)
}

/// Which correlation coefficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CorrelationMethod {
    /// Pearson's product-moment r (the default).
    #[default]
    Pearson,
    /// Spearman's ρ: Pearson's r of average ranks (ties share the mean rank).
    Spearman,
}

/// A correlation matrix between `rows` and `cols` (the same names for a within-level matrix).
///
/// Entries are row-major (`r[i * cols.len() + j]`). An entry is `None` when undefined: fewer than 3
/// pairwise-complete observations, or a column constant over them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrelationMatrix {
    /// The coefficient.
    pub method: CorrelationMethod,
    /// Row names.
    pub rows: Vec<String>,
    /// Column names.
    pub cols: Vec<String>,
    /// Correlation coefficients.
    pub r: Vec<Option<f64>>,
    /// Two-sided p-values of H₀: ρ = 0.
    pub p_value: Vec<Option<f64>>,
    /// Number of pairwise-complete observations.
    pub n_obs: Vec<usize>,
}

impl CorrelationMatrix {
    fn index(&self, row: &str, col: &str) -> Option<usize> {
        let i = self.rows.iter().position(|r| r == row)?;
        let j = self.cols.iter().position(|c| c == col)?;
        Some(i * self.cols.len() + j)
    }

    /// The coefficient between `row` and `col` (by name), if defined.
    pub fn get(&self, row: &str, col: &str) -> Option<f64> {
        self.index(row, col).and_then(|k| self.r[k])
    }

    /// The p-value between `row` and `col` (by name), if defined.
    pub fn p_value_of(&self, row: &str, col: &str) -> Option<f64> {
        self.index(row, col).and_then(|k| self.p_value[k])
    }

    /// The coefficient at row `i`, column `j`.
    pub fn at(&self, i: usize, j: usize) -> Option<f64> {
        self.r.get(i * self.cols.len() + j).copied().flatten()
    }
}

/// Correlation, p-value and n of one pair over its pairwise-complete observations; reuses the buffers.
fn pair(
    a: &NamedColumn,
    b: &NamedColumn,
    method: CorrelationMethod,
    xs: &mut Vec<f64>,
    ys: &mut Vec<f64>,
) -> (Option<f64>, Option<f64>, usize) {
    xs.clear();
    ys.clear();
    for i in 0..a.values.len() {
        if a.is_present(i) && b.is_present(i) {
            xs.push(a.values[i]);
            ys.push(b.values[i]);
        }
    }
    let n = xs.len();
    if n < 3
        || variance(xs, VarianceKind::Population) <= 0.0
        || variance(ys, VarianceKind::Population) <= 0.0
    {
        return (None, None, n);
    }
    let r = match method {
        CorrelationMethod::Pearson => pearson(xs, ys),
        CorrelationMethod::Spearman => spearman(xs, ys),
    }
    .clamp(-1.0, 1.0);
    if !r.is_finite() {
        // Sums of squares overflowed (values near ±1e154 or beyond): undefined rather than NaN.
        return (None, None, n);
    }
    (Some(r), Some(correlation_p_value(r, n)), n)
}

/// Whether every column is complete (no mask, or a mask of `true` only).
fn all_complete(cols: &[NamedColumn]) -> bool {
    cols.iter()
        .all(|c| c.present.is_empty() || crate::aggregate::all_true(c.present))
}

/// The correlation of every pair of complete columns `cols` of `n` values through one covariance
/// matrix (blocked matrix products, `crate::covariance`): Pearson on the values, Spearman on their
/// average ranks. `None` entries as in [`pair`]: fewer than 3 observations or a constant column.
fn complete_moments(
    cols: &[NamedColumn],
    n: usize,
    method: CorrelationMethod,
) -> Option<crate::covariance::Moments> {
    if n < 3 {
        return None;
    }
    let ranks: Vec<Vec<f64>>;
    let views: Vec<&[f64]> = match method {
        CorrelationMethod::Pearson => cols.iter().map(|c| c.values).collect(),
        CorrelationMethod::Spearman => {
            ranks = cols
                .iter()
                .map(|c| rank(c.values, RankOrder::Ascending, TieMethod::Average))
                .collect();
            ranks.iter().map(|r| r.as_slice()).collect()
        }
    };
    Some(crate::covariance::moments(&views, n))
}

/// Correlation and p-value of columns `a`, `b` from [`complete_moments`].
fn from_moments(
    mo: &Option<crate::covariance::Moments>,
    a: usize,
    b: usize,
    n: usize,
) -> (Option<f64>, Option<f64>) {
    match mo.as_ref().and_then(|m| m.correlation(a, b)) {
        Some(r) if a == b => (Some(r), Some(0.0)),
        Some(r) => (Some(r), Some(correlation_p_value(r, n))),
        None => (None, None),
    }
}

/// Two-sided p-value of a correlation `r` from `n ≥ 3` observations by the Student t test
/// `t = r √(n − 2) / √(1 − r²)` with `n − 2` degrees of freedom; `|r| = 1` gives 0, `n < 3` gives 1.
/// The shared implementation is [`mfg_quality_indicators::stats::correlation_p_value`] (see there for
/// the reference to R `cor.test` and SciPy); this is a re-export under the same name.
pub use mfg_quality_indicators::stats::correlation_p_value;

/// Correlation matrix of a set of columns (within a level): Pearson or Spearman on pairwise-complete
/// observations, with two-sided p-values ([`correlation_p_value`]). The matrix is symmetric, with 1 on the
/// diagonal for non-constant columns.
///
/// Errors: [`CompositeError::DimensionMismatch`] (columns of different lengths), [`CompositeError::InvalidValue`]
/// (a non-finite present value).
pub fn correlation_matrix(
    cols: &[NamedColumn],
    method: CorrelationMethod,
) -> Result<CorrelationMatrix> {
    validate("correlation", cols)?;
    let k = cols.len();
    let mut out = CorrelationMatrix {
        method,
        rows: cols.iter().map(|c| c.name.to_string()).collect(),
        cols: cols.iter().map(|c| c.name.to_string()).collect(),
        r: vec![None; k * k],
        p_value: vec![None; k * k],
        n_obs: vec![0; k * k],
    };
    let n = cols.first().map_or(0, |c| c.values.len());
    if all_complete(cols) {
        let mo = complete_moments(cols, n, method);
        for a in 0..k {
            for b in 0..k {
                let (r, p) = from_moments(&mo, a.min(b), a.max(b), n);
                out.r[a * k + b] = r;
                out.p_value[a * k + b] = p;
                out.n_obs[a * k + b] = n;
            }
        }
        return Ok(out);
    }
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for a in 0..k {
        for b in a..k {
            let (mut r, mut p, n) = pair(&cols[a], &cols[b], method, &mut xs, &mut ys);
            if a == b && r.is_some() {
                (r, p) = (Some(1.0), Some(0.0));
            }
            for (i, j) in [(a, b), (b, a)] {
                out.r[i * k + j] = r;
                out.p_value[i * k + j] = p;
                out.n_obs[i * k + j] = n;
            }
        }
    }
    Ok(out)
}

/// Correlations between two sets of columns (across levels: e.g. rows = indicators, cols = pillars and the
/// index), same definitions as [`correlation_matrix`]. All columns of both sets must have the same length.
pub fn cross_correlation(
    rows: &[NamedColumn],
    cols: &[NamedColumn],
    method: CorrelationMethod,
) -> Result<CorrelationMatrix> {
    let all: Vec<NamedColumn> = rows.iter().chain(cols).copied().collect();
    validate("correlation", &all)?;
    let (nr, nc) = (rows.len(), cols.len());
    let mut out = CorrelationMatrix {
        method,
        rows: rows.iter().map(|c| c.name.to_string()).collect(),
        cols: cols.iter().map(|c| c.name.to_string()).collect(),
        r: vec![None; nr * nc],
        p_value: vec![None; nr * nc],
        n_obs: vec![0; nr * nc],
    };
    let n = all.first().map_or(0, |c| c.values.len());
    if all_complete(&all) {
        let mo = complete_moments(&all, n, method);
        for i in 0..nr {
            for j in 0..nc {
                let (r, p) = from_moments(&mo, i, nr + j, n);
                out.r[i * nc + j] = r;
                out.p_value[i * nc + j] = p;
                out.n_obs[i * nc + j] = n;
            }
        }
        return Ok(out);
    }
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for (i, a) in rows.iter().enumerate() {
        for (j, b) in cols.iter().enumerate() {
            let (r, p, n) = pair(a, b, method, &mut xs, &mut ys);
            out.r[i * nc + j] = r;
            out.p_value[i * nc + j] = p;
            out.n_obs[i * nc + j] = n;
        }
    }
    Ok(out)
}

/// Rows where every column is present, gathered column-major.
fn listwise(cols: &[NamedColumn], n: usize) -> (Vec<f64>, usize) {
    let rows: Vec<usize> = (0..n)
        .filter(|&i| cols.iter().all(|c| c.is_present(i)))
        .collect();
    let mut data = Vec::with_capacity(rows.len() * cols.len());
    for c in cols {
        data.extend(rows.iter().map(|&i| c.values[i]));
    }
    (data, rows.len())
}

/// Per-item statistics of a reliability analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemStatistics {
    /// The item (column) name.
    pub name: String,
    /// Raw α of the other `k − 1` items (`None` when `k − 1 < 2`).
    pub alpha_if_deleted: Option<f64>,
    /// Standardised α of the other `k − 1` items (`None` when `k − 1 < 2` or undefined).
    pub standardised_alpha_if_deleted: Option<f64>,
    /// Corrected item-total correlation: Pearson r between the item and the sum of the other items
    /// (psych `r.drop`; `None` if that sum is constant).
    pub corrected_item_total_r: Option<f64>,
}

/// Cronbach's α of a set of items (indicators of one dimension).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CronbachAlpha {
    /// Number of items.
    pub k: usize,
    /// Number of observations used (complete rows).
    pub n_obs: usize,
    /// Raw α from the sample covariance matrix.
    pub raw: f64,
    /// Standardised α from the mean inter-item correlation.
    pub standardised: f64,
    /// Mean off-diagonal Pearson correlation r̄.
    pub mean_inter_item_r: f64,
    /// Per-item statistics, in input order.
    pub items: Vec<ItemStatistics>,
}

/// `k/(k−1) (1 − tr C / ΣC)` of a covariance matrix restricted to `keep`.
fn raw_alpha(cov: &DMatrix<f64>, keep: &[usize]) -> Option<f64> {
    let k = keep.len();
    if k < 2 {
        return None;
    }
    let (mut tr, mut total) = (0.0, 0.0);
    for &a in keep {
        tr += cov[(a, a)];
        for &b in keep {
            total += cov[(a, b)];
        }
    }
    if total <= 0.0 {
        return None;
    }
    Some(k as f64 / (k - 1) as f64 * (1.0 - tr / total))
}

/// Mean off-diagonal correlation over `keep` and `k r̄ / (1 + (k−1) r̄)`.
fn std_alpha(corr: &DMatrix<f64>, keep: &[usize]) -> Option<(f64, f64)> {
    let k = keep.len();
    if k < 2 {
        return None;
    }
    let mut s = 0.0;
    for &a in keep {
        for &b in keep {
            if a != b {
                s += corr[(a, b)];
            }
        }
    }
    let rbar = s / (k * (k - 1)) as f64;
    let denom = 1.0 + (k - 1) as f64 * rbar;
    if denom <= 0.0 {
        return None;
    }
    Some((rbar, k as f64 * rbar / denom))
}

/// Cronbach's α (Cronbach 1951, *Psychometrika* 16, 297–334; Handbook 2008, §1.4.3), as R `psych::alpha`
/// reports it, on the complete rows (listwise deletion) of `k ≥ 2` items:
///
/// - raw `α = k/(k−1) · (1 − Σᵢ σ²ᵢ / σ²_total)`, with sample (n − 1) item variances σ²ᵢ and σ²_total the
///   variance of the items' sum (= the sum of all entries of the covariance matrix C);
/// - standardised `α_std = k r̄ / (1 + (k−1) r̄)`, r̄ the mean off-diagonal Pearson correlation;
/// - per item: raw and standardised α of the remaining items ("alpha if item deleted") and the corrected
///   item-total correlation `r(xᵢ, Σ_{j≠i} xⱼ) = Σ_{j≠i} Cᵢⱼ / √(Cᵢᵢ · Σ_{j,l≠i} Cⱼₗ)` (psych `r.drop`).
///
/// The covariance matrix is computed by blocked matrix products (nalgebra's `gemm`). α can be negative (items negatively correlated); this is
/// reported, not an error.
///
/// Errors: [`CompositeError::TooFew`] (fewer than 2 items or 2 complete rows), [`CompositeError::ConstantColumn`]
/// (an item constant over the complete rows), [`CompositeError::DimensionMismatch`], [`CompositeError::InvalidValue`].
///
/// ```
/// use mfg_quality_composite::analysis::{cronbach_alpha, NamedColumn};
/// let (a, b) = ([1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 3.0, 5.0]);
/// let alpha = cronbach_alpha(&[NamedColumn::new("a", &a), NamedColumn::new("b", &b)])?;
/// assert!(alpha.raw > 0.9 && alpha.raw < 1.0);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn cronbach_alpha(items: &[NamedColumn]) -> Result<CronbachAlpha> {
    let n = validate("cronbach alpha", items)?;
    let k = items.len();
    if k < 2 {
        return Err(CompositeError::TooFew {
            method: "cronbach alpha",
            what: "items",
            needed: 2,
            got: k,
        });
    }
    // Complete items are read in place; otherwise their complete rows are gathered first.
    let gathered;
    let (cols, n_obs): (Vec<&[f64]>, usize) = if all_complete(items) {
        (items.iter().map(|c| c.values).collect(), n)
    } else {
        let (data, n_obs) = listwise(items, n);
        gathered = data;
        (
            if n_obs == 0 {
                vec![&[][..]; k]
            } else {
                gathered.chunks(n_obs).collect()
            },
            n_obs,
        )
    };
    if n_obs < 2 {
        return Err(CompositeError::TooFew {
            method: "cronbach alpha",
            what: "complete observations",
            needed: 2,
            got: n_obs,
        });
    }
    // The covariance matrix through blocked matrix products (`crate::covariance`).
    let cov = crate::covariance::moments(&cols, n_obs).cov;
    if cov.iter().any(|v| !v.is_finite()) {
        return Err(CompositeError::Numerical {
            method: "cronbach alpha",
            reason: "the covariance matrix overflows f64 (values too large)".into(),
        });
    }
    for (j, item) in items.iter().enumerate() {
        if cov[(j, j)] <= 0.0 {
            return Err(CompositeError::ConstantColumn {
                method: "cronbach alpha",
                indicator: item.name.to_string(),
            });
        }
    }
    let sd: Vec<f64> = (0..k).map(|j| cov[(j, j)].sqrt()).collect();
    let corr = DMatrix::from_fn(k, k, |a, b| cov[(a, b)] / (sd[a] * sd[b]));
    let all: Vec<usize> = (0..k).collect();
    let raw = raw_alpha(&cov, &all).ok_or_else(|| CompositeError::Numerical {
        method: "cronbach alpha",
        reason: "the variance of the total score is not positive".into(),
    })?;
    let (rbar, standardised) = std_alpha(&corr, &all).ok_or_else(|| CompositeError::Numerical {
        method: "cronbach alpha",
        reason: "1 + (k − 1) r̄ is not positive (strongly negative inter-item correlations)".into(),
    })?;
    let total: f64 = cov.iter().sum();
    let items_stats = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let rest: Vec<usize> = (0..k).filter(|&j| j != i).collect();
            let cov_rest: f64 = rest.iter().map(|&j| cov[(i, j)]).sum();
            let var_rest = total - 2.0 * cov_rest - cov[(i, i)];
            let r_drop = if var_rest > 0.0 {
                Some((cov_rest / (cov[(i, i)] * var_rest).sqrt()).clamp(-1.0, 1.0))
            } else {
                None
            };
            ItemStatistics {
                name: item.name.to_string(),
                alpha_if_deleted: raw_alpha(&cov, &rest),
                standardised_alpha_if_deleted: std_alpha(&corr, &rest).map(|(_, a)| a),
                corrected_item_total_r: r_drop,
            }
        })
        .collect();
    Ok(CronbachAlpha {
        k,
        n_obs,
        raw,
        standardised,
        mean_inter_item_r: rbar,
        items: items_stats,
    })
}

/// A PCA summary of a set of named columns (Handbook 2008, §1.4.1 and step 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PcaSummary {
    /// Column names (variables), in input order.
    pub names: Vec<String>,
    /// Observations used (complete rows).
    pub n_obs: usize,
    /// Whether the correlation matrix (standardised data) was decomposed.
    pub standardised: bool,
    /// Eigenvalues, descending.
    pub eigenvalues: Vec<f64>,
    /// Share of the total variance per component.
    pub explained_variance_ratio: Vec<f64>,
    /// Cumulative share of the total variance.
    pub cumulative_variance_ratio: Vec<f64>,
    /// Unit-length eigenvectors, column-major `k × k` (column c = component c), signs as [`Pca`].
    pub eigenvectors: Vec<f64>,
    /// Loadings `eigenvector · √eigenvalue`, column-major `k × k`; on standardised data the correlation of
    /// each variable with each component (the Handbook's "factor loadings").
    pub loadings: Vec<f64>,
    /// Components retained by the Kaiser criterion: eigenvalue above the mean eigenvalue (> 1 on the
    /// correlation matrix; Kaiser 1960, Handbook 2008 §1.4.1).
    pub kaiser_components: usize,
}

impl PcaSummary {
    /// Loading of variable `var` on component `component`.
    pub fn loading(&self, var: usize, component: usize) -> f64 {
        self.loadings[component * self.names.len() + var]
    }
}

/// PCA summary of named columns on their complete rows (listwise deletion), computed by
/// [`crate::pca::Pca::fit`] (symmetric eigen-decomposition of the correlation matrix when `standardise`, else
/// of the sample covariance matrix).
///
/// Errors: those of [`Pca::fit`] (too few rows, constant column when standardising), plus
/// [`CompositeError::DimensionMismatch`] and [`CompositeError::InvalidValue`] for malformed columns.
pub fn pca_summary(cols: &[NamedColumn], standardise: bool) -> Result<PcaSummary> {
    let n = validate("PCA", cols)?;
    if cols.is_empty() {
        return Err(CompositeError::TooFew {
            method: "PCA",
            what: "columns",
            needed: 1,
            got: 0,
        });
    }
    let (data, n_obs) = listwise(cols, n);
    let pca = Pca::fit(&data, n_obs, standardise).map_err(|e| match e {
        CompositeError::ConstantColumn {
            method,
            indicator: column,
        } => CompositeError::ConstantColumn {
            method,
            indicator: column
                .parse::<usize>()
                .ok()
                .and_then(|j| cols.get(j))
                .map_or(column, |c| c.name.to_string()),
        },
        other => other,
    })?;
    let k = cols.len();
    if pca
        .eigenvalues
        .iter()
        .chain(&pca.loadings)
        .any(|v| !v.is_finite())
    {
        return Err(CompositeError::Numerical {
            method: "PCA",
            reason: "the covariance matrix overflows f64 (values too large)".into(),
        });
    }
    let mut cumulative = Vec::with_capacity(k);
    let mut acc = 0.0;
    for &r in &pca.explained_variance_ratio {
        acc += r;
        cumulative.push(acc.min(1.0));
    }
    let mut loadings = pca.loadings.clone();
    for (c, &l) in pca.eigenvalues.iter().enumerate() {
        let s = l.max(0.0).sqrt();
        loadings[c * k..(c + 1) * k]
            .iter_mut()
            .for_each(|v| *v *= s);
    }
    let mean_eig = pca.eigenvalues.iter().sum::<f64>() / k as f64;
    let kaiser_components = pca
        .eigenvalues
        .iter()
        .filter(|&&l| l > mean_eig * (1.0 + 1e-12))
        .count();
    Ok(PcaSummary {
        names: cols.iter().map(|c| c.name.to_string()).collect(),
        n_obs,
        standardised: standardise,
        eigenvalues: pca.eigenvalues,
        explained_variance_ratio: pca.explained_variance_ratio,
        cumulative_variance_ratio: cumulative,
        eigenvectors: pca.loadings,
        loadings,
        kaiser_components,
    })
}
