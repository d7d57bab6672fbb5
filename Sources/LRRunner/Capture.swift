import Foundation

/// What templates/harness.py recorded about a script: its status, printed lines, the
/// assignment's variables and its figures. Values are kept as JSON: the grader
/// interprets them.
public struct Capture: Sendable {
    public var status: String
    public var error: String?
    public var exitCode: Int?
    public var printed: [String]
    public var variables: [String: JSONValue]
    /// Other numeric values, by name ("model.theta"), for solutions with other names.
    public var candidates: [String: JSONValue]
    /// The candidates' names in the order the harness found them: the top level first, then
    /// the functions' locals, the most recent return first.
    public var candidateOrder: [String]
    /// The paths of the fitted scikit-learn estimators among the values ("clf",
    /// "pipe.steps.1.1"): their `coef_` and `intercept_` are the baseline's, not a student's
    /// own class that names its weights `coef_`.
    public var estimators: [String]
    /// The Python process's own CPU time and peak memory (with its children's).
    public var resources: Resources?
    /// The matplotlib figures the script drew, each distinct state once, in the order seen.
    public var figures: [CapturedFigure] = []

    public struct Resources: Sendable {
        public var cpuSeconds: Double
        public var peakMemoryBytes: Int
    }

    /// Reads the harness's capture file, or nil when it is not one (a script can end the
    /// harness before it writes, or scribble over the file).
    public init?(parsing data: Data) {
        guard let fields = (try? JSONValue(parsing: data))?.object, let status = fields["status"]?.string,
              let printed = fields["printed"]?.array, let variables = fields["variables"]?.object,
              let candidates = fields["candidates"]?.object else { return nil }
        self.status = status
        error = fields["error"]?.string
        exitCode = fields["exit_code"]?.numbers?.first.flatMap { Int(exactly: $0) }
        self.printed = printed.compactMap(\.string)
        self.variables = variables
        self.candidates = candidates
        candidateOrder = fields["candidate_order"]?.array?.compactMap(\.string) ?? []
        estimators = fields["estimators"]?.array?.compactMap(\.string) ?? []
        figures = fields["figures"]?.array?.compactMap(CapturedFigure.init(json:)) ?? []
        if let usage = fields["resources"]?.object, let cpu = usage["cpu_seconds"]?.numbers?.first,
           let memory = usage["peak_memory_bytes"]?.numbers?.first.flatMap({ Int(exactly: $0) }) {
            resources = Resources(cpuSeconds: cpu, peakMemoryBytes: memory)
        }
    }
}
