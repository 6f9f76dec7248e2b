//! SQL for the city's settings (`city_settings`: a name and a text each).

use super::City;
use sqlx::AnyConnection;

/// The settings as saved, over the defaults.
pub async fn read(conn: &mut AnyConnection) -> sqlx::Result<City> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT name, value FROM city_settings").fetch_all(conn).await?;
    let mut city = City::default();
    for (name, value) in rows {
        city.set(&name, value);
    }
    Ok(city)
}

/// Saves every setting of `city`, inside the caller's transaction.
pub async fn save(conn: &mut AnyConnection, city: &City) -> sqlx::Result<()> {
    for field in super::FIELDS {
        sqlx::query(
            "INSERT INTO city_settings (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(field)
        .bind(city.get(field))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
