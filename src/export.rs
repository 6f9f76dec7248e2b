//! Downloads of report figures: CSV that Excel in Japan opens as it is (UTF-8 with a byte
//! order mark, CRLF line ends).

use crate::error::AppError;
use axum::response::{IntoResponse, Response};
use http::header;

/// The rows as a CSV download named `filename`. Rows may differ in length (a report holds
/// several tables one after another, a blank row between). Fails (500, logged) only if the
/// CSV cannot be written.
pub fn csv_download(filename: &str, rows: &[Vec<String>]) -> Result<Response, AppError> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        writer.write_record(row).map_err(AppError::internal)?;
    }
    let body = writer.into_inner().map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_has_a_bom_and_crlf_and_quotes_commas() {
        let response = super::csv_download(
            "x.csv",
            &[
                vec!["手続き".into(), "件数".into()],
                vec!["a,b".into(), "3".into()],
                vec![],
            ],
        )
        .unwrap();
        assert_eq!(response.status(), 200);
        let body =
            futures::executor::block_on(axum::body::to_bytes(response.into_body(), 1000)).unwrap();
        assert_eq!(
            &body[..],
            "\u{FEFF}手続き,件数\r\n\"a,b\",3\r\n\"\"\r\n".as_bytes()
        );
    }
}
