//! Gathers one role's today page at an instant: the day is the Japan-time day of `now`, so
//! a page gathered at 23:59 and one at 00:00 in Japan are two different days. Reads only
//! (counts, sessions, helpers' names); the demand warnings count booked people by phone and
//! needs, and the server functions audit that read by session.

use super::store::SessionDemand;
use super::{DaySession, DeskDay, FiguresDay, HelperDay, PartnerDay, TodayData};
use crate::auth::{CurrentUser, Role};
use crate::db::Db;
use crate::domain::{day_in_japan, FiscalYear};
use crate::reach::Period;
use chrono::{Datelike, Duration, NaiveDate};

/// How far ahead a coordinator's page looks.
pub const PARTNER_DAYS: i64 = 28;

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A session with the helpers its participants want and, where `warn`, its demand
/// warnings. Only sessions still to come have something to prepare.
fn planned(s: SessionDemand, per_supporter: i64, warn: bool) -> DaySession {
    let mut session = s.session;
    session.helpers_wanted = super::rules::helpers_wanted(s.demand.booked, per_supporter);
    if warn && s.scheduled {
        session.warnings = super::rules::warnings(&s.demand, per_supporter);
    }
    session
}

/// The sessions of a day's list: warnings for every session (staff, admins: they may edit
/// all), or for `partner`'s own (a co-host's coordinator may not edit the session).
async fn sessions(
    db: &Db,
    from: &str,
    to: &str,
    partner: Option<i64>,
) -> sqlx::Result<Vec<DaySession>> {
    let (_, per_supporter) = crate::supporters::store::settings(db).await?;
    Ok(super::store::sessions_on(db, from, to, partner)
        .await?
        .into_iter()
        .map(|s| {
            let warn = partner.is_none_or(|p| p == s.host_partner_id);
            planned(s, per_supporter, warn)
        })
        .collect())
}

/// One session's demand warnings (for whoever may edit it); `None` when it does not exist
/// or is cancelled.
pub async fn session_warnings(
    db: &Db,
    session_id: i64,
) -> sqlx::Result<Option<Vec<super::Warning>>> {
    let (_, per_supporter) = crate::supporters::store::settings(db).await?;
    let helpers = crate::assignments::store::helpers(db, session_id).await?;
    let names = helpers.into_iter().map(|h| h.display_name).collect();
    Ok(super::store::session(db, session_id, names)
        .await?
        .map(|s| planned(s, per_supporter, true).warnings))
}

/// The caller's today page at `now` (Unix seconds). `smtp_configured` says whether email
/// can be sent at all.
pub async fn today(
    db: &Db,
    user: &CurrentUser,
    smtp_configured: bool,
    now: i64,
) -> sqlx::Result<TodayData> {
    let day = day_in_japan(now);
    let mut data = TodayData {
        today: ymd(day),
        now,
        desk: None,
        admin: None,
        partner: None,
        helper: None,
        figures: None,
    };
    match user.role {
        Role::Admin | Role::Staff => {
            data.desk = Some(desk(db, day, smtp_configured).await?);
            if user.role == Role::Admin {
                data.admin = Some(super::store::admin(db, now).await?);
            }
        }
        Role::Coordinator => {
            if let (Some(partner), Some(partner_name)) = (user.partner_id, &user.partner_name) {
                data.partner = Some(partner_day(db, partner, partner_name, day).await?);
            }
        }
        Role::Volunteer => data.helper = Some(helper(db, user.id, day, now).await?),
        Role::Reviewer => data.figures = Some(figures(db, day, now).await?),
    }
    Ok(data)
}

async fn desk(db: &Db, day: NaiveDate, smtp_configured: bool) -> sqlx::Result<DeskDay> {
    let today = ymd(day);
    let tomorrow = ymd(day + Duration::days(1));
    let (calls, (follow_ups_today, follow_ups_overdue), letters, (email_waiting, email_failed)) = futures::try_join!(
        super::store::call_counts(db, &today),
        super::store::follow_ups(db, &today),
        super::store::letters_waiting(db),
        super::store::emails_waiting(db),
    )?;
    let (sessions, walkins, supporter_reminders) = futures::try_join!(
        sessions(db, &today, &tomorrow, None),
        super::store::walkins(db),
        super::store::supporter_reminders(db, &today),
    )?;
    Ok(DeskDay {
        calls,
        follow_ups_today,
        follow_ups_overdue,
        letters,
        email_waiting,
        email_failed,
        smtp_configured,
        sessions,
        walkins,
        supporter_reminders,
    })
}

async fn partner_day(
    db: &Db,
    partner: i64,
    partner_name: &str,
    day: NaiveDate,
) -> sqlx::Result<PartnerDay> {
    let last = day + Duration::days(PARTNER_DAYS - 1);
    let sessions = sessions(db, &ymd(day), &ymd(last), Some(partner)).await?;
    Ok(PartnerDay { partner_name: partner_name.to_string(), sessions })
}

async fn helper(db: &Db, user_id: i64, day: NaiveDate, now: i64) -> sqlx::Result<HelperDay> {
    let (today, until) =
        (ymd(day), ymd(day + Duration::days(crate::supporters::store::EXPIRY_NOTICE_DAYS)));
    let (next, loans_out, supporter) = futures::try_join!(
        super::store::next_session(db, user_id, now),
        super::store::loans_out(db, user_id),
        super::store::supporter_step(db, user_id, &today, &until),
    )?;
    Ok(HelperDay { next, loans_out, supporter })
}

async fn figures(db: &Db, day: NaiveDate, now: i64) -> sqlx::Result<FiguresDay> {
    let fy = FiscalYear::of(day);
    let to_month = Period::fiscal_month(day.month());
    let period = Period::new(fy.start_year(), Some(1), Some(to_month));
    let (this, last, base) = futures::try_join!(
        crate::reach::store::headline(db, period, now),
        crate::reach::store::headline(db, period.previous(), now),
        crate::reach::store::satisfaction_levels(db, crate::reach::store::KPI_BASE_YEAR),
    )?;
    let answers: i64 = base.iter().sum();
    let base_share = (answers > 0).then(|| (base[3] + base[4]) as f64 / answers as f64);
    Ok(FiguresDay {
        fiscal_year: fy.start_year(),
        to_month,
        people: [this.people, last.people],
        attendances: [this.attendances, last.attendances],
        sessions_held: [this.sessions_held, last.sessions_held],
        satisfied_share: [this.satisfied_share(), last.satisfied_share()],
        target_share: base_share.map(|b| (b * KPI_TARGET_FACTOR).min(1.0)),
    })
}

/// The plan's satisfaction target: this many times the FY2023 share.
pub const KPI_TARGET_FACTOR: f64 = 1.5;
