import Foundation
import Testing
import LRData
import LRSolver

/// reference.json of the multiclass assignment (schema lrgrade-reference/2).
@Suite("multiclass reference.json")
struct MulticlassReferenceFileTests {
    static func solveTiny(epochs: Int = 7) throws -> MulticlassReference {
        var solver = MulticlassSolver(classes: try DigitClasses([1, 4, 7]))
        solver.epochs = epochs
        return try solver.solve(MNISTDataset(contentsOf: ReferenceFileTests.tiny))
    }

    @Test("writing and reading back gives the same reference, with the documented keys")
    func roundTrip() throws {
        let reference = try Self.solveTiny()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-\(UUID())/reference.json").path
        try reference.write(to: path)
        #expect(try MulticlassReference(contentsOf: path) == reference)
        #expect(ReferenceSchema.of(path) == "lrgrade-reference/2")

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        #expect(Set(json.keys) == ["schema", "dataset", "sklearn", "softmax", "one_vs_rest"])
        let evaluation: Set<String> = ["accuracy", "log_loss", "confusion", "errors", "precision", "recall", "misclassified",
                                       "misclassified_true", "misclassified_predicted", "misclassified_confidence", "misclassified_images"]
        #expect(Set((json["sklearn"] as! [String: Any]).keys) == evaluation.union(["iterations", "convergence_warning", "weights"]))
        for model in ["softmax", "one_vs_rest"] {
            let run = json[model] as! [String: Any]
            #expect(Set(run.keys) == ["learning_rate", "epochs", "train_loss", "test_loss", "checkpoints", "weights"])
            let checkpoints = run["checkpoints"] as! [String: [String: Any]]
            #expect(Set(checkpoints.keys) == ["5", "7"])
            #expect(Set(checkpoints["7"]!.keys) == (model == "softmax" ? evaluation : evaluation.subtracting(["log_loss"])))
        }
        // Zero weights: the softmax gives every class 1/3; each one-vs-rest model ½.
        #expect(abs(reference.softmax.trainLoss[0][0] - -log(1.0 / 3 + 1e-10)) < 1e-15)
        #expect(reference.oneVsRest.trainLoss.allSatisfy { abs($0[0] - -log(0.5 + 1e-10)) < 1e-15 })
    }

    @Test("what the report cannot use is named with its key", arguments: [
        ("confusion", "sklearn.confusion is not 3×3"),
        ("weights", "softmax.weights[0] has 2 numbers, expected 3"),
        ("history", "one_vs_rest.train_loss has 2 histories, expected 3"),
        ("predicted", "misclassified_predicted has class 3, expected 0…2"),
    ])
    func inconsistency(_ damage: String, _ message: String) throws {
        var reference = try Self.solveTiny()
        switch damage {
        case "confusion": reference.sklearn.evaluation.confusion.removeLast()
        case "weights": reference.softmax.weights[0].removeLast()
        case "history": reference.oneVsRest.trainLoss.removeLast()
        default:
            reference.sklearn.evaluation.misclassifiedPredicted[0] = 3
        }
        #expect(reference.inconsistency?.contains(message) == true, "\(reference.inconsistency ?? "nil")")
    }
}
