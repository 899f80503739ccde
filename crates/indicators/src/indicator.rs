//! Indicator definitions: what is measured, in which unit, and which direction is better.

use serde::{Deserialize, Serialize};

/// Which direction of an indicator is better.
///
/// Polarity is applied at normalisation, so that every normalised indicator is "higher is better".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher values are better (e.g. labour productivity).
    #[default]
    Positive,
    /// Lower values are better (e.g. quality loss rate, energy per unit of value added).
    Negative,
}

impl Polarity {
    /// `+1.0` for [`Polarity::Positive`], `-1.0` for [`Polarity::Negative`].
    pub fn sign(self) -> f64 {
        match self {
            Polarity::Positive => 1.0,
            Polarity::Negative => -1.0,
        }
    }

    /// The opposite polarity.
    pub fn flip(self) -> Self {
        match self {
            Polarity::Positive => Polarity::Negative,
            Polarity::Negative => Polarity::Positive,
        }
    }

    /// Parses `+`, `-`, `1`, `-1`, `positive`, `negative`, `higher`, `lower` (case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "+" | "1" | "+1" | "positive" | "pos" | "higher" | "higher_is_better" => {
                Some(Polarity::Positive)
            }
            "-" | "-1" | "negative" | "neg" | "lower" | "lower_is_better" => {
                Some(Polarity::Negative)
            }
            _ => None,
        }
    }
}

/// A typed indicator definition (a leaf of a [`crate::Framework`]).
///
/// ```
/// use mfg_quality_indicators::{Indicator, Polarity};
/// let loss = Indicator::new("QLR", "Quality loss rate", "质量损失率")
///     .with_unit("%")
///     .with_polarity(Polarity::Negative)
///     .with_definition("internal + external quality losses / gross output value × 100");
/// assert_eq!(loss.polarity, Polarity::Negative);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Unique identifier (used as the column name in panels).
    pub id: String,
    /// English name.
    pub name_en: String,
    /// Chinese name (empty where no source gives one).
    #[serde(default)]
    pub name_zh: String,
    /// Unit of measurement (empty where no source gives one).
    #[serde(default)]
    pub unit: String,
    /// Which direction is better.
    #[serde(default)]
    pub polarity: Polarity,
    /// Definition or formula, in words.
    #[serde(default)]
    pub definition: String,
    /// Where the definition comes from (publication, table, URL).
    #[serde(default)]
    pub source: String,
}

impl Indicator {
    /// A positive-polarity indicator with the given id and names; other fields empty.
    pub fn new(
        id: impl Into<String>,
        name_en: impl Into<String>,
        name_zh: impl Into<String>,
    ) -> Self {
        Indicator {
            id: id.into(),
            name_en: name_en.into(),
            name_zh: name_zh.into(),
            unit: String::new(),
            polarity: Polarity::Positive,
            definition: String::new(),
            source: String::new(),
        }
    }

    /// Sets the unit.
    pub fn with_unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = unit.into();
        self
    }

    /// Sets the polarity.
    pub fn with_polarity(mut self, polarity: Polarity) -> Self {
        self.polarity = polarity;
        self
    }

    /// Sets the definition or formula.
    pub fn with_definition(mut self, definition: impl Into<String>) -> Self {
        self.definition = definition.into();
        self
    }

    /// Sets the source.
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = source.into();
        self
    }
}
