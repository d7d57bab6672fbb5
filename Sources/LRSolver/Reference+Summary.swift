import Foundation

extension Reference {
    /// The 5-epoch versus final comparison beside the baseline, as a small text table.
    public var summary: String {
        let digits = dataset.digits
        var table = SummaryTable()
        table.row("scikit-learn baseline", sklearn.evaluation.accuracy, sklearn.evaluation.logLoss, sklearn.evaluation.errors,
                  note: "(L-BFGS, \(sklearn.iterations) iterations)")
        for epoch in checkpoints.keys.compactMap(Int.init).sorted() {
            let e = checkpoints[String(epoch)]!
            table.row("gradient descent, \(epoch) epoch\(epoch == 1 ? "" : "s")", e.accuracy, e.logLoss, e.errors)
        }
        return ([
            "Digits \(digits[0]) vs \(digits[1]): \(dataset.nTrain) training and \(dataset.nTest) test images from \(dataset.source)",
            "Gradient descent: learning rate \(gradientDescent.learningRate), \(gradientDescent.epochs) epochs",
            "",
        ] + table.lines).joined(separator: "\n")
    }

    private var checkpoints: [String: Evaluation] { gradientDescent.checkpoints }
}

/// The models' test metrics as `lrgrade solve` prints them: one aligned line each under a header.
struct SummaryTable {
    private(set) var lines = ["model".padding(30) + "accuracy".leftPadding(10) + "log loss".leftPadding(11) + "errors".leftPadding(8)]

    /// A model's line; a log loss of nil (one-vs-rest's) is shown as a dash.
    mutating func row(_ name: String, _ accuracy: Double, _ logLoss: Double?, _ errors: Int, note: String = "") {
        let loss = logLoss.map { String(format: "%.6f", $0) } ?? "–"
        lines.append(name.padding(30) + String(format: "%.5f", accuracy).leftPadding(10) + loss.leftPadding(11)
                     + String(errors).leftPadding(8) + (note.isEmpty ? "" : "   " + note))
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
