//! `gapsim rerun`: a run repeated from its manifest alone comes out byte for byte the same.

use crate::common::{files, gapsim, stderr};

#[test]
fn a_run_repeated_from_its_manifest_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    let o = gapsim(&[
        "run",
        "scenarios/library/tougher_sanctions.toml",
        "--against",
        "scenarios/baseline.toml",
        "--set",
        "outputs.sustained_job_months=6",
        "--policy",
        "benefits.sanction_find_effect=0.2",
        "--people",
        "3000",
        "--replications",
        "2",
        "--months",
        "150",
        "--out",
        first.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let again = tmp.path().join("again");
    let o = gapsim(&[
        "rerun",
        first.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (a, b) = (files(&first), files(&again));
    assert!(a.len() > 10, "{}", a.len());
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs");
    }
    // A manifest edited by hand is refused before any work.
    let manifest = std::fs::read_to_string(first.join("manifest.json")).unwrap();
    std::fs::write(
        first.join("manifest.json"),
        manifest.replacen("\"sanction_rate\": 0.0", "\"sanction_rate\": 0.5", 1),
    )
    .unwrap();
    let o = gapsim(&["rerun", first.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the manifest was edited"),
        "{}",
        stderr(&o)
    );
}
