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
        writer.write_record(row.iter().map(|cell| inert(cell))).map_err(AppError::internal)?;
    }
    let body = writer.into_inner().map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response())
}

/// A cell as a spreadsheet will show it but never run it: text that Excel or LibreOffice would
/// read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// leading apostrophe (OWASP's advice). Numbers, negative ones included, stay numbers.
fn inert(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_a_spreadsheet_would_run_are_made_inert() {
        for (cell, expected) in [
            ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK"),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
        ] {
            assert!(super::inert(cell).starts_with(expected), "{cell:?}");
        }
        for cell in ["-3", "+4", "12", "佐藤 一郎", "", "a=b", "1.5"] {
            assert_eq!(super::inert(cell), cell);
        }
    }

    #[test]
    fn csv_has_a_bom_and_crlf_and_quotes_commas() {
        let response = super::csv_download(
            "x.csv",
            &[vec!["手続き".into(), "件数".into()], vec!["a,b".into(), "3".into()], vec![]],
        )
        .unwrap();
        assert_eq!(response.status(), 200);
        let body =
            futures::executor::block_on(axum::body::to_bytes(response.into_body(), 1000)).unwrap();
        assert_eq!(&body[..], "\u{FEFF}手続き,件数\r\n\"a,b\",3\r\n\"\"\r\n".as_bytes());
    }
}
