/// Any JSON value, as `JSONValue(parsing:)` reads it.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    public var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    public var string: String? { if case .string(let value) = self { value } else { nil } }

    /// The shape of an array capture (`{"shape", "values"}`), or of a list of numbers or of
    /// equal lists: [n] for n numbers, [n, k] for n lists of k. Each value is visited once.
    public var shape: [Int]? {
        switch self {
        case .number: return []
        case .object(let fields): return fields["shape"]?.array?.compactMap { $0.numbers?.first.flatMap { Int(exactly: $0) } }
        case .array(let items):
            guard let first = items.first else { return [0] }
            guard let inner = first.shape, items.dropFirst().allSatisfy({ $0.shape == inner }) else { return nil }
            return [items.count] + inner
        default: return nil
        }
    }

    /// The number of elements of an array of `shape`; nil when a dimension is negative or the
    /// product overflows (a capture can claim any shape).
    public static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// The numbers of a number, a list of numbers or an array capture (`{"shape", "values"}`),
    /// flattened; "NaN" and "±Infinity" become the Double values.
    public var numbers: [Double]? {
        var result: [Double] = []
        return appendNumbers(to: &result) ? result : nil
    }

    private func appendNumbers(to result: inout [Double]) -> Bool {
        switch self {
        case .number(let value): result.append(value)
        case .string("NaN"): result.append(.nan)
        case .string("Infinity"): result.append(.infinity)
        case .string("-Infinity"): result.append(-.infinity)
        case .array(let items): return items.allSatisfy { $0.appendNumbers(to: &result) }
        case .object(let fields): return fields["values"]?.appendNumbers(to: &result) ?? false
        default: return false
        }
        return true
    }
}
