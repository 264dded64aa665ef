//! The first look at any JSON document the app reads back (stored record, survey export, content
//! pack): its `format` and `schema_version`, read before the rest so that a foreign, newer or broken
//! file gets its own message instead of a field error.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Head {
    pub format: Option<String>,
    pub schema_version: Option<u64>,
}

/// How a document failed to parse, for the caller's own error type.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// It ends early: a cut-off file.
    Truncated,
    /// Valid JSON of another shape (an array, a string, a wrong type for `format`).
    OtherShape,
    /// Not JSON at all.
    NotJson(String),
}

pub fn read_head(text: &str) -> Result<Head, HeadError> {
    serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            HeadError::Truncated
        } else if e.is_data() {
            HeadError::OtherShape
        } else {
            HeadError::NotJson(e.to_string())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_and_their_failures() {
        let head = read_head(r#"{"format":"x","schema_version":2,"rest":[1]}"#).unwrap();
        assert_eq!(
            (head.format.as_deref(), head.schema_version),
            (Some("x"), Some(2))
        );
        assert_eq!(
            read_head(r#"{"format":"x""#).unwrap_err(),
            HeadError::Truncated
        );
        assert_eq!(read_head("[1,2]").unwrap_err(), HeadError::OtherShape);
        assert!(matches!(read_head("<html>"), Err(HeadError::NotJson(_))));
    }
}
