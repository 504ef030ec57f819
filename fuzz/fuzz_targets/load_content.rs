//! Arbitrary bytes as a site file, a city file and a year file: see harness::load_content.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::load_content(data));
