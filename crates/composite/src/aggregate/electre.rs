//! ELECTRE I, ELimination Et Choix Traduisant la REalité (Roy 1968, "Classement et choix en présence de
//! points de vue multiples (la méthode ELECTRE)", *Revue française d'informatique et de recherche
//! opérationnelle* 2(8), 57–75; Figueira, Mousseau & Roy 2005, "ELECTRE methods", in *Multiple Criteria
//! Decision Analysis: State of the Art Surveys*, Springer, ch. 4, §4.3.1).
//!
//! ELECTRE I does not score: it builds an **outranking graph** and selects its **kernel**, the subset of
//! alternatives from which the best choice is made. With weights normalised to sum 1, `gⱼ = xⱼ` (benefit)
//! or `−xⱼ` (cost), and `δⱼ = maxᵢ xᵢⱼ − minᵢ xᵢⱼ` the range of criterion `j`:
//!
//! - concordance `c(a, b) = Σ_{j : gⱼ(a) ≥ gⱼ(b)} wⱼ` in [0, 1], the weight of the criteria on which `a` is
//!   at least as good as `b`;
//! - discordance `d(a, b) = maxⱼ max(0, gⱼ(b) − gⱼ(a)) / δⱼ` in [0, 1], the largest shortfall of `a` behind
//!   `b` relative to the criterion's range (a criterion with `δⱼ = 0` has no shortfall);
//! - `a` **outranks** `b` (`a S b`, for `a ≠ b`) when `c(a, b) ≥ ĉ` and `d(a, b) ≤ d̂`, with the
//!   concordance threshold `ĉ` and discordance threshold `d̂` in [0, 1] (typically `ĉ` ≥ 0.5 and `d̂` small);
//! - the **kernel** `K`: no member of `K` outranks another (stability) and every alternative outside `K` is
//!   outranked by a member (absorbency). It is found by taking the alternatives that no remaining
//!   alternative outranks, removing them and those they outrank, and repeating. On an acyclic graph the
//!   kernel exists and is unique and this finds it; with a cycle the search may stall (no remaining
//!   alternative is unoutranked) and [`ElectreIResult::kernel`] is `None` (Roy's remedy, merging each
//!   cycle into one class, or other thresholds, is left to the caller); when the search completes despite
//!   a cycle, the set found is a kernel, but possibly not the only one.
//!
//! Stand-alone only ([`electre_i`]), not an aggregation, since it ranks nothing. pymcdm 1.4 has no
//! ELECTRE I; the tests compare with the formulas above written in NumPy. Cost `O(n² m)` time and `O(n²)`
//! memory (three `n × n` tables), checked against [`crate::MAX_ALLOCATION_BYTES`].

use serde::{Deserialize, Serialize};

use super::CriterionType;
use crate::{CompositeError, Result};

/// ELECTRE I outputs; the `n × n` tables are row-major (`[a * n + b]` is the pair `(a, b)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectreIResult {
    /// Number of alternatives `n`.
    pub n: usize,
    /// Concordance `c(a, b)` (the diagonal is 1).
    pub concordance: Vec<f64>,
    /// Discordance `d(a, b)` (the diagonal is 0).
    pub discordance: Vec<f64>,
    /// The outranking relation `a S b` (the diagonal is `false`).
    pub outranks: Vec<bool>,
    /// The kernel, in increasing order, or `None` when the search stalls on a cycle (module docs).
    pub kernel: Option<Vec<usize>>,
}

impl ElectreIResult {
    /// Whether `a` outranks `b`.
    pub fn outranks(&self, a: usize, b: usize) -> bool {
        self.outranks[a * self.n + b]
    }
}

fn check_threshold(value: f64, parameter: &'static str) -> Result<()> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(CompositeError::InvalidParameter {
            method: "electre_i",
            parameter,
            reason: format!("{value} is not in [0, 1]"),
        })
    }
}

/// ELECTRE I on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria) with
/// per-criterion types (`types` empty = all benefit), concordance threshold `c_hat` and discordance
/// threshold `d_hat` (module docs for the definitions).
///
/// # Errors
/// [`CompositeError::InvalidParameter`] (`concordance_threshold`, `discordance_threshold` outside [0, 1]),
/// [`CompositeError::DimensionMismatch`], [`CompositeError::InvalidWeights`],
/// [`CompositeError::InvalidValue`] (NaN or ±Inf), [`CompositeError::TooMuchMemory`] (the `n × n` tables).
///
/// ```
/// use mfg_quality_composite::aggregate::electre_i;
/// // Alternative 0 is best on both criteria, 1 and 2 trade off.
/// let data = [3.0, 2.0, 1.0, /* criterion 2 */ 3.0, 1.0, 2.0];
/// let r = electre_i(&data, 3, &[0.5, 0.5], &[], 0.6, 0.5)?;
/// assert!(r.outranks(0, 1) && r.outranks(0, 2) && !r.outranks(1, 2));
/// assert_eq!(r.kernel, Some(vec![0]));
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn electre_i(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
    c_hat: f64,
    d_hat: f64,
) -> Result<ElectreIResult> {
    check_threshold(c_hat, "concordance_threshold")?;
    check_threshold(d_hat, "discordance_threshold")?;
    super::ratio_common::standalone("electre_i", data, n_rows, weights, types, |input| {
        let n = n_rows;
        let cells = (n as u128) * (n as u128);
        crate::check_allocation("electre_i", "alternatives", n, cells, 17)?;
        let mut conc = vec![0.0f64; n * n];
        let mut disc = vec![0.0f64; n * n];
        let mut g = vec![0.0; n];
        for j in 0..input.n_cols {
            let s = match types.get(j).copied().unwrap_or_default() {
                CriterionType::Benefit => 1.0,
                CriterionType::Cost => -1.0,
            };
            let col = input.col(j);
            g.iter_mut().zip(col).for_each(|(g, &x)| *g = s * x);
            let (lo, hi) = col
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
                    (l.min(x), h.max(x))
                });
            // Halved (exact for normal numbers), so a range of values near ±f64::MAX does not overflow.
            let half_range = 0.5 * hi - 0.5 * lo;
            let w = input.weights[j];
            for a in 0..n {
                let (row_c, row_d) = (&mut conc[a * n..(a + 1) * n], &mut disc[a * n..(a + 1) * n]);
                for b in 0..n {
                    let short = g[b] - g[a];
                    if short <= 0.0 {
                        row_c[b] += w;
                    } else if half_range > 0.0 {
                        let ratio = (0.5 * g[b] - 0.5 * g[a]) / half_range;
                        row_d[b] = row_d[b].max(ratio.min(1.0));
                    }
                }
            }
        }
        let mut outranks = vec![false; n * n];
        for a in 0..n {
            for b in 0..n {
                outranks[a * n + b] =
                    a != b && conc[a * n + b] >= c_hat && disc[a * n + b] <= d_hat;
            }
        }
        super::codas::check_finite_output("electre_i", "the discordance", &disc)?;
        let kernel = kernel_of(&outranks, n);
        Ok(ElectreIResult {
            n,
            concordance: conc,
            discordance: disc,
            outranks,
            kernel,
        })
    })
}

/// The kernel by repeated selection of unoutranked alternatives (module docs), `None` if it stalls.
fn kernel_of(s: &[bool], n: usize) -> Option<Vec<usize>> {
    let mut remaining = vec![true; n];
    let mut left = n;
    let mut kernel = Vec::new();
    while left > 0 {
        let sources: Vec<usize> = (0..n)
            .filter(|&b| remaining[b] && !(0..n).any(|a| remaining[a] && s[a * n + b]))
            .collect();
        if sources.is_empty() {
            return None;
        }
        for &k in &sources {
            remaining[k] = false;
            left -= 1;
        }
        for &k in &sources {
            for b in 0..n {
                if remaining[b] && s[k * n + b] {
                    remaining[b] = false;
                    left -= 1;
                }
            }
        }
        kernel.extend(sources);
    }
    kernel.sort_unstable();
    Some(kernel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_validated() {
        for (c, d, par) in [
            (1.5, 0.1, "concordance_threshold"),
            (f64::NAN, 0.1, "concordance_threshold"),
            (0.6, -0.1, "discordance_threshold"),
        ] {
            assert!(matches!(
                electre_i(&[1.0, 2.0], 2, &[1.0], &[], c, d),
                Err(CompositeError::InvalidParameter { parameter, .. }) if parameter == par
            ));
        }
    }

    #[test]
    fn a_cycle_without_a_source_has_no_kernel() {
        // 0 S 1, 1 S 2, 2 S 0.
        let mut s = vec![false; 9];
        s[1] = true;
        s[5] = true;
        s[6] = true;
        assert_eq!(kernel_of(&s, 3), None);
        // Two alternatives that outrank each other (indifferent): a 2-cycle.
        assert_eq!(kernel_of(&[false, true, true, false], 2), None);
        assert_eq!(kernel_of(&[false; 4], 2), Some(vec![0, 1]));
    }
}
