//! The facilitator's programme for a training day: its items and their times, the 研修コード trainees type
//! into their survey and exports, editing, and the JSON file co-facilitators pass to each other.
//!
//! Items name the course's lessons, worksheets and cases by id. Content differs between versions of the
//! app, so an id this version does not know is kept and reported, never dropped or refused.

pub mod timer;

use crate::io::date::Day;
use crate::io::import::{ExportKind, ImportError, check_version, read_head};
use crate::survey::normalise_session_code;
use serde::{Deserialize, Serialize};
use std::fmt;

pub const SESSION_FORMAT: &str = "nimo-kenshu-session";
pub const SESSION_SCHEMA_VERSION: u32 = 1;
/// A programme of sixty items with long notes is a few tens of KB; 1 MB leaves room and refuses stray
/// large files before they are parsed.
pub const MAX_SESSION_BYTES: u64 = 1024 * 1024;
/// A whole day (8 hours) is the longest single item that makes sense.
pub const MAX_ITEM_MINUTES: u32 = 480;
pub const MAX_ITEMS: usize = 60;
pub const MAX_TEXT_CHARS: usize = 10_000;

/// Letters and digits that cannot be mistaken for one another when read off a projector and typed on a
/// phone: no 0/o, no 1/l/i.
pub const CODE_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Greeting,
    Lecture,
    Sharing,
    Break,
    Exercise,
    Closing,
    Other,
}

impl ItemKind {
    pub const ALL: [ItemKind; 7] = [
        ItemKind::Greeting,
        ItemKind::Lecture,
        ItemKind::Sharing,
        ItemKind::Break,
        ItemKind::Exercise,
        ItemKind::Closing,
        ItemKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Greeting => "挨拶",
            ItemKind::Lecture => "講義",
            ItemKind::Sharing => "シェアリング",
            ItemKind::Break => "休憩",
            ItemKind::Exercise => "演習",
            ItemKind::Closing => "まとめ",
            ItemKind::Other => "その他",
        }
    }

    /// The serialised name, used as the value of the kind selector.
    pub fn id(self) -> &'static str {
        match self {
            ItemKind::Greeting => "greeting",
            ItemKind::Lecture => "lecture",
            ItemKind::Sharing => "sharing",
            ItemKind::Break => "break",
            ItemKind::Exercise => "exercise",
            ItemKind::Closing => "closing",
            ItemKind::Other => "other",
        }
    }

    pub fn from_id(id: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// A time of day in minutes after midnight, written `HH:MM`. Later items may run past midnight
/// (a long programme typed by mistake), so values of a day or more are allowed and shown as 翌….
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(pub u32);

impl ClockTime {
    /// Parses `H:MM` or `HH:MM` (what `<input type="time">` gives), within one day.
    pub fn parse(text: &str) -> Option<ClockTime> {
        let (h, m) = text.trim().split_once(':')?;
        if h.is_empty()
            || h.len() > 2
            || m.len() != 2
            || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60).then_some(ClockTime(h * 60 + m))
    }

    /// The value for `<input type="time">` and the file: always `HH:MM` within the day.
    pub fn hh_mm(self) -> String {
        let within = self.0 % (24 * 60);
        format!("{:02}:{:02}", within / 60, within % 60)
    }

    pub fn plus(self, minutes: u32) -> ClockTime {
        ClockTime(self.0.saturating_add(minutes))
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= 24 * 60 {
            write!(f, "翌{}", self.hh_mm())
        } else {
            f.write_str(&self.hh_mm())
        }
    }
}

impl Serialize for ClockTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hh_mm())
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ClockTime::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("start が時刻（HH:MM）ではありません: {text}"))
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub kind: ItemKind,
    pub title: String,
    /// What the part is about, in a sentence or two; shown in present mode and on the printed programme.
    #[serde(default)]
    pub theme: String,
    pub minutes: u32,
    #[serde(default)]
    pub lessons: Vec<String>,
    #[serde(default)]
    pub worksheets: Vec<String>,
    #[serde(default)]
    pub cases: Vec<String>,
    /// The 効果測定アンケート is answered during this item.
    #[serde(default)]
    pub survey: bool,
    /// The facilitator's own notes, printed with the notes drawn from the lessons.
    #[serde(default)]
    pub notes: String,
}

impl Item {
    pub fn new(kind: ItemKind, title: &str, minutes: u32) -> Item {
        Item {
            kind,
            title: title.into(),
            theme: String::new(),
            minutes: minutes.clamp(1, MAX_ITEM_MINUTES),
            lessons: Vec::new(),
            worksheets: Vec::new(),
            cases: Vec::new(),
            survey: false,
            notes: String::new(),
        }
    }

    /// 「講義3 連携における…」 or just 「休憩」 when the title says nothing more than the kind.
    pub fn heading(&self) -> String {
        if self.title.is_empty() {
            self.kind.label().to_owned()
        } else {
            self.title.clone()
        }
    }

    pub fn uses_materials(&self) -> bool {
        self.survey
            || !(self.lessons.is_empty() && self.worksheets.is_empty() && self.cases.is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub title: String,
    /// `YYYY-MM-DD`, or empty while the day is not fixed.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub place: String,
    /// Stored as the survey stores what trainees type (`normalise_session_code`), so the two match.
    #[serde(default)]
    pub code: String,
    pub start: ClockTime,
    pub items: Vec<Item>,
}

/// One item's place in the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub start: ClockTime,
    pub end: ClockTime,
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〜{}", self.start, self.end)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl Programme {
    /// Each item's start and end, one after another from the programme's start.
    pub fn schedule(&self) -> Vec<Slot> {
        let mut at = self.start;
        self.items
            .iter()
            .map(|item| {
                let slot = Slot {
                    start: at,
                    end: at.plus(item.minutes),
                };
                at = slot.end;
                slot
            })
            .collect()
    }

    pub fn end(&self) -> ClockTime {
        self.start.plus(self.total_minutes())
    }

    pub fn total_minutes(&self) -> u32 {
        self.items.iter().map(|i| i.minutes).sum()
    }

    /// Sets an item's length; `false` (and nothing changed) when the index or the minutes are out of range.
    pub fn set_minutes(&mut self, index: usize, minutes: u32) -> bool {
        match self.items.get_mut(index) {
            Some(item) if (1..=MAX_ITEM_MINUTES).contains(&minutes) => {
                item.minutes = minutes;
                true
            }
            _ => false,
        }
    }

    /// Adds an item after `after` (or at the end); `None` when the programme is full.
    pub fn add(&mut self, after: Option<usize>, item: Item) -> Option<usize> {
        if self.items.len() >= MAX_ITEMS {
            return None;
        }
        let at = after.map_or(self.items.len(), |i| (i + 1).min(self.items.len()));
        self.items.insert(at, item);
        Some(at)
    }

    pub fn remove(&mut self, index: usize) -> Option<Item> {
        (index < self.items.len()).then(|| self.items.remove(index))
    }

    /// Puts back an item that `remove` took out, where it was.
    pub fn restore(&mut self, index: usize, item: Item) -> bool {
        if self.items.len() >= MAX_ITEMS {
            return false;
        }
        self.items.insert(index.min(self.items.len()), item);
        true
    }

    /// Copies an item to just below itself; the copy's index, or `None` at the size limit.
    pub fn duplicate(&mut self, index: usize) -> Option<usize> {
        let copy = self.items.get(index)?.clone();
        self.add(Some(index), copy)
    }

    /// Swaps an item with its neighbour; its new index, or `None` at either end.
    pub fn move_item(&mut self, index: usize, direction: Direction) -> Option<usize> {
        move_entry(&mut self.items, index, direction)
    }

    /// Sets the 研修コード as trainees would type it, folded the same way.
    pub fn set_code(&mut self, typed: &str) {
        self.code = normalise_session_code(typed);
    }

    /// Every lesson, worksheet and case id the programme uses that `known` does not have, with where.
    pub fn unknown_materials(&self, known: &Materials<'_>) -> Vec<String> {
        let mut warnings = Vec::new();
        for (n, item) in self.items.iter().enumerate() {
            let place = format!("{}番目の項目「{}」", n + 1, item.heading());
            let lists: [(&[String], &[&str], &str); 3] = [
                (&item.lessons, &known.lessons, "講義"),
                (&item.worksheets, &known.worksheets, "ワークシート"),
                (&item.cases, &known.cases, "事例"),
            ];
            for (ids, known_ids, what) in lists {
                for id in ids.iter().filter(|id| !known_ids.contains(&id.as_str())) {
                    warnings.push(format!(
                        "{place}の{what}「{id}」は、この版の教材にありません"
                    ));
                }
            }
        }
        warnings
    }

    /// The file a facilitator saves and a co-facilitator imports (also what the browser stores).
    pub fn to_json(&self, course_version: &str, exported_on: Option<Day>) -> String {
        let file = SessionFileOut {
            format: SESSION_FORMAT,
            schema_version: SESSION_SCHEMA_VERSION,
            course_version,
            exported_on: exported_on.map(|d| d.to_string()),
            programme: self,
        };
        serde_json::to_string_pretty(&file).expect("a programme always serialises")
    }

    /// `nimo-session-<code>-<date>.json`, with the training day if set, else the day of export.
    pub fn file_name(&self, today: Day) -> String {
        let code = if self.code.is_empty() {
            "nocode"
        } else {
            &self.code
        };
        let day = Day::parse(&self.date).unwrap_or(today);
        format!("nimo-session-{code}-{day}.json")
    }
}

/// Moves one entry of a list up or down by one. Pages keep per-row view state in a list beside the
/// programme's items and move it with the same function, so the two cannot disagree.
pub fn move_entry<T>(list: &mut [T], index: usize, direction: Direction) -> Option<usize> {
    let other = match direction {
        Direction::Up => index.checked_sub(1)?,
        Direction::Down => index + 1,
    };
    if index >= list.len() || other >= list.len() {
        return None;
    }
    list.swap(index, other);
    Some(other)
}

/// The ids of the materials this build of the app has.
#[derive(Clone, Debug, Default)]
pub struct Materials<'a> {
    pub lessons: Vec<&'a str>,
    pub worksheets: Vec<&'a str>,
    pub cases: Vec<&'a str>,
}

/// A new 研修コード from six random bytes: `abc-234`, already in the form the survey stores.
pub fn generate_code(random: [u8; 6]) -> String {
    let letter = |b: u8| char::from(CODE_ALPHABET[usize::from(b) % CODE_ALPHABET.len()]);
    let text: String = random[..3]
        .iter()
        .map(|&b| letter(b))
        .chain(['-'])
        .chain(random[3..].iter().map(|&b| letter(b)))
        .collect();
    normalise_session_code(&text)
}

#[derive(Serialize)]
struct SessionFileOut<'a> {
    format: &'static str,
    schema_version: u32,
    course_version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    exported_on: Option<String>,
    programme: &'a Programme,
}

#[derive(Deserialize)]
struct SessionFileIn {
    programme: Programme,
}

/// A programme read from a file or from storage, with the materials this version does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub programme: Programme,
    pub warnings: Vec<String>,
}

/// Reads a programme file (or the stored copy) with the checks of every import: a file of another kind
/// is named and sent to the page that reads it.
pub fn parse_session(text: &str, known: &Materials<'_>) -> Result<Imported, ImportError> {
    let head = read_head(text, MAX_SESSION_BYTES, &[ExportKind::Session])?;
    check_version(&head, SESSION_SCHEMA_VERSION)?;
    let file: SessionFileIn =
        serde_json::from_str(text).map_err(|e| ImportError::Invalid(e.to_string()))?;
    let mut programme = file.programme;
    validate(&programme).map_err(ImportError::Invalid)?;
    // A hand-edited file may carry a code as typed; store it as the survey would.
    programme.code = normalise_session_code(&programme.code);
    let warnings = programme.unknown_materials(known);
    Ok(Imported {
        programme,
        warnings,
    })
}

fn validate(programme: &Programme) -> Result<(), String> {
    if !programme.date.is_empty() && Day::parse(&programme.date).is_none() {
        return Err(format!(
            "date が日付（YYYY-MM-DD）ではありません: {}",
            programme.date
        ));
    }
    if programme.items.len() > MAX_ITEMS {
        return Err(format!(
            "項目が多すぎます（{}件。{MAX_ITEMS}件までです）",
            programme.items.len()
        ));
    }
    let too_long = |text: &str| text.chars().count() > MAX_TEXT_CHARS;
    if too_long(&programme.title) || too_long(&programme.place) {
        return Err(format!(
            "研修名または会場が長すぎます（{MAX_TEXT_CHARS}文字までです）"
        ));
    }
    for (n, item) in programme.items.iter().enumerate() {
        if !(1..=MAX_ITEM_MINUTES).contains(&item.minutes) {
            return Err(format!(
                "{}番目の項目の時間が {}分です（1〜{MAX_ITEM_MINUTES}分にしてください）",
                n + 1,
                item.minutes
            ));
        }
        if [&item.title, &item.theme, &item.notes]
            .into_iter()
            .any(|t| too_long(t))
        {
            return Err(format!(
                "{}番目の項目の文章が長すぎます（{MAX_TEXT_CHARS}文字までです）",
                n + 1
            ));
        }
    }
    Ok(())
}

/// A programme from the JSON the build wrote for a seed such as the 2019 model training day
/// (content/model_2019.toml, see `nimo_kenshu::content::model_2019`), under the given 研修コード.
pub fn programme_from_seed(json: &str, code: String) -> Programme {
    // The build wrote this JSON in the programme's own shape from checked content, so it parses; an
    // empty day (the editor then offers 「項目を追加」) is still better than a panic.
    let mut programme: Programme = serde_json::from_str(json).unwrap_or_else(|_| Programme {
        title: String::new(),
        date: String::new(),
        place: String::new(),
        code: String::new(),
        start: ClockTime(10 * 60),
        items: Vec::new(),
    });
    programme.code = code;
    programme
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Materials<'static> {
        Materials {
            lessons: vec!["a"],
            worksheets: vec!["group-work"],
            cases: vec!["c"],
        }
    }

    fn small() -> Programme {
        Programme {
            title: "研修".into(),
            date: "2026-03-06".into(),
            place: "会議室".into(),
            code: "abc-234".into(),
            start: ClockTime(9 * 60 + 30),
            items: vec![
                Item {
                    lessons: vec!["a".into()],
                    ..Item::new(ItemKind::Lecture, "講義1", 30)
                },
                Item::new(ItemKind::Break, "", 15),
                Item {
                    worksheets: vec!["group-work".into()],
                    ..Item::new(ItemKind::Exercise, "演習", 80)
                },
            ],
        }
    }

    fn starts(p: &Programme) -> Vec<String> {
        p.schedule().iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn times_follow_from_the_start_and_each_length() {
        let mut p = small();
        assert_eq!(starts(&p), ["09:30〜10:00", "10:00〜10:15", "10:15〜11:35"]);
        assert!(p.set_minutes(0, 45));
        assert_eq!(
            starts(&p),
            ["09:30〜10:15", "10:15〜10:30", "10:30〜11:50"],
            "later items shift"
        );
        p.start = ClockTime::parse("13:00").unwrap();
        assert_eq!(p.end().to_string(), "15:20");
        assert_eq!(p.total_minutes(), 140);
    }

    #[test]
    fn minutes_out_of_range_are_refused() {
        let mut p = small();
        for bad in [0, MAX_ITEM_MINUTES + 1] {
            assert!(!p.set_minutes(0, bad));
        }
        assert!(!p.set_minutes(9, 10), "no such item");
        assert!(p.set_minutes(0, MAX_ITEM_MINUTES));
        assert_eq!(p.items[0].minutes, MAX_ITEM_MINUTES);
    }

    #[test]
    fn a_day_past_midnight_says_so() {
        let mut p = small();
        p.start = ClockTime::parse("23:00").unwrap();
        assert_eq!(p.end().to_string(), "翌01:05");
        assert_eq!(p.end().hh_mm(), "01:05");
    }

    #[test]
    fn clock_times_parse_strictly() {
        assert_eq!(ClockTime::parse("9:05"), Some(ClockTime(545)));
        assert_eq!(ClockTime::parse("09:05"), Some(ClockTime(545)));
        for bad in [
            "24:00", "10:60", "1000", "10:5", "ab:cd", "", "-1:00", "100:00",
        ] {
            assert_eq!(ClockTime::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn editing_adds_removes_moves_and_duplicates() {
        let mut p = small();
        let titles = |p: &Programme| p.items.iter().map(Item::heading).collect::<Vec<_>>();
        assert_eq!(p.move_item(0, Direction::Up), None);
        assert_eq!(p.move_item(2, Direction::Down), None);
        assert_eq!(p.move_item(0, Direction::Down), Some(1));
        assert_eq!(titles(&p), ["休憩", "講義1", "演習"]);
        assert_eq!(p.duplicate(1), Some(2));
        assert_eq!(titles(&p), ["休憩", "講義1", "講義1", "演習"]);
        let removed = p.remove(0).unwrap();
        assert_eq!(p.remove(9), None);
        assert!(p.restore(0, removed));
        assert_eq!(titles(&p), ["休憩", "講義1", "講義1", "演習"]);
        assert_eq!(p.add(None, Item::new(ItemKind::Other, "移動", 5)), Some(4));
        assert_eq!(
            p.add(Some(0), Item::new(ItemKind::Other, "説明", 5)),
            Some(1)
        );
        assert_eq!(
            titles(&p),
            ["休憩", "説明", "講義1", "講義1", "演習", "移動"]
        );
        while p.items.len() < MAX_ITEMS {
            p.add(None, Item::new(ItemKind::Other, "x", 1)).unwrap();
        }
        assert_eq!(
            p.add(None, Item::new(ItemKind::Other, "x", 1)),
            None,
            "the programme is full"
        );
        assert_eq!(p.duplicate(0), None);
    }

    #[test]
    fn move_entry_moves_a_parallel_list_the_same_way() {
        let mut keys = vec![10, 11, 12];
        assert_eq!(move_entry(&mut keys, 2, Direction::Up), Some(1));
        assert_eq!(keys, [10, 12, 11]);
        assert_eq!(move_entry(&mut keys, 5, Direction::Up), None);
        assert_eq!(move_entry::<u8>(&mut [], 0, Direction::Down), None);
    }

    #[test]
    fn codes_are_unambiguous_and_already_in_the_form_the_survey_stores() {
        for seed in 0..=255u8 {
            let random = [
                seed,
                seed.wrapping_mul(7),
                seed.wrapping_add(91),
                seed.wrapping_mul(13),
                255 - seed,
                seed / 3,
            ];
            let code = generate_code(random);
            assert_eq!(code.len(), 7);
            assert_eq!(&code[3..4], "-");
            assert!(!code.chars().any(|c| "0o1li".contains(c)), "{code}");
            assert_eq!(
                normalise_session_code(&code),
                code,
                "stored as the survey would store it"
            );
            // What a trainee types from the screen, full-width on a Japanese keyboard, folds to the same.
            let full_width: String = code
                .chars()
                .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
                .collect();
            assert_eq!(normalise_session_code(&format!(" {full_width} ")), code);
            assert_eq!(normalise_session_code(&code.to_uppercase()), code);
        }
        assert_ne!(generate_code([0; 6]), generate_code([1; 6]));
    }

    #[test]
    fn a_typed_code_is_stored_as_the_survey_stores_it() {
        let mut p = small();
        p.set_code(" ２０２６－03-Misaku ");
        assert_eq!(p.code, "2026-03-misaku");
    }

    #[test]
    fn export_and_import_round_trip() {
        let p = small();
        let json = p.to_json("0.1.0+abc", Day::new(2026, 3, 1));
        let back = parse_session(&json, &known()).unwrap();
        assert_eq!(back.programme, p);
        assert!(back.warnings.is_empty());
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["format"], SESSION_FORMAT);
        assert_eq!(value["schema_version"], 1);
        assert_eq!(value["exported_on"], "2026-03-01");
        assert_eq!(value["programme"]["start"], "09:30");
        assert_eq!(value["programme"]["items"][1]["kind"], "break");
        assert_eq!(
            p.file_name(Day::new(2026, 3, 1).unwrap()),
            "nimo-session-abc-234-2026-03-06.json"
        );
        assert!(
            p.to_json("v", None).find("exported_on").is_none(),
            "the stored copy has no export date"
        );
    }

    #[test]
    fn unknown_materials_are_kept_and_reported() {
        let mut p = small();
        p.items[0].lessons.push("from-a-later-version".into());
        p.items[2].cases.push("other-case".into());
        let back = parse_session(&p.to_json("v", None), &known()).unwrap();
        assert_eq!(
            back.programme.items[0].lessons,
            ["a", "from-a-later-version"],
            "kept"
        );
        assert_eq!(
            back.warnings,
            [
                "1番目の項目「講義1」の講義「from-a-later-version」は、この版の教材にありません",
                "3番目の項目「演習」の事例「other-case」は、この版の教材にありません",
            ]
        );
    }

    #[test]
    fn each_bad_file_gets_its_own_reason() {
        let k = known();
        let good = small().to_json("v", None);
        let err = |text: &str| parse_session(text, &k).unwrap_err();
        assert_eq!(err(""), ImportError::Empty);
        assert_eq!(err("  \n"), ImportError::Empty);
        assert_eq!(err("<html>"), ImportError::NotJson);
        assert_eq!(
            err(&good[..good.find("\"items\"").unwrap()]),
            ImportError::Truncated
        );
        assert_eq!(err("[1, 2]"), ImportError::NotOurs(ExportKind::Session));
        assert_eq!(
            err(r#"{"format":"something-else","schema_version":1}"#),
            ImportError::NotOurs(ExportKind::Session)
        );
        assert_eq!(
            err(r#"{"format":"nimo-kenshu-survey","schema_version":1}"#),
            ImportError::OtherKind(ExportKind::Survey)
        );
        assert_eq!(
            err(r#"{"format":"nimo-kenshu-survey","schema_version":1}"#).to_string(),
            "アンケートの書き出しです。「アンケートの集計」で読み込んでください"
        );
        assert_eq!(
            err(r#"{"format":"nimo-kenshu-worksheets","schema_version":1}"#),
            ImportError::OtherKind(ExportKind::Worksheets)
        );
        assert_eq!(
            err(r#"{"format":"nimo-kenshu-backup","schema_version":1}"#),
            ImportError::OtherKind(ExportKind::Backup)
        );
        let newer = good.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1);
        assert_eq!(err(&newer), ImportError::Newer);
        assert!(err(&newer).to_string().contains("アプリを更新してください"));
        let zero = good.replacen("\"schema_version\": 1", "\"schema_version\": 0", 1);
        assert!(matches!(err(&zero), ImportError::Invalid(_)));
        let invalid = |from: &str, to: &str| {
            assert!(good.contains(from), "{from}");
            match err(&good.replacen(from, to, 1)) {
                ImportError::Invalid(reason) => reason,
                other => panic!("{from} → {to}: {other:?}"),
            }
        };
        assert!(
            invalid("\"minutes\": 30", "\"minutes\": 0").contains("1番目の項目の時間が 0分です")
        );
        assert!(
            invalid("\"minutes\": 80", "\"minutes\": 481")
                .contains("3番目の項目の時間が 481分です")
        );
        assert!(invalid("\"09:30\"", "\"25:00\"").contains("時刻"));
        assert!(invalid("\"2026-03-06\"", "\"2026-02-30\"").contains("日付"));
        invalid("\"break\"", "\"nap\"");
        invalid("\"minutes\": 30", "\"minutes\": -5");
        let mut long = small();
        long.items[0].notes = "あ".repeat(MAX_TEXT_CHARS + 1);
        assert!(matches!(
            err(&long.to_json("v", None)),
            ImportError::Invalid(_)
        ));
        let mut many = small();
        many.items = vec![Item::new(ItemKind::Other, "x", 1); MAX_ITEMS + 1];
        assert!(matches!(
            err(&many.to_json("v", None)),
            ImportError::Invalid(_)
        ));
        let huge = format!("{good}{}", " ".repeat(MAX_SESSION_BYTES as usize));
        assert_eq!(
            err(&huge).to_string(),
            format!(
                "ファイルが大きすぎます（{} KB。1 MB までです）",
                huge.len() / 1024
            )
        );
        assert_eq!(
            err(r#"{"format":"something-else"}"#).to_string(),
            "このアプリの研修の進行表ではありません"
        );
    }

    #[test]
    fn a_hand_typed_code_in_a_file_is_folded() {
        let mut p = small();
        p.code = "ＡＢＣ－２３４".into();
        let back = parse_session(&p.to_json("v", None), &known()).unwrap();
        assert_eq!(back.programme.code, "abc-234");
    }

    #[test]
    fn kinds_round_trip_through_their_ids() {
        for kind in ItemKind::ALL {
            assert_eq!(ItemKind::from_id(kind.id()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.id()));
        }
        assert_eq!(ItemKind::from_id("nap"), None);
    }
}
