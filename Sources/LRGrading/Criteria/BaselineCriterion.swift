import LRNumerics

/// Criterion 3: part 1's scikit-learn accuracy and log loss were printed and equal the
/// reference baseline's.
///
/// Printed numbers alone earn nothing: they count when the script also left the baseline's
/// own model, its probabilities (`y_prob`) or a fitted estimator, which the grader evaluates
/// itself. A gradient-descent W does not back them: its numbers are not the baseline's.
enum BaselineCriterion {
    static func assess(_ evidence: Evidence) -> Assessment {
        let expected = evidence.reference.sklearn.evaluation
        let tolerance = evidence.tolerances
        let test = evidence.replays.test

        // The grader's own evaluation of what the script left, if anything, on a test design
        // (the weights are evaluated as the scaler of that design's training data sees them).
        let source = evidence.work.baselineProbabilities != nil ? "y_prob" : evidence.work.baselineWeights?.name ?? ""
        func evaluation(on test: DesignMatrix) -> BinaryClassificationMetrics? {
            if let probabilities = evidence.work.baselineProbabilities {
                return BinaryClassificationMetrics(targets: test.targets.map { UInt8($0) }, probabilities: probabilities,
                                                   predictions: probabilities.map { $0 > 0.5 ? 1 : 0 })
            }
            return evidence.work.baselineWeights.map { test.metrics(of: $0.value, strictScores: true) }
        }
        let own = evaluation(on: test)
        let expectedText = "accuracy \(Shown.value(expected.accuracy)) and log loss \(Shown.value(expected.logLoss))"
        func close(_ metrics: BinaryClassificationMetrics?, _ logLoss: Double) -> Bool {
            metrics.map { abs($0.logLoss - logLoss) <= tolerance.lossRelative * logLoss + tolerance.printedAbsolute } ?? false
        }
        if own != nil, !close(own, expected.logLoss), let published = evidence.published,
           close(evaluation(on: published.replays.test), published.baselineMetrics.logLoss) {
            return .fail("Your baseline (\(source)) \(Evidence.publishedDataNote).")
        }
        if let own, !close(own, expected.logLoss) {
            // The from-scratch part's mistake, when it is the scaler's, is the baseline's too.
            let scaler = evidence.match.mistake?.replay.training == .scalerOnTrainAndTest ? " Your scaler is fitted on the training and test sets together (see the loss histories): fit it on the training set only." : ""
            return .fail("Your baseline (\(source)) scores accuracy \(Shown.value(own.accuracy)) and log loss \(Shown.value(own.logLoss)) on the test set; LogisticRegression() on the standardized data gives \(expectedText).\(scaler)")
        }

        func printed(_ value: Double, _ keywords: [String], _ others: [String], percent: Bool = false) -> PrintedNumbers.Match {
            evidence.printed.find(value, keywords: keywords, otherLabels: others, avoiding: PrintedNumbers.gradientDescentWords, percent: percent,
                                  tolerance: tolerance.printedAbsolute, minDecimals: tolerance.printedMinDecimals)
        }
        let accuracy = printed(expected.accuracy, PrintedNumbers.accuracyLabels, PrintedNumbers.logLossLabels, percent: true)
        let logLoss = printed(expected.logLoss, PrintedNumbers.logLossLabels, PrintedNumbers.accuracyLabels)
        let backed = own != nil
        switch (accuracy, logLoss) {
        case (.found(let a), .found(let l)):
            guard backed else {
                return .fail("Printed \(Shown.value(a.value)) and \(Shown.value(l.value)), but the script left no baseline model behind them (a fitted LogisticRegression, or its probabilities y_prob): printed numbers alone earn no credit.")
            }
            let check = own == nil ? "" : " (and \(source) gives the same)"
            return .pass("Printed accuracy \(Shown.value(a.value)) and log loss \(Shown.value(l.value)), matching the reference \(expectedText)\(check).")
        case (.found, _), (_, .found):
            let (shown, missing) = if case .found = accuracy {
                ("accuracy \(Shown.value(expected.accuracy))", "log loss \(Shown.value(expected.logLoss))")
            } else {
                ("log loss \(Shown.value(expected.logLoss))", "accuracy \(Shown.value(expected.accuracy))")
            }
            return backed ? .partial("Printed the baseline's \(shown), but not its \(missing) (to at least \(tolerance.printedMinDecimals) decimals).")
                : .fail("No baseline model (a fitted LogisticRegression, or y_prob) backs the printed numbers, and the \(missing) was not printed.")
        default:
            guard backed else {
                return .fail("Expected the scikit-learn \(expectedText) to be printed, backed by the fitted LogisticRegression or its probabilities y_prob; neither was found.")
            }
            if case .tooCoarse(let number) = accuracy == .missing ? logLoss : accuracy {
                return .partial("Printed \(Shown.printed(number)) with too few decimals to check; print at least \(tolerance.printedMinDecimals) (expected \(expectedText)).")
            }
            return .partial("Your model is right, but the baseline's accuracy and log loss were not printed (expected \(expectedText)).")
        }
    }
}
