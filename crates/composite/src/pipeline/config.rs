//! The serialisable [`PipelineConfig`] (see the [module docs](super) for its JSON schema): defaults,
//! reading and writing JSON.

use super::*;

/// A complete, serialisable composite-index configuration. See the [module docs](super) for the JSON schema
/// and what [`PipelineConfig::run`] does.
///
/// ```
/// use mfg_quality_composite::pipeline::PipelineConfig;
/// use mfg_quality_indicators::{Framework, Indicator, NodeSpec, Panel, Unit};
///
/// let fw = Framework::new(NodeSpec::group("IDX", "Index", "", vec![
///     NodeSpec::leaf(Indicator::new("x", "X", "")),
///     NodeSpec::leaf(Indicator::new("y", "Y", "")),
/// ])).unwrap();
/// let panel = Panel::from_dense(
///     vec![Unit::new("A"), Unit::new("B"), Unit::new("C")],
///     vec!["x".into(), "y".into()], vec![2020],
///     vec![1.0, 2.0, 3.0, 30.0, 10.0, 20.0], vec![true; 6]).unwrap();
/// let config = PipelineConfig::new(fw); // min-max [0, 1], explicit weights, arithmetic mean
/// let results = config.run(&panel).unwrap();
/// // A: (0 + 1)/2, B: (0.5 + 0)/2, C: (1 + 0.5)/2
/// assert_eq!(results.scores("IDX", 2020).unwrap(), vec![Some(0.5), Some(0.25), Some(0.75)]);
/// assert_eq!(results.ranks("IDX", 2020).unwrap(), vec![Some(2.0), Some(3.0), Some(1.0)]);
///
/// // Saved and re-loaded, the configuration reproduces the run exactly.
/// let again = PipelineConfig::read_json_str(&config.write_json_str().unwrap()).unwrap();
/// assert_eq!(again.run(&panel).unwrap(), results);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    /// Free-text documentation of the configuration (JSON `_comment`); ignored by `run`.
    #[serde(rename = "_comment", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The framework: indicators (with polarity), groups, weights, per-node aggregation keys.
    pub framework: Framework,
    /// Screening of units and indicators by data availability; `None` = no screening.
    #[serde(default)]
    pub screening: Option<Screening>,
    /// Imputation of missing cells (default: none).
    #[serde(default)]
    pub imputation: Imputation,
    /// Outlier treatment; `None` = no treatment.
    #[serde(default)]
    pub treatment: Option<OutlierTreatment>,
    /// Default normalisation of every indicator.
    #[serde(default)]
    pub normalisation: Normalisation,
    /// Normalisation per indicator id, replacing the default.
    #[serde(default)]
    pub normalisation_overrides: BTreeMap<String, Normalisation>,
    /// Weighting of the children of a group, per group id; groups not listed use [`Weighting::Explicit`]
    /// (the framework's weights).
    #[serde(default)]
    pub weighting: BTreeMap<String, Weighting>,
    /// Aggregation of the groups whose framework node has no aggregation key.
    #[serde(default)]
    pub aggregation: Aggregation,
    /// Missing-value policy of the aggregation.
    #[serde(default)]
    pub missing: MissingPolicy,
    /// Tie method of the ranks.
    #[serde(default)]
    pub ties: TieMethod,
    /// Seed for randomised steps (kept with the configuration so a run is reproducible).
    #[serde(default)]
    pub seed: u64,
    /// What to do with an indicator that has no observed value in a period, once screened, imputed and
    /// treated: fail with [`CompositeError::NoData`] (the default), or leave it out of that period's
    /// aggregation and say so in [`Results::warnings`]. (Written only when not the default.)
    #[serde(default, skip_serializing_if = "MissingIndicatorPolicy::is_default")]
    pub missing_indicator: MissingIndicatorPolicy,
}

/// What a run does with an indicator that has no observed value at all in a period (after screening,
/// imputation and treatment). JSON: `"missing_indicator": "error"` (the default) or
/// `"drop_with_warning"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MissingIndicatorPolicy {
    /// Fail with [`CompositeError::NoData`] naming the indicator, its parent and the period (the default:
    /// an indicator never silently vanishes from the index).
    #[default]
    Error,
    /// Leave the indicator out of its parent's aggregation in that period (its weight is shared among its
    /// observed siblings, data-driven weights are computed without it) and record a
    /// [`Warning::IndicatorDropped`](crate::results::Warning::IndicatorDropped) in [`Results::warnings`].
    DropWithWarning,
}

impl MissingIndicatorPolicy {
    fn is_default(&self) -> bool {
        *self == MissingIndicatorPolicy::Error
    }
}

impl PipelineConfig {
    /// A configuration with every stage at its default: no screening, imputation or treatment; min-max to
    /// [0, 1]; the framework's weights; arithmetic mean where the framework gives no key; missing values
    /// skipped and weights re-normalised; ties `min`; seed 0; an indicator without data is an error.
    pub fn new(framework: Framework) -> Self {
        PipelineConfig {
            comment: None,
            framework,
            screening: None,
            imputation: Imputation::default(),
            treatment: None,
            normalisation: Normalisation::default(),
            normalisation_overrides: BTreeMap::new(),
            weighting: BTreeMap::new(),
            aggregation: Aggregation::default(),
            missing: MissingPolicy::default(),
            ties: TieMethod::default(),
            seed: 0,
            missing_indicator: MissingIndicatorPolicy::default(),
        }
    }

    /// Reads a configuration from JSON text (a leading byte-order mark is skipped).
    ///
    /// # Errors
    /// [`CompositeError::Parse`] (path `<json>`) with serde's message, line and column: malformed JSON, a
    /// missing or unknown field (every nested object refuses unknown fields), a framework that does not
    /// validate.
    pub fn read_json_str(text: &str) -> Result<Self> {
        parse_json(text, "<json>")
    }

    /// Reads a configuration from a JSON file (a leading byte-order mark is skipped).
    ///
    /// # Errors
    /// [`CompositeError::Io`] when the file cannot be read; [`CompositeError::Parse`] naming the file, line
    /// and column otherwise (as [`PipelineConfig::read_json_str`]).
    pub fn read_json(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| CompositeError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        parse_json(&text, &path.display().to_string())
    }

    /// Former name of [`PipelineConfig::read_json_str`].
    ///
    /// # Errors
    /// As [`PipelineConfig::read_json_str`].
    #[deprecated(
        note = "renamed to `read_json_str` (readers are `read_*`, in-memory text `*_str`)"
    )]
    pub fn from_json(text: &str) -> Result<Self> {
        Self::read_json_str(text)
    }

    /// Former name of [`PipelineConfig::read_json`].
    ///
    /// # Errors
    /// As [`PipelineConfig::read_json`].
    #[deprecated(note = "renamed to `read_json` (readers are `read_*`)")]
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Self> {
        Self::read_json(path)
    }

    /// The configuration as pretty-printed JSON (numbers in shortest round-trip form, so that
    /// [`PipelineConfig::read_json_str`] gives back an identical configuration).
    ///
    /// # Errors
    /// [`CompositeError::Inconsistent`] if serialisation fails (it does not for valid configurations).
    pub fn write_json_str(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| CompositeError::Inconsistent {
            what: "pipeline configuration",
            reason: format!("cannot be written as JSON: {e}"),
        })
    }

    /// Former name of [`PipelineConfig::write_json_str`].
    ///
    /// # Errors
    /// As [`PipelineConfig::write_json_str`].
    #[deprecated(note = "renamed to `write_json_str` (in-memory text is `*_str`)")]
    pub fn to_json(&self) -> Result<String> {
        self.write_json_str()
    }
}

/// Parses a configuration, skipping a leading byte-order mark; a serde error becomes
/// [`CompositeError::Parse`] with its line and column.
fn parse_json(text: &str, path: &str) -> Result<PipelineConfig> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        // serde_json appends " at line L column C"; the variant carries both as fields.
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        CompositeError::Parse {
            path: path.to_string(),
            line: e.line() as u64,
            column: e.column() as u64,
            message,
        }
    })
}
