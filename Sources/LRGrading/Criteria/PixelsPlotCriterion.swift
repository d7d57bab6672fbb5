import Foundation
import LRRunner

/// Plot 3, important pixels: a 28×28 image whose values correlate with W without its bias
/// (|Pearson r| ≥ 0.99, with W or with |W|). A transposed image, or W[:784] reshaped (the
/// bias drawn as the first pixel and the last pixel lost), is named.
enum PixelsPlotCriterion {
    static let minimumCorrelation = 0.99

    /// The pixel weights: W[1:] for 785 values, W itself for 784.
    static func pixelWeights(_ evidence: Evidence) -> [Double]? {
        guard let weights = evidence.work.weights?.value else { return nil }
        switch weights.count {
        case 785: return Array(weights.dropFirst())
        case 784: return weights
        default: return nil
        }
    }

    /// The drawn 28×28 image that correlates best with the pixel weights, and how well.
    static func find(_ evidence: Evidence) -> (image: CapturedFigure.Image, axes: CapturedFigure.Axes, r: Double)? {
        guard let pixels = pixelWeights(evidence) else { return nil }
        let magnitudes = pixels.map(abs)
        return PlotSearch.images(in: evidence.figures, rows: 28, columns: 28)
            .map { ($0.image, $0.axes, max(abs(TestImages.correlation($0.image.values, pixels)), TestImages.correlation($0.image.values, magnitudes))) }
            .max { $0.2 < $1.2 }
    }

    static func assess(_ evidence: Evidence) -> Assessment {
        guard !evidence.figures.isEmpty else { return .fail(PlotSearch.noFigures) }
        guard let pixels = pixelWeights(evidence), let weights = evidence.work.weights?.value else {
            return .fail("Cannot check the important-pixels image: the script left no W of 785 (or 784) values.")
        }
        let images = PlotSearch.images(in: evidence.figures, rows: 28, columns: 28)
        guard !images.isEmpty else { return .fail("No 28×28 image was drawn; show W[1:].reshape(28, 28) with imshow.") }
        if let best = find(evidence), best.r >= minimumCorrelation {
            return .pass("The 28×28 image correlates with W[1:] (|r| = \(String(format: "%.4f", best.r))): the important pixels.")
        }
        let transposed = PlotSearch.transposed(pixels, rows: 28, columns: 28)
        if images.contains(where: { abs(TestImages.correlation($0.image.values, transposed)) >= minimumCorrelation }) {
            return .partial("The weights image is transposed: reshape W[1:] to (28, 28) without .T, so that pixel (row, column) is feature 28·row + column.")
        }
        if weights.count == 785, images.contains(where: { abs(TestImages.correlation($0.image.values, Array(weights.prefix(784)))) >= minimumCorrelation }) {
            return .fail("The image is W[:784] reshaped: the bias is drawn as the first pixel and the last pixel's weight is lost; use W[1:].reshape(28, 28).")
        }
        let best = images.map { abs(TestImages.correlation($0.image.values, pixels)) }.max() ?? 0
        return .fail("No 28×28 image correlates with W[1:] (best |r| = \(String(format: "%.3f", best)), \(minimumCorrelation) needed).")
    }
}
