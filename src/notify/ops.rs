//! Changes of notices: recording how a call went (a resident who cancels on the phone
//! gives up their place), marking letters printed, and making the reminders that fall due.
//! Each opens its transaction and writes its audit entries in it.

use super::{store, CallOutcome, NoticeKind};
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use chrono::NaiveDate;

/// Records the outcome of call `id`. When the resident cancels on the phone their place is
/// given up and the waitlist moves up. False when it is not an open call.
pub async fn record_call(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    outcome: CallOutcome,
    note: &str,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let recorded = store::record_call(&mut tx, id, outcome, note, user.id).await?;
    if let Some((registration, kind)) = recorded {
        if let (CallOutcome::ResidentCancelled, Some(reg)) = (outcome, registration) {
            if kind != NoticeKind::SessionCancelled && kind.about_booking() {
                crate::registrations::ops::cancel_and_refill(
                    &mut tx,
                    reg,
                    user.id,
                    "本人から電話で取り消し",
                )
                .await?;
            }
        }
        log(&mut *tx, user, Action::Update, "notice", id, Some(outcome.code())).await?;
    }
    tx.commit().await?;
    Ok(recorded.is_some())
}

/// Marks the letters `ids` printed and posted. Returns how many were still waiting.
pub async fn letters_printed(db: &Db, user: &CurrentUser, ids: &[i64]) -> Result<u64, AppError> {
    let mut tx = db.begin().await?;
    let done = store::letters_printed(&mut tx, ids, user.id).await?;
    for id in ids {
        log(&mut *tx, user, Action::Update, "notice", id, Some("printed")).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Makes reminders for confirmed places on sessions within the next two days (Japan time),
/// once per registration (see [`store::due_reminders`]), each in its own transaction.
/// Returns how many were made.
pub async fn queue_reminders(db: &Db, at: i64) -> Result<usize, AppError> {
    let mut made = 0;
    for id in store::due_reminders(db, at).await? {
        let mut tx = db.begin().await?;
        if store::enqueue(&mut tx, NoticeKind::Reminder, id).await?.is_some() {
            made += 1;
        }
        tx.commit().await?;
    }
    Ok(made)
}

/// Puts an email that cannot be sent on the call list instead (see
/// [`store::email_to_call`]); audited as a change of the notice by no one (the worker).
pub async fn email_to_call(db: &Db, id: i64, token: &str, error: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    if store::email_to_call(&mut tx, id, token, error).await? {
        let detail = Some("email not deliverable: moved to the call list");
        crate::audit::store::record(
            &mut *tx,
            None,
            Action::Update,
            "notice",
            &id.to_string(),
            detail,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Makes the notices of phones lent home, as of `today` in Japan: a reminder by the
/// person's channel the day before the due date, and a call for staff once overdue; each
/// once per loan, each in its own transaction. Returns how many were made.
pub async fn queue_loan_notices(db: &Db, today: NaiveDate) -> Result<usize, AppError> {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let tomorrow = today.succ_opt().unwrap_or(today);
    let (due, overdue) =
        crate::loaners::store::loans_to_tell(db, &day(today), &day(tomorrow)).await?;
    let mut made = 0;
    let all = due
        .into_iter()
        .map(|l| (NoticeKind::LoanDue, l))
        .chain(overdue.into_iter().map(|l| (NoticeKind::LoanOverdue, l)));
    for (kind, (loan, registration)) in all {
        let mut tx = db.begin().await?;
        if kind == NoticeKind::LoanOverdue {
            // The call says it is overdue: a "due tomorrow" not given yet is not said too.
            store::withdraw_loan_due(&mut tx, registration).await?;
        }
        if store::enqueue_loan(&mut tx, kind, loan, registration).await?.is_some() {
            made += 1;
        }
        tx.commit().await?;
    }
    Ok(made)
}

/// Lapses the seat requests staff did not confirm in time (or whose session closed): their
/// places are freed and whoever waits moves up, owed a notice. Returns how many lapsed.
pub async fn lapse_seat_requests(db: &Db, at: i64) -> Result<usize, AppError> {
    crate::seat_requests::ops::lapse_due(db, at).await
}
