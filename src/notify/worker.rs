//! The background worker: makes reminders when they fall due and sends queued email. Runs
//! in every server instance; claims in the database keep two instances from sending the
//! same email, and a failed send waits and is tried again; an email that cannot be sent
//! (an address the mail server refuses for good, or a day of failures) goes on the call
//! list instead, so the resident still hears from us.

use super::mailer::{Mail, Mailer};
use super::store;
use crate::db::{now, Db};
use std::time::Duration;

/// After this many failed tries (about a day, the waits growing to an hour) an email
/// becomes a call.
pub const MAX_EMAIL_ATTEMPTS: i64 = 30;

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub reminders: usize,
    pub supporter_reminders: usize,
    /// Notices of phones lent home: due tomorrow, or overdue.
    pub loan_notices: usize,
    /// Seat requests not confirmed in time (or whose session closed), their places freed.
    pub lapsed_requests: usize,
    pub sent: usize,
    pub failed: usize,
}

/// One pass at time `at`: reminders due (residents' and supporters'), seat requests due
/// to lapse, then up to 50 emails.
pub async fn run_once(db: &Db, mailer: Option<&Mailer>, at: i64) -> anyhow::Result<Pass> {
    let mut pass = Pass {
        reminders: super::ops::queue_reminders(db, at).await?,
        supporter_reminders: crate::supporters::store::queue_reminders(db, at).await?,
        loan_notices: super::ops::queue_loan_notices(db, crate::domain::day_in_japan(at)).await?,
        lapsed_requests: super::ops::lapse_seat_requests(db, at).await?,
        ..Pass::default()
    };
    let Some(mailer) = mailer else {
        // Not configured: the mail stays in the outbox, shown as not sent.
        return Ok(pass);
    };
    let token = crate::auth::signin::new_token();
    // The sender the city's settings give, read once a pass.
    let city = {
        let mut conn = db.pool.acquire().await?;
        crate::city::store::read(&mut conn).await?
    };
    let from = (!city.mail_from.is_empty()).then_some(city.mail_from.as_str());
    for mail in store::claim(db, at, &token, 50).await? {
        let ics = match mail.session_id {
            Some(session) => crate::sessions::ical::session_calendar(db, session).await?,
            None => None,
        };
        let result = mailer
            .send(Mail {
                message_id: format!("<notice-{}@yorisoi.higashiyamato>", mail.id),
                to: &mail.email_to,
                subject: &mail.subject,
                body: &mail.body,
                ics,
                from,
            })
            .await;
        match result {
            Ok(()) => {
                store::mark_sent(db, mail.id, &token, now()).await?;
                pass.sent += 1;
            }
            Err(e) => {
                // `SendError` never holds the address or the server's reply text.
                if e.is_permanent() || mail.attempts + 1 >= MAX_EMAIL_ATTEMPTS {
                    tracing::warn!(notice = mail.id, error = %e, "email not sent; moved to the call list");
                    super::ops::email_to_call(db, mail.id, &token, &e.to_string()).await?;
                } else {
                    tracing::warn!(notice = mail.id, error = %e, "email not sent; will retry");
                    store::mark_failed(db, mail.id, &token, now(), mail.attempts, &e.to_string())
                        .await?;
                }
                pass.failed += 1;
            }
        }
    }
    Ok(pass)
}

/// Runs passes every `every` until the process ends.
pub fn spawn(db: Db, mailer: Option<Mailer>, every: Duration) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = run_once(&db, mailer.as_ref(), now()).await {
                tracing::error!(error = %format!("{e:#}"), "notice worker pass failed");
            }
            tokio::time::sleep(every).await;
        }
    });
}
