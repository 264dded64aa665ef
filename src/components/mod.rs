//! Small views shared by several pages.

pub mod backup_button;
pub mod backup_reminder;
pub mod countdown;
pub mod course_map;
pub mod display_settings;
pub mod file_drop;
pub mod import_problems;
pub mod instructor_nav;
pub mod lesson_links;
pub mod practice_export;
pub mod presenting;
pub mod progress_bar;
pub mod qr_handoff;
pub mod qr_scanner;
pub mod quiz;
pub mod read_marker;
pub mod reflection;
pub mod session_code;
pub mod sheet_field;
pub mod sheet_grid;
pub mod sheet_table;
pub mod shell;
pub mod storage_banner;
pub mod storage_status;
