//! The shape of the pre/post self-assessment as written in content/self_assessment.toml. build.rs reads
//! the TOML into these types, checks them and writes JSON that the app reads back into the same types.
//! This file must not use anything else from the crate: build.rs includes it by path.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SelfAssessment {
    /// Changes when the statements change in a way that makes old answers incomparable.
    pub id: String,
    pub title: String,
    /// Shown above the statements; each line is a paragraph.
    pub intro: String,
    /// Agreement labels from 1 (least) to 5 (most).
    pub scale: Vec<String>,
    pub statements: Vec<Statement>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub id: String,
    pub text: String,
    /// The lesson whose learning objective the statement restates.
    pub lesson: String,
}
