//! Distance to a target (COINr `n_dist2targ`).

use std::collections::BTreeMap;

use mfg_quality_indicators::Polarity;

use super::{Affine, ColumnContext, Normaliser, from_worst, invalid, worst_and_span};
use crate::Result;

/// Distance to a target (COINr `n_dist2targ`): `y = (x − min)/(t − min)`, and `y = (max − x)/(max − t)`
/// under negative polarity (COINr's `direction = −1`), with `t` the indicator's target and min / max over
/// the column's observed values: 0 at the worst value, 1 at the target. With `cap`, values beyond the
/// target score 1 (COINr `cap_max = TRUE`); otherwise above 1.
///
/// Every indicator normalised needs a target (else [`CompositeError::InvalidParameter`](crate::CompositeError::InvalidParameter)
/// naming it); a target equal to the worst value leaves the distance undefined
/// ([`CompositeError::ZeroReference`](crate::CompositeError::ZeroReference)), and one beyond it (below
/// the minimum; above the maximum under negative polarity) would reverse the order of the units
/// ([`CompositeError::InvalidParameter`](crate::CompositeError::InvalidParameter), `reference`; COINr
/// only warns of negative scores).
///
/// ```
/// use std::collections::BTreeMap;
/// use mfg_quality_composite::normalise::{ColumnContext, DistanceToTarget, Normaliser};
/// use mfg_quality_indicators::Polarity;
/// let d = DistanceToTarget::new(BTreeMap::from([("x".to_string(), 6.0)]), true)?;
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [2.0, 4.0, 8.0];
/// d.normalise_column(&mut x, &[true; 3], Polarity::Positive, &ctx)?;
/// assert_eq!(x, [0.0, 0.5, 1.0]); // 8 passes the target: capped
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceToTarget {
    targets: BTreeMap<String, f64>,
    cap: bool,
}

const NAME: &str = "distance_to_target";

impl DistanceToTarget {
    /// Targets by indicator id, and whether to cap at 1.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`](crate::CompositeError::InvalidParameter) (`targets`) for a
    /// non-finite target.
    pub fn new(targets: BTreeMap<String, f64>, cap: bool) -> Result<Self> {
        check(&targets)?;
        Ok(DistanceToTarget { targets, cap })
    }

    /// The targets by indicator.
    pub fn targets(&self) -> &BTreeMap<String, f64> {
        &self.targets
    }

    /// Whether values beyond the target are capped at 1.
    pub fn cap(&self) -> bool {
        self.cap
    }

    fn target(&self, ctx: &ColumnContext) -> Result<f64> {
        target(&self.targets, ctx)
    }
}

pub(super) fn check(targets: &BTreeMap<String, f64>) -> Result<()> {
    match targets.iter().find(|(_, t)| !t.is_finite()) {
        Some((id, t)) => Err(invalid(
            NAME,
            "targets",
            format!("the target of `{id}` must be finite, got {t}"),
        )),
        None => Ok(()),
    }
}

pub(super) fn target(targets: &BTreeMap<String, f64>, ctx: &ColumnContext) -> Result<f64> {
    targets.get(ctx.indicator).copied().ok_or_else(|| {
        invalid(
            NAME,
            "targets",
            format!("no target for indicator `{}`", ctx.indicator),
        )
    })
}

impl Normaliser for DistanceToTarget {
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
        if !super::any_observed(mask) {
            return Ok(());
        }
        let t = self.target(ctx)?;
        from_worst(
            NAME,
            x,
            mask,
            t,
            polarity == Polarity::Negative,
            self.cap,
            ctx,
        )
    }

    /// Affine when not capped: `(x − w)/(t − w)`.
    fn affine(
        &self,
        x: &[f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<Option<Affine>> {
        if self.cap || !super::any_observed(mask) {
            return Ok(None);
        }
        let t = self.target(ctx)?;
        let neg = polarity == Polarity::Negative;
        Ok(
            worst_and_span(NAME, x, mask, t, neg, ctx)?.map(|(w, d)| Affine {
                scale: 1.0 / d,
                offset: -w / d,
            }),
        )
    }
}
