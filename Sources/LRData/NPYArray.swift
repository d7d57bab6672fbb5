/// A C-ordered integer array in numpy's `.npy` format, widened to `Int` only when asked.
///
/// Format: magic `\x93NUMPY`, major and minor version, header length (2 bytes in version 1,
/// 4 bytes in versions 2 and 3), a Python dict literal with `descr`, `fortran_order` and
/// `shape`, then the data.
struct NPYArray {
    var shape: [Int]
    /// Bytes per element and signedness, from `descr` (`|u1`, `<i8`, …; little-endian only).
    var elementSize: Int
    var isSigned: Bool
    var bytes: [UInt8]
    var dataOffset: Int

    init(bytes: [UInt8], file: String) throws(DatasetError) {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw DatasetError(file: file, .wrongMagic(expected: "\\x93NUMPY (a .npy array)"))
        }
        let major = bytes[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major), bytes.count >= 8 + lengthBytes else {
            throw DatasetError(file: file, .unsupportedArray("npy format version \(major)"))
        }
        let headerLength = bytes.littleEndian(at: 8, bytes: lengthBytes)
        let dataOffset = 8 + lengthBytes + headerLength
        guard bytes.count >= dataOffset else {
            throw DatasetError(file: file, .truncated(expectedBytes: dataOffset, actualBytes: bytes.count))
        }
        let header = String(decoding: bytes[(8 + lengthBytes)..<dataOffset], as: UTF8.self)
        guard let descr = Self.value(of: "descr", in: header)?.trimmingQuotes,
              let order = Self.value(of: "fortran_order", in: header),
              let shapeText = Self.value(of: "shape", in: header)
        else { throw DatasetError(file: file, .unsupportedArray("unreadable npy header \(header)")) }
        guard order == "False" else { throw DatasetError(file: file, .unsupportedArray("Fortran-ordered arrays are not supported")) }

        let kinds: [String: (Int, Bool)] = [
            "|u1": (1, false), "<u1": (1, false), "|i1": (1, true), "<i1": (1, true), "|b1": (1, false),
            "<u2": (2, false), "<i2": (2, true), "<u4": (4, false), "<i4": (4, true), "<u8": (8, false), "<i8": (8, true),
        ]
        guard let (size, signed) = kinds[descr] else {
            throw DatasetError(file: file, .unsupportedArray("dtype \(descr); expected little-endian integers such as |u1 or <i8"))
        }
        let dims = shapeText.split(whereSeparator: { "(), ".contains($0) }).map { Int($0) }
        guard !dims.contains(where: { $0 == nil || $0! < 0 }) else {
            throw DatasetError(file: file, .unsupportedArray("shape \(shapeText)"))
        }
        let shape = dims.map { $0! }
        guard let count = (shape + [size]).checkedProduct, count <= Int.max - dataOffset else {
            throw DatasetError(file: file, .unexpectedShape("\(shapeText) holds more bytes than any file can"))
        }
        let expected = dataOffset + count
        guard bytes.count >= expected else {
            throw DatasetError(file: file, .truncated(expectedBytes: expected, actualBytes: bytes.count))
        }
        guard bytes.count == expected else { throw DatasetError(file: file, .trailingBytes(bytes.count - expected)) }
        self.shape = shape
        self.elementSize = size
        self.isSigned = signed
        self.bytes = bytes
        self.dataOffset = dataOffset
    }

    /// The elements as unsigned bytes, when the array is stored as such (no copy).
    var unsignedBytes: ArraySlice<UInt8>? {
        elementSize == 1 && !isSigned ? bytes[dataOffset...] : nil
    }

    /// Element `index` as an integer.
    func integer(at index: Int) -> Int {
        let offset = dataOffset + index * elementSize
        let raw = bytes.littleEndian(at: offset, bytes: elementSize)
        guard isSigned, elementSize < 8 else { return raw }
        let shift = 64 - 8 * elementSize
        return (raw << shift) >> shift
    }

    /// The text after `'key':` in a dict literal, up to the next top-level comma or brace.
    private static func value(of key: String, in header: String) -> String? {
        guard let keyRange = header.firstRange(of: "'\(key)':") else { return nil }
        var depth = 0
        var end = keyRange.upperBound
        for index in header[keyRange.upperBound...].indices {
            let character = header[index]
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth == 0, character == "," || character == "}" { break }
            end = header.index(after: index)
        }
        return String(header[keyRange.upperBound..<end]).trimmingSpaces
    }
}

private extension String {
    var trimmingSpaces: String { String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()) }
    var trimmingQuotes: String { String(filter { $0 != "'" && $0 != "\"" }) }
}
