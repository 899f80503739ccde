//! PROMETHEE II, the Preference Ranking Organization METHod for Enrichment Evaluations (Brans & Vincke
//! 1985, "A preference ranking organisation method: the PROMETHEE method for multiple criteria
//! decision-making", *Management Science* 31(6), 647–656; Brans, Vincke & Mareschal 1986, "How to select
//! and how to rank projects: the PROMETHEE method", *EJOR* 24, 228–238).
//!
//! For every ordered pair of alternatives `(a, b)` and criterion `j`, the difference
//! `dⱼ(a, b) = xₐⱼ − x_bⱼ` (benefit) or `x_bⱼ − xₐⱼ` (cost) is mapped to a preference degree `Pⱼ(d)` in
//! [0, 1] by the criterion's [`PreferenceFunction`] (`P(d) = 0` for `d ≤ 0` in every shape):
//!
//! | shape | `P(d)` for `d > 0` | parameters |
//! |---|---|---|
//! | usual (type I) | 1 | — |
//! | U-shape (type II, quasi-criterion) | `[d > q]` | `q ≥ 0` |
//! | V-shape (type III) | `d / p` for `d ≤ p`, else 1 | `p > 0` |
//! | level (type IV) | 0 for `d ≤ q`, ½ for `q < d ≤ p`, else 1 | `0 ≤ q < p` |
//! | linear (type V, V-shape with indifference) | 0 for `d ≤ q`, `(d − q)/(p − q)` for `q < d ≤ p`, else 1 | `0 ≤ q < p` |
//! | Gaussian (type VI) | `1 − exp(−d² / (2 s²))` | `s > 0` |
//!
//! The aggregated preference index is `π(a, b) = Σⱼ wⱼ Pⱼ(dⱼ(a, b))` (weights normalised to sum 1), and
//! with `n` alternatives the outranking flows are
//!
//! - positive (leaving) flow `φ⁺(a) = Σ_{b ≠ a} π(a, b) / (n − 1)`,
//! - negative (entering) flow `φ⁻(a) = Σ_{b ≠ a} π(b, a) / (n − 1)`,
//! - net flow `φ(a) = φ⁺(a) − φ⁻(a)` in [−1, 1], PROMETHEE II's complete ranking (higher is better).
//!
//! **pymcdm equivalence.** [`promethee_ii`] computes what `pymcdm.methods.PROMETHEE_II(name, p, q)` of
//! pymcdm 1.4 returns (its net flow; `φ⁺`, `φ⁻` are its `F_plus`, `F_minus`) for the shapes `usual`,
//! `ushape`, `vshape`, `level` and `vshape_2` (our *linear*), with the same strict and non-strict
//! comparisons at the thresholds (`d > q`, `d ≤ p`). pymcdm has no Gaussian shape; ours follows Brans,
//! Vincke & Mareschal (1986). pymcdm does not normalise the weights (it expects them to sum to 1); we do.
//!
//! **Degenerate cases.** With a single alternative (`n = 1`) every flow is 0 (pymcdm divides by `n − 1 = 0`
//! and returns NaN). A constant criterion contributes 0 to every flow. With missing cells (skip policy)
//! only units with at least one present child take part (`n` counts them), and `π(a, b)` uses the criteria
//! present for both `a` and `b` with their weights re-normalised over those criteria (`π(a, b) = 0` when
//! they share none).
//!
//! **Cost.** The published definition is `O(n² m)`. For complete input with more than
//! [`DIRECT_MAX_ROWS`] alternatives and a piecewise-linear shape (all but Gaussian), each criterion is
//! sorted once and the flows are summed with prefix sums and monotone pointers: `O(m n log n)` time and
//! `O(n)` memory (the sums are then reassociated, so they can differ from the pairwise sums in the last
//! bits). The Gaussian shape and incomplete input use the pairwise `O(n² m)` loop (no `n × n` table is
//! stored).

use serde::{Deserialize, Serialize};

use super::{CriterionType, Input};
use crate::{CompositeError, Result};

/// Up to this many alternatives (or for the Gaussian shape, or with missing cells) the flows are summed
/// pair by pair, as the definition reads; above it, criterion by criterion over the sorted values.
pub const DIRECT_MAX_ROWS: usize = 64;

/// A PROMETHEE preference function (Brans & Vincke 1985's six generalised criteria) with its thresholds:
/// `q` the indifference threshold, `p` the strict-preference threshold, `s` the Gaussian's inflection
/// point, all in the units of the criterion. Serde form: `{"shape": "linear", "q": 0.05, "p": 0.2}`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "shape",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum PreferenceFunction {
    /// Type I: `P(d) = 1` for `d > 0`. The default.
    #[default]
    Usual,
    /// Type II (quasi-criterion): `P(d) = 1` for `d > q`, else 0. Serde tag `u_shape` (alias `ushape`).
    #[serde(alias = "ushape")]
    UShape {
        /// Indifference threshold, finite, `q ≥ 0`.
        q: f64,
    },
    /// Type III: `P(d) = d / p` for `0 < d ≤ p`, 1 above. Serde tag `v_shape` (alias `vshape`).
    #[serde(alias = "vshape")]
    VShape {
        /// Strict-preference threshold, finite, `p > 0`.
        p: f64,
    },
    /// Type IV: `P(d) = ½` for `q < d ≤ p`, 1 above `p`, 0 up to `q`.
    Level {
        /// Indifference threshold, `0 ≤ q < p`.
        q: f64,
        /// Strict-preference threshold, finite.
        p: f64,
    },
    /// Type V (pymcdm's `vshape_2`): `P(d) = (d − q) / (p − q)` for `q < d ≤ p`, 1 above `p`, 0 up to `q`.
    #[serde(alias = "vshape_2")]
    Linear {
        /// Indifference threshold, `0 ≤ q < p`.
        q: f64,
        /// Strict-preference threshold, finite.
        p: f64,
    },
    /// Type VI: `P(d) = 1 − exp(−d² / (2 s²))` for `d > 0`.
    Gaussian {
        /// Inflection point, finite, `s > 0`.
        s: f64,
    },
}

crate::strict::strict_tagged!(PreferenceFunction, "shape");

fn bad(parameter: &'static str, reason: String) -> CompositeError {
    CompositeError::InvalidParameter {
        method: "promethee_ii",
        parameter,
        reason,
    }
}

impl PreferenceFunction {
    /// The shape's name (`usual`, `u_shape`, `v_shape`, `level`, `linear`, `gaussian`).
    pub fn name(&self) -> &'static str {
        match self {
            PreferenceFunction::Usual => "usual",
            PreferenceFunction::UShape { .. } => "u_shape",
            PreferenceFunction::VShape { .. } => "v_shape",
            PreferenceFunction::Level { .. } => "level",
            PreferenceFunction::Linear { .. } => "linear",
            PreferenceFunction::Gaussian { .. } => "gaussian",
        }
    }

    /// Checks the thresholds: `q` finite and `≥ 0`; `p` finite and `> 0` (V-shape) or `> q` (level,
    /// linear); `s` finite and `> 0`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (method `promethee_ii`, parameter `q`, `p` or `s`).
    pub fn validate(&self) -> Result<()> {
        let q_ok = |q: f64| {
            if q.is_finite() && q >= 0.0 {
                Ok(())
            } else {
                Err(bad(
                    "q",
                    format!("{q} is not a finite non-negative threshold"),
                ))
            }
        };
        match *self {
            PreferenceFunction::Usual => Ok(()),
            PreferenceFunction::UShape { q } => q_ok(q),
            PreferenceFunction::VShape { p } => {
                if p.is_finite() && p > 0.0 {
                    Ok(())
                } else {
                    Err(bad("p", format!("{p} is not a finite positive threshold")))
                }
            }
            PreferenceFunction::Level { q, p } | PreferenceFunction::Linear { q, p } => {
                q_ok(q)?;
                if p.is_finite() && p > q {
                    Ok(())
                } else {
                    Err(bad(
                        "p",
                        format!("{p} is not finite and greater than q = {q}"),
                    ))
                }
            }
            PreferenceFunction::Gaussian { s } => {
                if s.is_finite() && s > 0.0 {
                    Ok(())
                } else {
                    Err(bad("s", format!("{s} is not a finite positive threshold")))
                }
            }
        }
    }

    /// The preference degree `P(d)` of a difference `d` (table in the module docs), with pymcdm's
    /// comparisons at the thresholds.
    #[inline]
    pub fn degree(&self, d: f64) -> f64 {
        match *self {
            PreferenceFunction::Usual => f64::from(u8::from(d > 0.0)),
            PreferenceFunction::UShape { q } => f64::from(u8::from(d > q)),
            PreferenceFunction::VShape { p } => {
                if d > p {
                    1.0
                } else if d > 0.0 {
                    d / p
                } else {
                    0.0
                }
            }
            PreferenceFunction::Level { q, p } => {
                if d > p {
                    1.0
                } else if d > q {
                    0.5
                } else {
                    0.0
                }
            }
            PreferenceFunction::Linear { q, p } => {
                if d > p {
                    1.0
                } else if d > q {
                    (d - q) / (p - q)
                } else {
                    0.0
                }
            }
            PreferenceFunction::Gaussian { s } => {
                if d > 0.0 {
                    -(-d * d / (2.0 * s * s)).exp_m1()
                } else {
                    0.0
                }
            }
        }
    }

    /// The piecewise-linear form `(q, p, middle)`: `P = 1` for `d > p`, `middle` for `q < d ≤ p`, 0 up
    /// to `q`; `None` for the Gaussian.
    fn pieces(&self) -> Option<(f64, f64, Middle)> {
        Some(match *self {
            PreferenceFunction::Usual => (0.0, 0.0, Middle::Half),
            PreferenceFunction::UShape { q } => (q, q, Middle::Half),
            PreferenceFunction::VShape { p } => (0.0, p, Middle::Linear),
            PreferenceFunction::Level { q, p } => (q, p, Middle::Half),
            PreferenceFunction::Linear { q, p } => (q, p, Middle::Linear),
            PreferenceFunction::Gaussian { .. } => return None,
        })
    }
}

/// The preference degree between the two thresholds of a piecewise-linear shape.
#[derive(Clone, Copy)]
enum Middle {
    Half,
    Linear,
}

/// PROMETHEE II outputs per alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrometheeResult {
    /// Positive (leaving) flow `φ⁺` in [0, 1] (higher is better).
    pub positive_flow: Vec<f64>,
    /// Negative (entering) flow `φ⁻` in [0, 1] (lower is better).
    pub negative_flow: Vec<f64>,
    /// Net flow `φ = φ⁺ − φ⁻` in [−1, 1] (higher is better): PROMETHEE II's ranking.
    pub net_flow: Vec<f64>,
}

/// PROMETHEE II on a complete column-major matrix (`n_rows` alternatives × `weights.len()` criteria)
/// with per-criterion types (`types` empty = all benefit) and preference functions (`preference` of
/// length 1 applies to every criterion, else one per criterion). Weights are normalised to sum 1. Module
/// docs for the formulas and the pymcdm equivalence.
///
/// # Errors
/// [`CompositeError::InvalidParameter`] (a threshold), [`CompositeError::DimensionMismatch`] (shapes,
/// `types` or `preference` of the wrong length), [`CompositeError::InvalidWeights`],
/// [`CompositeError::InvalidValue`] (NaN or ±Inf).
///
/// ```
/// use mfg_quality_composite::aggregate::{promethee_ii, PreferenceFunction};
/// // pymcdm's doctest: 3 alternatives × 3 benefit criteria, usual preference.
/// let data = [4.0, 3.0, 5.0, 3.0, 2.0, 1.0, 2.0, 4.0, 3.0];
/// let r = promethee_ii(&data, 3, &[0.5, 0.3, 0.2], &[], &[PreferenceFunction::Usual])?;
/// assert!((r.net_flow[0] - 0.1).abs() < 1e-12 && (r.net_flow[1] + 0.3).abs() < 1e-12);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
pub fn promethee_ii(
    data: &[f64],
    n_rows: usize,
    weights: &[f64],
    types: &[CriterionType],
    preference: &[PreferenceFunction],
) -> Result<PrometheeResult> {
    for f in preference {
        f.validate()?;
    }
    super::ratio_common::standalone("promethee_ii", data, n_rows, weights, types, |input| {
        if preference.is_empty() || (preference.len() != 1 && preference.len() != input.n_cols) {
            return Err(CompositeError::DimensionMismatch {
                method: "promethee_ii",
                what: "preference functions (1 for all criteria, or one per criterion)",
                expected: input.n_cols,
                got: preference.len(),
            });
        }
        let mut present = vec![true; n_rows];
        let r = flows(input, types, preference, &mut present);
        super::codas::check_finite_output("promethee_ii", "the net flow", &r.net_flow)?;
        Ok(r)
    })
}

/// The flows of every unit with at least one present child (others: 0, `present = false`).
fn flows(
    input: &Input,
    types: &[CriterionType],
    pref: &[PreferenceFunction],
    present: &mut [bool],
) -> PrometheeResult {
    let n = input.n_rows;
    let mut plus = vec![0.0; n];
    let mut minus = vec![0.0; n];
    let f_of = |j: usize| if pref.len() == 1 { pref[0] } else { pref[j] };
    let sign = |j: usize| match types.get(j).copied().unwrap_or_default() {
        CriterionType::Benefit => 1.0,
        CriterionType::Cost => -1.0,
    };
    let n_present;
    if input.mask.is_some() {
        let _ = input.present_weight(present);
        n_present = present.iter().filter(|&&p| p).count();
        pairwise_masked(input, &f_of, &sign, present, &mut plus, &mut minus);
    } else {
        present.iter_mut().for_each(|p| *p = true);
        n_present = n;
        let mut y = vec![0.0; n];
        let mut scratch = Scratch::default();
        for j in 0..input.n_cols {
            let w = input.weights[j];
            if w == 0.0 {
                continue;
            }
            let s = sign(j);
            // `−x` is exact, so `yₐ − y_b` is bit for bit pymcdm's cost difference `x_b − xₐ`.
            y.iter_mut()
                .zip(input.col(j))
                .for_each(|(y, &x)| *y = s * x);
            let f = f_of(j);
            match f.pieces() {
                Some((q, p, mid)) if n > DIRECT_MAX_ROWS => {
                    sorted_criterion(&y, w, q, p, mid, &mut scratch, &mut plus, &mut minus);
                }
                _ => pairwise_criterion(&y, w, &f, &mut plus, &mut minus),
            }
        }
    }
    let scale = if n_present > 1 {
        1.0 / (n_present - 1) as f64
    } else {
        0.0
    };
    let mut net = vec![0.0; n];
    for i in 0..n {
        if present[i] {
            plus[i] *= scale;
            minus[i] *= scale;
            net[i] = plus[i] - minus[i];
        } else {
            plus[i] = 0.0;
            minus[i] = 0.0;
        }
    }
    PrometheeResult {
        positive_flow: plus,
        negative_flow: minus,
        net_flow: net,
    }
}

/// Adds `w Σ_b P(yₐ − y_b)` to `plus[a]` and `w Σ_b P(y_b − yₐ)` to `minus[a]`, pair by pair.
fn pairwise_criterion(
    y: &[f64],
    w: f64,
    f: &PreferenceFunction,
    plus: &mut [f64],
    minus: &mut [f64],
) {
    for a in 0..y.len() {
        let ya = y[a];
        let (mut pa, mut ma) = (0.0, 0.0);
        for &yb in y {
            pa += f.degree(ya - yb);
            ma += f.degree(yb - ya);
        }
        plus[a] += w * pa;
        minus[a] += w * ma;
    }
}

/// Buffers of [`sorted_criterion`], reused over the criteria.
#[derive(Default)]
struct Scratch {
    order: Vec<(f64, u32)>,
    sorted: Vec<f64>,
    prefix: Vec<f64>,
}

/// [`pairwise_criterion`] for a piecewise-linear shape over the sorted values: for the value `v` of
/// each alternative, `#{b : v − y_b > p}` alternatives give 1 and those with `q < v − y_b ≤ p` give the
/// middle degree (½, or `(v − y_b − q)/(p − q)` summed through prefix sums of the centred values); the
/// same for the entering side. Counts come from pointers that only move forward as `v` increases; the
/// comparisons are on the differences, as in the pairwise loop.
#[allow(clippy::too_many_arguments)]
fn sorted_criterion(
    y: &[f64],
    w: f64,
    q: f64,
    p: f64,
    mid: Middle,
    s: &mut Scratch,
    plus: &mut [f64],
    minus: &mut [f64],
) {
    let n = y.len();
    s.order.clear();
    s.order
        .extend(y.iter().enumerate().map(|(i, &v)| (v, i as u32)));
    s.order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    s.sorted.clear();
    s.sorted.extend(s.order.iter().map(|o| o.0));
    let ys = &s.sorted;
    // Centre the prefix sums on the median to limit cancellation.
    let c = ys[n / 2];
    s.prefix.clear();
    s.prefix.push(0.0);
    let mut acc = 0.0;
    for &v in ys {
        acc += v - c;
        s.prefix.push(acc);
    }
    let pre = &s.prefix;
    let width = p - q;
    // Leaving side: cp = #{b : v − y_b > p}, cq = #{b : v − y_b > q} (cq ≥ cp).
    // Entering side: ep = #{b : y_b − v ≤ p}, eq = #{b : y_b − v ≤ q} (ep ≥ eq); y_b − v > p for b ≥ ep.
    let (mut cp, mut cq, mut eq, mut ep) = (0usize, 0usize, 0usize, 0usize);
    for &(v, idx) in &s.order {
        while cp < n && v - ys[cp] > p {
            cp += 1;
        }
        while cq < n && v - ys[cq] > q {
            cq += 1;
        }
        while eq < n && ys[eq] - v <= q {
            eq += 1;
        }
        while ep < n && ys[ep] - v <= p {
            ep += 1;
        }
        let (lo_cnt, hi_cnt) = ((cq - cp) as f64, (ep - eq) as f64);
        let (pl, mi) = match mid {
            Middle::Half => (0.5 * lo_cnt, 0.5 * hi_cnt),
            Middle::Linear => {
                let vc = v - c;
                // Σ (v − y_b − q) over cp ≤ b < cq, and Σ (y_b − v − q) over eq ≤ b < ep.
                let sl = lo_cnt * (vc - q) - (pre[cq] - pre[cp]);
                let sm = (pre[ep] - pre[eq]) - hi_cnt * (vc + q);
                (sl / width, sm / width)
            }
        };
        let i = idx as usize;
        plus[i] += w * (cp as f64 + pl);
        minus[i] += w * ((n - ep) as f64 + mi);
    }
}

/// The flows' sums with missing cells: for each pair of present units, `π` over the criteria present for
/// both, weights re-normalised over them.
fn pairwise_masked(
    input: &Input,
    f_of: &dyn Fn(usize) -> PreferenceFunction,
    sign: &dyn Fn(usize) -> f64,
    present: &[bool],
    plus: &mut [f64],
    minus: &mut [f64],
) {
    let n = input.n_rows;
    let m = input.n_cols;
    let fs: Vec<PreferenceFunction> = (0..m).map(f_of).collect();
    let ss: Vec<f64> = (0..m).map(sign).collect();
    for a in 0..n {
        if !present[a] {
            continue;
        }
        for b in (a + 1)..n {
            if !present[b] {
                continue;
            }
            let (mut ab, mut ba, mut wsum) = (0.0, 0.0, 0.0);
            for j in 0..m {
                if !(input.is_present(a, j) && input.is_present(b, j)) {
                    continue;
                }
                let col = input.col(j);
                let d = ss[j] * col[a] - ss[j] * col[b];
                let w = input.weights[j];
                ab += w * fs[j].degree(d);
                ba += w * fs[j].degree(-d);
                wsum += w;
            }
            if wsum > 0.0 {
                plus[a] += ab / wsum;
                minus[b] += ab / wsum;
                plus[b] += ba / wsum;
                minus[a] += ba / wsum;
            }
        }
    }
}

/// Net flows of every unit (all children benefits): the pipeline's score.
pub(crate) fn promethee_scores(
    input: &Input,
    pref: PreferenceFunction,
    scores: &mut [f64],
    present: &mut [bool],
) -> Result<()> {
    let r = flows(input, &[], &[pref], present);
    scores.copy_from_slice(&r.net_flow);
    Ok(())
}

/// PROMETHEE II (Brans & Vincke 1985) as a validated aggregation type, every child a benefit criterion
/// with the same preference function (the children share the pipeline's normalised scale): the score is
/// the net flow `φ = φ⁺ − φ⁻` in [−1, 1], higher is better (module docs). [`Promethee::new`] validates
/// the thresholds. Cost `O(n log n)` per child (piecewise-linear shapes, complete input) or `O(n²)`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Promethee {
    preference: PreferenceFunction,
}

impl Promethee {
    /// PROMETHEE II with preference function `preference` on every child.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] as [`PreferenceFunction::validate`].
    pub fn new(preference: PreferenceFunction) -> Result<Promethee> {
        preference.validate()?;
        Ok(Promethee { preference })
    }

    /// The preference function.
    pub fn preference(&self) -> PreferenceFunction {
        self.preference
    }
}

super::plan::builtin_aggregator!(Promethee, "promethee_ii", super::plan::Checks::ALL,
    monotone: false, row_wise: false,
    |m, input, scores, present| promethee_scores(input, m.preference, scores, present));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{AggregationContext, Aggregator, MissingPolicy};

    fn lcg(seed: &mut u64) -> f64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (*seed >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn rejects_bad_thresholds() {
        use PreferenceFunction::*;
        for (f, par) in [
            (UShape { q: -1.0 }, "q"),
            (UShape { q: f64::NAN }, "q"),
            (VShape { p: 0.0 }, "p"),
            (VShape { p: f64::INFINITY }, "p"),
            (Level { q: 0.3, p: 0.3 }, "p"),
            (Linear { q: -0.1, p: 0.3 }, "q"),
            (Linear { q: 0.4, p: 0.3 }, "p"),
            (Gaussian { s: 0.0 }, "s"),
            (Gaussian { s: f64::NAN }, "s"),
        ] {
            assert!(
                matches!(Promethee::new(f), Err(CompositeError::InvalidParameter { parameter, .. }) if parameter == par),
                "{f:?}"
            );
        }
        assert!(Promethee::new(Linear { q: 0.0, p: 0.1 }).is_ok());
    }

    #[test]
    fn sorted_sums_equal_pairwise_sums() {
        use PreferenceFunction::*;
        let mut seed = 7u64;
        let n = 300;
        // Values on a coarse grid so that ties and differences equal to the thresholds occur.
        let y: Vec<f64> = (0..n)
            .map(|_| (lcg(&mut seed) * 40.0).round() / 40.0)
            .collect();
        for f in [
            Usual,
            UShape { q: 0.1 },
            VShape { p: 0.25 },
            Level { q: 0.05, p: 0.2 },
            Linear { q: 0.05, p: 0.3 },
            Linear { q: 0.0, p: 2.0 },
        ] {
            let (mut p1, mut m1) = (vec![0.0; n], vec![0.0; n]);
            let (mut p2, mut m2) = (vec![0.0; n], vec![0.0; n]);
            pairwise_criterion(&y, 0.7, &f, &mut p1, &mut m1);
            let (q, p, mid) = f.pieces().unwrap();
            sorted_criterion(
                &y,
                0.7,
                q,
                p,
                mid,
                &mut Scratch::default(),
                &mut p2,
                &mut m2,
            );
            for i in 0..n {
                assert!(
                    (p1[i] - p2[i]).abs() < 1e-10,
                    "{f:?} plus {i}: {} {}",
                    p1[i],
                    p2[i]
                );
                assert!(
                    (m1[i] - m2[i]).abs() < 1e-10,
                    "{f:?} minus {i}: {} {}",
                    m1[i],
                    m2[i]
                );
            }
        }
    }

    #[test]
    fn aggregator_net_flows_sum_to_zero_and_missing_cells_are_skipped() {
        let data = [0.1, 0.5, 0.9, 0.3, /* c2 */ 0.7, 0.2, 0.4, 0.6];
        let mask = [true, true, true, false, true, true, true, true];
        let m = Promethee::new(PreferenceFunction::Linear { q: 0.05, p: 0.3 }).unwrap();
        let (mut s, mut p) = ([0.0; 4], [false; 4]);
        m.aggregate_into(
            &data,
            &mask,
            4,
            &[1.0, 1.0],
            MissingPolicy::SkipAndReweight,
            &AggregationContext::default(),
            &mut s,
            &mut p,
        )
        .unwrap();
        assert!(p.iter().all(|&x| x));
        assert!(s.iter().sum::<f64>().abs() < 1e-12);
        assert!(s.iter().all(|v| (-1.0..=1.0).contains(v)));
    }
}
