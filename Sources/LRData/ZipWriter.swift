import CLibDeflate
import Foundation

/// Writes a zip archive of files, the counterpart of `ZipArchive` for the bundles lrgrade
/// hands to others: feedback PDFs for an LMS, stored as they are (already compressed), and
/// autograders for a platform, deflated (libdeflate, level 6). Each member keeps its file's
/// executable bit (mode 0755, else 0644), which the platforms' unzip restores. Names are marked UTF-8 (general-purpose flag bit 11) so that accented
/// names arrive as written; members are streamed to a temporary file beside `path`, which
/// replaces `path` only when complete, so a failed write leaves the old archive whole.
///
/// Invariant: the archive is plain zip (no zip64), so it holds at most 65,535 members and
/// every offset and size stays below 4 GiB; `write` refuses more instead of writing a zip
/// the LMS cannot read.
package enum ZipWriter {
    package struct Failure: Error, CustomStringConvertible {
        package var file: String
        package var reason: String
        package var description: String { "\(file): \(reason)" }
    }

    /// Writes `members` (each the name in the archive and the file whose bytes it holds) to
    /// `path`, dated `date` in the local time zone (zip's times have no zone), deflated when
    /// `deflate` (a member that deflate does not shrink is stored).
    package static func write(_ members: [(name: String, file: String)], to path: String, date: Date = Date(), deflate: Bool = false) throws(Failure) {
        guard members.count < 0xFFFF else { throw Failure(file: path, reason: "more than 65,534 files for one zip") }
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let out = FileHandle(forWritingAtPath: temporary) else {
            throw Failure(file: path, reason: "cannot create \(temporary)")
        }
        var finished = false
        defer {
            try? out.close()
            if !finished { unlink(temporary) }
        }
        let (time, day) = dosTime(date)
        var directory: [UInt8] = [], offset = 0
        do {
            for member in members {
                guard let data = FileManager.default.contents(atPath: member.file) else { throw Failure(file: member.file, reason: "cannot read") }
                let name = Array(member.name.utf8)
                let crc = Deflate.crc32(data)
                let packed = deflate ? Self.deflated(data).flatMap { $0.count < data.count ? $0 : nil } : nil
                let stored = packed.map { Data($0) } ?? data
                guard name.count <= 0xFFFF, data.count < 0xFFFF_FFFF, offset + 30 + name.count + stored.count < 0xFFFF_FFFF else {
                    throw Failure(file: path, reason: "over 4 GiB, or a name over 65,535 bytes (\(member.name))")
                }
                // The fields local and central headers share: version 2.0, UTF-8 names, stored (0) or deflated (8).
                var common: [UInt8] = []
                common.append(little: 20, bytes: 2); common.append(little: 0x0800, bytes: 2); common.append(little: packed == nil ? 0 : 8, bytes: 2)
                common.append(little: Int(time), bytes: 2); common.append(little: Int(day), bytes: 2)
                common.append(little: Int(crc), bytes: 4); common.append(little: stored.count, bytes: 4); common.append(little: data.count, bytes: 4)
                common.append(little: name.count, bytes: 2); common.append(little: 0, bytes: 2)
                var local: [UInt8] = []
                local.append(little: 0x0403_4B50, bytes: 4)
                try out.write(contentsOf: local + common + name)
                try out.write(contentsOf: stored)
                directory.append(little: 0x0201_4B50, bytes: 4)
                directory.append(little: 3 << 8 | 20, bytes: 2)  // made by Unix, zip 2.0: the mode below means what it says
                directory += common
                directory.append(little: 0, bytes: 2); directory.append(little: 0, bytes: 2); directory.append(little: 0, bytes: 2)  // comment, disk, internal
                directory.append(little: (access(member.file, X_OK) == 0 ? 0o100755 : 0o100644) << 16, bytes: 4)  // a regular file, its mode
                directory.append(little: offset, bytes: 4)
                directory += name
                offset += 30 + name.count + stored.count
            }
            guard offset + directory.count < 0xFFFF_FFFF else { throw Failure(file: path, reason: "over 4 GiB") }
            var end: [UInt8] = []
            end.append(little: 0x0605_4B50, bytes: 4); end.append(little: 0, bytes: 4)
            end.append(little: members.count, bytes: 2); end.append(little: members.count, bytes: 2)
            end.append(little: directory.count, bytes: 4); end.append(little: offset, bytes: 4); end.append(little: 0, bytes: 2)
            try out.write(contentsOf: directory + end)
            try out.synchronize()
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(file: path, reason: "cannot write: \((error as NSError).localizedDescription)")
        }
        guard rename(temporary, path) == 0 else { throw Failure(file: path, reason: "cannot write: \(String(cString: strerror(errno)))") }
        finished = true
    }

    /// `data` as a raw deflate stream; nil when it does not fit in deflate's bound.
    private static func deflated(_ data: Data) -> [UInt8]? {
        guard let compressor = libdeflate_alloc_compressor(6) else { return nil }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_deflate_compress_bound(compressor, data.count)
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            count = data.withUnsafeBytes { libdeflate_deflate_compress(compressor, $0.baseAddress, $0.count, buffer.baseAddress, bound) }
        }
        return output.isEmpty && !data.isEmpty ? nil : output
    }

    /// MS-DOS time and date fields: two-second resolution, years from 1980.
    static func dosTime(_ date: Date) -> (time: UInt16, date: UInt16) {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: date)
        let year = min(max((parts.year ?? 1980) - 1980, 0), 127)
        let time = (parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2
        return (UInt16(time), UInt16(year << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1)))
    }
}

private extension Array<UInt8> {
    mutating func append(little value: Int, bytes count: Int) {
        for index in 0..<count { append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }
}
