//! CSV tables as every exporter writes them: numbers with a fixed number of decimals, a blank
//! cell for a missing value, and a header even when there are no rows.
//!
//! A table whose columns are fixed is a `#[derive(Serialize, Default)]` row struct written
//! with [`rows`]: the field names are the header, and each number field names its format
//! with `#[serde(serialize_with = "cell::…")]`, so the text never depends on how serde or
//! `csv` would print a float. A table whose columns depend on the input (one per metric, one
//! per swept key) is written with [`dynamic`] from rows of cells formatted with [`num`].

use serde::Serialize;

/// A number as a table cell: 4 decimals, enough for rates in percent and £, and stable.
pub(crate) fn num(v: f64) -> String {
    no_negative_zero(format!("{v:.4}"))
}

/// `v` with `decimals` decimals, never a negative zero (for text outputs such as
/// `comparison.md`).
pub(crate) fn fixed(v: f64, decimals: usize) -> String {
    no_negative_zero(format!("{v:.decimals$}"))
}

/// `-0.0000` (a tiny negative number, or −0) written as `0.0000`: a reader should never have
/// to wonder what a negative zero means.
fn no_negative_zero(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

/// A fractional year as a table cell: 1 decimal (the year the gap's trend reaches a goal).
pub(crate) fn year(v: f64) -> String {
    no_negative_zero(format!("{v:.1}"))
}

/// A name from the scenario (a programme, provider, payment group or scenario name, a file
/// path) as a table cell, made safe to open in a spreadsheet: a name that begins with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would be read as a formula (CSV injection), so it
/// gets a leading `'` (the OWASP rule); every other name is written as it is.
pub(crate) fn text(name: &str) -> std::borrow::Cow<'_, str> {
    if name.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{name}").into()
    } else {
        name.into()
    }
}

/// `serialize_with` formats for the fields of row structs.
pub(crate) mod cell {
    use serde::Serializer;

    /// A name, made safe to open in a spreadsheet ([`super::text`]).
    pub fn text<S: Serializer, T: AsRef<str>>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::text(v.as_ref()))
    }

    /// 4 decimals, as [`super::num`].
    pub fn num<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::num(*v))
    }

    /// 4 decimals; blank for `None`.
    pub fn opt_num<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.map_or(String::new(), super::num))
    }

    /// 1 decimal, as [`super::year`]; blank for `None`.
    pub fn opt_year<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.map_or(String::new(), super::year))
    }

    /// 6 decimals: a drawn input value, which may be small.
    pub fn num6<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::no_negative_zero(format!("{v:.6}")))
    }
}

/// A table of row structs: the header from the field names of `R`, then one line per row.
pub(crate) fn rows<R: Serialize + Default>(rows: impl IntoIterator<Item = R>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut any = false;
    for r in rows {
        w.serialize(r).expect("writing to memory");
        any = true;
    }
    if !any {
        return header::<R>();
    }
    w.into_inner().expect("writing to memory")
}

/// The header line alone of a table whose rows look like `row` (for a row struct with an
/// optional column that a default row would leave out).
pub(crate) fn header_like<R: Serialize>(row: R) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.serialize(row).expect("writing to memory");
    let mut bytes = w.into_inner().expect("writing to memory");
    let end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| i + 1);
    bytes.truncate(end);
    bytes
}

/// The header line alone of a table of `R`. `csv` writes a struct's header together with its
/// first row, so this writes a default row and keeps the line before it.
fn header<R: Serialize + Default>() -> Vec<u8> {
    header_like(R::default())
}

/// A table of row structs under a header the caller names (when a column's name depends on
/// the input, as the lever's does in `target_evaluations.csv`); `header` has one name per
/// field of `R`, in order.
pub(crate) fn rows_under<R: Serialize>(
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.serialize(r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// A table whose columns depend on the input: `header` then `rows`, each a row of cells
/// already formatted (numbers with [`num`]), as many as the header has names.
pub(crate) fn dynamic(header: &[String], rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Default)]
    struct Row<'a> {
        name: &'a str,
        #[serde(serialize_with = "cell::num")]
        value: f64,
        #[serde(serialize_with = "cell::opt_num")]
        maybe: Option<f64>,
        count: u64,
        flag: bool,
    }

    #[test]
    fn a_negative_zero_is_written_as_zero() {
        assert_eq!(num(-0.0), "0.0000");
        assert_eq!(num(-0.00001), "0.0000");
        assert_eq!(num(-0.5), "-0.5000");
        assert_eq!(year(-0.01), "0.0");
    }

    #[test]
    fn names_that_a_spreadsheet_would_run_as_formulas_are_neutralised() {
        for bad in ["=cmd|' /C calc'!A1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(text(bad), format!("'{bad}"));
        }
        assert_eq!(text("Work Programme"), "Work Programme");
        assert_eq!(text("a=b"), "a=b");
    }

    #[test]
    fn a_table_of_rows_has_its_header_even_when_empty() {
        let none: Vec<Row> = Vec::new();
        assert_eq!(rows(none), b"name,value,maybe,count,flag\n");
    }

    #[test]
    fn rows_are_written_as_hand_written_records_would_be() {
        let r = [
            Row {
                name: "a, b",
                value: 1.0 / 3.0,
                maybe: None,
                count: 7,
                flag: true,
            },
            Row {
                name: "c",
                value: -2.5,
                maybe: Some(0.00005),
                count: 0,
                flag: false,
            },
        ];
        let by_hand = dynamic(
            &["name", "value", "maybe", "count", "flag"].map(String::from),
            [
                vec![
                    "a, b".into(),
                    num(1.0 / 3.0),
                    String::new(),
                    "7".into(),
                    "true".into(),
                ],
                vec![
                    "c".into(),
                    num(-2.5),
                    num(0.00005),
                    "0".into(),
                    "false".into(),
                ],
            ],
        );
        assert_eq!(
            String::from_utf8(rows(r)).unwrap(),
            String::from_utf8(by_hand).unwrap()
        );
    }
}
