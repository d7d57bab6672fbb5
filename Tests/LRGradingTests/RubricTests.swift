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

    @Test("visibility per criterion: visible unless the rubric says hidden, after_due_date or after_published")
    func visibility() throws {
        let rubric = try Rubric(contentsOf: Self.root.appendingPathComponent("fixtures/rubrics/platform.yaml").path)
        let shown = Dictionary(uniqueKeysWithValues: rubric.criteria.map { ($0.id, $0.points.visibility) })
        #expect(shown[.baseline] == .afterDueDate && shown[.weights] == .afterPublished && shown[.pixelsPlot] == .hidden && shown[.runs] == .visible)
        let plain = try Rubric(contentsOf: Self.root.appendingPathComponent("templates/rubric.yaml").path)
        #expect(plain.criteria.allSatisfy { $0.points.visibility == .visible })
        #expect(rubric != plain)
    }

    @Test("late_penalty: a fraction per day late (Canvas's LATE counts one day) or a fixed one, at most the whole score")
    func latePenalty() throws {
        let daily = try Rubric(yaml: "criteria:\n  pdf: {points: 5}\nlate_penalty: {per_day: 0.15}\n", file: "r.yaml")
        #expect(daily.latePenalty == .perDay(0.15))
        let rule = try #require(daily.latePenalty)
        #expect(rule.fraction(for: .marked) == 0.15 && rule.fraction(for: .days(2)) == 0.3 && rule.fraction(for: .days(9)) == 1)
        #expect(rule.rule == "15 % per day late")
        let fixed = try Rubric(yaml: "criteria:\n  pdf: {points: 5}\nlate_penalty: {fixed: 0.2}\n", file: "r.yaml")
        #expect(fixed.latePenalty?.fraction(for: .days(30)) == 0.2 && fixed.latePenalty?.rule == "20 % when late")
        #expect(try Rubric(contentsOf: Self.root.appendingPathComponent("templates/rubric.yaml").path).latePenalty == nil, "none unless asked for")
    }

    @Test("lateness is the days begun since the due time")
    func lateness() {
        let due = Date(timeIntervalSince1970: 1_000_000)
        #expect(Lateness(submitted: due, due: due) == nil && Lateness(submitted: due - 3_600, due: due) == nil)
        #expect(Lateness(submitted: due + 60, due: due) == .days(1) && Lateness(submitted: due + 86_400, due: due) == .days(1))
        #expect(Lateness(submitted: due + 86_401, due: due) == .days(2))
        #expect(Lateness.days(1).description == "1 day" && Lateness.days(3).description == "3 days" && Lateness.marked.description == "late")
    }

    @Test("mistakes in a rubric are named with the file", arguments: [
        ("criteria:\n  pdf: {points: 1}\nlate_penalty: 0.1\n", "`late_penalty` must be { per_day: F } or { fixed: F }"),
        ("criteria:\n  pdf: {points: 1}\nlate_penalty: {per_day: 1.5}\n", "`late_penalty` must be"),
        ("criteria:\n  pdf: {points: 1}\nlate_penalty: {per_week: 0.1}\n", "`late_penalty` must be"),
        ("criteria:\n  pdf: {points: 1}\nlate_penalty: {per_day: 0.1, fixed: 0.2}\n", "`late_penalty` must be"),
        ("criteria: [", "not valid YAML"),
        ("criteria:\n  pdf: {points: 1}\nsimilarity_threshold: 1.5\n", "`similarity_threshold` must be a number from 0 to 1"),
        ("criteria:\n  pdf: {points: 1}\nsimilarity_threshold: high\n", "`similarity_threshold` must be a number from 0 to 1"),
        ("criteria:\n  sigmoidd: {points: 1}\n", "unknown criterion `sigmoidd`"),
        ("criteria:\n  pdf: {points: -1}\n", "criteria.pdf.points must be a number from 0 to 1000000"),
        ("criteria:\n  pdf: {points: 1e300}\n", "criteria.pdf.points must be a number from 0 to 1000000"),
        ("criteria:\n  pdf: {points: 1}\ntolerances:\n  printed_min_decimals: 1e300\n", "tolerances.printed_min_decimals must be a whole number"),
        ("criteria:\n  pdf: {points: 1, visibility: later}\n", "criteria.pdf.visibility must be one of visible, hidden, after_due_date, after_published, got later"),
        ("criteria:\n  pdf: {points: 1, shown: true}\n", "criteria.pdf: unknown key `shown` (expected points, partial, visibility)"),
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
