//! The file register (個人情報ファイル簿): each kind of personal data yorisoi holds, its
//! purpose, its fields (each group of columns under one name) and the areas that see it.
//! Who may see it is read from the role table and its retention from the rules as set,
//! and the fields shown are the columns the database has, so the page cannot drift; a test
//! fails when the schema has a column that is in no file and not listed as impersonal.

use super::model::Kind;
use crate::auth::Area;

/// A text in both languages.
pub type Text = (&'static str, &'static str);

/// One kind of personal data.
pub struct File {
    pub name: Text,
    pub purpose: Text,
    /// The areas whose roles see it.
    pub areas: &'static [Area],
    /// The rules that shorten its life.
    pub rules: &'static [Kind],
    /// What happens to it apart from the rules.
    pub note: Text,
    /// Its fields: a name, and the `table.column`s it covers.
    pub fields: &'static [(Text, &'static [&'static str])],
}

const KEEPING: Text =
    ("記録の管理（作成・変更の日時など）", "Record keeping (when made and changed)");

pub const FILES: &[File] = &[
    File {
        name: ("市民の記録", "Residents' records"),
        purpose: (
            "体験会の申込の受付、当日の受付、連絡、相談への対応のため",
            "To take bookings, check people in, contact them and help with their requests",
        ),
        // Check-in shows names, readings and needs to those who run it.
        areas: &[Area::Residents, Area::Checkin],
        rules: &[Kind::Residents, Kind::Walkins],
        note: ("本人の求めにより消去します。", "Erased at the person's request."),
        fields: &[
            (("氏名・ふりがな", "Name and reading"), &["residents.name", "residents.kana", "residents.kana_compact", "residents.kana_sort"]),
            (("電話番号と、つながりやすい時間帯", "Phone numbers and when to call"), &["residents.phone", "residents.phone_alt", "residents.phone_wish"]),
            (("生まれ年・年代", "Year of birth, age band"), &["residents.birth_year", "residents.age_band"]),
            (("住所（地区・郵便番号）", "Address, district and postcode"), &["residents.district_id", "residents.postal_code", "residents.address"]),
            (("メールアドレス・連絡方法", "Email address and how to contact"), &["residents.email", "residents.email_owner", "residents.contact_pref"]),
            (("スマートフォンの有無", "Smartphone owned"), &["residents.smartphone"]),
            (("配慮すること（聞こえ・見え方・移動・付き添い）", "Needs (hearing, sight, mobility, companion)"), &["residents.need_hearing", "residents.need_vision", "residents.need_mobility", "residents.need_companion"]),
            (("同意の記録", "Consent given"), &["residents.consent_at", "residents.consent_by"]),
            (("メモ（配慮を要するメモを含む）", "Notes, sensitive notes included"), &["residents.notes", "residents.sensitive_notes"]),
            (KEEPING, &["residents.walkin", "residents.merged_into", "residents.created_at", "residents.updated_at", "residents.erased_at"]),
        ],
    },
    File {
        name: ("申込・出席・貸出", "Bookings, attendance and loans"),
        purpose: (
            "体験会の定員の管理、当日の受付、貸出スマートフォンの管理、参加人数の集計のため",
            "To manage seats and waitlists, check people in, lend phones and count who was reached",
        ),
        areas: &[Area::Residents, Area::Checkin, Area::Devices],
        rules: &[Kind::CallNotes],
        note: (
            "出席と集計用の年代・地区は、人数が変わらないよう残します（氏名などは市民の記録とともに消去）。",
            "Attendance with its age band and district stays so no count changes (names go with the resident's record).",
        ),
        fields: &[
            (("申込の状況（体験会・キャンセル待ち・取消）", "Booking status (session, waitlist, cancellation)"), &["registrations.session_id", "registrations.resident_id", "registrations.status", "registrations.waitlist_position", "registrations.created_at", "registrations.confirmed_at", "registrations.cancelled_at", "registrations.walkin"]),
            (("取消の理由", "Reason for cancelling"), &["registrations.cancel_reason"]),
            (("出席", "Attendance"), &["registrations.attended", "registrations.checked_in_at"]),
            (("受け付けた職員と操作の記録", "Who took it, and the request's key"), &["registrations.booked_by", "registrations.cancelled_by", "registrations.checked_in_by", "registrations.idempotency_key"]),
            (("集計用の年代・地区", "Age band and district for the figures"), &["registrations.age_band", "registrations.district_id"]),
            (("貸出スマートフォンの貸出・返却日・返却時の状態・初期化", "Loaner phones lent, due back, condition on return, reset"), &["loans.device_id", "loans.session_id", "loans.registration_id", "loans.lent_at", "loans.lent_by", "loans.returned_at", "loans.returned_by", "loans.wiped_at", "loans.wiped_by", "loans.due_on", "loans.condition", "loans.condition_note"]),
            (("年度ごとの参加（年代・地区・初参加）", "Participation per fiscal year (age band, district, first time)"), &["reach_people.resident_id", "reach_people.fiscal_year", "reach_people.months", "reach_people.first_month", "reach_people.band", "reach_people.district_id", "reach_people.first_time"]),
        ],
    },
    File {
        name: ("アンケートの回答", "Questionnaire answers"),
        purpose: (
            "体験会の満足度と、できるようになったことを年代・地区ごとに集計し、次の段階の案内とサポーターへの誘いにつなげるため",
            "To count satisfaction and what people can now do by age band and district, and to invite them to the next level or to become a supporter",
        ),
        // Whoever runs a session's report enters its sheets.
        areas: &[Area::Residents, Area::Checkin],
        rules: &[],
        note: (
            "回答は人数が変わらないよう残します。自由記述と次の段階の希望は、市民の記録とともに消去します。",
            "Answers stay so no count changes; comments and next-level wishes are erased with the resident's record.",
        ),
        fields: &[
            (("アンケートの回答（満足度・できるようになったこと・次の段階・サポーターへの関心）", "Questionnaire answers (satisfaction, what they can now do, next level, interest in helping)"), &["questionnaire_answers.session_id", "questionnaire_answers.registration_id", "questionnaire_answers.via", "questionnaire_answers.satisfaction", "questionnaire_answers.next_level", "questionnaire_answers.wants_to_help", "questionnaire_answers.contact_ok", "questionnaire_answers.entered_by", "questionnaire_answers.created_at", "questionnaire_answers.fiscal_year", "questionnaire_answers.month", "questionnaire_answers.age_band", "questionnaire_answers.district_id", "questionnaire_answers.first_time", "questionnaire_topics.answer_id", "questionnaire_topics.topic_id", "questionnaire_topics.level"]),
            (("アンケートの自由記述", "Questionnaire comments"), &["questionnaire_answers.comment"]),
            (("次の段階の体験会の案内を希望", "Wish to be invited to the next level"), &["next_level_wishes.resident_id", "next_level_wishes.level", "next_level_wishes.from_session_id", "next_level_wishes.created_at", "next_level_wishes.invited_session_id", "next_level_wishes.invited_at"]),
        ],
    },
    File {
        name: ("連絡の記録", "Notices"),
        purpose: (
            "体験会の案内・変更・前日の連絡を、電話・郵送・メールで届けるため",
            "To tell people of bookings, changes and reminders by phone, letter or email",
        ),
        areas: &[Area::Residents, Area::Supporters],
        rules: &[Kind::CallNotes],
        note: ("本人の記録とともに消去します。", "Erased with the person's record."),
        fields: &[
            (("連絡の種類・方法・予定日", "Kind, channel and day of the notice"), &["notices.kind", "notices.channel", "notices.resident_id", "notices.supporter_id", "notices.session_id", "notices.registration_id", "notices.dedupe_key", "notices.due_on", "notices.status", "notices.created_at"]),
            (("送った内容（宛先・件名・本文・変更前の日時と会場）", "What was sent (address, subject, text, the time and venue before a change)"), &["notices.email_to", "notices.subject", "notices.body", "notices.was_starts_at", "notices.was_ends_at", "notices.was_venue"]),
            (("送信の状況と配信エラー", "Sending and delivery errors"), &["notices.attempts", "notices.next_attempt_at", "notices.claimed_until", "notices.claim_token", "notices.last_error", "notices.sent_at"]),
            (("電話・郵送の結果とメモ", "Outcome of calls and letters, with notes"), &["notices.outcome", "notices.outcome_note", "notices.outcome_at", "notices.outcome_by"]),
        ],
    },
    File {
        name: ("ウェブからの体験会の申込", "Seat requests from the public pages"),
        purpose: (
            "ウェブから届いた体験会の申込を、電話で確認して予約にするため",
            "To confirm seat requests sent online by phone and turn them into bookings",
        ),
        areas: &[Area::Residents],
        rules: &[],
        note: (
            "氏名・連絡先は確認待ちの間だけ持ち、確定・お断り・取り消し・期限切れで消します（確定した方は市民の記録へ）。受付番号・電話番号の下4桁・状態は、本人が状態を確かめられるよう残します。",
            "Name and contact details are kept only while the request waits, and cleared when it is confirmed, declined, cancelled or lapses (a confirmed person lives on as a resident's record). The reference, the phone's last four digits and the status stay so the requester can check it.",
        ),
        fields: &[
            (("氏名・ふりがな", "Name and reading"), &["seat_requests.name", "seat_requests.kana"]),
            (("電話番号・メールアドレス", "Phone number and email"), &["seat_requests.phone", "seat_requests.phone_last4", "seat_requests.email"]),
            (("入力した方（本人・家族・その他）", "Who filled it in (themselves, family, other)"), &["seat_requests.filled_by"]),
            (("当日の手助け", "Needs on the day"), &["seat_requests.need_hearing", "seat_requests.need_vision", "seat_requests.need_mobility", "seat_requests.need_companion"]),
            (("利用目的への同意", "Consent to the purpose of use"), &["seat_requests.consent_at"]),
            (("申込の状況（受付番号・体験会・席・確認の電話・期限・予約）", "The request (reference, session, place, calls, lapse, booking)"), &["seat_requests.reference", "seat_requests.session_id", "seat_requests.status", "seat_requests.holds_seat", "seat_requests.waitlist_position", "seat_requests.created_at", "seat_requests.lapses_at", "seat_requests.attempts", "seat_requests.last_attempt_at", "seat_requests.closed_at", "seat_requests.closed_by", "seat_requests.resident_id", "seat_requests.registration_id", "seat_requests.form_key"]),
            (("本人が状態を見るための鍵（ハッシュのみ、30分）", "The requester's key to see it (hash only, 30 minutes)"), &["seat_requests.access_hash", "seat_requests.access_until"]),
            (("送信の回数の記録（送信元と電話番号は鍵つきのハッシュのみ、1日で削除）", "Counts of sends for the rate limits (address and number as keyed hashes only; removed after a day)"), &["public_attempts.bucket", "public_attempts.since", "public_attempts.count"]),
        ],
    },
    File {
        name: ("紙・窓口での相談", "Paper and in-person help"),
        purpose: (
            "オンラインの手続きが難しい方を紙や対面で支援し、その後を確かめるため",
            "To help people who cannot do a procedure online, on paper or in person, and follow up",
        ),
        areas: &[Area::Support],
        rules: &[Kind::SupportText],
        note: (
            "件数の集計のため、内容の区分と年代・地区は残します。",
            "The kinds of help with age band and district stay for the figures.",
        ),
        fields: &[
            (("相談の内容と対応の状況", "The request and how it was handled"), &["support_requests.resident_id", "support_requests.requested_on", "support_requests.channel", "support_requests.procedure_id", "support_requests.procedure_other", "support_requests.status", "support_requests.follow_up_on", "support_requests.staff_id", "support_requests.minutes", "support_requests.registration_id", "support_requests.form_key", "support_requests.created_at", "support_requests.updated_at"]),
            (("オンラインでできない理由", "Why it could not be done online"), &["support_requests.reason_no_device", "support_requests.reason_cannot_operate", "support_requests.reason_vision_hearing", "support_requests.reason_anxiety", "support_requests.reason_no_email", "support_requests.reason_other"]),
            (("行った支援", "Help given"), &["support_requests.provided_paper_handed", "support_requests.provided_paper_mailed", "support_requests.provided_proxy_entry", "support_requests.provided_accompanied", "support_requests.provided_workshop"]),
            (("集計用の年代・地区", "Age band and district for the figures"), &["support_requests.age_band", "support_requests.district_id"]),
            (("メモ", "Notes"), &["support_requests.notes"]),
        ],
    },
    File {
        name: ("TOKYOスマホサポーター", "TOKYO Smartphone Supporters"),
        purpose: (
            "サポーターの養成・認定と、体験会での活動の調整のため",
            "To train and certify supporters and match them to sessions",
        ),
        areas: &[Area::Supporters],
        rules: &[Kind::Supporters],
        note: ("本人の求めにより消去します。", "Erased at the person's request."),
        fields: &[
            (("氏名・ふりがな", "Name and reading"), &["supporters.name", "supporters.kana", "supporters.kana_compact", "supporters.kana_sort"]),
            (("連絡先", "Phone and email"), &["supporters.phone", "supporters.email"]),
            (("登録の根拠・成年の確認", "Basis of the record, adult confirmed"), &["supporters.basis", "supporters.adult_confirmed"]),
            (("手伝えること・曜日・時間帯・地区", "What they can help with, days, times, district"), &["supporters.help_iphone", "supporters.help_android", "supporters.help_line", "supporters.help_mynaportal", "supporters.help_cashless", "supporters.help_other", "supporters.days", "supporters.times", "supporters.district_id"]),
            (("団体・市民の記録・アカウントとのつながり", "Links to a partner, a resident's record and an account"), &["supporters.partner_id", "supporters.resident_id", "supporters.user_id"]),
            (("養成の進み具合・認定", "Progress and certification"), &["supporters.stage", "supporters.last_progress_on", "supporters.certificate_no", "supporters.certified_on", "supporters.certificate_note", "supporter_units.supporter_id", "supporter_units.unit_id", "supporter_units.completed_on", "supporter_units.recorded_by", "supporter_unit_claims.supporter_id", "supporter_unit_claims.unit_id", "supporter_unit_claims.claimed_on"]),
            (("関心を持ったきっかけ・連絡への同意", "Where their interest came from, consent to be contacted"), &["supporters.came_from", "supporters.contact_consent_at"]),
            (("資格・修了の記録", "Credentials"), &["supporter_credentials.supporter_id", "supporter_credentials.kind", "supporter_credentials.name", "supporter_credentials.earned_on", "supporter_credentials.expires_on", "supporter_credentials.note", "supporter_credentials.recorded_by", "supporter_credentials.created_at"]),
            (("メモ", "Notes"), &["supporters.notes"]),
            (KEEPING, &["supporters.created_at", "supporters.updated_at", "supporters.erased_at"]),
        ],
    },
    File {
        name: ("職員・ボランティアのアカウント", "Staff and volunteer accounts"),
        purpose: (
            "利用する人の確認、役割ごとの権限、体験会の担当の調整のため",
            "To know who signs in, what their role allows, and who helps at which session",
        ),
        areas: &[Area::AdminUsers],
        rules: &[Kind::SignIns],
        note: (
            "アカウントは無効にしても、監査ログのために残します。",
            "An account disabled stays, for the audit log.",
        ),
        fields: &[
            (("ログインID・表示名", "Login ID and display name"), &["users.login", "users.display_name"]),
            (("役割・所属・言語", "Role, partner and language"), &["users.role", "users.partner_id", "users.locale", "users.disabled", "users.created_at"]),
            (("パスワード（ハッシュのみ）", "Password (its hash only)"), &["users.password_hash", "users.must_change_password", "users.temporary_until", "setup_tokens.token_hash", "setup_tokens.created_at", "setup_tokens.used_at"]),
            (("ログインの記録", "Sign-ins"), &["user_sessions.token_hash", "user_sessions.user_id", "user_sessions.created_at", "user_sessions.last_seen_at", "login_failures.login", "login_failures.at", "login_locks.login", "login_locks.locked_until", "calendar_tokens.user_id", "calendar_tokens.token_hash", "calendar_tokens.created_at"]),
            (("外部連携のトークン（ハッシュのみ）と、作った・無効にした職員、使われた記録", "Integration tokens (hash only), who made and revoked them, their use"), &["integration_tokens.name", "integration_tokens.token_hash", "integration_tokens.scope_sessions", "integration_tokens.scope_requests", "integration_tokens.created_by", "integration_tokens.created_at", "integration_tokens.revoked_at", "integration_tokens.revoked_by", "integration_tokens.last_used_at", "integration_tokens.uses"]),
            (("受付端末から届いた操作の控え（操作の番号・送った人・結果）", "Receipts of check-in phones' taps (tap key, who sent it, outcome)"), &["checkin_taps.tap_key", "checkin_taps.session_id", "checkin_taps.user_id", "checkin_taps.outcome", "checkin_taps.applied_at"]),
            (("体験会の担当と手伝った時間", "Sessions helped at, and for how long"), &["session_assignments.session_id", "session_assignments.user_id", "session_assignments.role", "session_assignments.offered", "session_assignments.assigned_by", "session_assignments.created_at", "helper_hours.session_id", "helper_hours.user_id", "helper_hours.minutes"]),
        ],
    },
    File {
        name: ("共催団体の連絡先と予定表", "Partners' contact people and calendars"),
        purpose: (
            "共催団体と連絡をとり、その体験会の予定を取り込むため",
            "To reach the partners who host sessions and import their schedules",
        ),
        areas: &[Area::Directory],
        rules: &[],
        note: ("団体の記録を変えたときに書き換えます。", "Replaced when the partner's record is changed."),
        fields: &[
            (("担当者の氏名・電話番号", "Contact's name and phone"), &["partners.contact_name", "partners.contact_phone"]),
            (("メモ", "Notes"), &["partners.notes"]),
            (("購読する予定表のアドレス（非公開のものを含む）", "Address of a subscribed calendar (may be private)"), &["partner_calendars.url"]),
            (("取り込み中の予定表ファイル（主催者の名前や連絡先を含むことがある。1日で削除）", "Calendar files being imported (may name organisers; removed after a day)"), &["ics_uploads.token", "ics_uploads.user_id", "ics_uploads.partner_id", "ics_uploads.file_name", "ics_uploads.content", "ics_uploads.created_at"]),
        ],
    },
    File {
        name: ("体験会のメモと報告", "Session notes and reports"),
        purpose: (
            "体験会の運営を振り返り、事故やけがを記録するため",
            "To look back on how a session went and record incidents",
        ),
        areas: &[Area::Sessions, Area::Reports],
        rules: &[Kind::SessionNotes],
        note: ("満足度などの件数は残します。", "Tallies such as satisfaction stay."),
        fields: &[
            (("ボランティアへのメモ", "Notes for volunteers"), &["sessions.volunteer_notes"]),
            (("報告のメモ・事故やけが", "Report notes and incidents"), &["session_reports.notes", "session_reports.incidents"]),
            (("報告を書いた職員", "Who wrote the report"), &["session_reports.finalised_by", "session_reports.updated_by"]),
        ],
    },
    File {
        name: ("監査ログ", "Audit log"),
        purpose: (
            "個人情報を、誰がいつ見たり変えたりしたかを確かめるため",
            "To know who read or changed personal data, and when",
        ),
        areas: &[Area::AdminAudit],
        rules: &[Kind::AuditLog],
        note: (
            "記録の番号だけを書き、氏名などは書きません。",
            "Holds record numbers only, never names or contact data.",
        ),
        fields: &[
            (("いつ・誰が・どの記録に・何をしたか", "When, who, which record, what"), &["audit_log.at", "audit_log.user_id", "audit_log.user_login", "audit_log.action", "audit_log.record_type", "audit_log.record_id", "audit_log.detail"]),
            (("保存期間の適用の記録（件数のみ）", "Runs of the retention rules (counts only)"), &["retention_runs.at", "retention_runs.user_id", "retention_runs.user_login", "retention_runs.night", "retention_runs.counts"]),
        ],
    },
];

/// Tables and columns that hold no personal data (`*`: the whole table). A column that
/// is in no file and not here fails the register's test.
pub const IMPERSONAL: &[(&str, &[&str])] = &[
    ("_sqlx_migrations", &["*"]),
    ("backups", &["*"]),
    ("city_settings", &["*"]),
    ("course_units", &["*"]),
    ("districts", &["*"]),
    ("heartbeat", &["*"]),
    ("loaner_devices", &["*"]),
    (
        "partner_calendars",
        &[
            "partner_id",
            "topic_id",
            "capacity",
            "every_minutes",
            "next_pull_at",
            "claimed_until",
            "pulled_at",
            "error_code",
            "added",
            "updated",
            "cancelled",
            "refused",
        ],
    ),
    ("partner_locations", &["*"]),
    ("procedures", &["*"]),
    ("programme_settings", &["*"]),
    ("questionnaire_rollup", &["*"]),
    ("report_topics", &["*"]),
    ("session_cohosts", &["*"]),
    ("session_series", &["*"]),
    ("server_secrets", &["*"]),
    ("session_topics", &["*"]),
    ("topics", &["*"]),
    ("venues", &["*"]),
    ("partners", &["name", "kind", "created_at"]),
    (
        "sessions",
        &[
            "uid",
            "title",
            "title_reading",
            "level",
            "host_partner_id",
            "venue_id",
            "starts_at",
            "ends_at",
            "local_date",
            "fiscal_year",
            "capacity",
            "walkin_seats",
            "seats_taken",
            "waitlist_count",
            "loaner_iphone",
            "loaner_android",
            "what_to_bring",
            "description",
            "status",
            "cancel_reason",
            "cancelled_at",
            "series_id",
            "sequence",
            "created_at",
            "updated_at",
            "waitlist_next",
            "present_booked",
            "present_walkins",
        ],
    ),
    (
        "session_reports",
        &[
            "session_id",
            "satisfied_1",
            "satisfied_2",
            "satisfied_3",
            "satisfied_4",
            "satisfied_5",
            "finalised_at",
            "updated_at",
        ],
    ),
];

/// The columns of `schema` (`(table, column)`) that are in no file and not impersonal; a
/// table's `id` needs no entry.
pub fn unregistered(schema: &[(String, String)]) -> Vec<String> {
    schema
        .iter()
        .filter(|(_, column)| column != "id")
        .map(|(table, column)| format!("{table}.{column}"))
        .filter(|name| !registered(name))
        .collect()
}

fn registered(name: &str) -> bool {
    let (table, column) = name.split_once('.').unwrap_or((name, ""));
    FILES.iter().flat_map(|f| f.fields.iter()).any(|(_, columns)| columns.contains(&name))
        || IMPERSONAL.iter().any(|(t, columns)| {
            *t == table && (columns.contains(&"*") || columns.contains(&column))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_column_is_caught() {
        let schema = vec![
            ("residents".to_string(), "id".to_string()),
            ("residents".to_string(), "phone".to_string()),
            ("residents".to_string(), "hobby".to_string()),
            ("topics".to_string(), "anything".to_string()),
            ("sessions".to_string(), "organiser_phone".to_string()),
        ];
        assert_eq!(unregistered(&schema), vec!["residents.hobby", "sessions.organiser_phone"]);
    }
}
