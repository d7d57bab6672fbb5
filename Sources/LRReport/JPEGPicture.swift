import Foundation

/// A JPEG file and its size, read from its frame header. The student PDF's pages, as
/// `pdftoppm -jpeg` writes them, are embedded in the feedback report as they are: Cairo's PDF
/// surface passes JPEG data through, so nothing is decoded or compressed again.
struct JPEGPicture: Sendable, Equatable {
    var width: Int
    var height: Int
    /// The file, whole.
    var bytes: [UInt8]

    /// Larger pictures are refused: a page thumbnail is a few hundred pixels a side.
    static let maximumSide = 10_000

    /// Finds the frame header (SOFn) among the segments after the start-of-image marker: each
    /// segment is 0xFF, a marker byte, and a big-endian length that counts itself. Refuses files
    /// without one before the scan starts, and frames with other than 1, 3 or 4 components
    /// (gray, RGB, CMYK: what a PDF can show).
    init?(bytes: [UInt8]) {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var position = 2
        while position + 3 < bytes.count {
            guard bytes[position] == 0xFF else { return nil }
            let marker = bytes[position + 1]
            if marker == 0xFF { position += 1; continue }                    // fill byte
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { position += 2; continue }   // no length
            if marker == 0xDA || marker == 0xD9 { return nil }               // scan or end before a frame
            let length = Int(bytes[position + 2]) << 8 | Int(bytes[position + 3])
            guard length >= 2, position + 2 + length <= bytes.count else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                let frame = position + 4
                guard length >= 8 else { return nil }
                let height = Int(bytes[frame + 1]) << 8 | Int(bytes[frame + 2])
                let width = Int(bytes[frame + 3]) << 8 | Int(bytes[frame + 4])
                guard (1...Self.maximumSide).contains(width), (1...Self.maximumSide).contains(height), [1, 3, 4].contains(bytes[frame + 5]) else { return nil }
                self.width = width
                self.height = height
                self.bytes = bytes
                return
            }
            position += 2 + length
        }
        return nil
    }
}
