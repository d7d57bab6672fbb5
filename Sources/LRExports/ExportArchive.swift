import Foundation
import LRData
import LRGrading
import LRRunner

/// An export's `.zip` as the LMS gives it, unpacked into a fresh folder with nothing written
/// outside it and the archive itself never modified.
///
/// The archive is untrusted input. Before anything is written, every member is checked: a
/// name that is absolute, climbs with `..` (with `/` or `\` as separators), holds a NUL or
/// repeats another; a symbolic link, device, FIFO or socket; more than `Limits.members`
/// members or more than `Limits.totalBytes` uncompressed in all (a zip bomb) refuses the
/// whole archive with one line naming the member. Members are then written one at a time,
/// each inflated into exactly its declared size, as new files (`O_EXCL|O_NOFOLLOW`) in
/// folders this unpacking made.
public enum ExportArchive {
    public struct Limits: Sendable {
        /// The archive itself, read whole.
        public var archiveBytes = 4 << 30
        public var members = 100_000
        /// All members together, uncompressed.
        public var totalBytes = 8 << 30
        public init() {}
    }

    /// Unpacks `zip` into `folder` (which must not exist) and returns the folder to read as
    /// the export: `folder`, or the one folder it holds when the archive wraps the export in
    /// one (Gradescope's `assignment_<id>_export/`). macOS's `__MACOSX/` copies are skipped.
    public static func unpack(_ zip: String, into folder: String, limits: Limits = Limits()) throws(GradingError) -> String {
        try unpack(zip, into: { _ in folder }, limits: limits)
    }

    /// Unpacks `zip` into the folder `place` names for the bytes it will hold, once the
    /// archive has been checked (a temporary folder in memory when they fit, say).
    public static func unpack(_ zip: String, into place: (_ unpackedBytes: Int) -> String, limits: Limits = Limits()) throws(GradingError) -> String {
        let bytes: [UInt8]
        do { bytes = try UntrustedFile.read(zip, limit: limits.archiveBytes) } catch { throw GradingError(file: zip, reason: error.reason) }
        let archive: ZipArchive
        do { archive = try ZipArchive(bytes: bytes, file: zip) } catch { throw GradingError(file: zip, reason: "not a readable zip archive: \(error.reason)") }
        let members = archive.members
        guard members.count <= limits.members else {
            throw GradingError(file: zip, reason: "refused: \(members.count) members, more than the \(limits.members) an export may hold")
        }
        // Each size bounded first: at most `members` of them, the sum cannot overflow.
        let total = members.allSatisfy({ $0.size <= limits.totalBytes }) ? members.reduce(0) { $0 + $1.size } : nil
        guard let total, total <= limits.totalBytes else {
            let what = total.map { "its members would unpack to \($0 >> 20) MiB," } ?? "a member alone would unpack to"
            throw GradingError(file: zip, reason: "refused: \(what) more than the \(limits.totalBytes >> 20) MiB allowed (a zip bomb?)")
        }
        var seen = Set<String>()
        for member in members {
            let parts = member.name.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }
            if member.name.isEmpty || member.name.contains("\0") || member.name.hasPrefix("/") || member.name.hasPrefix("\\")
                || parts.contains("..") || (parts.first?.contains(":") ?? false) {
                throw GradingError(file: zip, reason: "refused: member \"\(member.name)\" would be written outside the folder it is unpacked into")
            }
            switch member.kind {
            case .file, .folder: break
            case .symbolicLink: throw GradingError(file: zip, reason: "refused: member \"\(member.name)\" is a symbolic link")
            case .special: throw GradingError(file: zip, reason: "refused: member \"\(member.name)\" is a device, FIFO or socket")
            }
            let normalized = parts.filter { !$0.isEmpty && $0 != "." }.joined(separator: "/")
            guard seen.insert(normalized).inserted || member.kind == .folder else {
                throw GradingError(file: zip, reason: "refused: member \"\(member.name)\" appears twice")
            }
        }
        let folder = place(total)
        guard mkdir(folder, 0o700) == 0 else { throw GradingError(file: folder, reason: "cannot create: \(String(cString: strerror(errno)))") }
        for member in members {
            let parts = member.name.split { $0 == "/" || $0 == "\\" }.filter { $0 != "." }.map(String.init)
            guard let first = parts.first, first != "__MACOSX" else { continue }
            let folders = member.kind == .folder ? parts : Array(parts.dropLast())
            var path = folder
            for part in folders {
                path += "/" + part
                if mkdir(path, 0o755) != 0, errno != EEXIST {
                    throw GradingError(file: zip, reason: "cannot unpack \"\(member.name)\": \(String(cString: strerror(errno)))")
                }
            }
            guard member.kind == .file, let name = parts.last else { continue }
            let content: [UInt8]
            do { content = try archive.member(member.name) ?? [] } catch { throw GradingError(file: zip, reason: "member \"\(member.name)\": \(error.reason)") }
            do { try UntrustedFile.create(path + "/" + name, bytes: content) } catch { throw GradingError(file: zip, reason: "cannot unpack \"\(member.name)\": \(error.reason)") }
        }
        let top = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }
        if top.count == 1, case .folder = UntrustedFile.kind(atPath: folder + "/" + top[0]) { return folder + "/" + top[0] }
        return folder
    }
}
