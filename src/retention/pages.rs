//! The retention page (`/admin/retention`: the rules with today's due counts, their periods
//! and the nightly switch, the dry run, applying, past runs) and the file register
//! (`/admin/register`). Plain forms: everything works without JavaScript.

use super::api::{register_files, retention_overview};
use super::{kind_label, rule_text, Kind, Overview, RegisterFile, RunLine, Unit};
use crate::auth::Guard;
use crate::domain::format_datetime_ja;
use crate::i18n::t;
use crate::ui::{
    CheckboxGroup, ErrorSummary, Field, Loaded, Notice, PageTitle, SubmitButton, Table,
};
use leptos::prelude::*;

#[component]
pub fn RetentionPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let overview = Resource::new(|| (), |_| retention_overview());
                view! {
                    <PageTitle text=m.retention.title/>
                    <Notice/>
                    <ErrorSummary/>
                    <p>{m.retention.intro}</p>
                    <p><a href="/admin/register">{m.retention.register_link}</a></p>
                    <Loaded resource=overview let:o>
                        <Retention overview=o/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

fn range_hint(kind: Kind) -> &'static str {
    let r = t().retention;
    match (kind, kind.unit()) {
        (Kind::SignIns, _) => r.hint_sign_ins,
        (_, Unit::FiscalYears) => r.hint_fiscal_years,
        (_, Unit::Years) => r.hint_years,
        (_, Unit::Days) => r.hint_days,
    }
}

#[component]
fn Retention(overview: Overview) -> impl IntoView {
    let m = t();
    let r = m.retention;
    let nightly = if overview.nightly { vec!["1".to_string()] } else { Vec::new() };
    let rows = overview.rules.clone();
    view! {
        <h2 id="rules">{r.rules_title}</h2>
        <Table
            caption=r.rules_caption
            heads=vec![r.rule_kind, r.rule_does, r.rule_kept_from, r.rule_due]
        >
            {rows.into_iter().map(|line| view! {
                <tr>
                    <th scope="row">{kind_label(m, line.kind)}</th>
                    <td>{rule_text(m, line.kind, line.keep)}</td>
                    <td>{line.kept_from}</td>
                    <td class="number">{line.due}</td>
                </tr>
            }).collect_view()}
        </Table>
        <form method="post" action="/forms/retention/rules" class="form narrow" aria-labelledby="rules">
            {overview.rules.into_iter().map(|line| {
                let label = kind_label(m, line.kind);
                view! {
                    <Field name=line.kind.field() label=label kind="number" hint=range_hint(line.kind) initial=line.keep.to_string()/>
                }
            }).collect_view()}
            <CheckboxGroup name="nightly" legend=r.run_nightly options=vec![("1".to_string(), r.nightly.to_string())] initial=nightly/>
            <SubmitButton label=r.save/>
        </form>
        <h2>{r.dry_run_title}</h2>
        <p>{r.dry_run_intro}</p>
        <p><a href="/admin/retention/dry-run.csv" download>{r.dry_run_link}</a></p>
        <h2 id="apply">{r.apply_title}</h2>
        <p>{r.apply_intro}</p>
        <form method="post" action="/forms/retention/apply" class="form narrow" aria-labelledby="apply">
            <CheckboxGroup name="confirm" legend=r.apply_title options=vec![("1".to_string(), r.apply_confirm.to_string())]/>
            <SubmitButton label=r.apply/>
        </form>
        <h2>{r.runs_title}</h2>
        <Runs runs=overview.runs/>
    }
}

#[component]
fn Runs(runs: Vec<RunLine>) -> impl IntoView {
    let m = t();
    let r = m.retention;
    if runs.is_empty() {
        return view! { <p>{r.runs_none}</p> }.into_any();
    }
    view! {
        <Table caption=r.runs_title heads=vec![r.run_at, r.run_by, r.run_counts]>
            {runs.into_iter().map(|run| {
                let at = chrono::DateTime::from_timestamp(run.at, 0)
                    .map(format_datetime_ja)
                    .unwrap_or_default();
                let by = if run.nightly {
                    r.run_nightly.to_string()
                } else {
                    run.user_login.unwrap_or_default()
                };
                let counts = run
                    .counts
                    .iter()
                    .map(|(kind, n)| format!("{} {n}", kind_label(m, *kind)))
                    .collect::<Vec<_>>()
                    .join(" / ");
                view! {
                    <tr>
                        <td>{at}</td>
                        <td>{by}</td>
                        <td>{counts}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
    .into_any()
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let files = Resource::new(|| (), |_| register_files());
                view! {
                    <PageTitle text=m.retention.register_title/>
                    <p>{m.retention.register_intro}</p>
                    <p><a href="/admin/register.csv" download>{m.retention.register_csv}</a></p>
                    <Loaded resource=files let:files>
                        <Register files=files/>
                    </Loaded>
                    <p><a href="/admin/retention">{m.retention.back_to_retention}</a></p>
                }
            }}
        </Guard>
    }
}

#[component]
fn Register(files: Vec<RegisterFile>) -> impl IntoView {
    let r = t().retention;
    files
        .into_iter()
        .enumerate()
        .map(|(i, file)| {
            let id = format!("file-{i}");
            let labelled = id.clone();
            view! {
                <section aria-labelledby=labelled class="register-file">
                    <h2 id=id>{file.name}</h2>
                    <dl>
                        <dt>{r.register_purpose}</dt>
                        <dd>{file.purpose}</dd>
                        <dt>{r.register_fields}</dt>
                        <dd>
                            <ul>{file.fields.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                        </dd>
                        <dt>{r.register_who}</dt>
                        <dd>{file.who}</dd>
                        <dt>{r.register_retention}</dt>
                        <dd>{file.retention}</dd>
                        <dt>{r.register_tables}</dt>
                        <dd>{file.tables.join(", ")}</dd>
                    </dl>
                </section>
            }
        })
        .collect_view()
}
