//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn gapsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gapsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("gapsim runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every scenario file under `scenarios/`, at any depth, sorted: every bundled scenario.
pub fn bundled_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("scenario folder") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("scenarios"), &mut files);
    files.sort();
    files
}

/// A small scenario with one flat payment-by-results programme, for engine tests.
pub const FLAT_PBR: &str = r#"
name = "flat pbr"
start = "2013-04"
months = 18
replications = 2
seed = 7

[population]
n_people = 6000
scale = 1000.0

[[programmes]]
name = "Flat PbR"
start = "2013-04"
end = "2014-09"
duration_months = 12
max_caseload = 300000
assessment = { mode = "day_one_tool", accuracy = 1.0 }

[[programmes.payment_groups]]
name = "Everyone out of work"
benefits = ["none", "jsa", "esa_wrag", "esa_support", "incapacity"]
entry = "mandatory"
attachment_fee = 0.0
job_outcome_fee = 2000.0
job_outcome_after_months = 3
sustainment_fee = 100.0
sustainment_max_months = 6

[[programmes.providers]]
name = "Provider"
share = 1.0
hours_per_participant = 1.0
"#;

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write test scenario");
    p
}

/// Every file directly in `dir`, as (name, bytes), sorted by name.
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("folder exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read(&p).expect("readable"),
            )
        })
        .collect();
    v.sort();
    v
}
