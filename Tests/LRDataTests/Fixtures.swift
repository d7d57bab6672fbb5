import Foundation
import LRData
import Testing

/// Paths into the repository's fixtures and a scratch folder per test.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tiny = root.appendingPathComponent("fixtures/tiny")
    static let mnist = root.appendingPathComponent("fixtures/mnist")

    struct Expected: Decodable {
        var train_labels: [Int]
        var test_labels: [Int]
        var train_pixel_sums: [Int]
        var test_pixel_sums: [Int]
    }

    static let expected = try! JSONDecoder().decode(Expected.self, from: Data(contentsOf: tiny.appendingPathComponent("expected.json")))

    /// A new empty folder under the system's temporary folder.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Why loading `path` fails, or nil. Loaded twice, whole and keeping only 0 and 1 (which
    /// decodes differently), the error must be the same.
    static func problem(loading path: URL) -> DatasetError? {
        let errors = ([nil, .zeroOne] as [DigitPair?]).map { digits -> DatasetError? in
            do throws(DatasetError) { _ = try MNISTDataset(contentsOf: path.path, digits: digits); return nil } catch { return error }
        }
        #expect(errors[0] == errors[1], "the same error whether all images are kept or a pair's")
        return errors[0]
    }

    /// A scratch copy of the tiny raw IDX folder, for tests that damage one file.
    static func idxCopy() throws -> URL {
        let folder = try scratchFolder()
        for name in try FileManager.default.contentsOfDirectory(atPath: tiny.appendingPathComponent("idx").path) {
            try FileManager.default.copyItem(at: tiny.appendingPathComponent("idx/\(name)"), to: folder.appendingPathComponent(name))
        }
        return folder
    }
}
