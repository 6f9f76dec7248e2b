//! SQL for residents: search, read, save, duplicates and merging.

use super::input::ResidentInput;
use super::{HistoryEntry, Needs, NoticeEntry, PhoneWish, Resident, ResidentMatch, Smartphone};
use crate::db::{flag, now, Db};
use crate::domain::ContactPref;
use crate::domain::{Kana, PhoneNumber};
use sqlx::{Any, AnyConnection, Transaction};
use unicode_normalization::UnicodeNormalization;

/// What a match shows, from a resident's row `r` and their district `d`.
macro_rules! match_fields {
    () => {
        "SELECT r.id, r.name, r.kana, r.birth_year, d.name AS district, r.phone, r.phone_alt"
    };
}

const MATCH_COLUMNS: &str =
    concat!(match_fields!(), " FROM residents r LEFT JOIN districts d ON d.id = r.district_id");

#[derive(sqlx::FromRow)]
struct MatchRow {
    id: i64,
    name: String,
    kana: String,
    birth_year: Option<i64>,
    district: Option<String>,
    phone: Option<String>,
    phone_alt: Option<String>,
}

impl From<MatchRow> for ResidentMatch {
    fn from(r: MatchRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            kana: Kana::parse(&r.kana).map(|k| k.katakana()).unwrap_or(r.kana),
            birth_year: r.birth_year.and_then(|y| i32::try_from(y).ok()),
            district: r.district,
            phones: [r.phone, r.phone_alt]
                .into_iter()
                .flatten()
                .map(|p| PhoneNumber::display(&p))
                .collect(),
        }
    }
}

/// What a search box holds: digits of a phone number, a kana reading, or a written name.
#[derive(Debug, PartialEq, Eq)]
pub enum Query {
    Phone(String),
    Kana(String),
    Name(String),
}

impl Query {
    /// `None` when there is too little to search for.
    pub fn parse(typed: &str) -> Option<Self> {
        let folded: String = typed.nfkc().collect();
        let folded = folded.trim();
        if folded.is_empty() {
            return None;
        }
        let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
        let only_phone_chars = folded
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | 'ー' | '−' | '+'));
        if only_phone_chars {
            // The last four digits are often all a caller's record shows.
            return (digits.len() >= 3).then_some(Query::Phone(digits));
        }
        match Kana::parse(folded) {
            Ok(k) => Some(Query::Kana(k.as_str().replace(' ', ""))),
            Err(_) => Some(Query::Name(folded.to_string())),
        }
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// How many residents, in 五十音 order, the search looks through before it asks an index:
/// a fragment most people have (「090」, 「たろう」) is answered from the first of them.
const FIRST_LOOK: i64 = 2000;

/// Residents matching what staff typed, in 五十音 order (merged records left out): the
/// first 30 whose reading, written name (spaces left out) or phone numbers hold the typed
/// fragment. First the first [`FIRST_LOOK`] residents of the list are looked through: when
/// 30 of them match, they are the answer. Otherwise an index finds every match and the
/// matches are sorted: on PostgreSQL pg_trgm's trigram indexes (migration 0024), with a
/// reading fragment read from ranges of the list ([`kana_on_postgres`]); on SQLite, for a
/// fragment of three characters or more, the full-text index `residents_search` (trigram
/// tokenizer, kept by triggers), whose phrase query finds the rows holding the fragment,
/// each then checked with the same `LIKE` as the scan. A reading or name fragment of one or
/// two characters is read from `residents_grams` ([`by_gram`]). Every way gives the same
/// answer.
pub async fn search(db: &Db, typed: &str) -> sqlx::Result<Vec<ResidentMatch>> {
    let Some(query) = Query::parse(typed) else {
        return Ok(Vec::new());
    };
    let (fragment, condition, column) = match &query {
        Query::Phone(digits) => (
            digits.clone(),
            "(r.phone LIKE $1 ESCAPE '\\' OR r.phone_alt LIKE $1 ESCAPE '\\')",
            "phones",
        ),
        Query::Kana(kana) => (kana.clone(), "r.kana_compact LIKE $1 ESCAPE '\\'", "kana"),
        Query::Name(name) => (
            name.replace([' ', '　'], ""),
            "REPLACE(REPLACE(r.name, ' ', ''), '　', '') LIKE $1 ESCAPE '\\'",
            "name",
        ),
    };
    let pattern = like(&fragment);
    // The first of the list are read in order and then matched: given as `r.id IN (…)`,
    // PostgreSQL looked each of them up again, or fetched every match the trigram index
    // found (10,000 for 「たかは」: 11–31 ms, now 2–5 ms).
    let first_look = format!(
        "{} FROM (SELECT * FROM residents WHERE merged_into IS NULL \
                  ORDER BY kana_sort, id LIMIT {FIRST_LOOK}) r \
              LEFT JOIN districts d ON d.id = r.district_id \
         WHERE {condition} ORDER BY r.kana_sort, r.id LIMIT 30",
        match_fields!()
    );
    let rows: Vec<MatchRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(first_look)).bind(&pattern).fetch_all(&db.pool).await?;
    if rows.len() == 30 {
        return Ok(rows.into_iter().map(Into::into).collect());
    }
    // Sorting the matches the index found (`+r.kana_sort`, `r.kana_sort || ''`), rather
    // than walking the whole list in order looking for them.
    let sqlite = db.backend == crate::db::Backend::Sqlite;
    let short = fragment.chars().count() <= 2;
    let rows: Vec<MatchRow> = if short && matches!(query, Query::Kana(_)) {
        by_gram(db, "k", &fragment).await?
    } else if short && matches!(query, Query::Name(_)) {
        by_gram(db, "n", &fragment).await?
    } else if !sqlite && matches!(query, Query::Kana(_)) {
        kana_on_postgres(db, &fragment, &pattern).await?
    } else if sqlite {
        // Three characters or more here (a phone number needs three digits).
        // The phrase query's text is a string to FTS5: quotes doubled, nothing else special.
        let phrase = format!("\"{}\"", fragment.replace('"', "\"\""));
        let sql = format!(
            "{MATCH_COLUMNS} WHERE r.merged_into IS NULL AND r.id IN \
             (SELECT rowid FROM residents_search WHERE {column} MATCH $2) AND {condition} \
             ORDER BY +r.kana_sort, r.id LIMIT 30"
        );
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&pattern)
            .bind(phrase)
            .fetch_all(&db.pool)
            .await?
    } else {
        // PostgreSQL's trigram indexes, for a name or a phone number.
        let sql = format!(
            "{MATCH_COLUMNS} WHERE r.merged_into IS NULL AND {condition} \
             ORDER BY r.kana_sort || '', r.id LIMIT 30"
        );
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(&pattern).fetch_all(&db.pool).await?
    };
    Ok(rows.into_iter().map(Into::into).collect())
}

/// A fragment of one or two characters of a reading (`field` `k`) or of a written name
/// (`n`): the first 30 residents in list order whose reading or name holds it, read from the
/// front of its range of `residents_grams` (migration 0030), which keeps each resident's
/// pieces of one and of two neighbouring characters with their sort key. On SQLite a
/// name's pieces are kept in lower case (ASCII), as its `LIKE` ignores ASCII case; the
/// fragment is lowered for readings too, which hold no ASCII.
async fn by_gram(db: &Db, field: &str, fragment: &str) -> sqlx::Result<Vec<MatchRow>> {
    let gram = match db.backend {
        crate::db::Backend::Sqlite => fragment.to_ascii_lowercase(),
        crate::db::Backend::Postgres => fragment.to_string(),
    };
    let sql = concat!(
        match_fields!(),
        " FROM residents_grams g JOIN residents r ON r.id = g.resident_id \
         LEFT JOIN districts d ON d.id = r.district_id \
         WHERE g.field = $1 AND g.gram = $2 AND r.merged_into IS NULL \
         ORDER BY g.kana_sort, g.resident_id LIMIT 30"
    );
    sqlx::query_as(sql).bind(field).bind(gram).fetch_all(&db.pool).await
}

/// The longest reading fragment [`kana_on_postgres`] splits into ranges of the list; a
/// longer one is rare enough to be found by its trigrams alone.
const MOST_KANA_RANGES: usize = 16;

/// A reading fragment on PostgreSQL. Where the fragment begins a reading, the readings that
/// hold it stand together in the list (「さとう」: every さとう …), and pg_trgm would
/// find them all (thousands, at Tokyo scale) only for the first 30 to be kept. So a match
/// is looked for in three places, each of which gives its first 30 in list order:
/// - readings that begin with the fragment: a range of `kana_sort` per place a space may
///   fall in the fragment (none, or before any one of its characters), read in order;
/// - readings that hold it after their first character: the trigram index on
///   `substr(kana_compact, 2)` (migration 0025);
/// - readings of three words or more, which the ranges do not cover: few, read in order
///   from their own index.
///
/// Every match is in one of them, so the first 30 of the three together are the answer.
/// The ranges rely on `kana_sort` comparing by code point (`COLLATE "C"`, as on SQLite) and
/// on the three reading columns agreeing (`kana_sort` and `kana_compact` made from `kana`),
/// as every write of a resident keeps them.
async fn kana_on_postgres(db: &Db, fragment: &str, pattern: &str) -> sqlx::Result<Vec<MatchRow>> {
    let chars: Vec<char> = fragment.chars().collect();
    // `order` is `kana_sort || ''` where the matches are to be found by an index and then
    // sorted: ordered by the column itself, the planner may walk the whole list in order
    // looking for them instead.
    let first_30 = |condition: &str, order: &str| {
        format!(
            "(SELECT id FROM residents WHERE merged_into IS NULL AND {condition} \
             ORDER BY {order}, id LIMIT 30)"
        )
    };
    // The start of the key of each way the fragment may begin a reading.
    let spaced: Option<Vec<String>> = (3..=MOST_KANA_RANGES)
        .contains(&chars.len())
        .then(|| {
            (0..chars.len())
                .map(|at| {
                    let (before, after): (String, String) =
                        (chars[..at].iter().collect(), chars[at..].iter().collect());
                    Kana::parse(&format!("{before} {after}")).ok().map(|k| k.sort_prefix())
                })
                .collect()
        })
        .flatten();
    let Some(spaced) = spaced else {
        // A long fragment is found by its trigrams and the few matches sorted (a short one
        // never comes here: `by_gram`).
        let sql = format!(
            "{MATCH_COLUMNS} WHERE r.merged_into IS NULL AND r.kana_compact LIKE $1 ESCAPE '\\' \
             ORDER BY r.kana_sort || '', r.id LIMIT 30"
        );
        return sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(pattern).fetch_all(&db.pool).await;
    };
    let mut parts = vec![
        first_30("substr(kana_compact, 2) LIKE $1 ESCAPE '\\'", "kana_sort || ''"),
        first_30("kana LIKE '% % %' AND kana_compact LIKE $1 ESCAPE '\\'", "kana_sort"),
    ];
    for n in 0..spaced.len() {
        let range = format!(
            "kana_sort >= ${} AND kana_sort < ${} AND kana_compact LIKE $1 ESCAPE '\\'",
            2 * n + 2,
            2 * n + 3
        );
        parts.push(first_30(&range, "kana_sort"));
    }
    let sql = format!(
        "{MATCH_COLUMNS} WHERE r.id IN ({}) ORDER BY r.kana_sort, r.id LIMIT 30",
        parts.join(" UNION ALL ")
    );
    // Not kept prepared: PostgreSQL then plans each search with the fragment's own ranges.
    // A prepared statement's generic plan, made without them, fetches and sorts every
    // reading in a range (10,000 for 「たかは」, 170 ms) rather than reading its first 30.
    let mut query =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).persistent(false).bind(pattern.to_string());
    for start in spaced {
        // Every key that begins with `start` is at least `start` and less than `start`
        // followed by the last code point.
        let end = format!("{start}{}", char::MAX);
        query = query.bind(start).bind(end);
    }
    query.fetch_all(&db.pool).await
}

/// Records that may be the same person: the same phone number, or the same reading and
/// birth year.
pub async fn possible_duplicates(
    db: &Db,
    input: &ResidentInput,
    except: Option<i64>,
) -> sqlx::Result<Vec<ResidentMatch>> {
    let phones: Vec<String> = [&input.phone, &input.phone_alt]
        .into_iter()
        .flatten()
        .map(|p| p.digits().to_string())
        .collect();
    let first = phones.first().cloned().unwrap_or_default();
    let second = phones.get(1).cloned().unwrap_or_else(|| first.clone());
    let sql = format!(
        "{MATCH_COLUMNS} WHERE r.merged_into IS NULL AND r.id <> $1 AND ( \
            ($2 <> '' AND (r.phone IN ($2, $3) OR r.phone_alt IN ($2, $3))) \
            OR (r.kana_compact = $4 AND r.birth_year = $5)) \
         ORDER BY r.kana_sort, r.id LIMIT 10"
    );
    let rows: Vec<MatchRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(except.unwrap_or(0))
        .bind(first)
        .bind(second)
        .bind(input.kana.as_str().replace(' ', ""))
        .bind(input.birth_year.map(i64::from).unwrap_or(-1))
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Records that may be the person of a seat request: the same phone number, or the same
/// reading (a family member may give their own number).
pub async fn matching_request(
    db: &Db,
    phone_digits: &str,
    kana_compact: &str,
) -> sqlx::Result<Vec<ResidentMatch>> {
    let sql = format!(
        "{MATCH_COLUMNS} WHERE r.merged_into IS NULL AND r.erased_at IS NULL AND ( \
            ($1 <> '' AND (r.phone = $1 OR r.phone_alt = $1)) \
            OR ($2 <> '' AND r.kana_compact = $2)) \
         ORDER BY r.kana_sort, r.id LIMIT 10"
    );
    let rows: Vec<MatchRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(phone_digits)
        .bind(kana_compact)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

#[derive(sqlx::FromRow)]
struct ResidentRow {
    id: i64,
    name: String,
    kana: String,
    phone: Option<String>,
    phone_alt: Option<String>,
    birth_year: Option<i64>,
    district_id: Option<i64>,
    district: Option<String>,
    postal_code: String,
    address: String,
    email: String,
    email_owner: String,
    contact_pref: String,
    smartphone: String,
    phone_wish: String,
    need_hearing: i64,
    need_vision: i64,
    need_mobility: i64,
    need_companion: i64,
    consent_at: Option<i64>,
    consent_by: Option<String>,
    notes: String,
    sensitive_notes: String,
    merged_into: Option<i64>,
    walkin: i64,
    erased_at: Option<i64>,
}

pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<Resident>> {
    let row: Option<ResidentRow> = sqlx::query_as(
        "SELECT r.id, r.name, r.kana, r.phone, r.phone_alt, r.birth_year, r.district_id, \
                d.name AS district, r.postal_code, r.address, r.email, r.email_owner, \
                r.contact_pref, r.smartphone, r.phone_wish, r.need_hearing, r.need_vision, r.need_mobility, \
                r.need_companion, r.consent_at, u.display_name AS consent_by, r.notes, \
                r.sensitive_notes, r.merged_into, r.walkin, r.erased_at \
         FROM residents r LEFT JOIN districts d ON d.id = r.district_id \
              LEFT JOIN users u ON u.id = r.consent_by \
         WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| Resident {
        id: r.id,
        name: r.name,
        kana: r.kana,
        phone: r.phone,
        phone_alt: r.phone_alt,
        birth_year: r.birth_year.and_then(|y| i32::try_from(y).ok()),
        district_id: r.district_id,
        district: r.district,
        postal_code: r.postal_code,
        address: r.address,
        email: r.email,
        email_family: r.email_owner == "family",
        contact_pref: ContactPref::from_code(&r.contact_pref).unwrap_or(ContactPref::Phone),
        smartphone: Smartphone::from_code(&r.smartphone).unwrap_or(Smartphone::None),
        phone_wish: PhoneWish::from_code(&r.phone_wish),
        needs: Needs {
            hearing: r.need_hearing != 0,
            vision: r.need_vision != 0,
            mobility: r.need_mobility != 0,
            companion: r.need_companion != 0,
        },
        consent_at: r.consent_at,
        consent_by: r.consent_by,
        notes: r.notes,
        sensitive_notes: r.sensitive_notes,
        merged_into: r.merged_into,
        walkin: r.walkin != 0,
        erased_at: r.erased_at,
    }))
}

/// Inserts a new resident; consent is recorded as given now by `staff`.
pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    input: &ResidentInput,
    staff: i64,
) -> sqlx::Result<i64> {
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO residents (name, kana, kana_compact, kana_sort, created_at, updated_at, \
            consent_at, consent_by) VALUES ($1, $2, $3, $4, $5, $5, $5, $6) RETURNING id",
    )
    .bind(&input.name)
    .bind(input.kana.as_str())
    .bind(input.kana.as_str().replace(' ', ""))
    .bind(input.kana.sort_key())
    .bind(at)
    .bind(staff)
    .fetch_one(&mut **tx)
    .await?;
    update(tx, id, input, staff).await?;
    Ok(id)
}

/// Saves the form's fields; a newly ticked consent box records consent now by `staff`.
pub async fn update(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    input: &ResidentInput,
    staff: i64,
) -> sqlx::Result<()> {
    let at = now();
    sqlx::query(
        "UPDATE residents SET name = $1, kana = $2, kana_compact = $3, kana_sort = $4, \
            phone = $5, phone_alt = $6, birth_year = $7, district_id = $8, postal_code = $9, \
            address = $10, email = $11, email_owner = $12, contact_pref = $13, smartphone = $14, \
            need_hearing = $15, need_vision = $16, need_mobility = $17, need_companion = $18, \
            notes = $19, sensitive_notes = $20, updated_at = $21, walkin = 0, \
            consent_at = CASE WHEN consent_at IS NULL AND $22 = 1 THEN $21 ELSE consent_at END, \
            consent_by = CASE WHEN consent_at IS NULL AND $22 = 1 THEN $23 ELSE consent_by END, \
            phone_wish = $25 \
         WHERE id = $24 AND erased_at IS NULL AND merged_into IS NULL",
    )
    .bind(&input.name)
    .bind(input.kana.as_str())
    .bind(input.kana.as_str().replace(' ', ""))
    .bind(input.kana.sort_key())
    .bind(input.phone.as_ref().map(|p| p.digits().to_string()))
    .bind(input.phone_alt.as_ref().map(|p| p.digits().to_string()))
    .bind(input.birth_year.map(i64::from))
    .bind(input.district_id)
    .bind(&input.postal_code)
    .bind(&input.address)
    .bind(&input.email)
    .bind(if input.email_family { "family" } else { "self" })
    .bind(input.contact_pref.code())
    .bind(input.smartphone.code())
    .bind(flag(input.needs.hearing))
    .bind(flag(input.needs.vision))
    .bind(flag(input.needs.mobility))
    .bind(flag(input.needs.companion))
    .bind(&input.notes)
    .bind(&input.sensitive_notes)
    .bind(at)
    .bind(flag(input.consent))
    .bind(staff)
    .bind(id)
    .bind(input.phone_wish.code())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn district_exists(db: &Db, id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM districts WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(found.is_some())
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    registration_id: i64,
    session_id: i64,
    title: String,
    starts_at: i64,
    ends_at: i64,
    venue_name: String,
    session_status: String,
    status: String,
    waitlist_position: Option<i64>,
    cancel_reason: Option<String>,
}

/// Registrations of a resident, newest session first.
pub async fn history(db: &Db, resident_id: i64) -> sqlx::Result<Vec<HistoryEntry>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT r.id AS registration_id, s.id AS session_id, s.title, s.starts_at, s.ends_at, \
                v.name AS venue_name, s.status AS session_status, r.status, \
                r.waitlist_position, r.cancel_reason \
         FROM registrations r JOIN sessions s ON s.id = r.session_id \
              JOIN venues v ON v.id = s.venue_id \
         WHERE r.resident_id = $1 AND r.status <> 'pending' \
         ORDER BY s.starts_at DESC, r.id DESC",
    )
    .bind(resident_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| HistoryEntry {
            registration_id: r.registration_id,
            session_id: r.session_id,
            title: r.title,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            venue_name: r.venue_name,
            session_status: crate::sessions::Status::from_code(&r.session_status)
                .unwrap_or(crate::sessions::Status::Scheduled),
            status: crate::registrations::RegistrationStatus::from_code(&r.status)
                .unwrap_or(crate::registrations::RegistrationStatus::Cancelled),
            waitlist_position: r.waitlist_position,
            cancel_reason: r.cancel_reason,
        })
        .collect())
}

/// Notices owed or sent to a resident, newest first.
pub async fn notices(db: &Db, resident_id: i64) -> sqlx::Result<Vec<NoticeEntry>> {
    sqlx::query_as(
        "SELECT n.id, n.kind, n.channel, n.status, s.title AS session_title, n.created_at, \
                n.outcome \
         FROM notices n JOIN sessions s ON s.id = n.session_id \
         WHERE n.resident_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT 100",
    )
    .bind(resident_id)
    .fetch_all(&db.pool)
    .await
}

/// Walk-ins not yet completed or merged, newest first, with the session they came to.
pub async fn walkins(db: &Db) -> sqlx::Result<Vec<super::WalkinLine>> {
    sqlx::query_as(
        "SELECT r.id, r.name, r.kana, r.age_band, d.name AS district, s.title AS session_title, \
                s.starts_at \
         FROM residents r LEFT JOIN districts d ON d.id = r.district_id \
              JOIN registrations g ON g.resident_id = r.id AND g.walkin = 1 \
              JOIN sessions s ON s.id = g.session_id \
         WHERE r.walkin = 1 AND r.merged_into IS NULL ORDER BY s.starts_at DESC, r.id DESC LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await
}

/// Moves everything of resident `from` to `into`: registrations (a session both are
/// registered for keeps `into`'s, and `from`'s is cancelled), notices, and contact details
/// `into` lacks. `from` then only forwards to `into` and keeps no contact data.
/// Returns the sessions whose seats changed, for the caller to refill from the waitlist.
/// Holds both records of a merge (in id order, so two merges cannot wait on each other)
/// and says whether both are still live: neither merged nor erased.
pub async fn hold_for_merge(
    tx: &mut Transaction<'_, Any>,
    from: i64,
    into: i64,
) -> sqlx::Result<bool> {
    let mut live = 0;
    for id in [from.min(into), from.max(into)] {
        live += sqlx::query(
            "UPDATE residents SET updated_at = updated_at \
             WHERE id = $1 AND merged_into IS NULL AND erased_at IS NULL",
        )
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    }
    Ok(live == 2)
}

pub async fn merge(
    tx: &mut Transaction<'_, Any>,
    from: i64,
    into: i64,
    staff: i64,
) -> sqlx::Result<Vec<i64>> {
    let at = now();
    // Registrations on sessions `into` already has: cancel `from`'s copy.
    let doubles: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT a.id, a.session_id, a.status FROM registrations a \
         WHERE a.resident_id = $1 AND a.status IN ('confirmed', 'waitlisted') \
           AND EXISTS (SELECT 1 FROM registrations b WHERE b.resident_id = $2 \
                       AND b.session_id = a.session_id AND b.status IN ('confirmed', 'waitlisted'))",
    )
    .bind(from)
    .bind(into)
    .fetch_all(&mut **tx)
    .await?;
    let mut freed = Vec::new();
    for (id, session_id, status) in doubles {
        crate::registrations::store::withdraw(tx, id, &status, staff, "merged", at).await?;
        freed.push(session_id);
    }
    sqlx::query("UPDATE registrations SET resident_id = $1 WHERE resident_id = $2")
        .bind(into)
        .bind(from)
        .execute(&mut **tx)
        .await?;
    // Wishes for the next level go with the person, unless the kept record has one; an
    // invitation either record had counts for the kept one.
    sqlx::query(
        "UPDATE next_level_wishes SET \
            invited_at = (SELECT f.invited_at FROM next_level_wishes f \
                WHERE f.resident_id = $2 AND f.level = next_level_wishes.level), \
            invited_session_id = (SELECT f.invited_session_id FROM next_level_wishes f \
                WHERE f.resident_id = $2 AND f.level = next_level_wishes.level) \
         WHERE resident_id = $1 AND invited_at IS NULL AND EXISTS (SELECT 1 FROM \
             next_level_wishes f WHERE f.resident_id = $2 AND f.level = next_level_wishes.level \
             AND f.invited_at IS NOT NULL)",
    )
    .bind(into)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE next_level_wishes SET resident_id = $1 WHERE resident_id = $2 AND NOT EXISTS \
         (SELECT 1 FROM next_level_wishes k WHERE k.resident_id = $1 \
             AND k.level = next_level_wishes.level)",
    )
    .bind(into)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM next_level_wishes WHERE resident_id = $1")
        .bind(from)
        .execute(&mut **tx)
        .await?;
    for table in ["notices", "support_requests"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET resident_id = $1 WHERE resident_id = $2"
        )))
        .bind(into)
        .bind(from)
        .execute(&mut **tx)
        .await?;
    }
    // Fill what the kept record lacks from the other one.
    sqlx::query(
        "UPDATE residents SET \
            phone = COALESCE(phone, (SELECT phone FROM residents WHERE id = $1)), \
            phone_alt = COALESCE(phone_alt, (SELECT CASE WHEN f.phone IS DISTINCT FROM residents.phone \
                THEN f.phone ELSE f.phone_alt END FROM residents f WHERE f.id = $1)), \
            birth_year = COALESCE(birth_year, (SELECT birth_year FROM residents WHERE id = $1)), \
            district_id = COALESCE(district_id, (SELECT district_id FROM residents WHERE id = $1)), \
            email = CASE WHEN email = '' THEN (SELECT email FROM residents WHERE id = $1) ELSE email END, \
            address = CASE WHEN address = '' THEN (SELECT address FROM residents WHERE id = $1) ELSE address END, \
            postal_code = CASE WHEN postal_code = '' THEN (SELECT postal_code FROM residents WHERE id = $1) ELSE postal_code END, \
            phone_wish = CASE WHEN phone_wish = '' THEN (SELECT phone_wish FROM residents WHERE id = $1) ELSE phone_wish END, \
            updated_at = $2 \
         WHERE id = $3",
    )
    .bind(from)
    .bind(at)
    .bind(into)
    .execute(&mut **tx)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE residents SET merged_into = $1, {WIPE_PERSONAL}, updated_at = $2 WHERE id = $3"
    )))
    .bind(into)
    .bind(at)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    for session in &freed {
        crate::reach::store::recount_session(tx, *session).await?;
    }
    crate::reach::store::refresh_person(tx, from).await?;
    crate::reach::store::refresh_person(tx, into).await?;
    Ok(freed)
}

/// Every personal field of a resident record, emptied: what merging leaves on the absorbed
/// record and erasure leaves on every record of the person. Kept: the forwarding link,
/// the contact preference (a code) and the dates.
const WIPE_PERSONAL: &str = "name = '', kana = '', kana_compact = '', kana_sort = '', \
    phone = NULL, phone_alt = NULL, birth_year = NULL, district_id = NULL, postal_code = '', \
    address = '', email = '', email_owner = 'self', smartphone = 'none', phone_wish = '', need_hearing = 0, \
    need_vision = 0, need_mobility = 0, need_companion = 0, consent_by = NULL, notes = '', \
    sensitive_notes = '', age_band = NULL";

/// The record and every record merged into it, at any depth (the record first).
pub async fn with_merged(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Vec<i64>> {
    let mut all = vec![id];
    let mut next = 0;
    while next < all.len() {
        let merged: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM residents WHERE merged_into = $1")
                .bind(all[next])
                .fetch_all(&mut *conn)
                .await?;
        all.extend(merged.into_iter().filter(|m| !all.contains(m)).collect::<Vec<_>>());
        next += 1;
    }
    Ok(all)
}

/// Erases a resident at their request, with every record merged into them: every personal
/// field is wiped, as is what was written about them elsewhere here (cancellation reasons,
/// the free text of paper-support requests). Attendance, requests and the figures (which
/// keep their own age band and district) stay, so no count changes. Returns the records
/// erased (for their notices: [`crate::notify::store::wipe_for`]), none when already
/// erased.
pub async fn erase(tx: &mut Transaction<'_, Any>, id: i64) -> sqlx::Result<Vec<i64>> {
    let at = now();
    let done = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE residents SET {WIPE_PERSONAL}, erased_at = $1, updated_at = $1 \
         WHERE id = $2 AND erased_at IS NULL AND merged_into IS NULL"
    )))
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Vec::new());
    }
    let people = with_merged(tx, id).await?;
    for &person in &people {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE residents SET {WIPE_PERSONAL}, erased_at = $1, updated_at = $1 WHERE id = $2"
        )))
        .bind(at)
        .bind(person)
        .execute(&mut **tx)
        .await?;
        for sql in [
            "UPDATE registrations SET cancel_reason = '' WHERE resident_id = $1 \
             AND cancel_reason IS NOT NULL",
            "UPDATE loans SET condition_note = '' WHERE condition_note <> '' \
             AND registration_id IN (SELECT id FROM registrations WHERE resident_id = $1)",
            "UPDATE questionnaire_answers SET comment = '' WHERE comment <> '' \
             AND registration_id IN (SELECT id FROM registrations WHERE resident_id = $1)",
            "DELETE FROM next_level_wishes WHERE resident_id = $1",
            "UPDATE support_requests SET notes = '', reason_other = CASE WHEN reason_other = '' THEN '' ELSE '（削除済み）' END, procedure_other = CASE WHEN procedure_id IS NULL THEN '（削除済み）' ELSE '' END \
             WHERE resident_id = $1",
        ] {
            sqlx::query(sql).bind(person).execute(&mut **tx).await?;
        }
    }
    Ok(people)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_told_apart() {
        assert_eq!(Query::parse("０９０－１２３４"), Some(Query::Phone("0901234".into())));
        assert_eq!(Query::parse("5678"), Some(Query::Phone("5678".into())));
        assert_eq!(Query::parse("12"), None);
        assert_eq!(Query::parse("ﾔﾏﾀﾞ"), Some(Query::Kana("やまだ".into())));
        assert_eq!(Query::parse("yamada hanako"), Some(Query::Kana("やまだはなこ".into())));
        assert_eq!(Query::parse("山田"), Some(Query::Name("山田".into())));
        assert_eq!(Query::parse("  "), None);
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like("a%b_c"), "%a\\%b\\_c%");
    }
}
