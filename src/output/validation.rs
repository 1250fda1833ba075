//! `validation.csv` and `validation.md`: each published programme study beside the model's
//! emulation of it (`gapsim validation-report`), kept apart from the calibration.

use super::table::{self, cell, fixed};
use serde::Serialize;

/// Whether a study set a parameter or tests the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudyRole {
    /// Used to set a parameter: matched by construction, not evidence.
    Fitted,
    /// Not used to set anything: a test the model can fail.
    Check,
}

impl StudyRole {
    pub fn as_str(self) -> &'static str {
        match self {
            StudyRole::Fitted => "fitted",
            StudyRole::Check => "check",
        }
    }
}

/// One row of `validation.csv`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ValidationRow {
    #[serde(serialize_with = "cell::text")]
    pub study: String,
    /// `fitted` or `check`.
    pub role: &'static str,
    /// The trial.csv measure compared, with its month for `employed` ("employed at 12").
    pub outcome: String,
    /// `difference` [percentage points] or `ratio`.
    pub statistic: &'static str,
    #[serde(serialize_with = "cell::num")]
    pub published: f64,
    #[serde(serialize_with = "cell::opt_num")]
    pub published_low: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    pub published_high: Option<f64>,
    /// The model's estimate and its 95% confidence interval (the arms of every replication
    /// pooled); blank when it cannot be estimated (a ratio over a control arm with no one in
    /// work).
    #[serde(serialize_with = "cell::opt_num")]
    pub model: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    pub model_low: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    pub model_high: Option<f64>,
    /// The model's offered and control arms [per cent, or months].
    #[serde(serialize_with = "cell::num")]
    pub model_offered: f64,
    #[serde(serialize_with = "cell::num")]
    pub model_control: f64,
    /// People randomised in the model, both arms, all replications [agents].
    pub model_randomised: u64,
    /// Whether the model's interval and the published one overlap (the published value alone
    /// when the study gives no interval).
    pub consistent: bool,
    #[serde(serialize_with = "cell::text")]
    pub source: String,
}

impl ValidationRow {
    /// Whether the model's 95% interval overlaps the published one (or holds the published
    /// value when there is no published interval).
    pub fn agrees(&self) -> bool {
        let Some(model) = self.model else {
            return false;
        };
        let (lo, hi) = match (self.model_low, self.model_high) {
            (Some(a), Some(b)) => (a, b),
            _ => (model, model),
        };
        match (self.published_low, self.published_high) {
            (Some(a), Some(b)) => lo <= b && a <= hi,
            _ => lo <= self.published && self.published <= hi,
        }
    }
}

/// A name as Markdown text: a `|` would end a table cell, a `*` or `_` start emphasis.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

/// `validation.csv`.
pub fn validation_csv(rows: &[ValidationRow]) -> Vec<u8> {
    table::rows(rows.iter().cloned())
}

/// A value of a statistic as a reader sees it: "+4.0 pp", "1.63".
fn shown(statistic: &str, v: f64) -> String {
    if statistic == "ratio" {
        fixed(v, 2)
    } else {
        let s = fixed(v, 1);
        if s.starts_with('-') {
            format!("{s} pp")
        } else {
            format!("+{s} pp")
        }
    }
}

fn interval(statistic: &str, v: f64, lo: Option<f64>, hi: Option<f64>) -> String {
    match (lo, hi) {
        (Some(a), Some(b)) => format!(
            "{} ({} to {})",
            shown(statistic, v),
            shown(statistic, a),
            shown(statistic, b)
        ),
        _ => shown(statistic, v),
    }
}

/// `validation.md`: the studies as a table, fitted ones marked, with sources.
pub fn validation_md(rows: &[ValidationRow]) -> Vec<u8> {
    let checks: Vec<&ValidationRow> = rows.iter().filter(|r| r.role == "check").collect();
    let agreeing = checks.iter().filter(|r| r.consistent).count();
    let mut s = format!(
        "# Validation: programme effects against published studies\n\n\
         Each study is emulated by a randomised trial inside the model (`gapsim trial`): the \
         people a programme would start in one month are split into an offered and a control \
         arm and followed. **Fitted** studies set a parameter and agree by construction; \
         **checks** set nothing. {agreeing} of {} checks agree (the model's 95% interval \
         overlaps the published one).\n\n\
         | Study | Role | Outcome | Published (95% CI) | Model (95% CI) | Model arms | Agrees |\n\
         |---|---|---|---:|---:|---:|:-:|\n",
        checks.len()
    );
    for r in rows {
        s.push_str(&format!(
            "| {} | {} | {} ({}) | {} | {} | {} against {} (n={}) | {} |\n",
            md(&r.study),
            r.role,
            r.outcome,
            r.statistic,
            interval(r.statistic, r.published, r.published_low, r.published_high),
            r.model.map_or("–".to_string(), |m| interval(
                r.statistic,
                m,
                r.model_low,
                r.model_high
            )),
            fixed(r.model_offered, 1),
            fixed(r.model_control, 1),
            r.model_randomised,
            if r.consistent { "yes" } else { "no" },
        ));
    }
    s.push_str("\n## Sources\n\n");
    for r in rows {
        s.push_str(&format!(
            "- **{}** ({}): {}\n",
            md(&r.study),
            r.role,
            md(&r.source)
        ));
    }
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(model: (f64, f64, f64), published: (f64, Option<f64>, Option<f64>)) -> ValidationRow {
        ValidationRow {
            model: Some(model.0),
            model_low: Some(model.1),
            model_high: Some(model.2),
            published: published.0,
            published_low: published.1,
            published_high: published.2,
            ..ValidationRow::default()
        }
    }

    #[test]
    fn agreement_is_an_overlap_of_intervals_or_the_published_value_inside_the_models() {
        assert!(row((1.5, 1.2, 1.8), (1.63, Some(1.46), Some(1.82))).agrees());
        assert!(!row((2.5, 2.2, 2.8), (1.63, Some(1.46), Some(1.82))).agrees());
        assert!(row((3.0, 1.0, 5.0), (4.0, None, None)).agrees());
        assert!(!row((8.0, 6.0, 10.0), (4.0, None, None)).agrees());
    }
}
