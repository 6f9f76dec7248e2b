//! yorisoi: the digital-divide programme of Higashiyamato City: workshops, phone intake,
//! check-in, supporters, paper-fallback requests and reach reports.
#![recursion_limit = "256"]

pub mod app;
pub mod assignments;
pub mod audit;
pub mod auth;
pub mod checkin;
pub mod city;
pub mod directory;
pub mod disclosure;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod integrations;
pub mod loaners;
pub mod notify;
pub mod paper_support;
pub mod questionnaires;
pub mod reach;
pub mod registrations;
pub mod residents;
pub mod retention;
pub mod seat_requests;
pub mod session_reports;
pub mod sessions;
pub mod supporters;
pub mod today;
pub mod ui;
pub mod users;

#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod web;

/// Browser entry point: starts the reactive system; the page's loader (`ui::islands`) then
/// hydrates each island on the page. Nothing outside an island is hydrated.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
