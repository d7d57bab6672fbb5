import Testing
import LRGrading

@Suite("Printed numbers")
struct PrintedNumbersTests {
    @Test("numbers are read with the precision they were printed to")
    func scanning() {
        let full = PrintedNumbers.numbers(in: "Accuracy: 0.9995271867612293")
        #expect(full.map(\.value) == [0.9995271867612293] && full[0].decimals == 16)
        let rounded = PrintedNumbers.numbers(in: "Epoch 10, Loss: 0.0123")
        #expect(rounded.map(\.value) == [10, 0.0123])
        #expect(rounded[1].decimals == 4 && abs(rounded[1].roundingError - 0.00005) < 1e-18)
        let scientific = PrintedNumbers.numbers(in: "log loss 1.5e-03")
        #expect(scientific.map(\.value) == [0.0015] && scientific[0].decimals == 4)
        let percent = PrintedNumbers.numbers(in: "accuracy 99.95%")
        #expect(percent.map(\.value) == [0.9995] && percent[0].decimals == 4)
        #expect(PrintedNumbers.numbers(in: "(np.float64(0.25), x2, 3rd)").map(\.value) == [0.25])
        #expect(PrintedNumbers.numbers(in: "delta -0.5 and .75").map(\.value) == [-0.5, 0.75])
    }

    @Test("a value is found on a line with its keyword, within its rounding, and coarse prints are told apart")
    func finding() {
        let printed = PrintedNumbers(["Accuracy: 0.9995", "Log Loss: 0.0038", "loss 0.02", "Epoch 10, Loss: 0.0123"])
        #expect(printed.find(0.999527, keywords: ["acc"], tolerance: 1e-6, minDecimals: 3) == .found(PrintedNumbers.numbers(in: "Accuracy: 0.9995")[0]))
        #expect(printed.find(0.999527, keywords: ["loss"], otherLabels: ["acc"], tolerance: 1e-6, minDecimals: 3) == .missing, "the accuracy's line is not a log loss's")
        #expect(printed.find(0.0038475, keywords: ["loss"], tolerance: 1e-6, minDecimals: 3) != .missing)
        #expect(printed.find(0.0039, keywords: ["loss"], tolerance: 1e-6, minDecimals: 3) == .missing)
        if case .tooCoarse(let number) = printed.find(0.0238, keywords: ["loss"], tolerance: 1e-6, minDecimals: 3) {
            #expect(number.value == 0.02)
        } else {
            Issue.record("0.02 rounds 0.0238 but has two decimals")
        }
    }

    @Test("exponents that overflow an integer, infinite values and huge lines are read without a trap, and match nothing")
    func hostileNumbers() {
        for line in ["log loss: 1e-9223372036854775808", "accuracy 1e99999", "-9223372036854775809e9223372036854775808", "1e400 and 1e-400", "1e+"] {
            let numbers = PrintedNumbers.numbers(in: line)
            #expect(numbers.allSatisfy { $0.value.isFinite && $0.roundingError.isFinite && $0.roundingError > 0 }, "\(line): \(numbers)")
        }
        let printed = PrintedNumbers(["log loss: 1e-9223372036854775808", "accuracy: 1e99999", "loss " + String(repeating: "9", count: 1_000_000)])
        #expect(printed.find(0.0038475, keywords: ["loss"], tolerance: 1e-6, minDecimals: 3) == .missing)
        #expect(printed.find(0.999527, keywords: ["acc"], tolerance: 1e-6, minDecimals: 3) == .missing)
    }

    @Test("numbers are found by value in tables and DataFrames; labels tell which model and which metric a number is")
    func tables() {
        let table = PrintedNumbers([
            "model                           accuracy    log loss",
            "scikit-learn                      0.9995     0.00385",
            "gradient descent, 5 epochs        0.9957     0.02437",
            "gradient descent, 100 epochs      0.9995     0.00534",
        ])
        func find(_ value: Double, _ keywords: [String], _ others: [String], avoiding: [String], percent: Bool = false) -> PrintedNumbers.Match {
            table.find(value, keywords: keywords, otherLabels: others, avoiding: avoiding, percent: percent, tolerance: 1e-6, minDecimals: 3)
        }
        let (acc, loss) = (PrintedNumbers.accuracyLabels, PrintedNumbers.logLossLabels)
        // The baseline's log loss is read from its row, never from a gradient-descent row.
        #expect(find(0.0038475, loss, acc, avoiding: PrintedNumbers.gradientDescentWords) == .found(PrintedNumbers.numbers(in: "scikit-learn                      0.9995     0.00385")[1]))
        #expect(find(0.0053375, loss, acc, avoiding: PrintedNumbers.gradientDescentWords) == .missing, "a gradient-descent number is not the baseline's")
        #expect(find(0.024373, loss, acc, avoiding: PrintedNumbers.baselineWords) != .missing)
        #expect(find(0.0038475, loss, acc, avoiding: PrintedNumbers.baselineWords) == .missing, "the baseline's number is not gradient descent's")
        // A pandas DataFrame, a percentage column and scientific notation.
        let frame = PrintedNumbers(["               accuracy  log_loss", "GD 5 epochs    0.995745  0.024373", "final: acc (%) 99.95, loss 5.34e-03"])
        #expect(frame.find(0.995745, keywords: acc, otherLabels: loss, tolerance: 1e-6, minDecimals: 3) != .missing)
        #expect(frame.find(0.999527, keywords: acc, percent: true, tolerance: 1e-6, minDecimals: 3) != .missing)
        #expect(frame.find(0.999527, keywords: acc, percent: false, tolerance: 1e-6, minDecimals: 3) == .missing)
        #expect(frame.find(0.0053375, keywords: loss, tolerance: 1e-6, minDecimals: 3) != .missing)
    }
}
