//! The results of a Sobol analysis: [`SobolIndices`] with each [`Estimate`] and its [`BootstrapInterval`],
//! the [`SecondOrder`] pairs and the [`SobolWarning`]s; [`SobolIndices::to_result`] gives the common
//! [`SensitivityResult`].

use super::*;

/// A bootstrap confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BootstrapInterval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Standard deviation of the bootstrap estimates.
    pub sd: f64,
    /// Confidence level.
    pub level: f64,
    /// Resamples used (those with a zero variance are left out).
    pub resamples: usize,
}

/// One index estimate with its bootstrap interval (`None` when the bootstrap is disabled).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The raw estimate (may be < 0 or > 1 at small N).
    pub value: f64,
    /// The bootstrap interval.
    pub ci: Option<BootstrapInterval>,
}

impl Estimate {
    pub(super) fn clipped(&self) -> Self {
        let c = |v: f64| v.clamp(0.0, 1.0);
        Estimate {
            value: c(self.value),
            ci: self.ci.map(|i| BootstrapInterval {
                lo: c(i.lo),
                hi: c(i.hi),
                ..i
            }),
        }
    }
}

/// A second-order index of the pair of factors `(i, j)`, `i < j`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SecondOrder {
    /// First factor.
    pub i: usize,
    /// Second factor.
    pub j: usize,
    /// `S_ij`.
    pub estimate: Estimate,
}

/// Sobol indices of one scalar output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolIndices {
    /// Factor names.
    pub names: Vec<String>,
    /// First-order indices `S_i` (Saltelli 2010), raw.
    pub first: Vec<Estimate>,
    /// Total indices `ST_i` (Jansen 1999), raw.
    pub total: Vec<Estimate>,
    /// Second-order indices `S_ij` (Saltelli 2002), empty unless requested.
    pub second: Vec<SecondOrder>,
    /// Mean of the output over all runs.
    pub mean: f64,
    /// `V`: population variance of the stacked `f(A)`, `f(B)`.
    pub variance: f64,
    /// Base sample size `N`.
    pub n: usize,
    /// Model runs.
    pub runs: usize,
    /// Signs that `N` is too small for some factor (empty when none), see [`SobolWarning`].
    #[serde(default)]
    pub warnings: Vec<SobolWarning>,
}

/// A sign, found in a result, that the base sample is too small for a factor's estimate to be trusted.
/// The margin is [`WARNING_MARGIN`](super::WARNING_MARGIN).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SobolWarning {
    /// An estimate lies outside `[−margin, 1 + margin]`.
    OutOfRange {
        /// The 0-based factor (the first of the pair for a second-order index).
        factor: usize,
        /// Which index.
        measure: Measure,
        /// The raw estimate.
        value: f64,
    },
    /// A first-order index exceeds the factor's total index by more than the margin (`S_i ≤ ST_i` holds
    /// for the true indices).
    FirstAboveTotal {
        /// The 0-based factor.
        factor: usize,
        /// `S_i`.
        first: f64,
        /// `ST_i`.
        total: f64,
    },
}

impl fmt::Display for SobolWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SobolWarning::OutOfRange {
                factor,
                measure,
                value,
            } => write!(
                f,
                "factor {factor}: {} = {value:.4} is outside [0, 1] by more than {}; N is too small for it",
                measure.key(),
                super::WARNING_MARGIN
            ),
            SobolWarning::FirstAboveTotal {
                factor,
                first,
                total,
            } => write!(
                f,
                "factor {factor}: S1 = {first:.4} exceeds ST = {total:.4} by more than {}; N is too small for it",
                super::WARNING_MARGIN
            ),
        }
    }
}

/// The warnings of a set of estimates (see [`SobolWarning`]).
pub(super) fn warnings_of(
    first: &[Estimate],
    total: &[Estimate],
    second: &[SecondOrder],
) -> Vec<SobolWarning> {
    let m = super::WARNING_MARGIN;
    let out_of_range = |v: f64| v < -m || v > 1.0 + m;
    let mut w = Vec::new();
    for (i, (s1, st)) in first.iter().zip(total).enumerate() {
        for (measure, e) in [(Measure::FirstOrder, s1), (Measure::Total, st)] {
            if out_of_range(e.value) {
                w.push(SobolWarning::OutOfRange {
                    factor: i,
                    measure,
                    value: e.value,
                });
            }
        }
        if s1.value > st.value + m {
            w.push(SobolWarning::FirstAboveTotal {
                factor: i,
                first: s1.value,
                total: st.value,
            });
        }
    }
    for s in second {
        if out_of_range(s.estimate.value) {
            w.push(SobolWarning::OutOfRange {
                factor: s.i,
                measure: Measure::SecondOrder { with: s.j },
                value: s.estimate.value,
            });
        }
    }
    w
}

impl SobolIndices {
    /// The same indices with every estimate and interval bound clipped to `[0, 1]`, for display. The raw
    /// values stay in `self`.
    pub fn clipped(&self) -> Self {
        let mut c = self.clone();
        for e in c.first.iter_mut().chain(c.total.iter_mut()) {
            *e = e.clipped();
        }
        for s in &mut c.second {
            s.estimate = s.estimate.clipped();
        }
        c
    }

    /// The raw first-order values.
    pub fn first_values(&self) -> Vec<f64> {
        self.first.iter().map(|e| e.value).collect()
    }

    /// The raw total values.
    pub fn total_values(&self) -> Vec<f64> {
        self.total.iter().map(|e| e.value).collect()
    }

    /// Whether any raw estimate is negative (a sign that `N` is small for some factor).
    pub fn has_negative(&self) -> bool {
        self.first
            .iter()
            .chain(&self.total)
            .chain(self.second.iter().map(|s| &s.estimate))
            .any(|e| e.value < 0.0)
    }

    /// The indices in the common result shape, with `output` as the output's name: `S1`, `ST` (and `S2`
    /// with `with` the pair's second factor) per factor, with the bootstrap intervals.
    pub fn to_result(&self, output: &str) -> SensitivityResult {
        Self::to_result_multi(std::slice::from_ref(self), &[output])
    }

    /// Several outputs' indices (of one design) in one common result; `outputs` names them, in order.
    /// The names come from the first; an empty slice gives an empty result.
    pub fn to_result_multi(all: &[SobolIndices], outputs: &[&str]) -> SensitivityResult {
        let mut indices = Vec::new();
        let iv = |e: &Estimate| e.ci.map(|c| Interval { lo: c.lo, hi: c.hi });
        let mut confidence = None;
        for (o, s) in all.iter().enumerate() {
            for (i, (s1, st)) in s.first.iter().zip(&s.total).enumerate() {
                for (measure, e) in [(Measure::FirstOrder, s1), (Measure::Total, st)] {
                    confidence = confidence.or(e.ci.map(|c| c.level));
                    indices.push(IndexEstimate {
                        factor: i,
                        output: o,
                        measure,
                        estimate: e.value,
                        interval: iv(e),
                    });
                }
            }
            for p in &s.second {
                indices.push(IndexEstimate {
                    factor: p.i,
                    output: o,
                    measure: Measure::SecondOrder { with: p.j },
                    estimate: p.estimate.value,
                    interval: iv(&p.estimate),
                });
            }
        }
        SensitivityResult {
            method: Method::Sobol,
            factors: all.first().map(|s| s.names.clone()).unwrap_or_default(),
            outputs: outputs.iter().map(|s| s.to_string()).collect(),
            confidence,
            evaluations: all.first().map_or(0, |s| s.runs),
            indices,
        }
    }

    /// `S_ij` of the named pair, if second order was computed.
    pub fn second_order(&self, a: &str, b: &str) -> Option<Estimate> {
        let ia = self.names.iter().position(|n| n == a)?;
        let ib = self.names.iter().position(|n| n == b)?;
        let (i, j) = (ia.min(ib), ia.max(ib));
        self.second
            .iter()
            .find(|s| s.i == i && s.j == j)
            .map(|s| s.estimate)
    }
}

impl fmt::Display for SobolIndices {
    /// A table: factor, S1 with its interval, ST with its interval (raw estimates).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.names.iter().map(String::len).max().unwrap_or(6).max(6);
        writeln!(
            f,
            "{:<w$}  {:>8} {:>19}  {:>8} {:>19}",
            "factor", "S1", "interval", "ST", "interval"
        )?;
        let iv = |e: &Estimate| match e.ci {
            Some(i) => format!("[{:>7.4}, {:>7.4}]", i.lo, i.hi),
            None => "-".to_string(),
        };
        for (k, name) in self.names.iter().enumerate() {
            writeln!(
                f,
                "{:<w$}  {:>8.4} {:>19}  {:>8.4} {:>19}",
                name,
                self.first[k].value,
                iv(&self.first[k]),
                self.total[k].value,
                iv(&self.total[k])
            )?;
        }
        for s in &self.second {
            writeln!(
                f,
                "S2({}, {}) = {:.4} {}",
                self.names[s.i],
                self.names[s.j],
                s.estimate.value,
                iv(&s.estimate)
            )?;
        }
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        Ok(())
    }
}
