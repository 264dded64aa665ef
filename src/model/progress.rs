//! How far a trainee has come: lessons done per module and overall.

use crate::model::curriculum::Course;
use crate::model::record::LearnerRecord;

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
    use crate::content::COURSE;

    #[test]
    fn progress_counts_done_lessons_of_the_real_course() {
        let mut record = LearnerRecord::new([0; 16], [0; 8]);
        let first = &COURSE.lessons[0];
        assert_eq!(overall(&COURSE, &record).done, 0);
        record.mark_read(first.id);
        record.record_attempt(first.id, vec![], 100);
        let all = overall(&COURSE, &record);
        assert_eq!((all.done, all.total), (1, COURSE.lessons.len()));
        assert_eq!(of_module(&COURSE, &record, first.module).done, 1);
        assert_eq!(
            of_module(&COURSE, &record, "no-such-module"),
            Progress { done: 0, total: 0 }
        );
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(Progress { done: 1, total: 8 }.percent(), 13);
        assert_eq!(Progress { done: 0, total: 0 }.percent(), 0);
    }
}
