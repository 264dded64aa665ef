//! The app shell: hash routing, header and navigation, storage banner, and the page for each route.
//!
//! The same shell runs in each bundle (see `Bundle`), started by `start` with that bundle's pages:
//! `main_page`, `tools_page`, `worksheets_page`, `cases_page`, `session_page`, `instructor_page`,
//! `instructor_assessment_page`, `instructor_worksheets_page`, `instructor_cases_page`, and
//! `every_page` in the offline file. A route that belongs to another bundle hands over to that
//! bundle's page.

use crate::browser;
use crate::components::display_settings::apply_prefs;
use crate::components::shell::{Footer, Header};
use crate::components::storage_banner::StorageBanner;
use crate::model::route::{Bundle, Route};
use crate::pages;
use crate::state::AppState;
use leptos::ev;
use leptos::prelude::*;

/// The current route, read-only: pages navigate with ordinary `#/…` links.
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub Signal<Route>);

fn route_from_location() -> Option<Route> {
    let hash = web_sys::window()?.location().hash().ok()?;
    Route::from_hash(&hash)
}

/// Starts a bundle with its pages. Each binary passes its own (`main_page`, `tools_page`, …, or
/// `every_page` in the offline file), so that it links only those.
pub fn start(pages: fn(Route) -> Option<AnyView>) {
    browser::install_panic_hook();
    mount_to_body(move || view! { <Shell pages /> });
}

/// The main bundle, as the browser tests mount it.
#[component]
pub fn App() -> impl IntoView {
    view! { <Shell pages=main_page /> }
}

/// The tools bundle, as the browser tests mount it.
#[component]
pub fn ToolsApp() -> impl IntoView {
    view! { <Shell pages=tools_page /> }
}

/// `pages` is passed in rather than chosen inside, so that each bundle's binary links only its own
/// pages: the main bundle never references the survey or instructor code, and LTO drops it. It answers
/// `None` for a route another bundle shows.
#[component]
fn Shell(pages: fn(Route) -> Option<AnyView>) -> impl IntoView {
    let state = AppState::start();
    provide_context(state);
    apply_prefs(state.prefs);

    let route = RwSignal::new(route_from_location().unwrap_or(Route::Home));
    // A lesson removes web/boot.js's preview of its text once it shows the same; any other page at once.
    let showing_lesson = move || {
        matches!(
            route.get_untracked(),
            Route::Lesson(_) | Route::LessonAt(..)
        )
    };
    if !showing_lesson() {
        browser::remove_boot_preview();
    }
    provide_context(CurrentRoute(route.into()));
    let main_ref = NodeRef::<leptos::html::Main>::new();
    let _ = window_event_listener(ev::hashchange, move |_| {
        // `#main` and other in-page anchors are not routes: the page stays as it is.
        if let Some(next) = route_from_location() {
            route.set(next);
            if !showing_lesson() {
                browser::remove_boot_preview();
            }
            // Screen readers and keyboard users start reading the new page, not the old link.
            if let Some(main) = main_ref.get_untracked() {
                let _ = main.focus();
            }
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
    });

    let skip_to_main = move |event: ev::MouseEvent| {
        event.prevent_default();
        if let Some(main) = main_ref.get_untracked() {
            let _ = main.focus();
        }
    };
    let page = move || {
        let route = route.get();
        pages(route.clone()).unwrap_or_else(|| view! { <OtherBundle route /> }.into_any())
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>"本文へスキップ"</a>
        <Header />
        <StorageBanner />
        <main id="main" tabindex="-1" node_ref=main_ref>
            {page}
        </main>
        <Footer />
    }
}

/// Every page in one app: the offline file, where a page of its own per bundle is not possible and a
/// reload would lose what storage could not keep.
pub fn every_page(route: Route) -> Option<AnyView> {
    match route.bundle() {
        Bundle::Main => main_page(route),
        Bundle::Tools => tools_page(route),
        Bundle::Worksheets => worksheets_page(route),
        Bundle::Cases => cases_page(route),
        Bundle::Session => session_page(route),
        Bundle::Instructor => instructor_page(route),
        Bundle::InstructorAssessment => instructor_assessment_page(route),
        Bundle::InstructorWorksheets => instructor_worksheets_page(route),
        Bundle::InstructorCases => instructor_cases_page(route),
    }
}

pub fn main_page(route: Route) -> Option<AnyView> {
    Some(match route {
        Route::Home => view! { <pages::home::HomePage /> }.into_any(),
        Route::Lessons => view! { <pages::lessons::LessonsPage /> }.into_any(),
        Route::Lesson(id) => view! { <pages::lesson::LessonPage id /> }.into_any(),
        Route::LessonAt(id, at) => view! { <pages::lesson::LessonPage id at /> }.into_any(),
        Route::Glossary => view! { <pages::glossary::GlossaryPage /> }.into_any(),
        Route::Term(id) => view! { <pages::glossary::GlossaryPage focus=id /> }.into_any(),
        Route::Search(query) => view! { <pages::search::SearchPage query /> }.into_any(),
        Route::NotFound(path) => view! { <pages::not_found::NotFoundPage path /> }.into_any(),
        _ => return None,
    })
}

pub fn tools_page(route: Route) -> Option<AnyView> {
    Some(match route {
        Route::Survey => view! { <pages::survey::SurveyPage /> }.into_any(),
        Route::Assessment => view! { <pages::assessment::AssessmentPage /> }.into_any(),
        Route::Certificate => view! { <pages::certificate::CertificatePage /> }.into_any(),
        Route::My => view! { <pages::my::MyPage /> }.into_any(),
        Route::Handoff => view! { <pages::handoff::HandoffPage /> }.into_any(),
        _ => return None,
    })
}

pub fn worksheets_page(route: Route) -> Option<AnyView> {
    Some(match route {
        Route::Worksheets => view! { <pages::worksheets::WorksheetsPage /> }.into_any(),
        Route::Worksheet(id) => view! { <pages::worksheet::WorksheetPage id /> }.into_any(),
        Route::WorksheetBlank(id) => {
            view! { <pages::worksheet::WorksheetPage id blank=true /> }.into_any()
        }
        Route::WorksheetPresent(id) => {
            view! { <pages::worksheet_present::WorksheetPresentPage id /> }.into_any()
        }
        _ => return None,
    })
}

pub fn cases_page(route: Route) -> Option<AnyView> {
    Some(match route {
        Route::Cases => view! { <pages::cases::CasesPage /> }.into_any(),
        Route::Case(id) => view! { <pages::case::CasePage id /> }.into_any(),
        _ => return None,
    })
}

pub fn instructor_page(route: Route) -> Option<AnyView> {
    (route == Route::Instructor).then(|| view! { <pages::instructor::InstructorPage /> }.into_any())
}

pub fn instructor_assessment_page(route: Route) -> Option<AnyView> {
    (route == Route::InstructorAssessment)
        .then(|| view! { <pages::instructor_assessment::InstructorAssessmentPage /> }.into_any())
}

pub fn instructor_worksheets_page(route: Route) -> Option<AnyView> {
    (route == Route::InstructorWorksheets)
        .then(|| view! { <pages::instructor_worksheets::InstructorWorksheetsPage /> }.into_any())
}

pub fn instructor_cases_page(route: Route) -> Option<AnyView> {
    (route == Route::InstructorCases)
        .then(|| view! { <pages::instructor_cases::InstructorCasesPage /> }.into_any())
}

pub fn session_page(route: Route) -> Option<AnyView> {
    Some(match route {
        Route::InstructorSession => view! { <pages::session::SessionPage /> }.into_any(),
        Route::SessionPresent => {
            view! { <pages::session_present::SessionPresentPage /> }.into_any()
        }
        Route::SessionProgram => {
            view! { <pages::session_program::SessionProgramPage /> }.into_any()
        }
        _ => return None,
    })
}

/// Opens the page of the bundle that shows `route` (only over http: the offline file shows every page).
#[component]
fn OtherBundle(route: Route) -> impl IntoView {
    let href = format!("{}{}", route.bundle().file(), route.href());
    expect_context::<AppState>().carry_to_next_page();
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        let _ = location.replace(&href);
    }
    view! {
        <p role="status">"ページを切り替えています…"</p>
        <p><a href=href>"切り替わらないときはこちら"</a></p>
    }
}
