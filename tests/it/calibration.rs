//! The calibration tolerance test: the full baseline against CALIBRATION.md, as
//! `gapsim calibration-report` shows it. Every tested figure must stay within its tolerance,
//! except the known misses listed here (and in the README), which must get no worse.

use crate::common::{gapsim, stderr};

/// Figures the baseline does not yet reach, with the distance it may not exceed (today's
/// distance on the default seed plus 0.5): (figure, when, largest |model − published|). None
/// today: every tested figure is within tolerance on the default seed and on seeds 1–3. The
/// 2023 gap is at the edge of its tolerance (1.50 points narrow; it was 1.3–1.5 before
/// Universal Credit's work incentives raised disabled people's job finding), and the Work
/// Programme's JSA 18–24 outcome rate is near its edge on other seeds, so a change that moves
/// either is worth a look.
const KNOWN_MISSES: [(&str, &str, f64); 0] = [];

#[test]
fn the_baseline_stays_within_its_calibration_tolerances() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cal");
    let o = gapsim(&["calibration-report", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(out.join("calibration.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut failures = Vec::new();
    let mut tested = 0;
    for row in rdr.records() {
        let row = row.unwrap();
        let (figure, when) = (&row[0], &row[1]);
        if &row[8] != "true" {
            continue;
        }
        tested += 1;
        let diff: f64 = row[6].parse().unwrap_or(f64::INFINITY);
        let tolerance: f64 = row[7].parse().unwrap();
        let allowed = KNOWN_MISSES
            .iter()
            .find(|m| m.0 == figure && m.1 == when)
            .map_or(tolerance, |m| m.2);
        if diff.abs() > allowed {
            failures.push(format!(
                "{figure} {when}: off by {diff:.2}, allowed {allowed}"
            ));
        }
    }
    assert_eq!(tested, 34);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_calibration_report_of_a_world_not_the_uks_size_is_refused_with_the_scale_to_give() {
    // Fewer agents at the baseline's scale stand for fewer people than the UK has, so every
    // published count (the claimant count, caseloads) would be missed by the same factor: the
    // report refuses before any work and names the scale that would fix it.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cal");
    let o = gapsim(&[
        "calibration-report",
        "--people",
        "20000",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("8,300,000"), "{e}");
    assert!(
        e.contains("--set population.scale=2075 with --people 20000"),
        "{e}"
    );
    assert!(!out.exists());
    // With that scale, the same world is the UK's size, and the report runs.
    let o = gapsim(&[
        "calibration-report",
        "--people",
        "20000",
        "--set",
        "population.scale=2075",
        "--replications",
        "1",
        "--months",
        "24",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("calibration.md").exists());
}
