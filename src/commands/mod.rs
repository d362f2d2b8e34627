//! The command-line subcommands.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod report;
pub mod serve;
