//! Two layers every request passes: posts from other sites are refused before anything
//! runs, and every answer carries the browser's security headers. See docs/SECURITY.md.

use super::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};

/// Scripts: our own files and the inline bootstrap Leptos writes into each page (it carries
/// no nonce yet); `wasm-unsafe-eval` lets the browser compile our WebAssembly.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
     frame-ancestors 'none'";

/// Refuses a request that changes something (any method but GET, HEAD and OPTIONS) when the
/// browser says it comes from another site: `Sec-Fetch-Site` other than `same-origin` or
/// `none`, or an `Origin` that is neither this host nor the public address. Requests with
/// neither header (older browsers, scripts) pass; the session cookie is `SameSite=Lax`.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || from_this_site(request.headers(), &state.config.public_url)
    {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "別のサイトから送られた操作は受け付けません。このサイトの画面から操作してください。\n\
         Requests sent from another site are refused. Please use this site's own pages.\n",
    )
        .into_response()
}

fn from_this_site(headers: &HeaderMap, public_url: &str) -> bool {
    let fetch_site = headers.get("sec-fetch-site").map(|v| v.as_bytes());
    if fetch_site.is_some_and(|site| site != b"same-origin" && site != b"none") {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Some(origin) = origin.to_str().ok().and_then(|o| url::Url::parse(o).ok()) else {
        return false; // `null` (a sandboxed frame, a redirect from elsewhere) or garbage
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let public = url::Url::parse(public_url).ok();
    // The same host counts whatever proxy stands in front, but not over plain http when the
    // site is https: a page fetched over http could have been changed on its way.
    let downgraded =
        origin.scheme() != "https" && public.as_ref().is_some_and(|p| p.scheme() == "https");
    let same_host = host.is_some_and(|h| h.eq_ignore_ascii_case(origin.authority())) && !downgraded;
    same_host || public.is_some_and(|p| p.origin() == origin.origin())
}

/// Refuses a request whose path, query or (for a server function) form body holds control
/// characters (NUL and the like): 422 with a message that names the problem, as a page or,
/// for a server function, as its error. Form routes check their own bodies, so each field
/// gets its message beside it (`ui::form::Posted`, `ui::form::Plain`).
pub async fn refuse_control_characters(request: Request, next: Next) -> Response {
    use crate::ui::form::{form_has_control_characters, has_control_characters};
    let decoded =
        |text: &str| percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned();
    let uri = request.uri();
    let api = uri.path().starts_with("/api/");
    let open_api = uri.path().starts_with("/v1/");
    let mut bad = has_control_characters(&decoded(uri.path()))
        || uri.query().is_some_and(|q| form_has_control_characters(q.as_bytes()));
    let request = if api && !bad {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_FUNCTION_BODY).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        bad = form_has_control_characters(&bytes);
        Request::from_parts(parts, axum::body::Body::from(bytes))
    } else {
        request
    };
    if !bad {
        return next.run(request).await;
    }
    if open_api {
        // The open API answers in its own shape.
        let code = crate::i18n::ErrorCode::ControlCharacters;
        let body = serde_json::json!({ "code": code.code(), "message": code.text(crate::i18n::Locale::Ja) });
        return (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response();
    }
    if api {
        let error =
            crate::error::AppError::Invalid(crate::i18n::ErrorCode::ControlCharacters.into());
        let body = serde_json::to_string(&error).unwrap_or_default();
        (StatusCode::UNPROCESSABLE_ENTITY, [(header::CONTENT_TYPE, "application/json")], body)
            .into_response()
    } else {
        super::reply::refused_input()
    }
}

/// Server functions take small form bodies; a larger one is refused before it is read.
const MAX_FUNCTION_BODY: usize = 256 * 1024;

/// Adds the security headers to every answer, and `Cache-Control: no-store` to every answer
/// that did not choose its own caching (pages, downloads and server functions may carry
/// personal data; only the compiled assets under `/pkg/` and the public feed are cached).
/// An asset asked for by its current versioned address (`web::assets`) is kept for a year;
/// any other address under `/pkg/` is `no-cache`: kept, but checked (a 304 when unchanged).
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let cacheable = path.starts_with("/pkg/");
    let immutable = cacheable && state.assets.is_current(path, request.uri().query());
    let mut response = next.run(request).await;
    // Only a file that is there is kept: a missing one is asked for again.
    let immutable = immutable && response.status().is_success();
    let headers = response.headers_mut();
    headers
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if state.config.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        let policy = match (immutable, cacheable) {
            (true, _) => "public, max-age=31536000, immutable",
            (false, true) => "no-cache",
            (false, false) => "no-store",
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    // A site file compressed at build: a cache between must not give it to a browser that
    // asked for another encoding.
    if cacheable && headers.contains_key(header::CONTENT_ENCODING) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::from_this_site;
    use http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap())).collect()
    }

    #[test]
    fn the_origin_must_be_this_host_or_the_public_address() {
        let public = "https://yorisoi.example";
        let host = ("host", "127.0.0.1:3000");
        assert!(from_this_site(&headers(&[host]), public));
        assert!(from_this_site(&headers(&[host, ("origin", "https://127.0.0.1:3000")]), public));
        assert!(
            !from_this_site(&headers(&[host, ("origin", "http://127.0.0.1:3000")]), public),
            "the same host over plain http when the site is https"
        );
        assert!(from_this_site(&headers(&[host, ("origin", "http://127.0.0.1:3000")]), ""));
        assert!(from_this_site(
            &headers(&[host, ("origin", "http://127.0.0.1:3000")]),
            "http://127.0.0.1:3000"
        ));
        assert!(from_this_site(&headers(&[host, ("origin", "https://yorisoi.example")]), public));
        assert!(!from_this_site(&headers(&[host, ("origin", "https://evil.example")]), public));
        assert!(!from_this_site(&headers(&[host, ("origin", "http://127.0.0.1:3001")]), public));
        assert!(!from_this_site(&headers(&[host, ("origin", "null")]), public));
        assert!(!from_this_site(&headers(&[host, ("sec-fetch-site", "same-site")]), public));
        assert!(from_this_site(&headers(&[host, ("sec-fetch-site", "same-origin")]), ""));
    }
}
