//! `gapsim compare` outputs: one row per scenario, each paired against its baseline
//! (`comparison.csv`, `comparison.md`, `parking.csv`). No file system access here.

use super::export::{ParkingRow, parking_table, scenario_hash};
use super::impact::{HEADLINE, Headline, headline_band};
use super::table::{self, dynamic, num, text};
use crate::engine::{Model, ReplicationResult};
use serde::Serialize;

/// One compared scenario: its model, its baseline's, and the headline of each replication.
pub struct Compared<'a> {
    /// Unique label used in tables and plots.
    pub label: String,
    pub file: String,
    pub model: &'a Model,
    pub baseline: &'a Model,
    pub heads: Vec<Headline>,
    pub reps: Vec<ReplicationResult>,
    /// Gap minus the baseline's gap over time: `(decimal year, band)`.
    pub gap_change: Vec<(f64, crate::batch::Band)>,
    /// Both parking curves over all the scenario's programmes, for `parking.csv` and the plot.
    pub parking: super::export::ParkingCurves,
}

/// `events.csv` of a comparison: each scenario's [`crate::output::export::events_csv`] rows,
/// after a `scenario` column with its label.
pub fn events_csv(rows: &[Compared]) -> Vec<u8> {
    let all: Vec<_> = rows
        .iter()
        .flat_map(|c| crate::output::export::event_rows(c.model, &c.reps, Some(&c.label)))
        .collect();
    if all.is_empty() {
        return table::header_like(crate::output::export::event_row_with_scenario());
    }
    table::rows(all)
}

/// `areas.csv` of a comparison: each scenario's [`crate::output::export::areas_csv`] rows,
/// after a `scenario` column with its label.
pub fn areas_csv(rows: &[Compared]) -> Vec<u8> {
    let mut header = vec!["scenario".to_string()];
    let mut out = Vec::new();
    for c in rows {
        let (h, table) = crate::output::export::area_table(c.model, &c.reps);
        if header.len() == 1 {
            header.extend(h);
        }
        out.extend(table.into_iter().map(|r| {
            let mut row = vec![table::text(&c.label).into_owned()];
            row.extend(r);
            row
        }));
    }
    table::dynamic(&header, out)
}

/// `comparison.csv`: per scenario, every headline number with its 5–95% band (blank where a
/// replication has no value, e.g. no additional jobs so no cost per additional job). Three
/// columns per headline number of `HEADLINE`, so the rows are written as cells.
pub fn comparison_csv(rows: &[Compared]) -> Vec<u8> {
    let mut header = vec!["scenario".to_string(), "file".into(), "baseline".into()];
    for (name, _) in HEADLINE {
        header.extend([
            name.to_string(),
            format!("{name}_p05"),
            format!("{name}_p95"),
        ]);
    }
    let body = rows.iter().map(|c| {
        let mut r = vec![
            text(&c.label).into_owned(),
            text(&c.file).into_owned(),
            text(&c.baseline.scenario.name).into_owned(),
        ];
        for (_, get) in HEADLINE {
            match headline_band(&c.heads, get) {
                Some(b) => r.extend([num(b.mean), num(b.p05), num(b.p95)]),
                None => r.extend([String::new(), String::new(), String::new()]),
            }
        }
        r
    });
    dynamic(&header, body)
}

fn millions(v: f64) -> String {
    format!("£{}m", table::fixed(v / 1e6, 1))
}

fn thousands(v: f64) -> String {
    format!("{}k", table::fixed(v / 1e3, 1))
}

fn pounds(v: f64) -> String {
    format!("£{}", crate::output::people_count(v))
}

fn percent(v: f64) -> String {
    format!("{}%", table::fixed(100.0 * v, 0))
}

fn pp(v: f64) -> String {
    table::fixed(v, 1)
}

/// A change in points: two decimals, since a programme's effect on the gap is often a
/// fraction of a point that one decimal shows as "0.0".
fn pp_change(v: f64) -> String {
    table::fixed(v, 2)
}

/// `comparison.md`: the same table formatted for a report, with intervals in brackets.
/// A name from a scenario as Markdown text: one line (control characters and line breaks
/// become spaces) with every character Markdown or HTML would act on backslash-escaped, so a
/// name can neither break the table (`|`), nor open a link (`[…](javascript:…)`: the brackets
/// are escaped, so no link forms), nor pass raw HTML through (`<`, `&`).
pub fn md_text(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.chars() {
        if ch.is_control() {
            out.push(' ');
        } else {
            if "\\`*_[]<>|&~".contains(ch) {
                out.push('\\');
            }
            out.push(ch);
        }
    }
    out
}

pub fn comparison_md(rows: &[Compared], title: &str) -> Vec<u8> {
    type Format = fn(f64) -> String;
    let cols: [(&str, &str, Format); 9] = [
        ("spend_gbp", "Spend", millions),
        ("job_outcomes", "Job outcomes", thousands),
        ("sustained_outcomes", "Sustained outcomes", thousands),
        (
            "net_additional_sustained_jobs",
            "Net additional sustained jobs",
            thousands,
        ),
        ("deadweight_share", "Deadweight", percent),
        (
            "cost_per_additional_sustained_job_gbp",
            "Cost per additional sustained job",
            pounds,
        ),
        ("parked_share", "Parked", percent),
        ("gap_pp_at_end", "Gap at end (pp)", pp),
        ("gap_change_pp_at_end", "Change in gap (pp)", pp_change),
    ];
    let mut out = format!("# {}\n\n", md_text(title));
    out.push_str("| Scenario | Baseline |");
    for (_, h, _) in cols {
        out.push_str(&format!(" {h} |"));
    }
    out.push_str("\n|---|---|");
    for _ in cols {
        out.push_str("---:|");
    }
    out.push('\n');
    for c in rows {
        out.push_str(&format!(
            "| {} | {} |",
            md_text(&c.label),
            md_text(&c.baseline.scenario.name)
        ));
        for (key, _, fmt) in cols {
            let get = HEADLINE
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, g)| *g)
                .expect("known column");
            match headline_band(&c.heads, get) {
                Some(b) => out.push_str(&format!(
                    " {} ({}–{}) |",
                    fmt(b.mean),
                    fmt(b.p05),
                    fmt(b.p95)
                )),
                None => out.push_str(" n/a |"),
            }
        }
        out.push('\n');
    }
    let (reps, people) = rows.first().map_or((0, 0), |c| {
        (
            c.model.scenario.replications,
            c.model.scenario.population.n_people,
        )
    });
    out.push_str(&format!(
        "\nMeans over {reps} replications of {people} simulated people, with 5–95% intervals across \
replications. Each scenario is paired with its baseline on common random numbers: the same \
people meet the same luck in both worlds. *Net additional sustained jobs*: jobs reaching \
the sustained tenure, scenario minus baseline, over the run. *Deadweight*: share of \
participants' sustained jobs that the same people also had in the baseline. *Cost per \
additional sustained job*: additional public spend (programme payments and the employer levers' cost) divided by net additional sustained \
jobs (n/a when any replication has none). *Parked*: share of participants whose mean support \
was below the parking threshold.\n"
    ));
    out.into_bytes()
}

/// `parking.csv` of a comparison: per scenario (all its programmes together), for deciles
/// of assessed distance and then of true distance, the support received, with bands.
pub fn parking_csv(rows: &[Compared]) -> Vec<u8> {
    let body = rows
        .iter()
        .flat_map(|c| ParkingRow::both(&c.label, &c.parking));
    parking_table("scenario", body)
}

#[derive(Serialize)]
struct Entry<'a> {
    label: &'a str,
    file: &'a str,
    scenario_sha256: String,
    baseline: &'a str,
    baseline_sha256: String,
    scenario: &'a crate::scenario::Scenario,
    baseline_scenario: &'a crate::scenario::Scenario,
}

/// `manifest.json` of a comparison: every scenario and baseline as resolved, with hashes.
pub fn manifest_json(rows: &[Compared], given: &super::export::CommandLine) -> Vec<u8> {
    let entries: Vec<Entry> = rows
        .iter()
        .map(|c| Entry {
            label: &c.label,
            file: &c.file,
            scenario_sha256: scenario_hash(&c.model.scenario),
            baseline: &c.baseline.scenario.name,
            baseline_sha256: scenario_hash(&c.baseline.scenario),
            scenario: &c.model.scenario,
            baseline_scenario: &c.baseline.scenario,
        })
        .collect();
    let mut m = serde_json::json!({
        "gapsim_version": env!("CARGO_PKG_VERSION"),
        "source_revision": env!("GAPSIM_REVISION"),
        "scenarios": entries,
    });
    // `--set`s and `--policy`s, only when given (see `CommandLine`).
    if let (Some(m), serde_json::Value::Object(given)) = (
        m.as_object_mut(),
        serde_json::to_value(given).expect("settings serialise"),
    ) {
        m.extend(given);
    }
    let mut v = serde_json::to_vec_pretty(&m).expect("manifests serialise");
    v.push(b'\n');
    v
}

#[cfg(test)]
mod md_tests {
    use super::md_text;

    #[test]
    fn names_cannot_break_the_table_or_inject_links_or_html() {
        assert_eq!(md_text("a|b"), "a\\|b");
        assert_eq!(md_text("x\ny\rz"), "x y z");
        assert_eq!(
            md_text("[click](javascript:alert(1))"),
            "\\[click\\](javascript:alert(1))"
        );
        assert_eq!(md_text("<script>"), "\\<script\\>");
        assert_eq!(md_text("IPS national"), "IPS national");
    }
}
