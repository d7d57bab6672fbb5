import Foundation
import LRRunner

/// Plot 1, loss vs iteration: an axes with two lines of one value per epoch that equal the
/// script's `train_loss_history` and `test_loss_history` (or, without them, the replay's),
/// with both axis labels, and limits that show the curves.
enum LossPlotCriterion {
    /// The axes that draws the histories and which of them it draws.
    struct Finding {
        var axes: CapturedFigure.Axes
        var drawsTrain: Bool
        var drawsTest: Bool
    }

    static func find(_ evidence: Evidence) -> Finding? {
        let histories = histories(evidence)
        let tolerance = evidence.tolerances.lossRelative
        func draws(_ axes: CapturedFigure.Axes, _ history: [Double]?) -> Bool {
            guard let history, !history.isEmpty else { return false }
            return axes.lines.contains { $0.y.count == history.count && ReplayMatch.divergence(of: $0.y, from: history, relativeTolerance: tolerance) == nil }
        }
        let found = evidence.figures.flatMap(\.axes).map { Finding(axes: $0, drawsTrain: draws($0, histories.train), drawsTest: draws($0, histories.test)) }
        return found.first { $0.drawsTrain && $0.drawsTest } ?? found.first { $0.drawsTrain || $0.drawsTest }
    }

    static func assess(_ evidence: Evidence) -> Assessment {
        guard !evidence.figures.isEmpty else { return .fail(PlotSearch.noFigures) }
        let histories = histories(evidence)
        guard histories.train != nil || histories.test != nil else {
            return .fail("There is no loss history to compare the plots with (no train_loss_history, no replay).")
        }
        guard let finding = find(evidence) else {
            let lines = evidence.figures.flatMap(\.axes).flatMap(\.lines)
            return .fail("No line in your figures equals the loss histories (\(lines.count) line\(lines.count == 1 ? "" : "s") drawn; expected one value per epoch, \(histories.train?.count ?? histories.test?.count ?? 0) in all, starting at \(Shown.value(StudentWork.initialLoss))).")
        }
        let axes = finding.axes
        let named = axes.title.isEmpty ? "the loss plot" : "\"\(axes.title)\""
        guard finding.drawsTrain && finding.drawsTest else {
            return .partial("\(named) draws only the \(finding.drawsTrain ? "training" : "test") loss; plot both histories on one axes.")
        }
        var problems: [String] = []
        if axes.xLabel.trimmingCharacters(in: .whitespaces).isEmpty || axes.yLabel.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("label both axes (epoch, loss)")
        }
        if let limits = axes.yLimits {
            let values = axes.lines.flatMap(\.y).filter(\.isFinite)
            let shown = values.filter { limits.contains($0) }.count
            if shown * 2 < values.count { problems.append("the y limits \(Shown.value(limits.lowerBound))…\(Shown.value(limits.upperBound)) hide most of the curves") }
        }
        if !problems.isEmpty { return .partial("\(named) draws both histories, but \(problems.joined(separator: "; ")).") }
        return .pass("\(named) draws the training and test losses, one value per epoch, equal to your histories, with labelled axes.")
    }

    /// What the curves should equal: the script's histories, or the replay's without them.
    private static func histories(_ evidence: Evidence) -> (train: [Double]?, test: [Double]?) {
        (evidence.work.trainLoss?.value ?? evidence.match.expected?.trainLoss, evidence.work.testLoss?.value ?? evidence.match.expected?.testLoss)
    }
}
