/// A platform that grades each submission in a container of its own, and where it puts
/// things in that container (Gradescope: gradescope/autograder_samples docs/specs.md;
/// PrairieLearn: PrairieLearn/PrairieLearn docs/externalGrading.md).
public enum Platform: String, Sendable, CaseIterable {
    case gradescope, prairielearn

    /// The container's folder for grading, which `--root` replaces in tests.
    public var defaultRoot: String {
        switch self {
        case .gradescope: "/autograder"
        case .prairielearn: "/grade"
        }
    }

    /// The student's files, whatever their names.
    public func submissionFolder(root: String) -> String {
        switch self {
        case .gradescope: root + "/submission"
        case .prairielearn: root + "/student"
        }
    }

    /// Where the results go (the folder is created when missing).
    public func resultsFile(root: String) -> String { root + "/results/results.json" }

    /// The submission's metadata (Gradescope's: who, when, the due dates); nil where the
    /// platform has none that grading uses.
    public func metadataFile(root: String) -> String? {
        switch self {
        case .gradescope: root + "/submission_metadata.json"
        case .prairielearn: nil
        }
    }

    public var title: String {
        switch self {
        case .gradescope: "Gradescope"
        case .prairielearn: "PrairieLearn"
        }
    }
}
