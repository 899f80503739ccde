//! Indicator frameworks: a validated tree `index → pillars → … → indicators`.
//!
//! A [`Framework`] is built from a nested [`NodeSpec`] (the JSON form) or from flat rows with parent links
//! ([`FlatNode`], the COINr `iMeta`-style table). Validation happens once, at construction:
//!
//! * ids are non-empty and unique across all nodes;
//! * exactly one root; every parent exists; no cycles;
//! * every leaf is an indicator and every group has at least one child;
//! * weights are finite and non-negative, and the weights of each group's children do not sum to zero.
//!
//! Each node carries a raw weight and an optional *aggregation key* (`aggregation`), a string that this crate
//! does not interpret: the composite crate (`mfg-quality-composite`) parses it (e.g. `"arithmetic"`,
//! `"geometric"`), so that frameworks stay independent of the methods available. A `None` key means
//! "use the pipeline's default".
//!
//! Weights are normalised within each parent (the children's weights divided by their sum), and the
//! *effective weight* of a node is the product of its normalised weights down the tree from the root
//! (OECD/JRC Handbook 2008, step 6; COINr `get_eff_weights`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{IndicatorsError, Result};
use crate::indicator::{Indicator, Polarity};

/// Index of a node in a [`Framework`] (its position in [`Framework::nodes`]).
pub type NodeId = usize;

/// The nested, serialisable description of a framework node (the JSON form of a [`Framework`]).
///
/// A node with `indicator: Some(..)` is a leaf; its id defaults to the indicator's id. Any other node is a
/// group and must have children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSpec {
    /// Node id (for an indicator leaf it may be left empty: the indicator's id is used).
    #[serde(default)]
    pub id: String,
    /// English name (for an indicator leaf, defaults to the indicator's).
    #[serde(default)]
    pub name_en: String,
    /// Chinese name.
    #[serde(default)]
    pub name_zh: String,
    /// Raw weight within the parent (normalised later); defaults to 1.
    #[serde(default = "one")]
    pub weight: f64,
    /// Aggregation key interpreted by the composite crate; `None` = pipeline default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregation: Option<String>,
    /// The indicator, for a leaf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<Indicator>,
    /// Children, for a group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<NodeSpec>,
}

fn one() -> f64 {
    1.0
}

impl NodeSpec {
    /// A group node with the given children and weight 1.
    pub fn group(
        id: impl Into<String>,
        name_en: impl Into<String>,
        name_zh: impl Into<String>,
        children: Vec<NodeSpec>,
    ) -> Self {
        NodeSpec {
            id: id.into(),
            name_en: name_en.into(),
            name_zh: name_zh.into(),
            weight: 1.0,
            aggregation: None,
            indicator: None,
            children,
        }
    }

    /// A leaf node for an indicator, with weight 1.
    pub fn leaf(indicator: Indicator) -> Self {
        NodeSpec {
            id: indicator.id.clone(),
            name_en: indicator.name_en.clone(),
            name_zh: indicator.name_zh.clone(),
            weight: 1.0,
            aggregation: None,
            indicator: Some(indicator),
            children: Vec::new(),
        }
    }

    /// Sets the raw weight.
    pub fn with_weight(mut self, weight: f64) -> Self {
        self.weight = weight;
        self
    }

    /// Sets the aggregation key.
    pub fn with_aggregation(mut self, key: impl Into<String>) -> Self {
        self.aggregation = Some(key.into());
        self
    }
}

/// One row of a flat framework table (COINr `iMeta` style): a node with a link to its parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatNode {
    /// Node id.
    pub id: String,
    /// English name.
    #[serde(default)]
    pub name_en: String,
    /// Chinese name.
    #[serde(default)]
    pub name_zh: String,
    /// Parent id; `None` for the root.
    #[serde(default)]
    pub parent: Option<String>,
    /// `true` for an indicator (COINr level 1), `false` for a group.
    pub is_indicator: bool,
    /// Raw weight within the parent.
    #[serde(default = "one")]
    pub weight: f64,
    /// Polarity (indicators only).
    #[serde(default)]
    pub polarity: Polarity,
    /// Unit (indicators only).
    #[serde(default)]
    pub unit: String,
    /// Definition (indicators only).
    #[serde(default)]
    pub definition: String,
    /// Source (indicators only).
    #[serde(default)]
    pub source: String,
    /// Aggregation key (groups only).
    #[serde(default)]
    pub aggregation: Option<String>,
}

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// An inner node aggregating its children (in order).
    Group {
        /// Child node ids, in declaration order.
        children: Vec<NodeId>,
    },
    /// A leaf: an indicator.
    Indicator(Indicator),
}

/// A node of a validated [`Framework`].
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Unique id.
    pub id: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// Raw (un-normalised) weight within the parent.
    pub weight: f64,
    /// Aggregation key for the composite crate; `None` = pipeline default.
    pub aggregation: Option<String>,
    /// Group or indicator.
    pub kind: NodeKind,
}

impl Node {
    /// The indicator, if this node is a leaf.
    pub fn indicator(&self) -> Option<&Indicator> {
        match &self.kind {
            NodeKind::Indicator(ind) => Some(ind),
            NodeKind::Group { .. } => None,
        }
    }

    /// The children (empty for a leaf).
    pub fn children(&self) -> &[NodeId] {
        match &self.kind {
            NodeKind::Group { children } => children,
            NodeKind::Indicator(_) => &[],
        }
    }

    /// Whether the node is an indicator.
    pub fn is_indicator(&self) -> bool {
        matches!(self.kind, NodeKind::Indicator(_))
    }
}

/// A validated indicator framework (tree). See the [module docs](self).
///
/// ```
/// use mfg_quality_indicators::{Framework, Indicator, NodeSpec};
/// let fw = Framework::new(NodeSpec::group("IDX", "Index", "指数", vec![
///     NodeSpec::group("P1", "Pillar 1", "", vec![
///         NodeSpec::leaf(Indicator::new("a", "A", "")),
///         NodeSpec::leaf(Indicator::new("b", "B", "")).with_weight(3.0),
///     ]),
///     NodeSpec::group("P2", "Pillar 2", "", vec![NodeSpec::leaf(Indicator::new("c", "C", ""))]),
/// ])).unwrap();
/// assert_eq!(fw.indicator_ids(), vec!["a", "b", "c"]);
/// let w = fw.effective_weight(fw.find("b").unwrap());
/// assert!((w - 0.375).abs() < 1e-12); // 1/2 × 3/4
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "NodeSpec", into = "NodeSpec")]
pub struct Framework {
    nodes: Vec<Node>,
    parents: Vec<Option<NodeId>>,
    depths: Vec<usize>,
    root: NodeId,
    leaves: Vec<NodeId>,
    postorder: Vec<NodeId>,
    index: HashMap<String, NodeId>,
}

impl TryFrom<NodeSpec> for Framework {
    type Error = IndicatorsError;
    fn try_from(spec: NodeSpec) -> Result<Self> {
        Framework::new(spec)
    }
}

impl From<Framework> for NodeSpec {
    fn from(fw: Framework) -> Self {
        fw.to_spec()
    }
}

impl Framework {
    /// Builds and validates a framework from its nested description.
    ///
    /// # Errors
    /// [`IndicatorsError::EmptyId`], [`IndicatorsError::DuplicateId`], [`IndicatorsError::InvalidWeight`],
    /// [`IndicatorsError::EmptyGroup`], [`IndicatorsError::ZeroWeightSum`], or
    /// [`IndicatorsError::LeafNotIndicator`] for a node that has both an indicator and children.
    pub fn new(root: NodeSpec) -> Result<Self> {
        let mut nodes = Vec::new();
        let mut parents = Vec::new();
        // Iterative flattening (pre-order), keeping the child order.
        let mut stack: Vec<(NodeSpec, Option<NodeId>)> = vec![(root, None)];
        let mut pending_children: Vec<Vec<NodeId>> = Vec::new();
        while let Some((spec, parent)) = stack.pop() {
            let id_num = nodes.len();
            let NodeSpec {
                mut id,
                mut name_en,
                name_zh,
                weight,
                aggregation,
                indicator,
                children,
            } = spec;
            let kind = match indicator {
                Some(ind) => {
                    if id.is_empty() {
                        id = ind.id.clone();
                    }
                    if name_en.is_empty() {
                        name_en = ind.name_en.clone();
                    }
                    if !children.is_empty() {
                        return Err(IndicatorsError::LeafNotIndicator { node: id });
                    }
                    if ind.id != id {
                        return Err(IndicatorsError::Parse {
                            path: "<framework>".into(),
                            line: 0,
                            column: 0,
                            message: format!(
                                "leaf node `{id}` holds indicator `{}`: the ids must match",
                                ind.id
                            ),
                        });
                    }
                    NodeKind::Indicator(ind)
                }
                None => NodeKind::Group {
                    children: Vec::new(),
                },
            };
            let n_children = children.len();
            if matches!(kind, NodeKind::Group { .. }) && n_children == 0 {
                return Err(IndicatorsError::EmptyGroup { node: id });
            }
            nodes.push(Node {
                id,
                name_en,
                name_zh,
                weight,
                aggregation,
                kind,
            });
            parents.push(parent);
            pending_children.push(Vec::new());
            if let Some(p) = parent {
                pending_children[p].push(id_num);
            }
            for child in children.into_iter().rev() {
                stack.push((child, Some(id_num)));
            }
        }
        for (node, kids) in nodes.iter_mut().zip(pending_children) {
            if let NodeKind::Group { children } = &mut node.kind {
                *children = kids;
            }
        }
        Self::finish(nodes, parents, 0)
    }

    /// Builds and validates a framework from flat rows with parent links (the COINr metadata layout).
    ///
    /// Row order gives the order of children within each group.
    ///
    /// # Errors
    /// As [`Framework::new`], plus [`IndicatorsError::Orphan`] (unknown parent),
    /// [`IndicatorsError::RootCount`] (zero or several roots), [`IndicatorsError::Cycle`], and
    /// [`IndicatorsError::LeafNotIndicator`] for an indicator row that is someone's parent.
    pub fn from_flat(rows: &[FlatNode]) -> Result<Self> {
        let mut index = HashMap::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            if r.id.trim().is_empty() {
                return Err(IndicatorsError::EmptyId { kind: "node" });
            }
            if index.insert(r.id.clone(), i).is_some() {
                return Err(IndicatorsError::DuplicateId {
                    kind: "node",
                    id: r.id.clone(),
                });
            }
        }
        let mut parents = vec![None; rows.len()];
        let mut children: Vec<Vec<NodeId>> = vec![Vec::new(); rows.len()];
        let mut roots = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            match r.parent.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                None => roots.push(i),
                Some(p) => {
                    let &pi = index.get(p).ok_or_else(|| IndicatorsError::Orphan {
                        node: r.id.clone(),
                        parent: p.to_string(),
                    })?;
                    if rows[pi].is_indicator {
                        return Err(IndicatorsError::LeafNotIndicator {
                            node: rows[pi].id.clone(),
                        });
                    }
                    parents[i] = Some(pi);
                    children[pi].push(i);
                }
            }
        }
        // Cycle detection: walk up from every node; a walk longer than n steps is a cycle.
        for start in 0..rows.len() {
            let mut cur = start;
            let mut steps = 0;
            while let Some(p) = parents[cur] {
                cur = p;
                steps += 1;
                if steps > rows.len() {
                    return Err(IndicatorsError::Cycle {
                        node: rows[start].id.clone(),
                    });
                }
            }
        }
        if roots.len() != 1 {
            return Err(IndicatorsError::RootCount {
                count: roots.len(),
                roots: roots.iter().map(|&i| rows[i].id.clone()).collect(),
            });
        }
        let nodes = rows
            .iter()
            .zip(children)
            .map(|(r, kids)| {
                let kind = if r.is_indicator {
                    NodeKind::Indicator(Indicator {
                        id: r.id.clone(),
                        name_en: r.name_en.clone(),
                        name_zh: r.name_zh.clone(),
                        unit: r.unit.clone(),
                        polarity: r.polarity,
                        definition: r.definition.clone(),
                        source: r.source.clone(),
                    })
                } else {
                    if kids.is_empty() {
                        return Err(IndicatorsError::EmptyGroup { node: r.id.clone() });
                    }
                    NodeKind::Group { children: kids }
                };
                Ok(Node {
                    id: r.id.clone(),
                    name_en: r.name_en.clone(),
                    name_zh: r.name_zh.clone(),
                    weight: r.weight,
                    aggregation: r.aggregation.clone(),
                    kind,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Self::finish(nodes, parents, roots[0])
    }

    fn finish(nodes: Vec<Node>, parents: Vec<Option<NodeId>>, root: NodeId) -> Result<Self> {
        let mut index = HashMap::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            if n.id.trim().is_empty() {
                return Err(IndicatorsError::EmptyId { kind: "node" });
            }
            if index.insert(n.id.clone(), i).is_some() {
                return Err(IndicatorsError::DuplicateId {
                    kind: "node",
                    id: n.id.clone(),
                });
            }
            if !n.weight.is_finite() || n.weight < 0.0 {
                return Err(IndicatorsError::InvalidWeight {
                    node: n.id.clone(),
                    weight: n.weight,
                });
            }
        }
        for n in &nodes {
            let kids = n.children();
            if !kids.is_empty() && kids.iter().map(|&c| nodes[c].weight).sum::<f64>() <= 0.0 {
                return Err(IndicatorsError::ZeroWeightSum { node: n.id.clone() });
            }
        }
        // Depth-first orders from the root.
        let mut depths = vec![0usize; nodes.len()];
        let mut leaves = Vec::new();
        let mut preorder = Vec::with_capacity(nodes.len());
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            preorder.push(id);
            if let Some(p) = parents[id] {
                depths[id] = depths[p] + 1;
            }
            let kids = nodes[id].children();
            if kids.is_empty() {
                leaves.push(id);
            }
            stack.extend(kids.iter().rev());
        }
        // Post-order: reverse of a pre-order that visits children right-to-left.
        let mut postorder = Vec::with_capacity(nodes.len());
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            postorder.push(id);
            stack.extend(nodes[id].children().iter());
        }
        postorder.reverse();
        Ok(Framework {
            nodes,
            parents,
            depths,
            root,
            leaves,
            postorder,
            index,
        })
    }

    /// The nested description of this framework (inverse of [`Framework::new`]).
    pub fn to_spec(&self) -> NodeSpec {
        self.spec_of(self.root)
    }

    fn spec_of(&self, id: NodeId) -> NodeSpec {
        let n = &self.nodes[id];
        NodeSpec {
            id: n.id.clone(),
            name_en: n.name_en.clone(),
            name_zh: n.name_zh.clone(),
            weight: n.weight,
            aggregation: n.aggregation.clone(),
            indicator: n.indicator().cloned(),
            children: n.children().iter().map(|&c| self.spec_of(c)).collect(),
        }
    }

    /// The flat rows (parent links) of this framework, in pre-order (inverse of [`Framework::from_flat`]).
    pub fn to_flat(&self) -> Vec<FlatNode> {
        self.preorder()
            .into_iter()
            .map(|id| {
                let n = &self.nodes[id];
                let ind = n.indicator();
                FlatNode {
                    id: n.id.clone(),
                    name_en: n.name_en.clone(),
                    name_zh: n.name_zh.clone(),
                    parent: self.parents[id].map(|p| self.nodes[p].id.clone()),
                    is_indicator: ind.is_some(),
                    weight: n.weight,
                    polarity: ind.map(|i| i.polarity).unwrap_or_default(),
                    unit: ind.map(|i| i.unit.clone()).unwrap_or_default(),
                    definition: ind.map(|i| i.definition.clone()).unwrap_or_default(),
                    source: ind.map(|i| i.source.clone()).unwrap_or_default(),
                    aggregation: n.aggregation.clone(),
                }
            })
            .collect()
    }

    /// All nodes; a [`NodeId`] indexes this slice.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Always `false`: a framework has at least a root and one indicator.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The root node's id.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// The node with this id.
    ///
    /// # Panics
    /// If `id` is not a node of this framework (an out-of-range index is a programming error).
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The node id for a string id.
    pub fn find(&self, id: &str) -> Option<NodeId> {
        self.index.get(id).copied()
    }

    /// The node id for a string id, or [`IndicatorsError::UnknownIndicator`].
    pub fn require(&self, id: &str) -> Result<NodeId> {
        self.find(id)
            .ok_or_else(|| IndicatorsError::UnknownIndicator {
                indicator: id.to_string(),
            })
    }

    /// The parent of a node (`None` for the root).
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.parents[id]
    }

    /// The children of a node (empty for an indicator).
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        self.nodes[id].children()
    }

    /// Depth of a node: 0 for the root, 1 for pillars, …
    pub fn depth(&self, id: NodeId) -> usize {
        self.depths[id]
    }

    /// The largest depth (the depth of the deepest indicator).
    pub fn max_depth(&self) -> usize {
        self.depths.iter().copied().max().unwrap_or(0)
    }

    /// Nodes at a given depth, in pre-order.
    pub fn nodes_at_depth(&self, depth: usize) -> Vec<NodeId> {
        self.preorder()
            .into_iter()
            .filter(|&id| self.depths[id] == depth)
            .collect()
    }

    /// Indicator (leaf) node ids, in pre-order (the framework's column order).
    pub fn leaves(&self) -> &[NodeId] {
        &self.leaves
    }

    /// Group node ids in post-order (every group after all its descendants): the order to aggregate in.
    pub fn groups_postorder(&self) -> Vec<NodeId> {
        self.postorder
            .iter()
            .copied()
            .filter(|&id| !self.nodes[id].is_indicator())
            .collect()
    }

    /// All node ids in post-order (children before parents).
    pub fn postorder(&self) -> &[NodeId] {
        &self.postorder
    }

    /// All node ids in pre-order (parents before children).
    pub fn preorder(&self) -> Vec<NodeId> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![self.root];
        while let Some(id) = stack.pop() {
            out.push(id);
            stack.extend(self.nodes[id].children().iter().rev());
        }
        out
    }

    /// The indicators, in leaf order.
    pub fn indicators(&self) -> Vec<&Indicator> {
        self.leaves
            .iter()
            .filter_map(|&id| self.nodes[id].indicator())
            .collect()
    }

    /// The indicator ids, in leaf order.
    pub fn indicator_ids(&self) -> Vec<&str> {
        self.leaves
            .iter()
            .map(|&id| self.nodes[id].id.as_str())
            .collect()
    }

    /// The indicator leaves below (or at) a node, in leaf order.
    pub fn leaves_under(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            let kids = self.nodes[n].children();
            if kids.is_empty() {
                out.push(n);
            }
            stack.extend(kids.iter().rev());
        }
        out
    }

    /// The weights of a group's children normalised to sum to 1 (empty for an indicator).
    ///
    /// `w̃_c = w_c / Σ_{k ∈ children} w_k`.
    pub fn normalised_child_weights(&self, id: NodeId) -> Vec<f64> {
        let kids = self.children(id);
        let sum: f64 = kids.iter().map(|&c| self.nodes[c].weight).sum();
        kids.iter().map(|&c| self.nodes[c].weight / sum).collect()
    }

    /// The effective weight of a node: the product of normalised weights from the root down to it
    /// (1 for the root). Over the indicators these sum to 1.
    pub fn effective_weight(&self, id: NodeId) -> f64 {
        let mut w = 1.0;
        let mut cur = id;
        while let Some(p) = self.parents[cur] {
            let sum: f64 = self.children(p).iter().map(|&c| self.nodes[c].weight).sum();
            w *= self.nodes[cur].weight / sum;
            cur = p;
        }
        w
    }

    /// Effective weights of all indicators, in leaf order (they sum to 1).
    pub fn effective_weights(&self) -> Vec<(String, f64)> {
        self.leaves
            .iter()
            .map(|&id| (self.nodes[id].id.clone(), self.effective_weight(id)))
            .collect()
    }

    /// Replaces the raw weight of a node, re-checking the weight rules.
    ///
    /// # Errors
    /// [`IndicatorsError::InvalidWeight`] for a negative or non-finite weight,
    /// [`IndicatorsError::ZeroWeightSum`] if the parent's children would then sum to zero.
    pub fn set_weight(&mut self, id: NodeId, weight: f64) -> Result<()> {
        if !weight.is_finite() || weight < 0.0 {
            return Err(IndicatorsError::InvalidWeight {
                node: self.nodes[id].id.clone(),
                weight,
            });
        }
        let old = self.nodes[id].weight;
        self.nodes[id].weight = weight;
        if let Some(p) = self.parents[id] {
            let sum: f64 = self.children(p).iter().map(|&c| self.nodes[c].weight).sum();
            if sum <= 0.0 {
                self.nodes[id].weight = old;
                return Err(IndicatorsError::ZeroWeightSum {
                    node: self.nodes[p].id.clone(),
                });
            }
        }
        Ok(())
    }

    /// Replaces the aggregation key of a node.
    pub fn set_aggregation(&mut self, id: NodeId, key: Option<String>) {
        self.nodes[id].aggregation = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(id: &str) -> NodeSpec {
        NodeSpec::leaf(Indicator::new(id, id, ""))
    }

    fn sample() -> Framework {
        Framework::new(NodeSpec::group(
            "I",
            "Index",
            "",
            vec![
                NodeSpec::group("P1", "", "", vec![leaf("a"), leaf("b").with_weight(3.0)]),
                NodeSpec::group("P2", "", "", vec![leaf("c")]).with_weight(2.0),
            ],
        ))
        .unwrap()
    }

    #[test]
    fn orders_and_weights() {
        let fw = sample();
        assert_eq!(fw.indicator_ids(), vec!["a", "b", "c"]);
        let post: Vec<&str> = fw
            .postorder()
            .iter()
            .map(|&i| fw.node(i).id.as_str())
            .collect();
        assert_eq!(post, vec!["a", "b", "P1", "c", "P2", "I"]);
        let total: f64 = fw.effective_weights().iter().map(|(_, w)| w).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert!((fw.effective_weight(fw.find("b").unwrap()) - 0.25).abs() < 1e-12);
        assert_eq!(fw.depth(fw.find("c").unwrap()), 2);
        assert_eq!(fw.max_depth(), 2);
    }

    #[test]
    fn spec_and_flat_round_trip() {
        let fw = sample();
        assert_eq!(Framework::new(fw.to_spec()).unwrap(), fw);
        let flat = Framework::from_flat(&fw.to_flat()).unwrap();
        assert_eq!(flat.to_spec(), fw.to_spec());
    }

    #[test]
    fn validation_errors() {
        let dup = NodeSpec::group("I", "", "", vec![leaf("a"), leaf("a")]);
        assert!(matches!(
            Framework::new(dup),
            Err(IndicatorsError::DuplicateId { .. })
        ));
        let empty = NodeSpec::group(
            "I",
            "",
            "",
            vec![leaf("a"), NodeSpec::group("G", "", "", vec![])],
        );
        assert!(matches!(
            Framework::new(empty),
            Err(IndicatorsError::EmptyGroup { .. })
        ));
        let neg = NodeSpec::group("I", "", "", vec![leaf("a").with_weight(-1.0)]);
        assert!(matches!(
            Framework::new(neg),
            Err(IndicatorsError::InvalidWeight { .. })
        ));
        let zero = NodeSpec::group("I", "", "", vec![leaf("a").with_weight(0.0)]);
        assert!(matches!(
            Framework::new(zero),
            Err(IndicatorsError::ZeroWeightSum { .. })
        ));
        let mut bad_leaf = leaf("a");
        bad_leaf.children.push(leaf("b"));
        assert!(matches!(
            Framework::new(NodeSpec::group("I", "", "", vec![bad_leaf])),
            Err(IndicatorsError::LeafNotIndicator { .. })
        ));
    }

    #[test]
    fn flat_errors() {
        let mut rows = sample().to_flat();
        rows[3].parent = Some("nope".into());
        assert!(matches!(
            Framework::from_flat(&rows),
            Err(IndicatorsError::Orphan { .. })
        ));
        let mut rows = sample().to_flat();
        // P1 -> a is fine; make P1's parent P2 and P2's parent P1: a cycle.
        let p1 = rows.iter().position(|r| r.id == "P1").unwrap();
        let p2 = rows.iter().position(|r| r.id == "P2").unwrap();
        rows[p1].parent = Some("P2".into());
        rows[p2].parent = Some("P1".into());
        assert!(matches!(
            Framework::from_flat(&rows),
            Err(IndicatorsError::Cycle { .. })
        ));
        let mut rows = sample().to_flat();
        rows[1].parent = None;
        assert!(matches!(
            Framework::from_flat(&rows),
            Err(IndicatorsError::RootCount { count: 2, .. })
        ));
    }

    #[test]
    fn set_weight_validates() {
        let mut fw = sample();
        let a = fw.find("a").unwrap();
        assert!(fw.set_weight(a, f64::NAN).is_err());
        let c = fw.find("c").unwrap();
        assert!(matches!(
            fw.set_weight(c, 0.0),
            Err(IndicatorsError::ZeroWeightSum { .. })
        ));
        assert!((fw.node(c).weight - 1.0).abs() < 1e-15);
    }
}
