/// Some byte ranges of a file, kept one after another: how a loader keeps only the images
/// it needs as a file is decoded (the assignment's digit pair is a fifth of MNIST's images).
///
/// Invariants: `ranges` are ascending, disjoint, nonempty and within the file; `places[i]`
/// is where range i starts among the kept bytes (the lengths of the ranges before it), and
/// `count` is the number of kept bytes.
struct ByteSelection {
    let ranges: [Range<Int>]
    let places: [Int]
    let count: Int

    /// `ranges` (ascending and disjoint) cut to a file of `size` bytes; touching ranges are merged.
    init(_ ranges: [Range<Int>], size: Int) {
        var merged: [Range<Int>] = []
        for range in ranges {
            let cut = range.clamped(to: 0..<max(size, 0))
            guard !cut.isEmpty else { continue }
            precondition(merged.last.map { $0.upperBound <= cut.lowerBound } ?? true, "ranges must be ascending and disjoint")
            if let last = merged.last, last.upperBound == cut.lowerBound {
                merged[merged.count - 1] = last.lowerBound..<cut.upperBound
            } else {
                merged.append(cut)
            }
        }
        var places: [Int] = [], count = 0
        for range in merged {
            places.append(count)
            count += range.count
        }
        self.ranges = merged
        self.places = places
        self.count = count
    }

    /// Copies the kept bytes among `bytes`, which hold the file's bytes `span`, to their
    /// places in `kept` (`count` bytes).
    func copy(_ bytes: UnsafeRawPointer, holding span: Range<Int>, into kept: UnsafeMutableRawPointer) {
        var index = firstRange(endingAfter: span.lowerBound)
        while index < ranges.count, ranges[index].lowerBound < span.upperBound {
            let common = ranges[index].clamped(to: span)
            (kept + places[index] + (common.lowerBound - ranges[index].lowerBound))
                .copyMemory(from: bytes + (common.lowerBound - span.lowerBound), byteCount: common.count)
            index += 1
        }
    }

    /// Where the kept bytes of the file's bytes `span` lie among the kept bytes.
    func places(of span: Range<Int>) -> Range<Int> {
        keptBytes(before: span.lowerBound)..<keptBytes(before: span.upperBound)
    }

    /// The number of kept bytes before the file's byte `offset`.
    private func keptBytes(before offset: Int) -> Int {
        let index = firstRange(endingAfter: offset)
        return index < ranges.count ? places[index] + max(0, offset - ranges[index].lowerBound) : count
    }

    /// The kept bytes of a whole file.
    func kept(from file: [UInt8]) -> [UInt8] {
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            file.withUnsafeBytes { copy($0.baseAddress!, holding: 0..<file.count, into: UnsafeMutableRawPointer(buffer.baseAddress!)) }
            initialized = count
        }
    }

    /// The index of the first range that ends after `offset` (binary search), or `ranges.count`.
    private func firstRange(endingAfter offset: Int) -> Int {
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
