//! Texts of checkin: check-in at the door and walk-ins.
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct CheckinTexts {
        report_open: "実施報告を書く" | "Write the session report",
        holding: "貸出中：{label}" | "Holding {label}",
        back_to_session: "体験会のページへ戻る" | "Back to the session",
        checkin_none: "この回の申込者はいません。当日参加の方は下から追加できます。" | "Nobody has booked. Add walk-ins below.",
        counts: "申込 {booked}人 ・ 来場 {present}人 ・ 当日参加 {walkins}人" | "Booked {booked} · Present {present} · Walk-ins {walkins}",
        mark_present: "来場" | "Present",
        pending_banner: "{n}件の受付がまだ届いていません。電波が戻ると自動で送ります。この画面を閉じないでください。" | "{n} check-ins have not reached the server yet. They are sent again automatically; keep this page open.",
        state_present: "来場済み" | "Present",
        state_refused: "受け付けられませんでした（実施報告の確定後か、権限がありません）。職員に知らせてください。" | "Not accepted (the report is finalised, or you are not allowed). Tell the staff.",
        state_sending: "送信中…" | "Sending…",
        state_waiting: "未送信（電波が戻ると送ります）" | "Not sent yet (will send when the connection is back)",
        undo: "取り消し" | "Undo",
        walkin_add: "当日参加を追加" | "Add walk-in",
        walkin_badge: "当日参加" | "Walk-in",
        walkin_intro: "申込なしで来られた方です。お名前かふりがなだけで登録できます。連絡先は聞かないでください（後日、職員が必要に応じて確認します）。" | "Someone who came without booking. A name or reading is enough; do not ask for contact details (staff follow up later if needed).",
        walkin_name: "お名前またはふりがな" | "Name or reading",
        walkin_name_hint: "例：やまだ、山田 花子" | "e.g. やまだ, 山田 花子",
        walkin_title: "当日参加の方" | "Walk-ins",
    }
}
