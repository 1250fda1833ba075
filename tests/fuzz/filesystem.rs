//! Hostile file systems around the output folder: random files, folders and links planted
//! where gapsim keeps its output, lock and temporary folders (with and without `--force`).
//! The property: exit 0 or 2, never another code, and every planted thing is left exactly
//! as it was (gapsim changes or deletes only what it can prove it made).

use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

const SCENARIO: &str = "name = \"fs\"\nstart = \"2013-04\"\nmonths = 2\nreplications = 1\n\
                        [population]\nn_people = 200\n";

#[derive(Clone, Debug)]
enum Plant {
    File(Vec<u8>),
    Dir(Vec<u8>),
    LinkToVictim,
}

fn plant() -> impl Strategy<Value = Plant> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..40).prop_map(Plant::File),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(Plant::Dir),
        Just(Plant::LinkToVictim),
    ]
}

fn name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "out",
        ".out.lock",
        ".out.tmp-1",
        ".out.tmp-999999",
        ".out.old-7",
        ".out.gapsim-output",
    ])
}

/// Everything under `dir` as (relative path, kind, bytes), links not followed.
fn snapshot(dir: &Path) -> Vec<(String, String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            let rel = p.strip_prefix(dir).expect("under").display().to_string();
            let m = std::fs::symlink_metadata(&p).expect("meta");
            if m.file_type().is_symlink() {
                let t = std::fs::read_link(&p).expect("link");
                out.push((rel, "link".into(), t.display().to_string().into_bytes()));
            } else if m.is_dir() {
                out.push((rel, "dir".into(), Vec::new()));
                stack.push(p);
            } else {
                out.push((rel, "file".into(), std::fs::read(&p).expect("read")));
            }
        }
    }
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn planted_files_beside_the_output_are_never_changed(
        plants in prop::collection::vec((name(), plant()), 1..4),
        force in any::<bool>(),
    ) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        let work = root.join("work");
        std::fs::create_dir(&work).expect("mkdir");
        std::fs::write(root.join("s.toml"), SCENARIO).expect("write");
        std::fs::write(root.join("victim.txt"), "keep\n").expect("write");
        for (n, p) in &plants {
            let at = work.join(n);
            if std::fs::symlink_metadata(&at).is_ok() {
                continue;
            }
            match p {
                Plant::File(b) => std::fs::write(&at, b).expect("write"),
                Plant::Dir(b) => {
                    std::fs::create_dir(&at).expect("mkdir");
                    std::fs::write(at.join("data"), b).expect("write");
                }
                Plant::LinkToVictim => {
                    std::os::unix::fs::symlink(root.join("victim.txt"), &at).expect("link")
                }
            }
        }
        let before = snapshot(&work);
        let out = work.join("out");
        let mut args = vec![
            "run".to_string(),
            root.join("s.toml").display().to_string(),
            "--out".into(),
            out.display().to_string(),
        ];
        if force {
            args.push("--force".into());
        }
        let o = Command::new(env!("CARGO_BIN_EXE_gapsim")).args(&args).output().expect("runs");
        let code = o.status.code();
        prop_assert!(code == Some(0) || code == Some(2), "exit {:?}: {}", code, String::from_utf8_lossy(&o.stderr));
        prop_assert_eq!(std::fs::read_to_string(root.join("victim.txt")).expect("read"), "keep\n");
        // Everything planted is still there, unchanged; a successful run may only add its
        // own folder at `out` (when nothing was planted there).
        let after: Vec<_> = snapshot(&work)
            .into_iter()
            .filter(|(rel, _, _)| {
                !(code == Some(0) && !before.iter().any(|b| b.0 == "out") && (rel == "out" || rel.starts_with("out/")))
            })
            .collect();
        prop_assert_eq!(before, after);
    }
}
