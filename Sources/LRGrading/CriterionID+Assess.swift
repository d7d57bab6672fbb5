extension CriterionID {
    /// Assesses this criterion on a submission's evidence.
    func assess(_ evidence: Evidence) -> Assessment {
        if [.lossPlot, .confusionPlot, .pixelsPlot, .misclassifiedPlot].contains(self),
           evidence.historyCopiedFromPublished || evidence.weightsCopiedFromPublished {
            return .fail("The plot is drawn from results that were not computed by this run: they equal what the published MNIST gives, not the data load_data() returned.")
        }
        return switch self {
        case .files: FilesCriterion.assess(evidence)
        case .runs: RunCriterion.assess(evidence)
        case .baseline: BaselineCriterion.assess(evidence)
        case .sigmoid: SigmoidCriterion.assess(evidence)
        case .lossHistory: LossHistoryCriterion.assess(evidence)
        case .weights: WeightsCriterion.assess(evidence)
        case .comparison: ComparisonCriterion.assess(evidence)
        case .pdf: PDFCriterion.assess(evidence)
        case .lossPlot: LossPlotCriterion.assess(evidence)
        case .confusionPlot: ConfusionPlotCriterion.assess(evidence)
        case .pixelsPlot: PixelsPlotCriterion.assess(evidence)
        case .misclassifiedPlot: MisclassifiedPlotCriterion.assess(evidence)
        }
    }
}
