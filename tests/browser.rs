//! Browser tests (wasm-bindgen-test in headless Chromium): the storage wrapper and the mounted app.
#![cfg(target_arch = "wasm32")]

#[path = "support/browser_util.rs"]
mod util;

use nimo_kenshu::app::{App, ToolsApp};
use nimo_kenshu::storage::{self, Loaded, RECORD_KEY};
use nimo_model::record::LearnerRecord;
use nimo_model::record::storage_fault::StorageFault;
use util::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Puts the real setItem back even when an assertion fails.
struct RestoreSetItem;
impl Drop for RestoreSetItem {
    fn drop(&mut self) {
        run_js("if (window.__realSetItem) { Storage.prototype.setItem = window.__realSetItem; }");
    }
}

#[wasm_bindgen_test]
fn probe_succeeds_in_a_normal_browser() {
    assert_eq!(storage::probe(), Ok(()));
}

#[wasm_bindgen_test]
fn a_saved_record_loads_back() {
    local().clear().unwrap();
    let mut record = LearnerRecord::new([1; 16], [2; 8]);
    record.set_text("lesson/x/r", "連携は誰のためか 𠮷");
    storage::save_record(&record.to_json()).unwrap();
    match storage::load_record() {
        Ok(Loaded::Record(back)) => assert_eq!(back, record),
        _ => panic!("the saved record should load"),
    }
}

#[wasm_bindgen_test]
fn nothing_stored_loads_as_nothing() {
    local().clear().unwrap();
    assert!(matches!(storage::load_record(), Ok(Loaded::Nothing)));
}

#[wasm_bindgen_test]
fn unreadable_data_is_set_aside_and_never_overwritten() {
    local().clear().unwrap();
    local().set_item(RECORD_KEY, "{broken").unwrap();
    match storage::load_record() {
        Ok(Loaded::Unreadable {
            raw,
            kept_in: Some(key),
            ..
        }) => {
            assert_eq!(raw, "{broken");
            assert_eq!(local().get_item(&key).unwrap().as_deref(), Some("{broken"));
        }
        _ => panic!("unreadable data should be set aside"),
    }
}

#[wasm_bindgen_test]
fn a_full_storage_is_named_quota_exceeded() {
    let _restore = RestoreSetItem;
    run_js(
        "window.__realSetItem = Storage.prototype.setItem;
         Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    );
    assert_eq!(storage::save_record("{}"), Err(StorageFault::QuotaExceeded));
    assert_eq!(storage::probe(), Err(StorageFault::QuotaExceeded));
}

#[wasm_bindgen_test]
async fn the_app_renders_a_lesson_and_autosaves_typing() {
    local().clear().unwrap();
    load_packs();
    set_hash("#/lesson/renkei-mokuteki");
    let root = mount_point();
    let _app = leptos::mount::mount_to(root.clone(), App);
    let title = text_of(&root, "[data-testid=lesson] h1").expect("the lesson renders");
    assert!(title.contains("連携の目的と必要性"), "{title}");
    assert_eq!(
        root.query_selector_all("nav .site-nav a").unwrap().length(),
        7
    );

    type_into(
        &root,
        "[data-testid=reflection-input]",
        "目的意識を共有する",
    );
    sleep(700).await;
    let stored = local()
        .get_item(RECORD_KEY)
        .unwrap()
        .expect("autosave wrote the record");
    let record = LearnerRecord::from_json(&stored).unwrap();
    assert_eq!(
        record.text("lesson/renkei-mokuteki/dareno-tameno-renkei"),
        "目的意識を共有する"
    );
    assert_eq!(
        record.last_lesson.map(|s| s.value).as_deref(),
        Some("renkei-mokuteki")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn an_unknown_route_shows_the_japanese_404() {
    set_hash("#/no-such-page");
    let root = mount_point();
    let _app = leptos::mount::mount_to(root.clone(), App);
    assert_eq!(
        text_of(&root, "[data-testid=not-found]").as_deref(),
        Some("ページが見つかりません")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_tools_bundle_shows_the_survey_and_autosaves_answers() {
    local().clear().unwrap();
    set_hash("#/survey");
    let root = mount_point();
    let _app = leptos::mount::mount_to(root.clone(), ToolsApp);
    let progress = text_of(&root, "[data-testid=survey-progress]").expect("the survey renders");
    assert!(progress.contains("15問中 0問に回答"), "{progress}");
    let radio: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(
        root.query_selector("[data-testid=survey-q1] input[type=radio]")
            .unwrap()
            .unwrap(),
    );
    radio.click();
    sleep(700).await;
    let stored = local()
        .get_item(RECORD_KEY)
        .unwrap()
        .expect("autosave wrote the record");
    let record = LearnerRecord::from_json(&stored).unwrap();
    assert_eq!(
        record
            .survey_answer("q1")
            .and_then(|a| a.choice.clone())
            .as_deref(),
        Some("o1")
    );
    root.remove();
}

#[wasm_bindgen_test]
fn a_panic_leaves_a_japanese_notice_once_instead_of_a_dead_page() {
    nimo_kenshu::browser::show_crash_notice("panicked at src/x.rs:1:1: test");
    nimo_kenshu::browser::show_crash_notice("a second panic");
    let document = web_sys::window().unwrap().document().unwrap();
    let notices = document
        .query_selector_all("[data-testid=crash-notice]")
        .unwrap();
    assert_eq!(notices.length(), 1);
    let notice = document.get_element_by_id("crash-notice").unwrap();
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        notice.text_content().as_deref(),
        Some(nimo_kenshu::browser::CRASH_NOTICE)
    );
    assert!(nimo_kenshu::browser::CRASH_NOTICE.contains("再読み込み"));
    notice.remove();
}
