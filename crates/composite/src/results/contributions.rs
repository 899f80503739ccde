//! What a result says about a group's children: [`Results::contributions`] (each child's share of the
//! parent's score), [`Results::strongest_weakest`] and the weights ([`Results::weight`],
//! [`Results::effective_weight`], [`Results::effective_weights`]).

use super::*;

impl Results {
    /// Contributions of each child of `node` to the unit's score on it in a period.
    ///
    /// Under the weighted arithmetic mean `S = Σ_c w_c s_c / Σ_{c present} w_c` (missing children skipped
    /// and the weights re-normalised, as the aggregation does) the contribution of child `c` is
    /// `w̃_c s_c` with `w̃_c = w_c / Σ_{present} w`, and its share is `100 · w̃_c s_c / S`; contributions sum
    /// to `S` and shares to 100 (OECD/JRC Handbook 2008, §6; the paper's Fig. 4: quality & efficiency is
    /// 12.51 % of China's 2015 composite).
    ///
    /// Only the arithmetic mean is additive: for any other aggregation (geometric, harmonic, power,
    /// MPI, TOPSIS, rank-based) shares of the score are not defined, and this returns
    /// [`CompositeError::NotAdditive`] rather than a misleading number.
    ///
    /// # Errors
    /// Unknown unit, node or period; [`CompositeError::WrongNodeKind`] for an indicator;
    /// [`CompositeError::NotAdditive`]; [`CompositeError::MissingValue`] if the unit's score is missing;
    /// [`CompositeError::InvalidValue`] if the parent's score is 0 (shares undefined).
    ///
    /// ```
    /// # use mfg_quality_composite::results::Results;
    /// # fn demo(r: &Results) -> mfg_quality_composite::Result<()> {
    /// for c in r.contributions("CN", "MPI", 2015)? {
    ///     println!("{:<12} {:6.2} % of the composite", c.child, c.share_percent);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn contributions(
        &self,
        unit: &str,
        node: &str,
        period: Period,
    ) -> Result<Vec<Contribution>> {
        let id = self.group_of(node, "contributions")?;
        let agg = self.aggregations[id].as_deref().unwrap_or_default();
        if agg != ADDITIVE_AGGREGATION {
            return Err(CompositeError::NotAdditive {
                node: node.to_string(),
                aggregation: agg.to_string(),
            });
        }
        let u = self.unit_index(unit)?;
        let p = self.period_index(period)?;
        let (pv, pm) = self.column_at(id, p);
        if !pm[u] {
            return Err(CompositeError::MissingValue {
                unit: unit.to_string(),
                indicator: node.to_string(),
                period,
            });
        }
        let nn = self.framework.len();
        let w = &self.weights[p * nn..(p + 1) * nn];
        let kids = self.framework.children(id);
        let scores: Vec<Option<f64>> = kids
            .iter()
            .map(|&c| {
                let (v, m) = self.column_at(c, p);
                m[u].then_some(v[u])
            })
            .collect();
        let wsum: f64 = kids
            .iter()
            .zip(&scores)
            .filter(|(_, s)| s.is_some())
            .map(|(&c, _)| w[c])
            .sum();
        let contrib: Vec<f64> = kids
            .iter()
            .zip(&scores)
            .map(|(&c, s)| match s {
                Some(s) if wsum > 0.0 => w[c] / wsum * s,
                _ => 0.0,
            })
            .collect();
        let total: f64 = contrib.iter().sum();
        // The stored parent score and the recomputed sum agree up to rounding; divide by the sum so the
        // shares add up to 100 exactly (up to rounding).
        if total == 0.0 || pv[u] == 0.0 {
            return Err(CompositeError::InvalidValue {
                method: "contributions",
                unit: unit.to_string(),
                indicator: node.to_string(),
                value: pv[u],
                reason: "shares of a zero score are undefined",
            });
        }
        Ok(kids
            .iter()
            .zip(scores.into_iter().zip(contrib))
            .map(|(&c, (score, contribution))| Contribution {
                child: self.framework.node(c).id.clone(),
                weight: if score.is_some() && wsum > 0.0 {
                    w[c] / wsum
                } else {
                    0.0
                },
                score,
                contribution,
                share_percent: 100.0 * contribution / total,
            })
            .collect())
    }

    /// The unit's strongest and weakest child of `node` in a period, by the children's own (normalised or
    /// aggregated) scores — the "shortest plank" of the paper's §3 analysis. Missing children are ignored;
    /// `Ok(None)` if every child is missing. Ties go to the first child in framework order.
    ///
    /// Note that this compares the children's scores, not their weighted contributions: a child with a small
    /// weight is not "weak" because of its weight (use [`Results::contributions`] for weighted shares).
    ///
    /// # Errors
    /// Unknown unit, node or period; [`CompositeError::WrongNodeKind`] for an indicator.
    pub fn strongest_weakest(
        &self,
        unit: &str,
        node: &str,
        period: Period,
    ) -> Result<Option<Planks>> {
        let id = self.group_of(node, "strongest_weakest")?;
        let u = self.unit_index(unit)?;
        let p = self.period_index(period)?;
        let mut best: Option<(NodeId, f64)> = None;
        let mut worst: Option<(NodeId, f64)> = None;
        for &c in self.framework.children(id) {
            let (v, m) = self.column_at(c, p);
            if !m[u] {
                continue;
            }
            let s = v[u];
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((c, s));
            }
            if worst.is_none_or(|(_, w)| s < w) {
                worst = Some((c, s));
            }
        }
        Ok(best.zip(worst).map(|((b, bs), (w, ws))| Planks {
            strongest: (self.framework.node(b).id.clone(), bs),
            weakest: (self.framework.node(w).id.clone(), ws),
        }))
    }

    /// The weight of a node within its parent in a period (normalised over the parent's children; 1 for the
    /// root). With data-driven weighting (entropy, CRITIC, PCA…) it can differ between periods.
    ///
    /// # Errors
    /// Unknown node or period.
    pub fn weight(&self, node: &str, period: Period) -> Result<f64> {
        let id = self.node_id(node)?;
        let p = self.period_index(period)?;
        Ok(self.weights[p * self.framework.len() + id])
    }

    /// The effective weight of a node in a period: the product of its weights within each parent from the
    /// root down (OECD/JRC Handbook 2008, step 6; COINr `get_eff_weights`). Over the indicators they sum to 1.
    ///
    /// # Errors
    /// Unknown node or period.
    pub fn effective_weight(&self, node: &str, period: Period) -> Result<f64> {
        let id = self.node_id(node)?;
        let p = self.period_index(period)?;
        Ok(self.effective_weight_at(id, p))
    }

    pub(super) fn effective_weight_at(&self, id: NodeId, p: usize) -> f64 {
        let nn = self.framework.len();
        let mut w = 1.0;
        let mut cur = id;
        while let Some(parent) = self.framework.parent(cur) {
            w *= self.weights[p * nn + cur];
            cur = parent;
        }
        w
    }

    /// Effective weights of all indicators in a period, in leaf order (they sum to 1).
    ///
    /// # Errors
    /// Unknown period.
    pub fn effective_weights(&self, period: Period) -> Result<Vec<(String, f64)>> {
        let p = self.period_index(period)?;
        Ok(self
            .framework
            .leaves()
            .iter()
            .map(|&l| {
                (
                    self.framework.node(l).id.clone(),
                    self.effective_weight_at(l, p),
                )
            })
            .collect())
    }
}
