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
        #expect(printed.find(0.999527, keywords: ["loss"], tolerance: 1e-6, minDecimals: 3) == .missing)
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
}
