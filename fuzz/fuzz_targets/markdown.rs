//! Fuzz target `markdown`: raw bytes through `guong::fuzzing::markdown`, which panics when a
//! safety rule of SPEC §7 breaks. Run: `cargo +nightly fuzz run markdown`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = guong::fuzzing::markdown(data);
});
