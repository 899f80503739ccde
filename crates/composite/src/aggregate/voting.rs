//! Social-choice rules on a **voting profile**: plurality, Borda and Copeland in counts and normalised,
//! the Condorcet winner and the majority cycles, and the Kemeny rankings — every tied optimum, and the
//! Kemeny score of any given ranking.
//!
//! A [`VotingProfile`] holds `n` candidates and a list of voters, each with a weight (a count of identical
//! ballots, or a criterion's weight) and a weak order of the candidates. It is built from ranked ballots
//! ([`VotingProfile::from_rankings`], strict orders, best first) or from a decision matrix
//! ([`VotingProfile::from_matrix`]: each column is a voter preferring higher values; equal values are
//! ties), the reading of composite indicators as an election among units with the indicators as voters
//! (OECD/JRC *Handbook on Constructing Composite Indicators*, 2008, §6.3; Munda & Nardo 2009).
//!
//! With voter weights `w_v` (total `W`) and `a ≻_v b` when voter `v` ranks `a` above `b`:
//!
//! - **plurality**: `Σ_v w_v [a is first for v] / t_v`, the first place shared equally among the `t_v`
//!   candidates tied there;
//! - **Borda count** (Borda 1781): `B_a = Σ_v w_v (#{b : a ≻_v b} + ½ #{b ≠ a : a ~_v b})`, in `[0, W(n − 1)]`,
//!   and normalised `B_a / (W (n − 1))` in `[0, 1]` (the aggregation [`Borda`](super::Borda) is the
//!   normalised-weights form `Σ_v (w_v / W) …`);
//! - **pairwise majority** `N_ab = Σ_v w_v [a ≻_v b]`; `a` beats `b` when `N_ab > N_ba` (margins within
//!   `1e-12 · W` are ties);
//! - **Copeland** (Copeland 1951): wins − losses over the pairwise contests, in `[−(n − 1), n − 1]`, and
//!   normalised `(wins − losses) / (n − 1)` in `[−1, 1]`; wins, losses and ties are reported;
//! - **Condorcet winner** (Condorcet 1785): the candidate that beats every other, if any; the **majority
//!   cycles** are the strongly connected components of two or more candidates of the "beats" graph
//!   (Tarjan 1972): a component is a set whose members beat one another round a cycle, such as the
//!   Condorcet paradox `a ≻ b ≻ c ≻ a`;
//! - **Kemeny** (Kemeny 1959; Young & Levenglick 1978): with `e_ab = (N_ab + ½ T_ab) / W` (`T_ab` the weight
//!   of voters indifferent between `a` and `b`, so `e_ab + e_ba = 1`), the rankings maximising the
//!   agreement `Σ_{a before b} e_ab`; [`kemeny_optima`] returns **all** optimal rankings (up to a cap) by
//!   dynamic programming over subsets, [`kemeny_agreement`] scores any ranking.
//!
//! Reference case (tests): the "Tennessee capital" profile of the Wikipedia articles on these methods
//! (Memphis 42, Nashville 26, Chattanooga 15, Knoxville 17): plurality elects Memphis, Nashville is the
//! Condorcet winner and wins Borda (194 points) and Copeland (3), and the Kemeny ranking is
//! Nashville ≻ Chattanooga ≻ Knoxville ≻ Memphis with agreement 393 in counts.

use std::cmp::Ordering;

use super::outranking::{KEMENY_HARD_LIMIT, kemeny_gain, kemeny_table};
use crate::{CompositeError, Result};

const METHOD: &str = "voting profile";

/// Candidates and weighted voters with weak orders (module docs). Validated at construction.
#[derive(Debug, Clone, PartialEq)]
pub struct VotingProfile {
    candidates: Vec<String>,
    weights: Vec<f64>,
    /// Per voter, one utility per candidate (higher is preferred; equal is a tie), voter-major.
    utility: Vec<f64>,
}

fn invalid(parameter: &'static str, reason: String) -> CompositeError {
    CompositeError::InvalidParameter {
        method: METHOD,
        parameter,
        reason,
    }
}

fn check_weight(v: usize, w: f64) -> Result<()> {
    if !(w.is_finite() && w > 0.0) {
        return Err(invalid(
            "weight",
            format!("voter {v} has weight {w}; weights must be finite and positive"),
        ));
    }
    Ok(())
}

impl VotingProfile {
    /// A profile of ranked ballots: `ballots[v] = (ranking, weight)`, each ranking a permutation of
    /// `0..candidates.len()` listing candidate indices best first, each weight finite and positive (e.g.
    /// the number of voters casting that ballot).
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] naming the ballot: no candidate, duplicate candidate names,
    /// no ballot, a ranking that is not a permutation (wrong length, an index out of range or repeated), a
    /// weight that is not finite and positive.
    ///
    /// ```
    /// use mfg_quality_composite::aggregate::voting::VotingProfile;
    /// let p = VotingProfile::from_rankings(
    ///     vec!["a".into(), "b".into(), "c".into()],
    ///     vec![(vec![0, 1, 2], 1.0), (vec![1, 2, 0], 1.0), (vec![2, 0, 1], 1.0)],
    /// )?;
    /// assert_eq!(p.condorcet_winner(), None); // the Condorcet paradox
    /// assert_eq!(p.majority_cycles(), vec![vec![0, 1, 2]]);
    /// # Ok::<(), mfg_quality_composite::CompositeError>(())
    /// ```
    pub fn from_rankings(candidates: Vec<String>, ballots: Vec<(Vec<usize>, f64)>) -> Result<Self> {
        let n = check_candidates(&candidates)?;
        if ballots.is_empty() {
            return Err(invalid("ballots", "no ballot".into()));
        }
        let mut weights = Vec::with_capacity(ballots.len());
        let mut utility = vec![0.0; ballots.len() * n];
        for (v, (ranking, w)) in ballots.iter().enumerate() {
            check_weight(v, *w)?;
            if ranking.len() != n {
                return Err(invalid(
                    "ballots",
                    format!("ballot {v} ranks {} candidates, not {n}", ranking.len()),
                ));
            }
            if let Some((pos, c)) = first_repeat_or_out_of_range(ranking, n) {
                return Err(invalid(
                    "ballots",
                    format!(
                        "ballot {v} is not a permutation of 0..{n} (candidate {c} at position {pos})"
                    ),
                ));
            }
            let row = &mut utility[v * n..(v + 1) * n];
            for (pos, &c) in ranking.iter().enumerate() {
                row[c] = (n - pos) as f64;
            }
            weights.push(*w);
        }
        Ok(VotingProfile {
            candidates,
            weights,
            utility,
        })
    }

    /// A profile read off a complete column-major decision matrix (`candidates.len()` rows × `weights.len()`
    /// columns): each column is a voter of that weight preferring higher values, equal values tied.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (no candidate, duplicate names, no column, a weight not finite
    /// and positive), [`CompositeError::DimensionMismatch`] (data length), [`CompositeError::InvalidValue`]
    /// (a non-finite value, naming the candidate and the column).
    pub fn from_matrix(candidates: Vec<String>, data: &[f64], weights: &[f64]) -> Result<Self> {
        let n = check_candidates(&candidates)?;
        if weights.is_empty() {
            return Err(invalid("weights", "no voter (column)".into()));
        }
        if data.len() != n * weights.len() {
            return Err(CompositeError::DimensionMismatch {
                method: METHOD,
                what: "data",
                expected: n * weights.len(),
                got: data.len(),
            });
        }
        for (v, &w) in weights.iter().enumerate() {
            check_weight(v, w)?;
            for (i, &x) in data[v * n..(v + 1) * n].iter().enumerate() {
                if !x.is_finite() {
                    return Err(CompositeError::InvalidValue {
                        method: METHOD,
                        unit: candidates[i].clone(),
                        indicator: format!("#{v}"),
                        value: x,
                        reason: "a value must be finite",
                    });
                }
            }
        }
        Ok(VotingProfile {
            candidates,
            weights: weights.to_vec(),
            utility: data.to_vec(),
        })
    }

    /// The candidates' names.
    pub fn candidates(&self) -> &[String] {
        &self.candidates
    }

    /// The number of candidates `n`.
    pub fn n_candidates(&self) -> usize {
        self.candidates.len()
    }

    /// The voters' weights.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The total weight `W`.
    pub fn total_weight(&self) -> f64 {
        self.weights.iter().sum()
    }

    fn voters(&self) -> impl Iterator<Item = (f64, &[f64])> {
        let n = self.n_candidates();
        self.weights
            .iter()
            .copied()
            .zip(self.utility.chunks_exact(n))
    }

    /// Weighted plurality (first-place) counts, a first place shared equally among tied candidates.
    pub fn plurality(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.n_candidates()];
        for (w, u) in self.voters() {
            let top = u.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let firsts: Vec<usize> = (0..u.len())
                .filter(|&c| u[c].total_cmp(&top) == Ordering::Equal)
                .collect();
            for &c in &firsts {
                out[c] += w / firsts.len() as f64;
            }
        }
        out
    }

    /// The pairwise majority matrix `N_ab = Σ_v w_v [a ≻_v b]`, row-major `n × n` (zero diagonal).
    pub fn pairwise(&self) -> Vec<f64> {
        let n = self.n_candidates();
        let mut m = vec![0.0; n * n];
        for (w, u) in self.voters() {
            for a in 0..n {
                for b in 0..n {
                    if u[a] > u[b] {
                        m[a * n + b] += w;
                    }
                }
            }
        }
        m
    }

    /// Borda points in counts and normalised (module docs).
    pub fn borda(&self) -> BordaCount {
        let n = self.n_candidates();
        let mut points = vec![0.0; n];
        for (w, u) in self.voters() {
            for a in 0..n {
                let (mut below, mut tied) = (0usize, 0usize);
                for b in 0..n {
                    match u[a].total_cmp(&u[b]) {
                        Ordering::Greater => below += 1,
                        Ordering::Equal if a != b => tied += 1,
                        _ => {}
                    }
                }
                points[a] += w * (below as f64 + 0.5 * tied as f64);
            }
        }
        let scale = self.total_weight() * (n as f64 - 1.0);
        let normalised = points
            .iter()
            .map(|p| if n > 1 { p / scale } else { 0.5 })
            .collect();
        BordaCount { points, normalised }
    }

    /// `+1` when `a` beats `b` by weighted majority, `−1` when `b` beats `a`, `0` for a tie.
    fn duel(&self, m: &[f64], a: usize, b: usize) -> i8 {
        let n = self.n_candidates();
        let margin = m[a * n + b] - m[b * n + a];
        let tol = 1e-12 * self.total_weight();
        if margin > tol {
            1
        } else if margin < -tol {
            -1
        } else {
            0
        }
    }

    /// Copeland wins, losses and ties of every candidate, and its score in counts and normalised.
    pub fn copeland(&self) -> CopelandCount {
        let n = self.n_candidates();
        let m = self.pairwise();
        let (mut wins, mut losses, mut ties) = (vec![0usize; n], vec![0usize; n], vec![0usize; n]);
        for a in 0..n {
            for b in 0..n {
                if a == b {
                    continue;
                }
                match self.duel(&m, a, b) {
                    1 => wins[a] += 1,
                    -1 => losses[a] += 1,
                    _ => ties[a] += 1,
                }
            }
        }
        let score: Vec<f64> = (0..n).map(|a| wins[a] as f64 - losses[a] as f64).collect();
        let normalised = score
            .iter()
            .map(|s| if n > 1 { s / (n as f64 - 1.0) } else { 0.0 })
            .collect();
        CopelandCount {
            wins,
            losses,
            ties,
            score,
            normalised,
        }
    }

    /// The candidate that beats every other by weighted majority, if there is one (with one candidate,
    /// that candidate).
    pub fn condorcet_winner(&self) -> Option<usize> {
        let n = self.n_candidates();
        let m = self.pairwise();
        (0..n).find(|&a| (0..n).all(|b| a == b || self.duel(&m, a, b) == 1))
    }

    /// The majority cycles: the strongly connected components of two or more candidates of the graph
    /// `a → b` when `a` beats `b`, each sorted, listed by their smallest member. Empty when the majority
    /// relation has no cycle (it is then acyclic, though ties may leave it incomplete).
    pub fn majority_cycles(&self) -> Vec<Vec<usize>> {
        let n = self.n_candidates();
        let m = self.pairwise();
        let beats: Vec<Vec<usize>> = (0..n)
            .map(|a| {
                (0..n)
                    .filter(|&b| a != b && self.duel(&m, a, b) == 1)
                    .collect()
            })
            .collect();
        let mut comps: Vec<Vec<usize>> = strongly_connected(&beats)
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            .collect();
        comps.sort();
        comps
    }

    /// The Kemeny outranking matrix `e_ab = (N_ab + ½ T_ab) / W`, row-major, `e_ab + e_ba = 1`.
    pub fn outranking(&self) -> Vec<f64> {
        let n = self.n_candidates();
        let total = self.total_weight();
        let mut e = vec![0.0; n * n];
        for (w, u) in self.voters() {
            for a in 0..n {
                for b in 0..n {
                    if a == b {
                        continue;
                    }
                    match u[a].total_cmp(&u[b]) {
                        Ordering::Greater => e[a * n + b] += w,
                        Ordering::Equal => e[a * n + b] += 0.5 * w,
                        Ordering::Less => {}
                    }
                }
            }
        }
        e.iter_mut().for_each(|x| *x /= total);
        e
    }
}

/// The first `(position, candidate)` of `ranking` that is `≥ n` or repeats an earlier entry; `None` when
/// its entries are distinct indices below `n` (a permutation of `0..n` when its length is `n`).
fn first_repeat_or_out_of_range(ranking: &[usize], n: usize) -> Option<(usize, usize)> {
    let mut seen = vec![false; n];
    ranking
        .iter()
        .enumerate()
        .find(|&(_, &c)| c >= n || std::mem::replace(&mut seen[c], true))
        .map(|(pos, &c)| (pos, c))
}

fn check_candidates(candidates: &[String]) -> Result<usize> {
    if candidates.is_empty() {
        return Err(invalid("candidates", "no candidate".into()));
    }
    let mut sorted: Vec<&String> = candidates.iter().collect();
    sorted.sort();
    if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
        return Err(invalid(
            "candidates",
            format!("candidate `{}` is listed twice", w[0]),
        ));
    }
    Ok(candidates.len())
}

/// Tarjan's strongly connected components (iterative), in reverse topological order.
fn strongly_connected(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = adj.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comps = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, position in its adjacency list)
        let mut call = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut k)) = call.last_mut() {
            if let Some(&w) = adj[v].get(*k) {
                *k += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    comps.push(comp);
                }
            }
        }
    }
    comps
}

/// Borda points of every candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct BordaCount {
    /// `B_a = Σ_v w_v (#{b : a ≻_v b} + ½ #{b ≠ a : a ~_v b})`, in `[0, W(n − 1)]`.
    pub points: Vec<f64>,
    /// `B_a / (W(n − 1))`, in `[0, 1]` (½ with a single candidate).
    pub normalised: Vec<f64>,
}

/// Copeland contests of every candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct CopelandCount {
    /// Pairwise contests won.
    pub wins: Vec<usize>,
    /// Pairwise contests lost.
    pub losses: Vec<usize>,
    /// Pairwise contests tied.
    pub ties: Vec<usize>,
    /// `wins − losses`, in `[−(n − 1), n − 1]`.
    pub score: Vec<f64>,
    /// `(wins − losses) / (n − 1)`, in `[−1, 1]` (0 with a single candidate).
    pub normalised: Vec<f64>,
}

/// The optimal Kemeny rankings of a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct KemenyOptima {
    /// Every optimal ranking (candidate indices, best first), in lexicographic order, at most `max_optima`.
    pub rankings: Vec<Vec<usize>>,
    /// `true` when there are more optimal rankings than `max_optima` (the list is then the first ones in
    /// lexicographic order).
    pub truncated: bool,
    /// The optimal agreement `Σ_{a before b} e_ab` (a share of the total weight per pair; multiply by `W`
    /// for counts).
    pub agreement: f64,
}

/// All optimal Kemeny rankings of `profile` (at most `max_optima` of them), exact for at most
/// [`KEMENY_HARD_LIMIT`] candidates; two agreements within `1e-9` are equal (module docs).
///
/// # Errors
/// [`CompositeError::TooLarge`] above the limit; [`CompositeError::InvalidParameter`] for `max_optima = 0`.
///
/// ```
/// use mfg_quality_composite::aggregate::voting::{VotingProfile, kemeny_optima};
/// // The Condorcet paradox: the three rotations of the cycle are all optimal.
/// let p = VotingProfile::from_rankings(
///     vec!["a".into(), "b".into(), "c".into()],
///     vec![(vec![0, 1, 2], 1.0), (vec![1, 2, 0], 1.0), (vec![2, 0, 1], 1.0)],
/// )?;
/// let k = kemeny_optima(&p, 10)?;
/// assert_eq!(k.rankings, vec![vec![0, 1, 2], vec![1, 2, 0], vec![2, 0, 1]]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn kemeny_optima(profile: &VotingProfile, max_optima: usize) -> Result<KemenyOptima> {
    let n = profile.n_candidates();
    if n > KEMENY_HARD_LIMIT {
        return Err(CompositeError::TooLarge {
            method: "kemeny",
            limit: KEMENY_HARD_LIMIT,
            n,
        });
    }
    if max_optima == 0 {
        return Err(CompositeError::InvalidParameter {
            method: "kemeny",
            parameter: "max_optima",
            reason: "must be at least 1".into(),
        });
    }
    let e = profile.outranking();
    let (best, _) = kemeny_table(&e, n);
    let full = (1usize << n) - 1;
    // Walk from the full set down: `b` can be placed last in `set` when the optimum of the rest plus its
    // gain reaches the optimum of `set`. Collected last-to-first, then reversed and sorted.
    let mut found: Vec<Vec<usize>> = Vec::new();
    let mut suffix = Vec::with_capacity(n);
    let mut truncated = false;
    collect_optima(
        &e,
        n,
        &best,
        full,
        &mut suffix,
        &mut found,
        max_optima,
        &mut truncated,
    );
    for r in &mut found {
        r.reverse();
    }
    found.sort();
    Ok(KemenyOptima {
        rankings: found,
        truncated,
        agreement: best[full],
    })
}

#[allow(clippy::too_many_arguments)] // the recursion's state
fn collect_optima(
    e: &[f64],
    n: usize,
    best: &[f64],
    set: usize,
    suffix: &mut Vec<usize>,
    found: &mut Vec<Vec<usize>>,
    max_optima: usize,
    truncated: &mut bool,
) {
    if set == 0 {
        if found.len() < max_optima {
            found.push(suffix.clone());
        } else {
            *truncated = true;
        }
        return;
    }
    for b in 0..n {
        if *truncated {
            return;
        }
        if set & (1 << b) == 0 {
            continue;
        }
        let rest = set & !(1 << b);
        if best[rest] + kemeny_gain(e, n, rest, b) >= best[set] - 1e-9 {
            suffix.push(b);
            collect_optima(e, n, best, rest, suffix, found, max_optima, truncated);
            suffix.pop();
        }
    }
}

/// The Kemeny agreement `Σ_{a before b} e_ab` of a given ranking (candidate indices, best first).
///
/// # Errors
/// [`CompositeError::InvalidParameter`] when `ranking` is not a permutation of the candidates.
pub fn kemeny_agreement(profile: &VotingProfile, ranking: &[usize]) -> Result<f64> {
    let n = profile.n_candidates();
    if ranking.len() != n || first_repeat_or_out_of_range(ranking, n).is_some() {
        return Err(CompositeError::InvalidParameter {
            method: "kemeny",
            parameter: "ranking",
            reason: format!("{ranking:?} is not a permutation of 0..{n}"),
        });
    }
    let e = profile.outranking();
    let mut total = 0.0;
    for (i, &a) in ranking.iter().enumerate() {
        for &b in &ranking[i + 1..] {
            total += e[a * n + b];
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    /// Memphis 0, Nashville 1, Chattanooga 2, Knoxville 3 (Wikipedia, "Condorcet method", "Borda count",
    /// "Copeland's method", "Kemeny–Young method": the Tennessee capital example, in % of voters).
    fn tennessee() -> VotingProfile {
        VotingProfile::from_rankings(
            ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
                .map(String::from)
                .to_vec(),
            vec![
                (vec![0, 1, 2, 3], 42.0),
                (vec![1, 2, 3, 0], 26.0),
                (vec![2, 3, 1, 0], 15.0),
                (vec![3, 2, 1, 0], 17.0),
            ],
        )
        .unwrap()
    }

    #[test]
    fn tennessee_capital_as_published() {
        let p = tennessee();
        assert_eq!(p.plurality(), vec![42.0, 26.0, 15.0, 17.0]);
        assert_eq!(p.condorcet_winner(), Some(1));
        assert!(p.majority_cycles().is_empty());
        let b = p.borda();
        // Borda points with n − 1 … 0 per ballot: 126, 194, 173, 107.
        assert_eq!(b.points, vec![126.0, 194.0, 173.0, 107.0]);
        assert_relative_eq!(b.normalised[1], 194.0 / 300.0, max_relative = 1e-15);
        let c = p.copeland();
        assert_eq!(c.score, vec![-3.0, 3.0, 1.0, -1.0]);
        assert_eq!(c.wins, vec![0, 3, 2, 1]);
        let k = kemeny_optima(&p, 10).unwrap();
        assert_eq!(k.rankings, vec![vec![1, 2, 3, 0]]);
        assert!(!k.truncated);
        // Published agreement 393 (sum of pairwise counts in % of voters).
        assert_relative_eq!(k.agreement * 100.0, 393.0, max_relative = 1e-12);
        assert_relative_eq!(
            kemeny_agreement(&p, &[0, 1, 2, 3]).unwrap() * 100.0,
            42.0 + 42.0 + 42.0 + 68.0 + 68.0 + 83.0,
            max_relative = 1e-12
        );
    }

    #[test]
    fn ties_in_a_matrix_profile() {
        // Two voters: x = (1, 1, 0) and y = (0, 1, 1): b is first for both.
        let p = VotingProfile::from_matrix(
            vec!["a".into(), "b".into(), "c".into()],
            &[1.0, 1.0, 0.0, 0.0, 1.0, 1.0],
            &[1.0, 1.0],
        )
        .unwrap();
        assert_eq!(p.plurality(), vec![0.5, 1.0, 0.5]);
        assert_eq!(p.borda().points, vec![1.5, 3.0, 1.5]);
        // b beats a (y prefers b, x is indifferent) and c (x prefers b, y is indifferent).
        assert_eq!(p.condorcet_winner(), Some(1));
        let k = kemeny_optima(&p, 10).unwrap();
        // e(b, a) = e(b, c) = 3/4, e(a, c) = 1/2: b first, then a and c in either order.
        assert_eq!(k.rankings, vec![vec![1, 0, 2], vec![1, 2, 0]]);
        let capped = kemeny_optima(&p, 1).unwrap();
        assert!(capped.truncated);
        assert_eq!(capped.rankings.len(), 1);
    }

    #[test]
    fn bad_profiles_are_named() {
        let names = || vec!["a".to_string(), "b".to_string()];
        for (ballots, what) in [
            (vec![(vec![0, 0], 1.0)], "not a permutation"),
            (vec![(vec![0], 1.0)], "ranks 1 candidates"),
            (vec![(vec![0, 1], 0.0)], "finite and positive"),
            (vec![(vec![0, 2], 1.0)], "not a permutation"),
            (vec![], "no ballot"),
        ] {
            let err = VotingProfile::from_rankings(names(), ballots).unwrap_err();
            assert!(err.to_string().contains(what), "{err}");
        }
        let dup = VotingProfile::from_rankings(vec!["a".into(), "a".into()], vec![]).unwrap_err();
        assert!(dup.to_string().contains("listed twice"), "{dup}");
        let nan = VotingProfile::from_matrix(names(), &[1.0, f64::NAN], &[1.0]).unwrap_err();
        assert!(matches!(nan, CompositeError::InvalidValue { ref unit, .. } if unit == "b"));
        let p = VotingProfile::from_rankings(names(), vec![(vec![0, 1], 1.0)]).unwrap();
        assert!(kemeny_agreement(&p, &[1, 1]).is_err());
        assert!(kemeny_optima(&p, 0).is_err());
    }
}
