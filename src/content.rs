//! The curriculum compiled from content/ at build time (see build.rs and build/content.rs).

use crate::model::curriculum::*;

include!(concat!(env!("OUT_DIR"), "/content.rs"));
