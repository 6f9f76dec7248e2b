//! The programme's numbers that admins set (`programme_settings`: a name and a whole
//! number each), read and saved for every feature that keeps one there.

use sqlx::AnyConnection;

/// Every setting whose name starts with `prefix` (`""`: all), as `(name, value)`.
pub async fn read(conn: &mut AnyConnection, prefix: &str) -> sqlx::Result<Vec<(String, i64)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT name, value FROM programme_settings").fetch_all(conn).await?;
    Ok(rows.into_iter().filter(|(name, _)| name.starts_with(prefix)).collect())
}

/// The value of `name` among `rows` (from [`read`]), or `default` when it was never set.
pub fn value(rows: &[(String, i64)], name: &str, default: i64) -> i64 {
    rows.iter().find(|(n, _)| n == name).map_or(default, |(_, v)| *v)
}

/// Saves each `(name, value)`, inside the caller's transaction.
pub async fn save(
    conn: &mut AnyConnection,
    values: impl IntoIterator<Item = (String, i64)>,
) -> sqlx::Result<()> {
    for (name, value) in values {
        sqlx::query(
            "INSERT INTO programme_settings (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(name)
        .bind(value)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
