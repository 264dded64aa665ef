//! `#/my`: where my answers are kept (and whether the browser promised to keep them), backup and
//! restore, the self-assessment and certificate, and deleting everything.

use crate::browser;
use crate::components::backup_button::BackupButton;
use crate::components::download::{Download, DownloadError};
use crate::components::storage_status::StorageStatus;
use crate::model::record::backup::{Restored, check_size, parse_backup};
use crate::model::route::Route;
use crate::state::AppState;
use crate::storage::{LAST_BACKUP_KEY, PERSIST_KEY, load_setting};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

#[component]
pub fn MyPage() -> impl IntoView {
    browser::set_document_title("記録");
    let state = expect_context::<AppState>();
    let typed = move || state.record.with(|r| r.answered_text_count());
    let last_backup = RwSignal::new(load_setting(LAST_BACKUP_KEY).filter(|d| !d.is_empty()));
    let file_note = browser::is_file_protocol().then(|| {
        view! {
            <p class="note" data-testid="file-protocol-note">
                "オフライン版では、記録は「このファイルを、このブラウザで開いたとき」のものとして保存されます。"
                "別のブラウザで開いたり、ファイルを別の場所にコピーしたりすると、記録は見えません。"
                "こまめにバックアップを書き出してください。"
            </p>
        }
    });
    view! {
        <h1>"記録"</h1>
        <section aria-labelledby="where-title">
            <h2 id="where-title">"保存の状態"</h2>
            <StorageStatus />
            {file_note}
            <PersistStatus />
            <p>"書き込んだ振り返りなど: " <strong data-testid="typed-count">{typed}</strong> "件"</p>
        </section>
        <section aria-labelledby="backup-title">
            <h2 id="backup-title">"バックアップ"</h2>
            <p>"記録をすべて1つのファイル（JSON）に書き出します。別の端末やブラウザで「復元」すると続きから使えます。"</p>
            <p data-testid="last-backup">{move || match last_backup.get() {
                Some(day) => format!("前回のバックアップ: {day}"),
                None => "まだバックアップを書き出していません。".to_owned(),
            }}</p>
            <BackupButton test_id="backup-download" on_saved=Callback::new(move |day| last_backup.set(Some(day))) />
        </section>
        <section aria-labelledby="more-title">
            <h2 id="more-title">"自己評価と修了証"</h2>
            <ul>
                <li><a href=Route::Assessment.href()>"事前・事後の自己評価"</a>"（研修の前と後に、同じ文について答えます）"</li>
                <li><a href=Route::Certificate.href()>"修了証"</a>"（すべての講義を終え、アンケートを書き出すと印刷できます）"</li>
            </ul>
        </section>
        <RestoreSection />
        <SetAsideSection />
        <DeleteSection />
    }
}

/// What `navigator.storage.persist()` answered (asked by site.js when the site is served over http(s)).
#[component]
fn PersistStatus() -> impl IntoView {
    let text = if browser::is_file_protocol() {
        "オフライン版（file://）では、ブラウザに「消さずに保存する」よう求めることはできません。バックアップを書き出してください。".to_owned()
    } else {
        let stored = load_setting(PERSIST_KEY)
            .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok());
        match stored.as_ref().and_then(|v| v.get("state")).and_then(|s| s.as_str()) {
            Some("granted") => "このブラウザは、空き容量が少なくなってもこのサイトの記録を消さないと約束しています（永続保存: 許可）。".to_owned(),
            Some("denied") => "このブラウザは永続保存を許可していません。空き容量が少ないときや長く使わないときに記録が消えることがあるため、こまめにバックアップを書き出してください。".to_owned(),
            _ => "このブラウザでは永続保存を確認できませんでした。こまめにバックアップを書き出してください。".to_owned(),
        }
    };
    view! { <p data-testid="persist-status">{text}</p> }
}

#[derive(Clone)]
enum RestoreStep {
    Idle,
    Rejected {
        file: String,
        reason: String,
    },
    // Boxed: a restored record is large, and the step signal is cloned on every read.
    Ready {
        file: String,
        restored: Box<Restored>,
    },
    Done,
}

#[component]
fn RestoreSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let step = RwSignal::new(RestoreStep::Idle);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let on_pick = move |_| {
        let Some(input) = input_ref.get_untracked() else {
            return;
        };
        let input: HtmlInputElement = input;
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        if let Err(reason) = check_size(file.size() as u64) {
            step.set(RestoreStep::Rejected {
                file: name,
                reason: reason.to_string(),
            });
            return;
        }
        spawn_local(async move {
            let next = match browser::read_text(&file).await {
                Err(reason) => RestoreStep::Rejected { file: name, reason },
                Ok(text) => match parse_backup(&text) {
                    Ok(restored) => RestoreStep::Ready {
                        file: name,
                        restored: Box::new(restored),
                    },
                    Err(reason) => RestoreStep::Rejected {
                        file: name,
                        reason: reason.to_string(),
                    },
                },
            };
            step.set(next);
        });
    };
    let confirm = move |_| {
        if let RestoreStep::Ready { restored, .. } = step.get_untracked() {
            state.replace_record(restored.record);
            step.set(RestoreStep::Done);
        }
    };
    let message = move || {
        match step.get() {
        RestoreStep::Idle => None,
        RestoreStep::Rejected { file, reason } => Some(
            view! {
                <p class="error" role="alert" data-testid="restore-error">
                    "「" {file} "」は復元できません: " {reason} "。今の記録は変わっていません。"
                </p>
            }
            .into_any(),
        ),
        RestoreStep::Ready { file, restored } => Some(
            view! {
                <div class="confirm" role="group" aria-label="復元の確認">
                    <p>
                        "「" {file} "」（" {restored.exported_on.japanese()} "に書き出し、書き込み "
                        {restored.record.answered_text_count()} "件）で、今の記録を置き換えます。よろしいですか？"
                    </p>
                    <button type="button" class="button" on:click=confirm data-testid="restore-confirm">"置き換える"</button>
                    <button type="button" class="button button--quiet" on:click=move |_| step.set(RestoreStep::Idle)>"やめる"</button>
                </div>
            }
            .into_any(),
        ),
        RestoreStep::Done => Some(
            view! { <p class="success" role="status" data-testid="restore-done">"バックアップから復元しました。"</p> }.into_any(),
        ),
    }
    };
    view! {
        <section aria-labelledby="restore-title">
            <h2 id="restore-title">"バックアップから復元"</h2>
            <p>"書き出したバックアップファイルを選ぶと、内容を確かめてから今の記録と置き換えます。"</p>
            <label class="file-pick">
                "バックアップファイルを選ぶ"
                <input type="file" accept=".json,application/json" node_ref=input_ref on:change=on_pick data-testid="restore-input" />
            </label>
            <div aria-live="polite">{message}</div>
        </section>
    }
}

#[component]
fn SetAsideSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let saving = Download::new();
    let download = move |_| {
        if let Some(set_aside) = state.set_aside.get_untracked() {
            let name = format!("nimo-kenshu-unreadable-{}.txt", browser::today());
            saving.save(&name, "text/plain", &set_aside.raw);
        }
    };
    view! {
        <Show when=move || state.set_aside.with(Option::is_some)>
            <section aria-labelledby="set-aside-section-title">
                <h2 id="set-aside-section-title">"読み込めなかった保存データ"</h2>
                <p>
                    "以前の保存データを読み込めませんでした（"
                    {move || state.set_aside.with(|s| s.as_ref().map(|s| s.reason.clone()))}
                    "）。データは消していません。ファイルに書き出して、講師や担当者に相談できます。"
                </p>
                <button type="button" class="button" on:click=download>"読み込めなかったデータを書き出す"</button>
                <DownloadError download=saving />
            </section>
        </Show>
    }
}

#[component]
fn DeleteSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let asking = RwSignal::new(false);
    let outcome = RwSignal::new(None::<String>);
    let delete = move |_| {
        let message = match state.delete_all() {
            Ok(()) => "記録をすべて削除しました。".to_owned(),
            Err(fault) => format!(
                "この端末の保存データは削除できませんでした（{fault}）。画面上の記録は消しました。"
            ),
        };
        asking.set(false);
        outcome.set(Some(message));
    };
    view! {
        <section aria-labelledby="delete-title">
            <h2 id="delete-title">"記録の削除"</h2>
            <p>"このブラウザに保存した記録（振り返り・ワークシート・事例・進み具合など）をすべて削除します。元に戻せません。"</p>
            <Show
                when=move || asking.get()
                fallback=move || view! {
                    <button type="button" class="button button--danger" on:click=move |_| { outcome.set(None); asking.set(true) } data-testid="delete-start">
                        "記録をすべて削除する"
                    </button>
                }
            >
                <div class="confirm" role="group" aria-label="削除の確認">
                    <p>"本当に削除しますか？ 必要なら先にバックアップを書き出してください。"</p>
                    <button type="button" class="button button--danger" on:click=delete data-testid="delete-confirm">"削除する"</button>
                    <button type="button" class="button button--quiet" on:click=move |_| asking.set(false)>"やめる"</button>
                </div>
            </Show>
            <p role="status" data-testid="delete-outcome">{move || outcome.get()}</p>
        </section>
    }
}
