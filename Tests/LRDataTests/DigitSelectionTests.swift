import Foundation
import Testing
@testable import LRData

/// `--digits`: two digits are the handout's assignment, three or more the multiclass one.
@Suite("Digit selection")
struct DigitSelectionTests {
    @Test("A,B is a pair; ranges and lists of three or more are classes, in the order given")
    func forms() throws {
        #expect(try DigitSelection(parsing: "0,1") == .pair(.zeroOne))
        #expect(try DigitSelection(parsing: "0-9") == .classes(DigitClasses(Array(0...9))))
        #expect(try DigitSelection(parsing: "3,5,8") == .classes(DigitClasses([3, 5, 8])))
        #expect(try DigitSelection(parsing: "8, 3 ,5").digits == [8, 3, 5])
        #expect(try DigitSelection(parsing: "0-2,7").digits == [0, 1, 2, 7])
        #expect(try DigitClasses(parsing: "0-9").description == "0-9")
        #expect(try DigitClasses(parsing: "3,5,8").description == "3,5,8")
        #expect(try DigitClasses([3, 5, 8]).label(of: 8) == 2)
        #expect(try DigitClasses([3, 5, 8]).label(of: 1) == nil)
    }

    @Test("too few, repeated or out-of-range digits are refused with the reason", arguments: [
        ("0-1", "three or more different digits, got 2"),
        ("5-5", "three or more different digits, got 1"),
        ("3,3,5", "3 is given twice"),
        ("0-4,4", "4 is given twice"),
        ("1,12,3", "12 is not a digit 0-9"),
        ("7-11", "10 is not a digit 0-9"),
        ("9-0", "ascending ranges"),
        ("0-9-3", "ascending ranges"),
        (",1,2", "ascending ranges"),
        ("5", "expected two digits A,B"),
        ("3,3", "the two digits must differ"),
    ])
    func refused(text: String, reason: String) {
        #expect {
            try DigitSelection(parsing: text)
        } throws: { error in
            guard let error = error as? DatasetError, case .invalidDigits = error.problem else { return false }
            return error.reason.contains(reason)
        }
    }

    @Test("selecting classes labels each image by its digit's place and keeps the order of the set")
    func selecting() throws {
        let data = try MNISTDataset(contentsOf: Fixtures.tiny.appendingPathComponent("idx").path)
        let classes = try DigitClasses([9, 2, 0])
        let images = try data.train.selecting(classes, split: "training")
        let expected = data.train.labels.indices.filter { [9, 2, 0].contains(Int(data.train.labels[$0])) }
        #expect(images.sourceIndices == expected)
        #expect(images.targets == expected.map { UInt8(classes.label(of: Int(data.train.labels[$0]))!) })
        #expect(images.image(0) == data.train.image(expected[0]))
        // The tiny test set has no 3.
        #expect(throws: DatasetError(file: "", .noImages(digit: 3, split: "test"))) { try data.test.selecting(try DigitClasses([1, 3, 5]), split: "test") }
    }

    @Test("loading keeps only the images of the chosen digits")
    func loading() throws {
        let all = try MNISTDataset(contentsOf: Fixtures.tiny.appendingPathComponent("idx").path)
        let kept = try MNISTDataset(contentsOf: Fixtures.tiny.appendingPathComponent("idx").path, selection: .classes(DigitClasses([9, 2, 0])))
        #expect(kept.train.labels == all.train.labels.filter { [9, 2, 0].contains($0) })
        #expect(try kept.train.selecting(DigitClasses([9, 2, 0]), split: "training").targets
                == all.train.selecting(DigitClasses([9, 2, 0]), split: "training").targets)
    }
}
