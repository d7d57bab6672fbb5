import Foundation
import Testing
@testable import LRGrading
@testable import LRPlatforms

/// PrairieLearn's results stay within its 1 MB, whatever the run wrote.
@Suite("PrairieLearn's results")
struct PrairieLearnResultsTests {
    static func grade(outputTail: String?, status: String = Grade.finished) -> Grade {
        let results = CriterionID.allCases.map { id in
            CriterionResult(id: id, outcome: id == .pdf ? .partial : .pass, points: id == .pdf ? 2.5 : 5, maxPoints: 5, feedback: "Feedback on \(id.rawValue).")
        }
        let details = Grade.Details(trainLoss: nil, testLoss: nil, replayTrainLoss: nil, replayTestLoss: nil, replayLearningRate: nil,
                                    weights: nil, expectedWeights: [], pdfPages: [], outputTail: outputTail)
        return Grade(id: "123456789", results: results, status: status, details: details)
    }

    @Test("a small grade keeps its images and every word; the score is the points over the total")
    func small() throws {
        let results = PrairieLearnResults(Self.grade(outputTail: nil), images: [("plots", [0x89, 0x50, 0x4E, 0x47])])
        let json = try #require(try JSONSerialization.jsonObject(with: results.encoded()) as? [String: Any])
        #expect((json["images"] as? [[String: Any]])?.first?["url"] as? String == "data:image/png;base64,iVBORw==")
        #expect(json["score"] as? Double == 57.5 / 60 && json["gradable"] as? Bool == true && json["format_errors"] == nil)
    }

    @Test("over 1 MB, the images go first, then the outputs are shortened; the grade and every test stay")
    func large() throws {
        let picture = [UInt8](repeating: 7, count: 400_000)
        let withImages = PrairieLearnResults(Self.grade(outputTail: "short"), images: [("a", picture), ("b", picture)])
        let first = try withImages.encoded()
        #expect(first.count <= PrairieLearnResults.maximumBytes)
        let json = try #require(try JSONSerialization.jsonObject(with: first) as? [String: Any])
        #expect((json["images"] as? [Any])?.isEmpty == true && json["output"] as? String == "short" && (json["tests"] as? [Any])?.count == 12)

        let chatty = PrairieLearnResults(Self.grade(outputTail: String(repeating: "Traceback line\n", count: 100_000)), images: [])
        let second = try chatty.encoded()
        #expect(second.count <= PrairieLearnResults.maximumBytes)
        let output = try #require((try JSONSerialization.jsonObject(with: second) as? [String: Any])?["output"] as? String)
        #expect(output.count == 20_000 && output.hasSuffix("Traceback line\n"), "the end of the output is kept")
    }

    @Test("no script: not gradable, with the reason, so no attempt is charged")
    func noScript() throws {
        let results = PrairieLearnResults(Self.grade(outputTail: nil, status: Grade.noScript), images: [])
        #expect(!results.gradable && results.formatErrors?.first?.contains("No Python script") == true)
    }
}
