import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removing a folder a student's script could fill: any depth, any number of files, links
/// never followed.
public enum FileTree {
    /// What could not be removed.
    public struct Leftover: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var entries: Int
        public var reason: String
        public var description: String { "\(path): \(entries) entr\(entries == 1 ? "y" : "ies") could not be removed (\(reason))" }
    }

    /// Folders are opened relative to their parent's descriptor (`openat`, `O_NOFOLLOW`), so
    /// paths never grow past `PATH_MAX` and a link is removed, not entered. A folder deeper
    /// than `maximumDepth` below the top is first renamed to the top (`renameat`), so at most
    /// that many descriptors are open at once whatever the depth: a 20,000-level tree is
    /// flattened as it is removed.
    static let maximumDepth = 32

    /// Removes `path` and everything under it; nil when all is gone (or nothing was there).
    @discardableResult
    public static func remove(_ path: String) -> Leftover? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if info.st_mode & S_IFMT != S_IFDIR {
            return unlink(path) == 0 ? nil : Leftover(path: path, entries: 1, reason: String(cString: strerror(errno)))
        }
        let top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard top >= 0 else { return Leftover(path: path, entries: 1, reason: String(cString: strerror(errno))) }
        var removal = Removal(top: top)
        removal.empty(top, depth: 0)
        // Folders moved up to the top are emptied in turn; emptying one can move up more.
        while let name = removal.moved.popLast() {
            let fd = openat(top, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd >= 0 {
                removal.empty(fd, depth: 1)
                close(fd)
            }
            removal.removeEntry(top, name, folder: true)
        }
        close(top)
        if rmdir(path) != 0 { removal.fail(String(cString: strerror(errno))) }
        return removal.failures == 0 ? nil : Leftover(path: path, entries: removal.failures, reason: removal.firstReason ?? "")
    }

    private struct Removal {
        let top: Int32
        var moved: [[CChar]] = []
        /// Names for moved folders that a script cannot have chosen beforehand.
        let tag = UInt64.random(in: 0...UInt64.max)
        var serial = 0
        var failures = 0
        var firstReason: String?

        mutating func fail(_ reason: String) {
            failures += 1
            if firstReason == nil { firstReason = reason }
        }

        mutating func removeEntry(_ parent: Int32, _ name: [CChar], folder: Bool) {
            if unlinkat(parent, name, folder ? AT_REMOVEDIR : 0) != 0 { fail(Self.describe(name)) }
        }

        /// The name (kept as bytes: it need not be UTF-8) and the error, for the report.
        static func describe(_ name: [CChar]) -> String {
            let reason = String(cString: strerror(errno))
            return String(decoding: name.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self) + ": " + reason
        }

        /// Removes everything inside the open folder `fd`, `depth` levels below the top.
        mutating func empty(_ fd: Int32, depth: Int) {
            let listing = dup(fd)
            guard listing >= 0, let stream = fdopendir(listing) else {
                if listing >= 0 { close(listing) }
                return fail(String(cString: strerror(errno)))
            }
            var names: [([CChar], Bool)] = []
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })).map { CChar(bitPattern: $0) } } + [0]
                if name == [46, 0] || name == [46, 46, 0] { continue }  // "." and ".."
                var info = stat()
                let isFolder = fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFDIR
                names.append((name, isFolder))
            }
            closedir(stream)
            for (name, isFolder) in names {
                guard isFolder else { removeEntry(fd, name, folder: false); continue }
                if depth + 1 >= FileTree.maximumDepth {
                    serial += 1
                    let flat = Array(".lrgrade-deep-\(tag)-\(serial)".utf8CString)
                    if renameat(fd, name, top, flat) == 0 { moved.append(flat) } else { fail(Self.describe(name)) }
                    continue
                }
                let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { fail(Self.describe(name)); continue }
                empty(child, depth: depth + 1)
                close(child)
                removeEntry(fd, name, folder: true)
            }
        }
    }
}
