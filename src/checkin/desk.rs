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
    /// The volunteer signed in: the queue kept on the phone is theirs.
    pub user_id: i64,
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

    /// Queues a tap: added to what the phone keeps (read again first, so a tap made in
    /// another tab of the page is not overwritten), then sent.
    pub fn push(self, tap: Tap) {
        let mut taps = offline::queued(self.session_id, self.user_id);
        taps.push(tap);
        offline::save(self.session_id, self.user_id, &taps);
        self.queue.set(taps);
        self.send();
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
                // A long queue goes a hundred taps at a time, oldest first.
                let taps = self.queue.with_untracked(|q| q.iter().take(100).cloned().collect());
                match sync_checkin(self.session_id, taps).await {
                    Ok(synced) => {
                        set_if_changed(self.online, true);
                        set_if_changed(self.stuck, None);
                        self.take(synced);
                        if self.queue.with_untracked(Vec::is_empty) {
                            break;
                        }
                    }
                    // Did not arrive (or the server could not answer): worth sending again.
                    Err(AppError::Request(_) | AppError::Internal | AppError::TooMany) => {
                        set_if_changed(self.online, false);
                        pause(5).await;
                    }
                    // Signed out, not allowed, or not understood: sending again would not
                    // help; the taps stay on the phone.
                    Err(refused) => {
                        set_if_changed(self.online, true);
                        set_if_changed(self.stuck, Some(refused));
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
            let known =
                synced.entries.iter().find(|e| e.registration_id == id).map(|e| e.name.clone());
            known
                .or_else(|| {
                    self.list.with_untracked(|l| {
                        l.iter().find(|e| e.registration_id == id).map(|e| e.name.clone())
                    })
                })
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
                Tap::LoanCheck { loan_id, .. } => {
                    let label = |l: &LoanLine| format!("{} → {}", l.device_label, l.holder);
                    let known = synced.loans.iter().find(|l| l.id == *loan_id).map(label);
                    known
                        .or_else(|| {
                            self.loans.with_untracked(|all| {
                                all.iter().find(|l| l.id == *loan_id).map(label)
                            })
                        })
                        .unwrap_or_default()
                }
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
        let mut taps = offline::queued(self.session_id, self.user_id);
        taps.retain(|tap| !answered(tap));
        offline::save(self.session_id, self.user_id, &taps);
        self.queue.set(taps);
        if !notes.is_empty() {
            self.notes.update(|n| n.extend(notes));
        }
        // Set only when changed: a signal set notifies even with the same value, and the
        // rows' buttons and the walk-in form (with what is being typed) would be rebuilt.
        set_if_changed(self.closed, synced.closed);
        self.list.set(synced.entries);
        self.loans.set(synced.loans);
        self.available.set(synced.available);
    }
}

fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|now| *now != value) {
        signal.set(value);
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
