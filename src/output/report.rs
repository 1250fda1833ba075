//! `report.html`: one self-contained page per output folder that a reader can open or forward.
//!
//! The page opens with the question the scenario's header asks and a plain-language answer
//! with its uncertainty, then the headline numbers with their 5–95% bands, the warnings a
//! reader must see, every plot of the folder (inline SVG), the tables, the scenario's
//! differences from its parent and its baseline, and how to repeat the run. It needs no other
//! file, no network and no script.
//!
//! **The report is made from the folder's own files.** Every number in it is read back from a
//! CSV the command has just written (each headline number says which file, row and column),
//! and every plot is the folder's SVG, so the page cannot disagree with the files beside it
//! (`tests/it/report.rs` checks this in a real browser). The command in `app` decides what
//! goes on the page; this module only reads CSV text, formats numbers for a reader and fills
//! the template (`assets/report.html`, rendered by `minijinja` with HTML escaping on).

use serde::Serialize;

/// The template, embedded in the binary.
const TEMPLATE: &str = include_str!("../../assets/report.html");

/// Everything on the page, in the order it appears.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// What made the folder: "Run", "Paired run", "Comparison", "Sweep", "Target",
    /// "Calibration report".
    pub kind: String,
    pub title: String,
    /// The scenario's `description` (or what was compared, swept or searched).
    pub subtitle: String,
    /// The question(s) the scenario headers ask ([`crate::scenario::question`]); a comparison
    /// may have one per scenario.
    pub questions: Vec<String>,
    /// The answer in plain language, with its uncertainty: one paragraph per item.
    pub answer: Vec<String>,
    pub headline: Vec<Number>,
    /// Warnings a reader must see, as the terminal printed them.
    pub warnings: Vec<String>,
    pub figures: Vec<Figure>,
    pub tables: Vec<Table>,
    pub differences: Vec<Differences>,
    /// How to repeat the run: one command per line.
    pub reproduce: Vec<String>,
    /// The run's settings: (name, value), e.g. ("seed", "20130401").
    pub settings: Vec<(String, String)>,
    /// Every file in the folder, with what it holds where known.
    pub files: Vec<(String, String)>,
    /// A trial's page: its ranges are 95% confidence intervals, not 5–95% bands across
    /// replications.
    pub trial: bool,
}

/// A headline number: its estimate, its 5–95% band, and the CSV cell it was read from.
#[derive(Debug, Serialize)]
pub struct Number {
    pub label: String,
    /// The estimate as a reader sees it ("−1.3 pp", "£24,102").
    pub value: String,
    /// "−1.8 to −0.8 pp", or empty when the number has no band.
    pub band: String,
    /// Where it comes from: file, row (the key cell, or "last row") and column.
    pub file: String,
    pub row: String,
    pub column: String,
    /// The cell exactly as the CSV has it, for a reader (and a test) to check.
    pub raw: String,
}

/// A plot, inline.
#[derive(Debug, Serialize)]
pub struct Figure {
    /// The plot's file stem: `gap` for `gap.svg` / `gap.png`.
    pub stem: String,
    pub caption: String,
    /// The SVG document, embedded as it is in the folder.
    pub svg: String,
}

/// A table shown from one of the folder's CSV files.
#[derive(Debug, Serialize)]
pub struct Table {
    pub title: String,
    pub caption: String,
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Per column, whether every cell is a number (set right-aligned).
    pub numeric: Vec<bool>,
    /// Rows of the file left off the page (it has them all).
    pub more: usize,
}

impl Table {
    fn new(
        title: &str,
        caption: &str,
        file: &str,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        more: usize,
    ) -> Table {
        let numeric = (0..header.len())
            .map(|i| {
                rows.iter().all(|r| {
                    r.get(i).is_none_or(|c| {
                        let t = c.replace(['£', ',', '%', '−'], "");
                        c.is_empty()
                            || c == "n/a"
                            || t.split(' ')
                                .next()
                                .is_some_and(|n| n.parse::<f64>().is_ok())
                    })
                })
            })
            .collect();
        Table {
            title: title.to_string(),
            caption: caption.to_string(),
            file: file.to_string(),
            header,
            rows,
            numeric,
            more,
        }
    }
}

/// The keys in which the scenario differs from another (its parent file or its baseline).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Differences {
    /// "its parent `baseline.toml`", "its baseline `no programme`".
    pub against: String,
    pub rows: Vec<DifferenceRow>,
}

/// One key of [`Differences`].
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct DifferenceRow {
    /// As `--set` writes it: `programmes[1].funding.budget`.
    pub key: String,
    /// The other side's value as TOML on one line, `(none)` where it lacks the key.
    pub from: String,
    pub to: String,
    /// Where the value was set: the scenario file, `--set`, `--policy`.
    pub provenance: String,
}

/// Renders the page.
///
/// # Panics
/// Never on a [`Report`]: the template is fixed and tested; a template error is a bug.
pub fn render(r: &Report) -> Vec<u8> {
    let mut env = minijinja::Environment::new();
    env.add_filter("code", code);
    env.add_template("report.html", TEMPLATE)
        .expect("the report template parses");
    let mut out = env
        .get_template("report.html")
        .expect("added above")
        .render(minijinja::context! { r => minijinja::value::Serde(r) })
        .expect("the report template renders");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.into_bytes()
}

/// Text as HTML, with each `backticked` span (a key, a file, a name, as the terminal writes
/// them) set as code: escaped first, so nothing in the text can become markup.
fn code(text: String) -> minijinja::Value {
    let escape = |t: &str| minijinja::HtmlEscape(t).to_string();
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        // An unpaired backtick: the text as it is.
        return minijinja::Value::from_safe_string(escape(&text));
    }
    let out: String = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", escape(part))
            } else {
                escape(part)
            }
        })
        .collect();
    minijinja::Value::from_safe_string(out)
}

/// A CSV file read back: its header and rows as text.
#[derive(Debug)]
pub struct Csv {
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Which row of a CSV a number is read from.
#[derive(Clone, Copy, Debug)]
pub enum Row<'a> {
    /// The last row (the horizon of a monthly table).
    Last,
    /// The first row whose `column` holds `value`.
    Where(&'a str, &'a str),
}

impl std::fmt::Display for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Row::Last => write!(f, "last row"),
            Row::Where(c, v) => write!(f, "{c} = {v}"),
        }
    }
}

impl Csv {
    /// Parses `bytes` (a file gapsim wrote, so well formed: an error is a bug it reports).
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Csv, String> {
        let mut reader = csv::Reader::from_reader(bytes);
        let header = reader
            .headers()
            .map_err(|e| format!("{file}: {e}"))?
            .iter()
            .map(str::to_string)
            .collect();
        let rows = reader
            .records()
            .map(|r| {
                r.map(|r| r.iter().map(str::to_string).collect())
                    .map_err(|e| format!("{file}: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Csv {
            file: file.to_string(),
            header,
            rows,
        })
    }

    /// The index of column `name`.
    pub fn column_of(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn row(&self, row: Row) -> Option<&Vec<String>> {
        let holds = |r: &&Vec<String>, c: &str, v: &str| {
            self.column_of(c)
                .and_then(|i| r.get(i))
                .is_some_and(|x| x == v)
        };
        match row {
            Row::Last => self.rows.last(),
            Row::Where(c, v) => self.rows.iter().find(|r| holds(r, c, v)),
        }
    }

    /// The cell in `column` of `row`, if both exist.
    pub fn cell(&self, row: Row, column: &str) -> Option<&str> {
        let i = self.column_of(column)?;
        self.row(row)?.get(i).map(String::as_str)
    }

    /// A headline number: the estimate in column `mean`, its band in `p05` and `p95` (when
    /// given), formatted in `unit`. `None` when the row or a cell is missing or blank.
    pub fn number(
        &self,
        label: &str,
        row: Row,
        [mean, p05, p95]: [&str; 3],
        unit: Unit,
    ) -> Option<Number> {
        let value = |c: &str| -> Option<f64> { self.cell(row, c)?.parse().ok() };
        let raw = self.cell(row, mean)?.to_string();
        let m = value(mean)?;
        let unit = unit.for_estimate(m);
        let band = match (value(p05), value(p95)) {
            (Some(lo), Some(hi)) => {
                format!("{} to {}", unit.bare(lo), unit.format(hi))
            }
            _ => String::new(),
        };
        Some(Number {
            label: label.to_string(),
            value: unit.format(m),
            band,
            file: self.file.clone(),
            row: row.to_string(),
            column: mean.to_string(),
            raw,
        })
    }

    /// The whole file as a [`Table`], its numbers formatted for a reader (money with £ and
    /// thousands separators, other numbers to at most 3 decimals), at most `max_rows` rows.
    pub fn table(&self, title: &str, caption: &str, max_rows: usize) -> Table {
        // A calibration row's values are shown to its published figure's precision, as in
        // calibration.md (a 26.3 beside 27.8 ± 1.5 must not read 26).
        let published = self
            .column_of("published")
            .filter(|_| self.file.ends_with("calibration.csv"));
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .take(max_rows)
            .map(|r| {
                let decimals = published
                    .and_then(|i| r[i].parse::<f64>().ok())
                    .map(super::calibration::decimals);
                r.iter()
                    .zip(&self.header)
                    .map(|(cell, column)| match (decimals, cell.parse::<f64>()) {
                        (Some(d), Ok(x)) if CALIBRATION_VALUES.contains(&column.as_str()) => {
                            let s = if d == 0 {
                                super::people_count(x)
                            } else {
                                format!("{x:.d$}")
                            };
                            zero_unsigned(s).replacen('-', "−", 1)
                        }
                        _ => cell_text(cell, column),
                    })
                    .collect()
            })
            .collect();
        let more = self.rows.len().saturating_sub(rows.len());
        Table::new(title, caption, &self.file, self.header.clone(), rows, more)
    }

    /// Only the named columns, in that order (those the file lacks are left out).
    pub fn select(&self, columns: &[&str]) -> Csv {
        let idx: Vec<usize> = columns.iter().filter_map(|c| self.column_of(c)).collect();
        Csv {
            file: self.file.clone(),
            header: idx.iter().map(|&i| self.header[i].clone()).collect(),
            rows: self
                .rows
                .iter()
                .map(|r| idx.iter().map(|&i| r[i].clone()).collect())
                .collect(),
        }
    }

    /// The file turned on its side for a reader: one row per measure (a column `m` with
    /// siblings `m_p05` and `m_p95`), one column per row of the file (named by its cell in
    /// `key`), each cell "mean (p05 to p95)". Columns without a band are left out (they are
    /// in the file).
    pub fn by_measure(&self, key: &str, title: &str, caption: &str) -> Table {
        let Some(k) = self.column_of(key) else {
            return self.table(title, caption, 100);
        };
        let measures: Vec<(&str, usize, usize, usize)> = self
            .header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let lo = self.column_of(&format!("{h}_p05"))?;
                let hi = self.column_of(&format!("{h}_p95"))?;
                Some((h.as_str(), i, lo, hi))
            })
            .collect();
        let mut header = vec!["measure".to_string()];
        header.extend(self.rows.iter().map(|r| r[k].clone()));
        let rows = measures
            .iter()
            .map(|&(name, i, lo, hi)| {
                let mut row = vec![name.to_string()];
                row.extend(self.rows.iter().map(|r| {
                    if r[i].is_empty() {
                        "n/a".to_string()
                    } else {
                        format!(
                            "{} ({} to {})",
                            cell_text(&r[i], name),
                            cell_text(&r[lo], name),
                            cell_text(&r[hi], name)
                        )
                    }
                }));
                row
            })
            .collect();
        Table::new(title, caption, &self.file, header, rows, 0)
    }

    /// Only the rows for which `keep` holds.
    pub fn filtered(&self, keep: impl Fn(&[String]) -> bool) -> Csv {
        Csv {
            file: self.file.clone(),
            header: self.header.clone(),
            rows: self.rows.iter().filter(|r| keep(r)).cloned().collect(),
        }
    }
}

/// A CSV cell of `column` for a reader: text as it is; money (a `gbp` column) as whole
/// pounds with thousands separators; a share (a `share` column, 0–1) in per cent; years,
/// months, deciles and other labels as they are; other numbers of 10 or more whole, with
/// thousands separators, smaller ones to 2 decimals (3 below 1), and "−" for minus.
/// The columns of `trial.csv` and `validation.csv` that hold an outcome, a difference or a
/// ratio (not a count).
const TRIAL_COLUMNS: [&str; 20] = [
    "offered",
    "control",
    "difference",
    "difference_low",
    "difference_high",
    "difference_p05",
    "difference_p95",
    "ratio",
    "ratio_low",
    "ratio_high",
    "scenario",
    "baseline",
    "published",
    "published_low",
    "published_high",
    "model",
    "model_low",
    "model_high",
    "model_offered",
    "model_control",
];

/// The columns of `calibration.csv` in the units of the published figure.
const CALIBRATION_VALUES: [&str; 6] = [
    "published",
    "model_mean",
    "model_p05",
    "model_p95",
    "difference",
    "tolerance",
];

fn cell_text(cell: &str, column: &str) -> String {
    let Ok(x) = cell.parse::<f64>() else {
        return cell.to_string();
    };
    const LABELS: [&str; 11] = [
        "date",
        "year",
        "month",
        "decile",
        "point",
        "replication",
        "when",
        "base_year",
        "by_year",
        "halved_in_year",
        "halved_at_trend_year",
    ];
    let label = LABELS.contains(&column);
    let minus = |s: String| zero_unsigned(s).replacen('-', "−", 1);
    if label {
        cell.to_string()
    } else if column.contains(['.', '[']) {
        // A scenario key's value (a swept or searched key): as many decimals as it has, up to 4.
        Unit::Plain.format(x)
    } else if column.contains("gbp") {
        let sign = if x < 0.0 { "−" } else { "" };
        format!("{sign}£{}", super::people_count(x.abs()))
    } else if column.contains("share") || column.contains("job_outcome_rate") {
        minus(format!("{:.0}%", 100.0 * x))
    } else if column.contains("_pp") || column.starts_with("gap") {
        // Percentage points: one decimal, two below one point.
        let d = if x.abs() < 1.0 { 2 } else { 1 };
        minus(format!("{x:.d$}"))
    } else if TRIAL_COLUMNS.contains(&column) {
        // A trial's shares, months, differences and ratios: one decimal from 10 up, so that
        // 18.5 is not shown as 19 beside a text that says 18.5.
        let d = if x.abs() < 10.0 { 2 } else { 1 };
        minus(format!("{x:.d$}"))
    } else if x.abs() >= 10.0 {
        minus(super::people_count(x))
    } else if x.abs() >= 1.0 {
        minus(trim(format!("{x:.2}")))
    } else {
        minus(trim(format!("{x:.3}")))
    }
}

fn trim(s: String) -> String {
    if s.contains('.') {
        let t = s.trim_end_matches('0').trim_end_matches('.');
        if t == "-0" { "0".into() } else { t.to_string() }
    } else {
        s
    }
}

/// How a headline number is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Percentage points, one decimal: "−1.3 pp".
    Points,
    /// Percentage points, two decimals: "−0.03 pp" (see [`Unit::for_estimate`]).
    FinePoints,
    /// A percentage already in per cent: "43.2%".
    Percent,
    /// A share 0–1 shown in per cent: 0.81 → "81%".
    Share,
    /// A count of real people or jobs: "12,340".
    Count,
    /// Pounds: "£24,102", "£8.5m", "£1.20bn".
    Pounds,
    /// A calendar year: "2032".
    Year,
    /// Months, one decimal: "1.6 months".
    Months,
    /// A ratio, two decimals: "1.55".
    Ratio,
    /// A plain number: of a thousand or more with thousands separators ("250,000"), smaller
    /// ones to at most 4 decimals ("1.1051").
    Plain,
}

impl Unit {
    /// The unit to write an estimate `x` and its band in: points below 1 in absolute value
    /// keep two decimals, so that a change of −0.03 pp does not read "−0.0 pp".
    pub fn for_estimate(self, x: f64) -> Unit {
        match self {
            Unit::Points if x.abs() < 1.0 => Unit::FinePoints,
            u => u,
        }
    }

    /// `x` with its unit.
    pub fn format(self, x: f64) -> String {
        match self {
            Unit::Points | Unit::FinePoints => format!("{} pp", self.bare(x)),
            Unit::Percent | Unit::Share => format!("{}%", self.bare(x)),
            Unit::Months => format!("{} months", self.bare(x)),
            _ => self.bare(x),
        }
    }

    /// `x` without a trailing unit (the low end of a band).
    pub fn bare(self, x: f64) -> String {
        let minus = |s: String| s.replacen('-', "−", 1);
        match self {
            Unit::FinePoints => minus(zero_unsigned(format!("{x:.2}"))),
            Unit::Points | Unit::Percent | Unit::Months => minus(zero_unsigned(format!("{x:.1}"))),
            Unit::Ratio => format!("{x:.2}"),
            Unit::Share => minus(format!("{:.0}", 100.0 * x)),
            Unit::Count => minus(super::people_count(x)),
            Unit::Year => format!("{x:.0}"),
            Unit::Plain if x.abs() >= 1000.0 => minus(super::people_count(x)),
            Unit::Plain => minus(trim(format!("{x:.4}"))),
            Unit::Pounds => {
                let sign = if x < 0.0 { "−" } else { "" };
                let a = x.abs();
                if a >= 1e9 {
                    format!("{sign}£{:.2}bn", a / 1e9)
                } else if a >= 1e7 {
                    format!("{sign}£{:.1}m", a / 1e6)
                } else if a >= 1e6 {
                    format!("{sign}£{:.2}m", a / 1e6)
                } else {
                    format!("{sign}£{}", super::people_count(a))
                }
            }
        }
    }
}

/// "0.0" for "-0.0" (and "-0.00"): a rounded zero has no sign.
fn zero_unsigned(s: String) -> String {
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// What each file a command may write holds, for the report's list of files.
pub fn describe_file(name: &str) -> &'static str {
    match name {
        "report.html" => {
            "the report: question, answer with bands, warnings, plots and tables in one self-contained page"
        }
        "summary.csv" => "every monthly metric: mean and 5–95% band across replications",
        "trajectories.csv" => "every monthly metric in every replication",
        "metrics_long.csv" => {
            "every metric in long format (date, statistic, metric, value) for R or pandas"
        }
        "programmes.csv" => "per programme, provider and payment group: starts, outcomes, payments",
        "providers.csv" => "per provider: income, costs, balance and contract hand-backs",
        "events.csv" => {
            "contract hand-backs, budgets spent and places planned, by replication and month"
        }
        "areas.csv" => "employment and the gap per area",
        "groups.csv" => {
            "the gap, employment, unemployment, inactivity and programme participation by condition, severity, age band, benefit and area, each December"
        }
        "decomposition.csv" => {
            "each year's change in the gap split into moves into and out of work, onset, recovery and ageing"
        }
        "spending.csv" => "spend per programme and month",
        "parking.csv" => "support by decile of assessed and of true distance from work, with bands",
        "halving.csv" => "when the gap is halved against its base year, and the gap at the horizon",
        "manifest.json" => {
            "the resolved scenario(s), settings and versions (`gapsim rerun` repeats a run, not a compare or sweep, from its own)"
        }
        "impact.csv" => "monthly net impact against the baseline",
        "impact_summary.csv" => "the net impact's headline numbers with bands",
        "impact_breakdown.csv" => "net impact per programme and category, deadweight included",
        "baseline_summary.csv" => "the baseline's monthly metrics",
        "impact_decomposition.csv" => {
            "the scenario's decomposition of the gap's change minus the baseline's, part by part"
        }
        "parameters.csv" => "each replication's draw of the uncertain inputs",
        "tornado.csv" => {
            "how far each uncertain input moves the gap (and, paired, the effect on it)"
        }
        "comparison.csv" => "one row per scenario: net impact with bands",
        "comparison.md" => "the comparison as a Markdown table",
        "sweep.csv" => "the gap at the horizon, spend and halving year per grid point",
        "sweep_trajectories.csv" => "every monthly metric at each grid point and replication",
        "target.csv" => "the lever value that halves the gap, with its band and cost",
        "target.txt" => "the target search's answer in words",
        "target_evaluations.csv" => "every lever value the search tried",
        "package.csv" => {
            "several levers: the cheapest package that halves the gap, or the closest (meets_goal)"
        }
        "package.txt" => "the package search's answer in words",
        "package_evaluations.csv" => {
            "every package tried: gap, goal, cost, and whether it is on the frontier"
        }
        "trial.csv" => {
            "trial-style outcomes: by arm with 95% intervals (gapsim trial), or participants in both worlds with bands (a paired run)"
        }
        "trial.md" => "the trial's outcomes as a trial report's table",
        "validation.csv" => "each published programme study beside the model's trial of it",
        "validation.md" => "the validation table with sources",
        "studies.toml" => "the studies file the validation ran",
        "calibration.csv" => "every published figure beside the model's value",
        "calibration.md" => "the calibration table with sources",
        "shard.json" => "a shard's raw results, for `gapsim merge`",
        "sweep_shard.json" => "a sweep shard's raw results, for `gapsim merge`",
        _ => match name.rsplit_once('.') {
            Some((stem, "png" | "svg")) => describe_plot(stem),
            _ => "",
        },
    }
}

/// What the plot `<stem>.png` / `<stem>.svg` shows.
fn describe_plot(stem: &str) -> &'static str {
    match stem {
        "gap" => "plot: the gap each month with its band, the halving goal and published points",
        "employment_rates" => {
            "plot: employment rates of disabled and non-disabled people with bands"
        }
        "status_by_disability" => {
            "plot: unemployment and inactivity rates of disabled and non-disabled people with bands"
        }
        "parking_curve" => {
            "plot: support by decile of assessed and of true distance from work, with bands"
        }
        "caseloads" => {
            "plot: benefit caseloads (claimant count, UC, UC health, ESA, PIP) with bands and published points"
        }
        "decomposition" => "plot: each year's change in the gap as stacked bars of its parts",
        "impact_gap" => "plot: the scenario's gap minus the baseline's, with its band",
        "impact_caseloads" => "plot: the benefit caseloads, scenario minus baseline, with bands",
        "tornado" => "plot: how far each uncertain input moves the gap (paired: the effect on it)",
        "gap_change" => "plot: each scenario's gap minus its baseline's, with bands",
        "cost_per_additional_job" => {
            "plot: cost per additional sustained job, mean and 5–95% range"
        }
        "sweep_gap" => "plot: the gap at each value of the swept keys, with bands",
        "target" => "plot: the gap in the goal year at each lever value tried, with its band",
        "package" => "plot: cost against the gap for every package tried, and the frontier",
        "trial" => "plot: each trial arm in work by months since referral, with 95% intervals",
        "trial_employment" => {
            "plot: participants in work by months since referral, in the scenario and in the baseline"
        }
        "validation_ratios" | "validation_differences" => {
            "plot: each study's published effect beside the model's, with 95% intervals"
        }
        _ => "a plot",
    }
}

/// The text of a command's `--help` that lists the files it writes: `files` in order, each
/// with what it holds (PNG and SVG of one plot on one line).
pub fn files_help(heading: &str, files: &[&str]) -> String {
    let mut out = if heading.is_empty() {
        String::new()
    } else {
        format!("{heading}\n")
    };
    for f in files {
        let (shown, what) = match f.strip_suffix(".png") {
            Some(stem) => (format!("{stem}.png/.svg"), describe_plot(stem)),
            None => (f.to_string(), describe_file(f)),
        };
        out.push_str(&format!("  {shown:<29} {what}\n"));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_from_their_cell_and_formatted_for_a_reader() {
        let csv = Csv::parse(
            "impact_summary.csv",
            b"metric,mean,p05,p95\ngap_change_pp_at_end,-1.2841,-1.7820,-0.8119\nspend_gbp,8474666.6667,8387200.0000,8603200.0000\n",
        )
        .unwrap();
        let n = csv
            .number(
                "change",
                Row::Where("metric", "gap_change_pp_at_end"),
                ["mean", "p05", "p95"],
                Unit::Points,
            )
            .unwrap();
        assert_eq!(n.value, "−1.3 pp");
        let fine = |x: f64| Unit::Points.for_estimate(x).format(x);
        assert_eq!(fine(-0.016), "−0.02 pp");
        assert_eq!(fine(-0.001), "0.00 pp");
        assert_eq!(fine(-1.28), "−1.3 pp");
        assert_eq!(n.band, "−1.8 to −0.8 pp");
        assert_eq!(n.raw, "-1.2841");
        let s = csv
            .number(
                "spend",
                Row::Where("metric", "spend_gbp"),
                ["mean", "", ""],
                Unit::Pounds,
            )
            .unwrap();
        assert_eq!((s.value.as_str(), s.band.as_str()), ("£8.47m", ""));
        assert!(
            csv.number(
                "x",
                Row::Where("metric", "nope"),
                ["mean", "", ""],
                Unit::Count
            )
            .is_none()
        );
    }

    #[test]
    fn table_cells_keep_text_and_round_numbers() {
        assert_eq!(cell_text("Provider North", "provider"), "Provider North");
        assert_eq!(cell_text("2018", "base_year"), "2018");
        assert_eq!(cell_text("0.8174", "mean_assessed_distance"), "0.817");
        assert_eq!(cell_text("13306.6667", "participants"), "13,307");
        assert_eq!(cell_text("51.875", "job_outcomes"), "52");
        assert_eq!(cell_text("3.9657", "mean_support_hours"), "3.97");
        assert_eq!(
            cell_text("200000", "programmes[2].starts_per_year"),
            "200,000"
        );
        assert_eq!(cell_text("30266.6667", "payments_gbp"), "£30,267");
        assert_eq!(cell_text("17000000", "costs_gbp"), "£17,000,000");
        assert_eq!(cell_text("0.8174", "deadweight_share"), "82%");
        assert_eq!(cell_text("-1.28", "gap_change_pp_at_end"), "−1.3");
        assert_eq!(cell_text("-0.06", "gap_change_pp_at_end"), "−0.06");
        assert_eq!(cell_text("11.54", "gap_pp_by_mean"), "11.5");
        assert_eq!(cell_text("1.1051", "labour.loss_distance"), "1.1051");
        assert_eq!(cell_text("0.403", "job_outcome_rate"), "40%");
        assert_eq!(cell_text("-0.0001", "x"), "0");
        assert_eq!(Unit::Pounds.format(1.234e9), "£1.23bn");
    }

    #[test]
    fn backticked_spans_become_code_and_nothing_becomes_markup() {
        let html = |t: &str| code(t.to_string()).to_string();
        assert_eq!(
            html("paired against `no <b>`"),
            "paired against <code>no &lt;b&gt;</code>"
        );
        assert_eq!(html("one ` alone <i>"), "one ` alone &lt;i&gt;");
    }

    #[test]
    fn the_page_escapes_what_it_is_given() {
        let r = Report {
            kind: "Run".into(),
            title: "A <b>bold</b> & risky name".into(),
            ..Report::default()
        };
        let html = String::from_utf8(render(&r)).unwrap();
        assert!(
            html.contains("A &lt;b&gt;bold&lt;&#x2f;b&gt; &amp; risky name"),
            "{html}"
        );
        assert!(!html.contains("<script"));
    }
}
