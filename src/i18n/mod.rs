//! Every visible string comes from here: one file of texts per feature folder, each text
//! with its translation on the same line (`texts!`), so a missing translation is a compile
//! error; error and notice codes are enums (`code_enum!`), so a mistyped code is one too.
//!
//! The locale is chosen per request on the server (the signed-in user's choice, else the
//! `lang` cookie, else Japanese), written into `<html lang>`, and read back from there by
//! the browser when it hydrates, so both builds render the same text.

/// Declares a struct of texts with both languages side by side, one text a line:
/// `name: "日本語" | "English",`. A text without its translation does not compile.
macro_rules! texts {
    (pub struct $name:ident { $($field:ident: $ja:literal | $en:literal,)* }) => {
        pub struct $name {
            $(pub $field: &'static str,)*
        }

        impl $name {
            pub const JA: $name = $name { $($field: $ja,)* };
            pub const EN: $name = $name { $($field: $en,)* };
        }
    };
}
pub(crate) use texts;

/// Declares codes carried in addresses, each with its wire code and its text in both
/// languages on one line: `Variant = "code": "日本語" | "English",`.
macro_rules! code_enum {
    ($(#[$meta:meta])* pub enum $name:ident {
        $($variant:ident = $code:literal: $ja:literal | $en:literal,)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The code written in the address.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)*
                    _ => None,
                }
            }

            pub fn text(self, locale: super::Locale) -> &'static str {
                match (self, locale) {
                    $(($name::$variant, super::Locale::Ja) => $ja,)*
                    $(($name::$variant, super::Locale::En) => $en,)*
                }
            }
        }
    };
}
pub(crate) use code_enum;

mod app;
mod assignments;
mod audit;
mod auth;
mod checkin;
mod city;
mod codes;
mod common;
mod directory;
mod disclosure;
mod integrations;
mod loaners;
mod messages;
mod notify;
mod paper_support;
mod questionnaires;
mod reach;
mod registrations;
mod residents;
mod retention;
mod seat_requests;
mod session_reports;
mod sessions;
mod supporters;
mod today;
mod users;

pub use codes::{ErrorCode, NoticeCode};
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
            Locale::Ja => &messages::JA,
            Locale::En => &messages::EN,
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

/// A code's text in both languages, for an error made on the server.
impl From<ErrorCode> for Localized {
    fn from(code: ErrorCode) -> Self {
        Self { ja: code.text(Locale::Ja).to_string(), en: code.text(Locale::En).to_string() }
    }
}

impl Localized {
    /// The same key looked up in both locales.
    pub fn of(key: fn(&'static Messages) -> &'static str) -> Self {
        Self { ja: key(&messages::JA).to_string(), en: key(&messages::EN).to_string() }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Ja => &self.ja,
            Locale::En => &self.en,
        }
    }
}

/// The locale of the page being rendered. Provided once at the root of the app.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(page_locale)
}

/// The locale when none is in context: on the server the default; in an island (which
/// sees no context of the page around it) the one the page was served in.
fn page_locale() -> Locale {
    #[cfg(feature = "hydrate")]
    {
        locale_from_document()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Locale::default()
    }
}

/// The messages of the page's locale.
pub fn t() -> &'static Messages {
    use_locale().messages()
}

/// Fills `{name}` placeholders in a message.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |acc, (name, value)| acc.replace(&format!("{{{name}}}"), value))
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
        let l = Localized::of(|m| m.auth.login_title);
        assert_eq!(l.get(Locale::Ja), "ログイン");
        assert_eq!(l.get(Locale::En), "Sign in");
    }

    #[test]
    fn codes_are_unique_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.code()), "{} twice", c.code());
            assert_eq!(ErrorCode::from_code(c.code()), Some(*c));
            assert!(!c.text(Locale::Ja).is_empty() && !c.text(Locale::En).is_empty());
        }
        for c in NoticeCode::ALL {
            assert_eq!(NoticeCode::from_code(c.code()), Some(*c));
        }
        assert_eq!(ErrorCode::from_code("no-such-code"), None);
        assert_eq!(
            Locale::En.messages().error_text("no-such-code"),
            ErrorCode::Invalid.text(Locale::En)
        );
    }
}
