//! The self-check at the end of a lesson: answer, grade, read every option's explanation, retry.
//! The best score and the last answers are kept in the learner record.

use crate::model::course::Lesson;
use crate::model::course::quiz::{
    Answer, Choice, Question, QuestionKind, Quiz, SCALE, display_order, shuffled_order,
};
use crate::state::AppState;
use leptos::prelude::*;

type Answers = RwSignal<Vec<Option<Answer>>>;

fn fresh_answers(quiz: &Quiz) -> Vec<Option<Answer>> {
    quiz.questions
        .iter()
        .map(|q| match q.kind {
            QuestionKind::Order { items, .. } => Some(Answer::Order(shuffled_order(items.len()))),
            _ => None,
        })
        .collect()
}

/// Saved answers are shown again only if they still fit the questions (content may have changed).
fn saved_answers(quiz: &Quiz, saved: &[Option<Answer>]) -> Option<Vec<Option<Answer>>> {
    let fits = saved.len() == quiz.questions.len()
        && quiz
            .questions
            .iter()
            .zip(saved)
            .all(|(q, a)| a.as_ref().is_none_or(|a| q.accepts(a)));
    fits.then(|| saved.to_vec())
}

#[component]
pub fn QuizView(lesson: &'static Lesson, quiz: &'static Quiz) -> impl IntoView {
    let state = expect_context::<AppState>();
    let saved = state.record.with_untracked(|r| r.quiz(lesson.id).cloned());
    let restored = saved
        .as_ref()
        .and_then(|s| saved_answers(quiz, &s.last_answers));
    let graded =
        RwSignal::new(restored.is_some() && saved.as_ref().is_some_and(|s| s.attempts > 0));
    let answers: Answers = RwSignal::new(restored.unwrap_or_else(|| fresh_answers(quiz)));
    let summary_ref = NodeRef::<leptos::html::P>::new();

    let unanswered = move || answers.with(|a| a.iter().filter(|x| x.is_none()).count());
    let grade = move |_| {
        let given = answers.get_untracked();
        let percent = quiz.grade(&given).percent();
        state.edit(|record| record.record_attempt(lesson.id, given, percent));
        graded.set(true);
        if let Some(summary) = summary_ref.get_untracked() {
            let _ = summary.focus();
        }
    };
    let retry = move |_| {
        answers.set(fresh_answers(quiz));
        graded.set(false);
    };
    let summary = move || {
        let record = state.record.with(|r| r.quiz(lesson.id).cloned())?;
        Some(format!(
            "今回の得点 {}%（最高 {}%・{}回目）",
            record.last_percent, record.best_percent, record.attempts
        ))
    };
    let questions = quiz
        .questions
        .iter()
        .enumerate()
        .map(|(index, question)| view! { <QuestionView lesson_id=lesson.id index question answers graded /> })
        .collect_view();

    view! {
        <section class="quiz" aria-labelledby="quiz-title" data-testid="quiz">
            <h2 id="quiz-title">"確認問題"</h2>
            <p class="quiz__intro">
                {format!("全{}問。答えを選んで「採点する」を押すと、すべての選択肢の解説が表示されます。何度でも挑戦できます。", quiz.questions.len())}
            </p>
            <ol class="quiz__questions">{questions}</ol>
            <p class="quiz__summary" tabindex="-1" node_ref=summary_ref role="status" data-testid="quiz-summary">
                {move || graded.get().then(summary).flatten()}
            </p>
            <Show
                when=move || graded.get()
                fallback=move || view! {
                    <p class="quiz__unanswered">
                        {move || (unanswered() > 0).then(|| format!("未回答の問題が{}問あります（未回答は0点として採点します）。", unanswered()))}
                    </p>
                    <button type="button" class="button" on:click=grade data-testid="quiz-grade">"採点する"</button>
                }
            >
                <button type="button" class="button button--quiet" on:click=retry data-testid="quiz-retry">"もう一度解く"</button>
            </Show>
        </section>
    }
}

#[component]
fn QuestionView(
    lesson_id: &'static str,
    index: usize,
    question: &'static Question,
    answers: Answers,
    graded: RwSignal<bool>,
) -> impl IntoView {
    let name = format!("quiz-{lesson_id}-{index}");
    let body = match &question.kind {
        QuestionKind::Single { options } => {
            choices(name, index, options, answers, graded, false).into_any()
        }
        QuestionKind::Multiple { options } => {
            choices(name, index, options, answers, graded, true).into_any()
        }
        QuestionKind::TrueFalse {
            answer,
            explanation,
        } => true_false(name, index, *answer, explanation, answers, graded).into_any(),
        QuestionKind::Order { items, explanation } => {
            view! { <OrderView index items explanation answers graded /> }.into_any()
        }
    };
    let hint = match question.kind {
        QuestionKind::Single { .. } => "（1つ選ぶ）",
        QuestionKind::Multiple { .. } => "（当てはまるものをすべて選ぶ）",
        QuestionKind::TrueFalse { .. } => "（○か×か）",
        QuestionKind::Order { .. } => "（正しい順に並べる）",
    };
    let verdict = move || {
        graded.get().then(|| {
            let credit = answers.with(|a| question.credit(a[index].as_ref()));
            match credit {
                SCALE => ("quiz__verdict quiz__verdict--right", "正解".to_owned()),
                0 => ("quiz__verdict quiz__verdict--wrong", "不正解".to_owned()),
                partial => (
                    "quiz__verdict quiz__verdict--partial",
                    format!("部分正解（{partial}%）"),
                ),
            }
        })
    };
    view! {
        <li class="quiz__question" data-testid="quiz-question">
            <fieldset>
                <legend>{question.prompt} <span class="quiz__hint">{hint}</span></legend>
                {body}
            </fieldset>
            {move || verdict().map(|(class, text)| view! { <p class=class>{text}</p> })}
        </li>
    }
}

fn choices(
    name: String,
    index: usize,
    options: &'static [Choice],
    answers: Answers,
    graded: RwSignal<bool>,
    multiple: bool,
) -> impl IntoView {
    let is_chosen = move |option: usize| {
        answers.with(|a| match &a[index] {
            Some(Answer::Single(i)) => *i == option,
            Some(Answer::Multiple(chosen)) => chosen.contains(&option),
            _ => false,
        })
    };
    let items = display_order(&name, options.len())
        .into_iter()
        .map(|option| (option, &options[option]))
        .map(|(option, choice)| {
            let name = name.clone();
            let toggle = move |_| {
                answers.update(|a| {
                    a[index] = if multiple {
                        let mut chosen = match a[index].take() {
                            Some(Answer::Multiple(c)) => c,
                            _ => Vec::new(),
                        };
                        match chosen.iter().position(|i| *i == option) {
                            Some(at) => {
                                chosen.remove(at);
                            }
                            None => chosen.push(option),
                        }
                        chosen.sort_unstable();
                        Some(Answer::Multiple(chosen))
                    } else {
                        Some(Answer::Single(option))
                    }
                })
            };
            let feedback = move || {
                graded.get().then(|| {
                    let mark = if choice.correct { "正しい選択肢" } else { "誤りの選択肢" };
                    let yours = if is_chosen(option) { "・あなたの選択" } else { "" };
                    let class = if choice.correct { "quiz__feedback quiz__feedback--right" } else { "quiz__feedback" };
                    view! { <p class=class><strong>{format!("{mark}{yours}")}</strong> " " {choice.explanation}</p> }
                })
            };
            view! {
                <li>
                    <label class="choice">
                        <input
                            type=if multiple { "checkbox" } else { "radio" }
                            name=name
                            prop:checked=move || is_chosen(option)
                            disabled=move || graded.get()
                            on:change=toggle
                        />
                        {choice.text}
                    </label>
                    {feedback}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="quiz__options">{items}</ul> }
}

fn true_false(
    name: String,
    index: usize,
    answer: bool,
    explanation: &'static str,
    answers: Answers,
    graded: RwSignal<bool>,
) -> impl IntoView {
    let option = move |value: bool, label: &'static str| {
        let name = name.clone();
        view! {
            <li>
                <label class="choice">
                    <input
                        type="radio"
                        name=name
                        prop:checked=move || answers.with(|a| a[index] == Some(Answer::TrueFalse(value)))
                        disabled=move || graded.get()
                        on:change=move |_| answers.update(|a| a[index] = Some(Answer::TrueFalse(value)))
                    />
                    {label}
                </label>
            </li>
        }
    };
    let right = if answer {
        "正しいのは ○ です。"
    } else {
        "正しいのは × です。"
    };
    view! {
        <ul class="quiz__options quiz__options--inline">
            {option(true, "○ 正しい")}
            {option(false, "× 誤り")}
        </ul>
        <Show when=move || graded.get()>
            <p class="quiz__feedback quiz__feedback--right"><strong>{right}</strong> " " {explanation}</p>
        </Show>
    }
}

#[component]
fn OrderView(
    index: usize,
    items: &'static [&'static str],
    explanation: &'static str,
    answers: Answers,
    graded: RwSignal<bool>,
) -> impl IntoView {
    let placed = move || match answers.with(|a| a[index].clone()) {
        Some(Answer::Order(order)) if order.len() == items.len() => order,
        _ => shuffled_order(items.len()),
    };
    let button_id = move |position: usize, up: bool| {
        format!(
            "order-{index}-{position}-{}",
            if up { "up" } else { "down" }
        )
    };
    let swap = move |from: usize, to: usize| {
        let mut order = placed();
        order.swap(from, to);
        answers.update(|a| a[index] = Some(Answer::Order(order)));
        // The list is drawn anew, so keyboard focus follows the moved item instead of being lost.
        let up = to < from;
        let last = items.len() - 1;
        let target = if (up && to == 0) || (!up && to == last) {
            button_id(to, !up)
        } else {
            button_id(to, up)
        };
        request_animation_frame(move || {
            if let Some(button) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&target))
            {
                if let Ok(button) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(button) {
                    let _ = button.focus();
                }
            }
        });
    };
    let rows = move || {
        let order = placed();
        let last = order.len() - 1;
        order
            .into_iter()
            .enumerate()
            .map(|(position, item)| {
                let text = items[item];
                let in_place = position == item;
                view! {
                    <li class="quiz__order-item">
                        <span class="quiz__order-pos">{format!("{}.", position + 1)}</span>
                        <span class="quiz__order-text">{text}</span>
                        <span class="quiz__order-buttons">
                            <button type="button" class="button button--quiet button--small"
                                id=button_id(position, true)
                                aria-label=format!("「{text}」を上へ")
                                disabled=move || graded.get() || position == 0
                                on:click=move |_| swap(position, position - 1)>"↑"</button>
                            <button type="button" class="button button--quiet button--small"
                                id=button_id(position, false)
                                aria-label=format!("「{text}」を下へ")
                                disabled=move || graded.get() || position == last
                                on:click=move |_| swap(position, position + 1)>"↓"</button>
                        </span>
                        {move || graded.get().then(|| view! {
                            <span class="quiz__order-mark">{if in_place { "正しい位置" } else { "位置が違います" }}</span>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ol class="quiz__order">{rows}</ol>
        <Show when=move || graded.get()>
            <div class="quiz__feedback quiz__feedback--right">
                <p><strong>"正しい順番"</strong></p>
                <ol>{items.iter().map(|i| view! { <li>{*i}</li> }).collect_view()}</ol>
                <p>{explanation}</p>
            </div>
        </Show>
    }
}
