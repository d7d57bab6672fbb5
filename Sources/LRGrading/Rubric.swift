import Foundation
import Yams

/// Points per criterion and the tolerances that decide what is right: a YAML file,
/// `templates/rubric.yaml` by default (which documents each key).
public struct Rubric: Sendable, Equatable {
    /// The points of one criterion.
    public struct Points: Sendable, Equatable {
        public var points: Double
        /// The fraction of `points` a partial pass earns.
        public var partial: Double
        /// When students see the criterion on a platform that can hide it (Gradescope).
        public var visibility: Visibility = .visible
    }

    /// When a criterion's result is shown to the student, as Gradescope's `visibility`
    /// says it (instructors always see every criterion).
    public enum Visibility: String, Sendable, Equatable, CaseIterable {
        case visible, hidden
        case afterDueDate = "after_due_date"
        case afterPublished = "after_published"
    }

    /// How close is right.
    public struct Tolerances: Sendable, Equatable {
        public var printedAbsolute = 1e-6
        public var printedMinDecimals = 3
        public var sigmoidAbsolute = 1e-9
        public var lossRelative = 1e-6
        public var weightsRelative = 1e-6
        public var pdfMinFigures = 4
        public init() {}
    }

    /// The graded criteria, in `CriterionID` order.
    public var criteria: [(id: CriterionID, points: Points)]
    public var tolerances: Tolerances
    /// Whether the scripts load a secret variant of the data (`SecretData`), so that
    /// hard-coded results fail; nil leaves it to the command (on for `grade`, off for `check`).
    public var secretData: Bool?
    /// What lateness costs, when the class came from an LMS that records it; nil: nothing.
    public var latePenalty: LatePenalty?
    /// The similarity (in [0, 1], see `ClassSimilarity`) from which the class's summary
    /// lists a pair of scripts for the instructor to look at.
    public var similarityThreshold = 0.5

    /// A late submission's penalty, as a fraction of its score.
    public enum LatePenalty: Sendable, Equatable {
        /// This fraction for each day (or part of a day) late.
        case perDay(Double)
        /// This fraction once, however late.
        case fixed(Double)

        /// The fraction of the score taken from work that is `late`, at most 1. Work the
        /// LMS marked late without a time (Canvas) counts as one day late.
        public func fraction(for late: Lateness) -> Double {
            switch (self, late) {
            case (.fixed(let fraction), _): fraction
            case (.perDay(let fraction), .marked): fraction
            case (.perDay(let fraction), .days(let days)): min(1, fraction * Double(days))
            }
        }

        /// As the feedback states it: "10 % per day late", "20 % when late".
        public var rule: String {
            switch self {
            case .perDay(let fraction): "\(Grade.shown(points: fraction * 100)) % per day late"
            case .fixed(let fraction): "\(Grade.shown(points: fraction * 100)) % when late"
            }
        }
    }

    public var maxScore: Double { criteria.reduce(0) { $0 + $1.points.points } }

    public static func == (a: Rubric, b: Rubric) -> Bool {
        a.tolerances == b.tolerances && a.secretData == b.secretData && a.latePenalty == b.latePenalty && a.similarityThreshold == b.similarityThreshold && a.criteria.elementsEqual(b.criteria) { $0.id == $1.id && $0.points == $1.points }
    }

    /// Reads and checks a rubric file.
    public init(contentsOf path: String) throws(RubricError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw RubricError(file: path, reason: "cannot read: \((error as NSError).localizedDescription)")
        }
        try self.init(yaml: text, file: path)
    }

    /// Parses a rubric; `file` names it in errors.
    public init(yaml: String, file: String) throws(RubricError) {
        let document: Any?
        do { document = try Yams.load(yaml: yaml) } catch {
            throw RubricError(file: file, reason: "not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let top = document as? [String: Any] else { throw RubricError(file: file, reason: "expected a mapping with `criteria` and `tolerances`") }
        if let unknown = top.keys.sorted().first(where: { !["criteria", "tolerances", "secret_data", "late_penalty", "similarity_threshold"].contains($0) }) {
            throw RubricError(file: file, reason: "unknown key `\(unknown)` (expected `criteria`, `tolerances`, `secret_data`, `late_penalty` and `similarity_threshold`)")
        }
        if let value = top["similarity_threshold"] {
            guard let number = (value as? Double) ?? (value as? Int).map(Double.init), number >= 0, number <= 1 else {
                throw RubricError(file: file, reason: "`similarity_threshold` must be a number from 0 to 1, got \(value)")
            }
            similarityThreshold = number
        }
        if let value = top["secret_data"] {
            guard let flag = value as? Bool else { throw RubricError(file: file, reason: "`secret_data` must be true or false") }
            secretData = flag
        }
        if let value = top["late_penalty"] { latePenalty = try Self.latePenalty(value, file) }
        guard let criteria = top["criteria"] as? [String: Any], !criteria.isEmpty else {
            throw RubricError(file: file, reason: "`criteria` must map criterion names to their points")
        }
        let names = CriterionID.allCases.map(\.rawValue).joined(separator: ", ")
        if let unknown = criteria.keys.sorted().first(where: { CriterionID(rawValue: $0) == nil }) {
            throw RubricError(file: file, reason: "unknown criterion `\(unknown)` (the criteria are \(names))")
        }
        var graded: [(CriterionID, Points)] = []
        for id in CriterionID.allCases {
            guard let entry = criteria[id.rawValue] else { continue }
            guard let fields = entry as? [String: Any] else { throw RubricError(file: file, reason: "criteria.\(id.rawValue): expected { points: N }") }
            if let unknown = fields.keys.sorted().first(where: { !["points", "partial", "visibility"].contains($0) }) {
                throw RubricError(file: file, reason: "criteria.\(id.rawValue): unknown key `\(unknown)` (expected points, partial, visibility)")
            }
            guard let points = Self.number(fields["points"]), points >= 0, points <= 1_000_000 else {
                throw RubricError(file: file, reason: "criteria.\(id.rawValue).points must be a number from 0 to 1000000")
            }
            let partial = fields["partial"] == nil ? 0.5 : Self.number(fields["partial"]) ?? -1
            guard (0...1).contains(partial) else { throw RubricError(file: file, reason: "criteria.\(id.rawValue).partial must be a fraction between 0 and 1") }
            var visibility = Visibility.visible
            if let value = fields["visibility"] {
                guard let text = value as? String, let known = Visibility(rawValue: text) else {
                    throw RubricError(file: file, reason: "criteria.\(id.rawValue).visibility must be one of \(Visibility.allCases.map(\.rawValue).joined(separator: ", ")), got \(value)")
                }
                visibility = known
            }
            graded.append((id, Points(points: points, partial: partial, visibility: visibility)))
        }
        self.criteria = graded

        var tolerances = Tolerances()
        let fields = top["tolerances"].map { $0 as? [String: Any] } ?? [:]
        guard let fields else { throw RubricError(file: file, reason: "`tolerances` must be a mapping") }
        for (key, value) in fields {
            let path = "tolerances.\(key)"
            guard let number = Self.number(value), number.isFinite, number >= 0 else { throw RubricError(file: file, reason: "\(path) must be a number ≥ 0") }
            switch key {
            case "printed_absolute": tolerances.printedAbsolute = number
            case "printed_min_decimals": tolerances.printedMinDecimals = try Self.count(number, path, file)
            case "sigmoid_absolute": tolerances.sigmoidAbsolute = number
            case "loss_relative": tolerances.lossRelative = number
            case "weights_relative": tolerances.weightsRelative = number
            case "pdf_min_figures": tolerances.pdfMinFigures = try Self.count(number, path, file)
            default:
                throw RubricError(file: file, reason: "unknown tolerance `\(key)` (expected printed_absolute, printed_min_decimals, sigmoid_absolute, loss_relative, weights_relative, pdf_min_figures)")
            }
        }
        self.tolerances = tolerances
    }

    /// `late_penalty: { per_day: 0.1 }` or `late_penalty: { fixed: 0.2 }`.
    private static func latePenalty(_ value: Any, _ file: String) throws(RubricError) -> LatePenalty {
        let expected = "`late_penalty` must be { per_day: F } or { fixed: F }, F a fraction between 0 and 1"
        guard let fields = value as? [String: Any], fields.count == 1, let (key, raw) = fields.first,
              let fraction = number(raw), (0...1).contains(fraction) else { throw RubricError(file: file, reason: expected) }
        switch key {
        case "per_day": return .perDay(fraction)
        case "fixed": return .fixed(fraction)
        default: throw RubricError(file: file, reason: expected)
        }
    }

    /// A tolerance that counts something (decimals, figures): a whole number of at most 1,000.
    private static func count(_ number: Double, _ path: String, _ file: String) throws(RubricError) -> Int {
        guard number == number.rounded(), number <= 1_000 else { throw RubricError(file: file, reason: "\(path) must be a whole number from 0 to 1000") }
        return Int(number)
    }

    private static func number(_ value: Any?) -> Double? {
        switch value {
        case let value as Int: Double(value)
        case let value as Double: value
        // YAML 1.1 reads `1e-6` (no dot) as a string.
        case let value as String: Double(value)
        default: nil
        }
    }

    /// The points a criterion's outcome earns under this rubric.
    func points(for outcome: Outcome, of points: Points) -> Double {
        switch outcome {
        case .pass: points.points
        case .partial: points.points * points.partial
        case .fail: 0
        }
    }
}

/// A rubric that cannot be used, with the file and what is wrong in it.
public struct RubricError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}
