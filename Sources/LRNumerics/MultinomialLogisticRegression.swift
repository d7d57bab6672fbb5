/// scikit-learn's `LogisticRegression()` on K ≥ 3 classes, with its defaults (multinomial,
/// C = 1, intercepts fitted and not penalized, `solver="lbfgs"`, `tol=1e-4`, `max_iter=100`):
///
///     minimize  f(W) = (1/n) Σᵢ [log Σₖ e^zᵢₖ − zᵢ,yᵢ]  +  ‖W without its bias row‖² / (2·C·n),   zᵢ = xᵢ·W
///
/// by L-BFGS from W = 0, as `sklearn.linear_model._logistic._logistic_regression_path` does
/// with `HalfMultinomialLoss`. Its vector of unknowns holds the K classes of each feature side
/// by side, as scikit-learn's does (there the intercepts come last; here, as in the
/// assignment, first).
public struct MultinomialLogisticRegression: Sendable {
    /// Inverse regularization strength, scikit-learn's `C`.
    public var inverseRegularization = 1.0
    public var optimizer = LBFGS()

    public init() {}

    public struct Fit: Sendable {
        public var weights: ClassWeights
        /// L-BFGS iterations, scikit-learn's `n_iter_`.
        public var iterations: Int
        public var objective: Double
        public var stop: LBFGS.Stop

        /// Whether scikit-learn warns that it did not converge (`ConvergenceWarning`): it
        /// stopped at the iteration limit.
        public var hitIterationLimit: Bool { stop == .maxIterations }
    }

    public func fit(_ design: DesignMatrix, classes: Int) -> Fit {
        let start = ClassWeights(zerosFor: classes)
        let result = optimizer.minimize(from: start.values, objective(on: design, classes: classes))
        return Fit(weights: ClassWeights(classes: classes, values: result.x), iterations: result.iterations, objective: result.f, stop: result.stop)
    }

    /// f(W) and ∇f(W) of the regularized mean multinomial log-loss on `design`.
    package func objective(on design: DesignMatrix, classes: Int) -> ([Double]) -> (f: Double, gradient: [Double]) {
        let n = Double(design.rowCount)
        let l2 = 1 / (inverseRegularization * n)
        let biasCount = classes  // row 0 of W: not penalized
        return { w in
            let sums = DesignMatrix.classLossSums(HalfMultinomialLoss(), at: ClassWeights(classes: classes, values: w), on: [design], withGradient: [true])[0]
            var penalty = 0.0
            for j in biasCount..<w.count { penalty += w[j] * w[j] }
            var gradient = sums.gradient!.values
            for j in gradient.indices { gradient[j] /= n }
            for j in biasCount..<w.count { gradient[j] += l2 * w[j] }
            return (sums.losses[0] / n + 0.5 * l2 * penalty, gradient)
        }
    }
}
