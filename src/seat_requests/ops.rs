//! Changes of seat requests, each in one transaction with its audit entry: a request from
//! the public form (rate limits, the cap per phone number, the place held), the staff's
//! confirm / could-not-reach / decline, the requester's own cancel, and lapsing. Freeing
//! a held seat moves the waitlist up through `registrations::ops::refill`.

use super::store::{self, Closed, Hold, NewRequest};
use super::{FilledBy, RequestStatus};
use crate::audit::store::{log, record, Action};
use crate::auth::CurrentUser;
use crate::db::{now, Db};
use crate::error::AppError;
use crate::registrations::store::{Place, Written};
use crate::residents::input::ResidentInput;
use crate::residents::Smartphone;
use sqlx::{Any, Transaction};

/// The limits on the public forms (see docs/SECURITY.md).
pub mod limits {
    /// Requests sent from one address (an IPv6 /64) in an hour.
    pub const PER_ADDRESS_PER_HOUR: i64 = 10;
    /// Requests made with one phone number in a day.
    pub const PER_PHONE_PER_DAY: i64 = 5;
    /// Pending requests one phone number may have at once.
    pub const OPEN_PER_PHONE: i64 = 3;
    /// Lookups (reference and digits) from one address in 15 minutes.
    pub const LOOKUPS_PER_ADDRESS: i64 = 10;
    /// Lookups of one reference in an hour; then even the right digits wait.
    pub const LOOKUPS_PER_REFERENCE: i64 = 6;
    /// How long the requester's view of their request lasts after the lookup, in seconds.
    pub const ACCESS_SECONDS: i64 = 30 * 60;
    /// Requests, and lookups, one integration (a token of the open API) may send in an
    /// hour: it speaks for many residents.
    pub const PER_INTEGRATION_PER_HOUR: i64 = 600;
}

/// Who sends a request or a lookup, for the limits.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// A browser, by its address.
    Address(&'a str),
    /// A program using the open API, by its token's id.
    Integration(i64),
}

impl Source<'_> {
    fn who(&self) -> String {
        match self {
            Source::Address(address) => address.to_string(),
            Source::Integration(id) => format!("integration {id}"),
        }
    }

    /// Requests this source may send in an hour.
    fn requests_per_hour(&self) -> i64 {
        match self {
            Source::Address(_) => limits::PER_ADDRESS_PER_HOUR,
            Source::Integration(_) => limits::PER_INTEGRATION_PER_HOUR,
        }
    }

    /// Lookups this source may make: in 15 minutes from an address, in an hour from an
    /// integration; and that window in seconds.
    fn lookups(&self) -> (i64, i64) {
        match self {
            Source::Address(_) => (limits::LOOKUPS_PER_ADDRESS, 15 * 60),
            Source::Integration(_) => (limits::PER_INTEGRATION_PER_HOUR, 3600),
        }
    }

    /// The form key as stored: a browser's keys are the server's own random tokens; an
    /// integration chooses its own, so they are kept apart per integration.
    fn key(&self, key: &str) -> String {
        match self {
            Source::Address(_) => format!("web:{key}"),
            Source::Integration(id) => format!("integration {id}:{key}"),
        }
    }

    /// What the audit entry of a request says about where it came from.
    fn detail(&self) -> String {
        match self {
            Source::Address(_) => String::new(),
            Source::Integration(id) => format!(" via integration {id}"),
        }
    }
}

/// The setting of how many days a request waits for staff before it lapses.
pub const LAPSE_SETTING: &str = "seat_request_lapse_days";
pub const DEFAULT_LAPSE_DAYS: i64 = 3;

/// What a request from the public form did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requested {
    /// A place is held: the reference, and the token that lets the sender see it.
    Held { id: i64, reference: String, token: String },
    /// The session takes no requests (cancelled or begun).
    Closed,
    /// A limit was reached (which one is not said: it would tell a stranger about a number).
    Limited,
}

/// A bucket of attempts: what, and from whom as a hash keyed with the server's own secret
/// (a phone number or an address cannot be found from it by trying them all). An IPv6
/// address counts by its /64, which one household or phone holds.
fn bucket(salt: &str, what: &str, who: &str) -> String {
    let who = match who.parse::<std::net::Ipv6Addr>() {
        Ok(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Err(_) => who.to_string(),
    };
    format!("{what}:{}", crate::web::secret::hash_token(&format!("{salt}:{what}:{who}")))
}

/// The key of the limits' hashes, made on first use.
async fn salt(conn: &mut sqlx::AnyConnection) -> sqlx::Result<String> {
    store::secret(conn, "public_limits", &crate::web::secret::new_token()).await
}

/// Eight random digits.
fn new_reference() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    format!("{}{:07}", rng.gen_range(1..=9), rng.gen_range(0..10_000_000))
}

/// The lapse setting: days a pending request waits for staff.
pub async fn lapse_days(db: &Db) -> Result<i64, AppError> {
    let mut conn = db.pool.acquire().await?;
    let rows = crate::db::settings::read(&mut conn, LAPSE_SETTING).await?;
    Ok(crate::db::settings::value(&rows, LAPSE_SETTING, DEFAULT_LAPSE_DAYS))
}

/// Saves the lapse setting (admins; audited).
pub async fn set_lapse_days(db: &Db, user: &CurrentUser, days: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    crate::db::settings::save(&mut tx, [(LAPSE_SETTING.to_string(), days)]).await?;
    let detail = format!("{LAPSE_SETTING} = {days}");
    log(&mut *tx, user, Action::Update, "setting", LAPSE_SETTING, Some(&detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// A request from the public form (or the open API) with its random `key`, sent from
/// `source`: counted
/// against the limits, then a seat held if one is free, else a waitlist number, as pending
/// until staff confirm it. The same form sent again (the same key) is the same request.
pub async fn request(
    db: &Db,
    input: &NewRequest,
    key: &str,
    source: Source<'_>,
) -> Result<Requested, AppError> {
    let at = now();
    let days = lapse_days(db).await?;
    let mut tx = db.begin().await?;
    // Counting writes first; a refused attempt still counts.
    let salt = salt(&mut tx).await?;
    let phone = input.phone.digits();
    let from_address =
        store::count_attempt(&mut tx, &bucket(&salt, "request-address", &source.who()), at, 3600)
            .await?;
    let from_phone =
        store::count_attempt(&mut tx, &bucket(&salt, "request-phone", phone), at, 24 * 3600)
            .await?;
    let key = &source.key(key);
    if let Some((id, reference)) = store::by_form_key(&mut tx, key).await? {
        return replay(tx, id, reference, at).await;
    }
    let limited = from_address > source.requests_per_hour()
        || from_phone > limits::PER_PHONE_PER_DAY
        || store::open_for_phone(&mut tx, phone).await? >= limits::OPEN_PER_PHONE;
    if limited {
        tx.commit().await?;
        return Ok(Requested::Limited);
    }
    // The first write: a seat as a booking takes one, else a waitlist number.
    let hold = if crate::registrations::store::take_seat(&mut tx, input.session_id, at).await? {
        Some(Hold::Seat)
    } else {
        store::waitlist_number(&mut tx, input.session_id, at).await?.map(Hold::Waitlist)
    };
    let Some(hold) = hold else {
        tx.commit().await?;
        return Ok(Requested::Closed);
    };
    let lapses_at = at + days.max(1) * 24 * 3600;
    let (id, reference) = loop {
        let reference = new_reference();
        if let Some(id) =
            store::insert(&mut tx, input, key, &reference, hold, at, lapses_at).await?
        {
            break (id, reference);
        }
        // The key taken by the same form sent at the same moment (committed by now): that
        // request, without the place this one held. Otherwise the reference was taken.
        if store::by_form_key(&mut tx, key).await?.is_some() {
            tx.rollback().await?;
            let mut tx = db.begin().await?;
            let (id, reference) =
                store::by_form_key(&mut tx, key).await?.ok_or(AppError::Internal)?;
            return replay(tx, id, reference, at).await;
        }
    };
    let token = crate::web::secret::new_token();
    let until = at + limits::ACCESS_SECONDS;
    store::grant_access(&mut tx, id, &crate::web::secret::hash_token(&token), until).await?;
    let detail = format!("session {}{}", input.session_id, source.detail());
    record(&mut *tx, None, Action::Create, "seat_request", &id.to_string(), Some(&detail)).await?;
    tx.commit().await?;
    Ok(Requested::Held { id, reference, token })
}

/// The form sent again: the request it made, seen again by the same browser.
async fn replay(
    mut tx: Transaction<'_, Any>,
    id: i64,
    reference: String,
    at: i64,
) -> Result<Requested, AppError> {
    let token = crate::web::secret::new_token();
    let until = at + limits::ACCESS_SECONDS;
    store::grant_access(&mut tx, id, &crate::web::secret::hash_token(&token), until).await?;
    tx.commit().await?;
    Ok(Requested::Held { id, reference, token })
}

/// What a lookup by reference and digits found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The right pair: a token for the requester's view of it.
    Found(String),
    /// No request with this reference and digits (the same answer for either wrong).
    Wrong,
    /// Too many wrong tries from this address or for this reference.
    Limited,
}

/// What checking a reference and digits found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// The right pair: the request.
    Found(i64),
    /// No request with this reference and digits (the same answer for either wrong).
    Wrong,
    /// Too many tries from this source or for this reference.
    Limited,
}

/// Checks a reference and the last four digits of the phone given. Every try is counted,
/// per source and per reference, before anything is looked at (one upsert each), so
/// simultaneous tries cannot slip past the limits; a wrong one reveals nothing.
pub async fn check(
    db: &Db,
    reference: &str,
    digits: &str,
    source: Source<'_>,
) -> Result<Checked, AppError> {
    let at = now();
    let mut tx = db.begin().await?;
    let salt = salt(&mut tx).await?;
    let (per_source, window) = source.lookups();
    let here =
        store::count_attempt(&mut tx, &bucket(&salt, "lookup-address", &source.who()), at, window)
            .await?;
    // A reference's tries are counted across browsers; an integration's apart (a program
    // asking after its residents' requests must not lock them out of their own lookup).
    let per_reference = match source {
        Source::Address(_) => reference.to_string(),
        Source::Integration(_) => format!("{reference} {}", source.who()),
    };
    let this =
        store::count_attempt(&mut tx, &bucket(&salt, "lookup-reference", &per_reference), at, 3600)
            .await?;
    let checked = if here > per_source || this > limits::LOOKUPS_PER_REFERENCE {
        Checked::Limited
    } else {
        match store::by_reference(&mut tx, reference).await? {
            Some((id, last4)) if !last4.is_empty() && last4 == digits => Checked::Found(id),
            _ => Checked::Wrong,
        }
    };
    if let Checked::Found(id) = checked {
        let detail = format!("by the requester{}", source.detail());
        record(&mut *tx, None, Action::Read, "seat_request", &id.to_string(), Some(&detail))
            .await?;
    }
    tx.commit().await?;
    Ok(checked)
}

/// The requester's lookup from the public page: on the right pair, a token for their view
/// of the request (the page's cookie).
pub async fn lookup(
    db: &Db,
    reference: &str,
    digits: &str,
    address: &str,
) -> Result<Lookup, AppError> {
    Ok(match check(db, reference, digits, Source::Address(address)).await? {
        Checked::Found(id) => {
            let token = crate::web::secret::new_token();
            let hash = crate::web::secret::hash_token(&token);
            let mut conn = db.pool.acquire().await?;
            store::grant_access(&mut conn, id, &hash, now() + limits::ACCESS_SECONDS).await?;
            Lookup::Found(token)
        }
        Checked::Wrong => Lookup::Wrong,
        Checked::Limited => Lookup::Limited,
    })
}

/// Frees what a closed request held: a seat goes back and the waitlist moves up.
async fn free(tx: &mut Transaction<'_, Any>, closed: Closed) -> sqlx::Result<()> {
    if closed.holds_seat {
        store::release_seat(tx, closed.session_id).await?;
        crate::registrations::ops::refill(tx, closed.session_id).await?;
    }
    Ok(())
}

/// Who a confirmed request books.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Person {
    /// A resident already on record (found by the duplicate check).
    Existing(i64),
    /// A new record from the request, with what staff asked on the phone.
    New(Smartphone),
}

/// What confirming did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// The booking the request became (or became before, for a repeated post).
    Booked(i64),
    /// The request is not pending (confirmed, declined, lapsed or cancelled meanwhile).
    NotPending,
    /// The resident already holds a place on this session.
    AlreadyRegistered(i64),
    /// The resident chosen is not a live record.
    NoResident,
    /// The session was cancelled or has begun (the request lapses at the worker's next pass).
    SessionClosed,
}

/// "Confirmed by phone": the request becomes a normal booking in the place it held, for
/// the resident chosen or a new record made from it; its contact details are then cleared
/// from the request. `key` makes a repeated post give the same booking back.
pub async fn confirm(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    person: Person,
    key: &str,
) -> Result<Confirmed, AppError> {
    if let Some(registration) = crate::registrations::store::with_key(db, key).await? {
        return Ok(Confirmed::Booked(registration));
    }
    let at = now();
    let mut tx = db.begin().await?;
    if !store::hold_pending(&mut tx, id).await? {
        tx.rollback().await?;
        // The same post at the same moment may have made the booking meanwhile.
        return Ok(match crate::registrations::store::with_key(db, key).await? {
            Some(registration) => Confirmed::Booked(registration),
            None => Confirmed::NotPending,
        });
    }
    let (line, email, needs, _) = store::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !store::session_open(&mut tx, line.session_id, at).await? {
        tx.rollback().await?;
        return Ok(Confirmed::SessionClosed);
    }
    let resident_id = match person {
        Person::Existing(resident) => resident,
        Person::New(smartphone) => {
            let (phone, kana) = store::contact(&mut tx, id).await?.ok_or(AppError::NotFound)?;
            let input = ResidentInput {
                name: line.name.clone(),
                kana: crate::domain::Kana::parse(&kana).map_err(|_| AppError::BadRequest)?,
                phone: crate::domain::PhoneNumber::parse(&phone).ok(),
                phone_alt: None,
                birth_year: None,
                district_id: None,
                postal_code: String::new(),
                address: String::new(),
                email_family: !email.is_empty() && line.filled_by != FilledBy::Themselves,
                contact_pref: if email.is_empty() {
                    crate::domain::ContactPref::Phone
                } else {
                    crate::domain::ContactPref::Email
                },
                email,
                smartphone,
                phone_wish: Default::default(),
                needs,
                consent: true,
                notes: String::new(),
                sensitive_notes: String::new(),
            };
            let resident = crate::residents::store::insert(&mut tx, &input, user.id).await?;
            let detail = format!("from seat request {id}");
            log(&mut *tx, user, Action::Create, "resident", resident, Some(&detail)).await?;
            resident
        }
    };
    let place = match line.waitlist_position {
        Some(n) if !line.holds_seat => Place::Waitlist(n),
        _ => Place::Seat,
    };
    let written = crate::registrations::store::insert(
        &mut tx,
        line.session_id,
        resident_id,
        key,
        user.id,
        at,
        place,
    )
    .await?;
    let (registration, contact_pref) = match written {
        Written::New(registration, contact_pref) => (registration, contact_pref),
        Written::Skipped => {
            tx.rollback().await?;
            return Ok(match crate::registrations::store::with_key(db, key).await? {
                Some(registration) => Confirmed::Booked(registration),
                None => Confirmed::NoResident,
            });
        }
        Written::Refused => {
            tx.rollback().await?;
            let live =
                crate::registrations::store::live_place(db, line.session_id, resident_id).await?;
            return Ok(match live {
                Some(registration) => Confirmed::AlreadyRegistered(registration),
                None => Confirmed::NotPending,
            });
        }
    };
    store::close(
        &mut tx,
        id,
        RequestStatus::Confirmed,
        Some(user.id),
        at,
        Some((resident_id, registration)),
    )
    .await?;
    match place {
        Place::Seat => {
            crate::notify::store::enqueue_confirmation(&mut tx, registration, &contact_pref)
                .await?;
        }
        Place::Waitlist(_) => {
            store::count_waiting(&mut tx, line.session_id).await?;
            crate::registrations::ops::refill(&mut tx, line.session_id).await?;
        }
    }
    let detail = format!("session {} from seat request {id}", line.session_id);
    log(&mut *tx, user, Action::Create, "registration", registration, Some(&detail)).await?;
    let detail = format!("confirmed by phone: registration {registration}");
    log(&mut *tx, user, Action::Update, "seat_request", id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(Confirmed::Booked(registration))
}

/// "Could not reach": counts the call; the request keeps its place. False when it is not
/// pending.
pub async fn could_not_reach(db: &Db, user: &CurrentUser, id: i64) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let counted = store::count_call(&mut tx, id, now()).await?;
    if counted {
        log(&mut *tx, user, Action::Update, "seat_request", id, Some("could not reach")).await?;
    }
    tx.commit().await?;
    Ok(counted)
}

/// "Declined" on the phone: the place is freed. False when it is not pending.
pub async fn decline(db: &Db, user: &CurrentUser, id: i64) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let Some(closed) =
        store::close(&mut tx, id, RequestStatus::Declined, Some(user.id), now(), None).await?
    else {
        tx.rollback().await?;
        return Ok(false);
    };
    free(&mut tx, closed).await?;
    log(&mut *tx, user, Action::Cancel, "seat_request", id, Some("declined")).await?;
    tx.commit().await?;
    Ok(true)
}

/// The requester cancels their own pending request (seen through their token, or named by
/// its reference and digits through the open API). False when it is not pending.
pub async fn cancel_own(db: &Db, id: i64, source: Source<'_>) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let Some(closed) =
        store::close(&mut tx, id, RequestStatus::Cancelled, None, now(), None).await?
    else {
        tx.rollback().await?;
        return Ok(false);
    };
    free(&mut tx, closed).await?;
    let detail = format!("by the requester{}", source.detail());
    record(&mut *tx, None, Action::Cancel, "seat_request", &id.to_string(), Some(&detail)).await?;
    tx.commit().await?;
    Ok(true)
}

/// Lapses every pending request not confirmed in time or whose session is no longer open,
/// freeing its place, each in its own transaction. Returns how many lapsed. Run by the
/// notice worker.
pub async fn lapse_due(db: &Db, at: i64) -> Result<usize, AppError> {
    let due = {
        let mut conn = db.pool.acquire().await?;
        store::due_to_lapse(&mut conn, at).await?
    };
    let mut lapsed = 0;
    for id in due {
        let mut tx = db.begin().await?;
        if let Some(closed) =
            store::close(&mut tx, id, RequestStatus::Lapsed, None, at, None).await?
        {
            free(&mut tx, closed).await?;
            record(&mut *tx, None, Action::Update, "seat_request", &id.to_string(), Some("lapsed"))
                .await?;
            lapsed += 1;
        }
        tx.commit().await?;
    }
    Ok(lapsed)
}
