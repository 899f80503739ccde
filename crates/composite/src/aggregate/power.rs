//! The generalised (power) mean as a validated aggregation type.

use super::means;
use super::plan::{Checks, builtin_aggregator};
use crate::{CompositeError, Result};

/// Generalised (power) mean `(Σ w̃ⱼ xⱼ^p)^{1/p}` (Hardy, Littlewood & Pólya 1934, ch. II); p = 0 is its
/// limit, the geometric mean. Built with [`Power::new`], which checks that `p` is finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Power {
    p: f64,
}

impl Power {
    /// A power mean with exponent `p`.
    ///
    /// # Errors
    /// [`CompositeError::InvalidParameter`] (`p`) if `p` is not finite.
    pub fn new(p: f64) -> Result<Power> {
        if !p.is_finite() {
            return Err(CompositeError::InvalidParameter {
                method: "power",
                parameter: "p",
                reason: format!("{p} is not finite"),
            });
        }
        Ok(Power { p })
    }

    /// The exponent.
    pub fn p(&self) -> f64 {
        self.p
    }
}

builtin_aggregator!(Power, "power", Checks::ALL, monotone: true, row_wise: true,
    |m, input, scores, present| means::power(input, m.p, scores, present));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_finite_p() {
        for p in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(
                Power::new(p),
                Err(CompositeError::InvalidParameter { parameter: "p", .. })
            ));
        }
        assert_eq!(Power::new(0.5).map(|m| m.p()).ok(), Some(0.5));
    }
}
