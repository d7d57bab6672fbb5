import Foundation
import Testing
@testable import LRData

/// Each kind of damaged input ends in a `DatasetError` naming the file and the problem.
@Suite("Bad input")
struct BadInputTests {
    private func damage(_ name: String, in folder: URL, _ change: (inout [UInt8]) -> Void) throws {
        let url = folder.appendingPathComponent(name)
        var bytes = [UInt8](try Data(contentsOf: url))
        change(&bytes)
        try Data(bytes).write(to: url)
    }

    @Test("a missing folder or file is named")
    func missing() throws {
        let nowhere = Fixtures.tiny.appendingPathComponent("no-such-folder")
        #expect(Fixtures.problem(loading: nowhere) == DatasetError(file: nowhere.path, .missingFile))
        let folder = try Fixtures.idxCopy()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("t10k-labels-idx1-ubyte"))
        let error = try #require(Fixtures.problem(loading: folder))
        #expect(error.problem == .missingFile)
        #expect(error.file.hasSuffix("t10k-labels-idx1-ubyte.gz"))
        #expect(error.description.contains("t10k-labels-idx1-ubyte"))
    }

    @Test("a file that shrinks after it was opened is named, not read past its end")
    func shrinking() throws {
        let path = try Fixtures.idxCopy().appendingPathComponent("train-labels-idx1-ubyte").path
        let file = try OpenFile(path)
        #expect(file.size == 8 + 30 && truncate(path, 10) == 0)
        #expect(throws: DatasetError(file: path, .unreadable("it shrank to 10 bytes while it was read"))) { try file.bytes(0..<file.size) }
    }

    @Test("a wrong magic number")
    func wrongMagic() throws {
        let folder = try Fixtures.idxCopy()
        try damage("train-images-idx3-ubyte", in: folder) { $0[2] = 0x0D }  // a float IDX
        let error = try #require(Fixtures.problem(loading: folder))
        guard case .wrongMagic = error.problem else { Issue.record("got \(error)"); return }
        #expect(error.file.hasSuffix("train-images-idx3-ubyte"))
    }

    @Test("truncated data, raw and gzipped")
    func truncated() throws {
        let folder = try Fixtures.idxCopy()
        try damage("t10k-images-idx3-ubyte", in: folder) { $0.removeLast(100) }
        #expect(Fixtures.problem(loading: folder)?.problem == .truncated(expectedBytes: 16 + 12 * 784, actualBytes: 16 + 12 * 784 - 100))

        let gz = try Fixtures.scratchFolder()
        for name in MNISTDataset.idxFileNames {
            try FileManager.default.copyItem(at: Fixtures.tiny.appendingPathComponent("idx-gz/\(name).gz"), to: gz.appendingPathComponent("\(name).gz"))
        }
        try damage("train-images-idx3-ubyte.gz", in: gz) { $0.removeLast($0.count / 2) }
        let error = try #require(Fixtures.problem(loading: gz))
        guard case .corruptCompression = error.problem else { Issue.record("got \(error)"); return }
        #expect(error.file.hasSuffix("train-images-idx3-ubyte.gz"))
    }

    @Test("dimensions whose product overflows")
    func overflowingShape() throws {
        let folder = try Fixtures.idxCopy()
        try damage("train-images-idx3-ubyte", in: folder) { $0.replaceSubrange(4..<16, with: [UInt8](repeating: 0xFF, count: 12)) }
        let dimension = 4_294_967_295
        #expect(Fixtures.problem(loading: folder)?.problem == .unexpectedShape("dimensions \([dimension, dimension, dimension]) hold more values than any file can"))
    }

    @Test("bytes after the data")
    func trailing() throws {
        let folder = try Fixtures.idxCopy()
        try damage("train-labels-idx1-ubyte", in: folder) { $0 += [1, 2, 3] }
        #expect(Fixtures.problem(loading: folder)?.problem == .trailingBytes(3))
    }

    @Test("images and labels that do not match in count")
    func countMismatch() throws {
        let folder = try Fixtures.idxCopy()
        // 29 labels for 30 images: a consistent header, one label short.
        try damage("train-labels-idx1-ubyte", in: folder) { $0[7] = 29; $0.removeLast() }
        let error = try #require(Fixtures.problem(loading: folder))
        #expect(error.problem == .countMismatch(images: 30, labels: 29))
        #expect(error.file.hasSuffix("train-labels-idx1-ubyte"))
    }

    @Test("a label that is not a digit")
    func labelOutOfRange() throws {
        let folder = try Fixtures.idxCopy()
        try damage("t10k-labels-idx1-ubyte", in: folder) { $0[8 + 3] = 12 }
        #expect(Fixtures.problem(loading: folder)?.problem == .labelOutOfRange(index: 3, value: 12))
    }

    @Test("images that are not 28×28")
    func shape() throws {
        let folder = try Fixtures.idxCopy()
        // 30 images of 28×28 declared as 60 images of 14×28: same byte count.
        try damage("train-images-idx3-ubyte", in: folder) { $0[7] = 60; $0[11] = 14 }
        let error = try #require(Fixtures.problem(loading: folder))
        guard case .unexpectedShape = error.problem else { Issue.record("got \(error)"); return }
    }

    @Test("an npz without the Keras arrays")
    func npzWithoutKeys() throws {
        let path = Fixtures.tiny.appendingPathComponent("no-test-arrays.npz")
        #expect(Fixtures.problem(loading: path) == DatasetError(file: path.path, .missingKeys(["x_test", "y_test"])))
    }

    @Test("a file that is not a zip, and a zip member with a bad CRC")
    func notZip() throws {
        let folder = try Fixtures.scratchFolder()
        let text = folder.appendingPathComponent("mnist.npz")
        try Data("not a zip".utf8).write(to: text)
        guard case .wrongMagic = Fixtures.problem(loading: text)?.problem else { Issue.record("expected wrong magic"); return }

        let npz = folder.appendingPathComponent("damaged.npz")
        var bytes = [UInt8](try Data(contentsOf: Fixtures.tiny.appendingPathComponent("mnist.npz")))
        bytes[400] ^= 0xFF  // inside x_train's stored data
        try Data(bytes).write(to: npz)
        let error = try #require(Fixtures.problem(loading: npz))
        #expect(error.problem == .corruptCompression("CRC-32 mismatch"))
        #expect(error.file.contains("x_train"))
    }

    @Test("zip sizes that cannot be right are refused before any allocation")
    func impossibleZipSizes() throws {
        let source = [UInt8](try Data(contentsOf: Fixtures.tiny.appendingPathComponent("mnist-compressed.npz")))
        let entry = try #require((0..<(source.count - 4)).first { source[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) })
        let folder = try Fixtures.scratchFolder()
        func loading(_ change: (inout [UInt8]) -> Void) -> DatasetError? {
            var bytes = source
            change(&bytes)
            let path = folder.appendingPathComponent("\(UUID().uuidString).npz")
            try? Data(bytes).write(to: path)
            return Fixtures.problem(loading: path)
        }
        // The first member, x_train: deflated, 4,996 bytes that inflate to 23,648.
        let compressedLarger = loading { $0.replaceSubrange((entry + 20)..<(entry + 24), with: [0xFF, 0xFF, 0xFF, 0xFF]) }
        #expect(compressedLarger?.problem == .corruptCompression("damaged zip central directory"))
        let inflatedTooMuch = loading { $0.replaceSubrange((entry + 24)..<(entry + 28), with: [0xFF, 0xFF, 0xFF, 0x7F]) }
        #expect(inflatedTooMuch?.problem == .corruptCompression("announces 2147483647 bytes from 4996, more than DEFLATE can encode"))
        #expect(inflatedTooMuch?.file.hasSuffix("(x_train.npy)") == true)
    }

    @Test("a digit pair with no images in the data")
    func noImages() throws {
        let data = try MNISTDataset(contentsOf: Fixtures.tiny.appendingPathComponent("idx").path)
        // The tiny test set has no 8.
        #expect(throws: DatasetError(file: "", .noImages(digit: 8, split: "test"))) {
            try data.test.selecting(DigitPair(1, 8), split: "test")
        }
    }
}
