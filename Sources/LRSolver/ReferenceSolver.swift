import LRData
import LRNumerics

/// Solves every numeric part of the assignment for one data set, digit pair and schedule.
public struct ReferenceSolver: Sendable {
    public var digits = DigitPair.zeroOne
    /// The handout leaves the learning rate blank; 0.1 converges in a few epochs on
    /// standardized MNIST and is stable up to about 0.5 (see the README).
    public var learningRate = 0.1
    public var epochs = 100
    /// The epoch of the early checkpoint the assignment compares with the last one.
    public static let earlyCheckpoint = 5

    public init() {}

    /// The epochs after which test metrics are recorded.
    public var checkpointEpochs: [Int] { Self.checkpointEpochs(epochs) }

    /// The epochs after which test metrics are recorded in a run of `epochs`: the early
    /// checkpoint (if there is one) and the last.
    static func checkpointEpochs(_ epochs: Int) -> [Int] { Array(Set([earlyCheckpoint, epochs].filter { $0 <= epochs })).sorted() }

    /// - Parameter times: if given, gets a lap at the end of each phase.
    public func solve(_ data: MNISTDataset, times: PhaseTimes? = nil) throws(DatasetError) -> Reference {
        let train = try data.train.selecting(digits, split: "training")
        let test = try data.test.selecting(digits, split: "test")
        let trainDesign = DesignMatrix(training: train)
        let testDesign = DesignMatrix(test, standardization: trainDesign.standardization)
        times?.lap("prepare")

        let baseline = RegularizedLogisticRegression().fit(trainDesign)
        let baselineMetrics = testDesign.metrics(of: baseline.weights, strictScores: true)
        times?.lap("baseline")

        let run = GradientDescent(learningRate: learningRate, epochs: epochs)
            .run(train: trainDesign, test: testDesign, snapshots: Set(checkpointEpochs))
        var checkpoints: [String: Reference.Evaluation] = [:]
        for epoch in checkpointEpochs { checkpoints[String(epoch)] = Reference.Evaluation(testDesign.metrics(of: run.weightsAfter[epoch]!), images: test) }
        times?.lap("gradient descent")

        return Reference(
            dataset: .init(digits: [digits.first, digits.second], nTrain: train.count, nTest: test.count, source: data.source),
            sklearn: .init(evaluation: Reference.Evaluation(baselineMetrics, images: test), iterations: baseline.iterations, weights: baseline.weights),
            gradientDescent: .init(
                learningRate: learningRate, epochs: epochs, trainLoss: run.trainLoss, testLoss: run.testLoss,
                checkpoints: checkpoints, weights: run.weights
            )
        )
    }
}

extension Reference.Evaluation {
    init(_ metrics: BinaryClassificationMetrics, images: SelectedImages) {
        self.init(accuracy: metrics.accuracy, logLoss: metrics.logLoss, confusion: metrics.confusion, errors: metrics.errors,
                  misclassified: metrics.misclassified, misclassifiedProbability: metrics.misclassifiedProbabilities,
                  misclassifiedImages: metrics.misclassified.prefix(Reference.shownImages).map { Reference.Image(pixels: Array(images.image($0))) })
    }
}

extension BinaryClassificationMetrics {
    /// The metrics a reference stored (without the images it keeps for reports).
    public init(_ evaluation: Reference.Evaluation) {
        self.init(accuracy: evaluation.accuracy, logLoss: evaluation.logLoss, confusion: evaluation.confusion,
                  misclassified: evaluation.misclassified, misclassifiedProbabilities: evaluation.misclassifiedProbability)
    }
}
