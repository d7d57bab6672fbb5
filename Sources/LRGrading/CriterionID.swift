/// The criteria a submission is graded on, in grading order (also the order of the
/// gradebook's columns). The raw values are the rubric's keys.
public enum CriterionID: String, CaseIterable, Sendable, Codable {
    case files
    case runs
    case baseline
    case sigmoid
    case lossHistory = "loss_history"
    case weights
    case comparison
    case pdf
    case lossPlot = "loss_plot"
    case confusionPlot = "confusion_plot"
    case pixelsPlot = "pixels_plot"
    case misclassifiedPlot = "misclassified_plot"

    /// A short name for tables and the gradebook.
    public var title: String {
        switch self {
        case .files: "Files named <id>.py and <id>.pdf"
        case .runs: "Script runs to completion"
        case .baseline: "Part 1: scikit-learn baseline"
        case .sigmoid: "Sigmoid"
        case .lossHistory: "Loss histories"
        case .weights: "Weights W"
        case .comparison: "5 vs final epochs"
        case .pdf: "PDF with the plots"
        case .lossPlot: "Plot: loss vs epoch"
        case .confusionPlot: "Plot: confusion matrix"
        case .pixelsPlot: "Plot: important pixels"
        case .misclassifiedPlot: "Plot: misclassified examples"
        }
    }
}
