//! What a page sends beside what it shows, on SQLite and PostgreSQL: pages are plain
//! server-rendered HTML; only islands carry data (their props, the resources they load),
//! and only what they display. The compiled assets are cached for good under their
//! versioned addresses only.
use crate::common;

use common::{on_both, TestApp};
use serde_json::Value;
use yorisoi::auth::Role;

/// `&amp;`-style references back to text.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text between `open` and the next `close` after each occurrence of `open`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    html.split(open)
        .skip(1)
        .filter_map(|part| part.split_once(close).map(|(inside, _)| inside))
        .collect()
}

/// Everything in a page that is data rather than what is shown: its scripts (except the
/// islands' loader, which holds two addresses) and the islands' serialised props.
fn page_data(html: &str) -> Vec<String> {
    let scripts = between(html, "<script", "</script>")
        .into_iter()
        .map(|s| s.split_once('>').map(|(_, body)| body).unwrap_or_default())
        .filter(|body| !body.starts_with("const islands = document.querySelectorAll"))
        // Leptos ends every page by declaring its (here empty) lists: `__NAME=[];`.
        .map(|body| {
            body.split_inclusive(';')
                .filter(|statement| {
                    let empty = statement.strip_suffix("=[];").unwrap_or("x");
                    !(empty.starts_with("__")
                        && empty.chars().all(|c| c == '_' || c.is_ascii_uppercase()))
                })
                .collect::<String>()
        });
    let props = between(html, "data-props=\"", "\"").into_iter().map(unescape);
    scripts.chain(props).filter(|s| !s.trim().is_empty()).collect()
}

/// What a reader sees: the text of the page without its head, scripts and tags.
fn shown(html: &str) -> String {
    let body = html.split_once("<body").map(|(_, b)| b).unwrap_or(html);
    let mut text = String::new();
    let mut rest = body;
    while let Some(start) = rest.find("<script") {
        text.push_str(&rest[..start]);
        rest = rest[start..].split_once("</script>").map(|(_, after)| after).unwrap_or("");
    }
    text.push_str(rest);
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

#[tokio::test]
async fn pages_hold_no_data_beyond_what_they_show() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (reviewer, _) = app.signed_in(Role::Reviewer).await;
        let (volunteer, volunteer_id) = app.signed_in(Role::Volunteer).await;
        let session = app.add_session("島の確認", 0, 10).await;
        app.add_assignment(session, volunteer_id, "lead").await;
        let booked =
            app.add_resident("来場 花子", "らいじょう はなこ", "0425637777", "email").await;
        let other = app.add_resident("島田 次郎", "しまだ じろう", "0425638888", "letter").await;
        app.add_place(session, booked).await;
        app.add_place(session, other).await;

        // Pages without islands: no data at all, however personal or exact their content.
        for (client, path) in [
            (&staff, format!("/residents/{booked}")),
            (&staff, format!("/sessions/{session}")),
            (&reviewer, "/reports/reach".to_string()),
            (&reviewer, "/reports/reach?publish=1".to_string()),
            (&reviewer, "/support/report?publish=1".to_string()),
        ] {
            let r = app.get(client, &path).await;
            assert_eq!(r.status(), 200, "{path}");
            let html = r.text().await.unwrap();
            assert_eq!(page_data(&html), Vec::<String>::new(), "{path}");
            assert!(!html.contains("<leptos-island"), "{path}");
        }
        // The resident page shows the phone number: in the text, nowhere else.
        let html = app.get(&staff, &format!("/residents/{booked}")).await.text().await.unwrap();
        assert!(shown(&html).contains("042-563-7777"), "the check can fail");

        // The check-in page: one island, whose props are the rows on screen.
        let html = app
            .get(&volunteer, &format!("/sessions/{session}/checkin"))
            .await
            .text()
            .await
            .unwrap();
        let data = page_data(&html);
        assert_eq!(data.len(), 1, "{data:?}");
        let props: Value = serde_json::from_str(&data[0]).unwrap();
        let entries = props["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        let text = shown(&html);
        for entry in entries {
            let keys: Vec<&str> = entry.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                // changed_at is not shown: it is when the row last changed, which a tap
                // made offline carries back so the server can tell a later change apart.
                [
                    "attended",
                    "changed_at",
                    "holding",
                    "kana",
                    "name",
                    "needs",
                    "registration_id",
                    "smartphone",
                    "walkin"
                ],
                "{entry}"
            );
            let name = entry["name"].as_str().unwrap();
            let reading =
                yorisoi::domain::Kana::parse(entry["kana"].as_str().unwrap()).unwrap().katakana();
            assert!(text.contains(name) && text.contains(&reading), "{name} {reading} in {text}");
        }
        for secret in ["0425637777", "042-563-7777", "example.jp", "中央3-930"] {
            assert!(!html.contains(secret), "{secret}");
        }

        // The intake search: what the island loaded is the list shown.
        let html = app
            .get(&staff, "/intake?q=%E3%82%89%E3%81%84%E3%81%98%E3%82%87%E3%81%86")
            .await
            .text()
            .await
            .unwrap();
        let data = page_data(&html).join("\n");
        assert!(data.contains("来場 花子") && shown(&html).contains("来場 花子"), "{data}");
        assert!(shown(&html).contains("042-563-7777") && data.contains("042-563-7777"));
        assert!(!data.contains("島田") && !html.contains("島田"), "{data}");
    })
    .await;
}
