//! Goalposts, the HDI's fixed minimum and maximum (UNDP HDI technical notes; COINr `n_goalposts`).

use std::collections::BTreeMap;

use mfg_quality_indicators::Polarity;
use serde::{Deserialize, Serialize};

use super::{ColumnContext, Normaliser, any_observed, check_finite, invalid, unit_code};
use crate::{CompositeError, Result};

/// Fixed goalposts of one indicator (HDI style).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goalpost {
    /// The minimum ("natural zero").
    pub min: f64,
    /// The maximum ("aspirational target"); values above are capped.
    pub max: f64,
    /// Take natural logs of the value and of both goalposts first (the HDI's income index).
    #[serde(default)]
    pub log: bool,
}

/// Goalposts (UNDP Human Development Report technical notes; COINr `n_goalposts` with
/// `trunc2posts = TRUE`), per indicator:
///
/// `y = scale·(clamp(x, min, max) − min)/(max − min)`, and `scale·(max − clamp(x, min, max))/(max − min)`
/// under negative polarity; with [`Goalpost::log`], `ln` of x, min and max first (the HDI's income index).
/// Results lie in `[0, scale]`. An indicator without goalposts is an error at normalisation
/// ([`CompositeError::InvalidParameter`]), as is a non-positive value under log goalposts
/// ([`CompositeError::InvalidValue`]).
///
/// ```
/// use std::collections::BTreeMap;
/// use mfg_quality_composite::normalise::{ColumnContext, Goalpost, Goalposts, Normaliser};
/// use mfg_quality_indicators::Polarity;
/// let schooling = Goalpost { min: 0.0, max: 16.0, log: false };
/// let g = Goalposts::new(BTreeMap::from([("eys".to_string(), schooling)]), 1.0)?;
/// let ctx = ColumnContext { indicator: "eys", period: 2021, units: &[], reference: None };
/// let mut x = [4.0, 20.0];
/// g.normalise_column(&mut x, &[true; 2], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [0.25, 1.0]); // 20 years are capped at 16
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Goalposts {
    posts: BTreeMap<String, Goalpost>,
    scale: f64,
}

impl Goalposts {
    /// Goalposts per indicator id, results scaled to `[0, scale]` (1, or 100 as COINr).
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`]: `scale` not finite and positive; `posts` with a non-finite
    /// bound, `min ≥ max`, or `min ≤ 0` under `log`.
    pub fn new(posts: BTreeMap<String, Goalpost>, scale: f64) -> Result<Self> {
        check(&posts, scale)?;
        Ok(Goalposts { posts, scale })
    }

    /// The goalposts per indicator id.
    pub fn posts(&self) -> &BTreeMap<String, Goalpost> {
        &self.posts
    }

    /// The scale.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Normaliser for Goalposts {
    fn name(&self) -> &'static str {
        "goalposts"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        let neg = polarity == Polarity::Negative;
        normalise(&self.posts, self.scale, x, mask, neg, ctx)
    }
}

pub(super) fn check(posts: &BTreeMap<String, Goalpost>, scale: f64) -> Result<()> {
    let m = "goalposts";
    if !(scale.is_finite() && scale > 0.0) {
        return Err(invalid(
            m,
            "scale",
            format!("must be finite and positive, got {scale}"),
        ));
    }
    for (id, g) in posts {
        if !(g.min.is_finite() && g.max.is_finite() && g.min < g.max) {
            return Err(invalid(
                m,
                "posts",
                format!("`{id}`: need finite min < max, got [{}, {}]", g.min, g.max),
            ));
        }
        if g.log && g.min <= 0.0 {
            return Err(invalid(
                m,
                "posts",
                format!("`{id}`: log goalposts need min > 0, got {}", g.min),
            ));
        }
    }
    Ok(())
}

/// Goalposts of one column in place ([`Normaliser::normalise_column`]).
pub(super) fn normalise(
    posts: &BTreeMap<String, Goalpost>,
    scale: f64,
    x: &mut [f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    let g = posts.get(ctx.indicator).ok_or_else(|| {
        invalid(
            "goalposts",
            "posts",
            format!("no goalposts for indicator `{}`", ctx.indicator),
        )
    })?;
    if g.log
        && let Some(u) = (0..x.len()).find(|&u| mask[u] && x[u] <= 0.0)
    {
        return Err(CompositeError::InvalidValue {
            method: "goalposts (log)",
            unit: unit_code(ctx, u),
            indicator: ctx.indicator.to_string(),
            value: x[u],
            reason: "the log needs a positive value",
        });
    }
    let (lo, hi) = if g.log {
        (g.min.ln(), g.max.ln())
    } else {
        (g.min, g.max)
    };
    let k = scale / (hi - lo);
    for (v, &m) in x.iter_mut().zip(mask) {
        let t = if g.log && m { v.ln() } else { *v }.clamp(lo, hi);
        let y = (if neg { (hi - t) * k } else { (t - lo) * k }).clamp(0.0, scale);
        *v = if m { y } else { 0.0 };
    }
    check_finite("goalposts", x, mask, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posts(min: f64, max: f64, log: bool) -> BTreeMap<String, Goalpost> {
        BTreeMap::from([("x".to_string(), Goalpost { min, max, log })])
    }

    #[test]
    fn new_rejects_bad_scale_and_posts() {
        for scale in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Goalposts::new(posts(0.0, 1.0, false), scale),
                Err(CompositeError::InvalidParameter {
                    parameter: "scale",
                    ..
                })
            ));
        }
        for (min, max, log) in [
            (1.0, 1.0, false),
            (2.0, 1.0, false),
            (f64::NAN, 1.0, false),
            (0.0, 10.0, true),
        ] {
            assert!(matches!(
                Goalposts::new(posts(min, max, log), 1.0),
                Err(CompositeError::InvalidParameter {
                    method: "goalposts",
                    parameter: "posts",
                    ..
                })
            ));
        }
        let g = Goalposts::new(posts(100.0, 75_000.0, true), 100.0).unwrap();
        assert_eq!(g.scale().to_bits(), 100f64.to_bits());
        assert_eq!(
            g.posts()["x"],
            Goalpost {
                min: 100.0,
                max: 75_000.0,
                log: true
            }
        );
    }
}
