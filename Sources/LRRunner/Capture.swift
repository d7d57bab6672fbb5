import Foundation

/// What templates/harness.py recorded about a script: its status, printed lines, the
/// assignment's variables and its sigmoid on a probe. Values are kept as JSON: the grader
/// interprets them.
public struct Capture: Sendable, Decodable {
    public var status: String
    public var error: String?
    public var exitCode: Int?
    public var printed: [String]
    public var variables: [String: JSONValue]
    /// Other numeric values, by name ("model.theta"), for solutions with other names.
    public var candidates: [String: JSONValue]
    public var sigmoid: JSONValue?
    /// The Python process's own CPU time and peak memory (with its children's).
    public var resources: Resources?

    public struct Resources: Sendable, Decodable {
        public var cpuSeconds: Double
        public var peakMemoryBytes: Int
        enum CodingKeys: String, CodingKey { case cpuSeconds = "cpu_seconds", peakMemoryBytes = "peak_memory_bytes" }
    }

    enum CodingKeys: String, CodingKey {
        case status, error, exitCode = "exit_code", printed, variables, candidates, sigmoid, resources
    }
}

/// Any JSON value.
public enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    public var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    public var string: String? { if case .string(let value) = self { value } else { nil } }

    /// The shape of an array capture (`{"shape", "values"}`), or of a list of numbers or of
    /// equal lists: [n] for n numbers, [n, k] for n lists of k.
    public var shape: [Int]? {
        switch self {
        case .number: return []
        case .object(let fields): return fields["shape"]?.array?.compactMap { $0.numbers?.first.map(Int.init) }
        case .array(let items):
            guard let inner = items.first?.shape else { return [0] }
            return items.allSatisfy({ $0.shape == inner }) ? [items.count] + inner : nil
        default: return nil
        }
    }

    /// The numbers of a number, a list of numbers or an array capture (`{"shape", "values"}`),
    /// flattened; "NaN" and "±Infinity" become the Double values.
    public var numbers: [Double]? {
        switch self {
        case .number(let value): return [value]
        case .string("NaN"): return [.nan]
        case .string("Infinity"): return [.infinity]
        case .string("-Infinity"): return [-.infinity]
        case .array(let items):
            var result: [Double] = []
            for item in items { guard let values = item.numbers else { return nil }; result += values }
            return result
        case .object(let fields): return fields["values"]?.numbers
        default: return nil
        }
    }
}
