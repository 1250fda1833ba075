//! Outputs cannot be turned against their reader: names from a scenario that a spreadsheet
//! would run as a formula are neutralised in every CSV, and names cannot break or inject into
//! `comparison.md`.

use crate::common::{FLAT_PBR, gapsim, stderr, write};

#[test]
fn a_name_that_is_a_formula_is_never_a_formula_in_a_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let text = FLAT_PBR
        .replace("name = \"Provider\"", "name = \"=cmd|' /C calc'!A1\"")
        .replace("name = \"Flat PbR\"", "name = \"@SUM(A1)\"")
        .replace("name = \"Everyone out of work\"", "name = \"+1-2\"");
    let s = write(tmp.path(), "s.toml", &text);
    let out = tmp.path().join("out");
    let o = gapsim(&[
        "run",
        s.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--months",
        "3",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "programmes.csv",
        "providers.csv",
        "parking.csv",
        "spending.csv",
    ] {
        let csv = std::fs::read_to_string(out.join(f)).unwrap();
        for line in csv.lines().skip(1) {
            for cell in line.split(',') {
                let cell = cell.trim_start_matches('"');
                assert!(
                    !cell.starts_with(['=', '+', '@']),
                    "{f}: a cell starts like a formula: {line}"
                );
            }
        }
        assert!(csv.contains("'@SUM(A1)"), "{f}: {csv}");
    }
    let programmes = std::fs::read_to_string(out.join("programmes.csv")).unwrap();
    assert!(programmes.contains("'=cmd|' /C calc'!A1"), "{programmes}");
    assert!(programmes.contains("'+1-2"), "{programmes}");
}

#[test]
fn a_name_cannot_break_the_comparison_table() {
    let tmp = tempfile::tempdir().unwrap();
    let text = FLAT_PBR.replace(
        "name = \"flat pbr\"",
        "name = \"a | b <script>x</script> [x](javascript:y)\"",
    );
    let s = write(tmp.path(), "s.toml", &text);
    let out = tmp.path().join("out");
    let o = gapsim(&[
        "compare",
        s.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--months",
        "3",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("comparison.md")).unwrap();
    let row = md
        .lines()
        .find(|l| l.starts_with("| ") && l.contains("javascript"))
        .expect("the scenario's row");
    // Every `|` of the name is escaped: the row has as many cells as the header.
    let header = md.lines().find(|l| l.starts_with("| Scenario")).unwrap();
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    assert_eq!(cells(row), cells(header), "{row}");
    assert!(!row.contains("<script>") && !row.contains("[x]("), "{row}");
}
