//! Generated requests, on SQLite and PostgreSQL: arbitrary form bodies (field names the
//! forms use and any other, values of every awkward kind: control characters, huge and
//! negative numbers, dates at the ends of the calendar, very long text, broken encodings)
//! to every form route and every server function, as every role and as nobody. No answer
//! may be a 5xx, and the server must still answer afterwards.
use crate::common;

use common::{client, on_both, TestApp};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};

/// Every form route (`{id}`-like parts are filled in per request).
const FORM_ROUTES: &[&str] = &[
    "/auth/calendar",
    "/auth/lang",
    "/auth/login",
    "/auth/password",
    "/auth/setup",
    "/forms/calls/{id}",
    "/forms/city",
    "/forms/districts",
    "/forms/districts/{id}",
    "/forms/integrations",
    "/forms/integrations/{id}/revoke",
    "/forms/public/requests",
    "/forms/public/requests/lookup",
    "/forms/public/requests/cancel",
    "/forms/public/ruby",
    "/forms/requests/settings",
    "/forms/requests/{id}/confirm",
    "/forms/requests/{id}/unreachable",
    "/forms/requests/{id}/decline",
    "/forms/course-units",
    "/forms/course-units/{id}",
    "/forms/devices",
    "/forms/import",
    "/forms/import/{token}",
    "/forms/letters/printed",
    "/forms/loans/{id}/{check}",
    "/forms/partners",
    "/forms/partners/{id}",
    "/forms/partners/{id}/calendar",
    "/forms/partners/{id}/calendar/pull",
    "/forms/retention/rules",
    "/forms/retention/apply",
    "/forms/sessions/{id}/roster",
    "/forms/loans/{id}/home-return",
    "/forms/procedures",
    "/forms/procedures/{id}",
    "/forms/registrations",
    "/forms/registrations/{id}/attendance",
    "/forms/registrations/{id}/cancel",
    "/forms/residents",
    "/forms/residents/from-search",
    "/forms/residents/{id}",
    "/forms/residents/{id}/erase",
    "/forms/residents/{id}/merge",
    "/forms/sessions",
    "/forms/sessions/{id}",
    "/forms/sessions/cancel",
    "/forms/sessions/{id}/cancel",
    "/forms/sessions/{id}/cohosts/{partner}/approve",
    "/forms/sessions/{id}/helpers",
    "/forms/sessions/{id}/helpers/{user}/remove",
    "/forms/sessions/{id}/loans",
    "/forms/sessions/{id}/offer",
    "/forms/sessions/{id}/report",
    "/forms/sessions/{id}/report/reopen",
    "/forms/sessions/{id}/questionnaires",
    "/forms/q/{id}",
    "/forms/sessions/{id}/invitations",
    "/forms/sessions/{id}/supporters",
    "/forms/sessions/{id}/walkins",
    "/forms/support",
    "/forms/support/{id}",
    "/forms/supporters",
    "/forms/supporters/reminders/{id}/called",
    "/forms/supporters/settings",
    "/forms/supporters/interested",
    "/forms/my-supporter/units/{id}",
    "/forms/supporters/{id}",
    "/forms/supporters/{id}/credentials",
    "/forms/supporters/{id}/stage",
    "/forms/supporters/{id}/units",
    "/forms/topics",
    "/forms/topics/{id}",
    "/forms/users",
    "/forms/users/{id}",
    "/forms/venues",
    "/forms/venues/{id}",
];

/// Downloads that read a query.
const DOWNLOADS: &[&str] = &[
    "/reports/reach.csv",
    "/admin/retention/dry-run.csv",
    "/admin/register.csv",
    "/reports/reach.xlsx",
    "/support/report.csv",
    "/supporters/register.csv",
    "/calendar/private/{token}.ics",
];

/// Every server function, under `/api/`.
const SERVER_FUNCTIONS: &[&str] = &[
    "public/sessions",
    "public/session",
    "public/request",
    "public/questionnaire",
    "questionnaires/print",
    "questionnaires/entry",
    "questionnaires/waiting",
    "requests/queue",
    "requests/one",
    "integrations/list",
    "city/settings",
    "supporters/board",
    "supporters/form",
    "supporters/one",
    "supporters/mine",
    "supporters/matching",
    "supporters/register",
    "supporters/reminders",
    "reports/reach",
    "reports/reach/published",
    "users/list",
    "users/get",
    "users/temporary-password",
    "notify/calls",
    "notify/letters",
    "notify/outbox",
    "registrations/choices",
    "registrations/readback",
    "registrations/roster",
    "checkin/sheet",
    "checkin/sync",
    "audit/list",
    "retention/overview",
    "retention/register",
    "disclosure/resident",
    "sessions/list",
    "sessions/get",
    "sessions/options",
    "sessions/feeds",
    "sessions/month",
    "sessions/import-preview",
    "sessions/cancel-preview",
    "sessions/cancelled",
    "reports/session",
    "residents/search",
    "residents/get",
    "residents/matches",
    "residents/walkins",
    "residents/districts",
    "support/lists",
    "support/form",
    "support/report",
    "support/report/published",
    "directory/partners",
    "directory/venues",
    "directory/partner",
    "directory/partner-calendar",
    "directory/venue",
    "directory/districts",
    "directory/list",
    "loaners/inventory",
    "loaners/session",
    "assignments/session",
    "assignments/mine",
    "today",
    "today/session-warnings",
];

/// Field names the forms and server functions read, and a few nested ones.
const FIELDS: &[&str] = &[
    "action",
    "adult",
    "age_band",
    "back",
    "basis",
    "birth_year",
    "capacity",
    "certified_on",
    "channel",
    "cohost",
    "confirm",
    "confirm_distinct",
    "consent",
    "contact_name",
    "contact_phone",
    "contact_pref",
    "current",
    "date",
    "device_id",
    "display_name",
    "district_id",
    "earned_on",
    "email",
    "email_owner",
    "end_time",
    "expires_on",
    "fixed_resident",
    "follow_up_on",
    "help",
    "helper",
    "host_partner_id",
    "id",
    "ids",
    "incidents",
    "into",
    "kana",
    "key",
    "kind",
    "label",
    "lang",
    "level",
    "login",
    "minutes",
    "model",
    "month",
    "name",
    "need",
    "next",
    "note",
    "notes",
    "os",
    "outcome",
    "override_conflict",
    "partner_id",
    "password",
    "password_confirm",
    "phone",
    "postal_code",
    "present",
    "procedure",
    "procedure_other",
    "q",
    "reason",
    "reason_other",
    "registration_id",
    "repeat",
    "repeat_count",
    "requested_on",
    "resident_id",
    "role",
    "scope",
    "session_id",
    "smartphone",
    "stage",
    "start_time",
    "starts_on",
    "status",
    "support_request",
    "title",
    "token",
    "topic",
    "unit",
    "units_on",
    "venue_id",
    "walkin_name",
    "fy",
    "list",
    "filter[from]",
    "filter[to]",
    "filter[user]",
    "filter[record]",
    "filter[month]",
    "filter[partner_id]",
    "sat_1",
    "sat_5",
    "could_1",
    "minutes_1",
    "description",
    "what_to_bring",
    "volunteer_notes",
    "sensitive_notes",
    "address",
    "phone_alt",
    "day",
    "time",
];

fn awkward_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("1".to_string()),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("2".to_string()),
        Just("3".to_string()),
        Just("9223372036854775807".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("1e308".to_string()),
        Just("NaN".to_string()),
        Just("+262143-12-31".to_string()),
        Just("-262143-01-01".to_string()),
        Just("9999-12-31".to_string()),
        Just("2025-02-30".to_string()),
        Just("2025-06-12".to_string()),
        Just("24:00".to_string()),
        Just("10:00".to_string()),
        Just("昭和99年".to_string()),
        Just("on".to_string()),
        Just("admin".to_string()),
        Just("save".to_string()),
        Just("finalise".to_string()),
        Just("disable".to_string()),
        Just("active".to_string()),
        Just("a\u{0}b".to_string()),
        Just("\u{7}\u{1b}[31m\r\n".to_string()),
        Just("x".repeat(20_000)),
        "\\PC{0,40}",
        any::<String>(),
        (0i64..=2000).prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
    ]
}

/// A form body: some known field names (repeated ones included) and perhaps an unknown one.
fn body() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        9 => proptest::sample::select(FIELDS).prop_map(str::to_string),
        1 => "\\PC{0,20}",
    ];
    proptest::collection::vec((name, awkward_text()), 0..12)
}

/// A value for a `{…}` part of a path.
fn path_part() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (1i64..=4).prop_map(|n| n.to_string()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => Just("abc".to_string()),
        1 => Just("%00".to_string()),
        1 => Just("returned".to_string()),
    ]
}

/// Draws `count` values of `strategy` from a fixed seed, so a failure can be run again.
fn draw<T: std::fmt::Debug>(strategy: impl Strategy<Value = T>, count: usize, seed: u8) -> Vec<T> {
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
    let mut runner = TestRunner::new_with_rng(RunnerConfig::default(), rng);
    (0..count).map(|_| strategy.new_tree(&mut runner).expect("a value").current()).collect()
}

fn fill(path: &str, parts: &mut impl Iterator<Item = String>) -> String {
    path.split('/')
        .map(|segment| match segment.strip_prefix('{').and_then(|s| s.split_once('}')) {
            Some((_, rest)) => format!("{}{rest}", parts.next().unwrap_or_else(|| "1".into())),
            None => segment.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Bodies as a browser would send them, and a few no browser would.
fn encode(pairs: &[(String, String)], raw: bool) -> String {
    let mut text = serde_urlencoded::to_string(pairs).unwrap_or_default();
    if raw {
        text.push_str("&%ZZ=%E3%81&=&&key%00=\u{0}");
    }
    text
}

#[tokio::test]
async fn no_generated_request_gets_a_server_error() {
    on_both(async |app: TestApp| {
        yorisoi::demo::load(&app.db, false).await.expect("demo data");
        let mut callers = vec![("nobody", client())];
        for login in
            ["demo-admin", "demo-staff", "demo-coordinator", "demo-volunteer", "demo-reviewer"]
        {
            let c = client();
            let r = app.sign_in(&c, login, yorisoi::demo::DEMO_PASSWORD).await;
            assert_eq!(r.status(), 303, "{login} signs in");
            callers.push((login, c));
        }
        const PER_TARGET: usize = 12;
        let targets: Vec<(&str, String)> = FORM_ROUTES
            .iter()
            .map(|p| ("post", p.to_string()))
            .chain(DOWNLOADS.iter().map(|p| ("get", p.to_string())))
            .chain(SERVER_FUNCTIONS.iter().map(|f| ("post", format!("/api/{f}"))))
            .collect();
        let bodies = draw(body(), targets.len() * PER_TARGET, 7);
        let mut parts = draw(path_part(), targets.len() * PER_TARGET * 2, 11).into_iter();
        let mut failures = Vec::new();
        let ((), log) = common::logged(async {
            for (t, (method, path)) in targets.iter().enumerate() {
                for k in 0..PER_TARGET {
                    let pairs = &bodies[t * PER_TARGET + k];
                    let (who, c) = &callers[(t + k) % callers.len()];
                    let url = app.url(&fill(path, &mut parts));
                    let raw = k == PER_TARGET - 1;
                    let request = if *method == "get" {
                        c.get(format!("{url}?{}", encode(pairs, raw)))
                    } else {
                        c.post(&url)
                            .header("content-type", "application/x-www-form-urlencoded")
                            .body(encode(pairs, raw))
                    };
                    let r = request.send().await.expect("an answer");
                    if r.status().is_server_error() {
                        failures.push(format!("{} {method} {url} as {who}: {pairs:?}", r.status()));
                    }
                }
            }
        })
        .await;
        let causes: Vec<&str> = log.lines().filter(|l| l.contains("ERROR")).collect();
        assert!(
            failures.is_empty(),
            "{} server errors:\n{}\nlogged:\n{}",
            failures.len(),
            failures.join("\n"),
            causes.join("\n")
        );
        assert_eq!(app.get(&client(), "/healthz").await.status(), 200, "still serving");
    })
    .await;
}
