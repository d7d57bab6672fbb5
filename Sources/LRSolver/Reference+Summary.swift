import Foundation

extension Reference {
    /// The 5-epoch versus final comparison beside the baseline, as a small text table.
    public var summary: String {
        let digits = dataset.digits
        var lines = [
            "Digits \(digits[0]) vs \(digits[1]): \(dataset.nTrain) training and \(dataset.nTest) test images from \(dataset.source)",
            "Gradient descent: learning rate \(gradientDescent.learningRate), \(gradientDescent.epochs) epochs",
            "",
            "model".padding(30) + "accuracy".leftPadding(10) + "log loss".leftPadding(11) + "errors".leftPadding(8),
        ]
        func row(_ name: String, _ e: Evaluation, _ note: String = "") {
            lines.append(name.padding(30) + String(format: "%.5f", e.accuracy).leftPadding(10) + String(format: "%.6f", e.logLoss).leftPadding(11)
                         + String(e.errors).leftPadding(8) + (note.isEmpty ? "" : "   " + note))
        }
        row("scikit-learn baseline", sklearn.evaluation, "(L-BFGS, \(sklearn.iterations) iterations)")
        for epoch in checkpoints.keys.compactMap(Int.init).sorted() {
            row("gradient descent, \(epoch) epoch\(epoch == 1 ? "" : "s")", checkpoints[String(epoch)]!)
        }
        return lines.joined(separator: "\n")
    }

    private var checkpoints: [String: Evaluation] { gradientDescent.checkpoints }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
