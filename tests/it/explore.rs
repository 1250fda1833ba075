//! `gapsim sweep` and `gapsim target`.

use crate::common::{FLAT_PBR, gapsim, stderr, write};

#[test]
fn sweep_points_are_byte_identical_to_the_same_points_run_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let s = s.to_str().unwrap();
    let out = tmp.path().join("sweep");
    let o = gapsim(&[
        "sweep",
        s,
        "--set",
        "programmes[0].providers[0].hours_per_participant=0..4/3",
        "--set",
        "labour.find_demand=0.3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    assert_eq!(table.lines().count(), 4, "{table}");
    assert!(out.join("sweep_gap.png").exists());
    let traj = std::fs::read_to_string(out.join("sweep_trajectories.csv")).unwrap();
    for (point, hours) in ["0", "2", "4"].iter().enumerate() {
        let alone = tmp.path().join(format!("alone{point}"));
        let o = gapsim(&[
            "run",
            s,
            "--set",
            &format!("programmes[0].providers[0].hours_per_participant={hours}"),
            "--set",
            "labour.find_demand=0.3",
            "--out",
            alone.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let want = std::fs::read_to_string(alone.join("trajectories.csv")).unwrap();
        let prefix = format!("{point},{hours},");
        let got: Vec<&str> = traj
            .lines()
            .filter_map(|l| l.strip_prefix(prefix.as_str()))
            .collect();
        let want: Vec<&str> = want.lines().skip(1).collect();
        assert_eq!(got, want, "point {point}");
    }
    // More support hours, more jobs: the points differ.
    let gaps: Vec<f64> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
        .collect();
    assert!(gaps[0] != gaps[2], "{table}");
}

#[test]
fn a_sweep_needs_an_axis_and_checks_every_point_first() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let out = tmp.path().join("sweep");
    let o = gapsim(&["sweep", s.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("FROM..TO/STEPS"));
    // The last point is invalid (a probability of 2): refused before any work.
    let o = gapsim(&[
        "sweep",
        s.to_str().unwrap(),
        "--set",
        "programmes[0].providers[0].social_weight=0..2/3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("social_weight"), "{}", stderr(&o));
    assert!(!out.exists());
}
