#if canImport(Glibc)
import Glibc

/// Maps the pages of a large fresh buffer on another thread while this one fills it.
///
/// Writing 47 MB into fresh memory costs one page fault per 4 KiB, about 20 ms of the
/// 85 ms it takes to ungzip the MNIST training images. `madvise(MADV_POPULATE_WRITE)`
/// (Linux 5.14) maps pages in bulk without touching their contents, so it can run ahead
/// of the decompressor on the other core; on older kernels it fails and nothing changes.
/// The thread runs under `SCHED_IDLE`: it only takes CPU time nothing else wants, so it
/// never slows the decoding of the other files beside it.
///
/// The buffer also asks for transparent huge pages (`MADV_HUGEPAGE`: the kernel's default
/// gives them only to those who ask): one fault maps 2 MiB instead of 4 KiB. When both cores
/// decode and the thread gets no time, loading took about 5 ms less.
struct PageFaulting {
    private var thread: pthread_t?

    /// Starts populating `buffer` when it is large enough to be worth a thread.
    init(_ buffer: UnsafeMutableRawBufferPointer) {
        let page = 4096, hugePage: UInt = 1 << 21
        guard buffer.count >= 1 << 23, let base = buffer.baseAddress else { return }
        let hugeStart = (UInt(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let hugeEnd = (UInt(bitPattern: base) + UInt(buffer.count)) & ~(hugePage - 1)
        if hugeEnd > hugeStart { _ = madvise(UnsafeMutableRawPointer(bitPattern: hugeStart), Int(hugeEnd - hugeStart), 14 /* MADV_HUGEPAGE */) }
        let start = (UInt(bitPattern: base) + UInt(page - 1)) & ~UInt(page - 1)
        let end = (UInt(bitPattern: base) + UInt(buffer.count)) & ~UInt(page - 1)
        guard end > start else { return }
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
                _ = madvise(UnsafeMutableRawPointer(bitPattern: at), Int(length), 23 /* MADV_POPULATE_WRITE */)
                at += length
            }
            range.deallocate()
            return nil
        }, range)
        if created == 0 { self.thread = thread } else { range.deallocate() }
    }

    /// Waits for the populating thread, if one was started.
    func finish() {
        if let thread { pthread_join(thread, nil) }
    }
}
#else
/// Elsewhere than on Linux, pages are mapped as they are written.
struct PageFaulting {
    init(_ buffer: UnsafeMutableRawBufferPointer) {}
    func finish() {}
}
#endif
