//! The file system around the output folder: gapsim changes or deletes only what it can prove
//! it made (issue: reliability). Each test is named after what it prevents.

use crate::common::{FLAT_PBR, gapsim, stderr, write};
use std::path::Path;

/// A small run of `scenario` into `out` (2 months, or 3 with `--force`, so a forced run's
/// files differ from the earlier run's), with extra arguments.
fn run(scenario: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let months = if extra.contains(&"--force") { "3" } else { "2" };
    let mut args = vec![
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--months",
        months,
        "--replications",
        "1",
        "--people",
        "500",
    ];
    args.extend(extra);
    gapsim(&args)
}

#[test]
fn a_lock_file_that_is_a_symlink_is_never_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = write(tmp.path(), "s.toml", FLAT_PBR);
    let victim = write(tmp.path(), "victim.txt", "keep\n");
    std::os::unix::fs::symlink(&victim, tmp.path().join(".out.lock")).unwrap();
    let o = run(&scenario, &tmp.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep\n");
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn a_planted_lock_file_is_refused_and_left_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = write(tmp.path(), "s.toml", FLAT_PBR);
    let planted = write(tmp.path(), ".out.lock", "my notes\n");
    let o = run(&scenario, &tmp.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not written by gapsim"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&planted).unwrap(), "my notes\n");
}

#[test]
fn force_never_deletes_a_folder_gapsim_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    std::fs::create_dir(&project).unwrap();
    let scenario = write(&project, "s.toml", FLAT_PBR);
    write(&project, "notes.md", "mine\n");
    let o = run(&scenario, &project, &["--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("was not written by"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), FLAT_PBR);
    assert_eq!(
        std::fs::read_to_string(project.join("notes.md")).unwrap(),
        "mine\n"
    );
}

#[test]
fn force_never_replaces_a_file_or_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = write(tmp.path(), "s.toml", FLAT_PBR);
    let file = write(tmp.path(), "out", "a file\n");
    let o = run(&scenario, &file, &["--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("this is a file"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "a file\n");

    // A link to a run folder gapsim wrote is not replaced either (nor is what it points at).
    let real = tmp.path().join("real");
    assert!(run(&scenario, &real, &[]).status.success());
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let before = std::fs::read(real.join("summary.csv")).unwrap();
    let o = run(&scenario, &link, &["--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(real.join("summary.csv")).unwrap(), before);
}

#[test]
fn force_never_deletes_a_file_added_to_a_run_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = write(tmp.path(), "s.toml", FLAT_PBR);
    let out = tmp.path().join("out");
    assert!(run(&scenario, &out, &[]).status.success());
    write(&out, "my_analysis.R", "plot(x)\n");
    let o = run(&scenario, &out, &["--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("my_analysis.R"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("my_analysis.R")).unwrap(),
        "plot(x)\n"
    );
    // Without the stranger, --force replaces gapsim's own run.
    std::fs::remove_file(out.join("my_analysis.R")).unwrap();
    let o = run(&scenario, &out, &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "nothing left beside the run: {names:?}");
}

#[test]
fn files_that_merely_look_like_gapsim_leftovers_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = write(tmp.path(), "s.toml", FLAT_PBR);
    for name in [".out.tmp-12345", ".out.old-12345", ".out.tmp-1"] {
        std::fs::create_dir(tmp.path().join(name)).unwrap();
        write(&tmp.path().join(name), "data.csv", "precious\n");
    }
    let o = run(&scenario, &tmp.path().join("out"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in [".out.tmp-12345", ".out.old-12345", ".out.tmp-1"] {
        assert_eq!(
            std::fs::read_to_string(tmp.path().join(name).join("data.csv")).unwrap(),
            "precious\n",
            "{name}"
        );
    }
}

#[test]
fn only_the_temporary_folder_a_stale_lock_proves_is_its_own_is_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = write(tmp.path(), "s.toml", FLAT_PBR);
    // A run killed outright: its lock (no process holds it) and its temporary folder.
    write(
        tmp.path(),
        ".out.lock",
        "gapsim output lock\npid 4000000\ntoken 00000000000000ab\n",
    );
    let mine = tmp.path().join(".out.tmp-4000000");
    std::fs::create_dir(&mine).unwrap();
    write(
        &mine,
        ".gapsim-output",
        "gapsim output folder\ntoken 00000000000000ab\n",
    );
    write(&mine, "summary.csv", "half\n");
    // Same name pattern, another token: not provably that run's.
    let other = tmp.path().join(".out.tmp-4000001");
    std::fs::create_dir(&other).unwrap();
    write(
        &other,
        ".gapsim-output",
        "gapsim output folder\ntoken ffffffffffffffff\n",
    );
    let o = run(&scenario, &tmp.path().join("out"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !mine.exists(),
        "the killed run's own temporary folder is removed"
    );
    assert!(
        other.exists(),
        "a folder the lock does not vouch for is kept"
    );
    assert!(!tmp.path().join(".out.lock").exists());
}
