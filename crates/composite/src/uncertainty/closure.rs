//! [`ClosureModel`]: any closure from a point of the unit hypercube to unit scores, as a [`Replicate`] model.

use super::*;

/// A [`Replicate`] model from a closure `f(x) -> scores`, where `x` are the inputs mapped from the unit
/// hypercube through each factor's [`Marginal`]s (a discrete marginal gives the choice index as `f64`).
pub struct ClosureModel<F> {
    pub(super) units: Vec<String>,
    pub(super) factors: Vec<SobolGroup>,
    pub(super) mappers: Vec<Mapper>,
    pub(super) nominal_inputs: Vec<f64>,
    pub(super) model: F,
}

impl<F> fmt::Debug for ClosureModel<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClosureModel")
            .field("units", &self.units)
            .field("factors", &self.factors)
            .field("nominal_inputs", &self.nominal_inputs)
            .finish_non_exhaustive()
    }
}

impl<F> ClosureModel<F>
where
    F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
{
    /// A model over `units` with the given factors; `nominal_inputs` (one per coordinate) define the
    /// nominal run.
    ///
    /// # Errors
    /// [`CompositeError::TooFew`] without units or factors; [`CompositeError::InvalidFactor`] (no
    /// coordinate, invalid bounds), [`CompositeError::EmptyChoices`], [`CompositeError::InvalidProbabilities`];
    /// [`CompositeError::InvalidParameter`] if `nominal_inputs` has the wrong length or a non-finite value.
    pub fn new(
        units: Vec<String>,
        factors: Vec<SobolGroup>,
        nominal_inputs: Vec<f64>,
        model: F,
    ) -> Result<Self> {
        if units.is_empty() || factors.is_empty() {
            return Err(CompositeError::TooFew {
                method: "uncertainty analysis",
                what: if units.is_empty() { "units" } else { "factors" },
                needed: 1,
                got: 0,
            });
        }
        let mut mappers = Vec::new();
        for f in &factors {
            if f.marginals.is_empty() {
                return Err(CompositeError::InvalidFactor {
                    factor: f.name.clone(),
                    reason: "a factor needs at least one coordinate".into(),
                });
            }
            for m in &f.marginals {
                mappers.push(Mapper::new(m, &f.name)?);
            }
        }
        if nominal_inputs.len() != mappers.len() || nominal_inputs.iter().any(|x| !x.is_finite()) {
            return Err(CompositeError::InvalidParameter {
                method: "ClosureModel",
                parameter: "nominal_inputs",
                reason: format!(
                    "need {} finite values (one per coordinate), got {:?}",
                    mappers.len(),
                    nominal_inputs
                ),
            });
        }
        Ok(Self {
            units,
            factors,
            mappers,
            nominal_inputs,
            model,
        })
    }
}

impl<F> Replicate for ClosureModel<F>
where
    F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
{
    fn units(&self) -> Vec<String> {
        self.units.clone()
    }

    fn factors(&self) -> Vec<FactorSpec> {
        self.factors
            .iter()
            .map(|f| FactorSpec {
                name: f.name.clone(),
                labels: labels_of(&f.name, f.marginals.len()),
            })
            .collect()
    }

    fn nominal(&self) -> Result<Vec<f64>> {
        (self.model)(&self.nominal_inputs)
    }

    fn values(&self, u: &[f64]) -> Vec<f64> {
        u.iter()
            .zip(&self.mappers)
            .map(|(u, m)| m.map(*u))
            .collect()
    }

    fn run(&self, u: &[f64]) -> Result<Vec<f64>> {
        (self.model)(&self.values(u))
    }
}
