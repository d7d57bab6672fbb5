import Foundation
import LRRunner

/// What the grader takes from a script's capture: the from-scratch model's weights,
/// learning rate, epochs and loss histories, and the baseline's output.
///
/// Values are found under the handout's names (`W`, `lr`, `train_loss_history`, …) or,
/// for solutions written another way, among the other numbers the script left
/// (`model.theta`, `model.losses`): weights are 785 (or 784) numbers, loss histories are
/// lists that start at ln 2, the loss of W = 0.
struct StudentWork: Sendable {
    /// A value and the name the script gave it.
    struct Named<Value: Sendable>: Sendable {
        var name: String
        var value: Value
    }

    var weights: Named<[Double]>?
    /// The shape `W` had in the script, e.g. [785, 1].
    var weightsShape: [Int] = []
    var learningRate: Double?
    var epochs: Int?
    var trainLoss: Named<[Double]>?
    var testLoss: Named<[Double]>?
    /// The baseline's P(label 1) on the test set (`y_prob`).
    var baselineProbabilities: [Double]?
    /// The baseline model's weights, bias first, from a fitted estimator's `coef_` and `intercept_`.
    var baselineWeights: Named<[Double]>?
    /// The from-scratch model's predicted labels on the test set (`y_pred_manual`).
    var manualPredictions: [Double]?

    /// The loss of W = 0 under the assignment's cross-entropy: −ln(0.5 + 1e−10).
    static let initialLoss = -log(0.5 + 1e-10)

    init(capture: Capture?, testCount: Int) {
        guard let capture else { return }
        let variables = capture.variables
        func numbers(_ name: String) -> [Double]? { variables[name]?.numbers }
        if let values = numbers("W") {
            weights = Named(name: "W", value: values)
            weightsShape = variables["W"]?.shape ?? [values.count]
        }
        learningRate = numbers("lr").flatMap { $0.count == 1 ? $0[0] : nil }
        epochs = numbers("epochs").flatMap { $0.count == 1 && $0[0] == $0[0].rounded() && abs($0[0]) < 1e9 ? Int($0[0]) : nil }
        trainLoss = numbers("train_loss_history").map { Named(name: "train_loss_history", value: $0) }
        testLoss = numbers("test_loss_history").map { Named(name: "test_loss_history", value: $0) }
        if let probabilities = numbers("y_prob") {
            // predict_proba's two columns, or the column of label 1.
            baselineProbabilities = probabilities.count == 2 * testCount
                ? stride(from: 1, to: probabilities.count, by: 2).map { probabilities[$0] }
                : probabilities.count == testCount ? probabilities : nil
        }
        manualPredictions = numbers("y_pred_manual").flatMap { $0.count == testCount ? $0 : nil }

        let candidates = capture.candidates.sorted { $0.key < $1.key }.compactMap { name, value in value.numbers.map { (name: name, values: $0, shape: value.shape) } }
        // scikit-learn's fitted attributes end in "_": they are the baseline's, never W.
        let own = candidates.filter { !$0.name.hasSuffix("_") }
        if weights == nil {
            let preferred = ["theta", "w", "weight", "coef", "param", "beta"]
            let sized = own.filter { $0.values.count == 785 } + own.filter { $0.values.count == 784 }
            if let best = sized.first(where: { c in preferred.contains { c.name.lowercased().contains($0) } }) ?? sized.first {
                weights = Named(name: best.name, value: best.values)
                weightsShape = best.shape ?? [best.values.count]
            }
        }
        if trainLoss == nil || testLoss == nil {
            let histories = own.filter { $0.values.count >= 1 && $0.values.count <= 100_000 && abs($0.values[0] - Self.initialLoss) < 1e-3 && ($0.shape?.count ?? 1) <= 1 }
            func isTest(_ name: String) -> Bool { ["test", "val"].contains { name.lowercased().contains($0) } }
            if trainLoss == nil, let found = histories.first(where: { !isTest($0.name) }) { trainLoss = Named(name: found.name, value: found.values) }
            if testLoss == nil, let found = histories.first(where: { isTest($0.name) }) { testLoss = Named(name: found.name, value: found.values) }
        }
        for coefficients in candidates where coefficients.name.hasSuffix(".coef_") && coefficients.values.count == 784 {
            let owner = coefficients.name.dropLast(".coef_".count)
            if let intercept = candidates.first(where: { $0.name == owner + ".intercept_" && $0.values.count == 1 }) {
                baselineWeights = Named(name: String(owner), value: intercept.values + coefficients.values)
                break
            }
        }
    }
}
