import Foundation
import Testing
import LRData
import LRNumerics
import LRSolver
@testable import LRGrading

/// The shared replays: the reference's own gradient descent stands in for the replay at its
/// settings only when it is what the data gives.
@Suite("Replays")
struct ReplaysTests {
    static let data = ClassGradingTests.data

    static func replays() throws -> Replays {
        let train = DesignMatrix(training: try data.train.selecting(.zeroOne, split: "training"))
        return Replays(train: train, test: DesignMatrix(try data.test.selecting(.zeroOne, split: "test"), standardization: train.standardization))
    }

    @Test("the reference's run is adopted as the replay at its settings, equal to computing it, and not counted as computed")
    func adoptsTheReference() throws {
        let run = try ReferenceSolver().solve(Self.data).gradientDescent
        let adopting = try Self.replays()
        #expect(adopting.adopt(run))
        #expect(adopting.work == Grader.SharedWork(replays: 1, replayedEpochs: Replays.adoptionCheckEpochs, learningRateSearches: 0))
        let adopted = try #require(adopting.replay(learningRate: run.learningRate, epochs: run.epochs))
        #expect(adopting.work.replays == 1, "served from the cache")
        let computed = try #require(try Self.replays().replay(learningRate: run.learningRate, epochs: run.epochs))
        #expect(adopted.trainLoss == computed.trainLoss && adopted.testLoss == computed.testLoss && adopted.weights == computed.weights)
        #expect(adopted.checkpoints == computed.checkpoints)
    }

    @Test("a reference whose first epochs differ in the last bit, or that lacks a checkpoint, is not adopted")
    func refusesOtherRuns() throws {
        let run = try ReferenceSolver().solve(Self.data).gradientDescent
        var nudged = run
        nudged.trainLoss[1] = nudged.trainLoss[1].nextUp
        #expect(try !Self.replays().adopt(nudged))
        var incomplete = run
        incomplete.checkpoints["5"] = nil
        let replays = try Self.replays()
        #expect(!replays.adopt(incomplete))
        #expect(replays.replay(learningRate: run.learningRate, epochs: run.epochs)?.checkpoints.keys.sorted() == [5, run.epochs], "computed instead")
        #expect(replays.work.replays == 2)
    }

    @Test("a rate found from the first step is the short decimal a student wrote, so its replay is shared")
    func findsWrittenRates() throws {
        #expect(Replays.shortestDecimal(near: 0.05000000000000045) == 0.05)
        #expect(Replays.shortestDecimal(near: -1266.5000000004) == -1266.5)
        #expect(Replays.shortestDecimal(near: 0.0500001) == 0.0500001, "a rate that far from 0.05 is its own")
        #expect(Replays.shortestDecimal(near: 0.11170445244455462) == 0.11170445244455462)
        let replays = try Self.replays()
        let history = try #require(replays.replay(learningRate: 0.05, epochs: 2)).trainLoss
        let rates = replays.learningRates(reproducing: history)
        // The written rate first and once, then the one found (when it is not 0.05 itself), then
        // the root beyond the loss's minimum.
        #expect(rates.first == 0.05 && !rates.dropFirst().contains(0.05), "\(rates)")
        #expect(rates.allSatisfy { abs($0 / 0.05 - 1) < 1e-9 || $0 > 1 } && rates.contains { $0 > 1 }, "\(rates)")
    }
}
