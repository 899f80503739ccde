//! The one result shape every method returns, and its tidy table.

use serde::{Deserialize, Serialize};

/// The method that produced a [`SensitivityResult`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Method {
    /// Variance-based Sobol indices (Saltelli 2002 / Jansen 1999 estimators).
    Sobol,
    /// Morris elementary effects (Morris 1991; Campolongo, Cariboni & Saltelli 2007).
    Morris,
    /// Extended FAST (Saltelli, Tarantola & Chan 1999).
    Fast,
    /// Random-balance-design FAST (Tarantola, Gatelli & Mara 2006; bias correction of Plischke 2010).
    RbdFast,
    /// The delta moment-independent measure (Borgonovo 2007), with first-order indices from the same sample.
    Delta,
    /// PAWN (Pianosi & Wagener 2015).
    Pawn,
}

impl Method {
    /// The snake-case key used in tables and JSON (`sobol`, `morris`, `fast`, `rbd_fast`, `delta`, `pawn`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Sobol => "sobol",
            Method::Morris => "morris",
            Method::Fast => "fast",
            Method::RbdFast => "rbd_fast",
            Method::Delta => "delta",
            Method::Pawn => "pawn",
        }
    }
}

/// What an [`IndexEstimate`] measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "measure")]
#[non_exhaustive]
pub enum Measure {
    /// First-order (main-effect) index S1.
    FirstOrder,
    /// Total-effect index ST.
    Total,
    /// Second-order index S_ij of the estimate's factor with factor `with` (0-based).
    SecondOrder {
        /// The other factor of the pair.
        with: usize,
    },
    /// Morris μ, the mean elementary effect.
    Mu,
    /// Morris μ*, the mean absolute elementary effect (Campolongo et al. 2007).
    MuStar,
    /// Morris σ, the standard deviation of the elementary effects.
    Sigma,
    /// Borgonovo's δ.
    Delta,
    /// PAWN: the minimum over conditioning intervals of the Kolmogorov–Smirnov statistic.
    PawnMinimum,
    /// PAWN: the mean KS statistic.
    PawnMean,
    /// PAWN: the median KS statistic (the index Pianosi & Wagener 2015 recommend).
    PawnMedian,
    /// PAWN: the maximum KS statistic.
    PawnMaximum,
    /// PAWN: the coefficient of variation of the KS statistics.
    PawnCv,
}

impl Measure {
    /// The key used in the tidy table (`S1`, `ST`, `S2`, `mu`, `mu_star`, `sigma`, `delta`, `pawn_median`, ...),
    /// SALib's column names where SALib has one.
    pub fn key(self) -> &'static str {
        match self {
            Measure::FirstOrder => "S1",
            Measure::Total => "ST",
            Measure::SecondOrder { .. } => "S2",
            Measure::Mu => "mu",
            Measure::MuStar => "mu_star",
            Measure::Sigma => "sigma",
            Measure::Delta => "delta",
            Measure::PawnMinimum => "pawn_minimum",
            Measure::PawnMean => "pawn_mean",
            Measure::PawnMedian => "pawn_median",
            Measure::PawnMaximum => "pawn_maximum",
            Measure::PawnCv => "pawn_cv",
        }
    }
}

/// A confidence interval `[lo, hi]` at the result's [`confidence`](SensitivityResult::confidence) level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

impl Interval {
    /// Half the width, SALib's `*_conf` column when the interval is symmetric.
    pub fn half_width(&self) -> f64 {
        0.5 * (self.hi - self.lo)
    }
}

/// One index: a factor's sensitivity measure for one output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexEstimate {
    /// The 0-based factor (into [`SensitivityResult::factors`]).
    pub factor: usize,
    /// The 0-based output (into [`SensitivityResult::outputs`]).
    pub output: usize,
    /// What is measured.
    pub measure: Measure,
    /// The point estimate.
    pub estimate: f64,
    /// The confidence interval, when the method gives one (bootstrap or asymptotic).
    pub interval: Option<Interval>,
}

/// The result of any method of this crate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityResult {
    /// The method.
    pub method: Method,
    /// The factor names, in design order.
    pub factors: Vec<String>,
    /// The output names (`y` for a scalar model unless named).
    pub outputs: Vec<String>,
    /// The confidence level of the intervals (0.95 unless set), `None` when there are none.
    pub confidence: Option<f64>,
    /// The number of model evaluations the result used.
    pub evaluations: usize,
    /// The indices.
    pub indices: Vec<IndexEstimate>,
}

impl SensitivityResult {
    /// The estimate of `measure` for factor `factor` and output `output`, if the method gave it.
    pub fn get(&self, factor: usize, output: usize, measure: Measure) -> Option<&IndexEstimate> {
        self.indices
            .iter()
            .find(|e| e.factor == factor && e.output == output && e.measure == measure)
    }

    /// The estimates of `measure` for output `output`, in factor order (`NaN`-free: a factor without the
    /// measure is skipped).
    pub fn column(&self, output: usize, measure: Measure) -> Vec<f64> {
        let mut v: Vec<&IndexEstimate> = self
            .indices
            .iter()
            .filter(|e| e.output == output && e.measure == measure)
            .collect();
        v.sort_by_key(|e| e.factor);
        v.into_iter().map(|e| e.estimate).collect()
    }

    /// The tidy table as CSV text: `method,output,factor,measure,with,estimate,lo,hi`, one row per index
    /// (`with` is the pair's other factor for second-order indices, blank otherwise; `lo`/`hi` blank without
    /// an interval). Names are quoted when they hold a comma, a quote or a line break.
    pub fn write_csv_str(&self) -> String {
        let mut s = String::from("method,output,factor,measure,with,estimate,lo,hi\n");
        for e in &self.indices {
            let name =
                |v: &[String], i: usize| v.get(i).map_or_else(|| i.to_string(), |n| quote(n));
            let with = match e.measure {
                Measure::SecondOrder { with } => name(&self.factors, with),
                _ => String::new(),
            };
            let (lo, hi) = e.interval.map_or((String::new(), String::new()), |i| {
                (i.lo.to_string(), i.hi.to_string())
            });
            s.push_str(&format!(
                "{},{},{},{},{},{},{},{}\n",
                self.method.key(),
                name(&self.outputs, e.output),
                name(&self.factors, e.factor),
                e.measure.key(),
                with,
                e.estimate,
                lo,
                hi
            ));
        }
        s
    }
}

pub(crate) fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_table_quotes_and_orders() {
        let r = SensitivityResult {
            method: Method::Sobol,
            factors: vec!["a,b".into(), "c".into()],
            outputs: vec!["y".into()],
            confidence: Some(0.95),
            evaluations: 10,
            indices: vec![
                IndexEstimate {
                    factor: 1,
                    output: 0,
                    measure: Measure::FirstOrder,
                    estimate: 0.25,
                    interval: Some(Interval { lo: 0.2, hi: 0.3 }),
                },
                IndexEstimate {
                    factor: 0,
                    output: 0,
                    measure: Measure::SecondOrder { with: 1 },
                    estimate: 0.5,
                    interval: None,
                },
            ],
        };
        let csv = r.write_csv_str();
        assert_eq!(
            csv,
            "method,output,factor,measure,with,estimate,lo,hi\nsobol,y,c,S1,,0.25,0.2,0.3\nsobol,y,\"a,b\",S2,c,0.5,,\n"
        );
        assert_eq!(r.column(0, Measure::FirstOrder), vec![0.25]);
        assert!(r.get(0, 0, Measure::Total).is_none());
        let half = r
            .get(1, 0, Measure::FirstOrder)
            .unwrap()
            .interval
            .unwrap()
            .half_width();
        assert!((half - 0.05).abs() < 1e-15);
    }
}
