//! Texts of auth: signing in and out, the setup link, passwords.
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct AuthTexts {
        role_admin: "管理者（デジタル政策課）" | "Administrator (Digital Policy Division)",
        role_staff: "市役所職員" | "City staff",
        role_coordinator: "主催団体の担当者" | "Partner coordinator",
        role_volunteer: "ボランティア・サポーター" | "Volunteer / supporter",
        role_reviewer: "閲覧者（管理職）" | "Reviewer (management)",
        login_title: "ログイン" | "Sign in",
        login_intro: "市から発行されたログインIDとパスワードを入力してください。" | "Enter the login ID and password the city gave you.",
        password: "パスワード" | "Password",
        login_submit: "ログインする" | "Sign in",
        setup_title: "初期設定：最初の管理者を作成" | "Setup: create the first administrator",
        setup_intro: "このシステムにはまだユーザーがいません。最初の管理者アカウントを作成してください。" | "There are no users yet. Create the first administrator account.",
        setup_invalid: "この設定用リンクは無効か、期限（24時間）が切れたか、すでに使われています。サーバーを起動し直すと、新しいリンクが表示されます。" | "This setup link is not valid, has expired (after 24 hours) or has been used. Restart the server to print a new link.",
        setup_submit: "管理者を作成する" | "Create administrator",
        password_new: "新しいパスワード" | "New password",
        password_confirm: "新しいパスワード（確認）" | "New password (again)",
        password_current: "現在のパスワード" | "Current password",
        password_hint: "10文字以上で入力してください。" | "At least 10 characters.",
        password_title: "パスワードの変更" | "Change password",
        password_must_change: "仮のパスワードでログインしています。続けるには新しいパスワードを設定してください。" | "You signed in with a temporary password. Set a new password to continue.",
        password_submit: "パスワードを変更する" | "Change password",
    }
}
