//! Post/redirect/get with feedback: a form posts to a plain route; on bad input the route
//! redirects back with `e.<field>=<code>` in the query and what was typed kept on the server
//! (`web::drafts`) under the random key `draft=`, and the page's fields read both. So forms
//! work without JavaScript, keep the user's input (never passwords) without putting it in
//! an address, and show a message beside each field, in the page's language. A link may
//! still prefill a new form with `v.<field>=` (the intake search's "register" link).

use crate::i18n::t;
#[cfg(feature = "ssr")]
use crate::i18n::{ErrorCode, NoticeCode};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub const ERROR_PREFIX: &str = "e.";
pub const NOTICE: &str = "notice";
pub const DRAFT: &str = "draft";

/// Feedback collected while handling a form post, turned into the redirect's query (codes
/// and plain parameters) and a draft (what was typed).
#[cfg(feature = "ssr")]
#[derive(Debug, Default)]
pub struct Feedback {
    pairs: Vec<(String, String)>,
    kept: Vec<(String, String)>,
    errors: usize,
}

#[cfg(feature = "ssr")]
impl Feedback {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, field: &str, code: ErrorCode) {
        self.errors += 1;
        self.pairs.push((format!("{ERROR_PREFIX}{field}"), code.code().to_string()));
    }

    /// Keeps what the user typed in `field` (never call this for passwords).
    pub fn keep(&mut self, field: &str, value: &str) {
        if !value.is_empty() {
            self.kept.push((field.to_string(), value.to_string()));
        }
    }

    /// A plain query parameter, e.g. `next` on the sign-in page.
    pub fn param(&mut self, name: &str, value: &str) {
        self.pairs.push((name.to_string(), value.to_string()));
    }

    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// The errors so far, as `(field, code)`.
    pub fn errors(&self) -> Vec<(String, String)> {
        self.pairs
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix(ERROR_PREFIX).map(|field| (field.to_string(), v.clone()))
            })
            .collect()
    }

    /// A 303 redirect to `path` (which may have a query and a `#fragment` of its own)
    /// carrying the feedback; the query goes before the fragment.
    pub fn redirect(&self, path: &str) -> axum::response::Response {
        use axum::response::IntoResponse;
        let (path, fragment) = match path.split_once('#') {
            Some((path, fragment)) => (path, format!("#{fragment}")),
            None => (path, String::new()),
        };
        let mut pairs = self.pairs.clone();
        let mut visitor = None;
        if !self.kept.is_empty() {
            let page = path.split('?').next().unwrap_or(path);
            if let Some((key, new_visitor)) = crate::web::drafts::keep(page, self.kept.clone()) {
                pairs.push((DRAFT.to_string(), key));
                visitor = new_visitor;
            }
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        let target = if query.is_empty() {
            format!("{path}{fragment}")
        } else if path.contains('?') {
            format!("{path}&{query}{fragment}")
        } else {
            format!("{path}?{query}{fragment}")
        };
        let mut response = axum::response::Redirect::to(&target).into_response();
        let cookie = visitor.map(|v| {
            let name = crate::web::drafts::VISITOR_COOKIE;
            format!("{name}={v}; Path=/; HttpOnly; SameSite=Lax; Max-Age=1800")
        });
        if let Some(Ok(value)) = cookie.map(|c| c.parse()) {
            response.headers_mut().append(http::header::SET_COOKIE, value);
        }
        response
    }
}

#[cfg(feature = "ssr")]
/// The fields of a posted form, in order, repeated keys kept.
pub struct Fields(pub Vec<(String, String)>);

#[cfg(feature = "ssr")]
impl Fields {
    pub fn one(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("")
    }

    /// Every value of a repeated field (checkboxes), each once, in the order sent.
    pub fn all(&self, name: &str) -> Vec<&str> {
        let mut values: Vec<&str> = Vec::new();
        for (_, v) in self.0.iter().filter(|(k, _)| k == name) {
            if !values.contains(&v.trim()) {
                values.push(v.trim());
            }
        }
        values
    }

    /// A count typed in a field: blank is 0; full-width digits are fine. Out of `0..=max`
    /// or not a number is an error on the field (and 0).
    pub fn count(&self, feedback: &mut Feedback, name: &str, max: i64) -> i64 {
        self.count_up_to(feedback, name, max, ErrorCode::NumberTooLarge)
    }

    /// [`Fields::count`], saying `too_high` when the count is above `max`.
    pub fn count_up_to(
        &self,
        feedback: &mut Feedback,
        name: &str,
        max: i64,
        too_high: ErrorCode,
    ) -> i64 {
        use unicode_normalization::UnicodeNormalization;
        let typed: String = self.one(name).nfkc().collect();
        if typed.is_empty() {
            return 0;
        }
        match typed.parse::<i64>() {
            Ok(n) if (0..=max).contains(&n) => n,
            Ok(n) if n > max => {
                feedback.error(name, too_high);
                0
            }
            // Digits only, but more than any count can be.
            Err(_) if typed.chars().all(|c| c.is_ascii_digit()) => {
                feedback.error(name, too_high);
                0
            }
            _ => {
                feedback.error(name, ErrorCode::CountInvalid);
                0
            }
        }
    }

    /// Free text of at most `max` characters (longer is an error on the field).
    pub fn text(&self, feedback: &mut Feedback, name: &str, max: usize) -> String {
        let value = self.one(name).to_string();
        if value.chars().count() > max {
            feedback.error(name, ErrorCode::TextTooLong);
        }
        value
    }

    /// A date typed as `2025-06-12` or `2025/6/12` (full-width digits too); blank is `None`,
    /// anything else an error on the field.
    pub fn date(&self, feedback: &mut Feedback, name: &str) -> Option<chrono::NaiveDate> {
        use chrono::NaiveDate;
        use unicode_normalization::UnicodeNormalization;
        let typed: String = self.one(name).nfkc().collect();
        if typed.is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(&typed, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&typed, "%Y/%m/%d"));
        match parsed {
            Ok(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
            Ok(_) => {
                feedback.error(name, ErrorCode::DateOutOfRange);
                None
            }
            Err(_) => {
                feedback.error(name, ErrorCode::DateInvalid);
                None
            }
        }
    }

    /// Keeps every field for the page, so a failed post re-shows all of it.
    pub fn keep_all(&self, feedback: &mut Feedback) {
        for (k, v) in &self.0 {
            feedback.keep(k, v.trim());
        }
    }
}

/// Whether `text` holds a control character other than a tab or a line break: nothing a
/// person types, and NUL cannot even be stored in PostgreSQL.
pub fn has_control_characters(text: &str) -> bool {
    text.chars().any(unwanted)
}

/// Whether a form-encoded body or query holds control characters in any name or value.
#[cfg(feature = "ssr")]
pub fn form_has_control_characters(body: &[u8]) -> bool {
    url::form_urlencoded::parse(body)
        .any(|(k, v)| has_control_characters(&k) || has_control_characters(&v))
}

fn unwanted(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// A posted form with every field kept for the page: the form routes' extractor, so a
/// refused form comes back filled in. A field holding control characters gets its message
/// and comes back without them. Forms with passwords take [`Plain`] instead.
#[cfg(feature = "ssr")]
pub struct Posted(pub Fields, pub Feedback);

/// A posted form read into `T` (the forms with passwords, which are never kept). A body
/// holding control characters is refused with a page that says so (422).
#[cfg(feature = "ssr")]
pub struct Plain<T>(pub T);

#[cfg(feature = "ssr")]
impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for Plain<T> {
    type Rejection = axum::response::Response;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        let body = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        if form_has_control_characters(&body) {
            return Err(crate::web::reply::refused_input());
        }
        serde_urlencoded::from_bytes(&body)
            .map(Plain)
            .map_err(|_| crate::error::AppError::BadRequest.into_response())
    }
}

#[cfg(feature = "ssr")]
impl<S: Send + Sync> axum::extract::FromRequest<S> for Posted {
    type Rejection = axum::extract::rejection::FormRejection;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let axum::Form(pairs) =
            axum::Form::<Vec<(String, String)>>::from_request(request, state).await?;
        let mut feedback = Feedback::new();
        let pairs = pairs
            .into_iter()
            .map(|(k, v)| {
                if has_control_characters(&v) {
                    feedback.error(&k, ErrorCode::ControlCharacters);
                    (k, v.chars().filter(|c| !unwanted(*c)).collect())
                } else {
                    (k, v)
                }
            })
            .collect();
        let fields = Fields(pairs);
        fields.keep_all(&mut feedback);
        Ok(Posted(fields, feedback))
    }
}

/// A 303 redirect after success, with a notice code the next page shows.
#[cfg(feature = "ssr")]
pub fn redirect_with_notice(path: &str, notice: NoticeCode) -> axum::response::Response {
    let mut feedback = Feedback::new();
    feedback.param(NOTICE, notice.code());
    feedback.redirect(path)
}

/// Field errors of the current page, as `(field, code)`.
pub fn use_form_errors() -> Memo<Vec<(String, String)>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            q.clone()
                .into_iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix(ERROR_PREFIX).map(|field| (field.to_string(), v.clone()))
                })
                .collect()
        })
    })
}

/// What was typed into the form refused just before this page load: the page it was for
/// and the values. Read on the server from `web::drafts` (by the `draft=` key, for the
/// session that made it) and shown in the page's fields (`App` provides it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormDraft(Option<(String, Vec<(String, String)>)>);

impl FormDraft {
    /// The draft of the request being rendered; in the browser, nothing (forms are not
    /// part of any island).
    pub fn of_request() -> Self {
        #[cfg(feature = "ssr")]
        {
            let key = use_context::<http::request::Parts>()
                .and_then(|parts| parts.uri.query().map(str::to_string))
                .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(&q).ok())
                .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == DRAFT).map(|(_, v)| v));
            let visitor = use_context::<http::request::Parts>().and_then(|parts| {
                crate::web::extract::cookie(&parts.headers, crate::web::drafts::VISITOR_COOKIE)
                    .map(str::to_string)
            });
            let owner = crate::web::extract::caller()
                .and_then(|c| c.token)
                .or(visitor)
                .map(|t| crate::web::secret::hash_token(&t));
            FormDraft(key.and_then(|key| crate::web::drafts::read(&key, owner.as_deref())))
        }
        #[cfg(not(feature = "ssr"))]
        FormDraft(None)
    }

    /// Every value typed into `field` on the page at `path`.
    fn values(&self, path: &str, field: &str) -> Vec<String> {
        match &self.0 {
            Some((page, values)) if page == path => {
                values.iter().filter(|(k, _)| k == field).map(|(_, v)| v.clone()).collect()
            }
            _ => Vec::new(),
        }
    }
}

/// Every value to show as chosen in `field` after a refused post (from the draft).
pub fn kept_values(field: &str) -> Memo<Vec<String>> {
    let draft = use_context::<FormDraft>().unwrap_or_default();
    let path = leptos_router::hooks::use_location().pathname;
    let field = field.to_string();
    Memo::new(move |_| draft.values(&path.get(), &field))
}

/// The value to show in a field: what was typed before a refused post, else `initial`.
pub fn kept_value(field: &str, initial: String) -> Memo<String> {
    let kept = kept_values(field);
    Memo::new(move |_| kept.with(|k| k.first().cloned()).unwrap_or_else(|| initial.clone()))
}

/// The error code for a field, if the last post had one.
pub fn field_error(field: &str) -> Memo<Option<String>> {
    let query = use_query_map();
    let key = format!("{ERROR_PREFIX}{field}");
    Memo::new(move |_| query.with(|q| q.get(&key)))
}

/// A summary at the top of a form when any field has an error (WCAG 3.3.1), linking to
/// each field.
#[component]
pub fn ErrorSummary() -> impl IntoView {
    let errors = use_form_errors();
    move || {
        let errors = errors.get();
        (!errors.is_empty()).then(|| {
            let m = t();
            view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <p>{m.common.error_summary}</p>
                    <ul>
                        {errors
                            .into_iter()
                            .map(|(field, code)| {
                                view! {
                                    <li>
                                        <a href=format!("#{field}")>{m.error_text(&code)}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The notice of a successful post (`?notice=code`), announced politely.
#[component]
pub fn Notice() -> impl IntoView {
    let query = use_query_map();
    move || {
        query
            .with(|q| q.get(NOTICE))
            .and_then(|code| t().notice_text(&code))
            .map(|text| view! { <p class="notice" role="status">{text}</p> })
    }
}
