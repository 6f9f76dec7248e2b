//! `GET /reports/reach.csv` and `GET /reports/reach.xlsx`: the dashboard's figures as files,
//! `?fy=2025&from=1&to=12&publish=1`. Reviewers, staff and admins (`Area::Reports`).
//! Published figures cover whole fiscal years only: two published periods that overlap
//! could be subtracted from each other.

use super::sections::view;
use super::{as_of, heading, Period};
use crate::auth::Area;
use crate::domain::{Section, Shown, Value};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::web::{AppState, Caller};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Default, serde::Deserialize)]
pub struct ReachQuery {
    #[serde(default)]
    fy: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    publish: String,
}

impl ReachQuery {
    fn fiscal_year(&self) -> i32 {
        crate::domain::FiscalYear::chosen(self.fy.trim().parse().ok()).start_year()
    }

    fn publish(&self) -> bool {
        self.publish == "1"
    }
}

async fn load(
    state: &AppState,
    request: &Caller,
    query: &ReachQuery,
) -> Result<(Vec<Section>, String, String), AppError> {
    request.require(Area::Reports)?;
    let (locale, threshold) = (request.locale, state.config.publish_threshold);
    let dashboard = if query.publish() {
        super::ops::published(&state.db, query.fiscal_year(), threshold, locale).await?
    } else {
        let (from, to) = (query.from.trim().parse().ok(), query.to.trim().parse().ok());
        let period = Period::new(query.fiscal_year(), from, to);
        let report = super::store::report(&state.db, period, threshold).await?;
        view(&report, locale.messages(), Shown { publish: false, threshold }, locale == Locale::En)
    };
    let period = dashboard.period;
    let suffix = if query.publish() { "-publish" } else { "" };
    let name = format!(
        "reach-{}-{:02}-{:02}{suffix}",
        period.fiscal_year, period.from_month, period.to_month
    );
    let title = heading(locale.messages(), period, locale == Locale::En);
    Ok((dashboard.tables, title, name))
}

/// `GET /reports/reach.csv`: UTF-8 with a BOM and CRLF line ends, for Excel in Japan.
pub async fn csv(
    State(state): State<AppState>,
    request: Caller,
    Query(query): Query<ReachQuery>,
) -> Result<Response, AppError> {
    let (tables, title, name) = load(&state, &request, &query).await?;
    let english = request.locale == Locale::En;
    let mut rows = vec![vec![title], vec![as_of(request.locale.messages(), english)]];
    for table in &tables {
        rows.push(Vec::new());
        rows.push(vec![table.title.clone()]);
        rows.extend(table.text_rows());
    }
    crate::export::csv_download(&format!("{name}.csv"), &rows)
}

/// `GET /reports/reach.xlsx`: one sheet; counts are numbers, shares are percentages.
pub async fn xlsx(
    State(state): State<AppState>,
    request: Caller,
    Query(query): Query<ReachQuery>,
) -> Result<Response, AppError> {
    let (tables, title, name) = load(&state, &request, &query).await?;
    let english = request.locale == Locale::En;
    let bytes = workbook(&tables, &title, &as_of(request.locale.messages(), english))
        .map_err(AppError::internal)?;
    Ok((
        [
            (
                http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.xlsx\"")),
        ],
        bytes,
    )
        .into_response())
}

fn workbook(
    tables: &[Section],
    title: &str,
    as_of: &str,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    let count = Format::new().set_num_format("#,##0");
    sheet.set_column_width(0, 36)?;
    sheet.write_string_with_format(0, 0, title, &bold)?;
    sheet.write_string(1, 0, as_of)?;
    let mut row = 3u32;
    for table in tables {
        sheet.write_string_with_format(row, 0, &table.title, &bold)?;
        row += 1;
        for (col, head) in table.columns.iter().enumerate() {
            sheet.set_column_width(col as u16 + 1, 16)?;
            sheet.write_string_with_format(row, col as u16, head, &bold)?;
        }
        row += 1;
        for (label, values) in &table.rows {
            sheet.write_string(row, 0, label)?;
            for (i, value) in values.iter().enumerate() {
                let col = i as u16 + 1;
                match value {
                    Value::Count(n) => {
                        sheet.write_number_with_format(row, col, *n as f64, &count)?
                    }
                    Value::Share(Some(s)) => {
                        sheet.write_number_with_format(row, col, *s, &percent)?
                    }
                    Value::Hours(h) => sheet.write_number_with_format(row, col, *h, &decimal)?,
                    other => sheet.write_string(row, col, other.text())?,
                };
            }
            row += 1;
        }
        row += 1;
    }
    book.save_to_buffer()
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/reports/reach.csv", get(csv))
        .route("/reports/reach.xlsx", get(xlsx))
}
