//! Self-check quizzes: question kinds, answers and grading (with partial credit).

use crate::text::hash::fnv1a_64;
use serde::{Deserialize, Serialize};

#[derive(Debug)]
pub struct Quiz {
    pub questions: &'static [Question],
}

#[derive(Debug)]
pub struct Question {
    pub prompt: &'static str,
    pub kind: QuestionKind,
}

#[derive(Debug)]
pub enum QuestionKind {
    /// One right option among several.
    Single { options: &'static [Choice] },
    /// Any number of right options (at least one).
    Multiple { options: &'static [Choice] },
    /// ○× on a statement.
    TrueFalse {
        answer: bool,
        explanation: &'static str,
    },
    /// Items to put in order; `items` is the right order.
    Order {
        items: &'static [&'static str],
        explanation: &'static str,
    },
}

#[derive(Debug)]
pub struct Choice {
    pub text: &'static str,
    pub correct: bool,
    pub explanation: &'static str,
}

/// What the trainee chose, by position, so that it can be stored and shown again.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Answer {
    Single(usize),
    Multiple(Vec<usize>),
    TrueFalse(bool),
    /// Item indices (into the right order) in the order the trainee placed them.
    Order(Vec<usize>),
}

/// Credit for one question, from 0 to `SCALE`.
pub const SCALE: u32 = 100;

impl Question {
    /// Grades an answer; `None` (unanswered) or an answer of the wrong shape earns nothing.
    pub fn credit(&self, answer: Option<&Answer>) -> u32 {
        match (&self.kind, answer) {
            (QuestionKind::Single { options }, Some(Answer::Single(i)))
                if options.get(*i).is_some_and(|o| o.correct) =>
            {
                SCALE
            }
            // Each option counts: ticked when right, left blank when wrong. Ticking everything is
            // therefore never full marks, and one slip costs one option's share.
            (QuestionKind::Multiple { options }, Some(Answer::Multiple(chosen))) => {
                let judged_right = options
                    .iter()
                    .enumerate()
                    .filter(|(i, o)| chosen.contains(i) == o.correct)
                    .count() as u32;
                judged_right * SCALE / options.len() as u32
            }
            (QuestionKind::TrueFalse { answer, .. }, Some(Answer::TrueFalse(given)))
                if given == answer =>
            {
                SCALE
            }
            // Each item in its right place earns its share.
            (QuestionKind::Order { items, .. }, Some(Answer::Order(placed)))
                if placed.len() == items.len() =>
            {
                let in_place = placed
                    .iter()
                    .enumerate()
                    .filter(|(pos, item)| pos == *item)
                    .count() as u32;
                in_place * SCALE / items.len() as u32
            }
            _ => 0,
        }
    }

    /// Whether an answer is of this question's kind and within its options.
    pub fn accepts(&self, answer: &Answer) -> bool {
        match (&self.kind, answer) {
            (QuestionKind::Single { options }, Answer::Single(i)) => *i < options.len(),
            (QuestionKind::Multiple { options }, Answer::Multiple(chosen)) => {
                chosen.iter().all(|i| *i < options.len())
            }
            (QuestionKind::TrueFalse { .. }, Answer::TrueFalse(_)) => true,
            (QuestionKind::Order { items, .. }, Answer::Order(placed)) => {
                let mut sorted = placed.clone();
                sorted.sort_unstable();
                sorted == (0..items.len()).collect::<Vec<_>>()
            }
            _ => false,
        }
    }
}

/// The starting order shown for an ordering question: never the right order (a rotation by one and
/// a swap keep it deterministic, so the same question always starts the same way).
pub fn shuffled_order(len: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).map(|i| (i + 1) % len.max(1)).collect();
    if len >= 4 {
        order.swap(0, len - 1);
    }
    order
}

/// The order in which a question's options are shown. Authors tend to write the right answer first;
/// showing options in a fixed, question-specific shuffled order keeps position from giving it away,
/// and keeps the same order across reloads. Answers are still stored by the option's own index.
pub fn display_order(seed_text: &str, len: usize) -> Vec<usize> {
    let mut state = fnv1a_64(seed_text.as_bytes());
    let mut order: Vec<usize> = (0..len).collect();
    for i in (1..len).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = ((state >> 33) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// A graded attempt: total credit and the percentage, rounded half up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    pub credit: u32,
    pub max: u32,
}

impl Score {
    pub fn percent(self) -> u32 {
        // Rounded half up; a quiz with nothing to score counts as 0 %.
        (self.credit * 100 + self.max / 2)
            .checked_div(self.max)
            .unwrap_or(0)
    }
}

impl Quiz {
    pub fn grade(&self, answers: &[Option<Answer>]) -> Score {
        let credit = self
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| q.credit(answers.get(i).and_then(Option::as_ref)))
            .sum();
        Score {
            credit,
            max: self.questions.len() as u32 * SCALE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RIGHT: Choice = Choice {
        text: "正",
        correct: true,
        explanation: "理由",
    };
    const WRONG: Choice = Choice {
        text: "誤",
        correct: false,
        explanation: "理由",
    };

    fn single() -> Question {
        Question {
            prompt: "p",
            kind: QuestionKind::Single {
                options: &[WRONG, RIGHT, WRONG],
            },
        }
    }
    fn multiple() -> Question {
        Question {
            prompt: "p",
            kind: QuestionKind::Multiple {
                options: &[RIGHT, WRONG, RIGHT, WRONG],
            },
        }
    }
    fn order() -> Question {
        Question {
            prompt: "p",
            kind: QuestionKind::Order {
                items: &["a", "b", "c", "d", "e"],
                explanation: "e",
            },
        }
    }

    #[test]
    fn single_choice_is_all_or_nothing() {
        assert_eq!(single().credit(Some(&Answer::Single(1))), 100);
        assert_eq!(single().credit(Some(&Answer::Single(0))), 0);
        assert_eq!(single().credit(Some(&Answer::Single(9))), 0);
        assert_eq!(single().credit(None), 0);
    }

    #[test]
    fn multiple_choice_gives_partial_credit_per_option() {
        let q = multiple();
        assert_eq!(q.credit(Some(&Answer::Multiple(vec![0, 2]))), 100);
        assert_eq!(
            q.credit(Some(&Answer::Multiple(vec![0]))),
            75,
            "one right option missed"
        );
        assert_eq!(
            q.credit(Some(&Answer::Multiple(vec![0, 1, 2]))),
            75,
            "one wrong option ticked"
        );
        assert_eq!(
            q.credit(Some(&Answer::Multiple(vec![0, 1, 2, 3]))),
            50,
            "ticking all is not full marks"
        );
        assert_eq!(q.credit(Some(&Answer::Multiple(vec![1, 3]))), 0);
        assert_eq!(q.credit(Some(&Answer::Multiple(vec![]))), 50);
    }

    #[test]
    fn true_false() {
        let q = Question {
            prompt: "p",
            kind: QuestionKind::TrueFalse {
                answer: false,
                explanation: "e",
            },
        };
        assert_eq!(q.credit(Some(&Answer::TrueFalse(false))), 100);
        assert_eq!(q.credit(Some(&Answer::TrueFalse(true))), 0);
    }

    #[test]
    fn ordering_gives_credit_for_items_in_place() {
        let q = order();
        assert_eq!(q.credit(Some(&Answer::Order(vec![0, 1, 2, 3, 4]))), 100);
        assert_eq!(q.credit(Some(&Answer::Order(vec![1, 0, 2, 3, 4]))), 60);
        assert_eq!(q.credit(Some(&Answer::Order(vec![4, 3, 2, 1, 0]))), 20);
        assert_eq!(
            q.credit(Some(&Answer::Order(vec![0, 1]))),
            0,
            "wrong length"
        );
    }

    #[test]
    fn wrong_shaped_answers_earn_nothing_and_are_not_accepted() {
        assert_eq!(single().credit(Some(&Answer::TrueFalse(true))), 0);
        assert!(!single().accepts(&Answer::Multiple(vec![1])));
        assert!(!order().accepts(&Answer::Order(vec![0, 0, 1, 2, 3])));
        assert!(order().accepts(&Answer::Order(vec![4, 3, 2, 1, 0])));
        assert!(!multiple().accepts(&Answer::Multiple(vec![7])));
    }

    #[test]
    fn starting_order_is_never_the_answer() {
        for len in 2..10 {
            let start = shuffled_order(len);
            assert_ne!(start, (0..len).collect::<Vec<_>>(), "len {len}");
            let mut sorted = start.clone();
            sorted.sort_unstable();
            assert_eq!(
                sorted,
                (0..len).collect::<Vec<_>>(),
                "a permutation for len {len}"
            );
        }
    }

    #[test]
    fn display_order_is_a_stable_permutation() {
        for len in 0..8 {
            let order = display_order("lesson-a/3", len);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..len).collect::<Vec<_>>());
            assert_eq!(
                order,
                display_order("lesson-a/3", len),
                "same question, same order"
            );
        }
        let distinct: std::collections::HashSet<Vec<usize>> = (0..20)
            .map(|q| display_order(&format!("lesson-a/{q}"), 4))
            .collect();
        assert!(distinct.len() > 5, "questions get different orders");
    }

    #[test]
    fn quiz_score_rounds_half_up() {
        static QUESTIONS: [Question; 3] = [
            Question {
                prompt: "p",
                kind: QuestionKind::TrueFalse {
                    answer: true,
                    explanation: "e",
                },
            },
            Question {
                prompt: "p",
                kind: QuestionKind::TrueFalse {
                    answer: true,
                    explanation: "e",
                },
            },
            Question {
                prompt: "p",
                kind: QuestionKind::TrueFalse {
                    answer: true,
                    explanation: "e",
                },
            },
        ];
        let quiz = Quiz {
            questions: &QUESTIONS,
        };
        let score = quiz.grade(&[
            Some(Answer::TrueFalse(true)),
            Some(Answer::TrueFalse(true)),
            None,
        ]);
        assert_eq!(
            score,
            Score {
                credit: 200,
                max: 300
            }
        );
        assert_eq!(score.percent(), 67);
        assert_eq!(
            Score {
                credit: 1,
                max: 200
            }
            .percent(),
            1,
            "0.5% rounds up"
        );
    }
}
