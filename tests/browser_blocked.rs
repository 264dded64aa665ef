//! Browser test in a page of its own: with localStorage refused outright (SecurityError), the app still
//! loads, works in memory and shows the banner. Its own page, because the refusal cannot be undone.
#![cfg(target_arch = "wasm32")]

#[path = "support/browser_util.rs"]
mod util;

use nimo_kenshu::app::App;
use nimo_kenshu::storage;
use nimo_model::record::storage_fault::StorageFault;
use util::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn block_storage() {
    run_js(
        "Object.defineProperty(window, 'localStorage', {
            configurable: true,
            get() { throw new DOMException('The operation is insecure.', 'SecurityError'); }
         });",
    );
}

#[wasm_bindgen_test]
async fn blocked_storage_keeps_the_app_working_in_memory() {
    block_storage();
    assert_eq!(storage::probe(), Err(StorageFault::Blocked));
    assert!(matches!(storage::load_record(), Err(StorageFault::Blocked)));

    load_packs();
    set_hash("#/lesson/renkei-mokuteki");
    let root = mount_point();
    let _app = leptos::mount::mount_to(root.clone(), App);
    let banner = text_of(&root, "[data-testid=storage-banner]").expect("the banner is shown");
    assert!(banner.contains("保存されていません"), "{banner}");

    type_into(&root, "[data-testid=reflection-input]", "メモリだけに残る");
    sleep(700).await;
    assert_eq!(
        textarea_value(&root, "[data-testid=reflection-input]"),
        "メモリだけに残る"
    );
    let banner = text_of(&root, "[data-testid=storage-banner]").expect("the banner stays");
    assert!(banner.contains("保存が許可されていません"), "{banner}");
}
