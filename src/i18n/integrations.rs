//! Texts of integrations: the open API's tokens on the admins' page.
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct IntegrationsTexts {
        nav: "外部連携" | "Integrations",
        title: "外部連携（公開API）のトークン" | "Integrations: open API tokens",
        intro: "市のLINE公式アカウントなど、ほかの仕組みが公開API（/v1）から体験会の予定を読み、席の申込をするためのトークンです。トークンは作ったときに一度だけ表示され、保存されるのはハッシュだけです。使われた日時と回数がここに出ます。" | "Tokens that let other programs, such as the city's LINE official account, read the schedule and make seat requests through the open API (/v1). A token is shown once, when it is made; only its hash is kept. When and how often it was used appears here.",
        tokens: "トークンの一覧" | "Tokens",
        none: "まだトークンはありません。" | "No tokens yet.",
        col_name: "名前" | "Name",
        col_scopes: "できること" | "May",
        col_created: "作成" | "Made",
        col_last_used: "最後に使われた日時" | "Last used",
        col_uses: "使われた回数" | "Uses",
        col_state: "状態" | "State",
        revoked: "無効にしました" | "Revoked",
        revoke: "無効にする：" | "Revoke:",
        create_title: "トークンを作る" | "Make a token",
        name: "名前（どの仕組みが使うか）" | "Name (which program uses it)",
        name_hint: "例：LINE公式アカウント" | "For example: LINE official account",
        scopes: "できること" | "What it may do",
        scope_sessions: "体験会の予定を読む" | "Read the schedule",
        scope_requests: "席の申込をし、受付番号で確認・取り消しをする" | "Make seat requests, and check or cancel them by reference",
        create: "トークンを作る" | "Make the token",
        new_token: "新しいトークン" | "New token",
        shown_once: "このトークンは今だけ表示されます。連携する仕組みに設定してください。もう一度は見られません。" | "This token is shown only now. Set it in the program that uses it: it cannot be shown again.",
        openapi_link: "公開APIの説明（OpenAPI）" | "The open API's description (OpenAPI)",
    }
}
