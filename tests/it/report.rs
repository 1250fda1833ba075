//! `report.html`, as a reader opens it: every kind of command writes one; it is self-contained
//! (no script, nothing fetched); every headline number on it is the CSV cell it names; every
//! plot of the folder is inline; and, in a real browser (Debian's `chromium`, headless), it
//! loads without errors and shows those numbers. A screenshot of each page is kept in
//! `target/tmp/report-screenshots/` (outside the repository) for a person to look at.
//!
//! The browser part runs when `chromium` is on the PATH (or `GAPSIM_BROWSER` names one);
//! `.ci/run` installs it and sets `GAPSIM_REQUIRE_BROWSER=1`, so in CI a missing browser fails
//! the test instead of skipping that part.

use crate::common::{FLAT_PBR, gapsim, stderr, write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A small run of each kind of command, into `dir/<kind>`.
fn made(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let s = write(dir, "flat.toml", FLAT_PBR);
    let s = s.to_str().unwrap();
    let small = ["--people", "3000", "--replications", "2"];
    let kinds: Vec<(&str, Vec<&str>)> = vec![
        (
            "run",
            vec!["run", "scenarios/baseline.toml", "--months", "36"],
        ),
        (
            "paired_run",
            vec!["run", "scenarios/library/gm_working_well.toml"],
        ),
        (
            "compare",
            vec![
                "compare",
                "scenarios/local_commissioning/paid_by_results.toml",
                "scenarios/local_commissioning/paid_per_start.toml",
            ],
        ),
        (
            "sweep",
            vec![
                "sweep",
                s,
                "--set",
                "programmes[0].max_caseload=0..300000/3",
            ],
        ),
        (
            "target",
            vec![
                "target",
                s,
                "--lever",
                "labour.loss_intercept",
                "--range",
                "-6..-5",
                "--by",
                "2014",
                "--base-year",
                "2013",
            ],
        ),
        (
            "package",
            vec![
                "target",
                s,
                "--lever",
                "labour.loss_intercept=-6..-5",
                "--lever",
                "employers.attitude_change=0..1@1e6",
                "--by",
                "2014",
                "--base-year",
                "2013",
            ],
        ),
        (
            "calibration_report",
            // At the UK's size, as the report requires (3,000 × 13,833.33).
            vec![
                "calibration-report",
                "scenarios/baseline.toml",
                "--set",
                "population.scale=13833.33",
            ],
        ),
        (
            "trial",
            vec![
                "trial",
                s,
                "--programme",
                "Flat PbR",
                "--cohort",
                "2013-04",
                "--follow-up",
                "12",
            ],
        ),
        ("validation", vec!["validation-report"]),
    ];
    kinds
        .into_iter()
        .map(|(kind, mut args)| {
            let out = dir.join(kind);
            args.extend(small);
            args.extend(["--out", out.to_str().unwrap()]);
            let o = gapsim(&args);
            assert!(o.status.success(), "{kind}: {}", stderr(&o));
            (kind, out)
        })
        .collect()
}

/// HTML's escapes undone (those minijinja writes).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in the tag text `tag`.
fn attr(tag: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    let len = tag[start..].find('"').expect("closing quote");
    unescape(&tag[start..start + len])
}

/// A headline number as the page has it.
#[derive(Debug)]
struct Shown {
    file: String,
    row: String,
    column: String,
    raw: String,
    value: String,
}

/// Every headline number on a page.
fn headline(html: &str) -> Vec<Shown> {
    html.match_indices("<tr data-file=")
        .map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>').expect("tag end")];
            let cell = "<td class=\"num value\">";
            let v = i + html[i..].find(cell).expect("value cell") + cell.len();
            let value = unescape(&html[v..v + html[v..].find("</td>").expect("cell end")]);
            Shown {
                file: attr(tag, "data-file"),
                row: attr(tag, "data-row"),
                column: attr(tag, "data-column"),
                raw: attr(tag, "data-raw"),
                value,
            }
        })
        .collect()
}

/// The cell a headline number names, read from the CSV here.
fn cell(dir: &Path, n: &Shown) -> String {
    let mut r = csv::Reader::from_path(dir.join(&n.file)).expect("the named CSV");
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let col = header
        .iter()
        .position(|h| *h == n.column)
        .unwrap_or_else(|| panic!("{n:?}: no column"));
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let row = if n.row == "last row" {
        rows.last().expect("a row")
    } else {
        let (c, v) = n.row.split_once(" = ").expect("`column = value`");
        let i = header.iter().position(|h| h == c).expect("key column");
        rows.iter()
            .find(|r| &r[i] == v)
            .unwrap_or_else(|| panic!("{n:?}: no row"))
    };
    row[col].to_string()
}

/// Whether `shown` ("−1.3 pp", "£24,102", "81%", "£1.20bn", "2032") is `raw` rounded as
/// shown (a share may be shown in per cent).
fn shows(shown: &str, raw: f64) -> bool {
    let mut t = shown
        .replace('−', "-")
        .replace(['£', ','], "")
        .replace(" pp", "")
        .replace(" months", "");
    let mut scale = 1.0;
    for (suffix, s) in [("bn", 1e9), ("m", 1e6), ("%", 1.0)] {
        if let Some(x) = t.strip_suffix(suffix) {
            t = x.to_string();
            scale = s;
        }
    }
    let Ok(v) = t.trim().parse::<f64>() else {
        return false;
    };
    let decimals = t.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    let tolerance = 0.5 * 10f64.powi(-decimals) * scale + 1e-9;
    (v * scale - raw).abs() <= tolerance || (v * scale - 100.0 * raw).abs() <= tolerance
}

/// The browser to test in, if any.
fn browser() -> Option<PathBuf> {
    if let Some(b) = std::env::var_os("GAPSIM_BROWSER") {
        return Some(PathBuf::from(b));
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("chromium"))
            .find(|p| p.is_file())
    });
    if found.is_none() && std::env::var_os("GAPSIM_REQUIRE_BROWSER").is_some() {
        panic!("GAPSIM_REQUIRE_BROWSER is set but no chromium is on the PATH");
    }
    found
}

/// Chromium headless with the flags this machine needs (no sandbox as root, no background
/// connections) and every host name unresolvable, so a page that fetched anything would fail.
fn chromium(browser: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium starts")
}

#[test]
fn every_command_writes_a_self_contained_report_whose_numbers_are_its_csvs() {
    let tmp = tempfile::tempdir().unwrap();
    let browser = browser();
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (kind, dir) in made(tmp.path()) {
        // The command's --help names every file it wrote.
        let command = match kind {
            "paired_run" => "run",
            "package" => "target",
            "calibration_report" => "calibration-report",
            "validation" => "validation-report",
            k => k,
        };
        let help = String::from_utf8(gapsim(&[command, "--help"]).stdout).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let listed = match name.strip_suffix(".svg").or(name.strip_suffix(".png")) {
                Some(stem) => format!("{stem}.png/.svg"),
                None => name.clone(),
            };
            if !name.starts_with('.') {
                assert!(
                    help.contains(&listed),
                    "{command} --help does not name {name}"
                );
            }
        }
        let path = dir.join("report.html");
        let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{kind}: {e}"));
        // Self-contained: no script, no stylesheet or image fetched, nothing from the network.
        assert!(html.starts_with("<!DOCTYPE html>"), "{kind}");
        for bad in [
            "<script",
            "<link",
            "<img",
            "<iframe",
            "src=\"http",
            "href=\"http",
            "url(",
        ] {
            assert!(!html.contains(bad), "{kind}: {bad}");
        }
        // Every plot of the folder is on the page.
        let svgs = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "svg")
            })
            .count();
        assert!(svgs > 0, "{kind}: a plot");
        assert_eq!(
            html.matches("<svg").count(),
            svgs,
            "{kind}: every plot inline"
        );
        // Opens with a question, has an answer and says whether there are warnings.
        for id in [
            "id=\"question\"",
            "id=\"answer\"",
            "id=\"warnings\"",
            "id=\"reproduce\"",
        ] {
            assert!(html.contains(id), "{kind}: {id}");
        }
        // Every headline number is its CSV cell, shown rounded.
        let numbers = headline(&html);
        assert!(!numbers.is_empty(), "{kind}: headline numbers");
        for n in &numbers {
            assert_eq!(cell(&dir, n), n.raw, "{kind}: {n:?}");
            let raw: f64 = n.raw.parse().unwrap();
            assert!(shows(&n.value, raw), "{kind}: {n:?} shows {}", n.value);
        }
        let Some(browser) = &browser else {
            eprintln!("no chromium: {kind}'s report checked as text only");
            continue;
        };
        let url = format!("file://{}", path.display());
        let profile = tmp.path().join(format!("profile-{kind}"));
        let dom = chromium(browser, &profile, &["--dump-dom", &url]);
        assert!(dom.status.success(), "{kind}: {}", stderr(&dom));
        let dom_text = String::from_utf8_lossy(&dom.stdout);
        let log = stderr(&dom);
        for error in [
            "Failed to load resource",
            "net::ERR_",
            "Uncaught",
            "CONSOLE",
        ] {
            assert!(
                !log.contains(error),
                "{kind}: the browser said {error}: {log}"
            );
        }
        // The browser built the page: the headline table and each number in it, every figure.
        assert!(dom_text.contains("id=\"headline\""), "{kind}");
        for n in &numbers {
            assert!(
                dom_text.contains(&n.value),
                "{kind}: {} not in the DOM",
                n.value
            );
        }
        assert_eq!(dom_text.matches("<figure").count(), svgs, "{kind}");
        let shot = shots.join(format!("{kind}.png"));
        let o = chromium(
            browser,
            &profile,
            &[
                "--window-size=1200,3000",
                &format!("--screenshot={}", shot.display()),
                &url,
            ],
        );
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
        let png = std::fs::read(&shot).unwrap();
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 20_000,
            "{kind}: a screenshot"
        );
    }
}

#[test]
fn a_run_page_names_the_scenarios_question_and_what_it_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = gapsim(&[
        "run",
        "scenarios/library/gm_working_well.toml",
        "--people",
        "2000",
        "--replications",
        "2",
        "--policy",
        "programmes[0].priority=3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // The header's question, up to its question mark.
    assert!(html.contains("Working Well-style programme"), "{html}");
    // The differences from the parent file, each with where it was set.
    assert!(html.contains("Against its parent"));
    assert!(html.contains("scenario file <code>gm_working_well.toml</code>"));
    assert!(html.contains("--policy programmes[0].priority=3"));
    assert!(
        html.contains("--people"),
        "the run-size flag that changed the scenario"
    );
    // And from the baseline.
    assert!(html.contains("Against its baseline"));
    // The warnings the terminal printed are on the page.
    let said = stderr(&o);
    for line in said
        .lines()
        .filter(|l| l.starts_with("note:") || l.starts_with("warning:"))
    {
        let line = line
            .replace('&', "&amp;")
            .replace('\'', "&#x27;")
            .replace('/', "&#x2f;");
        let line = line
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        // Backticked names are set as code.
        let line: String = line
            .split('`')
            .enumerate()
            .map(|(i, part)| {
                if i % 2 == 1 {
                    format!("<code>{part}</code>")
                } else {
                    part.to_string()
                }
            })
            .collect();
        assert!(html.contains(&line), "{line} not on the page");
    }
}
