//! Stage 1, screening: data availability per unit and per indicator, and dropping (or flagging) those below
//! a threshold — COINr's `Screen()` (Becker et al., COINr v1.1, `R/screen_units.R`, `unit_screen = "byNA"`)
//! extended to indicators.
//!
//! Availability of a unit = share of its cells that are observed; of an indicator = share of its cells that
//! are observed. Both are reported per period and overall (over all periods).

use mfg_quality_indicators::Panel;
use serde::{Deserialize, Serialize};

use crate::{CompositeError, Result};

/// What to do with units / indicators below the availability thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ScreenAction {
    /// Remove them from the panel (the default, as COINr `Screen(unit_screen = "byNA")`).
    #[default]
    Drop,
    /// Keep the panel unchanged and only list them in the report.
    Flag,
}

/// Over which cells availability is judged against the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AvailabilityBasis {
    /// Share of observed cells over all periods together (the default).
    #[default]
    Overall,
    /// The threshold must be reached in every period (a unit or indicator failing in any period is screened).
    EveryPeriod,
}

/// Data-availability screening (see the [module docs](self)).
///
/// Rule: indicators are screened first, on the input panel: an indicator is kept when its availability is
/// `≥ min_indicator_availability`. Units are then screened on the retained indicators: a unit is kept when
/// its availability is `≥ min_unit_availability` (COINr keeps units with availability `≥ dat_thresh`,
/// default 2/3). A threshold of 0 keeps everything.
///
/// ```
/// use mfg_quality_indicators::{Panel, Unit};
/// use mfg_quality_composite::screen::{Screening, ScreenAction};
/// let mut b = Panel::builder(
///     vec![Unit::new("A"), Unit::new("B")], vec!["x".into(), "y".into(), "z".into()], vec![2020]).unwrap();
/// for (u, i, v) in [("A", "x", 1.0), ("A", "y", 2.0), ("A", "z", 3.0), ("B", "x", 4.0)] {
///     b.set(u, i, 2020, v).unwrap();
/// }
/// let s = Screening { min_unit_availability: 2.0 / 3.0, min_indicator_availability: 0.0,
///                     basis: Default::default(), action: ScreenAction::Drop };
/// let (p, report) = s.apply(&b.build()).unwrap();
/// assert_eq!(p.n_units(), 1);
/// assert_eq!(report.dropped_units, vec!["B".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Screening {
    /// Minimum share of observed cells for a unit to be kept, in [0, 1]. Default 2/3 (COINr `dat_thresh`).
    pub min_unit_availability: f64,
    /// Minimum share of observed cells for an indicator to be kept, in [0, 1]. Default 0 (keep all).
    pub min_indicator_availability: f64,
    /// Whether the thresholds apply overall or in every period.
    #[serde(default)]
    pub basis: AvailabilityBasis,
    /// Drop or flag.
    #[serde(default)]
    pub action: ScreenAction,
}

impl Default for Screening {
    fn default() -> Self {
        Screening {
            min_unit_availability: 2.0 / 3.0,
            min_indicator_availability: 0.0,
            basis: AvailabilityBasis::Overall,
            action: ScreenAction::Drop,
        }
    }
}

/// Availability of one unit or indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// Unit code or indicator id.
    pub id: String,
    /// Share of observed cells over all periods.
    pub overall: f64,
    /// Share of observed cells in each period, in panel period order.
    pub per_period: Vec<f64>,
    /// Whether it passes the screening rule.
    pub passes: bool,
}

/// What screening found and did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenReport {
    /// The periods, in panel order (the order of every `per_period` vector).
    pub periods: Vec<i32>,
    /// Availability per indicator on the input panel.
    pub indicators: Vec<Availability>,
    /// Availability per unit over the retained indicators.
    pub units: Vec<Availability>,
    /// Units below the threshold (dropped under [`ScreenAction::Drop`], only flagged under `Flag`).
    pub dropped_units: Vec<String>,
    /// Indicators below the threshold (dropped or flagged likewise).
    pub dropped_indicators: Vec<String>,
    /// The action applied.
    pub action: ScreenAction,
}

fn check_threshold(name: &'static str, t: f64) -> Result<()> {
    if !(0.0..=1.0).contains(&t) {
        return Err(CompositeError::InvalidParameter {
            method: "screening",
            parameter: name,
            reason: format!("must be in [0, 1], got {t}"),
        });
    }
    Ok(())
}

impl Screening {
    /// Screens `panel` (see the type docs for the rule) and returns the screened panel and the report.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] for a threshold outside [0, 1] (or NaN);
    /// [`CompositeError::ScreenedOut`] when `Drop` would remove every unit or every indicator.
    pub fn apply(&self, panel: &Panel) -> Result<(Panel, ScreenReport)> {
        check_threshold("min_unit_availability", self.min_unit_availability)?;
        check_threshold(
            "min_indicator_availability",
            self.min_indicator_availability,
        )?;
        let (nu, ni, np) = (panel.n_units(), panel.n_indicators(), panel.n_periods());
        let passes = |overall: f64, per: &[f64], t: f64| match self.basis {
            AvailabilityBasis::Overall => overall >= t,
            AvailabilityBasis::EveryPeriod => per.iter().all(|&a| a >= t),
        };
        // Indicators on the input panel.
        let mut indicators = Vec::with_capacity(ni);
        for i in 0..ni {
            let per: Vec<f64> = (0..np)
                .map(|p| {
                    let m = panel.column_mask(i, p);
                    m.iter().filter(|&&b| b).count() as f64 / nu as f64
                })
                .collect();
            let overall = per.iter().sum::<f64>() / np as f64;
            indicators.push(Availability {
                id: panel.indicators()[i].clone(),
                overall,
                passes: passes(overall, &per, self.min_indicator_availability),
                per_period: per,
            });
        }
        let kept_ind: Vec<usize> = (0..ni).filter(|&i| indicators[i].passes).collect();
        // Units over the retained indicators (all indicators if none is retained, so the report is defined).
        let basis_ind: Vec<usize> = if kept_ind.is_empty() {
            (0..ni).collect()
        } else {
            kept_ind.clone()
        };
        let mut units = Vec::with_capacity(nu);
        for u in 0..nu {
            let per: Vec<f64> = (0..np)
                .map(|p| {
                    let c = basis_ind
                        .iter()
                        .filter(|&&i| panel.column_mask(i, p)[u])
                        .count();
                    c as f64 / basis_ind.len() as f64
                })
                .collect();
            let overall = per.iter().sum::<f64>() / np as f64;
            units.push(Availability {
                id: panel.units()[u].code.clone(),
                overall,
                passes: passes(overall, &per, self.min_unit_availability),
                per_period: per,
            });
        }
        let kept_units: Vec<usize> = (0..nu).filter(|&u| units[u].passes).collect();
        let report = ScreenReport {
            periods: panel.periods().to_vec(),
            dropped_units: units
                .iter()
                .filter(|a| !a.passes)
                .map(|a| a.id.clone())
                .collect(),
            dropped_indicators: indicators
                .iter()
                .filter(|a| !a.passes)
                .map(|a| a.id.clone())
                .collect(),
            indicators,
            units,
            action: self.action,
        };
        let out = match self.action {
            ScreenAction::Flag => panel.clone(),
            ScreenAction::Drop => {
                if kept_ind.is_empty() {
                    return Err(CompositeError::ScreenedOut {
                        what: "indicator",
                        threshold: self.min_indicator_availability,
                    });
                }
                if kept_units.is_empty() {
                    return Err(CompositeError::ScreenedOut {
                        what: "unit",
                        threshold: self.min_unit_availability,
                    });
                }
                if kept_units.len() == nu && kept_ind.len() == ni {
                    panel.clone()
                } else {
                    panel.select(&kept_units, &kept_ind, &(0..np).collect::<Vec<_>>())?
                }
            }
        };
        Ok((out, report))
    }
}
