//! Texts of loaners: loaner phones: inventories, lending, returns.
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct LoanersTexts {
        devices_title: "貸出端末（体験用スマートフォン）" | "Loaner phones",
        devices_none: "登録された端末はありません。" | "No devices yet.",
        device_label: "管理番号" | "Label",
        device_label_hint: "端末に貼ってある番号（例：都-iPhone-03）" | "The number on the device (e.g. 都-iPhone-03)",
        device_os: "種類" | "Kind",
        device_model: "機種" | "Model",
        device_out: "貸出中" | "Lent out",
        device_in: "保管中" | "In the cupboard",
        device_add: "端末を登録する" | "Add a device",
        loans_title: "貸出端末" | "Loaner phones",
        loan_to: "貸す相手" | "Lend to",
        loan_device: "端末" | "Device",
        loan_lend: "貸し出す" | "Lend",
        loan_returned: "返却済み" | "Returned",
        loan_wiped: "初期化済み" | "Reset",
        loan_mark_returned: "返却を確認" | "Mark returned",
        loan_mark_wiped: "初期化を確認" | "Mark reset",
        loan_due_on: "家に貸し出す場合の返却日" | "Due back (lent home)",
        loan_due_on_hint: "体験会の場で返してもらう場合は空欄のまま。前日にお知らせし、過ぎたら電話の一覧に載ります。" | "Leave blank when it comes back at the session. The person is reminded the day before; once overdue, a call is listed.",
        home_title: "家に貸し出し中のスマートフォン" | "Phones lent home",
        home_none: "家に貸し出し中のスマートフォンはありません。" | "No phone is lent home.",
        home_due: "返却日" | "Due",
        home_overdue: "返却日を過ぎています" | "Overdue",
        home_condition: "返ってきたときの状態" | "Condition on return",
        home_note: "メモ（傷・付属品など）" | "Note (scratches, accessories…)",
        home_wiped: "初期化しました" | "Reset done",
        home_return: "返却を記録する" | "Record as back",
        condition_good: "問題なし" | "Fine",
        condition_damaged: "傷・故障あり" | "Damaged",
        condition_lost: "紛失" | "Lost",
        inventory_title: "端末の一覧" | "Inventory",
        loan_home_badge: "家に貸出中（返却日 {date}）：返却は「貸出端末」のページで記録します" | "Lent home (due {date}): record it back on the devices page",
    }
}
