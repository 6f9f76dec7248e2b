//! Tables: of records (a caption for screen readers, one row of column headings, the rows),
//! and of a report's figures.

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

/// A report's table of figures, named by the heading `labelled` (its id): column heads,
/// then each row's label as its heading and the values, numbers aligned right.
#[component]
pub fn FigureTable(table: crate::domain::Section, labelled: String) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="figures" aria-labelledby=labelled>
                <thead>
                    <tr>
                        {table.columns.iter().enumerate().map(|(i, c)| {
                            let class = if i > 0 { "number" } else { "" };
                            view! { <th scope="col" class=class>{c.clone()}</th> }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {table.rows.iter().map(|(label, values)| view! {
                        <tr>
                            <th scope="row">{label.clone()}</th>
                            {values.iter().map(|v| view! { <td class="number">{v.text()}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
