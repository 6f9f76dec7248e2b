//! Japanese telephone numbers. Staff type them as they hear them: full-width digits, any
//! dash, spaces, brackets, or +81. We keep the digits and show them grouped.

use super::ParseError;
use crate::i18n::ErrorCode;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A Japanese number: 10 or 11 digits starting with 0, stored as digits only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

const EMPTY: ParseError = ParseError::new(
    ErrorCode::PhoneEmpty,
    "電話番号を入力してください。",
    "Enter a telephone number.",
);
const INVALID: ParseError = ParseError::new(
    ErrorCode::PhoneInvalid,
    "電話番号は0から始まる10桁または11桁の数字で入力してください（例：042-563-2111、090-1234-5678）。",
    "Enter a Japanese number of 10 or 11 digits starting with 0 (e.g. 042-563-2111).",
);

/// Characters people type between digits: hyphens and dashes of every width, the long
/// vowel mark (often typed for a dash), brackets, dots and spaces.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '‐'
                | '‑'
                | '‒'
                | '–'
                | '—'
                | '―'
                | '−'
                | 'ー'
                | '('
                | ')'
                | '.'
                | '／'
                | '/'
        )
}

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        // NFKC turns full-width digits, brackets and the full-width hyphen into ASCII.
        let folded: String = input.nfkc().collect();
        let trimmed = folded.trim();
        if trimmed.is_empty() {
            return Err(EMPTY);
        }
        let (international, rest) = match trimmed.strip_prefix("+81") {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut digits = String::with_capacity(12);
        for c in rest.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !is_separator(c) {
                return Err(INVALID);
            }
        }
        if international && !digits.starts_with('0') {
            digits.insert(0, '0');
        }
        if !(10..=11).contains(&digits.len())
            || !digits.starts_with('0')
            || digits.starts_with("00")
        {
            return Err(INVALID);
        }
        Ok(Self(digits))
    }

    /// Stored digits as people read them (grouped); kept as stored if they do not parse.
    pub fn display(digits: &str) -> String {
        Self::parse(digits).map(|p| p.grouped()).unwrap_or_else(|_| digits.to_string())
    }

    /// Digits only, as stored and searched.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// Digits grouped as Japanese numbers are written: 090-1234-5678, 03-1234-5678,
    /// 0120-123-456, 042-123-4567. Landline area codes other than 03 and 06 are shown as
    /// three digits; the digits themselves are never changed.
    pub fn grouped(&self) -> String {
        let d = self.0.as_str();
        let sizes: &[usize] = match (d.len(), &d[..2], &d[..3], &d[..4]) {
            (11, _, _, "0800") => &[4, 3, 4],
            (11, _, "050" | "060" | "070" | "080" | "090", _) => &[3, 4, 4],
            (11, _, _, _) => &[3, 4, 4],
            (10, _, _, "0120" | "0570" | "0990") => &[4, 3, 3],
            (10, "03" | "06", _, _) => &[2, 4, 4],
            _ => &[3, 3, 4],
        };
        let mut out = String::with_capacity(13);
        let mut start = 0;
        for size in sizes {
            if start > 0 {
                out.push('-');
            }
            out.push_str(&d[start..start + size]);
            start += size;
        }
        out
    }
}

impl std::fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.grouped())
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_how_people_type_numbers() {
        for (input, digits, grouped) in [
            ("042-123-4567", "0421234567", "042-123-4567"),
            ("０４２－１２３－４５６７", "0421234567", "042-123-4567"),
            ("042 123 4567", "0421234567", "042-123-4567"),
            ("(042)123-4567", "0421234567", "042-123-4567"),
            ("090-1234-5678", "09012345678", "090-1234-5678"),
            ("09012345678", "09012345678", "090-1234-5678"),
            ("０９０ー１２３４ー５６７８", "09012345678", "090-1234-5678"),
            ("+81 90 1234 5678", "09012345678", "090-1234-5678"),
            ("03-1234-5678", "0312345678", "03-1234-5678"),
            ("0120-123-456", "0120123456", "0120-123-456"),
            ("0800-123-4567", "08001234567", "0800-123-4567"),
        ] {
            let p = PhoneNumber::parse(input).unwrap();
            assert_eq!(p.digits(), digits, "{input}");
            assert_eq!(p.grouped(), grouped, "{input}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_japanese_number() {
        assert_eq!(PhoneNumber::parse(" ").unwrap_err().code, crate::i18n::ErrorCode::PhoneEmpty);
        for bad in
            ["123-4567", "42-123-4567", "090-1234-56789", "042-123-456a", "0012345678", "電話"]
        {
            assert_eq!(
                PhoneNumber::parse(bad).unwrap_err().code,
                crate::i18n::ErrorCode::PhoneInvalid,
                "{bad}"
            );
        }
    }

    proptest! {
        #[test]
        fn grouped_form_parses_back_to_the_same_digits(rest in "[1-9][0-9]{8,9}") {
            let digits = format!("0{rest}");
            let p = PhoneNumber::parse(&digits).unwrap();
            prop_assert_eq!(p.grouped().replace('-', ""), digits.clone());
            prop_assert_eq!(PhoneNumber::parse(&p.grouped()).unwrap(), p);
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = PhoneNumber::parse(&s);
        }
    }
}
