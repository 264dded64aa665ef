//! `#/instructor/assessment`: import many pre/post self-assessment exports, pair them by pairing code,
//! and show per statement the distributions before and after, the mean change and paired tests.
//! Imported files stay in this tab only (`kept_batch`).

use crate::browser;
use crate::components::download::{Download, DownloadError};
use crate::components::file_drop::{FileDrop, import_action};
use crate::components::import_problems::ImportProblems;
use crate::components::instructor_nav::InstructorNav;
use crate::components::qr_scanner::{QrScanner, import_read};
use crate::components::save_collection::SaveCollection;
use crate::content::self_assessment;
use crate::kept_batch::kept_batch;
use crate::model::assessment::stats::Method;
use crate::model::assessment::{
    Distribution, MAX_EXPORT_BYTES, Phase, SMALL_CELL, SelfAssessment, StatementReport, csv_report,
    format_change, format_mean, format_p, parse_export, report, shows_statistics,
};
use crate::model::io::import::ExportKind;
use crate::model::route::Route;
use crate::model::survey::aggregate::{cell_text, format_tenths, percent_tenths};
use leptos::prelude::*;

#[component]
pub fn InstructorAssessmentPage() -> impl IntoView {
    browser::set_document_title("講師用: 事前・事後の自己評価");
    let assessment = self_assessment();
    let batch = kept_batch(ExportKind::SelfAssessment, move |text| {
        parse_export(text, assessment)
    });
    let suppress = RwSignal::new(true);
    let saving = Download::new();

    let importing = import_action(
        MAX_EXPORT_BYTES,
        &[ExportKind::SelfAssessment],
        batch,
        move |text| parse_export(text, assessment),
    );
    let import_files = Callback::new(move |files: Vec<web_sys::File>| {
        importing.dispatch_local(files);
    });
    let pairing = Memo::new(move |_| batch.with(|b| b.pairing()));
    let reports = Memo::new(move |_| pairing.with(|p| report(assessment, p)));
    let summary = move || {
        if importing.pending().get() {
            return "読み込んでいます…".to_owned();
        }
        batch.with(|b| {
            if b.is_empty() {
                return String::new();
            }
            pairing.with(|p| {
                format!(
                    "{}。事前と事後がそろった人: {}人、片方だけの人: {}人。",
                    b.summary(),
                    p.pairs.len(),
                    p.unmatched.len(),
                )
            })
        })
    };
    let download_csv = move |_| {
        let csv = reports.with_untracked(|r| csv_report(assessment, r, suppress.get_untracked()));
        saving.save(
            &format!("nimo-jiko-hyoka-report-{}.csv", browser::today()),
            "text/csv",
            &csv,
        );
    };

    let scanned = Callback::new(move |json: String| {
        import_read(batch, parse_export(&json, assessment), |export| {
            format!(
                "照合コード {}・{}",
                export.pairing_code,
                export.phase.label()
            )
        })
    });
    let projected = move || {
        reports
            .get()
            .into_iter()
            .map(|r| {
                let suppressed = !shows_statistics(&r, suppress.get());
                view! {
                    <tr>
                        <th scope="row">{r.text}</th>
                        <td>{r.answered_pairs}</td>
                        <td>{if suppressed { "—".to_owned() } else { format!("{} → {}", format_mean(r.mean_pre), format_mean(r.mean_post)) }}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <InstructorNav current=Route::InstructorAssessment />
        <h1>"講師用: 事前・事後の自己評価"</h1>
        <p>
            "受講者が研修の前と後に書き出した自己評価のファイルをまとめて読み込みます。同じ照合コードの事前と事後を組にして、文ごとに回答の分布、平均の変化、符号検定と Wilcoxon の符号付順位検定の p 値を示します。"
            "読み込んだ内容はこのブラウザの中だけで扱い、どこにも送信しません。ほかのページに移っても残り、タブを閉じると消えます。"
        </p>
        <section class="import" aria-labelledby="sa-import-title">
            <h2 id="sa-import-title">"ファイルを読み込む"</h2>
            <FileDrop on_files=import_files input_test_id="sa-import" zone_test_id="sa-dropzone" />
            <p role="status" data-testid="sa-import-summary">{summary}</p>
            <ImportProblems
                rejected=Signal::derive(move || batch.with(|b| b.rejected_reasons()))
                duplicates=Signal::derive(move || batch.with(|b| b.duplicates.clone()))
                duplicates_title="重複（同じ照合コード・同じ時期のため、新しいほうだけを使ったもの）"
                test_id="sa-import-problems"
            />
            <SaveCollection batch kind=ExportKind::SelfAssessment />
            <Show when=move || pairing.with(|p| !p.unmatched.is_empty())>
                <h3>"組にならなかったファイル（集計に入れていません）"</h3>
                <ul data-testid="sa-unmatched">
                    {move || pairing.get().unmatched.into_iter().map(|u| {
                        let missing = match u.phase { Phase::Pre => "事後", Phase::Post => "事前" };
                        view! { <li><strong>{u.file}</strong>{format!(": 照合コード「{}」の{}だけがあり、{}がありません", u.code, u.phase.label(), missing)}</li> }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
        <QrScanner test_id="assessment-scan" on_export=scanned>
            <p>{summary}</p>
            <table class="projector__table">
                <thead><tr><th scope="col">"文"</th><th scope="col">"組"</th><th scope="col">"平均（事前 → 事後）"</th></tr></thead>
                <tbody>{projected}</tbody>
            </table>
        </QrScanner>
        <Show when=move || pairing.with(|p| !p.pairs.is_empty())>
            <section class="report" aria-labelledby="sa-report-title">
                <h2 id="sa-report-title">"文ごとの結果"</h2>
                <div class="report__controls">
                    <label class="choice">
                        <input type="checkbox" prop:checked=move || suppress.get() on:change=move |ev| suppress.set(event_target_checked(&ev)) data-testid="sa-suppress" />
                        {format!("{SMALL_CELL}未満の人数を伏せ、{SMALL_CELL}組未満の統計を表示しない")}
                    </label>
                </div>
                <p class="report__downloads">
                    <button type="button" class="button" on:click=download_csv data-testid="sa-csv">"結果をCSVで保存"</button>
                </p>
                <DownloadError download=saving />
                <p class="note">
                    "p 値は、事前と事後の差に偏りがないという仮説のもとでの両側確率です。差が0の組は除いて計算します。"
                    "50組以下は正確な分布（同順位を含む）、それより多いときは正規近似（同順位と連続性の補正つき）で求めています。"
                    "受講者が自分で評価した値であり、研修の効果をそのまま示すものではありません。"
                </p>
                {move || reports.get().into_iter().enumerate().map(|(i, r)| view! { <StatementResult assessment index=i report=r suppress=suppress.get() /> }).collect_view()}
            </section>
        </Show>
    }
}

#[component]
fn StatementResult(
    assessment: &'static SelfAssessment,
    index: usize,
    report: StatementReport,
    suppress: bool,
) -> impl IntoView {
    let heading_id = format!("sa-result-{index}");
    let (article_label, table_label) = (heading_id.clone(), heading_id.clone());
    let stats = if shows_statistics(&report, suppress) {
        let method = |m: Method| match m {
            Method::Exact => "正確",
            Method::NormalApproximation => "正規近似",
        };
        view! {
            <dl class="sa-stats" data-testid="sa-stats">
                <dt>"組の数（両方に回答）"</dt><dd data-testid="sa-pairs">{report.answered_pairs}</dd>
                <dt>"平均（事前 → 事後）"</dt><dd>{format!("{} → {}", format_mean(report.mean_pre), format_mean(report.mean_post))}</dd>
                <dt>"平均の変化"</dt><dd data-testid="sa-change">{format_change(report.mean_change)}</dd>
                <dt>"符号検定"</dt>
                <dd data-testid="sa-sign">{report.sign.as_ref().map_or("—（差のある組がありません）".to_owned(), |s| format!("p = {}（上がった {}組・下がった {}組・同じ {}組）", format_p(s.p_value), s.positive, s.negative, s.zeros))}</dd>
                <dt>"Wilcoxon 符号付順位検定"</dt>
                <dd data-testid="sa-wilcoxon">{report.wilcoxon.as_ref().map_or("—（差のある組がありません）".to_owned(), |w| format!("p = {}（{}、W+ = {}、n = {}）", format_p(w.p_value), method(w.method), w.w_plus, w.n))}</dd>
            </dl>
        }
        .into_any()
    } else {
        view! { <p class="note" data-testid="sa-stats-hidden">{format!("両方に回答した組が{SMALL_CELL}組未満のため、平均と検定は表示しません。")}</p> }.into_any()
    };
    view! {
        <article class="sa-result" aria-labelledby=article_label data-testid="sa-result">
            <h3 id=heading_id>{format!("{}. {}", index + 1, report.text)}</h3>
            <div class="table-wrap" role="region" aria-labelledby=table_label tabindex="0">
                <table class="report__table" data-testid="sa-distribution">
                    <thead>
                        <tr>
                            <th scope="col">"時期"</th>
                            {assessment.scale.iter().enumerate().map(|(i, label)| view! { <th scope="col">{format!("{} {label}", i + 1)}</th> }).collect_view()}
                            <th scope="col">"無回答"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <DistributionRow phase=Phase::Pre distribution=report.pre.clone() suppress />
                        <DistributionRow phase=Phase::Post distribution=report.post.clone() suppress />
                    </tbody>
                </table>
            </div>
            <Bars distribution_pre=report.pre.clone() distribution_post=report.post />
            {stats}
        </article>
    }
}

#[component]
fn DistributionRow(phase: Phase, distribution: Distribution, suppress: bool) -> impl IntoView {
    let n = distribution.total();
    let cells = distribution
        .counts
        .into_iter()
        .chain([distribution.no_answer])
        .map(|count| {
            let shown = cell_text(count, suppress);
            let percent = (shown == count.to_string())
                .then(|| format!("（{}%）", format_tenths(percent_tenths(count, n))));
            view! { <td>{shown}{percent}</td> }
        })
        .collect_view();
    view! { <tr><th scope="row">{phase.label()}</th>{cells}</tr> }
}

/// Two stacked 100% bars (before, after) drawn with SVG attributes: the CSP forbids inline styles.
#[component]
fn Bars(distribution_pre: Distribution, distribution_post: Distribution) -> impl IntoView {
    let bar = |y: u32, distribution: &Distribution| {
        let answered: u32 = distribution.counts.iter().sum();
        let mut x = 0.0;
        distribution
            .counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, count)| {
                let width = if answered == 0 { 0.0 } else { f64::from(*count) * 100.0 / f64::from(answered) };
                let rect = view! { <rect x=format!("{x:.2}") y=y width=format!("{width:.2}") height="8" class=format!("sa-bar sa-bar--{}", i + 1) /> };
                x += width;
                rect
            })
            .collect_view()
    };
    view! {
        <svg class="sa-bars" viewBox="0 0 100 20" preserveAspectRatio="none" role="img" aria-label="事前（上）と事後（下）の回答の割合（無回答を除く）。左ほど低い評価です">
            {bar(0, &distribution_pre)}
            {bar(11, &distribution_post)}
        </svg>
    }
}
