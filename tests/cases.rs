//! Case scenarios: the case compiler reports every kind of error with file:line, the real cases compile
//! and every path through them is sound, and the engine (replay, back, restart, stale plays, debrief,
//! choice counts) behaves as documented. Calls crates/content, the compiler build.rs runs.
#![cfg(not(target_arch = "wasm32"))]

use nimo_content::course as content;

use nimo_content::cases;

use content::{ContentError, SourceFile};
use nimo_model::case::{
    Case, CaseError, CasePlay, CompletedPath, MAX_COMPLETED_PATHS, MAX_DECISIONS, MIN_DECISIONS,
    PathEnd, PlayError, Walk, case_stats, choice_counts, csv_choice_counts, debrief, parse_cases,
    walk_all_paths,
};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

const PRINCIPLES: &str = r#"[[principles]]
id = "p-honnin"
group = "連携の基本姿勢"
label = "本人のニーズを中心に"
summary = "要約"
source = "出典"
lesson = "lesson-a"

[[principles]]
id = "p-renkei"
group = "連携の基本姿勢"
label = "目標の共有"
summary = "要約"
source = "出典"
lesson = "lesson-a"

[[principles]]
id = "p-tessoku"
group = "連携の鉄則"
label = "争わない"
summary = "要約"
source = "出典"
lesson = "lesson-b"

[[principles]]
id = "p-chiiki"
group = "5つのステップ"
label = "協議の場の活用"
summary = "要約"
source = "出典"
lesson = "lesson-c"
"#;

/// Six decisions on every path; d3 offers one option to 保健所 only, d5 one option only once trust ≥ 2,
/// and d6's first option ends well only when trust ≥ 3.
const MINI: &str = r#"id = "mini"
title = "小さな事例"
summary = "テスト用の事例"
roles = ["hokenjo", "shi"]
lessons = ["lesson-a"]
worksheets = ["group-work"]
start = "d1"

[[sources]]
author = "著者"
title = "資料"

[[state]]
id = "trust"
label = "信頼"

[[state]]
id = "days"
label = "経過日数"
unit = "日"

[[nodes]]
id = "d1"
title = "場面1"
text = "本文1"

[[nodes.notes]]
roles = ["shi"]
text = "市の立場のメモ"

[[nodes.options]]
label = "本人に会う"
next = "d2"
feedback = "本人に会うと信頼が育つ"
cites = ["p-honnin"]
effects = { trust = 1, days = 3 }
scores = { honnin = 2, sokuou = 1 }

[[nodes.options]]
label = "書類だけ見る"
next = "d2"
feedback = "本人不在で決まる"
cites = ["p-honnin"]
effects = { days = 14 }
scores = { honnin = -1 }

[[nodes]]
id = "d2"
title = "場面2"
text = "本文2"

[[nodes.options]]
label = "関係機関を集める"
next = "d3"
feedback = "目標を共有できる"
cites = ["p-renkei"]
effects = { trust = 1 }
scores = { renkei = 2 }

[[nodes.options]]
label = "一人で抱える"
next = "d3"
feedback = "争いの種になる"
cites = ["p-tessoku", "lesson-b"]
scores = { renkei = -1 }

[[nodes]]
id = "d3"
title = "場面3"
text = "本文3"

[[nodes.options]]
label = "病院と調整する"
next = "d4"
feedback = "保健所の役割"
cites = ["p-renkei"]
roles = ["hokenjo"]
scores = { renkei = 1 }

[[nodes.options]]
label = "待つ"
next = "d4"
feedback = "何も起きない"
cites = ["p-renkei"]

[[nodes.options]]
label = "訪問する"
next = "d4"
feedback = "顔を合わせる"
cites = ["p-honnin"]
effects = { trust = 1 }
scores = { honnin = 1 }

[[nodes]]
id = "d4"
title = "場面4"
text = "本文4"

[[nodes.options]]
label = "協議の場に報告する"
next = "d5"
feedback = "地域の課題になる"
cites = ["p-chiiki"]
scores = { chiiki = 2 }

[[nodes.options]]
label = "報告しない"
next = "d5"
feedback = "個別で終わる"
cites = ["p-chiiki"]
scores = { chiiki = -1 }

[[nodes]]
id = "d5"
title = "場面5"
text = "本文5"

[[nodes.notes]]
when = [{ state = "trust", at_least = 2 }]
text = "本人が話してくれるようになった"

[[nodes.options]]
label = "本人と目標を確かめる"
next = "d6"
feedback = "信頼があるから話せる"
cites = ["p-honnin"]
when = [{ state = "trust", at_least = 2 }]
effects = { trust = 1 }
scores = { honnin = 1 }

[[nodes.options]]
label = "そのまま進める"
next = "d6"
feedback = "確認しないまま進む"
cites = ["p-renkei"]

[[nodes]]
id = "d6"
title = "場面6"
text = "本文6"

[[nodes.options]]
label = "退院を支える"
next = "end-fair"
routes = [{ when = [{ state = "trust", at_least = 3 }], next = "end-good" }]
feedback = "支える"
cites = ["p-renkei"]
scores = { renkei = 1 }

[[nodes.options]]
label = "打ち切る"
next = "end-poor"
feedback = "本人の居場所がなくなる"
cites = ["p-tessoku"]
scores = { renkei = -2 }

[[nodes]]
id = "end-good"
title = "よい結末"
text = "結末の本文"
ending = true
debrief = "振り返り"

[[nodes]]
id = "end-fair"
title = "まずまずの結末"
text = "結末の本文"
ending = true
debrief = "振り返り"

[[nodes]]
id = "end-poor"
title = "残念な結末"
text = "結末の本文"
ending = true
debrief = "振り返り"
"#;

const MINI_PATH: &str = "content/cases/mini.toml";
const PRINCIPLES_PATH: &str = "content/cases/principles.toml";

fn lesson_ids() -> BTreeSet<String> {
    ["lesson-a", "lesson-b", "lesson-c"]
        .into_iter()
        .map(String::from)
        .collect()
}

fn worksheet_ids() -> BTreeSet<String> {
    ["group-work", "yon-yoso"]
        .into_iter()
        .map(String::from)
        .collect()
}

fn compile_cases(
    principles_file: &SourceFile,
    case_files: &[SourceFile],
) -> Result<Vec<nimo_model::case::Case>, Vec<ContentError>> {
    let (lesson_ids, worksheet_ids) = (lesson_ids(), worksheet_ids());
    cases::compile_cases(
        principles_file,
        case_files,
        &cases::CaseRefs {
            lesson_ids: &lesson_ids,
            worksheet_ids: &worksheet_ids,
        },
    )
}

fn principles(text: &str) -> SourceFile {
    SourceFile {
        path: PRINCIPLES_PATH.into(),
        text: text.into(),
    }
}

fn mini_file(text: &str) -> SourceFile {
    SourceFile {
        path: MINI_PATH.into(),
        text: text.into(),
    }
}

fn compile_mini(text: &str) -> Result<Vec<nimo_model::case::Case>, Vec<ContentError>> {
    compile_cases(&principles(PRINCIPLES), &[mini_file(text)])
}

/// The mini case as the app sees it: compiled, emitted as JSON and parsed back.
fn mini() -> Case {
    let compiled = compile_mini(MINI).unwrap_or_else(|e| panic!("{}", render(&e)));
    parse_cases(&nimo_model::case::cases_json(&compiled))
        .unwrap()
        .remove(0)
}

fn render(errors: &[ContentError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// 1-based line of the first occurrence of `marker`.
fn line_of(text: &str, marker: &str) -> usize {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} not in fixture"));
    1 + text[..at].matches('\n').count()
}

/// The `[[nodes]]` header line above `id = "<id>"`.
fn node_line(text: &str, id: &str) -> usize {
    line_of(text, &format!("id = \"{id}\"")) - 1
}

/// The `[[nodes.options]]` header line above `label = "<label>"`.
fn option_line(text: &str, label: &str) -> usize {
    line_of(text, &format!("label = \"{label}\"")) - 1
}

fn assert_error(errors: &[ContentError], path: &str, line: usize, needle: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e.path == path && e.line == line && e.message.contains(needle)),
        "expected {path}:{line} containing {needle:?}, got:\n{}",
        render(errors)
    );
}

fn mini_errors(text: &str) -> Vec<ContentError> {
    compile_mini(text).expect_err("this case must be rejected")
}

fn replaced(from: &str, to: &str) -> String {
    assert!(MINI.contains(from), "{from:?} not in fixture");
    MINI.replacen(from, to, 1)
}

// ---- the real content ----

fn real_lesson_ids() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let course = content::compile_files(&content::read_content(&root).unwrap())
        .unwrap_or_else(|e| panic!("{}", render(&e)));
    course.lessons.iter().map(|l| l.id.clone()).collect()
}

fn real_cases() -> Vec<Case> {
    parse_cases(include_str!(concat!(env!("OUT_DIR"), "/cases.json"))).unwrap()
}

/// The app carries an index of the cases and fetches each case's pack when it is opened: the index
/// must describe the same cases, in the same order, as the packs and cases.json.
#[test]
fn the_case_index_and_packs_match_the_cases() {
    let cases = real_cases();
    let index = nimo_kenshu::content::CASES;
    let packs = nimo_kenshu::content::cases();
    assert_eq!(index.len(), cases.len());
    assert_eq!(packs.len(), cases.len());
    for ((entry, pack), case) in index.iter().zip(packs).zip(&cases) {
        assert_eq!(*pack, case, "the pack of {} is its case", entry.id);
        assert_eq!(entry.id, case.id);
        assert_eq!(entry.title, case.title);
        assert_eq!(entry.summary, case.summary);
        assert_eq!(entry.roles, case.roles);
        assert_eq!(entry.endings, case.endings().count());
        assert!(
            entry.file.starts_with(&format!("case-{}.", entry.id)) && entry.file.ends_with(".json"),
            "{}",
            entry.file
        );
        assert_eq!(
            nimo_kenshu::content::register_case(&nimo_model::case::cases_json(
                std::slice::from_ref(case)
            )),
            Some(nimo_kenshu::content::case(&case.id).unwrap())
        );
    }
    assert_eq!(nimo_kenshu::content::register_case("{}"), None);
}

#[test]
fn the_real_cases_compile_and_match_the_emitted_json() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let files = cases::read_cases(&root)
        .unwrap()
        .expect("content/cases/ exists");
    // The worksheets as build.rs compiled them, so a case pointing at a sheet that was renamed fails here too.
    let worksheet_ids = nimo_kenshu::content::worksheets()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let lesson_ids = real_lesson_ids();
    let refs = cases::CaseRefs {
        lesson_ids: &lesson_ids,
        worksheet_ids: &worksheet_ids,
    };
    let compiled =
        cases::compile_case_files(&files, &refs).unwrap_or_else(|e| panic!("{}", render(&e)));
    assert_eq!(
        parse_cases(&nimo_model::case::cases_json(&compiled)).unwrap(),
        real_cases()
    );
    assert_eq!(compiled.len(), files.cases.len());
    assert!(compiled.len() >= 5, "at least five cases");
}

#[test]
fn every_path_of_every_real_case_reaches_an_ending_in_six_to_twelve_decisions() {
    for case in real_cases() {
        let paths = walk_all_paths(&case);
        let mut endings = BTreeSet::new();
        for path in &paths {
            let PathEnd::Ending(ending) = &path.end else {
                panic!("{}: {:?} stops at {:?}", case.id, path.nodes, path.end)
            };
            endings.insert(ending.clone());
            assert!(
                (MIN_DECISIONS..=MAX_DECISIONS).contains(&path.decisions()),
                "{}: {} decisions on {:?}",
                case.id,
                path.decisions(),
                path.nodes
            );
            // Replaying the enumerated choices as a stored play lands on the same ending.
            let walk = Walk::replay_choices(&case, path.role.as_deref(), &path.choices);
            assert!(
                walk.ended && &walk.current == ending,
                "{}: replay of {:?}",
                case.id,
                path.choices
            );
        }
        assert_eq!(
            endings.len(),
            case.endings().count(),
            "{}: every ending is reachable",
            case.id
        );
        let stats = case_stats(&case);
        println!(
            "{}: nodes {}, decisions {}, endings {}, paths {}, decisions per path {}–{}",
            case.id,
            stats.nodes,
            stats.decisions,
            stats.endings,
            stats.paths,
            stats.min_decisions,
            stats.max_decisions
        );
    }
}

#[test]
fn real_cases_name_sources_and_give_substantive_feedback() {
    for case in real_cases() {
        assert!(!case.sources.is_empty(), "{} names its 出典", case.id);
        assert!(
            case.endings().count() >= 3,
            "{} has several endings",
            case.id
        );
        for node in &case.nodes {
            assert!(node.ending || (2..=4).contains(&node.options.len()));
            for option in &node.options {
                assert!(
                    option.feedback.chars().count() >= 60,
                    "{}/{}: feedback too thin: {}",
                    case.id,
                    node.id,
                    option.feedback
                );
                assert!(
                    !option.feedback.contains("正解です"),
                    "{}/{}",
                    case.id,
                    node.id
                );
                assert!(!option.cites.is_empty());
            }
            if node.ending {
                assert!(
                    node.debrief.chars().count() >= 80,
                    "{}/{}: debrief too thin",
                    case.id,
                    node.id
                );
            }
        }
        let used_principles = case.principles.len();
        assert!(used_principles >= 4, "{} cites several principles", case.id);
    }
}

#[test]
fn real_principles_cover_the_sources_lists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let text = std::fs::read_to_string(root.join("cases/principles.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let principles = table["principles"].as_array().unwrap();
    let count = |group: &str| {
        principles
            .iter()
            .filter(|p| p["group"].as_str() == Some(group))
            .count()
    };
    assert_eq!(count("連携の基本姿勢"), 7);
    assert_eq!(count("連携の鉄則"), 1);
    assert_eq!(count("5つのステップ"), 5);
    assert_eq!(count("本当にそうかな?"), 4);
    assert!(count("関係機関の役割") >= 4);
}

// ---- the engine on the mini case ----

#[test]
fn effects_and_conditions_shape_the_walk() {
    let case = mini();
    let mut play = CasePlay::new(Some("shi".into()));
    // Without 訪問 (trust 1 + 1 = 2 only if d2 gathers agencies), d5's first option is hidden.
    play.choose(&case, 1).unwrap(); // 書類だけ: days 14, trust 0
    play.choose(&case, 0).unwrap(); // 関係機関を集める: trust 1
    play.choose(&case, 1).unwrap(); // 待つ
    let walk = play.choose(&case, 0).unwrap(); // 協議の場に報告する
    assert_eq!(walk.current, "d5");
    assert_eq!(walk.state["trust"], 1);
    assert_eq!(walk.state["days"], 14);
    let offered: Vec<u32> = walk.options(&case).iter().map(|(i, _)| *i).collect();
    assert_eq!(
        offered,
        vec![1],
        "trust 1 hides the option that needs trust ≥ 2"
    );
    assert!(walk.notes(&case).is_empty());
    assert_eq!(play.choose(&case, 0), Err(PlayError::Unavailable));
    play.choose(&case, 1).unwrap();
    let walk = play.choose(&case, 0).unwrap();
    assert!(walk.ended);
    assert_eq!(
        walk.current, "end-fair",
        "trust below 3 takes the option's plain next"
    );
    assert_eq!(play.endings_reached, vec!["end-fair".to_string()]);
    assert_eq!(play.choose(&case, 0), Err(PlayError::Ended));
}

#[test]
fn routes_pick_the_ending_by_state_and_notes_follow_state() {
    let case = mini();
    let walk = Walk::replay_choices(&case, Some("shi"), &[0, 0, 2, 0]);
    assert_eq!(walk.state["trust"], 3);
    assert_eq!(walk.notes(&case).len(), 1, "the trust note shows");
    let walk = Walk::replay_choices(&case, Some("shi"), &[0, 0, 2, 0, 0, 0]);
    assert_eq!(walk.current, "end-good");
    assert_eq!(walk.steps.len(), 6);
    assert_eq!(walk.steps[0].state["days"], 3);
    assert_eq!(walk.steps[5].label, "退院を支える");
}

#[test]
fn roles_restrict_options_and_notes_and_are_required() {
    let case = mini();
    let walk = Walk::replay_choices(&case, Some("hokenjo"), &[0, 0]);
    assert_eq!(walk.options(&case).len(), 3);
    let walk = Walk::replay_choices(&case, Some("shi"), &[0, 0]);
    assert_eq!(
        walk.options(&case)
            .iter()
            .map(|(i, _)| *i)
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(
        Walk::replay_choices(&case, Some("shi"), &[])
            .notes(&case)
            .len(),
        1
    );
    assert!(
        Walk::replay_choices(&case, Some("hokenjo"), &[])
            .notes(&case)
            .is_empty()
    );

    let mut no_role = CasePlay::new(None);
    assert_eq!(no_role.choose(&case, 0), Err(PlayError::RoleNeeded));
    let unknown = Walk::replay_choices(&case, Some("byoin-psw"), &[0, 0]);
    assert!(
        unknown.needs_role && unknown.steps.is_empty(),
        "a role this case does not offer asks again"
    );
    // The 保健所-only option chosen, then replayed as 市: the replay stops there.
    let stale = Walk::replay_choices(&case, Some("shi"), &[0, 0, 0, 0]);
    assert_eq!(stale.steps.len(), 2);
}

#[test]
fn back_and_restart() {
    let case = mini();
    let mut play = CasePlay::new(Some("hokenjo".into()));
    assert!(!play.back(&case));
    play.choose(&case, 0).unwrap();
    play.choose(&case, 1).unwrap();
    assert!(play.back(&case));
    assert_eq!(play.choices, vec![0]);
    assert_eq!(play.walk(&case).current, "d2");
    for choice in [0, 0, 0, 0, 1] {
        play.choose(&case, choice).unwrap();
    }
    assert_eq!(play.walk(&case).current, "end-poor");
    assert!(play.back(&case), "one step back from an ending");
    assert_eq!(play.walk(&case).current, "d6");
    play.choose(&case, 0).unwrap();
    play.restart(Some("shi".into()));
    assert_eq!(play.choices, Vec::<u32>::new());
    assert_eq!(play.role.as_deref(), Some("shi"));
    assert_eq!(
        play.endings_reached.len(),
        2,
        "endings reached survive a restart"
    );
    assert_eq!(play.completed.len(), 2);
    assert_eq!(
        play.completed[0],
        CompletedPath {
            role: Some("hokenjo".into()),
            choices: vec![0, 0, 0, 0, 0, 1],
            ending: "end-poor".into()
        }
    );
}

#[test]
fn stale_plays_replay_up_to_the_first_choice_that_no_longer_fits() {
    let case = mini();
    let play = CasePlay {
        role: Some("shi".into()),
        choices: vec![0, 0, 7, 1, 1],
        ..CasePlay::default()
    };
    let walk = play.walk(&case);
    assert_eq!(walk.steps.len(), 2);
    assert_eq!(walk.current, "d3");
    // Choosing drops the stale tail first.
    let mut play = play;
    play.choose(&case, 1).unwrap();
    assert_eq!(play.choices, vec![0, 0, 1]);
    // Content changed under a finished play: an option removed, a node renamed.
    let mut changed = case.clone();
    changed
        .nodes
        .iter_mut()
        .find(|n| n.id == "d4")
        .unwrap()
        .options
        .truncate(1);
    let old = Walk::replay_choices(&changed, Some("shi"), &[0, 0, 1, 1, 1, 0]);
    assert_eq!(old.steps.len(), 3);
    changed.nodes.iter_mut().find(|n| n.id == "d2").unwrap().id = "renamed".into();
    assert_eq!(
        Walk::replay_choices(&changed, Some("shi"), &[0, 0, 1])
            .steps
            .len(),
        0
    );
    changed.start = "gone".into();
    let walk = Walk::replay_choices(&changed, Some("shi"), &[0]);
    assert!(walk.steps.is_empty() && !walk.ended && walk.options(&changed).is_empty());
}

#[test]
fn completed_paths_keep_the_last_twenty_and_endings_once() {
    let case = mini();
    let mut play = CasePlay::new(Some("shi".into()));
    for round in 0..(MAX_COMPLETED_PATHS + 3) {
        play.restart(Some("shi".into()));
        for choice in [0, 0, 1, 0, 1] {
            play.choose(&case, choice).unwrap();
        }
        play.choose(&case, (round % 2) as u32).unwrap();
    }
    assert_eq!(play.completed.len(), MAX_COMPLETED_PATHS);
    assert_eq!(
        play.endings_reached,
        vec!["end-poor".to_string(), "end-fair".to_string()]
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
    );
    let json = serde_json::to_string(&play).unwrap();
    assert_eq!(serde_json::from_str::<CasePlay>(&json).unwrap(), play);
    assert_eq!(
        serde_json::from_str::<CasePlay>("{}").unwrap(),
        CasePlay::default()
    );
}

#[test]
fn the_debrief_scores_and_lists_principles_by_its_rules() {
    let case = mini();
    let mut play = CasePlay::new(Some("shi".into()));
    play.endings_reached.push("end-poor".into());
    let mut walk = play.walk(&case);
    assert!(
        debrief(&case, &walk, &play).is_none(),
        "no debrief before an ending"
    );
    for choice in [0, 1, 2, 0, 0, 0] {
        walk = play.choose(&case, choice).unwrap();
    }
    let d = debrief(&case, &walk, &play).unwrap();
    assert_eq!(d.ending, "end-good");
    assert_eq!(d.path.len(), 6);
    let score = |id: &str| {
        d.scores
            .iter()
            .find(|s| s.id == id)
            .map(|s| (s.points, s.max))
            .unwrap()
    };
    assert_eq!(score("honnin"), (4, 4));
    assert_eq!(
        score("renkei"),
        (0, 3),
        "d2 chose -1 of 2; d3 as 市 offers no 連携 points; d6 1 of 1"
    );
    assert_eq!(score("sokuou"), (1, 1));
    assert_eq!(score("chiiki"), (2, 2));
    let ids = |refs: &[nimo_model::case::PrincipleRef]| {
        refs.iter().map(|p| p.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&d.shown), vec!["p-honnin", "p-chiiki", "p-renkei"]);
    // p-tessoku: cited by a harmful choice; p-renkei (the better option at d2) was shown later, so it is not missed.
    assert_eq!(ids(&d.missed), vec!["p-tessoku"]);
    assert_eq!(d.lessons, vec!["lesson-b", "lesson-a", "lesson-c"]);
    assert_eq!(d.worksheets, vec!["group-work"]);
    let endings: Vec<(String, bool, bool)> = d
        .endings
        .iter()
        .map(|e| (e.id.clone(), e.reached_now, e.reached_ever))
        .collect();
    assert_eq!(
        endings,
        vec![
            ("end-good".into(), true, true),
            ("end-fair".into(), false, false),
            ("end-poor".into(), false, true)
        ]
    );
}

#[test]
fn a_better_option_not_taken_is_missed() {
    let case = mini();
    let walk = Walk::replay_choices(&case, Some("hokenjo"), &[1, 1, 1, 1, 1, 1]);
    let d = debrief(&case, &walk, &CasePlay::default()).unwrap();
    let missed: Vec<&str> = d.missed.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        missed,
        vec!["p-honnin", "p-tessoku", "p-renkei", "p-chiiki"]
    );
    assert!(d.shown.is_empty());
    assert_eq!(d.ending, "end-poor");
}

#[test]
fn walk_all_paths_enumerates_per_role() {
    let case = mini();
    let paths = walk_all_paths(&case);
    let count = |role: &str| {
        paths
            .iter()
            .filter(|p| p.role.as_deref() == Some(role))
            .count()
    };
    // d3 offers 3 options to 保健所 and 2 to 市; d5 offers 1 or 2 depending on trust.
    assert!(count("hokenjo") > count("shi"));
    assert!(
        paths
            .iter()
            .all(|p| p.decisions() == 6 && matches!(p.end, PathEnd::Ending(_)))
    );
    let stats = case_stats(&case);
    assert_eq!((stats.nodes, stats.decisions, stats.endings), (9, 6, 3));
    assert_eq!((stats.min_decisions, stats.max_decisions), (6, 6));
    assert_eq!(stats.paths, paths.len());
}

#[test]
fn choice_counts_and_their_csv() {
    let mut case = mini();
    case.title = "事例, \"引用\"".into();
    let a = CasePlay {
        role: Some("shi".into()),
        choices: vec![0, 0, 2, 0, 0, 0],
        ..CasePlay::default()
    };
    let b = CasePlay {
        role: Some("shi".into()),
        choices: vec![1, 0],
        ..CasePlay::default()
    };
    let finished = CasePlay {
        role: Some("hokenjo".into()),
        completed: vec![CompletedPath {
            role: Some("hokenjo".into()),
            choices: vec![0, 0, 0, 0, 1, 1],
            ending: "end-poor".into(),
        }],
        ..CasePlay::default()
    };
    let untouched = CasePlay::new(Some("shi".into()));
    let counts = choice_counts(&case, &[&a, &b, &finished, &untouched]);
    assert_eq!(counts.players, 3);
    let d1 = &counts.decisions[0];
    assert_eq!((d1.options[0].count, d1.options[1].count), (2, 1));
    let d2 = &counts.decisions[1];
    assert_eq!(d2.options[0].count, 3);
    let endings: Vec<u32> = counts.endings.iter().map(|e| e.count).collect();
    assert_eq!(endings, vec![1, 0, 1]);
    let csv = csv_choice_counts(&[counts]);
    assert!(
        csv.starts_with("\u{feff}事例,種類,判断の場面,選択肢・結末,人数\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\"事例, \"\"引用\"\"\",判断,場面1,本人に会う,2\r\n"),
        "{csv}"
    );
    assert!(csv.contains(",結末,,よい結末,1\r\n"), "{csv}");
    assert!(csv.ends_with("\r\n") && !csv.replace("\r\n", "").contains('\n'));
}

#[test]
fn choice_counts_take_the_first_finished_run_and_every_ending_reached() {
    let case = mini();
    let replayer = CasePlay {
        role: Some("hokenjo".into()),
        choices: vec![1],
        endings_reached: vec!["end-poor".into(), "end-good".into()],
        completed: vec![
            CompletedPath {
                role: Some("hokenjo".into()),
                choices: vec![0, 0, 0, 0, 1, 1],
                ending: "end-poor".into(),
            },
            CompletedPath {
                role: Some("hokenjo".into()),
                choices: vec![0, 0, 2, 0, 0, 0],
                ending: "end-good".into(),
            },
        ],
    };
    let counts = choice_counts(&case, &[&replayer]);
    assert_eq!(counts.players, 1);
    assert_eq!(
        (
            counts.decisions[0].options[0].count,
            counts.decisions[0].options[1].count
        ),
        (1, 0),
        "the first run, not the replay in progress"
    );
    let reached: Vec<(&str, u32)> = counts
        .endings
        .iter()
        .map(|e| (e.id.as_str(), e.count))
        .collect();
    assert!(
        reached.contains(&("end-poor", 1)) && reached.contains(&("end-good", 1)),
        "{reached:?}"
    );
}

#[test]
fn parse_cases_rejects_other_json() {
    assert!(matches!(
        parse_cases("not json"),
        Err(CaseError::NotJson(_))
    ));
    assert_eq!(
        parse_cases(r#"{"format":"other","cases":[]}"#),
        Err(CaseError::WrongFormat)
    );
}

proptest! {
    #[test]
    fn any_stored_play_replays_without_panicking(case_index in 0usize..5, role in 0usize..5, choices in proptest::collection::vec(0u32..6, 0..16)) {
        let cases = real_cases();
        let Some(case) = cases.get(case_index % cases.len().max(1)) else { return Ok(()) };
        let roles = ["hokenjo", "shi", "sodan", "byoin-psw", "unknown"];
        let mut play = CasePlay { role: Some(roles[role].into()), choices, ..CasePlay::default() };
        let walk = play.walk(case);
        prop_assert!(walk.steps.len() <= play.choices.len());
        prop_assert!(walk.steps.len() <= MAX_DECISIONS);
        let _ = debrief(case, &walk, &play);
        if let Some((index, _)) = walk.options(case).first() {
            prop_assert!(play.choose(case, *index).is_ok());
        }
        play.back(case);
    }
}

// ---- one test per validation error ----

#[test]
fn the_mini_case_compiles() {
    compile_mini(MINI).unwrap_or_else(|e| panic!("{}", render(&e)));
}

#[test]
fn toml_syntax_errors_name_the_line() {
    let text = replaced("title = \"場面3\"", "title = 場面3");
    assert_error(
        &mini_errors(&text),
        MINI_PATH,
        line_of(&text, "title = 場面3"),
        "TOML",
    );
}

#[test]
fn duplicate_node_ids_are_reported_at_the_second_node() {
    let text = replaced("id = \"d4\"", "id = \"d3\"");
    let second = text.match_indices("id = \"d3\"").nth(1).unwrap().0;
    assert_error(
        &mini_errors(&text),
        MINI_PATH,
        1 + text[..second].matches('\n').count() - 1,
        "IDが重複",
    );
}

#[test]
fn an_option_leading_nowhere_is_reported_at_the_option() {
    let text = replaced(
        "next = \"d5\"\nfeedback = \"地域の課題になる\"",
        "next = \"d9\"\nfeedback = \"地域の課題になる\"",
    );
    assert_error(
        &mini_errors(&text),
        MINI_PATH,
        option_line(&text, "協議の場に報告する"),
        "行き先の場面「d9」がありません",
    );
}

#[test]
fn a_decision_needs_two_to_four_options() {
    let one = replaced(
        "[[nodes.options]]\nlabel = \"報告しない\"\nnext = \"d5\"\nfeedback = \"個別で終わる\"\ncites = [\"p-chiiki\"]\nscores = { chiiki = -1 }\n",
        "",
    );
    assert_error(
        &mini_errors(&one),
        MINI_PATH,
        node_line(&one, "d4"),
        "2〜4個",
    );
    let extra = "[[nodes.options]]\nlabel = \"追加\"\nnext = \"d5\"\nfeedback = \"追加\"\ncites = [\"p-chiiki\"]\n\n";
    let five = replaced(
        "[[nodes.options]]\nlabel = \"報告しない\"",
        &format!(
            "{}[[nodes.options]]\nlabel = \"報告しない\"",
            extra.repeat(3)
        ),
    );
    assert_error(
        &mini_errors(&five),
        MINI_PATH,
        node_line(&five, "d4"),
        "（5個あります）",
    );
}

#[test]
fn feedback_must_cite_a_known_principle_or_lesson() {
    let none = replaced("cites = [\"p-tessoku\", \"lesson-b\"]", "cites = []");
    assert_error(
        &mini_errors(&none),
        MINI_PATH,
        option_line(&none, "一人で抱える"),
        "cites に原則IDか講義ID",
    );
    let unknown = replaced(
        "cites = [\"p-tessoku\", \"lesson-b\"]",
        "cites = [\"lesson-z\"]",
    );
    assert_error(
        &mini_errors(&unknown),
        MINI_PATH,
        option_line(&unknown, "一人で抱える"),
        "「lesson-z」は原則",
    );
    let empty = replaced("feedback = \"争いの種になる\"", "feedback = \"\"");
    assert_error(
        &mini_errors(&empty),
        MINI_PATH,
        option_line(&empty, "一人で抱える"),
        "feedback",
    );
}

#[test]
fn state_variables_must_be_declared() {
    let effect = replaced(
        "effects = { trust = 1, days = 3 }",
        "effects = { trsut = 1 }",
    );
    assert_error(
        &mini_errors(&effect),
        MINI_PATH,
        option_line(&effect, "本人に会う"),
        "状態「trsut」は [[state]] で宣言されていません",
    );
    let condition = replaced(
        "when = [{ state = \"trust\", at_least = 2 }]\neffects",
        "when = [{ state = \"mood\", at_least = 2 }]\neffects",
    );
    assert_error(
        &mini_errors(&condition),
        MINI_PATH,
        option_line(&condition, "本人と目標を確かめる"),
        "「mood」",
    );
    let note = replaced(
        "[[nodes.notes]]\nwhen = [{ state = \"trust\"",
        "[[nodes.notes]]\nwhen = [{ state = \"mood\"",
    );
    assert_error(
        &mini_errors(&note),
        MINI_PATH,
        node_line(&note, "d5"),
        "「mood」",
    );
    let bounds = replaced(
        "when = [{ state = \"trust\", at_least = 2 }]\neffects",
        "when = [{ state = \"trust\" }]\neffects",
    );
    assert_error(
        &mini_errors(&bounds),
        MINI_PATH,
        option_line(&bounds, "本人と目標を確かめる"),
        "at_least か at_most",
    );
}

#[test]
fn roles_must_be_known_and_offered_by_the_case() {
    let unknown = replaced(
        "roles = [\"hokenjo\", \"shi\"]",
        "roles = [\"hokenjo\", \"kangoshi\"]",
    );
    assert_error(
        &mini_errors(&unknown),
        MINI_PATH,
        4,
        "役割「kangoshi」はありません",
    );
    let not_in_case = replaced(
        "roles = [\"hokenjo\"]\nscores",
        "roles = [\"sodan\"]\nscores",
    );
    assert_error(
        &mini_errors(&not_in_case),
        MINI_PATH,
        option_line(&not_in_case, "病院と調整する"),
        "この事例の roles にありません",
    );
}

#[test]
fn lessons_and_worksheets_must_exist() {
    let lesson = replaced("lessons = [\"lesson-a\"]", "lessons = [\"lesson-q\"]");
    assert_error(
        &mini_errors(&lesson),
        MINI_PATH,
        5,
        "講義「lesson-q」がありません",
    );
    let worksheet = replaced(
        "worksheets = [\"group-work\"]",
        "worksheets = [\"group-wrok\"]",
    );
    assert_error(
        &mini_errors(&worksheet),
        MINI_PATH,
        6,
        "ワークシート「group-wrok」はありません",
    );
    let sources = replaced("[[sources]]\nauthor = \"著者\"\ntitle = \"資料\"\n", "");
    assert_error(&mini_errors(&sources), MINI_PATH, 1, "出典");
}

#[test]
fn scores_use_known_dimensions_within_range() {
    let dimension = replaced("scores = { chiiki = 2 }", "scores = { chiki = 2 }");
    assert_error(
        &mini_errors(&dimension),
        MINI_PATH,
        option_line(&dimension, "協議の場に報告する"),
        "観点「chiki」",
    );
    let range = replaced("scores = { chiiki = 2 }", "scores = { chiiki = 5 }");
    assert_error(
        &mini_errors(&range),
        MINI_PATH,
        option_line(&range, "協議の場に報告する"),
        "-2〜2",
    );
}

#[test]
fn cards_use_known_kinds() {
    let text = replaced(
        "text = \"本文2\"\n",
        "text = \"本文2\"\ncards = [{ kind = \"fax\", title = \"題\", text = \"本文\" }]\n",
    );
    assert_error(
        &mini_errors(&text),
        MINI_PATH,
        node_line(&text, "d2"),
        "kind「fax」",
    );
}

#[test]
fn endings_have_a_debrief_and_no_options() {
    let text = replaced(
        "ending = true\ndebrief = \"振り返り\"\n\n[[nodes]]\nid = \"end-fair\"",
        "ending = true\n\n[[nodes]]\nid = \"end-fair\"",
    );
    assert_error(
        &mini_errors(&text),
        MINI_PATH,
        node_line(&text, "end-good"),
        "debrief",
    );
}

#[test]
fn unreachable_nodes_are_reported() {
    let text = format!(
        "{MINI}\n[[nodes]]\nid = \"orphan\"\ntitle = \"孤立\"\ntext = \"本文\"\nending = true\ndebrief = \"振り返り\"\n"
    );
    assert_error(
        &mini_errors(&text),
        MINI_PATH,
        node_line(&text, "orphan"),
        "どの道筋からも到達できません",
    );
}

#[test]
fn dead_ends_are_reported_at_the_node() {
    // As 市, with trust below 2, d5 would offer nothing.
    let text = replaced(
        "cites = [\"p-renkei\"]\n\n[[nodes]]\nid = \"d6\"",
        "cites = [\"p-renkei\"]\nroles = [\"hokenjo\"]\n\n[[nodes]]\nid = \"d6\"",
    );
    let errors = mini_errors(&text);
    assert_error(&errors, MINI_PATH, node_line(&text, "d5"), "行き止まり");
    assert_error(
        &errors,
        MINI_PATH,
        node_line(&text, "d5"),
        "市の精神保健福祉相談員",
    );
}

#[test]
fn paths_shorter_than_six_decisions_are_reported_at_the_ending() {
    let text = MINI.replacen(
        "label = \"報告しない\"\nnext = \"d5\"",
        "label = \"報告しない\"\nnext = \"end-poor\"",
        1,
    );
    assert_error(
        &mini_errors(&text),
        MINI_PATH,
        node_line(&text, "end-poor"),
        "判断4回で結末に着く道筋",
    );
}

#[test]
fn loops_and_overlong_paths_are_reported() {
    let text = replaced(
        "label = \"そのまま進める\"\nnext = \"d6\"",
        "label = \"そのまま進める\"\nnext = \"d1\"",
    );
    let errors = mini_errors(&text);
    assert!(
        errors
            .iter()
            .any(|e| e.path == MINI_PATH && e.message.contains("12回を超えても結末に着かない")),
        "{}",
        render(&errors)
    );
}

#[test]
fn options_never_offered_are_reported() {
    let text = replaced(
        "when = [{ state = \"trust\", at_least = 2 }]\neffects",
        "when = [{ state = \"trust\", at_least = 9 }]\neffects",
    );
    assert_error(
        &mini_errors(&text),
        MINI_PATH,
        option_line(&text, "本人と目標を確かめる"),
        "どの道筋でも選べません",
    );
}

#[test]
fn principles_are_checked_with_their_line() {
    let bad = PRINCIPLES
        .replacen("lesson = \"lesson-c\"", "lesson = \"lesson-x\"", 1)
        .replacen("id = \"p-tessoku\"", "id = \"p-renkei\"", 1);
    let errors = compile_cases(&principles(&bad), &[]).unwrap_err();
    let header = |id_at: usize| 1 + bad[..id_at].matches('\n').count() - 1;
    let second_renkei = bad.match_indices("id = \"p-renkei\"").nth(1).unwrap().0;
    assert_error(&errors, PRINCIPLES_PATH, header(second_renkei), "IDが重複");
    assert_error(
        &errors,
        PRINCIPLES_PATH,
        header(bad.find("id = \"p-chiiki\"").unwrap()),
        "講義「lesson-x」がありません",
    );
    let clash = PRINCIPLES.replacen("id = \"p-chiiki\"", "id = \"lesson-a\"", 1);
    let errors = compile_cases(&principles(&clash), &[]).unwrap_err();
    assert_error(
        &errors,
        PRINCIPLES_PATH,
        line_of(&clash, "id = \"lesson-a\"") - 1,
        "講義IDと同じ",
    );
}

#[test]
fn duplicate_case_ids_across_files_are_reported() {
    let other = SourceFile {
        path: "content/cases/other.toml".into(),
        text: MINI.into(),
    };
    let errors = compile_cases(&principles(PRINCIPLES), &[mini_file(MINI), other]).unwrap_err();
    assert_error(
        &errors,
        "content/cases/other.toml",
        1,
        "事例ID「mini」が重複",
    );
}
