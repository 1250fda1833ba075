//! Plots, as PNG and SVG. The only module that knows plotters.
//!
//! Text is drawn with DejaVu Sans embedded in the binary (`assets/fonts`), registered once, so
//! titles and axis labels appear on a machine without system fonts.

use crate::batch::Band;
use crate::calibration::EMPLOYMENT_GAP;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Legend placement, re-exported so callers need not know plotters.
pub use plotters::chart::SeriesLabelPosition;
use std::sync::Once;

static FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The embedded font is known to be valid; a failure would only lose text, not data.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, FONT);
    });
}

type PlotResult = Result<(), String>;

/// A line with a 5–95% band.
pub struct BandSeries<'a> {
    pub label: String,
    pub color: RGBColor,
    pub points: &'a [(f64, Band)],
    /// Published figures of this series: (decimal year, value), drawn as dots in its colour.
    pub published: Vec<(f64, f64)>,
}

/// How the x axis of a [`TimeChart`] is labelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XFormat {
    /// Calendar years: a label at each whole year ("2018"), none between.
    Year,
    /// A number, with as many decimals as the tick step needs ("0.005", "0.010") and
    /// thousands, millions and billions written out ("250k", "1.5m").
    Number,
    /// An amount of money in £, as [`XFormat::Number`] with a £ sign ("£1.5bn").
    Pounds,
}

/// What a time chart shows.
pub struct TimeChart<'a> {
    pub title: String,
    /// What the x axis is: "year" for time series, or a swept scenario key.
    pub x_label: String,
    pub x_format: XFormat,
    pub y_label: String,
    pub series: Vec<BandSeries<'a>>,
    /// What the series' bands are, for the legend: "5–95% band" (across replications) for
    /// every chart but a trial's ("95% confidence interval").
    pub band: &'static str,
    /// Horizontal dashed reference lines: (value, label).
    pub references: Vec<(f64, String)>,
    /// Vertical dotted lines at events a reader must see, such as a contract handed back:
    /// (x, label).
    pub markers: Vec<(f64, String)>,
    /// Published points: (decimal year, value, label of the set).
    pub published: Vec<(f64, f64)>,
    pub published_label: String,
}

impl<'a> TimeChart<'a> {
    /// A chart over calendar years of differences, scenario minus baseline, across
    /// replications: a dashed line at zero marked "no change", no markers, no published points.
    pub fn difference(title: String, y_label: &str, series: Vec<BandSeries<'a>>) -> Self {
        Self {
            title,
            x_label: "year".into(),
            x_format: XFormat::Year,
            y_label: y_label.into(),
            series,
            band: "mean, 5–95% band",
            references: vec![(0.0, "no change".into())],
            markers: vec![],
            published: vec![],
            published_label: String::new(),
        }
    }
}

/// Lines with 5–95% bands over categories 1..=n, in one or more panels side by side that
/// share the y axis and the legend (each panel has the same lines, by the same names).
pub struct CategoryChart {
    pub title: String,
    pub y_label: String,
    pub panels: Vec<CategoryPanel>,
}

/// One panel of a [`CategoryChart`]: its x axis label and its lines (name, band per category).
pub struct CategoryPanel {
    pub x_label: String,
    pub lines: Vec<(String, Vec<Band>)>,
}

/// Bars with 5–95% whiskers, one per category; a category without a value is drawn empty
/// and marked "n/a".
pub struct BarChart {
    pub title: String,
    pub y_label: String,
    pub bars: Vec<(String, Option<Band>)>,
    /// How values are written.
    pub value: BarValue,
}

/// How a [`BarChart`]'s values are written on its axis and beside its bars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarValue {
    /// Pounds, whole: "£24,102", with the mean and the 5–95% band across replications.
    Pounds,
    /// A number with this many decimals, with an estimate and its 95% confidence interval.
    Estimate { decimals: usize },
}

impl BarValue {
    fn text(self, v: f64) -> String {
        match self {
            BarValue::Pounds => format!("£{}", crate::output::people_count(v)),
            BarValue::Estimate { decimals } => {
                crate::output::table::fixed(v, decimals).replacen('-', "−", 1)
            }
        }
    }

    /// The words beside a bar: estimate and band.
    fn label(self, b: &Band) -> String {
        let (estimate, band) = match self {
            BarValue::Pounds => ("mean", "5–95%"),
            BarValue::Estimate { .. } => ("estimate", "95% CI"),
        };
        if b.p05 == b.mean && b.p95 == b.mean && self != BarValue::Pounds {
            return format!("{estimate} {} (no interval given)", self.text(b.mean));
        }
        format!(
            "{estimate} {} ({band}: {} to {})",
            self.text(b.mean),
            self.text(b.p05),
            self.text(b.p95)
        )
    }
}

/// A drawn chart: `(file name, bytes)` for `<stem>.png` and `<stem>.svg`. Charts are drawn
/// in memory; the caller writes them (so every file of a run goes through one writer, with one
/// way of reporting a full disk).
pub type Rendered = Vec<(String, Vec<u8>)>;

/// Draws a chart as PNG and SVG.
fn render_both(
    stem: &str,
    draw: impl Fn(DrawingArea<SVGBackend, Shift>) -> PlotResult,
    draw_png: impl Fn(DrawingArea<BitMapBackend, Shift>) -> PlotResult,
) -> Result<Rendered, String> {
    use image::ImageEncoder;
    register_font();
    let (w, h) = (1000u32, 620u32);
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        draw_png(root)?;
    }
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&rgb, w, h, image::ColorType::Rgb8)
        .map_err(|e| format!("cannot encode {stem}.png: {e}"))?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        draw(root)?;
    }
    Ok(vec![
        (format!("{stem}.png"), png),
        (format!("{stem}.svg"), svg.into_bytes()),
    ])
}

/// The label of tick `x` on an axis spanning `span` with about `ticks` labels.
fn tick(x: f64, span: f64, ticks: usize, format: XFormat, magnitude: f64) -> String {
    match format {
        // A run of under two years has too few whole years to mark: label months instead.
        XFormat::Year if span < 2.0 => {
            let year = x.floor();
            let month = (((x - year) * 12.0).floor() as i32 + 1).clamp(1, 12);
            format!("{year:.0}-{month:02}")
        }
        XFormat::Year => {
            if (x - x.round()).abs() < 1e-6 {
                format!("{:.0}", x.round())
            } else {
                String::new()
            }
        }
        XFormat::Number => compact(x, span / ticks.max(2) as f64, magnitude),
        XFormat::Pounds => {
            let v = compact(x.abs(), span / ticks.max(2) as f64, magnitude);
            if x < 0.0 {
                format!("-£{v}")
            } else {
                format!("£{v}")
            }
        }
    }
}

/// `x` written for an axis whose ticks are `step` apart and whose largest value is
/// `magnitude`: in thousands ("k"), millions ("m") or billions ("bn") when large, each tick in
/// the largest unit of which it is a whole step (so 0 to 1m by 200k reads "0 200k 400k … 1.0m",
/// not "0.0m 0.2m …"), with the decimals the step needs in that unit and no more.
fn compact(x: f64, step: f64, magnitude: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let unit = |v: f64| match v.abs() {
        v if v >= 1e9 => (1e9, "bn"),
        v if v >= 1e6 => (1e6, "m"),
        v if v >= 1e3 && magnitude.abs() >= 1e4 => (1e3, "k"),
        _ => (1.0, ""),
    };
    let (div, suffix) = unit(x);
    let step = (step / div).abs();
    let decimals = if step > 0.0 && step.is_finite() {
        (-step.log10().floor()).clamp(0.0, 6.0) as usize
    } else {
        0
    };
    let v = x / div;
    let text = format!("{v:.decimals$}");
    let text = match text.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => text,
    };
    format!("{text}{suffix}")
}

/// The name of the horizontal bar at height `y` (the first name at the top), or nothing
/// between bars.
fn row_label(names: &[String], y: f64) -> String {
    let n = names.len();
    let k = y.round();
    if (y - k).abs() < 1e-6 && k >= 1.0 && k <= n as f64 {
        names[n - k as usize].clone()
    } else {
        String::new()
    }
}

/// An axis value on an axis reaching `reach` (its largest absolute value): one decimal, or
/// whole numbers from a hundred up (a decimal there would only widen the labels into the axis
/// title); never a negative zero.
fn axis_value(y: f64, reach: f64) -> String {
    crate::output::table::fixed(y, if reach >= 100.0 { 0 } else { 1 })
}

/// Tableau 10: distinct colours for up to ten series.
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
];

pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

fn draw_time<DB: DrawingBackend>(area: DrawingArea<DB, Shift>, c: &TimeChart) -> PlotResult {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&WHITE).map_err(e)?;
    // The legend goes below the chart, never over the data.
    let legend = legend_entries(c);
    let rows = legend.len().div_ceil(2) as u32;
    let (_, height) = area.dim_in_pixel();
    let (root, below) = area.split_vertically(height - (rows * 24 + 12).min(height / 2));
    let xs = c.series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    let (x0, x1) = if x0 < x1 {
        (x0, x1)
    } else {
        (x0 - 0.5, x0 + 0.5)
    };
    let ys = c
        .series
        .iter()
        .flat_map(|s| s.points.iter().flat_map(|p| [p.1.p05, p.1.p95, p.1.mean]))
        .chain(c.references.iter().map(|r| r.0))
        .chain(
            c.published
                .iter()
                .chain(c.series.iter().flat_map(|s| s.published.iter()))
                .filter(|p| p.0 >= x0 && p.0 <= x1)
                .map(|p| p.1),
        );
    let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
    let pad = ((y1 - y0) * 0.08).max(0.5);
    // A quantity that is never negative (a rate, a caseload) keeps its axis at or above 0.
    let bottom = if y0 >= 0.0 {
        (y0 - pad).max(0.0)
    } else {
        y0 - pad
    };
    let mut chart = ChartBuilder::on(&root)
        .caption(&c.title, ("sans-serif", title_size(&c.title, 26)))
        .margin(20)
        .margin_right(45)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(x0..x1, bottom..(y1 + pad))
        .map_err(e)?;
    let ticks = match c.x_format {
        XFormat::Year if x1 - x0 < 2.0 => 6,
        XFormat::Year => ((x1 - x0).ceil() as usize + 1).clamp(2, 12),
        _ => 6,
    };
    chart
        .configure_mesh()
        .x_desc(&c.x_label)
        .y_desc(&c.y_label)
        .x_labels(ticks)
        .x_label_formatter(&|x| tick(*x, x1 - x0, ticks, c.x_format, x0.abs().max(x1.abs())))
        .y_label_formatter(&|y| axis_value(*y, bottom.abs().max((y1 + pad).abs())))
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 18))
        .draw()
        .map_err(e)?;
    // Every band first, then every mean line, so that no band covers a line; the more bands,
    // the lighter each, so that overlapping ones stay apart.
    let alpha = (0.2 / (c.series.len().max(1) as f64).sqrt()).max(0.07);
    for s in &c.series {
        let mut band: Vec<(f64, f64)> = s.points.iter().map(|p| (p.0, p.1.p95)).collect();
        band.extend(s.points.iter().rev().map(|p| (p.0, p.1.p05)));
        chart
            .draw_series([Polygon::new(band, s.color.mix(alpha).filled())])
            .map_err(e)?;
    }
    for s in &c.series {
        let col = s.color;
        chart
            .draw_series(LineSeries::new(
                s.points.iter().map(|p| (p.0, p.1.mean)),
                col.stroke_width(if c.series.len() > 1 { 2 } else { 3 }),
            ))
            .map_err(e)?;
    }
    for (value, _) in &c.references {
        chart
            .draw_series(DashedLineSeries::new(
                [(x0, *value), (x1, *value)],
                10,
                6,
                BLACK.stroke_width(2),
            ))
            .map_err(e)?;
    }
    for (i, (x, _)) in c.markers.iter().enumerate() {
        let red = marker_color(i);
        chart
            .draw_series(DashedLineSeries::new(
                [(*x, bottom), (*x, y1 + pad)],
                4,
                4,
                red.stroke_width(2),
            ))
            .map_err(e)?;
    }
    let shown: Vec<(f64, f64)> = c
        .published
        .iter()
        .copied()
        .filter(|p| p.0 >= x0 && p.0 <= x1)
        .collect();
    if !shown.is_empty() {
        chart
            .draw_series(shown.iter().map(|p| Circle::new(*p, 6, BLACK.filled())))
            .map_err(e)?;
    }
    for s in &c.series {
        let inside = s.published.iter().filter(|p| p.0 >= x0 && p.0 <= x1);
        chart
            .draw_series(inside.clone().map(|p| Circle::new(*p, 6, s.color.filled())))
            .map_err(e)?;
        chart
            .draw_series(inside.map(|p| Circle::new(*p, 6, BLACK.stroke_width(1))))
            .map_err(e)?;
    }
    draw_legend(&below, &legend).map_err(e)?;
    area.present().map_err(e)
}

/// The colour of the `i`-th event marker: reds and oranges, so that two providers' hand-backs
/// can be told apart.
fn marker_color(i: usize) -> RGBColor {
    const MARKERS: [RGBColor; 4] = [
        RGBColor(200, 30, 30),
        RGBColor(230, 120, 0),
        RGBColor(140, 20, 90),
        RGBColor(240, 80, 120),
    ];
    MARKERS[i % MARKERS.len()]
}

/// How a legend entry is drawn.
enum Swatch {
    /// A line of the colour (a mean with its band).
    Line(RGBColor),
    /// A dashed black line (a reference level).
    Dashed,
    /// A vertical dotted line of the colour (an event).
    Vertical(RGBColor),
    /// A black dot (published figures).
    Dot,
    /// A filled block of the colour (a bar).
    Block(RGBColor),
}

/// The legend of a time chart, in drawing order.
fn legend_entries(c: &TimeChart) -> Vec<(String, Swatch)> {
    let mut out: Vec<(String, Swatch)> = c
        .series
        .iter()
        .map(|s| (format!("{} ({})", s.label, c.band), Swatch::Line(s.color)))
        .collect();
    out.extend(c.references.iter().map(|r| (r.1.clone(), Swatch::Dashed)));
    out.extend(
        c.markers
            .iter()
            .enumerate()
            .map(|(i, m)| (m.1.clone(), Swatch::Vertical(marker_color(i)))),
    );
    if !c.published.is_empty() || c.series.iter().any(|s| !s.published.is_empty()) {
        out.push((c.published_label.clone(), Swatch::Dot));
    }
    out
}

/// Draws `entries` in two columns across `area`.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Swatch)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = area.dim_in_pixel();
    let col_w = (w as i32 - 80) / 2;
    for (i, (label, swatch)) in entries.iter().enumerate() {
        let (x, y) = (70 + (i as i32 % 2) * col_w, 6 + (i as i32 / 2) * 24);
        let mid = y + 9;
        match swatch {
            Swatch::Line(col) => {
                area.draw(&Rectangle::new(
                    [(x, mid - 6), (x + 28, mid + 6)],
                    col.mix(0.2).filled(),
                ))?;
                area.draw(&PathElement::new(
                    [(x, mid), (x + 28, mid)],
                    col.stroke_width(3),
                ))?;
            }
            Swatch::Dashed => {
                for k in 0..3 {
                    area.draw(&PathElement::new(
                        [(x + k * 10, mid), (x + k * 10 + 6, mid)],
                        BLACK.stroke_width(2),
                    ))?;
                }
            }
            Swatch::Vertical(col) => {
                for k in 0..3 {
                    area.draw(&PathElement::new(
                        [(x + 14, mid - 9 + k * 7), (x + 14, mid - 5 + k * 7)],
                        col.stroke_width(2),
                    ))?;
                }
            }
            Swatch::Dot => area.draw(&Circle::new((x + 14, mid), 5, BLACK.filled()))?,
            Swatch::Block(col) => area.draw(&Rectangle::new(
                [(x + 4, mid - 7), (x + 24, mid + 7)],
                col.mix(0.7).filled(),
            ))?,
        }
        area.draw(&Text::new(
            label.clone(),
            (x + 36, y),
            ("sans-serif", 16).into_font().color(&BLACK),
        ))?;
    }
    Ok(())
}

fn draw_categories<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    c: &CategoryChart,
) -> PlotResult {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(e)?;
    let names: Vec<&String> = c
        .panels
        .first()
        .map(|p| p.lines.iter().map(|l| &l.0).collect())
        .unwrap_or_default();
    let legend: Vec<(String, Swatch)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (format!("{n} (mean, 5–95% band)"), Swatch::Line(color(i))))
        .collect();
    let rows = legend.len().div_ceil(2) as u32;
    let (_, height) = root.dim_in_pixel();
    let (top, below) = root.split_vertically(height - (rows * 24 + 12).min(height / 2));
    let top = top
        .titled(&c.title, ("sans-serif", title_size(&c.title, 26)))
        .map_err(e)?;
    let bands = c
        .panels
        .iter()
        .flat_map(|p| p.lines.iter().flat_map(|l| l.1.iter()));
    let y1 = bands
        .fold(0.0, |m: f64, b| m.max(b.p95).max(b.mean))
        .max(1.0)
        * 1.1;
    let panels = top.split_evenly((1, c.panels.len().max(1)));
    let k = names.len().max(1) as f64;
    for (area, panel) in panels.iter().zip(&c.panels) {
        let n = panel
            .lines
            .iter()
            .map(|l| l.1.len())
            .max()
            .unwrap_or(1)
            .max(1);
        let mut chart = ChartBuilder::on(area)
            .margin(15)
            .margin_right(25)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(0.5..(n as f64 + 0.5), 0.0..y1)
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_desc(&panel.x_label)
            .y_desc(&c.y_label)
            .x_labels(n)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .label_style(("sans-serif", 16))
            .axis_desc_style(("sans-serif", 16))
            .draw()
            .map_err(e)?;
        // Each line a little to the side of the others, so that equal lines stay visible; its
        // band is a whisker at each category.
        let at = |i: usize, cat: usize| cat as f64 + 1.0 + (i as f64 - (k - 1.0) / 2.0) * 0.07;
        for (i, (_, ys)) in panel.lines.iter().enumerate() {
            let col = color(i);
            for (cat, b) in ys.iter().enumerate() {
                let x = at(i, cat);
                chart
                    .draw_series([PathElement::new(
                        [(x, b.p05), (x, b.p95)],
                        col.mix(0.45).stroke_width(6),
                    )])
                    .map_err(e)?;
            }
        }
        for (i, (_, ys)) in panel.lines.iter().enumerate() {
            let col = color(i);
            let pts: Vec<(f64, f64)> = ys
                .iter()
                .enumerate()
                .map(|(cat, b)| (at(i, cat), b.mean))
                .collect();
            chart
                .draw_series(LineSeries::new(pts.clone(), col.stroke_width(2)))
                .map_err(e)?;
            chart
                .draw_series(pts.iter().map(|p| Circle::new(*p, 4, col.filled())))
                .map_err(e)?;
        }
    }
    draw_legend(&below, &legend).map_err(e)?;
    root.present().map_err(e)
}

fn draw_bars<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, c: &BarChart) -> PlotResult {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(e)?;
    let n = c.bars.len().max(1);
    let x1 = c
        .bars
        .iter()
        .filter_map(|b| b.1.map(|b| b.p95.max(b.mean)))
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.9;
    // Room on the left for bars and whiskers below zero.
    let x0 = c
        .bars
        .iter()
        .filter_map(|b| b.1.map(|b| b.p05.min(b.mean)))
        .fold(0.0, f64::min)
        * 1.1;
    let names: Vec<String> = c.bars.iter().map(|b| b.0.clone()).collect();
    // Horizontal bars, first category at the top, so long scenario names stay readable.
    let y_of = |i: usize| (n - i) as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(&c.title, ("sans-serif", title_size(&c.title, 26)))
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(290)
        .build_cartesian_2d(x0..x1, 0.5..(n as f64 + 0.5))
        .map_err(e)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(&c.y_label)
        .y_labels(n)
        .y_label_formatter(&|y| row_label(&names, *y))
        .x_label_formatter(&|x| c.value.text(*x))
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 18))
        .draw()
        .map_err(e)?;
    for (i, (_, band)) in c.bars.iter().enumerate() {
        let y = y_of(i);
        let col = color(i);
        match band {
            Some(b) => {
                chart
                    .draw_series([Rectangle::new(
                        [(0.0, y - 0.35), (b.mean, y + 0.35)],
                        col.mix(0.75).filled(),
                    )])
                    .map_err(e)?;
                let whisker = BLACK.stroke_width(2);
                chart
                    .draw_series([
                        PathElement::new([(b.p05, y), (b.p95, y)], whisker),
                        PathElement::new([(b.p05, y - 0.12), (b.p05, y + 0.12)], whisker),
                        PathElement::new([(b.p95, y - 0.12), (b.p95, y + 0.12)], whisker),
                    ])
                    .map_err(e)?;
                // Past the whisker, saying which number is which.
                chart
                    .draw_series([Text::new(
                        c.value.label(b),
                        (b.p95.max(b.mean) + x1 * 0.01, y + 0.1),
                        ("sans-serif", 16),
                    )])
                    .map_err(e)?;
            }
            None => {
                chart
                    .draw_series([Text::new(
                        "n/a: no additional jobs in some replications".to_string(),
                        (x1 * 0.01, y + 0.1),
                        ("sans-serif", 16),
                    )])
                    .map_err(e)?;
            }
        }
    }
    root.present().map_err(e)
}

/// Diverging stacked bars, one column per category (a year): each part's value stacked up
/// from zero when positive and down from it when negative, and the net (the parts' sum) as a
/// black dot with its 5–95% whisker across replications.
pub struct StackedBars {
    pub title: String,
    pub y_label: String,
    pub categories: Vec<String>,
    /// Each part's name and its value in each category (a mean across replications).
    pub parts: Vec<(String, Vec<f64>)>,
    pub net_label: String,
    pub net: Vec<Band>,
}

fn draw_stacked<DB: DrawingBackend>(area: DrawingArea<DB, Shift>, c: &StackedBars) -> PlotResult {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&WHITE).map_err(e)?;
    let mut legend: Vec<(String, Swatch)> = c
        .parts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.0.clone(), Swatch::Block(color(i))))
        .collect();
    legend.push((c.net_label.clone(), Swatch::Dot));
    let rows = legend.len().div_ceil(2) as u32;
    let (_, height) = area.dim_in_pixel();
    let (root, below) = area.split_vertically(height - (rows * 24 + 12).min(height / 2));
    let n = c.categories.len().max(1);
    // Each category's stacks above and below zero, and the net's band.
    let stack = |k: usize, positive: bool| -> f64 {
        c.parts
            .iter()
            .map(|p| p.1.get(k).copied().unwrap_or(0.0))
            .filter(|v| (*v > 0.0) == positive)
            .sum()
    };
    let (mut y0, mut y1) = (0.0f64, 0.0f64);
    for k in 0..n {
        y0 = y0.min(stack(k, false));
        y1 = y1.max(stack(k, true));
        if let Some(b) = c.net.get(k) {
            y0 = y0.min(b.p05);
            y1 = y1.max(b.p95);
        }
    }
    let pad = ((y1 - y0) * 0.08).max(0.1);
    let mut chart = ChartBuilder::on(&root)
        .caption(&c.title, ("sans-serif", title_size(&c.title, 26)))
        .margin(20)
        .margin_right(30)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), (y0 - pad)..(y1 + pad))
        .map_err(e)?;
    let label = |x: f64| {
        let k = x.round();
        if (x - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < c.categories.len() {
            c.categories[k as usize].clone()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc("")
        .y_desc(&c.y_label)
        .x_labels(n.min(20))
        .x_label_formatter(&|x| label(*x))
        .y_label_formatter(&|y| axis_value(*y, (y0 - pad).abs().max((y1 + pad).abs())))
        .label_style(("sans-serif", 15))
        .axis_desc_style(("sans-serif", 18))
        .draw()
        .map_err(e)?;
    for k in 0..n {
        let x = k as f64;
        let (mut up, mut down) = (0.0, 0.0);
        for (i, (_, values)) in c.parts.iter().enumerate() {
            let v = values.get(k).copied().unwrap_or(0.0);
            let (from, to) = if v >= 0.0 {
                up += v;
                (up - v, up)
            } else {
                down += v;
                (down - v, down)
            };
            chart
                .draw_series([Rectangle::new(
                    [(x - 0.35, from), (x + 0.35, to)],
                    color(i).mix(0.8).filled(),
                )])
                .map_err(e)?;
        }
    }
    chart
        .draw_series([PathElement::new(
            [(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
            BLACK,
        )])
        .map_err(e)?;
    for (k, b) in c.net.iter().enumerate() {
        let x = k as f64;
        let whisker = BLACK.stroke_width(2);
        chart
            .draw_series([
                PathElement::new([(x, b.p05), (x, b.p95)], whisker),
                PathElement::new([(x - 0.1, b.p05), (x + 0.1, b.p05)], whisker),
                PathElement::new([(x - 0.1, b.p95), (x + 0.1, b.p95)], whisker),
            ])
            .map_err(e)?;
        chart
            .draw_series([Circle::new((x, b.mean), 5, BLACK.filled())])
            .map_err(e)?;
    }
    draw_legend(&below, &legend).map_err(e)?;
    area.present().map_err(e)
}

/// Draws diverging stacked bars as `<stem>.png` and `<stem>.svg`.
pub fn stacked_bars(stem: &str, c: &StackedBars) -> Result<Rendered, String> {
    render_both(stem, |r| draw_stacked(r, c), |r| draw_stacked(r, c))
}

/// Draws a bar chart as `<stem>.png` and `<stem>.svg`.
pub fn bar_chart(stem: &str, c: &BarChart) -> Result<Rendered, String> {
    render_both(stem, |r| draw_bars(r, c), |r| draw_bars(r, c))
}

/// The font size of a chart's title: `base`, or smaller for a title too long to fit the
/// chart's width at it (a paired run's title names both scenarios), never below 14. DejaVu
/// Sans averages about 0.55 of its size per character.
fn title_size(title: &str, base: u32) -> u32 {
    let fits = (960.0 / (0.55 * title.chars().count().max(1) as f64)) as u32;
    fits.clamp(14, base)
}

/// Draws a time chart as `<stem>.png` and `<stem>.svg`.
pub fn time_chart(stem: &str, c: &TimeChart) -> Result<Rendered, String> {
    render_both(stem, |r| draw_time(r, c), |r| draw_time(r, c))
}

/// Draws a category chart as `<stem>.png` and `<stem>.svg`.
pub fn category_chart(stem: &str, c: &CategoryChart) -> Result<Rendered, String> {
    render_both(stem, |r| draw_categories(r, c), |r| draw_categories(r, c))
}

/// Published gap points (decimal year, gap) for overlaying on gap charts.
pub fn published_gap() -> Vec<(f64, f64)> {
    EMPLOYMENT_GAP
        .iter()
        .map(|p| (p.decimal_year(), p.gap_pp))
        .collect()
}

/// A tornado chart: for each uncertain input, the outcome with the input at its 5th and at its
/// 95th percentile (everything else central), as bars either side of the central outcome,
/// largest swing at the top.
pub struct Tornado {
    pub title: String,
    pub x_label: String,
    /// The outcome with every input at its central value.
    pub centre: f64,
    /// (input, outcome at its 5th percentile, outcome at its 95th), largest swing first.
    pub bars: Vec<(String, f64, f64)>,
}

/// Draws a tornado chart as `<stem>.png` and `<stem>.svg`.
pub fn tornado_chart(stem: &str, c: &Tornado) -> Result<Rendered, String> {
    render_both(stem, |r| draw_tornado(r, c), |r| draw_tornado(r, c))
}

fn draw_tornado<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, c: &Tornado) -> PlotResult {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(e)?;
    // The key goes below the chart, never over the bars.
    let key = [
        (
            "input at its 5th percentile".to_string(),
            Swatch::Block(color(0)),
        ),
        (
            "input at its 95th percentile".to_string(),
            Swatch::Block(color(1)),
        ),
        (
            format!("all inputs central: {:.2}", c.centre),
            Swatch::Line(BLACK),
        ),
    ];
    let (_, height) = root.dim_in_pixel();
    let (root, below) = root.split_vertically(height - 2 * 24 - 12);
    let n = c.bars.len().max(1);
    let (lo, hi) = c.bars.iter().fold((c.centre, c.centre), |(lo, hi), b| {
        (lo.min(b.1).min(b.2), hi.max(b.1).max(b.2))
    });
    let pad = ((hi - lo) * 0.15).max(0.05);
    let names: Vec<String> = c.bars.iter().map(|b| b.0.clone()).collect();
    let mut chart = ChartBuilder::on(&root)
        .caption(&c.title, ("sans-serif", title_size(&c.title, 24)))
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(330)
        .build_cartesian_2d((lo - pad)..(hi + pad), 0.4..(n as f64 + 0.6))
        .map_err(e)?;
    let (x0, x1) = (lo - pad, hi + pad);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(&c.x_label)
        .y_labels(n)
        .y_label_formatter(&|y| row_label(&names, *y))
        .x_labels(6)
        .x_label_formatter(&|x| tick(*x, x1 - x0, 6, XFormat::Number, x0.abs().max(x1.abs())))
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 18))
        .draw()
        .map_err(e)?;
    for (i, (_, at_lo, at_hi)) in c.bars.iter().enumerate() {
        let y = (n - i) as f64;
        // The p05 label above the bar, the p95 label below it: they do not collide when the
        // two ends are close (an input that hardly moves the gap). When both ends are within a
        // hundredth of the axis of the centre, one label says so instead of two overprinting.
        let span = (hi - lo + 2.0 * pad).max(f64::EPSILON);
        if (at_lo - c.centre).abs() < 0.01 * span && (at_hi - c.centre).abs() < 0.01 * span {
            chart
                .draw_series([Text::new(
                    format!("p05 and p95 both within {:.2} of the centre", 0.01 * span),
                    (c.centre + 0.01 * span, y),
                    ("sans-serif", 16),
                )])
                .map_err(e)?;
            continue;
        }
        for (x, col, label, label_y) in [
            (*at_lo, color(0), "p05", y + 0.45),
            (*at_hi, color(1), "p95", y - 0.37),
        ] {
            chart
                .draw_series([Rectangle::new(
                    [(c.centre.min(x), y - 0.35), (c.centre.max(x), y + 0.35)],
                    col.mix(0.7).filled(),
                )])
                .map_err(e)?;
            chart
                .draw_series([Text::new(
                    format!("{label}: {x:.2}"),
                    (x, label_y),
                    ("sans-serif", 16),
                )])
                .map_err(e)?;
        }
    }
    chart
        .draw_series([PathElement::new(
            [(c.centre, 0.4), (c.centre, n as f64 + 0.6)],
            BLACK.stroke_width(2),
        )])
        .map_err(e)?;
    draw_legend(&below, &key).map_err(e)?;
    root.present().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_labelled_whole_and_only_at_whole_years() {
        assert_eq!(tick(2018.0, 5.9, 7, XFormat::Year, 2023.0), "2018");
        assert_eq!(tick(2018.5, 5.9, 7, XFormat::Year, 2023.0), "");
        // A six-month run is labelled by month.
        assert_eq!(tick(2013.3, 0.5, 6, XFormat::Year, 2013.7), "2013-04");
    }

    #[test]
    fn close_values_get_distinct_labels_and_money_reads_in_pounds() {
        // A sweep of 0.005..0.05 once read "0.01 0.01 0.01 0.02".
        let labels: Vec<String> = [0.01, 0.02, 0.03, 0.04, 0.05]
            .iter()
            .map(|&x| tick(x, 0.045, 6, XFormat::Number, 0.05))
            .collect();
        assert_eq!(labels, ["0.010", "0.020", "0.030", "0.040", "0.050"]);
        // A budget axis once read "1.00e10".
        assert_eq!(tick(1.0e10, 5.0e10, 6, XFormat::Pounds, 5.0e10), "£10bn");
        assert_eq!(tick(0.0, 3.0e9, 6, XFormat::Pounds, 3.0e9), "£0");
        assert_eq!(tick(5.0e8, 3.0e9, 6, XFormat::Pounds, 3.0e9), "£500m");
        // Starts per year from 0 to a million once read "0.0m 0.2m 0.4m".
        let labels: Vec<String> = [0.0, 2.0e5, 4.0e5, 1.0e6]
            .iter()
            .map(|&x| tick(x, 1.0e6, 5, XFormat::Number, 1.0e6))
            .collect();
        assert_eq!(labels, ["0", "200k", "400k", "1.0m"]);
    }
}
