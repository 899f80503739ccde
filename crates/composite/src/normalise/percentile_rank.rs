//! Percentile rank (COINr `n_prank`; OECD/JRC Handbook 2008).

use mfg_quality_indicators::Polarity;
use mfg_quality_indicators::stats::TieMethod;
use serde::{Deserialize, Serialize};

use super::rank::{observed_ranks, scatter};
use super::{ColumnContext, Normaliser, any_observed, check_finite};
use crate::{CompositeError, Result};

/// The two percentile-rank conventions of [`PercentileRank`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PercentileForm {
    /// `(rank − 1)/(n − 1)`, in `[0, 1]` with the endpoints reached (COINr `n_prank`). The default.
    #[default]
    Endpoints,
    /// `rank / n`, in `(0, 1]` (the OECD/JRC Handbook 2008 percentile, usually scaled by 100).
    Share,
}

/// Percentile rank (COINr `n_prank`; OECD/JRC Handbook 2008):
///
/// `y = s (rank − 1)/(n − 1)` ([`PercentileForm::Endpoints`], the default) or `y = s · rank / n`
/// ([`PercentileForm::Share`]), with the ranks of [`Rank`](super::Rank) (ascending, negative polarity
/// mirrored, ties by `ties`, the lowest rank by default), n the number of observed values and `s` the
/// scale (1 by default; 100 for the Handbook's percentiles). In the endpoints form a column with a single
/// observed value is an error ([`CompositeError::TooFew`]).
///
/// ```
/// use mfg_quality_composite::normalise::{ColumnContext, Normaliser, PercentileRank};
/// use mfg_quality_indicators::{Polarity, stats::TieMethod};
/// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
/// let mut x = [2.0, 4.0, 8.0];
/// PercentileRank::new(TieMethod::Min).normalise_column(&mut x, &[true; 3], Polarity::Negative, &ctx)?;
/// assert_eq!(x, [1.0, 0.5, 0.0]);
/// # Ok::<(), mfg_quality_composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PercentileRank {
    ties: TieMethod,
    form: PercentileForm,
    scale: f64,
}

impl Default for PercentileRank {
    fn default() -> Self {
        PercentileRank::new(TieMethod::default())
    }
}

impl PercentileRank {
    /// Percentile ranks `(rank − 1)/(n − 1)` with tie method `ties` (every tie method is valid).
    pub fn new(ties: TieMethod) -> Self {
        PercentileRank {
            ties,
            form: PercentileForm::Endpoints,
            scale: 1.0,
        }
    }

    /// Percentile ranks in `form`, multiplied by `scale`.
    ///
    /// ```
    /// use mfg_quality_composite::normalise::{ColumnContext, Normaliser, PercentileForm, PercentileRank};
    /// use mfg_quality_indicators::{Polarity, stats::TieMethod};
    /// let ctx = ColumnContext { indicator: "x", period: 2020, units: &[], reference: None };
    /// let mut x = [2.0, 4.0, 8.0, 6.0];
    /// PercentileRank::with_form(TieMethod::Min, PercentileForm::Share, 100.0)?
    ///     .normalise_column(&mut x, &[true; 4], Polarity::Positive, &ctx)?;
    /// assert_eq!(x, [25.0, 50.0, 100.0, 75.0]);
    /// # Ok::<(), mfg_quality_composite::CompositeError>(())
    /// ```
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`scale`) unless `scale` is finite and positive.
    pub fn with_form(ties: TieMethod, form: PercentileForm, scale: f64) -> Result<Self> {
        check(scale)?;
        Ok(PercentileRank { ties, form, scale })
    }

    /// The tie method.
    pub fn ties(&self) -> TieMethod {
        self.ties
    }

    /// The form.
    pub fn form(&self) -> PercentileForm {
        self.form
    }

    /// The scale.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

pub(super) fn check(scale: f64) -> Result<()> {
    if scale.is_finite() && scale > 0.0 {
        Ok(())
    } else {
        Err(super::invalid(
            "percentile_rank",
            "scale",
            format!("must be finite and positive, got {scale}"),
        ))
    }
}

impl Normaliser for PercentileRank {
    fn name(&self) -> &'static str {
        "percentile_rank"
    }

    fn normalise_column(
        &self,
        x: &mut [f64],
        mask: &[bool],
        polarity: Polarity,
        ctx: &ColumnContext,
    ) -> Result<()> {
        let neg = polarity == Polarity::Negative;
        normalise(self.ties, self.form, self.scale, x, mask, neg, ctx)
    }
}

/// Percentile ranks of one column in place ([`Normaliser::normalise_column`]).
pub(super) fn normalise(
    ties: TieMethod,
    form: PercentileForm,
    scale: f64,
    x: &mut [f64],
    mask: &[bool],
    neg: bool,
    ctx: &ColumnContext,
) -> Result<()> {
    if !any_observed(mask) {
        return Ok(());
    }
    let mut r = observed_ranks(x, mask, neg, ties);
    let n = r.len();
    if form == PercentileForm::Share {
        let k = scale / n as f64;
        r.iter_mut().for_each(|v| *v *= k);
        scatter(x, mask, &r);
        return check_finite("percentile_rank", x, mask, ctx);
    }
    if n < 2 {
        return Err(CompositeError::TooFew {
            method: "percentile rank",
            what: "observed units",
            needed: 2,
            got: n,
        });
    }
    let d = (n - 1) as f64;
    if scale.to_bits() == 1.0f64.to_bits() {
        r.iter_mut().for_each(|v| *v = (*v - 1.0) / d);
    } else {
        r.iter_mut().for_each(|v| *v = scale * ((*v - 1.0) / d));
    }
    scatter(x, mask, &r);
    check_finite("percentile_rank", x, mask, ctx)
}
