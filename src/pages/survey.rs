//! `#/survey`: the 効果測定アンケート, every question optional, saved as it is answered, exported as an
//! anonymous JSON file.

use crate::browser;
use crate::components::backup_reminder::BackupReminder;
use crate::components::qr_handoff::{Handoff, QrHandoff};
use crate::components::session_code::SessionCode;
use crate::content::{COURSE, SURVEY};
use crate::model::route::Route;
use crate::model::survey::{
    QuestionAnswer, SurveyExport, SurveyKind, SurveyQuestion, normalise_session_code,
};
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn SurveyPage() -> impl IntoView {
    browser::set_document_title(SURVEY.title);
    let state = expect_context::<AppState>();
    let answered = move || {
        state.record.with(|r| {
            SURVEY
                .questions
                .iter()
                .filter(|q| q.answered(r.survey_answer(q.id)))
                .count()
        })
    };
    let questions = SURVEY
        .questions
        .iter()
        .map(|question| view! { <SurveyQuestionView question /> })
        .collect_view();
    view! {
        <h1>{SURVEY.title}</h1>
        <p class="lead">{SURVEY.intro}</p>
        <SessionCode />
        <p class="survey__progress" role="status" data-testid="survey-progress">
            {move || format!("{}問中 {}問に回答しました。", SURVEY.questions.len(), answered())}
        </p>
        <ol class="survey">{questions}</ol>
        <SurveyExportSection />
    }
}

fn edit(
    state: AppState,
    question: &'static SurveyQuestion,
    change: impl FnOnce(&mut QuestionAnswer),
) {
    state.edit(|r| r.edit_survey(question.id, change));
}

#[component]
fn SurveyQuestionView(question: &'static SurveyQuestion) -> impl IntoView {
    let state = expect_context::<AppState>();
    let answer = move || {
        state
            .record
            .with(|r| r.survey_answer(question.id).cloned().unwrap_or_default())
    };
    let body = match question.kind {
        SurveyKind::Single => view! { <ChoiceGroup question item="" /> }.into_any(),
        SurveyKind::Matrix => question
            .items
            .iter()
            .map(|item| {
                view! {
                    <fieldset class="survey__item">
                        <legend>{item.label}</legend>
                        <ChoiceGroup question item=item.id />
                    </fieldset>
                }
            })
            .collect_view()
            .into_any(),
        SurveyKind::Multiple => view! { <MultipleChoice question /> }.into_any(),
        SurveyKind::Text => {
            let id = format!("{}-text", question.id);
            view! {
                <label class="visually-hidden" for=id.clone()>{question.number}</label>
                <textarea id=id rows="4"
                    prop:value=move || answer().text
                    on:input=move |ev| { let v = event_target_value(&ev); edit(state, question, |a| a.text = v) }
                ></textarea>
            }
            .into_any()
        }
    };
    let reason_id = format!("{}-reason", question.id);
    let reason = move || {
        question.wants_reason(&answer()).then(|| {
            let reason_id = reason_id.clone();
            view! {
                <div class="survey__reason">
                    <label for=reason_id.clone()>{question.reason_label}</label>
                    <textarea id=reason_id rows="3" data-testid=format!("{}-reason", question.id)
                        prop:value=move || answer().reason
                        on:input=move |ev| { let v = event_target_value(&ev); edit(state, question, |a| a.reason = v) }
                    ></textarea>
                </div>
            }
        })
    };
    view! {
        <li class="survey__question" data-testid=format!("survey-{}", question.id)>
            <fieldset>
                <legend><span class="survey__number">{question.number}</span> " " {question.text}</legend>
                {body}
                {reason}
            </fieldset>
        </li>
    }
}

/// Radio buttons for a single question, or for one item of a matrix question; can be cleared, since
/// leaving a question unanswered is a real answer (無回答).
#[component]
fn ChoiceGroup(question: &'static SurveyQuestion, item: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = move || {
        state.record.with(|r| {
            let answer = r.survey_answer(question.id)?;
            if item.is_empty() {
                answer.choice.clone()
            } else {
                answer.items.get(item).cloned()
            }
        })
    };
    let set = move |value: Option<String>| {
        edit(state, question, |a| {
            if item.is_empty() {
                a.choice = value;
            } else if let Some(v) = value {
                a.items.insert(item.to_owned(), v);
            } else {
                a.items.remove(item);
            }
        })
    };
    let name = format!("{}-{item}", question.id);
    let options = question
        .options
        .iter()
        .map(|option| {
            view! {
                <label class="choice">
                    <input type="radio" name=name.clone()
                        prop:checked=move || chosen().as_deref() == Some(option.id)
                        on:change=move |_| set(Some(option.id.to_owned()))
                    />
                    {option.label}
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="survey__options">{options}</div>
        <Show when=move || chosen().is_some()>
            <button type="button" class="button button--quiet button--small-text" on:click=move |_| set(None)>
                "選択を取り消す"
            </button>
        </Show>
    }
}

#[component]
fn MultipleChoice(question: &'static SurveyQuestion) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ticked = move |id: &str| {
        state.record.with(|r| {
            r.survey_answer(question.id)
                .is_some_and(|a| a.choices.iter().any(|c| c == id))
        })
    };
    let options = question
        .options
        .iter()
        .map(|option| {
            let toggle = move |_| {
                edit(state, question, |a| match a.choices.iter().position(|c| c == option.id) {
                    Some(at) => {
                        a.choices.remove(at);
                    }
                    None => {
                        a.choices.push(option.id.to_owned());
                        // Stored in the survey's own order, whatever order the boxes were ticked in.
                        a.choices.sort_by_key(|c| question.options.iter().position(|o| o.id == c));
                    }
                })
            };
            let other_box = option.other.then(|| {
                let id = format!("{}-other", question.id);
                view! {
                    <Show when=move || ticked(option.id)>
                        <label class="survey__other" for=id.clone()>"その他の内容"</label>
                        <input id=id.clone() type="text"
                            prop:value=move || state.record.with(|r| r.survey_answer(question.id).map(|a| a.other.clone()).unwrap_or_default())
                            on:input=move |ev| { let v = event_target_value(&ev); edit(state, question, |a| a.other = v) }
                        />
                    </Show>
                }
            });
            view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=move || ticked(option.id) on:change=toggle />
                    {option.label}
                </label>
                {other_box}
            }
        })
        .collect_view();
    view! { <div class="survey__options">{options}</div> }
}

#[component]
fn SurveyExportSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let outcome = RwSignal::new(None::<Result<String, String>>);
    // The file, the xAPI file and the QR codes carry the same export.
    let make_export = move |today| {
        state.record.with_untracked(|r| {
            SurveyExport::new(
                &SURVEY,
                COURSE.version,
                r.session_code(),
                today,
                &r.respondent_id,
                &r.survey_answers(),
            )
        })
    };
    let export = move |_| {
        let today = browser::today();
        let export = make_export(today);
        let result = browser::download(&export.file_name(), "application/json", &export.to_json())
            .map(|()| {
                state.edit(|r| r.mark_survey_exported(&today.to_string()));
                format!(
                    "「{}」を書き出しました。講師の指示に従って提出してください。",
                    export.file_name()
                )
            })
            .map_err(|e| format!("書き出せませんでした（{e}）"));
        outcome.set(Some(result));
    };
    let export_xapi = move |_| {
        let export = make_export(browser::today());
        let name = export.file_name().replace(".json", "-xapi.json");
        let result = browser::download(
            &name,
            "application/json",
            &crate::model::survey::xapi::statements_json(&SURVEY, &export),
        )
        .map(|()| {
            format!("「{name}」を書き出しました（xAPI 形式。LRS に取り込む場合に使います）。")
        })
        .map_err(|e| format!("書き出せませんでした（{e}）"));
        outcome.set(Some(result));
    };
    let handoff = Callback::new(move |()| {
        let export = make_export(browser::today());
        Ok(Handoff {
            file_name: export.file_name(),
            json: export.to_json(),
        })
    });
    let handed_in = Callback::new(move |()| {
        let today = browser::today();
        state.edit(|r| r.mark_survey_exported(&today.to_string()));
    });
    let code_note = move || {
        let code = state
            .record
            .with(|r| normalise_session_code(r.session_code()));
        if code.is_empty() {
            "研修コードなし".to_owned()
        } else {
            format!("研修コード: {code}")
        }
    };
    view! {
        <section class="survey__export" aria-labelledby="survey-export-title">
            <h2 id="survey-export-title">"回答を書き出す"</h2>
            <p>
                "回答は無記名です。書き出すファイルには、名前や時刻は含まれず、書き出した日付と、このブラウザで作った番号（回答の重複を数えないため）だけが入ります。"
            </p>
            <p class="survey__code-note">{code_note}</p>
            <button type="button" class="button" on:click=export data-testid="survey-export">"アンケート結果を書き出す"</button>
            <button type="button" class="button button--quiet" on:click=export_xapi data-testid="survey-export-xapi">"xAPI 形式で書き出す"</button>
            <QrHandoff prefix="survey-qr" make=handoff on_shown=handed_in />
            {move || outcome.get().map(|r| match r {
                Ok(message) => view! {
                    <p class="success" role="status">{message}</p>
                    <BackupReminder milestone="アンケートを書き出しました。" />
                }.into_any(),
                Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            })}
            <p>
                "研修の前と後には、"
                <a href=Route::Assessment.href()>"事前・事後の自己評価"</a>
                "にも答えてください。すべての講義を終えてアンケートを書き出すと、"
                <a href=Route::Certificate.href()>"修了証"</a>
                "を印刷できます。"
            </p>
            <p>
                "振り返りや進み具合も含めた記録全体は、"
                <a href=Route::My.href()>"記録"</a>
                "のページから「すべての記録を書き出す」で書き出せます（こちらは本人用で、アンケートとは別のファイルです）。"
            </p>
        </section>
    }
}
