import Testing
@testable import LRGrading

/// The plot criteria's small pieces: captions, transposition, correlation.
@Suite("Plot criteria")
struct PlotCriteriaTests {
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
