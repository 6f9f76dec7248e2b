//! Changes of supporters' records: each opens its transaction, writes the change and its
//! audit entry, then commits. Reads of supporters are audited through [`audit_read`].

use super::store::{self, Certificate, SupporterInput};
use super::{Credential, Stage};
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use chrono::NaiveDate;
use sqlx::AnyConnection;
use sqlx::{Any, Transaction};

/// Audits a change to supporter `id` in the change's own transaction.
async fn audit(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    action: Action,
    id: i64,
    detail: &str,
) -> sqlx::Result<()> {
    log(conn, user, action, "supporter", id, Some(detail)).await
}

/// Audits a read of supporters: one (`what` is their id) or a list (board, register,
/// matching, reminders). A read changes nothing, so it is written straight to the log.
pub async fn audit_read(
    db: &Db,
    user: &CurrentUser,
    what: &str,
    detail: Option<&str>,
) -> Result<(), AppError> {
    log(&db.pool, user, Action::Read, "supporter", what, detail).await?;
    Ok(())
}

/// Records someone interested in the programme; progress counts from `today`. Returns the
/// new supporter's id.
pub async fn create(
    db: &Db,
    user: &CurrentUser,
    input: &SupporterInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let id = store::insert(&mut tx, input, today).await?;
    audit(&mut tx, user, Action::Create, id, "interested").await?;
    tx.commit().await?;
    Ok(id)
}

/// A trainee ticks unit `unit_id` as done on their own record (the supporter record linked
/// to their account, in training), for staff to confirm. False when there is nothing to
/// tick: no record, not in training, the unit done or ticked already.
pub async fn claim_unit(db: &Db, user: &CurrentUser, unit_id: i64) -> Result<bool, AppError> {
    let Some(id) = store::of_user(db, user.id).await? else { return Ok(false) };
    let Some(supporter) = store::get(db, id).await? else { return Ok(false) };
    if supporter.stage != Stage::Enrolled || supporter.erased_at.is_some() {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    let made = store::claim_unit(&mut tx, id, unit_id, crate::domain::today_in_japan()).await?;
    if made {
        audit(&mut tx, user, Action::Update, id, &format!("unit {unit_id} ticked by the trainee"))
            .await?;
    }
    tx.commit().await?;
    Ok(made)
}

/// Where someone's interest in becoming a supporter was noted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameFrom {
    /// On the intake screen, on the phone with staff.
    Intake,
    /// At a paper-support request.
    SupportRequest,
}

impl CameFrom {
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "intake" => Some(CameFrom::Intake),
            "support_request" => Some(CameFrom::SupportRequest),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            CameFrom::Intake => "intake",
            CameFrom::SupportRequest => "support_request",
        }
    }
}

/// Notes that a resident would like to become a supporter and agreed to be contacted:
/// an "interested" record made from theirs, for staff to call. `None` when they have a
/// supporter record already (one per person).
pub async fn mark_interested(
    db: &Db,
    user: &CurrentUser,
    resident_id: i64,
    from: CameFrom,
) -> Result<Option<i64>, AppError> {
    let mut tx = db.begin().await?;
    let made = store::add_interested(&mut tx, resident_id, from.code(), crate::db::now()).await?;
    if let Some(id) = made {
        let detail = format!("interested, from the {} of resident {resident_id}", from.code());
        audit(&mut tx, user, Action::Create, id, &detail).await?;
    }
    tx.commit().await?;
    Ok(made)
}

/// Saves a supporter's details (not their stage or progress).
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    input: &SupporterInput,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    store::update(&mut tx, id, input).await?;
    audit(&mut tx, user, Action::Update, id, "details").await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a supporter from `from` (the stage the step was checked against) to `to`, with
/// the certificate if given. False, and nothing changes, when they have left `from`
/// meanwhile.
pub async fn set_stage(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    from: Stage,
    to: Stage,
    certificate: Option<&Certificate>,
    today: NaiveDate,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    if !store::set_stage(&mut tx, id, Some(from), to, certificate, today).await? {
        return Ok(false);
    }
    let detail = format!("stage {} -> {}", from.code(), to.code());
    audit(&mut tx, user, Action::Update, id, &detail).await?;
    tx.commit().await?;
    Ok(true)
}

/// Makes the supporter's completed course units exactly `done`, new ones dated `on`.
/// Returns how many were added.
pub async fn set_units(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    done: &[i64],
    on: NaiveDate,
) -> Result<u64, AppError> {
    let mut tx = db.begin().await?;
    let added = store::set_units(&mut tx, id, done, on, user.id).await?;
    let detail = format!("units {} (+{added})", done.len());
    audit(&mut tx, user, Action::Update, id, &detail).await?;
    tx.commit().await?;
    Ok(added)
}

/// Adds a credential (a local training or the デジタル推進委員 badge) to a supporter.
/// Returns the credential's id.
pub async fn add_credential(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    credential: &Credential,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let credential_id = store::add_credential(&mut tx, id, credential, user.id).await?;
    let detail = format!("credential {credential_id} {}", credential.kind.code());
    audit(&mut tx, user, Action::Update, id, &detail).await?;
    tx.commit().await?;
    Ok(credential_id)
}

/// Saves the programme's numbers: days without progress before a reminder, and
/// participants per supporter.
pub async fn save_settings(
    db: &Db,
    user: &CurrentUser,
    stall_days: i64,
    per_supporter: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    store::save_settings(&mut tx, stall_days, per_supporter).await?;
    let detail = format!("stall_days {stall_days}, participants_per_supporter {per_supporter}");
    log(&mut *tx, user, Action::Update, "programme_settings", "supporters", Some(&detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks a supporter reminder call made. False when it is not a pending supporter call.
pub async fn reminder_called(db: &Db, user: &CurrentUser, id: i64) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    if !store::reminder_called(&mut tx, id, user.id).await? {
        return Ok(false);
    }
    log(&mut *tx, user, Action::Update, "notice", id, Some("supporter reminder called")).await?;
    tx.commit().await?;
    Ok(true)
}

/// Assigns supporter `supporter` to a session as an assistant through their volunteer
/// account `account`; audited on the supporter's record.
pub async fn assign_to_session(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    supporter: i64,
    account: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    crate::assignments::store::assign(
        &mut tx,
        session_id,
        account,
        crate::assignments::AssignmentRole::Assistant,
        false,
        user.id,
    )
    .await?;
    let detail = format!("assigned to session {session_id}");
    audit(&mut tx, user, Action::Update, supporter, &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Erases a supporter's personal data with their notices, inside the caller's
/// transaction: the one way a supporter is erased, at their request or by the retention
/// rule (which audit it themselves). False when erased already.
pub async fn erase_within(tx: &mut Transaction<'_, Any>, id: i64) -> sqlx::Result<bool> {
    let erased = store::erase(tx, id).await?;
    if erased {
        crate::notify::store::wipe_for(tx, crate::notify::store::Owner::Supporter(id)).await?;
    }
    Ok(erased)
}

/// Erases a supporter's personal data at their request (see [`store::erase`]), audited.
/// False when it was erased already.
pub async fn erase(db: &Db, user: &CurrentUser, id: i64) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let erased = erase_within(&mut tx, id).await?;
    if erased {
        let detail = Some("erased at the person's request");
        log(&mut *tx, user, Action::Update, "supporter", id, detail).await?;
    }
    tx.commit().await?;
    Ok(erased)
}
