import Foundation
import Testing
@testable import LRData

@Suite("Reading MNIST")
struct MNISTDatasetTests {
    /// Every format of the tiny fixture reads back the labels and pixels numpy wrote.
    @Test("IDX raw, IDX gzip, IDX blocked gzip, npz stored and npz deflated agree with numpy", arguments: ["idx", "idx-gz", "idx-bgzf", "mnist.npz", "mnist-compressed.npz"])
    func formats(_ name: String) throws {
        let data = try MNISTDataset(contentsOf: Fixtures.tiny.appendingPathComponent(name).path)
        let expected = Fixtures.expected
        #expect(data.train.count == expected.train_labels.count)
        #expect(data.test.count == expected.test_labels.count)
        #expect(data.train.labels.map(Int.init) == expected.train_labels)
        #expect(data.test.labels.map(Int.init) == expected.test_labels)
        #expect((0..<data.train.count).map { data.train.image($0).reduce(0) { $0 + Int($1) } } == expected.train_pixel_sums)
        #expect((0..<data.test.count).map { data.test.image($0).reduce(0) { $0 + Int($1) } } == expected.test_pixel_sums)
    }

    @Test("the bundled data has the documented counts of zeros and ones")
    func bundled() throws {
        let data = try MNISTDataset(contentsOf: Fixtures.mnist.path)
        #expect(data.train.count == 60_000 && data.test.count == 10_000)
        let train = try data.train.selecting(.zeroOne, split: "training")
        let test = try data.test.selecting(.zeroOne, split: "test")
        #expect(train.count == 12_665 && test.count == 2_115)
        #expect(train.targets.filter { $0 == 1 }.count == 6_742)
        #expect(test.targets.filter { $0 == 0 }.count == 980)
    }

    @Test("selecting a pair keeps the original order and labels the second digit 1")
    func selection() throws {
        let data = try MNISTDataset(contentsOf: Fixtures.tiny.appendingPathComponent("idx").path)
        let pair = try DigitPair(4, 1)
        let subset = try data.train.selecting(pair, split: "training")
        let expectedIndices = Fixtures.expected.train_labels.indices.filter { [4, 1].contains(Fixtures.expected.train_labels[$0]) }
        #expect(subset.sourceIndices == expectedIndices)
        #expect(subset.targets == expectedIndices.map { Fixtures.expected.train_labels[$0] == 1 ? 1 : 0 })
        for (row, index) in expectedIndices.enumerated() {
            #expect(Array(subset.image(row)) == Array(data.train.image(index)))
        }
    }

    @Test("loading a digit pair keeps exactly its images, in order, from every format", arguments: ["idx", "idx-gz", "idx-bgzf", "mnist.npz", "mnist-compressed.npz"])
    func keepingAPair(_ name: String) throws {
        let path = Fixtures.tiny.appendingPathComponent(name).path, pair = try DigitPair(4, 1)
        let all = try MNISTDataset(contentsOf: path), kept = try MNISTDataset(contentsOf: path, digits: pair)
        for (whole, part) in [(all.train, kept.train), (all.test, kept.test)] {
            let indices = whole.labels.indices.filter { pair.contains(Int(whole.labels[$0])) }
            #expect(!indices.isEmpty && part.count == indices.count)
            #expect(part.labels == indices.map { whole.labels[$0] })
            #expect(indices.enumerated().allSatisfy { part.image($0.offset).elementsEqual(whole.image($0.element)) })
        }
    }

    @Test("the bundled files kept to 0 and 1 (decoded in runs on all cores) give the pair's images as a whole load does")
    func keepingBundled() throws {
        let all = try MNISTDataset(contentsOf: Fixtures.mnist.path), kept = try MNISTDataset(contentsOf: Fixtures.mnist.path, digits: .zeroOne)
        #expect(kept.train.count == 12_665 && kept.test.count == 2_115)
        for (whole, part, split) in [(all.train, kept.train, "training"), (all.test, kept.test, "test")] {
            let expected = try whole.selecting(.zeroOne, split: split), actual = try part.selecting(.zeroOne, split: split)
            #expect(actual.targets == expected.targets)
            #expect((0..<expected.count).allSatisfy { actual.image($0).elementsEqual(expected.image($0)) })
        }
    }

    @Test("a byte selection merges, cuts, and copies the kept bytes of any span to their places")
    func byteSelection() {
        let size = 1_000
        let file = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let ranges = [0..<16, 16..<40, 100..<101, 300..<700, 990..<1_200]  // touching, one byte, past the end
        let selection = ByteSelection(ranges, size: size)
        #expect(selection.ranges == [0..<40, 100..<101, 300..<700, 990..<1_000])
        let expected = ranges.flatMap { file[$0.clamped(to: 0..<size)] }
        #expect(selection.count == expected.count && selection.kept(from: file) == expected)
        func keptBefore(_ offset: Int) -> Int { selection.ranges.reduce(0) { $0 + $1.clamped(to: 0..<offset).count } }
        for spanLength in [1, 7, 64, 97, 1_000] {
            var kept = [UInt8](repeating: 0, count: selection.count)
            for start in stride(from: 0, to: size, by: spanLength) {
                let span = start..<min(start + spanLength, size)
                file.withUnsafeBytes { bytes in
                    kept.withUnsafeMutableBytes { selection.copy(bytes.baseAddress! + start, holding: span, into: $0.baseAddress!) }
                }
                #expect(selection.places(of: span) == keptBefore(span.lowerBound)..<keptBefore(span.upperBound))
            }
            #expect(kept.elementsEqual(expected), "spans of \(spanLength) bytes")
        }
    }

    @Test("digit pairs parse from A,B and reject what is not two different digits")
    func digitPairs() throws {
        #expect(try DigitPair(parsing: "3,8") == DigitPair(3, 8))
        #expect(try DigitPair(parsing: " 9 , 4 ") == DigitPair(9, 4))
        for bad in ["", "1", "1,2,3", "a,b", "10,1", "-1,2", "5,5"] {
            #expect(throws: DatasetError.self) { try DigitPair(parsing: bad) }
        }
        #expect(throws: DatasetError(file: "", .invalidDigits("the two digits must differ, got 5 twice"))) { try DigitPair(5, 5) }
    }
}
