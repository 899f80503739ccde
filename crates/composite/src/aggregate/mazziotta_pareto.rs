//! The Mazziotta–Pareto indices (MPI and AMPI) as validated aggregation types; kernels in
//! [`mpi`].

use super::mpi::{self, AmpiGoalposts, MpiSign};
use super::plan::{Checks, builtin_aggregator};
use crate::Result;

/// Mazziotta–Pareto index MPI± (Mazziotta & Pareto 2016): z-scores `100 + 10 (x − μ)/σ`, then
/// `M ± S·cv` with the mean `M`, standard deviation `S` and coefficient of variation of a unit's z-scores.
/// A constant child is a run-time [`ConstantIndicator`](crate::CompositeError::ConstantIndicator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MazziottaPareto {
    sign: MpiSign,
}

impl MazziottaPareto {
    /// An MPI with penalty sign `sign` (no parameter can be invalid).
    pub fn new(sign: MpiSign) -> MazziottaPareto {
        MazziottaPareto { sign }
    }

    /// The penalty sign.
    pub fn sign(&self) -> MpiSign {
        self.sign
    }
}

builtin_aggregator!(MazziottaPareto, "mpi", Checks::ALL, monotone: false, row_wise: false,
    |m, input, scores, present| mpi::mpi(input, m.sign, scores, present));

/// Adjusted Mazziotta–Pareto index AMPI± (Mazziotta & Pareto 2016, 2018): re-scaling with goalposts,
/// `100 + 30 (x − Ref)/Δ`, then the MPI penalty. Built with [`AdjustedMazziottaPareto::new`], which checks
/// fixed goalposts (finite, `min < max`, equal lengths).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AdjustedMazziottaPareto {
    sign: MpiSign,
    goalposts: AmpiGoalposts,
}

impl AdjustedMazziottaPareto {
    /// An AMPI with penalty sign `sign` and `goalposts`.
    ///
    /// # Errors
    /// [`crate::CompositeError::InvalidParameter`] for invalid fixed goalposts.
    pub fn new(sign: MpiSign, goalposts: AmpiGoalposts) -> Result<AdjustedMazziottaPareto> {
        goalposts.validate()?;
        Ok(AdjustedMazziottaPareto { sign, goalposts })
    }

    /// The penalty sign.
    pub fn sign(&self) -> MpiSign {
        self.sign
    }

    /// The goalposts.
    pub fn goalposts(&self) -> &AmpiGoalposts {
        &self.goalposts
    }
}

builtin_aggregator!(AdjustedMazziottaPareto, "ampi", Checks::ALL, monotone: false, row_wise: false,
    |m, input, scores, present| mpi::ampi(input, m.sign, &m.goalposts, scores, present));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CompositeError;

    #[test]
    fn rejects_bad_goalposts() {
        let g = AmpiGoalposts::Fixed {
            reference: vec![1.0],
            min: vec![2.0],
            max: vec![1.0],
        };
        assert!(matches!(
            AdjustedMazziottaPareto::new(MpiSign::Minus, g),
            Err(CompositeError::InvalidParameter { .. })
        ));
        assert!(AdjustedMazziottaPareto::new(MpiSign::Plus, AmpiGoalposts::FromData).is_ok());
    }
}
