//! The state of the check-in island ([`super::island`]) and how it reaches the server: the
//! list and loans as the server last gave them, the queue of taps (kept on the phone by
//! [`super::offline`]), and the one sending at a time that delivers the queue in order
//! to `checkin/sync` and takes the answer.

use super::api::sync_checkin;
use super::{offline, CheckinEntry, Outcome, Synced, Tap};
use crate::error::AppError;
use crate::i18n::{fill, t, ErrorCode};
use crate::loaners::LoanLine;
use leptos::prelude::*;

/// The island's state, shared by its parts (plain signals, so it is `Copy`).
#[derive(Clone, Copy)]
pub struct Desk {
    pub session_id: i64,
    /// The list as the server last gave it.
    pub list: RwSignal<Vec<CheckinEntry>>,
    /// The session's loans and the phones free to lend, as the server last gave them.
    pub loans: RwSignal<Vec<LoanLine>>,
    pub available: RwSignal<Vec<(i64, String)>>,
    /// Taps not yet answered by the server, oldest first (also in the phone's storage).
    pub queue: RwSignal<Vec<Tap>>,
    /// Why attendance cannot be taken now, if so.
    pub closed: RwSignal<Option<ErrorCode>>,
    /// False while the server cannot be reached.
    pub online: RwSignal<bool>,
    /// A sending is under way (one at a time, so taps arrive in order).
    pub sending: RwSignal<bool>,
    /// The server refused the whole queue (signed out, no longer allowed).
    pub stuck: RwSignal<Option<AppError>>,
    /// What the page has to explain: conflicts and refused taps.
    pub notes: RwSignal<Vec<String>>,
    /// The day the stored queue belongs to.
    pub until: StoredValue<String>,
}

impl Desk {
    /// Whether a person shows as present: their last queued tap, else the server's list.
    pub fn shows_present(&self, id: i64) -> bool {
        let queued = self.queue.with(|q| {
            q.iter().rev().find_map(|tap| match tap {
                Tap::Mark { registration_id, present, .. } if *registration_id == id => {
                    Some(*present)
                }
                _ => None,
            })
        });
        queued.unwrap_or_else(|| {
            self.list.with(|l| l.iter().any(|e| e.registration_id == id && e.attended))
        })
    }

    pub fn is_queued(&self, id: i64) -> bool {
        self.queue.with(|q| {
            q.iter().any(
                |tap| matches!(tap, Tap::Mark { registration_id, .. } if *registration_id == id),
            )
        })
    }

    /// Queues a tap, keeps the queue on the phone and sends it.
    pub fn push(self, tap: Tap) {
        self.queue.update(|q| q.push(tap));
        self.keep();
        self.send();
    }

    fn keep(&self) {
        self.until.with_value(|until| {
            offline::save(self.session_id, until, &self.queue.get_untracked());
        });
    }

    /// Sends the queue (or, when it is empty, asks for the list as it stands) until the
    /// server has it all; tries again every few seconds while it cannot be reached.
    pub fn send(self) {
        if self.sending.get_untracked() {
            return;
        }
        self.sending.set(true);
        leptos::task::spawn_local(async move {
            loop {
                let taps = self.queue.get_untracked();
                match sync_checkin(self.session_id, taps).await {
                    Ok(synced) => {
                        self.online.set(true);
                        self.stuck.set(None);
                        self.take(synced);
                        if self.queue.with_untracked(Vec::is_empty) {
                            break;
                        }
                    }
                    Err(AppError::Request(_) | AppError::Internal | AppError::TooMany) => {
                        self.online.set(false);
                        pause(5).await;
                    }
                    Err(refused) => {
                        self.online.set(true);
                        self.stuck.set(Some(refused));
                        break;
                    }
                }
            }
            self.sending.set(false);
        });
    }

    /// Takes the server's answer: answered taps leave the queue, conflicts and refusals
    /// are explained, the list becomes the server's.
    fn take(&self, synced: Synced) {
        let m = t();
        let sent = self.queue.get_untracked();
        let name_of = |id: i64| {
            synced
                .entries
                .iter()
                .chain(self.list.get_untracked().iter())
                .find(|e| e.registration_id == id)
                .map(|e| e.name.clone())
                .unwrap_or_default()
        };
        let mut notes = Vec::new();
        for (key, outcome) in &synced.outcomes {
            let Some(tap) = sent.iter().find(|tap| tap.key() == key) else { continue };
            let name = match tap {
                Tap::Mark { registration_id, .. } | Tap::Lend { registration_id, .. } => {
                    name_of(*registration_id)
                }
                Tap::Walkin { name, .. } => name.clone(),
                Tap::LoanCheck { loan_id, .. } => synced
                    .loans
                    .iter()
                    .chain(self.loans.get_untracked().iter())
                    .find(|l| l.id == *loan_id)
                    .map(|l| format!("{} → {}", l.device_label, l.holder))
                    .unwrap_or_default(),
            };
            match outcome {
                Outcome::Applied => {}
                Outcome::Kept { present, at, .. } => {
                    let state =
                        if *present { m.checkin.state_present } else { m.checkin.state_absent };
                    let time = chrono::DateTime::from_timestamp(*at, 0)
                        .map(crate::domain::format_time)
                        .unwrap_or_default();
                    notes.push(fill(
                        m.checkin.conflict_kept,
                        &[("name", &name), ("time", &time), ("state", state)],
                    ));
                }
                Outcome::Refused(code) => {
                    let reason = m.error_text(code.code());
                    notes.push(fill(m.checkin.tap_refused, &[("name", &name), ("reason", reason)]));
                }
            }
        }
        let answered = |tap: &Tap| synced.outcomes.iter().any(|(key, _)| key == tap.key());
        self.queue.update(|q| q.retain(|tap| !answered(tap)));
        self.keep();
        if !notes.is_empty() {
            self.notes.update(|n| n.extend(notes));
        }
        self.closed.set(synced.closed);
        self.list.set(synced.entries);
        self.loans.set(synced.loans);
        self.available.set(synced.available);
    }
}

/// Waits, in the browser, before trying again.
pub async fn pause(seconds: u64) {
    let (done, wait) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        std::time::Duration::from_secs(seconds),
    );
    let _ = wait.await;
}
