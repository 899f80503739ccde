//! Stage 3, outlier treatment as COINr `Treat()` (Becker et al., COINr v1.1.14, `R/treat.R`, default
//! specification `f1 = "winsorise"`, `f2 = "log_CT"`, `f_pass = "check_SkewKurt"`, `combine_treat = FALSE`),
//! following the JRC practice of the OECD/JRC Handbook (2008).
//!
//! For each indicator and period, over the observed units:
//! 1. **Test**: an indicator *fails* when `|skew| > skew_threshold` **and** `kurtosis > kurtosis_threshold`
//!    (COINr's pass rule is `|skew| < 2 OR kurt < 3.5`; the boundary case of equality passes here — COINr
//!    would fail it; the difference only matters at exact equality). Skewness and kurtosis are the e1071
//!    type-2 estimators, [`skewness`] and [`kurtosis`].
//! 2. **Winsorise** while failing and fewer than `winmax` points have been winsorised: if skew ≥ 0 the
//!    maximum value(s) are set to the next-highest value, else the minimum value(s) to the next-lowest; re-test.
//!    The count is the number of distinct cells changed (tied extremes count as several points, as in COINr).
//! 3. **Log fallback** (if `log_fallback` and still failing): the transform of [`LogTransform`] is applied
//!    to the *original* (un-winsorised) values, as COINr with `combine_treat = FALSE` — by default COINr's
//!    `log_CT`: `ln(x − min(x) + 0.01·(max(x) − min(x)))`. The result is re-tested and reported, and kept
//!    even if it still fails (as COINr).
//!
//! Fewer than 4 observed values (kurtosis undefined) or zero variance: the column is not tested or changed
//! (reported with `tested = false`).

use mfg_quality_indicators::Panel;
use serde::{Deserialize, Serialize};

use crate::{CompositeError, Result};

/// Sample skewness, e1071 type 2 (the estimator of SAS/SPSS and of COINr's `skew()`):
/// `G₁ = √n · Σd³ / (Σd²)^{3/2} · √(n(n−1)) / (n−2)`, `d = x − x̄`.
///
/// Returns 0 for fewer than 3 values or zero variance (documented degenerate result, never NaN).
///
/// ```
/// use mfg_quality_composite::treat::skewness;
/// let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 30.0, 100.0];
/// assert!((skewness(&x) - 3.063241).abs() < 1e-6); // COINr vignette "treat"
/// ```
pub fn skewness(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 3 {
        return 0.0;
    }
    let nf = n as f64;
    let m = x.iter().sum::<f64>() / nf;
    let (mut s2, mut s3) = (0.0, 0.0);
    for &v in x {
        let d = v - m;
        s2 += d * d;
        s3 += d * d * d;
    }
    if s2 <= 0.0 {
        return 0.0;
    }
    nf.sqrt() * s3 / s2.powf(1.5) * (nf * (nf - 1.0)).sqrt() / (nf - 2.0)
}

/// Sample excess kurtosis, e1071 type 2 (as COINr's `kurt()`):
/// `r = n·Σd⁴/(Σd²)²`, `G₂ = ((n+1)(r−3) + 6)(n−1)/((n−2)(n−3))`.
///
/// Returns 0 for fewer than 4 values or zero variance (documented degenerate result, never NaN).
///
/// ```
/// use mfg_quality_composite::treat::kurtosis;
/// let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 30.0, 100.0];
/// assert!((kurtosis(&x) - 9.741391).abs() < 1e-6); // COINr vignette "treat"
/// ```
pub fn kurtosis(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 4 {
        return 0.0;
    }
    let nf = n as f64;
    let m = x.iter().sum::<f64>() / nf;
    let (mut s2, mut s4) = (0.0, 0.0);
    for &v in x {
        let d = (v - m) * (v - m);
        s2 += d;
        s4 += d * d;
    }
    if s2 <= 0.0 {
        return 0.0;
    }
    let r = nf * s4 / (s2 * s2);
    ((nf + 1.0) * (r - 3.0) + 6.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0))
}

/// The log transform used when winsorisation does not bring an indicator within the thresholds
/// (`a = 0.01·(max − min)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LogTransform {
    /// COINr `log_CT` (the COINr default): `ln(x − min + a)`, whatever the skew's sign.
    #[default]
    LogCt,
    /// COINr `log_CT_plus`: `ln(x − min + a)` if skew > 0, else `−ln(max + a − x)` (order-preserving for
    /// negative skew).
    LogCtPlus,
    /// COINr `log_CT_orig` (COIN Tool): `ln(x − min + 1)`.
    LogPlusOne,
}

impl LogTransform {
    fn apply(self, x: &mut [f64]) {
        let (mn, mx) = x
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let a = 0.01 * (mx - mn);
        match self {
            LogTransform::LogCt => x.iter_mut().for_each(|v| *v = (*v - mn + a).ln()),
            LogTransform::LogPlusOne => x.iter_mut().for_each(|v| *v = (*v - mn + 1.0).ln()),
            LogTransform::LogCtPlus => {
                if skewness(x) > 0.0 {
                    x.iter_mut().for_each(|v| *v = (*v - mn + a).ln());
                } else {
                    x.iter_mut().for_each(|v| *v = -(mx + a - *v).ln());
                }
            }
        }
    }
}

/// Outlier treatment settings (see the [module docs](self)). JSON:
/// `{"skew_threshold": 2, "kurtosis_threshold": 3.5, "winmax": 5, "log_fallback": true}`.
///
/// ```
/// use mfg_quality_indicators::{Panel, Unit};
/// use mfg_quality_composite::treat::OutlierTreatment;
/// let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 30.0, 100.0];
/// let units: Vec<Unit> = (0..12).map(|k| Unit::new(format!("u{k}"))).collect();
/// let p = Panel::from_dense(units, vec!["x".into()], vec![2020], x.to_vec(), vec![true; 12]).unwrap();
/// let (t, report) = OutlierTreatment { winmax: 2, ..Default::default() }.apply(&p).unwrap();
/// assert_eq!(t.value("u11", "x", 2020).unwrap(), Some(30.0));
/// assert_eq!(report.records[0].winsorised, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlierTreatment {
    /// Absolute skewness threshold (default 2).
    pub skew_threshold: f64,
    /// Kurtosis threshold (default 3.5).
    pub kurtosis_threshold: f64,
    /// Maximum number of winsorised points per indicator and period (default 5).
    pub winmax: usize,
    /// Apply the log transform when winsorisation is not enough (default true).
    pub log_fallback: bool,
    /// Which log transform (default COINr `log_CT`).
    #[serde(default)]
    pub log_transform: LogTransform,
}

impl Default for OutlierTreatment {
    fn default() -> Self {
        OutlierTreatment {
            skew_threshold: 2.0,
            kurtosis_threshold: 3.5,
            winmax: 5,
            log_fallback: true,
            log_transform: LogTransform::LogCt,
        }
    }
}

/// Treatment of one indicator in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatmentRecord {
    /// Indicator id.
    pub indicator: String,
    /// Period.
    pub period: i32,
    /// Observed values.
    pub n: usize,
    /// Whether the rule could be evaluated (n ≥ 4 and non-zero variance).
    pub tested: bool,
    /// Skewness before treatment.
    pub skew_before: f64,
    /// Kurtosis before treatment.
    pub kurtosis_before: f64,
    /// Whether the raw values failed the rule.
    pub flagged: bool,
    /// Number of winsorised points (0 if the log fallback replaced the winsorised values).
    pub winsorised: usize,
    /// Units whose values were winsorised, with the side (`"high"`/`"low"`).
    pub winsorised_units: Vec<(String, String)>,
    /// Whether the log fallback was applied.
    pub log_transformed: bool,
    /// Skewness after treatment.
    pub skew_after: f64,
    /// Kurtosis after treatment.
    pub kurtosis_after: f64,
    /// Whether the treated values pass the rule.
    pub passes_after: bool,
}

/// Per indicator and period treatment records, in panel order (period, then indicator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatmentReport {
    /// One record per indicator and period.
    pub records: Vec<TreatmentRecord>,
}

impl TreatmentReport {
    /// Records of indicators that were changed (winsorised or log-transformed).
    pub fn treated(&self) -> impl Iterator<Item = &TreatmentRecord> {
        self.records
            .iter()
            .filter(|r| r.winsorised > 0 || r.log_transformed)
    }
}

impl OutlierTreatment {
    fn passes(&self, x: &[f64]) -> (bool, f64, f64) {
        let (s, k) = (skewness(x), kurtosis(x));
        (
            !(s.abs() > self.skew_threshold && k > self.kurtosis_threshold),
            s,
            k,
        )
    }

    /// Treats one vector of observed values in place; returns (winsorised (position, high?) list, log applied).
    fn treat_values(&self, x: &mut [f64]) -> (Vec<(usize, bool)>, bool) {
        let original = x.to_vec();
        let mut changed: Vec<(usize, bool)> = Vec::new();
        let (mut pass, mut s, _) = self.passes(x);
        while !pass && changed.len() < self.winmax {
            let high = s >= 0.0;
            let ext = if high {
                x.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            } else {
                x.iter().copied().fold(f64::INFINITY, f64::min)
            };
            #[allow(clippy::float_cmp)] // positions holding exactly the extreme value
            let next = x.iter().copied().filter(|&v| v != ext).fold(
                if high {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                },
                |a, v| if high { a.max(v) } else { a.min(v) },
            );
            if !next.is_finite() {
                break; // all values equal: nothing left to winsorise
            }
            for (k, v) in x.iter_mut().enumerate() {
                #[allow(clippy::float_cmp)]
                if *v == ext {
                    *v = next;
                    if !changed.iter().any(|c| c.0 == k) {
                        changed.push((k, high));
                    }
                }
            }
            (pass, s, _) = self.passes(x);
        }
        if !pass && self.log_fallback {
            x.copy_from_slice(&original);
            self.log_transform.apply(x);
            return (Vec::new(), true);
        }
        (changed, false)
    }

    /// Treats every indicator in every period (see the [module docs](self)); missing cells are ignored and
    /// stay missing.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] for non-positive or non-finite thresholds.
    pub fn apply(&self, panel: &Panel) -> Result<(Panel, TreatmentReport)> {
        for (name, v) in [
            ("skew_threshold", self.skew_threshold),
            ("kurtosis_threshold", self.kurtosis_threshold),
        ] {
            if !v.is_finite() || v <= 0.0 {
                return Err(CompositeError::InvalidParameter {
                    method: "outlier treatment",
                    parameter: name,
                    reason: format!("must be finite and positive, got {v}"),
                });
            }
        }
        let (nu, ni, np) = (panel.n_units(), panel.n_indicators(), panel.n_periods());
        let mut values = panel.raw_values().to_vec();
        let mut records = Vec::with_capacity(ni * np);
        let mut buf = Vec::with_capacity(nu);
        let mut pos = Vec::with_capacity(nu);
        for p in 0..np {
            for i in 0..ni {
                let (col, mask) = (panel.column(i, p), panel.column_mask(i, p));
                buf.clear();
                pos.clear();
                for u in (0..nu).filter(|&u| mask[u]) {
                    buf.push(col[u]);
                    pos.push(u);
                }
                let (pass0, s0, k0) = self.passes(&buf);
                let mn = buf.iter().copied().fold(f64::INFINITY, f64::min);
                let mx = buf.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                #[allow(clippy::float_cmp)]
                let tested = buf.len() >= 4 && mn != mx;
                let mut rec = TreatmentRecord {
                    indicator: panel.indicators()[i].clone(),
                    period: panel.periods()[p],
                    n: buf.len(),
                    tested,
                    skew_before: s0,
                    kurtosis_before: k0,
                    flagged: tested && !pass0,
                    winsorised: 0,
                    winsorised_units: Vec::new(),
                    log_transformed: false,
                    skew_after: s0,
                    kurtosis_after: k0,
                    passes_after: pass0,
                };
                if rec.flagged {
                    let (changed, logged) = self.treat_values(&mut buf);
                    let (pass1, s1, k1) = self.passes(&buf);
                    rec.winsorised = changed.len();
                    rec.winsorised_units = changed
                        .iter()
                        .map(|&(k, high)| {
                            (
                                panel.units()[pos[k]].code.clone(),
                                if high { "high" } else { "low" }.to_string(),
                            )
                        })
                        .collect();
                    rec.log_transformed = logged;
                    rec.skew_after = s1;
                    rec.kurtosis_after = k1;
                    rec.passes_after = pass1;
                    let base = (p * ni + i) * nu;
                    for (k, &u) in pos.iter().enumerate() {
                        values[base + u] = buf[k];
                    }
                }
                records.push(rec);
            }
        }
        let out = Panel::from_dense(
            panel.units().to_vec(),
            panel.indicators().to_vec(),
            panel.periods().to_vec(),
            values,
            panel.raw_mask().to_vec(),
        )?;
        Ok((out, TreatmentReport { records }))
    }
}
