//! A reflection box inside a lesson; what the trainee types is saved as they type.

use crate::model::course::Reflection;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn ReflectionBox(reflection: &'static Reflection, record_key: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = StoredValue::new(record_key);
    let text = move || {
        state
            .record
            .with(|r| key.with_value(|k| r.text(k).to_owned()))
    };
    let count = move || {
        state
            .record
            .with(|r| key.with_value(|k| r.text(k).chars().count()))
    };
    let field_id = format!("reflection-{}", reflection.id);
    let title_id = format!("{field_id}-title");
    let labelled_by = title_id.clone();
    let label_for = field_id.clone();
    view! {
        <section class="reflection" aria-labelledby=labelled_by>
            <h2 class="reflection__title" id=title_id>"振り返り"</h2>
            <label class="reflection__prompt" for=label_for>{reflection.prompt}</label>
            <textarea
                id=field_id
                rows="6"
                data-testid="reflection-input"
                prop:value=text
                on:input=move |event| {
                    let value = event_target_value(&event);
                    state.edit(|record| key.with_value(|k| record.set_text(k, &value)));
                }
            ></textarea>
            // Printing a textarea cuts its text at the box; print shows this copy instead.
            <div class="reflection__print" aria-hidden="true">{text}</div>
            <p class="reflection__meta">
                <span>{count} "文字"</span>
                " ・ 入力した内容は自動で保存されます。個人が特定される情報は書かないでください。"
            </p>
        </section>
    }
}
