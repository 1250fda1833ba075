//! The differences between two resolved scenarios, key by key: what `gapsim diff CHILD
//! [PARENT]` prints, and what the test of `extends` holds every bundled scenario to (it may
//! differ from its parent only in keys it writes).
//!
//! Both scenarios are compared as they are read ([`comparable`]: every default written out,
//! numbers normalised, uncertain inputs as their distributions). Tables are compared key by
//! key; arrays of tables whose elements all have a `name` are compared element by element on
//! `name`, as `extends` merges them; other arrays of tables element by element on position;
//! any other value (an array of plain values too) whole.

use super::Resolved;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Value;

/// One step of a key path.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Key(String),
    /// An element of an array: its index (the child's, or the parent's if the child lacks
    /// it) and, in a named array, its name.
    Item {
        index: usize,
        name: Option<String>,
    },
}

/// A key whose value differs; `None` where one side does not have the key.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub path: Vec<Step>,
    pub parent: Option<Value>,
    pub child: Option<Value>,
}

impl Difference {
    /// The key path as `--set` writes it: `programmes[1].funding.budget`.
    pub fn key(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Step::Item { index, .. } => out.push_str(&format!("[{index}]")),
            }
        }
        out
    }

    /// Whether the scenario file whose own (unmerged) table is `own`, lying over `base`,
    /// writes this key: the key itself, or a value above it that replaces whatever was
    /// inherited (a plain value; an array over the defaults; an array over a file that is not
    /// merged by name). Elements of arrays merged by name are followed by name.
    pub fn written_in(&self, own: &toml::Table, base: Base) -> bool {
        let mut at = Value::Table(own.clone());
        for step in &self.path {
            let next = match (step, &at) {
                (Step::Key(k), Value::Table(t)) => match t.get(k) {
                    Some(v) => v.clone(),
                    None => return false,
                },
                (Step::Item { name, .. }, Value::Array(items)) => {
                    // An array merged by name holds the file's own elements only; any other
                    // array (or an empty one) replaced the inherited array whole.
                    if base == Base::Defaults || items.is_empty() || !super::load::named(items) {
                        return true;
                    }
                    // An element compared by position is in an array that was not merged by
                    // name either: the file's array replaced the inherited one.
                    let Some(n) = name else { return true };
                    let found = items
                        .iter()
                        .find(|e| e.get("name").and_then(|x| x.as_str()) == Some(n));
                    match found {
                        Some(v) => v.clone(),
                        None => return false,
                    }
                }
                // A plain value above the key replaced whatever was below it.
                _ => return true,
            };
            at = next;
        }
        true
    }
}

/// What a scenario file lies over: the built-in defaults (a file without `extends`), whose
/// arrays it replaces whole, or the file it extends, whose named arrays it merges by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    Defaults,
    File,
}

impl fmt::Display for Difference {
    /// `key: parent → child`, each value as TOML on one line, `(none)` where absent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<Value>| v.as_ref().map_or("(none)".to_string(), inline);
        write!(
            f,
            "{}: {} → {}",
            self.key(),
            show(&self.parent),
            show(&self.child)
        )
    }
}

/// A value as TOML on one line (tables inline).
pub fn inline(v: &Value) -> String {
    match v {
        Value::Table(t) => {
            if t.is_empty() {
                return "{}".into();
            }
            let inner: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", key_text(k), inline(v)))
                .collect();
            format!("{{ {} }}", inner.join(", "))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(inline).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// A key as TOML writes it: bare when it can be, else quoted.
fn key_text(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        k.to_string()
    } else {
        Value::String(k.to_string()).to_string()
    }
}

/// A resolved scenario as a table to compare: the scenario as read (every default written
/// out), with each uncertain input as its distribution rather than its centre, and `baseline`
/// as the path of the file it names ([`folded`]), so that one file named from two folders is
/// one value.
pub fn comparable(r: &Resolved) -> toml::Table {
    let mut t = toml::Table::try_from(&r.scenario).expect("a scenario serialises");
    for u in &r.uncertain {
        super::set_path(&mut t, &u.key, u.dist.to_value())
            .expect("an uncertain input's key is in its scenario");
    }
    if let Some(b) = &r.baseline {
        t.insert(
            "baseline".into(),
            Value::String(folded(b).display().to_string()),
        );
    }
    t
}

/// `a/b/../c` as `a/c`: each `..` folded into the name before it, and `.` dropped, without
/// asking the file system.
pub fn folded(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// Every key in which `child` differs from `parent`, in key order (named elements in the
/// child's order, then those only the parent has).
pub fn diff(parent: &toml::Table, child: &toml::Table) -> Vec<Difference> {
    let mut out = Vec::new();
    tables(&mut Vec::new(), parent, child, &mut out);
    out
}

fn tables(path: &mut Vec<Step>, p: &toml::Table, c: &toml::Table, out: &mut Vec<Difference>) {
    let mut keys: Vec<&String> = p.keys().chain(c.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        path.push(Step::Key(k.clone()));
        values(path, p.get(k), c.get(k), out);
        path.pop();
    }
}

fn values(path: &mut Vec<Step>, p: Option<&Value>, c: Option<&Value>, out: &mut Vec<Difference>) {
    match (p, c) {
        (Some(Value::Table(a)), Some(Value::Table(b))) => tables(path, a, b, out),
        (Some(Value::Array(a)), Some(Value::Array(b))) if of_tables(a) && of_tables(b) => {
            if super::load::named(a) && super::load::named(b) {
                let name = |v: &Value| v.get("name").and_then(|n| n.as_str()).map(String::from);
                for (j, item) in b.iter().enumerate() {
                    let n = name(item);
                    path.push(Step::Item {
                        index: j,
                        name: n.clone(),
                    });
                    values(path, a.iter().find(|x| name(x) == n), Some(item), out);
                    path.pop();
                }
                for (i, item) in a.iter().enumerate() {
                    let n = name(item);
                    if !b.iter().any(|x| name(x) == n) {
                        path.push(Step::Item { index: i, name: n });
                        values(path, Some(item), None, out);
                        path.pop();
                    }
                }
            } else {
                for i in 0..a.len().max(b.len()) {
                    path.push(Step::Item {
                        index: i,
                        name: None,
                    });
                    values(path, a.get(i), b.get(i), out);
                    path.pop();
                }
            }
        }
        (p, c) if p == c => {}
        (p, c) => out.push(Difference {
            path: path.clone(),
            parent: p.cloned(),
            child: c.cloned(),
        }),
    }
}

/// An array whose elements are all tables (or that is empty).
fn of_tables(items: &[Value]) -> bool {
    items.iter().all(Value::is_table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).expect("valid TOML")
    }

    #[test]
    fn nested_keys_named_elements_and_whole_values_are_told_apart() {
        let parent = table(
            "a = 1\n[t.u]\nx = 1.0\ny = [1, 2]\n\
             [[p]]\nname = \"one\"\nv = 1\n[[p]]\nname = \"two\"\nv = 2\n",
        );
        let child = table(
            "a = 1\n[t.u]\nx = 2.0\ny = [1, 3]\n\
             [[p]]\nname = \"two\"\nv = 5\n[[p]]\nname = \"three\"\nv = 3\n",
        );
        let lines: Vec<String> = diff(&parent, &child)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            lines,
            vec![
                "p[0].v: 2 → 5",
                "p[1]: (none) → { name = \"three\", v = 3 }",
                "p[0]: { name = \"one\", v = 1 } → (none)",
                "t.u.x: 1.0 → 2.0",
                "t.u.y: [1, 2] → [1, 3]",
            ]
        );
        assert!(diff(&parent, &parent).is_empty());
    }

    #[test]
    fn paths_fold_their_parent_steps() {
        let f = |p: &str| folded(Path::new(p)).display().to_string();
        assert_eq!(
            f("scenarios/library/../funding_models/x.toml"),
            "scenarios/funding_models/x.toml"
        );
        assert_eq!(f("./a/./b.toml"), "a/b.toml");
        assert_eq!(f("../a.toml"), "../a.toml");
    }

    #[test]
    fn a_key_is_written_by_a_file_only_if_the_file_holds_it_or_replaces_what_holds_it() {
        let parent = table("[t]\nx = 1\ny = 1\n[[p]]\nname = \"a\"\nv = 1\nw = [1]\n");
        let child = table("[t]\nx = 2\ny = 2\n[[p]]\nname = \"a\"\nv = 2\nw = [2]\n");
        let d = diff(&parent, &child);
        let key = |k: &str| d.iter().find(|x| x.key() == k).expect(k);
        let own = table("[t]\nx = 2\n[[p]]\nname = \"a\"\nw = [2]\n");
        let file = Base::File;
        assert!(key("t.x").written_in(&own, file));
        assert!(!key("t.y").written_in(&own, file));
        assert!(key("p[0].w").written_in(&own, file));
        assert!(!key("p[0].v").written_in(&own, file));
        // An empty list replaces the inherited one whole.
        assert!(key("p[0].v").written_in(&table("p = []\n"), file));
        let other = table("[[p]]\nname = \"b\"\n");
        assert!(!key("p[0].v").written_in(&other, file));
        // Over the defaults, any list replaces the default list whole.
        assert!(key("p[0].v").written_in(&other, Base::Defaults));
        assert!(!key("t.y").written_in(&own, Base::Defaults));
    }
}
