//! The emulation office's report (SPEC §6), as the office reads it: the tallies are
//! `model::coverage::Report`; [`table`], [`csv`], [`html`] and [`xlsx`] present them;
//! [`pending`] is the reminder before a quarter's deadline.

pub mod csv;
pub mod html;
pub mod issuer;
pub mod pending;
pub mod table;
pub mod xlsx;
