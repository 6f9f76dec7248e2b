//! An answer given before the request's body was read closes the connection, and says so.
//!
//! hyper cannot keep a connection on which part of a request's body has not yet arrived
//! (the next request would begin inside it), so after such an answer it closes the
//! connection, without a word in the answer. A client that sends its next request down that
//! connection meets a broken pipe (browsers retry by themselves; scripts and the open API's
//! clients do not). Answers come before the body is read wherever a request is refused
//! early: a cross-site post (`security`), a role refusal by [`Caller`](super::Caller)
//! before the form is read (or by the door check, `assignments::rules::AtTheDoor`), a
//! rate limit, the sign-in lookup failing while the database is away
//! (`reply::unavailable`). This layer watches the body and adds `Connection: close` to any
//! answer given while it was not read to its end, so the client opens a new connection for
//! its next request (tests/app/health.rs; scripts/drills.py db-away). Where the whole
//! body had already arrived hyper could have kept the connection: closing it then costs
//! the client one new connection.

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{header, HeaderValue};
use http_body::{Frame, SizeHint};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

/// The middleware (the router's outer layers: it must see the early refusals).
pub async fn close_unless_read(request: Request, next: Next) -> Response {
    if request.body().is_end_stream() {
        // No body (a GET, or an empty post): nothing can be left unread.
        return next.run(request).await;
    }
    let read = Arc::new(AtomicBool::new(false));
    let watched = read.clone();
    let request = request.map(|body| Body::new(Watched { body, read: watched }));
    let mut response = next.run(request).await;
    if !read.load(Ordering::Acquire) {
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// A request body that notes when it has been read to its end.
struct Watched {
    body: Body,
    read: Arc<AtomicBool>,
}

impl HttpBody for Watched {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) || self.body.is_end_stream() {
            self.read.store(true, Ordering::Release);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
