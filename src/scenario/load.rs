//! Reading a scenario file: parse, deserialise, validate, and say exactly where it is wrong.

use super::{Invalid, Scenario, validate};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// A scenario that could not be used. Every variant names the file; parse and validation
/// errors also name the line, column and key.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("{}: cannot read scenario: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", format_located(path, .errors))]
    Invalid { path: PathBuf, errors: Vec<Located> },
}

/// One problem in a scenario file, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// 1-based line and column; 0 when the position is unknown (e.g. a missing key).
    pub line: usize,
    pub column: usize,
    /// Key path, e.g. `programmes[0].providers[1].share`; empty for a syntax error.
    pub key: String,
    pub message: String,
}

fn format_located(path: &Path, errors: &[Located]) -> String {
    let mut out = String::new();
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&path.display().to_string());
        if e.line > 0 {
            out.push_str(&format!(":{}:{}", e.line, e.column));
        }
        if e.key.is_empty() {
            out.push_str(&format!(": {}", e.message));
        } else {
            out.push_str(&format!(": key `{}`: {}", e.key, e.message));
        }
    }
    out
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: key `{}`: {}",
            self.line, self.column, self.key, self.message
        )
    }
}

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    load_str(&text, path)
}

/// Parses and validates scenario text; `path` is used in messages only.
pub fn load_str(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    let invalid = |errors| ScenarioError::Invalid {
        path: path.to_path_buf(),
        errors,
    };
    let scenario = parse(text).map_err(|e| invalid(vec![e]))?;
    validate(&scenario).map_err(|errs| invalid(locate_all(text, errs)))?;
    Ok(scenario)
}

fn parse(text: &str) -> Result<Scenario, Located> {
    let de = toml::de::Deserializer::parse(text).map_err(|e| syntax_error(text, &e))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let key = e.path().to_string();
        let key = if key == "." { String::new() } else { key };
        let inner = e.into_inner();
        let (line, column) = match inner.span() {
            Some(span) => line_col(text, span.start),
            None => find_key(text, &key)
                .map(|s| line_col(text, s.start))
                .unwrap_or((0, 0)),
        };
        Located {
            line,
            column,
            key,
            message: inner.message().trim().to_string(),
        }
    })
}

fn syntax_error(text: &str, e: &toml::de::Error) -> Located {
    let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
    Located {
        line,
        column,
        key: String::new(),
        message: format!("invalid TOML: {}", e.message().trim()),
    }
}

fn locate_all(text: &str, errors: Vec<Invalid>) -> Vec<Located> {
    errors
        .into_iter()
        .map(|e| {
            let (line, column) = find_key(text, &e.key)
                .map(|s| line_col(text, s.start))
                .unwrap_or((0, 0));
            Located {
                line,
                column,
                key: e.key,
                message: e.expected,
            }
        })
        .collect()
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The span of the deepest part of a key path (`a.b[2].c`) that exists in the document: the
/// key itself where it is written, else the table or array that should hold it.
fn find_key(text: &str, key: &str) -> Option<Range<usize>> {
    let doc = DeTable::parse(text).ok()?;
    let mut table: Option<&DeTable> = Some(doc.get_ref());
    let mut best: Option<Range<usize>> = None;
    for segment in key.split('.').filter(|s| !s.is_empty()) {
        let (name, indices) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        let Some((k, mut value)) =
            table.and_then(|t| t.iter().find(|(k, _)| k.get_ref().as_ref() == name))
        else {
            return best;
        };
        best = Some(k.span());
        for idx in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            let Some(item) = idx
                .parse::<usize>()
                .ok()
                .and_then(|i| value.get_ref().get(i))
            else {
                return best;
            };
            best = Some(item.span());
            value = item;
        }
        table = match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    best
}
