import CLibDeflate
import Foundation

/// gzip and raw DEFLATE decompression of whole buffers, through libdeflate.
///
/// Whole-buffer decoding is about three times faster than zlib's streaming inflate, which
/// matters here: ungzipping the 47 MB MNIST training images is most of loading. Several
/// files are decoded side by side, and a blocked gzip file (BGZF) on all cores at once, a
/// run of its members per task, which reads that run's part of the file itself.
enum Deflate {
    /// DEFLATE's largest expansion: 258 bytes from 2 bits (1032:1). A stream that announces
    /// more output than that is damaged, and must not make the reader allocate its size.
    static let largestExpansion = 1032

    /// A file's contents as `gunzipWhereCompressed` returns them.
    struct Decoded {
        /// The decoded file, or only its bytes that a `ByteSelection` keeps.
        var bytes: [UInt8]
        /// The size of the whole decoded file.
        var size: Int
    }

    /// Each file's contents: gzip files decompressed, each of one member or blocked with any
    /// number (every member's CRC-32 and size are checked); other files and failures as they
    /// come. With `keeping[file]`, only those byte ranges of the decoded file (ascending and
    /// disjoint), one after the other: a blocked file's members are then decoded into scratch
    /// space and never stored whole.
    static func gunzipWhereCompressed(_ files: [Result<OpenFile, DatasetError>], keeping: [[Range<Int>]?]) -> [Result<Decoded, DatasetError>] {
        // On all cores: each gzip file's members (only their headers and trailers are read),
        // or the bytes of any other file.
        let sources = Parallel.map(files.count) { index in
            files[index].flatMap { file in Result { () throws(DatasetError) in try Source(file) } }
        }
        let plans = sources.map { source -> [GzipMember] in if case .success(.gzip(_, let members)) = source { members } else { [] } }
        let selections = files.indices.map { index -> ByteSelection? in
            guard let ranges = keeping[index], let source = try? sources[index].get() else { return nil }
            switch source {
            case .gzip(_, let members): return ByteSelection(ranges, size: members.outputBytes)
            case .plain(let bytes): return ByteSelection(ranges, size: bytes.count)
            }
        }
        // Biggest first, so that a single-member file that must be decoded in one piece
        // starts at once and the others fill the remaining cores beside it.
        let fileRuns = plans.map { runs(of: $0, outputBytes: 1 << 20) }
        let tasks = plans.indices.flatMap { index in fileRuns[index].map { (file: index, members: $0) } }
            .sorted { plans[$0.file][$0.members].outputBytes > plans[$1.file][$1.members].outputBytes }
        // A whole file decoded in one piece leaves cores idle: a thread maps its pages ahead.
        // Otherwise each task maps the pages it is about to write first.
        let mappedAhead = files.indices.map { fileRuns[$0].count == 1 && selections[$0] == nil }
        let buffers = plans.indices.map { (size: selections[$0]?.count ?? plans[$0].outputBytes, mappedAhead: mappedAhead[$0]) }
        let (outputs, problems) = withOutputs(buffers[...], filled: []) { outputs in
            let failures = Parallel.map(tasks.count) { index in
                let task = tasks[index]
                guard case .success(.gzip(let file, let members)) = sources[task.file] else { return nil as DatasetError.Problem? }
                return decode(members[task.members], from: file, into: outputs[task.file],
                              keeping: selections[task.file], named: members.count > 1, mapFirst: !mappedAhead[task.file])
            }
            // Per file, the failure of its first damaged run (tasks are in order of size).
            return plans.indices.map { index in
                tasks.indices.filter { tasks[$0].file == index && failures[$0] != nil }
                    .min { tasks[$0].members.lowerBound < tasks[$1].members.lowerBound }
                    .flatMap { failures[$0] }
            }
        }
        return files.indices.map { index in
            sources[index].flatMap { source in
                switch source {
                case .plain(let bytes):
                    return .success(Decoded(bytes: selections[index]?.kept(from: bytes) ?? bytes, size: bytes.count))
                case .gzip(let file, let members):
                    if let problem = problems[index] { return .failure(DatasetError(file: file.path, problem)) }
                    return .success(Decoded(bytes: outputs[index], size: members.outputBytes))
                }
            }
        }
    }

    /// What decoding a file starts from.
    private enum Source {
        /// A gzip file (magic number 1f 8b) and where its members lie.
        case gzip(OpenFile, [GzipMember])
        /// Any other file, read whole.
        case plain([UInt8])

        init(_ file: OpenFile) throws(DatasetError) {
            self = try file.bytes(0..<2) == [0x1f, 0x8b] ? .gzip(file, GzipMember.members(of: file)) : .plain(file.bytes(0..<file.size))
        }
    }

    /// Decompresses a raw DEFLATE stream (a zip member) whose size is known in advance.
    static func inflate(_ bytes: ArraySlice<UInt8>, size: Int, file: String) throws(DatasetError) -> [UInt8] {
        guard size <= largestExpansion * bytes.count else {
            throw DatasetError(file: file, .corruptCompression("announces \(size) bytes from \(bytes.count), more than DEFLATE can encode"))
        }
        let (outputs, problems) = withOutputs([(size, mappedAhead: true)], filled: []) { outputs in
            [withDecompressor { decompressor in
                var produced = 0
                let result = bytes.withUnsafeBytes { input in
                    libdeflate_deflate_decompress(decompressor, input.baseAddress, input.count, outputs[0].baseAddress, size, &produced)
                }
                return failure(result, produced: produced, announced: size).map(DatasetError.Problem.corruptCompression)
            }]
        }
        if let problem = problems[0] { throw DatasetError(file: file, problem) }
        return outputs[0]
    }

    /// CRC-32 as zip and gzip define it.
    static func crc32(_ bytes: some ContiguousBytes) -> UInt32 {
        bytes.withUnsafeBytes { UInt32(libdeflate_crc32(0, $0.baseAddress, $0.count)) }
    }

    /// Arrays of `buffers`' sizes that `fill` writes whole, given their uninitialized memory
    /// (mapped ahead by a `PageFaulting` thread where `mappedAhead`); `fill` returns, for
    /// each, why it could not, and an array that failed comes back empty. (One array per
    /// level of recursion: an array's memory is only lent inside its initializer.)
    private static func withOutputs(
        _ buffers: ArraySlice<(size: Int, mappedAhead: Bool)>, filled: [UnsafeMutableRawBufferPointer],
        _ fill: ([UnsafeMutableRawBufferPointer]) -> [DatasetError.Problem?]
    ) -> (outputs: [[UInt8]], problems: [DatasetError.Problem?]) {
        guard let (size, mappedAhead) = buffers.first else { return ([], fill(filled)) }
        var inner: (outputs: [[UInt8]], problems: [DatasetError.Problem?]) = ([], [])
        // One spare byte: the buffer has an address even for an empty file.
        let output = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            let whole = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[..<size])
            let pages = mappedAhead ? PageFaulting(ahead: whole) : nil
            defer { pages?.finish() }
            inner = withOutputs(buffers.dropFirst(), filled: filled + [whole], fill)
            count = inner.problems[filled.count] == nil ? size : 0
        }
        return ([output] + inner.outputs, inner.problems)
    }

    /// Reads the members' part of `file`, then decodes them in order into their places in
    /// `output`, or, with a selection, each into scratch space and then the bytes kept into
    /// theirs, having mapped the pages to be written if `mapFirst`; returns the first failure.
    private static func decode(
        _ members: ArraySlice<GzipMember>, from file: OpenFile, into output: UnsafeMutableRawBufferPointer,
        keeping selection: ByteSelection?, named: Bool, mapFirst: Bool
    ) -> DatasetError.Problem? {
        guard let first = members.first, let last = members.last else { return nil }
        let span = first.output.lowerBound..<last.output.upperBound, part = first.input.lowerBound..<last.input.upperBound
        if mapFirst { PageFaulting.populate(UnsafeMutableRawBufferPointer(rebasing: output[selection?.places(of: span) ?? span])) }
        let scratchSize = selection == nil ? 0 : max(1, members.map(\.output.count).max()!)
        return withUnsafeTemporaryAllocation(byteCount: part.count, alignment: 64) { input in
            do throws(DatasetError) { try file.read(part, into: input.baseAddress!) } catch { return error.problem }
            return withUnsafeTemporaryAllocation(byteCount: scratchSize, alignment: 64) { scratch in
                if mapFirst, selection != nil { PageFaulting.populate(scratch) }
                return withDecompressor { decompressor in
                    for member in members {
                        let target = selection == nil ? output.baseAddress! + member.output.lowerBound : scratch.baseAddress!
                        var consumed = 0, produced = 0
                        let result = libdeflate_gzip_decompress_ex(
                            decompressor, input.baseAddress! + (member.input.lowerBound - part.lowerBound), member.input.count,
                            target, member.output.count, &consumed, &produced)
                        let problem = result == LIBDEFLATE_SUCCESS && consumed < member.input.count
                            ? "the file holds more than one gzip member and is not blocked (BGZF); only those two kinds are read"
                            : failure(result, produced: produced, announced: member.output.count)
                        if let problem { return .corruptCompression(named ? "gzip member at byte \(member.input.lowerBound): \(problem)" : problem) }
                        selection?.copy(target, holding: member.output, into: output.baseAddress!)
                    }
                    return nil
                }
            }
        }
    }

    /// Why libdeflate's `result` is not a complete decoding of `announced` bytes, or nil.
    private static func failure(_ result: libdeflate_result, produced: Int, announced: Int) -> String? {
        switch result {
        case LIBDEFLATE_SUCCESS where produced == announced: nil
        case LIBDEFLATE_SUCCESS, LIBDEFLATE_SHORT_OUTPUT: "decoded \(produced) bytes, the header announced \(announced)"
        case LIBDEFLATE_INSUFFICIENT_SPACE: "more data than the announced \(announced) bytes"
        default: "the stream is truncated or damaged"
        }
    }

    private static func withDecompressor(_ body: (OpaquePointer) -> DatasetError.Problem?) -> DatasetError.Problem? {
        guard let decompressor = libdeflate_alloc_decompressor() else { return .unreadable("out of memory for the decompressor") }
        defer { libdeflate_free_decompressor(decompressor) }
        return body(decompressor)
    }

    /// The indices of `members` cut into runs of consecutive members of about `outputBytes` each.
    private static func runs(of members: [GzipMember], outputBytes: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = [], start = 0
        for (index, member) in members.enumerated() where member.output.upperBound - members[start].output.lowerBound >= outputBytes {
            runs.append(start..<(index + 1))
            start = index + 1
        }
        if start < members.count { runs.append(start..<members.count) }
        return runs
    }
}

private extension BidirectionalCollection where Element == GzipMember {
    /// The bytes these consecutive members decode to.
    var outputBytes: Int { isEmpty ? 0 : last!.output.upperBound - first!.output.lowerBound }
}
