import Foundation
import LRRunner

/// What the grader takes from a script's capture: the candidate models, learning rate,
/// epochs and loss histories of the from-scratch part, and the baseline's output.
///
/// Values are found under the handout's names (`W`, `lr`, `train_loss_history`, …) or,
/// for solutions written another way, among the other numbers the script left, in any
/// scope (`model.theta`, `main.history.train`): a model is 785 numbers, or 784 weights with
/// a scalar bias from the same scope or object; a loss history is a list that starts at
/// ln 2, the loss of W = 0. Which candidate is the model is decided by what it does
/// (`ModelChoice`); the order here only breaks ties and serves when nothing explains one.
struct StudentWork: Sendable {
    /// A value and the name the script gave it.
    struct Named<Value: Sendable>: Sendable {
        var name: String
        var value: Value
    }

    /// A model the script may have trained: its weights, bias first when it has 785.
    struct Model: Sendable {
        var name: String
        var weights: [Double]
        /// The shape the weights had in the script, e.g. [785, 1].
        var shape: [Int]
        /// False for 784 weights beside a scalar not named like a bias (`k`, `lr`): such a
        /// pair is the model only when it equals the assignment's training, never to explain
        /// a mistake (a W without intercept beside any zero would equal "the bias never updated").
        var byName = true
    }

    /// Every candidate model, the likeliest by name first: `W`, then names like weights
    /// (theta, w, coef), 785 values before 784 + bias before a bare 784.
    var models: [Model] = []
    /// The model graded: the first candidate until `ModelChoice` chooses by behaviour.
    var weights: Named<[Double]>?
    /// The shape the graded model had in the script, e.g. [785, 1].
    var weightsShape: [Int] = []
    var learningRate: Double?
    var epochs: Int?
    /// Candidate training and test loss histories, the likeliest first.
    var trainHistories: [Named<[Double]>] = []
    var testHistories: [Named<[Double]>] = []
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
        learningRate = numbers("lr").flatMap { $0.count == 1 ? $0[0] : nil }
        epochs = numbers("epochs").flatMap { $0.count == 1 && $0[0] == $0[0].rounded() && abs($0[0]) < 1e9 ? Int($0[0]) : nil }
        if let probabilities = numbers("y_prob") {
            // predict_proba's two columns, or the column of label 1.
            baselineProbabilities = probabilities.count == 2 * testCount
                ? stride(from: 1, to: probabilities.count, by: 2).map { probabilities[$0] }
                : probabilities.count == testCount ? probabilities : nil
        }
        manualPredictions = numbers("y_pred_manual").flatMap { $0.count == testCount ? $0 : nil }

        // In the harness's order (the top level, then the newest scopes), else by name.
        let order = Dictionary(capture.candidateOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let all = capture.candidates.sorted { (order[$0.key] ?? .max, $0.key) < (order[$1.key] ?? .max, $1.key) }.compactMap { name, value in value.numbers.map { Found(name: name, values: $0, shape: value.shape) } }
        // A fitted estimator's coefficients are the baseline's, never the student's model.
        let estimators = capture.estimators.isEmpty ? nil : Set(capture.estimators)
        func isBaseline(_ name: String) -> Bool {
            guard name.hasSuffix(".coef_") || name.hasSuffix(".intercept_") else { return false }
            return estimators.map { $0.contains(Found.scope(of: name).dropLastDot) } ?? true
        }
        let own = all.filter { !isBaseline($0.name) }

        models = Self.models(own: own, handoutW: numbers("W").map { Found(name: "W", values: $0, shape: variables["W"]?.shape) })
        if let first = models.first { choose(first) }

        var train = own.filter { Self.isHistory($0) && !Self.isTest($0.name) }
        var test = own.filter { Self.isHistory($0) && Self.isTest($0.name) }
        if let values = numbers("train_loss_history") { train.insert(Found(name: "train_loss_history", values: values, shape: nil), at: 0) }
        if let values = numbers("test_loss_history") { test.insert(Found(name: "test_loss_history", values: values, shape: nil), at: 0) }
        // The handout's name first, then a history as long as `epochs`, then the longest: a
        // script that trains for 5 and for 100 epochs leaves both.
        let epochs = epochs
        func ranked(_ histories: [Found]) -> [Named<[Double]>] {
            func rank(_ found: Found) -> (Int, Int) { (found.name.hasSuffix("loss_history") ? 0 : found.values.count == epochs ? 1 : 2, -found.values.count) }
            return histories.enumerated().sorted { (rank($0.element).0, rank($0.element).1, $0.offset) < (rank($1.element).0, rank($1.element).1, $1.offset) }
                .map { Named(name: $0.element.name, value: $0.element.values) }
        }
        trainHistories = ranked(train)
        testHistories = ranked(test)
        trainLoss = trainHistories.first
        testLoss = trainLoss.flatMap(testHistory(beside:)) ?? testHistories.first

        for coefficients in all where isBaseline(coefficients.name) && coefficients.name.hasSuffix(".coef_") && coefficients.values.count == 784 {
            let owner = coefficients.name.dropLast(".coef_".count)
            if let intercept = all.first(where: { $0.name == owner + ".intercept_" && $0.values.count == 1 }) {
                baselineWeights = Named(name: String(owner), value: intercept.values + coefficients.values)
                break
            }
        }
    }

    /// Grades `model` from now on.
    mutating func choose(_ model: Model) {
        weights = Named(name: model.name, value: model.weights)
        weightsShape = model.shape
    }

    /// The test history that belongs with `train`: from the same scope and as long, else as long.
    func testHistory(beside train: Named<[Double]>) -> Named<[Double]>? {
        let scope = Found.scope(of: train.name)
        let long = testHistories.filter { $0.value.count == train.value.count }
        return long.first { Found.scope(of: $0.name) == scope } ?? long.first
    }

    /// A value from the capture, with the scope it was found in.
    private struct Found {
        var name: String
        var values: [Double]
        var shape: [Int]?

        /// "main.history." for "main.history.train", "" at the top level.
        static func scope(of name: String) -> Substring {
            name.lastIndex(of: ".").map { name[...$0] } ?? ""
        }
    }

    /// Whether `found` is a loss history: a flat list that starts at ln 2, or is named like
    /// a loss and starts lower (each loss recorded after its update).
    private static func isHistory(_ found: Found) -> Bool {
        guard let first = found.values.first, found.values.count <= 100_000, (found.shape?.count ?? 1) <= 1, found.values.count > 1 || found.shape != nil else { return false }
        let last = found.name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return abs(first - initialLoss) < 1e-3 || lossWords.contains(where: last.contains) && first > 0 && first < 50
    }

    /// Words of a loss history's name (as the harness captures them).
    private static let lossWords = ["loss", "cost", "hist", "err", "bce", "entropy"]

    private static func isTest(_ name: String) -> Bool {
        let last = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return ["test", "val"].contains { last.contains($0) }
    }

    /// Names that say "weights", for ties and when no candidate explains the training.
    private static let weightNames = ["theta", "w", "weight", "coef", "param", "beta"]
    /// Names that say "bias", for a 784-weight model whose bias no scalar explains.
    private static let biasNames = ["b", "bias", "intercept", "b0", "w0", "bias_"]

    /// Every candidate model: 785 numbers; 784 weights beside each scalar of the same
    /// scope (the bias kept apart, `w` and `b`), the one named like a bias first; and a bare
    /// 784, which has no intercept.
    private static func models(own: [Found], handoutW: Found?) -> [Model] {
        func model(_ found: Found, bias: Found? = nil, byName: Bool = true) -> Model {
            guard let bias else { return Model(name: found.name, weights: found.values, shape: found.shape ?? [found.values.count]) }
            return Model(name: "\(found.name) with bias \(bias.name)", weights: bias.values + found.values, shape: found.shape ?? [found.values.count], byName: byName)
        }
        func preferred(_ found: Found) -> Bool {
            let last = found.name.split(separator: ".").last.map { $0.lowercased() } ?? ""
            return weightNames.contains { last.contains($0) }
        }
        let sized = own.filter { $0.values.count == 785 || $0.values.count == 784 }
        let ordered = (handoutW.map { [$0] } ?? []) + sized.filter(preferred) + sized.filter { !preferred($0) }
        var full: [Model] = [], named: [Model] = [], bare: [Model] = [], others: [Model] = []
        func isBias(_ scalar: Found) -> Bool { biasNames.contains(String(scalar.name.split(separator: ".").last ?? "").lowercased()) }
        for found in ordered {
            if found.values.count == 785 { full.append(model(found)); continue }
            let scope = Found.scope(of: found.name)
            let scalars = own.filter { $0.values.count == 1 && Found.scope(of: $0.name) == scope && ($0.shape?.count ?? 0) <= 1 }
            named += scalars.filter(isBias).map { model(found, bias: $0) }
            others += scalars.filter { !isBias($0) }.map { model(found, bias: $0, byName: false) }
            bare.append(model(found))
        }
        // By name: 785 numbers, then 784 beside a scalar named like a bias, then a bare 784
        // (no intercept); 784 beside any other scalar only when its behaviour says so.
        return full + named + bare + others
    }
}

private extension Substring {
    /// "main.history" for "main.history.".
    var dropLastDot: String { String(hasSuffix(".") ? dropLast() : self) }
}
