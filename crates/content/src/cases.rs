//! The case compiler: reads content/cases/ (principles.toml and one file per case), validates every
//! case and emits the JSON that `nimo_model::case` parses. Paths are checked by walking them with the
//! app's own engine, so a condition or effect behaves at build time exactly as it will for the trainee.
//!
//! Errors are collected and name file:line like the rest of the content compiler.

use crate::course::{ContentError, SourceFile, display_path, err, line_of, toml_error, valid_id};
use nimo_model::case::{
    self as engine, CARD_KINDS, Card, Case, CaseOption, CaseSource, DIMENSIONS, MAX_DECISIONS,
    MAX_OPTIONS, MAX_SCORE, MIN_DECISIONS, MIN_OPTIONS, MIN_SCORE, Note, PathEnd, Principle, ROLES,
    StateVar,
};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

pub const PRINCIPLES_FILE: &str = "principles.toml";

pub struct CaseFiles {
    pub principles: Option<SourceFile>,
    pub cases: Vec<SourceFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrinciplesFile {
    principles: Vec<toml::Spanned<Principle>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    id: String,
    title: String,
    summary: String,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    sources: Vec<CaseSource>,
    #[serde(default)]
    lessons: Vec<String>,
    #[serde(default)]
    worksheets: Vec<String>,
    #[serde(default)]
    state: Vec<toml::Spanned<StateVar>>,
    start: String,
    #[serde(default)]
    nodes: Vec<toml::Spanned<NodeFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeFile {
    id: String,
    title: String,
    text: String,
    #[serde(default)]
    cards: Vec<Card>,
    #[serde(default)]
    notes: Vec<Note>,
    #[serde(default)]
    options: Vec<toml::Spanned<CaseOption>>,
    #[serde(default)]
    ending: bool,
    #[serde(default)]
    debrief: String,
}

/// Reads content/cases/, or None when the folder does not exist (a content copy without cases).
pub fn read_cases(root: &Path) -> std::io::Result<Option<CaseFiles>> {
    let dir = root.join("cases");
    if !dir.is_dir() {
        return Ok(None);
    }
    let read = |path: &Path| -> std::io::Result<SourceFile> {
        Ok(SourceFile {
            path: display_path(path),
            text: fs::read_to_string(path)?,
        })
    };
    let mut paths: Vec<_> = fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let principles_path = dir.join(PRINCIPLES_FILE);
    let principles = if principles_path.exists() {
        Some(read(&principles_path)?)
    } else {
        None
    };
    let cases = paths
        .iter()
        .filter(|p| **p != principles_path)
        .map(|p| read(p))
        .collect::<Result<_, _>>()?;
    Ok(Some(CaseFiles { principles, cases }))
}

/// What a case may point to outside content/cases/: the compiled lessons and worksheets.
pub struct CaseRefs<'a> {
    pub lesson_ids: &'a BTreeSet<String>,
    pub worksheet_ids: &'a BTreeSet<String>,
}

pub fn compile_case_files(
    files: &CaseFiles,
    refs: &CaseRefs<'_>,
) -> Result<Vec<Case>, Vec<ContentError>> {
    match &files.principles {
        Some(principles) => compile_cases(principles, &files.cases, refs),
        None if files.cases.is_empty() => Ok(Vec::new()),
        None => Err(vec![ContentError {
            path: format!("content/cases/{PRINCIPLES_FILE}"),
            line: 1,
            message: "事例があるのに原則の定義（principles.toml）がありません".into(),
        }]),
    }
}

/// Validates principles.toml and every case against it, the lessons and the worksheets.
pub fn compile_cases(
    principles_file: &SourceFile,
    case_files: &[SourceFile],
    refs: &CaseRefs<'_>,
) -> Result<Vec<Case>, Vec<ContentError>> {
    let lesson_ids = refs.lesson_ids;
    let mut errors = Vec::new();
    let principles = compile_principles(principles_file, lesson_ids, &mut errors);
    let mut cases = Vec::new();
    let mut case_ids: BTreeMap<String, String> = BTreeMap::new();
    for file in case_files {
        let Some(case) = compile_case(file, &principles, refs, &mut errors) else {
            continue;
        };
        if let Some(other) = case_ids.insert(case.id.clone(), file.path.clone()) {
            errors.push(err(
                file,
                key_line(&file.text, "id"),
                format!("事例ID「{}」が重複しています（{other} と同じ）", case.id),
            ));
        }
        cases.push(case);
    }
    if errors.is_empty() {
        Ok(cases)
    } else {
        Err(errors)
    }
}

fn compile_principles(
    file: &SourceFile,
    lesson_ids: &BTreeSet<String>,
    errors: &mut Vec<ContentError>,
) -> Vec<Principle> {
    let parsed = match toml::from_str::<PrinciplesFile>(&file.text) {
        Ok(parsed) => parsed,
        Err(e) => {
            errors.push(toml_error(file, 1, &file.text, &e));
            return Vec::new();
        }
    };
    let mut seen = BTreeSet::new();
    let mut principles = Vec::new();
    for spanned in parsed.principles {
        let line = line_of(&file.text, spanned.span().start, 1);
        let principle = spanned.into_inner();
        let mut problem = |message: String| {
            errors.push(err(
                file,
                line,
                format!("原則「{}」: {message}", principle.id),
            ))
        };
        if !valid_id(&principle.id) {
            problem("IDは半角英小文字・数字・ハイフンで書いてください".into());
        }
        if !seen.insert(principle.id.clone()) {
            problem("IDが重複しています".into());
        }
        if lesson_ids.contains(&principle.id) {
            problem(
                "講義IDと同じIDは使えません（cites でどちらを指すか分からなくなるため）".into(),
            );
        }
        for (field, value) in [
            ("group", &principle.group),
            ("label", &principle.label),
            ("summary", &principle.summary),
            ("source", &principle.source),
        ] {
            if value.trim().is_empty() {
                problem(format!("{field} を書いてください"));
            }
        }
        if !lesson_ids.contains(&principle.lesson) {
            problem(format!("lesson の講義「{}」がありません", principle.lesson));
        }
        principles.push(principle);
    }
    principles
}

/// The line of the first `key = …` at the start of a line (top-level keys of a case file).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |index| index + 1)
}

struct Lines {
    nodes: BTreeMap<String, usize>,
    options: BTreeMap<(String, u32), usize>,
}

fn compile_case(
    file: &SourceFile,
    principles: &[Principle],
    refs: &CaseRefs<'_>,
    errors: &mut Vec<ContentError>,
) -> Option<Case> {
    let mut parsed = match toml::from_str::<CaseFile>(&file.text) {
        Ok(parsed) => parsed,
        Err(e) => {
            errors.push(toml_error(file, 1, &file.text, &e));
            return None;
        }
    };
    let errors_before = errors.len();
    check_header(file, &parsed, refs, errors);
    let (state, state_ids) = compile_state(file, std::mem::take(&mut parsed.state), errors);
    let context = CaseContext {
        file,
        roles: &parsed.roles,
        state_ids: &state_ids,
        node_ids: parsed
            .nodes
            .iter()
            .map(|n| n.get_ref().id.as_str())
            .collect(),
        principle_ids: principles.iter().map(|p| p.id.as_str()).collect(),
        lesson_ids: refs.lesson_ids,
    };
    let mut lines = Lines {
        nodes: BTreeMap::new(),
        options: BTreeMap::new(),
    };
    let nodes: Vec<engine::Node> = parsed
        .nodes
        .iter()
        .map(|spanned| compile_node(&context, spanned, &mut lines, errors))
        .collect();
    check_start_and_endings(file, &parsed.start, &context.node_ids, &nodes, errors);

    let mut case = Case {
        id: parsed.id,
        title: parsed.title,
        summary: parsed.summary,
        roles: parsed.roles,
        sources: parsed.sources,
        lessons: parsed.lessons,
        worksheets: parsed.worksheets,
        state,
        start: parsed.start,
        nodes,
        principles: Vec::new(),
    };
    let cited = engine::cited_ids(&case);
    case.principles = principles
        .iter()
        .filter(|p| cited.contains(p.id.as_str()))
        .cloned()
        .collect();
    // Paths are only meaningful once every reference resolves.
    if errors.len() == errors_before {
        check_paths(file, &case, &lines, errors);
    }
    Some(case)
}

/// The case's top-level keys: id, title, summary, sources, roles, and the lessons and worksheets it
/// names. Each error points at the line of its key.
fn check_header(
    file: &SourceFile,
    parsed: &CaseFile,
    refs: &CaseRefs<'_>,
    errors: &mut Vec<ContentError>,
) {
    let mut at =
        |key: &str, message: String| errors.push(err(file, key_line(&file.text, key), message));
    if !valid_id(&parsed.id) {
        at(
            "id",
            format!(
                "事例ID「{}」は半角英小文字・数字・ハイフンで書いてください",
                parsed.id
            ),
        );
    }
    if parsed.title.trim().is_empty() {
        at("title", "title を書いてください".into());
    }
    if parsed.summary.trim().is_empty() {
        at("summary", "summary を書いてください".into());
    }
    if parsed.sources.is_empty() {
        at("id", "出典（[[sources]]）を1つ以上書いてください".into());
    }
    for source in &parsed.sources {
        if source.author.trim().is_empty() || source.title.trim().is_empty() {
            at("author", "出典には author と title が必要です".into());
        }
    }
    let mut roles_seen = BTreeSet::new();
    for role in &parsed.roles {
        if engine::role_label(role).is_none() {
            let known: Vec<&str> = ROLES.iter().map(|(id, _)| *id).collect();
            at(
                "roles",
                format!("役割「{role}」はありません（{}）", known.join("・")),
            );
        }
        if !roles_seen.insert(role.as_str()) {
            at("roles", format!("役割「{role}」が重複しています"));
        }
    }
    if parsed.roles.len() == 1 {
        at(
            "roles",
            "役割を選ばせるときは2つ以上書きます（1つなら roles を書かずに本文で立場を示します）"
                .into(),
        );
    }
    for lesson in &parsed.lessons {
        if !refs.lesson_ids.contains(lesson) {
            at("lessons", format!("講義「{lesson}」がありません"));
        }
    }
    for worksheet in &parsed.worksheets {
        if !refs.worksheet_ids.contains(worksheet) {
            let known: Vec<&str> = refs.worksheet_ids.iter().map(String::as_str).collect();
            at(
                "worksheets",
                format!(
                    "ワークシート「{worksheet}」はありません（{}）",
                    known.join("・")
                ),
            );
        }
    }
}

/// The `[[state]]` variables, and their ids for checking the conditions and effects that name them.
fn compile_state(
    file: &SourceFile,
    declared: Vec<toml::Spanned<StateVar>>,
    errors: &mut Vec<ContentError>,
) -> (Vec<StateVar>, BTreeSet<String>) {
    let mut state_ids = BTreeSet::new();
    let mut state = Vec::new();
    for spanned in declared {
        let line = line_of(&file.text, spanned.span().start, 1);
        let var = spanned.into_inner();
        if !valid_id(&var.id) || !state_ids.insert(var.id.clone()) {
            errors.push(err(
                file,
                line,
                format!("状態「{}」のIDが不正か重複しています", var.id),
            ));
        }
        if var.label.trim().is_empty() {
            errors.push(err(
                file,
                line,
                format!("状態「{}」の label を書いてください", var.id),
            ));
        }
        state.push(var);
    }
    (state, state_ids)
}

/// What the scenes and options of one case are checked against.
struct CaseContext<'a> {
    file: &'a SourceFile,
    /// The roles the case offers (`roles`).
    roles: &'a [String],
    state_ids: &'a BTreeSet<String>,
    node_ids: BTreeSet<&'a str>,
    principle_ids: BTreeSet<&'a str>,
    lesson_ids: &'a BTreeSet<String>,
}

/// One scene (`[[nodes]]`): its own keys, cards and notes, whether it is an ending or a decision, and
/// each of its options. Records the lines of the scene and its options for the path checks.
fn compile_node(
    context: &CaseContext<'_>,
    spanned: &toml::Spanned<NodeFile>,
    lines: &mut Lines,
    errors: &mut Vec<ContentError>,
) -> engine::Node {
    let file = context.file;
    let node_line = line_of(&file.text, spanned.span().start, 1);
    let node = spanned.get_ref();
    let mut problem = |message: String| {
        errors.push(err(
            file,
            node_line,
            format!("場面「{}」: {message}", node.id),
        ))
    };
    if !valid_id(&node.id) {
        problem("IDは半角英小文字・数字・ハイフンで書いてください".into());
    }
    if lines.nodes.insert(node.id.clone(), node_line).is_some() {
        problem("IDが重複しています".into());
    }
    if node.title.trim().is_empty() || node.text.trim().is_empty() {
        problem("title と text を書いてください".into());
    }
    check_cards(&node.cards, &mut problem);
    for note in &node.notes {
        check_roles(&note.roles, context.roles, &mut problem);
        check_conditions(&note.when, context.state_ids, &mut problem);
    }
    check_ending_or_decision(node, &mut problem);
    for (index, spanned_option) in node.options.iter().enumerate() {
        let line = line_of(&file.text, spanned_option.span().start, 1);
        lines.options.insert((node.id.clone(), index as u32), line);
        let mut problem = |message: String| {
            errors.push(err(
                file,
                line,
                format!("場面「{}」の選択肢{}: {message}", node.id, index + 1),
            ))
        };
        check_option(context, spanned_option.get_ref(), &mut problem);
    }
    engine::Node {
        id: node.id.clone(),
        title: node.title.clone(),
        text: node.text.clone(),
        cards: node.cards.clone(),
        notes: node.notes.clone(),
        options: node.options.iter().map(|o| o.get_ref().clone()).collect(),
        ending: node.ending,
        debrief: node.debrief.clone(),
    }
}

fn check_cards(cards: &[Card], problem: &mut impl FnMut(String)) {
    for card in cards {
        if engine::card_kind_label(&card.kind).is_none() {
            let kinds: Vec<&str> = CARD_KINDS.iter().map(|(k, _)| *k).collect();
            problem(format!(
                "カードの kind「{}」は使えません（{}）",
                card.kind,
                kinds.join("・")
            ));
        }
        if card.title.trim().is_empty() || card.text.trim().is_empty() {
            problem("カードには title と text を書いてください".into());
        }
    }
}

/// An ending has a debrief and no options; a decision has MIN_OPTIONS–MAX_OPTIONS options and no
/// debrief.
fn check_ending_or_decision(node: &NodeFile, problem: &mut impl FnMut(String)) {
    if node.ending {
        if !node.options.is_empty() {
            problem("結末（ending = true）には選択肢を書けません".into());
        }
        if node.debrief.trim().is_empty() {
            problem("結末には debrief（振り返りの文）を書いてください".into());
        }
    } else {
        if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&node.options.len()) {
            problem(format!(
                "判断の場面の選択肢は{MIN_OPTIONS}〜{MAX_OPTIONS}個です（{}個あります）",
                node.options.len()
            ));
        }
        if !node.debrief.is_empty() {
            problem("debrief は結末（ending = true）にだけ書きます".into());
        }
    }
}

/// One option: its texts, where it leads, what it cites, its effects and scores, and who may see it.
fn check_option(context: &CaseContext<'_>, option: &CaseOption, problem: &mut impl FnMut(String)) {
    if option.label.trim().is_empty() {
        problem("label を書いてください".into());
    }
    if option.feedback.trim().is_empty() {
        problem("feedback（なぜそうなるのか）を書いてください".into());
    }
    for target in std::iter::once(&option.next).chain(option.routes.iter().map(|r| &r.next)) {
        if !context.node_ids.contains(target.as_str()) {
            problem(format!("行き先の場面「{target}」がありません"));
        }
    }
    for route in &option.routes {
        if route.when.is_empty() {
            problem("routes には when を書きます（条件のない行き先は next に書きます）".into());
        }
        check_conditions(&route.when, context.state_ids, problem);
    }
    if option.cites.is_empty() {
        problem("cites に原則IDか講義IDを1つ以上書いてください".into());
    }
    for cite in &option.cites {
        if !context.principle_ids.contains(cite.as_str()) && !context.lesson_ids.contains(cite) {
            problem(format!(
                "cites の「{cite}」は原則（principles.toml）にも講義にもありません"
            ));
        }
    }
    for var in option.effects.keys() {
        if !context.state_ids.contains(var) {
            problem(format!(
                "effects の状態「{var}」は [[state]] で宣言されていません"
            ));
        }
    }
    check_scores(option, problem);
    check_roles(&option.roles, context.roles, problem);
    check_conditions(&option.when, context.state_ids, problem);
}

fn check_scores(option: &CaseOption, problem: &mut impl FnMut(String)) {
    for (dimension, points) in &option.scores {
        if engine::dimension_label(dimension).is_none() {
            let known: Vec<&str> = DIMENSIONS.iter().map(|(d, _)| *d).collect();
            problem(format!(
                "scores の観点「{dimension}」はありません（{}）",
                known.join("・")
            ));
        }
        if !(MIN_SCORE..=MAX_SCORE).contains(points) {
            problem(format!(
                "scores の点は{MIN_SCORE}〜{MAX_SCORE}です（{dimension} = {points}）"
            ));
        }
    }
}

/// The scene `start` names exists, and some scene is an ending.
fn check_start_and_endings(
    file: &SourceFile,
    start: &str,
    node_ids: &BTreeSet<&str>,
    nodes: &[engine::Node],
    errors: &mut Vec<ContentError>,
) {
    if !node_ids.contains(start) {
        errors.push(err(
            file,
            key_line(&file.text, "start"),
            format!("start の場面「{start}」がありません"),
        ));
    }
    if !nodes.iter().any(|n| n.ending) {
        errors.push(err(
            file,
            key_line(&file.text, "start"),
            "結末（ending = true）の場面がありません".into(),
        ));
    }
}

fn check_roles(roles: &[String], case_roles: &[String], problem: &mut impl FnMut(String)) {
    for role in roles {
        if !case_roles.contains(role) {
            problem(format!("役割「{role}」はこの事例の roles にありません"));
        }
    }
}

fn check_conditions(
    conditions: &[engine::Condition],
    state_ids: &BTreeSet<String>,
    problem: &mut impl FnMut(String),
) {
    for condition in conditions {
        if !state_ids.contains(&condition.state) {
            problem(format!(
                "条件の状態「{}」は [[state]] で宣言されていません",
                condition.state
            ));
        }
        if condition.at_least.is_none() && condition.at_most.is_none() {
            problem(format!(
                "状態「{}」の条件に at_least か at_most を書いてください",
                condition.state
            ));
        }
    }
}

/// Walks every path with the engine: no dead ends, no loops, 6–12 decisions to every ending, every node
/// and option used by some path.
fn check_paths(file: &SourceFile, case: &Case, lines: &Lines, errors: &mut Vec<ContentError>) {
    let node_line = |id: &str| lines.nodes.get(id).copied().unwrap_or(1);
    let role_text = |role: &Option<String>| {
        role.as_deref()
            .and_then(engine::role_label)
            .map_or(String::new(), |label| format!("（役割：{label}）"))
    };
    let mut reported = BTreeSet::new();
    let mut report = |key: (&'static str, String), line: usize, message: String| {
        if reported.insert(key) {
            errors.push(err(file, line, message));
        }
    };
    let mut visited: BTreeSet<&str> = BTreeSet::new();
    let mut offered: BTreeSet<(String, u32)> = BTreeSet::new();
    let paths = engine::walk_all_paths(case);
    for path in &paths {
        let route = path.nodes.join(" → ");
        for (node, choice) in path.nodes.iter().zip(&path.choices) {
            offered.insert((node.clone(), *choice));
        }
        match &path.end {
            PathEnd::Ending(ending) => {
                visited.extend(path.nodes.iter().map(String::as_str));
                if path.decisions() < MIN_DECISIONS {
                    report(
                        ("short", ending.clone()),
                        node_line(ending),
                        format!(
                            "場面「{ending}」: 判断{}回で結末に着く道筋があります{}（{MIN_DECISIONS}〜{MAX_DECISIONS}回にしてください）: {route}",
                            path.decisions(),
                            role_text(&path.role)
                        ),
                    );
                }
            }
            PathEnd::DeadEnd(node) => {
                visited.extend(path.nodes.iter().map(String::as_str));
                report(
                    ("dead", node.clone()),
                    node_line(node),
                    format!(
                        "場面「{node}」: 行き止まりです。ここで選べる選択肢がない道筋があります{}（roles・when を見直してください）: {route}",
                        role_text(&path.role)
                    ),
                );
            }
            PathEnd::MissingNode(node) => report(
                ("missing", node.clone()),
                1,
                format!("場面「{node}」がありません: {route}"),
            ),
            PathEnd::TooLong => {
                let last = path.nodes.last().cloned().unwrap_or_default();
                report(
                    ("long", last.clone()),
                    node_line(&last),
                    format!(
                        "場面「{last}」: 判断が{MAX_DECISIONS}回を超えても結末に着かない道筋があります（繰り返しになっていないか確かめてください）: {route}"
                    ),
                );
            }
            PathEnd::TooManyPaths => report(
                ("many", String::new()),
                1,
                format!(
                    "道筋が{}通りを超えます。分岐を減らしてください",
                    engine::MAX_ENUMERATED_PATHS
                ),
            ),
        }
    }
    if paths.iter().any(|p| p.end == PathEnd::TooManyPaths) {
        return;
    }
    for node in &case.nodes {
        if !visited.contains(node.id.as_str()) {
            report(
                ("unreached", node.id.clone()),
                node_line(&node.id),
                format!("場面「{}」: どの道筋からも到達できません", node.id),
            );
            continue;
        }
        for index in 0..node.options.len() as u32 {
            if !offered.contains(&(node.id.clone(), index)) {
                let line = lines
                    .options
                    .get(&(node.id.clone(), index))
                    .copied()
                    .unwrap_or(1);
                report(
                    ("never", format!("{}/{index}", node.id)),
                    line,
                    format!(
                        "場面「{}」の選択肢{}: どの道筋でも選べません（roles・when を見直してください）",
                        node.id,
                        index + 1
                    ),
                );
            }
        }
    }
}
