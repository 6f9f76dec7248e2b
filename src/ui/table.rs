//! A table of records: a caption for screen readers, one row of column headings, the rows.

use leptos::prelude::*;

/// The rows go in as children (`<tr>` elements); the headings are texts of the i18n layer.
/// The table scrolls sideways inside its wrapper on a narrow phone instead of the page.
#[component]
pub fn Table(
    /// Read by screen readers only; the heading above the table says it on screen.
    #[prop(into)]
    caption: String,
    heads: Vec<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class=class>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>{heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
