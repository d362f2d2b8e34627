//! The command-line subcommands.

pub mod build;
