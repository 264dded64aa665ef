//! Small views shared by several pages.

pub mod backup_button;
pub mod course_map;
pub mod display_settings;
pub mod progress_bar;
pub mod quiz;
pub mod read_marker;
pub mod reflection;
pub mod shell;
pub mod storage_banner;
pub mod storage_status;
