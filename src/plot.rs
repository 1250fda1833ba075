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
}

/// What a time chart shows.
pub struct TimeChart<'a> {
    pub title: String,
    /// What the x axis is: "year" for time series, or a swept scenario key.
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<BandSeries<'a>>,
    /// Horizontal dashed reference lines: (value, label).
    pub references: Vec<(f64, String)>,
    /// Vertical dotted lines at events a reader must see, such as a contract handed back:
    /// (x, label).
    pub markers: Vec<(f64, String)>,
    /// Published points: (decimal year, value, label of the set).
    pub published: Vec<(f64, f64)>,
    pub published_label: String,
    /// Where the legend goes (out of the way of the lines).
    pub legend: SeriesLabelPosition,
}

/// A chart of lines over categories 1..=n.
pub struct CategoryChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub lines: Vec<(String, Vec<f64>)>,
}

/// Bars with 5–95% whiskers, one per category; a category without a value is drawn empty
/// and marked "n/a".
pub struct BarChart {
    pub title: String,
    pub y_label: String,
    pub bars: Vec<(String, Option<Band>)>,
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

/// An axis tick: whole numbers over wide spans (years), decimals over narrow ones, and
/// powers of ten for large amounts (budgets).
fn tick(x: f64, span: f64) -> String {
    if x.abs() >= 1e5 {
        format!("{x:.2e}")
    } else if span >= 10.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
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

fn draw_time<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, c: &TimeChart) -> PlotResult {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(e)?;
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
                .filter(|p| p.0 >= x0 && p.0 <= x1)
                .map(|p| p.1),
        );
    let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
    let pad = ((y1 - y0) * 0.08).max(0.5);
    let mut chart = ChartBuilder::on(&root)
        .caption(&c.title, ("sans-serif", 26))
        .margin(20)
        .margin_right(45)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(x0..x1, (y0 - pad)..(y1 + pad))
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc(&c.x_label)
        .y_desc(&c.y_label)
        .x_label_formatter(&|x| tick(*x, x1 - x0))
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 18))
        .draw()
        .map_err(e)?;
    for s in &c.series {
        let mut band: Vec<(f64, f64)> = s.points.iter().map(|p| (p.0, p.1.p95)).collect();
        band.extend(s.points.iter().rev().map(|p| (p.0, p.1.p05)));
        chart
            .draw_series([Polygon::new(band, s.color.mix(0.2).filled())])
            .map_err(e)?;
        let col = s.color;
        chart
            .draw_series(LineSeries::new(
                s.points.iter().map(|p| (p.0, p.1.mean)),
                col.stroke_width(3),
            ))
            .map_err(e)?
            .label(format!("{} (mean, 5–95% band)", s.label))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], col.stroke_width(3)));
    }
    for (value, label) in &c.references {
        chart
            .draw_series(DashedLineSeries::new(
                [(x0, *value), (x1, *value)],
                10,
                6,
                BLACK.stroke_width(2),
            ))
            .map_err(e)?
            .label(label.clone())
            .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    }
    let red = RGBColor(200, 30, 30);
    for (x, label) in &c.markers {
        chart
            .draw_series(DashedLineSeries::new(
                [(*x, y0 - pad), (*x, y1 + pad)],
                4,
                4,
                red.stroke_width(2),
            ))
            .map_err(e)?
            .label(label.clone())
            .legend(move |(x, y)| {
                PathElement::new([(x + 10, y - 8), (x + 10, y + 8)], red.stroke_width(2))
            });
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
            .map_err(e)?
            .label(c.published_label.clone())
            .legend(|(x, y)| Circle::new((x + 10, y), 5, BLACK.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 16))
        .position(c.legend.clone())
        .draw()
        .map_err(e)?;
    root.present().map_err(e)
}

fn draw_categories<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    c: &CategoryChart,
) -> PlotResult {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(e)?;
    let n = c.lines.iter().map(|l| l.1.len()).max().unwrap_or(1).max(1);
    let y1 = c
        .lines
        .iter()
        .flat_map(|l| l.1.iter().copied())
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.15;
    let mut chart = ChartBuilder::on(&root)
        .caption(&c.title, ("sans-serif", 26))
        .margin(20)
        .margin_right(45)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(0.5..(n as f64 + 0.5), 0.0..y1)
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc(&c.x_label)
        .y_desc(&c.y_label)
        .x_labels(n)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 18))
        .draw()
        .map_err(e)?;
    for (i, (label, ys)) in c.lines.iter().enumerate() {
        let col = color(i);
        let pts: Vec<(f64, f64)> = ys
            .iter()
            .enumerate()
            .map(|(k, y)| (k as f64 + 1.0, *y))
            .collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), col.stroke_width(3)))
            .map_err(e)?
            .label(label.clone())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], col.stroke_width(3)));
        chart
            .draw_series(pts.iter().map(|p| Circle::new(*p, 5, col.filled())))
            .map_err(e)?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 16))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(e)?;
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
        * 1.2;
    let names: Vec<String> = c.bars.iter().map(|b| b.0.clone()).collect();
    // Horizontal bars, first category at the top, so long scenario names stay readable.
    let y_of = |i: usize| (n - i) as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(&c.title, ("sans-serif", 26))
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(290)
        .build_cartesian_2d(0.0..x1, 0.5..(n as f64 + 0.5))
        .map_err(e)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(&c.y_label)
        .y_labels(n)
        .y_label_formatter(&|y| row_label(&names, *y))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(("sans-serif", 15))
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
                chart
                    .draw_series([Text::new(
                        format!("£{:.0}", b.mean),
                        (b.p95.max(b.mean) + x1 * 0.01, y + 0.1),
                        ("sans-serif", 15),
                    )])
                    .map_err(e)?;
            }
            None => {
                chart
                    .draw_series([Text::new(
                        "n/a: no additional jobs in some replications".to_string(),
                        (x1 * 0.01, y + 0.1),
                        ("sans-serif", 15),
                    )])
                    .map_err(e)?;
            }
        }
    }
    root.present().map_err(e)
}

/// Draws a bar chart as `<stem>.png` and `<stem>.svg`.
pub fn bar_chart(stem: &str, c: &BarChart) -> Result<Rendered, String> {
    render_both(stem, |r| draw_bars(r, c), |r| draw_bars(r, c))
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
    let n = c.bars.len().max(1);
    let (lo, hi) = c.bars.iter().fold((c.centre, c.centre), |(lo, hi), b| {
        (lo.min(b.1).min(b.2), hi.max(b.1).max(b.2))
    });
    let pad = ((hi - lo) * 0.15).max(0.05);
    let names: Vec<String> = c.bars.iter().map(|b| b.0.clone()).collect();
    let mut chart = ChartBuilder::on(&root)
        .caption(&c.title, ("sans-serif", 24))
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(330)
        .build_cartesian_2d((lo - pad)..(hi + pad), 0.5..(n as f64 + 0.5))
        .map_err(e)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(&c.x_label)
        .y_labels(n)
        .y_label_formatter(&|y| row_label(&names, *y))
        .x_label_formatter(&|x| format!("{x:.1}"))
        .label_style(("sans-serif", 15))
        .axis_desc_style(("sans-serif", 18))
        .draw()
        .map_err(e)?;
    for (i, (_, at_lo, at_hi)) in c.bars.iter().enumerate() {
        let y = (n - i) as f64;
        // The p05 label above the bar, the p95 label below it: they do not collide when the
        // two ends are close (an input that hardly moves the gap).
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
                    ("sans-serif", 13),
                )])
                .map_err(e)?;
        }
    }
    chart
        .draw_series([PathElement::new(
            [(c.centre, 0.5), (c.centre, n as f64 + 0.5)],
            BLACK.stroke_width(2),
        )])
        .map_err(e)?
        .label(format!("all inputs central: {:.2}", c.centre))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 15))
        .draw()
        .map_err(e)?;
    root.present().map_err(e)
}
