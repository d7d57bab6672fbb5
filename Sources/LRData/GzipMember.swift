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
    /// (decoding finds out if the file holds more).
    static func members(of bytes: [UInt8], file: String) throws(DatasetError) -> [GzipMember] {
        guard bytes.count >= 18 else {
            throw DatasetError(file: file, .corruptCompression("gzip stream of \(bytes.count) bytes is truncated"))
        }
        guard blockLength(at: 0, in: bytes) != nil else {
            return [try member(input: 0..<bytes.count, outputStart: 0, in: bytes, file: file)]
        }
        var members: [GzipMember] = []
        var at = 0, produced = 0
        while at < bytes.count {
            guard let length = blockLength(at: at, in: bytes), length >= 26, at + length <= bytes.count else {
                throw DatasetError(file: file, .corruptCompression("blocked gzip member at byte \(at) is damaged or runs past the end of the file"))
            }
            let next = try member(input: at..<(at + length), outputStart: produced, in: bytes, file: file)
            members.append(next)
            at += length
            produced = next.output.upperBound
        }
        return members
    }

    /// The member in `input`, its output size read from its last four bytes.
    private static func member(input: Range<Int>, outputStart: Int, in bytes: [UInt8], file: String) throws(DatasetError) -> GzipMember {
        let size = bytes.littleEndian(at: input.upperBound - 4, bytes: 4)
        guard size <= Deflate.largestExpansion * input.count else {
            throw DatasetError(file: file, .corruptCompression(
                "the gzip member at byte \(input.lowerBound) announces \(size) bytes from \(input.count), more than DEFLATE can encode"))
        }
        return GzipMember(input: input, output: outputStart..<(outputStart + size))
    }

    /// The length of the blocked gzip member at `offset` (its `BC` field plus one), or nil
    /// when no gzip header with that field starts there.
    private static func blockLength(at offset: Int, in bytes: [UInt8]) -> Int? {
        guard offset + 12 <= bytes.count, bytes[offset] == 0x1f, bytes[offset + 1] == 0x8b, bytes[offset + 2] == 8,
              bytes[offset + 3] & 4 != 0 /* FEXTRA */ else { return nil }
        let extraEnd = offset + 12 + bytes.littleEndian(at: offset + 10, bytes: 2)
        guard extraEnd <= bytes.count else { return nil }
        var field = offset + 12
        while field + 4 <= extraEnd {
            let length = bytes.littleEndian(at: field + 2, bytes: 2)
            if bytes[field] == 0x42, bytes[field + 1] == 0x43, length == 2, field + 6 <= extraEnd {
                return bytes.littleEndian(at: field + 4, bytes: 2) + 1
            }
            field += 4 + length
        }
        return nil
    }
}
