//! Texts of app: the shell: the app name, navigation, the home page and the language switch.
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct AppTexts {
        app_tagline: "{city} デジタルデバイド対策" | "{city} digital inclusion",
        skip_to_main: "本文へ移動" | "Skip to main content",
        nav_label: "メインメニュー" | "Main menu",
        nav_home: "ホーム" | "Home",
        nav_directory: "主催団体と会場" | "Hosts and venues",
        nav_users: "ユーザー管理" | "Users",
        nav_audit: "監査ログ" | "Audit log",
        nav_password: "パスワード変更" | "Change password",
        signed_in_as: "ログイン中" | "Signed in",
        logout: "ログアウト" | "Sign out",
        switch_language: "English" | "日本語",
        switch_language_label: "Switch to English" | "日本語に切り替える",
        nav_sessions: "体験会" | "Sessions",
        nav_calendar: "カレンダー連携" | "Calendar feeds",
        nav_schedule: "月間予定" | "Month calendar",
        nav_calls: "電話連絡" | "Calls",
        nav_intake: "電話受付" | "Intake",
        nav_letters: "郵送" | "Letters",
        nav_outbox: "メール送信" | "Email",
        nav_walkins: "当日参加者" | "Walk-ins",
        nav_devices: "貸出端末" | "Loaner phones",
        nav_my_sessions: "担当の体験会" | "My sessions",
    }
}
