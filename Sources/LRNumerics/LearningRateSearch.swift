import Foundation

extension GradientDescent {
    /// The learning rates η whose first step from W = 0 gives the training loss `loss`: the
    /// roots of L(η) = ℓ(−η·g₀/m) − loss, where g₀ = Xᵀ(σ(0) − y) is the first gradient and ℓ
    /// the assignment's mean cross-entropy.
    ///
    /// L is convex in η (a convex loss along a line) with L(0) = ln 2 and a negative slope
    /// there, so a value below ln 2 has at most one root on each side of L's minimum and none
    /// at negative η, and a value above it one root at a negative η (an update with its sign
    /// flipped) and possibly one far beyond the minimum. Roots are bracketed on a logarithmic
    /// grid of |η| from 1e−6 to 1e6, 4 points per decade, and refined by regula falsi
    /// (Illinois) until L is within 1e−16 of `loss`, about the precision of the loss itself,
    /// or the bracket is 1e−13 wide relative to η: some 60 to 110 evaluations, each m losses
    /// at the scores η·(x·d) (rounded differently from x·(η·d) by an ulp or so: far below the
    /// 1e−9 relative precision of the rates found). When no grid point falls below `loss`, L's
    /// minimum near the lowest one is found by golden section (about 50 more evaluations): a
    /// value at the minimum, or a dip between grid points, is found there. Returns them
    /// ordered by |η|.
    ///
    /// Rates so large that most scores saturate (the +1e−10 inside the logarithms caps each
    /// sample's loss) leave L nearly flat, so the first step cannot identify them; a caller
    /// that suspects such a rate (a gradient not divided by m) replays it directly.
    public static func learningRates(reproducingFirstStepLoss loss: Double, on train: DesignMatrix) -> [Double] {
        guard loss.isFinite else { return [] }
        let m = Double(train.rowCount)
        let zero = [Double](repeating: 0, count: DesignMatrix.featureCount)
        let direction = DesignMatrix.lossSums(AssignmentCrossEntropy(), at: zero, on: [train], withGradient: [true])[0].gradient!.map { -$0 / m }
        // The scores after a step of η are η·(x·d): one pass over the pixels for x·d, then
        // each evaluation is m losses, not another pass.
        let along = train.scores(at: direction)
        let targets = train.targets
        var scores = along
        func excess(_ rate: Double) -> Double {
            for i in along.indices { scores[i] = rate * along[i] }
            let sum = scores.withUnsafeMutableBufferPointer { scores in
                targets.withUnsafeBufferPointer { AssignmentCrossEntropy().sums(overwritingScoresWithDerivatives: scores, targets: $0).loss }
            }
            return sum / m - loss
        }
        var roots: [Double] = []
        let start = excess(0)
        for sign in start > 0 ? [1.0] : [1.0, -1.0] {
            let grid = (-24...24).map { sign * pow(10, Double($0) / 4) }
            var previous = (rate: 0.0, value: start)
            var lowest = (index: 0, value: Double.infinity)
            for (index, rate) in grid.enumerated() {
                let value = excess(rate)
                if value < lowest.value { lowest = (index, value) }
                if value == 0 { roots.append(rate) }
                else if previous.value != 0, (value < 0) != (previous.value < 0) {
                    roots.append(root(of: excess, between: previous, and: (rate, value)))
                }
                previous = (rate, value)
            }
            // No grid point below `loss`: L may still dip under it between two grid points, or
            // touch it at its minimum (a rate near the best one, with rounding a hair below).
            if sign > 0, lowest.value > 0, lowest.value <= abs(loss) {
                let low = lowest.index > 0 ? grid[lowest.index - 1] : 0, high = grid[min(lowest.index + 1, grid.count - 1)]
                let minimum = goldenSectionMinimum(of: excess, between: low, and: high)
                let value = excess(minimum)
                if value < 0 {
                    roots.append(root(of: excess, between: (low, excess(low)), and: (minimum, value)))
                    roots.append(root(of: excess, between: (minimum, value), and: (high, excess(high))))
                } else if value <= 1e-9 * abs(loss) {
                    roots.append(minimum)
                }
            }
        }
        return roots.sorted { abs($0) < abs($1) }
    }

    /// The minimizer of a unimodal `f` on [low, high], to 1e−10 relative.
    private static func goldenSectionMinimum(of f: (Double) -> Double, between low: Double, and high: Double) -> Double {
        let ratio = (5.0.squareRoot() - 1) / 2
        var (a, b) = (low, high)
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var (fc, fd) = (f(c), f(d))
        while b - a > 1e-10 * b {
            if fc < fd { (b, d, fd) = (d, c, fc); c = b - ratio * (b - a); fc = f(c) }
            else { (a, c, fc) = (c, d, fd); d = a + ratio * (b - a); fd = f(d) }
        }
        return (a + b) / 2
    }

    /// The root of `f` between two points where it has opposite signs, by the Illinois
    /// variant of regula falsi (superlinear, never leaves the bracket).
    private static func root(of f: (Double) -> Double, between a: (rate: Double, value: Double), and b: (rate: Double, value: Double)) -> Double {
        var (a, b) = (a, b)
        var best = abs(a.value) < abs(b.value) ? a : b
        var side = 0
        for _ in 0..<100 where abs(b.rate - a.rate) > 1e-13 * max(abs(a.rate), abs(b.rate)) && abs(best.value) > 1e-16 {
            let rate = (a.rate * b.value - b.rate * a.value) / (b.value - a.value)
            let value = f(rate)
            if abs(value) <= abs(best.value) { best = (rate, value) }
            if (value < 0) == (b.value < 0) {
                b = (rate, value)
                if side == -1 { a.value /= 2 }
                side = -1
            } else {
                a = (rate, value)
                if side == 1 { b.value /= 2 }
                side = 1
            }
        }
        return best.rate
    }
}
