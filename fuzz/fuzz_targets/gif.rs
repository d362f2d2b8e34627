//! Fuzz target `gif`: raw bytes through `guong::fuzzing::gif`, the GIF metadata walk (SPEC §8),
//! which panics when the walk panics, is not idempotent, or changes the decoded frames.
//! Run: `cargo +nightly fuzz run gif`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    guong::fuzzing::gif(data);
});
