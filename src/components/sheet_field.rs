//! One box of a worksheet: a labelled input that saves as the trainee types, with its character count,
//! an optional 記入例 beside it, personal-data hints, and a copy of the text for print.

use crate::model::worksheet::{FieldKind, privacy_hints};
use crate::state::AppState;
use leptos::prelude::*;

/// How a box is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Fill,
    /// The empty paper version: labels and empty frames only.
    Blank,
}

/// What a box is and how it looks; `label_hidden` keeps a label for screen readers when a visible
/// heading already says the same thing (grid cells).
#[derive(Clone)]
pub struct BoxSpec {
    pub key: String,
    pub dom_id: String,
    pub label: String,
    pub kind: FieldKind,
    pub options: Vec<String>,
    pub hint: String,
    pub example: String,
    pub personal: bool,
    pub label_hidden: bool,
}

#[component]
pub fn SheetBox(
    spec: BoxSpec,
    mode: Mode,
    show_examples: Signal<bool>,
    privacy_check: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let BoxSpec {
        key,
        dom_id,
        label,
        kind,
        options,
        hint,
        example,
        personal,
        label_hidden,
    } = spec;
    let label_class = if label_hidden {
        "visually-hidden"
    } else {
        "sheet-box__label"
    };
    let key = StoredValue::new(key);
    // A slice of the record: every keystroke anywhere re-runs this lookup, but only the box whose text
    // changed re-renders (its value, print copy, count and privacy hints).
    let text = Memo::new(move |_| {
        state
            .record
            .with(|r| key.with_value(|k| r.text(k).to_owned()))
    });
    let save = move |value: String| state.edit(|r| key.with_value(|k| r.set_text(k, &value)));
    let hint_id = format!("{dom_id}-hint");
    let described_by = (!hint.is_empty()).then(|| hint_id.clone());
    let class = if personal {
        "sheet-box sheet-box--personal"
    } else {
        "sheet-box"
    };
    let empty_print = move || text.with(|t| t.trim().is_empty());

    if mode == Mode::Blank {
        let frame = match kind {
            FieldKind::Text => "sheet-box__frame sheet-box__frame--tall",
            _ => "sheet-box__frame",
        };
        let options_line = (kind == FieldKind::Choice).then(|| options.join("　・　"));
        return view! {
            <div class=class>
                <span class=label_class>{label}</span>
                {options_line.map(|line| view! { <span class="sheet-box__options">{line}</span> })}
                <div class=frame aria-hidden="true"></div>
            </div>
        }
        .into_any();
    }

    let input = match kind {
        FieldKind::Text => view! {
            <textarea
                id=dom_id.clone()
                rows="4"
                aria-describedby=described_by.clone()
                prop:value=text
                on:input=move |ev| save(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
        FieldKind::Line | FieldKind::Date => {
            let input_type = if kind == FieldKind::Date {
                "date"
            } else {
                "text"
            };
            view! {
                <input
                    id=dom_id.clone()
                    type=input_type
                    aria-describedby=described_by.clone()
                    prop:value=text
                    on:input=move |ev| save(event_target_value(&ev))
                />
            }
            .into_any()
        }
        FieldKind::Choice => {
            let choices = options
                .into_iter()
                .map(|option| {
                    let value = option.clone();
                    let selected = move || text.with(|t| *t == value);
                    view! { <option value=option.clone() selected=selected>{option.clone()}</option> }
                })
                .collect_view();
            view! {
                <select id=dom_id.clone() aria-describedby=described_by.clone() on:change=move |ev| save(event_target_value(&ev))>
                    <option value="" selected=move || text.with(String::is_empty)>"選んでください"</option>
                    {choices}
                </select>
            }
            .into_any()
        }
    };
    let counted = matches!(kind, FieldKind::Text | FieldKind::Line);
    let hints = Memo::new(move |_| {
        if !privacy_check {
            return Vec::new();
        }
        text.with(|t| privacy_hints(t))
    });
    view! {
        <div class=class class:sheet-box--empty=empty_print>
            <label class=label_class for=dom_id>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="sheet-box__hint" id=hint_id>{hint}</p> })}
            {input}
            <div class="sheet-box__print" aria-hidden="true">{text}</div>
            {counted.then(|| view! { <p class="sheet-box__count">{move || text.with(|t| t.chars().count())} "文字"</p> })}
            <Show when=move || hints.with(|h| !h.is_empty())>
                <div class="sheet-box__privacy" role="alert" data-testid="privacy-hint">
                    <p>"個人が特定される情報のおそれがあります。消すか、書き換えてください。"</p>
                    <ul>
                        {move || hints.get().into_iter().map(|h| view! { <li>{h.kind.label()} "：「" {h.found} "」"</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            {(!example.is_empty()).then(|| {
                view! {
                    <Show when=move || show_examples.get()>
                        <p class="sheet-example" data-testid="sheet-example">
                            <span class="sheet-example__tag">"記入例"</span>
                            {example.clone()}
                        </p>
                    </Show>
                }
            })}
        </div>
    }
    .into_any()
}
