/// Two different digits to tell apart; the model's label is 1 for `second`, 0 for `first`.
public struct DigitPair: Sendable, Equatable, CustomStringConvertible {
    public let first: Int
    public let second: Int

    /// The assignment's pair: 0 versus 1.
    public static let zeroOne = try! DigitPair(0, 1)

    public init(_ first: Int, _ second: Int) throws(DatasetError) {
        for digit in [first, second] where !(0...9).contains(digit) {
            throw DatasetError(file: "", .invalidDigits("\(digit) is not a digit 0-9"))
        }
        guard first != second else { throw DatasetError(file: "", .invalidDigits("the two digits must differ, got \(first) twice")) }
        self.first = first
        self.second = second
    }

    /// Parses "A,B", e.g. "0,1" or "3,8".
    public init(parsing text: String) throws(DatasetError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " ") }
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else {
            throw DatasetError(file: "", .invalidDigits("expected two digits as A,B (e.g. 0,1), got '\(text)'"))
        }
        try self.init(a, b)
    }

    /// Whether `digit` is one of the two.
    public func contains(_ digit: Int) -> Bool { digit == first || digit == second }

    public var description: String { "\(first),\(second)" }
}

private extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
