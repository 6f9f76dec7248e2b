//! Texts of audit: the audit log.
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct AuditTexts {
        audit_title: "監査ログ" | "Audit log",
        audit_filter: "絞り込み" | "Filter",
        audit_user: "ユーザー（ログインID）" | "User (login ID)",
        audit_record_type: "記録の種類" | "Record type",
        audit_record_id: "記録のID" | "Record ID",
        audit_from: "期間（から）" | "From",
        audit_to: "期間（まで）" | "To",
        audit_submit: "絞り込む" | "Filter",
        audit_at: "日時" | "When",
        audit_action: "操作" | "Action",
        audit_detail: "詳細" | "Detail",
        audit_none: "該当する記録はありません。" | "No matching entries.",
        audit_limit_note: "新しい順に最大500件まで表示します。" | "Newest first, at most 500 entries.",
        action_read: "閲覧" | "Read",
        action_create: "作成" | "Created",
        action_update: "変更" | "Changed",
        action_disable: "無効化" | "Disabled",
        action_enable: "有効化" | "Enabled",
        action_reset_password: "パスワード再発行" | "Password reset",
        action_sign_in: "ログイン" | "Signed in",
        action_sign_out: "ログアウト" | "Signed out",
        record_user: "ユーザー" | "User",
        record_session: "体験会" | "Session",
        partner_name_record: "主催団体" | "Host",
        venue_record: "会場" | "Venue",
        topic_record: "講座の内容" | "Topic",
        action_cancel: "取り消し" | "Cancelled",
        action_merge: "統合" | "Merged",
        record_notice: "連絡" | "Notice",
        record_registration: "申込" | "Registration",
        record_resident: "市民" | "Resident",
    }
}
