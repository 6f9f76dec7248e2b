//! The Japanese texts residents receive: the same words by email, on a letter, or read out
//! on the phone. Residents are addressed in Japanese whatever the staff's language.

use super::NoticeKind;

/// What a notice is about.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NoticeContext {
    pub resident_name: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_access: String,
    pub what_to_bring: String,
    pub cancel_reason: Option<String>,
}

pub use crate::domain::format_span_ja as when;

pub fn subject(kind: NoticeKind, c: &NoticeContext) -> String {
    let what = match kind {
        NoticeKind::Confirmation => "お申し込みを受け付けました",
        NoticeKind::Reminder => "明後日の体験会のご案内",
        NoticeKind::Promotion => "キャンセル待ちの方へ：お席がご用意できました",
        NoticeKind::SessionCancelled => "【中止】体験会中止のお知らせ",
    };
    format!("{what}（{}）", c.title)
}

/// The full text of an email or a letter.
pub fn body(kind: NoticeKind, c: &NoticeContext) -> String {
    let opening = match kind {
        NoticeKind::Confirmation => "スマートフォン体験会のお申し込みを受け付けました。",
        NoticeKind::Reminder => "お申し込みいただいたスマートフォン体験会が近づいてまいりました。",
        NoticeKind::Promotion => {
            "キャンセル待ちをいただいていた体験会に空きが出ましたので、お席をご用意しました。"
        }
        NoticeKind::SessionCancelled => {
            "まことに申し訳ございませんが、お申し込みいただいた体験会は中止となりました。"
        }
    };
    let mut text = format!("{} 様\n\n{opening}\n\n", c.resident_name);
    text.push_str(&format!("体験会：{}\n", c.title));
    text.push_str(&format!("日時：{}\n", when(c.starts_at, c.ends_at)));
    text.push_str(&format!("会場：{}（{}）\n", c.venue_name, c.venue_address));
    if kind == NoticeKind::SessionCancelled {
        if let Some(reason) = c.cancel_reason.as_deref().filter(|r| !r.is_empty()) {
            text.push_str(&format!("中止の理由：{reason}\n"));
        }
        text.push_str("\nまたのご参加を心よりお待ちしております。\n");
    } else {
        if !c.venue_access.is_empty() {
            text.push_str(&format!("行き方：{}\n", c.venue_access));
        }
        if !c.what_to_bring.is_empty() {
            text.push_str(&format!("持ち物：{}\n", c.what_to_bring));
        }
        text.push_str("\nご都合が悪くなった場合は、お電話でお知らせください。\n");
    }
    text.push('\n');
    text.push_str(crate::i18n::Locale::Ja.messages().common.print_contact);
    text.push('\n');
    text
}

/// What staff say on the phone, in one or two sentences.
pub fn call_script(kind: NoticeKind, c: &NoticeContext) -> String {
    let when = when(c.starts_at, c.ends_at);
    match kind {
        NoticeKind::Reminder | NoticeKind::Confirmation => {
            format!("{when}、{}での「{}」のご参加、お待ちしております。", c.venue_name, c.title)
        }
        NoticeKind::Promotion => format!(
            "キャンセル待ちの「{}」（{when}、{}）にお席がご用意できました。ご参加いただけますか。",
            c.title, c.venue_name
        ),
        NoticeKind::SessionCancelled => format!(
            "{when}、{}での「{}」は中止になりました。{}",
            c.venue_name,
            c.title,
            c.cancel_reason.as_deref().map(|r| format!("理由：{r}")).unwrap_or_default()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> NoticeContext {
        NoticeContext {
            resident_name: "山田 花子".into(),
            title: "はじめてのスマホ".into(),
            // 2025-06-12 14:00 JST.
            starts_at: 1_749_704_400,
            ends_at: 1_749_711_600,
            venue_name: "中央公民館".into(),
            venue_address: "東大和市中央3-915".into(),
            venue_access: "市役所前バス停から徒歩3分".into(),
            what_to_bring: "お持ちの携帯電話".into(),
            cancel_reason: Some("台風の接近".into()),
        }
    }

    #[test]
    fn letters_say_when_where_and_what_to_bring_in_japanese() {
        let text = body(NoticeKind::Confirmation, &context());
        assert!(text.starts_with("山田 花子 様\n"));
        assert!(text.contains("日時：2025年6月12日(木) 14:00～16:00"));
        assert!(text.contains("行き方：市役所前バス停から徒歩3分"));
        assert!(text.contains("持ち物：お持ちの携帯電話"));
        assert!(text.contains("042-563-2111"));
        let cancelled = body(NoticeKind::SessionCancelled, &context());
        assert!(cancelled.contains("中止の理由：台風の接近"));
        assert!(!cancelled.contains("持ち物"));
        assert!(subject(NoticeKind::SessionCancelled, &context()).starts_with("【中止】"));
    }
}
