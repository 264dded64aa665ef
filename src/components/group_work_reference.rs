//! The 2019 model training's group-work answers to one prompt, by 職種, quoted from the report with its
//! source: reference for the facilitator, closed until asked for so that it never crowds the trainees'
//! own answers beside it.

use crate::content::group_work_2019;
use leptos::prelude::*;

/// Nothing when the content has no reference for this sheet's section.
#[component]
pub fn GroupWorkReference(sheet: String, section: String) -> impl IntoView {
    reference_view(&sheet, &section)
}

fn reference_view(sheet: &str, section: &str) -> Option<impl IntoView> {
    let reference = group_work_2019().filter(|r| r.sheet == sheet)?;
    let prompt = reference.prompt(section)?;
    let groups = prompt
        .groups
        .iter()
        .map(|group| {
            view! {
                <p class="report__group">{format!("（{}）", group.group)}</p>
                <ul>{group.answers.iter().map(|a| view! { <li>{format!("「{a}」")}</li> }).collect_view()}</ul>
            }
        })
        .collect_view();
    Some(view! {
        <details class="gw-reference" data-testid="gw-reference">
            <summary>{reference.title.clone()}</summary>
            <p class="report__note">{reference.note.clone()}</p>
            {groups}
            <p class="report__note">{format!("出典: {}", reference.source)}</p>
        </details>
    })
}
