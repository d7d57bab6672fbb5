import LRData
import LRNumerics

/// Solves every numeric part of the multiclass assignment for one data set, set of digits and
/// schedule: scikit-learn's multinomial baseline, the softmax regression and one-vs-rest from
/// scratch.
public struct MulticlassSolver: Sendable {
    public var classes: DigitClasses
    /// As for two digits (`ReferenceSolver.learningRate`).
    public var learningRate = 0.1
    public var epochs = 100

    public init(classes: DigitClasses) { self.classes = classes }

    /// - Parameter times: if given, gets a lap at the end of each phase.
    public func solve(_ data: MNISTDataset, times: PhaseTimes? = nil) throws(DatasetError) -> MulticlassReference {
        let train = try data.train.selecting(classes, split: "training")
        let test = try data.test.selecting(classes, split: "test")
        let trainDesign = DesignMatrix(training: train, forClasses: true)
        let testDesign = DesignMatrix(test, standardization: trainDesign.standardization)
        times?.lap("prepare")

        let k = classes.count
        let baseline = MultinomialLogisticRegression().fit(trainDesign, classes: k)
        let sklearn = MulticlassReference.Baseline(
            evaluation: .init(testDesign.metrics(of: baseline.weights, .softmax), images: test),
            iterations: baseline.iterations, convergenceWarning: baseline.hitIterationLimit, weights: baseline.weights.rows)
        times?.lap("baseline")

        let checkpoints = ReferenceSolver.checkpointEpochs(epochs)
        let models: [ClassGradientDescent.Model] = [.softmax, .oneVsRest]
        let runs = ClassGradientDescent(learningRate: learningRate, epochs: epochs)
            .run(models, classes: k, train: trainDesign, test: testDesign, snapshots: Set(checkpoints))
            .enumerated().map { i, run in
                var evaluations: [String: MulticlassReference.Evaluation] = [:]
                for epoch in checkpoints {
                    evaluations[String(epoch)] = .init(testDesign.metrics(of: run.weightsAfter[epoch]!, models[i].probabilities), images: test)
                }
                return MulticlassReference.ModelRun(learningRate: learningRate, epochs: epochs, trainLoss: run.trainLoss, testLoss: run.testLoss,
                                                    checkpoints: evaluations, weights: run.weights.rows)
            }
        times?.lap("softmax and one-vs-rest")

        return MulticlassReference(
            dataset: .init(digits: classes.digits, nTrain: train.count, nTest: test.count, source: data.source),
            sklearn: sklearn, softmax: runs[0], oneVsRest: runs[1])
    }
}

extension MulticlassReference.Evaluation {
    init(_ metrics: MulticlassMetrics, images: SelectedImages) {
        self.init(accuracy: metrics.accuracy, logLoss: metrics.logLoss, confusion: metrics.confusion, errors: metrics.errors,
                  precision: metrics.precision, recall: metrics.recall, misclassified: metrics.misclassified,
                  misclassifiedTrue: metrics.misclassifiedTruths, misclassifiedPredicted: metrics.misclassifiedPredictions, misclassifiedConfidence: metrics.misclassifiedConfidence,
                  misclassifiedImages: metrics.misclassified.prefix(Reference.shownImages).map { Reference.Image(pixels: Array(images.image($0))) })
    }
}
