//! Built-in indicator catalogues: the indicator systems named by the paper, as validated [`Framework`]s with
//! bilingual names and sources.
//!
//! | function | system | status of the published details |
//! |---|---|---|
//! | [`manufacturing_power_index`] | CAE Manufacturing Power Index (制造强国综合指数), 4 pillars | **10 of its 18 indicators** sourced; pillar weights from a secondary source; indicator weights and units not found |
//! | [`mqci`] | provincial Manufacturing Quality Competitiveness Index (制造业质量竞争力指数), 2 + 6 groups, 12 indicators | structure and names sourced; **weights not published** ⇒ equal weights |
//! | [`current_quality_indicators`] | the paper's "current quality indicators" (sec 3(1)) | a list, not a composite |
//! | [`micro_quality_efficiency`] | the paper's micro quality-efficiency indicators (sec 3(1)) | a list, not a composite; formulas in [`crate::formulas`] |
//! | [`MACRO_QUALITY_EFFICIENCY_GAP`] | the macro quality-efficiency system (paper Fig. 7) | **not available**: the figure's content is not in the text |
//!
//! The MPI and MQCI lists are parsed from CSV files embedded in the crate (`data/catalogues/`, copied from the
//! project's researched reference lists; each row keeps its source URL, see `data/README.md`). Nothing that
//! was not found is filled in: blank units stay blank, and where no weight was published the framework uses
//! equal weights and says so. Polarity was **inferred from each indicator's definition** (no source printed
//! it).
//!
//! # Manufacturing Power Index: what is still unfound
//!
//! A renewed search of the CAE reports and their summaries (the 2015 paper 《“制造强国”评价指标体系构建及初步分析》,
//! *Strategic Study of CAE* 2015, 17(7), and its full text at engineering.org.cn; the sequel on indicator
//! histories; the 2015 report's table of contents; press summaries of the 2015, 2020 and 2021 editions), in
//! Chinese and English, found **no further indicator names**. Exactly what remains unfound:
//!
//! * the names of **8 of the 18** second-level indicators, and for each its pillar (only the 10 rows of
//!   [`manufacturing_power_index`] have a sourced name and pillar);
//! * the Chinese name of the export-share indicator `MPI-SD-2` (its existence rests on an English summary);
//! * the exact CAE wording of the brand indicator `MPI-QE-4` (世界知名品牌数 is the press wording);
//! * how many indicators each pillar has in the published table;
//! * all 18 second-level weights, and the 2015 pillar weights (the ones used are a secondary source's reading of
//!   the 2021 report);
//! * every indicator's unit.
//!
//! The pages that hold the table (section 一(三) "制造强国指标体系构建" of the 2015 report, and 表1
//! "制造强国评价指标体系" of the 2020 report) could be read only from their beginning; the paper's full text at
//! <http://www.engineering.org.cn/ch/article/19251/detail> likewise only up to its first section. Candidate
//! names remembered from the literature are deliberately **not** added: none was seen in a source.
//!
//! ```
//! use mfg_quality_indicators::catalogue;
//! let mpi = catalogue::manufacturing_power_index();
//! assert_eq!(mpi.children(mpi.root()).len(), 4);                  // 4 pillars
//! assert_eq!(mpi.leaves().len(), 10);                              // the 10 sourced indicators
//! assert_eq!(catalogue::MPI_PUBLISHED_INDICATOR_COUNT, 18);        // of 18 in the published system
//! let mqci = catalogue::mqci();
//! assert_eq!(mqci.leaves().len(), 12);
//! ```

use serde::Deserialize;

use crate::framework::{Framework, NodeSpec};
use crate::indicator::{Indicator, Polarity};

const MPI_CSV: &str = include_str!("../data/catalogues/cae_mpi_indicators.csv");
const MQCI_CSV: &str = include_str!("../data/catalogues/mqci_indicators.csv");

/// Number of indicators of the published Manufacturing Power Index (CAE, *Strategic Study of CAE* 2015,
/// 17(7), abstract: <https://www.engineering.org.cn/sscae/CN/1160071482443358646>).
pub const MPI_PUBLISHED_INDICATOR_COUNT: usize = 18;

/// Number of MPI indicators whose names were **not** found in the sources read (18 − 10), and are therefore
/// absent from [`manufacturing_power_index`].
pub const MPI_UNSOURCED_INDICATOR_COUNT: usize = 8;

/// What is missing from [`manufacturing_power_index`] compared with the published system.
pub const MPI_GAPS: &str = "The CAE Manufacturing Power Index has 4 pillars and 18 indicators. Only 10 indicator \
names (with their pillar) were found in the sources read; the other 8 indicators, the indicator weights and the \
indicator units were not published in anything read (the full indicator table of the 2015 report could not be \
read, and a renewed search of the CAE paper, its sequel, the report summaries and press reports found no \
further names). The pillar weights 0.1951 / 0.2931 / 0.2805 / 0.2313 come from a secondary source summarising the 2021 \
report (https://substack.com/@techbuzzchina/note/c-129784686), not confirmed against the 2015 paper. The \
Chinese name of the export-share indicator (MPI-SD-2) was not seen. Within each pillar the catalogue uses equal \
weights as a placeholder, so scores computed with it are NOT the published MPI.";

/// Source of the MPI pillar weights (secondary).
pub const MPI_PILLAR_WEIGHTS_SOURCE: &str = "secondary source summarising the CAE 2021 report: \
https://substack.com/@techbuzzchina/note/c-129784686 (not confirmed against the 2015 report)";

/// Source of the MPI method (benchmark = mean of 2012 values of US, JP, DE, FR, UK, KR; tiers).
pub const MPI_METHOD_SOURCE: &str =
    "CAE 2015 report summary: https://fx361.cc/page/2016/1227/12169329.shtml";

/// The MPI pillars: (id, English name, Chinese name), in the published order.
pub const MPI_PILLARS: [(&str, &str, &str); 4] = [
    ("scale_development", "Scale and development", "规模发展"),
    ("quality_efficiency", "Quality and efficiency", "质量效益"),
    (
        "structure_optimisation",
        "Structure optimisation",
        "结构优化",
    ),
    (
        "sustainable_development",
        "Sustainable development",
        "持续发展",
    ),
];

/// The paper's macro quality-efficiency (manufacturing) evaluation indicator system (Fig. 7) is not
/// available: only its caption is in the text.
pub const MACRO_QUALITY_EFFICIENCY_GAP: &str = "Paper Fig. 7, 宏观质量效益（制造业）评价指标体系框架 (evaluation \
indicator system framework of macro quality efficiency, manufacturing), is a figure whose content is not in the \
paper's text. The text says only that research institutes have defined macro quality efficiency, its \
connotation, a measurement model and improvement paths, with a matching indicator system that links quality to \
total factor productivity and efficiency, and that a big-data analysis system is being developed. No indicator \
list is given, so the library provides no framework for it; build one with Framework::new or \
io::read_framework_csv_str when its indicators are known.";

/// The Manufacturing Power Index tiers (CAE 2015 report, [`MPI_METHOD_SOURCE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MpiTier {
    /// Composite ≥ 130 (first tier, e.g. the US).
    First,
    /// 100 ≤ composite < 130 (second tier, e.g. Germany, Japan).
    Second,
    /// 60 ≤ composite < 100 (third tier, e.g. China in 2014).
    Third,
}

/// The MPI tier of a composite score: ≥ 130 first, [100, 130) second, [60, 100) third; `None` below 60 or for
/// a non-finite score (the source defines no tier there).
///
/// ```
/// use mfg_quality_indicators::catalogue::{mpi_tier, MpiTier};
/// assert_eq!(mpi_tier(161.05), Some(MpiTier::First));  // US 2014
/// assert_eq!(mpi_tier(96.36), Some(MpiTier::Third));   // CN 2014
/// ```
pub fn mpi_tier(composite: f64) -> Option<MpiTier> {
    if !composite.is_finite() {
        None
    } else if composite >= 130.0 {
        Some(MpiTier::First)
    } else if composite >= 100.0 {
        Some(MpiTier::Second)
    } else if composite >= 60.0 {
        Some(MpiTier::Third)
    } else {
        None
    }
}

/// One band of a score-band reading table: `lower ≤ score < upper` (`None` = unbounded).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreBand {
    /// Inclusive lower bound.
    pub lower: Option<f64>,
    /// Exclusive upper bound.
    pub upper: Option<f64>,
    /// The reading, in English (as summarised from the source).
    pub label: &'static str,
}

impl ScoreBand {
    /// Whether `score` lies in this band.
    pub fn contains(&self, score: f64) -> bool {
        self.lower.is_none_or(|l| score >= l) && self.upper.is_none_or(|u| score < u)
    }
}

/// MQCI score bands as read by AQSIQ (kjeagle.com/zltj/2011-7/13/82171.html): < 75 no competitiveness,
/// 75–80 insufficient, 80–85 initial, 85–90 medium, ≥ 90 strong.
pub const MQCI_BANDS_AQSIQ: [ScoreBand; 5] = [
    ScoreBand {
        lower: None,
        upper: Some(75.0),
        label: "no competitiveness",
    },
    ScoreBand {
        lower: Some(75.0),
        upper: Some(80.0),
        label: "insufficient",
    },
    ScoreBand {
        lower: Some(80.0),
        upper: Some(85.0),
        label: "initial",
    },
    ScoreBand {
        lower: Some(85.0),
        upper: Some(90.0),
        label: "medium",
    },
    ScoreBand {
        lower: Some(90.0),
        upper: None,
        label: "strong",
    },
];

/// MQCI score bands as read in the Anhui 2008 report (gsiic.com/Item/102774.aspx): 60–75 very weak, 75–80
/// average, 80–95 strong, 95–100 very strong (the index ranges over 60–100; the last band is left open).
pub const MQCI_BANDS_ANHUI: [ScoreBand; 4] = [
    ScoreBand {
        lower: Some(60.0),
        upper: Some(75.0),
        label: "very weak",
    },
    ScoreBand {
        lower: Some(75.0),
        upper: Some(80.0),
        label: "average",
    },
    ScoreBand {
        lower: Some(80.0),
        upper: Some(95.0),
        label: "strong",
    },
    ScoreBand {
        lower: Some(95.0),
        upper: None,
        label: "very strong",
    },
];

/// The band of `score` in a band table (e.g. [`MQCI_BANDS_AQSIQ`]); `None` if no band contains it.
///
/// The two published readings disagree (87.48 is "medium" for AQSIQ and "strong" for the Anhui report):
/// state which table a reading uses.
///
/// ```
/// use mfg_quality_indicators::catalogue::{band, MQCI_BANDS_AQSIQ, MQCI_BANDS_ANHUI};
/// assert_eq!(band(87.48, &MQCI_BANDS_AQSIQ).unwrap().label, "medium");
/// assert_eq!(band(87.48, &MQCI_BANDS_ANHUI).unwrap().label, "strong");
/// ```
pub fn band(score: f64, table: &[ScoreBand]) -> Option<&ScoreBand> {
    table.iter().find(|b| b.contains(score))
}

#[derive(Deserialize)]
struct MpiRow {
    pillar_en: String,
    pillar_zh: String,
    indicator_id: String,
    indicator_en: String,
    indicator_zh: String,
    unit: String,
    polarity: String,
    weight_pillar: Option<f64>,
    weight_indicator: Option<f64>,
    source_url: String,
}

#[derive(Deserialize)]
struct MqciRow {
    level2_en: String,
    level2_zh: String,
    level3_en: String,
    level3_zh: String,
    indicator_id: String,
    indicator_en: String,
    indicator_zh: String,
    unit: String,
    polarity: String,
    weight: Option<f64>,
    source_url: String,
}

fn rows<T: for<'de> Deserialize<'de>>(text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<std::result::Result<Vec<T>, _>>()
        .expect("embedded catalogue CSV is well-formed (checked by the crate's tests)")
}

fn polarity(text: &str) -> Polarity {
    Polarity::parse(text).unwrap_or_default()
}

/// Plain-language meaning of each sourced MPI indicator (the CAE formulas were not printed in the sources
/// read; these say what the name measures).
fn mpi_definition(id: &str) -> &'static str {
    match id {
        "MPI-SD-1" => {
            "Manufacturing value added (level). CAE formula and unit not printed in the sources read."
        }
        "MPI-SD-2" => {
            "A country's manufacturing exports as a share of world manufacturing exports. CAE formula not \
             printed in the sources read."
        }
        "MPI-QE-1" => "Manufacturing value added divided by gross manufacturing output.",
        "MPI-QE-2" => "Manufacturing value added per person employed in manufacturing.",
        "MPI-QE-3" => "Profit as a share of sales revenue.",
        "MPI-QE-4" => {
            "Number of world-famous brands (exact CAE wording and counting rule not seen in the sources read)."
        }
        "MPI-SO-1" => {
            "Equipment manufacturing value added divided by total manufacturing value added."
        }
        "MPI-SU-1" => {
            "Global invention patents granted, per unit of manufacturing value added (the 2024 edition \
             renames related indicators)."
        }
        "MPI-SU-2" => {
            "Energy consumed per unit of manufacturing value added (lower is better); the 2024 report uses the \
             inverse, manufacturing value added per unit of energy (higher is better)."
        }
        "MPI-SU-3" => {
            "Industrial solid waste comprehensively utilised as a share of solid waste generated."
        }
        _ => "",
    }
}

/// The CAE Manufacturing Power Index (制造强国综合指数): root `MPI` → 4 pillars ([`MPI_PILLARS`]) → the **10
/// sourced indicators** (of the published 18, see [`MPI_GAPS`]).
///
/// * Pillar weights: 0.1951 / 0.2931 / 0.2805 / 0.2313 ([`MPI_PILLAR_WEIGHTS_SOURCE`], secondary).
/// * Indicator weights: not published in anything read ⇒ equal within each pillar (a placeholder).
/// * Indicator units: not printed ⇒ blank. Polarity: inferred from the definition.
/// * Each indicator's `source` gives the URL(s) where its name and pillar were read.
///
/// The published composite is a sum of pillar scores, each indicator being scored against a benchmark (the
/// mean of the 2012 values of US, JP, DE, UK, FR, KR) and weighted by expert + entropy weights
/// ([`MPI_METHOD_SOURCE`]); this catalogue gives the structure, not those weights.
pub fn manufacturing_power_index() -> Framework {
    let rows: Vec<MpiRow> = rows(MPI_CSV);
    let pillars = MPI_PILLARS
        .iter()
        .map(|&(id, en, zh)| {
            let mine: Vec<&MpiRow> = rows.iter().filter(|r| r.pillar_en == id).collect();
            let weight = mine.iter().find_map(|r| r.weight_pillar).unwrap_or(1.0);
            let zh = mine.first().map_or(zh, |r| r.pillar_zh.as_str());
            let leaves = mine
                .iter()
                .map(|r| {
                    let ind = Indicator::new(&r.indicator_id, &r.indicator_en, &r.indicator_zh)
                        .with_unit(&r.unit)
                        .with_polarity(polarity(&r.polarity))
                        .with_definition(mpi_definition(&r.indicator_id))
                        .with_source(format!(
                            "{} (polarity inferred from the definition; indicator weight not published)",
                            r.source_url
                        ));
                    NodeSpec::leaf(ind).with_weight(r.weight_indicator.unwrap_or(1.0))
                })
                .collect();
            NodeSpec::group(id, en, zh, leaves).with_weight(weight)
        })
        .collect();
    Framework::new(NodeSpec::group(
        "MPI",
        "Manufacturing Power Index",
        "制造强国综合指数",
        pillars,
    ))
    .expect("embedded MPI catalogue is a valid framework (checked by the crate's tests)")
}

/// English names of the MQCI groups (the CSV holds snake-case ids; these translate the Chinese names).
fn mqci_group_name(id: &str) -> String {
    match id {
        "quality_level" => "Quality level".into(),
        "development_capability" => "Development capability".into(),
        "standards_and_technology" => "Standards and technology level".into(),
        "quality_management" => "Quality management level".into(),
        "supervision_and_inspection" => "Quality supervision and inspection level".into(),
        "rd_and_technical_renovation" => "R&D and technical renovation capability".into(),
        "core_technology" => "Core technology capability".into(),
        "market_adaptability" => "Market adaptability".into(),
        other => title_case(other),
    }
}

fn title_case(snake: &str) -> String {
    let s = snake.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The provincial Manufacturing Quality Competitiveness Index (制造业质量竞争力指数, AQSIQ/NBS): root `MQCI` →
/// 2 level-2 groups (质量水平 quality level, 发展能力 development capability) → 6 level-3 groups → 12
/// statistical indicators.
///
/// * Structure and names: "质量竞争力指数解读" (<https://taowenge.com/p-35052333.html>), cross-checked with
///   the 2007–2009 bulletins (see `data/README.md`).
/// * Method as published: the 12 indicators are standardised and linearly weighted into a 60–100 score, for
///   large and medium industrial enterprises. **The weights were not published** in anything read, so this
///   framework uses equal weights at every level: scores computed with it are not the official MQCI.
/// * Units: only `亿元` for average product sales revenue is sourced; the others are blank (most are
///   percentages, but the source does not print them). Polarity: 质量损失率 is the only negative one.
/// * Score readings: [`MQCI_BANDS_AQSIQ`], [`MQCI_BANDS_ANHUI`].
pub fn mqci() -> Framework {
    let rows: Vec<MqciRow> = rows(MQCI_CSV);
    let mut level2: Vec<NodeSpec> = Vec::new();
    for r in &rows {
        let ind = Indicator::new(&r.indicator_id, &r.indicator_en, &r.indicator_zh)
            .with_unit(&r.unit)
            .with_polarity(polarity(&r.polarity))
            .with_definition(format!(
                "{} ({}); exact statistical definition not printed in the source read",
                r.indicator_en, r.indicator_zh
            ))
            .with_source(format!(
                "{} (polarity inferred from the definition; weight not published)",
                r.source_url
            ));
        let leaf = NodeSpec::leaf(ind).with_weight(r.weight.unwrap_or(1.0));
        let l2 = match level2.iter_mut().position(|g| g.id == r.level2_en) {
            Some(k) => &mut level2[k],
            None => {
                level2.push(NodeSpec::group(
                    &r.level2_en,
                    mqci_group_name(&r.level2_en),
                    &r.level2_zh,
                    vec![],
                ));
                level2.last_mut().expect("just pushed")
            }
        };
        match l2.children.iter_mut().find(|g| g.id == r.level3_en) {
            Some(g) => g.children.push(leaf),
            None => l2.children.push(NodeSpec::group(
                &r.level3_en,
                mqci_group_name(&r.level3_en),
                &r.level3_zh,
                vec![leaf],
            )),
        }
    }
    Framework::new(NodeSpec::group(
        "MQCI",
        "Manufacturing Quality Competitiveness Index",
        "制造业质量竞争力指数",
        level2,
    ))
    .expect("embedded MQCI catalogue is a valid framework (checked by the crate's tests)")
}

const PAPER_SEC_3_1: &str = "seed paper, sec 3(1) (供给侧结构性改革中的制造业质量升级)";

/// The paper's current quality indicators (sec 3(1): "现阶段，评价制造业质量状况的主要指标是…"): the
/// Manufacturing Quality Competitiveness Index (`MQCI`), the product quality pass rate (`PQPR`,
/// 产品质量合格率), the national supervisory spot-check pass rate (`NSSPR`, 产品质量国家监督抽查合格率) and the
/// export commodity non-conformity rate (`ECNR`, 出口商品不合格率, lower is better).
///
/// This is a list the paper names, not a composite index: the equal weights carry no meaning. The rates are
/// computed by [`crate::formulas::pass_rate`], [`crate::formulas::spot_check_pass_rate`] and
/// [`crate::formulas::export_nonconformity_rate`]; the MQCI itself by [`mqci`].
pub fn current_quality_indicators() -> Framework {
    let leaves = vec![
        Indicator::new("MQCI", "Manufacturing Quality Competitiveness Index", "制造业质量竞争力指数")
            .with_unit("score (60–100)")
            .with_definition(
                "12 statistical indicators standardised and linearly weighted into a 60–100 score \
                 (see catalogue::mqci)",
            )
            .with_source(format!(
                "{PAPER_SEC_3_1}; range: http://big5.www.gov.cn/gate/big5/www.gov.cn//jrzg/2010-12/16/content_1767572.htm"
            )),
        Indicator::new("PQPR", "Product quality pass rate", "产品质量合格率")
            .with_unit("%")
            .with_definition("passed / inspected × 100 (formulas::pass_rate)")
            .with_source(PAPER_SEC_3_1),
        Indicator::new(
            "NSSPR",
            "National supervisory spot-check pass rate",
            "产品质量国家监督抽查合格率",
        )
        .with_unit("%")
        .with_definition("conforming batches / sampled batches × 100 (formulas::spot_check_pass_rate)")
        .with_source(PAPER_SEC_3_1),
        Indicator::new("ECNR", "Export commodity non-conformity rate", "出口商品不合格率")
            .with_unit("%")
            .with_polarity(Polarity::Negative)
            .with_definition(
                "non-conforming / inspected × 100, by batches or value (formulas::export_nonconformity_rate)",
            )
            .with_source(PAPER_SEC_3_1),
    ];
    Framework::new(NodeSpec::group(
        "CQI",
        "Current manufacturing quality indicators",
        "评价制造业质量状况的主要指标",
        leaves.into_iter().map(NodeSpec::leaf).collect(),
    ))
    .expect("built-in catalogue is a valid framework (checked by the crate's tests)")
}

/// The paper's micro quality-efficiency indicators (sec 3(1): "在微观层面上探索建立了一些质量效益型指标，
/// 如质量损失率、质量贡献率、成本费用利润率"): quality loss rate (`QLR`, lower is better), quality contribution
/// rate (`QCR`) and cost-expense profit rate (`CEPR`).
///
/// A list, not a composite (equal weights carry no meaning). Definitions and their sources are those of
/// [`crate::formulas::quality_loss_rate`], [`crate::formulas::quality_contribution_rate`] (sources differ on
/// how quality's part is attributed: see there) and [`crate::formulas::cost_expense_profit_rate`]. For the
/// macro counterpart (paper Fig. 7) see [`MACRO_QUALITY_EFFICIENCY_GAP`].
pub fn micro_quality_efficiency() -> Framework {
    let leaves = vec![
        Indicator::new("QLR", "Quality loss rate", "质量损失率")
            .with_unit("%")
            .with_polarity(Polarity::Negative)
            .with_definition(
                "internal + external failure losses (scrap, rework, repair, returns, claims) / gross output \
                 value × 100 (formulas::quality_loss_rate)",
            )
            .with_source(format!(
                "{PAPER_SEC_3_1}; definition: AQSIQ MQCI 2007 release, https://m.zaneluse.com/zlgl/2008-12/24/81976.html"
            )),
        Indicator::new("QCR", "Quality contribution rate", "质量贡献率")
            .with_unit("%")
            .with_definition(
                "increase attributed to quality / total increase × 100 (NBS contribution-rate definition; \
                 the attribution model varies by source) (formulas::quality_contribution_rate)",
            )
            .with_source(format!(
                "{PAPER_SEC_3_1}; contribution rate (贡献率) = increment of a factor / total increment × 100 %, NBS"
            )),
        Indicator::new("CEPR", "Cost-expense profit rate", "成本费用利润率")
            .with_unit("%")
            .with_definition(
                "total profit / (cost of sales + selling + administrative + financial expenses) × 100 \
                 (formulas::cost_expense_profit_rate)",
            )
            .with_source(format!(
                "{PAPER_SEC_3_1}; definition: NBS, 成本费用利润率 = 利润总额 / 成本费用总额 × 100 %"
            )),
    ];
    Framework::new(NodeSpec::group(
        "MQE",
        "Micro quality-efficiency indicators",
        "质量效益型指标（微观）",
        leaves.into_iter().map(NodeSpec::leaf).collect(),
    ))
    .expect("built-in catalogue is a valid framework (checked by the crate's tests)")
}
