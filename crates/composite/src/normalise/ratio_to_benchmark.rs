//! Ratio to a benchmark (the Manufacturing Power Index method).

use std::collections::BTreeMap;

use mfg_quality_indicators::{Panel, Polarity};
use serde::{Deserialize, Serialize};

use super::{
    Affine, ColumnContext, Normaliser, any_observed, check_finite, invalid, period_index,
    ratio_forms, resolved, unit_index,
};
use crate::{CompositeError, Result};

const NAME: &str = "ratio_to_benchmark";

/// The reference of [`RatioToBenchmark`] ([`Normalisation::RatioToBenchmark`](super::Normalisation)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Benchmark {
    /// A fixed reference per indicator id.
    Fixed {
        /// Reference value of each indicator.
        values: BTreeMap<String, f64>,
    },
    /// The mean of the observed values of chosen units in a chosen period (the Manufacturing Power Index
    /// takes the mean of a reference group of countries in 2012).
    MeanOfUnits {
        /// The unit codes.
        units: Vec<String>,
        /// The period; `None` = the period being normalised.
        #[serde(default)]
        period: Option<i32>,
    },
}

/// Ratio to a benchmark (the Manufacturing Power Index method):
///
/// `y = scale·x/ref`, and `y = scale·ref/x` under negative polarity (which then needs `x > 0`); default
/// scale 100. The reference ([`Benchmark`]) is resolved per column by [`Normaliser::reference_value`] and
/// must be positive ([`CompositeError::ZeroReference`] for zero).
///
/// ```
/// use std::collections::BTreeMap;
/// use mfg_quality_composite::normalise::{Benchmark, ColumnContext, Normaliser, RatioToBenchmark};
/// use mfg_quality_indicators::Polarity;
/// let fixed = Benchmark::Fixed { values: BTreeMap::from([("x".to_string(), 50.0)]) };
/// let r = RatioToBenchmark::new(fixed, 100.0)?;
/// let ctx = ColumnContext { indicator: "x", period: 2012, units: &[], reference: Some(50.0) };
/// let mut x = [25.0, 100.0];
/// r.normalise_column(&mut x, &[true; 2], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [50.0, 200.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RatioToBenchmark {
    benchmark: Benchmark,
    scale: f64,
}

impl RatioToBenchmark {
    /// The ratio to `benchmark`, times `scale`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`]: `scale` not finite and positive; a fixed benchmark value not
    /// finite; no reference units.
    pub fn new(benchmark: Benchmark, scale: f64) -> Result<Self> {
        check(&benchmark, scale)?;
        Ok(RatioToBenchmark { benchmark, scale })
    }

    /// The benchmark.
    pub fn benchmark(&self) -> &Benchmark {
        &self.benchmark
    }

    /// The scale.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Normaliser for RatioToBenchmark {
    fn name(&self) -> &'static str {
        NAME
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        normalise(self.scale, x, mask, polarity == Polarity::Negative, ctx)
    }

    fn reference_value(
        &self,
        panel: &Panel,
        indicator: usize,
        period: usize,
    ) -> Result<Option<f64>> {
        reference(&self.benchmark, panel, indicator, period)
    }

    fn affine(
        &self,
        _x: &[f64],
        _mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        affine(self.scale, polarity == Polarity::Negative, ctx)
    }
}

pub(super) fn check(benchmark: &Benchmark, scale: f64) -> Result<()> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(invalid(
            NAME,
            "scale",
            format!("must be finite and positive, got {scale}"),
        ));
    }
    match benchmark {
        Benchmark::Fixed { values } => {
            if let Some((id, v)) = values.iter().find(|(_, v)| !v.is_finite()) {
                return Err(invalid(
                    NAME,
                    "benchmark",
                    format!("`{id}`: reference {v} is not finite"),
                ));
            }
        }
        Benchmark::MeanOfUnits { units, .. } => {
            if units.is_empty() {
                return Err(invalid(NAME, "benchmark", "no reference units".into()));
            }
        }
    }
    Ok(())
}

/// The benchmark of column (`indicator`, `period`) of `panel`: the fixed value of the indicator, or the
/// mean of the observed values of the reference units in the reference period.
///
/// # Errors
/// [`CompositeError::UnknownReference`], [`CompositeError::MissingValue`] (every reference cell missing),
/// [`CompositeError::InvalidParameter`] (no fixed value for the indicator).
pub(super) fn reference(
    benchmark: &Benchmark,
    panel: &Panel,
    indicator: usize,
    period: usize,
) -> Result<Option<f64>> {
    let id = &panel.indicators()[indicator];
    match benchmark {
        Benchmark::Fixed { values } => values.get(id).copied().map(Some).ok_or_else(|| {
            invalid(
                NAME,
                "benchmark",
                format!("no reference value for indicator `{id}`"),
            )
        }),
        Benchmark::MeanOfUnits { units, period: bp } => {
            let q = period_index(panel, *bp, period)?;
            let idx = units
                .iter()
                .map(|u| unit_index(panel, u))
                .collect::<Result<Vec<_>>>()?;
            let (mut s, mut n) = (0.0, 0usize);
            for &u in &idx {
                if let Some(v) = panel.get(u, indicator, q) {
                    s += v;
                    n += 1;
                }
            }
            if n == 0 {
                return Err(CompositeError::MissingValue {
                    unit: units.join(","),
                    indicator: id.clone(),
                    period: panel.periods()[q],
                });
            }
            Ok(Some(s / n as f64))
        }
    }
}

/// The ratio of one column in place ([`Normaliser::normalise_column`]).
pub(super) fn normalise(
    scale: f64,
    x: &mut [f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    let r = resolved(NAME, ctx)?;
    let k = scale;
    ratio_forms(
        x,
        mask,
        r,
        neg,
        ctx,
        NAME,
        |v, r| k * v / r,
        |v, r| k * r / v,
    )?;
    check_finite(NAME, x, mask, ctx)
}

/// [`Normaliser::affine`]: `scale/ref` under positive polarity; `None` under negative polarity.
pub(super) fn affine(scale: f64, neg: bool, ctx: &ColumnContext) -> Result<Option<Affine>> {
    if neg {
        return Ok(None);
    }
    let r = resolved(NAME, ctx)?;
    if r == 0.0 {
        return Err(CompositeError::ZeroReference {
            method: NAME,
            indicator: ctx.indicator.to_string(),
            period: ctx.period,
        });
    }
    if r < 0.0 {
        return Err(CompositeError::InvalidValue {
            method: NAME,
            unit: "<reference>".into(),
            indicator: ctx.indicator.to_string(),
            value: r,
            reason: "a ratio needs a positive reference",
        });
    }
    Ok(Some(Affine {
        scale: scale / r,
        offset: 0.0,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_rejects_bad_scale_and_benchmark() {
        let units = |u: &[&str]| Benchmark::MeanOfUnits {
            units: u.iter().map(|s| s.to_string()).collect(),
            period: None,
        };
        for scale in [0.0, -100.0, f64::NAN] {
            assert!(matches!(
                RatioToBenchmark::new(units(&["A"]), scale),
                Err(CompositeError::InvalidParameter {
                    method: NAME,
                    parameter: "scale",
                    ..
                })
            ));
        }
        let bad_fixed = Benchmark::Fixed {
            values: BTreeMap::from([("x".to_string(), f64::INFINITY)]),
        };
        for b in [units(&[]), bad_fixed] {
            assert!(matches!(
                RatioToBenchmark::new(b, 100.0),
                Err(CompositeError::InvalidParameter {
                    parameter: "benchmark",
                    ..
                })
            ));
        }
        let r = RatioToBenchmark::new(units(&["A", "B"]), 100.0).unwrap();
        assert_eq!((r.benchmark(), r.scale()), (&units(&["A", "B"]), 100.0));
    }
}
