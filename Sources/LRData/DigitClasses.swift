/// Three or more different digits, each its own class, for the multiclass assignment: the
/// label of an image is the position of its digit in `digits` (0 for the first).
public struct DigitClasses: Sendable, Equatable, CustomStringConvertible {
    /// The digits in the order given: `digits[k]` is class k.
    public let digits: [Int]

    /// The fewest digits of the multiclass form; two are the binary assignment (`DigitPair`).
    public static let minimumCount = 3

    public init(_ digits: [Int]) throws(DatasetError) {
        if let bad = digits.first(where: { !(0...9).contains($0) }) {
            throw DatasetError(file: "", .invalidDigits("\(bad) is not a digit 0-9"))
        }
        var seen = Set<Int>()
        if let repeated = digits.first(where: { !seen.insert($0).inserted }) {
            throw DatasetError(file: "", .invalidDigits("\(repeated) is given twice; each digit is one class"))
        }
        guard digits.count >= Self.minimumCount else {
            throw DatasetError(file: "", .invalidDigits(
                "the multiclass form needs three or more different digits, got \(digits.count) (for two digits write A,B, e.g. 0,1)"))
        }
        self.digits = digits
    }

    /// Parses a comma-separated list of digits and ascending ranges: "0-9", "3,5,8", "0-4,9".
    public init(parsing text: String) throws(DatasetError) {
        var digits: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.filter { $0 != " " }) }
            switch bounds.count {
            case 1 where bounds[0] != nil:
                digits.append(bounds[0]!)
            case 2 where bounds[0] != nil && bounds[1] != nil && bounds[0]! <= bounds[1]!:
                digits += Array(bounds[0]!...bounds[1]!)
            default:
                throw DatasetError(file: "", .invalidDigits("expected digits as a list or ascending ranges (e.g. 0-9 or 3,5,8), got '\(text)'"))
            }
        }
        try self.init(digits)
    }

    public var count: Int { digits.count }

    /// The class of `digit`, or nil if it is not one of the digits.
    public func label(of digit: Int) -> Int? { digits.firstIndex(of: digit) }

    /// "0-9" for a whole ascending run, else the list: "3,5,8".
    public var description: String { described() }

    /// The digits as a range `first<range>last` when they are a whole ascending run, else
    /// listed with `separator`: `described(range: "–", separator: ", ")` gives "0–9" or "3, 5, 8".
    public func described(range: String = "-", separator: String = ",") -> String {
        let run = zip(digits, digits.dropFirst()).allSatisfy { $1 == $0 + 1 }
        return run ? "\(digits.first!)\(range)\(digits.last!)" : digits.map(String.init).joined(separator: separator)
    }
}
