//! Texts of reports: the session report.
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct SessionReportsTexts {
        report_title: "{title} の実施報告" | "Report: {title}",
        report_back: "受付のページへ戻る" | "Back to check-in",
        report_figures: "申込 {booked}人（来場 {present}人・欠席 {no_shows}人）、当日参加 {walkins}人、貸出端末 {lent}台" | "Booked {booked} (present {present}, no-shows {no_shows}), walk-ins {walkins}, phones lent {lent}",
        report_finalised_at: "{at} に {by} さんが確定しました。出欠は変更できません。" | "Finalised {at} by {by}; attendance is locked.",
        report_reopen: "確定を取り消す（管理者）" | "Reopen (admin)",
        report_topics: "実際に扱った内容" | "Topics actually covered",
        report_topics_hint: "扱った内容にチェックを入れ、「自分でできた」と答えた人数を書きます。" | "Tick what was covered and write how many said they could now do it by themselves.",
        report_could_do: "{topic}：自分でできた人数" | "{topic}: could do it by themselves",
        report_satisfaction: "満足度（アンケートの集計）" | "Satisfaction (questionnaires)",
        report_from_sheets: "アンケート {n} 枚（紙とスマートフォン）から集計しています。満足度と「自分でできた」人数は、回答の入力で変わります。" | "Counted from {n} questionnaires (paper and phone). Satisfaction and \"could do it\" change as answers are entered.",
        report_sheets_link: "アンケートを1枚ずつ入力する" | "Enter questionnaires one by one",
        report_print_sheets: "アンケート用紙を印刷する" | "Print the questionnaires",
        report_satisfaction_hint: "5段階で答えた人数を書きます（5がとても満足）。" | "How many answered each level (5 = very satisfied).",
        report_satisfaction_level: "{n}と答えた人数" | "Answered {n}",
        report_hours: "ボランティアの活動時間（分）" | "Helpers' time (minutes)",
        report_hours_hint: "体験会の時間が最初に入っています。違うときだけ直してください。" | "The session's length is filled in; change it only if different.",
        report_minutes_of: "{name} さん（分）" | "{name} (minutes)",
        report_notes: "メモ" | "Notes",
        report_incidents: "出来事・ヒヤリハット" | "Incidents",
        report_incidents_hint: "けが、体調不良、端末の紛失など。なければ空欄のまま。" | "Injuries, illness, a lost device. Leave empty if none.",
        report_save: "一時保存" | "Save",
        report_finalise: "確定する" | "Finalise",
        report_finalise_hint: "確定すると出欠が固定されます。直すには管理者に取り消しを頼みます。" | "Finalising locks the attendance; an admin can reopen it.",
    }
}
