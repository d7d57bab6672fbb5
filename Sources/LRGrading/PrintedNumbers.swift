import Foundation

/// The numbers a script printed, with how precisely each was printed, so a printed metric
/// can be compared with the reference to the digits the student chose to show.
package struct PrintedNumbers: Sendable {
    /// One number in a printed line.
    package struct Number: Sendable, Equatable {
        package var value: Double
        /// Decimal places the value was shown to: 4 for 0.9995, 1.5e-03 and 99.95%.
        package var decimals: Int
        /// Half a unit in the last printed digit: how far rounding can have moved it.
        package var roundingError: Double
        package var line: String
    }

    /// The outcome of looking for a value.
    package enum Match: Sendable, Equatable {
        /// Printed, and right to the digits shown.
        case found(Number)
        /// A number that rounds the value, but with too few decimals to tell.
        case tooCoarse(Number)
        case missing
    }

    /// Each printed line, lowercased for the keywords, with its numbers: read once, however
    /// many values are looked for.
    let lines: [(lowered: String, numbers: [Number])]

    /// Characters of a line that are read: a metric is printed in far fewer, and a script
    /// that prints a line of 100 MB must not cost the grader more than this.
    package static let maximumLineLength = 10_000
    /// Lines read (the harness keeps as many).
    package static let maximumLines = 10_000

    package init(_ lines: [String]) {
        self.lines = lines.prefix(Self.maximumLines).map { line in
            let line = line.count > Self.maximumLineLength ? String(line.prefix(Self.maximumLineLength)) : line
            return (line.lowercased(), Self.numbers(in: line))
        }
    }

    /// The printed number that equals `value` within `tolerance` plus its rounding error;
    /// percentages count as fractions, and with `percent` a number 100 times `value` counts
    /// too (a table's "accuracy (%)" column). Numbers are found by value anywhere in the
    /// output (tables, DataFrames, scientific notation); labels only tell which is which:
    /// a line containing one of `keywords` is looked at first, then lines without a label
    /// (a table's rows); a line labelled only with one of `otherLabels` (another metric) or
    /// containing one of `avoiding` (it names another model) is not used. A coarser match is
    /// reported as such.
    package func find(_ value: Double, keywords: [String], otherLabels: [String] = [], avoiding: [String] = [], percent: Bool = false,
                      tolerance: Double, minDecimals: Int) -> Match {
        var coarse: Number?
        func matching(_ number: Number) -> Bool {
            abs(number.value - value) <= tolerance + number.roundingError
                || percent && number.value > 1 && abs(number.value - 100 * value) <= 100 * tolerance + number.roundingError
        }
        for labelled in [true, false] {
            for line in lines where keywords.contains(where: line.lowered.contains) == labelled && !avoiding.contains(where: line.lowered.contains)
                && (labelled || !otherLabels.contains(where: line.lowered.contains)) {
                for number in line.numbers where matching(number) {
                    let shown = number.value > 1 && value <= 1 ? number.decimals + 2 : number.decimals
                    if shown >= minDecimals { return .found(number) }
                    coarse = coarse ?? number
                }
            }
        }
        return coarse.map(Match.tooCoarse) ?? .missing
    }

    /// Words of a line that names the baseline, and words of one that names gradient descent:
    /// each result is never read from a line that names the other.
    package static let baselineWords = ["sklearn", "scikit", "baseline", "logisticregression", "part 1"]
    package static let gradientDescentWords = ["epoch", "gradient", "scratch", "manual", "iteration", "gd"]
    /// The labels of the two metrics, each the other's `otherLabels`.
    package static let accuracyLabels = ["acc"], logLossLabels = ["loss"]

    /// The decimal numbers in a line, skipping digits that are part of a word ("float64",
    /// "x2") and reading "99.95%" as 0.9995.
    package static func numbers(in line: String) -> [Number] {
        let characters = Array(line.unicodeScalars)
        var result: [Number] = []
        var index = 0
        func isDigit(_ k: Int) -> Bool { k < characters.count && ("0"..."9").contains(characters[k]) }
        func isWordCharacter(_ k: Int) -> Bool {
            k >= 0 && k < characters.count && (CharacterSet.alphanumerics.contains(characters[k]) || characters[k] == "_")
        }
        while index < characters.count {
            let startsNumber = isDigit(index) || (characters[index] == "." && isDigit(index + 1))
                || (characters[index] == "-" && (isDigit(index + 1) || characters.indices.contains(index + 1) && characters[index + 1] == "." && isDigit(index + 2)))
            guard startsNumber, !isWordCharacter(index - 1), index == 0 || characters[index - 1] != "." else { index += 1; continue }
            var end = index
            if characters[end] == "-" { end += 1 }
            while isDigit(end) { end += 1 }
            var decimals = 0
            if end < characters.count, characters[end] == "." {
                end += 1
                while isDigit(end) { end += 1; decimals += 1 }
            }
            var exponent = 0
            if end < characters.count, characters[end] == "e" || characters[end] == "E" {
                var probe = end + 1
                if probe < characters.count, characters[probe] == "-" || characters[probe] == "+" { probe += 1 }
                if isDigit(probe) {
                    let exponentStart = end + 1
                    while isDigit(probe) { probe += 1 }
                    // At most five digits are read: e-9223372036854775808 must not overflow
                    // (the value is infinite or zero long before that, and skipped below).
                    let digits = String(String.UnicodeScalarView(characters[exponentStart..<probe]))
                    let magnitude = digits.count > 6 ? 99_999 : min(Int(digits.filter(\.isNumber)) ?? 0, 99_999)
                    exponent = digits.hasPrefix("-") ? -magnitude : magnitude
                    end = probe
                }
            }
            if isWordCharacter(end) { index = end + 1; continue }  // "3rd", "0x1f"
            let text = String(String.UnicodeScalarView(characters[index..<end]))
            if var value = Double(text), value.isFinite {
                var rounding = 0.5 * pow(10, Double(exponent - decimals))
                var shown = decimals - exponent
                if end < characters.count, characters[end] == "%" {
                    value /= 100
                    rounding /= 100
                    shown += 2
                }
                // "1e-99999" rounds nothing, and "1e400" matches nothing.
                if rounding.isFinite, rounding > 0 {
                    result.append(Number(value: value, decimals: max(shown, 0), roundingError: rounding, line: line))
                }
            }
            index = end
        }
        return result
    }
}
