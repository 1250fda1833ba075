//! `report.html` for every command: what each command puts on the page.
//!
//! Each command calls one function here after writing its files and before committing the
//! folder. The page is filled from the files just written (read back through [`Staging`]), so
//! its numbers are the CSVs' numbers; `output::report` formats and renders it.

use super::AppError;
use crate::engine::Model;
use crate::output::export::CommandLine;
use crate::output::report::{
    Csv, DifferenceRow, Differences, Figure, Number, Report, Row, Unit, describe_file, render,
};
use crate::output::{Staging, people_count};
use crate::scenario::{self, Scenario};

/// The page's file name.
pub const REPORT: &str = "report.html";

/// A file of the folder read back as CSV, if the command wrote it.
fn csv(staging: &Staging, name: &str) -> Result<Option<Csv>, AppError> {
    if !staging.names()?.iter().any(|n| n == name) {
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

/// `s` with a capital first letter.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A sentence as a reader expects it: a capital first letter and a full stop.
fn sentence(s: &str) -> String {
    let mut out = capitalised(s);
    if out.is_empty() {
        return out;
    }
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// The keys in which `scenario` differs from its `baseline`, each with where it was set when
/// the scenario's own file (or a flag) set it.
fn from_baseline(scenario: &Scenario, baseline: &Scenario, given: &CommandLine) -> Differences {
    let table = |s: &Scenario| toml::Table::try_from(s).expect("a scenario serialises");
    let rows = scenario::diff(&table(baseline), &table(scenario))
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
        .filter(|r| !matches!(r.key.as_str(), "name" | "description" | "baseline"))
        .collect();
    Differences {
        against: format!("its baseline `{}`", baseline.name),
        rows,
    }
}

/// The settings that identify a run, for the reproduce section.
fn settings(s: &Scenario, given: &CommandLine) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "gapsim version".to_string(),
            env!("CARGO_PKG_VERSION").to_string(),
        ),
        (
            "source revision".to_string(),
            env!("GAPSIM_REVISION").to_string(),
        ),
        (
            "scenario SHA-256".to_string(),
            crate::output::export::scenario_hash(s),
        ),
        ("seed".to_string(), s.seed.to_string()),
        ("replications".to_string(), s.replications.to_string()),
        (
            "people simulated".to_string(),
            people_count(s.population.n_people as f64),
        ),
        (
            "real people each stands for".to_string(),
            format!("{}", s.population.scale),
        ),
        (
            "months".to_string(),
            format!("{} ({} to {})", s.months, s.start, s.end()),
        ),
    ];
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
    /// Extra tables first on the page (a calibration table).
    pub lead_tables: Vec<(&'a str, &'a str, &'a str)>,
}

/// The page of a run, paired or not, whole or merged from shards.
pub(super) fn run_page(staging: &Staging, p: RunPage) -> Result<(), AppError> {
    let s = &p.model.scenario;
    let mut headline: Vec<Number> = Vec::new();
    let mut answer: Vec<String> = p.answer.iter().map(|a| sentence(a)).collect();
    if let Some(h) = csv(staging, "halving.csv")? {
        let bands = [
            "horizon_gap_pp_mean",
            "horizon_gap_pp_p05",
            "horizon_gap_pp_p95",
        ];
        if let Some(n) = h.number(
            &format!("Disability employment gap, 12 months to {}", s.end()),
            Row::Last,
            bands,
            Unit::Points,
        ) {
            answer.push(format!(
                "Over the 12 months to {} the gap averages {} (5–95%: {}) across {}.",
                s.end(),
                n.value,
                n.band,
                replications(s.replications)
            ));
            headline.push(n);
        }
        if let Some(base) = h.cell(Row::Last, "base_year").filter(|b| !b.is_empty()) {
            headline.extend(h.number(
                &format!("Gap in the base year {base}"),
                Row::Last,
                ["base_gap_pp", "", ""],
                Unit::Points,
            ));
            headline.extend(h.number(
                "Halved within the run in",
                Row::Last,
                ["halved_in_year", "", ""],
                Unit::Year,
            ));
            headline.extend(h.number(
                "Halved at the simulated trend around",
                Row::Last,
                ["halved_at_trend_year", "", ""],
                Unit::Year,
            ));
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
                "Participant-months parked (below the support threshold)",
                "parked_share",
                Unit::Share,
            ),
        ] {
            headline.extend(impact.number(
                label,
                Row::Where("metric", metric),
                ["mean", "p05", "p95"],
                unit,
            ));
        }
    }

    let mut tables = Vec::new();
    for (file, title, caption) in &p.lead_tables {
        if let Some(c) = csv(staging, file)? {
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
            "",
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
            "Mean support hours per participant-month, the share of participant-months parked and the job outcome rate, by decile of assessed distance (what the provider sees) and of true distance (the person's real distance), with 5–95% bands across replications.",
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
        subtitle: if let Some(b) = p.baseline {
            format!("{} Paired against `{}`.", sentence(&s.description), b.scenario.name)
        } else {
            sentence(&s.description)
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
                ("employment_rates", "Employment rates of disabled and non-disabled people aged 16–64, with bands."),
                ("parking_curve", "Support hours by decile of distance from work: left by assessed distance (what the provider sees and rations on), right by true distance, with bands."),
                ("tornado", "How far each uncertain input moves the gap over the last 12 months, at its 5th and 95th percentile."),
            ],
        )?,
        tables,
        differences,
        reproduce: vec![
            "# from this folder's manifest.json alone (byte for byte with the same gapsim revision):".into(),
            "gapsim rerun <this folder> --out <new folder>".into(),
        ],
        settings: settings(s, p.given),
        files: Vec::new(),
    };
    write(staging, report)
}
