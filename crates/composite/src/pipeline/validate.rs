//! Checks of a [`PipelineConfig`] against its own framework (overrides, weightings and aggregation keys
//! name nodes of the right kind; the keys parse), before any data are read.

use super::*;

impl PipelineConfig {
    /// Checks the configuration against its own framework — every normalisation override names an
    /// indicator, every weighting names a group, every aggregation key parses — and every method's
    /// parameters (as a run builds its plans: an AHP matrix is decomposed here), before any data are read.
    ///
    /// # Errors
    /// [`CompositeError::UnknownNode`], [`CompositeError::WrongNodeKind`],
    /// [`CompositeError::UnknownAggregation`] (from [`Aggregation::from_key`]); the methods' own errors
    /// ([`CompositeError::InvalidParameter`], [`CompositeError::InvalidPairwiseMatrix`],
    /// [`CompositeError::RandomIndexOutOfRange`] ... naming the node where there is one).
    pub fn validate(&self) -> Result<()> {
        self.validate_names()?;
        self.normalisation.validate()?;
        for n in self.normalisation_overrides.values() {
            n.validate()?;
        }
        self.aggregation.validate()?;
        for (node, w) in &self.weighting {
            w.validate(node)?;
        }
        Ok(())
    }

    /// The name checks of [`PipelineConfig::validate`]; a run checks the methods as it builds its plans.
    pub(super) fn validate_names(&self) -> Result<()> {
        let fw = &self.framework;
        for id in self.normalisation_overrides.keys() {
            let n = fw
                .find(id)
                .ok_or_else(|| CompositeError::UnknownNode { node: id.clone() })?;
            if !fw.node(n).is_indicator() {
                return Err(CompositeError::WrongNodeKind {
                    node: id.clone(),
                    operation: "a normalisation override",
                    expected: "an indicator",
                    found: "a group",
                });
            }
        }
        for id in self.weighting.keys() {
            let n = fw
                .find(id)
                .ok_or_else(|| CompositeError::UnknownNode { node: id.clone() })?;
            if fw.node(n).is_indicator() {
                return Err(CompositeError::WrongNodeKind {
                    node: id.clone(),
                    operation: "a weighting",
                    expected: "a group",
                    found: "an indicator",
                });
            }
        }
        for g in fw.groups_postorder() {
            let node = fw.node(g);
            if let Some(key) = &node.aggregation {
                Aggregation::from_key(key, &node.id)?;
            }
        }
        Ok(())
    }
}
