import Foundation
import Testing
@testable import LRReport

/// PPM files as pdftoppm writes them, and everything that is not one.
@Suite("Reading PPM thumbnails")
struct PortablePixmapTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func file(_ header: String, pixels: [UInt8]) -> [UInt8] { Array(header.utf8) + pixels }

    @Test("the header's numbers, comments and white space; pixels row by row")
    func parsesHeader() {
        let pixels: [UInt8] = (0..<18).map { UInt8($0 * 13) }
        let expected = PortablePixmap(width: 3, height: 2, pixels: pixels)
        #expect(PortablePixmap(bytes: Self.file("P6\n3 2\n255\n", pixels: pixels)) == expected)
        #expect(PortablePixmap(bytes: Self.file("P6 # made by hand\n3\t2 # size\r\n255 ", pixels: pixels + [9, 9])) == expected)
    }

    @Test("other netpbm kinds, deep pixels, short files and huge sizes are refused", arguments: [
        "P3\n3 2\n255\n", "P6\n3 2\n65535\n", "P6\n3\n255\n", "P6\n0 2\n255\n", "P6\n99999 2\n255\n", "P6\n3 2\n255",
    ])
    func refuses(header: String) {
        #expect(PortablePixmap(bytes: Self.file(header, pixels: Array(repeating: 0, count: 18))) == nil)
        #expect(PortablePixmap(bytes: Self.file("P6\n3 2\n255\n", pixels: Array(repeating: 0, count: 17))) == nil)
    }

    @Test("a page of a fixture PDF rendered by pdftoppm reads back with its size and ink")
    func readsPdftoppm() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-ppm-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftoppm")
        process.arguments = ["-scale-to", "200", "-f", "1", "-l", "1", Self.root.appendingPathComponent("fixtures/submissions/123456789.pdf").path, folder + "/page"]
        try process.run()
        process.waitUntilExit()
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first)
        let page = try #require(PortablePixmap(contentsOfFile: folder + "/" + name))
        #expect(max(page.width, page.height) == 200)
        #expect(page.pixels.count == page.width * page.height * 3)
        #expect(page.pixels.contains { $0 < 128 }, "the page has dark ink")
        #expect(page.pixels.filter { $0 == 255 }.count > page.pixels.count / 2, "and a mostly white background")
    }
}
