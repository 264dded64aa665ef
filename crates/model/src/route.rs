//! Hash routes (`#/…`): deep links work on any static host and from file:// without rewrite rules.

/// A place in the app. Unknown paths keep their text so the 404 page can show what was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Lessons,
    Lesson(String),
    /// A lesson scrolled to one of its sections (`#/lesson/<id>?at=s-3`), where search results point.
    LessonAt(String, String),
    Worksheets,
    Worksheet(String),
    /// The empty sheet, for printing and filling on paper.
    WorksheetBlank(String),
    /// The facilitator's full-screen view of a sheet's prompts with a timer.
    WorksheetPresent(String),
    Cases,
    Case(String),
    Survey,
    Glossary,
    /// One glossary entry: `#/glossary/<id>`.
    Term(String),
    Search(String),
    My,
    Instructor,
    /// The instructor's view of many trainees' worksheets.
    InstructorWorksheets,
    /// The instructor's view of many trainees' case scenarios: endings and choices.
    InstructorCases,
    /// The facilitator's programme builder for a training day.
    InstructorSession,
    /// The programme shown full screen during the day: current item, countdown, next item.
    SessionPresent,
    /// The programme as an A4 handout with facilitator notes.
    SessionProgram,
    /// The pre/post self-assessment (事前・事後の自己評価).
    Assessment,
    /// The instructor's pairing of pre and post self-assessments.
    InstructorAssessment,
    /// The printable 修了証.
    Certificate,
    /// The worksheet answers and case paths as QR codes for the instructor's camera. In the tools
    /// bundle beside the survey's codes, so that the worksheet and case pages need no QR encoder.
    Handoff,
    NotFound(String),
}

impl Route {
    /// Parses `location.hash`. Returns `None` for in-page anchors such as `#main`, which are not routes
    /// and must not replace the current page.
    pub fn from_hash(hash: &str) -> Option<Route> {
        let path = match hash.strip_prefix('#') {
            None | Some("") => return Some(Route::Home),
            Some(rest) => rest,
        };
        let path = path.strip_prefix('/')?;
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        Some(match segments.as_slice() {
            [] => Route::Home,
            ["lessons"] => Route::Lessons,
            ["lesson", id] => match query.and_then(|q| query_param(q, "at")) {
                Some(at) if !at.is_empty() => Route::LessonAt((*id).to_owned(), at),
                _ => Route::Lesson((*id).to_owned()),
            },
            ["worksheets"] => Route::Worksheets,
            ["worksheet", id] => Route::Worksheet((*id).to_owned()),
            ["worksheet", id, "blank"] => Route::WorksheetBlank((*id).to_owned()),
            ["worksheet", id, "present"] => Route::WorksheetPresent((*id).to_owned()),
            ["cases"] => Route::Cases,
            ["case", id] => Route::Case((*id).to_owned()),
            ["survey"] => Route::Survey,
            ["glossary"] => Route::Glossary,
            ["glossary", id] => Route::Term((*id).to_owned()),
            ["search"] => {
                Route::Search(query.and_then(|q| query_param(q, "q")).unwrap_or_default())
            }
            ["my"] => Route::My,
            ["instructor"] => Route::Instructor,
            ["instructor", "worksheets"] => Route::InstructorWorksheets,
            ["instructor", "cases"] => Route::InstructorCases,
            ["instructor", "session"] => Route::InstructorSession,
            ["instructor", "session", "present"] => Route::SessionPresent,
            ["instructor", "session", "program"] => Route::SessionProgram,
            ["assessment"] => Route::Assessment,
            ["instructor", "assessment"] => Route::InstructorAssessment,
            ["certificate"] => Route::Certificate,
            ["handoff"] => Route::Handoff,
            _ => Route::NotFound(format!("/{path}")),
        })
    }

    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Lessons => "#/lessons".into(),
            Route::Lesson(id) => format!("#/lesson/{}", percent_encode(id)),
            Route::LessonAt(id, at) => {
                format!("#/lesson/{}?at={}", percent_encode(id), percent_encode(at))
            }
            Route::Worksheets => "#/worksheets".into(),
            Route::Worksheet(id) => format!("#/worksheet/{}", percent_encode(id)),
            Route::WorksheetBlank(id) => format!("#/worksheet/{}/blank", percent_encode(id)),
            Route::WorksheetPresent(id) => format!("#/worksheet/{}/present", percent_encode(id)),
            Route::Cases => "#/cases".into(),
            Route::Case(id) => format!("#/case/{}", percent_encode(id)),
            Route::Survey => "#/survey".into(),
            Route::Glossary => "#/glossary".into(),
            Route::Term(id) => format!("#/glossary/{}", percent_encode(id)),
            Route::Search(q) if q.is_empty() => "#/search".into(),
            Route::Search(q) => format!("#/search?q={}", percent_encode(q)),
            Route::My => "#/my".into(),
            Route::Instructor => "#/instructor".into(),
            Route::InstructorWorksheets => "#/instructor/worksheets".into(),
            Route::InstructorCases => "#/instructor/cases".into(),
            Route::InstructorSession => "#/instructor/session".into(),
            Route::SessionPresent => "#/instructor/session/present".into(),
            Route::SessionProgram => "#/instructor/session/program".into(),
            Route::Assessment => "#/assessment".into(),
            Route::InstructorAssessment => "#/instructor/assessment".into(),
            Route::Certificate => "#/certificate".into(),
            Route::Handoff => "#/handoff".into(),
            Route::NotFound(path) => format!("#{path}"),
        }
    }

    /// The top-level navigation section this route belongs to, for `aria-current`.
    pub fn section(&self) -> NavSection {
        match self {
            Route::Home | Route::NotFound(_) | Route::Search(_) => NavSection::Home,
            Route::Lessons
            | Route::Lesson(_)
            | Route::LessonAt(..)
            | Route::Glossary
            | Route::Term(_) => NavSection::Lessons,
            Route::Worksheets
            | Route::Worksheet(_)
            | Route::WorksheetBlank(_)
            | Route::WorksheetPresent(_)
            | Route::Handoff => NavSection::Worksheets,
            Route::Cases | Route::Case(_) => NavSection::Cases,
            Route::Survey | Route::Assessment => NavSection::Survey,
            Route::My | Route::Certificate => NavSection::My,
            Route::Instructor
            | Route::InstructorWorksheets
            | Route::InstructorCases
            | Route::InstructorSession
            | Route::SessionPresent
            | Route::SessionProgram
            | Route::InstructorAssessment => NavSection::Instructor,
        }
    }
}

/// Over http the app is shipped as nine wasm bundles so that each first visit downloads only what it
/// shows (at most 250 KB brotli, see docs/architecture.md): the main one (home, lessons, glossary,
/// search), the tools one (記録, the survey, the self-assessment, the certificate, the QR hand-off of
/// worksheets and cases), the worksheets one, the cases one, the session one (the facilitator's
/// programme, present mode and handout), and one for each of the instructor's four imports (survey,
/// self-assessment, worksheets, cases). The offline file carries one wasm with every page instead
/// (`app::every_page`), so it never reloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    Main,
    Tools,
    Worksheets,
    Cases,
    Session,
    Instructor,
    InstructorAssessment,
    InstructorWorksheets,
    InstructorCases,
}

impl Bundle {
    pub const ALL: [Bundle; 9] = [
        Bundle::Main,
        Bundle::Tools,
        Bundle::Worksheets,
        Bundle::Cases,
        Bundle::Session,
        Bundle::Instructor,
        Bundle::InstructorAssessment,
        Bundle::InstructorWorksheets,
        Bundle::InstructorCases,
    ];

    /// The page of this bundle in dist/.
    pub fn file(self) -> &'static str {
        match self {
            Bundle::Main => "index.html",
            Bundle::Tools => "tools.html",
            Bundle::Worksheets => "worksheets.html",
            Bundle::Cases => "cases.html",
            Bundle::Session => "session.html",
            Bundle::Instructor => "instructor.html",
            Bundle::InstructorAssessment => "instructor-assessment.html",
            Bundle::InstructorWorksheets => "instructor-worksheets.html",
            Bundle::InstructorCases => "instructor-cases.html",
        }
    }

    /// The cargo binary that starts this bundle.
    pub fn binary(self) -> &'static str {
        match self {
            Bundle::Main => "nimo-kenshu",
            Bundle::Tools => "nimo-kenshu-tools",
            Bundle::Worksheets => "nimo-kenshu-worksheets",
            Bundle::Cases => "nimo-kenshu-cases",
            Bundle::Session => "nimo-kenshu-session",
            Bundle::Instructor => "nimo-kenshu-instructor",
            Bundle::InstructorAssessment => "nimo-kenshu-instructor-assessment",
            Bundle::InstructorWorksheets => "nimo-kenshu-instructor-worksheets",
            Bundle::InstructorCases => "nimo-kenshu-instructor-cases",
        }
    }

    /// The page title before the app starts (the app then names the page it shows).
    pub fn title(self) -> &'static str {
        match self {
            Bundle::Main => "にも包括 研修",
            Bundle::Tools => "アンケート・記録 | にも包括 研修",
            Bundle::Worksheets => "ワークシート | にも包括 研修",
            Bundle::Cases => "事例で考える | にも包括 研修",
            Bundle::Session => "研修の進行 | にも包括 研修",
            Bundle::Instructor => "講師用 | にも包括 研修",
            Bundle::InstructorAssessment => "講師用: 自己評価の集計 | にも包括 研修",
            Bundle::InstructorWorksheets => "講師用: ワークシートの集計 | にも包括 研修",
            Bundle::InstructorCases => "講師用: 事例の集計 | にも包括 研修",
        }
    }

    /// Whether this bundle's pages read QR codes with the camera (and so fetch the reader module when it
    /// opens, crates/qr-reader).
    pub fn reads_qr_codes(self) -> bool {
        matches!(
            self,
            Bundle::Instructor
                | Bundle::InstructorAssessment
                | Bundle::InstructorWorksheets
                | Bundle::InstructorCases
        )
    }

    /// The route paths this bundle shows: a route whose path (after `#/`) is one of these, or goes on
    /// from one with `/` or `?`, is this bundle's; the longest match wins (`instructor/session` over
    /// `instructor`), and the main bundle shows the rest. The pages' loader picks a bundle from this
    /// table before any wasm is downloaded, so it must agree with `Route::bundle` (a test checks every
    /// route).
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Bundle::Main => &[],
            Bundle::Tools => &["my", "survey", "assessment", "certificate", "handoff"],
            Bundle::Worksheets => &["worksheets", "worksheet"],
            Bundle::Cases => &["cases", "case"],
            Bundle::Session => &["instructor/session"],
            Bundle::Instructor => &["instructor"],
            Bundle::InstructorAssessment => &["instructor/assessment"],
            Bundle::InstructorWorksheets => &["instructor/worksheets"],
            Bundle::InstructorCases => &["instructor/cases"],
        }
    }
}

impl Route {
    /// Which bundle shows this route.
    pub fn bundle(&self) -> Bundle {
        match self {
            // 記録 lives here too: its restore and delete code is not needed on every page of the main bundle.
            Route::My | Route::Survey | Route::Assessment | Route::Certificate | Route::Handoff => {
                Bundle::Tools
            }
            Route::Worksheets
            | Route::Worksheet(_)
            | Route::WorksheetBlank(_)
            | Route::WorksheetPresent(_) => Bundle::Worksheets,
            Route::Cases | Route::Case(_) => Bundle::Cases,
            Route::InstructorSession | Route::SessionPresent | Route::SessionProgram => {
                Bundle::Session
            }
            // Each import view is a bundle of its own: any two of them together are over the
            // first-visit budget (docs/architecture.md).
            Route::Instructor => Bundle::Instructor,
            Route::InstructorAssessment => Bundle::InstructorAssessment,
            Route::InstructorWorksheets => Bundle::InstructorWorksheets,
            Route::InstructorCases => Bundle::InstructorCases,
            Route::Home
            | Route::Lessons
            | Route::Lesson(_)
            | Route::LessonAt(..)
            | Route::Glossary
            | Route::Term(_)
            | Route::Search(_)
            | Route::NotFound(_) => Bundle::Main,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavSection {
    Home,
    Lessons,
    Worksheets,
    Cases,
    Survey,
    My,
    Instructor,
}

impl NavSection {
    pub const ALL: [NavSection; 7] = [
        NavSection::Home,
        NavSection::Lessons,
        NavSection::Worksheets,
        NavSection::Cases,
        NavSection::Survey,
        NavSection::My,
        NavSection::Instructor,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NavSection::Home => "ホーム",
            NavSection::Lessons => "講義",
            NavSection::Worksheets => "ワークシート",
            NavSection::Cases => "事例",
            NavSection::Survey => "アンケート",
            NavSection::My => "記録",
            NavSection::Instructor => "講師用",
        }
    }

    pub fn route(self) -> Route {
        match self {
            NavSection::Home => Route::Home,
            NavSection::Lessons => Route::Lessons,
            NavSection::Worksheets => Route::Worksheets,
            NavSection::Cases => Route::Cases,
            NavSection::Survey => Route::Survey,
            NavSection::My => Route::My,
            NavSection::Instructor => Route::Instructor,
        }
    }
}

fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| percent_decode(&value.replace('+', " ")))
    })
}

/// Decodes `%XX` escapes as UTF-8; malformed escapes are kept literally rather than rejected,
/// because a hand-typed URL should still land somewhere sensible.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_root_hashes_are_home() {
        assert_eq!(Route::from_hash(""), Some(Route::Home));
        assert_eq!(Route::from_hash("#"), Some(Route::Home));
        assert_eq!(Route::from_hash("#/"), Some(Route::Home));
    }

    #[test]
    fn in_page_anchor_is_not_a_route() {
        assert_eq!(Route::from_hash("#main"), None);
    }

    #[test]
    fn lesson_route_round_trips() {
        let route = Route::Lesson("renkei-mokuteki".into());
        assert_eq!(Route::from_hash(&route.href()), Some(route));
    }

    #[test]
    fn japanese_search_query_round_trips() {
        let route = Route::Search("協議の場 ピア".into());
        assert_eq!(
            route.href(),
            "#/search?q=%E5%8D%94%E8%AD%B0%E3%81%AE%E5%A0%B4%20%E3%83%94%E3%82%A2"
        );
        assert_eq!(Route::from_hash(&route.href()), Some(route));
    }

    #[test]
    fn lesson_sections_and_terms_round_trip() {
        for route in [
            Route::LessonAt("a".into(), "s-3".into()),
            Route::Term("sochi-nyuin".into()),
            Route::Glossary,
        ] {
            assert_eq!(Route::from_hash(&route.href()), Some(route));
        }
        assert_eq!(
            Route::from_hash("#/lesson/a?at="),
            Some(Route::Lesson("a".into()))
        );
    }

    #[test]
    fn worksheet_views_round_trip() {
        for route in [
            Route::Worksheet("yon-yoso".into()),
            Route::WorksheetBlank("yon-yoso".into()),
            Route::WorksheetPresent("group-work".into()),
            Route::InstructorWorksheets,
            Route::InstructorCases,
            Route::InstructorSession,
            Route::SessionPresent,
            Route::SessionProgram,
            Route::Assessment,
            Route::InstructorAssessment,
            Route::Certificate,
            Route::Handoff,
        ] {
            assert_eq!(Route::from_hash(&route.href()), Some(route));
        }
        assert_eq!(
            Route::from_hash("#/worksheet/a/other"),
            Some(Route::NotFound("/worksheet/a/other".into()))
        );
    }

    #[test]
    fn plus_in_query_is_a_space() {
        assert_eq!(
            Route::from_hash("#/search?q=a+b"),
            Some(Route::Search("a b".into()))
        );
    }

    #[test]
    fn unknown_path_is_not_found_with_its_text() {
        assert_eq!(
            Route::from_hash("#/nope/x"),
            Some(Route::NotFound("/nope/x".into()))
        );
        assert_eq!(
            Route::from_hash("#/lesson"),
            Some(Route::NotFound("/lesson".into()))
        );
    }

    #[test]
    fn malformed_escape_is_kept_literally() {
        assert_eq!(percent_decode("a%zz%4"), "a%zz%4");
        assert_eq!(percent_decode("%E3%81%82"), "あ");
    }

    fn one_of_each_route() -> Vec<Route> {
        let id = || "a".to_owned();
        vec![
            Route::Home,
            Route::Lessons,
            Route::Lesson(id()),
            Route::LessonAt(id(), "s-1".into()),
            Route::Worksheets,
            Route::Worksheet(id()),
            Route::WorksheetBlank(id()),
            Route::WorksheetPresent(id()),
            Route::Cases,
            Route::Case(id()),
            Route::Survey,
            Route::Glossary,
            Route::Term(id()),
            Route::Search("q".into()),
            Route::My,
            Route::Instructor,
            Route::InstructorWorksheets,
            Route::InstructorCases,
            Route::InstructorSession,
            Route::SessionPresent,
            Route::SessionProgram,
            Route::Assessment,
            Route::InstructorAssessment,
            Route::Certificate,
            Route::Handoff,
            Route::NotFound("/x".into()),
        ]
    }

    /// What the pages' loader (web/boot.js) does in JavaScript before any wasm arrives.
    fn bundle_by_prefix(href: &str) -> Bundle {
        let path = href.trim_start_matches("#/");
        let continues = |prefix: &str| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
        };
        Bundle::ALL
            .into_iter()
            .flat_map(|bundle| bundle.prefixes().iter().map(move |p| (bundle, *p)))
            .filter(|(_, prefix)| continues(prefix))
            .max_by_key(|(_, prefix)| prefix.len())
            .map_or(Bundle::Main, |(bundle, _)| bundle)
    }

    #[test]
    fn the_loader_table_picks_the_bundle_of_every_route() {
        for route in one_of_each_route() {
            assert_eq!(bundle_by_prefix(&route.href()), route.bundle(), "{route:?}");
        }
    }

    #[test]
    fn instructor_views_and_trainee_tools_are_apart() {
        assert_eq!(Route::Survey.bundle(), Bundle::Tools);
        assert_eq!(Route::Worksheet("a".into()).bundle(), Bundle::Worksheets);
        assert_eq!(Route::Case("a".into()).bundle(), Bundle::Cases);
        assert_eq!(Route::Handoff.bundle(), Bundle::Tools);
        assert_eq!(Route::Instructor.bundle(), Bundle::Instructor);
        assert_eq!(
            Route::InstructorWorksheets.bundle(),
            Bundle::InstructorWorksheets
        );
        assert_eq!(
            bundle_by_prefix("#/instructor/assessment?x"),
            Bundle::InstructorAssessment
        );
        assert_eq!(Route::SessionPresent.bundle(), Bundle::Session);
        assert_eq!(
            bundle_by_prefix("#/instructor/sessions"),
            Bundle::Instructor
        );
        assert_eq!(bundle_by_prefix("#/instructor/session?x"), Bundle::Session);
        assert_eq!(Route::Lesson("a".into()).bundle(), Bundle::Main);
        let files: std::collections::BTreeSet<_> = Bundle::ALL.map(Bundle::file).into();
        let binaries: std::collections::BTreeSet<_> = Bundle::ALL.map(Bundle::binary).into();
        assert_eq!((files.len(), binaries.len()), (9, 9));
    }

    #[test]
    fn every_section_route_maps_back_to_its_section() {
        for section in NavSection::ALL {
            assert_eq!(section.route().section(), section);
        }
    }
}
