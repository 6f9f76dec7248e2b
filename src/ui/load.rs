//! One way to load a page's data: [`by_id`] makes the resource from the route's `:id` (a
//! missing or malformed id is "not found" without asking the server), and [`Loaded`] shows
//! it, in the idiom of Leptos's `<Await let:x>`:
//!
//! ```ignore
//! let session = by_id(get_session);
//! view! { <Loaded resource=session let:s><SessionView session=s/></Loaded> }
//! ```
//!
//! While loading it shows the loading text; "not found" shows the not-found page (404),
//! "forbidden" the forbidden page (403), and any other error its message.

use super::page::{error_view, id_param, loading, Forbidden};
use crate::error::AppError;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

/// The page's data, loaded by a server function from the route's `:id`.
pub fn by_id<T, Fut>(
    load: impl Fn(i64) -> Fut + Send + Sync + 'static,
) -> Resource<Result<T, AppError>>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new(id_param(), move |id| {
        let loading = id.map(&load);
        async move {
            match loading {
                Some(future) => future.await,
                None => Err(AppError::NotFound),
            }
        }
    })
}

/// Shows a loaded resource through `children`, or the page state of its error.
///
/// The content is rendered once, when the data are there: it is not a reactive closure,
/// which would run again as the resource resolves on the server and so create every
/// resource of the content twice (each loaded, and its read audited, twice). Pages outside
/// islands are never re-rendered in the browser, so nothing here needs to react.
#[component]
pub fn Loaded<T, Chil, V>(resource: Resource<Result<T, AppError>>, children: Chil) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    Chil: FnOnce(T) -> V + Send + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=loading>
            {Suspend::new(async move {
                match resource.await {
                    Ok(value) => children(value).into_any(),
                    Err(AppError::Forbidden) => view! { <Forbidden/> }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}
