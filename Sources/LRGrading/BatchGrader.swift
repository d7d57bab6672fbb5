import Foundation
import Synchronization

/// Grades a class: the submissions run `jobs` at a time, and each student's results are
/// written to `<out>/<id>/` as soon as they are graded (each script's numpy gets its share
/// of the cores) (`results.json` in Gradescope's
/// format, and whatever `writeFeedback` writes), then `<out>/gradebook.csv` for everyone.
/// One broken submission never stops the batch: a student whose files cannot be written is
/// reported in `Outcome.problems`.
public struct BatchGrader: Sendable {
    public var grader: Grader
    public var jobs: Int

    public init(grader: Grader, jobs: Int) {
        self.grader = grader
        self.jobs = max(1, jobs)
    }

    public struct Outcome: Sendable {
        public var grades: [Grade]
        /// Per student, what could not be written.
        public var problems: [String]
    }

    /// - Parameters:
    ///   - writeFeedback: writes a grade's feedback to a path (the feedback PDF).
    ///   - finished: called once per graded submission, from the grading threads.
    public func grade(
        _ submissions: [Submission], into out: String,
        writeFeedback: @escaping @Sendable (Grade, String) throws -> Void,
        finished: @escaping @Sendable (Grade) -> Void
    ) throws(GradingError) -> Outcome {
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw GradingError(file: out, reason: "cannot create the results folder: \((error as NSError).localizedDescription)")
        }
        guard access(out, W_OK) == 0 else { throw GradingError(file: out, reason: "the results folder is not writable") }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-grade-\(UUID().uuidString)").path
        do { try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true) } catch {
            throw GradingError(file: work, reason: "cannot create the work folder")
        }
        defer { try? FileManager.default.removeItem(atPath: work) }

        let state = Progress()
        let parallel = min(jobs, submissions.count)
        let grader = { var grader = self.grader
            // Scripts side by side share the cores (see `RunLimits.threads`).
            grader.runner.limits.threads = max(1, ProcessInfo.processInfo.activeProcessorCount / max(parallel, 1))
            return grader
        }()
        let done = DispatchGroup()
        for _ in 0..<parallel {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                while let index = state.nextIndex(below: submissions.count) {
                    let submission = submissions[index]
                    let folder = work + "/\(index)"
                    let grade = grader.grade(submission, workFolder: folder)
                    var problem: String?
                    let studentFolder = out + "/" + Self.folderName(submission.id)
                    do {
                        try FileManager.default.createDirectory(atPath: studentFolder, withIntermediateDirectories: true)
                        try GradescopeResults(grade).write(to: studentFolder + "/results.json")
                        try writeFeedback(grade, studentFolder + "/feedback.pdf")
                    } catch { problem = "\(submission.id): \(error)" }
                    try? FileManager.default.removeItem(atPath: folder)
                    state.record(grade, problem: problem)
                    finished(grade)
                }
            }
        }
        done.wait()
        let (grades, problems) = state.results
        try Gradebook(criteria: grader.rubric.criteria.map(\.id), grades: grades).write(to: out + "/gradebook.csv")
        return Outcome(grades: grades.sorted { $0.id < $1.id }, problems: problems)
    }

    /// A student's results folder: the id, with anything that could leave `out` replaced.
    static func folderName(_ id: String) -> String {
        let safe = id.map { $0 == "/" || $0 == "\0" ? "_" : $0 }
        let name = String(safe)
        return name == "." || name == ".." || name.isEmpty ? "_" + name : name
    }

    /// The batch's shared state: the next submission to take and what is done.
    private final class Progress: Sendable {
        private let state = Mutex((next: 0, grades: [Grade](), problems: [String]()))

        func nextIndex(below count: Int) -> Int? {
            state.withLock { state in
                guard state.next < count else { return nil }
                defer { state.next += 1 }
                return state.next
            }
        }

        func record(_ grade: Grade, problem: String?) {
            state.withLock { state in
                state.grades.append(grade)
                if let problem { state.problems.append(problem) }
            }
        }

        var results: ([Grade], [String]) { state.withLock { ($0.grades, $0.problems) } }
    }
}
