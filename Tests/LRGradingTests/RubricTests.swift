import Foundation
import Testing
import LRGrading

@Suite("Rubric")
struct RubricTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the default rubric grades all eight criteria out of 100")
    func defaultRubric() throws {
        let rubric = try Rubric(contentsOf: Self.root.appendingPathComponent("templates/rubric.yaml").path)
        #expect(rubric.criteria.map(\.id) == CriterionID.allCases)
        #expect(rubric.maxScore == 100)
        #expect(rubric.tolerances.printedMinDecimals == 3 && rubric.tolerances.lossRelative == 1e-6 && rubric.tolerances.pdfMinFigures == 4)
    }

    @Test("a partial rubric grades what it names, in the fixed order, with its own tolerances")
    func custom() throws {
        let rubric = try Rubric(yaml: "criteria:\n  pdf: {points: 2, partial: 0.25}\n  weights: {points: 8}\ntolerances:\n  weights_relative: 1e-3\n", file: "r.yaml")
        #expect(rubric.criteria.map(\.id) == [.weights, .pdf])
        #expect(rubric.criteria[1].points.partial == 0.25 && rubric.criteria[0].points.partial == 0.5)
        #expect(rubric.tolerances.weightsRelative == 1e-3 && rubric.tolerances.lossRelative == 1e-6)
    }

    @Test("mistakes in a rubric are named with the file", arguments: [
        ("criteria: [", "not valid YAML"),
        ("criteria:\n  sigmoidd: {points: 1}\n", "unknown criterion `sigmoidd`"),
        ("criteria:\n  pdf: {points: -1}\n", "criteria.pdf.points must be a number from 0 to 1000000"),
        ("criteria:\n  pdf: {points: 1e300}\n", "criteria.pdf.points must be a number from 0 to 1000000"),
        ("criteria:\n  pdf: {points: 1}\ntolerances:\n  printed_min_decimals: 1e300\n", "tolerances.printed_min_decimals must be a whole number"),
        ("criteria:\n  pdf: {points: 1}\ntolerances:\n  pdf_min_figures: 2.5\n", "tolerances.pdf_min_figures must be a whole number"),
        ("criteria:\n  pdf: {points: 1, partial: 2}\n", "criteria.pdf.partial"),
        ("criteria:\n  pdf: {points: 1, bonus: 2}\n", "unknown key `bonus`"),
        ("criteria:\n  pdf: {points: 1}\ntolerances:\n  loss: 1\n", "unknown tolerance `loss`"),
        ("tolerances: {}\n", "`criteria` must map"),
        ("- 1\n- 2\n", "expected a mapping"),
    ])
    func mistakes(_ yaml: String, _ message: String) {
        #expect {
            try Rubric(yaml: yaml, file: "mine.yaml")
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix("mine.yaml: ") && description.contains(message) && !description.contains("\n")
        }
    }

    @Test("a missing rubric file is an error naming it")
    func missingFile() {
        #expect(throws: RubricError.self) { try Rubric(contentsOf: "/nonexistent/rubric.yaml") }
    }
}
