import Testing
import LRData
import LRNumerics
@testable import LRGrading

/// The plot criteria's small pieces: captions, transposition, correlation, finding a drawn
/// digit among the test images.
@Suite("Plot criteria")
struct PlotCriteriaTests {
    @Test("a drawn digit is found among the test images, raw, scaled or standardized; SIMD correlations equal the plain ones")
    func findsTestImages() throws {
        let data = ClassGradingTests.data
        let test = try data.test.selecting(.zeroOne, split: "test")
        let standardization = DesignMatrix(training: try data.train.selecting(.zeroOne, split: "training")).standardization
        let images = TestImages(test, standardization: standardization)
        func pixels(_ index: Int) -> [Double] { test.image(index).map(Double.init) }
        func standardized(_ index: Int) -> [Double] {
            pixels(index).enumerated().map { ($0.element / 255 - standardization.mean[$0.offset]) / standardization.scale[$0.offset] }
        }
        for index in [0, 7, 2114] {
            #expect(images.index(of: pixels(index)) == index)
            #expect(images.index(of: pixels(index).map { $0 / 255 }) == index)
            #expect(images.index(of: standardized(index)) == index)
            let fast = images.correlations(with: pixels(index))
            for other in [0, 1, 500, 2114] {
                let plain = max(TestImages.correlation(pixels(index), pixels(other)), TestImages.correlation(pixels(index), standardized(other)))
                #expect(abs(Double(fast[other]) - plain) < 1e-5, "\(index) against \(other)")
            }
        }
        #expect(images.index(of: (0..<784).map { Double($0 % 7) }) == nil)
        #expect(images.index(of: [1, 2, 3]) == nil)
    }

    @Test("a caption names the predicted label and a confidence", arguments: [
        ("pred 1 (0.86)", 1, true), ("1 (0.95)", 1, true), ("Predicted: 0, p = 0.73", 0, true), ("pred=0 conf=97.5%", 0, true),
        ("pred 1", 1, false), ("(0.86)", 1, false), ("pred 0 (0.86)", 1, false), ("label 11 (0.5)", 1, false),
    ])
    func captions(caption: String, predicted: Int, expected: Bool) {
        #expect(MisclassifiedPlotCriterion.captions(predicted: predicted, in: caption) == expected)
    }

    @Test("transposing a matrix stored row by row, against index arithmetic")
    func transposed() {
        let values = (0..<12).map(Double.init)  // 3 rows × 4 columns
        let result = PlotSearch.transposed(values, rows: 3, columns: 4)
        for row in 0..<3 { for column in 0..<4 { #expect(result[column * 3 + row] == values[row * 4 + column]) } }
        #expect(PlotSearch.transposed(result, rows: 4, columns: 3) == values)
    }

    @Test("correlation is invariant to scale and offset, and signed")
    func correlation() {
        let a: [Double] = [1, 3, 2, 5, 4]
        #expect(abs(TestImages.correlation(a, a.map { 7 - 2 * $0 }) + 1) < 1e-12)
        #expect(abs(TestImages.correlation(a, a.map { $0 / 255 + 3 }) - 1) < 1e-12)
        #expect(TestImages.correlation(a, [2, 2, 2, 2, 2]) == 0)
    }
}
