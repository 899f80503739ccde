//! The results of a Sobol analysis: [`SobolIndices`] with each [`Estimate`] and its [`Interval`], and the
//! [`SecondOrder`] pairs.

use super::*;

/// A bootstrap confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
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
    pub ci: Option<Interval>,
}

impl Estimate {
    pub(super) fn clipped(&self) -> Self {
        let c = |v: f64| v.clamp(0.0, 1.0);
        Estimate {
            value: c(self.value),
            ci: self.ci.map(|i| Interval {
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
        Ok(())
    }
}
