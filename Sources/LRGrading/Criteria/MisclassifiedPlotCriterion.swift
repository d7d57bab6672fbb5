import Foundation
import LRRunner

/// Plot 4, misclassified examples: up to ten 28×28 images that are test images (matched by
/// their pixels, raw or standardized) the script's own model gets wrong, each with a title
/// or text carrying the predicted label and a confidence. A model without errors passes
/// with a figure that says so.
enum MisclassifiedPlotCriterion {
    static let maximumShown = 10

    /// A drawn digit: the test image it is (nil when none matches) and the words beside it.
    struct Shown {
        var values: [Double]
        var testIndex: Int?
        var caption: String
    }

    /// The 28×28 images drawn, but for the weights image.
    static func digits(drawnIn evidence: Evidence) -> [Shown] {
        let pixels = PixelsPlotCriterion.pixelWeights(evidence)
        return PlotSearch.images(in: evidence.figures, rows: 28, columns: 28)
            .filter { drawn in pixels.map { abs(TestImages.correlation(drawn.image.values, $0)) < 0.9 } ?? true }
            .map { Shown(values: $0.image.values, testIndex: evidence.testImages.index(of: $0.image.values), caption: $0.axes.allText) }
    }

    static func assess(_ evidence: Evidence) -> Assessment {
        guard !evidence.figures.isEmpty else { return .fail(PlotSearch.noFigures) }
        guard let predictions = evidence.predictions else {
            return .fail("Cannot check the misclassified examples: the script left neither y_pred_manual nor a W the grader can evaluate.")
        }
        let labels = evidence.testImages.labels
        let errors = zip(predictions, labels).filter { $0 != $1 }.count
        if errors == 0 {
            let words = evidence.figures.flatMap { [$0.suptitle] + $0.texts + $0.axes.map(\.allText) }.joined(separator: " ").lowercased()
            if ["no misclass", "no error", "no mistake", "none", "0 misclass", "perfect"].contains(where: words.contains) {
                return .pass("Your model misclassifies no test image, and a figure says so.")
            }
            return .fail("Your model misclassifies no test image; draw a figure that says so instead of the examples.")
        }
        let drawn = evidence.digits
        let matched = drawn.filter { $0.testIndex != nil }
        guard !matched.isEmpty else {
            return .fail("None of the \(drawn.count) digit image\(drawn.count == 1 ? "" : "s") drawn is a test image (your model misclassifies \(errors)); draw X_test[i].reshape(28, 28) for the i where y_pred_manual ≠ y_test.")
        }
        let correct = matched.filter { predictions[$0.testIndex!] == labels[$0.testIndex!] }
        if let first = correct.first, let index = first.testIndex {
            return .fail("\(correct.count) of the \(matched.count) test images drawn are classified correctly by your model (test image \(index): label \(labels[index]), predicted \(predictions[index])); show the ones where y_pred_manual ≠ y_test.")
        }
        let uncaptioned = matched.filter { !captions(predicted: predictions[$0.testIndex!], in: $0.caption) }
        if !uncaptioned.isEmpty {
            return .partial("\(Self.counted(matched.count)) test images your model misclassifies, but \(uncaptioned.count == 1 ? "one lacks" : "\(uncaptioned.count) lack") a title with the predicted label and the confidence, e.g. \"pred 1 (0.62)\".")
        }
        if matched.count > maximumShown {
            return .partial("\(matched.count) misclassified test images are drawn; show at most \(maximumShown).")
        }
        return .pass("\(Self.counted(matched.count)) test images your model misclassifies (of \(errors)), each titled with the predicted label and a confidence.")
    }

    /// "The 3 images drawn are", "The image drawn is".
    static func counted(_ count: Int) -> String { count == 1 ? "The image drawn is one of the" : "The \(count) images drawn are" }

    /// Whether `caption` names `predicted` (a lone digit) and a confidence (a decimal or a percentage).
    static func captions(predicted: Int, in caption: String) -> Bool {
        let tokens = caption.split { !$0.isNumber && $0 != "." && $0 != "%" }.map(String.init)
        let label = tokens.contains { $0 == String(predicted) || $0 == "\(predicted)." }
        let confidence = tokens.contains { token in
            token.hasSuffix("%") ? Double(token.dropLast()) != nil : (token.contains(".") && Double(token).map { (0...1).contains($0) } == true)
        }
        return label && confidence
    }
}
