//! What the Tokyo-scale benchmarks (bench_reach, bench_search) share: a deterministic
//! generator, batched multi-row inserts, and milliseconds for printing.

use std::time::Duration;
use yorisoi::db::Db;

/// A small deterministic generator, so every run builds the same data.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, below: usize) -> usize {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

/// Inserts rows in batches: `columns` per row, one multi-row `INSERT` per batch.
pub async fn insert_rows(
    db: &Db,
    table_and_columns: &str,
    columns: usize,
    rows: &[Vec<Cell>],
) -> anyhow::Result<()> {
    // Small batches: binding tens of thousands of parameters to one statement is slow.
    let batch = 990 / columns;
    for chunk in rows.chunks(batch) {
        let values: Vec<String> = (0..chunk.len())
            .map(|r| {
                let marks: Vec<String> =
                    (0..columns).map(|c| format!("${}", r * columns + c + 1)).collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let sql = format!("INSERT INTO {table_and_columns} VALUES {}", values.join(", "));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for cell in row {
                query = match cell {
                    Cell::Int(n) => query.bind(*n),
                    Cell::Text(t) => query.bind(t.clone()),
                    Cell::Null => query.bind(None::<String>),
                    Cell::NoNumber => query.bind(None::<i64>),
                };
            }
        }
        query.execute(&db.pool).await?;
    }
    Ok(())
}

/// One value of a generated row.
pub enum Cell {
    Int(i64),
    Text(String),
    /// A missing text (PostgreSQL takes a NULL only of the column's type).
    Null,
    /// A missing number. Only bench_reach writes one; each example compiles this module
    /// on its own, so in the others it is unused.
    #[allow(dead_code)]
    NoNumber,
}

pub fn int(n: impl TryInto<i64>) -> Cell {
    Cell::Int(n.try_into().ok().expect("fits in i64"))
}

/// A duration in milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
