//! `GET /reports/reach.csv` and `GET /reports/reach.xlsx`: the dashboard's figures as files,
//! `?fy=2025&from=1&to=12&publish=1`. Reviewers, staff and admins (`Area::Reports`).

use super::sections::{sections, Section, Shown, Value};
use super::{as_of, heading};
use super::{Period, ReachReport};
use crate::auth::Area;
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
    fn period(&self) -> Period {
        let fy = crate::domain::FiscalYear::chosen(self.fy.trim().parse().ok());
        Period::new(fy.start_year(), self.from.trim().parse().ok(), self.to.trim().parse().ok())
    }

    fn publish(&self) -> bool {
        self.publish == "1"
    }
}

async fn load(
    state: &AppState,
    request: &Caller,
    query: &ReachQuery,
) -> Result<(ReachReport, Vec<Section>, String, String), AppError> {
    request.require(Area::Reports)?;
    let period = query.period();
    let report = super::store::report(&state.db, period, state.config.publish_threshold).await?;
    let m = request.locale.messages();
    let english = request.locale == Locale::En;
    let shown = Shown { publish: query.publish(), threshold: report.publish_threshold };
    let tables = sections(&report, m, shown, english);
    let suffix = if query.publish() { "-publish" } else { "" };
    let name = format!(
        "reach-{}-{:02}-{:02}{suffix}",
        period.fiscal_year, period.from_month, period.to_month
    );
    Ok((report, tables, heading(m, period, english), name))
}

/// `GET /reports/reach.csv`: UTF-8 with a BOM and CRLF line ends, for Excel in Japan.
pub async fn csv(
    State(state): State<AppState>,
    request: Caller,
    Query(query): Query<ReachQuery>,
) -> Result<Response, AppError> {
    let (_, tables, title, name) = load(&state, &request, &query).await?;
    let english = request.locale == Locale::En;
    let mut rows = vec![vec![title], vec![as_of(request.locale.messages(), english)]];
    for table in &tables {
        rows.push(Vec::new());
        rows.push(vec![table.title.clone()]);
        rows.push(table.columns.clone());
        for (label, values) in &table.rows {
            rows.push(
                std::iter::once(label.clone()).chain(values.iter().map(Value::text)).collect(),
            );
        }
    }
    crate::export::csv_download(&format!("{name}.csv"), &rows)
}

/// `GET /reports/reach.xlsx`: one sheet; counts are numbers, shares are percentages.
pub async fn xlsx(
    State(state): State<AppState>,
    request: Caller,
    Query(query): Query<ReachQuery>,
) -> Result<Response, AppError> {
    let (_, tables, title, name) = load(&state, &request, &query).await?;
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
