import Foundation
import LRData

extension MulticlassReference {
    /// The baseline beside both from-scratch models at 5 epochs and the last, as a small text table.
    public var summary: String {
        let digits = (try? DigitClasses(dataset.digits))?.description ?? "\(dataset.digits)"
        var table = SummaryTable()
        func row(_ name: String, _ e: Evaluation, _ note: String = "") { table.row(name, e.accuracy, e.logLoss, e.errors, note: note) }
        let stop = sklearn.convergenceWarning ? ", stopped by max_iter: scikit-learn warns it did not converge" : ""
        row("scikit-learn baseline", sklearn.evaluation, "(multinomial, L-BFGS, \(sklearn.iterations) iterations\(stop))")
        for (name, run) in [("softmax", softmax), ("one-vs-rest", oneVsRest)] {
            for epoch in run.checkpoints.keys.compactMap(Int.init).sorted() {
                row("\(name), \(epoch) epoch\(epoch == 1 ? "" : "s")", run.checkpoints[String(epoch)]!)
            }
        }
        return ([
            "Digits \(digits) (\(classes) classes): \(dataset.nTrain) training and \(dataset.nTest) test images from \(dataset.source)",
            "Softmax regression and one-vs-rest: learning rate \(softmax.learningRate), \(softmax.epochs) epochs",
            "",
        ] + table.lines).joined(separator: "\n")
    }
}
