//! The Japanese texts residents receive: the same words by email, on a letter, or read out
//! on the phone. Residents are addressed in Japanese whatever the staff's language.

use super::{NoticeKind, Was};

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
    /// For a "changed" notice: when and where the session was before.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub was: Option<Was>,
    /// For a loan notice: the phone lent home, and the day it is due back (`YYYY-MM-DD`).
    pub loan_device: Option<String>,
    pub loan_due: Option<String>,
    /// Where to ask: the city's office and phone number from its settings.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub contact: String,
}

/// `2026年12月8日(火)`: a loan's due day as residents read it.
fn due_day(c: &NoticeContext) -> String {
    c.loan_due
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(crate::domain::format_date_ja)
        .unwrap_or_default()
}

/// What changed, as "label: before → now" lines (time, then venue); empty when nothing did.
pub fn changes(c: &NoticeContext) -> Vec<String> {
    let Some(was) = &c.was else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    if (was.starts_at, was.ends_at) != (c.starts_at, c.ends_at) {
        let (before, now) = (when(was.starts_at, was.ends_at), when(c.starts_at, c.ends_at));
        lines.push(format!("日時：{before} → {now}"));
    }
    if was.venue_name != c.venue_name {
        lines.push(format!("会場：{} → {}", was.venue_name, c.venue_name));
    }
    lines
}

pub use crate::domain::format_span_ja as when;

pub fn subject(kind: NoticeKind, c: &NoticeContext) -> String {
    let what = match kind {
        NoticeKind::Confirmation => "お申し込みを受け付けました",
        NoticeKind::Reminder => "明後日の体験会のご案内",
        NoticeKind::Promotion => "キャンセル待ちの方へ：お席がご用意できました",
        NoticeKind::SessionCancelled => "【中止】体験会中止のお知らせ",
        NoticeKind::SessionChanged => "【変更】体験会の日時・会場変更のお知らせ",
        NoticeKind::LoanDue => "お貸ししているスマートフォンの返却日のお知らせ",
        NoticeKind::LoanOverdue => "【ご返却のお願い】お貸ししているスマートフォン",
        NoticeKind::Invitation => "次のレベルの体験会のご案内",
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
        NoticeKind::SessionChanged => {
            "お申し込みいただいた体験会の日時または会場が変更になりました。お間違えのないようご確認ください。"
        }
        NoticeKind::LoanDue | NoticeKind::LoanOverdue => "",
        NoticeKind::Invitation => {
            "先日の体験会のアンケートで「次のレベルに参加したい」とお答えいただきましたので、次の体験会をご案内します。"
        }
    };
    if matches!(kind, NoticeKind::LoanDue | NoticeKind::LoanOverdue) {
        return loan_body(kind, c);
    }
    let mut text = format!("{} 様\n\n{opening}\n\n", c.resident_name);
    if kind == NoticeKind::SessionChanged {
        text.push_str("【変更前 → 変更後】\n");
        for line in changes(c) {
            text.push_str(&format!("{line}\n"));
        }
        text.push_str("\n【変更後のご案内】\n");
    }
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
        if kind == NoticeKind::Invitation {
            text.push_str("\nまだお申し込みにはなっていません。参加を希望される場合は、お電話でお申し込みください。\n");
        } else {
            text.push_str("\nご都合が悪くなった場合は、お電話でお知らせください。\n");
        }
    }
    text.push('\n');
    text.push_str(&c.contact);
    text.push('\n');
    text
}

/// The text of a loan notice: which phone, the day it is due back, where to bring it.
fn loan_body(kind: NoticeKind, c: &NoticeContext) -> String {
    let device = c.loan_device.clone().unwrap_or_default();
    let due = due_day(c);
    let opening = if kind == NoticeKind::LoanDue {
        format!(
            "「{}」でお貸ししているスマートフォン（{device}）の返却日は、明日 {due} です。",
            c.title
        )
    } else {
        format!(
            "「{}」でお貸ししているスマートフォン（{device}）の返却日（{due}）が過ぎています。",
            c.title
        )
    };
    let mut text = format!("{} 様\n\n{opening}\n", c.resident_name);
    text.push_str("市役所の窓口か、次の体験会の会場でお返しください。");
    text.push_str("写真やアカウントなどの情報は、お返しいただいたあとにこちらで消去します。\n\n");
    text.push_str(&c.contact);
    text.push('\n');
    text
}

/// What staff say on the phone, in one or two sentences.
pub fn call_script(kind: NoticeKind, c: &NoticeContext) -> String {
    let when = when(c.starts_at, c.ends_at);
    let device = c.loan_device.clone().unwrap_or_default();
    match kind {
        NoticeKind::LoanDue => format!(
            "お貸ししているスマートフォン（{device}）の返却日は明日 {} です。市役所の窓口か体験会の会場でお返しください。",
            due_day(c)
        ),
        NoticeKind::LoanOverdue => format!(
            "お貸ししているスマートフォン（{device}）の返却日（{}）が過ぎています。ご都合のよい日をうかがえますか。",
            due_day(c)
        ),
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
        NoticeKind::SessionChanged => {
            let what = changes(c);
            let what =
                if what.is_empty() { String::new() } else { format!("{}。", what.join("、")) };
            format!(
                "お申し込みの「{}」が変更になりました。{what}変更後は{when}、{}です。ご参加いただけますか。",
                c.title, c.venue_name
            )
        }
        NoticeKind::Invitation => format!(
            "アンケートで次のレベルを希望された方へのご案内です。{when}、{}で「{}」があります。お申し込みになりますか。",
            c.venue_name, c.title
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
            was: None,
            loan_device: None,
            loan_due: None,
            contact: crate::city::City::default().fill(
                crate::i18n::Locale::Ja.messages().common.print_contact,
                crate::i18n::Locale::Ja,
                false,
            ),
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

    #[test]
    fn a_changed_notice_says_before_and_now_and_only_what_changed() {
        // A week earlier, same hours, same venue: only the time line.
        let mut moved = context();
        moved.was = Some(Was {
            starts_at: moved.starts_at - 7 * 86_400,
            ends_at: moved.ends_at - 7 * 86_400,
            venue_name: moved.venue_name.clone(),
        });
        assert_eq!(
            changes(&moved),
            vec!["日時：2025年6月5日(木) 14:00～16:00 → 2025年6月12日(木) 14:00～16:00"]
        );
        let script = call_script(NoticeKind::SessionChanged, &moved);
        assert!(script.contains("6月5日(木) 14:00～16:00 → 2025年6月12日(木)"), "{script}");
        assert!(!script.contains("会場："));
        // Another venue, same time: only the venue line; the letter gives the new details.
        let mut elsewhere = context();
        elsewhere.was = Some(Was {
            starts_at: elsewhere.starts_at,
            ends_at: elsewhere.ends_at,
            venue_name: "南街公民館".into(),
        });
        assert_eq!(changes(&elsewhere), vec!["会場：南街公民館 → 中央公民館"]);
        let letter = body(NoticeKind::SessionChanged, &elsewhere);
        assert!(letter.contains("会場：南街公民館 → 中央公民館\n"), "{letter}");
        assert!(letter.contains("会場：中央公民館（東大和市中央3-915）"));
        assert!(letter.contains("持ち物：お持ちの携帯電話"));
        assert!(!letter.contains("日時：2025年6月12日(木) 14:00～16:00 →"));
        assert!(subject(NoticeKind::SessionChanged, &elsewhere).starts_with("【変更】"));
    }
}
