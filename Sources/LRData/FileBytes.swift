#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads that fail with the file's name and the system's reason.
enum FileBytes {
    static func read(_ path: String) throws(DatasetError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw DatasetError(file: path, .unreadable("not a regular file"))
        }
        let size = Int(info.st_size)
        var readError: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = Glibc.read(fd, buffer.baseAddress! + count, size - count)
                if n < 0 { if errno == EINTR { continue }; readError = errno; return }
                if n == 0 { break }
                count += n
            }
        }
        if readError != 0 { throw DatasetError(file: path, .unreadable(String(cString: strerror(readError)))) }
        return bytes
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func failure(_ path: String) -> DatasetError {
        let code = errno
        return code == ENOENT
            ? DatasetError(file: path, .missingFile)
            : DatasetError(file: path, .unreadable(String(cString: strerror(code))))
    }
}

extension Array where Element == UInt8 {
    /// Unsigned integers at byte offsets; callers check the bounds first.
    func bigEndianUInt32(at offset: Int) -> Int {
        Int(self[offset]) << 24 | Int(self[offset + 1]) << 16 | Int(self[offset + 2]) << 8 | Int(self[offset + 3])
    }

    func littleEndian(at offset: Int, bytes: Int) -> Int {
        var value = 0
        for k in stride(from: bytes - 1, through: 0, by: -1) { value = value << 8 | Int(self[offset + k]) }
        return value
    }
}

extension Array where Element == Int {
    /// The product of the elements, or nil when it overflows: a damaged header's
    /// dimensions can multiply to more than any file holds.
    var checkedProduct: Int? {
        var product = 1
        for factor in self {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            product = next
        }
        return product
    }
}
