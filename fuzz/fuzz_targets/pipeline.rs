//! Fuzz target `pipeline`: raw bytes through `guong::fuzzing::pipeline`, which panics when a
//! safety rule of SPEC §7 breaks. Run: `cargo +nightly fuzz run pipeline`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = guong::fuzzing::pipeline(data);
});
