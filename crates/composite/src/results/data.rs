//! The serialised form of a result, [`ResultsData`], and deserialisation with the shapes re-validated.

use super::*;

/// The serialised form of [`Results`] (field meanings as in [`Results::new`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultsData {
    /// The framework (after screening).
    pub framework: Framework,
    /// The units.
    pub units: UnitTable,
    /// The periods.
    pub periods: Vec<Period>,
    /// Scores by period, slot and unit.
    pub scores: Vec<f64>,
    /// Presence of each score.
    pub present: Vec<bool>,
    /// Weights within the parent.
    pub weights: Vec<f64>,
    /// Aggregation names.
    pub aggregations: Vec<Option<String>>,
    /// Tie method for ranks.
    #[serde(default)]
    pub ties: TieMethod,
    /// Stage reports.
    #[serde(default)]
    pub reports: StageReports,
}

impl TryFrom<ResultsData> for Results {
    type Error = CompositeError;
    fn try_from(d: ResultsData) -> Result<Self> {
        Results::new(
            d.framework,
            d.units,
            d.periods,
            d.scores,
            d.present,
            d.weights,
            d.aggregations,
            d.ties,
        )
        .map(|r| r.with_reports(d.reports))
    }
}

impl<'de> Deserialize<'de> for Results {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let data = ResultsData::deserialize(deserializer)?;
        Results::try_from(data).map_err(serde::de::Error::custom)
    }
}
