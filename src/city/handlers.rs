//! The form route of the city's settings (admins).

use super::{ops, City, FIELDS};
use crate::auth::Area;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Posted};
use crate::web::{AppState, Caller};
use axum::extract::State;
use axum::response::Response;

const PAGE: &str = "/admin/city";

/// `POST /forms/city`: every setting; the name, office and phone number are required, the
/// phone a Japanese number, the sender an address mail can be sent from.
pub async fn save(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::AdminData)?;
    let mut city = City::default();
    for field in FIELDS {
        let value = fields.text(&mut feedback, field, 200).trim().to_string();
        // Texts name the city through `{…}` placeholders and readings as `{名|よみ}`.
        if value.chars().any(|c| matches!(c, '{' | '}' | '|' | '\r' | '\n')) {
            feedback.error(field, ErrorCode::Invalid);
        }
        city.set(field, value);
    }
    for field in ["name", "name_en", "office", "phone", "hours"] {
        if city.get(field).is_empty() {
            feedback.error(field, ErrorCode::Required);
        }
    }
    if !city.phone.is_empty() {
        match crate::domain::PhoneNumber::parse(&city.phone) {
            Ok(phone) => city.phone = phone.grouped(),
            Err(_) => feedback.error("phone", ErrorCode::PhoneInvalid),
        }
    }
    if !city.mail_from.is_empty() && city.mail_from.parse::<lettre::message::Mailbox>().is_err() {
        feedback.error("mail_from", ErrorCode::EmailUnsendable);
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(PAGE));
    }
    ops::save(&state.db, &user, &city).await?;
    state.city.forget();
    Ok(redirect_with_notice(PAGE, NoticeCode::Saved))
}

/// The form routes of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<AppState> {
    axum::Router::new().route("/forms/city", axum::routing::post(save))
}
