//! Fuzz target `front_matter`: raw bytes through `guong::fuzzing::front_matter`, which panics when a
//! safety rule of SPEC §7 breaks. Run: `cargo +nightly fuzz run front_matter`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = guong::fuzzing::front_matter(data);
});
