//! `#/instructor/session`: the facilitator builds the day's programme: items, their lengths and the
//! materials each uses, the 研修コード, and the file co-facilitators share. Saved as the facilitator types.

use crate::browser;
use crate::components::download::{Download, DownloadError};
use crate::components::file_drop::{FileDrop, read_picked};
use crate::components::instructor_nav::InstructorNav;
use crate::content::{CASES, COURSE, SURVEY, worksheets};
use crate::model::io::import::picked_text;
use crate::model::route::Route;
use crate::model::session::{
    ClockTime, Direction, Item, ItemKind, MAX_ITEM_MINUTES, MAX_ITEMS, MAX_SESSION_BYTES,
    Programme, move_entry, parse_session,
};
use crate::session_store::{self, Opened, material_titles};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The programme and, beside its items, a key per row that stays with the row when items move, so that
/// an edited row keeps its focus and its open material list.
#[derive(Clone, Copy)]
struct Editor {
    programme: RwSignal<Programme>,
    rows: RwSignal<Vec<u64>>,
    next_row: StoredValue<u64>,
    /// The last removed item and where it was, for 「元に戻す」.
    removed: RwSignal<Option<(usize, Item)>>,
}

impl Editor {
    fn fresh_rows(self, count: usize) {
        let start = self.next_row.get_value();
        self.next_row.set_value(start + count as u64);
        self.rows.set((start..start + count as u64).collect());
    }

    fn new_row(self) -> u64 {
        let key = self.next_row.get_value();
        self.next_row.set_value(key + 1);
        key
    }

    fn replace(self, programme: Programme) {
        let count = programme.items.len();
        self.programme.set(programme);
        self.fresh_rows(count);
        self.removed.set(None);
    }

    fn index_of(self, row: u64) -> Option<usize> {
        self.rows
            .with_untracked(|rows| rows.iter().position(|r| *r == row))
    }

    fn edit_item(self, row: u64, change: impl FnOnce(&mut Item)) {
        if let Some(index) = self.index_of(row) {
            self.programme.update(|p| {
                if let Some(item) = p.items.get_mut(index) {
                    change(item);
                }
            });
        }
    }

    fn move_row(self, row: u64, direction: Direction) {
        let Some(index) = self.index_of(row) else {
            return;
        };
        let mut moved = false;
        self.programme
            .update(|p| moved = p.move_item(index, direction).is_some());
        if moved {
            self.rows.update(|rows| {
                move_entry(rows, index, direction);
            });
        }
    }

    fn duplicate(self, row: u64) {
        let Some(index) = self.index_of(row) else {
            return;
        };
        let mut copied = None;
        self.programme.update(|p| copied = p.duplicate(index));
        if let Some(at) = copied {
            let key = self.new_row();
            self.rows.update(|rows| rows.insert(at, key));
        }
    }

    fn remove(self, row: u64) {
        let Some(index) = self.index_of(row) else {
            return;
        };
        let mut taken = None;
        self.programme.update(|p| taken = p.remove(index));
        if let Some(item) = taken {
            self.rows.update(|rows| {
                rows.remove(index);
            });
            self.removed.set(Some((index, item)));
        }
    }

    fn undo_remove(self) {
        let Some((index, item)) = self.removed.get_untracked() else {
            return;
        };
        let mut restored = false;
        self.programme.update(|p| restored = p.restore(index, item));
        if restored {
            let key = self.new_row();
            self.rows
                .update(|rows| rows.insert(index.min(rows.len()), key));
        }
        self.removed.set(None);
    }

    fn add(self) {
        let mut added = None;
        self.programme
            .update(|p| added = p.add(None, Item::new(ItemKind::Lecture, "", 30)));
        if let Some(at) = added {
            let key = self.new_row();
            self.rows.update(|rows| rows.insert(at, key));
        }
    }
}

#[component]
pub fn SessionPage() -> impl IntoView {
    browser::set_document_title("講師用: 研修の進行");
    let Opened {
        programme,
        warnings,
        unreadable,
        can_save,
    } = session_store::open(true);
    let count = programme.items.len();
    let editor = Editor {
        programme: RwSignal::new(programme),
        rows: RwSignal::new(Vec::new()),
        next_row: StoredValue::new(0),
        removed: RwSignal::new(None),
    };
    editor.fresh_rows(count);
    let programme = editor.programme;
    let warnings = RwSignal::new(warnings);
    let saved = RwSignal::new(None::<Result<(), String>>);
    Effect::new(move |_| {
        let result =
            programme.with(|p| can_save.then(|| session_store::save(p).map_err(|e| e.to_string())));
        saved.set(result);
    });

    let schedule_line = move || {
        programme.with(|p| {
            let minutes = p.total_minutes();
            format!(
                "{}〜{}（{}時間{}分・{}項目）",
                p.start,
                p.end(),
                minutes / 60,
                minutes % 60,
                p.items.len()
            )
        })
    };
    let save_note = move || match saved.get() {
        None => {
            "このブラウザには保存できません。「進行表を書き出す」でファイルに保存してください。"
                .to_owned()
        }
        Some(Ok(())) => "このブラウザに自動で保存しています。".to_owned(),
        Some(Err(e)) => format!(
            "保存できませんでした（{e}）。「進行表を書き出す」でファイルに保存してください。"
        ),
    };

    view! {
        <InstructorNav current=Route::InstructorSession />
        <h1>"研修の進行"</h1>
        <p>
            "研修の日の進行表をつくります。2019年（平成31年3月6日）のモデル研修の進行を初めから入れてあります。"
            "項目の時間を変えると、後の項目の時刻も変わります。発表モードでは、いまの項目と残り時間、研修コードを大きく映せます。"
        </p>
        {unreadable.map(|u| view! { <UnreadableNotice unreadable=u /> })}
        <Show when=move || warnings.with(|w| !w.is_empty())>
            <section class="notice notice--warn" data-testid="session-warnings" aria-labelledby="session-warnings-title">
                <h2 id="session-warnings-title" class="banner__title">"この版にない教材があります"</h2>
                <p>"進行表にはそのまま残しています。教材の版が違うアプリで作られた進行表かもしれません。"</p>
                <ul>{move || warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </section>
        </Show>
        <p class="session__save" role="status" data-testid="session-saved">{save_note}</p>
        <p class="session__actions">
            <a class="button" href=Route::SessionPresent.href() data-testid="to-present">"発表モード"</a>
            <a class="button button--quiet" href=Route::SessionProgram.href() data-testid="to-program">"印刷用プログラム"</a>
        </p>

        <section aria-labelledby="session-about-title">
            <h2 id="session-about-title">"研修の概要"</h2>
            <SessionFields editor />
            <p class="session__span">"全体: "<strong data-testid="session-span">{schedule_line}</strong></p>
        </section>

        <section aria-labelledby="session-items-title">
            <h2 id="session-items-title">"進行"</h2>
            <ol class="session-items">
                <For each=move || editor.rows.get() key=|row| *row let:row>
                    <ItemEditor editor row />
                </For>
            </ol>
            <Show when=move || editor.removed.with(Option::is_some)>
                <p class="notice" role="status">
                    {move || editor.removed.with(|r| r.as_ref().map(|(_, item)| format!("「{}」を削除しました。", item.heading())))}
                    <button type="button" class="button button--quiet" on:click=move |_| editor.undo_remove() data-testid="item-undo">"元に戻す"</button>
                </p>
            </Show>
            <button type="button" class="button" on:click=move |_| editor.add() disabled=move || { programme.with(|p| p.items.len() >= MAX_ITEMS) } data-testid="item-add">
                "項目を追加"
            </button>
        </section>

        <ShareSection editor warnings />
    }
}

#[component]
fn UnreadableNotice(unreadable: session_store::Unreadable) -> impl IntoView {
    let raw = StoredValue::new(unreadable.raw);
    let saving = Download::new();
    let download = move |_| {
        raw.with_value(|text| {
            saving.save("nimo-session-unreadable.json", "application/json", text)
        });
    };
    let kept = if unreadable.kept_in.is_some() {
        "元のデータはこのブラウザの別の場所に残してあり、下のボタンでファイルとして保存できます。2019年のモデル研修の進行表から始めています。"
    } else {
        "元のデータを残す場所がないため、変更はこのブラウザに保存しません（元のデータを上書きしないためです）。下のボタンで元のデータをファイルとして保存できます。"
    };
    view! {
        <section class="banner" role="alert" data-testid="session-unreadable" aria-labelledby="session-unreadable-title">
            <h2 id="session-unreadable-title" class="banner__title">"保存されていた進行表を読み込めませんでした"</h2>
            <p>{format!("理由: {}。", unreadable.error)}{kept}</p>
            <button type="button" class="button button--quiet" on:click=download data-testid="session-unreadable-download">"読み込めなかったデータを保存する"</button>
            <DownloadError download=saving />
        </section>
    }
}

#[component]
fn SessionFields(editor: Editor) -> impl IntoView {
    let programme = editor.programme;
    let title = Memo::new(move |_| programme.with(|p| p.title.clone()));
    let date = Memo::new(move |_| programme.with(|p| p.date.clone()));
    let place = Memo::new(move |_| programme.with(|p| p.place.clone()));
    let code = Memo::new(move |_| programme.with(|p| p.code.clone()));
    let start = Memo::new(move |_| programme.with(|p| p.start.hh_mm()));
    let start_error = RwSignal::new(false);
    let set_date = move |value: String| {
        // The date picker gives `YYYY-MM-DD` or, when cleared, nothing.
        if value.is_empty() || crate::model::io::date::Day::parse(&value).is_some() {
            programme.update(|p| p.date = value);
        }
    };
    let set_start = move |value: String| match ClockTime::parse(&value) {
        Some(time) => {
            start_error.set(false);
            programme.update(|p| p.start = time);
        }
        None => start_error.set(true),
    };
    view! {
        <div class="session-fields">
            <p class="field">
                <label for="session-title">"研修名"</label>
                <input id="session-title" type="text" prop:value=title on:input=move |ev| programme.update(|p| p.title = event_target_value(&ev)) data-testid="session-title" />
            </p>
            <p class="field">
                <label for="session-date">"日付"</label>
                <input id="session-date" type="date" prop:value=date on:input=move |ev| set_date(event_target_value(&ev)) data-testid="session-date" />
            </p>
            <p class="field">
                <label for="session-place">"会場"</label>
                <input id="session-place" type="text" prop:value=place on:input=move |ev| programme.update(|p| p.place = event_target_value(&ev)) data-testid="session-place" />
            </p>
            <p class="field">
                <label for="session-start">"開始時刻"</label>
                <input id="session-start" type="time" required prop:value=start aria-describedby="session-start-error"
                    on:input=move |ev| set_start(event_target_value(&ev)) data-testid="session-start" />
                <span id="session-start-error" class="error" role="status">{move || start_error.get().then_some("時刻を入力してください（例: 10:00）")}</span>
            </p>
            <div class="field">
                <label for="session-code">"研修コード"</label>
                <p class="field__hint" id="session-code-hint">"受講者がアンケートと書き出しの「研修コード」欄に入力します。半角英数字とハイフンにそろえて保存します。"</p>
                <div class="session-code">
                    // Folded when the facilitator leaves the box, so typing is not interrupted.
                    <input id="session-code" type="text" autocomplete="off" prop:value=code aria-describedby="session-code-hint"
                        on:change=move |ev| programme.update(|p| p.set_code(&event_target_value(&ev))) data-testid="session-code" />
                    <button type="button" class="button button--quiet" on:click=move |_| programme.update(|p| p.code = session_store::new_code()) data-testid="session-new-code">
                        "コードを作り直す"
                    </button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn ItemEditor(editor: Editor, row: u64) -> impl IntoView {
    let programme = editor.programme;
    let index = Memo::new(move |_| editor.rows.with(|rows| rows.iter().position(|r| *r == row)));
    let read = move |f: fn(&Item) -> String| {
        Memo::new(move |_| {
            index
                .get()
                .and_then(|i| programme.with(|p| p.items.get(i).map(f)))
                .unwrap_or_default()
        })
    };
    let title = read(|i| i.title.clone());
    let theme = read(|i| i.theme.clone());
    let notes = read(|i| i.notes.clone());
    let kind = read(|i| i.kind.id().to_owned());
    let minutes = read(|i| i.minutes.to_string());
    let heading = read(Item::heading);
    let slot = Memo::new(move |_| {
        index
            .get()
            .and_then(|i| programme.with(|p| p.schedule().get(i).map(|s| s.to_string())))
            .unwrap_or_default()
    });
    let position = Memo::new(move |_| (index.get().unwrap_or(0), editor.rows.with(Vec::len)));
    let minutes_error = RwSignal::new(false);
    let set_minutes = move |value: String| {
        let valid = value
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=MAX_ITEM_MINUTES).contains(m));
        minutes_error.set(valid.is_none());
        if let Some(m) = valid {
            if let Some(i) = editor.index_of(row) {
                programme.update(|p| {
                    p.set_minutes(i, m);
                });
            }
        }
    };
    let id = |field: &str| format!("item-{row}-{field}");
    let kinds = ItemKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.id() selected=move || kind.get() == k.id()>{k.label()}</option> })
        .collect_view();

    view! {
        <li class="session-item" data-testid="session-item">
            <h3 class="session-item__head">
                <span class="session-item__time" data-testid="item-time">{slot}</span>
                <span>{heading}</span>
            </h3>
            <div class="session-item__fields">
                <p class="field">
                    <label for=id("kind")>"種類"</label>
                    <select id=id("kind") on:change=move |ev| {
                        if let Some(k) = ItemKind::from_id(&event_target_value(&ev)) {
                            editor.edit_item(row, |item| item.kind = k);
                        }
                    } data-testid="item-kind">{kinds}</select>
                </p>
                <p class="field">
                    <label for=id("minutes")>"時間（分）"</label>
                    <input id=id("minutes") type="number" min="1" max=MAX_ITEM_MINUTES.to_string() inputmode="numeric" required
                        aria-describedby=id("minutes-error") prop:value=minutes on:input=move |ev| set_minutes(event_target_value(&ev)) data-testid="item-minutes" />
                    <span id=id("minutes-error") class="error" role="status">
                        {move || minutes_error.get().then(|| format!("1〜{MAX_ITEM_MINUTES}の数を入力してください"))}
                    </span>
                </p>
                <p class="field field--wide">
                    <label for=id("title")>"題目"</label>
                    <input id=id("title") type="text" prop:value=title on:input=move |ev| { let v = event_target_value(&ev); editor.edit_item(row, |item| item.title = v); } data-testid="item-title" />
                </p>
                <p class="field field--wide">
                    <label for=id("theme")>"内容（テーマ）"</label>
                    <textarea id=id("theme") rows="2" prop:value=theme on:input=move |ev| { let v = event_target_value(&ev); editor.edit_item(row, |item| item.theme = v); }></textarea>
                </p>
            </div>
            <MaterialPicker editor row index />
            <p class="field">
                <label for=id("notes")>"進行メモ（印刷用プログラムに載ります）"</label>
                <textarea id=id("notes") rows="2" prop:value=notes on:input=move |ev| { let v = event_target_value(&ev); editor.edit_item(row, |item| item.notes = v); } data-testid="item-notes"></textarea>
            </p>
            <p class="session-item__tools" role="group" aria-label=move || format!("「{}」の操作", heading.get())>
                <button type="button" class="button button--quiet button--small-text" disabled=move || position.get().0 == 0
                    on:click=move |_| editor.move_row(row, Direction::Up) data-testid="item-up">"上へ"</button>
                <button type="button" class="button button--quiet button--small-text" disabled=move || { let (i, n) = position.get(); i + 1 >= n }
                    on:click=move |_| editor.move_row(row, Direction::Down) data-testid="item-down">"下へ"</button>
                <button type="button" class="button button--quiet button--small-text" on:click=move |_| editor.duplicate(row)
                    disabled=move || { position.get().1 >= MAX_ITEMS } data-testid="item-duplicate">"複製"</button>
                <button type="button" class="button button--quiet button--small-text" on:click=move |_| editor.remove(row) data-testid="item-remove">"削除"</button>
            </p>
        </li>
    }
}

/// The lessons, worksheets, cases and survey an item uses: their titles, and checkboxes to change them
/// (rendered only while open: fourteen items × forty materials would slow a phone).
#[component]
fn MaterialPicker(editor: Editor, row: u64, index: Memo<Option<usize>>) -> impl IntoView {
    let programme = editor.programme;
    let open = RwSignal::new(false);
    let chosen = Memo::new(move |_| {
        index
            .get()
            .and_then(|i| programme.with(|p| p.items.get(i).map(material_titles)))
            .unwrap_or_default()
    });
    let panel_id = format!("item-{row}-materials");
    let has = move |list: fn(&Item) -> &Vec<String>, id: &'static str| {
        move || {
            index
                .get()
                .and_then(|i| {
                    programme.with(|p| {
                        p.items
                            .get(i)
                            .map(|item| list(item).iter().any(|x| x == id))
                    })
                })
                .unwrap_or(false)
        }
    };
    let toggle = move |list: fn(&mut Item) -> &mut Vec<String>, id: &'static str, on: bool| {
        editor.edit_item(row, |item| {
            let ids = list(item);
            ids.retain(|x| x != id);
            if on {
                ids.push(id.to_owned());
            }
        });
    };
    let checkbox = move |group: &'static str,
                         id: &'static str,
                         label: String,
                         get: fn(&Item) -> &Vec<String>,
                         set: fn(&mut Item) -> &mut Vec<String>| {
        view! {
            <label class="choice">
                <input type="checkbox" prop:checked=has(get, id) on:change=move |ev| toggle(set, id, event_target_checked(&ev)) data-testid=format!("pick-{group}") data-id=id />
                {label}
            </label>
        }
    };
    let panel = move || {
        open.get().then(|| {
            let lessons = COURSE
                .lessons
                .iter()
                .map(|l| {
                    let number = COURSE.module(l.module).map_or(0, |m| m.number);
                    checkbox("lesson", l.id, format!("第{number}章 {}", l.title), |i| &i.lessons, |i| &mut i.lessons)
                })
                .collect_view();
            let sheets = worksheets()
                .iter()
                .map(|w| checkbox("worksheet", w.id.as_str(), w.title.clone(), |i| &i.worksheets, |i| &mut i.worksheets))
                .collect_view();
            let scenarios = CASES
                .iter()
                .map(|c| checkbox("case", c.id, c.title.to_owned(), |i| &i.cases, |i| &mut i.cases))
                .collect_view();
            let survey_checked = move || index.get().and_then(|i| programme.with(|p| p.items.get(i).map(|item| item.survey))).unwrap_or(false);
            view! {
                <fieldset><legend>"講義"</legend>{lessons}</fieldset>
                <fieldset><legend>"ワークシート"</legend>{sheets}</fieldset>
                <fieldset><legend>"事例"</legend>{scenarios}</fieldset>
                <fieldset>
                    <legend>"アンケート"</legend>
                    <label class="choice">
                        <input type="checkbox" prop:checked=survey_checked on:change=move |ev| { let on = event_target_checked(&ev); editor.edit_item(row, |item| item.survey = on); } data-testid="pick-survey" />
                        {SURVEY.title}
                    </label>
                </fieldset>
            }
        })
    };
    view! {
        <div class="session-item__materials">
            <p class="session-item__label">"使う教材"</p>
            <Show when=move || chosen.with(|c| !c.is_empty()) fallback=|| view! { <p class="session-item__none">"なし"</p> }>
                <ul data-testid="item-materials">{move || chosen.get().into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            </Show>
            <button type="button" class="button button--quiet button--small-text" aria-expanded=move || open.get().to_string() aria-controls=panel_id.clone()
                on:click=move |_| open.update(|o| *o = !*o) data-testid="item-pick">
                {move || if open.get() { "教材の選択を閉じる" } else { "教材を選ぶ" }}
            </button>
            <div id=panel_id class="session-item__picker">{panel}</div>
        </div>
    }
}

/// Export, import and the way back to the 2019 model programme.
#[component]
fn ShareSection(editor: Editor, warnings: RwSignal<Vec<String>>) -> impl IntoView {
    let programme = editor.programme;
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let before_import = RwSignal::new(None::<Programme>);
    let confirming = RwSignal::new(false);
    let export = move |_| {
        let today = browser::today();
        let (name, json) = programme
            .with_untracked(|p| (p.file_name(today), p.to_json(COURSE.version, Some(today))));
        let result = browser::download(&name, "application/json", &json)
            .map(|()| format!("「{name}」を保存しました。共同で進行する人に渡すと、この画面の「進行表を読み込む」で開けます。"))
            .map_err(|e| format!("書き出せませんでした（{e}）。"));
        outcome.set(Some(result));
    };
    let import = Callback::new(move |files: Vec<web_sys::File>| {
        spawn_local(async move {
            let Some((name, read)) = read_picked(files, MAX_SESSION_BYTES)
                .await
                .into_iter()
                .next()
            else {
                return;
            };
            let result = picked_text(read, MAX_SESSION_BYTES)
                .and_then(|text| parse_session(&text, &session_store::materials()));
            match result {
                Ok(imported) => {
                    before_import.set(Some(programme.get_untracked()));
                    editor.replace(imported.programme);
                    let note = if imported.warnings.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "この版にない教材が{}件あります（上に表示しています）。",
                            imported.warnings.len()
                        )
                    };
                    warnings.set(imported.warnings);
                    outcome.set(Some(Ok(format!("「{name}」を読み込みました。{note}"))));
                }
                Err(error) => outcome.set(Some(Err(format!(
                    "「{name}」を読み込めませんでした: {error}"
                )))),
            }
        });
    });
    let undo_import = move |_| {
        if let Some(previous) = before_import.get_untracked() {
            editor.replace(previous);
            warnings.set(Vec::new());
            before_import.set(None);
            outcome.set(Some(Ok("読み込む前の進行表に戻しました。".into())));
        }
    };
    let reset = move |_| {
        before_import.set(Some(programme.get_untracked()));
        let code = programme.with_untracked(|p| p.code.clone());
        editor.replace(crate::content::model_2019(code));
        warnings.set(Vec::new());
        confirming.set(false);
        outcome.set(Some(Ok(
            "2019年モデル研修の進行に戻しました（研修コードはそのままです）。".into(),
        )));
    };
    view! {
        <section class="session-share" aria-labelledby="session-share-title">
            <h2 id="session-share-title">"共同で進行する人と共有する"</h2>
            <p>"進行表をファイル（JSON）に書き出して渡すと、相手はこの画面で読み込めます。読み込むと、いまの進行表と置き換わります。"</p>
            <button type="button" class="button" on:click=export data-testid="session-export">"進行表を書き出す"</button>
            <h3>"進行表を読み込む"</h3>
            <FileDrop on_files=import input_test_id="session-import" zone_test_id="session-dropzone" single=true />
            <p role="status" data-testid="session-outcome" class:error=move || matches!(outcome.get(), Some(Err(_)))>
                {move || outcome.get().map(|r| match r { Ok(m) | Err(m) => m })}
            </p>
            <Show when=move || before_import.with(Option::is_some)>
                <button type="button" class="button button--quiet" on:click=undo_import data-testid="session-undo-import">"前の進行表に戻す"</button>
            </Show>
            <h3>"初めからやり直す"</h3>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="button button--quiet" on:click=move |_| confirming.set(true) data-testid="session-reset">"2019年モデル研修の進行に戻す"</button>
                }
            >
                <div class="confirm" role="alertdialog" aria-labelledby="session-reset-question">
                    <p id="session-reset-question">"いまの進行表を、2019年モデル研修の進行で置き換えます。よろしいですか（直後なら「前の進行表に戻す」で戻せます）。"</p>
                    <button type="button" class="button button--danger" on:click=reset data-testid="session-reset-confirm">"置き換える"</button>
                    <button type="button" class="button button--quiet" on:click=move |_| confirming.set(false)>"やめる"</button>
                </div>
            </Show>
        </section>
    }
}
