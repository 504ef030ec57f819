//! Charts for portal pages, rendered as self-contained SVG strings.
//!
//! Shapes are drawn through plotters' SVG backend; all text is written by this module.
//! Without the `ttf` feature plotters only has a naive font estimator that counts bytes
//! (a Chinese label comes out about three times too wide), and its `<text>` output carries
//! its own font-family and a font-size divided by 1.24. Writing `<text>` here keeps the CJK
//! font stack, the escaping and the baseline placement under our control, and layout uses
//! [`text_width`], which knows that CJK glyphs are one em wide.
//!
//! Every chart is laid out on a 360-unit-wide view box (wider only when a year-over-year chart
//! has many groups) and emitted with `width="100%"`, so text stays readable when the SVG is
//! shrunk onto a phone screen. Nothing here iterates a hash map, reads the clock or the
//! environment, and every number is printed with a fixed precision, so equal input gives
//! equal bytes.

use plotters::prelude::{
    Circle, IntoDrawingArea, PathElement, Polygon, RGBColor, Rectangle, SVGBackend, ShapeStyle,
};

/// A rendered chart: inline SVG plus the text alternatives a page shows next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub svg: String,
}

/// One year of a city's delivery record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct YearBar {
    /// Category label, e.g. "2024" or "2024*".
    pub label: String,
    pub pledged: Option<f64>,
    pub completed: Option<f64>,
    /// Small print under the label, e.g. "截至 2024-09-30".
    pub note: Option<String>,
}

/// One status class of a city-year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Slice {
    pub label: String,
    pub value: f64,
    /// Status key such as "completed", "in_progress" or "not_reported"; picks the colour.
    pub class: String,
}

/// One row of the portal-wide comparison.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RateBar {
    /// City name and year.
    pub label: String,
    /// Completion rate in percent; may exceed 100.
    pub rate: Option<f64>,
    /// Shown after the rate, e.g. "41/41".
    pub detail: String,
}

/// One progress update of a project.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Point {
    /// Date of the update, e.g. "2024-09-30".
    pub label: String,
    /// Progress in percent.
    pub value: f64,
}

const FONT_STACK: &str = "\"PingFang SC\",\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif";

/// Close to a phone's CSS width, so the SVG is shown at roughly 1:1 there and 11-unit
/// text stays around 10 CSS pixels.
const WIDTH: i32 = 360;
const PAD: i32 = 12;

/// Shown when there is nothing to plot. The callers pass every other string already
/// localized but have no slot for this one, so it carries both interface languages.
const NO_DATA: &str = "暂无数据 / No data";

const TEXT: RGBColor = RGBColor(0x21, 0x21, 0x21);
const MUTED: RGBColor = RGBColor(0x61, 0x61, 0x61);
const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);
const GRID: RGBColor = RGBColor(0xe0, 0xe0, 0xe0);
const AXIS: RGBColor = RGBColor(0x9e, 0x9e, 0x9e);
const TRACK: RGBColor = RGBColor(0xee, 0xee, 0xee);

const C_COMPLETED: RGBColor = RGBColor(0x2e, 0x7d, 0x32);
/// Olive rather than a paler green: a light tint would fall below 3:1 against white.
const C_PARTIAL: RGBColor = RGBColor(0x82, 0x77, 0x17);
const C_IN_PROGRESS: RGBColor = RGBColor(0x15, 0x65, 0xc0);
const C_AHEAD: RGBColor = RGBColor(0x00, 0x79, 0x6b);
const C_BEHIND: RGBColor = RGBColor(0xe6, 0x51, 0x00);
const C_FAILED: RGBColor = RGBColor(0xc6, 0x28, 0x28);
const C_NOT_STARTED: RGBColor = RGBColor(0x75, 0x75, 0x75);
const C_NOT_REPORTED: RGBColor = RGBColor(0xbd, 0xbd, 0xbd);
const C_UNVERIFIABLE: RGBColor = RGBColor(0x6a, 0x1b, 0x9a);
const C_OTHER: RGBColor = RGBColor(0x37, 0x47, 0x4f);
const C_PLEDGED_FILL: RGBColor = RGBColor(0xcf, 0xd8, 0xdc);
const C_PLEDGED_EDGE: RGBColor = RGBColor(0x45, 0x5a, 0x64);

/// How a bar, segment or legend swatch is painted. Pledged bars are outlined and
/// "not reported" is hatched so those two differ from their neighbours by more than hue.
#[derive(Debug, Clone, Copy)]
enum Fill {
    Solid(RGBColor),
    Outlined { fill: RGBColor, edge: RGBColor },
    Hatched { fill: RGBColor, lines: RGBColor },
}

impl Fill {
    /// Text colour for labels placed on this fill. Chosen by hand per palette entry (not
    /// computed) so the choice cannot drift with floating-point `powf` differences; orange
    /// gets dark text because white on #e65100 is only 3.8:1.
    fn text_on(self) -> RGBColor {
        match self {
            Fill::Solid(c) if c == C_BEHIND || c == C_NOT_REPORTED => TEXT,
            Fill::Solid(_) => WHITE,
            Fill::Outlined { .. } | Fill::Hatched { .. } => TEXT,
        }
    }
}

fn status_fill(class: &str) -> Fill {
    let key = class.trim().to_ascii_lowercase().replace('-', "_");
    match key.as_str() {
        "completed" => Fill::Solid(C_COMPLETED),
        "partially_completed" => Fill::Solid(C_PARTIAL),
        "in_progress" | "on_track" => Fill::Solid(C_IN_PROGRESS),
        "ahead" => Fill::Solid(C_AHEAD),
        "behind" | "stalled" => Fill::Solid(C_BEHIND),
        "not_completed" | "cancelled" | "canceled" => Fill::Solid(C_FAILED),
        "not_started" | "not_yet_rated" => Fill::Solid(C_NOT_STARTED),
        "not_reported" => Fill::Hatched {
            fill: C_NOT_REPORTED,
            lines: C_NOT_STARTED,
        },
        "unverifiable" => Fill::Solid(C_UNVERIFIABLE),
        _ => Fill::Solid(C_OTHER),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone)]
struct Label {
    x: i32,
    y: i32,
    size: u32,
    anchor: Anchor,
    bold: bool,
    fill: RGBColor,
    /// Rotated -45° around (x, y), for crowded category labels.
    slanted: bool,
    /// A white outline behind the glyphs, for text that may sit on lines or hatching.
    halo: bool,
    text: String,
}

#[derive(Debug, Clone)]
enum Shape {
    Rect {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        color: RGBColor,
        filled: bool,
    },
    Path {
        points: Vec<(i32, i32)>,
        color: RGBColor,
        width: u32,
    },
    Dot {
        x: i32,
        y: i32,
        r: u32,
        color: RGBColor,
    },
    Polygon {
        points: Vec<(i32, i32)>,
        color: RGBColor,
    },
}

/// Collects shapes and labels in drawing order; [`Canvas::finish`] turns them into SVG.
struct Canvas {
    width: i32,
    shapes: Vec<Shape>,
    labels: Vec<Label>,
}

impl Canvas {
    fn new(width: i32) -> Self {
        Canvas {
            width,
            shapes: Vec::new(),
            labels: Vec::new(),
        }
    }

    fn rect(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, color: RGBColor, filled: bool) {
        self.shapes.push(Shape::Rect {
            x0,
            y0,
            x1,
            y1,
            color,
            filled,
        });
    }

    fn line(&mut self, points: Vec<(i32, i32)>, color: RGBColor, width: u32) {
        if points.len() >= 2 {
            self.shapes.push(Shape::Path {
                points,
                color,
                width,
            });
        }
    }

    fn block(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, fill: Fill) {
        if x1 <= x0 || y1 < y0 {
            return;
        }
        match fill {
            Fill::Solid(c) => self.rect(x0, y0, x1, y1, c, true),
            Fill::Outlined { fill, edge } => {
                self.rect(x0, y0, x1, y1, fill, true);
                self.rect(x0, y0, x1, y1, edge, false);
            }
            Fill::Hatched { fill, lines } => {
                self.rect(x0, y0, x1, y1, fill, true);
                self.hatch(x0, y0, x1, y1, lines);
                self.rect(x0, y0, x1, y1, lines, false);
            }
        }
    }

    /// Diagonal lines clipped to the box. plotters cannot fill with an SVG pattern, and a
    /// pattern would also need a page-unique id; a handful of short lines needs neither.
    fn hatch(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, color: RGBColor) {
        const GAP: i32 = 7;
        let mut k = x0 + y0 + GAP;
        while k < x1 + y1 {
            // Points on the line x + y = k, limited to the box.
            let xa = x0.max(k - y1);
            let xb = x1.min(k - y0);
            if xa < xb {
                self.line(vec![(xa, k - xa), (xb, k - xb)], color, 1);
            }
            k += GAP;
        }
    }

    fn text(&mut self, x: i32, y: i32, size: u32, anchor: Anchor, text: &str) -> &mut Label {
        self.labels.push(Label {
            x,
            y,
            size,
            anchor,
            bold: false,
            fill: TEXT,
            slanted: false,
            halo: false,
            text: text.to_string(),
        });
        let last = self.labels.len() - 1;
        &mut self.labels[last]
    }

    /// Draws the wrapped title and returns the y below it. The title is drawn (not only put
    /// in `<title>`) because the same SVG is also published as a standalone file.
    fn title(&mut self, title: &str) -> i32 {
        let lines = wrap(title, 15.0, f64::from(self.width - 2 * PAD));
        for (i, line) in lines.iter().enumerate() {
            let y = PAD + 15 + 20 * i as i32;
            self.text(PAD, y, 15, Anchor::Start, line).bold = true;
        }
        PAD + 20 * lines.len() as i32
    }

    /// A framed "no data" box below `top`; returns the bottom of the chart.
    fn no_data(&mut self, top: i32) -> i32 {
        let (y0, y1) = (top + 6, top + 86);
        self.rect(PAD, y0, self.width - PAD, y1, GRID, false);
        self.text(
            self.width / 2,
            (y0 + y1) / 2 + 5,
            13,
            Anchor::Middle,
            NO_DATA,
        )
        .fill = MUTED;
        y1 + PAD
    }

    fn finish(self, id: &str, title: &str, desc: &str, height: i32) -> Chart {
        let id = clean_id(id);
        let height = height.max(1);
        let shapes = self.render_shapes(height);
        let mut svg = String::with_capacity(shapes.len() + 200 * self.labels.len() + 512);
        svg.push_str(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" \
             role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family='{FONT_STACK}'>\n",
            self.width, height
        ));
        svg.push_str(&format!(
            "<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
            esc(title),
            esc(desc)
        ));
        svg.push_str(&shapes);
        svg.push_str(&format!("<g fill=\"{}\">\n", hex(TEXT)));
        for l in &self.labels {
            svg.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
                l.x, l.y, l.size
            ));
            match l.anchor {
                Anchor::Start => {}
                Anchor::Middle => svg.push_str(" text-anchor=\"middle\""),
                Anchor::End => svg.push_str(" text-anchor=\"end\""),
            }
            if l.bold {
                svg.push_str(" font-weight=\"bold\"");
            }
            if l.fill != TEXT {
                svg.push_str(&format!(" fill=\"{}\"", hex(l.fill)));
            }
            if l.halo {
                svg.push_str(
                    " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" \
                     paint-order=\"stroke\"",
                );
            }
            if l.slanted {
                svg.push_str(&format!(" transform=\"rotate(-45 {} {})\"", l.x, l.y));
            }
            svg.push_str(&format!(">{}</text>\n", esc(&l.text)));
        }
        svg.push_str("</g>\n</svg>\n");
        Chart { svg }
    }

    /// Renders the shapes with plotters and returns the elements between its root tags,
    /// so the root element (size, accessibility attributes) can be written by `finish`.
    fn render_shapes(&self, height: i32) -> String {
        let mut buf = String::new();
        {
            let size = (self.width.max(1) as u32, height as u32);
            let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
            // Results are ignored on purpose: SVGBackend writing into a String has no failure
            // path (its io::Error only arises when saving to a file), and no text goes
            // through plotters, so font errors cannot happen either.
            let _ = root.fill(&WHITE);
            for shape in &self.shapes {
                let _ = match shape {
                    Shape::Rect {
                        x0,
                        y0,
                        x1,
                        y1,
                        color,
                        filled,
                    } => {
                        let style = ShapeStyle {
                            color: (*color).into(),
                            filled: *filled,
                            stroke_width: 1,
                        };
                        root.draw(&Rectangle::new([(*x0, *y0), (*x1, *y1)], style))
                    }
                    Shape::Path {
                        points,
                        color,
                        width,
                    } => {
                        let style = ShapeStyle {
                            color: (*color).into(),
                            filled: false,
                            stroke_width: *width,
                        };
                        root.draw(&PathElement::new(points.clone(), style))
                    }
                    Shape::Dot { x, y, r, color } => {
                        let style = ShapeStyle {
                            color: (*color).into(),
                            filled: true,
                            stroke_width: 1,
                        };
                        root.draw(&Circle::new((*x, *y), *r, style))
                    }
                    Shape::Polygon { points, color } => {
                        let style = ShapeStyle {
                            color: (*color).into(),
                            filled: true,
                            stroke_width: 1,
                        };
                        root.draw(&Polygon::new(points.clone(), style))
                    }
                };
            }
            let _ = root.present();
        }
        let body = buf.split_once(">\n").map_or("", |(_, rest)| rest);
        body.strip_suffix("</svg>\n").unwrap_or(body).to_string()
    }
}

/// Keeps ids to characters that are safe in an id, in `aria-labelledby`'s space-separated
/// list and unescaped inside an attribute.
fn clean_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() {
        "chart".to_string()
    } else {
        s
    }
}

fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Escapes markup characters and drops characters XML 1.0 forbids, which would otherwise
/// make a standalone .svg unparseable.
fn esc(s: &str) -> String {
    // Chart labels are single lines: a line break in a title would not wrap, only confuse.
    crate::xml::escape(&s.replace(['\t', '\n', '\r'], " "))
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115f
        | 0x2014 // the em dash is full width in CJK fonts
        | 0x2e80..=0xa4cf
        | 0xac00..=0xd7a3
        | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f
        | 0xff00..=0xff60
        | 0xffe0..=0xffe6
        | 0x20000..=0x3fffd)
}

/// Rough advance of one character in em. Errs on the wide side so estimated layouts
/// leave room rather than overlap.
fn char_em(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.32,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.42,
        '0'..='9' => 0.58,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.88,
        'A'..='Z' => 0.7,
        c if is_wide(c) => 1.0,
        _ => 0.58,
    }
}

/// Estimated width of `s` at font size `size`. Real metrics need a font backend, and the
/// viewer's font is unknown anyway (the stack falls back across platforms).
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// Punctuation that must not start a line; it may hang past the edge instead.
fn no_line_start(c: char) -> bool {
    "）」』】〉》〕］｝，。、；：！？・…—%)]},.;:!?".contains(c)
}

/// Punctuation that must not end a line.
fn no_line_end(c: char) -> bool {
    "（「『【〈《〔［｛([{".contains(c)
}

/// Whether a line may break between `a` and `b`: after a space, or next to a CJK
/// character unless a bracket or sentence punctuation would be left dangling.
fn break_allowed(a: char, b: char) -> bool {
    b != ' ' && (a == ' ' || ((is_wide(a) || is_wide(b)) && !no_line_end(a) && !no_line_start(b)))
}

/// Splits `s` into lines no wider than `max_w` (estimated). Latin text breaks at spaces;
/// CJK text may break between characters, following the Chinese rule that closing
/// punctuation never starts a line and opening brackets never end one (the character
/// before such punctuation moves down with it). A word longer than a line is cut.
fn wrap(s: &str, size: f64, max_w: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c != ' ' && !cur.is_empty() && text_width(&cur, size) + char_em(c) * size > max_w {
            let mut at = None;
            let mut prev: Option<char> = None;
            for (i, a) in cur.char_indices() {
                if prev.is_some_and(|p| break_allowed(p, a)) {
                    at = Some(i);
                }
                prev = Some(a);
            }
            if prev.is_some_and(|p| break_allowed(p, c)) {
                at = Some(cur.len());
            }
            let rest = cur.split_off(at.unwrap_or(cur.len()));
            lines.push(cur.trim_end().to_string());
            cur = rest.trim_start().to_string();
        }
        if c != ' ' || !cur.is_empty() {
            cur.push(c);
        }
    }
    let last = cur.trim_end();
    if !last.is_empty() {
        lines.push(last.to_string());
    }
    lines
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// Avoids "-0" / "-0.0%" when a tiny negative value rounds to zero.
fn no_negative_zero(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| matches!(c, '0' | '.' | '%')) => rest.to_string(),
        _ => s,
    }
}

/// A count or amount: no decimals when whole, otherwise at most two.
fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let s = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    no_negative_zero(s)
}

fn fmt_pct(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    no_negative_zero(format!("{v:.1}%"))
}

/// The smallest 1-2-2.5-5 step not below `raw`, found by repeated multiplication rather
/// than `log10` so the result is the same on every platform. `whole` skips steps with a
/// fractional part.
fn nice_step(raw: f64, whole: bool) -> f64 {
    if !raw.is_finite() || raw <= 1e-9 {
        return 1.0;
    }
    let mut mag = 1.0;
    while mag * 10.0 <= raw {
        mag *= 10.0;
    }
    while mag > raw {
        mag /= 10.0;
    }
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|step| *step >= raw && !(whole && step.fract() != 0.0))
        .unwrap_or(10.0 * mag)
}

/// Top and step of a zero-based value axis with at most five intervals. Whole-number data
/// never gets fractional ticks.
fn value_axis(max: f64, whole: bool) -> (f64, f64) {
    if !max.is_finite() || max <= 1e-9 {
        return (1.0, if whole { 1.0 } else { 0.25 });
    }
    let step = nice_step(max / 5.0, whole).max(if whole { 1.0 } else { 0.0 });
    let top = (max / step).ceil() * step;
    (top, step)
}

fn ticks(top: f64, step: f64) -> Vec<f64> {
    let n = ((top / step).round() as usize).min(20);
    (0..=n).map(|i| i as f64 * step).collect()
}

fn fmt_tick(v: f64, step: f64) -> String {
    let mut decimals = 0;
    let mut s = step;
    while (s - s.round()).abs() > 1e-9 && decimals < 6 {
        s *= 10.0;
        decimals += 1;
    }
    no_negative_zero(format!("{v:.decimals$}"))
}

fn px(v: f64) -> i32 {
    v.round() as i32
}

/// Draws legend entries left to right, wrapping to a new row when one does not fit.
/// Returns the y below the legend.
fn legend_flow(c: &mut Canvas, top: i32, items: &[(Fill, &str)]) -> i32 {
    const ROW: i32 = 18;
    let mut x = PAD;
    let mut row_top = top;
    for (fill, label) in items {
        let w = 16 + px(text_width(label, 12.0));
        if x > PAD && x + w > c.width - PAD {
            x = PAD;
            row_top += ROW;
        }
        c.block(x, row_top + 3, x + 12, row_top + 15, *fill);
        c.text(x + 16, row_top + 14, 12, Anchor::Start, label);
        x += w + 14;
    }
    row_top + ROW
}

/// Year-over-year delivery of one city: per year grouped bars pledged vs completed, plus
/// completion rate label (e.g. "94.3%") above each group; missing values are drawn as
/// nothing (and a small "—").
///
/// `id` must be unique within the page; the chart's `<title>` and `<desc>` get the ids
/// `{id}-title` and `{id}-desc`.
pub fn year_over_year(
    id: &str,
    title: &str,
    desc: &str,
    pledged_label: &str,
    completed_label: &str,
    bars: &[YearBar],
) -> Chart {
    const MIN_GROUP: i32 = 56;
    const PLOT_H: i32 = 150;
    const PLEDGED: Fill = Fill::Outlined {
        fill: C_PLEDGED_FILL,
        edge: C_PLEDGED_EDGE,
    };
    const COMPLETED: Fill = Fill::Solid(C_COMPLETED);

    if bars.is_empty() {
        let mut c = Canvas::new(WIDTH);
        let top = c.title(title);
        let bottom = c.no_data(top);
        return c.finish(id, title, desc, bottom);
    }

    let values: Vec<(Option<f64>, Option<f64>)> = bars
        .iter()
        .map(|b| (finite(b.pledged), finite(b.completed)))
        .collect();
    let known: Vec<f64> = values
        .iter()
        .flat_map(|(p, d)| [*p, *d])
        .flatten()
        .collect();
    let max = known.iter().fold(0.0_f64, |m, v| m.max(*v));
    let whole = known.iter().all(|v| v.fract() == 0.0);
    let (top, step) = value_axis(max, whole);
    let tick_values = ticks(top, step);
    let tick_labels: Vec<String> = tick_values.iter().map(|t| fmt_tick(*t, step)).collect();
    let label_w = tick_labels
        .iter()
        .map(|t| text_width(t, 11.0))
        .fold(0.0, f64::max);
    let left = PAD + px(label_w) + 6;
    let n = bars.len() as i32;
    let width = WIDTH.max(left + n * MIN_GROUP + PAD);

    let mut c = Canvas::new(width);
    let title_bottom = c.title(title);
    let legend_bottom = legend_flow(
        &mut c,
        title_bottom + 4,
        &[(PLEDGED, pledged_label), (COMPLETED, completed_label)],
    );
    // Room above the tallest bar for its count and the group's rate label.
    let plot_top = legend_bottom + 34;
    let base = plot_top + PLOT_H;
    let right = width - PAD;
    let y_of = |v: f64| base - px(v.max(0.0) / top * f64::from(PLOT_H));

    for (t, label) in tick_values.iter().zip(&tick_labels) {
        let y = y_of(*t);
        let color = if *t == 0.0 { AXIS } else { GRID };
        c.line(vec![(left, y), (right, y)], color, 1);
        c.text(left - 6, y + 4, 11, Anchor::End, label).fill = MUTED;
    }

    let group_w = f64::from(right - left) / f64::from(n);
    let gap = 4.0;
    let bar_w = ((group_w * 0.7 - gap) / 2.0).min(28.0);
    let mut note_lines = 0;
    for (i, (bar, (pledged, completed))) in bars.iter().zip(&values).enumerate() {
        let gx = f64::from(left) + group_w * i as f64;
        let center = gx + group_w / 2.0;
        let first = center - gap / 2.0 - bar_w;
        let mut group_top = base;
        for (j, (value, fill)) in [(pledged, PLEDGED), (completed, COMPLETED)]
            .into_iter()
            .enumerate()
        {
            let x0 = px(first + j as f64 * (bar_w + gap));
            let x1 = px(first + j as f64 * (bar_w + gap) + bar_w);
            let mid = (x0 + x1) / 2;
            match value {
                Some(v) => {
                    let y = y_of(*v);
                    c.block(x0, y, x1, base, fill);
                    c.text(mid, y - 4, 11, Anchor::Middle, &fmt_num(*v));
                    group_top = group_top.min(y);
                }
                None => {
                    c.text(mid, base - 4, 11, Anchor::Middle, "—").fill = MUTED;
                }
            }
        }
        let rate = match (pledged, completed) {
            (Some(p), Some(d)) if *p > 0.0 => Some(d / p * 100.0),
            _ => None,
        };
        if let Some(r) = rate.filter(|r| r.is_finite()) {
            let label = c.text(px(center), group_top - 19, 12, Anchor::Middle, &fmt_pct(r));
            label.bold = true;
            label.halo = true;
        }
        c.text(px(center), base + 16, 12, Anchor::Middle, &bar.label);
        if let Some(note) = &bar.note {
            let lines = wrap(note, 10.0, group_w - 4.0);
            for (k, line) in lines.iter().enumerate() {
                let y = base + 16 + 12 * (k as i32 + 1);
                c.text(px(center), y, 10, Anchor::Middle, line).fill = MUTED;
            }
            note_lines = note_lines.max(lines.len() as i32);
        }
    }
    if known.is_empty() {
        let y = plot_top + PLOT_H / 2;
        c.text((left + right) / 2, y, 13, Anchor::Middle, NO_DATA)
            .fill = MUTED;
    }
    let bottom = base + 20 + 12 * note_lines + PAD;
    c.finish(id, title, desc, bottom)
}

/// Status breakdown of one city-year: a single horizontal stacked bar with a legend
/// listing label + count (and share); colour per class from a fixed palette, and every
/// segment and legend row carries text so colour is never the only cue.
///
/// `id` must be unique within the page (see [`year_over_year`]).
pub fn status_breakdown(id: &str, title: &str, desc: &str, slices: &[Slice]) -> Chart {
    const BAR_H: i32 = 28;
    let mut c = Canvas::new(WIDTH);
    let title_bottom = c.title(title);
    if slices.is_empty() {
        let bottom = c.no_data(title_bottom);
        return c.finish(id, title, desc, bottom);
    }

    // Negative or non-finite counts are bad data: listed as "—", never drawn.
    let values: Vec<Option<f64>> = slices
        .iter()
        .map(|s| Some(s.value).filter(|v| v.is_finite() && *v >= 0.0))
        .collect();
    let total: f64 = values.iter().flatten().sum();

    let (x0, x1) = (PAD, WIDTH - PAD);
    let (y0, y1) = (title_bottom + 6, title_bottom + 6 + BAR_H);
    if total > 0.0 && total.is_finite() {
        let span = f64::from(x1 - x0);
        let mut cum = 0.0;
        let mut edges = Vec::new();
        for (slice, value) in slices.iter().zip(&values) {
            let Some(v) = value.filter(|v| *v > 0.0) else {
                continue;
            };
            // Edges come from the running total so the segments tile the bar exactly.
            let a = x0 + px(cum / total * span);
            cum += v;
            let b = x0 + px(cum / total * span);
            let fill = status_fill(&slice.class);
            c.block(a, y0, b, y1, fill);
            let count = fmt_num(v);
            if f64::from(b - a) >= text_width(&count, 12.0) + 6.0 {
                let label = c.text((a + b) / 2, y0 + BAR_H / 2 + 4, 12, Anchor::Middle, &count);
                label.bold = true;
                label.fill = fill.text_on();
                label.halo = matches!(fill, Fill::Hatched { .. });
            }
            if a > x0 {
                edges.push(a);
            }
        }
        // Thin white gaps keep neighbouring segments apart for readers who cannot tell
        // the colours apart.
        for e in edges {
            c.line(vec![(e, y0), (e, y1)], WHITE, 1);
        }
    } else {
        c.rect(x0, y0, x1, y1, C_NOT_REPORTED, false);
        c.text(
            (x0 + x1) / 2,
            y0 + BAR_H / 2 + 4,
            12,
            Anchor::Middle,
            NO_DATA,
        )
        .fill = MUTED;
    }

    let mut row_top = y1 + 10;
    for (slice, value) in slices.iter().zip(&values) {
        let figure = match value {
            Some(v) if total > 0.0 && total.is_finite() => {
                format!("{} ({})", fmt_num(*v), fmt_pct(v / total * 100.0))
            }
            Some(v) => fmt_num(*v),
            None => "—".to_string(),
        };
        let figure_w = px(text_width(&figure, 13.0));
        let label_max = f64::from(WIDTH - 2 * PAD - 18 - figure_w - 8).max(40.0);
        let mut lines = wrap(&slice.label, 13.0, label_max);
        if lines.is_empty() {
            lines.push(String::new());
        }
        c.block(
            PAD,
            row_top + 4,
            PAD + 12,
            row_top + 16,
            status_fill(&slice.class),
        );
        for (k, line) in lines.iter().enumerate() {
            c.text(
                PAD + 18,
                row_top + 15 + 17 * k as i32,
                13,
                Anchor::Start,
                line,
            );
        }
        c.text(WIDTH - PAD, row_top + 15, 13, Anchor::End, &figure);
        row_top += 17 * lines.len() as i32 + 5;
    }
    c.finish(id, title, desc, row_top + PAD - 4)
}

/// Portal comparison: horizontal bars of completion rate per city, in the order given,
/// value label at bar end; rates above 100 are capped at the edge (marked with an arrow)
/// but the real figure is shown.
///
/// `id` must be unique within the page (see [`year_over_year`]).
pub fn rate_comparison(id: &str, title: &str, desc: &str, bars: &[RateBar]) -> Chart {
    const BAR_H: i32 = 14;
    let mut c = Canvas::new(WIDTH);
    let title_bottom = c.title(title);
    if bars.is_empty() {
        let bottom = c.no_data(title_bottom);
        return c.finish(id, title, desc, bottom);
    }

    // The label sits on its own line above each bar so long city names never squeeze
    // the bars on a narrow screen; the right margin leaves room for the over-100 arrow.
    let x0 = PAD;
    let x1 = WIDTH - PAD - 8;
    let span = f64::from(x1 - x0);
    let mut row_top = title_bottom + 4;
    for bar in bars {
        let lines = wrap(&bar.label, 13.0, f64::from(WIDTH - 2 * PAD));
        for (k, line) in lines.iter().enumerate() {
            c.text(x0, row_top + 14 + 17 * k as i32, 13, Anchor::Start, line);
        }
        let y0 = row_top + 17 * lines.len() as i32 + 3;
        let y1 = y0 + BAR_H;
        c.rect(x0, y0, x1, y1, TRACK, true);

        let rate = finite(bar.rate);
        let end = match rate {
            Some(r) => x0 + px(r.clamp(0.0, 100.0) / 100.0 * span),
            None => x0,
        };
        if end > x0 {
            c.rect(x0, y0, end, y1, C_COMPLETED, true);
        }
        if rate.is_some_and(|r| r > 100.0) {
            c.shapes.push(Shape::Polygon {
                points: vec![(x1, y0), (x1 + 7, (y0 + y1) / 2), (x1, y1)],
                color: C_COMPLETED,
            });
        }

        let figure = rate.map_or_else(|| "—".to_string(), fmt_pct);
        let text = if bar.detail.is_empty() {
            figure
        } else {
            format!("{figure} ({})", bar.detail)
        };
        let text_w = px(text_width(&text, 12.0));
        let baseline = y1 - 3;
        if end + 4 + text_w <= x1 || end - x0 < text_w + 8 {
            c.text(end + 4, baseline, 12, Anchor::Start, &text);
        } else {
            let label = c.text(end - 4, baseline, 12, Anchor::End, &text);
            label.fill = WHITE;
            label.bold = true;
        }
        row_top = y1 + 8;
    }
    let axis_y = row_top + 8;
    for (x, anchor, text) in [
        (x0, Anchor::Start, "0%"),
        ((x0 + x1) / 2, Anchor::Middle, "50%"),
        (x1, Anchor::End, "100%"),
    ] {
        c.text(x, axis_y, 11, anchor, text).fill = MUTED;
    }
    c.finish(id, title, desc, axis_y + PAD - 2)
}

/// Progress over time for one project: line and markers, y axis 0..100 (extended when a
/// value exceeds 100), x = updates in the order given, evenly spaced.
///
/// `id` must be unique within the page (see [`year_over_year`]).
pub fn progress_over_time(id: &str, title: &str, desc: &str, points: &[Point]) -> Chart {
    const PLOT_H: i32 = 150;
    const LINE: RGBColor = C_IN_PROGRESS;
    let mut c = Canvas::new(WIDTH);
    let title_bottom = c.title(title);
    if points.is_empty() {
        let bottom = c.no_data(title_bottom);
        return c.finish(id, title, desc, bottom);
    }

    let values: Vec<Option<f64>> = points
        .iter()
        .map(|p| Some(p.value).filter(|v| v.is_finite()))
        .collect();
    let max = values.iter().flatten().fold(0.0_f64, |m, v| m.max(*v));
    let (top, step) = if max <= 100.0 {
        (100.0, 25.0)
    } else {
        value_axis(max, true)
    };
    let tick_values = ticks(top, step);
    let tick_labels: Vec<String> = tick_values
        .iter()
        .map(|t| format!("{}%", fmt_tick(*t, step)))
        .collect();
    let label_w = tick_labels
        .iter()
        .map(|t| text_width(t, 11.0))
        .fold(0.0, f64::max);
    let left = PAD + px(label_w) + 6;
    let right = WIDTH - PAD;
    let plot_top = title_bottom + 18;
    let base = plot_top + PLOT_H;
    let y_of = |v: f64| base - px(v.max(0.0) / top * f64::from(PLOT_H));

    for (t, label) in tick_values.iter().zip(&tick_labels) {
        let y = y_of(*t);
        let color = if *t == 0.0 { AXIS } else { GRID };
        c.line(vec![(left, y), (right, y)], color, 1);
        c.text(left - 6, y + 4, 11, Anchor::End, label).fill = MUTED;
    }

    let n = points.len();
    let slot = f64::from(right - left) / n as f64;
    let x_of = |i: usize| px(f64::from(left) + slot * (i as f64 + 0.5));

    // The line breaks at a missing value instead of bridging it.
    let mut run: Vec<(i32, i32)> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((x_of(i), y_of(*v))),
            None => c.line(std::mem::take(&mut run), LINE, 2),
        }
    }
    c.line(run, LINE, 2);

    let value_texts: Vec<Option<String>> = values
        .iter()
        .map(|v| v.map(|v| format!("{}%", fmt_num(v))))
        .collect();
    let widest_value = value_texts
        .iter()
        .flatten()
        .map(|t| text_width(t, 11.0))
        .fold(0.0, f64::max);
    let label_all = widest_value + 4.0 <= slot;
    let last_known = values.iter().rposition(Option::is_some);
    for (i, v) in values.iter().enumerate() {
        let x = x_of(i);
        match v {
            Some(v) => {
                let y = y_of(*v);
                c.shapes.push(Shape::Dot {
                    x,
                    y,
                    r: 4,
                    color: LINE,
                });
                if label_all || Some(i) == last_known {
                    if let Some(t) = &value_texts[i] {
                        // Kept inside the view box: the last point sits close to the edge.
                        let half = px(text_width(t, 11.0) / 2.0);
                        let x = x.clamp(PAD + half, (WIDTH - 2 - half).max(PAD + half));
                        c.text(x, y - 8, 11, Anchor::Middle, t).halo = true;
                    }
                }
            }
            None => {
                c.text(x, base - 4, 11, Anchor::Middle, "—").fill = MUTED;
            }
        }
    }

    // Category labels: horizontal when they fit, otherwise slanted, and thinned out when
    // even slanted ones would collide.
    let widest = points
        .iter()
        .map(|p| text_width(&p.label, 11.0))
        .fold(0.0, f64::max);
    let slanted = widest + 6.0 > slot;
    let every = if slanted {
        ((20.0 / slot).ceil() as usize).max(1)
    } else {
        1
    };
    for (i, p) in points.iter().enumerate() {
        let shown = i == n - 1 || (i % every == 0 && n - 1 - i >= every);
        if !shown {
            continue;
        }
        let x = x_of(i);
        if slanted {
            let label = c.text(x + 4, base + 12, 11, Anchor::End, &p.label);
            label.slanted = true;
            label.fill = MUTED;
        } else {
            c.text(x, base + 16, 11, Anchor::Middle, &p.label).fill = MUTED;
        }
    }
    let label_h = if slanted {
        px(widest * std::f64::consts::FRAC_1_SQRT_2) + 14
    } else {
        20
    };
    if values.iter().all(Option::is_none) {
        c.text(
            (left + right) / 2,
            plot_top + PLOT_H / 2,
            13,
            Anchor::Middle,
            NO_DATA,
        )
        .fill = MUTED;
    }
    c.finish(id, title, desc, base + label_h + PAD)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Minimal well-formedness check: tags balance, attributes are quoted, and every `&`
    /// starts one of the entities this module writes.
    fn assert_well_formed(svg: &str) {
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.ends_with("</svg>\n"), "{svg}");
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            check_text(text);
            let end = rest[start..].find('>').expect("unclosed tag") + start;
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "'<' inside tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            } else {
                let self_closing = tag.ends_with('/');
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                assert!(!name.is_empty(), "bad tag <{tag}>");
                check_attributes(tag[name.len()..].trim_end_matches('/'));
                if !self_closing {
                    stack.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        check_text(rest);
        assert!(stack.is_empty(), "unclosed: {stack:?}");
    }

    fn check_text(text: &str) {
        assert!(!text.contains('>'), "raw '>' in text: {text}");
        for (i, _) in text.match_indices('&') {
            let tail = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| tail.starts_with(e)),
                "bare '&' in: {text}"
            );
        }
    }

    fn check_attributes(mut attrs: &str) {
        loop {
            attrs = attrs.trim_start();
            if attrs.is_empty() {
                return;
            }
            let eq = attrs.find('=').expect("attribute without value");
            let quote = attrs[eq + 1..].chars().next().expect("missing value");
            assert!(quote == '"' || quote == '\'', "unquoted attribute: {attrs}");
            let value_start = eq + 2;
            let len = attrs[value_start..]
                .find(quote)
                .expect("unterminated value");
            let value = &attrs[value_start..value_start + len];
            assert!(!value.contains('<'), "'<' in attribute: {value}");
            check_text(value);
            attrs = &attrs[value_start + len + 1..];
        }
    }

    fn yoy_sample() -> Vec<YearBar> {
        vec![
            YearBar {
                label: "2022".into(),
                pledged: Some(35.0),
                completed: Some(33.0),
                note: None,
            },
            YearBar {
                label: "2023".into(),
                pledged: Some(40.0),
                completed: None,
                note: None,
            },
            YearBar {
                label: "2024*".into(),
                pledged: Some(41.0),
                completed: Some(38.0),
                note: Some("截至 2024-09-30".into()),
            },
        ]
    }

    fn slices_sample() -> Vec<Slice> {
        [
            ("已完成", 30.0, "completed"),
            ("推进中", 6.0, "in_progress"),
            ("滞后", 2.0, "behind"),
            ("未完成", 1.0, "not_completed"),
            ("未报告", 2.0, "not_reported"),
        ]
        .into_iter()
        .map(|(label, value, class)| Slice {
            label: label.into(),
            value,
            class: class.into(),
        })
        .collect()
    }

    fn rates_sample() -> Vec<RateBar> {
        vec![
            RateBar {
                label: "上海 2024".into(),
                rate: Some(100.0),
                detail: "41/41".into(),
            },
            RateBar {
                label: "北京 2024".into(),
                rate: Some(87.5),
                detail: "35/40".into(),
            },
            RateBar {
                label: "深圳 2024".into(),
                rate: None,
                detail: "0/0".into(),
            },
        ]
    }

    fn points_sample() -> Vec<Point> {
        [
            ("2024-03-31", 10.0),
            ("2024-06-30", 45.5),
            ("2024-09-30", 80.0),
        ]
        .into_iter()
        .map(|(label, value)| Point {
            label: label.into(),
            value,
        })
        .collect()
    }

    fn all_samples() -> Vec<Chart> {
        vec![
            year_over_year(
                "yoy",
                "上海 承诺完成",
                "说明",
                "承诺",
                "完成",
                &yoy_sample(),
            ),
            status_breakdown("status", "状态", "说明", &slices_sample()),
            rate_comparison("rates", "完成率", "说明", &rates_sample()),
            progress_over_time("progress", "进度", "说明", &points_sample()),
        ]
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(all_samples(), all_samples());
    }

    #[test]
    fn root_element_is_accessible_and_scalable() {
        for (chart, id) in all_samples()
            .iter()
            .zip(["yoy", "status", "rates", "progress"])
        {
            let svg = &chart.svg;
            assert_well_formed(svg);
            let root = &svg[..svg.find('>').unwrap()];
            assert!(root.contains("xmlns=\"http://www.w3.org/2000/svg\""));
            assert!(root.contains("viewBox=\"0 0 "));
            assert!(root.contains("width=\"100%\""));
            assert!(!root.contains("height="), "fixed height in {root}");
            assert!(root.contains("role=\"img\""));
            assert!(root.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")));
            assert!(root.contains(FONT_STACK));
            assert!(svg.contains(&format!("<title id=\"{id}-title\">")));
            assert!(svg.contains(&format!("<desc id=\"{id}-desc\">说明</desc>")));
            assert!(!svg.starts_with("<?xml"));
        }
    }

    #[test]
    fn no_external_references() {
        for chart in all_samples() {
            let svg = chart.svg;
            assert_eq!(svg.matches("http").count(), 1, "only the xmlns URI");
            assert!(!svg.contains("href"));
            assert!(!svg.contains("url("));
            assert!(!svg.contains("@import"));
            assert!(!svg.contains("<style"));
        }
    }

    #[test]
    fn labels_are_escaped_everywhere() {
        let evil = "<script>alert('x')</script> & \"q\"";
        let bars = vec![YearBar {
            label: evil.into(),
            pledged: Some(1.0),
            completed: Some(1.0),
            note: Some(evil.into()),
        }];
        let slices = vec![Slice {
            label: evil.into(),
            value: 1.0,
            class: evil.into(),
        }];
        let rates = vec![RateBar {
            label: evil.into(),
            rate: Some(50.0),
            detail: evil.into(),
        }];
        let points = vec![Point {
            label: evil.into(),
            value: 5.0,
        }];
        let charts = [
            year_over_year(evil, evil, evil, evil, evil, &bars),
            status_breakdown(evil, evil, evil, &slices),
            rate_comparison(evil, evil, evil, &rates),
            progress_over_time(evil, evil, evil, &points),
        ];
        for chart in charts {
            assert_well_formed(&chart.svg);
            assert!(!chart.svg.contains("<script"), "{}", chart.svg);
            assert!(chart.svg.contains("&lt;script&gt;alert(&apos;x&apos;)"));
            assert!(chart.svg.contains("&amp; &quot;q&quot;"));
        }
    }

    #[test]
    fn control_characters_are_dropped() {
        let chart = status_breakdown(
            "s",
            "a\u{0}b\u{1b}c",
            "d\ne",
            &[Slice {
                label: "x\u{7}y".into(),
                value: 1.0,
                class: "completed".into(),
            }],
        );
        assert!(chart.svg.contains(">abc</title>"));
        assert!(chart.svg.contains(">d e</desc>"));
        assert!(chart.svg.contains(">xy</text>"));
    }

    #[test]
    fn empty_inputs_render_no_data() {
        let charts = [
            year_over_year("a", "t", "d", "p", "c", &[]),
            status_breakdown("b", "t", "d", &[]),
            rate_comparison("c", "t", "d", &[]),
            progress_over_time("e", "t", "d", &[]),
            // Present but unusable data.
            year_over_year(
                "f",
                "t",
                "d",
                "p",
                "c",
                &[YearBar {
                    label: "2024".into(),
                    ..YearBar::default()
                }],
            ),
            status_breakdown(
                "g",
                "t",
                "d",
                &[Slice {
                    label: "x".into(),
                    value: 0.0,
                    class: "completed".into(),
                }],
            ),
            progress_over_time(
                "h",
                "t",
                "d",
                &[Point {
                    label: "2024".into(),
                    value: f64::NAN,
                }],
            ),
        ];
        for chart in charts {
            assert_well_formed(&chart.svg);
            assert!(chart.svg.contains(NO_DATA), "{}", chart.svg);
        }
    }

    #[test]
    fn empty_strings_do_not_break_layout() {
        let chart = year_over_year("", "", "", "", "", &yoy_sample());
        assert_well_formed(&chart.svg);
        assert!(chart
            .svg
            .contains("aria-labelledby=\"chart-title chart-desc\""));
    }

    #[test]
    fn rates_over_100_are_capped_but_shown() {
        let chart = rate_comparison(
            "r",
            "t",
            "d",
            &[RateBar {
                label: "广州 2023".into(),
                rate: Some(150.0),
                detail: "45/30".into(),
            }],
        );
        assert_well_formed(&chart.svg);
        assert!(chart.svg.contains(">150.0% (45/30)</text>"));
        assert!(chart.svg.contains("<polygon"), "overflow arrow");
        assert_shapes_inside_view_box(&chart.svg);

        let yoy = year_over_year(
            "y",
            "t",
            "d",
            "p",
            "c",
            &[YearBar {
                label: "2024".into(),
                pledged: Some(10.0),
                completed: Some(12.0),
                note: None,
            }],
        );
        assert!(yoy.svg.contains(">120.0%</text>"));
        assert_shapes_inside_view_box(&yoy.svg);

        let progress = progress_over_time(
            "p",
            "t",
            "d",
            &[Point {
                label: "2024-01-01".into(),
                value: 130.0,
            }],
        );
        assert!(progress.svg.contains(">130%</text>"));
        assert!(progress.svg.contains(">150%</text>"), "axis extended");
        assert_shapes_inside_view_box(&progress.svg);
    }

    fn attr(tag: &str, name: &str) -> Option<i64> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let len = tag[start..].find('"')?;
        tag[start..start + len].parse().ok()
    }

    fn assert_shapes_inside_view_box(svg: &str) {
        let vb = &svg[svg.find("viewBox=\"0 0 ").unwrap() + 13..];
        let vb: Vec<i64> = vb[..vb.find('"').unwrap()]
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        for tag in svg.split('<').filter(|t| t.starts_with("rect ")) {
            let (x, y) = (attr(tag, "x").unwrap(), attr(tag, "y").unwrap());
            let (w, h) = (attr(tag, "width").unwrap(), attr(tag, "height").unwrap());
            assert!(x >= 0 && y >= 0 && w >= 0 && h >= 0, "{tag}");
            assert!(x + w <= vb[0] && y + h <= vb[1], "{tag} outside {vb:?}");
        }
    }

    #[test]
    fn non_finite_values_are_never_printed() {
        let weird = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
        let bars: Vec<YearBar> = weird
            .iter()
            .map(|w| YearBar {
                label: "2024".into(),
                pledged: Some(*w),
                completed: Some(*w),
                note: None,
            })
            .chain([YearBar {
                label: "2025".into(),
                pledged: Some(0.0),
                completed: Some(3.0),
                note: None,
            }])
            .collect();
        let slices: Vec<Slice> = weird
            .iter()
            .chain(&[-3.0, 4.0])
            .map(|w| Slice {
                label: "x".into(),
                value: *w,
                class: "completed".into(),
            })
            .collect();
        let rates: Vec<RateBar> = weird
            .iter()
            .map(|w| RateBar {
                label: "x".into(),
                rate: Some(*w),
                detail: String::new(),
            })
            .collect();
        let points: Vec<Point> = weird
            .iter()
            .chain(&[50.0])
            .map(|w| Point {
                label: "x".into(),
                value: *w,
            })
            .collect();
        let charts = [
            year_over_year("a", "t", "d", "p", "c", &bars),
            status_breakdown("b", "t", "d", &slices),
            rate_comparison("c", "t", "d", &rates),
            progress_over_time("e", "t", "d", &points),
        ];
        for chart in charts {
            assert_well_formed(&chart.svg);
            let lower = chart.svg.to_lowercase();
            assert!(!lower.contains("nan"), "{}", chart.svg);
            assert!(!lower.contains("inf"), "{}", chart.svg);
            assert_shapes_inside_view_box(&chart.svg);
        }
    }

    #[test]
    fn huge_values_stay_inside() {
        let bars = [YearBar {
            label: "2024".into(),
            pledged: Some(1e300),
            completed: Some(f64::MAX),
            note: None,
        }];
        let chart = year_over_year("a", "t", "d", "p", "c", &bars);
        assert_well_formed(&chart.svg);
        assert_shapes_inside_view_box(&chart.svg);
        let progress = progress_over_time(
            "p",
            "t",
            "d",
            &[Point {
                label: "x".into(),
                value: 1e12,
            }],
        );
        assert_shapes_inside_view_box(&progress.svg);
    }

    #[test]
    fn missing_values_show_a_dash() {
        let chart = year_over_year("y", "t", "d", "p", "c", &yoy_sample());
        assert!(chart.svg.contains(">—</text>"));
        // 33 of 35 and 38 of 41; 2023 has no completion figure, so no rate.
        assert!(chart.svg.contains(">94.3%</text>"));
        assert!(chart.svg.contains(">92.7%</text>"));
        assert_eq!(chart.svg.matches("%</text>").count(), 2);
        assert!(
            chart.svg.contains(">截至 2024-09-30</text>"),
            "note under the year"
        );
    }

    #[test]
    fn status_legend_lists_every_class_with_text() {
        let chart = status_breakdown("s", "t", "d", &slices_sample());
        for label in ["已完成", "推进中", "滞后", "未完成", "未报告"] {
            assert!(chart.svg.contains(&format!(">{label}</text>")), "{label}");
        }
        assert!(chart.svg.contains(">30 (73.2%)</text>"));
        assert!(
            chart.svg.contains("#2E7D32"),
            "completed green from plotters"
        );
        assert!(chart.svg.contains("#BDBDBD"), "not reported grey");
        // Dark text on the orange segment, white on green.
        assert!(chart
            .svg
            .contains("font-weight=\"bold\" fill=\"#ffffff\">30</text>"));
        assert!(chart.svg.contains("font-weight=\"bold\">2</text>"));
    }

    #[test]
    fn crowded_progress_labels_are_slanted_and_thinned() {
        let points: Vec<Point> = (0..40)
            .map(|i| Point {
                label: format!("2024-01-{:02}", i % 28 + 1),
                value: f64::from(i) * 2.5,
            })
            .collect();
        let chart = progress_over_time("p", "t", "d", &points);
        assert_well_formed(&chart.svg);
        assert!(chart.svg.contains("rotate(-45 "));
        let shown = chart.svg.matches("rotate(-45 ").count();
        assert!(shown < 40 && shown > 5, "{shown}");
        assert!(chart.svg.contains(">97.5%</text>"), "last value labelled");
    }

    #[test]
    fn many_years_widen_the_view_box() {
        let bars: Vec<YearBar> = (2010..2030)
            .map(|y| YearBar {
                label: y.to_string(),
                pledged: Some(10.0),
                completed: Some(9.0),
                note: None,
            })
            .collect();
        let chart = year_over_year("y", "t", "d", "p", "c", &bars);
        let vb = &chart.svg[chart.svg.find("viewBox=\"0 0 ").unwrap() + 13..];
        let w: i32 = vb[..vb.find(' ').unwrap()].parse().unwrap();
        assert!(w > WIDTH, "{w}");
        assert_shapes_inside_view_box(&chart.svg);
    }

    #[test]
    fn wrapping_respects_width_and_keeps_text() {
        let title = "上海市2024年民心工程承诺事项完成情况（截至第三季度末的最新统计）";
        let lines = wrap(title, 15.0, 336.0);
        assert!(lines.len() >= 2);
        assert_eq!(lines.concat(), title);
        assert!(lines.iter().all(|l| text_width(l, 15.0) <= 336.0));

        let latin = wrap("Completion rate of pledged projects by city", 13.0, 120.0);
        assert!(latin.len() > 1);
        assert_eq!(
            latin.join(" "),
            "Completion rate of pledged projects by city"
        );
        assert!(wrap("", 13.0, 100.0).is_empty());

        // A closing bracket never starts a line and an opening one never ends it.
        for max in [60.0, 80.0, 100.0, 120.0, 140.0] {
            let lines = wrap("未报告进展（需要后续追踪核实）。", 13.0, max);
            assert_eq!(lines.concat(), "未报告进展（需要后续追踪核实）。");
            for line in &lines {
                assert!(!line.starts_with(['）', '。']), "{lines:?}");
                assert!(!line.ends_with('（'), "{lines:?}");
            }
        }
        assert_eq!(wrap("   ", 13.0, 100.0), Vec::<String>::new());
    }

    #[test]
    fn numbers_have_fixed_formats() {
        assert_eq!(fmt_num(41.0), "41");
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(-0.001), "0");
        assert_eq!(fmt_pct(94.2857), "94.3%");
        assert_eq!(fmt_pct(-0.01), "0.0%");
        assert_eq!(fmt_pct(f64::NAN), "—");
        assert_eq!(value_axis(41.0, true), (50.0, 10.0));
        assert_eq!(value_axis(101.0, true), (125.0, 25.0));
        assert_eq!(value_axis(6.0, true), (6.0, 2.0));
        assert_eq!(value_axis(0.9, false), (1.0, 0.2));
        assert_eq!(value_axis(3.0, true), (3.0, 1.0));
        assert_eq!(value_axis(0.0, true), (1.0, 1.0));
        assert_eq!(fmt_tick(0.5, 0.25), "0.50");
        assert_eq!(fmt_tick(0.4, 0.2), "0.4");
        assert_eq!(fmt_tick(7.5, 2.5), "7.5");
        assert_eq!(fmt_tick(40.0, 20.0), "40");
    }

    #[test]
    fn ids_are_sanitized() {
        assert_eq!(clean_id("yoy"), "yoy");
        assert_eq!(clean_id("a b\"c"), "a-b-c");
        assert_eq!(clean_id(""), "chart");
    }
}
