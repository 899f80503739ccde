//! The paper dataset: the numbers printed in the seed paper (and the published index values collected with
//! the catalogues), embedded in the crate and exposed as typed values, each with its source.
//!
//! Seed paper: 《供给侧结构性改革中的制造业质量升级》 (*Manufacturing quality upgrading in supply-side structural
//! reform*). The CSV files under `data/paper/` hold the numbers **as printed**, each row naming the figure or
//! section (`paper fig 3`, `paper sec 1(1)`, …); `data/catalogues/*_published_values.csv` hold published MPI and
//! MQCI values with their URLs (see `data/README.md`). They are parsed once, on first use of [`dataset`].
//!
//! | accessor | content | source |
//! |---|---|---|
//! | [`PaperDataset::quality_efficiency`], [`PaperDataset::fig3_panel`] | MPI quality & efficiency pillar, 9 countries, 2012–2015 | paper Fig. 3 |
//! | [`PaperDataset::china_pillars`], [`PaperDataset::fig4_panel`] | China's MPI pillars 2012–2015 (sustainable not printed) | paper Fig. 4 |
//! | [`PaperDataset::china_quality_share_2015`] | quality & efficiency 12.62 = 12.51 % of the 2015 composite | paper sec 1(3) |
//! | [`PaperDataset::export_unit_values`], [`PaperDataset::unit_value_gaps`] | export unit values, USD/kg | paper sec 1(1) |
//! | [`PaperDataset::export_quality_structure`] | high/low-quality export shares 2015, CN and DE | paper sec 1(1) |
//! | [`PaperDataset::export_volume_value`], [`PaperDataset::volume_value_2015`] | export tonnes and value ratio 2015 | paper sec 1(1) |
//! | [`PaperDataset::quality_sensitive_shares`] | quality-sensitive industries' share bounds | paper sec 2(2) |
//! | [`PaperDataset::mqci_regional_means_2015`] | MQCI regional means 2015 | paper sec 1(3) |
//! | [`PaperDataset::trade_2016q1q3`] | foreign trade 2016 Q1–Q3 | paper sec 1(2), 1(3) |
//! | [`PaperDataset::mpi_published`] | published MPI composites (2001, 2014, 2019, 2020) | URLs per row |
//! | [`PaperDataset::mqci_published`] | published MQCI values 2005–2009 | URLs per row |
//!
//! ```
//! use mfg_quality_indicators::paper;
//! let d = paper::dataset();
//! let fig3 = d.fig3_panel();
//! assert_eq!((fig3.n_units(), fig3.n_indicators(), fig3.n_periods()), (9, 1, 4));
//! assert_eq!(fig3.value("US", "quality_efficiency", 2015).unwrap(), Some(53.97));
//! // The 2015 share: 12.62 is 12.51 % of the composite ⇒ composite ≈ 100.88.
//! assert!((d.implied_composite_2015() - 100.88).abs() < 0.005);
//! ```

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalogue::MPI_PILLARS;
use crate::formulas;
use crate::panel::{Panel, Period, Unit};

const QE_CSV: &str = include_str!("../data/paper/mpi_quality_efficiency.csv");
const PILLARS_CSV: &str = include_str!("../data/paper/mpi_china_pillars.csv");
const SHARE_CSV: &str = include_str!("../data/paper/mpi_china_contribution_2015.csv");
const UNIT_VALUES_CSV: &str = include_str!("../data/paper/export_unit_values.csv");
const STRUCTURE_CSV: &str = include_str!("../data/paper/export_quality_structure_2015.csv");
const VOLUME_CSV: &str = include_str!("../data/paper/export_volume_value_2015.csv");
const SENSITIVE_CSV: &str = include_str!("../data/paper/quality_sensitive_industry_share.csv");
const REGIONS_CSV: &str = include_str!("../data/paper/mqci_regional_means_2015.csv");
const TRADE_CSV: &str = include_str!("../data/paper/trade_2016q1q3.csv");
const MPI_PUBLISHED_CSV: &str = include_str!("../data/catalogues/cae_mpi_published_values.csv");
const MQCI_PUBLISHED_CSV: &str = include_str!("../data/catalogues/mqci_published_values.csv");

/// The indicator id of the Fig. 3 panel.
pub const QUALITY_EFFICIENCY: &str = "quality_efficiency";

/// Country names of the nine MPI countries: (code, English, Chinese).
pub const MPI_COUNTRIES: [(&str, &str, &str); 9] = [
    ("CN", "China", "中国"),
    ("US", "United States", "美国"),
    ("JP", "Japan", "日本"),
    ("DE", "Germany", "德国"),
    ("UK", "United Kingdom", "英国"),
    ("FR", "France", "法国"),
    ("KR", "South Korea", "韩国"),
    ("BR", "Brazil", "巴西"),
    ("IN", "India", "印度"),
];

/// A country's MPI quality & efficiency pillar score in a year (paper Fig. 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityEfficiencyScore {
    /// Country code (`CN`, `US`, …).
    pub country: String,
    /// Year.
    pub year: Period,
    /// Pillar score.
    #[serde(rename = "quality_efficiency")]
    pub score: f64,
    /// Where the number is printed.
    pub source: String,
}

/// One of China's MPI pillar scores in a year (paper Fig. 4); `None` where not printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PillarScore {
    /// Pillar id (as [`crate::catalogue::MPI_PILLARS`]).
    pub pillar: String,
    /// Chinese pillar name.
    pub pillar_zh: String,
    /// Year.
    pub year: Period,
    /// Score (`None`: not printed — the sustainable development pillar).
    pub score: Option<f64>,
    /// Where the number is printed.
    pub source: String,
}

/// A pillar's share of a country's composite (paper sec 1(3): 12.62 = 12.51 % in 2015).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompositeShare {
    /// Country code.
    pub country: String,
    /// Year.
    pub year: Period,
    /// Pillar id.
    pub pillar: String,
    /// The pillar score.
    pub pillar_score: f64,
    /// Its share of the composite, percent, as printed (2 decimals).
    pub share_of_composite_pct: f64,
    /// Where the numbers are printed.
    pub source: String,
}

/// An export unit value (USD per kg; paper sec 1(1)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportUnitValue {
    /// Product group id.
    pub product_group: String,
    /// Chinese product group name.
    pub product_group_zh: String,
    /// Exporter code.
    pub country: String,
    /// Unit value, USD per kg.
    pub usd_per_kg: f64,
    /// Period the value averages over, as printed ("last 10 years").
    pub period: String,
    /// Where the number is printed.
    pub source: String,
}

/// A unit-value gap: the reference exporter's unit value over China's, computed by [`formulas::ratio`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitValueGap {
    /// Product group id.
    pub product_group: String,
    /// Chinese product group name.
    pub product_group_zh: String,
    /// The reference exporter (JP, DE, FR, IT).
    pub reference: String,
    /// China's unit value, USD/kg.
    pub china_usd_per_kg: f64,
    /// The reference exporter's unit value, USD/kg.
    pub reference_usd_per_kg: f64,
    /// `reference / china`.
    pub ratio: f64,
    /// Where the unit values are printed.
    pub source: String,
}

/// High- and low-quality shares of a country's exports (paper sec 1(1)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportQualityStructure {
    /// Country code.
    pub country: String,
    /// Year.
    pub year: Period,
    /// Share of exports in high-quality products, percent.
    pub high_quality_share_pct: f64,
    /// Share of exports in low-quality products, percent.
    pub low_quality_share_pct: f64,
    /// Where the numbers are printed.
    pub source: String,
}

impl ExportQualityStructure {
    /// The medium-quality share, `100 − high − low` (derived; not printed in the paper).
    pub fn medium_quality_share_pct(&self) -> f64 {
        100.0 - self.high_quality_share_pct - self.low_quality_share_pct
    }
}

/// One figure of the 2015 export volume/value comparison (paper sec 1(1)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VolumeValueFigure {
    /// `export_tonnes`, `tonnes_ratio` or `export_value_ratio`.
    pub measure: String,
    /// The country (or numerator of a ratio).
    pub country_a: String,
    /// The denominator of a ratio.
    pub country_b: Option<String>,
    /// The value as printed.
    pub value: f64,
    /// Its unit.
    pub unit: String,
    /// Where the number is printed.
    pub source: String,
}

/// The 2015 CN/DE export volume and value comparison, typed, with derived ratios.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct VolumeValue2015 {
    /// China's exports, tonnes (4.41e9, printed).
    pub cn_tonnes: f64,
    /// Germany's exports, tonnes (1.18e9, printed).
    pub de_tonnes: f64,
    /// The printed tonnes ratio (3.74).
    pub printed_tonnes_ratio: f64,
    /// The printed export value ratio CN/DE (1.23).
    pub printed_value_ratio: f64,
    /// `cn_tonnes / de_tonnes` (computed: 3.737…).
    pub tonnes_ratio: f64,
    /// China's value per tonne relative to Germany's: `printed_value_ratio / tonnes_ratio` (≈ 0.33).
    pub value_per_tonne_ratio: f64,
}

/// Whether a share is a lower or an upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareBound {
    /// The share is greater than the value.
    GreaterThan,
    /// The share is less than the value.
    LessThan,
}

/// Share of quality-sensitive industries in manufacturing, as a bound (paper sec 2(2)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualitySensitiveShare {
    /// Country code.
    pub country: String,
    /// Bound type.
    pub bound: ShareBound,
    /// The bound, percent.
    pub share_pct: f64,
    /// Where the number is printed.
    pub source: String,
}

/// A regional mean of the provincial MQCI (paper sec 1(3)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionalMean {
    /// Region (NBS four-region scheme): East, Central, West, Northeast.
    pub region: String,
    /// Chinese region name.
    pub region_zh: String,
    /// Mean MQCI.
    pub mqci_mean: f64,
    /// Year.
    pub year: Period,
    /// Where the number is printed.
    pub source: String,
}

/// A foreign-trade figure for 2016 Q1–Q3 (paper sec 1(2), 1(3)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeFigure {
    /// `West` or `National`.
    pub scope: String,
    /// What is measured (`exports_yoy`, `general_trade_share_of_exports`, …).
    pub measure: String,
    /// The value as printed.
    pub value: f64,
    /// Its unit (`pct`, `pp`, `100 million CNY`, …).
    pub unit: String,
    /// Where the number is printed.
    pub source: String,
}

/// A published MPI composite value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedComposite {
    /// Country code.
    pub country: String,
    /// Year.
    pub year: Period,
    /// `composite`.
    pub measure: String,
    /// The value as printed.
    pub value: f64,
    /// URL(s) where it is printed.
    #[serde(rename = "source_url")]
    pub source: String,
}

/// A published MQCI value (national, regional or provincial).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MqciPublished {
    /// `national`, `region` or `province`.
    pub scope: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Year.
    pub year: Period,
    /// The value as printed.
    pub value: f64,
    /// URL(s) where it is printed.
    #[serde(rename = "source_url")]
    pub source: String,
}

/// All embedded paper numbers; obtained from [`dataset`].
#[derive(Debug, Clone, PartialEq)]
pub struct PaperDataset {
    quality_efficiency: Vec<QualityEfficiencyScore>,
    china_pillars: Vec<PillarScore>,
    china_share: CompositeShare,
    unit_values: Vec<ExportUnitValue>,
    structure: Vec<ExportQualityStructure>,
    volume_value: Vec<VolumeValueFigure>,
    sensitive: Vec<QualitySensitiveShare>,
    regions: Vec<RegionalMean>,
    trade: Vec<TradeFigure>,
    mpi_published: Vec<PublishedComposite>,
    mqci_published: Vec<MqciPublished>,
}

fn parse<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<std::result::Result<Vec<T>, _>>()
        .unwrap_or_else(|e| panic!("embedded {name} is well-formed (checked by tests): {e}"))
}

/// The embedded paper dataset (parsed on first call).
pub fn dataset() -> &'static PaperDataset {
    static DATA: OnceLock<PaperDataset> = OnceLock::new();
    DATA.get_or_init(|| {
        let shares: Vec<CompositeShare> = parse("mpi_china_contribution_2015.csv", SHARE_CSV);
        PaperDataset {
            quality_efficiency: parse("mpi_quality_efficiency.csv", QE_CSV),
            china_pillars: parse("mpi_china_pillars.csv", PILLARS_CSV),
            china_share: shares
                .into_iter()
                .next()
                .expect("mpi_china_contribution_2015.csv has one row"),
            unit_values: parse("export_unit_values.csv", UNIT_VALUES_CSV),
            structure: parse("export_quality_structure_2015.csv", STRUCTURE_CSV),
            volume_value: parse("export_volume_value_2015.csv", VOLUME_CSV),
            sensitive: parse("quality_sensitive_industry_share.csv", SENSITIVE_CSV),
            regions: parse("mqci_regional_means_2015.csv", REGIONS_CSV),
            trade: parse("trade_2016q1q3.csv", TRADE_CSV),
            mpi_published: parse("cae_mpi_published_values.csv", MPI_PUBLISHED_CSV),
            mqci_published: parse("mqci_published_values.csv", MQCI_PUBLISHED_CSV),
        }
    })
}

impl PaperDataset {
    /// MPI quality & efficiency pillar scores, 9 countries × 2012–2015 (paper Fig. 3), in the printed order.
    pub fn quality_efficiency(&self) -> &[QualityEfficiencyScore] {
        &self.quality_efficiency
    }

    /// Fig. 3 as a [`Panel`]: the nine countries (in the printed order, with English and Chinese names) ×
    /// one indicator ([`QUALITY_EFFICIENCY`]) × 2012–2015, complete.
    pub fn fig3_panel(&self) -> Panel {
        let mut codes: Vec<&str> = Vec::new();
        let mut years: Vec<Period> = Vec::new();
        for r in &self.quality_efficiency {
            if !codes.contains(&r.country.as_str()) {
                codes.push(&r.country);
            }
            if !years.contains(&r.year) {
                years.push(r.year);
            }
        }
        years.sort_unstable();
        let units = codes
            .iter()
            .map(|&c| {
                let (en, zh) = MPI_COUNTRIES
                    .iter()
                    .find(|(code, _, _)| *code == c)
                    .map_or(("", ""), |&(_, en, zh)| (en, zh));
                Unit::new(c).with_names(en, zh)
            })
            .collect();
        let mut b = Panel::builder(units, vec![QUALITY_EFFICIENCY.to_string()], years)
            .expect("Fig. 3 dimensions are valid");
        for r in &self.quality_efficiency {
            b.set(&r.country, QUALITY_EFFICIENCY, r.year, r.score)
                .expect("Fig. 3 cells are unique and finite");
        }
        b.build()
    }

    /// China's MPI pillar scores (paper Fig. 4), as printed; the sustainable development pillar has one row
    /// with `score: None` (not printed).
    pub fn china_pillars(&self) -> &[PillarScore] {
        &self.china_pillars
    }

    /// Fig. 4 as a [`Panel`]: unit `CN` × the four MPI pillars (ids of [`MPI_PILLARS`], in that order) ×
    /// 2012–2015; the sustainable development pillar is missing in every year (not printed).
    pub fn fig4_panel(&self) -> Panel {
        let mut years: Vec<Period> = self
            .china_pillars
            .iter()
            .filter(|r| r.score.is_some())
            .map(|r| r.year)
            .collect();
        years.sort_unstable();
        years.dedup();
        let pillars = MPI_PILLARS.iter().map(|p| p.0.to_string()).collect();
        let mut b = Panel::builder(
            vec![Unit::new("CN").with_names("China", "中国")],
            pillars,
            years,
        )
        .expect("Fig. 4 dimensions are valid");
        for r in &self.china_pillars {
            if let Some(v) = r.score {
                b.set("CN", &r.pillar, r.year, v)
                    .expect("Fig. 4 cells are unique and finite");
            }
        }
        b.build()
    }

    /// China's quality & efficiency pillar as a share of its 2015 composite: 12.62 and 12.51 % (paper
    /// sec 1(3)).
    pub fn china_quality_share_2015(&self) -> &CompositeShare {
        &self.china_share
    }

    /// The 2015 composite implied by the printed share: `pillar score / (share / 100)` = 12.62 / 0.1251 ≈
    /// 100.88 (derived, not printed).
    pub fn implied_composite_2015(&self) -> f64 {
        let s = &self.china_share;
        s.pillar_score / (s.share_of_composite_pct / 100.0)
    }

    /// The range of composites consistent with the share as printed to two decimals: the share lies in
    /// `[12.505, 12.515]` %, so the composite lies in `[12.62 / 0.12515, 12.62 / 0.12505]` ≈ [100.84, 100.92].
    pub fn implied_composite_2015_range(&self) -> (f64, f64) {
        let s = &self.china_share;
        (
            s.pillar_score / ((s.share_of_composite_pct + 0.005) / 100.0),
            s.pillar_score / ((s.share_of_composite_pct - 0.005) / 100.0),
        )
    }

    /// The sum of China's three printed 2015 pillars (51.93 + 12.62 + 25.78 = 90.33).
    pub fn printed_pillar_sum(&self, year: Period) -> f64 {
        self.china_pillars
            .iter()
            .filter(|r| r.year == year)
            .filter_map(|r| r.score)
            .sum()
    }

    /// The sustainable development pillar implied in 2015: implied composite − printed pillars ≈ 100.88 −
    /// 90.33 = 10.55 (derived; the composite is the sum of the pillar scores).
    pub fn implied_sustainable_2015(&self) -> f64 {
        self.implied_composite_2015() - self.printed_pillar_sum(self.china_share.year)
    }

    /// Export unit values, USD/kg (paper sec 1(1)).
    pub fn export_unit_values(&self) -> &[ExportUnitValue] {
        &self.unit_values
    }

    /// For each product group, the reference exporter's unit value over China's (JP/CN = 42.12/20.95 ≈ 2.01,
    /// DE/CN ≈ 3.85, FR/CN ≈ 6.92, IT/CN ≈ 2.60), computed by [`formulas::ratio`].
    pub fn unit_value_gaps(&self) -> Vec<UnitValueGap> {
        let mut out = Vec::new();
        for cn in self.unit_values.iter().filter(|r| r.country == "CN") {
            for other in self
                .unit_values
                .iter()
                .filter(|r| r.product_group == cn.product_group && r.country != "CN")
            {
                out.push(UnitValueGap {
                    product_group: cn.product_group.clone(),
                    product_group_zh: cn.product_group_zh.clone(),
                    reference: other.country.clone(),
                    china_usd_per_kg: cn.usd_per_kg,
                    reference_usd_per_kg: other.usd_per_kg,
                    ratio: formulas::ratio(other.usd_per_kg, cn.usd_per_kg)
                        .expect("printed unit values are positive"),
                    source: cn.source.clone(),
                });
            }
        }
        out
    }

    /// High/low-quality export shares 2015, CN and DE (paper sec 1(1)).
    pub fn export_quality_structure(&self) -> &[ExportQualityStructure] {
        &self.structure
    }

    /// The 2015 volume/value figures as printed (paper sec 1(1)).
    pub fn export_volume_value(&self) -> &[VolumeValueFigure] {
        &self.volume_value
    }

    /// The 2015 volume/value comparison, typed, with the ratios computed from the printed figures.
    pub fn volume_value_2015(&self) -> VolumeValue2015 {
        let get = |measure: &str, country: &str| {
            self.volume_value
                .iter()
                .find(|r| r.measure == measure && r.country_a == country)
                .map(|r| r.value)
                .expect("export_volume_value_2015.csv has every measure")
        };
        let cn_tonnes = get("export_tonnes", "CN");
        let de_tonnes = get("export_tonnes", "DE");
        let printed_value_ratio = get("export_value_ratio", "CN");
        let tonnes_ratio =
            formulas::ratio(cn_tonnes, de_tonnes).expect("printed tonnes are positive");
        VolumeValue2015 {
            cn_tonnes,
            de_tonnes,
            printed_tonnes_ratio: get("tonnes_ratio", "CN"),
            printed_value_ratio,
            tonnes_ratio,
            value_per_tonne_ratio: formulas::ratio(printed_value_ratio, tonnes_ratio)
                .expect("ratio is positive"),
        }
    }

    /// Quality-sensitive industries' share of manufacturing: > 40 % in US, JP, DE; < 17 % in CN (paper
    /// sec 2(2), citing European research).
    pub fn quality_sensitive_shares(&self) -> &[QualitySensitiveShare] {
        &self.sensitive
    }

    /// Provincial MQCI regional means 2015: East 87.48, Central 82.97, West 82.10, Northeast 81.45 (paper
    /// sec 1(3); not confirmed by an independent source, see `data/README.md`).
    pub fn mqci_regional_means_2015(&self) -> &[RegionalMean] {
        &self.regions
    }

    /// Foreign-trade figures, 2016 Q1–Q3 (paper sec 1(2), 1(3)).
    pub fn trade_2016q1q3(&self) -> &[TradeFigure] {
        &self.trade
    }

    /// One trade figure by scope and measure.
    pub fn trade_figure(&self, scope: &str, measure: &str) -> Option<&TradeFigure> {
        self.trade
            .iter()
            .find(|r| r.scope == scope && r.measure == measure)
    }

    /// Published MPI composites (2001, 2014 from the 2015 report; 2019, 2020 from later editions — not
    /// strictly comparable across editions).
    pub fn mpi_published(&self) -> &[PublishedComposite] {
        &self.mpi_published
    }

    /// A published MPI composite by country and year.
    pub fn mpi_composite(&self, country: &str, year: Period) -> Option<&PublishedComposite> {
        self.mpi_published
            .iter()
            .find(|r| r.country == country && r.year == year)
    }

    /// Published MQCI values (national 2005–2009, some regions and provinces).
    pub fn mqci_published(&self) -> &[MqciPublished] {
        &self.mqci_published
    }
}
