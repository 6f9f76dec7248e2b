//! Texts of users: user accounts and roles (admins).
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct UsersTexts {
        users_title: "ユーザー管理" | "Users",
        users_add: "ユーザーを追加" | "Add a user",
        user_role: "役割" | "Role",
        user_partner: "所属する主催団体" | "Partner",
        user_partner_hint: "主催団体の担当者には必ず選んでください。" | "Required for partner coordinators.",
        user_partner_none: "（なし）" | "(none)",
        user_status: "状態" | "Status",
        user_enabled: "有効" | "Active",
        user_disabled: "無効" | "Disabled",
        user_must_change: "パスワード変更待ち" | "Must change password",
        user_edit: "編集" | "Edit",
        user_edit_title: "ユーザーの編集：{name}" | "Edit user: {name}",
        user_change_role: "役割を変更する" | "Change role",
        user_disable: "このユーザーを無効にする" | "Disable this user",
        user_enable: "このユーザーを有効にする" | "Enable this user",
        user_reset_password: "仮パスワードを発行する" | "Issue a temporary password",
        user_reset_hint: "仮パスワードを発行すると、今のパスワードは使えなくなり、次回ログイン時に変更が必要になります。" | "The current password stops working and the user must choose a new one at the next sign-in.",
        temporary_password: "仮パスワード：{password}" | "Temporary password: {password}",
        temporary_password_hint: "この仮パスワードは今だけ表示されます。本人に伝えてください。次回ログイン時に変更が必要です。" | "This temporary password is shown only now. Tell it to the user; they must change it at the next sign-in.",
        back_to_users: "ユーザー一覧へ戻る" | "Back to users",
    }
}
