//! `gapsim validation-report`: the bundled studies run as trials inside the model, each
//! study's row says whether it was fitted or is a check and whether the intervals overlap;
//! a bad studies file is refused before any work, naming the file, study and key.

use crate::common::{gapsim, stderr, write};

#[test]
fn the_bundled_studies_run_and_each_row_says_what_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("validation");
    let o = gapsim(&[
        "validation-report",
        "--replications",
        "2",
        "--people",
        "30000",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_path(out.join("validation.csv")).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert!(rows.len() >= 6);
    let roles: Vec<&str> = rows.iter().map(|x| &x[col("role")]).collect();
    assert!(roles.contains(&"fitted") && roles.contains(&"check"));
    for x in &rows {
        let num = |name: &str| x[col(name)].parse::<f64>().ok();
        // A ratio over a control arm with no one in work cannot be estimated: blank, and
        // not consistent.
        let Some(m) = num("model") else {
            assert_eq!(&x[col("consistent")], "false");
            continue;
        };
        let (lo, hi) = (num("model_low"), num("model_high"));
        let (lo, hi) = (lo.unwrap_or(m), hi.unwrap_or(m));
        let p = num("published").unwrap();
        let overlap = match (num("published_low"), num("published_high")) {
            (Some(a), Some(b)) => lo <= b && a <= hi,
            _ => lo <= p && p <= hi,
        };
        assert_eq!(
            &x[col("consistent")],
            if overlap { "true" } else { "false" }
        );
        assert!(!x[col("source")].is_empty());
    }
    for f in ["validation.md", "studies.toml", "report.html"] {
        assert!(out.join(f).is_file(), "{f}");
    }
}

#[test]
fn a_bad_studies_file_is_refused_before_any_work_naming_file_study_and_key() {
    let tmp = tempfile::tempdir().unwrap();
    let study = |extra: &str| {
        format!(
            r#"
[[study]]
name = "A study"
source = "somewhere"
role = "check"
scenario = "{}/scenarios/validation/ips_trials.toml"
programme = "IPS, secondary mental health care"
cohort = "2017-06"
follow_up = 12
statistic = "difference"
published = 5.0
{extra}
"#,
            env!("CARGO_MANIFEST_DIR")
        )
    };
    let cases = [
        (study("measure = \"jobs\""), "unknown measure `jobs`"),
        (study("measure = \"employed\""), "months_after_referral"),
        (
            study("measure = \"job_start\"\ncolour = \"red\""),
            "unknown field `colour`",
        ),
        (
            study("measure = \"job_start\"\npublished_low = 6.0\npublished_high = 9.0"),
            "published_low",
        ),
        (
            study("measure = \"job_start\"").replace("IPS, secondary", "No such"),
            "key `programme`: No such",
        ),
        (
            study("measure = \"job_start\"").replace("published = 5.0", "published = inf"),
            "key `published`: expected a finite number",
        ),
        (
            study("measure = \"job_lasting_26_weeks\"").replace("follow_up = 12", "follow_up = 3"),
            "needs a follow-up of at least 6 months",
        ),
        (
            study("measure = \"months_in_work\"").replace("\"difference\"", "\"ratio\""),
            "a ratio is for shares",
        ),
        (
            study("measure = \"job_start\"\npublished_low = 1.0"),
            "give both ends of the interval",
        ),
    ];
    let out = tmp.path().join("out");
    for (i, (text, said)) in cases.iter().enumerate() {
        let f = write(tmp.path(), &format!("studies{i}.toml"), text);
        let o = gapsim(&[
            "validation-report",
            f.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{said}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains(said), "{said}: {e}");
        assert!(e.contains(&format!("studies{i}.toml")), "{e}");
        assert!(!out.exists());
    }
}
