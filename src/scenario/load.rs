//! Reading a scenario file: parse, resolve `extends`, deserialise, validate, and say exactly
//! where it is wrong.
//!
//! **Inheritance.** A scenario may start with `extends = "other.toml"` (a path relative to the
//! file) and give only what differs. The files are merged key by key: tables merge
//! recursively, at every depth; an array of tables whose every element has a `name`
//! (programmes, payment groups, providers, areas) merges element by element on `name`, new
//! names appended, and an empty array replaces the inherited one; any other value (including
//! an array of plain values and an array of unnamed tables such as a demand path) replaces the
//! inherited one whole. Write `programmes = []` to drop inherited programmes. Chains may be up
//! to 16 files long; a loop or a missing file is an error that shows the chain.
//!
//! **Defaults.** The merged files lie over the built-in defaults ([`defaults`]: every default
//! of the scenario structs, serialised) the same way, table by table at every depth, except
//! that an array written in any file replaces the default array whole. So a file that writes
//! one key of `[approaches.specialist]` keeps every other key of the *default specialist
//! approach* (its condition effects included), not of a generic approach; the same holds for
//! `[health.conditions.*]`, `[barriers.*]` and every other nested table, with or without
//! `extends`. `--set`, `--policy` and uncertain inputs act on this merged table too.
//!
//! **Differences.** [`diff`](super::diff) lists the keys in which one resolved scenario differs
//! from another (`gapsim diff CHILD [PARENT]`); a test holds every bundled scenario to differ
//! from its parent only in keys it writes.

use super::uncertain::{self, Given, Uncertain};
use super::{Invalid, Scenario, Valid, validate};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// A scenario that could not be used. Every variant names the file; parse and validation
/// errors also name the line, column and key.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("{}: cannot read scenario: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", format_located(path, .errors))]
    Invalid { path: PathBuf, errors: Vec<Located> },
}

/// One problem in a scenario file, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// The file of an `extends` chain the key was found in, when it is not the file loaded.
    pub file: Option<PathBuf>,
    /// 1-based line and column; 0 when the position is unknown (e.g. a missing key).
    pub line: usize,
    pub column: usize,
    /// Key path, e.g. `programmes[0].providers[1].share`; empty for a syntax error.
    pub key: String,
    pub message: String,
}

fn format_located(path: &Path, errors: &[Located]) -> String {
    let mut out = String::new();
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&e.file.as_deref().unwrap_or(path).display().to_string());
        if e.line > 0 {
            out.push_str(&format!(":{}:{}", e.line, e.column));
        }
        if e.key.is_empty() {
            out.push_str(&format!(": {}", e.message));
        } else {
            out.push_str(&format!(": key `{}`: {}", e.key, e.message));
        }
    }
    out
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: key `{}`: {}",
            self.line, self.column, self.key, self.message
        )
    }
}

/// A scenario with where it came from.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The scenario at the central value of every uncertain input.
    pub scenario: Scenario,
    /// The files read, from the one loaded to the root of its `extends` chain.
    pub files: Vec<PathBuf>,
    /// The `baseline` scenario file, resolved against the file that names it.
    pub baseline: Option<PathBuf>,
    /// Inputs given as distributions, in key order; empty for a fixed scenario.
    pub uncertain: Vec<Uncertain>,
    /// The merged TOML table (settings applied, uncertain values at their centre), from which
    /// each replication's draw is made.
    table: toml::Table,
}

impl Resolved {
    /// The scenario with `values` (one per [`Resolved::uncertain`] input) in place of the
    /// central values; an error names the key and value that made it invalid.
    pub fn with_values(&self, values: &[f64]) -> Result<Scenario, String> {
        let mut t = self.table.clone();
        for (u, v) in self.uncertain.iter().zip(values) {
            uncertain::set_path(&mut t, &u.key, toml::Value::Float(*v))?;
        }
        let s: Scenario = serde_path_to_error::deserialize(toml::Value::Table(t)).map_err(|e| {
            let key = e.path().to_string();
            format!("key `{key}`: {}", e.into_inner().message().trim())
        })?;
        validate(&s).map_err(|errs| super::describe(&errs))?;
        Ok(s)
    }

    /// The scenario as its files and settings give it, before any command-line run flag
    /// (`--replications`, `--seed`, `--people`, `--months`) is applied; uncertain inputs at
    /// their centre.
    pub fn as_written(&self) -> Result<Scenario, String> {
        let central: Vec<f64> = self.uncertain.iter().map(|u| u.dist.central()).collect();
        self.with_values(&central)
    }

    /// Replication `r`'s draw of every uncertain input, with `seed` (see [`Dist::draw`]).
    ///
    /// [`Dist::draw`]: super::Dist::draw
    pub fn draws(&self, seed: u64, r: u32) -> Vec<f64> {
        self.uncertain
            .iter()
            .map(|u| u.dist.draw(seed, r, &u.key))
            .collect()
    }
}

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path) -> Result<Valid, ScenarioError> {
    let s = load_resolved(path)?.scenario;
    // Checked by `load_resolved` with file and line; checked again here for the type.
    Valid::new(s).map_err(|errors| ScenarioError::Invalid {
        path: path.to_path_buf(),
        errors: errors
            .into_iter()
            .map(|e| Located {
                file: None,
                line: 0,
                column: 0,
                key: e.key,
                message: e.expected,
            })
            .collect(),
    })
}

/// Longest `extends` chain.
const MAX_CHAIN: usize = 16;

/// One file of an `extends` chain: its text and parsed table.
struct Source {
    path: PathBuf,
    text: String,
    table: toml::Table,
}

/// Reads, merges (`extends`), parses and validates a scenario file.
pub fn load_resolved(path: &Path) -> Result<Resolved, ScenarioError> {
    load_resolved_with(path, &[])
}

/// As [`load_resolved`], with command-line settings (`--set`, `--policy`, `--lever`) applied
/// over the merged file, in order; an error they cause names the flag.
pub fn load_resolved_with(path: &Path, given: &[Given]) -> Result<Resolved, ScenarioError> {
    refuse_bent_settings(path, given)?;
    let chain = read_chain(path)?;
    resolve(path, chain, given)
}

/// Refuses settings that would be silently bent: a key no flag may set (`baseline`,
/// `extends`), or one key given twice (by the same flag or by two).
fn refuse_bent_settings(path: &Path, given: &[Given]) -> Result<(), ScenarioError> {
    for (i, g) in given.iter().enumerate() {
        let key = &g.setting.key;
        let top = key.split(['.', '[']).next().unwrap_or("");
        let message = if top == "baseline" {
            Some(format!(
                "`baseline` cannot be set with {}: pair a run with `--against FILE` (`compare \
                 --baseline FILE`), or write `baseline` in the scenario file",
                g.flag
            ))
        } else if top == "extends" {
            Some(format!(
                "`extends` cannot be set with {}: write it in the scenario file",
                g.flag
            ))
        } else if top == "changes" && !key.contains("].set.") {
            Some(format!(
                "a dated change cannot be set with {}: write `[[changes]]` in the scenario file \
                 (a key path inside a change is not a key of the scenario; a value a change \
                 already sets can be: `changes[0].set.employers.wage_subsidy`)",
                g.flag
            ))
        } else {
            given[..i]
                .iter()
                .find(|h| h.setting.key == *key)
                .map(|h| format!("expected each key once, got {h} and {g}"))
        };
        if let Some(message) = message {
            return Err(ScenarioError::Invalid {
                path: path.to_path_buf(),
                errors: vec![Located {
                    file: None,
                    line: 0,
                    column: 0,
                    key: key.clone(),
                    message: format!("{message} (from {g})"),
                }],
            });
        }
    }
    Ok(())
}

/// Reads `path` and the files of its `extends` chain, child first, each parsed; refuses a
/// loop, a chain longer than [`MAX_CHAIN`], a missing parent and a name repeated in one file.
fn read_chain(path: &Path) -> Result<Vec<Source>, ScenarioError> {
    let read = |p: &Path| {
        read_scenario_text(p).map_err(|source| ScenarioError::Read {
            path: p.to_path_buf(),
            source,
        })
    };
    let invalid = |p: &Path, errors| ScenarioError::Invalid {
        path: p.to_path_buf(),
        errors,
    };
    let text = read(path)?;
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| invalid(path, vec![syntax_error(&text, &e)]))?;

    // Follow the chain, child first.
    let mut chain = vec![Source {
        path: path.to_path_buf(),
        text,
        table,
    }];
    loop {
        let last = chain.last().expect("chain is not empty");
        let Some(parent) = last.table.get("extends") else {
            break;
        };
        let shown = || {
            chain
                .iter()
                .map(|s| s.path.display().to_string())
                .collect::<Vec<_>>()
                .join(" → ")
        };
        let here = |message: String| {
            let span = find_key(&last.text, "extends").unwrap_or(0..0);
            let (line, column) = line_col(&last.text, span.start);
            invalid(
                path,
                vec![Located {
                    file: Some(last.path.clone()),
                    line,
                    column,
                    key: "extends".into(),
                    message,
                }],
            )
        };
        let Some(parent) = parent.as_str() else {
            return Err(here("expected a file name (a string)".into()));
        };
        let parent = relative_to(&last.path, parent);
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        if chain.iter().any(|s| same(&s.path, &parent)) {
            return Err(here(format!(
                "`extends` loops: {} → {}",
                shown(),
                parent.display()
            )));
        }
        if chain.len() >= MAX_CHAIN {
            return Err(here(format!(
                "expected an `extends` chain of at most {MAX_CHAIN} files: {}",
                shown()
            )));
        }
        let text = read_scenario_text(&parent).map_err(|e| {
            here(format!(
                "cannot read {} ({e}); chain: {} → {}",
                parent.display(),
                shown(),
                parent.display()
            ))
        })?;
        let table: toml::Table =
            toml::from_str(&text).map_err(|e| invalid(&parent, vec![syntax_error(&text, &e)]))?;
        chain.push(Source {
            path: parent,
            text,
            table,
        });
    }

    // A name given twice in one file would merge silently into one element: refuse it, as
    // a plain file's repeated names are refused.
    for src in &chain {
        if let Some((key, name)) = repeated_name(&src.table, "") {
            let span = find_key(&src.text, &key).unwrap_or(0..0);
            let (line, column) = line_col(&src.text, span.start);
            return Err(invalid(
                path,
                vec![Located {
                    file: (src.path != path).then(|| src.path.clone()),
                    line,
                    column,
                    key,
                    message: format!(
                        "expected a name not used earlier in this list, got {name:?} again"
                    ),
                }],
            ));
        }
    }
    Ok(chain)
}

/// The built-in defaults as a table: every key of a scenario that has a default (all but
/// `name`, `start` and `months`), at its default value. The files of a scenario lie over it
/// (see the module docs).
pub fn defaults() -> toml::Table {
    let bare: Scenario = toml::from_str("name = \"\"\nstart = \"2000-01\"\nmonths = 1\n")
        .expect("the required keys alone make a scenario");
    let mut t = toml::Table::try_from(&bare).expect("a scenario serialises");
    for required in ["name", "start", "months"] {
        t.remove(required);
    }
    t
}

/// Lays `top` over `base`: tables merge at every depth; any other value, arrays included,
/// replaces the one below.
fn overlay(base: &mut toml::Table, top: toml::Table) {
    for (key, value) in top {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(t)) => overlay(b, t),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Merges a chain (child first) over the defaults, applies `given`, deserialises and
/// validates; every error is located in the file (and line) that wrote the key, or names the
/// flag that set it.
fn resolve(path: &Path, chain: Vec<Source>, given: &[Given]) -> Result<Resolved, ScenarioError> {
    let invalid = |p: &Path, errors| ScenarioError::Invalid {
        path: p.to_path_buf(),
        errors,
    };
    let baseline_of = |src: &Path, t: &toml::Table| {
        t.get("baseline")
            .and_then(|v| v.as_str())
            .map(|b| relative_to(src, b))
    };
    // Merge root first; the child-most `baseline` wins.
    let mut baseline = None;
    let mut files = toml::Table::new();
    for src in chain.iter().rev() {
        if let Some(b) = baseline_of(&src.path, &src.table) {
            baseline = Some(b);
        }
        merge(&mut files, src.table.clone());
    }
    files.remove("extends");
    let mut merged = defaults();
    overlay(&mut merged, files);
    let from_setting = |key: &str| {
        given
            .iter()
            .find(|g| key == g.setting.key || key.starts_with(&format!("{}.", g.setting.key)))
    };
    // A rule between keys (shares that sum to 1, cut-offs in order) fails at one key but may
    // be broken by a setting of another key of the same table or list: name those flags too.
    let related_settings = |key: &str| -> String {
        let table = key
            .rfind(['.', '['])
            .map_or(key, |i| &key[..i])
            .trim_end_matches(']');
        let list = key.split('[').next().unwrap_or(key);
        let near: Vec<String> = given
            .iter()
            .filter(|g| {
                (!table.is_empty() && g.setting.key.starts_with(table))
                    || g.setting.key.starts_with(list)
            })
            .map(|g| g.to_string())
            .collect();
        if near.is_empty() {
            String::new()
        } else {
            format!(" (with {})", near.join(", "))
        }
    };
    // `merged` is the merged scenario the key's list indices refer to.
    let locate = |merged: &toml::Table, key: &str, message: String| {
        if let Some(g) = from_setting(key) {
            return Located {
                file: None,
                line: 0,
                column: 0,
                key: key.to_string(),
                message: format!("{message} (from {g})"),
            };
        }
        let message = format!("{message}{}", related_settings(key));
        for src in &chain {
            // The key's list indices are the merged scenario's; this file's own element of the
            // same name may sit at another index (or be absent).
            // A key inside a table of key paths (`changes[0].set."a.b"`) is found at the table.
            let own_path = key.split_once(".\"").map_or(key, |(table, _)| table);
            let Some(own) = own_key(merged, &src.table, own_path) else {
                continue;
            };
            if let Some(span) = find_key(&src.text, &own) {
                let (line, column) = line_col(&src.text, span.start);
                return Located {
                    file: (src.path != path).then(|| src.path.clone()),
                    line,
                    column,
                    key: key.to_string(),
                    message,
                };
            }
        }
        Located {
            file: None,
            line: 0,
            column: 0,
            key: key.to_string(),
            message,
        }
    };
    let mut uncertain = uncertain::extract(&mut merged)
        .map_err(|(key, message)| invalid(path, vec![locate(&merged, &key, message)]))?;
    let deserialize = |t: &toml::Table| -> Result<Scenario, ScenarioError> {
        serde_path_to_error::deserialize(toml::Value::Table(t.clone())).map_err(|e| {
            let key = e.path().to_string();
            let key = if key == "." { String::new() } else { key };
            invalid(
                path,
                vec![locate(
                    t,
                    &key,
                    in_plain_words(&with_suggestion(e.into_inner().message().trim()), &key),
                )],
            )
        })
    };
    let mut scenario = deserialize(&merged).map_err(|e| about_uncertain(e, &uncertain))?;
    if !given.is_empty() {
        // Settings act on the scenario as read (every default written out, values
        // normalised), so any key can be set (or made uncertain).
        merged = toml::Table::try_from(&scenario).expect("a scenario serialises");
        for g in given {
            // A value inside a dated change only replaces one the change already sets, written
            // as tables (`[changes.set.employers]`): a new key there, or one written as a
            // quoted dotted key, would be a second value for the same key.
            if g.setting.key.starts_with("changes[")
                && super::raw_at(&merged, &g.setting.key).is_none()
            {
                return Err(invalid(
                    path,
                    vec![locate(
                        &merged,
                        &g.setting.key,
                        format!(
                            "{} can only replace a value a dated change already sets, written \
                             as a table (`[changes.set.employers]` with `wage_subsidy = 0.0`, not \
                             `set = {{ \"employers.wage_subsidy\" = 0.0 }}`)",
                            g.flag
                        ),
                    )],
                ));
            }
            uncertain::set_path(&mut merged, &g.setting.key, g.setting.value.clone()).map_err(
                |e| {
                    invalid(
                        path,
                        vec![locate(&merged, &g.setting.key, format!("cannot set: {e}"))],
                    )
                },
            )?;
        }
        let from_settings = uncertain::extract(&mut merged)
            .map_err(|(key, message)| invalid(path, vec![locate(&merged, &key, message)]))?;
        uncertain.retain(|u| !from_settings.iter().any(|f| f.key == u.key));
        uncertain.extend(from_settings);
        uncertain.sort_by(|a, b| a.key.cmp(&b.key));
        scenario = deserialize(&merged).map_err(|e| about_uncertain(e, &uncertain))?;
    }
    // An uncertain input is checked over everything it can draw (a uniform's or triangular's
    // ends; a normal's centre), not only at its centre.
    let mut errs: Vec<Located> = Vec::new();
    for u in &uncertain {
        let Some(def) = super::keys::lookup(&u.key) else {
            continue;
        };
        let ends = match u.dist {
            uncertain::Dist::Uniform { lo, hi } | uncertain::Dist::Triangular { lo, hi, .. } => {
                vec![lo, hi]
            }
            uncertain::Dist::Normal { .. } => Vec::new(),
        };
        if let Some(bad) = ends.into_iter().find(|&v| !def.range.admits(v)) {
            errs.push(locate(
                &merged,
                &u.key,
                format!(
                    "expected every value `{}` can draw to be in {}; it can draw {bad}",
                    u.dist, def.range
                ),
            ));
        }
    }
    if let Err(invalids) = validate(&scenario) {
        errs.extend(invalids.into_iter().map(|e| {
            let expected = match uncertain.iter().find(|u| u.key == e.key) {
                Some(u) => format!(
                    "{} (the centre of `{}`, which it takes when nothing is drawn)",
                    e.expected, u.dist
                ),
                None => e.expected,
            };
            locate(&merged, &e.key, expected)
        }));
    }
    if !errs.is_empty() {
        return Err(invalid(path, errs));
    }
    Ok(Resolved {
        scenario,
        files: chain.into_iter().map(|s| s.path).collect(),
        baseline,
        uncertain,
        table: merged,
    })
}

/// A type error at a key made uncertain says why: only a number with a fractional part can be
/// drawn, so a whole-number key cannot be uncertain.
fn about_uncertain(e: ScenarioError, uncertain: &[Uncertain]) -> ScenarioError {
    match e {
        ScenarioError::Invalid { path, mut errors } => {
            for l in &mut errors {
                if let Some(u) = uncertain.iter().find(|u| u.key == l.key) {
                    l.message = format!(
                        "`{}` cannot be uncertain (`{}`): it takes whole numbers only ({})",
                        u.key, u.dist, l.message
                    );
                }
            }
            ScenarioError::Invalid { path, errors }
        }
        other => other,
    }
}

/// A path written in scenario file `file`, resolved against the file's folder.
fn relative_to(file: &Path, written: &str) -> PathBuf {
    let written = Path::new(written);
    if written.is_absolute() {
        return written.to_path_buf();
    }
    file.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| written.to_path_buf(), |dir| dir.join(written))
}

/// Merges `child` over `base` (see the module docs).
fn merge(base: &mut toml::Table, child: toml::Table) {
    use toml::Value;
    for (key, value) in child {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(c)) => merge(b, c),
            (Some(Value::Array(b)), Value::Array(c)) if named(b) && named(&c) && !c.is_empty() => {
                for item in c {
                    let name = item.get("name").cloned();
                    match b.iter_mut().find(|x| x.get("name") == name.as_ref()) {
                        Some(Value::Table(bt)) => {
                            if let Value::Table(ct) = item {
                                merge(bt, ct);
                            }
                        }
                        _ => b.push(item),
                    }
                }
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// `key` (a path into the merged scenario `merged`, such as `programmes[1].funding.budget`)
/// with each index of a named list replaced by the index of the element of the same name in
/// `own` (one file of an `extends` chain); `None` if that file does not have the element.
fn own_key(merged: &toml::Table, own: &toml::Table, key: &str) -> Option<String> {
    use toml::Value;
    // The values at the path so far, in the merged scenario and in this file (owned copies:
    // this runs once per error message).
    let (mut m, mut o) = (Value::Table(merged.clone()), Value::Table(own.clone()));
    let mut out = Vec::new();
    for seg in key.split('.') {
        let (name, indices) = match seg.find('[') {
            Some(i) => (&seg[..i], &seg[i..]),
            None => (seg, ""),
        };
        m = m.as_table()?.get(name)?.clone();
        // A key the merge supplied from another file is not in this one.
        o = o.as_table()?.get(name)?.clone();
        let mut own_seg = name.to_string();
        for idx in indices.split(['[', ']']).filter(|x| !x.is_empty()) {
            let i: usize = idx.parse().ok()?;
            let melem = m.as_array()?.get(i)?.clone();
            let oarr = o.as_array()?;
            let j = match melem.get("name").and_then(|n| n.as_str()) {
                Some(n) => oarr
                    .iter()
                    .position(|e| e.get("name").and_then(|x| x.as_str()) == Some(n))?,
                None => i,
            };
            o = oarr.get(j)?.clone();
            m = melem;
            own_seg.push_str(&format!("[{j}]"));
        }
        out.push(own_seg);
    }
    Some(out.join("."))
}

/// The first element of a named list (at any depth of `t`) whose name repeats an earlier
/// one's ([`super::validate::name_key`]): its key path (`programmes[2].name`) and name.
fn repeated_name(t: &toml::Table, prefix: &str) -> Option<(String, String)> {
    for (k, v) in t {
        let at = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(sub) => {
                if let Some(r) = repeated_name(sub, &at) {
                    return Some(r);
                }
            }
            toml::Value::Array(items) => {
                let mut seen = std::collections::BTreeSet::new();
                for (i, item) in items.iter().enumerate() {
                    let Some(sub) = item.as_table() else { continue };
                    if let Some(name) = sub.get("name").and_then(|n| n.as_str())
                        && !seen.insert(super::validate::name_key(name))
                    {
                        return Some((format!("{at}[{i}].name"), name.to_string()));
                    }
                    if let Some(r) = repeated_name(sub, &format!("{at}[{i}]")) {
                        return Some(r);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// An array of tables that all have a string `name`.
pub(super) fn named(items: &[toml::Value]) -> bool {
    items.iter().all(|v| {
        v.as_table()
            .and_then(|t| t.get("name"))
            .is_some_and(|n| n.is_str())
    })
}

/// Parses and validates scenario text as [`load`] does a file (over the defaults, errors
/// with line and key); `path` is used in messages only. The text cannot `extends` another
/// file: there is no folder to find it in.
pub fn load_str(text: &str, path: &Path) -> Result<Valid, ScenarioError> {
    let invalid = |errors| ScenarioError::Invalid {
        path: path.to_path_buf(),
        errors,
    };
    let table: toml::Table =
        toml::from_str(text).map_err(|e| invalid(vec![syntax_error(text, &e)]))?;
    if table.contains_key("extends") {
        let span = find_key(text, "extends").unwrap_or(0..0);
        let (line, column) = line_col(text, span.start);
        return Err(invalid(vec![Located {
            file: None,
            line,
            column,
            key: "extends".into(),
            message: "expected a scenario file to follow `extends` from, got scenario text".into(),
        }]));
    }
    let source = Source {
        path: path.to_path_buf(),
        text: text.to_string(),
        table,
    };
    let scenario = resolve(path, vec![source], &[])?.scenario;
    Valid::new(scenario).map_err(|errs| invalid(locate_all(text, errs)))
}

fn syntax_error(text: &str, e: &toml::de::Error) -> Located {
    let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
    Located {
        file: None,
        line,
        column,
        key: String::new(),
        message: format!("invalid TOML: {}", e.message().trim()),
    }
}

fn locate_all(text: &str, errors: Vec<Invalid>) -> Vec<Located> {
    errors
        .into_iter()
        .map(|e| {
            let (line, column) = find_key(text, &e.key)
                .map(|s| line_col(text, s.start))
                .unwrap_or((0, 0));
            Located {
                file: None,
                line,
                column,
                key: e.key,
                message: e.expected,
            }
        })
        .collect()
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The span of the deepest part of a key path (`a.b[2].c`) that exists in the document: the
/// key itself where it is written, else the table or array that should hold it.
fn find_key(text: &str, key: &str) -> Option<Range<usize>> {
    let doc = DeTable::parse(text).ok()?;
    let mut table: Option<&DeTable> = Some(doc.get_ref());
    let mut best: Option<Range<usize>> = None;
    for segment in key.split('.').filter(|s| !s.is_empty()) {
        let (name, indices) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        let Some((k, mut value)) =
            table.and_then(|t| t.iter().find(|(k, _)| k.get_ref().as_ref() == name))
        else {
            return best;
        };
        best = Some(k.span());
        for idx in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            let Some(item) = idx
                .parse::<usize>()
                .ok()
                .and_then(|i| value.get_ref().get(i))
            else {
                return best;
            };
            best = Some(item.span());
            value = item;
        }
        table = match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    best
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`, …" (and the same for unknown
/// variants) to lead with the nearest valid name: "unknown key `x` — did you mean `a`? …".
pub(super) fn with_suggestion(message: &str) -> String {
    let (kind, what) = if message.starts_with("unknown field") {
        ("key", "valid keys here")
    } else if message.starts_with("unknown variant") {
        ("value", "valid values")
    } else {
        return message.to_string();
    };
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let Some((given, valid)) = quoted.split_first() else {
        return message.to_string();
    };
    let list = valid
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if valid.is_empty() {
        return format!("unknown {kind} `{given}`: no {kind}s are allowed here");
    }
    match nearest(given, valid) {
        Some(best) => format!("unknown {kind} `{given}` — did you mean `{best}`? ({what}: {list})"),
        None => format!("unknown {kind} `{given}` ({what}: {list})"),
    }
}

/// Rewrites serde's "invalid type: string \"x\", expected f64" (or "invalid value: integer
/// `-3`, expected u32") at `key` in words a reader knows: "expected a number in [0, 1], got
/// string \"x\"", with the key's range from the key table when it has one, else the kind of
/// value ("a whole number", "a number", "true or false", "text"). Other messages pass.
pub(super) fn in_plain_words(message: &str, key: &str) -> String {
    let Some((head, expected)) = message.rsplit_once(", expected ") else {
        return message.to_string();
    };
    let Some(got) = head
        .strip_prefix("invalid type: ")
        .or_else(|| head.strip_prefix("invalid value: "))
    else {
        return message.to_string();
    };
    let kind = match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" => "true or false",
        "a string" => "text in quotes",
        _ => return message.to_string(),
    };
    match super::keys::lookup(key) {
        Some(def) if kind != "true or false" && kind != "text in quotes" => {
            def.range.expected_shown(got)
        }
        _ => format!("expected {kind}, got {got}"),
    }
}

/// The valid name closest to `given`, if any is close enough to be a likely typo.
fn nearest<'a>(given: &str, valid: &[&'a str]) -> Option<&'a str> {
    let lower = given.to_lowercase().replace('-', "_");
    valid
        .iter()
        .map(|v| (*v, strsim::jaro_winkler(&lower, v)))
        .filter(|&(_, score)| score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(v, _)| v)
}

/// The most gapsim reads of any input file (a scenario, a parent, a baseline, a shard file or
/// its manifest) [bytes]. Scenarios are a few kB; the largest shard file of a documented run
/// is a few MB.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// The most gapsim reads of a scenario file (a scenario, a parent, a baseline) [bytes]: far
/// more than any real scenario (the bundled ones are a few kB; 255 areas with 200-point demand
/// paths are about 2.5 MB), and small enough that parsing one stays within a modest memory
/// limit (parsing TOML takes some 60 times the file's size at its peak).
pub const MAX_SCENARIO_BYTES: u64 = 4 << 20;

/// Reads an input file: only a regular file (not a device such as `/dev/zero`, not a named
/// pipe, which would block, not a folder), of at most [`MAX_INPUT_BYTES`]. The type and size
/// are checked before the file is opened, and the read stops at the cap whatever the file
/// does meanwhile.
///
/// # Errors
/// An I/O error, whose message says what was expected, for anything else.
pub fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    read_capped(path, MAX_INPUT_BYTES)
}

/// [`read_input`] with the cap `cap` [bytes].
fn read_capped(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "expected a regular file (not a folder, device or pipe)",
        ));
    }
    let too_big = || {
        Error::new(
            ErrorKind::InvalidInput,
            format!("expected a file of at most {} MiB", cap >> 20),
        )
    };
    if meta.len() > cap {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(cap + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(too_big());
    }
    Ok(bytes)
}

/// [`read_input`] as UTF-8 text.
pub fn read_input_text(path: &Path) -> std::io::Result<String> {
    utf8(read_input(path)?)
}

/// A scenario file's text: [`read_input_text`] with the cap [`MAX_SCENARIO_BYTES`].
pub fn read_scenario_text(path: &Path) -> std::io::Result<String> {
    utf8(read_capped(path, MAX_SCENARIO_BYTES)?)
}

/// The question a scenario asks: the paragraph that starts `# Question:` in the comment at
/// the top of its own file (`files` as [`Resolved::files`], the loaded file first), up to its
/// question mark, lines joined with spaces. A parent's question is not inherited: a scenario
/// that extends the baseline asks something else than the baseline does. `None` when the
/// file has none.
pub fn question(files: &[PathBuf]) -> Option<String> {
    let text = read_scenario_text(files.first()?).ok()?;
    question_in(&text)
}

/// The `# Question:` paragraph of a file's leading comment.
fn question_in(text: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let Some(comment) = line.strip_prefix('#') else {
            if line.is_empty() {
                continue;
            }
            break; // the first key: the header is over
        };
        let comment = comment.trim();
        if words.is_empty() {
            // "Question: …", or "Question (asked by …): …".
            if comment.starts_with("Question")
                && let Some((_, rest)) = comment.split_once(':')
            {
                words.push(rest.trim());
            }
        } else if comment.is_empty() {
            break; // the paragraph ends at a blank comment line
        } else {
            words.push(comment);
        }
        if words.last().is_some_and(|w| w.contains('?')) {
            break; // the question ends at its question mark
        }
    }
    let q = words.join(" ");
    // Up to the first question mark: what follows it (how to run it) is not the question.
    let q = match q.find('?') {
        Some(i) => &q[..=i],
        None => q.as_str(),
    };
    let q = q.trim();
    (!q.is_empty()).then(|| q.to_string())
}

fn utf8(bytes: Vec<u8>) -> std::io::Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "expected UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_is_the_headers_question_paragraph() {
        let text = "# Title\n#\n# Question: does it\n# halve the gap?\n#\n# Sources\nname = \"x\"\n# Question: not this\n";
        assert_eq!(question_in(text).as_deref(), Some("does it halve the gap?"));
        assert_eq!(question_in("name = \"x\"\n# Question: too late\n"), None);
        assert_eq!(
            question_in("# Question: ends at the key\nname = 1\n").as_deref(),
            Some("ends at the key")
        );
        let asked = "# Question (asked by a city): what\n# works? Run it with:\n#   gapsim\n";
        assert_eq!(question_in(asked).as_deref(), Some("what works?"));
    }

    #[test]
    fn unknown_keys_and_values_suggest_the_nearest_valid_one() {
        let m = with_suggestion("unknown field `seeed`, expected one of `name`, `seed`, `start`");
        assert!(m.contains("did you mean `seed`?"), "{m}");
        let m = with_suggestion(
            "unknown variant `stop-referral`, expected `stop_referrals` or `pro_rate`",
        );
        assert!(m.contains("did you mean `stop_referrals`?"), "{m}");
        let m = with_suggestion("unknown field `zzzz`, expected one of `name`, `seed`");
        assert!(
            !m.contains("did you mean") && m.contains("`name`, `seed`"),
            "{m}"
        );
        assert_eq!(with_suggestion("invalid type"), "invalid type");
    }

    #[test]
    fn type_errors_are_put_in_plain_words_with_the_keys_range() {
        let m = super::in_plain_words(
            "invalid value: integer `-3`, expected u32",
            "programmes[0].payment_groups[3].max_prognosis_months",
        );
        assert_eq!(m, "expected a whole number in [0, 1200], got integer `-3`");
        let m = super::in_plain_words(
            "invalid type: string \"x\", expected f64",
            "labour.find_demand",
        );
        assert_eq!(m, "expected a number in [-20, 20], got string \"x\"");
        let m = super::in_plain_words("invalid type: string \"yes\", expected a boolean", "x.y");
        assert_eq!(m, "expected true or false, got string \"yes\"");
        assert_eq!(
            super::in_plain_words("missing field `entry`", "a"),
            "missing field `entry`"
        );
    }
}
