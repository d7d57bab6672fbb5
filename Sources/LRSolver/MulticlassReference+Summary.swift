import Foundation
import LRData

extension MulticlassReference {
    /// The baseline beside both from-scratch models at 5 epochs and the last, as a small text table.
    public var summary: String {
        let digits = (try? DigitClasses(dataset.digits))?.description ?? "\(dataset.digits)"
        var lines = [
            "Digits \(digits) (\(classes) classes): \(dataset.nTrain) training and \(dataset.nTest) test images from \(dataset.source)",
            "Softmax regression and one-vs-rest: learning rate \(softmax.learningRate), \(softmax.epochs) epochs",
            "",
            "model".padding(30) + "accuracy".leftPadding(10) + "log loss".leftPadding(11) + "errors".leftPadding(8),
        ]
        func row(_ name: String, _ e: Evaluation, _ note: String = "") {
            let loss = e.logLoss.map { String(format: "%.6f", $0) } ?? "–"
            lines.append(name.padding(30) + String(format: "%.5f", e.accuracy).leftPadding(10) + loss.leftPadding(11)
                         + String(e.errors).leftPadding(8) + (note.isEmpty ? "" : "   " + note))
        }
        let stop = sklearn.convergenceWarning ? ", stopped by max_iter: scikit-learn warns it did not converge" : ""
        row("scikit-learn baseline", sklearn.evaluation, "(multinomial, L-BFGS, \(sklearn.iterations) iterations\(stop))")
        for (name, run) in [("softmax", softmax), ("one-vs-rest", oneVsRest)] {
            for epoch in run.checkpoints.keys.compactMap(Int.init).sorted() {
                row("\(name), \(epoch) epoch\(epoch == 1 ? "" : "s")", run.checkpoints[String(epoch)]!)
            }
        }
        return lines.joined(separator: "\n")
    }
}
