//! Shared by the fuzz properties and the range sweep: editing a scenario by key path, a small
//! paired run through every exporter, and the check that no output holds NaN or infinity.

use gapsim::app::{self, AppError, Overrides};
use gapsim::batch::Models;
use gapsim::engine::Model;
use gapsim::scenario::{self, Scenario};
use std::path::{Path, PathBuf};
use toml::Value;

pub fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

/// Every scenario file shipped or kept as a seed: the fuzz corpus.
pub fn seed_files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "scenarios",
        "scenarios/funding_models",
        "scenarios/library",
        "scenarios/local_commissioning",
        "tests/corpus",
    ] {
        for e in std::fs::read_dir(root.join(dir)).expect("corpus folder") {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The kitchen-sink scenario with every key written out (defaults included), as a TOML table.
pub fn full_table() -> toml::Table {
    let s = scenario::load(&corpus("kitchen_sink.toml")).expect("kitchen sink is valid");
    toml::Table::try_from(&s).expect("a scenario serialises")
}

/// Sets `key` (e.g. `programmes[0].providers[1].share`, `health.conditions.mental.severity[0]`)
/// in `table`; false when the path does not exist (nothing is created).
pub fn set(table: &mut toml::Table, key: &str, value: Value) -> bool {
    scenario::raw_at(table, key).is_some() && scenario::set_path(table, key, value).is_ok()
}

/// Loads a scenario from text through the same path as `gapsim run`, including command-line
/// overrides that keep the run small.
pub fn load_text(dir: &Path, text: &str) -> Result<Scenario, AppError> {
    let path = dir.join("s.toml");
    std::fs::write(&path, text).expect("write scenario");
    app::load_scenario(&path, &small()).map(|r| r.scenario)
}

/// Overrides that keep a fuzz run to a few milliseconds.
pub fn small() -> Overrides {
    Overrides {
        replications: Some(1),
        seed: None,
        people: Some(200),
        months: Some(14),
        sets: Vec::new(),
        policies: Vec::new(),
    }
}

/// Runs `s` paired against itself without programmes, builds every output file, and returns
/// the first non-finite number found, as `file: line`.
pub fn non_finite_output(s: Scenario) -> Option<String> {
    let base = Models::fixed(Model::new(
        gapsim::scenario::Valid::new(app::without_programmes(&s)).expect("valid scenario"),
    ));
    let (models, baseline) = app::prepare_pair(
        Models::fixed(Model::new(
            gapsim::scenario::Valid::new(s).expect("valid scenario"),
        )),
        Some(base),
    )
    .expect("a scenario pairs with itself");
    let baseline = baseline.expect("baseline");
    let results = app::simulate(&models, Some(&baseline), &|| {}).expect("not interrupted");
    let (model, baseline) = (&models.central, &baseline.central);
    let parking = gapsim::output::export::programme_parking_curves(model, &results.reps);
    let mut files = app::output_files(
        model,
        &results.reps,
        Some(baseline),
        &Default::default(),
        &parking,
    );
    files.extend(app::impact_files(
        model,
        baseline,
        results.pairs.as_deref().expect("paired"),
    ));
    for (name, bytes) in files {
        let text = String::from_utf8(bytes).expect("outputs are UTF-8");
        for line in text.lines() {
            let bad = if name.ends_with(".json") {
                // serde_json writes NaN and infinity as null; only optional keys may be null.
                line.contains("null")
                    && !["baseline", "budget", "starts_per_year", "max_caseload"]
                        .iter()
                        .any(|k| line.contains(&format!("\"{k}\": null")))
            } else {
                line.split(',').any(|f| {
                    let f = f.trim().trim_matches('"').to_ascii_lowercase();
                    let f = f.trim_start_matches(['-', '+']);
                    matches!(f, "nan" | "inf" | "infinity")
                })
            };
            if bad {
                return Some(format!("{name}: {line}"));
            }
        }
    }
    None
}
