//! The report rendered by a real browser: headless Chromium dumps the DOM it built from the HTML file and
//! takes a screenshot. The DOM must hold the ranking table with Switzerland first and at least four SVG
//! charts; the screenshot must be a real picture (a PNG of more than one colour).
//!
//! Without `chromium` on the PATH the test prints a skip message and passes, unless
//! `MFGQ_REQUIRE_BROWSER=1` (as in `.ci/run`), when it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BROWSER: &str = "chromium";

fn browser_available() -> bool {
    Command::new(BROWSER)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs the browser with a time limit (60 s), returning its output.
fn run_browser(args: &[String], profile: &Path) -> Output {
    let mut child = Command::new(BROWSER)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().expect("chromium output")
}

/// Decodes a PNG and returns (width, height, number of distinct RGB colours, capped at 1000).
fn png_colours(path: &Path) -> (u32, u32, usize) {
    let file = std::io::BufReader::new(std::fs::File::open(path).expect("screenshot"));
    let mut reader = png::Decoder::new(file).read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let channels = info.color_type.samples();
    assert_eq!(info.bit_depth, png::BitDepth::Eight, "8-bit screenshot");
    let mut colours = std::collections::HashSet::new();
    for px in buf[..info.buffer_size()].chunks_exact(channels) {
        let rgb = match channels {
            1 | 2 => [px[0], px[0], px[0]],
            _ => [px[0], px[1], px[2]],
        };
        colours.insert(rgb);
        if colours.len() >= 1000 {
            break;
        }
    }
    (info.width, info.height, colours.len())
}

#[test]
fn chromium_renders_the_report() {
    if !browser_available() {
        if std::env::var("MFGQ_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("MFGQ_REQUIRE_BROWSER=1 but `{BROWSER}` is not on the PATH");
        }
        eprintln!(
            "skipped: `{BROWSER}` is not on the PATH (set MFGQ_REQUIRE_BROWSER=1 to require it)"
        );
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mfgq-report-browser");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let html = dir.join("hdi.html");
    common::full_report().write_html(&html).expect("write");
    let url = format!("file://{}", html.canonicalize().expect("path").display());

    let dom = run_browser(
        &["--dump-dom".to_string(), url.clone()],
        &dir.join("profile-dom"),
    );
    assert!(
        dom.status.success(),
        "chromium --dump-dom failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(
        common::first_ranked(&dom).as_deref(),
        Some("CHE"),
        "rendered DOM: {}",
        &dom[..dom.len().min(2000)]
    );
    assert!(
        common::n_svg(&dom) >= 4,
        "{} svg in the DOM",
        common::n_svg(&dom)
    );
    assert!(dom.contains("Switzerland / 瑞士 &lt;CH&gt; &amp;"));

    let shot = dir.join("hdi.png");
    let out = run_browser(
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1200,2000".to_string(),
            url,
        ],
        &dir.join("profile-shot"),
    );
    assert!(
        out.status.success() && shot.exists(),
        "chromium --screenshot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let size = std::fs::metadata(&shot).expect("screenshot").len();
    assert!(size > 10_000, "screenshot of {size} bytes");
    let (w, h, colours) = png_colours(&shot);
    assert_eq!((w, h), (1200, 2000));
    // Text, bars in the palette's colours, grid lines: far more than one colour.
    assert!(colours > 16, "{colours} distinct colours");
}
