//! `/sessions/:id/questionnaires`: the sheets to print, one A4 page each; and
//! `/sessions/:id/questionnaires/entry`: the returned sheets entered in one form, one row
//! per sheet, by keyboard in the paper's order. Plain HTML: both work without JavaScript.

use super::api::{load_entry, load_printout};
use super::{Answer, Entry, EntryRow, Printout, Questions, Sheet, TopicLevel};
use crate::auth::Guard;
use crate::domain::format_span_ja;
use crate::i18n::{fill, t};
use crate::seat_requests::ruby::Rubied;
use crate::ui::form::{field_error, kept_values};
use crate::ui::{by_id, ErrorSummary, Loaded, Notice, PageTitle};
use leptos::prelude::*;

#[component]
pub fn QuestionnairePrintPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let printout = by_id(load_printout);
                view! { <Loaded resource=printout let:p><Sheets p/></Loaded> }
            }}
        </Guard>
    }
}

/// Tick boxes with their numbers, as staff type them back.
fn boxes(labels: &[&'static str]) -> impl IntoView {
    labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            view! { <span class="q-box">"□ "{i + 1}" "<Rubied text=*label always=true/></span> }
        })
        .collect_view()
}

#[component]
fn Sheets(p: Printout) -> impl IntoView {
    let m = t();
    let q = m.questionnaires;
    let id = p.questions.session_id;
    view! {
        <div class="questionnaires">
            <div class="no-print">
                <PageTitle text=fill(q.print_title, &[("title", &p.questions.title)])/>
                <p>{q.print_intro}</p>
                <p class="print-button">
                    <button type="button" class="button" onclick="window.print()">{q.print_button}</button>
                </p>
                <p><a href=format!("/sessions/{id}/report")>{q.back}</a></p>
            </div>
            {p.sheets.into_iter().map(|sheet| view! { <PrintedSheet sheet questions=p.questions.clone()/> }).collect_view()}
        </div>
    }
}

#[component]
fn PrintedSheet(sheet: Sheet, questions: Questions) -> impl IntoView {
    let m = t();
    let q = m.questionnaires;
    let sat = [q.sat_1, q.sat_2, q.sat_3, q.sat_4, q.sat_5];
    let levels = [q.level_self, q.level_helped, q.level_not_yet];
    view! {
        <section class="q-sheet">
            {(!sheet.name.is_empty()).then(|| view! {
                <p class="q-strip">{fill(q.for_name, &[("name", &sheet.name)])}</p>
                <p class="q-cut">{q.cut_here}</p>
            })}
            <h2><Rubied text=fill(q.sheet_heading, &[("title", &questions.title)]) always=true/></h2>
            <p class="q-number">
                {match sheet.number {
                    Some(n) => format!("{}：{n}", q.number),
                    None => q.no_number.to_string(),
                }}
            </p>
            <p>{format!("{} ・ {}", format_span_ja(questions.starts_at, questions.ends_at), questions.venue_name)}</p>
            <ol class="q-questions">
                <li>
                    <p><Rubied text=q.q_satisfaction always=true/></p>
                    <p class="q-boxes">{boxes(&sat)}</p>
                </li>
                {(!questions.topics.is_empty()).then(|| view! {
                    <li>
                        <p><Rubied text=q.q_topics always=true/></p>
                        <table class="q-topics">
                            <tbody>
                                {questions.topics.iter().map(|(_, name)| view! {
                                    <tr><th scope="row">{name.clone()}</th><td class="q-boxes">{boxes(&levels)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </li>
                })}
                <li>
                    <p><Rubied text=q.q_next always=true/></p>
                    <p class="q-boxes">{boxes(&[q.yes, q.no])}</p>
                </li>
                <li>
                    <p><Rubied text=q.q_help always=true/></p>
                    <p class="q-boxes">{boxes(&[q.yes, q.no])}</p>
                    <p class="q-boxes"><span class="q-box">"□ "<Rubied text=q.q_contact always=true/></span></p>
                </li>
                <li>
                    <p><Rubied text=q.q_comment always=true/></p>
                    <div class="q-write"></div>
                </li>
            </ol>
            {(!sheet.link.is_empty()).then(|| view! {
                <div class="q-phone">
                    <div class="q-qr" aria-hidden="true" inner_html=sheet.qr_svg.clone()></div>
                    <div>
                        <p><Rubied text=q.phone_hint always=true/></p>
                        <p class="q-link">{sheet.link.clone()}</p>
                    </div>
                </div>
            })}
        </section>
    }
}

#[component]
pub fn QuestionnaireEntryPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let entry = by_id(load_entry);
                view! { <Loaded resource=entry let:e><EntryForm e/></Loaded> }
            }}
        </Guard>
    }
}

/// What a row showed when the page was made: after a refused post, what was typed (the
/// draft holds every row); otherwise what is stored.
fn shown(name: &str, stored: String) -> Memo<String> {
    let kept = kept_values(name);
    let posted = kept_values("rows");
    Memo::new(move |_| {
        if posted.with(|p| p.is_empty()) {
            stored.clone()
        } else {
            kept.with(|k| k.first().cloned()).unwrap_or_default()
        }
    })
}

/// A one- or two-character box typed with digits, its label and its error beside it.
#[component]
fn DigitField(name: String, label: String, stored: String, disabled: bool) -> impl IntoView {
    let value = shown(&name, stored);
    let error = field_error(&name);
    let error_id = format!("{name}-error");
    view! {
        <div class="field digit-field" class:has-error=move || error.get().is_some()>
            <label for=name.clone()>{label}</label>
            {
                let error_id = error_id.clone();
                move || error.get().map(|code| view! { <p class="field-error" id=error_id.clone()>{t().error_text(&code)}</p> })
            }
            <input type="text" inputmode="numeric" autocomplete="off" maxlength="2" id=name.clone() name=name.clone()
                value=move || value.get() disabled=disabled
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().map(|_| error_id.clone())/>
        </div>
    }
}

fn yes_no_digit(v: Option<bool>) -> String {
    match v {
        Some(true) => "1".into(),
        Some(false) => "2".into(),
        None => String::new(),
    }
}

#[component]
fn EntryRowFields(
    n: usize,
    /// The row's place among the unnumbered sheets.
    anonymous: usize,
    row: EntryRow,
    topics: Vec<(i64, String)>,
    locked: bool,
) -> impl IntoView {
    let q = t().questionnaires;
    let p = format!("r{n}_");
    let legend = match row.registration_id {
        Some(number) => fill(q.entry_row, &[("number", &number.to_string()), ("name", &row.name)]),
        None => fill(q.entry_anonymous, &[("n", &anonymous.to_string())]),
    };
    if row.by_phone {
        return view! {
            <fieldset class="field sheet-row">
                <legend>{legend}</legend>
                <p>{q.entry_by_phone}</p>
            </fieldset>
        }
        .into_any();
    }
    let a: Answer = row.answer;
    let contact = format!("{p}contact");
    let contact_shown = shown(&contact, if a.contact_ok { "1".into() } else { String::new() });
    let comment = format!("{p}comment");
    let comment_shown = shown(&comment, a.comment.clone());
    let comment_error = field_error(&comment);
    view! {
        <fieldset class="field sheet-row">
            <legend>{legend}</legend>
            {row.registration_id.map(|id| view! { <input type="hidden" name=format!("{p}reg") value=id/> })}
            <div class="sheet-digits">
                <DigitField name=format!("{p}sat") label=q.entry_satisfaction.to_string()
                    stored=a.satisfaction.map(|s| s.to_string()).unwrap_or_default() disabled=locked/>
                {topics.iter().map(|(topic, name)| {
                    let stored = a.topics.iter().find(|(t, _)| t == topic).map(|(_, l)| l.digit().to_string()).unwrap_or_default();
                    view! { <DigitField name=format!("{p}t{topic}") label=fill(q.entry_topic, &[("topic", name)]) stored disabled=locked/> }
                }).collect_view()}
                <DigitField name=format!("{p}next") label=q.entry_next.to_string() stored=yes_no_digit(a.next_level) disabled=locked/>
                <DigitField name=format!("{p}help") label=q.entry_help.to_string() stored=yes_no_digit(a.wants_to_help) disabled=locked/>
                <label class="checkbox" for=contact.clone()>
                    <input type="checkbox" id=contact.clone() name=contact.clone() value="1"
                        checked=move || contact_shown.get() == "1" disabled=locked/>
                    <span>{q.entry_contact}</span>
                </label>
            </div>
            <div class="field" class:has-error=move || comment_error.get().is_some()>
                <label for=comment.clone()>{q.entry_comment}</label>
                {move || comment_error.get().map(|code| view! { <p class="field-error">{t().error_text(&code)}</p> })}
                <input type="text" id=comment.clone() name=comment.clone() autocomplete="off"
                    value=move || comment_shown.get() disabled=locked/>
            </div>
        </fieldset>
    }
    .into_any()
}

#[component]
fn EntryForm(e: Entry) -> impl IntoView {
    let q = t().questionnaires;
    let id = e.questions.session_id;
    let rows = e.rows.len();
    let locked = e.locked;
    let sheets_error = field_error("sheets");
    let nobody = e.rows.iter().all(|r| r.registration_id.is_none());
    view! {
        <PageTitle text=fill(q.entry_title, &[("title", &e.questions.title)])/>
        <p class="checkin-when">{format!("{} ・ {}", format_span_ja(e.questions.starts_at, e.questions.ends_at), e.questions.venue_name)}</p>
        <Notice/>
        <ErrorSummary/>
        {move || sheets_error.get().map(|code| view! { <p class="error-summary" role="alert">{t().error_text(&code)}</p> })}
        {locked.then(|| view! { <p class="notice" role="status">{q.entry_locked}</p> })}
        <p>{q.entry_intro}</p>
        {nobody.then(|| view! { <p>{q.entry_none}</p> })}
        <form method="post" action=format!("/forms/sessions/{id}/questionnaires") class="form sheet-entry">
            <input type="hidden" name="rows" value=rows/>
            {e.rows.into_iter().enumerate().scan(0, |anonymous, (n, row)| {
                *anonymous += usize::from(row.registration_id.is_none());
                let anonymous = *anonymous;
                Some(view! { <EntryRowFields n anonymous row topics=e.questions.topics.clone() locked/> })
            }).collect_view()}
            {(!locked).then(|| view! {
                <div class="actions"><button type="submit" class="button">{q.entry_save}</button></div>
            })}
        </form>
        <p><a href=format!("/sessions/{id}/report")>{q.back}</a></p>
    }
}

/// The levels as the phone page offers them, with their digits.
pub(super) fn level_choices() -> Vec<(String, &'static str)> {
    let q = t().questionnaires;
    TopicLevel::ALL
        .iter()
        .zip([q.level_self, q.level_helped, q.level_not_yet])
        .map(|(l, label)| (l.digit().to_string(), label))
        .collect()
}

/// On a session's page (staff and admins): how many asked for its level on a questionnaire
/// and wait for an invitation, and the button that invites them. Nothing when none wait.
#[component]
pub fn NextLevelInvites(session_id: i64) -> impl IntoView {
    let waiting = Resource::new(move || session_id, super::api::load_waiting);
    let q = t().questionnaires;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match waiting.await {
                    Ok(n) if n > 0 => view! {
                        <h2 id="invite">{q.invite_title}</h2>
                        <p>{fill(q.invite_count, &[("n", &n.to_string())])}</p>
                        <form method="post" action=format!("/forms/sessions/{session_id}/invitations") class="inline-form">
                            <button type="submit" class="button secondary">{q.invite_button}</button>
                        </form>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}
