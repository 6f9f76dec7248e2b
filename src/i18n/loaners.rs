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
    }
}
