import Foundation
import LRClassSummary
import LRGrading

/// The class at a glance, `DIR/class-report.pdf`: the scores and each criterion's outcomes;
/// the mistakes the grader named, with who made them; how the runs ended and how long they
/// took; the learning rates and epochs chosen; and the scripts most alike, their shared
/// fragments side by side.
public enum ClassReport {
    /// Renders `summary` to `path` (replaced whole, or left as it was on failure); `code`
    /// gives each student's script (by id) for the shared fragments.
    public static func write(_ summary: ClassSummary, code: [String: String], to path: String, date: Date = Date()) throws(ReportError) {
        let canvas = try Canvas(path: path)
        canvas.setTitle("lrgrade class report: \(summary.students) students")
        let pages = ClassPages(summary: summary, code: code, canvas: canvas)
        pages.scores(date: date)
        canvas.nextPage()
        pages.mistakesAndRuns()
        canvas.nextPage()
        pages.similarity()
        try canvas.finish()
    }
}

private struct ClassPages {
    let summary: ClassSummary
    let code: [String: String]
    let canvas: Canvas
    let margin = 56.0
    var width: Double { canvas.width - 2 * margin }
    var bottom: Double { canvas.height - margin }

    static func number(_ value: Double) -> String { Grade.shown(points: value) }
    static func percent(_ value: Double) -> String { String(format: "%.0f %%", value * 100) }
    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    /// Student ids as a line that fits `width`: as many as fit, then "and N more".
    func ids(_ students: [String], width: Double) -> String {
        var shown: [String] = []
        for (index, id) in students.enumerated() {
            let rest = students.count - index - 1
            let candidate = (shown + [id]).joined(separator: ", ") + (rest > 0 ? ", and \(rest) more" : "")
            guard canvas.textWidth(candidate) <= width else {
                return shown.joined(separator: ", ") + ", and \(students.count - shown.count) more"
            }
            shown.append(id)
        }
        return shown.joined(separator: ", ")
    }

    func sectionTitle(_ text: String, y: Double) -> Double {
        canvas.setFont(size: 11, weight: .bold)
        canvas.text(text, x: margin, y: y)
        return y + 8
    }

    // MARK: Page 1: scores and criteria

    func scores(date: Date) {
        canvas.titleBlock("Class report", subtitle: "\(summary.students) student\(summary.students == 1 ? "" : "s") · scores out of \(Self.number(summary.maxScore))",
                          note: "Made by lrgrade on \(date.localDay) from the students' stored grades.", margin: margin)

        var y = sectionTitle("Scores", y: margin + 84)
        if let scores = summary.scores {
            let row = ["Score"] + [scores.mean, scores.median, scores.lowerQuartile, scores.upperQuartile, scores.minimum, scores.maximum].map(Self.number)
            y = Table(header: ["", "Mean", "Median", "Lower quartile", "Upper quartile", "Lowest", "Highest"],
                      rows: [row], widths: [60, 60, 60, 85, 85, 65, 68]).draw(on: canvas, x: margin, y: y + 4)
            y = histogram(scores, x: margin + 40, y: y + 34, width: width - 40, height: 150, title: "Students by score", xLabel: "score")
        } else {
            canvas.setFont(size: 9.5)
            canvas.text("No student has been graded yet.", x: margin, y: y + 14)
            y += 30
        }

        y = sectionTitle("Criteria: pass, partial, fail", y: y + 24)
        canvas.setFont(size: 8.5)
        canvas.text("pass", x: margin + width - 120, y: y - 8, color: Color.of(.pass))
        canvas.text("partial", x: margin + width - 88, y: y - 8, color: Color.of(.partial))
        canvas.text("fail", x: margin + width - 45, y: y - 8, color: Color.of(.fail))
        let labelWidth = 170.0, barWidth = width - labelWidth - 60
        for criterion in summary.criteria {
            y += 17
            guard y < bottom else { break }
            canvas.setFont(size: 9)
            canvas.text(CriterionID(rawValue: criterion.id)?.title ?? criterion.id, x: margin, y: y)
            let total = Double(max(criterion.pass + criterion.partial + criterion.fail, 1))
            var left = margin + labelWidth
            for (count, outcome) in [(criterion.pass, Outcome.pass), (criterion.partial, .partial), (criterion.fail, .fail)] where count > 0 {
                let span = barWidth * Double(count) / total
                canvas.fillRectangle(left, y - 9, span, 11, Color.of(outcome))
                if span > 18 {
                    canvas.setFont(size: 7.5)
                    canvas.text(String(count), x: left + span / 2, y: y - 0.5, anchor: .center, color: .white)
                }
                left += span
            }
            canvas.setFont(size: 8.5)
            canvas.text("mean \(Self.number((criterion.meanPoints * 10).rounded() / 10))/\(Self.number(criterion.maxPoints))", x: margin + width, y: y, anchor: .right, color: .axis)
        }
    }

    /// Bars of a distribution's histogram with its axes; returns the y below them.
    func histogram(_ distribution: Distribution, x: Double, y: Double, width: Double, height: Double, title: String, xLabel: String) -> Double {
        let bins = distribution.histogram
        let highest = Double(bins.map(\.count).max() ?? 1)
        let axes = Axes(x: x, y: y, width: width, height: height,
                        xTicks: .inside(bins.first?.lower ?? 0, bins.last?.upper ?? 1), yTicks: .linear(0, max(highest, 1), integers: true))
        axes.drawFrame(on: canvas, title: title, xLabel: xLabel, yLabel: "students")
        for bin in bins where bin.count > 0 {
            let (left, top) = axes.point(bin.lower, Double(bin.count))
            let (right, base) = axes.point(bin.upper, 0)
            canvas.fillRectangle(left + 1, top, max(right - left - 2, 1), base - top, .blue)
        }
        return y + height + 30
    }

    // MARK: Page 2: mistakes, runs, choices

    func mistakesAndRuns() {
        var y = canvas.heading("Mistakes and runs", caption: "The known mistakes the grader recognised by replaying them, with the students who made them; how the scripts ended and how long they ran; what the students chose.", margin: margin)
        y = sectionTitle("Mistakes named", y: y + 14)
        if summary.mistakes.isEmpty {
            canvas.setFont(size: 9.5)
            canvas.text("No known mistake was found.", x: margin, y: y + 14)
            y += 24
        } else {
            y = groupTable(summary.mistakes, header: "Mistake", y: y + 4, limit: 10)
        }
        y = sectionTitle("How the runs ended", y: y + 26)
        y = groupTable(summary.runs.statuses, header: "Status", y: y + 4, limit: 6)
        if !summary.runs.errors.isEmpty {
            y = groupTable(summary.runs.errors, header: "Error", y: y + 10, limit: 5)
        }
        if let seconds = summary.runs.seconds, y + 230 < bottom {
            let top = y + 44
            let slowest = summary.runs.slowest.prefix(6).map { [$0.id, Self.seconds($0.seconds)] }
            Table(header: ["Slowest scripts", "Time"], rows: slowest, widths: [130, 70]).draw(on: canvas, x: margin + width / 2 + 40, y: top - 14)
            y = histogram(seconds, x: margin + 40, y: top, width: width / 2 - 50, height: 110, title: "Script times", xLabel: "seconds")
            canvas.setFont(size: 9)
            canvas.text("median \(Self.seconds(seconds.median)) · upper quartile \(Self.seconds(seconds.upperQuartile))", x: margin + 40, y: y + 4, color: .axis)
            y += 4
        }
        if y + 60 < bottom {
            y = sectionTitle("Learning rates and epochs chosen", y: y + 24)
            let rates = summary.learningRates.prefix(6).map { "\(Self.rate($0.value)) (\($0.count))" }.joined(separator: ", ")
            let epochs = summary.epochs.prefix(6).map { "\(Self.number($0.value)) (\($0.count))" }.joined(separator: ", ")
            canvas.setFont(size: 9.5)
            y = canvas.paragraph("Learning rates: \(rates.isEmpty ? "none found" : rates).", x: margin, y: y + 14, width: width, leading: 13)
            canvas.paragraph("Epochs: \(epochs.isEmpty ? "none found" : epochs).", x: margin, y: y + 2, width: width, leading: 13)
        }
    }

    static func rate(_ value: Double) -> String {
        var text = String(format: "%.6g", value)
        if text.contains("e") { text = String(format: "%g", value) }
        return text
    }

    /// A table of groups: the name, how many, and the students, as many as fit.
    func groupTable(_ groups: [ClassSummary.Group], header: String, y: Double, limit: Int) -> Double {
        let columns = (name: margin + 4, count: margin + 262, who: margin + 276)
        let rowHeight = 16.0
        canvas.setFont(size: 9, weight: .bold)
        canvas.text(header, x: columns.name, y: y + 11)
        canvas.text("Students", x: columns.count, y: y + 11, anchor: .right)
        canvas.text("Who", x: columns.who, y: y + 11)
        canvas.strokeLine([(margin, y + rowHeight), (margin + width, y + rowHeight)], .axis, lineWidth: 0.8)
        var top = y + rowHeight
        for (index, group) in groups.prefix(limit).enumerated() {
            if index % 2 == 1 { canvas.fillRectangle(margin, top, width, rowHeight, Color(hex: 0xF3F5F8)) }
            canvas.setFont(size: 9)
            var name = group.name
            while canvas.textWidth(name) > columns.count - columns.name - 40, name.count > 3 { name = String(name.dropLast(2)) + "…" }
            canvas.text(name, x: columns.name, y: top + 11.5)
            canvas.text(String(group.count), x: columns.count, y: top + 11.5, anchor: .right)
            canvas.setFont(size: 8.5)
            canvas.text(ids(group.students, width: margin + width - columns.who - 4), x: columns.who, y: top + 11.5, color: .axis)
            top += rowHeight
        }
        canvas.strokeLine([(margin, top), (margin + width, top)], .axis, lineWidth: 0.8)
        if groups.count > limit {
            canvas.setFont(size: 8.5)
            canvas.text("and \(groups.count - limit) more in summary.json", x: margin, y: top + 12, color: .axis)
            top += 14
        }
        return top
    }

    // MARK: Page 3: similarity

    func similarity() {
        let similarity = summary.similarity
        var y = canvas.heading("Similar submissions", caption: "Pairs of scripts whose code is alike beyond the handout's own, renaming, layout, comments and the order of statements aside (winnowed token fingerprints, as MOSS and JPlag compute them), from a similarity of \(Self.percent(similarity.threshold)); and the same PDF or the same wrong loss history handed in twice. A list to look at, not a verdict.", margin: margin)
        let pairs = similarity.pairs
        if pairs.isEmpty {
            canvas.setFont(size: 9.5)
            let most = similarity.mostSimilar.map { " The most similar pair, \($0.first) and \($0.second), is at \(Self.percent($0.similarity))." } ?? ""
            y = canvas.paragraph("No pair of scripts reaches \(Self.percent(similarity.threshold)).\(most)", x: margin, y: y + 14, width: width, leading: 13)
        } else {
            let rows = pairs.prefix(8).map { [$0.first, $0.second, Self.percent($0.similarity), String($0.shared)] }
            y = Table(header: ["Script", "Script", "Similarity", "Fingerprints shared"], rows: rows, widths: [140, 140, 90, 113]).draw(on: canvas, x: margin, y: y + 8)
            if pairs.count > 8 {
                canvas.setFont(size: 8.5)
                canvas.text("and \(pairs.count - 8) more pairs in summary.json", x: margin, y: y + 12, color: .axis)
                y += 12
            }
        }
        canvas.setFont(size: 9.5)
        for (title, groups) in [("Identical PDFs", similarity.identicalPDFs), ("Identical wrong loss histories", similarity.identicalLosses)] {
            // A few groups, each by its first students: a class of copies has groups of dozens.
            let shown = groups.prefix(4).map { group in
                group.prefix(3).joined(separator: " = ") + (group.count > 3 ? " and \(group.count - 3) more" : "")
            }
            let more = groups.count > 4 ? "; and \(groups.count - 4) more groups in summary.json" : ""
            let text = groups.isEmpty ? "none" : shown.joined(separator: "; ") + more
            y = canvas.paragraph("\(title): \(text).", x: margin, y: y + 18, width: width, leading: 13) - 13
        }
        y += 14
        for pair in pairs.prefix(3) {
            guard y + 120 < bottom else { break }
            y = fragments(of: pair, y: y + 20)
        }
    }

    /// The pair's largest shared fragment, side by side in monospace; returns the y below.
    func fragments(of pair: ClassSummary.Similarity.Pair, y: Double) -> Double {
        canvas.setFont(size: 10, weight: .bold)
        canvas.text("\(pair.first) and \(pair.second): \(Self.percent(pair.similarity))", x: margin, y: y)
        guard let fragment = pair.fragments.first else { return y + 6 }
        let column = (width - 12) / 2
        let leading = 9.0
        let maximumLines = Int((bottom - y - 24) / leading)
        var lowest = y
        for (index, (id, lines)) in [(pair.first, fragment.first), (pair.second, fragment.second)].enumerated() {
            let x = margin + Double(index) * (column + 12)
            canvas.setFont(size: 8, weight: .regular)
            canvas.text("\(id), lines \(lines.lowerBound)–\(lines.upperBound)", x: x, y: y + 14, color: .axis)
            let source = (code[id] ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            let shown = source.indices.contains(lines.lowerBound - 1) ? source[(lines.lowerBound - 1)..<min(lines.upperBound, source.count)] : []
            canvas.fillRectangle(x, y + 18, column, Double(min(shown.count, maximumLines)) * leading + 6, Color(hex: 0xF3F5F8))
            canvas.setFont(size: 6.8, monospaced: true)
            var baseline = y + 26
            for line in shown.prefix(maximumLines) {
                var text = String(line).replacingOccurrences(of: "\t", with: "    ")
                while canvas.textWidth(text) > column - 6, !text.isEmpty { text.removeLast() }
                canvas.text(text, x: x + 3, y: baseline)
                baseline += leading
            }
            lowest = max(lowest, baseline)
        }
        return lowest
    }
}
