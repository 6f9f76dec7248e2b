//! The city's settings and how texts name it.

use crate::i18n::Locale;
use leptos::prelude::use_context;
use serde::{Deserialize, Serialize};

/// What residents and staff are told about the city running the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct City {
    pub name: String,
    /// The name's reading (ふりがな), for the public pages.
    pub name_reading: String,
    pub name_en: String,
    /// The office residents deal with.
    pub office: String,
    pub office_en: String,
    pub phone: String,
    pub hours: String,
    pub hours_en: String,
    /// The sender of email to residents (`Name <address>`); empty: `MAIL_FROM`.
    pub mail_from: String,
}

/// Every setting's name, in the form's order.
pub const FIELDS: [&str; 9] = [
    "name",
    "name_reading",
    "name_en",
    "office",
    "office_en",
    "phone",
    "hours",
    "hours_en",
    "mail_from",
];

impl Default for City {
    /// Higashiyamato's, as the city's own plan gives them.
    fn default() -> Self {
        City {
            name: "東大和市".into(),
            name_reading: "ひがしやまとし".into(),
            name_en: "Higashiyamato City".into(),
            office: "デジタル政策課".into(),
            office_en: "Digital Policy Section".into(),
            phone: "042-563-2111".into(),
            hours: "平日 8時30分～17時15分".into(),
            hours_en: "weekdays 8:30–17:15".into(),
            mail_from: String::new(),
        }
    }
}

impl City {
    /// The value of setting `field` (one of [`FIELDS`]).
    pub fn get(&self, field: &str) -> &str {
        match field {
            "name" => &self.name,
            "name_reading" => &self.name_reading,
            "name_en" => &self.name_en,
            "office" => &self.office,
            "office_en" => &self.office_en,
            "phone" => &self.phone,
            "hours" => &self.hours,
            "hours_en" => &self.hours_en,
            "mail_from" => &self.mail_from,
            _ => "",
        }
    }

    /// Sets `field` to `value`; unknown fields are ignored.
    pub fn set(&mut self, field: &str, value: String) {
        match field {
            "name" => self.name = value,
            "name_reading" => self.name_reading = value,
            "name_en" => self.name_en = value,
            "office" => self.office = value,
            "office_en" => self.office_en = value,
            "phone" => self.phone = value,
            "hours" => self.hours = value,
            "hours_en" => self.hours_en = value,
            "mail_from" => self.mail_from = value,
            _ => {}
        }
    }

    /// The texts' placeholders filled for `locale`: `{city}`, `{office}`, `{phone}`,
    /// `{hours}`. With `ruby`, the Japanese name carries its reading as `{名|よみ}`.
    pub fn fill(&self, text: &str, locale: Locale, ruby: bool) -> String {
        let (name, office, hours) = match locale {
            Locale::Ja => {
                let name = if ruby && !self.name_reading.is_empty() {
                    format!("{{{}|{}}}", self.name, self.name_reading)
                } else {
                    self.name.clone()
                };
                (name, self.office.clone(), self.hours.clone())
            }
            Locale::En => (self.name_en.clone(), self.office_en.clone(), self.hours_en.clone()),
        };
        crate::i18n::fill(
            text,
            &[("city", &name), ("office", &office), ("phone", &self.phone), ("hours", &hours)],
        )
    }
}

/// The city of the page being rendered (its settings as the server last read them).
pub fn use_city() -> City {
    use_context::<City>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_name_the_city_in_each_language() {
        let city = City::default();
        let text = "{city} {office} {phone}（{hours}）";
        assert_eq!(
            city.fill(text, Locale::Ja, false),
            "東大和市 デジタル政策課 042-563-2111（平日 8時30分～17時15分）"
        );
        assert_eq!(
            city.fill(text, Locale::Ja, true),
            "{東大和市|ひがしやまとし} デジタル政策課 042-563-2111（平日 8時30分～17時15分）"
        );
        assert!(city
            .fill(text, Locale::En, true)
            .starts_with("Higashiyamato City Digital Policy Section"));
        let mut other = City::default();
        for field in FIELDS {
            other.set(field, format!("x-{field}"));
            assert_eq!(other.get(field), format!("x-{field}"));
        }
    }
}
