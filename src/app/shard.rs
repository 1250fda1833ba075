//! Sharded runs for clusters: `gapsim run --shard K/N` runs every N-th replication into a shard
//! folder, and `gapsim merge SHARD… --out DIR` writes exactly the files one whole run would.
//!
//! A shard folder holds the run's `manifest.json` (the resolved scenario and baseline, which
//! merge rebuilds the models from) and `shard.json`: what it covers (K, N, its replications)
//! and their raw results. With uncertain inputs, a shard also runs its replications of every
//! tornado run and keeps their gaps at the horizon, and carries `parameters.csv` (each shard
//! draws every replication's values, so all carry the same). Merge refuses shards of different
//! runs, a missing replication or one covered twice, naming them.

use super::{
    AppError, Overrides, Progress, Results, check_interrupt, commit, simulate_some, swings,
    tornado_gaps, write_run, write_uncertain,
};
use crate::batch::Models;
use crate::counterfactual::PairedReplication;
use crate::engine::{Model, ReplicationResult};
use crate::output::{Staging, export};
use crate::scenario::{Resolved, Scenario, Uncertain};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What one shard covers, and its results.
#[derive(Serialize, Deserialize)]
struct ShardFile {
    gapsim_version: String,
    scenario_sha256: String,
    baseline_sha256: Option<String>,
    /// 1-based shard number and the number of shards.
    shard: u32,
    of: u32,
    replications: u32,
    covers: Vec<u32>,
    /// Unpaired results, or `None` when paired.
    reps: Option<Vec<ReplicationResult>>,
    pairs: Option<Vec<PairedReplication>>,
    /// With uncertain inputs: what merge needs for `parameters.csv` and the tornado.
    uncertain: Option<UncertainShard>,
}

/// A shard's part of the uncertainty outputs.
#[derive(Serialize, Deserialize)]
struct UncertainShard {
    inputs: Vec<Uncertain>,
    /// `parameters.csv` of the whole run.
    parameters_csv: String,
    /// The horizon gap of each covered replication in each tornado run (`app::tornado_gaps`);
    /// once merged, of every replication.
    gaps: Vec<Vec<f64>>,
}

/// What a shard of a run with uncertain inputs needs to run its part of the tornado.
pub(super) struct Uncertainty<'a> {
    pub resolved: &'a Resolved,
    pub overrides: &'a Overrides,
    pub path: &'a Path,
    /// A paired run's baseline, for its side of the tornado.
    pub baseline: Option<&'a super::run::TornadoBaseline<'a>>,
}

/// A shard of a sweep: every point's scenario (so merge can rebuild them all) and the results
/// of the points it covers.
#[derive(Serialize, Deserialize)]
pub(super) struct SweepShard {
    #[serde(flatten)]
    pub spec: super::explore::SweepSpec,
    pub points: Vec<Scenario>,
    pub covers: Vec<u32>,
    pub results: Vec<Vec<ReplicationResult>>,
}

#[derive(Serialize, Deserialize)]
struct SweepShardFile {
    gapsim_version: String,
    shard: u32,
    of: u32,
    sweep: SweepShard,
}

/// Writes a sweep shard's folder (`sweep_shard.json`).
pub(super) fn write_sweep_shard(
    staging: &Staging,
    k: u32,
    n: u32,
    sweep: &SweepShard,
) -> Result<(), AppError> {
    #[derive(Serialize)]
    struct Out<'a> {
        gapsim_version: &'a str,
        shard: u32,
        of: u32,
        sweep: &'a SweepShard,
    }
    let bytes = serde_json::to_vec(&Out {
        gapsim_version: env!("CARGO_PKG_VERSION"),
        shard: k,
        of: n,
        sweep,
    })
    .map_err(|e| AppError::Other(e.into()))?;
    staging.write("sweep_shard.json", &bytes)?;
    Ok(())
}

/// Merges sweep shards: the same checks as for runs, over points instead of replications.
fn merge_sweep(
    shards: &[PathBuf],
    out: &Path,
    force: bool,
) -> Result<(PathBuf, Vec<String>), AppError> {
    let bad = |m: String| AppError::BadArgument(m);
    let mut files: Vec<(PathBuf, SweepShardFile)> = Vec::new();
    for dir in shards {
        let bytes = crate::scenario::read_input(&dir.join("sweep_shard.json")).map_err(|e| {
            bad(format!(
                "{}: cannot read sweep_shard.json ({e}); is this a folder written by `gapsim sweep --shard`?",
                dir.display()
            ))
        })?;
        let f: SweepShardFile = serde_json::from_slice(&bytes)
            .map_err(|e| bad(format!("{}: not a gapsim sweep shard: {e}", dir.display())))?;
        files.push((dir.clone(), f));
    }
    let (first_dir, first) = &files[0];
    let same = |a: &SweepShard, b: &SweepShard| {
        serde_json::to_vec(&a.spec).ok() == serde_json::to_vec(&b.spec).ok()
            && serde_json::to_vec(&a.points).ok() == serde_json::to_vec(&b.points).ok()
    };
    for (dir, f) in &files {
        if f.gapsim_version != env!("CARGO_PKG_VERSION")
            || f.of != first.of
            || !same(&f.sweep, &first.sweep)
        {
            return Err(bad(format!(
                "{} and {} are shards of different sweeps",
                first_dir.display(),
                dir.display()
            )));
        }
    }
    let (n_points, of) = (first.sweep.points.len(), first.of);
    // Counts before they allocate or index: at most the 10,000 points a sweep may have, at
    // least one shard, each shard's number within them.
    if n_points == 0 || n_points > 10_000 || of == 0 || of as usize > n_points {
        return Err(bad(format!(
            "{}: sweep_shard.json says {n_points} points in {of} shards, expected 1 to 10000 \
             points and 1 ≤ shards ≤ points",
            first_dir.display()
        )));
    }
    for (dir, f) in &files {
        let sw = &f.sweep;
        if f.shard == 0 || f.shard > of || sw.results.len() != sw.covers.len() {
            return Err(bad(format!(
                "{}: sweep_shard.json says shard {} of {of} covering {} points but holds {}",
                dir.display(),
                f.shard,
                sw.covers.len(),
                sw.results.len()
            )));
        }
        for (&p, reps) in sw.covers.iter().zip(&sw.results) {
            let Some(sc) = sw.points.get(p as usize) else {
                continue; // check_cover names it
            };
            let ok = reps.len() == sc.replications as usize
                && reps.iter().enumerate().all(|(i, r)| {
                    r.replication == i as u32
                        && r.months.len() == sc.months as usize
                        && serde_json::to_value(r)
                            .ok()
                            .is_some_and(|v| out_of_bounds(&v).is_none())
                });
            if !ok {
                return Err(bad(format!(
                    "{}: point {p} does not hold {} whole replications of {} months with \
                     finite results",
                    dir.display(),
                    sc.replications,
                    sc.months
                )));
            }
        }
    }
    check_cover(
        "point",
        n_points as u32,
        of,
        files
            .iter()
            .map(|(d, f)| (d.as_path(), f.shard, f.sweep.covers.as_slice())),
    )?;
    let mut results: Vec<Vec<ReplicationResult>> = vec![Vec::new(); n_points];
    for (_, f) in &mut files {
        for (&p, r) in f
            .sweep
            .covers
            .iter()
            .zip(std::mem::take(&mut f.sweep.results))
        {
            results[p as usize] = r;
        }
    }
    let s = &files[0].1.sweep;
    // A shard's scenarios are input like any other: checked before they reach the engine.
    let points: Vec<Models> = s
        .points
        .iter()
        .map(|sc| {
            let valid = crate::scenario::Valid::new(sc.clone()).map_err(|e| {
                bad(format!(
                    "a sweep point in the shard manifests is not a valid scenario: {}",
                    crate::scenario::describe(&e)
                ))
            })?;
            Ok(Models::fixed(Model::new(valid)))
        })
        .collect::<Result<_, AppError>>()?;
    let staging = Staging::begin(out, force)?;
    let notes = super::explore::write_sweep(&staging, &s.spec, &points, &results)?;
    Ok((commit(staging, force)?, notes))
}

/// Checks that shards `(folder, shard number, items covered)` of `of` cover items `0..n` (the
/// replications of a run, the points of a sweep) exactly once, naming a duplicate or the
/// missing shards.
fn check_cover<'a>(
    item: &str,
    n: u32,
    of: u32,
    shards: impl Iterator<Item = (&'a Path, u32, &'a [u32])>,
) -> Result<(), AppError> {
    let bad = |m: String| AppError::BadArgument(m);
    let mut owner: Vec<Option<&Path>> = vec![None; n as usize];
    for (dir, shard, covers) in shards {
        for &i in covers {
            let slot = owner
                .get_mut(i as usize)
                .ok_or_else(|| bad(format!("{}: {item} {i} out of range", dir.display())))?;
            if let Some(other) = slot {
                return Err(bad(format!(
                    "{item} {i} is in two shards: {} and {} (shard {shard} of {of} given twice?)",
                    other.display(),
                    dir.display()
                )));
            }
            *slot = Some(dir);
        }
    }
    let missing: Vec<u32> = (0..n).filter(|&i| owner[i as usize].is_none()).collect();
    if !missing.is_empty() {
        let shards_missing: std::collections::BTreeSet<u32> =
            missing.iter().map(|i| i % of + 1).collect();
        return Err(bad(format!(
            "{item}s {missing:?} are missing: shard(s) {shards_missing:?} of {of} not given"
        )));
    }
    Ok(())
}

/// The parts of `manifest.json` merge needs.
#[derive(Deserialize)]
struct ManifestIn {
    scenario: Scenario,
    scenario_sha256: String,
    baseline: Option<Scenario>,
    baseline_sha256: Option<String>,
    /// The run's `--set`s and `--policy`s, recorded again in the merged manifest.
    #[serde(flatten)]
    given: export::CommandLine,
}

/// The largest magnitude any number in a replication's results can have: money is at most
/// `MAX_MONEY` (10¹³ £) in all, hours at most 10⁸ people × 60 hours × 1,200 months; 10¹⁵
/// leaves room and keeps every sum finite.
const MAX_RESULT: f64 = 1.0e15;

/// Checks what a shard claims against what it holds: its numbers (shard `k` of `of`, the
/// replications) against the manifest's scenario, and its results: exactly the replications
/// it covers, each once, each of the scenario's length, shaped like the model's programmes,
/// and every number finite and within [`MAX_RESULT`].
fn check_shard(dir: &Path, f: &ShardFile, model: &Model, paired: bool) -> Result<(), AppError> {
    let bad = |m: String| AppError::BadArgument(format!("{}: {m}", dir.display()));
    let s = &model.scenario;
    if f.replications != s.replications {
        return Err(bad(format!(
            "shard.json says {} replications, its manifest's scenario {}",
            f.replications, s.replications
        )));
    }
    if f.of == 0 || f.of > f.replications || f.shard == 0 || f.shard > f.of {
        return Err(bad(format!(
            "shard.json says shard {} of {}, expected 1 ≤ shard ≤ of ≤ {} replications",
            f.shard, f.of, f.replications
        )));
    }
    let reps: Vec<&ReplicationResult> = match (paired, &f.reps, &f.pairs) {
        (false, Some(r), None) => r.iter().collect(),
        (true, None, Some(p)) => p.iter().flat_map(|p| [&p.scenario, &p.baseline]).collect(),
        _ => {
            return Err(bad(
                "shard.json holds results of the wrong kind for its manifest (paired or not)"
                    .into(),
            ));
        }
    };
    let mut held: Vec<u32> = reps.iter().map(|r| r.replication).collect();
    held.sort_unstable();
    let mut claimed: Vec<u32> = f.covers.clone();
    claimed.sort_unstable();
    let expected: Vec<u32> = if paired {
        claimed.iter().flat_map(|&r| [r, r]).collect()
    } else {
        claimed.clone()
    };
    if held != expected {
        return Err(bad(format!(
            "shard.json claims replications {claimed:?} but holds {held:?}"
        )));
    }
    for r in reps {
        let rep = r.replication;
        if r.months.len() != s.months as usize || r.programme_spend.len() != s.months as usize {
            return Err(bad(format!(
                "replication {rep} has {} months, expected {}",
                r.months.len(),
                s.months
            )));
        }
        let people_ok = r
            .months
            .iter()
            .all(|c| c.people[0] + c.people[1] == s.population.n_people as u64);
        if !people_ok {
            return Err(bad(format!(
                "replication {rep} does not count {} people in every month",
                s.population.n_people
            )));
        }
        let value = serde_json::to_value(r).map_err(|e| bad(format!("replication {rep}: {e}")))?;
        if let Some(v) = out_of_bounds(&value) {
            return Err(bad(format!(
                "replication {rep} holds {v}, expected finite numbers of magnitude at most {MAX_RESULT:e}"
            )));
        }
    }
    Ok(())
}

/// The first number in `v` that is not finite or is larger than [`MAX_RESULT`].
fn out_of_bounds(v: &serde_json::Value) -> Option<f64> {
    use serde_json::Value;
    match v {
        Value::Number(n) => n
            .as_f64()
            .filter(|x| !x.is_finite() || x.abs() > MAX_RESULT),
        Value::Array(xs) => xs.iter().find_map(out_of_bounds),
        Value::Object(m) => m.values().find_map(out_of_bounds),
        _ => None,
    }
}

/// Runs shard `(k, n)` of a run and writes its folder.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_shard(
    models: &Models,
    baseline: Option<&Models>,
    (k, n): (u32, u32),
    uncertainty: Option<Uncertainty>,
    given: &export::CommandLine,
    out: &Path,
    force: bool,
    pool: &rayon::ThreadPool,
    progress: &dyn Progress,
) -> Result<super::RunSummary, AppError> {
    let model = &models.central;
    let reps = model.scenario.replications;
    let covers: Vec<u32> = (0..reps).filter(|r| r % n == k - 1).collect();
    let staging = Staging::begin(out, force)?;
    let tornado_runs = uncertainty.as_ref().map_or(0, |u| {
        (1 + 2 * u.resolved.uncertain.len() as u64) * (1 + u.baseline.is_some() as u64)
    });
    progress.start((1 + tornado_runs) * covers.len() as u64 * model.scenario.months as u64);
    let results = pool.install(|| simulate_some(models, baseline, &covers, &|| progress.tick()));
    let results = results?;
    let uncertain = match uncertainty {
        None => None,
        Some(u) => Some(UncertainShard {
            inputs: u.resolved.uncertain.clone(),
            parameters_csv: String::from_utf8(export::parameters_csv(
                &u.resolved.uncertain,
                models,
            ))
            .map_err(|e| AppError::Other(e.into()))?,
            gaps: pool.install(|| {
                tornado_gaps(
                    u.resolved,
                    u.overrides,
                    u.path,
                    u.baseline,
                    &covers,
                    progress,
                )
            })?,
        }),
    };
    progress.finish();
    let base = baseline.map(|b| &b.central);
    let (reps_out, pairs) = match results.pairs {
        Some(p) => (None, Some(p)),
        None => (Some(results.reps), None),
    };
    let file = ShardFile {
        gapsim_version: env!("CARGO_PKG_VERSION").into(),
        scenario_sha256: export::scenario_hash(&model.scenario),
        baseline_sha256: base.map(|b| export::scenario_hash(&b.scenario)),
        shard: k,
        of: n,
        replications: reps,
        covers,
        reps: reps_out,
        pairs,
        uncertain,
    };
    staging.write("manifest.json", &export::manifest_json(model, base, given))?;
    staging.write(
        "shard.json",
        &serde_json::to_vec(&file).map_err(|e| AppError::Other(e.into()))?,
    )?;
    check_interrupt()?;
    let out = commit(staging, force)?;
    Ok(super::RunSummary {
        warnings: Vec::new(),
        out,
        scenario: model.scenario.clone(),
        baseline: base.map(|b| b.scenario.name.clone()),
        impact: None,
        halving: Some(format!(
            "shard {k} of {n}: merge the shards with `gapsim merge`"
        )),
    })
}

/// `gapsim merge`: combines shard folders into the output of the whole run.
pub fn merge(
    shards: &[PathBuf],
    out: &Path,
    force: bool,
) -> Result<(PathBuf, Vec<String>), AppError> {
    let bad = |m: String| AppError::BadArgument(m);
    if shards.is_empty() {
        return Err(bad("merge: expected at least one shard folder".into()));
    }
    if shards[0].join("sweep_shard.json").exists() {
        return merge_sweep(shards, out, force);
    }
    let read = |dir: &Path, name: &str| -> Result<Vec<u8>, AppError> {
        crate::scenario::read_input(&dir.join(name)).map_err(|e| {
            bad(format!(
                "{}: cannot read {name} ({e}); is this a folder written by `gapsim run --shard`?",
                dir.display()
            ))
        })
    };
    let mut files: Vec<(PathBuf, ShardFile)> = Vec::new();
    let mut manifest: Option<(Vec<u8>, PathBuf)> = None;
    for dir in shards {
        let f: ShardFile = serde_json::from_slice(&read(dir, "shard.json")?).map_err(|e| {
            bad(format!(
                "{}: shard.json is not a gapsim shard: {e}",
                dir.display()
            ))
        })?;
        let m = read(dir, "manifest.json")?;
        match &manifest {
            None => manifest = Some((m, dir.clone())),
            Some((first, from)) if *first != m => {
                return Err(bad(format!(
                    "{} and {} are shards of different runs (their manifests differ)",
                    from.display(),
                    dir.display()
                )));
            }
            Some(_) => {}
        }
        files.push((dir.clone(), f));
    }
    let (manifest, _) = manifest.expect("at least one shard");
    let m: ManifestIn = serde_json::from_slice(&manifest)
        .map_err(|e| bad(format!("manifest.json cannot be read back: {e}")))?;
    // Every count a shard states is checked before it is used (a count allocates, divides or
    // indexes), against the manifest's scenario, which is itself checked as a scenario file
    // would be and against the hash recorded beside it.
    let checked = |s: crate::scenario::Scenario, hash: &str| {
        if crate::output::export::scenario_hash(&s) != hash {
            return Err(bad(
                "the scenario in the shards' manifest.json does not match its recorded \
                 scenario_sha256 (was the manifest edited?)"
                    .into(),
            ));
        }
        crate::scenario::Valid::new(s).map(Model::new).map_err(|e| {
            bad(format!(
                "the scenario in the shards' manifest.json is not valid: {}",
                crate::scenario::describe(&e)
            ))
        })
    };
    let model = checked(m.scenario, &m.scenario_sha256)?;
    let base = match (m.baseline, m.baseline_sha256) {
        (Some(b), Some(h)) => Some(checked(b, &h)?),
        (None, None) => None,
        _ => {
            return Err(bad(
                "manifest.json has a baseline without its hash, or a hash without its baseline"
                    .into(),
            ));
        }
    };
    let first = &files[0].1;
    for (dir, f) in &files {
        check_shard(dir, f, &model, base.is_some())?;
    }
    for (dir, f) in &files {
        if f.gapsim_version != env!("CARGO_PKG_VERSION") {
            return Err(bad(format!(
                "{}: written by gapsim {}, this is {}",
                dir.display(),
                f.gapsim_version,
                env!("CARGO_PKG_VERSION")
            )));
        }
        if f.of != first.of || f.replications != first.replications {
            return Err(bad(format!(
                "{}: shard {} of {} with {} replications, but {} is shard {} of {} with {}",
                dir.display(),
                f.shard,
                f.of,
                f.replications,
                files[0].0.display(),
                first.shard,
                first.of,
                first.replications
            )));
        }
    }
    check_cover(
        "replication",
        first.replications,
        first.of,
        files
            .iter()
            .map(|(d, f)| (d.as_path(), f.shard, f.covers.as_slice())),
    )?;

    let uncertain = merge_uncertain(&files, first.replications)?;
    let mut reps: Vec<ReplicationResult> = Vec::new();
    let mut pairs: Vec<PairedReplication> = Vec::new();
    for (_, f) in files {
        reps.extend(f.reps.unwrap_or_default());
        pairs.extend(f.pairs.unwrap_or_default());
    }
    reps.sort_by_key(|r| r.replication);
    pairs.sort_by_key(|p| p.scenario.replication);
    let results = if base.is_some() {
        Results {
            reps: pairs.iter().map(|p| p.scenario.clone()).collect(),
            pairs: Some(pairs),
        }
    } else {
        Results { reps, pairs: None }
    };
    let staging = Staging::begin(out, force)?;
    let halving = write_run(&staging, &model, base.as_ref(), &results, &m.given)?;
    if let Some(u) = uncertain {
        write_uncertain(
            &staging,
            &model,
            u.parameters_csv.as_bytes(),
            &swings(&u.inputs, &u.gaps),
        )?;
    }
    // What the whole run would have said (its warnings, its impact and when the gap halves),
    // and the page it would have written.
    let mut warnings = super::warnings(&model.scenario, &Overrides::for_notes(&m.given));
    warnings.extend(super::result_warnings(&model, &results.reps));
    let mut impact = None;
    if let (Some(b), Some(pairs)) = (&base, &results.pairs) {
        warnings.extend(super::baseline_warnings(b, pairs));
        impact = Some(crate::output::impact::describe(&model, b, pairs));
    }
    let halving = halving.map(|h| h.describe());
    super::report::run_page(
        &staging,
        super::report::RunPage {
            kind: if base.is_some() { "Paired run" } else { "Run" },
            model: &model,
            baseline: base.as_ref(),
            given: &m.given,
            warnings: &warnings,
            answer: impact.iter().chain(&halving).cloned().collect(),
            lead_tables: Vec::new(),
            command: None,
        },
    )?;
    let mut notes = warnings;
    notes.extend(impact.map(|i| format!("impact {i}")));
    notes.extend(halving);
    Ok((commit(staging, force)?, notes))
}

/// The uncertainty outputs' parts of every shard in one (checked to be of one run, which their
/// manifests already are), with each tornado run's horizon gaps by replication. `None` for a
/// run without uncertain inputs.
fn merge_uncertain(
    files: &[(PathBuf, ShardFile)],
    replications: u32,
) -> Result<Option<UncertainShard>, AppError> {
    let (first_dir, first) = &files[0];
    let Some(u0) = &first.uncertain else {
        if let Some((dir, _)) = files.iter().find(|(_, f)| f.uncertain.is_some()) {
            return Err(AppError::BadArgument(format!(
                "{} has uncertain inputs and {} does not: shards of different runs",
                dir.display(),
                first_dir.display()
            )));
        }
        return Ok(None);
    };
    let mut gaps = vec![vec![f64::NAN; replications as usize]; u0.gaps.len()];
    for (dir, f) in files {
        let u = f.uncertain.as_ref().filter(|u| {
            u.inputs == u0.inputs
                && u.parameters_csv == u0.parameters_csv
                && u.gaps.len() == u0.gaps.len()
                && u.gaps.iter().all(|g| g.len() == f.covers.len())
        });
        let Some(u) = u else {
            return Err(AppError::BadArgument(format!(
                "{} and {} are shards of different runs (their uncertain inputs differ)",
                first_dir.display(),
                dir.display()
            )));
        };
        for (run, g) in gaps.iter_mut().zip(&u.gaps) {
            for (&r, &v) in f.covers.iter().zip(g) {
                run[r as usize] = v;
            }
        }
    }
    Ok(Some(UncertainShard {
        inputs: u0.inputs.clone(),
        parameters_csv: u0.parameters_csv.clone(),
        gaps,
    }))
}
