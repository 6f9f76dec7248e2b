//! Name readings (ふりがな). Staff type hiragana, katakana, half-width katakana or romaji;
//! all become one canonical hiragana form, so every spelling finds the same person.

use super::ParseError;
use crate::i18n::ErrorCode;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use unicode_normalization::UnicodeNormalization;
use wana_kana::ConvertJapanese;

/// A kana reading in canonical form: hiragana, words separated by one ASCII space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Kana(String);

const EMPTY: ParseError = ParseError::new(
    ErrorCode::KanaEmpty,
    "ふりがなを入力してください。",
    "Enter the name reading (kana).",
);
const INVALID: ParseError = ParseError::new(
    ErrorCode::KanaInvalid,
    "ふりがなは、ひらがな・カタカナ・ローマ字で入力してください（例：やまだ たろう）。",
    "Enter the reading in hiragana, katakana or romaji (e.g. yamada tarou).",
);
const TOO_LONG: ParseError = ParseError::new(
    ErrorCode::KanaTooLong,
    "ふりがなは100文字以内で入力してください。",
    "The reading must be 100 characters or fewer.",
);

impl Kana {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        // NFKC: half-width katakana (ﾔﾏﾀﾞ) become full-width with composed voicing marks,
        // the ideographic space becomes an ASCII space.
        let folded: String = input.nfkc().collect::<String>().to_lowercase();
        let words: Vec<&str> = folded.split_whitespace().collect();
        if words.is_empty() {
            return Err(EMPTY);
        }
        let joined = words.join(" ");
        let hiragana = joined.to_hiragana();
        if hiragana.chars().count() > 100 {
            return Err(TOO_LONG);
        }
        if !hiragana.chars().all(|c| c == ' ' || is_hiragana(c)) {
            return Err(INVALID);
        }
        Ok(Self(hiragana))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether what was typed looks like a reading (kana of any width, or romaji, with
    /// spaces): a guess by character alone, for the browser, which then needs neither the
    /// Unicode tables nor the romaji converter of [`Kana::parse`]. The form that receives
    /// it still parses it.
    pub fn looks_like(typed: &str) -> bool {
        let typed = typed.trim();
        !typed.is_empty() && typed.chars().all(|c| {
            matches!(c, '\u{3041}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}' | '\u{ff66}'..='\u{ff9f}')
                || c.is_ascii_alphabetic()
                || c == ' '
                || c == '\u{3000}'
        })
    }

    /// The reading in katakana, as printed on forms (ヤマダ タロウ).
    pub fn katakana(&self) -> String {
        self.0.to_katakana()
    }

    /// A key that sorts readings in 五十音 order: voiced and small kana sort with their
    /// plain form first (か, が, き), the long-vowel mark as the vowel it lengthens; the exact
    /// reading breaks ties so the order is total.
    pub fn sort_key(&self) -> String {
        let mut key = self.sort_prefix();
        key.push('\u{1}');
        key.push_str(&self.0);
        key
    }

    /// The first part of [`Kana::sort_key`], the reading mapped for sorting: the key of
    /// every reading that begins with this one (spaces where this one has them) begins
    /// with it, so a range of keys holds them (the intake search on PostgreSQL).
    pub fn sort_prefix(&self) -> String {
        let mut key = String::with_capacity(self.0.len() * 2);
        let mut previous_vowel = None;
        for c in self.0.chars() {
            let plain = plain_kana(c);
            let c = match plain {
                'ー' => previous_vowel.unwrap_or('ー'),
                other => other,
            };
            previous_vowel = vowel_of(c).or(previous_vowel);
            key.push(c);
        }
        key
    }
}

impl PartialOrd for Kana {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kana {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl std::fmt::Display for Kana {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Kana {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Kana> for String {
    fn from(value: Kana) -> Self {
        value.0
    }
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | 'ー' | 'ゝ' | 'ゞ')
}

/// The plain (清音, full-size) form of a hiragana letter.
fn plain_kana(c: char) -> char {
    const SMALL: [(char, char); 12] = [
        ('ぁ', 'あ'),
        ('ぃ', 'い'),
        ('ぅ', 'う'),
        ('ぇ', 'え'),
        ('ぉ', 'お'),
        ('っ', 'つ'),
        ('ゃ', 'や'),
        ('ゅ', 'ゆ'),
        ('ょ', 'よ'),
        ('ゎ', 'わ'),
        ('ゕ', 'か'),
        ('ゖ', 'け'),
    ];
    if let Some((_, big)) = SMALL.iter().find(|(small, _)| *small == c) {
        return *big;
    }
    if c == 'ゔ' {
        return 'う';
    }
    // Canonical decomposition splits が into か + U+3099; keep the base letter.
    c.to_string().nfd().next().unwrap_or(c)
}

/// The vowel (あいうえお) a plain hiragana letter ends in, if it has one.
fn vowel_of(c: char) -> Option<char> {
    const ROWS: [&str; 5] = [
        "あかさたなはまやらわ",
        "いきしちにひみり",
        "うくすつぬふむゆる",
        "えけせてねへめれ",
        "おこそとのほもよろを",
    ];
    const VOWELS: [char; 5] = ['あ', 'い', 'う', 'え', 'お'];
    ROWS.iter().position(|row| row.contains(c)).map(|i| VOWELS[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn looks_like_agrees_with_parse_on_what_staff_type() {
        for typed in ["ヤマダ　タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", "yamada tarou", "やまだ", "ヴァイオリン"]
        {
            assert!(Kana::looks_like(typed) && Kana::parse(typed).is_ok(), "{typed}");
        }
        for typed in ["山田", "山田 たろう", "090-1234", "", "  ", "tarou1"] {
            assert!(!Kana::looks_like(typed) && Kana::parse(typed).is_err(), "{typed}");
        }
    }

    #[test]
    fn every_script_gives_the_same_reading() {
        let expected = Kana::parse("やまだ たろう").unwrap();
        for input in
            ["ヤマダ　タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", "yamada tarou", "YAMADA  TAROU", "  やまだ　　たろう "]
        {
            assert_eq!(Kana::parse(input).unwrap(), expected, "{input}");
        }
        assert_eq!(expected.as_str(), "やまだ たろう");
        assert_eq!(expected.katakana(), "ヤマダ タロウ");
    }

    #[test]
    fn rejects_what_is_not_a_reading() {
        assert_eq!(Kana::parse("").unwrap_err().code, crate::i18n::ErrorCode::KanaEmpty);
        assert_eq!(Kana::parse("　 ").unwrap_err().code, crate::i18n::ErrorCode::KanaEmpty);
        assert_eq!(Kana::parse("山田").unwrap_err().code, crate::i18n::ErrorCode::KanaInvalid);
        assert_eq!(Kana::parse("yamada2").unwrap_err().code, crate::i18n::ErrorCode::KanaInvalid);
        assert_eq!(Kana::parse("xq").unwrap_err().code, crate::i18n::ErrorCode::KanaInvalid);
        assert_eq!(
            Kana::parse(&"あ".repeat(101)).unwrap_err().code,
            crate::i18n::ErrorCode::KanaTooLong
        );
    }

    #[test]
    fn sorts_in_gojuon_order() {
        let mut names: Vec<Kana> = [
            "わたなべ",
            "がとう",
            "かとう",
            "きむら",
            "あべ",
            "さとう",
            "かとー",
            "ぱく",
            "はやし",
        ]
        .iter()
        .map(|s| Kana::parse(s).unwrap())
        .collect();
        names.sort();
        let sorted: Vec<&str> = names.iter().map(Kana::as_str).collect();
        assert_eq!(
            sorted,
            // かとー reads as かとお; ぱく sorts as はく, before はやし.
            [
                "あべ",
                "かとう",
                "がとう",
                "かとー",
                "きむら",
                "さとう",
                "ぱく",
                "はやし",
                "わたなべ"
            ]
        );
    }

    #[test]
    fn small_kana_sort_with_their_full_size_letter() {
        // Equal at the first level; the exact reading decides (small before full size).
        let a = Kana::parse("きょう").unwrap();
        let b = Kana::parse("きよう").unwrap();
        let c = Kana::parse("きら").unwrap();
        let d = Kana::parse("きゃ").unwrap();
        assert!(a < b && b < c, "{a:?} {b:?} {c:?}");
        assert!(d < b, "きゃ sorts as きや, before きよう");
    }

    proptest! {
        #[test]
        fn hiragana_katakana_and_half_width_agree(s in "[ぁ-ゔ]{1,12}") {
            let from_hiragana = Kana::parse(&s).unwrap();
            let from_katakana = Kana::parse(&s.to_katakana()).unwrap();
            prop_assert_eq!(&from_hiragana, &from_katakana);
            prop_assert_eq!(from_hiragana.as_str(), s.as_str());
        }

        #[test]
        fn parsing_is_idempotent(s in "\\PC{0,30}") {
            if let Ok(k) = Kana::parse(&s) {
                prop_assert_eq!(Kana::parse(k.as_str()).unwrap(), k);
            }
        }

        #[test]
        fn the_key_of_a_reading_begins_with_the_sort_prefix_of_its_start(
            s in "[ぁ-ゔー]{1,6}( [ぁ-ゔー]{1,6}){0,2}",
            cut in 1usize..20,
        ) {
            let start: String = s.chars().take(cut).collect();
            if let (Ok(whole), Ok(start)) = (Kana::parse(&s), Kana::parse(&start)) {
                prop_assert!(whole.sort_key().starts_with(&start.sort_prefix()));
            }
        }

        #[test]
        fn never_panics_and_sort_key_is_total(a in "\\PC{0,20}", b in "\\PC{0,20}") {
            if let (Ok(a), Ok(b)) = (Kana::parse(&a), Kana::parse(&b)) {
                prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
            }
        }
    }
}
