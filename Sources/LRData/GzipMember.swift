/// Where one member of a gzip file lies, in the file and in the decompressed output.
///
/// A gzip file is one or more members, each a header, a DEFLATE stream and a trailer with
/// the CRC-32 and size of its output. A *blocked* gzip file (BGZF, as `bgzip` writes it)
/// also gives each member's own length in a `BC` extra field, so every member can be
/// found without decoding the ones before it, and all of them decoded at once.
struct GzipMember: Equatable {
    var input: Range<Int>
    var output: Range<Int>

    /// The members of a gzip file: a blocked file's members, found by following their `BC`
    /// lengths; any other file as one member, its output size from the ISIZE trailer
    /// (decoding finds out if the file holds more). Only the headers and trailers are read.
    static func members(of file: OpenFile) throws(DatasetError) -> [GzipMember] {
        guard file.size >= 18 else {
            throw DatasetError(file: file.path, .corruptCompression("gzip stream of \(file.size) bytes is truncated"))
        }
        var header = try self.header(file.bytes(0..<18), at: 0, of: file)
        guard blockLength(in: header) != nil else {
            return [try member(input: 0..<file.size, outputStart: 0, size: file.bytes((file.size - 4)..<file.size), file: file.path)]
        }
        var members: [GzipMember] = []
        var at = 0, produced = 0
        while at < file.size {
            guard let length = blockLength(in: header), length >= 26, at + length <= file.size else {
                throw DatasetError(file: file.path, .corruptCompression("blocked gzip member at byte \(at) is damaged or runs past the end of the file"))
            }
            // This member's size (its last four bytes) and the next member's header, in one read.
            let tail = try file.bytes((at + length - 4)..<(at + length + 18))
            let next = try member(input: at..<(at + length), outputStart: produced, size: Array(tail[0..<4]), file: file.path)
            members.append(next)
            at += length
            produced = next.output.upperBound
            if at < file.size { header = try self.header(Array(tail[4...]), at: at, of: file) }
        }
        return members
    }

    /// `start`, the first bytes of the member at `offset`, with the rest of its extra field
    /// read when `start` stops inside it (a blocked member's 18-byte header never does).
    private static func header(_ start: [UInt8], at offset: Int, of file: OpenFile) throws(DatasetError) -> [UInt8] {
        guard start.count >= 12, start[3] & 4 != 0 /* FEXTRA */ else { return start }
        let extraEnd = 12 + start.littleEndian(at: 10, bytes: 2)
        return extraEnd <= start.count ? start : try file.bytes(offset..<(offset + extraEnd))
    }

    /// The member in `input`, its output size `size` (ISIZE, little-endian).
    private static func member(input: Range<Int>, outputStart: Int, size trailer: [UInt8], file: String) throws(DatasetError) -> GzipMember {
        let size = trailer.littleEndian(at: 0, bytes: 4)
        guard size <= Deflate.largestExpansion * input.count else {
            throw DatasetError(file: file, .corruptCompression(
                "the gzip member at byte \(input.lowerBound) announces \(size) bytes from \(input.count), more than DEFLATE can encode"))
        }
        return GzipMember(input: input, output: outputStart..<(outputStart + size))
    }

    /// The length of a blocked gzip member (its `BC` field plus one) from its header, or nil
    /// when `header` is no gzip header with that field.
    private static func blockLength(in header: [UInt8]) -> Int? {
        guard header.count >= 12, header[0] == 0x1f, header[1] == 0x8b, header[2] == 8, header[3] & 4 != 0 /* FEXTRA */ else { return nil }
        let extraEnd = 12 + header.littleEndian(at: 10, bytes: 2)
        guard extraEnd <= header.count else { return nil }
        var field = 12
        while field + 4 <= extraEnd {
            let length = header.littleEndian(at: field + 2, bytes: 2)
            if header[field] == 0x42, header[field + 1] == 0x43, length == 2, field + 6 <= extraEnd {
                return header.littleEndian(at: field + 4, bytes: 2) + 1
            }
            field += 4 + length
        }
        return nil
    }
}
