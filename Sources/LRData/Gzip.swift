import CLibDeflate

/// One-member gzip files written and read whole, through libdeflate: the grader's own
/// records (a stored run), not data sets, which `Deflate` reads in parallel.
public enum Gzip {
    /// `bytes` as a gzip file at `level` (1 fastest, 12 smallest; 6 is zlib's default).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(level) else { fatalError("libdeflate: out of memory for the compressor") }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_gzip_compress_bound(compressor, bytes.count)
        return [UInt8](unsafeUninitializedCapacity: bound) { output, count in
            count = bytes.withUnsafeBytes { libdeflate_gzip_compress(compressor, $0.baseAddress, $0.count, output.baseAddress, bound) }
        }
    }

    /// The contents of the one-member gzip file `bytes` (its CRC-32 and size checked), or
    /// an error naming `file`: a damaged file, one with more members, or one that announces
    /// more than `limit` bytes.
    public static func decompress(_ bytes: [UInt8], limit: Int, file: String) throws(DatasetError) -> [UInt8] {
        guard bytes.count >= 18, bytes[0] == 0x1f, bytes[1] == 0x8b else { throw DatasetError(file: file, .wrongMagic(expected: "1f 8b (gzip)")) }
        // The trailer's ISIZE: the size modulo 2³², exact for anything under `limit` < 4 GiB.
        let size = bytes.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        guard size <= limit, size <= Deflate.largestExpansion * bytes.count else {
            throw DatasetError(file: file, .corruptCompression("announces \(size) bytes, more than the \(limit) allowed"))
        }
        guard let decompressor = libdeflate_alloc_decompressor() else { throw DatasetError(file: file, .unreadable("out of memory for the decompressor")) }
        defer { libdeflate_free_decompressor(decompressor) }
        var result = LIBDEFLATE_SUCCESS
        var consumed = 0, produced = 0
        // One spare byte: the buffer has an address even when the contents are empty.
        let output = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            result = bytes.withUnsafeBytes { libdeflate_gzip_decompress_ex(decompressor, $0.baseAddress, $0.count, buffer.baseAddress, size, &consumed, &produced) }
            count = result == LIBDEFLATE_SUCCESS ? produced : 0
        }
        guard result == LIBDEFLATE_SUCCESS, produced == size, consumed == bytes.count else {
            throw DatasetError(file: file, .corruptCompression(result == LIBDEFLATE_SUCCESS ? "not a single gzip member of the announced size" : "the stream is truncated or damaged"))
        }
        return output
    }
}
