import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading a file that a student controls: a submission, or anything a script could have
/// written or replaced in its run folder.
///
/// The file is opened with `O_NOFOLLOW | O_NONBLOCK`, so a symbolic link is refused instead
/// of followed (a link to a classmate's files or a root-only file) and a FIFO cannot block
/// the grader; it is then checked with `fstat` on the open descriptor, so nothing can be
/// swapped in between the check and the read. Only regular files of at most `limit` bytes
/// are read.
public enum UntrustedFile {
    /// What an entry of a folder is, by `lstat` (links are not followed).
    public enum Kind: Equatable, Sendable {
        case regular(size: Int)
        case folder
        case symbolicLink
        /// A FIFO, socket or device.
        case special(String)
        case missing
    }

    public struct Refusal: Error, CustomStringConvertible, Sendable, Equatable {
        public var file: String
        public var reason: String
        public var description: String { "\(file): \(reason)" }
        public init(file: String, reason: String) {
            self.file = file
            self.reason = reason
        }
    }

    public static func kind(atPath path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        return kind(of: info)
    }

    static func kind(of info: stat) -> Kind {
        switch info.st_mode & S_IFMT {
        case S_IFREG: .regular(size: Int(info.st_size))
        case S_IFDIR: .folder
        case S_IFLNK: .symbolicLink
        case S_IFIFO: .special("a FIFO")
        case S_IFSOCK: .special("a socket")
        case S_IFCHR, S_IFBLK: .special("a device")
        default: .special("not a regular file")
        }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    public static func read(_ path: String, limit: Int) throws(Refusal) -> [UInt8] {
        try read(path, relativeTo: AT_FDCWD, limit: limit)
    }

    /// The bytes of the regular file `path`, relative to the open folder `folder`.
    static func read(_ path: String, relativeTo folder: Int32, limit: Int) throws(Refusal) -> [UInt8] {
        let fd = openat(folder, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "is a symbolic link; only regular files are read" : errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw Refusal(file: path, reason: reason)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Refusal(file: path, reason: String(cString: strerror(errno))) }
        switch kind(of: info) {
        case .regular(let size) where size > limit:
            throw Refusal(file: path, reason: "is \(size) bytes, more than the \(limit) read")
        case .regular: break
        case .special(let what): throw Refusal(file: path, reason: "is \(what), not a regular file")
        case .folder: throw Refusal(file: path, reason: "is a folder, not a file")
        case .symbolicLink, .missing: throw Refusal(file: path, reason: "is not a regular file")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        // The file may grow while it is read (a script still writing): never past `limit`.
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            done += count
        }
        return Array(bytes.prefix(done))
    }

    /// The regular files in the folder `path` (itself not a link), at most `count` of them
    /// in name order, each at most `limit` bytes; anything else is left out.
    public static func readFiles(in path: String, count: Int, limit: Int) -> [String: [UInt8]] {
        let folder = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard folder >= 0 else { return [:] }
        defer { close(folder) }
        let listing = dup(folder)
        guard listing >= 0, let stream = fdopendir(listing) else {
            if listing >= 0 { close(listing) }
            return [:]
        }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name != ".", name != "..", !name.contains("\u{FFFD}") { names.append(name) }
        }
        closedir(stream)
        var files: [String: [UInt8]] = [:]
        for name in names.sorted().prefix(count) {
            if let bytes = try? read(name, relativeTo: folder, limit: limit) { files[name] = bytes }
        }
        return files
    }

    /// Writes `bytes` to a new file `path` (never an existing one, never through a link).
    public static func create(_ path: String, bytes: [UInt8], mode: mode_t = 0o644) throws(Refusal) {
        try create(path, pieces: [bytes[...]], mode: mode)
    }

    /// Writes `pieces` one after the other to a new file `path`: a large file made of runs
    /// of data already in memory, without copying them into one buffer first.
    public static func create(_ path: String, pieces: [ArraySlice<UInt8>], mode: mode_t = 0o644) throws(Refusal) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Refusal(file: path, reason: "cannot create: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        for piece in pieces {
            var done = 0
            while done < piece.count {
                let count = piece.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { throw Refusal(file: path, reason: "cannot write: \(String(cString: strerror(errno)))") }
                done += count
            }
        }
        _ = fchmod(fd, mode)
    }
}
