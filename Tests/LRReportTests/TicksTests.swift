import Testing
import LRReport

@Suite("Axis ticks")
struct TicksTests {
    @Test("linear ticks are 1, 2 or 5 times a power of ten and cover the data")
    func linear() {
        let loss = Ticks.linear(0, 0.6931, target: 6)
        #expect(loss.lower == 0 && abs(loss.upper - 0.8) < 1e-12)
        #expect(loss.values.count == 5 && abs(loss.values[1] - 0.2) < 1e-12)
        #expect(loss.label(0.2, logarithmic: false) == "0.2")
        let epochs = Ticks.linear(0, 99, target: 8)
        #expect(epochs.values == [0, 20, 40, 60, 80, 100])
        #expect(epochs.label(40, logarithmic: false) == "40")
        let counts = Ticks.linear(0, 1135, target: 5)
        #expect(counts.values.first == 0 && counts.upper >= 1135 && counts.values.count <= 6)
        #expect(Ticks.linear(0, 2, target: 8, integers: true).values == [0, 1, 2], "epochs are whole")
        let flat = Ticks.linear(0.3, 0.3)
        #expect(flat.lower < 0.3 && flat.upper > 0.3)
    }

    @Test("log ticks span whole decades, with 2 and 5 on short ranges")
    func logarithmic() {
        let threeDecades = Ticks.logarithmic(0.0067, 0.69)
        #expect(threeDecades.values.count == 4 && abs(threeDecades.lower - 0.001) < 1e-15 && threeDecades.upper == 1)
        let short = Ticks.logarithmic(0.02, 0.69)
        #expect(abs(short.lower - 0.01) < 1e-15 && short.upper == 1)
        #expect(short.values.contains { abs($0 - 0.05) < 1e-15 } && short.values.count == 7)
        #expect(short.label(0.01, logarithmic: true) == "0.01" && short.label(1, logarithmic: true) == "1")
        let narrow = Ticks.logarithmic(0.38, 0.69)
        #expect(abs(narrow.lower - 0.1) < 1e-15 && narrow.upper == 1, "one decade around the data, not more")
        let long = Ticks.logarithmic(1e-9, 1)
        #expect(long.values.count == 10)
        #expect(long.label(1e-9, logarithmic: true) == "1e-9")
    }

    @Test("color-bar ticks stay inside the exact limits, at least three of them")
    func inside() {
        for limit in [0.0013, 0.06, 0.13, 0.47, 2.6, 1135] {
            let ticks = Ticks.inside(-limit, limit)
            #expect(ticks.lower == -limit && ticks.upper == limit)
            #expect(ticks.values.count >= 3 && ticks.values.allSatisfy { abs($0) <= limit * (1 + 1e-9) }, "±\(limit): \(ticks.values)")
        }
    }

    static let strangeLimits: [(Double, Double)] = [
        (.nan, 1), (0, .infinity), (-.infinity, .infinity), (1.7e308, 1.7e308), (-1.7e308, 1.7e308), (0, 1e-320), (5, -5),
    ]

    @Test("non-finite and huge limits give finite, short tick lists and labels", arguments: strangeLimits)
    func hostileLimits(_ low: Double, _ high: Double) {
        for ticks in [Ticks.linear(low, high), Ticks.linear(low, high, target: 5, integers: true), Ticks.inside(low, high), Ticks.logarithmic(low, high)] {
            #expect(ticks.values.count >= 1 && ticks.values.count <= 1_001)
            #expect(ticks.values.allSatisfy(\.isFinite) && ticks.lower.isFinite && ticks.upper.isFinite || ticks.values.count <= 2, "\(ticks)")
        }
        let ticks = Ticks.linear(0, 1)
        #expect(ticks.label(.nan, logarithmic: false) == "NaN" && ticks.label(.infinity, logarithmic: true) == "∞")
        #expect(ticks.label(-1, logarithmic: true) == "-1" && ticks.label(0, logarithmic: true) == "0")
    }
}
