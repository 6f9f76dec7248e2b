//! SQL for notices: what each resident is owed (email, call or letter), the email queue the
//! worker claims from, the call list and the letters to print.

use super::templates::{self, NoticeContext};
use super::{CallEntry, CallOutcome, LetterEntry, NoticeKind, OutboxEntry, Was};
use crate::db::{now, Backend, Db};
use crate::domain::{PhoneNumber, JAPAN};
use sqlx::AnyConnection;

fn today() -> String {
    crate::domain::today_in_japan().format("%Y-%m-%d").to_string()
}

#[derive(sqlx::FromRow)]
struct Target {
    resident_id: i64,
    session_id: i64,
    contact_pref: String,
    email: String,
    phone: Option<String>,
    phone_alt: Option<String>,
    address: String,
    /// The session's Japan-time date, `YYYY-MM-DD`.
    local_date: String,
}

/// Who is told, and how they can be reached, for registrations (add a WHERE on `g`).
const TARGETS: &str = "SELECT g.resident_id, g.session_id, r.contact_pref, r.email, r.phone, \
        r.phone_alt, r.address, s.local_date \
    FROM registrations g JOIN residents r ON r.id = g.resident_id \
         JOIN sessions s ON s.id = g.session_id";

/// A notice's `was_*` columns, set together on a "changed" notice.
fn was_of(starts_at: Option<i64>, ends_at: Option<i64>, venue_name: Option<String>) -> Option<Was> {
    Some(Was { starts_at: starts_at?, ends_at: ends_at?, venue_name: venue_name? })
}

/// Days a letter needs before the session: printed on the next working day, then 普通郵便
/// (no weekend delivery), with a margin. A change told later than this is a call.
const LETTER_LEAD_DAYS: i64 = 7;

/// Whether a letter posted now reaches the resident before the session on `local_date`.
fn post_in_time(local_date: &str, today: chrono::NaiveDate) -> bool {
    chrono::NaiveDate::parse_from_str(local_date, "%Y-%m-%d")
        .is_ok_and(|day| (day - today).num_days() >= LETTER_LEAD_DAYS)
}

/// The channel a notice goes by: email when they chose email and have an address; a
/// confirmation otherwise only by letter for those who asked for letters (on the phone the
/// staff member has just read it back); a change or an invitation by letter for those who
/// asked for letters when there is time for post; other notices by phone, or by letter when there is no
/// number to call.
fn channel(kind: NoticeKind, t: &Target, today: chrono::NaiveDate) -> Option<&'static str> {
    let has_phone = t.phone.is_some() || t.phone_alt.is_some();
    match (kind, t.contact_pref.as_str()) {
        // Overdue: staff call, whatever the channel.
        (NoticeKind::LoanOverdue, _) => Some("phone"),
        (_, "email") if !t.email.is_empty() => Some("email"),
        // Due tomorrow: a letter would come too late; listed as a call even without a number.
        (NoticeKind::LoanDue, _) => Some("phone"),
        // (`enqueue_confirmation` reads no further for any other channel.)
        (NoticeKind::Confirmation, "letter") if !t.address.is_empty() => Some("letter"),
        (NoticeKind::Confirmation, _) => None,
        (NoticeKind::SessionChanged | NoticeKind::Invitation, "letter")
            if !t.address.is_empty() && post_in_time(&t.local_date, today) =>
        {
            Some("letter")
        }
        _ if has_phone => Some("phone"),
        _ if !t.address.is_empty() => Some("letter"),
        // Nobody to call and nowhere to write: still listed, so staff see it.
        _ => Some("phone"),
    }
}

const CONTEXT: &str = "SELECT r.name AS resident_name, s.title, s.starts_at, s.ends_at, \
    v.name AS venue_name, v.address AS venue_address, v.access_notes AS venue_access, \
    s.what_to_bring, s.cancel_reason, \
    (SELECT MAX(d.label) FROM loans l JOIN loaner_devices d ON d.id = l.device_id \
     WHERE l.registration_id = g.id AND l.due_on IS NOT NULL AND l.returned_at IS NULL) \
        AS loan_device, \
    (SELECT MAX(l.due_on) FROM loans l \
     WHERE l.registration_id = g.id AND l.due_on IS NOT NULL AND l.returned_at IS NULL) \
        AS loan_due \
    FROM registrations g JOIN residents r ON r.id = g.resident_id \
    JOIN sessions s ON s.id = g.session_id JOIN venues v ON v.id = s.venue_id WHERE g.id = $1";

/// The line a notice ends with: where to ask, from the city's settings.
async fn contact(tx: &mut AnyConnection) -> sqlx::Result<String> {
    let city = crate::city::store::read(tx).await?;
    let ja = crate::i18n::Locale::Ja;
    Ok(city.fill(ja.messages().common.print_contact, ja, false))
}

/// Records that the person holding loan `loan_id` (of `registration_id`) is owed a loan
/// notice of `kind`, once per loan. Returns the notice id when one was made.
pub async fn enqueue_loan(
    tx: &mut AnyConnection,
    kind: NoticeKind,
    loan_id: i64,
    registration_id: i64,
) -> sqlx::Result<Option<i64>> {
    make(tx, kind, registration_id, None, format!("{}:{loan_id}", kind.code())).await
}

/// Withdraws a returned loan's notices not yet given, whatever they became (an email that
/// could not be sent turns into a call under another key): those of its registration.
pub async fn withdraw_for_loan(tx: &mut AnyConnection, loan_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notices SET status = 'withdrawn' WHERE status = 'pending' \
         AND kind IN ('loan_due', 'loan_overdue') \
         AND registration_id = (SELECT registration_id FROM loans WHERE id = $1)",
    )
    .bind(loan_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Withdraws a "due tomorrow" not yet given of a registration's loan (it is overdue now).
pub async fn withdraw_loan_due(tx: &mut AnyConnection, registration_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notices SET status = 'withdrawn' WHERE status = 'pending' \
         AND kind = 'loan_due' AND registration_id = $1",
    )
    .bind(registration_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Records that registration `registration_id` is owed a notice of `kind`, once only.
/// Returns the notice id when one was made.
pub async fn enqueue(
    tx: &mut AnyConnection,
    kind: NoticeKind,
    registration_id: i64,
) -> sqlx::Result<Option<i64>> {
    let key = format!("{}:{registration_id}", kind.code());
    make(tx, kind, registration_id, None, key).await
}

/// The condition on a resident `r` under which a seat's confirmation is written (by email
/// or letter; see `channel`), for a statement that books only when none is owed.
pub const CONFIRMATION_OWED: &str = "(r.contact_pref = 'email' AND r.email <> '') \
    OR (r.contact_pref = 'letter' AND r.address <> '')";

/// [`enqueue`] of a booking's confirmation, given how the resident wants to be told as
/// the booking read it: only a letter or an email confirms a booking (staff told the
/// resident on the call otherwise, see `channel`), so for anyone else nothing is read.
pub async fn enqueue_confirmation(
    tx: &mut AnyConnection,
    registration_id: i64,
    contact_pref: &str,
) -> sqlx::Result<Option<i64>> {
    if !matches!(contact_pref, "email" | "letter") {
        return Ok(None);
    }
    enqueue(tx, NoticeKind::Confirmation, registration_id).await
}

/// Records that resident `resident_id` is invited to session `session_id` (the level they
/// asked for on a questionnaire), once per person and session, by their channel. Returns
/// the notice id when one was made.
pub async fn enqueue_invitation(
    tx: &mut AnyConnection,
    resident_id: i64,
    session_id: i64,
) -> sqlx::Result<Option<i64>> {
    let target: Option<Target> = sqlx::query_as(
        "SELECT r.id AS resident_id, s.id AS session_id, r.contact_pref, r.email, r.phone, \
            r.phone_alt, r.address, s.local_date \
         FROM residents r JOIN sessions s ON s.id = $2 WHERE r.id = $1 AND r.erased_at IS NULL",
    )
    .bind(resident_id)
    .bind(session_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(target) = target else {
        return Ok(None);
    };
    let kind = NoticeKind::Invitation;
    let Some(channel) = channel(kind, &target, crate::domain::today_in_japan()) else {
        return Ok(None);
    };
    let mut context: NoticeContext = sqlx::query_as(
        "SELECT r.name AS resident_name, s.title, s.starts_at, s.ends_at, \
            v.name AS venue_name, v.address AS venue_address, v.access_notes AS venue_access, \
            s.what_to_bring, s.cancel_reason, CAST(NULL AS TEXT) AS loan_device, \
            CAST(NULL AS TEXT) AS loan_due \
         FROM residents r JOIN sessions s ON s.id = $2 JOIN venues v ON v.id = s.venue_id \
         WHERE r.id = $1",
    )
    .bind(resident_id)
    .bind(session_id)
    .fetch_one(&mut *tx)
    .await?;
    context.contact = contact(tx).await?;
    let key = format!("invitation:{resident_id}:{session_id}");
    write(tx, kind, channel, &target, None, &context, key).await
}

/// Makes the notice `dedupe_key` names unless it exists; `was` for a "changed" notice.
async fn make(
    tx: &mut AnyConnection,
    kind: NoticeKind,
    registration_id: i64,
    was: Option<Was>,
    dedupe_key: String,
) -> sqlx::Result<Option<i64>> {
    let sql = format!("{TARGETS} WHERE g.id = $1");
    let target: Option<Target> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(registration_id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(target) = target else {
        return Ok(None);
    };
    let Some(channel) = channel(kind, &target, crate::domain::today_in_japan()) else {
        return Ok(None);
    };
    let mut context: NoticeContext =
        sqlx::query_as(CONTEXT).bind(registration_id).fetch_one(&mut *tx).await?;
    context.was = was;
    context.contact = contact(tx).await?;
    write(tx, kind, channel, &target, Some(registration_id), &context, dedupe_key).await
}

/// Writes a notice by `channel` to `target`, with its text for email and letters, once per
/// `dedupe_key`. Returns its id when it was made.
async fn write(
    tx: &mut AnyConnection,
    kind: NoticeKind,
    channel: &str,
    target: &Target,
    registration_id: Option<i64>,
    context: &NoticeContext,
    dedupe_key: String,
) -> sqlx::Result<Option<i64>> {
    let (email_to, subject, body) = match channel {
        "email" => (
            target.email.clone(),
            templates::subject(kind, context),
            templates::body(kind, context),
        ),
        "letter" => {
            (String::new(), templates::subject(kind, context), templates::body(kind, context))
        }
        _ => (String::new(), String::new(), String::new()),
    };
    let was = context.was.clone();
    let at = now();
    sqlx::query_scalar(
        "INSERT INTO notices (kind, channel, resident_id, session_id, registration_id, dedupe_key, \
            due_on, email_to, subject, body, next_attempt_at, created_at, was_starts_at, \
            was_ends_at, was_venue) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14) \
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(kind.code())
    .bind(channel)
    .bind(target.resident_id)
    .bind(target.session_id)
    .bind(registration_id)
    .bind(dedupe_key)
    .bind(today())
    .bind(email_to)
    .bind(subject)
    .bind(body)
    .bind(at)
    .bind(was.as_ref().map(|w| w.starts_at))
    .bind(was.as_ref().map(|w| w.ends_at))
    .bind(was.map(|w| w.venue_name))
    .fetch_optional(&mut *tx)
    .await
}

/// Everyone on a session whose time or venue changed is owed a "changed" notice saying
/// `was` and now. A change told to nobody yet is replaced: the new notice says before as
/// the person was last told, and none is made when the session is back where and when that
/// was. Pending emails and letters of the session are written again with the new details.
/// Returns how many notices were made.
pub async fn session_changed(
    tx: &mut AnyConnection,
    session_id: i64,
    was: &Was,
) -> sqlx::Result<usize> {
    let (sequence, starts_at, ends_at, venue): (i64, i64, i64, String) = sqlx::query_as(
        "SELECT s.sequence, s.starts_at, s.ends_at, v.name FROM sessions s \
         JOIN venues v ON v.id = s.venue_id WHERE s.id = $1",
    )
    .bind(session_id)
    .fetch_one(&mut *tx)
    .await?;
    rewrite_pending(tx, session_id).await?;
    let mut made = 0;
    for (registration_id, _) in crate::registrations::store::live_of_session(tx, session_id).await?
    {
        let untold: Vec<(Option<i64>, Option<i64>, Option<String>)> = sqlx::query_as(
            "UPDATE notices SET status = 'withdrawn' WHERE registration_id = $1 \
                AND kind = 'session_changed' AND status = 'pending' \
             RETURNING was_starts_at, was_ends_at, was_venue",
        )
        .bind(registration_id)
        .fetch_all(&mut *tx)
        .await?;
        let was = untold
            .into_iter()
            .find_map(|(starts_at, ends_at, venue)| was_of(starts_at, ends_at, venue))
            .unwrap_or_else(|| was.clone());
        if (was.starts_at, was.ends_at, was.venue_name.as_str())
            == (starts_at, ends_at, venue.as_str())
        {
            continue;
        }
        let key = format!("session_changed:{registration_id}:{sequence}");
        if make(tx, NoticeKind::SessionChanged, registration_id, Some(was), key).await?.is_some() {
            made += 1;
        }
    }
    Ok(made)
}

/// Writes again, with the session as it is now, the emails not yet sent and the letters not
/// yet printed of a session (a confirmation printed tomorrow must give the new venue). A
/// reminder not yet given is withdrawn: the "changed" notice gives the new date.
async fn rewrite_pending(tx: &mut AnyConnection, session_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notices SET status = 'withdrawn' WHERE session_id = $1 AND kind = 'reminder' \
         AND status = 'pending'",
    )
    .bind(session_id)
    .execute(&mut *tx)
    .await?;
    let pending: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, kind, registration_id FROM notices WHERE session_id = $1 \
            AND status = 'pending' AND channel IN ('email', 'letter') \
            AND kind <> 'session_changed' AND registration_id IS NOT NULL",
    )
    .bind(session_id)
    .fetch_all(&mut *tx)
    .await?;
    for (id, kind, registration_id) in pending {
        let Some(kind) = NoticeKind::from_code(&kind) else {
            continue;
        };
        let mut context: NoticeContext =
            sqlx::query_as(CONTEXT).bind(registration_id).fetch_one(&mut *tx).await?;
        context.contact = contact(tx).await?;
        sqlx::query("UPDATE notices SET subject = $1, body = $2 WHERE id = $3")
            .bind(templates::subject(kind, &context))
            .bind(templates::body(kind, &context))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Withdraws what is still pending for a registration that no longer stands.
pub async fn withdraw_for_registration(
    tx: &mut AnyConnection,
    registration_id: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notices SET status = 'withdrawn' WHERE registration_id = $1 AND status = 'pending' \
         AND kind <> 'session_cancelled'",
    )
    .bind(registration_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Whose notices: a resident's, or a supporter's reminders.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Resident(i64),
    Supporter(i64),
}

/// On erasure: wipes the texts of a person's notices (address, subject, body, call notes,
/// delivery errors, which quote the address) and withdraws those not yet sent.
pub async fn wipe_for(tx: &mut AnyConnection, owner: Owner) -> sqlx::Result<()> {
    let (column, id) = match owner {
        Owner::Resident(id) => ("resident_id", id),
        Owner::Supporter(id) => ("supporter_id", id),
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE notices SET email_to = '', subject = '', body = '', outcome_note = '', \
            last_error = NULL, status = CASE WHEN status = 'pending' THEN 'withdrawn' \
            ELSE status END WHERE {column} = $1"
    )))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Everyone on a cancelled session is owed a cancellation notice; anything else still
/// pending for it is withdrawn. Returns how many notices were made.
pub async fn session_cancelled(tx: &mut AnyConnection, session_id: i64) -> sqlx::Result<usize> {
    sqlx::query(
        "UPDATE notices SET status = 'withdrawn' WHERE session_id = $1 AND status = 'pending' \
         AND kind <> 'session_cancelled'",
    )
    .bind(session_id)
    .execute(&mut *tx)
    .await?;
    let mut made = 0;
    for (registration_id, _) in crate::registrations::store::live_of_session(tx, session_id).await?
    {
        if enqueue(tx, NoticeKind::SessionCancelled, registration_id).await?.is_some() {
            made += 1;
        }
    }
    Ok(made)
}

/// Confirmed places on sessions within the next two days (Japan time) still owed a
/// reminder, unless the place was confirmed too late for a reminder to make sense (within
/// two days of the session). The reminders themselves are made by
/// [`super::ops::queue_reminders`].
pub async fn due_reminders(db: &Db, at: i64) -> sqlx::Result<Vec<i64>> {
    let today = chrono::DateTime::from_timestamp(at, 0)
        .unwrap_or_default()
        .with_timezone(&JAPAN)
        .date_naive();
    let until = today + chrono::Duration::days(2);
    sqlx::query_scalar(
        "SELECT g.id FROM registrations g JOIN sessions s ON s.id = g.session_id \
         WHERE g.status = 'confirmed' AND s.status = 'scheduled' \
           AND s.local_date >= $1 AND s.local_date <= $2 AND s.starts_at > $3 \
           AND g.confirmed_at < s.starts_at - 172800 \
           AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.registration_id = g.id \
                           AND n.kind = 'reminder') \
         ORDER BY g.id",
    )
    .bind(today.format("%Y-%m-%d").to_string())
    .bind(until.format("%Y-%m-%d").to_string())
    .bind(at)
    .fetch_all(&db.pool)
    .await
}

/// An email claimed by one worker.
#[derive(Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    /// The session a resident's notice is about (its calendar is attached); `None` for a
    /// supporter's reminder.
    pub session_id: Option<i64>,
    pub email_to: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// How long a claim holds: longer than any SMTP conversation takes.
const CLAIM_SECONDS: i64 = 300;

/// Claims up to `limit` emails due at `at`. PostgreSQL skips rows another worker has
/// locked; SQLite has one writer at a time, so the statement is atomic as it is.
pub async fn claim(db: &Db, at: i64, token: &str, limit: i64) -> sqlx::Result<Vec<Claimed>> {
    let lock = match db.backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE notices SET claimed_until = $1, claim_token = $2 WHERE id IN ( \
            SELECT id FROM notices WHERE channel = 'email' AND status = 'pending' \
              AND next_attempt_at <= $3 AND claimed_until < $3 ORDER BY id LIMIT $4{lock}) \
         RETURNING id, CASE WHEN kind IN ('loan_due', 'loan_overdue', 'invitation') THEN NULL \
            ELSE session_id END AS session_id, email_to, subject, body, attempts"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(at + CLAIM_SECONDS)
        .bind(token)
        .bind(at)
        .bind(limit)
        .fetch_all(&db.pool)
        .await
}

/// Marks a claimed email sent (only if this worker still holds the claim).
pub async fn mark_sent(db: &Db, id: i64, token: &str, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notices SET status = 'sent', sent_at = $1, attempts = attempts + 1, \
            claimed_until = 0, last_error = NULL WHERE id = $2 AND claim_token = $3",
    )
    .bind(at)
    .bind(id)
    .bind(token)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// An email that cannot be sent becomes a call: the email notice is withdrawn (keeping why)
/// and the same notice goes on today's call list. Only while this worker holds the claim;
/// false otherwise.
pub async fn email_to_call(
    tx: &mut AnyConnection,
    id: i64,
    token: &str,
    error: &str,
) -> sqlx::Result<bool> {
    let withdrawn = sqlx::query(
        "UPDATE notices SET status = 'withdrawn', claimed_until = 0, attempts = attempts + 1, \
            last_error = $1 WHERE id = $2 AND claim_token = $3 AND status = 'pending'",
    )
    .bind(error.chars().take(500).collect::<String>())
    .bind(id)
    .bind(token)
    .execute(&mut *tx)
    .await?;
    if withdrawn.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO notices (kind, channel, resident_id, session_id, registration_id, \
            supporter_id, dedupe_key, due_on, next_attempt_at, created_at, was_starts_at, \
            was_ends_at, was_venue) \
         SELECT kind, 'phone', resident_id, session_id, registration_id, supporter_id, \
            'call-instead:' || CAST(id AS TEXT), $1, $2, $2, was_starts_at, was_ends_at, \
            was_venue FROM notices WHERE id = $3 \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(today())
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(true)
}

/// The wait before the next try: one minute, doubling, at most an hour.
pub fn backoff(attempts: i64) -> i64 {
    let doubling = attempts.clamp(1, 7) - 1;
    (60 * (1_i64 << doubling)).min(3600)
}

/// Records a failed attempt; the email waits and is tried again later.
pub async fn mark_failed(
    db: &Db,
    id: i64,
    token: &str,
    at: i64,
    attempts: i64,
    error: &str,
) -> sqlx::Result<()> {
    let tried = attempts + 1;
    sqlx::query(
        "UPDATE notices SET attempts = $1, next_attempt_at = $2, claimed_until = 0, last_error = $3 \
         WHERE id = $4 AND claim_token = $5",
    )
    .bind(tried)
    .bind(at + backoff(tried))
    .bind(error.chars().take(500).collect::<String>())
    .bind(id)
    .bind(token)
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CallRow {
    id: i64,
    kind: String,
    due_on: String,
    resident_id: i64,
    name: String,
    kana: String,
    phone: Option<String>,
    phone_alt: Option<String>,
    session_id: i64,
    title: String,
    starts_at: i64,
    ends_at: i64,
    venue_name: String,
    cancel_reason: Option<String>,
    was_starts_at: Option<i64>,
    was_ends_at: Option<i64>,
    was_venue: Option<String>,
    attempts: i64,
    outcome: Option<String>,
    outcome_note: String,
    status: String,
    loan_device: Option<String>,
    loan_due: Option<String>,
}

fn grouped(digits: Option<String>) -> Option<String> {
    digits.map(|d| PhoneNumber::display(&d))
}

/// The call list of a day: calls due that day or before and not yet done, then the calls
/// finished that day. In 五十音 order.
pub async fn calls(
    db: &Db,
    day: &str,
    day_start: i64,
    day_end: i64,
) -> sqlx::Result<Vec<CallEntry>> {
    let sql = format!(
        "{CALLS} WHERE n.channel = 'phone' AND ((n.status = 'pending' AND n.due_on <= $1) \
               OR (n.status = 'done' AND n.outcome_at >= $2 AND n.outcome_at < $3)) \
         ORDER BY CASE n.status WHEN 'pending' THEN 0 ELSE 1 END, r.kana_sort, n.id"
    );
    let rows: Vec<CallRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(day)
        .bind(day_start)
        .bind(day_end)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(CallEntry::from).collect())
}

/// The calls of `kind` about one session, open or done, in 五十音 order.
pub async fn calls_about(
    db: &Db,
    session_id: i64,
    kind: NoticeKind,
) -> sqlx::Result<Vec<CallEntry>> {
    let sql = format!(
        "{CALLS} WHERE n.channel = 'phone' AND n.session_id = $1 AND n.kind = $2 \
            AND n.status IN ('pending', 'done') ORDER BY r.kana_sort, n.id"
    );
    let rows: Vec<CallRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(session_id)
        .bind(kind.code())
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(CallEntry::from).collect())
}

const CALLS: &str = "SELECT n.id, n.kind, n.due_on, r.id AS resident_id, r.name, r.kana, \
        r.phone, r.phone_alt, s.id AS session_id, s.title, s.starts_at, s.ends_at, \
        v.name AS venue_name, s.cancel_reason, n.was_starts_at, n.was_ends_at, n.was_venue, \
        n.attempts, n.outcome, n.outcome_note, n.status, \
        (SELECT MAX(d.label) FROM loans l JOIN loaner_devices d ON d.id = l.device_id \
         WHERE l.registration_id = n.registration_id AND l.due_on IS NOT NULL) AS loan_device, \
        (SELECT MAX(l.due_on) FROM loans l \
         WHERE l.registration_id = n.registration_id AND l.due_on IS NOT NULL) AS loan_due \
    FROM notices n JOIN residents r ON r.id = n.resident_id \
         JOIN sessions s ON s.id = n.session_id JOIN venues v ON v.id = s.venue_id";

/// How many people a notice of `kind` about a session goes to, by channel: those owed one
/// now (`made` false: the live registrations, before the notice is made), or those it was
/// made for (`made` true: the notices not withdrawn).
pub async fn by_channel(
    db: &Db,
    session_id: i64,
    kind: NoticeKind,
    made: bool,
) -> sqlx::Result<super::ByChannel> {
    let channels: Vec<String> = if made {
        sqlx::query_scalar(
            "SELECT channel FROM notices WHERE session_id = $1 AND kind = $2 \
             AND status <> 'withdrawn'",
        )
        .bind(session_id)
        .bind(kind.code())
        .fetch_all(&db.pool)
        .await?
    } else {
        let sql = format!(
            "{TARGETS} WHERE g.session_id = $1 AND g.status IN ('confirmed', 'waitlisted')"
        );
        let targets: Vec<Target> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(session_id).fetch_all(&db.pool).await?;
        let today = crate::domain::today_in_japan();
        targets.iter().filter_map(|t| channel(kind, t, today)).map(String::from).collect()
    };
    let mut counts = super::ByChannel::default();
    for c in channels {
        match c.as_str() {
            "email" => counts.email += 1,
            "letter" => counts.letter += 1,
            _ => counts.phone += 1,
        }
    }
    Ok(counts)
}

impl From<CallRow> for CallEntry {
    fn from(r: CallRow) -> Self {
        CallEntry {
            id: r.id,
            kind: NoticeKind::from_code(&r.kind).unwrap_or(NoticeKind::Reminder),
            due_on: r.due_on,
            resident_id: r.resident_id,
            name: r.name,
            kana: r.kana,
            phones: [grouped(r.phone), grouped(r.phone_alt)].into_iter().flatten().collect(),
            session_id: r.session_id,
            title: r.title,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            venue_name: r.venue_name,
            cancel_reason: r.cancel_reason,
            was: was_of(r.was_starts_at, r.was_ends_at, r.was_venue),
            attempts: r.attempts,
            outcome: r.outcome.as_deref().and_then(CallOutcome::from_code),
            outcome_note: r.outcome_note,
            done: r.status == "done",
            loan_device: r.loan_device,
            loan_due: r.loan_due,
        }
    }
}

/// Records the outcome of a call. "No answer" keeps it on the list; anything else closes
/// it. Returns the notice's registration and kind, or `None` if it is not an open call.
pub async fn record_call(
    tx: &mut AnyConnection,
    id: i64,
    outcome: CallOutcome,
    note: &str,
    staff: i64,
) -> sqlx::Result<Option<(Option<i64>, NoticeKind)>> {
    let status = if outcome == CallOutcome::NoAnswer { "pending" } else { "done" };
    let row: Option<(Option<i64>, String)> = sqlx::query_as(
        "UPDATE notices SET status = $1, outcome = $2, outcome_note = $3, outcome_at = $4, \
            outcome_by = $5, attempts = attempts + 1 \
         WHERE id = $6 AND channel = 'phone' AND status = 'pending' \
         RETURNING registration_id, kind",
    )
    .bind(status)
    .bind(outcome.code())
    .bind(note)
    .bind(now())
    .bind(staff)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(row.map(|(reg, kind)| (reg, NoticeKind::from_code(&kind).unwrap_or(NoticeKind::Reminder))))
}

#[derive(sqlx::FromRow)]
struct LetterRow {
    id: i64,
    kind: String,
    name: String,
    postal_code: String,
    address: String,
    body: String,
    created_at: i64,
    status: String,
}

/// Letters waiting to be printed (or, with `ids`, exactly those).
pub async fn letters(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<LetterEntry>> {
    let rows: Vec<LetterRow> = sqlx::query_as(
        "SELECT n.id, n.kind, r.name, r.postal_code, r.address, n.body, n.created_at, n.status \
         FROM notices n JOIN residents r ON r.id = n.resident_id \
         WHERE n.channel = 'letter' AND n.status = 'pending' ORDER BY n.created_at, n.id LIMIT 500",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|r| ids.is_empty() || ids.contains(&r.id))
        .map(|r| LetterEntry {
            id: r.id,
            kind: NoticeKind::from_code(&r.kind).unwrap_or(NoticeKind::Confirmation),
            name: r.name,
            postal_code: r.postal_code,
            address: r.address,
            body: r.body,
            created_at: r.created_at,
            printed: r.status == "done",
        })
        .collect())
}

/// Marks letters printed and posted.
pub async fn letters_printed(tx: &mut AnyConnection, ids: &[i64], staff: i64) -> sqlx::Result<u64> {
    let mut done = 0;
    for id in ids {
        done += sqlx::query(
            "UPDATE notices SET status = 'done', outcome_at = $1, outcome_by = $2 \
             WHERE id = $3 AND channel = 'letter' AND status = 'pending'",
        )
        .bind(now())
        .bind(staff)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    Ok(done)
}

#[derive(sqlx::FromRow)]
struct OutboxRow {
    id: i64,
    kind: String,
    resident_id: i64,
    name: String,
    email_to: String,
    subject: String,
    status: String,
    attempts: i64,
    next_attempt_at: i64,
    last_error: Option<String>,
    sent_at: Option<i64>,
    created_at: i64,
}

/// The latest emails, unsent first.
pub async fn outbox(db: &Db) -> sqlx::Result<Vec<OutboxEntry>> {
    let rows: Vec<OutboxRow> = sqlx::query_as(
        "SELECT n.id, n.kind, n.resident_id, r.name, n.email_to, n.subject, n.status, n.attempts, \
                n.next_attempt_at, n.last_error, n.sent_at, n.created_at \
         FROM notices n JOIN residents r ON r.id = n.resident_id \
         WHERE n.channel = 'email' \
         ORDER BY CASE n.status WHEN 'pending' THEN 0 ELSE 1 END, n.created_at DESC, n.id DESC \
         LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OutboxEntry {
            id: r.id,
            kind: NoticeKind::from_code(&r.kind).unwrap_or(NoticeKind::Confirmation),
            resident_id: r.resident_id,
            name: r.name,
            email_to: r.email_to,
            subject: r.subject,
            status: r.status,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            last_error: r.last_error,
            sent_at: r.sent_at,
            created_at: r.created_at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_an_hour() {
        assert_eq!(backoff(1), 60);
        assert_eq!(backoff(2), 120);
        assert_eq!(backoff(3), 240);
        assert_eq!(backoff(7), 3600);
        assert_eq!(backoff(50), 3600);
    }

    fn target(pref: &str, email: &str, phone: Option<&str>, address: &str) -> Target {
        Target {
            resident_id: 1,
            session_id: 1,
            contact_pref: pref.into(),
            email: email.into(),
            phone: phone.map(Into::into),
            phone_alt: None,
            address: address.into(),
            local_date: "2025-06-12".into(),
        }
    }

    #[test]
    fn notices_go_by_a_channel_the_resident_can_use() {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default();
        let by_email = target("email", "a@example.jp", Some("0425632111"), "");
        assert_eq!(channel(NoticeKind::Confirmation, &by_email, day), Some("email"));
        assert_eq!(channel(NoticeKind::Reminder, &by_email, day), Some("email"));
        let by_phone = target("phone", "", Some("0425632111"), "");
        assert_eq!(channel(NoticeKind::Confirmation, &by_phone, day), None);
        assert_eq!(channel(NoticeKind::Reminder, &by_phone, day), Some("phone"));
        let by_letter = target("letter", "", Some("0425632111"), "東大和市中央3-930");
        assert_eq!(channel(NoticeKind::Confirmation, &by_letter, day), Some("letter"));
        assert_eq!(channel(NoticeKind::SessionCancelled, &by_letter, day), Some("phone"));
        let no_phone = target("letter", "", None, "東大和市中央3-930");
        assert_eq!(channel(NoticeKind::Promotion, &no_phone, day), Some("letter"));
        let email_pref_without_address = target("email", "", Some("0425632111"), "");
        assert_eq!(channel(NoticeKind::Reminder, &email_pref_without_address, day), Some("phone"));
    }

    #[test]
    fn a_change_goes_by_letter_only_when_the_post_arrives_in_time() {
        // The session is on 2025-06-12: seven days before is the last day for a letter.
        let by_letter = target("letter", "", Some("0425632111"), "東大和市中央3-930");
        let in_time = chrono::NaiveDate::from_ymd_opt(2025, 6, 5).unwrap_or_default();
        let late = chrono::NaiveDate::from_ymd_opt(2025, 6, 6).unwrap_or_default();
        assert_eq!(channel(NoticeKind::SessionChanged, &by_letter, in_time), Some("letter"));
        assert_eq!(channel(NoticeKind::SessionChanged, &by_letter, late), Some("phone"));
        let by_email = target("email", "a@example.jp", Some("0425632111"), "");
        assert_eq!(channel(NoticeKind::SessionChanged, &by_email, late), Some("email"));
        let by_phone = target("phone", "", Some("0425632111"), "東大和市中央3-930");
        assert_eq!(channel(NoticeKind::SessionChanged, &by_phone, in_time), Some("phone"));
    }
}
