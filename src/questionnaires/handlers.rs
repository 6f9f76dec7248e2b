//! Form routes of questionnaires: the returned sheets entered in one form (whoever may run
//! the session's check-in), and a participant's answer from their own phone (no sign-in;
//! the link's code is checked).

use super::ops::{self, Entered, PhoneAnswered};
use super::{Answer, TopicLevel};
use crate::assignments::rules::AtTheDoor;
use crate::auth::Area;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Fields, Posted};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;

/// The most rows one entry form may carry.
const MAX_ROWS: usize = 500;
/// The longest comment kept.
const MAX_COMMENT: usize = 1000;

/// What was typed in a field, full-width digits made plain.
fn typed(fields: &Fields, name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    fields.one(name).nfkc().collect::<String>().trim().to_string()
}

/// `1` yes, `2` no, blank: not answered.
fn yes_no(fields: &Fields, feedback: &mut Feedback, name: &str) -> Option<bool> {
    match typed(fields, name).as_str() {
        "" => None,
        "1" => Some(true),
        "2" => Some(false),
        _ => {
            feedback.error(name, ErrorCode::YesNoInvalid);
            None
        }
    }
}

/// One sheet's answers from the fields named `{prefix}sat`, `{prefix}t{topic}`,
/// `{prefix}next`, `{prefix}help`, `{prefix}contact` and `{prefix}comment`.
pub(super) fn parse_answer(
    fields: &Fields,
    feedback: &mut Feedback,
    prefix: &str,
    topics: &[(i64, String)],
) -> Answer {
    let sat = format!("{prefix}sat");
    let satisfaction = match typed(fields, &sat).as_str() {
        "" => None,
        t => match t.parse::<i64>() {
            Ok(n @ 1..=5) => Some(n),
            _ => {
                feedback.error(&sat, ErrorCode::SatisfactionInvalid);
                None
            }
        },
    };
    let mut levels = Vec::new();
    for (topic, _) in topics {
        let name = format!("{prefix}t{topic}");
        let value = typed(fields, &name);
        if value.is_empty() {
            continue;
        }
        match TopicLevel::from_digit(&value) {
            Some(level) => levels.push((*topic, level)),
            None => feedback.error(&name, ErrorCode::TopicLevelInvalid),
        }
    }
    Answer {
        satisfaction,
        topics: levels,
        next_level: yes_no(fields, feedback, &format!("{prefix}next")),
        wants_to_help: yes_no(fields, feedback, &format!("{prefix}help")),
        contact_ok: fields.one(&format!("{prefix}contact")) == "1",
        comment: fields.text(feedback, &format!("{prefix}comment"), MAX_COMMENT).trim().to_string(),
    }
}

/// `POST /forms/sessions/{id}/questionnaires`: every row of the entry form; `rows` says
/// how many, `r{n}_reg` the sheet's number (blank for an unnumbered sheet).
pub async fn enter(
    State(state): State<AppState>,
    AtTheDoor { user, session_id }: AtTheDoor,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let questions =
        super::store::questions(&state.db, session_id).await?.ok_or(AppError::NotFound)?;
    let page = format!("/sessions/{session_id}/questionnaires/entry");
    let rows = fields.one("rows").parse::<usize>().map_err(|_| AppError::BadRequest)?;
    if rows > MAX_ROWS {
        return Err(AppError::BadRequest);
    }
    let mut sheets = Vec::with_capacity(rows);
    for n in 0..rows {
        let prefix = format!("r{n}_");
        let registration = match fields.one(&format!("{prefix}reg")) {
            "" => None,
            id => Some(id.parse::<i64>().map_err(|_| AppError::BadRequest)?),
        };
        sheets
            .push((registration, parse_answer(&fields, &mut feedback, &prefix, &questions.topics)));
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    match ops::enter_paper(&state.db, &user, session_id, &sheets).await? {
        Entered::Saved(_) => Ok(redirect_with_notice(&page, NoticeCode::SheetsSaved)),
        Entered::Locked => {
            feedback.error("sheets", ErrorCode::ReportLocked);
            Ok(feedback.redirect(&page))
        }
    }
}

/// `POST /forms/q/{link}`: a participant's answer from their own phone.
pub async fn answer(
    State(state): State<AppState>,
    Path(link): Path<String>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let registration =
        ops::registration_of_link(&state.db, &link).await?.ok_or(AppError::NotFound)?;
    let session = ops::session_of(&state.db, registration).await?;
    let questions = super::store::questions(&state.db, session).await?.ok_or(AppError::NotFound)?;
    let page = format!("/q/{link}");
    let answer = parse_answer(&fields, &mut feedback, "", &questions.topics);
    if answer.is_blank() && !feedback.has_errors() {
        feedback.error("answer", ErrorCode::NothingAnswered);
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    let refused = match ops::answer_by_phone(&state.db, registration, &answer).await? {
        PhoneAnswered::Saved => return Ok(redirect_with_notice(&page, NoticeCode::AnswerReceived)),
        PhoneAnswered::Already => ErrorCode::AlreadyAnswered,
        PhoneAnswered::Closed => ErrorCode::PhoneAnswerClosed,
    };
    feedback.error("answer", refused);
    Ok(feedback.redirect(&page))
}

/// `POST /forms/sessions/{id}/invitations`: invites those who asked for this level
/// (staff and admins).
pub async fn invite(
    State(state): State<AppState>,
    request: Caller,
    Path(session_id): Path<i64>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    let notice = match ops::invite_next_level(&state.db, &user, session_id).await? {
        0 => NoticeCode::NobodyToInvite,
        _ => NoticeCode::Invited,
    };
    Ok(redirect_with_notice(&format!("/sessions/{session_id}"), notice))
}

/// The form routes of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/forms/sessions/{id}/questionnaires", post(enter))
        .route("/forms/q/{link}", post(answer))
        .route("/forms/sessions/{id}/invitations", post(invite))
}
