/// What a script's figures show for each assigned plot, as the plot criteria found it: the
/// feedback report redraws it beside what was expected.
public struct DrawnPlots: Sendable {
    /// The lines of the axes that draws the loss histories.
    public var lossLines: [[Double]] = []
    /// The 2×2 matrix drawn, row by row, and the counts of the script's own predictions.
    public var confusion: [Double]?
    public var expectedConfusion: [Double]?
    /// The 28×28 image taken for the important pixels, row by row.
    public var pixels: [Double]?
    /// The digits drawn as misclassified examples.
    public var digits: [Digit] = []

    public struct Digit: Sendable {
        public var pixels: [Double]
        public var caption: String
        /// The test image it is, and whether the script's model gets it wrong; nil when it
        /// matches no test image.
        public var testIndex: Int?
        public var misclassified: Bool?
    }

    init() {}

    init(_ evidence: Evidence) {
        lossLines = LossPlotCriterion.find(evidence)?.axes.lines.map(\.y) ?? []
        expectedConfusion = ConfusionPlotCriterion.expected(evidence)
        let shown = ConfusionPlotCriterion.shown(evidence)
        confusion = shown.first { $0 == expectedConfusion } ?? shown.first
        pixels = PixelsPlotCriterion.find(evidence)?.image.values
        digits = evidence.digits.prefix(2 * MisclassifiedPlotCriterion.maximumShown).map { drawn in
            let wrong = drawn.testIndex.flatMap { index in evidence.predictions.map { $0[index] != evidence.testImages.labels[index] } }
            return Digit(pixels: drawn.values, caption: drawn.caption, testIndex: drawn.testIndex, misclassified: wrong)
        }
    }
}
