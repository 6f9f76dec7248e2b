//! Checks the resident form. Every problem is reported beside its field; nothing typed is
//! lost (the handler keeps all fields).

use super::{Needs, PhoneWish, Smartphone};
use crate::domain::ContactPref;
use crate::domain::{parse_birth_year, Kana, PhoneNumber};
use crate::i18n::ErrorCode;
use crate::ui::form::{Feedback, Fields};

const MAX_NAME: usize = 100;
const MAX_TEXT: usize = 2000;

/// A resident as typed, checked.
#[derive(Debug, Clone)]
pub struct ResidentInput {
    pub name: String,
    pub kana: Kana,
    pub phone: Option<PhoneNumber>,
    pub phone_alt: Option<PhoneNumber>,
    pub birth_year: Option<i32>,
    pub district_id: Option<i64>,
    pub postal_code: String,
    pub address: String,
    pub email: String,
    pub email_family: bool,
    pub contact_pref: ContactPref,
    pub smartphone: Smartphone,
    pub phone_wish: PhoneWish,
    pub needs: Needs,
    /// The consent box was ticked on this post.
    pub consent: bool,
    pub notes: String,
    pub sensitive_notes: String,
}

pub(crate) fn phone(fields: &Fields, feedback: &mut Feedback, name: &str) -> Option<PhoneNumber> {
    let typed = fields.one(name);
    if typed.is_empty() {
        return None;
    }
    match PhoneNumber::parse(typed) {
        Ok(p) => Some(p),
        Err(_) => {
            feedback.error(name, ErrorCode::PhoneInvalid);
            None
        }
    }
}

/// `〒207-8585`, `2078585`, full-width digits: seven digits, stored as `207-8585`.
fn postal_code(fields: &Fields, feedback: &mut Feedback) -> String {
    use unicode_normalization::UnicodeNormalization;
    let typed: String = fields.one("postal_code").nfkc().collect();
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let rest_ok =
        typed.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '〒' | ' ' | 'ー' | '−'));
    if typed.trim().is_empty() {
        String::new()
    } else if digits.len() == 7 && rest_ok {
        format!("{}-{}", &digits[..3], &digits[3..])
    } else {
        feedback.error("postal_code", ErrorCode::PostalCodeInvalid);
        typed
    }
}

/// A plausible address: one `@`, something before it, a dot in the domain, no spaces.
pub(crate) fn email(fields: &Fields, feedback: &mut Feedback) -> String {
    use unicode_normalization::UnicodeNormalization;
    let typed: String = fields.one("email").nfkc().collect();
    let typed = typed.trim().to_string();
    if typed.is_empty() {
        return typed;
    }
    let valid = match typed.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !typed.chars().any(|c| c.is_whitespace() || c.is_control())
                && typed.len() <= 254
        }
        None => false,
    };
    if !valid {
        feedback.error("email", ErrorCode::EmailInvalid);
    } else if typed.parse::<lettre::Address>().is_err() {
        // Plausible, but not an address mail can be sent to (two dots in a row, a dot
        // before the @: some old mobile addresses).
        feedback.error("email", ErrorCode::EmailUnsendable);
    }
    typed
}

/// Checks the posted form; `None` when anything is wrong (the feedback says what).
pub fn parse(
    fields: &Fields,
    feedback: &mut Feedback,
    current_year: i32,
    consent_on_record: bool,
) -> Option<ResidentInput> {
    let name = fields.one("name").to_string();
    if name.is_empty() {
        feedback.error("name", ErrorCode::Required);
    } else if name.chars().count() > MAX_NAME {
        feedback.error("name", ErrorCode::TooLong);
    }
    let kana = match Kana::parse(fields.one("kana")) {
        Ok(k) => Some(k),
        Err(e) => {
            feedback.error("kana", e.code);
            None
        }
    };
    let phone_main = phone(fields, feedback, "phone");
    let phone_alt = phone(fields, feedback, "phone_alt");
    let birth_year = match fields.one("birth_year") {
        "" => None,
        typed => match parse_birth_year(typed, current_year) {
            Ok(y) => Some(y),
            Err(e) => {
                feedback.error("birth_year", e.code);
                None
            }
        },
    };
    let district_id = match fields.one("district_id") {
        "" => None,
        typed => match typed.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                feedback.error("district_id", ErrorCode::Invalid);
                None
            }
        },
    };
    let postal_code = postal_code(fields, feedback);
    let address = fields.text(feedback, "address", 300);
    let email = email(fields, feedback);
    let contact_pref = ContactPref::from_code(fields.one("contact_pref")).unwrap_or_else(|| {
        feedback.error("contact_pref", ErrorCode::ChoiceRequired);
        ContactPref::Phone
    });
    let smartphone = Smartphone::from_code(fields.one("smartphone")).unwrap_or_else(|| {
        feedback.error("smartphone", ErrorCode::ChoiceRequired);
        Smartphone::None
    });
    let phone_wish = PhoneWish::from_code(fields.one("phone_wish"));
    let needs_given = fields.all("need");
    let needs = Needs {
        hearing: needs_given.contains(&"hearing"),
        vision: needs_given.contains(&"vision"),
        mobility: needs_given.contains(&"mobility"),
        companion: needs_given.contains(&"companion"),
    };
    // The channel they chose must be one we can use.
    match contact_pref {
        ContactPref::Phone if phone_main.is_none() && fields.one("phone").is_empty() => {
            feedback.error("phone", ErrorCode::PhoneNeeded);
        }
        ContactPref::Letter if address.is_empty() => {
            feedback.error("address", ErrorCode::AddressNeeded)
        }
        ContactPref::Email if email.is_empty() => feedback.error("email", ErrorCode::EmailNeeded),
        _ => {}
    }
    let consent = fields.one("consent") == "1";
    if !consent && !consent_on_record {
        feedback.error("consent", ErrorCode::ConsentRequired);
    }
    let notes = fields.text(feedback, "notes", MAX_TEXT);
    let sensitive_notes = fields.text(feedback, "sensitive_notes", MAX_TEXT);
    if feedback.has_errors() {
        return None;
    }
    Some(ResidentInput {
        name,
        kana: kana?,
        phone: phone_main,
        phone_alt,
        birth_year,
        district_id,
        postal_code,
        address,
        email,
        email_family: fields.one("email_owner") == "family",
        contact_pref,
        smartphone,
        phone_wish,
        needs,
        consent,
        notes,
        sensitive_notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Fields {
        Fields(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    fn base() -> Vec<(&'static str, &'static str)> {
        vec![
            ("name", "山田 花子"),
            ("kana", "ﾔﾏﾀﾞ ﾊﾅｺ"),
            ("phone", "０４２－５６３－２１１１"),
            ("birth_year", "昭和20年"),
            ("contact_pref", "phone"),
            ("smartphone", "feature"),
            ("need", "hearing"),
            ("need", "companion"),
            ("consent", "1"),
        ]
    }

    #[test]
    fn a_typical_caller_parses() {
        let mut feedback = Feedback::new();
        let input = parse(&form(&base()), &mut feedback, 2025, false).expect("valid");
        assert_eq!(input.kana.as_str(), "やまだ はなこ");
        assert_eq!(input.phone.unwrap().digits(), "0425632111");
        assert_eq!(input.birth_year, Some(1945));
        assert!(input.needs.hearing && input.needs.companion && !input.needs.vision);
        assert_eq!(input.smartphone, Smartphone::Feature);
    }

    #[test]
    fn each_problem_is_named_beside_its_field() {
        let mut pairs = base();
        pairs.retain(|(k, _)| !matches!(*k, "consent" | "phone"));
        pairs.push(("kana", ""));
        pairs.retain(|(k, v)| *k != "kana" || v.is_empty());
        pairs.push(("birth_year", "昭和70年"));
        pairs.retain(|(k, v)| *k != "birth_year" || *v == "昭和70年");
        pairs.push(("email", "hanako@"));
        pairs.push(("postal_code", "207-85"));
        let mut feedback = Feedback::new();
        assert!(parse(&form(&pairs), &mut feedback, 2025, false).is_none());
        let errors: Vec<(String, String)> = feedback.errors();
        let code = |field: &str| errors.iter().find(|(f, _)| f == field).map(|(_, c)| c.as_str());
        assert_eq!(code("kana"), Some("kana_empty"));
        assert_eq!(code("birth_year"), Some("birth_year_out_of_era"));
        assert_eq!(code("email"), Some("email_invalid"));
        assert_eq!(code("postal_code"), Some("postal_code_invalid"));
        assert_eq!(code("phone"), Some("phone_needed"));
        assert_eq!(code("consent"), Some("consent_required"));
    }

    #[test]
    fn letters_need_an_address_and_postal_codes_are_normalised() {
        let mut pairs = base();
        pairs.retain(|(k, _)| *k != "contact_pref");
        pairs.push(("contact_pref", "letter"));
        let mut feedback = Feedback::new();
        assert!(parse(&form(&pairs), &mut feedback, 2025, true).is_none());
        assert_eq!(feedback.errors(), vec![("address".to_string(), "address_needed".to_string())]);
        pairs.push(("address", "東大和市中央3-930"));
        pairs.push(("postal_code", "〒２０７８５８５"));
        let mut feedback = Feedback::new();
        let input = parse(&form(&pairs), &mut feedback, 2025, true).expect("valid");
        assert_eq!(input.postal_code, "207-8585");
    }
}
