/// How a submission did on one criterion.
public enum Outcome: String, Sendable, Codable {
    case pass, partial, fail
}

/// One criterion's outcome, the points it earned and one sentence that says what was
/// expected and what was found.
public struct CriterionResult: Sendable, Equatable, Codable {
    public var id: CriterionID
    public var outcome: Outcome
    public var points: Double
    public var maxPoints: Double
    public var feedback: String

    enum CodingKeys: String, CodingKey { case id, outcome, points, maxPoints = "max_points", feedback }
}

/// What a criterion found, before the rubric turns it into points.
struct Assessment: Sendable {
    var outcome: Outcome
    var feedback: String

    static func pass(_ feedback: String) -> Assessment { Assessment(outcome: .pass, feedback: feedback) }
    static func partial(_ feedback: String) -> Assessment { Assessment(outcome: .partial, feedback: feedback) }
    static func fail(_ feedback: String) -> Assessment { Assessment(outcome: .fail, feedback: feedback) }
}
