//! The integration suite in one test binary (one link of the app instead of one per file):
//! the real router on a real SQLite file and a real PostgreSQL database (`common::on_both`),
//! the real binary (`cli`), a real SMTP conversation on loopback (`mail`), and checks that
//! read the source (`layers`, `migrations`).
#![cfg(feature = "ssr")]

mod common;

mod admin_users;
mod auth;
mod backup;
mod city;
mod cli;
mod directory;
mod disclosure;
mod feeds;
mod generated;
mod health;
mod home_loans;
mod import;
mod intake;
mod integrations;
mod islands;
mod layers;
mod mail;
mod migrations;
mod offline_checkin;
mod paper_support;
mod plan_changes;
mod questionnaires;
mod races;
mod reach;
mod retention;
mod roles;
mod roster;
mod seat_requests;
mod security;
mod session_day;
mod sessions;
mod subscriptions;
mod supporters;
mod today;
