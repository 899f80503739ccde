//! The report rendered by a real browser: headless Chromium dumps the DOM it built from the HTML file and
//! takes a screenshot. The DOM must hold the ranking table with Switzerland first and at least four SVG
//! charts and no reference to the network; the screenshot must be a real picture (a PNG with many colours,
//! a good share of non-white pixels and the charts' palette colours in it).
//!
//! Without `chromium` on the PATH the test prints a skip message and passes, unless
//! `MFGQ_REQUIRE_BROWSER=1` (as in `.ci/run`), when it fails.
//!
//! Chromium runs headless as root (`--no-sandbox`) with a fresh profile per run, and with its background
//! networking, component updates, sync and QUIC off: on a machine without network access it otherwise waits
//! for those connections. Every run is bounded by [`TIME_LIMIT`]; on expiry the browser's whole process
//! group is killed and the test fails, so a hung browser cannot hang CI.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const BROWSER: &str = "chromium";
/// The longest one browser run may take (a run takes about a second on an idle machine).
const TIME_LIMIT: Duration = Duration::from_secs(90);

/// The flags of every run (before the run's own `--dump-dom` or `--screenshot`).
const FLAGS: [&str; 11] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
];

fn browser_available() -> bool {
    Command::new(BROWSER)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Reads a pipe to its end on a thread, so that a browser writing more than a pipe buffer never blocks.
fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

/// Kills the browser and every process it started (it leads its own process group).
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// What one browser run gave.
struct Run {
    success: bool,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs the browser on `args` with a fresh profile under `profile`, bounded by [`TIME_LIMIT`].
fn run_browser(args: &[String], profile: &Path) -> Run {
    let _ = std::fs::remove_dir_all(profile);
    std::fs::create_dir_all(profile).expect("profile dir");
    let mut cmd = Command::new(BROWSER);
    cmd.args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let start = Instant::now();
    let mut child = cmd.spawn().expect("start chromium");
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            kill_group(&mut child);
            let err = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
            panic!(
                "chromium {args:?} did not finish within {} s; stderr:\n{err}",
                TIME_LIMIT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let elapsed = start.elapsed();
    // Helpers the browser left (if any) would hold the pipes open: end them before reading to the end.
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    Run {
        success: status.success(),
        stdout: String::from_utf8_lossy(&out.join().unwrap_or_default()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned(),
        elapsed,
    }
}

/// What the screenshot holds.
#[derive(Debug)]
struct Picture {
    width: u32,
    height: u32,
    /// Distinct RGB colours (counted up to 100 000).
    colours: usize,
    /// Share of pixels that are not (near) white.
    ink: f64,
    /// Pixels of the charts' first palette colour (#0072B2, the bars and bands), within a small tolerance.
    palette_blue: usize,
}

/// Decodes an 8-bit PNG.
fn picture(path: &Path) -> Picture {
    let file = std::io::BufReader::new(std::fs::File::open(path).expect("screenshot"));
    let mut reader = png::Decoder::new(file).read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    assert_eq!(info.bit_depth, png::BitDepth::Eight, "8-bit screenshot");
    let channels = info.color_type.samples();
    let mut colours = std::collections::HashSet::new();
    let (mut ink, mut blue, mut n) = (0usize, 0usize, 0usize);
    for px in buf[..info.buffer_size()].chunks_exact(channels) {
        let [r, g, b] = match channels {
            1 | 2 => [px[0], px[0], px[0]],
            _ => [px[0], px[1], px[2]],
        };
        n += 1;
        if colours.len() < 100_000 {
            colours.insert([r, g, b]);
        }
        if r.min(g).min(b) < 240 {
            ink += 1;
        }
        if r.abs_diff(0x00) < 12 && g.abs_diff(0x72) < 12 && b.abs_diff(0xB2) < 12 {
            blue += 1;
        }
    }
    Picture {
        width: info.width,
        height: info.height,
        colours: colours.len(),
        ink: ink as f64 / n.max(1) as f64,
        palette_blue: blue,
    }
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
    assert!(dom.success, "chromium --dump-dom failed: {}", dom.stderr);
    let text = &dom.stdout;
    assert_eq!(
        common::first_ranked(text).as_deref(),
        Some("CHE"),
        "rendered DOM: {}",
        &text[..text.len().min(2000)]
    );
    assert!(
        common::n_svg(text) >= 4,
        "{} svg in the DOM",
        common::n_svg(text)
    );
    assert!(text.contains("Switzerland / 瑞士 &lt;CH&gt; &amp;"));
    assert_eq!(common::network_references(text), Vec::<String>::new());

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
        out.success && shot.exists(),
        "chromium --screenshot failed: {}",
        out.stderr
    );
    let pic = picture(&shot);
    eprintln!(
        "chromium: --dump-dom {:.2} s, --screenshot {:.2} s; screenshot {pic:?}",
        dom.elapsed.as_secs_f64(),
        out.elapsed.as_secs_f64()
    );
    assert_eq!((pic.width, pic.height), (1200, 2000));
    // Text (anti-aliased), bars in the palette's colours, grid lines: far more than a few colours.
    assert!(pic.colours > 64, "{pic:?}");
    // Not blank: a white page with text and charts on it, neither empty nor one solid block.
    assert!(pic.ink > 0.02 && pic.ink < 0.9, "{pic:?}");
    // The charts were drawn: the bars and bands' blue covers at least a few thousand pixels.
    assert!(pic.palette_blue > 2_000, "{pic:?}");
}
