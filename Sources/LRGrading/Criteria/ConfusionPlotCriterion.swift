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
        func drawn(_ values: [Double]) -> Bool { shown.contains { zip($0, values).allSatisfy { abs($0 - $1) <= 5e-3 } } }
        for (name, values) in normalizations(expected) where drawn(values) {
            return .pass("The confusion matrix, normalized \(name), matches your predictions' counts \(written).")
        }
        for values in [expected] + normalizations(expected).map(\.values) where drawn(PlotSearch.transposed(values, rows: 2, columns: 2)) {
            return .partial("The confusion matrix is transposed: it shows \(matrix(PlotSearch.transposed(values, rows: 2, columns: 2))); with rows the true labels it is \(matrix(values)), as confusion_matrix(y_test, y_pred) gives.")
        }
        return .fail("The 2×2 matrix drawn, \(matrix(shown[0])), is not the confusion matrix of your predictions, \(written).")
    }

    /// The counts as `confusion_matrix(..., normalize=)` gives them: each row divided by its
    /// sum ("true"), each column ("pred"), or everything by the total ("all").
    static func normalizations(_ counts: [Double]) -> [(name: String, values: [Double])] {
        func divided(_ sum: (Int) -> Double) -> [Double] { counts.indices.map { sum($0) > 0 ? counts[$0] / sum($0) : 0 } }
        let total = counts.reduce(0, +)
        return [("per true label", divided { counts[$0 / 2 * 2] + counts[$0 / 2 * 2 + 1] }),
                ("per predicted label", divided { counts[$0 % 2] + counts[$0 % 2 + 2] }),
                ("by the total", divided { _ in total })]
    }

    static func matrix(_ values: [Double]) -> String {
        "[[\(Shown.value(values[0])), \(Shown.value(values[1]))], [\(Shown.value(values[2])), \(Shown.value(values[3]))]]"
    }
}
