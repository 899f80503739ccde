//! Group statistics per group (and per period of a panel), ordering of groups and a gradient check.
//!
//! For each group `g` with values `x₁ … x_n`: `n`, the mean `x̄ = Σxᵢ/n`, the weighted mean `Σwᵢxᵢ/Σwᵢ`
//! (weights such as population or output), the median (Hyndman–Fan type 7, as
//! [`mfg_quality_indicators::stats::median`]), the sample standard deviation `sqrt(Σ(xᵢ − x̄)²/(n − 1))`
//! (0 for a group of one unit, documented), the minimum and the maximum.
//!
//! The work is one counting sort of the observations by group into a contiguous buffer, then the shared
//! `stats` functions on each group's slice: O(n) plus a linear-time selection for the median.

use mfg_quality_indicators::Panel;
use mfg_quality_indicators::stats::{self, VarianceKind};
use serde::{Deserialize, Serialize};

use crate::error::{RegionalError, Result, check_finite, check_weights};
use crate::regions::{Grouping, RegionMap};

/// Descriptive statistics of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    /// The group.
    pub group: String,
    /// Number of observations.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Weighted mean `Σwᵢxᵢ/Σwᵢ` if weights were given (equal to `mean` if they were not); if a group's
    /// weights are all zero, its unweighted mean (documented fallback).
    pub weighted_mean: f64,
    /// Median (type 7).
    pub median: f64,
    /// Sample standard deviation (n − 1); 0 when `n = 1`.
    pub sd: f64,
    /// Minimum.
    pub min: f64,
    /// Maximum.
    pub max: f64,
}

/// Statistics of each group of `values` (one value per observation of `grouping`), optionally weighted.
///
/// ```
/// use mfg_quality_regional::{Grouping, group_summaries};
/// let g = Grouping::from_labels(&["E", "E", "W", "W", "W"]);
/// let s = group_summaries(&[88.0, 87.0, 82.0, 83.0, 81.0], None, &g).unwrap();
/// assert_eq!(s[0].mean, 87.5);
/// assert_eq!(s[1].median, 82.0);
/// assert_eq!(s[1].sd, 1.0);
/// ```
///
/// # Errors
/// [`RegionalError::LengthMismatch`], [`RegionalError::NonFinite`], weight errors
/// ([`RegionalError::NegativeWeight`], [`RegionalError::ZeroTotal`]) and [`RegionalError::EmptyGroup`] for a
/// group without observations.
pub fn group_summaries(
    values: &[f64],
    weights: Option<&[f64]>,
    grouping: &Grouping,
) -> Result<Vec<GroupSummary>> {
    summaries_in(values, weights, grouping, None)
}

fn summaries_in(
    values: &[f64],
    weights: Option<&[f64]>,
    grouping: &Grouping,
    period: Option<i32>,
) -> Result<Vec<GroupSummary>> {
    grouping.check_values("values", values)?;
    check_finite("values", values)?;
    if let Some(w) = weights {
        check_weights(w, values.len(), "weighted mean")?;
    }
    grouping.require_nonempty(period)?;
    let (offsets, mut buf, wbuf) = grouping.bucket(values, weights);
    let mut out = Vec::with_capacity(grouping.n_groups());
    for (g, name) in grouping.names().iter().enumerate() {
        let (a, b) = (offsets[g], offsets[g + 1]);
        let x = &buf[a..b];
        let mean = stats::mean(x);
        let sd = stats::std_dev(x, VarianceKind::Sample);
        let (min, max) = x
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        let weighted_mean = match &wbuf {
            Some(w) if w[a..b].iter().sum::<f64>() > 0.0 => stats::weighted_mean(x, &w[a..b]),
            _ => mean,
        };
        let median = median_in_place(&mut buf[a..b]);
        out.push(GroupSummary {
            group: name.clone(),
            n: b - a,
            mean,
            weighted_mean,
            median,
            sd,
            min,
            max,
        });
    }
    Ok(out)
}

/// The type-7 median by linear-time selection (reorders `x`); equals [`stats::median`] (tested).
fn median_in_place(x: &mut [f64]) -> f64 {
    let n = x.len();
    let mid = n / 2;
    let (lower, m, _) = x.select_nth_unstable_by(mid, f64::total_cmp);
    let m = *m;
    if n % 2 == 1 {
        m
    } else {
        let lo = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        lo + 0.5 * (m - lo)
    }
}

/// Group statistics of one indicator for every period of a panel; missing cells are skipped. Units are matched
/// to groups by their code in `map`.
///
/// # Errors
/// [`RegionalError::UnknownUnit`] if a panel unit is not in the map, [`RegionalError::UnknownIndicator`], and [`RegionalError::EmptyGroup`] naming the
/// period when a group has no observed unit in it.
pub fn group_summaries_panel(
    panel: &Panel,
    indicator: &str,
    map: &RegionMap,
) -> Result<Vec<(i32, Vec<GroupSummary>)>> {
    let i = panel
        .indicator_index(indicator)
        .ok_or_else(|| RegionalError::UnknownIndicator {
            indicator: indicator.to_string(),
        })?;
    let codes: Vec<&str> = panel.units().iter().map(|u| u.code.as_str()).collect();
    let grouping = map.grouping(&codes)?;
    let mut out = Vec::with_capacity(panel.n_periods());
    for (p, &period) in panel.periods().iter().enumerate() {
        let mask = panel.column_mask(i, p);
        let values: Vec<f64> = panel
            .column(i, p)
            .iter()
            .zip(mask)
            .filter(|(_, m)| **m)
            .map(|(v, _)| *v)
            .collect();
        let sub = grouping.subset(mask);
        out.push((period, summaries_in(&values, None, &sub, Some(period))?));
    }
    Ok(out)
}

/// Which mean a gradient compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Centre {
    /// The arithmetic mean (the default).
    #[default]
    Mean,
    /// The weighted mean.
    WeightedMean,
    /// The median.
    Median,
}

impl Centre {
    fn of(self, s: &GroupSummary) -> f64 {
        match self {
            Centre::Mean => s.mean,
            Centre::WeightedMean => s.weighted_mean,
            Centre::Median => s.median,
        }
    }
}

/// One step of a gradient: `from` minus `to`, adjacent in the expected order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradientStep {
    /// The higher group in the expected order.
    pub from: String,
    /// The next group.
    pub to: String,
    /// `centre(from) − centre(to)`; positive when the step goes the expected way.
    pub difference: f64,
}

/// Result of a gradient check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gradient {
    /// Groups by decreasing centre (ties keep the expected order).
    pub observed_order: Vec<String>,
    /// The expected order (highest first).
    pub expected_order: Vec<String>,
    /// True if every step is strictly positive (`centre` strictly decreasing along the expected order).
    pub holds: bool,
    /// Adjacent differences along the expected order.
    pub steps: Vec<GradientStep>,
    /// `centre(first) − centre(last)` of the expected order.
    pub span: f64,
}

/// Checks whether the groups' centres decrease strictly in the `expected` order (e.g. East > Central > West >
/// Northeast, the paper's §4 "high in the east, low in the west"), and by how much at each step.
///
/// ```
/// use mfg_quality_regional::{Centre, Grouping, gradient, group_summaries};
/// let g = Grouping::from_labels(&["East", "Central", "West", "Northeast"]);
/// let s = group_summaries(&[87.48, 82.97, 82.10, 81.45], None, &g).unwrap();
/// let gr = gradient(&s, &["East", "Central", "West", "Northeast"], Centre::Mean).unwrap();
/// assert!(gr.holds);
/// assert!((gr.steps[0].difference - 4.51).abs() < 1e-9);
/// ```
///
/// # Errors
/// [`RegionalError::UnknownGroup`] if an expected group is not among the summaries,
/// [`RegionalError::TooFewGroups`] for fewer than two expected groups.
pub fn gradient(summaries: &[GroupSummary], expected: &[&str], centre: Centre) -> Result<Gradient> {
    if expected.len() < 2 {
        return Err(RegionalError::TooFewGroups {
            method: "gradient",
            groups: expected.len(),
            min: 2,
        });
    }
    let find = |name: &str| {
        summaries
            .iter()
            .find(|s| s.group == name)
            .ok_or_else(|| RegionalError::UnknownGroup {
                group: name.to_string(),
                context: "group summaries".into(),
            })
    };
    let chosen = expected
        .iter()
        .map(|e| find(e))
        .collect::<Result<Vec<_>>>()?;
    let steps: Vec<GradientStep> = chosen
        .windows(2)
        .map(|w| GradientStep {
            from: w[0].group.clone(),
            to: w[1].group.clone(),
            difference: centre.of(w[0]) - centre.of(w[1]),
        })
        .collect();
    let mut observed: Vec<&GroupSummary> = chosen.clone();
    observed.sort_by(|a, b| centre.of(b).total_cmp(&centre.of(a)));
    Ok(Gradient {
        observed_order: observed.iter().map(|s| s.group.clone()).collect(),
        expected_order: expected.iter().map(|s| s.to_string()).collect(),
        holds: steps.iter().all(|s| s.difference > 0.0),
        span: centre.of(chosen[0]) - centre.of(chosen[chosen.len() - 1]),
        steps,
    })
}
