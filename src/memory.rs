//! Giving freed memory back to the system. glibc keeps the pages freed in each thread's arena
//! (and raises its `mmap` threshold after a large buffer is freed, so later buffers of that size
//! land in the arenas too): after a parallel stage of many mid-sized buffers, such as the image
//! stage's 1200×630 previews, the resident size can be several times what is in use.

/// Returns the allocator's free pages to the system (a no-op off glibc).
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of the allocator to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}
