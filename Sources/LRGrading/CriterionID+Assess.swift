extension CriterionID {
    /// Assesses this criterion on a submission's evidence.
    func assess(_ evidence: Evidence) -> Assessment {
        switch self {
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
