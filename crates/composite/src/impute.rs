//! Stage 2, imputation of missing cells (OECD/JRC *Handbook on Constructing Composite Indicators*, 2008,
//! section 1.3 "Imputation of missing data": unconditional mean/median substitution, group means, and the
//! unit's own time series; COINr `Impute()` offers the same cross-sectional choices as `i_mean`, `i_median`,
//! `i_mean_grp`, `i_median_grp`).
//!
//! Cross-sectional methods (indicator/group mean/median) use only the *observed* values of the same indicator
//! in the same period; time-series methods (last observation carried forward, linear interpolation) use only
//! the unit's own observed values of the same indicator in other periods, ordered by period (the panel's period
//! order does not matter). Observed cells are never changed.

use mfg_quality_indicators::{Panel, stats};
use serde::{Deserialize, Serialize};

use crate::{CompositeError, Result};

/// What a group method does for a cell whose group has no observed value of that indicator in that period
/// (or whose unit has no group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GroupFallback {
    /// Use the indicator's mean/median over all units in that period (the default).
    #[default]
    Indicator,
    /// Leave the cell missing (counted in [`ImputationReport::still_missing`]).
    Leave,
    /// Fail with [`CompositeError::NothingToImpute`].
    Error,
}

/// What linear interpolation does with leading and trailing gaps (before the unit's first or after its last
/// observation), where interpolation has no two neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EdgeRule {
    /// Leave them missing — no extrapolation (the default).
    #[default]
    Leave,
    /// Copy the nearest observation (first observation backward, last observation forward).
    Nearest,
}

fn yes() -> bool {
    true
}

/// How missing cells are imputed. JSON: `{"method": "group_mean", "fallback": "indicator"}`.
///
/// Units whose [`Unit::group`](mfg_quality_indicators::Unit::group) is `None` form no group: group methods
/// apply the [`GroupFallback`] to them.
///
/// ```
/// use mfg_quality_indicators::{Panel, Unit};
/// use mfg_quality_composite::impute::Imputation;
/// let mut b = Panel::builder(vec![Unit::new("A")], vec!["x".into()], vec![2020, 2021, 2022]).unwrap();
/// b.set("A", "x", 2020, 1.0).unwrap();
/// b.set("A", "x", 2022, 3.0).unwrap();
/// let m = Imputation::LinearInterpolation { edges: Default::default() };
/// let (p, report) = m.apply(&b.build()).unwrap();
/// assert_eq!(p.value("A", "x", 2021).unwrap(), Some(2.0));
/// assert_eq!(report.n_imputed, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(
    remote = "Self",
    tag = "method",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Imputation {
    /// Leave missing cells missing; aggregation then skips them and re-weights (the default).
    #[default]
    None,
    /// Mean of the indicator's observed values in the same period.
    IndicatorMean,
    /// Median (type 7, [`stats::median`]) of the indicator's observed values in the same period.
    IndicatorMedian,
    /// Mean over the observed units of the same group, indicator and period.
    GroupMean {
        /// What to do when the group has no observed value.
        #[serde(default)]
        fallback: GroupFallback,
    },
    /// Median over the observed units of the same group, indicator and period.
    GroupMedian {
        /// What to do when the group has no observed value.
        #[serde(default)]
        fallback: GroupFallback,
    },
    /// Last observation carried forward (LOCF) along the unit's own periods, in ascending period order.
    LastObservation {
        /// Also fill leading gaps (before the first observation) with the first observation (next
        /// observation carried backward, NOCB). Default `true`; with `false` leading gaps stay missing.
        #[serde(default = "yes")]
        backward: bool,
    },
    /// Linear interpolation in time between the unit's two nearest observed periods `t₀ < t < t₁`:
    /// `x(t) = x(t₀) + (x(t₁) − x(t₀))·(t − t₀)/(t₁ − t₀)` (periods are years, so uneven spacing is honoured).
    /// No extrapolation: leading/trailing gaps follow [`EdgeRule`].
    LinearInterpolation {
        /// What to do before the first and after the last observation.
        #[serde(default)]
        edges: EdgeRule,
    },
}

crate::strict::strict_tagged!(Imputation, "method");

/// One imputed cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImputedCell {
    /// Unit code.
    pub unit: String,
    /// Indicator id.
    pub indicator: String,
    /// Period.
    pub period: i32,
    /// The imputed value.
    pub value: f64,
    /// The method that produced it (`indicator_mean`, `group_mean`, `group_mean/indicator fallback`...).
    pub method: String,
}

/// What imputation did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImputationReport {
    /// The method name.
    pub method: String,
    /// Missing cells before imputation.
    pub missing_before: usize,
    /// Number of imputed cells.
    pub n_imputed: usize,
    /// Missing cells after imputation (cells no rule could fill, or all of them under `None`).
    pub still_missing: usize,
    /// Imputed cells per indicator, in panel indicator order.
    pub imputed_per_indicator: Vec<(String, usize)>,
    /// Every imputed cell, in panel order (period, indicator, unit).
    pub cells: Vec<ImputedCell>,
}

impl Imputation {
    /// Short name (`none`, `indicator_mean`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Imputation::None => "none",
            Imputation::IndicatorMean => "indicator_mean",
            Imputation::IndicatorMedian => "indicator_median",
            Imputation::GroupMean { .. } => "group_mean",
            Imputation::GroupMedian { .. } => "group_median",
            Imputation::LastObservation { .. } => "last_observation",
            Imputation::LinearInterpolation { .. } => "linear_interpolation",
        }
    }

    /// Imputes the missing cells of `panel` and reports every imputed cell.
    ///
    /// # Errors
    /// [`CompositeError::NothingToImpute`] for a group method with [`GroupFallback::Error`] when a group has no
    /// observed value. Cells that a method cannot fill otherwise (an indicator with no observed value in a
    /// period; a unit with no observation of an indicator in any period; edges under LOCF without `backward`
    /// or interpolation with [`EdgeRule::Leave`]) stay missing and are counted in `still_missing`.
    pub fn apply(&self, panel: &Panel) -> Result<(Panel, ImputationReport)> {
        let (nu, ni, np) = (panel.n_units(), panel.n_indicators(), panel.n_periods());
        let mut values = panel.raw_values().to_vec();
        let mut present = panel.raw_mask().to_vec();
        let missing_before = panel.missing_count();
        // (offset, value, method label)
        let mut filled: Vec<(usize, f64, &'static str)> = Vec::new();
        let off = |u: usize, i: usize, p: usize| (p * ni + i) * nu + u;
        match self {
            Imputation::None => {}
            Imputation::IndicatorMean | Imputation::IndicatorMedian => {
                let median = matches!(self, Imputation::IndicatorMedian);
                let mut buf = Vec::with_capacity(nu);
                for p in 0..np {
                    for i in 0..ni {
                        let (col, mask) = (panel.column(i, p), panel.column_mask(i, p));
                        if mask.iter().all(|&m| m) {
                            continue;
                        }
                        buf.clear();
                        buf.extend(col.iter().zip(mask).filter(|(_, m)| **m).map(|(v, _)| *v));
                        if buf.is_empty() {
                            continue;
                        }
                        let v = if median {
                            stats::median(&buf)
                        } else {
                            stats::mean(&buf)
                        };
                        for u in (0..nu).filter(|&u| !mask[u]) {
                            filled.push((off(u, i, p), v, self.name()));
                        }
                    }
                }
            }
            Imputation::GroupMean { fallback } | Imputation::GroupMedian { fallback } => {
                let median = matches!(self, Imputation::GroupMedian { .. });
                let central = |x: &[f64]| {
                    if median {
                        stats::median(x)
                    } else {
                        stats::mean(x)
                    }
                };
                let fallback_label = if median {
                    "group_median/indicator fallback"
                } else {
                    "group_mean/indicator fallback"
                };
                // Group index of each unit (None = no group).
                let mut names: Vec<&str> = Vec::new();
                let gidx: Vec<Option<usize>> = panel
                    .units()
                    .iter()
                    .map(|u| {
                        u.group.as_deref().map(|g| {
                            names.iter().position(|n| *n == g).unwrap_or_else(|| {
                                names.push(g);
                                names.len() - 1
                            })
                        })
                    })
                    .collect();
                let mut buf = Vec::with_capacity(nu);
                for p in 0..np {
                    for i in 0..ni {
                        let (col, mask) = (panel.column(i, p), panel.column_mask(i, p));
                        if mask.iter().all(|&m| m) {
                            continue;
                        }
                        let mut group_value: Vec<Option<f64>> = vec![None; names.len()];
                        for (g, gv) in group_value.iter_mut().enumerate() {
                            buf.clear();
                            buf.extend(
                                (0..nu)
                                    .filter(|&u| mask[u] && gidx[u] == Some(g))
                                    .map(|u| col[u]),
                            );
                            if !buf.is_empty() {
                                *gv = Some(central(&buf));
                            }
                        }
                        buf.clear();
                        buf.extend(col.iter().zip(mask).filter(|(_, m)| **m).map(|(v, _)| *v));
                        let all = (!buf.is_empty()).then(|| central(&buf));
                        for u in (0..nu).filter(|&u| !mask[u]) {
                            match gidx[u].and_then(|g| group_value[g]) {
                                Some(v) => filled.push((off(u, i, p), v, self.name())),
                                None => match fallback {
                                    GroupFallback::Leave => {}
                                    GroupFallback::Indicator => {
                                        if let Some(v) = all {
                                            filled.push((off(u, i, p), v, fallback_label));
                                        }
                                    }
                                    GroupFallback::Error => {
                                        return Err(CompositeError::NothingToImpute {
                                            method: self.name(),
                                            unit: panel.units()[u].code.clone(),
                                            indicator: panel.indicators()[i].clone(),
                                            period: panel.periods()[p],
                                        });
                                    }
                                },
                            }
                        }
                    }
                }
            }
            Imputation::LastObservation { backward } => {
                let order = period_order(panel);
                for i in 0..ni {
                    for u in 0..nu {
                        let mut last: Option<f64> = None;
                        let mut leading: Vec<usize> = Vec::new();
                        for &p in &order {
                            let k = off(u, i, p);
                            if present[k] {
                                if last.is_none() && *backward {
                                    for &q in &leading {
                                        filled.push((
                                            off(u, i, q),
                                            values[k],
                                            "next_observation_backward",
                                        ));
                                    }
                                }
                                last = Some(values[k]);
                            } else if let Some(v) = last {
                                filled.push((k, v, self.name()));
                            } else {
                                leading.push(p);
                            }
                        }
                    }
                }
            }
            Imputation::LinearInterpolation { edges } => {
                let order = period_order(panel);
                let years: Vec<f64> = order
                    .iter()
                    .map(|&p| f64::from(panel.periods()[p]))
                    .collect();
                let mut obs: Vec<usize> = Vec::with_capacity(np); // positions in `order`
                for i in 0..ni {
                    for u in 0..nu {
                        obs.clear();
                        obs.extend((0..np).filter(|&s| present[off(u, i, order[s])]));
                        if obs.is_empty() || obs.len() == np {
                            continue;
                        }
                        for s in 0..np {
                            let k = off(u, i, order[s]);
                            if present[k] {
                                continue;
                            }
                            let after = obs.partition_point(|&o| o < s);
                            if after == 0 || after == obs.len() {
                                if *edges == EdgeRule::Nearest {
                                    let o = if after == 0 {
                                        obs[0]
                                    } else {
                                        obs[obs.len() - 1]
                                    };
                                    filled.push((
                                        k,
                                        values[off(u, i, order[o])],
                                        "nearest_observation",
                                    ));
                                }
                                continue;
                            }
                            let (s0, s1) = (obs[after - 1], obs[after]);
                            let (x0, x1) =
                                (values[off(u, i, order[s0])], values[off(u, i, order[s1])]);
                            let v =
                                x0 + (x1 - x0) * (years[s] - years[s0]) / (years[s1] - years[s0]);
                            filled.push((k, v, self.name()));
                        }
                    }
                }
            }
        }
        filled.sort_by_key(|f| f.0);
        let mut per_ind = vec![0usize; ni];
        let mut cells = Vec::with_capacity(filled.len());
        for &(k, v, label) in &filled {
            values[k] = v;
            present[k] = true;
            let (u, i, p) = (k % nu, (k / nu) % ni, k / (nu * ni));
            per_ind[i] += 1;
            cells.push(ImputedCell {
                unit: panel.units()[u].code.clone(),
                indicator: panel.indicators()[i].clone(),
                period: panel.periods()[p],
                value: v,
                method: label.to_string(),
            });
        }
        let out = Panel::from_dense(
            panel.units().to_vec(),
            panel.indicators().to_vec(),
            panel.periods().to_vec(),
            values,
            present,
        )?;
        let report = ImputationReport {
            method: self.name().to_string(),
            missing_before,
            n_imputed: cells.len(),
            still_missing: missing_before - cells.len(),
            imputed_per_indicator: panel.indicators().iter().cloned().zip(per_ind).collect(),
            cells,
        };
        Ok((out, report))
    }
}

/// Period indices in ascending period order.
fn period_order(panel: &Panel) -> Vec<usize> {
    let mut order: Vec<usize> = (0..panel.n_periods()).collect();
    order.sort_by_key(|&p| panel.periods()[p]);
    order
}
