//! `#/case/<id>`: a branching case. The trainee picks a role where the case offers one, reads each scene
//! and its 情報カード, decides, gets feedback tied to a principle, and ends with a debrief. Every choice
//! is saved at once, so a reload or another device (through a backup) resumes where they were.

use crate::browser;
use crate::components::lesson_links::lesson_link_items;
use crate::content::{COURSE, case, case_ref, worksheet};
use crate::model::case::{Case, CasePlay, Debrief, Walk, card_kind_label, debrief, role_label};
use crate::model::route::Route;
use crate::pack_loader::{ensure_case, loading};
use crate::pages::not_found::NotFoundPage;
use crate::state::AppState;
use leptos::prelude::*;

const SCENE_ID: &str = "case-scene";

#[component]
pub fn CasePage(id: String) -> impl IntoView {
    let Some(entry) = case_ref(&id) else {
        let path = Route::Case(id).href().trim_start_matches('#').to_owned();
        return view! { <NotFoundPage path /> }.into_any();
    };
    browser::set_document_title(entry.title);
    // The case arrives in a pack of its own (see `CaseRef`); a case already loaded shows at once.
    let fetched = loading(ensure_case(entry.id));
    let loaded = move || case(entry.id).map(Ok).or_else(|| fetched.get());
    let page = move || match loaded() {
        None => view! { <p class="loading" role="status">"事例を読み込んでいます…"</p> }.into_any(),
        Some(Err(error)) => {
            view! { <p class="error" role="alert" data-testid="case-error">{error.to_string()}</p> }
                .into_any()
        }
        Some(Ok(case)) => view! { <CaseView case /> }.into_any(),
    };
    page.into_any()
}

#[component]
fn CaseView(case: &'static Case) -> impl IntoView {
    let state = expect_context::<AppState>();
    let play = Memo::new(move |_| {
        state
            .record
            .with(|r| r.case_play(&case.id).cloned().unwrap_or_default())
    });
    let walk = Memo::new(move |_| play.with(|p| p.walk(case)));
    // Each change is one edit of the record; the scene heading then takes focus so that keyboard and
    // screen-reader users continue from the new scene rather than from a button that has gone.
    let update = move |change: Box<dyn FnOnce(&mut CasePlay)>| {
        let mut next = play.get_untracked();
        change(&mut next);
        state.edit(|r| r.set_case_play(&case.id, next));
        request_animation_frame(|| browser::scroll_to_element(SCENE_ID));
    };

    view! {
        <article class="case" data-testid="case">
            <p class="breadcrumb"><a href=Route::Cases.href()>"事例"</a></p>
            <h1>{case.title.clone()}</h1>
            <p class="lead">{case.summary.clone()}</p>
            <Show when=move || walk.with(|w| !w.steps.is_empty())>
                <Timeline case walk />
            </Show>
            {move || {
                let current = walk.get();
                if current.needs_role {
                    view! { <RoleChoice case update /> }.into_any()
                } else {
                    view! { <Scene case walk=current play update /> }.into_any()
                }
            }}
            <CaseControls case walk update />
            <details class="case__sources">
                <summary>"出典"</summary>
                <ul>{case.sources.iter().map(|s| view! { <li>{citation(s)}</li> }).collect_view()}</ul>
            </details>
        </article>
    }
    .into_any()
}

fn citation(source: &crate::model::case::CaseSource) -> String {
    let mut text = format!("{}「{}」", source.author, source.title);
    for extra in [&source.publisher, &source.year] {
        if !extra.is_empty() {
            text.push_str(&format!(" {extra}"));
        }
    }
    if !source.note.is_empty() {
        text.push_str(&format!("（{}）", source.note));
    }
    text
}

type Update = Box<dyn FnOnce(&mut CasePlay)>;

#[component]
fn RoleChoice(
    case: &'static Case,
    update: impl Fn(Update) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let buttons = case
        .roles
        .iter()
        .map(|role| {
            let id = role.clone();
            let label = role_label(role).unwrap_or(role.as_str());
            view! {
                <li>
                    <button type="button" class="button button--quiet case-option" on:click=move |_| {
                        let id = id.clone();
                        update(Box::new(move |p| p.restart(Some(id))));
                    } data-testid="case-role">{label}</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="case__scene" aria-labelledby=SCENE_ID>
            <h2 id=SCENE_ID tabindex="-1">"あなたの立場を選んでください"</h2>
            <p>"この事例は、立場によって見える情報や選べる行動が少し変わります。あとで別の立場でやり直すこともできます。"</p>
            <ul class="case-options">{buttons}</ul>
        </section>
    }
}

/// The path so far: each decision with what was chosen; the feedback opens on demand.
#[component]
fn Timeline(case: &'static Case, walk: Memo<Walk>) -> impl IntoView {
    let steps = move || {
        walk.with(|w| {
            w.steps
                .iter()
                .map(|step| {
                    view! {
                        <li>
                            <details>
                                <summary><span class="case-timeline__scene">{step.title.clone()}</span>"："{step.label.clone()}</summary>
                                <p>{step.feedback.clone()}</p>
                                <Principles case cites=step.cites.clone() />
                            </details>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let role = move || {
        walk.with(|w| {
            w.role
                .as_deref()
                .and_then(role_label)
                .map(|r| format!("立場：{r}"))
        })
    };
    view! {
        <nav class="case-timeline" aria-label="ここまでの経過" data-testid="case-timeline">
            <h2>"ここまでの経過"</h2>
            <p class="case-timeline__role">{role}</p>
            <ol>{steps}</ol>
        </nav>
    }
}

/// The principles (or lessons) a piece of feedback cites, linked to where they are taught.
#[component]
fn Principles(case: &'static Case, cites: Vec<String>) -> impl IntoView {
    let items = cites
        .iter()
        .filter_map(|cite| match case.principle(cite) {
            Some(p) => Some((p.label.clone(), p.lesson.clone())),
            None => COURSE
                .lesson(cite)
                .map(|l| (l.title.to_owned(), l.id.to_owned())),
        })
        .map(|(label, lesson)| view! { <li><a href=Route::Lesson(lesson).href()>{label}</a></li> })
        .collect_view();
    view! {
        <div class="case-principles">
            <span class="case-principles__title">"根拠となる考え方："</span>
            <ul>{items}</ul>
        </div>
    }
}

#[component]
fn Scene(
    case: &'static Case,
    walk: Walk,
    play: Memo<CasePlay>,
    update: impl Fn(Update) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let Some(node) = walk.node(case) else {
        return view! { <p role="alert">"この事例の場面が見つかりません。「最初からやり直す」を押してください。"</p> }.into_any();
    };
    let feedback = walk.steps.last().map(|step| {
        view! {
            <section class="case-feedback" aria-labelledby="case-feedback-title" data-testid="case-feedback">
                <h2 id="case-feedback-title">"前の選択について"</h2>
                <p class="case-feedback__choice">{format!("選んだ行動：{}", step.label)}</p>
                <p>{step.feedback.clone()}</p>
                <Principles case cites=step.cites.clone() />
            </section>
        }
    });
    let state_line = (!case.state.is_empty()).then(|| {
        let chips = case
            .state
            .iter()
            .map(|var| {
                let value = walk.state.get(&var.id).copied().unwrap_or(var.initial);
                view! { <li>{format!("{}：{value}{}", var.label, var.unit)}</li> }
            })
            .collect_view();
        view! { <ul class="case-state" aria-label="いまの状況">{chips}</ul> }
    });
    let cards = node
        .cards
        .iter()
        .map(|card| {
            view! {
                <aside class="case-card" aria-label=format!("情報カード：{}", card.title)>
                    <p class="case-card__kind">{card_kind_label(&card.kind).unwrap_or("情報")}</p>
                    <h3>{card.title.clone()}</h3>
                    <p>{card.text.clone()}</p>
                </aside>
            }
        })
        .collect_view();
    let notes = walk
        .notes(case)
        .into_iter()
        .map(|n| view! { <p class="case-note">{n.text.clone()}</p> })
        .collect_view();
    let paragraphs = node
        .text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|p| view! { <p>{p.to_owned()}</p> })
        .collect_view();
    let body = if walk.ended {
        let result = play.with_untracked(|p| debrief(case, &walk, p));
        result
            .map(|d| view! { <DebriefView debrief=d /> }.into_any())
            .unwrap_or_else(|| ().into_any())
    } else {
        let options = walk
            .options(case)
            .into_iter()
            .map(|(index, option)| {
                view! {
                    <li>
                        <button type="button" class="button button--quiet case-option" on:click=move |_| {
                            update(Box::new(move |p| { let _ = p.choose(case, index); }));
                        } data-testid="case-option">{option.label.clone()}</button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3 class="case__question">"あなたならどうしますか。"</h3>
            <ul class="case-options">{options}</ul>
        }
        .into_any()
    };
    let heading = if walk.ended {
        format!("結末：{}", node.title)
    } else {
        node.title.clone()
    };
    view! {
        {feedback}
        <section class="case__scene" aria-labelledby=SCENE_ID data-testid="case-scene">
            <h2 id=SCENE_ID tabindex="-1">{heading}</h2>
            // Announces each new scene to screen readers, whatever has focus.
            <p class="visually-hidden" role="status">{format!("新しい場面：{}", node.title)}</p>
            {state_line}
            {paragraphs}
            {notes}
            {cards}
            {body}
        </section>
    }
    .into_any()
}

#[component]
fn DebriefView(debrief: Debrief) -> impl IntoView {
    let reached = debrief.endings.iter().filter(|e| e.reached_ever).count();
    let endings = debrief
        .endings
        .iter()
        .map(|e| {
            let (mark, title) = match (e.reached_now, e.reached_ever) {
                (true, _) => ("今回の結末", e.title.clone()),
                (false, true) => ("以前に到達", e.title.clone()),
                (false, false) => ("まだ到達していません", "？".to_owned()),
            };
            view! { <li><span class="case-ending__mark">{mark}</span>"："{title}</li> }
        })
        .collect_view();
    let scores = debrief
        .scores
        .iter()
        .map(|s| view! { <tr><th scope="row">{s.label.clone()}</th><td>{format!("{} / {}", s.points, s.max)}</td></tr> })
        .collect_view();
    let principle_list = |list: &[crate::model::case::PrincipleRef]| {
        list.iter()
            .map(|p| view! { <li><a href=Route::Lesson(p.lesson.clone()).href()>{p.label.clone()}</a></li> })
            .collect_view()
    };
    let shown = principle_list(&debrief.shown);
    let missed = principle_list(&debrief.missed);
    let lessons = lesson_link_items(debrief.lessons.clone());
    let sheets = debrief
        .worksheets
        .iter()
        .filter_map(|id| worksheet(id))
        .map(|s| view! { <li><a href=Route::Worksheet(s.id.clone()).href()>{s.title.clone()}</a></li> })
        .collect_view();
    view! {
        <div class="case-debrief" data-testid="case-debrief">
            <p class="pre-wrap">{debrief.text.clone()}</p>
            <h3>{format!("結末（{}通りのうち {reached}通りに到達）", debrief.endings.len())}</h3>
            <ul class="case-endings" data-testid="case-endings">{endings}</ul>
            <h3>"4つの観点での評価"</h3>
            <table class="report__table case-scores" data-testid="case-scores">
                <caption>"選んだ行動の点数の合計 / 各場面でいちばんよい選択をした場合の合計"</caption>
                <thead><tr><th scope="col">"観点"</th><th scope="col">"点数"</th></tr></thead>
                <tbody>{scores}</tbody>
            </table>
            <h3>"示せた考え方"</h3>
            {if debrief.shown.is_empty() { Some(view! { <p>"ありません。"</p> }) } else { None }}
            <ul>{shown}</ul>
            <h3>"見落とした考え方"</h3>
            {if debrief.missed.is_empty() { Some(view! { <p>"ありません。"</p> }) } else { None }}
            <ul data-testid="case-missed">{missed}</ul>
            <h3>"復習におすすめ"</h3>
            <ul>{lessons}{sheets}</ul>
        </div>
    }
}

#[component]
fn CaseControls(
    case: &'static Case,
    walk: Memo<Walk>,
    update: impl Fn(Update) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let has_steps = move || walk.with(|w| !w.steps.is_empty());
    let back = move |_| {
        update(Box::new(move |p| {
            p.back(case);
        }))
    };
    let restart = move |_| {
        let role = walk.with_untracked(|w| w.role.clone());
        update(Box::new(move |p| p.restart(role)));
    };
    let change_role = move |_| update(Box::new(move |p| p.restart(None)));
    view! {
        <p class="case__controls">
            <button type="button" class="button button--quiet" on:click=back disabled=move || !has_steps() data-testid="case-back">"一つ戻る"</button>
            <button type="button" class="button button--quiet" on:click=restart disabled=move || !has_steps() data-testid="case-restart">"最初からやり直す"</button>
            {(!case.roles.is_empty()).then(|| view! {
                <button type="button" class="button button--quiet" on:click=change_role disabled=move || walk.with(|w| w.needs_role) data-testid="case-change-role">"立場を選び直す"</button>
            })}
        </p>
    }
}
