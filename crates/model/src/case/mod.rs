//! Interactive case scenarios (事例): the case data compiled from content/cases/, replaying a trainee's
//! choices, the debrief, path enumeration and the instructor's choice counts.
//!
//! A trainee's progress is stored only as the role and the option index chosen at each decision; the
//! walk is replayed from the start every time, so the state variables never need saving and a record
//! written against older content stays readable (the replay stops at the first choice that no longer
//! fits).
//!
//! The content compiler (crates/content, `cases`) walks every case with this very engine at build time.

use crate::text::csv::CsvWriter;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

pub const CASES_FORMAT: &str = "nimo-kenshu-cases";

/// Every path from the start to an ending passes through this many decision points: fewer gives the
/// trainee too little to reflect on, more no longer fits a training slot.
pub const MIN_DECISIONS: usize = 6;
pub const MAX_DECISIONS: usize = 12;
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 4;
/// Each option scores from -2 (harms) to 2 (clearly helps) per dimension.
pub const MIN_SCORE: i32 = -2;
pub const MAX_SCORE: i32 = 2;
/// Completed paths kept per case in the learner record; older ones are dropped first.
pub const MAX_COMPLETED_PATHS: usize = 20;
/// Enumerating more paths than this is refused: a case that branches this much cannot be reviewed by
/// its author either.
pub const MAX_ENUMERATED_PATHS: usize = 200_000;

/// The roles a case may let the trainee play, as the sources name the posts.
pub const ROLES: &[(&str, &str)] = &[
    ("hokenjo", "保健所の精神保健福祉相談員"),
    ("shi", "市の精神保健福祉相談員"),
    ("sodan", "相談支援専門員"),
    ("byoin-psw", "病院の精神保健福祉士"),
];

/// The score dimensions. 本人中心 is 連携の基本姿勢 (1); 連携 gathers (2)–(5) and the 鉄則; 即応性 is the
/// word seed 000 puts on the conference held three days after the call; 地域課題への展開 is (7) and steps
/// 4–5 of 「個別の課題から地域の課題へ」. The sources stress these four again and again, so the set asked for
/// is kept rather than replaced.
pub const DIMENSIONS: &[(&str, &str)] = &[
    ("honnin", "本人中心"),
    ("renkei", "連携"),
    ("sokuou", "即応性"),
    ("chiiki", "地域課題への展開"),
];

/// Kinds of 情報カード a scene can show.
pub const CARD_KINDS: &[(&str, &str)] = &[
    ("call", "電話"),
    ("meeting", "会議の記録"),
    ("role", "機関の役割"),
    ("data", "資料・データ"),
    ("memo", "メモ"),
    ("letter", "通知・文書"),
];

pub fn role_label(id: &str) -> Option<&'static str> {
    ROLES
        .iter()
        .find(|(r, _)| *r == id)
        .map(|(_, label)| *label)
}

pub fn dimension_label(id: &str) -> Option<&'static str> {
    DIMENSIONS
        .iter()
        .find(|(d, _)| *d == id)
        .map(|(_, label)| *label)
}

pub fn card_kind_label(id: &str) -> Option<&'static str> {
    CARD_KINDS
        .iter()
        .find(|(k, _)| *k == id)
        .map(|(_, label)| *label)
}

/// A case as the index compiled into the app lists it. The case itself (scenes, options, feedback) is in
/// its own pack, `file` under `content/` (the cases.json format with this one case), fetched when the
/// case is opened, so that the practice and instructor pages do not carry every case's text.
#[derive(Debug)]
pub struct CaseRef {
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    /// Role ids, as `Case::roles`.
    pub roles: &'static [&'static str],
    /// How many endings the case has.
    pub endings: usize,
    /// File name under `content/` in dist/, with a hash of its text.
    pub file: &'static str,
}

/// State variables by id (信頼, 関係機関, 経過日数 …); undeclared ids read as 0.
pub type State = BTreeMap<String, i32>;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Roles the trainee chooses among before starting; empty when the case has one viewpoint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    pub sources: Vec<CaseSource>,
    /// Lessons and worksheets every debrief of this case points to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lessons: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub worksheets: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub state: Vec<StateVar>,
    pub start: String,
    pub nodes: Vec<Node>,
    /// The principles this case's feedback cites, copied from principles.toml at build time so that a
    /// case is self-contained.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principles: Vec<Principle>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSource {
    pub author: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub publisher: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub year: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateVar {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub initial: i32,
    /// Shown after the value in the timeline (日, 機関 …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    pub title: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<Card>,
    /// Extra paragraphs shown only for some roles or states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<CaseOption>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub ending: bool,
    /// For endings: what this outcome means for the person and the collaboration.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub debrief: String,
}

fn is_false(value: &bool) -> bool {
    !value
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub kind: String,
    pub title: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<Condition>,
    pub text: String,
}

/// `{ state = "trust", at_least = 2 }`: holds when the variable is within the bounds given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseOption {
    pub label: String,
    pub next: String,
    /// Checked in order after the effects apply; the first whose conditions hold replaces `next`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<CaseRoute>,
    pub feedback: String,
    /// Principle ids or lesson ids.
    pub cites: Vec<String>,
    /// Added to the state variables when chosen.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub effects: BTreeMap<String, i32>,
    /// Points per dimension id (missing dimensions score 0).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scores: BTreeMap<String, i32>,
    /// Offered only to these roles (empty: to every role).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Offered only while these conditions hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRoute {
    pub when: Vec<Condition>,
    pub next: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub id: String,
    /// 連携の基本姿勢, 連携の鉄則, 5つのステップ, 本当にそうかな?, 関係機関の役割 …
    pub group: String,
    pub label: String,
    pub summary: String,
    /// The citation of the document that states it.
    pub source: String,
    /// The lesson where it is taught.
    pub lesson: String,
}

impl Condition {
    pub fn holds(&self, state: &State) -> bool {
        let value = state.get(&self.state).copied().unwrap_or(0);
        self.at_least.is_none_or(|min| value >= min) && self.at_most.is_none_or(|max| value <= max)
    }
}

fn all_hold(conditions: &[Condition], state: &State) -> bool {
    conditions.iter().all(|c| c.holds(state))
}

fn role_allows(roles: &[String], role: Option<&str>) -> bool {
    roles.is_empty() || role.is_some_and(|r| roles.iter().any(|allowed| allowed == r))
}

impl CaseOption {
    pub fn available(&self, role: Option<&str>, state: &State) -> bool {
        role_allows(&self.roles, role) && all_hold(&self.when, state)
    }

    /// The node this option leads to once its effects have been applied to `state`.
    pub fn target(&self, state: &State) -> &str {
        self.routes
            .iter()
            .find(|r| all_hold(&r.when, state))
            .map_or(self.next.as_str(), |r| r.next.as_str())
    }

    pub fn apply(&self, state: &mut State) {
        for (var, delta) in &self.effects {
            *state.entry(var.clone()).or_insert(0) += delta;
        }
    }

    pub fn total_score(&self) -> i32 {
        self.scores.values().sum()
    }

    pub fn score(&self, dimension: &str) -> i32 {
        self.scores.get(dimension).copied().unwrap_or(0)
    }
}

impl Note {
    pub fn visible(&self, role: Option<&str>, state: &State) -> bool {
        role_allows(&self.roles, role) && all_hold(&self.when, state)
    }
}

impl Case {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    pub fn principle(&self, id: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.id == id)
    }

    pub fn initial_state(&self) -> State {
        self.state
            .iter()
            .map(|v| (v.id.clone(), v.initial))
            .collect()
    }

    pub fn endings(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.ending)
    }

    /// The role a play runs under: none when the case has no roles, and none (so the trainee is asked
    /// again) when the stored role is not one this case offers.
    pub fn effective_role(&self, role: Option<&str>) -> Option<String> {
        role.filter(|r| self.roles.iter().any(|allowed| allowed == r))
            .map(str::to_owned)
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CaseError {
    #[error("事例データがJSONとして読めません（{0}）")]
    NotJson(String),
    #[error("事例データの形式ではありません")]
    WrongFormat,
}

#[derive(Serialize, Deserialize)]
struct CasesFile {
    format: String,
    cases: Vec<Case>,
}

/// Parses the cases.json that build.rs writes (once, at start-up).
pub fn parse_cases(json: &str) -> Result<Vec<Case>, CaseError> {
    let file: CasesFile =
        serde_json::from_str(json).map_err(|e| CaseError::NotJson(e.to_string()))?;
    if file.format != CASES_FORMAT {
        return Err(CaseError::WrongFormat);
    }
    Ok(file.cases)
}

/// The JSON `parse_cases` reads.
pub fn cases_json(cases: &[Case]) -> String {
    serde_json::to_string(&CasesFile {
        format: CASES_FORMAT.into(),
        cases: cases.to_vec(),
    })
    .expect("case data always serializes")
}

/// What the learner record keeps for one case.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CasePlay {
    #[serde(default)]
    pub role: Option<String>,
    /// The option index (in the node's full option list) chosen at each decision of the current path.
    #[serde(default)]
    pub choices: Vec<u32>,
    /// Distinct endings this trainee has reached, in the order first reached.
    #[serde(default)]
    pub endings_reached: Vec<String>,
    /// The last completed paths, oldest first, at most `MAX_COMPLETED_PATHS`.
    #[serde(default)]
    pub completed: Vec<CompletedPath>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CompletedPath {
    #[serde(default)]
    pub role: Option<String>,
    pub choices: Vec<u32>,
    pub ending: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PlayError {
    #[error("この事例では、はじめに役割を選んでください")]
    RoleNeeded,
    #[error("この事例はすでに結末に着いています。もう一度はじめるか、一つ戻ってください")]
    Ended,
    #[error("この選択肢は今は選べません")]
    Unavailable,
}

/// One decision taken, as the timeline shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub node: String,
    pub title: String,
    pub option: u32,
    pub label: String,
    pub feedback: String,
    pub cites: Vec<String>,
    pub scores: BTreeMap<String, i32>,
    /// The options that were offered at this decision (indices), for the debrief's comparisons.
    pub offered: Vec<u32>,
    /// The state after this choice.
    pub state: State,
}

/// A play replayed against the case: where the trainee is now and how they got there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Walk {
    pub role: Option<String>,
    /// True when the case offers roles and none (valid) has been chosen yet.
    pub needs_role: bool,
    pub steps: Vec<Step>,
    pub current: String,
    pub state: State,
    pub ended: bool,
}

impl Walk {
    /// Replays `play.choices` from the start, stopping at the first choice that does not fit the
    /// content (unknown node, option not offered, target missing); never panics.
    pub fn replay(case: &Case, play: &CasePlay) -> Walk {
        Walk::replay_choices(case, play.role.as_deref(), &play.choices)
    }

    pub fn replay_choices(case: &Case, role: Option<&str>, choices: &[u32]) -> Walk {
        let role = case.effective_role(role);
        let mut walk = Walk {
            needs_role: !case.roles.is_empty() && role.is_none(),
            role,
            steps: Vec::new(),
            current: case.start.clone(),
            state: case.initial_state(),
            ended: false,
        };
        if !walk.needs_role {
            for &choice in choices {
                if !walk.advance(case, choice) {
                    break;
                }
            }
        }
        walk.ended = case.node(&walk.current).is_some_and(|n| n.ending);
        walk
    }

    fn advance(&mut self, case: &Case, choice: u32) -> bool {
        let Some(node) = case.node(&self.current) else {
            return false;
        };
        if node.ending {
            return false;
        }
        let offered = offered_options(node, self.role.as_deref(), &self.state);
        let Some(option) = offered
            .contains(&choice)
            .then(|| &node.options[choice as usize])
        else {
            return false;
        };
        let mut state = self.state.clone();
        option.apply(&mut state);
        let next = option.target(&state);
        if case.node(next).is_none() {
            return false;
        }
        self.steps.push(Step {
            node: node.id.clone(),
            title: node.title.clone(),
            option: choice,
            label: option.label.clone(),
            feedback: option.feedback.clone(),
            cites: option.cites.clone(),
            scores: option.scores.clone(),
            offered,
            state: state.clone(),
        });
        self.current = next.to_owned();
        self.state = state;
        true
    }

    pub fn node<'a>(&self, case: &'a Case) -> Option<&'a Node> {
        case.node(&self.current)
    }

    /// The options offered now, with their indices (what `CasePlay::choose` takes).
    pub fn options<'a>(&self, case: &'a Case) -> Vec<(u32, &'a CaseOption)> {
        match self.node(case) {
            Some(node) if !self.needs_role && !self.ended => {
                offered_options(node, self.role.as_deref(), &self.state)
                    .into_iter()
                    .map(|i| (i, &node.options[i as usize]))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// The current scene's notes that apply to this role and state.
    pub fn notes<'a>(&self, case: &'a Case) -> Vec<&'a Note> {
        self.node(case).map_or_else(Vec::new, |node| {
            node.notes
                .iter()
                .filter(|n| n.visible(self.role.as_deref(), &self.state))
                .collect()
        })
    }

    pub fn choices(&self) -> Vec<u32> {
        self.steps.iter().map(|s| s.option).collect()
    }
}

fn offered_options(node: &Node, role: Option<&str>, state: &State) -> Vec<u32> {
    node.options
        .iter()
        .enumerate()
        .filter(|(_, o)| o.available(role, state))
        .map(|(i, _)| i as u32)
        .collect()
}

impl CasePlay {
    pub fn new(role: Option<String>) -> CasePlay {
        CasePlay {
            role,
            ..CasePlay::default()
        }
    }

    pub fn walk(&self, case: &Case) -> Walk {
        Walk::replay(case, self)
    }

    /// Takes option `option` at the current decision. Choices that no longer fit the content are dropped
    /// first; reaching an ending records it.
    pub fn choose(&mut self, case: &Case, option: u32) -> Result<Walk, PlayError> {
        let walk = self.walk(case);
        if walk.needs_role {
            return Err(PlayError::RoleNeeded);
        }
        if walk.ended {
            return Err(PlayError::Ended);
        }
        let mut choices = walk.choices();
        choices.push(option);
        let next = Walk::replay_choices(case, walk.role.as_deref(), &choices);
        if next.steps.len() != choices.len() {
            return Err(PlayError::Unavailable);
        }
        self.choices = choices;
        if next.ended {
            self.record_ending(&next);
        }
        Ok(next)
    }

    fn record_ending(&mut self, walk: &Walk) {
        if !self.endings_reached.contains(&walk.current) {
            self.endings_reached.push(walk.current.clone());
        }
        self.completed.push(CompletedPath {
            role: walk.role.clone(),
            choices: walk.choices(),
            ending: walk.current.clone(),
        });
        let excess = self.completed.len().saturating_sub(MAX_COMPLETED_PATHS);
        self.completed.drain(..excess);
    }

    /// Undoes the last choice that still fits the content; false when there was none.
    pub fn back(&mut self, case: &Case) -> bool {
        let mut choices = self.walk(case).choices();
        let undone = choices.pop().is_some();
        self.choices = choices;
        undone
    }

    /// Starts over, possibly in another role; endings reached and completed paths are kept.
    pub fn restart(&mut self, role: Option<String>) {
        self.role = role;
        self.choices.clear();
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrincipleRef {
    pub id: String,
    pub label: String,
    pub lesson: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DimensionScore {
    pub id: String,
    pub label: String,
    pub points: i32,
    /// The best this dimension could have scored at the decisions taken.
    pub max: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EndingStatus {
    pub id: String,
    pub title: String,
    pub reached_now: bool,
    /// Reached in this or any earlier play.
    pub reached_ever: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Debrief {
    pub ending: String,
    pub ending_title: String,
    pub text: String,
    pub path: Vec<Step>,
    pub shown: Vec<PrincipleRef>,
    pub missed: Vec<PrincipleRef>,
    pub scores: Vec<DimensionScore>,
    pub endings: Vec<EndingStatus>,
    pub lessons: Vec<String>,
    pub worksheets: Vec<String>,
}

/// The debrief of a walk that has reached an ending (None before that).
///
/// - Shown: the principles cited by chosen options whose total score is positive.
/// - Missed: the principles cited by chosen options whose total score is negative, and, at each decision
///   where the chosen option's total was below the best offered, the principles cited by the best
///   offered options; a principle shown anywhere on the path is not listed as missed.
/// - Scores: per dimension, the sum of the chosen options' points, out of the sum of the best points
///   offered at each decision taken.
/// - Lessons: the missed principles' lessons, then the case's own list, then the shown principles'
///   lessons and lessons cited directly on the path, each once.
pub fn debrief(case: &Case, walk: &Walk, play: &CasePlay) -> Option<Debrief> {
    let ending = walk.node(case).filter(|n| walk.ended && n.ending)?;
    let mut shown: Vec<&str> = Vec::new();
    let mut missed: Vec<&str> = Vec::new();
    let mut cited_lessons: Vec<&str> = Vec::new();
    let mut scores: Vec<DimensionScore> = DIMENSIONS
        .iter()
        .map(|(id, label)| DimensionScore {
            id: (*id).into(),
            label: (*label).into(),
            points: 0,
            max: 0,
        })
        .collect();
    for step in &walk.steps {
        let Some(node) = case.node(&step.node) else {
            continue;
        };
        let offered: Vec<&CaseOption> = step
            .offered
            .iter()
            .filter_map(|&i| node.options.get(i as usize))
            .collect();
        let Some(chosen) = node.options.get(step.option as usize) else {
            continue;
        };
        for score in &mut scores {
            score.points += chosen.score(&score.id);
            score.max += offered
                .iter()
                .map(|o| o.score(&score.id))
                .max()
                .unwrap_or(0);
        }
        let total = chosen.total_score();
        let best = offered
            .iter()
            .map(|o| o.total_score())
            .max()
            .unwrap_or(total);
        for cite in &chosen.cites {
            if case.principle(cite).is_none() {
                push_once(&mut cited_lessons, cite);
            } else if total > 0 {
                push_once(&mut shown, cite);
            } else if total < 0 {
                push_once(&mut missed, cite);
            }
        }
        if total < best {
            for option in offered.iter().filter(|o| o.total_score() == best) {
                for cite in option.cites.iter().filter(|c| case.principle(c).is_some()) {
                    push_once(&mut missed, cite);
                }
            }
        }
    }
    missed.retain(|id| !shown.contains(id));
    let refs = |ids: &[&str]| -> Vec<PrincipleRef> {
        ids.iter()
            .filter_map(|id| case.principle(id))
            .map(|p| PrincipleRef {
                id: p.id.clone(),
                label: p.label.clone(),
                lesson: p.lesson.clone(),
            })
            .collect()
    };
    let (shown, missed) = (refs(&shown), refs(&missed));
    let mut lessons: Vec<String> = Vec::new();
    for lesson in missed
        .iter()
        .map(|p| p.lesson.as_str())
        .chain(case.lessons.iter().map(String::as_str))
        .chain(shown.iter().map(|p| p.lesson.as_str()))
        .chain(cited_lessons.iter().copied())
    {
        if !lessons.iter().any(|l| l == lesson) {
            lessons.push(lesson.to_owned());
        }
    }
    Some(Debrief {
        ending: ending.id.clone(),
        ending_title: ending.title.clone(),
        text: ending.debrief.clone(),
        path: walk.steps.clone(),
        shown,
        missed,
        scores,
        endings: case
            .endings()
            .map(|e| EndingStatus {
                id: e.id.clone(),
                title: e.title.clone(),
                reached_now: e.id == ending.id,
                reached_ever: e.id == ending.id || play.endings_reached.contains(&e.id),
            })
            .collect(),
        lessons,
        worksheets: case.worksheets.clone(),
    })
}

fn push_once<'a>(list: &mut Vec<&'a str>, item: &'a str) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// How an enumerated path stops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathEnd {
    Ending(String),
    /// No option is offered at this node for the role and state reached.
    DeadEnd(String),
    /// An option leads to a node that does not exist.
    MissingNode(String),
    /// Still not at an ending after `MAX_DECISIONS` decisions (too long, or a loop).
    TooLong,
    /// Enumeration stopped at `MAX_ENUMERATED_PATHS`.
    TooManyPaths,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathSummary {
    pub role: Option<String>,
    pub choices: Vec<u32>,
    /// Nodes visited, the start first and the node where the path stops last.
    pub nodes: Vec<String>,
    pub end: PathEnd,
}

impl PathSummary {
    pub fn decisions(&self) -> usize {
        self.choices.len()
    }
}

/// Every path from the start, for every role the case offers (or once without a role), following
/// conditions and effects exactly as a trainee's play would.
pub fn walk_all_paths(case: &Case) -> Vec<PathSummary> {
    let roles: Vec<Option<String>> = if case.roles.is_empty() {
        vec![None]
    } else {
        case.roles.iter().cloned().map(Some).collect()
    };
    let mut paths = Vec::new();
    for role in roles {
        let mut stack = vec![(
            case.start.clone(),
            case.initial_state(),
            Vec::new(),
            vec![case.start.clone()],
        )];
        while let Some((current, state, choices, nodes)) = stack.pop() {
            if paths.len() >= MAX_ENUMERATED_PATHS {
                paths.push(PathSummary {
                    role: role.clone(),
                    choices,
                    nodes,
                    end: PathEnd::TooManyPaths,
                });
                return paths;
            }
            let end = match case.node(&current) {
                None => Some(PathEnd::MissingNode(current.clone())),
                Some(node) if node.ending => Some(PathEnd::Ending(current.clone())),
                Some(_) if choices.len() >= MAX_DECISIONS => Some(PathEnd::TooLong),
                Some(node) => {
                    let offered = offered_options(node, role.as_deref(), &state);
                    if offered.is_empty() {
                        Some(PathEnd::DeadEnd(current.clone()))
                    } else {
                        for &i in offered.iter().rev() {
                            let option = &node.options[i as usize];
                            let mut next_state = state.clone();
                            option.apply(&mut next_state);
                            let next = option.target(&next_state).to_owned();
                            let mut next_choices = choices.clone();
                            next_choices.push(i);
                            let mut next_nodes = nodes.clone();
                            next_nodes.push(next.clone());
                            stack.push((next, next_state, next_choices, next_nodes));
                        }
                        None
                    }
                }
            };
            if let Some(end) = end {
                paths.push(PathSummary {
                    role: role.clone(),
                    choices,
                    nodes,
                    end,
                });
            }
        }
    }
    paths
}

/// Counts for a case's overview and for tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseStats {
    pub nodes: usize,
    pub decisions: usize,
    pub endings: usize,
    pub paths: usize,
    pub min_decisions: usize,
    pub max_decisions: usize,
}

pub fn case_stats(case: &Case) -> CaseStats {
    let paths = walk_all_paths(case);
    let lengths = paths.iter().map(PathSummary::decisions);
    CaseStats {
        nodes: case.nodes.len(),
        decisions: case.nodes.iter().filter(|n| !n.ending).count(),
        endings: case.endings().count(),
        paths: paths.len(),
        min_decisions: lengths.clone().min().unwrap_or(0),
        max_decisions: lengths.max().unwrap_or(0),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OptionCount {
    pub label: String,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionCounts {
    pub node: String,
    pub title: String,
    pub options: Vec<OptionCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EndingCount {
    pub id: String,
    pub title: String,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChoiceCounts {
    pub case_id: String,
    pub case_title: String,
    /// Trainees counted (those who have made at least one choice).
    pub players: u32,
    pub decisions: Vec<DecisionCounts>,
    pub endings: Vec<EndingCount>,
}

/// For the instructor: what each trainee chose at each decision, and which endings they reached.
///
/// Each trainee counts once. Their choices are those of their first completed path (their judgement
/// before the feedback of a finished run could steer a replay), or of the path in progress if they have
/// not finished one. Endings count every ending the trainee has reached in any play.
pub fn choice_counts(case: &Case, plays: &[&CasePlay]) -> ChoiceCounts {
    let mut counts = ChoiceCounts {
        case_id: case.id.clone(),
        case_title: case.title.clone(),
        players: 0,
        decisions: case
            .nodes
            .iter()
            .filter(|n| !n.ending)
            .map(|n| DecisionCounts {
                node: n.id.clone(),
                title: n.title.clone(),
                options: n
                    .options
                    .iter()
                    .map(|o| OptionCount {
                        label: o.label.clone(),
                        count: 0,
                    })
                    .collect(),
            })
            .collect(),
        endings: case
            .endings()
            .map(|e| EndingCount {
                id: e.id.clone(),
                title: e.title.clone(),
                count: 0,
            })
            .collect(),
    };
    for play in plays {
        let walk = match play.completed.first() {
            Some(first) => Walk::replay_choices(case, first.role.as_deref(), &first.choices),
            None => Walk::replay(case, play),
        };
        if walk.steps.is_empty() && play.endings_reached.is_empty() {
            continue;
        }
        counts.players += 1;
        for step in &walk.steps {
            let decision = counts.decisions.iter_mut().find(|d| d.node == step.node);
            if let Some(option) = decision.and_then(|d| d.options.get_mut(step.option as usize)) {
                option.count += 1;
            }
        }
        for ending in counts.endings.iter_mut() {
            let reached = play.endings_reached.contains(&ending.id)
                || play.completed.iter().any(|c| c.ending == ending.id)
                || (walk.ended && walk.current == ending.id);
            ending.count += u32::from(reached);
        }
    }
    counts
}

/// The counts of several cases as one CSV for Excel: UTF-8 with a BOM, CRLF line ends.
pub fn csv_choice_counts(all: &[ChoiceCounts]) -> String {
    let mut csv = CsvWriter::new();
    csv.row(&["事例", "種類", "判断の場面", "選択肢・結末", "人数"]);
    for counts in all {
        for decision in &counts.decisions {
            for option in &decision.options {
                csv.row(&[
                    &counts.case_title,
                    "判断",
                    &decision.title,
                    &option.label,
                    &option.count.to_string(),
                ]);
            }
        }
        for ending in &counts.endings {
            csv.row(&[
                &counts.case_title,
                "結末",
                "",
                &ending.title,
                &ending.count.to_string(),
            ]);
        }
    }
    csv.finish()
}

/// Which principle and lesson ids a set of cites uses; for validation and for copying principles in.
pub fn cited_ids(case: &Case) -> BTreeSet<&str> {
    case.nodes
        .iter()
        .flat_map(|n| n.options.iter())
        .flat_map(|o| o.cites.iter().map(String::as_str))
        .collect()
}
