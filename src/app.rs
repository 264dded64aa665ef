//! The app shell: hash routing, header and navigation, storage banner, and the page for each route.

use crate::components::display_settings::apply_prefs;
use crate::components::shell::{Footer, Header};
use crate::components::storage_banner::StorageBanner;
use crate::model::route::{Route, Section};
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

pub fn start() {
    mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::start();
    provide_context(state);
    apply_prefs(state.prefs);

    let route = RwSignal::new(route_from_location().unwrap_or(Route::Home));
    provide_context(CurrentRoute(route.into()));
    let main_ref = NodeRef::<leptos::html::Main>::new();
    let _ = window_event_listener(ev::hashchange, move |_| {
        // `#main` and other in-page anchors are not routes: the page stays as it is.
        if let Some(next) = route_from_location() {
            route.set(next);
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

    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>"本文へスキップ"</a>
        <Header />
        <StorageBanner />
        <main id="main" tabindex="-1" node_ref=main_ref>
            {move || page_for(route.get())}
        </main>
        <Footer />
    }
}

fn page_for(route: Route) -> AnyView {
    match route {
        Route::Home => view! { <pages::home::HomePage /> }.into_any(),
        Route::Lessons => view! { <pages::lessons::LessonsPage /> }.into_any(),
        Route::Lesson(id) => view! { <pages::lesson::LessonPage id /> }.into_any(),
        Route::LessonAt(id, at) => view! { <pages::lesson::LessonPage id at /> }.into_any(),
        Route::My => view! { <pages::my::MyPage /> }.into_any(),
        Route::NotFound(path) => view! { <pages::not_found::NotFoundPage path /> }.into_any(),
        Route::Worksheets | Route::Worksheet(_) => preparing(Section::Worksheets),
        Route::Cases | Route::Case(_) => preparing(Section::Cases),
        #[cfg(feature = "survey-ui")]
        Route::Survey => view! { <pages::survey::SurveyPage /> }.into_any(),
        #[cfg(feature = "survey-ui")]
        Route::Instructor => view! { <pages::instructor::InstructorPage /> }.into_any(),
        #[cfg(not(feature = "survey-ui"))]
        Route::Survey => preparing(Section::Survey),
        #[cfg(not(feature = "survey-ui"))]
        Route::Instructor => preparing(Section::Instructor),
        Route::Glossary => view! { <pages::glossary::GlossaryPage /> }.into_any(),
        Route::Term(id) => view! { <pages::glossary::GlossaryPage focus=id /> }.into_any(),
        Route::Search(query) => view! { <pages::search::SearchPage query /> }.into_any(),
    }
}

fn preparing(section: Section) -> AnyView {
    view! { <pages::preparing::PreparingPage title=section.label() /> }.into_any()
}
