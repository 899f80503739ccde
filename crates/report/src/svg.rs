//! Hand-written SVG: escaping, number formatting, axis ticks and the four charts. Every value reaching
//! this module is finite (checked when the report was built), so no `NaN` can be written.

use std::fmt::Write as _;

/// Escapes text for HTML and SVG (element content and quoted attributes).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in HTML text.
            c if c.is_control() && c != '\t' && c != '\n' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `s` (by character, never splitting one), with an ellipsis when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A finite number with `decimals` decimals; an integer-valued number without decimals when `trim`.
pub(crate) fn num(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let s = format!("{v:.decimals$}");
    // "-0.000" reads as a sign error: print zero.
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// A rank: an integer when whole, else one decimal (average ties).
pub(crate) fn rank(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        num(v, 0)
    } else {
        num(v, 1)
    }
}

/// A coordinate for SVG (two decimals).
fn c(v: f64) -> String {
    num(v, 2)
}

/// Round ticks covering `[lo, hi]`: a step of 1, 2 or 5 × 10^k giving about `target` intervals. Returns the
/// widened domain and the ticks.
pub(crate) fn ticks(lo: f64, hi: f64, target: usize) -> (f64, f64, Vec<f64>) {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    if hi - lo < 1e-12 * (1.0 + lo.abs().max(hi.abs())) {
        let pad = if lo.abs() > 0.0 { lo.abs() * 0.1 } else { 1.0 };
        lo -= pad;
        hi += pad;
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    if !(step.is_finite() && step > 0.0) {
        return (lo, hi, vec![lo, hi]);
    }
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    let mut t = Vec::new();
    let mut k = 0.0;
    while t.len() < 100 {
        let v = start + k * step;
        if v > end + step * 1e-9 {
            break;
        }
        t.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    (start, end, t)
}

/// Decimals that distinguish ticks of a given step.
fn tick_decimals(ticks: &[f64]) -> usize {
    if ticks.len() < 2 {
        return 2;
    }
    let step = (ticks[1] - ticks[0]).abs();
    if step <= 0.0 || !step.is_finite() {
        return 2;
    }
    (-step.log10().floor()).clamp(0.0, 6.0) as usize
}

/// A categorical palette (Okabe–Ito, colour-blind safe, then a few more).
pub(crate) const PALETTE: [&str; 12] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#7F7F7F", "#8C564B", "#17BECF", "#BCBD22",
];

const WIDTH: f64 = 960.0;
const LEFT: f64 = 250.0;
const RIGHT: f64 = 30.0;
const ROW: f64 = 26.0;
const LABEL_CHARS: usize = 34;

fn open(out: &mut String, height: f64, label: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"{}\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">",
        escape(label),
        w = c(WIDTH),
        h = c(height),
    );
    let _ = write!(out, "<title>{}</title>", escape(label));
}

/// A horizontal axis at `y` over `[x0, x1]` for the domain `[lo, hi]`, with vertical grid lines down to
/// `grid_top`.
fn x_axis(out: &mut String, d: &Domain, y: f64, grid_top: f64, ticks: &[f64], title: &str) {
    let dec = tick_decimals(ticks);
    for &t in ticks {
        let x = d.map(t);
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{gt}\" x2=\"{x}\" y2=\"{y}\" stroke=\"#e3e3e3\"/>\
             <text x=\"{x}\" y=\"{ty}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
            escape(&num(t, dec)),
            x = c(x),
            gt = c(grid_top),
            y = c(y),
            ty = c(y + 16.0),
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#333\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
        c(d.x0),
        c(d.x1),
        c((d.x0 + d.x1) / 2.0),
        c(y + 34.0),
        escape(title),
        y = c(y),
    );
}

/// A linear map from a data domain to pixels.
struct Domain {
    lo: f64,
    hi: f64,
    x0: f64,
    x1: f64,
}

impl Domain {
    fn map(&self, v: f64) -> f64 {
        let span = self.hi - self.lo;
        if span > 0.0 {
            self.x0 + (v - self.lo) / span * (self.x1 - self.x0)
        } else {
            (self.x0 + self.x1) / 2.0
        }
    }
}

fn row_label(out: &mut String, y: f64, label: &str) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#222\"><title>{}</title>{}</text>",
        c(LEFT - 8.0),
        c(y + 4.0),
        escape(label),
        escape(&truncate(label, LABEL_CHARS)),
    );
}

fn legend(out: &mut String, y: f64, items: &[(String, &str)]) -> f64 {
    // Items flow left to right, wrapping; returns the height used.
    let mut x = LEFT;
    let mut yy = y;
    for (label, colour) in items {
        let text = truncate(label, 40);
        let w = 22.0 + 7.5 * text.chars().count() as f64;
        if x + w > WIDTH - RIGHT && x > LEFT {
            x = LEFT;
            yy += 18.0;
        }
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"#222\">{}</text>",
            c(x),
            c(yy - 10.0),
            c(x + 16.0),
            c(yy),
            escape(&text),
        );
        x += w + 12.0;
    }
    yy - y + 18.0
}

/// One row of the stacked bars: the unit's label and one contribution per child.
pub(crate) struct StackRow<'a> {
    pub label: String,
    pub values: &'a [f64],
}

/// Horizontal stacked bars: positive parts stacked rightwards from 0, negative parts leftwards.
pub(crate) fn stacked_bars(
    title: &str,
    series: &[String],
    rows: &[StackRow<'_>],
    axis: &str,
) -> String {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for r in rows {
        let pos: f64 = r.values.iter().filter(|v| **v > 0.0).sum();
        let neg: f64 = r.values.iter().filter(|v| **v < 0.0).sum();
        hi = hi.max(pos);
        lo = lo.min(neg);
    }
    let (lo, hi, t) = ticks(lo, hi, 6);
    let top = 16.0;
    let plot_h = ROW * rows.len() as f64;
    let items: Vec<(String, &str)> = series
        .iter()
        .enumerate()
        .map(|(k, s)| (s.clone(), PALETTE[k % PALETTE.len()]))
        .collect();
    let legend_rows = items.len().div_ceil(4).max(1) as f64;
    let height = top + plot_h + 50.0 + 18.0 * legend_rows + 10.0;
    let d = Domain {
        lo,
        hi,
        x0: LEFT,
        x1: WIDTH - RIGHT,
    };
    let mut out = String::new();
    open(&mut out, height, title);
    x_axis(&mut out, &d, top + plot_h, top, &t, axis);
    for (i, r) in rows.iter().enumerate() {
        let y = top + ROW * i as f64;
        row_label(&mut out, y + ROW / 2.0, &r.label);
        let (mut pos, mut neg) = (0.0, 0.0);
        for (k, &v) in r.values.iter().enumerate() {
            let (a, b) = if v >= 0.0 {
                let a = pos;
                pos += v;
                (a, pos)
            } else {
                let a = neg;
                neg += v;
                (neg, a)
            };
            let (xa, xb) = (d.map(a), d.map(b));
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\">\
                 <title>{}: {}</title></rect>",
                c(xa),
                c(y + 4.0),
                c((xb - xa).max(0.0)),
                c(ROW - 8.0),
                PALETTE[k % PALETTE.len()],
                escape(series.get(k).map_or("", String::as_str)),
                escape(&num(v, 4)),
            );
        }
    }
    legend(&mut out, top + plot_h + 62.0, &items);
    out.push_str("</svg>");
    out
}

/// One row of the rank bands.
pub(crate) struct BandRow {
    pub label: String,
    pub nominal: f64,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
}

/// Rank bands: a line from the 5th to the 95th percentile rank, a dot at the median, a diamond at the
/// nominal rank; rank 1 at the left.
pub(crate) fn rank_bands(title: &str, rows: &[BandRow], axis: &str) -> String {
    let max = rows
        .iter()
        .flat_map(|r| [r.nominal, r.median, r.p05, r.p95])
        .fold(1.0f64, f64::max);
    let hi = max.max(2.0);
    let (_, _, t) = ticks(1.0, hi, 8);
    // Ranks are whole numbers (average ties aside): integer ticks within [1, the largest rank] only.
    let t: Vec<f64> = t
        .into_iter()
        .filter(|v| *v >= 1.0 && *v <= hi + 1e-9 && (v - v.round()).abs() < 1e-9)
        .collect();
    let t = if t.first().is_some_and(|f| *f > 1.0) {
        std::iter::once(1.0).chain(t).collect()
    } else {
        t
    };
    let top = 16.0;
    let plot_h = ROW * rows.len() as f64;
    let height = top + plot_h + 50.0 + 28.0;
    let d = Domain {
        lo: 1.0,
        hi,
        x0: LEFT + 10.0,
        x1: WIDTH - RIGHT,
    };
    let mut out = String::new();
    open(&mut out, height, title);
    x_axis(&mut out, &d, top + plot_h, top, &t, axis);
    for (i, r) in rows.iter().enumerate() {
        let y = top + ROW * i as f64 + ROW / 2.0;
        row_label(&mut out, y, &r.label);
        let tip = format!(
            "{}: nominal {}, median {}, 5–95 % [{}, {}]",
            r.label,
            rank(r.nominal),
            rank(r.median),
            rank(r.p05),
            rank(r.p95)
        );
        let _ = write!(
            out,
            "<g><title>{}</title>\
             <line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"6\" stroke-linecap=\"round\" opacity=\"0.45\"/>\
             <circle cx=\"{}\" cy=\"{y}\" r=\"5\" fill=\"{}\"/>\
             <path d=\"M {nx} {} L {} {y} L {nx} {} L {} {y} Z\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/></g>",
            escape(&tip),
            c(d.map(r.p05)),
            c(d.map(r.p95)),
            PALETTE[0],
            c(d.map(r.median)),
            PALETTE[0],
            c(y - 6.0),
            c(d.map(r.nominal) + 6.0),
            c(y + 6.0),
            c(d.map(r.nominal) - 6.0),
            PALETTE[5],
            y = c(y),
            nx = c(d.map(r.nominal)),
        );
    }
    let ly = top + plot_h + 66.0;
    let _ = write!(
        out,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{p0}\" stroke-width=\"6\" opacity=\"0.45\"/>\
         <text x=\"{}\" y=\"{}\">5–95 % band</text>\
         <circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{p0}\"/><text x=\"{}\" y=\"{}\">median</text>\
         <path d=\"M {} {} l 6 6 l -6 6 l -6 -6 Z\" fill=\"none\" stroke=\"{p5}\" stroke-width=\"1.5\"/>\
         <text x=\"{}\" y=\"{}\">nominal</text>",
        c(LEFT),
        c(ly - 4.0),
        c(LEFT + 30.0),
        c(ly - 4.0),
        c(LEFT + 36.0),
        c(ly),
        c(LEFT + 140.0),
        c(ly - 4.0),
        c(LEFT + 150.0),
        c(ly),
        c(LEFT + 230.0),
        c(ly - 10.0),
        c(LEFT + 240.0),
        c(ly),
        p0 = PALETTE[0],
        p5 = PALETTE[5],
    );
    out.push_str("</svg>");
    out
}

/// One factor of the Sobol bars: name, first-order and total estimates with optional intervals.
#[derive(Debug, Clone)]
pub(crate) struct SobolRow {
    pub name: String,
    pub first: f64,
    pub first_ci: Option<(f64, f64)>,
    pub total: f64,
    pub total_ci: Option<(f64, f64)>,
}

/// Paired horizontal bars per factor: first-order (dark) above total (light), with interval whiskers.
pub(crate) fn sobol_bars(title: &str, rows: &[SobolRow], axis: &str) -> String {
    let mut lo = 0.0f64;
    let mut hi = 0.1f64;
    for r in rows {
        for v in [
            Some((r.first, r.first)),
            Some((r.total, r.total)),
            r.first_ci,
            r.total_ci,
        ]
        .into_iter()
        .flatten()
        {
            lo = lo.min(v.0);
            hi = hi.max(v.1);
        }
    }
    let (lo, hi, t) = ticks(lo, hi, 8);
    let top = 16.0;
    let row = 2.0 * ROW;
    let plot_h = row * rows.len() as f64;
    let height = top + plot_h + 50.0 + 28.0;
    let d = Domain {
        lo,
        hi,
        x0: LEFT,
        x1: WIDTH - RIGHT,
    };
    let mut out = String::new();
    open(&mut out, height, title);
    x_axis(&mut out, &d, top + plot_h, top, &t, axis);
    let zero = d.map(0.0);
    for (i, r) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        row_label(&mut out, y + row / 2.0, &r.name);
        for (k, (v, ci, colour, what)) in [
            (r.first, r.first_ci, PALETTE[0], "first-order S"),
            (r.total, r.total_ci, PALETTE[4], "total ST"),
        ]
        .into_iter()
        .enumerate()
        {
            let yy = y + 6.0 + k as f64 * (row / 2.0 - 4.0);
            let h = row / 2.0 - 8.0;
            let xv = d.map(v);
            let tip = match ci {
                Some((a, b)) => format!(
                    "{} {what} = {} [{}, {}]",
                    r.name,
                    num(v, 3),
                    num(a, 3),
                    num(b, 3)
                ),
                None => format!("{} {what} = {}", r.name, num(v, 3)),
            };
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"><title>{}</title></rect>",
                c(zero.min(xv)),
                c(yy),
                c((xv - zero).abs()),
                c(h),
                escape(&tip),
            );
            if let Some((a, b)) = ci {
                let ym = yy + h / 2.0;
                let _ = write!(
                    out,
                    "<path d=\"M {xa} {y0} V {y1} M {xa} {ym} H {xb} M {xb} {y0} V {y1}\" stroke=\"#222\" fill=\"none\"/>",
                    xa = c(d.map(a)),
                    xb = c(d.map(b)),
                    ym = c(ym),
                    y0 = c(ym - 4.0),
                    y1 = c(ym + 4.0),
                );
            }
        }
    }
    let items = [
        ("first-order index S_i".to_string(), PALETTE[0]),
        ("total index ST_i".to_string(), PALETTE[4]),
    ];
    legend(&mut out, top + plot_h + 62.0, &items);
    out.push_str("</svg>");
    out
}

/// A labelled point of the scatter.
pub(crate) struct Point {
    pub label: String,
    pub x: f64,
    pub y: f64,
}

/// A scatter with the fitted line `y = a + b x` drawn over the range of `x`.
pub(crate) fn scatter(
    title: &str,
    points: &[Point],
    intercept: f64,
    slope: f64,
    x_title: &str,
    y_title: &str,
) -> String {
    let (xmin, xmax) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.x), b.max(p.x))
        });
    let fit = |x: f64| intercept + slope * x;
    let (ymin, ymax) = points.iter().fold(
        (fit(xmin).min(fit(xmax)), fit(xmin).max(fit(xmax))),
        |(a, b), p| (a.min(p.y), b.max(p.y)),
    );
    let (xlo, xhi, xt) = ticks(xmin, xmax, 7);
    let (ylo, yhi, yt) = ticks(ymin, ymax, 6);
    let (left, top, bottom) = (90.0, 20.0, 520.0);
    let dx = Domain {
        lo: xlo,
        hi: xhi,
        x0: left,
        x1: WIDTH - RIGHT,
    };
    // The y axis maps upwards: bottom pixel for ylo.
    let dy = Domain {
        lo: ylo,
        hi: yhi,
        x0: bottom,
        x1: top,
    };
    let height = bottom + 50.0;
    let mut out = String::new();
    open(&mut out, height, title);
    x_axis(&mut out, &dx, bottom, top, &xt, x_title);
    let dec = tick_decimals(&yt);
    for &t in &yt {
        let y = dy.map(t);
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#e3e3e3\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            c(left),
            c(WIDTH - RIGHT),
            c(left - 6.0),
            c(y + 4.0),
            escape(&num(t, dec)),
            y = c(y),
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{l}\" y1=\"{}\" x2=\"{l}\" y2=\"{}\" stroke=\"#333\"/>\
         <text transform=\"translate(18 {}) rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
        c(top),
        c(bottom),
        c((top + bottom) / 2.0),
        escape(y_title),
        l = c(left),
    );
    let _ = write!(
        out,
        "<line class=\"fit\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>",
        c(dx.map(xmin)),
        c(dy.map(fit(xmin))),
        c(dx.map(xmax)),
        c(dy.map(fit(xmax))),
        PALETTE[5],
    );
    let pixels: Vec<(f64, f64)> = points.iter().map(|p| (dx.map(p.x), dy.map(p.y))).collect();
    let labels = place_labels(&pixels, points, (left, top, WIDTH - RIGHT, bottom));
    for ((p, &(x, y)), label) in points.iter().zip(&pixels).zip(&labels) {
        let _ = write!(
            out,
            "<g><title>{}: x = {}, y = {}</title><circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{}\" opacity=\"0.85\"/>",
            escape(&p.label),
            escape(&num(p.x, 4)),
            escape(&num(p.y, 4)),
            c(x),
            c(y),
            PALETTE[0],
        );
        if let Some((lx, ly, anchor, text)) = label {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"10\" fill=\"#444\" \
                 stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                c(*lx),
                c(*ly),
                escape(text),
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// The width in pixels of `text` at font size 10 (CJK and other wide characters count double).
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|ch| if (ch as u32) >= 0x2E80 { 10.0 } else { 5.8 })
        .sum()
}

/// A text label of the scatter: x, baseline y, `text-anchor`, text.
type Label = (f64, f64, &'static str, String);

/// Greedy label placement for the scatter: each point (top to bottom) takes the first of eight positions
/// around it whose box overlaps no point and no label already placed and stays inside the plot; a point
/// whose label fits nowhere keeps only its tooltip (`<title>`). Deterministic.
fn place_labels(
    pixels: &[(f64, f64)],
    points: &[Point],
    plot: (f64, f64, f64, f64),
) -> Vec<Option<Label>> {
    const H: f64 = 11.0;
    const R: f64 = 5.0;
    let (x0, y0, x1, y1) = plot;
    // Boxes as (left, top, right, bottom).
    let mut taken: Vec<(f64, f64, f64, f64)> = pixels
        .iter()
        .map(|&(x, y)| (x - R, y - R, x + R, y + R))
        .collect();
    let overlaps = |a: &(f64, f64, f64, f64), b: &(f64, f64, f64, f64)| {
        a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
    };
    let mut order: Vec<usize> = (0..pixels.len()).collect();
    order.sort_by(|&a, &b| pixels[a].1.total_cmp(&pixels[b].1).then(a.cmp(&b)));
    let mut out: Vec<Option<Label>> = vec![None; pixels.len()];
    for i in order {
        let (x, y) = pixels[i];
        let text = truncate(&points[i].label, 24);
        let w = text_width(&text);
        // (box left, box top, text x, anchor) for: right-up, right-down, left-up, left-down, right, left,
        // above, below.
        let candidates = [
            (x + 6.0, y - 4.0 - H, x + 6.0, "start"),
            (x + 6.0, y + 4.0, x + 6.0, "start"),
            (x - 6.0 - w, y - 4.0 - H, x - 6.0, "end"),
            (x - 6.0 - w, y + 4.0, x - 6.0, "end"),
            (x + 7.0, y - H / 2.0, x + 7.0, "start"),
            (x - 7.0 - w, y - H / 2.0, x - 7.0, "end"),
            (x - w / 2.0, y - 7.0 - H, x, "middle"),
            (x - w / 2.0, y + 7.0, x, "middle"),
        ];
        for (bl, bt, tx, anchor) in candidates {
            let b = (bl, bt, bl + w, bt + H);
            if b.0 < x0 || b.2 > x1 || b.1 < y0 || b.3 > y1 {
                continue;
            }
            if taken
                .iter()
                .enumerate()
                .any(|(k, t)| k != i && overlaps(&b, t))
            {
                continue;
            }
            taken.push(b);
            // Baseline: about 2 px above the box bottom.
            out[i] = Some((tx, bt + H - 2.0, anchor, text));
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape("a<b>&\"c\"'d'\u{0}"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;\u{FFFD}"
        );
    }

    #[test]
    fn scatter_labels_do_not_overlap() {
        // A tight cluster: every placed label box is clear of the others; some labels may be dropped.
        let points: Vec<Point> = (0..12)
            .map(|k| Point {
                label: format!("Province {k} / 省{k}"),
                x: f64::from(k % 3),
                y: f64::from(k / 3),
            })
            .collect();
        let pixels: Vec<(f64, f64)> = points
            .iter()
            .map(|p| (400.0 + 8.0 * p.x, 300.0 + 8.0 * p.y))
            .collect();
        let labels = place_labels(&pixels, &points, (90.0, 20.0, 930.0, 520.0));
        let boxes: Vec<(f64, f64, f64, f64)> = labels
            .iter()
            .flatten()
            .map(|(x, y, anchor, t)| {
                let w = text_width(t);
                let l = match *anchor {
                    "start" => *x,
                    "end" => x - w,
                    _ => x - w / 2.0,
                };
                (l, y - 9.0, l + w, y + 2.0)
            })
            .collect();
        assert!(!boxes.is_empty());
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(
                    !(a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3),
                    "{a:?} {b:?}"
                );
            }
        }
        // Far-apart points are all labelled.
        let far: Vec<(f64, f64)> = (0..4)
            .map(|k| (150.0 + 200.0 * f64::from(k), 200.0))
            .collect();
        assert!(
            place_labels(&far, &points[..4], (90.0, 20.0, 930.0, 520.0))
                .iter()
                .all(Option::is_some)
        );
    }

    #[test]
    fn truncates_by_character() {
        assert_eq!(truncate("质量发展指数", 4), "质量发…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abc", 0), "…");
    }

    #[test]
    fn ticks_are_round_and_cover_the_domain() {
        let (lo, hi, t) = ticks(0.13, 0.87, 5);
        assert!(lo <= 0.13 && hi >= 0.87);
        assert_eq!(t.len(), 6);
        let (lo, hi, t) = ticks(5.0, 5.0, 5);
        assert!(lo < 5.0 && hi > 5.0 && t.len() >= 2);
        let (_, _, t) = ticks(f64::NAN, 1.0, 5);
        assert!(!t.is_empty());
        assert_eq!(num(-0.0001, 2), "0.00");
        assert_eq!(rank(3.0), "3");
        assert_eq!(rank(2.5), "2.5");
    }
}
