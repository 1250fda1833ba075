//! `report.html` for every command: what each command puts on the page.
//!
//! Each command calls one function here after writing its files and before committing the
//! folder. The page is filled from the files just written (read back through [`Staging`]), so
//! its numbers are the CSVs' numbers; `output::report` formats and renders it.

use super::AppError;
use crate::engine::Model;
use crate::output::export::CommandLine;
use crate::output::report::{
    Csv, DifferenceRow, Differences, Figure, Number, Report, Row, Table, Unit, describe_file,
    render,
};
use crate::output::{Staging, people_count};
use crate::scenario::{self, Scenario};

/// The page's file name.
pub const REPORT: &str = "report.html";

/// A file of the folder read back as CSV, if the command wrote it.
fn csv(staging: &Staging, name: &str) -> Result<Option<Csv>, AppError> {
    if !staging.path().join(name).is_file() {
        return Ok(None);
    }
    let bytes = staging.read(name)?;
    Csv::parse(name, &bytes)
        .map(Some)
        .map_err(|e| AppError::Other(anyhow::anyhow!("cannot read back {e}")))
}

/// The folder's plots, inline: those named in `order` first (with their captions), then any
/// other SVG the folder holds.
fn figures(staging: &Staging, order: &[(&str, &str)]) -> Result<Vec<Figure>, AppError> {
    let names = staging.names()?;
    let svgs: Vec<&str> = names
        .iter()
        .filter_map(|n| n.strip_suffix(".svg"))
        .collect();
    let mut stems: Vec<(&str, &str)> = order
        .iter()
        .copied()
        .filter(|(s, _)| svgs.contains(s))
        .collect();
    for s in &svgs {
        if !stems.iter().any(|(t, _)| t == s) {
            stems.push((s, ""));
        }
    }
    stems
        .into_iter()
        .map(|(stem, caption)| {
            let bytes = staging.read(&format!("{stem}.svg"))?;
            Ok(Figure {
                stem: stem.to_string(),
                caption: caption.to_string(),
                svg: String::from_utf8_lossy(&bytes).into_owned(),
            })
        })
        .collect()
}

/// Writes the page: the files list is made here (every file of the folder, and the page).
fn write(staging: &Staging, mut report: Report) -> Result<(), AppError> {
    let mut names = staging.names()?;
    names.push(REPORT.to_string());
    names.sort();
    report.files = names
        .into_iter()
        .map(|n| {
            let what = describe_file(&n).to_string();
            (n, what)
        })
        .collect();
    super::check_interrupt()?;
    staging.write(REPORT, &render(&report))?;
    Ok(())
}

/// "1 replication", "20 replications".
fn replications(n: u32) -> String {
    format!("{n} replication{}", if n == 1 { "" } else { "s" })
}

/// `s` with a capital first letter, unless it starts with a scenario key (`labour.x = 1`),
/// whose case matters.
fn capitalised(s: &str) -> String {
    let first = s.split(' ').next().unwrap_or_default();
    if first.contains(['.', '_', '[']) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `s` with the minus sign of each negative number ("-1.28", "(-0.51") written as a minus
/// (−), as the page's tables write it; hyphens in words and dates are left alone.
fn minus_signs(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1);
            let number = after.is_some_and(|a| a.is_ascii_digit());
            let starts = before.is_none_or(|b| b == ' ' || b == '(' || b == '[');
            if c == '-' && number && starts {
                '−'
            } else {
                c
            }
        })
        .collect()
}

/// A sentence as a reader expects it: a capital first letter, a full stop, and minus signs.
fn sentence(s: &str) -> String {
    let mut out = minus_signs(&capitalised(s));
    if out.is_empty() {
        return out;
    }
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// The scenario's `description` as a sentence, unless it is its parent's (inherited through
/// `extends`, it would describe another scenario): then nothing.
fn own_description(s: &Scenario, given: &CommandLine) -> String {
    let inherited = given.from_parent.as_ref().is_some_and(|d| {
        !d.against.contains("built-in defaults") && !d.rows.iter().any(|r| r.key == "description")
    });
    if inherited {
        String::new()
    } else {
        sentence(&s.description)
    }
}

/// The keys in which `scenario` differs from its `baseline`, each with where it was set when
/// the scenario's own file (or a flag) set it.
fn from_baseline(scenario: &Scenario, baseline: &Scenario, given: &CommandLine) -> Differences {
    let rows = super::world_differences(baseline, scenario)
        .into_iter()
        .map(|d| {
            let key = d.key();
            let set_here = given
                .from_parent
                .as_ref()
                .and_then(|p| p.rows.iter().find(|r| r.key == key))
                .map(|r| r.provenance.clone());
            let show =
                |v: &Option<toml::Value>| v.as_ref().map_or("(none)".into(), scenario::inline);
            DifferenceRow {
                from: show(&d.parent),
                to: show(&d.child),
                provenance: set_here.unwrap_or_else(|| "a file up the `extends` chain".into()),
                key,
            }
        })
        .collect();
    Differences {
        against: format!("its baseline `{}`", baseline.name),
        rows,
    }
}

/// The settings that identify a run, for the reproduce section; with the resolved scenario's
/// hash when the page is of one scenario.
fn settings(s: &Scenario, given: &CommandLine, hash: bool) -> Vec<(String, String)> {
    let mut out = vec![
        ("gapsim version", env!("CARGO_PKG_VERSION").to_string()),
        ("source revision", env!("GAPSIM_REVISION").to_string()),
    ];
    if hash {
        out.push(("scenario SHA-256", crate::output::export::scenario_hash(s)));
    }
    out.extend([
        ("seed", s.seed.to_string()),
        ("replications", s.replications.to_string()),
        (
            "people simulated",
            people_count(s.population.n_people as f64),
        ),
        (
            "real people each stands for",
            format!("{}", s.population.scale),
        ),
        (
            "months",
            format!("{} ({} to {})", s.months, s.start, s.end()),
        ),
    ]);
    let mut out: Vec<(String, String)> = out.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    for (flag, list) in [("--set", &given.settings), ("--policy", &given.policies)] {
        for v in list {
            out.push((flag.to_string(), v.clone()));
        }
    }
    out
}

/// What a run's page says about one run (whole, paired, merged, or the run of a calibration
/// report).
pub(super) struct RunPage<'a> {
    pub kind: &'a str,
    pub model: &'a Model,
    pub baseline: Option<&'a Model>,
    pub given: &'a CommandLine,
    pub warnings: &'a [String],
    /// The terminal's lines about the result: when the gap halves, the impact line.
    pub answer: Vec<String>,
    /// Extra tables first on the page (a calibration table): file, title, caption and the
    /// columns shown (all when empty).
    pub lead_tables: Vec<(&'a str, &'a str, &'a str, &'a [&'a str])>,
    /// The command that repeats this folder when `gapsim rerun` cannot (a calibration
    /// report); `None` for a run.
    pub command: Option<String>,
}

/// The run-size flags, `--set`s and `--policy`s of a command line as a reader would type them
/// again (each with a leading space).
pub(super) fn flags_text(g: &CommandLine) -> String {
    let f = &g.flags;
    let mut out = String::new();
    for (flag, v) in [
        ("--replications", f.replications.map(|v| v.to_string())),
        ("--seed", f.seed.map(|v| v.to_string())),
        ("--people", f.people.map(|v| v.to_string())),
        ("--months", f.months.map(|v| v.to_string())),
    ] {
        if let Some(v) = v {
            out.push_str(&format!(" {flag} {v}"));
        }
    }
    for (flag, list) in [("--set", &g.settings), ("--policy", &g.policies)] {
        for v in list {
            out.push_str(&format!(" {flag} '{v}'"));
        }
    }
    out
}

/// The page of a run, paired or not, whole or merged from shards.
pub(super) fn run_page(staging: &Staging, p: RunPage) -> Result<(), AppError> {
    let s = &p.model.scenario;
    let mut headline: Vec<Number> = Vec::new();
    let mut answer: Vec<String> = p.answer.iter().map(|a| sentence(a)).collect();
    // The horizon gap is over the last 12 months, or the whole of a shorter run.
    let last = match s.months.min(12) {
        1 => "month".to_string(),
        n => format!("{n} months"),
    };
    if let Some(h) = csv(staging, "halving.csv")? {
        let bands = [
            "horizon_gap_pp_mean",
            "horizon_gap_pp_p05",
            "horizon_gap_pp_p95",
        ];
        if let Some(n) = h.number(
            &format!("Disability employment gap, {last} to {}", s.end()),
            Row::Last,
            bands,
            Unit::Points,
        ) {
            answer.push(format!(
                "Over the {last} to {} the gap averages {} (5–95%: {}) across {}.",
                s.end(),
                n.value,
                n.band,
                replications(s.replications)
            ));
            headline.push(n);
        }
        if let Some(base) = h.cell(Row::Last, "base_year").filter(|b| !b.is_empty()) {
            let rows = [
                (
                    format!("Gap in the base year {base}"),
                    "base_gap_pp",
                    Unit::Points,
                ),
                (
                    "Halved within the run in".into(),
                    "halved_in_year",
                    Unit::Year,
                ),
                (
                    "Halved at the simulated trend around".into(),
                    "halved_at_trend_year",
                    Unit::Year,
                ),
            ];
            for (label, column, unit) in rows {
                headline.extend(h.number(&label, Row::Last, [column, "", ""], unit));
            }
        }
    }
    if let Some(summary) = csv(staging, "summary.csv")? {
        for (label, stem) in [
            (
                "Employment rate of disabled people",
                "employment_rate_disabled",
            ),
            (
                "Employment rate of non-disabled people",
                "employment_rate_non_disabled",
            ),
            (
                "Unemployment rate of disabled people (of the active)",
                "unemployment_rate_disabled",
            ),
            (
                "Unemployment rate of non-disabled people (of the active)",
                "unemployment_rate_non_disabled",
            ),
            (
                "Inactivity rate of disabled people",
                "inactivity_rate_disabled",
            ),
            (
                "Inactivity rate of non-disabled people",
                "inactivity_rate_non_disabled",
            ),
        ] {
            let cols = [0, 1, 2].map(|i| format!("{stem}_{}", ["mean", "p05", "p95"][i]));
            headline.extend(summary.number(
                &format!("{label}, {}", s.end()),
                Row::Last,
                [&cols[0], &cols[1], &cols[2]],
                Unit::Percent,
            ));
        }
    }
    if let Some(impact) = csv(staging, "impact_summary.csv")? {
        for (label, metric, unit) in [
            (
                "Change in the gap at the end (against the baseline)",
                "gap_change_pp_at_end",
                Unit::Points,
            ),
            (
                "Net additional sustained jobs",
                "net_additional_sustained_jobs",
                Unit::Count,
            ),
            (
                "Additional people in work at the end",
                "additional_employed_at_end",
                Unit::Count,
            ),
            ("Additional spend", "additional_spend_gbp", Unit::Pounds),
            (
                "Of which employer levers (wage subsidies, Access to Work)",
                "additional_employer_spend_gbp",
                Unit::Pounds,
            ),
            (
                "Hires displaced for want of a vacancy",
                "additional_hires_displaced",
                Unit::Count,
            ),
            (
                "Additional disabled people in work at the end",
                "additional_employed_disabled_at_end",
                Unit::Count,
            ),
            (
                "Additional spending on benefits (UC, JSA, ESA, incapacity benefit, PIP and DLA at their rates)",
                "additional_benefit_spend_gbp",
                Unit::Pounds,
            ),
            (
                "Net cost to the Exchequer (spend and benefits; tax not counted)",
                "net_exchequer_cost_gbp",
                Unit::Pounds,
            ),
            (
                "Change in the claimant count at the end",
                "claimant_count_change_at_end",
                Unit::Count,
            ),
            (
                "Change in the UC health caseload at the end",
                "uc_health_change_at_end",
                Unit::Count,
            ),
            (
                "Cost per additional sustained job",
                "cost_per_additional_sustained_job_gbp",
                Unit::Pounds,
            ),
            (
                "Deadweight (sustained jobs that would have happened anyway)",
                "deadweight_share",
                Unit::Share,
            ),
            (
                "Participants parked (mean monthly support below the parking threshold)",
                "parked_share",
                Unit::Share,
            ),
        ] {
            // The employer levers' rows only where they did something.
            let nothing = matches!(
                metric,
                "additional_employer_spend_gbp" | "additional_hires_displaced"
            ) && impact
                .cell(Row::Where("metric", metric), "mean")
                .and_then(|v| v.parse::<f64>().ok())
                .is_some_and(|v| v == 0.0);
            if nothing {
                continue;
            }
            headline.extend(impact.number(
                label,
                Row::Where("metric", metric),
                ["mean", "p05", "p95"],
                unit,
            ));
        }
    }

    let uncertain = staging.path().join("tornado.csv").is_file();
    let mut tables = Vec::new();
    for (file, title, caption, columns) in &p.lead_tables {
        if let Some(c) = csv(staging, file)? {
            let c = if columns.is_empty() {
                c
            } else {
                c.select(columns)
            };
            tables.push(c.table(title, caption, 200));
        }
    }
    let plain: [(&str, &str, &str); 5] = [
        (
            "impact_breakdown.csv",
            "Net impact by programme and group",
            "Sustained jobs of participants against the same people in the baseline world; deadweight is what would have happened anyway.",
        ),
        (
            "programmes.csv",
            "Programmes, providers and payment groups",
            "Means across replications, over the whole run.",
        ),
        (
            "providers.csv",
            "Providers",
            "Income, costs and balance; a contract handed back shows its share of replications and first month.",
        ),
        (
            "tornado.csv",
            "What moves the gap: each uncertain input at its 5th and 95th percentile",
            "In a paired run, the effect columns are the scenario's gap less the baseline's at the same values, and rank the inputs.",
        ),
        (
            "events.csv",
            "Events: contract hand-backs, budgets spent, places planned",
            "By replication and month.",
        ),
    ];
    for (file, title, caption) in plain {
        if let Some(c) = csv(staging, file)?
            && !c.rows.is_empty()
        {
            tables.push(c.table(title, caption, 40));
        }
    }
    if let Some(c) = csv(staging, "parking.csv")? {
        tables.push(c.table(
            "Parking: support by decile of distance from work",
            "Mean support hours per participant-month, the share of participants parked (mean monthly support below the threshold) and the job outcome rate, by decile of assessed distance (what the provider sees) and of true distance (the person's real distance), with 5–95% bands across replications.",
            80,
        ));
    }
    if let Some(c) = csv(staging, "areas.csv")?
        && s.areas.len() > 1
    {
        let last = s.end().to_string();
        let at_end = c.filtered(|r| r.get(2).is_some_and(|d| *d == last));
        tables.push(at_end.table(
            &format!("Results by area, {last}"),
            "The last month of `areas.csv` (every month is in the file).",
            40,
        ));
    }

    let mut differences: Vec<Differences> = p.given.from_parent.iter().cloned().collect();
    if let Some(b) = p.baseline {
        differences.push(from_baseline(s, &b.scenario, p.given));
    }
    let report = Report {
        kind: p.kind.to_string(),
        title: s.name.clone(),
        subtitle: {
            let own = own_description(s, p.given);
            match p.baseline {
                Some(b) => format!("{own} Paired against `{}`.", b.scenario.name),
                None => own,
            }
            .trim()
            .to_string()
        },
        questions: p.given.question.iter().map(|q| capitalised(q)).collect(),
        answer,
        headline,
        warnings: p.warnings.to_vec(),
        figures: figures(
            staging,
            &[
                ("gap", "The disability employment gap each month: the mean across replications and its 5–95% band, with half the base year's gap as the goal and published Labour Force Survey points where the world is national."),
                ("impact_gap", "The scenario's gap minus the baseline's, on common random numbers: below zero the scenario narrows the gap."),
                ("impact_caseloads", "The benefit caseloads of the caseloads figure, the scenario's minus the baseline's each month in thousands, with bands: who claims what because of the scenario."),
                ("trial_employment", "The participants of each programme that differs in work by months since referral, with the programme and (the same people) without it: the figure of a trial report, the baseline world as the control (trial.csv)."),
                ("employment_rates", "Employment rates of disabled and non-disabled people aged 16–64, with bands."),
                ("status_by_disability", "Unemployment (of the economically active) and inactivity (of all 16–64s) of disabled and non-disabled people, with bands; the published points of 2019 were fitted, those of 2017 are checks."),
                ("caseloads", "Benefit caseloads each month in millions: the claimant count (JSA and UC searching for work, with those in work under the administrative earnings threshold), everyone on Universal Credit, UC with limited capability for work, ESA and PIP, with bands; dots are published DWP and ONS figures in the line's colour (a few fitted, most checks: calibration.csv)."),
                ("decomposition", "Where each year's change in the gap comes from: moves into and out of work, onset and recovery moving people between the groups, and ageing, stacked above zero when they widen the gap and below when they narrow it; the dot is the net change with its 5–95% band (decomposition.csv)."),
                ("parking_curve", "Support hours by decile of distance from work: left by assessed distance (what the provider sees and rations on), right by true distance, with bands."),
                ("tornado", "How far each uncertain input moves the gap over the last 12 months, at its 5th and 95th percentile; in a paired run, how far it moves the scenario's effect on the gap (its gap less the baseline's at the same values)."),
            ],
        )?,
        tables,
        differences,
        reproduce: match (&p.command, uncertain) {
            (Some(c), _) => vec![c.clone()],
            (None, true) => vec![
                "# a run with uncertain inputs: from its scenario file (gapsim rerun cannot repeat it)".into(),
                format!("gapsim run <the scenario file>{}", flags_text(p.given)),
            ],
            (None, false) => vec![
                "# from this folder's manifest.json alone (byte for byte with the same gapsim revision):".into(),
                "gapsim rerun <this folder> --out <new folder>".into(),
                "# or from the scenario file:".into(),
                format!(
                    "gapsim run <the scenario file>{}{}",
                    flags_text(p.given),
                    p.baseline.map_or(String::new(), |_| " [--against <the baseline file>]".into())
                ),
            ],
        },
        settings: settings(s, p.given, true),
        files: Vec::new(),
        trial: false,
    };
    write(staging, report)
}

/// The page of a sweep (whole or merged): the gap at every point of the grid.
pub(super) fn sweep_page(
    staging: &Staging,
    spec: &super::explore::SweepSpec,
    sweep: &crate::results::Sweep,
    first: &Model,
    warnings: &[String],
) -> Result<(), AppError> {
    let s = &first.scenario;
    // What the sweep's command line gave besides its axes.
    let given = CommandLine {
        settings: spec.fixed.clone(),
        policies: spec.policies.clone(),
        flags: spec.flags,
        ..CommandLine::default()
    };
    let when = spec.year.map_or(
        "over the 12 months to the end of the run".to_string(),
        |y| format!("in {y}"),
    );
    let keys: Vec<String> = spec.axes.iter().map(|a| format!("`{}`", a.key)).collect();
    let mut questions: Vec<String> = spec.question.iter().map(|q| capitalised(q)).collect();
    questions.push(format!(
        "How does the gap {when} change as {} {}?",
        keys.join(" and "),
        if keys.len() == 1 { "varies" } else { "vary" }
    ));
    let mut headline = Vec::new();
    let mut answer = Vec::new();
    if let Some(c) = csv(staging, "sweep.csv")? {
        let axis_cols = spec.axes.len();
        let label = |row: &[String]| -> String {
            spec.axes
                .iter()
                .zip(row.iter().skip(1).take(axis_cols))
                .map(|(a, v)| format!("{} = {v}", a.key))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let gap_col = c
            .header
            .iter()
            .position(|h| h.ends_with("_mean") && h.starts_with("gap_pp"))
            .map(|i| c.header[i].clone());
        if let Some(col) = gap_col {
            let stem = col.trim_end_matches("_mean").to_string();
            let gap = |r: &[String]| -> f64 {
                c.header
                    .iter()
                    .position(|h| *h == col)
                    .and_then(|i| r.get(i)?.parse().ok())
                    .unwrap_or(f64::NAN)
            };
            let lowest = c.rows.iter().min_by(|a, b| gap(a).total_cmp(&gap(b)));
            let highest = c.rows.iter().max_by(|a, b| gap(a).total_cmp(&gap(b)));
            if let (Some(lo), Some(hi)) = (lowest, highest)
                && (gap(hi) - gap(lo)).abs() < 0.05
            {
                answer.push(format!(
                    "The mean gap {when} is {} at every one of the {} points: over this range the \
                     swept keys make no difference to it.",
                    Unit::Points.format(gap(lo)),
                    c.rows.len()
                ));
            } else if let (Some(lo), Some(hi)) = (lowest, highest) {
                answer.push(format!(
                    "Across the {} points the mean gap {when} runs from {} at {} to {} at {}; \
                     each point's 5–95% range is in the table and the plot.",
                    c.rows.len(),
                    Unit::Points.format(gap(lo)),
                    label(lo),
                    Unit::Points.format(gap(hi)),
                    label(hi)
                ));
            }
            let halved: Vec<String> = c
                .rows
                .iter()
                .filter(|r| {
                    c.column_of("halved_in_year")
                        .and_then(|i| r.get(i))
                        .is_some_and(|v| !v.is_empty())
                })
                .map(|r| label(r))
                .collect();
            answer.push(if halved.is_empty() {
                "At no point is the gap halved within the run.".to_string()
            } else {
                format!(
                    "The gap is halved within the run at: {}.",
                    halved.join("; ")
                )
            });
            for row in c.rows.iter().take(24) {
                let point = &row[0];
                headline.extend(c.number(
                    &format!("Gap {when}, {}", label(row)),
                    Row::Where("point", point),
                    [&col, &format!("{stem}_p05"), &format!("{stem}_p95")],
                    Unit::Points,
                ));
            }
        }
    }
    let mut tables = Vec::new();
    if let Some(c) = csv(staging, "sweep.csv")? {
        tables.push(c.table(
            "Every point of the sweep",
            "The gap, programme spend over the run and the halving year at each point, with 5–95% ranges across replications.",
            200,
        ));
    }
    let report = Report {
        kind: "Sweep".into(),
        title: s.name.clone(),
        subtitle: format!(
            "{} points of {} from `{}`, every point on the same seeds.",
            spec.grid.len(),
            keys.join(" × "),
            spec.scenario
        ),
        questions,
        answer,
        headline,
        warnings: warnings.to_vec(),
        figures: figures(
            staging,
            &[(
                "sweep_gap",
                "The gap at each value of the first swept key (one line per value of the second), with 5–95% bands and half the base year's gap.",
            )],
        )?,
        tables,
        differences: Vec::new(),
        reproduce: vec![format!(
            "gapsim sweep {} {}{}",
            spec.scenario,
            spec.axes
                .iter()
                .map(|a| {
                    let (first, last) = (a.values.first(), a.values.last());
                    match (first, last) {
                        (Some(f), Some(l)) if a.values.len() > 1 => {
                            format!("--set '{}={f}..{l}/{}'", a.key, a.values.len())
                        }
                        _ => format!(
                            "--set '{}={}'",
                            a.key,
                            a.values.first().map_or(String::new(), |v| v.to_string())
                        ),
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
            flags_text(&given)
        )],
        settings: {
            // The first point's scenario: its hash would not identify the sweep.
            let mut v = settings(s, &given, false);
            v.push((
                "axes".into(),
                sweep
                    .axes
                    .iter()
                    .map(|a| format!("{}: {} values", a.key, a.values.len()))
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
            v
        },
        files: Vec::new(),
        trial: false,
    };
    write(staging, report)
}

/// The page of a target search.
pub(super) fn target_page(
    staging: &Staging,
    model: &Model,
    given: &CommandLine,
    lever: &str,
    money: bool,
    message: &str,
    command: String,
) -> Result<(), AppError> {
    let mut headline = Vec::new();
    let mut questions: Vec<String> = given.question.iter().map(|q| capitalised(q)).collect();
    if let Some(c) = csv(staging, "target.csv")? {
        let (by, base) = (
            c.cell(Row::Last, "by_year").unwrap_or_default().to_string(),
            c.cell(Row::Last, "base_year")
                .unwrap_or_default()
                .to_string(),
        );
        questions.push(format!(
            "What value of `{lever}` halves the gap by {by}, against the {base} gap, and at what cost?"
        ));
        let unit = if money { Unit::Pounds } else { Unit::Plain };
        let reached = c.cell(Row::Last, "reached") == Some("true");
        let rows: [(String, [&str; 3], Unit); 5] = [
            (
                if reached {
                    format!("Value of {lever} that halves the gap")
                } else {
                    format!("Value of {lever} that comes closest (none halves the gap)")
                },
                ["value", "value_p05", "value_p95"],
                unit,
            ),
            (
                format!("Half the {base} gap (the goal)"),
                ["goal_gap_pp_mean", "", ""],
                Unit::Points,
            ),
            (
                format!("Gap in {by} at that value"),
                ["gap_pp_by_mean", "gap_pp_by_p05", "gap_pp_by_p95"],
                Unit::Points,
            ),
            (
                "Public spending over the run at that value (programmes and employer levers)"
                    .into(),
                ["spend_gbp_mean", "spend_gbp_p05", "spend_gbp_p95"],
                Unit::Pounds,
            ),
            (
                "Replications whose own search reaches the goal".into(),
                ["replications_reaching", "", ""],
                Unit::Count,
            ),
        ];
        for (label, columns, unit) in rows {
            headline.extend(c.number(&label, Row::Last, columns, unit));
        }
    }
    let mut tables = Vec::new();
    if let Some(c) = csv(staging, "target_evaluations.csv")? {
        tables.push(c.table(
            "Every value the search tried",
            "The gap in the goal year and the spend at each value, with 5–95% ranges.",
            100,
        ));
    }
    search_page(
        staging,
        model,
        given,
        message,
        command,
        (questions, headline, tables),
        (
            "target",
            "The gap in the goal year at every value tried, with its 5–95% band, and the goal.",
        ),
    )
}

/// The page of a package search (`target` with several levers): the answer, its headline
/// numbers read from `package.csv`, the frontier plot and every package tried.
pub(super) fn package_page(
    staging: &Staging,
    model: &Model,
    given: &CommandLine,
    message: &str,
    command: String,
) -> Result<(), AppError> {
    let mut headline = Vec::new();
    let mut questions: Vec<String> = given.question.iter().map(|q| capitalised(q)).collect();
    if let Some(c) = csv(staging, "package.csv")? {
        let (by, base) = (
            c.cell(Row::Last, "by_year").unwrap_or_default().to_string(),
            c.cell(Row::Last, "base_year")
                .unwrap_or_default()
                .to_string(),
        );
        questions.push(format!(
            "What is the cheapest package of these levers that halves the gap by {by}, against \
             the {base} gap, and what does it cost?"
        ));
        let rows: [(String, [&str; 3], Unit); 5] = [
            (
                format!("Half the {base} gap (the goal)"),
                ["goal_gap_pp_mean", "", ""],
                Unit::Points,
            ),
            (
                format!("Gap in {by} with the package"),
                ["gap_pp_by_mean", "gap_pp_by_p05", "gap_pp_by_p95"],
                Unit::Points,
            ),
            (
                "Cost over the run (public spend and the levers' costs)".into(),
                ["cost_gbp_mean", "cost_gbp_p05", "cost_gbp_p95"],
                Unit::Pounds,
            ),
            (
                "Of which more than with every lever at its lowest".into(),
                [
                    "added_cost_gbp_mean",
                    "added_cost_gbp_p05",
                    "added_cost_gbp_p95",
                ],
                Unit::Pounds,
            ),
            (
                format!(
                    "Replications in which the package meets the goal, of {}",
                    c.cell(Row::Last, "replications").unwrap_or_default()
                ),
                ["replications_meeting", "", ""],
                Unit::Count,
            ),
        ];
        for (label, columns, unit) in rows {
            headline.extend(c.number(&label, Row::Last, columns, unit));
        }
    }
    let mut tables = Vec::new();
    if let Some(c) = csv(staging, "package.csv")? {
        tables.push(c.table(
            "The package",
            "The cheapest package tried that meets the goal, or the closest when none does \
             (meets_goal says which).",
            1,
        ));
    }
    if let Some(c) = csv(staging, "package_evaluations.csv")? {
        tables.push(c.table(
            "Every package tried",
            "The gap in the goal year and the cost of each package, with 5–95% ranges; \
             on_frontier marks those no other package beats on both.",
            200,
        ));
    }
    search_page(
        staging,
        model,
        given,
        message,
        command,
        (questions, headline, tables),
        (
            "package",
            "Cost against the gap in the goal year: every package tried (points) and the \
             frontier (line, with the 5–95% band), and the goal.",
        ),
    )
}

/// The page of a `target` search, one lever or several: the answer and warnings from its
/// `message` (a warning is a line beginning `note:` or `warning:`), the page's questions,
/// headline numbers and tables, its one `figure` (file stem, caption), the keys in which the
/// scenario differs from its parent, and how to repeat it.
fn search_page(
    staging: &Staging,
    model: &Model,
    given: &CommandLine,
    message: &str,
    command: String,
    (questions, headline, tables): (Vec<String>, Vec<Number>, Vec<Table>),
    figure: (&str, &str),
) -> Result<(), AppError> {
    let s = &model.scenario;
    let (warnings, answer): (Vec<&str>, Vec<&str>) = message
        .lines()
        .partition(|l| l.starts_with("note:") || l.starts_with("warning:"));
    let mut differences: Vec<Differences> = given.from_parent.iter().cloned().collect();
    differences.truncate(1);
    let report = Report {
        kind: "Target".into(),
        title: s.name.clone(),
        subtitle: own_description(s, given),
        questions,
        answer: answer.into_iter().map(sentence).collect(),
        headline,
        warnings: warnings.into_iter().map(str::to_string).collect(),
        figures: figures(staging, &[figure])?,
        tables,
        differences,
        reproduce: vec![command],
        settings: settings(s, given, true),
        files: Vec::new(),
        trial: false,
    };
    write(staging, report)
}

/// The page of `gapsim trial`: the trial's answer, its headline outcomes with their 95%
/// confidence intervals (each read from `trial.csv`), the employment curve of both arms, the
/// whole table, and how to repeat it.
pub(super) fn trial_page(
    staging: &Staging,
    model: &Model,
    given: &CommandLine,
    warnings: &[String],
    answer: &[String],
    command: String,
) -> Result<(), AppError> {
    let s = &model.scenario;
    let trial = given.trial.as_ref().expect("a trial's manifest records it");
    let mut questions: Vec<String> = given.question.iter().map(|q| capitalised(q)).collect();
    questions.push(format!(
        "What does `{}` do for the people referred to it in {}, against the same kind of people \
         without it?",
        trial.programme, trial.cohort
    ));
    let mut headline = Vec::new();
    let mut tables = Vec::new();
    if let Some(c) = csv(staging, "trial.csv")? {
        let at = trial.follow_up.min(12).to_string();
        let at_row = Row::Where("months_after_referral", &at);
        let rows: [(String, Row, [&str; 3], Unit); 6] = [
            (
                format!("In work {at} months after referral: offered"),
                at_row,
                ["offered", "", ""],
                Unit::Percent,
            ),
            (
                format!("In work {at} months after referral: control"),
                at_row,
                ["control", "", ""],
                Unit::Percent,
            ),
            (
                format!("Difference in work at {at} months (95% CI)"),
                at_row,
                ["difference", "difference_low", "difference_high"],
                Unit::Points,
            ),
            (
                format!("Ratio in work at {at} months (95% CI)"),
                at_row,
                ["ratio", "ratio_low", "ratio_high"],
                Unit::Ratio,
            ),
            (
                "Difference in a job lasting 26 weeks (95% CI)".into(),
                Row::Where("measure", "job_lasting_26_weeks"),
                ["difference", "difference_low", "difference_high"],
                Unit::Points,
            ),
            (
                "Difference in months in work over the follow-up (95% CI)".into(),
                Row::Where("measure", "months_in_work"),
                ["difference", "difference_low", "difference_high"],
                Unit::Months,
            ),
        ];
        for (label, row, columns, unit) in rows {
            headline.extend(c.number(&label, row, columns, unit));
        }
        tables.push(c.table(
            "Every outcome, offered against control",
            "Shares in per cent, differences in percentage points, months_* in months; 95% \
             confidence intervals for sampling error; difference_p05 and difference_p95 the \
             spread across replications.",
            400,
        ));
    }
    let mut differences: Vec<Differences> = given.from_parent.iter().cloned().collect();
    differences.truncate(1);
    let mut settings = settings(s, given, true);
    settings.extend([
        ("programme".to_string(), trial.programme.clone()),
        ("cohort (referral month)".to_string(), trial.cohort.clone()),
        (
            "follow-up".to_string(),
            format!("{} months", trial.follow_up),
        ),
        (
            "population".to_string(),
            if trial.population.is_empty() {
                "everyone the programme started that month".to_string()
            } else {
                trial.population.join(", ")
            },
        ),
    ]);
    let report = Report {
        kind: "Trial".into(),
        title: s.name.clone(),
        subtitle: own_description(s, given),
        questions,
        answer: answer.to_vec(),
        headline,
        warnings: warnings.to_vec(),
        figures: figures(
            staging,
            &[(
                "trial",
                "The share of each arm in work by months since referral, with 95% confidence \
                 intervals: the figure of every trial report.",
            )],
        )?,
        tables,
        differences,
        reproduce: vec![command],
        settings,
        files: Vec::new(),
        trial: true,
    };
    write(staging, report)
}

/// The page of `gapsim validation-report`: each study's published effect beside the model's,
/// every number read from `validation.csv`, with the studies' sources.
pub(super) fn validation_page(
    staging: &Staging,
    rows: &[crate::output::validation::ValidationRow],
    answer: &[String],
    warnings: &[String],
    command: String,
) -> Result<(), AppError> {
    let mut headline = Vec::new();
    let mut tables = Vec::new();
    if let Some(c) = csv(staging, "validation.csv")? {
        for r in rows {
            let unit = if r.statistic == "ratio" {
                Unit::Ratio
            } else {
                Unit::Points
            };
            headline.extend(c.number(
                &format!("{} ({}): model", r.study, r.role),
                Row::Where("study", &r.study),
                ["model", "model_low", "model_high"],
                unit,
            ));
            headline.extend(c.number(
                &format!("{} ({}): published", r.study, r.role),
                Row::Where("study", &r.study),
                ["published", "published_low", "published_high"],
                unit,
            ));
        }
        tables.push(
            c.select(&[
                "study",
                "role",
                "outcome",
                "statistic",
                "published",
                "published_low",
                "published_high",
                "model",
                "model_low",
                "model_high",
                "consistent",
            ])
            .table(
                "Every study beside the model",
                "Differences in percentage points, ratios offered over control; the model's 95% \
             intervals pool the arms of every replication. `consistent`: the two intervals \
             overlap.",
                100,
            ),
        );
    }
    let report = Report {
        kind: "Validation report".into(),
        title: "Programme effects against published studies".into(),
        subtitle: "Each study emulated by a randomised trial inside the model; fitted studies \
                   set a parameter, checks set nothing"
            .into(),
        questions: vec![
            "Do the model's programme effects match the published trials it was not fitted to?"
                .into(),
        ],
        answer: answer.to_vec(),
        headline,
        warnings: warnings.to_vec(),
        figures: figures(
            staging,
            &[
                (
                    "validation_ratios",
                    "Ratios (offered over control), published and modelled, with 95% intervals; \
                     numbered as the studies in the table.",
                ),
                (
                    "validation_differences",
                    "Differences (percentage points), published and modelled, with 95% \
                     intervals; numbered as the studies in the table.",
                ),
            ],
        )?,
        tables,
        differences: Vec::new(),
        reproduce: vec![command],
        settings: Vec::new(),
        files: Vec::new(),
        trial: true,
    };
    write(staging, report)
}

/// One scenario of a comparison, for its page.
pub(super) struct Compared<'a> {
    pub label: &'a str,
    pub model: &'a Model,
    pub baseline: &'a Model,
    pub given: &'a CommandLine,
}

/// The page of a comparison: each scenario against its baseline.
pub(super) fn compare_page(
    staging: &Staging,
    rows: &[Compared],
    warnings: &[String],
    command: String,
) -> Result<(), AppError> {
    let mut questions: Vec<String> = Vec::new();
    for r in rows {
        if let Some(q) = &r.given.question {
            let q = capitalised(q);
            if !questions.contains(&q) {
                questions.push(q);
            }
        }
    }
    let mut headline = Vec::new();
    let mut answer = Vec::new();
    if let Some(c) = csv(staging, "comparison.csv")? {
        for r in rows {
            let at = Row::Where("scenario", r.label);
            let n = |label: &str, stem: &str, unit: Unit| {
                c.number(
                    &format!("{}: {label}", r.label),
                    at,
                    [stem, &format!("{stem}_p05"), &format!("{stem}_p95")],
                    unit,
                )
            };
            let change = n(
                &format!("change in the gap at {}", r.model.scenario.end()),
                "gap_change_pp_at_end",
                Unit::Points,
            );
            let jobs = n(
                "net additional sustained jobs",
                "net_additional_sustained_jobs",
                Unit::Count,
            );
            let cost = n(
                "cost per additional sustained job",
                "cost_per_additional_sustained_job_gbp",
                Unit::Pounds,
            );
            let spend = n("additional spend", "additional_spend_gbp", Unit::Pounds);
            let mut said = format!("{}, against `{}`:", r.label, r.baseline.scenario.name);
            if let Some(x) = &change {
                said.push_str(&format!(
                    " the gap changes by {} (5–95%: {})",
                    x.value, x.band
                ));
            }
            if let Some(x) = &jobs {
                said.push_str(&format!(
                    "; {} net additional sustained jobs ({})",
                    x.value, x.band
                ));
            }
            match &cost {
                Some(x) => said.push_str(&format!(
                    "; {} per additional sustained job ({})",
                    x.value, x.band
                )),
                None => said.push_str(
                    "; no cost per additional job (no additional jobs in some replications)",
                ),
            }
            answer.push(sentence(&said));
            headline.extend([change, jobs, spend, cost].into_iter().flatten());
        }
    }
    let mut tables = Vec::new();
    if let Some(c) = csv(staging, "comparison.csv")? {
        tables.push(c.by_measure(
            "scenario",
            "Every scenario against its baseline",
            "Means with 5–95% ranges across replications (common random numbers); n/a where some replications have no additional job to divide by.",
        ));
    }
    if let Some(c) = csv(staging, "events.csv")?
        && !c.rows.is_empty()
    {
        tables.push(c.table(
            "Events: contract hand-backs, budgets spent, places planned",
            "",
            40,
        ));
    }
    if let Some(c) = csv(staging, "parking.csv")? {
        tables.push(c.table(
            "Parking: support by decile of distance from work",
            "By decile of assessed distance (what the provider sees) and of true distance, with 5–95% bands across replications.",
            100,
        ));
    }
    if let Some(c) = csv(staging, "areas.csv")?
        && rows.iter().any(|r| r.model.scenario.areas.len() > 1)
    {
        let at_end = c.filtered(|row| {
            rows.iter().any(|r| {
                row.first().is_some_and(|l| l == r.label)
                    && row
                        .get(3)
                        .is_some_and(|d| *d == r.model.scenario.end().to_string())
            })
        });
        tables.push(at_end.table(
            "Results by area at the end of each run",
            "The last month of `areas.csv` (every month is in the file).",
            60,
        ));
    }
    let mut differences = Vec::new();
    for r in rows {
        let mut d = from_baseline(&r.model.scenario, &r.baseline.scenario, r.given);
        d.against = format!("{}: {}", r.label, d.against);
        differences.push(d);
    }
    let first = rows.first().map(|r| &r.model.scenario);
    let report = Report {
        kind: "Comparison".into(),
        title: rows.iter().map(|r| r.label).collect::<Vec<_>>().join(" · "),
        subtitle: format!(
            "{} paired against {} baseline on common random numbers.",
            match rows.len() {
                1 => "1 scenario".to_string(),
                n => format!("{n} scenarios, each"),
            },
            "its"
        ),
        questions,
        answer,
        headline,
        warnings: warnings.to_vec(),
        figures: figures(
            staging,
            &[
                ("gap", "The gap in each scenario, mean and 5–95% band."),
                (
                    "gap_change",
                    "Each scenario's gap minus its baseline's: below zero it narrows the gap.",
                ),
                (
                    "cost_per_additional_job",
                    "Cost per additional sustained job: mean and 5–95% range.",
                ),
                (
                    "parking_curve",
                    "Support hours by decile of distance from work: left by assessed distance, right by true distance, with bands.",
                ),
            ],
        )?,
        tables,
        differences,
        reproduce: vec![command],
        settings: first
            .map(|s| {
                // One scenario's hash would not identify a comparison of several.
                settings(s, rows[0].given, false)
            })
            .unwrap_or_default(),
        files: Vec::new(),
        trial: false,
    };
    write(staging, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_numbers_take_a_minus_sign_and_hyphens_stay() {
        assert_eq!(
            minus_signs("gap change -0.44 pp (-0.51 to -0.36) in 2013-04, 5-95%"),
            "gap change −0.44 pp (−0.51 to −0.36) in 2013-04, 5-95%"
        );
        assert_eq!(
            sentence("the trend (-1.16 pp a year)"),
            "The trend (−1.16 pp a year)."
        );
    }
}
