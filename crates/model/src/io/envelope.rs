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

/// The failures every import of an exported file shares, whatever the file: empty, too large, cut off,
/// not JSON, not ours, written by a newer app, or with invalid content. An import with an error type of its
/// own (the session programme) names them by implementing this through `import_failure!`; the instructor
/// pages' imports of trainees' exports share one type instead, `model::io::import::ImportError`.
pub trait ImportFailure: Sized {
    fn empty() -> Self;
    fn too_large(size_kb: u64) -> Self;
    fn truncated() -> Self;
    fn not_json() -> Self;
    fn not_ours() -> Self;
    fn newer() -> Self;
    fn invalid(reason: String) -> Self;
}

/// Implements `ImportFailure` for an error enum with the variants `Empty`, `TooLarge { size_kb }`,
/// `Truncated`, `NotJson`, `NotOurs`, `Newer` and `Invalid(String)`.
#[macro_export]
macro_rules! import_failure {
    ($error:ty) => {
        impl $crate::io::envelope::ImportFailure for $error {
            fn empty() -> Self {
                Self::Empty
            }
            fn too_large(size_kb: u64) -> Self {
                Self::TooLarge { size_kb }
            }
            fn truncated() -> Self {
                Self::Truncated
            }
            fn not_json() -> Self {
                Self::NotJson
            }
            fn not_ours() -> Self {
                Self::NotOurs
            }
            fn newer() -> Self {
                Self::Newer
            }
            fn invalid(reason: String) -> Self {
                Self::Invalid(reason)
            }
        }
    };
}

/// Refuses an empty file, and one larger than `max_bytes` before it is parsed.
pub fn check_size<E: ImportFailure>(bytes: u64, max_bytes: u64) -> Result<(), E> {
    match bytes {
        0 => Err(E::empty()),
        b if b > max_bytes => Err(E::too_large(b / 1024)),
        _ => Ok(()),
    }
}

/// The text of a picked file (see `components::file_drop::read_picked`): a file refused for its size
/// (`Err(bytes)`) or unreadable as text (`Ok(None)`) becomes the import's own error.
pub fn picked_text<E: ImportFailure>(read: Result<Option<String>, u64>) -> Result<String, E> {
    match read {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(E::not_json()),
        Err(bytes) => Err(E::too_large(bytes / 1024)),
    }
}

/// `read_head` for an import, with its failures in the import's own error type.
pub fn read_import_head<E: ImportFailure>(text: &str) -> Result<Head, E> {
    read_head(text).map_err(|e| match e {
        HeadError::Truncated => E::truncated(),
        HeadError::OtherShape => E::not_ours(),
        HeadError::NotJson(_) => E::not_json(),
    })
}

/// Accepts the schema version this app writes; a newer one asks for an app update.
pub fn check_version<E: ImportFailure>(head: &Head, current: u32) -> Result<(), E> {
    match head.schema_version {
        Some(v) if v == u64::from(current) => Ok(()),
        Some(v) if v > u64::from(current) => Err(E::newer()),
        _ => Err(E::invalid("schema_version が不正です".into())),
    }
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

    #[derive(Debug, PartialEq, Eq)]
    enum Failure {
        Empty,
        TooLarge { size_kb: u64 },
        Truncated,
        NotJson,
        NotOurs,
        Newer,
        Invalid(String),
    }
    crate::import_failure!(Failure);

    #[test]
    fn shared_import_checks_name_each_failure_in_the_import_s_own_type() {
        assert_eq!(check_size::<Failure>(0, 10), Err(Failure::Empty));
        assert_eq!(check_size::<Failure>(10, 10), Ok(()));
        assert_eq!(
            check_size::<Failure>(3 * 1024 * 1024, 10),
            Err(Failure::TooLarge { size_kb: 3072 })
        );
        assert_eq!(
            picked_text::<Failure>(Ok(Some("t".into()))),
            Ok("t".to_owned())
        );
        assert_eq!(picked_text::<Failure>(Ok(None)), Err(Failure::NotJson));
        assert_eq!(
            picked_text::<Failure>(Err(5 * 1024)),
            Err(Failure::TooLarge { size_kb: 5 })
        );
        assert_eq!(
            read_import_head::<Failure>("{\"format\":").unwrap_err(),
            Failure::Truncated
        );
        assert_eq!(
            read_import_head::<Failure>("[1]").unwrap_err(),
            Failure::NotOurs
        );
        let head = |v: &str| read_head(&format!("{{\"schema_version\":{v}}}")).unwrap();
        assert_eq!(check_version::<Failure>(&head("1"), 1), Ok(()));
        assert_eq!(check_version::<Failure>(&head("2"), 1), Err(Failure::Newer));
        assert!(matches!(
            check_version::<Failure>(&head("null"), 1),
            Err(Failure::Invalid(_))
        ));
    }
}
