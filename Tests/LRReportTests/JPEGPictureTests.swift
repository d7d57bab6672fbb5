import Foundation
import Testing
@testable import LRReport

/// JPEG files as pdftoppm writes them, found by their frame header, and everything that is not one.
@Suite("Reading JPEG thumbnails")
struct JPEGPictureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A segment: 0xFF, the marker, a big-endian length counting itself, the payload.
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }
    /// A frame header payload: precision 8, height, width, components (three bytes each).
    static func frame(width: Int, height: Int, components: UInt8 = 3) -> [UInt8] {
        [8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), components] + Array(repeating: 1, count: 3 * Int(components))
    }
    static let start: [UInt8] = [0xFF, 0xD8]
    static let jfif = segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
    static let scan = segment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x12, 0x34, 0xFF, 0xD9]

    @Test("the size comes from the frame header, after other segments, fill bytes and markers without length")
    func parsesHeader() throws {
        let baseline = Self.start + Self.jfif + Self.segment(0xDB, Array(repeating: 1, count: 65)) + Self.segment(0xC0, Self.frame(width: 300, height: 212)) + Self.scan
        let picture = try #require(JPEGPicture(bytes: baseline))
        #expect(picture.width == 300 && picture.height == 212 && picture.bytes == baseline)
        let progressive = Self.start + [0xFF, 0xFF] + Self.jfif + [0xFF, 0xD0] + Self.segment(0xC2, Self.frame(width: 4, height: 1000, components: 1)) + Self.scan
        #expect(JPEGPicture(bytes: progressive).map { [$0.width, $0.height] } == [4, 1000])
    }

    @Test("files that are not JPEG, or whose frame is missing, cut short, empty, huge or of two components are refused", arguments: [
        Array("P6\n3 2\n255\n".utf8),
        start + jfif + scan,                                                                  // scan before any frame
        start + segment(0xC4, Array(repeating: 0, count: 20)) + scan,                         // a Huffman table is not a frame
        start + jfif + Array(segment(0xC0, frame(width: 300, height: 212)).prefix(10)),         // cut inside the frame
        start + segment(0xC0, frame(width: 0, height: 212)) + scan,
        start + segment(0xC0, frame(width: 300, height: 60_000)) + scan,
        start + segment(0xC0, frame(width: 300, height: 212, components: 2)) + scan,
        start + [0xFF, 0xE0, 0x00, 0x01] + scan,                                              // a length shorter than itself
        start + jfif + [0x00, 0x00] + segment(0xC0, frame(width: 3, height: 2)),               // garbage between segments
    ])
    func refuses(bytes: [UInt8]) {
        #expect(JPEGPicture(bytes: bytes) == nil)
    }

    @Test("a page of a fixture PDF rendered by pdftoppm reads back with its size")
    func readsPdftoppm() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-jpeg-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftoppm")
        process.arguments = ["-jpeg", "-scale-to", "200", "-f", "1", "-l", "1", Self.root.appendingPathComponent("fixtures/submissions/123456789.pdf").path, folder + "/page"]
        try process.run()
        process.waitUntilExit()
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first)
        let page = try #require(JPEGPicture(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))))
        #expect(max(page.width, page.height) == 200 && min(page.width, page.height) > 100)
    }
}
