//! The instructor's switch that puts the 2019 model training's published results beside a session's own
//! in the survey report (#/instructor). The choice lives in the page's report options, like the report's
//! other switches: it is a view of this sitting, not a setting worth storing.

use crate::content::baseline_2019;
use crate::model::survey::report_html::ReportOptions;
use leptos::prelude::*;

/// Nothing when the content has no baseline.
#[component]
pub fn BaselineSwitch(options: RwSignal<ReportOptions>) -> impl IntoView {
    baseline_2019().map(|baseline| {
        let label = format!("「{}」の結果を並べて表示する", baseline.heading());
        view! {
            <label class="choice">
                <input type="checkbox" prop:checked=move || options.get().baseline
                    on:change=move |ev| { let on = event_target_checked(&ev); options.update(|o| o.baseline = on); }
                    data-testid="baseline-switch" />
                {label}
            </label>
        }
    })
}
