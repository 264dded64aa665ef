//! `#/assessment`: the 事前・事後の自己評価. The trainee rates the same statements before and after the
//! course, under a pairing code of their own, and exports each phase for the instructor.

use crate::browser;
use crate::components::qr_handoff::{Handoff, QrHandoff};
use crate::components::session_code::SessionCode;
use crate::content::{COURSE, self_assessment};
use crate::model::assessment::{
    AssessmentExport, Phase, SelfAssessment, Statement, answer, code_problem, exported_on,
    generate_pairing_code, mark_exported, pairing_code, set_answer, set_pairing_code,
};
use crate::model::route::Route;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn AssessmentPage() -> impl IntoView {
    browser::set_document_title("事前・事後の自己評価");
    let state = expect_context::<AppState>();
    let assessment = self_assessment();
    // Once the pre phase has been handed in, the trainee is most likely back for the post phase.
    let phase = RwSignal::new(
        if state
            .record
            .with_untracked(|r| exported_on(r, Phase::Pre).is_some())
        {
            Phase::Post
        } else {
            Phase::Pre
        },
    );
    let intro = assessment
        .intro
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| view! { <p>{l.to_owned()}</p> })
        .collect_view();
    let phase_choice = Phase::ALL
        .into_iter()
        .map(|p| {
            let done = move || state.record.with(|r| exported_on(r, p)).map(|d| format!("（{d} に書き出し済み）"));
            view! {
                <label class="choice">
                    <input type="radio" name="sa-phase" prop:checked=move || phase.get() == p on:change=move |_| phase.set(p) data-testid=format!("sa-phase-{}", p.key()) />
                    {format!("{}（研修の{}）", p.label(), if p == Phase::Pre { "前" } else { "後" })}
                    <span class="muted">{done}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <h1>{assessment.title.clone()}</h1>
        {intro}
        <PairingCode />
        <section aria-labelledby="sa-session-title">
            <h2 id="sa-session-title">"研修コード"</h2>
            <SessionCode />
        </section>
        <section aria-labelledby="sa-phase-title">
            <h2 id="sa-phase-title">"いつの回答ですか"</h2>
            <fieldset class="sa-phase">
                <legend class="visually-hidden">"回答の時期"</legend>
                {phase_choice}
            </fieldset>
            {move || view! { <Statements assessment phase=phase.get() /> }}
        </section>
        <Comparison assessment />
        <p>
            "研修のすべての講義を終え、アンケートを書き出すと、"
            <a href=Route::Certificate.href()>"修了証"</a>
            "を印刷できます。"
        </p>
    }
}

#[component]
fn PairingCode() -> impl IntoView {
    let state = expect_context::<AppState>();
    let code = move || state.record.with(|r| pairing_code(r).to_owned());
    let generate = move |_| {
        let fresh = generate_pairing_code(browser::random_bytes());
        state.edit(|r| set_pairing_code(r, &fresh));
    };
    let problem = move || {
        let code = code();
        (!code.is_empty()).then(|| code_problem(&code)).flatten()
    };
    view! {
        <section aria-labelledby="sa-code-title">
            <h2 id="sa-code-title">"照合コード"</h2>
            <p>
                "事前と事後の回答を結びつけるための、あなただけのコードです。名前の代わりに使います。"
                "紙やメモに書き留めて、事後の回答でも同じコードを使ってください（別の端末で答えるときは、同じコードを入力します）。"
                "名前・電話番号・生年月日など、あなたと分かるものは使わないでください。"
            </p>
            <div class="survey__code">
                <label for="pairing-code">"照合コード（英数字4文字以上。ハイフンは無視します）"</label>
                <input
                    id="pairing-code"
                    type="text"
                    inputmode="latin"
                    autocomplete="off"
                    prop:value=code
                    on:change=move |ev| {
                        let typed = event_target_value(&ev);
                        state.edit(|r| set_pairing_code(r, &typed));
                    }
                    data-testid="pairing-code"
                />
            </div>
            <Show when=move || code().is_empty()>
                <button type="button" class="button button--quiet" on:click=generate data-testid="pairing-generate">
                    "コードを作る"
                </button>
            </Show>
            {move || problem().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </section>
    }
}

#[component]
fn Statements(assessment: &'static SelfAssessment, phase: Phase) -> impl IntoView {
    let state = expect_context::<AppState>();
    let answered = move || {
        assessment
            .statements
            .iter()
            .filter(|s| state.record.with(|r| answer(r, phase, &s.id).is_some()))
            .count()
    };
    let items = assessment
        .statements
        .iter()
        .enumerate()
        .map(|(index, statement)| view! { <StatementView assessment phase index statement /> })
        .collect_view();
    view! {
        <p role="status" data-testid="sa-progress">
            {move || format!("{}: {}問中 {}問に回答しました", phase.label(), assessment.statements.len(), answered())}
        </p>
        <ol class="sa-statements">{items}</ol>
        <ExportPhase assessment phase />
    }
}

#[component]
fn StatementView(
    assessment: &'static SelfAssessment,
    phase: Phase,
    index: usize,
    statement: &'static Statement,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = format!("sa-{}-{}", phase.key(), statement.id);
    let legend_id = format!("{name}-legend");
    let labelled_by = legend_id.clone();
    let options = assessment
        .scale
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let value = (i + 1) as u8;
            let checked = move || state.record.with(|r| answer(r, phase, &statement.id) == Some(value));
            view! {
                <label class="choice likert__option">
                    <input
                        type="radio"
                        name=name.clone()
                        prop:checked=checked
                        on:change=move |_| state.edit(|r| set_answer(r, phase, &statement.id, value))
                    />
                    {format!("{value} {label}")}
                </label>
            }
        })
        .collect_view();
    view! {
        <li class="likert" data-testid="sa-statement">
            <fieldset aria-labelledby=labelled_by>
                <legend id=legend_id>{format!("{}. {}", index + 1, statement.text)}</legend>
                <div class="likert__options">{options}</div>
            </fieldset>
        </li>
    }
}

#[component]
fn ExportPhase(assessment: &'static SelfAssessment, phase: Phase) -> impl IntoView {
    let state = expect_context::<AppState>();
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let export = move |_| {
        let today = browser::today();
        let result = state
            .record
            .with_untracked(|r| AssessmentExport::new(assessment, r, phase, COURSE.version, today))
            .and_then(|export| {
                browser::download(&export.file_name(), "application/json", &export.to_json())
                    .map(|()| export.file_name())
                    .map_err(|e| format!("書き出せませんでした（{e}）"))
            })
            .map(|file| {
                state.edit(|r| mark_exported(r, phase, today));
                format!("「{file}」を書き出しました。講師の指示に従って提出してください。")
            });
        outcome.set(Some(result));
    };
    let handoff = Callback::new(move |()| {
        let today = browser::today();
        state
            .record
            .with_untracked(|r| AssessmentExport::new(assessment, r, phase, COURSE.version, today))
            .map(|export| Handoff {
                file_name: export.file_name(),
                json: export.to_json(),
            })
    });
    let handed_in = Callback::new(move |()| {
        let today = browser::today();
        state.edit(|r| mark_exported(r, phase, today));
    });
    view! {
        <p>
            "書き出すファイルには、照合コード・研修コード・回答・書き出した日付だけが入ります。名前や時刻は入りません。"
        </p>
        <button type="button" class="button" on:click=export data-testid="sa-export">
            {format!("{}の自己評価を書き出す", phase.label())}
        </button>
        <QrHandoff prefix="sa-qr" make=handoff on_shown=handed_in />
        {move || outcome.get().map(|r| match r {
            Ok(message) => view! { <p class="success" role="status">{message}</p> }.into_any(),
            Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        })}
    }
}

/// The trainee's own before/after, once both phases have answers: the point of the exercise for them.
#[component]
fn Comparison(assessment: &'static SelfAssessment) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        state.record.with(|r| {
            assessment
                .statements
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    match (answer(r, Phase::Pre, &s.id), answer(r, Phase::Post, &s.id)) {
                        (Some(a), Some(b)) => Some((i, s, a, b)),
                        _ => None,
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !rows().is_empty()>
            <section aria-labelledby="sa-compare-title">
                <h2 id="sa-compare-title">"事前と事後のくらべ"</h2>
                <div class="table-wrap" role="region" aria-labelledby="sa-compare-title" tabindex="0">
                <table class="report__table" data-testid="sa-comparison">
                    <thead><tr><th scope="col">"文"</th><th scope="col">"事前"</th><th scope="col">"事後"</th><th scope="col">"変化"</th></tr></thead>
                    <tbody>
                        {move || rows().into_iter().map(|(i, s, a, b)| {
                            let change = i32::from(b) - i32::from(a);
                            let change = if change > 0 { format!("+{change}") } else { change.to_string() };
                            view! { <tr><th scope="row">{format!("{}. {}", i + 1, s.text)}</th><td>{a}</td><td>{b}</td><td>{change}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            </section>
        </Show>
    }
}
