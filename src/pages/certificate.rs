//! `#/certificate`: the 修了証, printable on A4 once every lesson is done and the survey was exported.
//! The name is typed here and kept on this device only: it never enters the learner record, so no
//! export or backup carries it.

use crate::browser;
use crate::content::COURSE;
use crate::model::course::certificate::{Requirements, requirements, verification_code};
use crate::model::io::date::Day;
use crate::model::route::Route;
use crate::model::survey::normalise_session_code;
use crate::state::AppState;
use crate::storage::{load_setting, save_setting};
use leptos::prelude::*;

const NAME_KEY: &str = "nimo-kenshu:certificate-name:v1";
/// Long enough for any name with a title, short enough to stay on one printed line.
const MAX_NAME_CHARS: usize = 40;

#[component]
pub fn CertificatePage() -> impl IntoView {
    browser::set_document_title("修了証");
    let state = expect_context::<AppState>();
    let status = Memo::new(move |_| state.record.with(|r| requirements(&COURSE, r)));
    view! {
        <div class="no-print">
            <h1>"修了証"</h1>
            <p>
                "すべての講義を終え、効果測定アンケートを書き出すと、修了証を印刷できます（A4 縦）。"
                "修了証に載せる名前はこの端末にだけ保存し、アンケートや記録の書き出しには入りません。"
            </p>
        </div>
        {move || if status.with(|s| s.met()) {
            view! { <Certificate status /> }.into_any()
        } else {
            view! { <Missing status /> }.into_any()
        }}
    }
}

#[component]
fn Missing(status: Memo<Requirements>) -> impl IntoView {
    let lessons = move || {
        let s = status.get();
        let done = s.lessons_total - s.missing_lessons.len();
        let missing = (!s.missing_lessons.is_empty()).then(|| {
            let items = s
                .missing_lessons
                .iter()
                .filter_map(|id| COURSE.lessons.iter().find(|l| l.id == *id))
                .map(|l| view! { <li><a href=Route::Lesson(l.id.to_owned()).href()>{l.title}</a></li> })
                .collect_view();
            view! {
                <details>
                    <summary>"まだ終わっていない講義"</summary>
                    <ul>{items}</ul>
                </details>
            }
        });
        view! {
            <li data-testid="cert-lessons">
                {format!("講義: {}のうち {}が終わっています。", s.lessons_total, done)}
                {missing}
            </li>
        }
    };
    let survey = move || match status.get().survey_exported_on {
        Some(day) => format!("効果測定アンケート: {day} に書き出し済みです。"),
        None => "効果測定アンケート: まだ書き出していません。".to_owned(),
    };
    view! {
        <section aria-labelledby="cert-missing-title" data-testid="cert-missing">
            <h2 id="cert-missing-title">"修了までに必要なこと"</h2>
            <p>"講義は、最後まで読み、確認問題に答えると「終わった」になります。"</p>
            <ul>
                {lessons}
                <li data-testid="cert-survey">{survey} " " <a href=Route::Survey.href()>"アンケートへ"</a></li>
            </ul>
        </section>
    }
}

#[component]
fn Certificate(status: Memo<Requirements>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(load_setting(NAME_KEY).unwrap_or_default());
    let on_name = move |ev: leptos::ev::Event| {
        let typed: String = event_target_value(&ev)
            .chars()
            .take(MAX_NAME_CHARS)
            .collect();
        save_setting(NAME_KEY, &typed);
        name.set(typed);
    };
    let facts = move || {
        let completed = status.with(|s| {
            s.survey_exported_on
                .as_deref()
                .and_then(Day::parse)
                .map(Day::japanese)
                .unwrap_or_default()
        });
        state.record.with(|r| {
            let session = normalise_session_code(r.session_code());
            (
                completed,
                session.clone(),
                verification_code(&r.respondent_id, &session),
            )
        })
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <section class="no-print" aria-labelledby="cert-name-title">
            <h2 id="cert-name-title">"名前を入れて印刷する"</h2>
            <div class="survey__code">
                <label for="cert-name">"修了証に載せる名前"</label>
                <input id="cert-name" type="text" autocomplete="name" prop:value=move || name.get() on:input=on_name data-testid="cert-name" />
            </div>
            <p>
                <button type="button" class="button" on:click=print data-testid="cert-print">"印刷する（A4）"</button>
            </p>
            <p class="note">
                "確認コードは、あなたが書き出したアンケートから講師が計算できる短い符号です。講師は「アンケートの集計」でこのコードを入力し、修了証とアンケートの書き出しが同じ人のものか確かめられます。"
            </p>
        </section>
        <article class="certificate" aria-label="修了証" data-testid="certificate">
            <p class="certificate__title">"修了証"</p>
            <p class="certificate__name" data-testid="cert-printed-name">
                {move || { let n = name.get(); if n.trim().is_empty() { "（名前）".to_owned() } else { n } }}
                <span class="certificate__honorific">" 様"</span>
            </p>
            <p class="certificate__body">
                "あなたは「" {COURSE.title} "」のすべての講義を修了し、効果測定アンケートに回答されたことを証します。"
            </p>
            <dl class="certificate__facts">
                <dt>"研修"</dt><dd>{COURSE.title} "（精神障害にも対応した地域包括ケアシステムの構築に携わる人のための研修）"</dd>
                <dt>"研修コード"</dt><dd data-testid="cert-session">{move || { let s = facts().1; if s.is_empty() { "なし".to_owned() } else { s } }}</dd>
                <dt>"修了日"</dt><dd data-testid="cert-date">{move || facts().0}</dd>
                <dt>"確認コード"</dt><dd class="certificate__code" data-testid="cert-code">{move || facts().2}</dd>
            </dl>
            <p class="certificate__version">"教材の版: " {COURSE.version}</p>
        </article>
    }
}
