#if canImport(Glibc)
import Glibc

/// Maps the pages of fresh buffers in bulk, before the decompressor writes them.
///
/// Writing 55 MB into fresh memory costs one page fault per 4 KiB, about 2 µs each in this
/// virtual machine: some 25 ms of CPU time. `madvise(MADV_POPULATE_WRITE)` (Linux 5.14)
/// maps pages in bulk without touching their contents, for a fraction of that; on older
/// kernels it fails and the pages fault in as before. Two ways to use it:
/// - `populate(_:)`, on the thread that is about to write the pages, when all cores decode.
/// - `PageFaulting(ahead:)`, a thread that maps a buffer ahead of a decompressor that must
///   fill it alone (a single-member gzip file). It runs under `SCHED_IDLE`, so it takes only
///   CPU time nothing else wants. Not while all cores decode: there it starved, holding
///   locks the decoders then waited on, and 1 ms decoding tasks took 8 to 30 ms.
struct PageFaulting {
    private var thread: pthread_t?

    /// Maps the pages that `buffer` touches.
    static func populate(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let (start, end) = pages(of: buffer) else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), 23 /* MADV_POPULATE_WRITE */)
    }

    /// Starts mapping `buffer` on another thread when it is large enough to be worth one.
    init(ahead buffer: UnsafeMutableRawBufferPointer) {
        guard buffer.count >= 1 << 23, let (start, end) = Self.pages(of: buffer) else { return }
        let range = UnsafeMutablePointer<UInt>.allocate(capacity: 2)
        range[0] = start
        range[1] = end
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            var priority = sched_param()
            _ = pthread_setschedparam(pthread_self(), 5 /* SCHED_IDLE */, &priority)
            let range = argument!.assumingMemoryBound(to: UInt.self)
            let chunk: UInt = 1 << 20  // in pieces, so the decompressor's first pages are ready soon
            var at = range[0]
            while at < range[1] {
                let length = min(chunk, range[1] - at)
                PageFaulting.populate(UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(bitPattern: at), count: Int(length)))
                at += length
            }
            range.deallocate()
            return nil
        }, range)
        if created == 0 { self.thread = thread } else { range.deallocate() }
    }

    /// Waits for the mapping thread, if one was started.
    func finish() {
        if let thread { pthread_join(thread, nil) }
    }

    /// The first and the end address of the 4 KiB pages `buffer` touches, or nil if none.
    private static func pages(of buffer: UnsafeMutableRawBufferPointer) -> (UInt, UInt)? {
        let page: UInt = 4096
        guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
        let start = UInt(bitPattern: base) & ~(page - 1)
        let end = (UInt(bitPattern: base) + UInt(buffer.count) + page - 1) & ~(page - 1)
        return (start, end)
    }
}
#else
/// Elsewhere than on Linux, pages are mapped as they are written.
struct PageFaulting {
    static func populate(_ buffer: UnsafeMutableRawBufferPointer) {}
    init(ahead buffer: UnsafeMutableRawBufferPointer) {}
    func finish() {}
}
#endif
