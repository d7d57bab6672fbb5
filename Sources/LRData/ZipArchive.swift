/// The members of a zip archive, read whole into memory: `.npz` data (as `numpy.savez` and
/// `savez_compressed` write it) and the LMS exports `lrgrade grade` unpacks. Stored and
/// deflated members, zip64 sizes and offsets; CRCs are checked, and a member is inflated
/// into exactly its declared size (libdeflate fails a stream that would give more), so the
/// declared sizes bound the memory a zip bomb can take before anything is inflated.
///
/// Why this reader and not weichsel/ZIPFoundation (in the package cache): an archive here is
/// untrusted input read whole and at once, never written or streamed; this reader checks
/// every size and offset against the archive's length before use, reports each problem as a
/// `DatasetError` naming the member, inflates with the libdeflate the data loader already
/// uses, and exposes each member's kind (file, folder, link, device) for the caller to
/// refuse before anything touches the disk. ZIPFoundation would add a dependency whose
/// extraction creates links and trusts paths unless wrapped, for the same ~150 lines.
package struct ZipArchive {
    private struct Entry {
        var method: Int
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
        var kind: MemberKind
    }

    /// What a member is, from its Unix mode (archives made elsewhere have none: a name
    /// ending in `/` is a folder, anything else a file).
    package enum MemberKind: Equatable, Sendable {
        case file, folder, symbolicLink
        /// A device, FIFO or socket, by its Unix file type.
        case special(Int)
    }

    /// A member as the central directory lists it.
    package struct Member: Equatable, Sendable {
        package var name: String
        package var size: Int
        package var kind: MemberKind
    }

    private let bytes: [UInt8]
    private let file: String
    private var entries: [String: Entry] = [:]
    /// Every member in the central directory's order (names may repeat in a hostile archive).
    package private(set) var members: [Member] = []

    var memberNames: [String] { entries.keys.sorted() }

    package init(bytes: [UInt8], file: String) throws(DatasetError) {
        self.bytes = bytes
        self.file = file
        let notZip = DatasetError(file: file, .wrongMagic(expected: "PK (a zip archive such as a Keras mnist.npz)"))
        guard bytes.count >= 22, bytes[0] == 0x50, bytes[1] == 0x4B else { throw notZip }

        // The end-of-central-directory record sits in the last 22 + 65535 bytes.
        var eocd = bytes.count - 22
        while eocd >= max(0, bytes.count - 22 - 65_535), bytes.littleEndian(at: eocd, bytes: 4) != 0x0605_4B50 { eocd -= 1 }
        guard eocd >= 0, bytes.littleEndian(at: eocd, bytes: 4) == 0x0605_4B50 else {
            throw DatasetError(file: file, .truncated(expectedBytes: bytes.count + 22, actualBytes: bytes.count))
        }
        var count = bytes.littleEndian(at: eocd + 10, bytes: 2)
        var directory = bytes.littleEndian(at: eocd + 16, bytes: 4)
        if count == 0xFFFF || directory == 0xFFFF_FFFF, eocd >= 20, bytes.littleEndian(at: eocd - 20, bytes: 4) == 0x0706_4B50 {
            let record = bytes.littleEndian(at: eocd - 12, bytes: 8)
            guard record >= 0, record <= bytes.count - 56, bytes.littleEndian(at: record, bytes: 4) == 0x0606_4B50 else { throw notZip }
            count = bytes.littleEndian(at: record + 32, bytes: 8)
            directory = bytes.littleEndian(at: record + 48, bytes: 8)
        }

        // Eight-byte fields can hold anything: every size and offset is checked against the
        // archive's length before it is added to another or used to allocate.
        let damaged = DatasetError(file: file, .corruptCompression("damaged zip central directory"))
        guard (0...bytes.count).contains(directory), (0...(bytes.count / 46)).contains(count) else { throw damaged }
        var offset = directory
        for _ in 0..<count {
            guard offset + 46 <= bytes.count, bytes.littleEndian(at: offset, bytes: 4) == 0x0201_4B50 else {
                throw DatasetError(file: file, .corruptCompression("damaged zip central directory"))
            }
            let nameLength = bytes.littleEndian(at: offset + 28, bytes: 2)
            let extraLength = bytes.littleEndian(at: offset + 30, bytes: 2)
            let commentLength = bytes.littleEndian(at: offset + 32, bytes: 2)
            guard offset + 46 + nameLength + extraLength <= bytes.count else {
                throw DatasetError(file: file, .corruptCompression("damaged zip central directory"))
            }
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            // The high byte of "version made by" is the host; 3 (Unix) puts the mode in the
            // high half of the external attributes.
            let unix = bytes.littleEndian(at: offset + 4, bytes: 2) >> 8 == 3
            let mode = bytes.littleEndian(at: offset + 38, bytes: 4) >> 16
            let type = mode & 0o170000
            let kind: MemberKind = unix && type == 0o120000 ? .symbolicLink : unix && type == 0o040000 || name.hasSuffix("/") ? .folder
                : !unix || type == 0o100000 || type == 0 ? .file : .special(type)
            var entry = Entry(
                method: bytes.littleEndian(at: offset + 10, bytes: 2),
                crc: UInt32(bytes.littleEndian(at: offset + 16, bytes: 4)),
                compressedSize: bytes.littleEndian(at: offset + 20, bytes: 4),
                size: bytes.littleEndian(at: offset + 24, bytes: 4),
                localHeaderOffset: bytes.littleEndian(at: offset + 42, bytes: 4),
                kind: kind
            )
            Self.applyZip64(bytes, extra: (offset + 46 + nameLength)..<(offset + 46 + nameLength + extraLength), to: &entry)
            guard (0...bytes.count).contains(entry.compressedSize), (0...bytes.count).contains(entry.localHeaderOffset), entry.size >= 0 else {
                throw damaged
            }
            entries[name] = entry
            members.append(Member(name: name, size: entry.size, kind: kind))
            offset += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The uncompressed bytes of member `name`, or nil when the archive has no such member.
    package func member(_ name: String) throws(DatasetError) -> [UInt8]? {
        guard let entry = entries[name] else { return nil }
        let where_ = "\(file) (\(name))"
        let local = entry.localHeaderOffset
        guard local + 30 <= bytes.count, bytes.littleEndian(at: local, bytes: 4) == 0x0403_4B50 else {
            throw DatasetError(file: where_, .corruptCompression("damaged local header"))
        }
        let start = local + 30 + bytes.littleEndian(at: local + 26, bytes: 2) + bytes.littleEndian(at: local + 28, bytes: 2)
        guard start + entry.compressedSize <= bytes.count else {
            throw DatasetError(file: where_, .truncated(expectedBytes: start + entry.compressedSize, actualBytes: bytes.count))
        }
        let data = bytes[start..<(start + entry.compressedSize)]
        let content: [UInt8]
        switch entry.method {
        case 0: content = Array(data)
        case 8: content = try Deflate.inflate(data, size: entry.size, file: where_)
        default: throw DatasetError(file: where_, .unsupportedArray("zip compression method \(entry.method)"))
        }
        guard Deflate.crc32(content) == entry.crc else {
            throw DatasetError(file: where_, .corruptCompression("CRC-32 mismatch"))
        }
        return content
    }

    /// Replaces the 0xFFFFFFFF placeholders by the zip64 extra field's values, in its order.
    private static func applyZip64(_ bytes: [UInt8], extra: Range<Int>, to entry: inout Entry) {
        var at = extra.lowerBound
        while at + 4 <= extra.upperBound {
            let id = bytes.littleEndian(at: at, bytes: 2)
            let length = bytes.littleEndian(at: at + 2, bytes: 2)
            if id == 0x0001 {
                var field = at + 4
                func next() -> Int? {
                    guard field + 8 <= min(at + 4 + length, extra.upperBound) else { return nil }
                    defer { field += 8 }
                    return bytes.littleEndian(at: field, bytes: 8)
                }
                if entry.size == 0xFFFF_FFFF, let value = next() { entry.size = value }
                if entry.compressedSize == 0xFFFF_FFFF, let value = next() { entry.compressedSize = value }
                if entry.localHeaderOffset == 0xFFFF_FFFF, let value = next() { entry.localHeaderOffset = value }
            }
            at += 4 + length
        }
    }
}
