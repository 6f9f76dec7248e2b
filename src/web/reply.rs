//! How a failed form route or download answers: [`AppError`] as a small bilingual page with
//! the matching status, so routes return `Result<Response, AppError>` and use `?`.

use crate::error::AppError;
use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        error_page(self.status())
    }
}

/// The answer to a request holding control characters (NUL and the like), which no form
/// can take: 422 with a page that names the problem.
pub fn refused_input() -> Response {
    use crate::i18n::{ErrorCode, Locale};
    let code = ErrorCode::ControlCharacters;
    page(StatusCode::UNPROCESSABLE_ENTITY, code.text(Locale::Ja), code.text(Locale::En))
}

/// The answer when the database cannot be reached or written: 503 with a page that says
/// so and asks to try again later. Given before a post's body is read (the sign-in lookup
/// failed), it says `Connection: close` through [`super::unread`].
pub fn unavailable() -> Response {
    error_page(StatusCode::SERVICE_UNAVAILABLE)
}

/// A small bilingual error page for answers outside the app's pages (form routes).
fn error_page(status: StatusCode) -> Response {
    let (ja, en) = match status.as_u16() {
        400 | 422 => {
            ("送信された内容を処理できませんでした。", "The request could not be processed.")
        }
        401 | 403 => ("この操作を行う権限がありません。", "You do not have permission to do this."),
        404 => ("見つかりませんでした。", "Not found."),
        429 => (
            "短い時間に操作が多すぎます。1分ほど待ってからもう一度お試しください。",
            "Too many requests in a short time. Please wait a minute and try again.",
        ),
        503 => (
            "データベースに接続できません。少し待ってからもう一度お試しください。",
            "The database cannot be reached. Please wait a little and try again.",
        ),
        _ => (
            "システムで問題が発生しました。時間をおいてもう一度お試しください。",
            "Something went wrong. Please try again later.",
        ),
    };
    page(status, ja, en)
}

fn page(status: StatusCode, ja: &str, en: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>エラー | よりそい</title><link rel=\"stylesheet\" href=\"/pkg/yorisoi.css\"></head>\
         <body><main id=\"main\"><h1>{ja}</h1><p lang=\"en\">{en} ({code})</p>\
         <p><a href=\"/\">ホームへ戻る / Home</a></p></main></body></html>",
        code = status.as_u16()
    );
    (status, Html(body)).into_response()
}
