import Foundation
import LRRunner

/// Plot 2, confusion matrix: a 2×2 image (imshow, matshow, ConfusionMatrixDisplay,
/// seaborn's heatmap) or a grid of numbers drawn as texts whose counts equal the confusion
/// matrix of the script's own test predictions, rows the true labels as
/// `confusion_matrix(y_test, y_pred)` gives them.
enum ConfusionPlotCriterion {
    /// The counts of the script's predictions: [[true 0 → 0, true 0 → 1], [true 1 → 0, true 1 → 1]].
    static func expected(_ evidence: Evidence) -> [Double]? {
        guard let predictions = evidence.predictions else { return nil }
        var counts = [Double](repeating: 0, count: 4)
        for (label, predicted) in zip(evidence.testImages.labels, predictions) { counts[label * 2 + predicted] += 1 }
        return counts
    }

    /// The 2×2 matrices the figures show: images first, then grids of four numbers drawn as
    /// texts at 2×2 positions (ordered as an image's rows and columns: y, then x).
    static func shown(_ evidence: Evidence) -> [[Double]] {
        let images = PlotSearch.images(in: evidence.figures, rows: 2, columns: 2).map(\.image.values)
        let grids: [[Double]] = evidence.figures.flatMap(\.axes).compactMap { axes in
            let numbers = axes.texts.compactMap { text in Double(text.text.trimmingCharacters(in: .whitespaces)).map { (value: $0, x: text.x, y: text.y) } }
            guard numbers.count == 4, Set(numbers.map(\.x)).count == 2, Set(numbers.map(\.y)).count == 2 else { return nil }
            return numbers.sorted { ($0.y, $0.x) < ($1.y, $1.x) }.map(\.value)
        }
        return images + grids
    }

    static func assess(_ evidence: Evidence) -> Assessment {
        guard !evidence.figures.isEmpty else { return .fail(PlotSearch.noFigures) }
        guard let expected = expected(evidence) else {
            return .fail("Cannot check the confusion matrix: the script left neither y_pred_manual nor a W the grader can evaluate.")
        }
        let shown = shown(evidence)
        let written = matrix(expected)
        guard !shown.isEmpty else { return .fail("No 2×2 confusion matrix was drawn (as an image or as four numbers); your predictions give \(written).") }
        if shown.contains(expected) { return .pass("The confusion matrix \(written) equals the counts of your predictions (rows: true label, columns: predicted).") }
        if shown.contains(PlotSearch.transposed(expected, rows: 2, columns: 2)) {
            return .partial("The confusion matrix is transposed: it shows \(matrix(PlotSearch.transposed(expected, rows: 2, columns: 2))); with rows the true labels it is \(written), as confusion_matrix(y_test, y_pred) gives.")
        }
        let rowSums = [expected[0] + expected[1], expected[2] + expected[3]]
        let normalized = expected.indices.map { rowSums[$0 / 2] > 0 ? expected[$0] / rowSums[$0 / 2] : 0 }
        if shown.contains(where: { zip($0, normalized).allSatisfy { abs($0 - $1) <= 5e-3 } }) {
            return .pass("The confusion matrix, normalized per true label, matches your predictions' counts \(written).")
        }
        return .fail("The 2×2 matrix drawn, \(matrix(shown[0])), is not the confusion matrix of your predictions, \(written).")
    }

    static func matrix(_ values: [Double]) -> String {
        "[[\(Shown.value(values[0])), \(Shown.value(values[1]))], [\(Shown.value(values[2])), \(Shown.value(values[3]))]]"
    }
}
