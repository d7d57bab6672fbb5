import Foundation
import LRGrading

/// A student's feedback PDF: the criteria with their points and feedback; the student's
/// loss curves over the replay's; the student's weights beside the expected ones; the four
/// plots redrawn from the data of the student's figures beside what was expected; thumbnails
/// of the student's own PDF so a teaching assistant can judge the plots at a glance; and the
/// end of the script's output when it did not finish.
public enum FeedbackReport {
    /// Renders `grade` to `path` (replaced whole, or left as it was on failure).
    public static func write(_ grade: Grade, to path: String, date: Date = Date()) throws(ReportError) {
        let canvas = try Canvas(path: path)
        canvas.setTitle("lrgrade feedback for \(grade.id)")
        let pages = FeedbackPages(grade: grade, canvas: canvas)
        pages.summary(date: date)
        canvas.nextPage()
        pages.training()
        canvas.nextPage()
        pages.plots()
        canvas.nextPage()
        pages.studentPDF()
        if let tail = grade.details.outputTail {
            canvas.nextPage()
            pages.output(tail)
        }
        try canvas.finish()
    }

    /// The feedback's two pages of plots as PNG images, `scale` pixels per point: the
    /// training (loss curves over the replay's, the weights beside the expected ones) and
    /// the four plots redrawn from the student's figures beside what was expected.
    public static func images(_ grade: Grade, scale: Double = 1) throws(ReportError) -> [(label: String, png: [UInt8])] {
        var images: [(label: String, png: [UInt8])] = []
        for (label, draw) in [("Your training, replayed", FeedbackPages.training), ("Your plots, from your figures' data", FeedbackPages.plots)] {
            let canvas = Canvas(imageScale: scale)
            draw(FeedbackPages(grade: grade, canvas: canvas))()
            images.append((label, try canvas.png()))
        }
        return images
    }
}

struct FeedbackPages {
    let grade: Grade
    let canvas: Canvas
    let margin = 56.0
    var details: Grade.Details { grade.details }
    var width: Double { canvas.width - 2 * margin }

    func heading(_ text: String, _ caption: String) -> Double { canvas.heading(text, caption: caption, margin: margin) }

    func summary(date: Date) {
        canvas.titleBlock("Feedback for \(grade.id)", subtitle: "Score \(Grade.shown(points: grade.score)) of \(Grade.shown(points: grade.maxScore)) · run: \(grade.status)",
                          note: "Graded by lrgrade on \(date.localDay) against the reference solution and a replay of gradient descent at your settings.", margin: margin)
        var top = margin + 76
        if let penalty = grade.penalty {
            canvas.text("\(penalty.reason) The criteria earned \(Grade.shown(points: grade.earned)).", x: margin, y: margin + 70, color: Color.of(.fail))
            top += 14
        }
        let rows = grade.results.map { [$0.id.title, $0.outcome.rawValue, "\(Grade.shown(points: $0.points)) / \(Grade.shown(points: $0.maxPoints))"] }
        var y = Table(header: ["Criterion", "Result", "Points"], rows: rows, widths: [283, 100, 100]).draw(on: canvas, x: margin, y: top)
        y += 26
        for result in grade.results {
            guard y < canvas.height - margin - 30 else { break }
            canvas.setFont(size: 10, weight: .bold)
            canvas.text(result.id.title, x: margin, y: y)
            canvas.text(result.outcome.rawValue, x: margin + width, y: y, anchor: .right, color: Color.of(result.outcome))
            canvas.setFont(size: 9)
            y = canvas.paragraph(result.feedback, x: margin, y: y + 13, width: width, leading: 12) + 10
        }
    }

    func training() {
        let rate = details.replayLearningRate.map { " at lr = \(String(format: "%g", $0))" } ?? ""
        let top = heading("Your training, replayed", "Solid lines are your loss histories; dashed lines are the reference gradient descent replayed\(rate) with your number of epochs. Below, your weights W (the bias left out) as a 28×28 image beside the replay's.")
        let panelHeight = 250.0
        let series = [(details.trainLoss, Color.blue, [Double](), "your training loss"), (details.testLoss, Color.orange, [], "your test loss"),
                      (details.replayTrainLoss, Color(hex: 0x0B3C66), [4, 3], "replay, training"), (details.replayTestLoss, Color(hex: 0x8A4200), [4, 3], "replay, test")]
            .compactMap { values, color, dash, label in values.map { ($0, color, dash, label) } }
        let finite = series.flatMap { $0.0 }.filter(\.isFinite)
        if finite.isEmpty {
            canvas.setFont(size: 10)
            canvas.text("No loss history was found to draw.", x: margin, y: top + 40, color: .axis)
        } else {
            let epochs = series.map { $0.0.count }.max() ?? 1
            // The loss falls by orders of magnitude in a few epochs: a logarithmic axis shows where curves part.
            let logarithmic = finite.allSatisfy { $0 > 0 }
            let axes = Axes(x: margin + 30, y: top + 30, width: width - 30, height: panelHeight,
                            xTicks: Ticks.linear(0, Double(max(epochs - 1, 1)), target: 8, integers: true),
                            yTicks: logarithmic ? Ticks.logarithmic(finite.min()!, finite.max()!) : Ticks.linear(min(0, finite.min()!), finite.max()!, target: 6),
                            logarithmicY: logarithmic)
            axes.drawFrame(on: canvas, title: logarithmic ? "Loss vs epoch (logarithmic scale)" : "Loss vs epoch", xLabel: "epochs completed", yLabel: "binary cross-entropy")
            for (values, color, dash, _) in series {
                let points = values.enumerated().filter { $0.element.isFinite && (!logarithmic || $0.element > 0) }
                axes.drawSeries(points.map { (Double($0.offset), $0.element) }, on: canvas, color: color, dash: dash)
            }
            axes.drawLegend(series.map { ($0.3, $0.1) }, on: canvas)
        }
        let y = top + panelHeight + 110, size = 180.0
        if let weights = details.weights {
            WeightsImage(weights: weights).draw(on: canvas, x: margin, y: y, size: size, title: "Your W")
        } else {
            canvas.setFont(size: 10)
            canvas.text("No W with 785 values was found to draw.", x: margin, y: y + 20, color: .axis)
        }
        WeightsImage(weights: details.expectedWeights).draw(on: canvas, x: margin + size + 70, y: y, size: size, title: details.replayLearningRate == nil ? "Reference W" : "Replay's W")
    }

    func studentPDF() {
        let top = heading("Your PDF", "The first pages of the PDF you submitted, as a reader sees them: loss vs epoch, confusion matrix, important pixels and misclassified examples. The plots were graded from your figures' data (previous page).")
        guard !details.pdfPages.isEmpty else {
            canvas.setFont(size: 10)
            canvas.text("No readable PDF was submitted.", x: margin, y: top + 30, color: .axis)
            return
        }
        let columns = 2, gap = 16.0
        let cellWidth = (width - gap) / Double(columns), cellHeight = (canvas.height - top - margin - 40 - 3 * gap) / 4
        for (index, page) in details.pdfPages.prefix(8).enumerated() {
            let x = margin + Double(index % columns) * (cellWidth + gap)
            let y = top + 20 + Double(index / columns) * (cellHeight + gap)
            canvas.setFont(size: 8)
            canvas.text("page \(index + 1)", x: x, y: y + 8, color: .axis)
            if let picture = JPEGPicture(bytes: page) {
                canvas.picture(picture, x: x, y: y + 12, width: cellWidth, height: cellHeight - 12)
            } else {
                canvas.text("(this page could not be rendered)", x: x, y: y + 30, color: .axis)
            }
        }
    }

    func output(_ tail: String) {
        let top = heading("The end of your script's output", "Your script did not finish; these are the last lines it wrote (standard output, then standard error).")
        canvas.setFont(size: 7.5, monospaced: true)
        var y = top + 20
        for line in tail.split(separator: "\n", omittingEmptySubsequences: false) where y < canvas.height - margin {
            canvas.text(String(line.prefix(110)), x: margin, y: y)
            y += 10
        }
    }
}
