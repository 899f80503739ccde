//! The [`Plan`] of each group (children, slots, weighting, aggregation), the [`Fusion`] of leaf groups,
//! and the pruning of the framework after screening.

use super::*;
use crate::aggregate::{Aggregator, AggregatorPlan};
use crate::weights::{Weigher, WeigherPlan};

/// A group node prepared for aggregation: its children, where their data are, and how to weight and
/// aggregate them.
pub(super) struct Plan {
    pub(super) node: NodeId,
    /// The node's slot in the result buffers.
    pub(super) slot: usize,
    /// Children in framework order.
    pub(super) children: Vec<NodeId>,
    /// Their slots.
    pub(super) child_slots: Vec<usize>,
    /// `Some(first)` if the children's slots are consecutive, `first..first + n`.
    pub(super) run: Option<usize>,
    /// The validated aggregation (built once per run from the configuration).
    pub(super) aggregation: AggregatorPlan,
    /// The validated weighting (built once per run: an AHP's priorities are computed here).
    pub(super) weighting: WeigherPlan,
    /// Framework weights of the children normalised to sum 1.
    pub(super) nominal: Vec<f64>,
    /// Child ids as strings (for error messages).
    pub(super) columns: Vec<String>,
}

impl Plan {
    /// Whether the group can be computed block by block of rows: a weighted mean (a unit's score depends
    /// on its own row only) under weights that do not depend on the data.
    pub(super) fn is_row_wise(&self) -> bool {
        self.aggregation.is_row_wise() && !self.weighting.is_data_driven()
    }
}

/// The leaf groups normalised and aggregated in one pass (see [`ColumnStage::fusion`]).
pub(super) struct Fusion {
    /// Whether plan `g` is fused.
    pub(super) plans: Vec<bool>,
    /// Whether indicator `k` belongs to a fused group (and is not normalised beforehand).
    pub(super) columns: Vec<bool>,
}

/// The plan of every group of `framework`, in post-order (the order of the groups' slots).
pub(super) fn build_plans(
    framework: &Framework,
    weighting: &BTreeMap<String, Weighting>,
    default_aggregation: &Aggregation,
) -> Result<Vec<Plan>> {
    let slots = slot_table(framework);
    framework
        .groups_postorder()
        .into_iter()
        .map(|g| {
            let node = framework.node(g);
            let children = framework.children(g).to_vec();
            let first = slots[children[0]];
            let run = children
                .iter()
                .enumerate()
                .all(|(j, &c)| slots[c] == first + j)
                .then_some(first);
            let aggregation = match &node.aggregation {
                Some(key) => AggregatorPlan::try_from(Aggregation::from_key(key, &node.id)?)?,
                None => AggregatorPlan::try_from(default_aggregation)?,
            };
            let weighting = match weighting.get(&node.id) {
                Some(w) => WeigherPlan::try_from(w)?,
                None => WeigherPlan::Explicit(crate::weights::Explicit),
            };
            Ok(Plan {
                node: g,
                slot: slots[g],
                run,
                aggregation,
                weighting,
                nominal: framework.normalised_child_weights(g),
                columns: children
                    .iter()
                    .map(|&c| framework.node(c).id.clone())
                    .collect(),
                child_slots: children.iter().map(|&c| slots[c]).collect(),
                children,
            })
        })
        .collect()
}

/// The framework without the indicators not in `keep` (and without groups left empty).
pub(super) fn prune(framework: &Framework, keep: &[&str]) -> Result<Framework> {
    fn walk(spec: NodeSpec, keep: &[&str]) -> Option<NodeSpec> {
        if spec.indicator.is_some() {
            return keep.contains(&spec.id.as_str()).then_some(spec);
        }
        let NodeSpec { children, .. } = &spec;
        let kept: Vec<NodeSpec> = children
            .iter()
            .cloned()
            .filter_map(|c| walk(c, keep))
            .collect();
        if kept.is_empty() {
            return None;
        }
        Some(NodeSpec {
            children: kept,
            ..spec
        })
    }
    let root = framework.to_spec();
    let root_id = root.id.clone();
    let pruned = walk(root, keep).ok_or(CompositeError::TooFew {
        method: "screening",
        what: "indicators",
        needed: 1,
        got: 0,
    })?;
    Framework::new(pruned).map_err(|e| CompositeError::Inconsistent {
        what: "pipeline configuration",
        reason: format!("framework `{root_id}` after screening: {e}"),
    })
}
