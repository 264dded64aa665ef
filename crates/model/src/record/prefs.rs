//! Display preferences of this device: colour theme and text size.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// Follows the system's light or dark setting (`prefers-color-scheme`).
    #[default]
    Auto,
    Light,
    Dark,
    Contrast,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextSize {
    #[default]
    Standard,
    Large,
    Largest,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    #[serde(default)]
    pub theme: Theme,
    #[serde(default)]
    pub text_size: TextSize,
}

impl Theme {
    pub const ALL: [Theme; 4] = [Theme::Auto, Theme::Light, Theme::Dark, Theme::Contrast];

    pub fn label(self) -> &'static str {
        match self {
            Theme::Auto => "端末の設定に合わせる",
            Theme::Light => "明るい",
            Theme::Dark => "暗い",
            Theme::Contrast => "高コントラスト",
        }
    }

    /// The value of `data-theme` on `<html>`; the stylesheet keys its colours on it.
    pub fn attr(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Contrast => "contrast",
        }
    }
}

impl TextSize {
    pub const ALL: [TextSize; 3] = [TextSize::Standard, TextSize::Large, TextSize::Largest];

    pub fn label(self) -> &'static str {
        match self {
            TextSize::Standard => "標準",
            TextSize::Large => "大",
            TextSize::Largest => "特大",
        }
    }

    pub fn attr(self) -> &'static str {
        match self {
            TextSize::Standard => "standard",
            TextSize::Large => "large",
            TextSize::Largest => "largest",
        }
    }
}

impl Prefs {
    /// Unreadable preferences fall back to the defaults: they are a convenience, never worth an error.
    pub fn from_json(text: &str) -> Prefs {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_json(self) -> String {
        serde_json::to_string(&self).expect("two enums always serialise")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_garbage() {
        let prefs = Prefs {
            theme: Theme::Contrast,
            text_size: TextSize::Largest,
        };
        assert_eq!(Prefs::from_json(&prefs.to_json()), prefs);
        assert_eq!(Prefs::from_json("{\"theme\":\"neon\"}"), Prefs::default());
        assert_eq!(Prefs::from_json("{}"), Prefs::default());
    }
}
