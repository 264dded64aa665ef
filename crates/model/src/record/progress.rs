//! How far a trainee has come: lessons done per module and overall.

use crate::course::Course;
use crate::record::LearnerRecord;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn percent(self) -> usize {
        // Rounded half up; an empty course counts as 0 %.
        (self.done * 100 + self.total / 2)
            .checked_div(self.total)
            .unwrap_or(0)
    }
}

pub fn of_module(course: &Course, record: &LearnerRecord, module_id: &str) -> Progress {
    let lessons: Vec<_> = course.lessons_of(module_id).collect();
    Progress {
        done: lessons.iter().filter(|l| record.lesson_done(l.id)).count(),
        total: lessons.len(),
    }
}

pub fn overall(course: &Course, record: &LearnerRecord) -> Progress {
    Progress {
        done: course
            .lessons
            .iter()
            .filter(|l| record.lesson_done(l.id))
            .count(),
        total: course.lessons.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(Progress { done: 1, total: 8 }.percent(), 13);
        assert_eq!(Progress { done: 0, total: 0 }.percent(), 0);
    }
}
