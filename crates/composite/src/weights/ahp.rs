//! The Analytic Hierarchy Process (Saaty 1980, *The Analytic Hierarchy Process*; Saaty 2008, "Decision
//! making with the analytic hierarchy process", Int. J. Services Sciences 1(1)): priorities from a
//! positive-reciprocal pairwise comparison matrix, its consistency, and the completion of incomplete matrices
//! (Harker 1987).
//!
//! * Priorities: the principal right eigenvector `A w = λmax w`, scaled to sum 1.
//! * Consistency index `CI = (λmax − n)/(n − 1)`; consistency ratio `CR = CI / RI(n)` with a Random Index
//!   table ([`RandomIndexTable`]); `CR ≤ 0.1` is "acceptable" (Saaty) — reported, never an error. For n ≤ 2
//!   every reciprocal matrix is consistent: CI = CR = 0.
//!
//! Eigen-decomposition (nalgebra): λmax is the largest real eigenvalue from the real Schur form
//! ([`nalgebra::Matrix::complex_eigenvalues`]); the eigenvector is the null vector of `A − λmax I`, the right
//! singular vector of its smallest singular value ([`nalgebra::SVD`]). By the Perron–Frobenius theorem λmax
//! is simple and its eigenvector strictly positive for a positive (or, after Harker's completion, an
//! irreducible non-negative) matrix; the result is checked to be positive.
//!
//! [`Ahp`] is the validated weighting: the matrix is checked and its priorities computed once, at
//! construction; weighing a node only checks that the node has `n` children.

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

use super::{Weigher, check_children, normalise_weights};
use crate::{CompositeError, Result};

/// Random Index tables (mean CI of random reciprocal matrices of size n).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RandomIndexTable {
    /// Saaty's classic table (Saaty 1980), n = 1..15: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
    /// 1.51, 1.48, 1.56, 1.57, 1.59 (as in pyDecision `ahp.py`; 1.48 at n = 12 is as published). The default.
    #[default]
    Saaty1980,
    /// Saaty (2005), *Theory and Applications of the Analytic Network Process*, p. 31, n = 3..15: 0.52, 0.89,
    /// 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59 (as in AHPy).
    Saaty2005,
    /// Donegan & Dodd (1991), "A note on Saaty's random indexes", Math. Comput. Modelling 15(10): n = 3..20,
    /// 25, 30, 40, ..., 100, linearly interpolated between tabulated sizes (as AHPy).
    DoneganDodd1991,
}

const SAATY_1980: [f64; 15] = [
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];
const SAATY_2005: [f64; 13] = [
    0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59,
];
const DONEGAN_DODD: [(usize, f64); 27] = [
    (3, 0.4914),
    (4, 0.8286),
    (5, 1.0591),
    (6, 1.1797),
    (7, 1.2519),
    (8, 1.3171),
    (9, 1.3733),
    (10, 1.4055),
    (11, 1.4213),
    (12, 1.4497),
    (13, 1.4643),
    (14, 1.4822),
    (15, 1.4969),
    (16, 1.5078),
    (17, 1.5153),
    (18, 1.5262),
    (19, 1.5313),
    (20, 1.5371),
    (25, 1.5619),
    (30, 1.5772),
    (40, 1.5976),
    (50, 1.6102),
    (60, 1.6178),
    (70, 1.6237),
    (80, 1.6277),
    (90, 1.6213),
    (100, 1.6339),
];

impl RandomIndexTable {
    /// The table's reference, e.g. `Saaty (1980)`.
    pub fn label(self) -> &'static str {
        match self {
            RandomIndexTable::Saaty1980 => "Saaty (1980)",
            RandomIndexTable::Saaty2005 => "Saaty (2005)",
            RandomIndexTable::DoneganDodd1991 => "Donegan & Dodd (1991)",
        }
    }

    /// RI(n). n ≤ 2 gives 0 (CR is 0 by definition there).
    ///
    /// # Errors
    /// [`CompositeError::RandomIndexOutOfRange`] beyond the table: n > 15 (Saaty 1980 and 2005), n > 100
    /// (Donegan–Dodd).
    pub fn value(self, n: usize) -> Result<f64> {
        if n <= 2 {
            return Ok(0.0);
        }
        let too_large = |limit| CompositeError::RandomIndexOutOfRange {
            node: None,
            table: self.label(),
            limit,
            n,
        };
        match self {
            RandomIndexTable::Saaty1980 => SAATY_1980.get(n - 1).copied().ok_or(too_large(15)),
            RandomIndexTable::Saaty2005 => SAATY_2005.get(n - 3).copied().ok_or(too_large(15)),
            RandomIndexTable::DoneganDodd1991 => {
                if n > 100 {
                    return Err(too_large(100));
                }
                let k = DONEGAN_DODD.partition_point(|&(m, _)| m < n);
                let (m1, r1) = DONEGAN_DODD[k];
                if m1 == n {
                    return Ok(r1);
                }
                let (m0, r0) = DONEGAN_DODD[k - 1];
                Ok(r0 + (r1 - r0) * (n - m0) as f64 / (m1 - m0) as f64)
            }
        }
    }
}

/// A validated pairwise comparison matrix, possibly incomplete. `a_ij` = how much more important element i
/// is than element j (Saaty's 1–9 scale, though any positive value is accepted).
#[derive(Debug, Clone, PartialEq)]
pub struct PairwiseMatrix {
    n: usize,
    /// Row-major entries; 0 where missing.
    a: Vec<f64>,
    missing: usize,
}

/// Default tolerance on `|a_ij · a_ji − 1|` and `|a_ii − 1|`: 0.01 accepts entries rounded to 3
/// significant digits (e.g. 0.333 for 1/3).
pub const RECIPROCAL_TOLERANCE: f64 = 0.01;

fn bad(reason: String) -> CompositeError {
    CompositeError::InvalidPairwiseMatrix { node: None, reason }
}

impl PairwiseMatrix {
    /// A complete matrix, given by rows, checked with [`RECIPROCAL_TOLERANCE`].
    ///
    /// ```
    /// use mfg_quality_composite::weights::ahp::{ahp, PairwiseMatrix, RandomIndexTable};
    /// let m = PairwiseMatrix::new(vec![vec![1.0, 3.0], vec![1.0 / 3.0, 1.0]]).unwrap();
    /// let r = ahp(&m, RandomIndexTable::Saaty1980).unwrap();
    /// assert!((r.priorities[0] - 0.75).abs() < 1e-12);
    /// ```
    ///
    /// # Errors
    /// [`CompositeError::InvalidPairwiseMatrix`] when the matrix is empty or not square, an entry is not
    /// finite and positive, a diagonal entry is not 1, or `a_ij · a_ji ≠ 1` (the reason names (i, j),
    /// 0-based).
    pub fn new(rows: Vec<Vec<f64>>) -> Result<Self> {
        Self::with_tolerance(rows, RECIPROCAL_TOLERANCE)
    }

    /// As [`PairwiseMatrix::new`] with a given reciprocity tolerance.
    ///
    /// # Errors
    /// As [`PairwiseMatrix::new`].
    pub fn with_tolerance(rows: Vec<Vec<f64>>, tolerance: f64) -> Result<Self> {
        Self::incomplete_with_tolerance(
            rows.into_iter()
                .map(|r| r.into_iter().map(Some).collect())
                .collect(),
            tolerance,
        )
    }

    /// An incomplete matrix: `None` marks a missing comparison. Missing entries must come in pairs
    /// (`a_ij` missing iff `a_ji` missing), the diagonal must be given, and the given comparisons must
    /// connect all elements (otherwise the priorities are not determined). Completed by Harker's method in
    /// [`ahp`].
    ///
    /// # Errors
    /// As [`PairwiseMatrix::new`], plus unpaired missing entries and disconnected comparisons.
    pub fn incomplete(rows: Vec<Vec<Option<f64>>>) -> Result<Self> {
        Self::incomplete_with_tolerance(rows, RECIPROCAL_TOLERANCE)
    }

    fn incomplete_with_tolerance(rows: Vec<Vec<Option<f64>>>, tol: f64) -> Result<Self> {
        let n = rows.len();
        if n == 0 {
            return Err(bad("the matrix is empty (n = 0)".into()));
        }
        if !(tol.is_finite() && tol >= 0.0) {
            return Err(bad(format!("tolerance {tol} must be finite and ≥ 0")));
        }
        if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != n) {
            return Err(bad(format!(
                "the matrix is not square: row {i} has {} entries, expected {n}",
                r.len()
            )));
        }
        let mut a = vec![0.0; n * n];
        let mut missing = 0;
        for i in 0..n {
            for j in 0..n {
                match rows[i][j] {
                    Some(v) if !(v.is_finite() && v > 0.0) => {
                        return Err(bad(format!(
                            "entry ({i}, {j}) = {v} is not finite and positive"
                        )));
                    }
                    Some(v) => a[i * n + j] = v,
                    None if i == j => {
                        return Err(bad(format!("diagonal entry ({i}, {i}) is missing")));
                    }
                    None => {
                        if rows[j][i].is_some() {
                            return Err(bad(format!(
                                "entry ({i}, {j}) is missing but ({j}, {i}) is given"
                            )));
                        }
                        missing += 1;
                    }
                }
            }
        }
        for i in 0..n {
            if (a[i * n + i] - 1.0).abs() > tol {
                return Err(bad(format!(
                    "diagonal entry ({i}, {i}) = {} is not 1",
                    a[i * n + i]
                )));
            }
            for j in (i + 1)..n {
                let (x, y) = (a[i * n + j], a[j * n + i]);
                if x > 0.0 && (x * y - 1.0).abs() > tol {
                    return Err(bad(format!(
                        "not reciprocal at ({i}, {j}): a_ij = {x} but a_ji = {y} (a_ij · a_ji = {})",
                        x * y
                    )));
                }
            }
        }
        // Connectivity of the comparison graph.
        let mut seen = vec![false; n];
        let mut stack = vec![0];
        seen[0] = true;
        while let Some(i) = stack.pop() {
            for j in 0..n {
                if !seen[j] && a[i * n + j] > 0.0 {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        if let Some(j) = seen.iter().position(|s| !s) {
            return Err(bad(format!(
                "the comparisons do not connect element {j} to element 0: priorities are undetermined"
            )));
        }
        Ok(PairwiseMatrix {
            n,
            a: a.into_iter().map(|v| v.max(0.0)).collect(),
            missing: missing / 2,
        })
    }

    /// Size n.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Number of missing comparisons (pairs i < j).
    pub fn n_missing(&self) -> usize {
        self.missing
    }

    /// Entry `a_ij`, `None` if missing.
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        let v = self.a[i * self.n + j];
        (v > 0.0).then_some(v)
    }
}

/// The result of [`ahp`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AhpResult {
    /// Priorities (the principal eigenvector scaled to sum 1), in matrix order.
    pub priorities: Vec<f64>,
    /// The principal eigenvalue λmax (of Harker's completed matrix for an incomplete matrix).
    pub lambda_max: f64,
    /// Consistency index `(λmax − n)/(n − 1)` (0 for n ≤ 2).
    pub ci: f64,
    /// Random index used.
    pub random_index: f64,
    /// Consistency ratio `CI / RI` (0 for n ≤ 2).
    pub cr: f64,
    /// `cr ≤ 0.1` (Saaty's acceptability rule; a diagnostic).
    pub consistent: bool,
    /// Number of missing comparisons completed by Harker's method.
    pub n_missing: usize,
}

/// AHP priorities and consistency of a pairwise matrix (see the [module docs](self)).
///
/// Incomplete matrices are completed by Harker's method (Harker 1987, "Incomplete pairwise comparisons in
/// the analytic hierarchy process", Math. Modelling 9(11):837–848): each missing `a_ij` is replaced by 0 and
/// the number of missing entries of row i is added to the diagonal `a_ii`; the priorities are the principal
/// eigenvector of that matrix, and λmax its principal eigenvalue.
///
/// # Errors
/// [`CompositeError::RandomIndexOutOfRange`] when the Random Index table has no entry for n;
/// [`CompositeError::Numerical`] if the eigen-decomposition does not yield a positive eigenvector.
pub fn ahp(matrix: &PairwiseMatrix, table: RandomIndexTable) -> Result<AhpResult> {
    let n = matrix.n;
    let random_index = table.value(n)?;
    if n == 1 {
        return Ok(AhpResult {
            priorities: vec![1.0],
            lambda_max: 1.0,
            ci: 0.0,
            random_index,
            cr: 0.0,
            consistent: true,
            n_missing: 0,
        });
    }
    let mut h = DMatrix::from_row_slice(n, n, &matrix.a);
    for i in 0..n {
        let m = (0..n).filter(|&j| matrix.a[i * n + j] <= 0.0).count();
        h[(i, i)] += m as f64;
    }
    let numerical = |reason: String| CompositeError::Numerical {
        method: "AHP eigenvector",
        reason,
    };
    let ev = h.complex_eigenvalues();
    let scale = h.amax().max(1.0);
    let lambda_max = ev
        .iter()
        .filter(|z| z.im.abs() <= 1e-9 * scale)
        .map(|z| z.re)
        .fold(f64::NEG_INFINITY, f64::max);
    if !lambda_max.is_finite() {
        return Err(numerical("no real eigenvalue found".into()));
    }
    let mut shifted = h.clone();
    for i in 0..n {
        shifted[(i, i)] -= lambda_max;
    }
    let svd = shifted.svd(false, true);
    let v_t = svd
        .v_t
        .ok_or_else(|| numerical("SVD did not return V".into()))?;
    let kmin = (0..n)
        .min_by(|&a, &b| svd.singular_values[a].total_cmp(&svd.singular_values[b]))
        .unwrap_or(0);
    let mut w: Vec<f64> = v_t.row(kmin).iter().copied().collect();
    let s: f64 = w.iter().sum();
    if s == 0.0 || !s.is_finite() {
        return Err(numerical("degenerate eigenvector".into()));
    }
    w.iter_mut().for_each(|v| *v /= s);
    if let Some(i) = w.iter().position(|&v| v <= 0.0) {
        return Err(numerical(format!(
            "the principal eigenvector is not positive at element {i} ({})",
            w[i]
        )));
    }
    let ci = ((lambda_max - n as f64) / (n - 1) as f64).max(0.0);
    let cr = if random_index > 0.0 {
        ci / random_index
    } else {
        0.0
    };
    Ok(AhpResult {
        priorities: w,
        lambda_max,
        ci,
        random_index,
        cr,
        consistent: cr <= 0.1,
        n_missing: matrix.missing,
    })
}

/// AHP weights of a node's children: the priorities of a (possibly incomplete) pairwise comparison matrix,
/// rows in child order, computed by [`ahp`] at construction (Saaty 1980; Harker 1987 for an incomplete
/// matrix). Not data-driven. Weighing a node whose child count differs from the matrix size is a
/// [`CompositeError::InvalidPairwiseMatrix`] naming the node.
///
/// ```
/// use mfg_quality_composite::weights::{Ahp, RandomIndexTable, Weigher};
/// let a = Ahp::new(vec![vec![1.0, 3.0], vec![1.0 / 3.0, 1.0]], RandomIndexTable::Saaty1980)?;
/// assert!((a.result().priorities[0] - 0.75).abs() < 1e-12);
/// let w = a.weigh(&[], 0, &[1.0, 1.0], "pillar")?;
/// assert!((w[0] - 0.75).abs() < 1e-12);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Ahp {
    matrix: PairwiseMatrix,
    random_index: RandomIndexTable,
    result: AhpResult,
    incomplete: bool,
}

impl Ahp {
    /// AHP of a complete matrix given by rows (checked as [`PairwiseMatrix::new`]).
    ///
    /// # Errors
    /// [`CompositeError::InvalidPairwiseMatrix`] (malformed matrix), [`CompositeError::RandomIndexOutOfRange`] (no
    /// Random Index for n in `random_index`), [`CompositeError::Numerical`] (eigenvector).
    pub fn new(rows: Vec<Vec<f64>>, random_index: RandomIndexTable) -> Result<Self> {
        Self::build(PairwiseMatrix::new(rows)?, random_index, false)
    }

    /// AHP of an incomplete matrix given by rows, `None` where missing (checked as
    /// [`PairwiseMatrix::incomplete`]), completed by Harker's method. Its [`Weigher::name`] is
    /// `"ahp_incomplete"`.
    ///
    /// # Errors
    /// As [`Ahp::new`], plus unpaired missing entries and disconnected comparisons.
    pub fn incomplete(rows: Vec<Vec<Option<f64>>>, random_index: RandomIndexTable) -> Result<Self> {
        Self::build(PairwiseMatrix::incomplete(rows)?, random_index, true)
    }

    /// AHP of an already validated matrix (e.g. one built with a custom tolerance by
    /// [`PairwiseMatrix::with_tolerance`]); named `"ahp_incomplete"` when it has missing comparisons.
    ///
    /// # Errors
    /// [`CompositeError::RandomIndexOutOfRange`], [`CompositeError::Numerical`] as [`Ahp::new`].
    pub fn from_matrix(matrix: PairwiseMatrix, random_index: RandomIndexTable) -> Result<Self> {
        let incomplete = matrix.n_missing() > 0;
        Self::build(matrix, random_index, incomplete)
    }

    fn build(
        matrix: PairwiseMatrix,
        random_index: RandomIndexTable,
        incomplete: bool,
    ) -> Result<Self> {
        let result = ahp(&matrix, random_index)?;
        Ok(Ahp {
            matrix,
            random_index,
            result,
            incomplete,
        })
    }

    /// The pairwise matrix.
    pub fn matrix(&self) -> &PairwiseMatrix {
        &self.matrix
    }

    /// The Random Index table used for the CR.
    pub fn random_index(&self) -> RandomIndexTable {
        self.random_index
    }

    /// The AHP result: priorities, λmax, CI, CR, `consistent`.
    pub fn result(&self) -> &AhpResult {
        &self.result
    }
}

impl Weigher for Ahp {
    fn name(&self) -> &'static str {
        if self.incomplete {
            "ahp_incomplete"
        } else {
            "ahp"
        }
    }

    fn is_data_driven(&self) -> bool {
        false
    }

    /// # Errors
    /// [`CompositeError::InvalidPairwiseMatrix`] naming `node` when the node does not have `n` children;
    /// [`CompositeError::InvalidWeights`] when it has none.
    fn weigh(&self, data: &[f64], n_rows: usize, nominal: &[f64], node: &str) -> Result<Vec<f64>> {
        let n = check_children(self.name(), false, data, n_rows, nominal, node)?;
        if self.matrix.n() != n {
            return Err(CompositeError::InvalidPairwiseMatrix {
                node: Some(node.to_string()),
                reason: format!(
                    "the matrix is {0} × {0} but the node has {n} children",
                    self.matrix.n()
                ),
            });
        }
        normalise_weights(&self.result.priorities, n, node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructor_rejects_each_bad_parameter() {
        let t = RandomIndexTable::Saaty1980;
        for rows in [
            vec![],                                    // empty
            vec![vec![1.0, 2.0], vec![0.5]],           // not square
            vec![vec![1.0, -2.0], vec![-0.5, 1.0]],    // not positive
            vec![vec![2.0, 1.0], vec![1.0, 1.0]],      // diagonal not 1
            vec![vec![1.0, 3.0], vec![3.0, 1.0]],      // not reciprocal
            vec![vec![1.0, f64::NAN], vec![1.0, 1.0]], // not finite
        ] {
            assert!(
                matches!(
                    Ahp::new(rows.clone(), t),
                    Err(CompositeError::InvalidPairwiseMatrix { node: None, .. })
                ),
                "{rows:?}"
            );
        }
        // no Random Index for n = 16 in Saaty's table
        let big: Vec<Vec<f64>> = vec![vec![1.0; 16]; 16];
        assert!(matches!(
            Ahp::new(big, t),
            Err(CompositeError::RandomIndexOutOfRange {
                limit: 15,
                n: 16,
                ..
            })
        ));
        // incomplete: unpaired missing entry, missing diagonal, disconnected
        for rows in [
            vec![vec![Some(1.0), None], vec![Some(1.0), Some(1.0)]],
            vec![vec![None, Some(1.0)], vec![Some(1.0), Some(1.0)]],
            vec![vec![Some(1.0), None], vec![None, Some(1.0)]],
        ] {
            assert!(matches!(
                Ahp::incomplete(rows, t),
                Err(CompositeError::InvalidPairwiseMatrix { .. })
            ));
        }
    }

    #[test]
    fn names_and_wrong_size() {
        let t = RandomIndexTable::Saaty1980;
        let rows = vec![vec![Some(1.0), Some(2.0)], vec![Some(0.5), Some(1.0)]];
        let a = Ahp::incomplete(rows, t).unwrap();
        assert_eq!(a.name(), "ahp_incomplete");
        let m = PairwiseMatrix::new(vec![vec![1.0, 2.0], vec![0.5, 1.0]]).unwrap();
        let b = Ahp::from_matrix(m, t).unwrap();
        assert_eq!(b.name(), "ahp");
        assert_eq!(b.matrix().n(), 2);
        assert_eq!(b.random_index(), t);
        assert!(!b.is_data_driven());
        match b.weigh(&[], 0, &[1.0; 3], "pillar") {
            Err(CompositeError::InvalidPairwiseMatrix { node, .. }) => {
                assert_eq!(node.as_deref(), Some("pillar"))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            b.weigh(&[], 0, &[], "pillar"),
            Err(CompositeError::InvalidWeights { .. })
        ));
    }
}
