import Foundation

/// Criterion 1: the files are `<id>.py` (or the notebook `<id>.ipynb`) and `<id>.pdf` with
/// the same numeric id.
enum FilesCriterion {
    static func assess(_ evidence: Evidence) -> Assessment {
        let submission = evidence.submission
        func name(_ path: String) -> String { submission.shownName(of: path) }
        func stem(_ path: String) -> Substring { Substring((name(path) as NSString).deletingPathExtension) }
        guard let script = submission.script else {
            if let refusal = submission.refusal(ofScript: true) ?? submission.refusals.first { return .fail("\(refusal); it was not run.") }
            return .fail("Expected <id>.py beside \(submission.pdf.map(name) ?? "the PDF"); no script was submitted.")
        }
        guard Submission.isNumericID(stem(script)), name(script).hasSuffix(".py") || name(script).hasSuffix(".ipynb") else {
            return .fail("Expected the script to be named <id>.py (or the notebook <id>.ipynb) with your numeric id (e.g. 123456789.py); found \(name(script)).")
        }
        guard let pdf = submission.pdf else {
            return .partial("Found \(name(script)) but no \(stem(script)).pdf: the plots must be submitted as a PDF named like the script.")
        }
        guard stem(pdf) == stem(script), name(pdf).hasSuffix(".pdf") else {
            return .partial("Expected \(stem(script)).pdf to go with \(name(script)); found \(name(pdf)).")
        }
        return .pass("\(name(script)) and \(name(pdf)) carry the same numeric id.")
    }
}
