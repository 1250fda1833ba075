//! `gapsim rerun OUTPUT`: the run whose `manifest.json` is in `OUTPUT`, again, from the
//! manifest alone.
//!
//! A run's manifest holds its resolved scenario (every default filled in, every `--set` and
//! `--policy` applied, its dated changes), the resolved baseline it was paired against, the
//! command-line settings it records, the gapsim version and the source revision. `rerun`
//! writes the two scenarios to a temporary folder, checks that each still has the hash the
//! manifest records (a manifest edited by hand is refused), and runs them with the same
//! recorded settings, so every file comes out byte for byte as before when the version and
//! revision are the same (tested). A run with uncertain inputs is refused: its manifest holds
//! their central values, not their distributions.

use super::*;
use crate::output::export::{CommandLine, scenario_hash};

/// What `gapsim rerun` needs.
pub struct RerunConfig {
    /// The output folder of the run to repeat.
    pub from: PathBuf,
    /// Where to write [default: `<from>-rerun`].
    pub out: Option<PathBuf>,
    pub force: bool,
    pub threads: Option<usize>,
    pub max_memory: Option<u64>,
}

/// The parts of a run's `manifest.json` that `rerun` reads.
#[derive(serde::Deserialize)]
struct Recorded {
    gapsim_version: String,
    #[serde(default)]
    source_revision: Option<String>,
    scenario_sha256: String,
    scenario: Scenario,
    #[serde(default)]
    baseline_sha256: Option<String>,
    #[serde(default)]
    baseline: Option<Scenario>,
    #[serde(flatten)]
    given: CommandLine,
}

/// Repeats the run recorded in `cfg.from`; returns its summary and notes (a different gapsim
/// version or revision, whose results may differ).
///
/// # Errors
/// A missing or unreadable manifest, one that is not a run's, a scenario that does not match
/// its recorded hash, a run with uncertain inputs; then anything `gapsim run` can refuse.
pub fn rerun(cfg: &RerunConfig, progress: &dyn Progress) -> Result<RunSummary, AppError> {
    let path = cfg.from.join("manifest.json");
    let bad = |why: String| AppError::BadArgument(format!("{}: {why}", path.display()));
    let bytes = scenario::read_input(&path).map_err(|e| bad(e.to_string()))?;
    let recorded: Recorded = serde_json::from_slice(&bytes)
        .map_err(|e| bad(format!("expected the manifest.json of a `gapsim run`: {e}")))?;
    if cfg.from.join("trial.md").exists() {
        return Err(bad(
            "expected the folder of a `gapsim run`, not of a `gapsim trial`: repeat it with the \
             command its report.html gives"
                .into(),
        ));
    }
    if cfg.from.join("calibration.csv").exists() {
        return Err(bad(
            "expected the folder of a `gapsim run`, not of a `gapsim calibration-report`: repeat \
             it with the command its report.html gives"
                .into(),
        ));
    }
    if cfg.from.join("parameters.csv").exists() {
        return Err(bad(
            "expected a run without uncertain inputs: its manifest records their central values, \
             not their distributions, so it cannot be repeated from the manifest (run the \
             scenario again with the same flags)"
                .into(),
        ));
    }
    let check = |s: &Scenario, want: &str, what: &str| {
        if scenario_hash(s) == want {
            Ok(())
        } else {
            Err(bad(format!(
                "the {what} in it does not match its recorded SHA-256: the manifest was edited"
            )))
        }
    };
    check(&recorded.scenario, &recorded.scenario_sha256, "scenario")?;
    if let (Some(b), Some(h)) = (&recorded.baseline, &recorded.baseline_sha256) {
        check(b, h, "baseline")?;
    }
    let dir = tempfile::tempdir().map_err(|e| AppError::Other(e.into()))?;
    let write = |name: &str, s: &Scenario| -> Result<PathBuf, AppError> {
        let text = toml::to_string(s).map_err(|e| AppError::Other(e.into()))?;
        let p = dir.path().join(name);
        std::fs::write(&p, text).map_err(|e| AppError::Other(e.into()))?;
        Ok(p)
    };
    let scenario = write("scenario.toml", &recorded.scenario)?;
    let against = recorded
        .baseline
        .as_ref()
        .map(|b| write("baseline.toml", b))
        .transpose()?;
    let out = cfg.out.clone().unwrap_or_else(|| {
        let mut name = cfg.from.file_name().unwrap_or_default().to_os_string();
        name.push("-rerun");
        cfg.from.with_file_name(name)
    });
    let run_cfg = RunConfig {
        scenario,
        out: Some(out),
        force: cfg.force,
        threads: cfg.threads,
        // The same values the scenario holds; given again so the run says what it said.
        overrides: Overrides::from_flags(&recorded.given.flags),
        against,
        max_memory: cfg.max_memory,
        shard: None,
        recorded: Some(recorded.given.clone()),
    };
    let mut summary = run::run(&run_cfg, progress)?;
    let revision = env!("GAPSIM_REVISION");
    if recorded.gapsim_version != env!("CARGO_PKG_VERSION")
        || recorded
            .source_revision
            .as_deref()
            .is_some_and(|r| r != revision)
    {
        summary.warnings.push(format!(
            "note: the run was made by gapsim {} ({}), this is {} ({revision}): results may differ",
            recorded.gapsim_version,
            recorded
                .source_revision
                .as_deref()
                .unwrap_or("revision not recorded"),
            env!("CARGO_PKG_VERSION"),
        ));
    }
    Ok(summary)
}
