//! The layering of ARCHITECTURE.md, checked on the source: the import graph between the
//! library's top-level modules has no cycle; the engine and everything it builds on import
//! nothing from the command layer (`app`, `cli`), the exporters (`output`), the plots (`plot`)
//! or the signal handling (`interrupt`); and nothing below `app` reads the environment at run
//! time.

use crate::common::root;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The source of a file without comment lines and without its `#[cfg(test)]` module.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable source");
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("source folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Top-level module → the top-level modules its code names with `crate::`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).expect("under src");
        let first = rel.iter().next().expect("a component").to_string_lossy();
        let top = first.trim_end_matches(".rs").to_string();
        if top == "main" || top == "lib" {
            continue;
        }
        let text = code(&f);
        let deps = g.entry(top.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != top {
                deps.insert(name);
            }
        }
    }
    g
}

fn reaches(g: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(m) = stack.pop() {
        for d in g.get(&m).into_iter().flatten() {
            if seen.insert(d.clone()) {
                stack.push(d.clone());
            }
        }
    }
    seen
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    assert!(g.len() > 20, "{g:?}");
    for m in g.keys() {
        assert!(!reaches(&g, m).contains(m), "{m} depends on itself: {g:?}");
    }
}

#[test]
fn the_engine_and_what_it_builds_on_import_no_command_output_plot_or_signal_code() {
    let g = graph();
    let below = reaches(&g, "engine");
    for m in std::iter::once("engine".to_string()).chain(below) {
        for banned in ["app", "cli", "output", "plot", "interrupt", "results"] {
            assert!(!g[&m].contains(banned), "{m} imports {banned}: {:?}", g[&m]);
        }
    }
}

#[test]
fn nothing_below_the_command_layer_reads_the_environment_or_the_signal_flag() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for f in files {
        let rel = f
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .to_string();
        if ["app/", "cli.rs", "main.rs", "interrupt.rs"]
            .iter()
            .any(|p| rel.starts_with(p))
        {
            continue;
        }
        let text = code(&f);
        for banned in [
            "std::env::var",
            "env::var(",
            "interrupt::requested",
            "interrupt::token",
        ] {
            assert!(!text.contains(banned), "{rel} uses {banned}");
        }
    }
}
