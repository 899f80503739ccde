//! The full report of the HDI pipeline, and the builder's input checks.

mod common;

use common::{
    CHE_ZH, CHE_ZH_ESCAPED, PERIOD, first_ranked, full_report, n_svg, network_references,
};
use mfg_quality_composite::CompositeError;
use mfg_quality_composite::sensitivity::{Estimate, SobolIndices};
use mfg_quality_indicators::ErrorKind;
use mfg_quality_regional::LinearFit;
use mfg_quality_report::{Report, ReportError};

#[test]
fn full_hdi_report_has_every_section() {
    let report = full_report();
    assert_eq!(report.n_charts(), 4);
    let html = report.to_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for id in [
        "framework",
        "ranking",
        "contributions",
        "rank-bands",
        "sobol",
        "scatter",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "section {id}"
        );
    }
    assert_eq!(first_ranked(&html).as_deref(), Some("CHE"));
    assert!(n_svg(&html) >= 4, "{} svg", n_svg(&html));
    // Bilingual labels: the framework's Chinese root name, the units' Chinese names, escaped.
    assert!(html.contains("Human Development Index / 人类发展指数"));
    assert!(html.contains(&format!("Switzerland / {CHE_ZH_ESCAPED}")));
    assert!(html.contains("Norway / 挪威"));
    assert!(!html.contains(CHE_ZH), "unescaped text");
    assert!(!html.contains("<CH>"));
    assert!(!html.contains("NaN") && !html.contains("inf"));
    assert!(!html.contains("<script"));
    // The pillars of the framework tree and the legend of the stacked bars.
    assert!(html.contains("A decent standard of living"));
    assert!(html.contains("Long and healthy life"));
    // Every factor of the Sobol section.
    for f in ["w_health", "w_education", "w_income", "gni_max"] {
        assert!(html.contains(f), "factor {f}");
    }
    // The fitted line is drawn.
    assert!(html.contains("class=\"fit\""));
    assert!(html.contains("Pearson r = 0."));
}

#[test]
fn report_fetches_nothing_from_the_network() {
    let html = full_report().to_html();
    // No script, stylesheet, font, image or frame to fetch: CSS is inline, charts are inline SVG.
    assert_eq!(network_references(&html), Vec::<String>::new());
    // The only URL-like text is the SVG namespace name, once per chart.
    assert_eq!(html.matches("http").count(), n_svg(&html));
    // The check finds what it must.
    for bad in [
        "<script src=\"https://cdn.example/x.js\"></script>",
        "<link rel=\"stylesheet\" href=\"s.css\">",
        "<style>@import url(//fonts.example/f.css);</style>",
        "<img src=\"http://example/x.png\">",
    ] {
        assert!(!network_references(bad).is_empty(), "{bad}");
    }
}

#[test]
fn report_is_written_to_a_file() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("mfgq-report");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hdi.html");
    let report = full_report();
    report.write_html(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), report.to_html());
    let err = report
        .write_html(dir.join("no/such/dir/x.html"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
}

#[test]
fn geometric_top_level_has_no_contributions() {
    let results = common::hdi_config().run(&common::panel()).unwrap();
    let err = Report::new("HDI")
        .with_contributions(&results, PERIOD)
        .unwrap_err();
    assert!(
        matches!(
            err,
            ReportError::Composite {
                section: "contributions",
                source: CompositeError::NotAdditive { .. }
            }
        ),
        "{err:?}"
    );
    // The ranking of the geometric HDI is fine, and Switzerland is first there too.
    let html = Report::new("HDI")
        .with_ranking(&results, PERIOD)
        .unwrap()
        .to_html();
    assert_eq!(first_ranked(&html).as_deref(), Some("CHE"));
}

#[test]
fn unknown_period_is_an_error() {
    let results = common::results();
    let err = Report::new("x").with_ranking(&results, 1999).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(Report::new("x").with_contributions(&results, 1999).is_err());
}

fn estimate(value: f64) -> Estimate {
    Estimate { value, ci: None }
}

fn indices(first: Vec<f64>, total: Vec<f64>) -> SobolIndices {
    SobolIndices {
        names: vec!["a".into(), "b".into()],
        first: first.into_iter().map(estimate).collect(),
        total: total.into_iter().map(estimate).collect(),
        second: Vec::new(),
        mean: 0.0,
        variance: 1.0,
        n: 8,
        runs: 32,
        warnings: Vec::new(),
    }
}

#[test]
fn sobol_inputs_are_checked() {
    let ok = Report::new("x").with_sobol(&indices(vec![0.2, -0.01], vec![0.5, 0.1]), "y");
    let html = ok.unwrap().to_html();
    assert_eq!(n_svg(&html), 1);
    let err = Report::new("x")
        .with_sobol(&indices(vec![0.2], vec![0.5, 0.1]), "y")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Shape);
    let err = Report::new("x")
        .with_sobol(&indices(vec![0.2, f64::NAN], vec![0.5, 0.1]), "y")
        .unwrap_err();
    assert!(matches!(err, ReportError::NonFinite { ref item, .. } if item == "b"));
    let mut empty = indices(vec![], vec![]);
    empty.names.clear();
    assert_eq!(
        Report::new("x").with_sobol(&empty, "y").unwrap_err().kind(),
        ErrorKind::Missing
    );
}

#[test]
fn scatter_inputs_are_checked() {
    let x = [1.0, 2.0, 3.0, 4.0];
    let y = [2.0, 4.1, 5.9, 8.0];
    let fit = LinearFit::fit(&x, &y).unwrap();
    let units = ["a", "b", "c", "d<"];
    let html = Report::new("x")
        .with_scatter_fit("x", "y", &units, &x, &y, &fit)
        .unwrap()
        .to_html();
    assert!(html.contains("d&lt;") && !html.contains("d<"));
    assert!(html.contains("Pearson r = 1.000"));
    let err = Report::new("x")
        .with_scatter_fit("x", "y", &units, &x[..3], &y, &fit)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Shape);
    let bad = [2.0, f64::INFINITY, 5.9, 8.0];
    let err = Report::new("x")
        .with_scatter_fit("x", "y", &units, &x, &bad, &fit)
        .unwrap_err();
    assert!(matches!(err, ReportError::NonFinite { ref item, what: "y", .. } if item == "b"));
    let none: [&str; 0] = [];
    assert!(
        Report::new("x")
            .with_scatter_fit("x", "y", &none, &[], &[], &fit)
            .is_err()
    );
}

#[test]
fn extreme_values_neither_panic_nor_write_nan() {
    let huge = indices(vec![1e300, -1e300], vec![f64::MAX, f64::MIN]);
    let html = Report::new("x").with_sobol(&huge, "y").unwrap().to_html();
    assert_eq!(n_svg(&html), 1);
    assert!(!html.contains("NaN") && !html.contains("inf"));
    let tiny = indices(vec![5e-324, 0.0], vec![0.0, 0.0]);
    let html = Report::new("x").with_sobol(&tiny, "y").unwrap().to_html();
    assert!(!html.contains("NaN") && !html.contains("inf"));
}

#[test]
fn hostile_titles_are_escaped() {
    let html = Report::new("</title><script>alert(1)</script>")
        .with_title_zh("\u{0}&")
        .to_html();
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;/title&gt;&lt;script&gt;"));
    assert_eq!(n_svg(&html), 0);
}
