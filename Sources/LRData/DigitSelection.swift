/// What `--digits` chooses: two digits to tell apart (the handout's assignment) or three or
/// more classes (the multiclass assignment).
public enum DigitSelection: Sendable, Equatable, CustomStringConvertible {
    case pair(DigitPair)
    case classes(DigitClasses)

    /// "A,B" is a pair; a range ("0-9") or three or more digits ("3,5,8") are classes.
    public init(parsing text: String) throws(DatasetError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        if parts.count == 2, !text.contains("-") {
            self = .pair(try DigitPair(parsing: text))
        } else if parts.count == 1, !text.contains("-") {
            throw DatasetError(file: "", .invalidDigits("expected two digits A,B (e.g. 0,1) or three or more (e.g. 0-9 or 3,5,8), got '\(text)'"))
        } else {
            self = .classes(try DigitClasses(parsing: text))
        }
    }

    /// The digits, in class order.
    public var digits: [Int] {
        switch self {
        case .pair(let pair): [pair.first, pair.second]
        case .classes(let classes): classes.digits
        }
    }

    public var description: String {
        switch self {
        case .pair(let pair): pair.description
        case .classes(let classes): classes.description
        }
    }
}
