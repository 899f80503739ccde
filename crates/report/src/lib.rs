//! # mfg-quality-report
//!
//! A self-contained HTML report of a composite index built with `mfg-quality`: one HTML file, CSS inline,
//! every chart an inline `<svg>` written by hand (no JavaScript, no network, no font files). It opens in
//! any browser and can be mailed or archived as it is.
//!
//! A [`Report`] is built from the library's own result types, one optional section per builder call; each
//! call validates its input and copies what it shows, so [`Report::to_html`] cannot fail and writes no
//! `NaN`. All text (unit and node names, factor names, titles) is HTML-escaped; labels are bilingual
//! (`English / 中文`) where the unit table or the framework carry a Chinese name.
//!
//! | section | builder | input | what it shows |
//! |---|---|---|---|
//! | framework | [`Report::with_framework`] | [`Framework`] | the tree index → pillars → indicators, normalised weights |
//! | ranking | [`Report::with_ranking`] | [`Results`], a period | score and rank of the top node per unit |
//! | contributions | [`Report::with_contributions`] | [`Results`], a period | stacked bars of each pillar's contribution `w̃_c s_c` |
//! | rank bands | [`Report::with_rank_bands`] | [`UncertaintyResults`] | nominal rank, median and 5–95 % rank band per unit |
//! | Sobol | [`Report::with_sobol`] | [`SobolIndices`] | first-order and total indices per factor |
//! | scatter | [`Report::with_scatter`], [`Report::with_scatter_fit`] | [`Association`] or [`LinearFit`] | score against income, with the fitted line |
//!
//! ```
//! use mfg_quality_indicators::{Framework, Indicator, NodeSpec};
//! use mfg_quality_report::Report;
//!
//! let fw = Framework::new(NodeSpec::group("IDX", "Quality & efficiency", "质量效益", vec![
//!     NodeSpec::leaf(Indicator::new("a", "Pass rate", "合格率")),
//! ])).unwrap();
//! let html = Report::new("Demo <report>").with_framework(&fw).to_html();
//! assert!(html.contains("Demo &lt;report&gt;"));
//! assert!(html.contains("Quality &amp; efficiency / 质量效益"));
//! ```
#![deny(missing_docs)]

mod error;
mod svg;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use mfg_quality_composite::CompositeError;
use mfg_quality_composite::results::Results;
use mfg_quality_composite::sensitivity::SobolIndices;
use mfg_quality_composite::uncertainty::UncertaintyResults;
use mfg_quality_indicators::{Framework, NodeId, Period, Polarity};
use mfg_quality_regional::{Association, LinearFit, Transform};

pub use error::{ReportError, Result};

/// An English name with an optional Chinese one, shown as `English / 中文`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Label {
    en: String,
    zh: String,
}

impl Label {
    fn new(en: &str, zh: &str, fallback: &str) -> Self {
        let en = if en.trim().is_empty() { fallback } else { en };
        Label {
            en: en.trim().to_string(),
            zh: zh.trim().to_string(),
        }
    }

    fn text(&self) -> String {
        if self.zh.is_empty() || self.zh == self.en {
            self.en.clone()
        } else if self.en.is_empty() {
            self.zh.clone()
        } else {
            format!("{} / {}", self.en, self.zh)
        }
    }
}

#[derive(Debug, Clone)]
struct TreeNode {
    id: String,
    label: Label,
    weight: f64,
    detail: String,
    children: Vec<TreeNode>,
}

#[derive(Debug, Clone)]
struct RankingRow {
    code: String,
    score: f64,
    rank: f64,
}

#[derive(Debug, Clone)]
struct Ranking {
    node: Label,
    period: Period,
    rows: Vec<RankingRow>,
    missing: usize,
}

#[derive(Debug, Clone)]
struct Contributions {
    node: Label,
    period: Period,
    children: Vec<Label>,
    /// Unit code, parent score, one contribution per child.
    rows: Vec<(String, f64, Vec<f64>)>,
    skipped: Vec<String>,
}

#[derive(Debug, Clone)]
struct Band {
    code: String,
    nominal: f64,
    median: f64,
    p05: f64,
    p95: f64,
}

#[derive(Debug, Clone)]
struct RankBands {
    rows: Vec<Band>,
    replications: usize,
    succeeded: usize,
}

#[derive(Debug, Clone)]
struct Sobol {
    output: String,
    rows: Vec<svg::SobolRow>,
    n: usize,
    runs: usize,
}

#[derive(Debug, Clone)]
struct Scatter {
    x_title: String,
    y_title: String,
    /// Unit code, x, y.
    points: Vec<(String, f64, f64)>,
    intercept: f64,
    slope: f64,
    r: f64,
    r_squared: f64,
    p_slope: f64,
}

/// A self-contained HTML report, built section by section (see the [crate docs](crate)).
///
/// Every `with_*` method validates its input when it is called (lengths, finiteness, that the result has
/// the period and node asked for) and returns a [`ReportError`] rather than panicking; a section given twice
/// replaces the first. Unit codes are shown with the names of the unit tables of the [`Results`] given to
/// [`with_ranking`](Report::with_ranking) or [`with_contributions`](Report::with_contributions) (in either
/// order), so the rank bands, Sobol and scatter sections, which only know unit codes, get the same
/// bilingual names.
#[derive(Debug, Clone)]
pub struct Report {
    title: Label,
    units: BTreeMap<String, Label>,
    framework: Option<TreeNode>,
    ranking: Option<Ranking>,
    contributions: Option<Contributions>,
    bands: Option<RankBands>,
    sobol: Option<Sobol>,
    scatter: Option<Scatter>,
}

fn finite(section: &'static str, item: &str, what: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ReportError::NonFinite {
            section,
            item: item.to_string(),
            what,
            value,
        })
    }
}

fn composite(section: &'static str) -> impl Fn(CompositeError) -> ReportError {
    move |source| ReportError::Composite { section, source }
}

fn node_label(fw: &Framework, id: NodeId) -> Label {
    let n = fw.node(id);
    Label::new(&n.name_en, &n.name_zh, &n.id)
}

impl Report {
    /// An empty report with an (English) title.
    pub fn new(title: &str) -> Self {
        Report {
            title: Label::new(title, "", "Composite index report"),
            units: BTreeMap::new(),
            framework: None,
            ranking: None,
            contributions: None,
            bands: None,
            sobol: None,
            scatter: None,
        }
    }

    /// Adds a Chinese title, shown after the English one.
    pub fn with_title_zh(mut self, title_zh: &str) -> Self {
        self.title.zh = title_zh.trim().to_string();
        self
    }

    /// Takes the (bilingual) unit names of a result's unit table, for every section.
    pub fn with_unit_names(mut self, results: &Results) -> Self {
        for u in results.units().iter() {
            self.units
                .insert(u.code.to_string(), Label::new(u.name_en, u.name_zh, u.code));
        }
        self
    }

    /// The framework tree: the index, its pillars (groups) and indicators, each with its bilingual name, its
    /// weight normalised among its siblings (`w_c / Σ_siblings w`, [`Framework::normalised_child_weights`]),
    /// the aggregation key of a group and the unit and polarity of an indicator. Shown as a nested list.
    pub fn with_framework(mut self, framework: &Framework) -> Self {
        fn build(fw: &Framework, id: NodeId, weight: f64) -> TreeNode {
            let n = fw.node(id);
            let detail = match n.indicator() {
                Some(ind) => {
                    let pol = match ind.polarity {
                        Polarity::Positive => "higher is better",
                        Polarity::Negative => "lower is better",
                    };
                    if ind.unit.trim().is_empty() {
                        format!("indicator, {pol}")
                    } else {
                        format!("indicator [{}], {pol}", ind.unit.trim())
                    }
                }
                None => format!(
                    "aggregation: {}",
                    n.aggregation.as_deref().unwrap_or("pipeline default")
                ),
            };
            let kids = fw.children(id);
            let w = fw.normalised_child_weights(id);
            TreeNode {
                id: n.id.clone(),
                label: node_label(fw, id),
                weight,
                detail,
                children: kids
                    .iter()
                    .enumerate()
                    .map(|(k, &c)| build(fw, c, w.get(k).copied().unwrap_or(f64::NAN)))
                    .collect(),
            }
        }
        self.framework = Some(build(framework, framework.root(), 1.0));
        self
    }

    /// The ranking table of the top node (the framework's root) in `period`: per unit its score and rank
    /// ([`Results::scores`], [`Results::ranks`]: rank 1 = best, ties by the run's tie method), sorted by
    /// rank then code. Units without a score are counted and listed as missing. Also takes the unit names
    /// ([`with_unit_names`](Report::with_unit_names)).
    ///
    /// # Errors
    /// [`ReportError::Composite`] for a period the results do not have; [`ReportError::NonFinite`];
    /// [`ReportError::Empty`] if no unit has a score.
    pub fn with_ranking(self, results: &Results, period: Period) -> Result<Self> {
        const S: &str = "ranking";
        let fw = results.framework();
        let root = fw.root();
        let id = &fw.node(root).id;
        let scores = results.scores(id, period).map_err(composite(S))?;
        let ranks = results.ranks(id, period).map_err(composite(S))?;
        let mut rows = Vec::new();
        let mut missing = 0;
        for ((code, s), r) in results.units().codes().zip(&scores).zip(&ranks) {
            match (s, r) {
                (Some(s), Some(r)) => rows.push(RankingRow {
                    code: code.to_string(),
                    score: finite(S, code, "score", *s)?,
                    rank: finite(S, code, "rank", *r)?,
                }),
                _ => missing += 1,
            }
        }
        if rows.is_empty() {
            return Err(ReportError::Empty {
                section: S,
                reason: "no unit has a score in this period",
            });
        }
        rows.sort_by(|a, b| a.rank.total_cmp(&b.rank).then_with(|| a.code.cmp(&b.code)));
        let mut me = self.with_unit_names(results);
        me.ranking = Some(Ranking {
            node: node_label(fw, root),
            period,
            rows,
            missing,
        });
        Ok(me)
    }

    /// Contributions of the root's children (the pillars) to each unit's score in `period`, as stacked
    /// horizontal bars, one bar per unit (sorted by score). Under the weighted arithmetic mean the bar's
    /// segment of pillar `c` is `w̃_c s_c` with `w̃_c = w_c / Σ_{present} w`, so the segments add up to the
    /// unit's score ([`Results::contributions`]; OECD/JRC Handbook 2008, §6). Units whose score is missing
    /// or zero (shares undefined) are left out and named under the chart.
    ///
    /// # Errors
    /// [`ReportError::Composite`] for an unknown period, or [`CompositeError::NotAdditive`] when the root
    /// is not aggregated by the arithmetic mean (contributions are then undefined);
    /// [`ReportError::NonFinite`]; [`ReportError::Empty`] if no unit can be shown.
    pub fn with_contributions(self, results: &Results, period: Period) -> Result<Self> {
        const S: &str = "contributions";
        let fw = results.framework();
        let root = fw.root();
        let id = fw.node(root).id.clone();
        let children: Vec<Label> = fw
            .children(root)
            .iter()
            .map(|&c| node_label(fw, c))
            .collect();
        let scores = results.scores(&id, period).map_err(composite(S))?;
        let mut rows = Vec::new();
        let mut skipped = Vec::new();
        for (code, s) in results.units().codes().zip(&scores) {
            let Some(s) = s else {
                skipped.push(code.to_string());
                continue;
            };
            match results.contributions(code, &id, period) {
                Ok(cs) => {
                    let mut v = Vec::with_capacity(cs.len());
                    for c in &cs {
                        v.push(finite(S, code, "contribution", c.contribution)?);
                    }
                    rows.push((code.to_string(), finite(S, code, "score", *s)?, v));
                }
                Err(CompositeError::MissingValue { .. } | CompositeError::InvalidValue { .. }) => {
                    skipped.push(code.to_string());
                }
                Err(e) => return Err(composite(S)(e)),
            }
        }
        if rows.is_empty() {
            return Err(ReportError::Empty {
                section: S,
                reason: "no unit has a non-zero score in this period",
            });
        }
        rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut me = self.with_unit_names(results);
        me.contributions = Some(Contributions {
            node: node_label(fw, root),
            period,
            children,
            rows,
            skipped,
        });
        Ok(me)
    }

    /// Monte Carlo rank bands ([`UncertaintyResults::summary`]): per unit, sorted by nominal rank, a band
    /// from the 5th to the 95th percentile of its rank over the successful replications (type-7 quantiles),
    /// a dot at the median rank and a diamond at the nominal rank. Rank 1 is at the left. A wide band means
    /// the unit's position depends on the modelling choices drawn (Saisana, Saltelli & Tarantola 2005).
    ///
    /// # Errors
    /// [`ReportError::Empty`] without units; [`ReportError::NonFinite`].
    pub fn with_rank_bands(mut self, uncertainty: &UncertaintyResults) -> Result<Self> {
        const S: &str = "rank_bands";
        let mut rows = Vec::new();
        for u in uncertainty.summary() {
            rows.push(Band {
                code: u.unit.clone(),
                nominal: finite(S, &u.unit, "nominal rank", u.nominal_rank)?,
                median: finite(S, &u.unit, "median rank", u.median_rank)?,
                p05: finite(S, &u.unit, "5th percentile rank", u.rank_p05)?,
                p95: finite(S, &u.unit, "95th percentile rank", u.rank_p95)?,
            });
        }
        if rows.is_empty() {
            return Err(ReportError::Empty {
                section: S,
                reason: "the uncertainty analysis has no unit",
            });
        }
        rows.sort_by(|a, b| {
            a.nominal
                .total_cmp(&b.nominal)
                .then_with(|| a.code.cmp(&b.code))
        });
        self.bands = Some(RankBands {
            rows,
            replications: uncertainty.replications(),
            succeeded: uncertainty.succeeded().len(),
        });
        Ok(self)
    }

    /// Sobol indices of one output (e.g. the mean absolute rank shift, or a unit's score) as paired bars
    /// per factor: the first-order index `S_i = V[E(Y|X_i)] / V(Y)` (Saltelli 2010 estimator) and the total
    /// index `ST_i = E[V(Y|X_~i)] / V(Y)` (Jansen 1999), raw (a small negative value is estimation noise),
    /// with their bootstrap intervals as whiskers when computed. `ST_i − S_i` is the factor's share through
    /// interactions. Accepts the composite crate's [`SensitivityOutputs::get`](mfg_quality_composite::uncertainty::SensitivityOutputs::get)
    /// and the sensitivity crate's Sobol results alike (the same type). `output` names the output in the
    /// section heading.
    ///
    /// # Errors
    /// [`ReportError::LengthMismatch`] if names and indices differ in length; [`ReportError::Empty`]
    /// without factors; [`ReportError::NonFinite`] for an index (intervals that are not finite are dropped).
    pub fn with_sobol(mut self, indices: &SobolIndices, output: &str) -> Result<Self> {
        const S: &str = "sobol";
        let n = indices.names.len();
        for (what, len) in [
            ("first", indices.first.len()),
            ("total", indices.total.len()),
        ] {
            if len != n {
                return Err(ReportError::LengthMismatch {
                    section: S,
                    what,
                    expected: n,
                    found: len,
                });
            }
        }
        if n == 0 {
            return Err(ReportError::Empty {
                section: S,
                reason: "no factor",
            });
        }
        let ci = |e: &mfg_quality_composite::sensitivity::Estimate| {
            e.ci.and_then(|c| (c.lo.is_finite() && c.hi.is_finite()).then_some((c.lo, c.hi)))
        };
        let mut rows = Vec::with_capacity(n);
        for ((name, f), t) in indices.names.iter().zip(&indices.first).zip(&indices.total) {
            rows.push(svg::SobolRow {
                name: name.clone(),
                first: finite(S, name, "first-order index", f.value)?,
                first_ci: ci(f),
                total: finite(S, name, "total index", t.value)?,
                total_ci: ci(t),
            });
        }
        self.sobol = Some(Sobol {
            output: output.trim().to_string(),
            rows,
            n: indices.n,
            runs: indices.runs,
        });
        Ok(self)
    }

    /// A regional scatter of `y` (e.g. the index score) against the covariate of an [`Association`] (e.g.
    /// per-capita income, `ln` when the association logged it), one labelled point per unit, with the
    /// least-squares line `ŷ = a + b x` of [`Association::fit`] drawn over the range of `x`, and Pearson's
    /// `r`, `R²` and the slope's p-value in the caption ([`mfg_quality_regional::associate`]). `units` are unit
    /// codes (named through the unit tables), in the order of `y` and of `association.x`.
    ///
    /// # Errors
    /// [`ReportError::LengthMismatch`]; [`ReportError::Empty`] without points; [`ReportError::NonFinite`].
    pub fn with_scatter<S: AsRef<str>>(
        self,
        x_title: &str,
        y_title: &str,
        units: &[S],
        y: &[f64],
        association: &Association,
    ) -> Result<Self> {
        let x_title = match association.transform {
            Transform::Log => format!("ln {}", x_title.trim()),
            Transform::Identity => x_title.trim().to_string(),
        };
        self.scatter_impl(
            &x_title,
            y_title,
            units,
            &association.x,
            y,
            &association.fit,
            Some(association.pearson.estimate),
        )
    }

    /// As [`with_scatter`](Report::with_scatter) from a [`LinearFit`] of `y` on `x` (`r` is
    /// `sign(b) √R²`).
    ///
    /// # Errors
    /// [`ReportError::LengthMismatch`]; [`ReportError::Empty`] without points; [`ReportError::NonFinite`].
    pub fn with_scatter_fit<S: AsRef<str>>(
        self,
        x_title: &str,
        y_title: &str,
        units: &[S],
        x: &[f64],
        y: &[f64],
        fit: &LinearFit,
    ) -> Result<Self> {
        self.scatter_impl(x_title, y_title, units, x, y, fit, None)
    }

    #[allow(clippy::too_many_arguments)]
    fn scatter_impl<S: AsRef<str>>(
        mut self,
        x_title: &str,
        y_title: &str,
        units: &[S],
        x: &[f64],
        y: &[f64],
        fit: &LinearFit,
        r: Option<f64>,
    ) -> Result<Self> {
        const SEC: &str = "scatter";
        let n = units.len();
        for (what, len) in [("x", x.len()), ("y", y.len())] {
            if len != n {
                return Err(ReportError::LengthMismatch {
                    section: SEC,
                    what,
                    expected: n,
                    found: len,
                });
            }
        }
        if n == 0 {
            return Err(ReportError::Empty {
                section: SEC,
                reason: "no point",
            });
        }
        let mut points = Vec::with_capacity(n);
        for ((u, &a), &b) in units.iter().zip(x).zip(y) {
            let u = u.as_ref();
            points.push((
                u.to_string(),
                finite(SEC, u, "x", a)?,
                finite(SEC, u, "y", b)?,
            ));
        }
        let r_squared = finite(SEC, "fit", "R²", fit.r_squared)?;
        let slope = finite(SEC, "fit", "slope", fit.slope)?;
        let r = match r {
            Some(r) => finite(SEC, "fit", "r", r)?,
            None => slope.signum() * r_squared.max(0.0).sqrt(),
        };
        self.scatter = Some(Scatter {
            x_title: x_title.trim().to_string(),
            y_title: y_title.trim().to_string(),
            points,
            intercept: finite(SEC, "fit", "intercept", fit.intercept)?,
            slope,
            r,
            r_squared,
            p_slope: if fit.p_slope.is_finite() {
                fit.p_slope
            } else {
                1.0
            },
        });
        Ok(self)
    }

    /// The number of inline SVG charts the report will hold (one per chart section given).
    pub fn n_charts(&self) -> usize {
        [
            self.contributions.is_some(),
            self.bands.is_some(),
            self.sobol.is_some(),
            self.scatter.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }

    fn unit(&self, code: &str) -> String {
        self.units
            .get(code)
            .map_or_else(|| code.to_string(), Label::text)
    }

    /// The report as one HTML5 document (UTF-8; CSS inline; charts as inline SVG; no script).
    pub fn to_html(&self) -> String {
        let e = svg::escape;
        let mut h = String::with_capacity(64 * 1024);
        let title = self.title.text();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header><h1>{}</h1>\
             <p class=\"meta\">Generated by mfg-quality-report {}. Self-contained: no script, no network.</p></header>\n",
            e(&title),
            e(&title),
            env!("CARGO_PKG_VERSION"),
        );
        if let Some(t) = &self.framework {
            h.push_str(
                "<section id=\"framework\">\n<h2>Framework / 指标体系</h2>\n<ul class=\"tree\">",
            );
            tree_html(&mut h, t);
            h.push_str(
                "</ul>\n<p class=\"note\">Weights are normalised among siblings.</p>\n</section>\n",
            );
        }
        if let Some(r) = &self.ranking {
            let _ = write!(
                h,
                "<section id=\"ranking\">\n<h2>Ranking / 排名: {} ({})</h2>\n<table class=\"ranking\">\
                 <thead><tr><th>Rank / 排名</th><th>Code</th><th>Unit / 地区</th><th>Score / 得分</th></tr></thead><tbody>",
                e(&r.node.text()),
                r.period
            );
            for row in &r.rows {
                let _ = write!(
                    h,
                    "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                    e(&svg::rank(row.rank)),
                    e(&row.code),
                    e(&self.unit(&row.code)),
                    e(&svg::num(row.score, 4)),
                );
            }
            h.push_str("</tbody></table>\n");
            if r.missing > 0 {
                let _ = writeln!(
                    h,
                    "<p class=\"note\">{} unit(s) without a score in {}.</p>",
                    r.missing, r.period
                );
            }
            h.push_str("</section>\n");
        }
        if let Some(c) = &self.contributions {
            let series: Vec<String> = c.children.iter().map(Label::text).collect();
            let rows: Vec<svg::StackRow<'_>> = c
                .rows
                .iter()
                .map(|(code, _, v)| svg::StackRow {
                    label: self.unit(code),
                    values: v,
                })
                .collect();
            let title = format!("Contributions to {} ({})", c.node.text(), c.period);
            let _ = write!(
                h,
                "<section id=\"contributions\">\n<h2>Pillar contributions / 分项贡献: {} ({})</h2>\n{}\n\
                 <p class=\"note\">Segment = weight × pillar score (weights re-normalised over the pillars present); \
                 the segments of a bar add up to the unit's score (weighted arithmetic mean).</p>\n",
                e(&c.node.text()),
                c.period,
                svg::stacked_bars(&title, &series, &rows, "contribution to the score"),
            );
            if !c.skipped.is_empty() {
                let names: Vec<String> = c.skipped.iter().map(|u| self.unit(u)).collect();
                let _ = writeln!(
                    h,
                    "<p class=\"note\">Left out (score missing or zero): {}.</p>",
                    e(&names.join(", "))
                );
            }
            h.push_str("</section>\n");
        }
        if let Some(b) = &self.bands {
            let rows: Vec<svg::BandRow> = b
                .rows
                .iter()
                .map(|r| svg::BandRow {
                    label: self.unit(&r.code),
                    nominal: r.nominal,
                    median: r.median,
                    p05: r.p05,
                    p95: r.p95,
                })
                .collect();
            let _ = write!(
                h,
                "<section id=\"rank-bands\">\n<h2>Monte Carlo rank bands / 排名不确定性</h2>\n{}\n\
                 <p class=\"note\">{} of {} replications succeeded. Band: 5th–95th percentile rank; dot: median rank; \
                 diamond: nominal rank (1 = best).</p>\n</section>\n",
                svg::rank_bands("Monte Carlo rank bands", &rows, "rank (1 = best)"),
                b.succeeded,
                b.replications,
            );
        }
        if let Some(s) = &self.sobol {
            let output = if s.output.is_empty() {
                "the output".to_string()
            } else {
                s.output.clone()
            };
            let _ = write!(
                h,
                "<section id=\"sobol\">\n<h2>Sobol sensitivity indices / 敏感性分析: {}</h2>\n{}\n\
                 <p class=\"note\">First-order S<sub>i</sub> (Saltelli 2010) and total ST<sub>i</sub> (Jansen 1999) \
                 indices, base sample N = {}, {} model runs; whiskers: bootstrap intervals when computed.</p>\n</section>\n",
                e(&output),
                svg::sobol_bars(
                    &format!("Sobol indices of {output}"),
                    &s.rows,
                    "index (share of the output variance)"
                ),
                s.n,
                s.runs,
            );
        }
        if let Some(s) = &self.scatter {
            let points: Vec<svg::Point> = s
                .points
                .iter()
                .map(|(u, x, y)| svg::Point {
                    label: self.unit(u),
                    x: *x,
                    y: *y,
                })
                .collect();
            let sign = if s.slope < 0.0 { "−" } else { "+" };
            let _ = write!(
                h,
                "<section id=\"scatter\">\n<h2>Regional association / 区域关联</h2>\n{}\n\
                 <p class=\"note\">Fitted line (least squares): y = {} {sign} {} x; Pearson r = {}, R² = {}, \
                 p(slope) {}; n = {}.</p>\n</section>\n",
                svg::scatter(
                    &format!("{} against {}", s.y_title, s.x_title),
                    &points,
                    s.intercept,
                    s.slope,
                    &s.x_title,
                    &s.y_title
                ),
                e(&svg::num(s.intercept, 4)),
                e(&svg::num(s.slope.abs(), 4)),
                e(&svg::num(s.r, 3)),
                e(&svg::num(s.r_squared, 3)),
                e(&if s.p_slope < 1e-4 {
                    "< 0.0001".to_string()
                } else {
                    format!("= {}", svg::num(s.p_slope, 4))
                }),
                s.points.len(),
            );
        }
        h.push_str("</body>\n</html>\n");
        h
    }

    /// Writes [`to_html`](Report::to_html) to `path`.
    ///
    /// # Errors
    /// [`ReportError::Io`].
    pub fn write_html(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_html()).map_err(|err| ReportError::Io {
            path: path.display().to_string(),
            message: err.to_string(),
        })
    }
}

fn tree_html(h: &mut String, t: &TreeNode) {
    let e = svg::escape;
    let _ = write!(
        h,
        "<li><span class=\"id\">{}</span> {} <span class=\"w\">w = {}</span> <span class=\"d\">{}</span>",
        e(&t.id),
        e(&t.label.text()),
        e(&svg::num(t.weight, 3)),
        e(&t.detail),
    );
    if !t.children.is_empty() {
        h.push_str("<ul>");
        for c in &t.children {
            tree_html(h, c);
        }
        h.push_str("</ul>");
    }
    h.push_str("</li>");
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans CJK SC','PingFang SC',sans-serif;\
margin:2em auto;max-width:1000px;color:#222;background:#fff;line-height:1.4;padding:0 1em}\
h1{font-size:1.6em;margin-bottom:0.2em}h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:0.2em;margin-top:2em}\
.meta,.note{color:#555;font-size:0.9em}table.ranking{border-collapse:collapse;min-width:60%}\
table.ranking th,table.ranking td{border-bottom:1px solid #e5e5e5;padding:0.25em 0.8em;text-align:left}\
table.ranking th{background:#f4f6f8}td.num{text-align:right;font-variant-numeric:tabular-nums}\
ul.tree,ul.tree ul{list-style:none;padding-left:1.2em;border-left:1px solid #ddd}ul.tree{border-left:none;padding-left:0}\
.tree .id{font-family:monospace;background:#f1f3f5;padding:0 0.3em;border-radius:3px}\
.tree .w{color:#0072B2;font-size:0.9em}.tree .d{color:#777;font-size:0.85em}\
svg.chart{display:block;max-width:100%;height:auto;margin:0.5em 0}";
