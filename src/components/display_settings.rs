//! Colour theme and text size, remembered on this device.

use crate::browser;
use crate::model::record::prefs::{Prefs, TextSize, Theme};
use crate::state::AppState;
use leptos::prelude::*;

/// Keeps `<html data-theme data-text-size>` in step with the preferences; the stylesheet does the rest.
pub fn apply_prefs(prefs: RwSignal<Prefs>) {
    Effect::new(move |_| {
        let current = prefs.get();
        browser::set_root_attribute("data-theme", current.theme.attr());
        browser::set_root_attribute("data-text-size", current.text_size.attr());
    });
}

#[component]
pub fn DisplaySettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let prefs = state.prefs;
    let themes = Theme::ALL
        .into_iter()
        .map(|theme| {
            let choose = move |_| state.set_prefs(Prefs { theme, ..prefs.get_untracked() });
            view! {
                <label class="choice">
                    <input type="radio" name="theme" prop:checked=move || prefs.get().theme == theme on:change=choose />
                    {theme.label()}
                </label>
            }
        })
        .collect_view();
    let sizes = TextSize::ALL
        .into_iter()
        .map(|text_size| {
            let choose = move |_| state.set_prefs(Prefs { text_size, ..prefs.get_untracked() });
            view! {
                <label class="choice">
                    <input type="radio" name="text-size" prop:checked=move || prefs.get().text_size == text_size on:change=choose />
                    {text_size.label()}
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="display-settings" data-testid="display-settings">
            <summary>"表示設定"</summary>
            <div class="display-settings__panel">
                <fieldset>
                    <legend>"配色"</legend>
                    {themes}
                </fieldset>
                <fieldset>
                    <legend>"文字の大きさ"</legend>
                    {sizes}
                </fieldset>
            </div>
        </details>
    }
}
