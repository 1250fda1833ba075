//! Dated policy changes: a scenario's `[[changes]]`, each with a month `from` and a table
//! `set` of key paths (the same paths as `--set`) and their new values, applied in exactly
//! that month.
//!
//! ```toml
//! [[changes]]
//! from = "2025-01"
//! set = { "benefits.sanction_rate" = 0.015, "programmes[1].funding.budget" = 2e9 }
//! ```
//!
//! Changes are cumulative in date order (file order within a month): the scenario in force
//! from a change is the scenario with that change and every earlier one applied
//! ([`Scenario::regimes`]). Only keys that do not change the shape of the world can change:
//! benefit rules, labour coefficients, approach effects, an area's demand path, and a
//! programme's dates, prices, budget, capacity, eligibility and providers' terms. The
//! population, the health model, the run settings, names and the number of programmes,
//! payment groups, providers and areas are fixed for the run. Each regime is validated with
//! the scenario ([`super::validate`]), so a bad value is refused at load with the change's
//! key.
//!
//! The engine switches to a change's regime at the start of its month and looks at every
//! person again that month (their screening limits were set under the old rules), so a run
//! with a change is identical to one without it up to the month before.

use super::{Scenario, set_path};
use crate::calendar::YearMonth;
use serde::{Deserialize, Serialize};

/// One dated change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeConfig {
    /// The first month under the new values, `"YYYY-MM"`; after the scenario's start.
    pub from: YearMonth,
    /// Key paths (as for `--set`) and their new values.
    pub set: toml::Table,
}

/// Top-level keys a change may not touch: the run settings, the population and the health
/// model (the people of the run), what is counted, and the scenario's own links.
const FIXED: [&str; 12] = [
    "name",
    "description",
    "start",
    "months",
    "replications",
    "seed",
    "population",
    "health",
    "barriers",
    "outputs",
    "baseline",
    "changes",
];

/// A change that cannot be applied: the key to blame and what was expected.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeError {
    pub key: String,
    pub expected: String,
}

impl Scenario {
    /// The scenario in force from each change on, in date order: `(first month, scenario)`,
    /// each with its `changes` emptied. Empty when the scenario has none.
    ///
    /// # Errors
    /// A change of a fixed key, a key path that cannot be set, a value of the wrong type, a
    /// change that alters the number or names of programmes, payment groups, providers or
    /// areas, or a date not after the start: the first such problem, with the key to blame
    /// (`changes[i].set."key"` or `changes[i].from`).
    pub fn regimes(&self) -> Result<Vec<(YearMonth, Scenario)>, ChangeError> {
        if self.changes.is_empty() {
            return Ok(Vec::new());
        }
        let mut order: Vec<usize> = (0..self.changes.len()).collect();
        order.sort_by_key(|&i| self.changes[i].from);
        let mut base = self.clone();
        base.changes.clear();
        let mut table = toml::Table::try_from(&base).expect("a scenario serialises");
        let mut out = Vec::with_capacity(order.len());
        for i in order {
            let change = &self.changes[i];
            if change.from <= self.start {
                return Err(ChangeError {
                    key: format!("changes[{i}].from"),
                    expected: format!(
                        "expected a month after the scenario's start ({}), got {}: a change from \
                         the start is the scenario itself",
                        self.start, change.from
                    ),
                });
            }
            if change.set.is_empty() {
                return Err(ChangeError {
                    key: format!("changes[{i}].set"),
                    expected: "expected at least one key to change".into(),
                });
            }
            for (key, value) in flatten(&change.set).map_err(|(key, expected)| ChangeError {
                key: format!("changes[{i}].set.{key:?}"),
                expected,
            })? {
                let key = key.as_str();
                let at = format!("changes[{i}].set.{key:?}");
                let top = key.split(['.', '[']).next().unwrap_or(key);
                if FIXED.contains(&top) || key.ends_with(".name") || key.ends_with(".share") {
                    return Err(ChangeError {
                        key: at,
                        expected: format!(
                            "expected a key that can change during a run (benefit rules, labour \
                             coefficients, approach effects, demand, a programme's terms); \
                             `{key}` is fixed for the run"
                        ),
                    });
                }
                set_path(&mut table, key, value).map_err(|e| ChangeError {
                    key: at.clone(),
                    expected: format!("cannot set `{key}`: {e}"),
                })?;
            }
            let changed: Scenario = serde_path_to_error::deserialize(toml::Value::Table(
                table.clone(),
            ))
            .map_err(|e| {
                let path = e.path().to_string();
                ChangeError {
                    key: format!("changes[{i}].set"),
                    expected: format!(
                        "key `{path}`: {}",
                        super::load::in_plain_words(
                            &super::load::with_suggestion(e.into_inner().message().trim()),
                            &path
                        )
                    ),
                }
            })?;
            if let Some(what) = shape_change(&base, &changed) {
                return Err(ChangeError {
                    key: format!("changes[{i}].set"),
                    expected: format!("expected the same {what} as the scenario"),
                });
            }
            out.push((change.from, changed));
        }
        Ok(out)
    }
}

/// The key paths and values of a change's `set`, with tables written inside it (`benefits =
/// { sanction_rate = 0.01 }`) opened into the paths of their values
/// (`benefits.sanction_rate`), so that a table sets only the keys it names, as in a file.
///
/// # Errors
/// A key set twice (once as a path, once inside a table), or an uncertain input (a
/// distribution: a change holds plain values only), with the key and what was expected.
fn flatten(set: &toml::Table) -> Result<Vec<(String, toml::Value)>, (String, String)> {
    fn walk(
        t: &toml::Table,
        at: &str,
        out: &mut Vec<(String, toml::Value)>,
    ) -> Result<(), (String, String)> {
        for (k, v) in t {
            let key = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            match v {
                toml::Value::Table(inner)
                    if inner.len() == 1
                        && ["normal", "uniform", "triangular"]
                            .iter()
                            .any(|d| inner.contains_key(*d)) =>
                {
                    return Err((
                        key,
                        "expected a plain value: an uncertain input (a distribution) cannot \
                         change at a date; give the distribution in the scenario itself"
                            .into(),
                    ));
                }
                toml::Value::Table(inner) => walk(inner, &key, out)?,
                v => {
                    if out.iter().any(|(o, _)| *o == key) {
                        return Err((key, "expected each key once in a change".into()));
                    }
                    out.push((key, v.clone()));
                }
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(set, "", &mut out)?;
    Ok(out)
}

/// What differs in shape between `a` and `b`, if anything: the number or names of areas,
/// programmes, payment groups or providers.
fn shape_change(a: &Scenario, b: &Scenario) -> Option<&'static str> {
    let names = |s: &Scenario| -> Vec<Vec<String>> {
        let mut v = vec![s.areas.iter().map(|x| x.name.clone()).collect()];
        v.push(s.programmes.iter().map(|p| p.name.clone()).collect());
        for p in &s.programmes {
            v.push(p.payment_groups.iter().map(|g| g.name.clone()).collect());
            v.push(p.providers.iter().map(|x| x.name.clone()).collect());
        }
        v
    };
    let shares = |s: &Scenario| -> Vec<u64> {
        s.areas
            .iter()
            .map(|a| a.share.to_bits())
            .chain(
                s.programmes
                    .iter()
                    .flat_map(|p| p.providers.iter().map(|v| v.share.to_bits())),
            )
            .collect()
    };
    if names(a) != names(b) {
        Some("areas, programmes, payment groups and providers")
    } else if shares(a) != shares(b) {
        Some("area and provider shares")
    } else {
        None
    }
}
