/// The reference solution of the multiclass assignment (three or more digits): what
/// `lrgrade solve --digits 0-9` writes as `reference.json`, schema `lrgrade-reference/2`
/// (docs/formats.md). Weights are 785 rows of K numbers, the bias row first; class k is the
/// k-th digit of `dataset.digits`.
public struct MulticlassReference: Codable, Sendable, Equatable {
    public var schema = MulticlassReference.currentSchema
    public var dataset: Reference.Dataset
    public var sklearn: Baseline
    public var softmax: ModelRun
    public var oneVsRest: ModelRun

    public static let currentSchema = "lrgrade-reference/2"

    /// Test-set metrics of one model.
    public struct Evaluation: Codable, Sendable, Equatable {
        public var accuracy: Double
        /// Absent for one-vs-rest, whose K probabilities are not a distribution.
        public var logLoss: Double?
        /// K × K: rows the true class, columns the predicted one.
        public var confusion: [[Int]]
        public var errors: Int
        /// Per class: the share of its predictions that are right, and of its images found.
        public var precision: [Double]
        public var recall: [Double]
        /// Positions in the filtered test set of the wrongly classified images, ascending.
        public var misclassified: [Int]
        /// The class of each of them, the class it was given, and the model's probability of that.
        public var misclassifiedTrue: [Int]
        public var misclassifiedPredicted: [Int]
        public var misclassifiedConfidence: [Double]
        /// The first `Reference.shownImages` misclassified images, for reports.
        public var misclassifiedImages: [Reference.Image]

        enum CodingKeys: String, CodingKey {
            case accuracy, logLoss = "log_loss", confusion, errors, precision, recall, misclassified
            case misclassifiedTrue = "misclassified_true", misclassifiedPredicted = "misclassified_predicted", misclassifiedConfidence = "misclassified_confidence"
            case misclassifiedImages = "misclassified_images"
        }
    }

    /// scikit-learn's `LogisticRegression()` reproduced on K classes.
    public struct Baseline: Codable, Sendable, Equatable {
        public var evaluation: Evaluation
        /// L-BFGS iterations (`n_iter_`).
        public var iterations: Int
        /// Whether scikit-learn warns that L-BFGS did not converge (it stopped at `max_iter`).
        public var convergenceWarning: Bool
        public var weights: [[Double]]

        enum CodingKeys: String, CodingKey { case iterations, convergenceWarning = "convergence_warning", weights }

        public init(evaluation: Evaluation, iterations: Int, convergenceWarning: Bool, weights: [[Double]]) {
            self.evaluation = evaluation
            self.iterations = iterations
            self.convergenceWarning = convergenceWarning
            self.weights = weights
        }

        public init(from decoder: Decoder) throws {
            evaluation = try Evaluation(from: decoder)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            iterations = try container.decode(Int.self, forKey: .iterations)
            convergenceWarning = try container.decode(Bool.self, forKey: .convergenceWarning)
            weights = try container.decode([[Double]].self, forKey: .weights)
        }

        public func encode(to encoder: Encoder) throws {
            try evaluation.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(iterations, forKey: .iterations)
            try container.encode(convergenceWarning, forKey: .convergenceWarning)
            try container.encode(weights, forKey: .weights)
        }
    }

    /// A from-scratch model: the softmax regression or one-vs-rest.
    public struct ModelRun: Codable, Sendable, Equatable {
        public var learningRate: Double
        public var epochs: Int
        /// Training loss before each update, by loss: the softmax has one history, one-vs-rest
        /// one per model (class). In JSON the softmax's is a list, one-vs-rest's a list of lists.
        public var trainLoss: [[Double]]
        /// Test loss before each update, in the same form.
        public var testLoss: [[Double]]
        /// Test metrics after epoch 5 and after the last epoch, keyed by the epoch.
        public var checkpoints: [String: Evaluation]
        public var weights: [[Double]]

        enum CodingKeys: String, CodingKey {
            case learningRate = "learning_rate", epochs, trainLoss = "train_loss", testLoss = "test_loss", checkpoints, weights
        }

        public init(learningRate: Double, epochs: Int, trainLoss: [[Double]], testLoss: [[Double]], checkpoints: [String: Evaluation], weights: [[Double]]) {
            self.learningRate = learningRate
            self.epochs = epochs
            self.trainLoss = trainLoss
            self.testLoss = testLoss
            self.checkpoints = checkpoints
            self.weights = weights
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func histories(_ key: CodingKeys) throws -> [[Double]] {
                if let one = try? container.decode([Double].self, forKey: key) { return [one] }
                return try container.decode([[Double]].self, forKey: key)
            }
            learningRate = try container.decode(Double.self, forKey: .learningRate)
            epochs = try container.decode(Int.self, forKey: .epochs)
            trainLoss = try histories(.trainLoss)
            testLoss = try histories(.testLoss)
            checkpoints = try container.decode([String: Evaluation].self, forKey: .checkpoints)
            weights = try container.decode([[Double]].self, forKey: .weights)
        }

        /// Whether the losses are one history (the softmax's) rather than one per model (of
        /// three or more).
        var singleHistory: Bool { trainLoss.count == 1 }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(learningRate, forKey: .learningRate)
            try container.encode(epochs, forKey: .epochs)
            if singleHistory {
                try container.encode(trainLoss[0], forKey: .trainLoss)
                try container.encode(testLoss[0], forKey: .testLoss)
            } else {
                try container.encode(trainLoss, forKey: .trainLoss)
                try container.encode(testLoss, forKey: .testLoss)
            }
            try container.encode(checkpoints, forKey: .checkpoints)
            try container.encode(weights, forKey: .weights)
        }
    }

    enum CodingKeys: String, CodingKey {
        case schema, dataset, sklearn, softmax, oneVsRest = "one_vs_rest"
    }

    /// The number of classes.
    public var classes: Int { dataset.digits.count }
}

extension MulticlassReference: ReferenceDocument {
    public static var kind: String { "a multiclass reference" }

    /// What makes the content unusable, with its key, or nil: the shapes the report relies on.
    public var inconsistency: String? {
        let features = 785, pixels = 784, k = classes
        if k < 3 { return "dataset.digits has \(k) entries, expected three or more" }
        func weightsProblem(_ key: String, _ weights: [[Double]]) -> String? {
            if weights.count != features { return "\(key).weights has \(weights.count) rows, expected \(features) (bias first)" }
            if let bad = weights.firstIndex(where: { $0.count != k }) { return "\(key).weights[\(bad)] has \(weights[bad].count) numbers, expected \(k)" }
            return nil
        }
        if let problem = weightsProblem("sklearn", sklearn.weights) { return problem }
        var evaluations = [("sklearn", sklearn.evaluation)]
        for (key, run, histories) in [("softmax", softmax, 1), ("one_vs_rest", oneVsRest, k)] {
            if let problem = weightsProblem(key, run.weights) { return problem }
            if run.epochs < 1 { return "\(key).epochs is \(run.epochs), expected at least 1" }
            for (name, loss) in [("train_loss", run.trainLoss), ("test_loss", run.testLoss)] {
                if loss.count != histories { return "\(key).\(name) has \(loss.count) histories, expected \(histories)" }
                if let bad = loss.first(where: { $0.count != run.epochs }) { return "\(key).\(name) has \(bad.count) values for \(run.epochs) epochs" }
            }
            if run.checkpoints[String(run.epochs)] == nil { return "\(key).checkpoints has no entry \"\(run.epochs)\" for the last epoch" }
            evaluations += run.checkpoints.map { ("\(key).checkpoints.\($0.key)", $0.value) }
        }
        for (key, evaluation) in evaluations {
            if evaluation.confusion.count != k || evaluation.confusion.contains(where: { $0.count != k }) { return "\(key).confusion is not \(k)×\(k)" }
            if evaluation.precision.count != k || evaluation.recall.count != k { return "\(key).precision and recall need \(k) values each" }
            let n = evaluation.misclassified.count
            if evaluation.misclassifiedTrue.count != n || evaluation.misclassifiedPredicted.count != n || evaluation.misclassifiedConfidence.count != n {
                return "\(key).misclassified_true, misclassified_predicted and misclassified_confidence need \(n) values each, one per misclassified image"
            }
            for (name, classes) in [("misclassified_true", evaluation.misclassifiedTrue), ("misclassified_predicted", evaluation.misclassifiedPredicted)] {
                if let bad = classes.first(where: { !(0..<k).contains($0) }) { return "\(key).\(name) has class \(bad), expected 0…\(k - 1)" }
            }
            if evaluation.misclassifiedImages.count > n { return "\(key).misclassified_images has more images than misclassified" }
            if let bad = evaluation.misclassifiedImages.firstIndex(where: { $0.pixels.count != pixels }) {
                return "\(key).misclassified_images[\(bad)] has \(evaluation.misclassifiedImages[bad].pixels.count) pixels, expected \(pixels)"
            }
        }
        return nil
    }
}
