//! The curriculum covers every topic of the source documents (the topic list is data, taken from
//! shared/SOURCES.md and the curriculum issue), and every lesson meets the lesson requirements.
#![cfg(not(target_arch = "wasm32"))]

use nimo_kenshu::content::{COURSE, glossary, lesson_content, load_all_packs};
use nimo_model::course::certificate::requirements;
use nimo_model::course::quiz::QuestionKind;
use nimo_model::course::search::{DocumentKind, SearchIndex, html_to_text};
use nimo_model::course::{LessonContent, Segment};
use nimo_model::record::LearnerRecord;
use nimo_model::record::progress::{Progress, of_module, overall};

/// (module, topic, words that a lesson of that module must all contain to cover it).
const TOPICS: &[(&str, &str, &[&str])] = &[
    (
        "zentaizo",
        "理念と構成要素",
        &[
            "医療",
            "障害福祉・介護",
            "住まい",
            "社会参加",
            "地域の助け合い",
            "教育",
        ],
    ),
    (
        "zentaizo",
        "関連する法律",
        &[
            "精神保健福祉法",
            "医療法",
            "社会福祉法",
            "障害者総合支援法",
            "介護保険法",
            "母子保健法",
            "児童福祉法",
        ],
    ),
    (
        "zentaizo",
        "圏域と三層の協議の場",
        &[
            "日常生活圏域",
            "障害保健福祉圏域",
            "バックアップ",
            "協議の場",
        ],
    ),
    (
        "zentaizo",
        "構築推進事業と構築支援事業",
        &["構築推進事業", "構築支援事業", "アドバイザー", "令和元年度"],
    ),
    ("zentaizo", "手引きの構成", &["手引き"]),
    (
        "zentaizo",
        "協議の場の機能と構造",
        &["個別支援の検討", "支援体制の整備", "地域基盤の整備", "起点"],
    ),
    (
        "zentaizo",
        "構築プロセス",
        &["地域アセスメント", "ロードマップ", "評価及び見直し"],
    ),
    (
        "zentaizo",
        "重層的な支援体制と3つのシステム",
        &[
            "地域精神医療システム",
            "地域精神保健福祉システム",
            "地域包括ケアシステム",
            "2040",
        ],
    ),
    (
        "zentaizo",
        "4要素と☆の視点",
        &[
            "保健・予防",
            "医療・保健",
            "地域・共生",
            "生活・支援",
            "規範的統合",
        ],
    ),
    (
        "kobetsu",
        "自治体業務と精神保健",
        &["高齢・介護", "生活福祉", "障害"],
    ),
    (
        "kobetsu",
        "多職種チーム",
        &["訪問看護", "相談支援専門員", "協議の場"],
    ),
    (
        "kobetsu",
        "ちいさな「にも包括」",
        &["ちいさな", "8050", "がん"],
    ),
    (
        "kobetsu",
        "65歳女性の事例",
        &["65歳", "措置入院", "転医", "地域包括支援センター"],
    ),
    (
        "kobetsu",
        "5つのステップ",
        &[
            "出会い・受けとめ",
            "個別課題の把握",
            "課題の整理",
            "協議の場の活用",
            "課題解決のための協議",
        ],
    ),
    ("kobetsu", "協議の場の活用（A圏域・B市）", &["A圏域", "B市"]),
    (
        "renkei",
        "運営要領",
        &["運営要領", "令和5年11月27日", "障発1127第9号"],
    ),
    ("renkei", "連携の基本姿勢と鉄則", &["基本姿勢", "鉄則"]),
    (
        "renkei",
        "連携支援が必要な対象と地域移行に必要な要素",
        &["連携支援が必要", "地域移行に必要な要素"],
    ),
    (
        "chiiki-iko",
        "地域移行支援の流れ",
        &["導入期", "初期", "中期", "後期", "地域定着期"],
    ),
    (
        "chiiki-iko",
        "関係機関の役割",
        &[
            "精神科病院",
            "地域援助事業者",
            "市町村",
            "個別支援の質の向上",
        ],
    ),
    (
        "chiiki-iko",
        "個別支援における連携と入院中の連携",
        &["顔の見える関係", "情報の連携", "人材育成", "入院中"],
    ),
    (
        "chiiki-iko",
        "地域生活期の連携",
        &["退院直後", "回復期", "危機的場面", "クライシスプラン"],
    ),
    ("chiiki-iko", "地域基盤の整備", &["地域基盤の整備"]),
    (
        "chiiki-iko",
        "連携のメリットと連携加算",
        &["メリット", "加算", "単位", "点"],
    ),
    (
        "chiiki-iko",
        "今後に向けて",
        &[
            "人材育成",
            "シラバス",
            "地域連携パス",
            "基幹相談支援センター",
            "保健所",
        ],
    ),
    (
        "chiiki-iko",
        "A市の事例",
        &["A市", "Bさん", "Cさん", "Dさん", "退院意思"],
    ),
    (
        "kanmin",
        "御用聞きと根回し・コアチーム",
        &["御用聞き", "根回し", "コアチーム"],
    ),
    (
        "kanmin",
        "ボトムアップ型とブレイクダウン型",
        &["ボトムアップ", "ブレイクダウン"],
    ),
    (
        "kanmin",
        "地域共生社会と社会福祉法",
        &["地域共生社会", "第4条", "第106条の3", "第106条の4", "473"],
    ),
    ("kanmin", "「本当にそうかな?」", &["本当にそうかな"]),
    (
        "kanmin",
        "複合的な課題と中間とりまとめ",
        &["8050", "ヤングケアラー", "中間とりまとめ", "令和7年5月28日"],
    ),
    (
        "kanmin",
        "基幹・拠点・協議会と○○づくり",
        &[
            "基幹相談支援センター",
            "地域生活支援拠点等",
            "協議会",
            "づくり",
        ],
    ),
];

fn lesson_text(content: &LessonContent, title: &str) -> String {
    let mut text = String::from(title);
    for part in content.objectives.iter().chain(content.key_points) {
        text.push_str(part);
    }
    for segment in content.body {
        if let Segment::Html(html) = segment {
            text.push_str(&html_to_text(html));
        }
    }
    text
}

#[test]
fn every_source_topic_has_a_lesson() {
    load_all_packs();
    let mut missing = Vec::new();
    for (module, topic, words) in TOPICS {
        let covered = COURSE.lessons_of(module).any(|lesson| {
            let text = lesson_text(
                lesson_content(lesson.id).expect("every lesson has content"),
                lesson.title,
            );
            words.iter().all(|w| text.contains(w))
        });
        if !covered {
            missing.push(format!("{module}: {topic} {words:?}"));
        }
    }
    assert!(
        missing.is_empty(),
        "topics without a lesson:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_lesson_meets_the_lesson_requirements() {
    load_all_packs();
    assert!(
        (20..=30).contains(&COURSE.lessons.len()),
        "{} lessons",
        COURSE.lessons.len()
    );
    for lesson in COURSE.lessons {
        let content = lesson_content(lesson.id).expect("every lesson has content");
        let id = lesson.id;
        assert!(
            (2..=4).contains(&content.objectives.len()),
            "{id}: {} objectives",
            content.objectives.len()
        );
        assert!(!content.key_points.is_empty(), "{id}: no key points");
        assert!(!content.sources.is_empty(), "{id}: no 出典");
        assert!(
            (10..=20).contains(&lesson.minutes),
            "{id}: {} minutes",
            lesson.minutes
        );
        let questions = content.quiz.questions;
        assert!(questions.len() >= 5, "{id}: {} questions", questions.len());
        assert_eq!(
            questions.len(),
            usize::from(lesson.questions),
            "{id}: index and pack agree"
        );
        for (n, q) in questions.iter().enumerate() {
            let explained = match &q.kind {
                QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                    options.iter().all(|o| !o.explanation.trim().is_empty())
                }
                QuestionKind::TrueFalse { explanation, .. }
                | QuestionKind::Order { explanation, .. } => !explanation.trim().is_empty(),
            };
            assert!(
                explained,
                "{id} 問{}: an option or the question has no explanation",
                n + 1
            );
        }
        let kinds: std::collections::HashSet<_> = questions
            .iter()
            .map(|q| std::mem::discriminant(&q.kind))
            .collect();
        assert!(
            kinds.len() >= 2,
            "{id}: the self-check should mix question kinds"
        );
    }
}

#[test]
fn the_glossary_has_the_required_terms_and_links_to_lessons() {
    load_all_packs();
    let terms = glossary().expect("the glossary pack loads");
    assert!(terms.len() >= 50, "{} terms", terms.len());
    for required in [
        "措置入院",
        "医療保護入院",
        "630調査",
        "基幹相談支援センター",
        "地域生活支援拠点等",
        "自立支援協議会",
        "重層的支援体制整備事業",
        "8050問題",
        "ピアサポーター",
        "クライシスプラン",
        "退院後生活環境相談員",
    ] {
        assert!(
            terms
                .iter()
                .any(|t| t.term == required || t.aliases.contains(&required)),
            "{required} is missing"
        );
    }
    let linked = terms.iter().filter(|t| !t.lessons.is_empty()).count();
    assert!(
        linked * 10 >= terms.len() * 8,
        "only {linked} of {} terms are used in a lesson",
        terms.len()
    );
    let readings: Vec<&str> = terms.iter().map(|t| t.reading).collect();
    let mut sorted = readings.clone();
    sorted.sort();
    assert_eq!(readings, sorted, "the glossary is in 50音 order");
}

#[test]
fn the_right_option_is_not_always_shown_first() {
    use nimo_model::course::quiz::display_order;
    load_all_packs();
    let (mut first, mut total) = (0, 0);
    for lesson in COURSE.lessons {
        for (index, q) in lesson_content(lesson.id)
            .unwrap()
            .quiz
            .questions
            .iter()
            .enumerate()
        {
            if let QuestionKind::Single { options } = &q.kind {
                // The same seed the quiz view uses: quiz-<lesson>-<question index>.
                let shown_first =
                    display_order(&format!("quiz-{}-{index}", lesson.id), options.len())[0];
                total += 1;
                first += usize::from(options[shown_first].correct);
            }
        }
    }
    assert!(
        first * 2 < total,
        "the right answer is shown first in {first} of {total} questions"
    );
}

#[test]
fn the_certificate_needs_every_lesson_and_the_survey() {
    let mut record = LearnerRecord::new([3; 16], [4; 8]);
    let before = requirements(&COURSE, &record);
    assert_eq!(before.missing_lessons.len(), COURSE.lessons.len());
    assert!(!before.met());
    for lesson in COURSE.lessons {
        record.mark_read(lesson.id);
        record.record_attempt(lesson.id, vec![], 100);
    }
    assert!(requirements(&COURSE, &record).missing_lessons.is_empty());
    assert!(
        !requirements(&COURSE, &record).met(),
        "the survey is still missing"
    );
    record.mark_survey_exported("2026-11-21");
    let after = requirements(&COURSE, &record);
    assert!(after.met());
    assert_eq!(after.survey_exported_on.as_deref(), Some("2026-11-21"));
}

#[test]
fn progress_counts_done_lessons_of_the_real_course() {
    let mut record = LearnerRecord::new([0; 16], [0; 8]);
    let first = &COURSE.lessons[0];
    assert_eq!(overall(&COURSE, &record).done, 0);
    record.mark_read(first.id);
    record.record_attempt(first.id, vec![], 100);
    let all = overall(&COURSE, &record);
    assert_eq!((all.done, all.total), (1, COURSE.lessons.len()));
    assert_eq!(of_module(&COURSE, &record, first.module).done, 1);
    assert_eq!(
        of_module(&COURSE, &record, "no-such-module"),
        Progress { done: 0, total: 0 }
    );
}

fn course_index() -> SearchIndex {
    load_all_packs();
    SearchIndex::build(&COURSE, lesson_content, glossary().unwrap())
}

#[test]
fn glossary_terms_are_found_by_any_spelling() {
    let index = course_index();
    let hit = index
        .search("ＧＨ")
        .into_iter()
        .find(|h| h.document.kind == DocumentKind::Term)
        .expect("GH is in the glossary");
    assert_eq!(hit.document.title, "GH");
}

#[test]
fn every_width_and_kana_spelling_finds_the_same_lesson() {
    let index = course_index();
    let hrefs = |q: &str| {
        index
            .search(q)
            .iter()
            .map(|h| h.document.href.clone())
            .collect::<Vec<_>>()
    };
    let katakana = hrefs("ピアサポーター");
    assert!(!katakana.is_empty(), "the course mentions ピアサポーター");
    assert_eq!(hrefs("ぴあさぽーたー"), katakana);
    assert_eq!(hrefs("ﾋﾟｱｻﾎﾟｰﾀｰ"), katakana);
}

#[test]
fn snippet_marks_the_match_in_original_spelling() {
    let index = course_index();
    let hits = index.search("ぴあさぽーたー");
    let marked: Vec<&str> = hits[0]
        .snippet
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect();
    assert!(marked.contains(&"ピアサポーター"), "{:?}", hits[0].snippet);
}

#[test]
fn all_words_must_match() {
    let index = course_index();
    assert!(index.search("保健所 存在しない語句ｘｙｚ").is_empty());
    assert!(index.search("   ").is_empty());
    let both = index.search("保健所 市町村");
    assert!(!both.is_empty());
    assert!(both.len() <= index.search("保健所").len());
}
