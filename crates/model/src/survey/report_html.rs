//! The instructor's survey report as HTML: tables (件数・%), 100% stacked bar charts in SVG, the
//! cross-tab by 職種 and the free text. Built as a string in pure code, so that it is tested natively,
//! prints as it is shown, and costs the wasm far less than a reactive view of every cell would.
//! Every piece of text is escaped: free text comes from imported files.
//! With a baseline (the 2019 model training's published results), each table gains a column of its %
//! beside this session's, and the free text its themes, so an instructor reusing the questionnaire can
//! compare.

use crate::survey::aggregate::{
    CrossTab, FreeText, NO_ANSWER, QuestionTable, cell_text, format_tenths, free_texts,
    percent_tenths,
};
use crate::survey::baseline::{Baseline, BaselineTable};
use crate::survey::{Survey, SurveyExport, SurveyKind};
use crate::text::html::escape;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReportOptions {
    pub cross_tab: bool,
    pub suppress_small: bool,
    pub group_free_text: bool,
    /// Shows the baseline given to `render` (the 2019 model training) beside this session's figures.
    pub baseline: bool,
}

/// Viridis, dark to light: the lightness rises step by step, so neighbouring segments stay apart in
/// grayscale print and for colour-blind readers.
const PALETTE: [&str; 7] = [
    "#440154", "#443983", "#31688e", "#21918c", "#35b779", "#90d743", "#fde725",
];
/// Text on the first four (dark) colours is white, on the rest black.
const DARK_COLOURS: usize = 4;

fn fill(index: usize, option_id: &str) -> (&'static str, &'static str) {
    if option_id == NO_ANSWER {
        ("url(#no-answer)", "#000000")
    } else {
        let colour = PALETTE[index % PALETTE.len()];
        (
            colour,
            if index % PALETTE.len() < DARK_COLOURS {
                "#ffffff"
            } else {
                "#000000"
            },
        )
    }
}

/// One chart for a question: a bar per table (one, or one per item of a matrix question), each with its
/// label above it so that long item names are never cut on a narrow screen.
fn chart(id: &str, title: &str, tables: &[&QuestionTable]) -> String {
    const WIDTH: u32 = 1000;
    const LABEL: u32 = 34;
    const BAR: u32 = 48;
    const GAP: u32 = 14;
    let row_height = LABEL + BAR + GAP;
    let height = tables.len() as u32 * row_height;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-title\" preserveAspectRatio=\"xMinYMin meet\">\
         <title id=\"{id}-title\">{}</title>\
         <defs><pattern id=\"no-answer\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"8\" height=\"8\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#555555\" stroke-width=\"3\"/></pattern></defs>",
        escape(title)
    );
    for (row, table) in tables.iter().enumerate() {
        let top = row as u32 * row_height;
        let label = if table.item_label.is_empty() {
            format!("回答者 {}人", table.respondents)
        } else {
            table.item_label.clone()
        };
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" class=\"chart__label\">{}</text>",
            top + LABEL - 8,
            escape(&label)
        ));
        let y = top + LABEL;
        // Multi-select options overlap, so each gets its own share of the bar instead of a stack.
        let total: u32 = if table.multiple {
            table.respondents.max(1)
        } else {
            table.rows.iter().map(|r| r.count).sum::<u32>().max(1)
        };
        let mut x = 0;
        for (index, r) in table.rows.iter().enumerate().filter(|(_, r)| r.count > 0) {
            let width = if table.multiple {
                WIDTH * r.count / total / table.rows.len() as u32
            } else {
                WIDTH * r.count / total
            };
            let (colour, text) = fill(index, &r.option_id);
            svg.push_str(&format!(
                "<rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{BAR}\" fill=\"{colour}\" stroke=\"#ffffff\"><title>{}: {}件 {}%</title></rect>",
                escape(&r.label),
                r.count,
                format_tenths(r.tenths)
            ));
            // As much of the figure as fits; the table below the chart has every number.
            let value = if width >= 170 {
                format!("{}件 {}%", r.count, format_tenths(r.tenths))
            } else if width >= 80 {
                format!("{}%", format_tenths(r.tenths))
            } else {
                String::new()
            };
            if !value.is_empty() {
                let backdrop = if r.option_id == NO_ANSWER {
                    " class=\"chart__value chart__value--on-hatch\""
                } else {
                    " class=\"chart__value\""
                };
                svg.push_str(&format!(
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{text}\"{backdrop}>{value}</text>",
                    x + width / 2,
                    y + BAR / 2 + 8
                ));
            }
            x += width;
        }
    }
    svg.push_str("</svg>");
    svg
}

fn legend(table: &QuestionTable) -> String {
    let mut html = String::from("<ul class=\"chart__legend\">");
    for (index, row) in table.rows.iter().enumerate() {
        let (colour, _) = fill(index, &row.option_id);
        let swatch = if row.option_id == NO_ANSWER {
            "<svg width=\"16\" height=\"16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"#ffffff\" stroke=\"#555555\"/><line x1=\"0\" y1=\"16\" x2=\"16\" y2=\"0\" stroke=\"#555555\" stroke-width=\"3\"/></svg>".to_owned()
        } else {
            format!(
                "<svg width=\"16\" height=\"16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"{colour}\"/></svg>"
            )
        };
        html.push_str(&format!("<li>{swatch} {}</li>", escape(&row.label)));
    }
    html.push_str("</ul>");
    html
}

/// `baseline` is the comparison column's heading and the matching published table (if it has one).
fn table_html(table: &QuestionTable, baseline: Option<(&str, Option<&BaselineTable>)>) -> String {
    let caption = if table.item_label.is_empty() {
        format!("{}（回答者 {}人）", table.number, table.respondents)
    } else {
        format!(
            "{} {}（回答者 {}人）",
            table.number, table.item_label, table.respondents
        )
    };
    let baseline_head = baseline.map_or(String::new(), |(heading, _)| {
        format!(
            "<th scope=\"col\" class=\"report__baseline\">{}<span class=\"report__pct\">（%・件数）</span></th>",
            escape(heading)
        )
    });
    let mut html = format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table class=\"report__table\"><caption>{}</caption>\
         <thead><tr><th scope=\"col\">選択肢</th><th scope=\"col\">件数</th><th scope=\"col\">%</th>{baseline_head}</tr></thead><tbody>",
        escape(&caption),
        escape(&caption)
    );
    for row in &table.rows {
        // % first, as in this session's % column beside it; the 件数 in brackets.
        let baseline_cell = match baseline {
            None => String::new(),
            Some((_, reference)) => match reference.and_then(|t| t.cell(&row.option_id)) {
                Some((count, tenths)) => format!(
                    "<td class=\"report__baseline\">{}<span class=\"report__pct\">（{count}件）</span></td>",
                    format_tenths(tenths)
                ),
                None => "<td class=\"report__baseline\">―</td>".to_owned(),
            },
        };
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td>{baseline_cell}</tr>",
            escape(&row.label),
            row.count,
            format_tenths(row.tenths)
        ));
    }
    html.push_str("</tbody></table></div>");
    if table.multiple {
        html.push_str("<p class=\"report__note\">複数回答のため、%は回答者数に対する割合で、合計は100%を超えることがあります。</p>");
    }
    html
}

fn cross_tab_html(tab: &CrossTab, suppress_small: bool) -> String {
    let title = if tab.item_label.is_empty() {
        tab.number.clone()
    } else {
        format!("{} {}", tab.number, tab.item_label)
    };
    let mut html = format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{t}（職種別）\"><table class=\"report__table report__cross\"><caption>{t}（職種別）</caption><thead><tr><th scope=\"col\">職種</th>",
        t = escape(&title)
    );
    for column in &tab.columns {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape(column)));
    }
    html.push_str("<th scope=\"col\">計</th></tr></thead><tbody>");
    for (group, counts, size) in &tab.rows {
        html.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(group)));
        for count in counts {
            let percent = if suppress_small && (1..5).contains(count) || *size == 0 {
                String::new()
            } else {
                format!(
                    "<span class=\"report__pct\">（{}%）</span>",
                    format_tenths(percent_tenths(*count, *size))
                )
            };
            html.push_str(&format!(
                "<td>{}{percent}</td>",
                cell_text(*count, suppress_small)
            ));
        }
        html.push_str(&format!(
            "<td>{}</td></tr>",
            cell_text(*size, suppress_small)
        ));
    }
    html.push_str("</tbody></table></div>");
    html
}

/// Entries shown per free-text list; a cohort of thousands has more than anyone reads on screen, and
/// drawing them all would stall the page. Every entry is in the free-text CSV.
pub const FREE_TEXT_SHOWN: usize = 100;

fn free_text_html(list: &FreeText, grouped: bool) -> String {
    let mut html = format!("<h4>{}（{}）</h4>", escape(&list.number), list.kind);
    let hidden = list.entries.len().saturating_sub(FREE_TEXT_SHOWN);
    let shown = &list.entries[..list.entries.len() - hidden];
    if grouped {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for (group, text) in shown {
            match groups.iter_mut().find(|(g, _)| g == group) {
                Some((_, texts)) => texts.push(text),
                None => groups.push((group, vec![text])),
            }
        }
        for (group, texts) in groups {
            html.push_str(&format!(
                "<p class=\"report__group\">（{}）</p><ul>",
                escape(group)
            ));
            for text in texts {
                html.push_str(&format!("<li>{}</li>", escape(text)));
            }
            html.push_str("</ul>");
        }
    } else {
        html.push_str("<ul>");
        for (group, text) in shown {
            html.push_str(&format!(
                "<li>{} <span class=\"report__who\">（{}）</span></li>",
                escape(text),
                escape(group)
            ));
        }
        html.push_str("</ul>");
    }
    if hidden > 0 {
        html.push_str(&format!("<p class=\"report__note\">ほか {hidden}件（すべて「自由記述をCSVで保存」に入っています）</p>"));
    }
    html
}

/// Where the comparison figures come from, said once at the top of the report (and so in print).
fn baseline_note(baseline: &Baseline) -> String {
    let mut html = format!(
        "<p class=\"report__note report__baseline-note\" data-testid=\"baseline-note\">「{}」の列は、{}に行われたモデル研修の効果測定アンケートの結果です（参加者{}人のうち{}人が回答）。",
        escape(&baseline.heading()),
        escape(&baseline.held),
        baseline.participants,
        baseline.respondents
    );
    if !baseline.reading_note.is_empty() {
        html.push_str(&escape(&baseline.reading_note));
    }
    html.push_str(&format!("出典: {}</p>", escape(&baseline.source)));
    html
}

/// The report's free-text answers to one question as themes with short quotations.
fn baseline_themes_html(baseline: &Baseline, question_id: &str, number: &str) -> String {
    let Some(free) = baseline.themes(question_id) else {
        return String::new();
    };
    let mut html = format!(
        "<div class=\"report__baseline-themes\" data-testid=\"baseline-themes-{}\"><h4>{}（{}の主な意見）</h4><ul>",
        escape(question_id),
        escape(number),
        escape(&baseline.heading())
    );
    for theme in &free.themes {
        let quotes: String = theme
            .quotes
            .iter()
            .map(|q| format!("「{}」", escape(q)))
            .collect();
        html.push_str(&format!("<li>{}: {quotes}</li>", escape(&theme.summary)));
    }
    html.push_str("</ul></div>");
    html
}

/// The whole report for the imported exports. `baseline` is shown when `options.baseline` is on.
pub fn render(
    survey: &Survey,
    exports: &[SurveyExport],
    tables: &[QuestionTable],
    tabs: &[CrossTab],
    options: ReportOptions,
    baseline: Option<&Baseline>,
) -> String {
    let baseline = baseline.filter(|_| options.baseline);
    let mut html = String::new();
    if let Some(baseline) = baseline {
        html.push_str(&baseline_note(baseline));
    }
    for question in survey
        .questions
        .iter()
        .filter(|q| q.kind != SurveyKind::Text)
    {
        let own: Vec<&QuestionTable> = tables
            .iter()
            .filter(|t| t.question_id == question.id)
            .collect();
        let Some(first) = own.first() else { continue };
        let id = format!("report-{}", question.id);
        html.push_str(&format!(
            "<section class=\"report__question\" aria-labelledby=\"{id}-h\" data-testid=\"report-{}\"><h3 id=\"{id}-h\">{} {}</h3>",
            question.id,
            escape(question.number),
            escape(question.text)
        ));
        html.push_str(&chart(
            &id,
            &format!("{}の回答の割合", question.number),
            &own,
        ));
        html.push_str(&legend(first));
        let heading = baseline.map(Baseline::heading);
        for table in &own {
            let reference = baseline.and_then(|b| b.table(&table.question_id, &table.item_id));
            html.push_str(&table_html(
                table,
                heading.as_deref().map(|h| (h, reference)),
            ));
        }
        if options.cross_tab {
            for tab in tabs.iter().filter(|t| t.question_id == question.id) {
                html.push_str(&cross_tab_html(tab, options.suppress_small));
            }
        }
        html.push_str("</section>");
    }
    let texts = free_texts(survey, exports, "q2");
    // Per question, this session's answers first, then (for 問14, 問15) the 2019 themes to compare with.
    let mut free = String::new();
    let mut quoted = false;
    for question in survey.questions {
        for list in texts.iter().filter(|l| l.question_id == question.id) {
            free.push_str(&free_text_html(list, options.group_free_text));
        }
        if let Some(b) = baseline.filter(|_| question.kind == SurveyKind::Text) {
            let themes = baseline_themes_html(b, question.id, question.number);
            quoted |= !themes.is_empty();
            free.push_str(&themes);
        }
    }
    if !free.is_empty() {
        html.push_str("<section class=\"report__free\" aria-labelledby=\"report-free-h\"><h3 id=\"report-free-h\">自由記述</h3>");
        html.push_str(&free);
        if let Some(b) = baseline.filter(|_| quoted) {
            // The quotations are the report's, not this session's: their source is named with them.
            html.push_str(&format!(
                "<p class=\"report__note\">「{}の主な意見」の引用の出典: {}</p>",
                escape(&b.heading()),
                escape(&b.source)
            ));
        }
        html.push_str("</section>");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::QuestionAnswer;
    use crate::survey::aggregate::{aggregate, cross_tab};
    use crate::survey::fixtures::*;

    fn exports() -> Vec<SurveyExport> {
        vec![
            export("a", &[("q2", single("o1")), ("q4", single("o1"))]),
            export(
                "b",
                &[
                    ("q2", single("o2")),
                    (
                        "q4",
                        QuestionAnswer {
                            choice: Some("o3".into()),
                            reason: "<script>alert(1)</script>".into(),
                            ..Default::default()
                        },
                    ),
                ],
            ),
            export("c", &[]),
        ]
    }

    fn report(options: ReportOptions) -> String {
        let e = exports();
        render(
            &SURVEY,
            &e,
            &aggregate(&SURVEY, &e),
            &cross_tab(&SURVEY, &e, "q2"),
            options,
            None,
        )
    }

    #[test]
    fn tables_show_counts_percentages_and_no_answer() {
        let html = report(ReportOptions::default());
        assert!(
            html.contains("<caption>問4（回答者 3人）</caption>"),
            "{html}"
        );
        assert!(html.contains("<tr><th scope=\"row\">理解できた</th><td>1</td><td>33.3</td></tr>"));
        assert!(html.contains("<tr><th scope=\"row\">無回答</th><td>1</td><td>33.3</td></tr>"));
    }

    #[test]
    fn charts_label_segments_and_hatch_no_answer() {
        let html = report(ReportOptions::default());
        assert!(html.contains("role=\"img\""));
        assert!(html.contains("1件 33.3%"));
        assert!(html.contains("fill=\"url(#no-answer)\""));
        assert!(
            html.matches("<svg class=\"chart\"").count() >= 3,
            "one chart per closed question"
        );
        // A matrix question draws its items as bars of one chart.
        let q10 = &html[html.find("data-testid=\"report-q10\"").unwrap()..];
        let q10 = &q10[..q10.find("</svg>").unwrap()];
        assert!(q10.contains("①地域の基盤整備") && q10.contains("②個別支援のネットワークづくり"));
    }

    #[test]
    fn imported_free_text_is_escaped() {
        let html = report(ReportOptions::default());
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn cross_tab_and_small_cells_follow_the_options() {
        assert!(!report(ReportOptions::default()).contains("職種別"));
        let shown = report(ReportOptions {
            cross_tab: true,
            ..Default::default()
        });
        assert!(shown.contains("<caption>問4（職種別）</caption>"));
        assert!(shown.contains("（100.0%）"));
        let suppressed = report(ReportOptions {
            cross_tab: true,
            suppress_small: true,
            ..Default::default()
        });
        assert!(suppressed.contains("<td>5未満</td>"));
        assert!(
            !suppressed.contains("（100.0%）"),
            "no percentage that would reveal a small cell"
        );
    }

    #[test]
    fn long_free_text_lists_are_cut_on_screen() {
        let many: Vec<SurveyExport> = (0..FREE_TEXT_SHOWN + 7)
            .map(|i| {
                export(
                    &format!("r{i}"),
                    &[(
                        "q14",
                        QuestionAnswer {
                            text: format!("意見{i}"),
                            ..Default::default()
                        },
                    )],
                )
            })
            .collect();
        let html = render(
            &SURVEY,
            &many,
            &aggregate(&SURVEY, &many),
            &[],
            ReportOptions::default(),
            None,
        );
        assert_eq!(html.matches("<li>意見").count(), FREE_TEXT_SHOWN);
        assert!(html.contains("ほか 7件"));
    }

    fn baseline() -> Baseline {
        use crate::survey::baseline::{FreeTextThemes, GroupWorkTheme};
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        Baseline {
            title: "2019年モデル研修".into(),
            held: "平成31年3月6日".into(),
            participants: 43,
            respondents: 37,
            source: "報告書 第6章".into(),
            reading_note: String::new(),
            tables: vec![BaselineTable {
                question: "q4".into(),
                item: String::new(),
                counts: [
                    ("o1", 20),
                    ("o2", 16),
                    ("o3", 1),
                    ("o4", 0),
                    ("no_answer", 0),
                ]
                .map(|(k, v)| (k.to_owned(), v))
                .into(),
                percents: map(&[
                    ("o1", "54.1"),
                    ("o2", "43.2"),
                    ("o3", "2.7"),
                    ("o4", "0.0"),
                    ("no_answer", "0.0"),
                ]),
                note: String::new(),
            }],
            free_text: vec![FreeTextThemes {
                question: "q14".into(),
                themes: vec![GroupWorkTheme {
                    summary: "続けて学ぶ場を".into(),
                    quotes: vec!["単発の研修で終わらず".into()],
                }],
            }],
        }
    }

    #[test]
    fn the_baseline_column_follows_its_switch() {
        let e = exports();
        let b = baseline();
        let with = |on: bool| {
            render(
                &SURVEY,
                &e,
                &aggregate(&SURVEY, &e),
                &[],
                ReportOptions {
                    baseline: on,
                    ..Default::default()
                },
                Some(&b),
            )
        };
        let shown = with(true);
        assert!(
            shown.contains("<th scope=\"col\" class=\"report__baseline\">2019年モデル研修（37人）"),
            "{shown}"
        );
        assert!(shown.contains(
            "<tr><th scope=\"row\">理解できた</th><td>1</td><td>33.3</td><td class=\"report__baseline\">54.1<span class=\"report__pct\">（20件）</span></td></tr>"
        ));
        // A question the baseline has no table for shows a dash, not a made-up 0.
        let q2 = &shown[shown.find("data-testid=\"report-q2\"").unwrap()..];
        assert!(
            q2[..q2.find("</table>").unwrap()].contains("<td class=\"report__baseline\">―</td>")
        );
        assert!(shown.contains("data-testid=\"baseline-note\""));
        assert!(shown.contains("出典: 報告書 第6章"));
        assert!(shown.contains("<li>続けて学ぶ場を: 「単発の研修で終わらず」</li>"));
        let hidden = with(false);
        assert!(!hidden.contains("2019年"), "{hidden}");
        assert_eq!(hidden, report(ReportOptions::default()));
    }

    #[test]
    fn free_text_grouped_by_job() {
        let grouped = report(ReportOptions {
            group_free_text: true,
            ..Default::default()
        });
        assert!(grouped.contains("<p class=\"report__group\">（看護師）</p>"));
    }
}
