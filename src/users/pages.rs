//! The user admin pages: the list with the add form, and one user's page.

use super::api::{get_user, list_users, take_temporary_password};
use super::UserSummary;
use crate::auth::Guard;
use crate::auth::Role;
use crate::directory::api::list_partners;
use crate::i18n::{fill, t};
use crate::ui::{by_id, ErrorSummary, Field, Loaded, Notice, PageTitle, SelectField, SubmitButton};
use leptos::prelude::*;

fn role_options() -> Vec<(String, String)> {
    let m = t();
    Role::ALL.into_iter().map(|r| (r.code().to_string(), r.label(m).to_string())).collect()
}

/// The role and partner fields, shared by the add form and the change-role form.
#[component]
fn RoleFields(
    #[prop(optional, into)] role: String,
    #[prop(optional, into)] partner: String,
) -> impl IntoView {
    let m = t();
    let partners = Resource::new(|| (), |_| list_partners());
    view! {
        <SelectField name="role" label=m.users.user_role options=role_options() initial=role/>
        <Suspense fallback=move || view! { <p>{t().common.loading}</p> }>
            {Suspend::new(async move {
                let mut options = vec![(String::new(), m.users.user_partner_none.to_string())];
                options.extend(
                    partners.await.unwrap_or_default()
                        .into_iter()
                        .map(|p| (p.id.to_string(), p.name)),
                );
                view! {
                    <SelectField
                        name="partner_id"
                        label=m.users.user_partner
                        hint=m.users.user_partner_hint
                        options
                        initial=partner
                    />
                }
            })}
        </Suspense>
    }
}

fn status_text(u: &UserSummary) -> String {
    let m = t();
    let mut text =
        if u.disabled { m.users.user_disabled } else { m.users.user_enabled }.to_string();
    if u.must_change_password && !u.disabled {
        text.push('・');
        text.push_str(m.users.user_must_change);
    }
    text
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let users = Resource::new(|| (), |_| list_users());
                view! {
                    <PageTitle text=m.users.users_title/>
                    <Notice/>
                    <Loaded resource=users let:list>
                        <UserTable users=list/>
                    </Loaded>
                    <h2 id="add-user">{m.users.users_add}</h2>
                    <ErrorSummary/>
                    <form method="post" action="/forms/users" class="form narrow" aria-labelledby="add-user">
                        <Field name="login" label=m.common.login_id required=true autocomplete="off"/>
                        <Field name="display_name" label=m.common.display_name required=true autocomplete="off"/>
                        <RoleFields role="staff"/>
                        <SubmitButton label=m.common.users_add_submit/>
                    </form>
                }
            }}
        </Guard>
    }
}

#[component]
fn UserTable(users: Vec<UserSummary>) -> impl IntoView {
    let m = t();
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{m.users.users_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{m.common.login_id}</th>
                        <th scope="col">{m.common.display_name}</th>
                        <th scope="col">{m.users.user_role}</th>
                        <th scope="col">{m.users.user_partner}</th>
                        <th scope="col">{m.users.user_status}</th>
                        <th scope="col"><span class="visually-hidden">{m.users.user_edit}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {users
                        .into_iter()
                        .map(|u| {
                            let status = status_text(&u);
                            let edit_label = format!("{}（{}）", m.users.user_edit, u.display_name);
                            view! {
                                <tr class:disabled=u.disabled>
                                    <td>{u.login.clone()}</td>
                                    <td>{u.display_name.clone()}</td>
                                    <td>{u.role.label(m)}</td>
                                    <td>{u.partner_name.clone().unwrap_or_default()}</td>
                                    <td>{status}</td>
                                    <td>
                                        <a href=format!("/admin/users/{}", u.id) aria-label=edit_label>
                                            {m.users.user_edit}
                                        </a>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn UserEditPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let user = by_id(get_user);
                let temporary = Resource::new(|| (), |_| take_temporary_password());
                view! {
                    <Suspense fallback=move || view! { <p>{t().common.loading}</p> }>
                        {Suspend::new(async move {
                            let temporary = temporary.await.ok().flatten();
                            match user.await {
                                Ok(u) => view! { <UserEditor user=u temporary/> }.into_any(),
                                Err(crate::error::AppError::NotFound) => view! { <crate::ui::NotFound/> }.into_any(),
                                Err(e) => view! { <p class="error-summary" role="alert">{e.message(t())}</p> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <p><a href="/admin/users">{m.users.back_to_users}</a></p>
                }
            }}
        </Guard>
    }
}

#[component]
fn UserEditor(user: UserSummary, temporary: Option<String>) -> impl IntoView {
    let m = t();
    let action = format!("/forms/users/{}", user.id);
    let (toggle, toggle_label) = if user.disabled {
        ("enable", m.users.user_enable)
    } else {
        ("disable", m.users.user_disable)
    };
    view! {
        <PageTitle text=fill(m.users.user_edit_title, &[("name", &user.display_name)])/>
        <Notice/>
        {temporary.map(|password| view! {
            <div class="notice important" role="status">
                <p class="temporary-password">{fill(m.users.temporary_password, &[("password", &password)])}</p>
                <p>{m.users.temporary_password_hint}</p>
            </div>
        })}
        <ErrorSummary/>
        <dl class="facts">
            <dt>{m.common.login_id}</dt>
            <dd>{user.login.clone()}</dd>
            <dt>{m.users.user_role}</dt>
            <dd>{user.role.label(m)}</dd>
            <dt>{m.users.user_partner}</dt>
            <dd>{user.partner_name.clone().unwrap_or_else(|| m.users.user_partner_none.to_string())}</dd>
            <dt>{m.users.user_status}</dt>
            <dd id="status">{status_text(&user)}</dd>
        </dl>
        <h2 id="change-role">{m.users.user_change_role}</h2>
        <form method="post" action=action.clone() class="form narrow" aria-labelledby="change-role">
            <input type="hidden" name="action" value="role"/>
            <RoleFields
                role=user.role.code()
                partner=user.partner_id.map(|p| p.to_string()).unwrap_or_default()
            />
            <SubmitButton label=m.users.user_change_role/>
        </form>
        <h2 id="reset-password">{m.users.user_reset_password}</h2>
        <p>{m.users.user_reset_hint}</p>
        <form method="post" action=action.clone() class="form narrow" aria-labelledby="reset-password">
            <input type="hidden" name="action" value="reset"/>
            <SubmitButton label=m.users.user_reset_password secondary=true/>
        </form>
        <h2 id="toggle-user">{m.users.user_status}</h2>
        <form method="post" action=action class="form narrow" aria-labelledby="toggle-user">
            <input type="hidden" name="action" value=toggle/>
            <SubmitButton label=toggle_label secondary=true/>
        </form>
    }
}
