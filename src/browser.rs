//! Thin wrappers over browser APIs that several pages need. None of them panics: a browser that refuses
//! something gets a typed error the page can show.

use crate::model::io::date::Day;
use wasm_bindgen::{JsCast, JsValue};

/// Today in the trainee's own time zone, as a date only.
pub fn today() -> Day {
    let now = js_sys::Date::new_0();
    Day::new(
        now.get_full_year() as u16,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    )
    .unwrap_or(Day {
        year: 2026,
        month: 1,
        day: 1,
    })
}

/// Cryptographic randomness where the browser offers it; `Math.random` otherwise (ids only need to
/// be unlikely to collide, not secret).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let from_crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !from_crypto {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// True when the page was opened as a file (the offline single-file build on a USB stick).
pub fn is_file_protocol() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "file:")
}

/// The lesson text web/boot.js showed before the wasm arrived. The page that now shows the same text
/// removes it, so the reader sees one copy, in the same place.
pub fn remove_boot_preview() {
    if let Some(preview) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot-preview"))
    {
        preview.remove();
    }
}

/// The fetch of a content pack that web/boot.js started in parallel with the wasm, if any
/// (`window.nimoPacks[key]`, a promise of the pack's text; the key is a module id or `case-<id>`).
pub fn prefetched_pack(key: &str) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let packs = js_sys::Reflect::get(&window, &JsValue::from_str("nimoPacks")).ok()?;
    if packs.is_undefined() || packs.is_null() {
        return None;
    }
    js_sys::Reflect::get(&packs, &JsValue::from_str(key))
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}

/// Saves text as a file through a blob link: no network, so it works from file:// too.
pub fn download(file_name: &str, mime: &str, contents: &str) -> Result<(), String> {
    let fail = |e: JsValue| format!("{e:?}");
    let window = web_sys::window().ok_or("window がありません")?;
    let document = window.document().ok_or("document がありません")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document.body().ok_or("body がありません")?;
    body.append_child(&anchor).map_err(fail)?;
    anchor.click();
    anchor.remove();
    // Revoking at once can cancel the download in some browsers; a minute later is safe.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    Ok(())
}

/// A browser error in words a person can pass on: a DOMException's or Error's name and message, rather
/// than the JsValue's debug form.
pub fn describe_js_error(error: &JsValue) -> String {
    if let Some(e) = error.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", e.name(), e.message());
    }
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return format!("{}: {}", String::from(e.name()), String::from(e.message()));
    }
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// A `performance.mark` on the page's timeline (free when nobody looks): the instructor imports mark
/// their phases so that ./scripts/bench can say where an import's time goes.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Reads a picked file as UTF-8 text.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{e:?}"))?;
    text.as_string()
        .ok_or_else(|| "テキストとして読めませんでした".into())
}

/// Reads many picked files at once, each as JS text (`None` for a file that could not be read), so a
/// caller can look at a text's length before copying it into Rust. Only `text()` is asked of each file:
/// a picked file's `size` is a synchronous round trip to the browser process per file (0.3 ms each,
/// 3 of the 7 seconds 10,000 files took), while the texts are read side by side.
pub async fn read_texts(files: &[web_sys::File]) -> Vec<Option<js_sys::JsString>> {
    let promises: js_sys::Array = files.iter().map(|f| JsValue::from(f.text())).collect();
    let Ok(settled) =
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all_settled(&promises)).await
    else {
        return vec![None; files.len()];
    };
    let value = JsValue::from_str("value");
    js_sys::Array::from(&settled)
        .iter()
        .map(|outcome| {
            js_sys::Reflect::get(&outcome, &value)
                .ok()
                .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
        })
        .collect()
}

pub fn set_document_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let title = if page.is_empty() {
            "にも包括 研修".to_owned()
        } else {
            format!("{page} | にも包括 研修")
        };
        document.set_title(&title);
    }
}

/// Sets or removes an attribute on `<html>`, where theme and text size live so CSS can see them.
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(name, value);
    }
}

/// Changes the address bar's hash without a history entry and without a `hashchange` event.
pub fn replace_hash(hash: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        // The entry's state (an instructor page's kept batch, `kept_batch`) stays with it.
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(hash));
    }
}

/// Scrolls an element into view and moves focus to it (for links to a section or a term).
pub fn scroll_to_element(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element {
        element.scroll_into_view();
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// What a trainee reads when the app stops on a bug. With `panic = "abort"` the wasm cannot go on after
/// a panic, so instead of a page that silently stops answering, this says so and what to do; the record
/// was saved shortly after each edit, so reloading loses at most the last moments of typing.
pub const CRASH_NOTICE: &str = "申し訳ありません。問題が起きたため、この画面は動かなくなりました。ページを再読み込みしてください。入力した内容は、直前に保存した時点まで残っています。";

/// Shows `CRASH_NOTICE` at the top of the page, once, and logs the panic for whoever debugs it.
pub fn show_crash_notice(detail: &str) {
    web_sys::console::error_1(&JsValue::from_str(detail));
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("crash-notice").is_some() {
        return;
    }
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    notice.set_id("crash-notice");
    notice.set_class_name("banner crash-notice");
    let _ = notice.set_attribute("role", "alert");
    let _ = notice.set_attribute("data-testid", "crash-notice");
    notice.set_text_content(Some(CRASH_NOTICE));
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&notice);
    }
}

/// Replaces the default panic output (the console only) with `show_crash_notice`.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| show_crash_notice(&info.to_string())));
}
