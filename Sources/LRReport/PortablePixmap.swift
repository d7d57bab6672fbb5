import Foundation

/// An 8-bit RGB raster read from a binary PPM file (netpbm's P6), the format `pdftoppm`
/// writes fastest: the student PDF's pages are shown in the feedback report this way.
struct PortablePixmap: Sendable, Equatable {
    var width: Int
    var height: Int
    /// Red, green, blue per pixel, row by row from the top.
    var pixels: [UInt8]

    /// Larger rasters are refused: a page thumbnail is a few hundred pixels a side.
    static let maximumSide = 10_000

    init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Reads the P6 file at `path` (maximum value 255), or nil when it is not one.
    init?(contentsOfFile path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        self.init(bytes: [UInt8](data))
    }

    /// Parses a P6 file: "P6", width, height and maximum value as decimal numbers separated
    /// by white space (with `#` comments), one white-space byte, then the pixels.
    init?(bytes: [UInt8]) {
        var position = 2
        func number() -> Int? {
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count, bytes[position] != 0x0A { position += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
                    position += 1
                } else {
                    break
                }
            }
            var value = 0, digits = 0
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]), digits < 6 {
                value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                position += 1
                digits += 1
            }
            return digits > 0 ? value : nil
        }
        guard bytes.starts(with: Array("P6".utf8)), let width = number(), let height = number(), let maximum = number(),
              maximum == 255, (1...Self.maximumSide).contains(width), (1...Self.maximumSide).contains(height),
              position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) else { return nil }
        let start = position + 1, count = width * height * 3
        guard bytes.count - start >= count else { return nil }
        self.init(width: width, height: height, pixels: Array(bytes[start..<start + count]))
    }
}
