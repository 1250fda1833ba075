//! Values that are not fixed: command-line settings (`--set KEY=VALUE`) and parameter
//! uncertainty (`{ normal = [mean, sd] }` in place of a number).
//!
//! Both act on the merged TOML table of a scenario before it is deserialised, so every key a
//! file can hold can be set or made uncertain, and every error is reported like a file's.
//!
//! **Distributions.** Any float-valued key except `population.scale` may be written as
//! `{ normal = [mean, sd] }`, `{ uniform = [lo, hi] }` or `{ triangular = [lo, mode, hi] }`.
//! The scenario is validated at the central value (mean, midpoint, mode) and at the 0.1% and
//! 99.9% points of each distribution, so draws outside a key's range are refused before any
//! work. Each replication draws every uncertain value once, from a stream keyed by (seed,
//! replication, key path): a scenario and its baseline share a draw for the same key, and a
//! distribution with zero spread draws exactly its central value.

use crate::rng::{Purpose, ReplicationKey};
use std::fmt;
use std::str::FromStr;
use toml::Value;

/// A distribution of one scenario value.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Dist {
    Normal { mean: f64, sd: f64 },
    Uniform { lo: f64, hi: f64 },
    Triangular { lo: f64, mode: f64, hi: f64 },
}

impl Dist {
    /// The value the scenario takes when nothing is drawn: mean, midpoint or mode.
    pub fn central(&self) -> f64 {
        match *self {
            Dist::Normal { mean, .. } => mean,
            Dist::Uniform { lo, hi } => 0.5 * (lo + hi),
            Dist::Triangular { mode, .. } => mode,
        }
    }

    /// The `p`-quantile, 0 < p < 1.
    pub fn quantile(&self, p: f64) -> f64 {
        match *self {
            Dist::Normal { mean, sd } => mean + sd * std_normal_quantile(p),
            Dist::Uniform { lo, hi } => lo + p * (hi - lo),
            Dist::Triangular { lo, mode, hi } => {
                if hi == lo {
                    return mode;
                }
                let f = (mode - lo) / (hi - lo);
                if p < f {
                    lo + ((hi - lo) * (mode - lo) * p).sqrt()
                } else {
                    hi - ((hi - lo) * (hi - mode) * (1.0 - p)).sqrt()
                }
            }
        }
    }

    /// Replication `r`'s draw for the value at `key`, by the inverse CDF of a keyed uniform.
    pub fn draw(&self, seed: u64, r: u32, key: &str) -> f64 {
        let u = ReplicationKey::new(seed, r)
            .month(-2)
            .person(key_hash(key))
            .uniform(Purpose::Parameter);
        // Keep strictly inside (0, 1) so the normal quantile is finite.
        self.quantile(u.clamp(1e-12, 1.0 - 1e-12))
    }

    fn parse(name: &str, args: &[f64]) -> Result<Self, String> {
        let d = match (name, args) {
            ("normal", [mean, sd]) if *sd >= 0.0 => Dist::Normal {
                mean: *mean,
                sd: *sd,
            },
            ("uniform", [lo, hi]) if lo <= hi => Dist::Uniform { lo: *lo, hi: *hi },
            ("triangular", [lo, mode, hi]) if lo <= mode && mode <= hi => Dist::Triangular {
                lo: *lo,
                mode: *mode,
                hi: *hi,
            },
            ("normal", _) => return Err("expected `normal = [mean, sd]` with sd ≥ 0".into()),
            ("uniform", _) => return Err("expected `uniform = [lo, hi]` with lo ≤ hi".into()),
            ("triangular", _) => {
                return Err("expected `triangular = [lo, mode, hi]` with lo ≤ mode ≤ hi".into());
            }
            _ => unreachable!("only called for known names"),
        };
        if args.iter().all(|x| x.is_finite()) {
            Ok(d)
        } else {
            Err("expected finite numbers in the distribution".into())
        }
    }
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dist::Normal { mean, sd } => write!(f, "normal({mean}, {sd})"),
            Dist::Uniform { lo, hi } => write!(f, "uniform({lo}, {hi})"),
            Dist::Triangular { lo, mode, hi } => write!(f, "triangular({lo}, {mode}, {hi})"),
        }
    }
}

/// One uncertain value of a scenario.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Uncertain {
    /// Key path, e.g. `approaches.ips.find_effect`.
    pub key: String,
    pub dist: Dist,
}

/// FNV-1a of a key path: the "person" slot of its random stream.
fn key_hash(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
fn std_normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383_577_518_672_69e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Finds every distribution in `table`, replaces it with its central value, and returns them
/// in key order; an error names the key and what was expected.
pub fn extract(table: &mut toml::Table) -> Result<Vec<Uncertain>, (String, String)> {
    let mut out = Vec::new();
    walk_table(table, "", &mut out)?;
    Ok(out)
}

fn walk_table(
    t: &mut toml::Table,
    at: &str,
    out: &mut Vec<Uncertain>,
) -> Result<(), (String, String)> {
    for (k, v) in t.iter_mut() {
        // Dated changes hold plain values only; `Scenario::regimes` refuses a distribution
        // there with its key, rather than have it drawn and then ignored.
        if at.is_empty() && k == "changes" {
            continue;
        }
        let key = if at.is_empty() {
            k.clone()
        } else {
            format!("{at}.{k}")
        };
        walk_value(v, key, out)?;
    }
    Ok(())
}

fn walk_value(
    v: &mut Value,
    key: String,
    out: &mut Vec<Uncertain>,
) -> Result<(), (String, String)> {
    match v {
        Value::Table(t) => {
            if let Some(dist) = as_dist(t).map_err(|e| (key.clone(), e))? {
                if key == "population.scale" {
                    return Err((key, "expected a fixed number: the scale cannot be uncertain (every output is scaled by it)".into()));
                }
                *v = Value::Float(dist.central());
                out.push(Uncertain { key, dist });
                return Ok(());
            }
            walk_table(t, &key, out)
        }
        Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                walk_value(x, format!("{key}[{i}]"), out)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A one-key table naming a distribution, or `None` for any other table.
fn as_dist(t: &toml::Table) -> Result<Option<Dist>, String> {
    if t.len() != 1 {
        return Ok(None);
    }
    let (name, args) = t.iter().next().expect("one key");
    if !["normal", "uniform", "triangular"].contains(&name.as_str()) {
        return Ok(None);
    }
    let nums: Option<Vec<f64>> = args.as_array().and_then(|a| {
        a.iter()
            .map(|x| x.as_float().or_else(|| x.as_integer().map(|i| i as f64)))
            .collect()
    });
    let nums = nums.ok_or_else(|| format!("expected `{name} = [numbers…]`"))?;
    Dist::parse(name, &nums).map(Some)
}

/// A value given on the command line for a key: `--set programmes[0].funding.budget=2e8`.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    pub key: String,
    pub value: Value,
}

impl FromStr for Setting {
    type Err = String;

    /// `KEY=VALUE`; VALUE is read as TOML (a number, `true`, `"text"`, `[1, 2]`,
    /// `{ normal = [1, 0.1] }`), and anything else as plain text.
    fn from_str(s: &str) -> Result<Self, String> {
        let (key, value) = s
            .split_once('=')
            .ok_or_else(|| format!("expected KEY=VALUE, got {s:?}"))?;
        let key = key.trim();
        if key.is_empty() {
            return Err(format!("expected KEY=VALUE, got {s:?}"));
        }
        let value = value.trim();
        let value = toml::from_str::<toml::Table>(&format!("v = {value}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| Value::String(value.to_string()));
        Ok(Setting {
            key: key.to_string(),
            value,
        })
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

/// The command-line flag a setting came from, named in every error it causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// `--set`: an assumption about the world, applied to a scenario and its baseline alike.
    Set,
    /// `--policy`: a change the scenario makes, applied to the scenario only.
    Policy,
    /// `target --lever`: the key `target` moves.
    Lever,
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Flag::Set => "--set",
            Flag::Policy => "--policy",
            Flag::Lever => "--lever",
        })
    }
}

/// A setting and the flag that gave it: `--policy programmes[0].funding.budget=2e8`.
#[derive(Clone, Debug, PartialEq)]
pub struct Given {
    pub flag: Flag,
    pub setting: Setting,
}

impl fmt::Display for Given {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.flag, self.setting)
    }
}

impl Dist {
    /// The distribution as a scenario file writes it: `{ normal = [mean, sd] }`.
    pub fn to_value(&self) -> Value {
        let (name, args) = match *self {
            Dist::Normal { mean, sd } => ("normal", vec![mean, sd]),
            Dist::Uniform { lo, hi } => ("uniform", vec![lo, hi]),
            Dist::Triangular { lo, mode, hi } => ("triangular", vec![lo, mode, hi]),
        };
        let mut t = toml::Table::new();
        t.insert(
            name.into(),
            Value::Array(args.into_iter().map(Value::Float).collect()),
        );
        Value::Table(t)
    }
}

/// The value at key path `a.b[1].c` of a table.
pub fn raw_at<'a>(t: &'a toml::Table, key: &str) -> Option<&'a Value> {
    let first = key.split(['.', '[']).next()?;
    let mut v: &Value = t.get(first)?;
    let mut rest = &key[first.len()..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let (i, r) = r.split_once(']')?;
            v = v.as_array()?.get(i.parse::<usize>().ok()?)?;
            rest = r;
        } else {
            let r = rest.strip_prefix('.')?;
            let end = r.find(['.', '[']).unwrap_or(r.len());
            v = v.as_table()?.get(&r[..end])?;
            rest = &r[end..];
        }
    }
    Some(v)
}

/// The number at key path `a.b[1].c` of a table (integers as floats); `None` if absent or
/// not a number.
pub fn value_at(t: &toml::Table, key: &str) -> Option<f64> {
    let v = raw_at(t, key)?;
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

/// Sets `key` (`a.b`, `list[2].c`) in `table`, creating tables on the way; an index must
/// name an existing element.
pub fn set_path(table: &mut toml::Table, key: &str, value: Value) -> Result<(), String> {
    let segments: Vec<&str> = key.split('.').collect();
    let mut cur = table;
    for (i, seg) in segments.iter().enumerate() {
        let (name, rest) = seg.split_at(seg.find('[').unwrap_or(seg.len()));
        if name.is_empty() {
            return Err(format!(
                "expected a key path such as `labour.find_intercept`, got `{key}`"
            ));
        }
        let indices: Vec<usize> = rest
            .split(['[', ']'])
            .filter(|s| !s.is_empty())
            .map(|x| {
                x.parse()
                    .map_err(|_| format!("expected a number in […] in `{key}`"))
            })
            .collect::<Result<_, _>>()?;
        let last = i + 1 == segments.len();
        if indices.is_empty() {
            if last {
                cur.insert(name.to_string(), value);
                return Ok(());
            }
            cur = cur
                .entry(name.to_string())
                .or_insert_with(|| Value::Table(toml::Table::new()))
                .as_table_mut()
                .ok_or_else(|| format!("`{name}` in `{key}` is not a table"))?;
            continue;
        }
        let mut v = cur
            .get_mut(name)
            .ok_or_else(|| format!("`{name}` in `{key}` is not in the scenario"))?;
        for (n, &j) in indices.iter().enumerate() {
            let a = v
                .as_array_mut()
                .ok_or_else(|| format!("`{name}` in `{key}` is not a list"))?;
            let len = a.len();
            v = a
                .get_mut(j)
                .ok_or_else(|| format!("`{name}[{j}]` does not exist (it has {len} elements)"))?;
            if last && n + 1 == indices.len() {
                *v = value;
                return Ok(());
            }
        }
        cur = v
            .as_table_mut()
            .ok_or_else(|| format!("`{seg}` in `{key}` is not a table"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_and_zero_spread() {
        assert!((std_normal_quantile(0.975) - 1.959964).abs() < 1e-6);
        assert!((std_normal_quantile(0.05) + 1.644854).abs() < 1e-6);
        let n = Dist::Normal { mean: 2.0, sd: 0.0 };
        assert_eq!(n.draw(1, 3, "a.b"), 2.0);
        let t = Dist::Triangular {
            lo: 0.0,
            mode: 1.0,
            hi: 1.0,
        };
        assert!((t.quantile(0.25) - 0.5).abs() < 1e-12);
        let u = Dist::Uniform { lo: 1.0, hi: 3.0 };
        assert_eq!(u.central(), 2.0);
        // Keyed: the same (seed, replication, key) always draws the same value.
        assert_eq!(u.draw(5, 2, "x"), u.draw(5, 2, "x"));
        assert_ne!(u.draw(5, 2, "x"), u.draw(5, 3, "x"));
        assert_ne!(u.draw(5, 2, "x"), u.draw(5, 2, "y"));
    }

    #[test]
    fn settings_parse_as_toml_values() {
        let s: Setting = "programmes[0].funding.budget=2e8".parse().unwrap();
        assert_eq!(s.value, Value::Float(2e8));
        let s: Setting = "approach=ips".parse().unwrap();
        assert_eq!(s.value, Value::String("ips".into()));
        let s: Setting = "labour.find_intercept={ normal = [-1.1, 0.1] }"
            .parse()
            .unwrap();
        assert!(s.value.is_table());
        assert!("novalue".parse::<Setting>().is_err());
    }

    #[test]
    fn set_path_creates_tables_and_checks_indices() {
        let mut t: toml::Table = toml::from_str("[[programmes]]\nname = \"a\"\n").unwrap();
        set_path(&mut t, "labour.find_intercept", Value::Float(-1.0)).unwrap();
        set_path(&mut t, "programmes[0].funding.budget", Value::Float(5.0)).unwrap();
        assert_eq!(
            t["programmes"][0]["funding"]["budget"].as_float(),
            Some(5.0)
        );
        let e = set_path(&mut t, "programmes[3].name", Value::Float(5.0)).unwrap_err();
        assert!(e.contains("has 1 elements"), "{e}");
    }

    #[test]
    fn distributions_are_found_and_replaced_by_their_centre() {
        let mut t: toml::Table = toml::from_str(
            "[labour]\nfind_intercept = { normal = [-1.1, 0.2] }\n[[areas]]\nshare = { uniform = [0.9, 1.1] }\n",
        )
        .unwrap();
        let u = extract(&mut t).unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(t["labour"]["find_intercept"].as_float(), Some(-1.1));
        assert!(u.iter().any(|x| x.key == "areas[0].share"));
        let mut bad: toml::Table = toml::from_str("x = { normal = [1.0, -1.0] }").unwrap();
        assert!(extract(&mut bad).is_err());
    }
}
