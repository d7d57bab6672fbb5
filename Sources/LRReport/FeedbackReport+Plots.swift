import Foundation
import LRGrading

extension FeedbackPages {
    /// The four assigned plots redrawn by lrgrade from the data of the student's figures
    /// (left) beside what they should show (right), each with its verdict.
    func plots() {
        let top = heading("Your plots, redrawn from your figures", "Each plot as your script's figures hold it (left), redrawn here from their data, beside what it should show (right), with the verdict. Looks are not graded, the data are.")
        let plots = details.plots
        let band = (canvas.height - top - margin - 20) / 4
        var y = top + 24
        verdict(.lossPlot, y: y)
        lossPanel(plots.lossLines, x: margin + 20, y: y + 30, width: width / 2 - 40, height: band - 72)
        lossPanel([details.replayTrainLoss, details.replayTestLoss].compactMap { $0 }, x: margin + width / 2 + 20, y: y + 30, width: width / 2 - 40, height: band - 72)
        y += band
        verdict(.confusionPlot, y: y)
        let side = band - 70
        matrix(plots.confusion, x: margin + 40, y: y + 30, side: side, title: "Yours")
        matrix(plots.expectedConfusion, x: margin + width / 2 + 40, y: y + 30, side: side, title: "Your predictions' counts")
        y += band
        verdict(.pixelsPlot, y: y)
        if let pixels = plots.pixels {
            WeightsImage(weights: [0] + pixels).draw(on: canvas, x: margin + 40, y: y + 40, size: side - 10, title: "Yours")
        } else {
            missing("No 28×28 image was taken for the important pixels.", x: margin, y: y + 40)
        }
        WeightsImage(weights: details.weights ?? details.expectedWeights).draw(on: canvas, x: margin + width / 2 + 40, y: y + 40, size: side - 10, title: details.weights == nil ? "Reference W[1:]" : "Your W[1:]")
        y += band
        verdict(.misclassifiedPlot, y: y)
        digits(plots.digits, x: margin, y: y + 30, height: band - 40)
    }

    private func verdict(_ id: CriterionID, y: Double) {
        canvas.setFont(size: 10, weight: .bold)
        canvas.text(id.title, x: margin, y: y)
        guard let result = grade.results.first(where: { $0.id == id }) else { return }
        canvas.text(result.outcome.rawValue, x: margin + width, y: y, anchor: .right, color: Color.of(result.outcome))
        canvas.setFont(size: 7.5)
        _ = canvas.paragraph(String(result.feedback.prefix(260)), x: margin, y: y + 11, width: width, leading: 9, color: .axis)
    }

    private func missing(_ text: String, x: Double, y: Double) {
        canvas.setFont(size: 9)
        canvas.text(text, x: x, y: y, color: .axis)
    }

    private func lossPanel(_ lines: [[Double]], x: Double, y: Double, width: Double, height: Double) {
        let finite = lines.flatMap { $0 }.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return missing("No loss curves were found.", x: x, y: y + 20) }
        let epochs = lines.map(\.count).max() ?? 1
        let axes = Axes(x: x + 20, y: y, width: width - 20, height: height,
                        xTicks: Ticks.linear(0, Double(max(epochs - 1, 1)), target: 5, integers: true),
                        yTicks: Ticks.linear(min(0, low), max(high, low + 1e-9), target: 4))
        axes.drawFrame(on: canvas, title: "", xLabel: "epoch", yLabel: "")
        for (index, values) in lines.enumerated() {
            let points = values.enumerated().filter { $0.element.isFinite }.map { (Double($0.offset), $0.element) }
            axes.drawSeries(points, on: canvas, color: index % 2 == 0 ? .blue : .orange)
        }
    }

    private func matrix(_ values: [Double]?, x: Double, y: Double, side: Double, title: String) {
        guard let values, values.count == 4 else { return missing("No 2×2 matrix was found.", x: x - 40, y: y + 20) }
        guard values.allSatisfy({ $0.isFinite && abs($0) < 1e15 }) else {
            return missing("The 2×2 matrix holds NaN, infinite or huge values.", x: x - 40, y: y + 20)
        }
        let counts = values.map { Int($0.rounded()) }
        HeatMap(values: [Array(counts[0..<2]), Array(counts[2..<4])], rowLabels: ["0", "1"], columnLabels: ["0", "1"])
            .draw(on: canvas, x: x, y: y + 10, size: side - 10, title: title, rowTitle: "true", columnTitle: "predicted", maximum: counts.max() ?? 1)
    }

    /// Up to ten digits in a row, each marked: misclassified (as it should be), classified
    /// right, or not a test image.
    private func digits(_ digits: [DrawnPlots.Digit], x: Double, y: Double, height: Double) {
        guard !digits.isEmpty else { return missing("No digit images were found.", x: x, y: y + 20) }
        let size = min(width / 10 - 6, height - 30)
        for (index, digit) in digits.prefix(10).enumerated() {
            let cx = x + Double(index) * (size + 6)
            let low = digit.pixels.min() ?? 0, high = max(digit.pixels.max() ?? 1, low + 1e-12)
            canvas.image(columns: 28, rows: 28, x: cx, y: y, width: size, height: size) { row, column in
                let v = (digit.pixels[row * 28 + column] - low) / (high - low)
                return Color(v, v, v)
            }
            let mark = digit.testIndex == nil ? "no match" : digit.misclassified == true ? "wrong ✓" : "right ✗"
            canvas.setFont(size: 7)
            canvas.text(mark, x: cx + size / 2, y: y + size + 10, anchor: .center, color: digit.misclassified == true ? .text : Color.of(.fail))
            canvas.text(digit.testIndex.map { "test \($0)" } ?? "", x: cx + size / 2, y: y + size + 19, anchor: .center, color: .axis)
        }
    }
}
