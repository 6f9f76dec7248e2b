//! ふりがな for the public pages: fixed texts carry their readings as `{漢字|かんじ}`, and
//! session titles and venue names an optional reading that staff fill in. With the switch
//! on (a cookie the easy-reading form sets), they are drawn as `<ruby>`; off, as the plain
//! text.

use leptos::prelude::*;

/// The cookie that remembers the switch.
pub const COOKIE: &str = "yorisoi_ruby";

/// The text without its readings: `{東大和市|ひがしやまとし}の` → `東大和市の`.
pub fn plain(text: &str) -> String {
    parts(text).into_iter().map(|(base, _)| base).collect()
}

/// The text as runs of (text, its reading if it has one).
fn parts(text: &str) -> Vec<(&str, Option<&str>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 1..close];
        match inner.split_once('|') {
            Some((base, reading)) => {
                if open > 0 {
                    out.push((&rest[..open], None));
                }
                out.push((base, Some(reading)));
            }
            // Not a reading: kept as it stands.
            None => out.push((&rest[..=close], None)),
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push((rest, None));
    }
    out
}

/// Whether the visitor asked for readings.
pub fn wanted() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| crate::web::extract::cookie(&parts.headers, COOKIE).map(|v| v == "1"))
            .unwrap_or(false)
    }
    #[cfg(not(feature = "ssr"))]
    false
}

/// A fixed text with its readings drawn as ruby when they are wanted (`always`: in any
/// case, as on the questionnaires).
#[component]
pub fn Rubied(#[prop(into)] text: String, #[prop(optional)] always: bool) -> impl IntoView {
    if !always && !wanted() {
        return plain(&text).into_any();
    }
    parts(&text)
        .into_iter()
        .map(|(base, reading)| match reading {
            Some(r) => view! { <ruby>{base.to_string()}<rt>{r.to_string()}</rt></ruby> }.into_any(),
            None => base.to_string().into_any(),
        })
        .collect_view()
        .into_any()
}

/// A name staff gave a reading (a session's title, a venue's name): ruby over the whole
/// name when readings are wanted and one is given.
#[component]
pub fn Named(name: String, reading: String) -> impl IntoView {
    if wanted() && !reading.is_empty() {
        view! { <ruby>{name}<rt>{reading}</rt></ruby> }.into_any()
    } else {
        name.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_come_off_and_odd_braces_stay_as_text() {
        assert_eq!(plain("{東大和市|ひがしやまとし}の{体験会|たいけんかい}"), "東大和市の体験会");
        assert_eq!(parts("a{漢|かん}b"), vec![("a", None), ("漢", Some("かん")), ("b", None)]);
        assert_eq!(plain("no readings"), "no readings");
        assert_eq!(plain("{unclosed"), "{unclosed");
        assert_eq!(plain("{no bar} and {漢|かん}"), "{no bar} and 漢");
        assert_eq!(plain(""), "");
    }
}
