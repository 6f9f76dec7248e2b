//! Demo paper-support requests: a year of them, with the procedures people asked about.

use sqlx::{Any, Transaction};

/// Procedures not in the list that people asked about ("other").
const OTHER_PROCEDURES: [&str; 3] = ["ふるさと納税", "図書館の予約", "粗大ごみの申込み"];

/// A year of paper-support requests, about twenty a month: most at the counter or by phone,
/// マイナポータル and スマート申請 most often, older ones resolved, recent ones still being
/// followed up (some overdue). Returns how many were added.
pub(super) async fn create(tx: &mut Transaction<'_, Any>) -> anyhow::Result<usize> {
    use crate::paper_support::{store as paper_support, Channel, Status};
    let done: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM support_requests").fetch_one(&mut **tx).await?;
    if done > 0 {
        return Ok(0);
    }
    let Some(staff): Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE login = 'demo-staff'")
            .fetch_optional(&mut **tx)
            .await?
    else {
        return Ok(0);
    };
    let procedures: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM procedures WHERE active = 1 ORDER BY sort_order, id")
            .fetch_all(&mut **tx)
            .await?;
    let residents: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM residents WHERE walkin = 0 ORDER BY id")
            .fetch_all(&mut **tx)
            .await?;
    let districts: Vec<i64> = sqlx::query_scalar("SELECT id FROM districts ORDER BY sort_order")
        .fetch_all(&mut **tx)
        .await?;
    if procedures.is_empty() || districts.is_empty() {
        return Ok(0);
    }
    let today = crate::domain::today_in_japan();
    // Procedure weights in list order (スマート申請, LINE, 電子申請, マイナポータル, 決済), then other.
    let pick = |n: usize| -> Option<usize> {
        match n % 20 {
            0..=4 => Some(0),
            5..=7 => Some(1),
            8..=10 => Some(2),
            11..=16 => Some(3),
            17..=18 => Some(4),
            _ => None,
        }
    };
    let total = 240;
    for n in 0..total {
        let days_ago = (total - 1 - n) as i64 * 365 / total as i64;
        let day = today - chrono::Duration::days(days_ago);
        let procedure_id = pick(n * 7 + 3).and_then(|i| procedures.get(i).copied());
        let anonymous = n % 9 < 5 || residents.is_empty();
        let resident_id = (!anonymous).then(|| residents[n * 13 % residents.len()]);
        let reasons: Vec<String> = match n % 6 {
            0 => vec!["no_device"],
            1 => vec!["cannot_operate", "anxiety"],
            2 => vec!["cannot_operate"],
            3 => vec!["vision_hearing", "cannot_operate"],
            4 => vec!["anxiety"],
            _ => vec!["no_email", "no_device"],
        }
        .into_iter()
        .map(String::from)
        .collect();
        let provided: Vec<String> = match n % 5 {
            0 | 1 => vec!["paper_handed"],
            2 => vec!["proxy_entry"],
            3 => vec!["accompanied"],
            _ => vec!["paper_mailed"],
        }
        .into_iter()
        .map(String::from)
        .collect();
        // Some older requests of known residents were referred to a workshop they booked.
        let referral: Option<i64> = match resident_id {
            Some(resident) if days_ago > 20 && n % 4 == 0 => {
                sqlx::query_scalar(
                    "SELECT id FROM registrations WHERE resident_id = $1 ORDER BY id LIMIT 1",
                )
                .bind(resident)
                .fetch_optional(&mut **tx)
                .await?
            }
            _ => None,
        };
        let status = match days_ago {
            _ if referral.is_some() => Status::Open,
            0..=6 => Status::Open,
            7..=20 if n % 2 == 0 => Status::InProgress,
            7..=20 => Status::Open,
            _ => Status::Resolved,
        };
        let follow_up_on = status.is_open().then(|| {
            (day + chrono::Duration::days(7 + (n % 5) as i64)).format("%Y-%m-%d").to_string()
        });
        let input = paper_support::SupportInput {
            resident_id,
            age_band: anonymous.then(|| crate::domain::AgeBand::ALL[3 + n % 4].code().to_string()),
            district_id: anonymous.then(|| districts[n * 5 % districts.len()]),
            requested_on: day.format("%Y-%m-%d").to_string(),
            channel: Channel::ALL[[0, 0, 1, 0, 1, 2, 0, 1, 3, 0][n % 10]],
            procedure_id,
            procedure_other: if procedure_id.is_none() {
                OTHER_PROCEDURES[n % OTHER_PROCEDURES.len()].to_string()
            } else {
                String::new()
            },
            reasons,
            reason_other: String::new(),
            provided,
            status,
            follow_up_on,
            minutes: 10 + (n as i64 * 7) % 50,
            notes: String::new(),
        };
        let (id, _) =
            paper_support::insert(tx, &input, staff, &format!("demo-support-{n}")).await?;
        if let (Some(resident), Some(registration)) = (resident_id, referral) {
            paper_support::mark_referred(tx, id, resident, registration).await?;
        }
    }
    Ok(total)
}
