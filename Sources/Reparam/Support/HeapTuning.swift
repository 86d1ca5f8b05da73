/// glibc's `mallopt`, which Swift's Glibc module does not export (malloc.h).
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// Process-wide allocator settings for programs that draw large tensors repeatedly.
///
/// The engine never calls this itself (a library should not change its host's
/// allocator); `reparam` and `reparam-bench` call it at start-up.
public enum HeapTuning {
    /// Keeps large freed buffers in the heap for reuse instead of unmapping them.
    ///
    /// glibc serves buffers above 128 KiB with fresh `mmap`s and returns them on
    /// `free`, so each million-sample draw faults in new pages (and page faults
    /// from two threads serialize in the kernel), which PyTorch avoids with its
    /// caching allocator. Raising M_MMAP_THRESHOLD (−3) and M_TRIM_THRESHOLD (−1)
    /// to 1 GiB lets the heap reuse them.
    public static func keepFreedBuffers() {
        #if os(Linux)
        _ = mallopt(-3, 1 << 30)
        _ = mallopt(-1, 1 << 30)
        #endif
    }
}
