//! Growth contributions: a total's change split into components (e.g. general and processing trade), share
//! changes, and the reverse problems the paper's trade paragraph poses (paper §4).
//!
//! For components `c` with previous and current values `y_c⁰, y_c¹` and total `Y = Σ_c y_c`:
//! growth `g_c = (y_c¹ − y_c⁰)/y_c⁰ · 100` (%), contribution `κ_c = (y_c¹ − y_c⁰)/Y⁰ · 100` (percentage
//! points) — so `Σ_c κ_c = g_Y` exactly, and `κ_c = s_c⁰ g_c` with the previous share `s_c⁰ = y_c⁰/Y⁰`;
//! share change `Δs_c = (s_c¹ − s_c⁰) · 100` pp (sums to 0). This is the standard contribution-to-growth
//! arithmetic of national accounts (e.g. the NBS's 拉动/贡献 figures; OECD *Understanding National Accounts*).

use serde::{Deserialize, Serialize};

use crate::error::{RegionalError, Result, check_finite};

/// A component's values in the previous and current period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// Name (e.g. `general trade`).
    pub name: String,
    /// Previous-period value.
    pub previous: f64,
    /// Current-period value.
    pub current: f64,
}

impl Component {
    /// A component.
    pub fn new(name: impl Into<String>, previous: f64, current: f64) -> Self {
        Component {
            name: name.into(),
            previous,
            current,
        }
    }
}

/// One component's part of a [`GrowthDecomposition`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentContribution {
    /// Name.
    pub name: String,
    /// Change `y¹ − y⁰`.
    pub change: f64,
    /// Growth rate in % (`None` if the previous value is 0).
    pub growth_pct: Option<f64>,
    /// Contribution to the total's growth in percentage points, `(y¹ − y⁰)/Y⁰ · 100`.
    pub contribution_pp: f64,
    /// Share of the previous total, %.
    pub share_previous_pct: f64,
    /// Share of the current total, % (`None` if the current total is 0).
    pub share_current_pct: Option<f64>,
    /// Share change in percentage points (`None` if the current total is 0).
    pub share_change_pp: Option<f64>,
}

/// A total's growth split into its components.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GrowthDecomposition {
    /// Previous total `Y⁰`.
    pub total_previous: f64,
    /// Current total `Y¹`.
    pub total_current: f64,
    /// Total growth in %.
    pub total_growth_pct: f64,
    /// The components.
    pub components: Vec<ComponentContribution>,
}

/// Splits the growth of a total into component contributions (see the [module docs](self)). If `totals`
/// (previous, current) are given, the components must add up to them within `tolerance` (absolute); if they
/// are not, the totals are the sums of the components.
///
/// ```
/// use mfg_quality_regional::{Component, decompose_growth};
/// let d = decompose_growth(
///     &[Component::new("general", 60.0, 45.0), Component::new("processing", 40.0, 39.0)],
///     Some((100.0, 84.0)),
///     1e-9,
/// ).unwrap();
/// assert_eq!(d.total_growth_pct, -16.0);
/// assert_eq!(d.components[0].contribution_pp, -15.0);
/// ```
///
/// # Errors
/// [`RegionalError::ComponentsDoNotAddUp`] with the discrepancy, [`RegionalError::ZeroTotal`] for a zero
/// previous total, [`RegionalError::TooFewPoints`] for no components, [`RegionalError::NonFinite`],
/// [`RegionalError::InvalidParameter`] for a negative tolerance.
pub fn decompose_growth(
    components: &[Component],
    totals: Option<(f64, f64)>,
    tolerance: f64,
) -> Result<GrowthDecomposition> {
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        return Err(RegionalError::InvalidParameter {
            parameter: "tolerance",
            value: tolerance,
            reason: "must be finite and >= 0",
        });
    }
    if components.is_empty() {
        return Err(RegionalError::TooFewPoints {
            method: "growth decomposition",
            n: 0,
            min: 1,
        });
    }
    let prev: Vec<f64> = components.iter().map(|c| c.previous).collect();
    let cur: Vec<f64> = components.iter().map(|c| c.current).collect();
    check_finite("previous", &prev)?;
    check_finite("current", &cur)?;
    let (sp, sc): (f64, f64) = (prev.iter().sum(), cur.iter().sum());
    let (tp, tc) = match totals {
        Some((tp, tc)) => {
            check_finite("totals", &[tp, tc])?;
            for (period, total, sum) in [("previous", tp, sp), ("current", tc, sc)] {
                if (sum - total).abs() > tolerance {
                    return Err(RegionalError::ComponentsDoNotAddUp {
                        period,
                        total,
                        sum,
                        discrepancy: sum - total,
                        tolerance,
                    });
                }
            }
            (tp, tc)
        }
        None => (sp, sc),
    };
    if tp == 0.0 {
        return Err(RegionalError::ZeroTotal {
            method: "growth decomposition",
            what: "values",
        });
    }
    let comps = components
        .iter()
        .map(|c| {
            let change = c.current - c.previous;
            let s0 = c.previous / tp * 100.0;
            let s1 = (tc != 0.0).then(|| c.current / tc * 100.0);
            ComponentContribution {
                name: c.name.clone(),
                change,
                growth_pct: (c.previous != 0.0).then(|| change / c.previous * 100.0),
                contribution_pp: change / tp * 100.0,
                share_previous_pct: s0,
                share_current_pct: s1,
                share_change_pp: s1.map(|s| s - s0),
            }
        })
        .collect();
    Ok(GrowthDecomposition {
        total_previous: tp,
        total_current: tc,
        total_growth_pct: (tc - tp) / tp * 100.0,
        components: comps,
    })
}

/// Total growth from component growth rates and previous shares: `g_Y = Σ_c s_c⁰ g_c` (shares in %, summing
/// to 100 within `tolerance` pp; rates in %). Returns the total growth in % and the contributions in pp.
///
/// # Errors
/// [`RegionalError::LengthMismatch`], [`RegionalError::NonFinite`], [`RegionalError::ComponentsDoNotAddUp`]
/// if the shares do not sum to 100.
pub fn growth_from_shares(
    growth_pct: &[f64],
    share_previous_pct: &[f64],
    tolerance: f64,
) -> Result<(f64, Vec<f64>)> {
    crate::error::check_len("shares", share_previous_pct, growth_pct.len())?;
    check_finite("growth rates", growth_pct)?;
    check_finite("shares", share_previous_pct)?;
    let s: f64 = share_previous_pct.iter().sum();
    if (s - 100.0).abs() > tolerance {
        return Err(RegionalError::ComponentsDoNotAddUp {
            period: "previous",
            total: 100.0,
            sum: s,
            discrepancy: s - 100.0,
            tolerance,
        });
    }
    let contrib: Vec<f64> = growth_pct
        .iter()
        .zip(share_previous_pct)
        .map(|(g, s)| g * s / 100.0)
        .collect();
    Ok((contrib.iter().sum(), contrib))
}

/// What a total's growth and two component growth rates imply, if the two components make up the whole total.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TwoComponentSplit {
    /// Previous-period share of the first component, % (`(g_Y − g₂)/(g₁ − g₂) · 100`).
    pub share_first_pct: f64,
    /// Previous-period share of the second component, %.
    pub share_second_pct: f64,
    /// Contribution of the first component, pp (`s₁ g₁`).
    pub contribution_first_pp: f64,
    /// Contribution of the second component, pp.
    pub contribution_second_pp: f64,
    /// Current-period share of the first component, % (`s₁(1 + g₁)/(1 + g_Y)`).
    pub share_first_current_pct: f64,
}

/// Solves `g_Y = s g₁ + (1 − s) g₂` for the previous share `s` of the first component, **assuming the two
/// components are the whole total** (e.g. the West's exports = general + processing trade, which ignores
/// other trade modes such as border trade; the paper does not give them). Rates in %.
///
/// # Errors
/// [`RegionalError::Inconsistent`] when `g₁ = g₂` (no information on the split) or the implied share is
/// outside [0, 100] % (the rates cannot come from two components alone), [`RegionalError::NonFinite`],
/// [`RegionalError::InvalidParameter`] for a total growth ≤ −100 %.
pub fn two_component_split(
    total_growth_pct: f64,
    first_growth_pct: f64,
    second_growth_pct: f64,
) -> Result<TwoComponentSplit> {
    check_finite(
        "growth rates",
        &[total_growth_pct, first_growth_pct, second_growth_pct],
    )?;
    if total_growth_pct <= -100.0 {
        return Err(RegionalError::InvalidParameter {
            parameter: "total_growth_pct",
            value: total_growth_pct,
            reason: "must be > -100",
        });
    }
    let d = first_growth_pct - second_growth_pct;
    if d == 0.0 {
        return Err(RegionalError::Inconsistent {
            what: "two-component shares",
            reason: "both components grew at the same rate, so any split fits".into(),
        });
    }
    let s = (total_growth_pct - second_growth_pct) / d;
    if !(0.0..=1.0).contains(&s) {
        return Err(RegionalError::Inconsistent {
            what: "two-component shares",
            reason: format!(
                "total growth {total_growth_pct} % is not between the component rates {first_growth_pct} % and {second_growth_pct} % (implied share {:.4})",
                s
            ),
        });
    }
    Ok(TwoComponentSplit {
        share_first_pct: s * 100.0,
        share_second_pct: (1.0 - s) * 100.0,
        contribution_first_pp: s * first_growth_pct,
        contribution_second_pp: (1.0 - s) * second_growth_pct,
        share_first_current_pct: s * (100.0 + first_growth_pct) / (100.0 + total_growth_pct)
            * 100.0,
    })
}

/// What a component's growth, its current share and its share change imply for the total.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ImpliedTotal {
    /// Previous share, % (`s¹ − Δs`).
    pub share_previous_pct: f64,
    /// Total growth, % (`(1 + g_c) s⁰/s¹ − 1`).
    pub total_growth_pct: f64,
    /// The component's contribution to the total's growth, pp (`s⁰ g_c`).
    pub contribution_pp: f64,
}

/// From a component's growth `g_c` (%), its current share `s¹` (%) and its share change `Δs` (pp): the
/// previous share `s⁰ = s¹ − Δs`, and, since `s¹/s⁰ = (1 + g_c)/(1 + g_Y)`, the total's growth
/// `g_Y = (1 + g_c) s⁰/s¹ − 1` and the component's contribution `s⁰ g_c`. (The paper's national figures:
/// processing trade −7.0 %, 29.4 % of trade, −1.6 pp.) Rounding of the published inputs propagates: with
/// every input printed to 0.1, the paper's figures give `g_Y` only to within about ±0.2 pp — evaluate the
/// function at the rounding bounds (the `paper` example does).
///
/// # Errors
/// [`RegionalError::Inconsistent`] if a share is not in (0, 100], [`RegionalError::InvalidParameter`] for a
/// growth ≤ −100 %, [`RegionalError::NonFinite`].
pub fn implied_total_growth(
    component_growth_pct: f64,
    share_current_pct: f64,
    share_change_pp: f64,
) -> Result<ImpliedTotal> {
    check_finite(
        "inputs",
        &[component_growth_pct, share_current_pct, share_change_pp],
    )?;
    if component_growth_pct <= -100.0 {
        return Err(RegionalError::InvalidParameter {
            parameter: "component_growth_pct",
            value: component_growth_pct,
            reason: "must be > -100",
        });
    }
    let s0 = share_current_pct - share_change_pp;
    for (s, which) in [(share_current_pct, "current"), (s0, "previous")] {
        if !(s > 0.0 && s <= 100.0) {
            return Err(RegionalError::Inconsistent {
                what: "component share",
                reason: format!("the {which} share {s} % is not in (0, 100]"),
            });
        }
    }
    let g = ((100.0 + component_growth_pct) / 100.0 * s0 / share_current_pct - 1.0) * 100.0;
    Ok(ImpliedTotal {
        share_previous_pct: s0,
        total_growth_pct: g,
        contribution_pp: s0 * component_growth_pct / 100.0,
    })
}
