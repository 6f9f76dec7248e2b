//! Texts of city: the city's settings on the admins' page.
//! Each text: `name: "日本語" | "English",` (a missing translation does not compile).

super::texts! {
    pub struct CityTexts {
        nav: "市の設定" | "City settings",
        title: "市の設定（名前・窓口・電話番号）" | "City settings (name, office, phone)",
        intro: "公開ページ、印刷する予定表と郵送の差出人、メールの送信者に出る、市の名前・窓口・電話番号・受付時間です。ほかの自治体でも、ここを変えるだけで使えます。" | "The city's name, office, phone number and hours shown on the public pages, the printed schedule, letters and email. Another municipality changes them here to use yorisoi as it is.",
        name: "市の名前" | "The city's name",
        name_reading: "市の名前のふりがな" | "Reading of the city's name",
        name_en: "市の名前（英語）" | "The city's name in English",
        office: "窓口（課の名前）" | "Office (section)",
        office_en: "窓口（英語）" | "Office in English",
        phone: "問い合わせの電話番号" | "Phone number for questions",
        hours: "受付時間" | "Office hours",
        hours_en: "受付時間（英語）" | "Office hours in English",
        mail_from: "メールの送信者（例：東大和市 デジタル政策課 <noreply@city.example.jp>。空欄なら MAIL_FROM）" | "Email sender (e.g. Higashiyamato City <noreply@city.example.jp>; empty: MAIL_FROM)",
        save: "保存" | "Save",
        districts: "地区（町名）の一覧" | "Districts",
        districts_link: "地区（町名）の一覧を直す" | "Edit the districts",
    }
}
