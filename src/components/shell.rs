//! Header with the course title and navigation, and the footer with the offline download.

use crate::app::CurrentRoute;
use crate::browser;
use crate::components::display_settings::DisplaySettings;
use crate::content::COURSE;
use crate::model::route::{NavSection, Route};
use leptos::prelude::*;

/// The name of the single-file build beside index.html (scripts/build writes it).
pub const OFFLINE_FILE: &str = "nimo-kenshu.html";

#[component]
pub fn Header() -> impl IntoView {
    let CurrentRoute(route) = expect_context::<CurrentRoute>();
    let links = NavSection::ALL
        .into_iter()
        .map(|section| {
            let current = move || (route.get().section() == section).then_some("page");
            view! {
                <li>
                    <a href=section.route().href() aria-current=current data-testid=format!("nav-{:?}", section).to_lowercase()>
                        {section.label()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <header class="site-header">
            <div class="site-header__bar">
                <a class="site-title" href=Route::Home.href()>{COURSE.title}</a>
                <div class="site-header__tools">
                    <a class="header-link" href=Route::Search(String::new()).href() data-testid="nav-search">"検索"</a>
                    <a class="header-link" href=Route::Glossary.href() data-testid="nav-glossary">"用語集"</a>
                    <DisplaySettings />
                </div>
            </div>
            <nav aria-label="主なメニュー">
                <ul class="site-nav">{links}</ul>
            </nav>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let offline = if browser::is_file_protocol() {
        view! {
            <p>"このページはオフライン版（1つのHTMLファイル）です。ネットワークなしで使えます。"</p>
        }
        .into_any()
    } else {
        view! {
            <p>
                <a href=OFFLINE_FILE download=OFFLINE_FILE data-testid="offline-download">
                    "オフライン版をダウンロード"
                </a>
                "（1つのHTMLファイル。USBメモリなどに入れて、ネットワークのない場所でも開けます）"
            </p>
        }
        .into_any()
    };
    view! {
        <footer class="site-footer">
            {offline}
            <p class="site-footer__version">"教材の版: " {COURSE.version}</p>
        </footer>
    }
}
