/// An array of unsigned bytes in the IDX format of the original MNIST distribution.
///
/// Layout: two zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions,
/// each dimension as a big-endian 32-bit integer, then the data in row-major order.
struct IDXFile {
    var shape: [Int]
    /// The header, then the values (all of them, or those a `ByteSelection` kept).
    var bytes: [UInt8]
    var dataOffset: Int

    var values: ArraySlice<UInt8> { bytes[dataOffset...] }

    /// Checks the header of a decoded file against its size. `decoded.bytes` may hold only
    /// some of the values, after a header that is whole if the file has one.
    init(_ decoded: Deflate.Decoded, dimensions: Int, file: String) throws(DatasetError) {
        let (bytes, size) = (decoded.bytes, decoded.size)
        let headerSize = 4 + 4 * dimensions
        let magic = "00 00 08 \(String(format2: dimensions)) (IDX, unsigned bytes, \(dimensions) dimension\(dimensions == 1 ? "" : "s"))"
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08, Int(bytes[3]) == dimensions else {
            throw DatasetError(file: file, .wrongMagic(expected: magic))
        }
        guard size >= headerSize else {
            throw DatasetError(file: file, .truncated(expectedBytes: headerSize, actualBytes: size))
        }
        let shape = (0..<dimensions).map { bytes.bigEndianUInt32(at: 4 + 4 * $0) }
        guard let count = shape.checkedProduct, count <= Int.max - headerSize else {
            throw DatasetError(file: file, .unexpectedShape("dimensions \(shape) hold more values than any file can"))
        }
        let expected = headerSize + count
        guard size >= expected else {
            throw DatasetError(file: file, .truncated(expectedBytes: expected, actualBytes: size))
        }
        guard size == expected else { throw DatasetError(file: file, .trailingBytes(size - expected)) }
        self.shape = shape
        self.bytes = bytes
        self.dataOffset = headerSize
    }
}

private extension String {
    init(format2 value: Int) {
        self = value < 16 ? "0\(String(value, radix: 16))" : String(value, radix: 16)
    }
}
