//! The Japanese texts supporters receive (by email, or read out by staff on the phone).

fn date_ja(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(crate::domain::format_date_ja)
        .unwrap_or_else(|_| day.to_string())
}

fn closing() -> &'static str {
    crate::i18n::Locale::Ja.messages().common.print_contact
}

/// A trainee whose course has not moved since `since`: subject and body.
pub fn stalled(name: &str, since: &str) -> (String, String) {
    (
        "TOKYOスマホサポーター講座の進み具合について".to_string(),
        format!(
            "{name} 様\n\nTOKYOスマホサポーターの講座にお申し込みいただき、ありがとうございます。\n\
             {}から講座の記録が進んでいないようです。お困りのことがあれば、お気軽にご相談ください。\n\
             講座はオンラインで、ご都合のよいときに一つずつ進められます。\n\n{}\n",
            date_ja(since),
            closing()
        ),
    )
}

/// A credential expiring on `expires_on`: subject and body.
pub fn expiring(name: &str, credential: &str, expires_on: &str) -> (String, String) {
    (
        format!("{credential}の有効期限が近づいています"),
        format!(
            "{name} 様\n\nいつもご協力いただき、ありがとうございます。\n\
             {credential}の有効期限は{}です。引き続き活動いただける場合は、更新の手続きをお願いします。\n\n{}\n",
            date_ja(expires_on),
            closing()
        ),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn reminders_name_the_person_and_the_date_in_japanese() {
        let (subject, body) = super::expiring("佐藤 一郎", "デジタル推進委員", "2026-01-15");
        assert_eq!(subject, "デジタル推進委員の有効期限が近づいています");
        assert!(body.starts_with("佐藤 一郎 様\n"));
        assert!(body.contains("2026年1月15日(木)"));
        let (_, body) = super::stalled("佐藤 一郎", "2025-06-12");
        assert!(body.contains("2025年6月12日(木)から"));
    }
}
