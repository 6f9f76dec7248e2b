//! Texts of directory: partners, venues and the short lists admins keep (topics, procedures).
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct DirectoryTexts {
        directory_title: "主催団体と会場" | "Hosts and venues",
        directory_partners: "主催団体" | "Hosts",
        directory_venues: "会場" | "Venues",
        partner_kind: "種類" | "Kind",
        partner_kind_tokyo: "東京都" | "Tokyo Metropolitan Government",
        partner_kind_community: "地域団体" | "Community group",
        partner_kind_city: "東大和市" | "Higashiyamato City",
        partner_contact: "担当者" | "Contact",
        partner_phone: "電話番号" | "Phone",
        venue_capacity: "定員" | "Capacity",
        none_yet: "まだ登録がありません。" | "Nothing registered yet.",
        partner_add: "主催団体を追加" | "Add a host",
        partner_edit: "主催団体を編集" | "Edit host",
        partner_notes: "メモ" | "Notes",
        venue_add: "会場を追加" | "Add a venue",
        venue_edit: "会場を編集" | "Edit venue",
        venue_accessibility: "設備・バリアフリー" | "Accessibility",
        venue_elevator: "エレベーター" | "Elevator",
        venue_step_free: "段差なし" | "Step-free",
        venue_hearing_loop: "ヒアリングループ" | "Hearing loop",
        venue_parking: "駐車場" | "Parking",
        nav_topics: "講座の内容（トピック）" | "Topics",
        back_to_directory: "主催団体と会場へ戻る" | "Back to hosts and venues",
        topic_add: "項目を追加" | "Add an entry",
        topic_name: "名前" | "Name",
        topic_order: "並び順" | "Order",
        topic_active: "登録時に選べる" | "Offered",
    }
}
