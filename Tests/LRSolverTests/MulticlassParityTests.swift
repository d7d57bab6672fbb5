import Foundation
import Testing
import LRData
import LRSolver

/// `lrgrade solve --digits 0-9` and `3,5,8` against numpy and scikit-learn
/// (fixtures/parity/mnist-0to9.json and mnist-3-5-8.json, from benchmarks/reference_multiclass.py).
@Suite("Multiclass parity with numpy and scikit-learn", .serialized)
struct MulticlassParityTests {
    static let cases: [(fixture: String, learningRate: Double)] = ["mnist-0to9.json", "mnist-3-5-8.json"].flatMap { name in
        [0.1, 0.5].map { (name, $0) }
    }

    /// The layout of the multiclass fixtures.
    struct Fixture: Decodable {
        struct Metrics: Decodable { var accuracy: Double; var log_loss: Double?; var confusion: [[Int]] }
        struct Baseline: Decodable {
            var accuracy: Double; var log_loss: Double; var confusion: [[Int]]; var n_iter: Int; var convergence_warning: Bool
        }
        /// The softmax's losses are one history, one-vs-rest's one per model.
        struct Run<Loss: Decodable>: Decodable { var train_loss: Loss; var test_loss: Loss; var epoch5: Metrics; var epoch100: Metrics }
        var digits: [Int]
        var n_train: Int
        var n_test: Int
        var sklearn: Baseline
        var softmax: [String: Run<[Double]>]
        var one_vs_rest: [String: Run<[[Double]]>]
    }

    @Test("losses within 1e-9 at every epoch, identical checkpoints; baseline identical, log loss within 1e-5 relative", arguments: cases)
    func parity(_ fixture: String, _ learningRate: Double) throws {
        let expected = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: ParityTests.root.appendingPathComponent("fixtures/parity/\(fixture)")))
        var solver = MulticlassSolver(classes: try DigitClasses(expected.digits))
        solver.learningRate = learningRate
        solver.epochs = 100
        let reference = try solver.solve(ParityTests.data)

        #expect(reference.dataset.digits == expected.digits)
        #expect(reference.dataset.nTrain == expected.n_train && reference.dataset.nTest == expected.n_test)
        let baseline = reference.sklearn
        #expect(baseline.evaluation.accuracy == expected.sklearn.accuracy)
        #expect(baseline.evaluation.confusion == expected.sklearn.confusion)
        #expect(baseline.iterations == expected.sklearn.n_iter)
        #expect(baseline.convergenceWarning == expected.sklearn.convergence_warning)
        let logLoss = try #require(baseline.evaluation.logLoss)
        #expect(abs(logLoss - expected.sklearn.log_loss) <= 1e-5 * expected.sklearn.log_loss, "baseline log loss \(logLoss) vs \(expected.sklearn.log_loss)")

        let key = "lr\(learningRate)"
        let softmax = try #require(expected.softmax[key]), oneVsRest = try #require(expected.one_vs_rest[key])
        for (name, run, train, test, checkpoints) in [
            ("softmax", reference.softmax, [softmax.train_loss], [softmax.test_loss], [(5, softmax.epoch5), (100, softmax.epoch100)]),
            ("one-vs-rest", reference.oneVsRest, oneVsRest.train_loss, oneVsRest.test_loss, [(5, oneVsRest.epoch5), (100, oneVsRest.epoch100)]),
        ] {
            #expect(run.trainLoss.count == train.count && run.testLoss.count == test.count, "\(name): one history per loss")
            for (ours, theirs) in zip(run.trainLoss + run.testLoss, train + test) {
                #expect(ours.count == 100 && theirs.count == 100)
                let gap = zip(ours, theirs).map { abs($0 - $1) }.max()!
                #expect(gap <= 1e-9, "\(name): largest loss gap \(gap)")
            }
            for (epoch, metrics) in checkpoints {
                let checkpoint = try #require(run.checkpoints[String(epoch)])
                #expect(checkpoint.accuracy == metrics.accuracy, "\(name): accuracy after \(epoch) epochs")
                #expect(checkpoint.confusion == metrics.confusion, "\(name): confusion after \(epoch) epochs")
                if let expectedLoss = metrics.log_loss {
                    #expect(abs(checkpoint.logLoss! - expectedLoss) <= 1e-9, "\(name): log loss after \(epoch) epochs")
                } else {
                    #expect(checkpoint.logLoss == nil, "\(name): one-vs-rest has no log loss")
                }
            }
        }
    }
}
