//! How the indices settle as the base sample grows: [`sobol_convergence`] and its tidy [`Convergence`]
//! table.

use super::*;

/// One row of a [`Convergence`] table: one index of one factor at one base sample size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConvergenceRow {
    /// The base sample size `N`.
    pub n: usize,
    /// The model runs at this `N`.
    pub runs: usize,
    /// The 0-based factor (the first of the pair for a second-order index).
    pub factor: usize,
    /// Which index.
    pub measure: Measure,
    /// The raw estimate.
    pub estimate: f64,
    /// The bootstrap interval, when the bootstrap is on.
    pub interval: Option<Interval>,
}

/// The indices of one model at several base sample sizes (see [`sobol_convergence`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Convergence {
    /// The factor names.
    pub factors: Vec<String>,
    /// The rows, by `N` (in the order asked), then factor, then measure.
    pub rows: Vec<ConvergenceRow>,
}

impl Convergence {
    /// The estimates of `measure` for factor `factor`, one per `N`, as `(N, estimate)`.
    pub fn series(&self, factor: usize, measure: Measure) -> Vec<(usize, f64)> {
        self.rows
            .iter()
            .filter(|r| r.factor == factor && r.measure == measure)
            .map(|r| (r.n, r.estimate))
            .collect()
    }

    /// The tidy table as CSV text: `n,runs,factor,measure,with,estimate,lo,hi` (measure keys as in
    /// [`Measure::key`]; `with` is the pair's other factor for `S2`, blank otherwise; `lo`/`hi` blank
    /// without a bootstrap).
    pub fn write_csv_str(&self) -> String {
        let mut s = String::from("n,runs,factor,measure,with,estimate,lo,hi\n");
        let name = |i: usize| {
            self.factors
                .get(i)
                .map_or_else(|| i.to_string(), |n| crate::result::quote(n))
        };
        for r in &self.rows {
            let with = match r.measure {
                Measure::SecondOrder { with } => name(with),
                _ => String::new(),
            };
            let (lo, hi) = r.interval.map_or((String::new(), String::new()), |i| {
                (i.lo.to_string(), i.hi.to_string())
            });
            s.push_str(&format!(
                "{},{},{},{},{},{},{},{}\n",
                r.n,
                r.runs,
                name(r.factor),
                r.measure.key(),
                with,
                r.estimate,
                lo,
                hi
            ));
        }
        s
    }
}

/// Sobol indices of a scalar model at each base sample size of `ns` (e.g. `[256, 1024, 4096]`), one design
/// per size with the other `settings` unchanged, as a tidy table: the way to check that `N` is large
/// enough (the estimates should settle, within their intervals, as `N` grows).
///
/// ```
/// use mfg_quality_sensitivity::sobol::{sobol_convergence, SobolGroup, SobolSettings};
/// use mfg_quality_sensitivity::{Marginal, Measure};
///
/// let factors = (0..2)
///     .map(|i| SobolGroup { name: format!("x{i}"), marginals: vec![Marginal::default()] })
///     .collect();
/// let c = sobol_convergence(factors, &SobolSettings::default(), &[64, 256, 1024], |x| x[0] + 2.0 * x[1])?;
/// let s1 = c.series(1, Measure::FirstOrder); // → 0.8
/// assert_eq!(s1.len(), 3);
/// assert!((s1[2].1 - 0.8).abs() < 0.01);
/// # Ok::<(), mfg_quality_sensitivity::SensitivityError>(())
/// ```
///
/// # Errors
/// [`SensitivityError::TooFew`] for an empty `ns`; the design's errors ([`SobolDesign::grouped`]) for any
/// `N`; the run's ([`SobolDesign::run`]).
pub fn sobol_convergence<F>(
    factors: Vec<SobolGroup>,
    settings: &SobolSettings,
    ns: &[usize],
    model: F,
) -> Result<Convergence>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    if ns.is_empty() {
        return Err(SensitivityError::TooFew {
            method: "sobol",
            what: "sample sizes",
            needed: 1,
            got: 0,
            reason: "a convergence table needs at least one N",
        });
    }
    let mut rows = Vec::new();
    let mut names = Vec::new();
    for &n in ns {
        let design = SobolDesign::grouped(
            factors.clone(),
            SobolSettings {
                n,
                ..settings.clone()
            },
        )?;
        let s = design.run(&model)?;
        let r = s.to_result("y");
        names = r.factors;
        rows.extend(r.indices.into_iter().map(|e| ConvergenceRow {
            n,
            runs: s.runs,
            factor: e.factor,
            measure: e.measure,
            estimate: e.estimate,
            interval: e.interval,
        }));
    }
    Ok(Convergence {
        factors: names,
        rows,
    })
}
