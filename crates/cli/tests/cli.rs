//! The built `mfgq` binary on the files shipped under `examples/data/`: outputs, formats, exit codes and
//! error messages. Small replication counts keep every test to a fraction of a second.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data")
        .join(name)
        .display()
        .to_string()
}

fn mfgq() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mfgq"));
    c.arg("--quiet");
    c
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The header and the first data row of a CSV file.
fn head(path: &Path) -> (String, String) {
    let text = read(path);
    let mut lines = text.lines();
    (
        lines.next().unwrap_or_default().to_string(),
        lines.next().unwrap_or_default().to_string(),
    )
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn compose_writes_the_tidy_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    mfgq()
        .args(["compose", "--spec", &data("hdi_spec.json"), "--data"])
        .arg(data("hdi_panel.csv"))
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    let path = dir.path().join("results.csv");
    let (header, first) = head(&path);
    assert_eq!(
        header,
        "unit,period,node,score,rank,contribution,share_percent"
    );
    assert!(first.starts_with("CHE,2021,HDI,"), "{first}");
    assert!(first.ends_with(",1,,"), "the root has no parent: {first}");
    // Education is an arithmetic mean: its indicators carry contributions; the geometric root's children
    // do not.
    let text = read(&path);
    let eys = text
        .lines()
        .find(|l| l.starts_with("CHE,2021,eys,"))
        .expect("eys row");
    let f: Vec<&str> = eys.split(',').collect();
    assert!(f[5].parse::<f64>().expect("contribution") > 0.0, "{eys}");
    let health = text
        .lines()
        .find(|l| l.starts_with("CHE,2021,health,"))
        .expect("health row");
    assert!(health.ends_with(",,"), "{health}");
    // 4 units × 8 nodes × 1 period.
    assert_eq!(text.lines().count(), 1 + 4 * 8);
}

#[test]
fn compose_json_to_stdout() {
    let out = mfgq()
        .args([
            "compose",
            "--spec",
            &data("hdi_spec.json"),
            "--data",
            &data("hdi_panel.csv"),
            "--format",
            "json",
        ])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = v.as_array().expect("array");
    assert_eq!(rows.len(), 32);
    assert_eq!(rows[0]["unit"], "CHE");
    assert_eq!(rows[0]["node"], "HDI");
    assert_eq!(rows[0]["rank"], 1.0);
    assert!(rows[0]["contribution"].is_null());
}

#[test]
fn parquet_round_trips() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A Parquet panel written by the library gives the same results as the CSV panel.
    let panel = mfg_quality::indicators::io::read_long_csv(
        data("hdi_panel.csv"),
        &mfg_quality::indicators::io::CsvOptions::new(),
    )
    .expect("panel");
    let pq_panel = dir.path().join("hdi_panel.parquet");
    mfg_quality::arrow::write_panel_parquet(&panel, &pq_panel).expect("write panel");
    let run = |input: &Path, out: &Path| {
        mfgq()
            .args(["compose", "--spec", &data("hdi_spec.json"), "--data"])
            .arg(input)
            .arg("--out")
            .arg(out)
            .assert()
            .success();
    };
    let from_csv = dir.path().join("a.csv");
    let from_pq = dir.path().join("b.csv");
    run(Path::new(&data("hdi_panel.csv")), &from_csv);
    run(&pq_panel, &from_pq);
    assert_eq!(read(&from_csv), read(&from_pq));
    // `--format parquet` writes the library's results table, byte for byte.
    let out_pq = dir.path().join("results.parquet");
    mfgq()
        .args(["compose", "--spec", &data("hdi_spec.json"), "--data"])
        .arg(&pq_panel)
        .arg("--out")
        .arg(dir.path())
        .args(["--format", "parquet"])
        .assert()
        .success();
    let text = std::fs::read_to_string(data("hdi_spec.json")).expect("spec");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    v.as_object_mut().expect("object").remove("uncertainty");
    let config = mfg_quality::composite::pipeline::PipelineConfig::read_json_str(&v.to_string())
        .expect("config");
    let results = config.run(&panel).expect("run");
    let expected = mfg_quality::arrow::write_results_parquet_bytes(&results).expect("bytes");
    assert_eq!(std::fs::read(&out_pq).expect("parquet"), expected);
}

#[test]
fn uncertainty_writes_bands_shifts_and_sobol() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |threads: &str, out: &Path| {
        mfgq()
            .args(["--threads", threads, "uncertainty", "--spec"])
            .arg(data("hdi_spec.json"))
            .args([
                "--data",
                &data("hdi_panel.csv"),
                "--reps",
                "64",
                "--sobol",
                "32",
            ])
            .arg("--out")
            .arg(out)
            .assert()
            .success();
    };
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    run("1", &one);
    run("2", &two);
    let (h, first) = head(&one.join("rank_bands.csv"));
    assert_eq!(
        h,
        "unit,nominal_rank,nominal_score,median_rank,rank_p05,rank_p95,mean_rank,mean_score,sd_score"
    );
    assert!(first.starts_with("CHE,1,"), "{first}");
    let (h, first) = head(&one.join("mean_abs_rank_shift.csv"));
    assert_eq!(h, "replication,mean_abs_rank_shift");
    assert!(first.starts_with("0,"), "{first}");
    assert_eq!(
        read(&one.join("mean_abs_rank_shift.csv")).lines().count(),
        65
    );
    let (h, first) = head(&one.join("sobol.csv"));
    assert_eq!(
        h,
        "output,factor,first,first_lo,first_hi,total,total_lo,total_hi,note"
    );
    assert!(first.starts_with("mean_abs_rank_shift,weights,"), "{first}");
    // Identical at any thread count.
    for f in ["rank_bands.csv", "mean_abs_rank_shift.csv", "sobol.csv"] {
        assert_eq!(read(&one.join(f)), read(&two.join(f)), "{f}");
    }
}

#[test]
fn seed_changes_the_draws() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |seed: &str, out: &Path| {
        mfgq()
            .args(["--seed", seed, "uncertainty", "--spec"])
            .arg(data("hdi_spec.json"))
            .args([
                "--data",
                &data("hdi_panel.csv"),
                "--reps",
                "32",
                "--sobol",
                "0",
            ])
            .arg("--out")
            .arg(out)
            .assert()
            .success();
    };
    run("1", &dir.path().join("a"));
    run("2", &dir.path().join("b"));
    assert_ne!(
        read(&dir.path().join("a/mean_abs_rank_shift.csv")),
        read(&dir.path().join("b/mean_abs_rank_shift.csv"))
    );
    assert!(!dir.path().join("a/sobol.csv").exists());
}

#[test]
fn elasticity_writes_its_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    mfgq()
        .args([
            "elasticity",
            "--flows",
            &data("trade_flows.csv"),
            "--concordance",
            &data("trade_concordance.csv"),
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let expect = [
        (
            "unit_values.csv",
            "exporter,product,year,value,quantity,unit_value,reference,relative_unit_value",
        ),
        (
            "industry_unit_values.csv",
            "exporter,industry,year,value,quantity,unit_value,value_weighted_unit_value,relative_unit_value",
        ),
        (
            "segments.csv",
            "exporter,industry,year,high,medium,low,value",
        ),
        (
            "industry_classes.csv",
            "industry,period,class,slope,std_error,t,p_value,n,exporters,r_squared_within,note",
        ),
        (
            "class_shares.csv",
            "country,year,quality_sensitive,neutral,price_sensitive,not_classified,total_value",
        ),
        (
            "shift_share.csv",
            "country,from,to,high_share_from,high_share_to,change,within,between,interaction",
        ),
    ];
    for (file, header) in expect {
        let (h, first) = head(&dir.path().join(file));
        assert_eq!(h, header, "{file}");
        let key = first.split(',').next().unwrap_or_default();
        if file == "industry_classes.csv" {
            assert_eq!(key, "ind01", "{file}: {first}");
            assert!(first.contains(",2010-2015,quality-sensitive,"), "{first}");
        } else {
            assert_eq!(key, "C03", "{file}: {first}");
        }
    }
}

#[test]
fn regional_writes_its_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    mfgq()
        .args(["regional", "--data", &data("regional.csv"), "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let expect = [
        (
            "groups.csv",
            "period,group,n,mean,weighted_mean,median,sd,min,max",
            "2015,East,10,",
        ),
        (
            "gradient.csv",
            "period,from,to,difference,holds",
            "2015,East,Central,",
        ),
        (
            "association.csv",
            "period,n,transform,pearson_r",
            "2015,31,log,",
        ),
        (
            "inequality.csv",
            "period,variable,gini,theil_t",
            "2015,index,",
        ),
        ("convergence.csv", "measure,period,value", "sd_log,2015,"),
        (
            "growth_contributions.csv",
            "group,from,to,previous,current,growth_pct,contribution_pp",
            "East,2015,2020,",
        ),
    ];
    for (file, header, first_row) in expect {
        let (h, first) = head(&dir.path().join(file));
        assert!(h.starts_with(header), "{file}: {h}");
        assert!(first.starts_with(first_row), "{file}: {first}");
    }
}

#[test]
fn report_writes_one_html_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sub/hdi.html");
    mfgq()
        .args([
            "report",
            "--spec",
            &data("hdi_spec.json"),
            "--data",
            &data("hdi_panel.csv"),
            "--reps",
            "64",
            "--sobol",
            "32",
            "--scatter",
            "gni",
            "--scatter-log",
            "--out",
        ])
        .arg(&path)
        .assert()
        .success();
    let html = read(&path);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let table = &html[html
        .find("<table class=\"ranking\"")
        .expect("ranking table")..];
    let first_row = &table[table.find("<tbody>").expect("tbody")..];
    let first_row = &first_row[..first_row.find("</tr>").expect("row")];
    assert!(first_row.contains("CHE"), "{first_row}");
    assert!(html.contains("瑞士"), "bilingual unit names");
    // Rank bands, Sobol and the scatter (the geometric HDI has no additive contributions).
    assert!(html.matches("<svg").count() >= 3);
    assert!(!html.contains("<script"));
}

#[test]
fn a_spec_that_does_not_parse_is_exit_3_with_file_line_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"framework\": {\n    \"id\": \"X\",,\n  }\n}\n").expect("write");
    let out = mfgq()
        .args(["compose", "--spec"])
        .arg(&bad)
        .args(["--data", &data("hdi_panel.csv")])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!("{}:3:15:", bad.display())),
        "stderr: {err}"
    );
}

#[test]
fn located_errors_keep_the_file_positions_around_the_uncertainty_member() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(data("hdi_spec.json")).expect("spec");
    // A misspelt pipeline field after the uncertainty member: reported at its line in the file.
    let spec = text
        .trim_end()
        .strip_suffix('}')
        .expect("object")
        .to_string()
        + ",\n  \"normalization\": {}\n}\n";
    let line = spec.lines().count() - 1;
    let path = dir.path().join("misspelt.json");
    std::fs::write(&path, &spec).expect("write");
    let out = mfgq()
        .args(["compose", "--spec"])
        .arg(&path)
        .args(["--data", &data("hdi_panel.csv")])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!("{}:{line}:", path.display())) && err.contains("normalization"),
        "stderr: {err}"
    );
    // An unknown field inside the uncertainty member: located too.
    let spec = text.replace("\"replications\": 1000", "\"replicates\": 1000");
    let line = 1 + spec
        .lines()
        .position(|l| l.contains("\"replicates\""))
        .expect("line");
    std::fs::write(&path, &spec).expect("write");
    let out = mfgq()
        .args(["uncertainty", "--spec"])
        .arg(&path)
        .args(["--data", &data("hdi_panel.csv"), "--out"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!("{}:{line}:", path.display())) && err.contains("replicates"),
        "stderr: {err}"
    );
}

#[test]
fn bad_data_is_exit_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("panel.csv");
    std::fs::write(&bad, "unit,indicator,period,value\nCHE,le,2021,NaN\n").expect("write");
    let out = mfgq()
        .args(["compose", "--spec", &data("hdi_spec.json"), "--data"])
        .arg(&bad)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("panel.csv"), "{}", stderr_of(&out));
}

#[test]
fn an_unwritable_output_is_exit_4_naming_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plain_file");
    std::fs::write(&file, "x").expect("write");
    let under = file.join("out");
    let out = mfgq()
        .args([
            "compose",
            "--spec",
            &data("hdi_spec.json"),
            "--data",
            &data("hdi_panel.csv"),
            "--out",
        ])
        .arg(&under)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(4));
    let err = stderr_of(&out);
    assert!(err.contains(&file.display().to_string()), "stderr: {err}");
    for sub in [
        vec!["regional", "--data", &data("regional.csv")],
        vec![
            "report",
            "--spec",
            &data("hdi_spec.json"),
            "--data",
            &data("hdi_panel.csv"),
            "--sobol",
            "0",
            "--reps",
            "8",
        ],
    ] {
        let target = if sub[0] == "report" {
            under.join("r.html")
        } else {
            under.clone()
        };
        let out = mfgq()
            .args(&sub)
            .arg("--out")
            .arg(&target)
            .output()
            .expect("run");
        assert_eq!(
            out.status.code(),
            Some(4),
            "{}: {}",
            sub[0],
            stderr_of(&out)
        );
    }
}

#[test]
fn usage_errors_are_exit_2() {
    let out = mfgq()
        .args(["compose", "--data", &data("hdi_panel.csv")])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--spec"));
}

#[test]
fn every_help_has_an_example() {
    for sub in ["compose", "uncertainty", "elasticity", "regional", "report"] {
        let out = Command::new(env!("CARGO_BIN_EXE_mfgq"))
            .args([sub, "--help"])
            .output()
            .expect("run");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Example"), "{sub} --help");
        assert!(text.contains("examples/data/"), "{sub} --help");
        assert!(text.contains("Exit codes"), "{sub} --help");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_mfgq"))
        .arg("--help")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Exit codes"));
}

#[test]
fn without_a_terminal_stderr_has_the_summary_and_no_bar() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Not `mfgq()`: without --quiet. assert_cmd pipes stderr, so it is not a terminal.
    let out = Command::new(env!("CARGO_BIN_EXE_mfgq"))
        .args([
            "uncertainty",
            "--spec",
            &data("hdi_spec.json"),
            "--data",
            &data("hdi_panel.csv"),
            "--reps",
            "16",
            "--sobol",
            "0",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .expect("run");
    assert!(out.status.success());
    let err = stderr_of(&out);
    assert!(
        err.contains("Monte Carlo: 16 of 16 replications succeeded"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "no terminal escapes: {err:?}");
    assert!(out.stdout.is_empty());
}
