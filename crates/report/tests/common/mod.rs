//! The report of the tests: the UNDP HDI pipeline of `examples/pipelines/hdi.json` on
//! `examples/pipelines/hdi_data.csv` (Switzerland, Norway, Iceland, Germany, 2021), with every section.
//!
//! The HDI's top level is a geometric mean, for which pillar contributions are undefined; the report's HDI
//! is therefore the arithmetic variant (the three dimension indices averaged), which keeps Switzerland
//! first. Chinese unit names are added to the data, one of them with HTML metacharacters to check escaping.

#![allow(dead_code)]

use std::path::PathBuf;

use mfg_quality_composite::pipeline::PipelineConfig;
use mfg_quality_composite::results::Results;
use mfg_quality_composite::sensitivity::{Control, SobolSettings};
use mfg_quality_composite::uncertainty::{
    Factor, FactorKind, GoalpostEnd, MonteCarloSettings, Output, PipelineModel, monte_carlo, sobol,
};
use mfg_quality_indicators::io::{CsvOptions, read_long_csv_str};
use mfg_quality_indicators::stats::TieMethod;
use mfg_quality_indicators::{Framework, Panel};
use mfg_quality_regional::{Transform, associate};
use mfg_quality_report::Report;

/// The Chinese name of Switzerland in the test data: HTML metacharacters included on purpose.
pub const CHE_ZH: &str = "瑞士 <CH> & 'Swiss'";
/// How it must appear in the HTML.
pub const CHE_ZH_ESCAPED: &str = "瑞士 &lt;CH&gt; &amp; &#39;Swiss&#39;";
/// The period of the data.
pub const PERIOD: i32 = 2021;

fn pipelines() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/pipelines")
}

/// The HDI data with a `unit_name_zh` column.
pub fn panel() -> Panel {
    let text = std::fs::read_to_string(pipelines().join("hdi_data.csv")).expect("hdi_data.csv");
    let mut out = String::new();
    for (k, line) in text.lines().enumerate() {
        let zh = match (k, line.split(',').next()) {
            (0, _) => "unit_name_zh",
            (_, Some("CHE")) => CHE_ZH,
            (_, Some("NOR")) => "挪威",
            (_, Some("ISL")) => "冰岛",
            (_, Some("DEU")) => "德国",
            _ => "",
        };
        out.push_str(line);
        out.push(',');
        out.push_str(zh);
        out.push('\n');
    }
    read_long_csv_str(&out, &CsvOptions::new()).expect("panel")
}

/// The saved HDI configuration (geometric top level).
pub fn hdi_config() -> PipelineConfig {
    PipelineConfig::read_json(pipelines().join("hdi.json")).expect("hdi.json")
}

/// The arithmetic variant of the HDI configuration.
pub fn config() -> PipelineConfig {
    let mut config = hdi_config();
    let mut spec = config.framework.to_spec();
    spec.aggregation = Some("arithmetic".to_string());
    config.framework = Framework::new(spec).expect("framework");
    config
}

/// The nominal results.
pub fn results() -> Results {
    config().run(&panel()).expect("run")
}

/// The report with all six sections.
pub fn full_report() -> Report {
    let config = config();
    let panel = panel();
    let results = config.run(&panel).expect("run");
    let mut factors: Vec<Factor> = ["health", "education", "income"]
        .iter()
        .map(|n| {
            Factor::new(
                format!("w_{n}"),
                FactorKind::Weight {
                    node: n.to_string(),
                    spread: 0.5,
                },
            )
        })
        .collect();
    factors.push(Factor::new(
        "gni_max",
        FactorKind::Goalpost {
            indicator: "gni".to_string(),
            end: GoalpostEnd::Max,
            lo: 60_000.0,
            hi: 90_000.0,
        },
    ));
    let model = PipelineModel::new(config.clone(), panel.clone(), factors)
        .expect("model")
        .with_output("HDI", PERIOD)
        .expect("output");
    let mc = monte_carlo(
        &model,
        &MonteCarloSettings {
            replications: 200,
            seed: 7,
            ..Default::default()
        },
        Control::default(),
    )
    .expect("monte carlo");
    let s = sobol(
        &model,
        &SobolSettings {
            n: 256,
            ..Default::default()
        },
        TieMethod::Min,
        Control::default(),
    )
    .expect("sobol");
    let che = s.get(&Output::Score("CHE".to_string())).expect("indices");
    let codes: Vec<String> = results.units().codes().map(str::to_string).collect();
    let gni: Vec<f64> = codes
        .iter()
        .map(|u| panel.value(u, "gni", PERIOD).expect("gni").expect("gni"))
        .collect();
    let hdi: Vec<f64> = results
        .scores("HDI", PERIOD)
        .expect("scores")
        .into_iter()
        .map(|s| s.expect("score"))
        .collect();
    let assoc = associate(&gni, &hdi, Transform::Log, 0.95).expect("association");
    mfg_quality_report::Report::new("Human Development Index 2021 (arithmetic variant)")
        .with_title_zh("人类发展指数 2021")
        .with_framework(results.framework())
        .with_ranking(&results, PERIOD)
        .expect("ranking")
        .with_contributions(&results, PERIOD)
        .expect("contributions")
        .with_rank_bands(&mc)
        .expect("bands")
        .with_sobol(&che, "score of Switzerland")
        .expect("sobol")
        .with_scatter("GNI per capita (2017 PPP$)", "HDI", &codes, &hdi, &assoc)
        .expect("scatter")
}

/// The code of the first data row of the ranking table in an HTML document (rendered or not).
pub fn first_ranked(html: &str) -> Option<String> {
    let table = &html[html.find("<table class=\"ranking\"")?..];
    let body = &table[table.find("<tbody>")?..];
    let row = &body[body.find("<tr>")?..body.find("</tr>")?];
    // The second cell holds the code.
    let cells: Vec<&str> = row.split("<td").skip(1).collect();
    let cell = cells.get(1)?;
    let start = cell.find('>')? + 1;
    let end = cell.find("</td>")?;
    Some(cell[start..end].trim().to_string())
}

/// The number of `<svg` elements.
pub fn n_svg(html: &str) -> usize {
    html.matches("<svg").count()
}

/// Every reference to the network in an HTML document: `http(s)://` URLs, and the
/// attributes, CSS and elements that would fetch something (`src=`, `href=`, `url(`, `@import`, `<link`,
/// `<script`, `<iframe`, `<object`, `<embed`). The SVG namespace name `xmlns="http://www.w3.org/2000/svg"`
/// is a name, not a fetch, and is allowed.
pub fn network_references(html: &str) -> Vec<String> {
    let lower = html
        .to_ascii_lowercase()
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    let mut found = Vec::new();
    for needle in [
        "http://", "https://", "src=", "href=", "url(", "@import", "<link", "<script", "<iframe",
        "<object", "<embed",
    ] {
        if let Some(at) = lower.find(needle) {
            let end = (at + 80).min(lower.len());
            let end = (at..=end)
                .rev()
                .find(|&i| lower.is_char_boundary(i))
                .unwrap_or(at);
            found.push(lower[at..end].to_string());
        }
    }
    found
}
