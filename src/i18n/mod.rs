//! Every visible string comes from here. `ja.rs` and `en.rs` each fill the same
//! [`Messages`] struct, so a key missing from either locale is a compile error.
//!
//! The locale is chosen per request on the server (the signed-in user's choice, else the
//! `lang` cookie, else Japanese), written into `<html lang>`, and read back from there by
//! the browser when it hydrates, so both builds render the same text.

mod day;
mod en;
mod intake;
mod ja;
mod messages;
mod reach;
mod support;
mod supporters;

pub use messages::Messages;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
pub enum Locale {
    #[default]
    Ja,
    En,
}

/// The cookie that remembers the language for people who are not signed in.
pub const LANG_COOKIE: &str = "lang";

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::Ja => "ja",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim() {
            "ja" => Some(Locale::Ja),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Locale::Ja => &ja::JA,
            Locale::En => &en::EN,
        }
    }

    /// The other language, offered by the switch.
    pub fn other(self) -> Self {
        match self {
            Locale::Ja => Locale::En,
            Locale::En => Locale::Ja,
        }
    }
}

/// A text in both languages, for messages made on the server and shown in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub ja: String,
    pub en: String,
}

impl Localized {
    /// The same key looked up in both locales.
    pub fn of(key: fn(&'static Messages) -> &'static str) -> Self {
        Self {
            ja: key(&ja::JA).to_string(),
            en: key(&en::EN).to_string(),
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Ja => &self.ja,
            Locale::En => &self.en,
        }
    }
}

impl From<crate::domain::ParseError> for Localized {
    fn from(e: crate::domain::ParseError) -> Self {
        Self {
            ja: e.ja.to_string(),
            en: e.en.to_string(),
        }
    }
}

/// The locale of the page being rendered. Provided once at the root of the app.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The messages of the page's locale.
pub fn t() -> &'static Messages {
    use_locale().messages()
}

/// Fills `{name}` placeholders in a message.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |acc, (name, value)| {
            acc.replace(&format!("{{{name}}}"), value)
        })
}

/// The locale the browser was served in, read from `<html lang>` when hydrating.
#[cfg(feature = "hydrate")]
pub fn locale_from_document() -> Locale {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|code| Locale::from_code(&code))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_round_trip_and_fill() {
        for l in [Locale::Ja, Locale::En] {
            assert_eq!(Locale::from_code(l.code()), Some(l));
        }
        assert_eq!(Locale::from_code("fr"), None);
        assert_eq!(fill("{name}さん", &[("name", "山田")]), "山田さん");
        let l = Localized::of(|m| m.login_title);
        assert_eq!(l.get(Locale::Ja), "ログイン");
        assert_eq!(l.get(Locale::En), "Sign in");
    }
}
