//! 修了証: when it may be printed, and the short verification code that ties a printed certificate to
//! the trainee's anonymous survey export without putting a name in that export.

use crate::course::Course;
use crate::record::LearnerRecord;
use crate::survey::{SurveyExport, normalise_session_code};
use crate::text::hash::fnv1a_64;
use crate::text::width_fold;

/// Crockford's base32: no I, L, O or U, so a code read off paper is typed back correctly.
const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_CHARS: usize = 8;

/// What still stands between the trainee and the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirements {
    pub lessons_total: usize,
    /// Lessons not yet done (read to the end and self-check taken), in reading order.
    pub missing_lessons: Vec<&'static str>,
    /// The day the survey was exported (handed in), if it was.
    pub survey_exported_on: Option<String>,
}

impl Requirements {
    pub fn met(&self) -> bool {
        self.missing_lessons.is_empty() && self.survey_exported_on.is_some()
    }
}

/// Every lesson of the course is required: the course is the one-day programme's content, and a
/// certificate for part of it would say more than the trainee did.
pub fn requirements(course: &Course, record: &LearnerRecord) -> Requirements {
    Requirements {
        lessons_total: course.lessons.len(),
        missing_lessons: course
            .lessons
            .iter()
            .filter(|l| !record.lesson_done(l.id))
            .map(|l| l.id)
            .collect(),
        survey_exported_on: record
            .survey_exported_on
            .as_ref()
            .map(|s| s.value.clone())
            .filter(|d| !d.is_empty()),
    }
}

/// `XXXX-XXXX`, derived from what the survey export also carries (the anonymous respondent id and the
/// 研修コード), so the instructor can find the export a certificate belongs to. It is a checksum against
/// mistakes and casual copying, not a signature: anyone with the app can compute it.
pub fn verification_code(respondent_id: &str, session_code: &str) -> String {
    let input = format!(
        "nimo-kenshu-certificate\u{0}{respondent_id}\u{0}{}",
        normalise_session_code(session_code)
    );
    let hash = fnv1a_64(input.as_bytes());
    let chars: String = (0..CODE_CHARS)
        .map(|i| CODE_ALPHABET[((hash >> (i * 5)) & 31) as usize] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// Folds what an instructor types (lower case, full-width, hyphens, the letters Crockford reads as
/// digits) into the printed form.
pub fn normalise_code(typed: &str) -> String {
    let chars: String = typed
        .chars()
        .map(width_fold)
        .filter(char::is_ascii_alphanumeric)
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    if chars.len() == CODE_CHARS {
        format!("{}-{}", &chars[..4], &chars[4..])
    } else {
        chars
    }
}

/// The exports (by index) whose respondent and 研修コード give this code.
pub fn matching_exports(typed: &str, exports: &[SurveyExport]) -> Vec<usize> {
    let code = normalise_code(typed);
    exports
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            verification_code(&e.respondent_id, e.session_code.as_deref().unwrap_or("")) == code
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::fixtures::export;

    #[test]
    fn codes_are_stable_distinct_and_readable() {
        let code = verification_code("00112233445566778899aabbccddeeff", "okayama-2019");
        assert_eq!(
            code,
            verification_code("00112233445566778899aabbccddeeff", "ＯＫＡＹＡＭＡ－2019")
        );
        assert_ne!(
            code,
            verification_code("00112233445566778899aabbccddeeff", "other")
        );
        assert_ne!(
            code,
            verification_code("00112233445566778899aabbccddeef0", "okayama-2019")
        );
        assert_eq!(code.len(), 9);
        assert!(!code.chars().any(|c| "ILOU".contains(c)), "{code}");
        // A fixed value, so a change to the derivation (which would orphan printed certificates) fails here.
        assert_eq!(verification_code("r", ""), "XBWF-NB39");
    }

    #[test]
    fn a_typed_code_finds_its_export_however_it_was_typed() {
        let mut exports = vec![export("aaaa", &[]), export("bbbb", &[])];
        exports[0].session_code = None;
        exports[1].session_code = Some("okayama-2019".into());
        let code = verification_code("bbbb", "okayama-2019");
        let sloppy = code
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(matching_exports(&sloppy, &exports), vec![1]);
        let fullwidth: String = code
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect();
        assert_eq!(matching_exports(&fullwidth, &exports), vec![1]);
        assert!(matching_exports(&verification_code("cccc", ""), &exports).is_empty());
    }
}
