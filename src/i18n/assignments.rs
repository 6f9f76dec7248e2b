//! Texts of assignments: who helps at a session, and one's own sessions.
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct AssignmentsTexts {
        checkin_open: "受付（出欠）を開く" | "Open check-in",
        today_badge: "本日" | "Today",
        now_badge: "開催中" | "Under way",
        helper_assign: "担当にする" | "Assign",
        helper_choose: "ボランティア" | "Volunteer",
        helper_remove: "担当から外す" | "Remove",
        helper_role: "役割" | "Role",
        helpers_none: "担当のボランティアはまだいません。" | "No helpers yet.",
        helpers_title: "担当ボランティア" | "Helpers",
        my_sessions_none: "担当の体験会はありません。" | "You are not helping at any session.",
        my_sessions_title: "担当の体験会" | "My sessions",
        offer_help: "手伝いを申し出る" | "Offer to help",
        offered_mark: "・申し出" | ", offered",
        open_title: "手伝える体験会（所属団体の回）" | "Sessions of your group you could help at",
        role_assistant: "補助" | "Assistant",
        role_lead: "リーダー" | "Lead",
    }
}
