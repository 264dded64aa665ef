//! Shared by the wasm-bindgen browser tests.
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Runs a snippet of JavaScript in the test page (storage fault injection).
pub fn run_js(source: &str) {
    js_sys::Function::new_no_args(source)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

pub fn set_hash(hash: &str) {
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(hash)
        .unwrap();
}

/// A fresh element to mount the app into.
pub fn mount_point() -> web_sys::HtmlElement {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

pub fn text_of(root: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
}

/// Types into a textarea the way a user does: value change plus an `input` event.
pub fn type_into(root: &web_sys::HtmlElement, selector: &str, text: &str) {
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into();
    area.set_value(text);
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

pub fn textarea_value(root: &web_sys::HtmlElement, selector: &str) -> String {
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into();
    area.value()
}

// The test page serves no content/ folder, so the packs are handed over the way the offline file does.
include!(concat!(env!("OUT_DIR"), "/pack_texts.rs"));

pub fn load_packs() {
    for json in PACK_TEXTS {
        nimo_kenshu::content::register_pack(json).unwrap();
    }
}
