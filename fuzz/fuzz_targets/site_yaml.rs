//! Fuzz target `site_yaml`: raw bytes through `guong::fuzzing::site_yaml`, which panics when a
//! safety rule of SPEC §7 breaks. Run: `cargo +nightly fuzz run site_yaml`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = guong::fuzzing::site_yaml(data);
});
