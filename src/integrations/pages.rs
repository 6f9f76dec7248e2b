//! `/admin/integrations`: the tokens of the open API, with what each may do and when it
//! was last used; make one (shown once), revoke one.

use super::api::load_integrations;
use super::{IntegrationsData, Scope};
use crate::auth::Guard;
use crate::domain::format_datetime_ja;
use crate::i18n::t;
use crate::ui::{CheckboxGroup, ErrorSummary, Field, Loaded, Notice, PageTitle, Table};
use leptos::prelude::*;

fn at(seconds: Option<i64>) -> String {
    seconds
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(format_datetime_ja)
        .unwrap_or_else(|| "—".to_string())
}

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let data = Resource::new(|| (), |_| load_integrations());
                view! {
                    <PageTitle text=m.integrations.title/>
                    <Notice/>
                    <ErrorSummary/>
                    <p>{m.integrations.intro}</p>
                    <Loaded resource=data let:d>
                        <TokensView data=d/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

#[component]
fn TokensView(data: IntegrationsData) -> impl IntoView {
    let m = t();
    let i = m.integrations;
    let scopes = Scope::ALL
        .iter()
        .map(|s| (s.code().to_string(), s.label(m).to_string()))
        .collect::<Vec<_>>();
    view! {
        {data.new_token.map(|token| view! {
            <section class="notice" aria-labelledby="new-token">
                <h2 id="new-token">{i.new_token}</h2>
                <p><strong>{i.shown_once}</strong></p>
                <p class="temporary-password">{token}</p>
            </section>
        })}
        <h2>{i.tokens}</h2>
        {if data.tokens.is_empty() {
            view! { <p>{i.none}</p> }.into_any()
        } else {
            view! {
                <Table caption=i.tokens heads=vec![i.col_name, i.col_scopes, i.col_created, i.col_last_used, i.col_uses, i.col_state]>
                    {data.tokens.iter().map(|token| {
                        let scopes: Vec<&str> = token.scopes.iter().map(|s| s.label(m)).collect();
                        view! {
                            <tr>
                                <td>{token.name.clone()}</td>
                                <td>{scopes.join("、")}</td>
                                <td>{at(Some(token.created_at))}" "{token.created_by.clone().unwrap_or_default()}</td>
                                <td>{at(token.last_used_at)}</td>
                                <td class="number">{token.uses}</td>
                                <td>
                                    {match token.revoked_at {
                                        Some(r) => view! { <span>{i.revoked}" "{at(Some(r))}</span> }.into_any(),
                                        None => view! {
                                            <form method="post" action=format!("/forms/integrations/{}/revoke", token.id)>
                                                <button type="submit" class="button secondary">{i.revoke}" "{token.name.clone()}</button>
                                            </form>
                                        }.into_any(),
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </Table>
            }.into_any()
        }}
        <h2>{i.create_title}</h2>
        <form method="post" action="/forms/integrations" class="form narrow">
            <Field name="name" label=i.name hint=i.name_hint required=true/>
            <CheckboxGroup name="scope" legend=i.scopes options=scopes required=true/>
            <button type="submit" class="button">{i.create}</button>
        </form>
        <p><a href="/v1/openapi.json">{i.openapi_link}</a></p>
    }
}
