//! 「QRコードで提出」: the trainee's export shown as QR codes for the instructor's camera, and 「共有」
//! through the phone's share sheet. The codes carry the same JSON as the file (model/handoff.rs).

use crate::browser;
use crate::model::io::handoff::{self, Modules};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// What a page hands over: the export's file name and its JSON, made when the trainee asks.
#[derive(Clone)]
pub struct Handoff {
    pub file_name: String,
    pub json: String,
}

/// A sequence advances by itself at this pace: slow enough for a webcam at 10 frames a second to catch
/// each code in several sharp frames, fast enough that a 10-code worksheet goes round in 7 seconds.
const CYCLE: Duration = Duration::from_millis(700);

#[component]
pub fn QrHandoff(
    /// Test ids are `<prefix>-show`, `<prefix>` (the code), `<prefix>-prev`, `-next`, `-pause`, `-close`.
    prefix: &'static str,
    /// Makes the export, or says in Japanese why there is nothing to hand in yet.
    make: Callback<(), Result<Handoff, String>>,
    /// Called when the codes were shown, so the page can record the hand-in like a saved file.
    #[prop(optional)]
    on_shown: Option<Callback<()>>,
    /// Shows the codes at once, for a page the trainee opened to hand in.
    #[prop(optional)]
    open: bool,
) -> impl IntoView {
    let codes = RwSignal::new(None::<Result<Vec<Modules>, String>>);
    let current = RwSignal::new(0usize);
    let paused = RwSignal::new(false);
    let wake_lock = StoredValue::new_local(None::<JsValue>);
    let share_outcome = RwSignal::new(None::<String>);
    let shareable = StoredValue::new(None::<Handoff>);

    let close = move || {
        codes.set(None);
        release_wake_lock(wake_lock);
    };
    let show = move || {
        let export = match make.run(()) {
            Ok(export) => export,
            Err(reason) => {
                codes.set(Some(Err(reason)));
                return;
            }
        };
        let drawn = handoff::encode(&export.json)
            .map_err(|e| e.to_string())
            .and_then(|texts| {
                texts
                    .iter()
                    .map(|t| {
                        handoff::modules(t).ok_or_else(|| "QRコードを作れませんでした。".to_owned())
                    })
                    .collect::<Result<Vec<_>, _>>()
            });
        let ok = drawn.is_ok();
        current.set(0);
        paused.set(false);
        codes.set(Some(drawn));
        shareable.set_value(Some(export));
        if ok {
            request_wake_lock(wake_lock);
            if let Some(on_shown) = on_shown {
                on_shown.run(());
            }
        }
    };
    if open {
        show();
    }
    let count =
        move || codes.with(|c| c.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, Vec::len));
    let step = move |delta: isize| {
        let n = count();
        if n > 0 {
            current.update(|i| *i = (*i as isize + delta).rem_euclid(n as isize) as usize);
        }
    };
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !paused.get_untracked() && count() > 1 {
                step(1);
            }
        },
        CYCLE,
    ) {
        on_cleanup(move || handle.clear());
    }
    on_cleanup(move || release_wake_lock(wake_lock));

    let share = move |_| {
        let export = match shareable.get_value().ok_or(()).or_else(|()| make.run(())) {
            Ok(export) => export,
            Err(reason) => {
                share_outcome.set(Some(reason));
                return;
            }
        };
        spawn_local(async move {
            let message = match share_file(&export).await {
                Ok(()) => format!("「{}」を共有しました。", export.file_name),
                Err(None) => String::new(),
                Err(Some(reason)) => format!("共有できませんでした（{reason}）。"),
            };
            share_outcome.set(Some(message));
        });
    };

    let code_view = move || {
        codes.with(|c| match c {
            None => ().into_any(),
            Some(Err(reason)) => view! { <p class="qr__error" role="alert">{reason.clone()}</p> }.into_any(),
            Some(Ok(list)) => {
                let n = list.len();
                let i = current.get().min(n.saturating_sub(1));
                let m = &list[i];
                let side = m.side();
                view! {
                    <div class="qr__frame">
                        <svg
                            class="qr__code"
                            viewBox=format!("0 0 {side} {side}")
                            role="img"
                            aria-label=format!("提出用のQRコード {}/{}", i + 1, n)
                            shape-rendering="crispEdges"
                            data-testid=prefix
                            data-part=(i + 1).to_string()
                            data-parts=n.to_string()
                        >
                            <rect width=side.to_string() height=side.to_string() fill="#fff"></rect>
                            <path d=m.svg_path() fill="#000"></path>
                        </svg>
                    </div>
                    <p class="qr__count" aria-live="off">{format!("{}/{}", i + 1, n)}</p>
                    <Show when=move || { n > 1 }>
                        <p class="qr__controls">
                            <button type="button" class="button button--quiet" on:click=move |_| { paused.set(true); step(-1) } data-testid=format!("{prefix}-prev")>"‹ 前"</button>
                            <button type="button" class="button button--quiet" on:click=move |_| paused.update(|p| *p = !*p) aria-pressed=move || paused.get().to_string() data-testid=format!("{prefix}-pause")>
                                {move || if paused.get() { "自動で切り替える" } else { "止める" }}
                            </button>
                            <button type="button" class="button button--quiet" on:click=move |_| { paused.set(true); step(1) } data-testid=format!("{prefix}-next")>"次 ›"</button>
                        </p>
                        <p class="qr__hint">{format!("{n}枚のQRコードが順に切り替わります。全部が読み取られるまで、そのままかざしてください。")}</p>
                    </Show>
                }
                .into_any()
            }
        })
    };

    view! {
        <div class="qr">
            <p class="qr__actions">
                <button type="button" class="button" on:click=move |_| show() data-testid=format!("{prefix}-show")>"QRコードで提出"</button>
                <Show when=can_share_files>
                    <button type="button" class="button button--quiet" on:click=share data-testid=format!("{prefix}-share")>"共有"</button>
                </Show>
            </p>
            <p role="status" class="qr__shared">{move || share_outcome.get()}</p>
            <Show when=move || codes.with(Option::is_some)>
                <div class="qr__panel" role="group" aria-label="提出用のQRコード">
                    <Show when=move || codes.with(|c| matches!(c, Some(Ok(_))))>
                        <p class="qr__notice">"講師のカメラにかざしてください。この画面の回答（氏名なし）が読み取られます。"</p>
                    </Show>
                    {code_view}
                    <p>
                        <button type="button" class="button button--quiet" on:click=move |_| close() data-testid=format!("{prefix}-close")>"閉じる"</button>
                    </p>
                </div>
            </Show>
        </div>
    }
}

/// Phones (and Safari on a Mac) can hand a file to mail, chat or AirDrop; elsewhere the download stays the
/// way out.
fn can_share_files() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let Ok(can_share) = js_sys::Reflect::get(&navigator, &"canShare".into()) else {
        return false;
    };
    let Some(can_share) = can_share.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    let probe = match share_data(&Handoff {
        file_name: "probe.json".into(),
        json: "{}".into(),
    }) {
        Ok(data) => data,
        Err(_) => return false,
    };
    can_share
        .call1(&navigator, &probe)
        .is_ok_and(|v| v.as_bool() == Some(true))
}

fn share_data(export: &Handoff) -> Result<js_sys::Object, JsValue> {
    let options = web_sys::FilePropertyBag::new();
    options.set_type("application/json");
    let file = web_sys::File::new_with_str_sequence_and_options(
        &js_sys::Array::of1(&JsValue::from_str(&export.json)),
        &export.file_name,
        &options,
    )?;
    let data = js_sys::Object::new();
    js_sys::Reflect::set(&data, &"files".into(), &js_sys::Array::of1(&file))?;
    js_sys::Reflect::set(
        &data,
        &"title".into(),
        &JsValue::from_str(&export.file_name),
    )?;
    Ok(data)
}

/// `Err(None)` when the trainee closed the share sheet themselves: nothing to report.
async fn share_file(export: &Handoff) -> Result<(), Option<String>> {
    let window = web_sys::window().ok_or_else(|| Some("ブラウザの画面がありません".to_owned()))?;
    let navigator = window.navigator();
    let share = js_sys::Reflect::get(&navigator, &"share".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| Some("このブラウザは共有に対応していません".to_owned()))?;
    let data = share_data(export).map_err(|_| Some("ファイルを用意できません".to_owned()))?;
    let promise: js_sys::Promise = share
        .call1(&navigator, &data)
        .and_then(|p| p.dyn_into())
        .map_err(|_| Some("共有を始められません".to_owned()))?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Ok(()),
        Err(error) => {
            let name = error
                .dyn_ref::<web_sys::DomException>()
                .map(web_sys::DomException::name);
            if name.as_deref() == Some("AbortError") {
                Err(None)
            } else {
                Err(Some(browser::describe_js_error(&error)))
            }
        }
    }
}

/// Keeps the phone's screen from dimming while a code is shown, where the browser allows it (Wake Lock
/// API); elsewhere the trainee taps the screen now and then, as the hint says.
fn request_wake_lock(slot: StoredValue<Option<JsValue>, LocalStorage>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let Some(lock) = js_sys::Reflect::get(&navigator, &"wakeLock".into())
        .ok()
        .filter(|v| v.is_object())
    else {
        return;
    };
    let Some(request) = js_sys::Reflect::get(&lock, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let Ok(promise) = request
        .call1(&lock, &"screen".into())
        .and_then(|p| p.dyn_into::<js_sys::Promise>())
    else {
        return;
    };
    spawn_local(async move {
        // Refused (battery saver, a background tab): the code is still shown, only the screen may dim.
        if let Ok(sentinel) = wasm_bindgen_futures::JsFuture::from(promise).await {
            release_wake_lock(slot);
            slot.try_set_value(Some(sentinel));
        }
    });
}

fn release_wake_lock(slot: StoredValue<Option<JsValue>, LocalStorage>) {
    let Some(Some(sentinel)) = slot.try_update_value(Option::take) else {
        return;
    };
    if let Some(release) = js_sys::Reflect::get(&sentinel, &"release".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = release.call0(&sentinel);
    }
}
