import Foundation
import LRRunner
import LRSolver
import Synchronization

/// Grades a class: the submissions run `jobs` at a time (each script's numpy gets its share
/// of the cores), and each student's files are written to `<out>/<id>/` as soon as they are
/// graded: `results.json` (Gradescope's format), whatever `writeFeedback` writes (the
/// feedback PDF), and last `grade.json`, the record the gradebook is built from.
///
/// Invariants that make a batch safe to interrupt and to run again:
/// - every file is written atomically, and `grade.json` last, so a student either has a
///   complete, current set of files or is graded again;
/// - `<out>/gradebook.csv` is rewritten (atomically) from the records of everyone graded so
///   far after a graded submission, at most once a second (a regrade from stored runs
///   grades hundreds a second, and the file has a row per student), at the end, and when
///   `checkpoint` asks (a Ctrl-C handler); so an interrupted batch leaves a consistent
///   gradebook of what finished;
/// - a submission whose `grade.json` holds the hash of its current inputs (script, PDF,
///   rubric, reference, limits) is not graded again unless `force` is set;
/// - what a grade depends on is split in two: the run's inputs (script, data, limits,
///   harness and shims) and the grading's (rubric, reference, PDF, who the student is). Each
///   run is kept in `<out>/<id>/run.gz` (`StoredRun`), written before `grade.json`; when only
///   the grading's inputs changed, the submission is graded again from its stored run
///   without running the script, unless `rerun` is set. A stored run that is missing,
///   damaged or of other inputs is never trusted: the script runs.
/// One broken submission never stops the batch: a student whose files cannot be written is
/// reported in `Outcome.problems`; and a submission on which the grader itself died (a bug
/// of lrgrade's, which no student input should reach) is not tried forever: `.grading` in
/// the student's folder counts the attempts that ended without `grade.json`, and after
/// `attemptsBeforeGivingUp` of them the student is recorded as a grading error and the
/// batch goes on.
public struct BatchGrader: Sendable {
    public var grader: Grader
    public var jobs: Int
    /// Grade every submission again, even those graded with the same inputs before.
    public var force = false
    /// Run every script again, even those whose stored run is of the same inputs (implies `force`).
    public var rerun = false
    /// Lets another thread write the gradebook of everyone graded so far while the batch runs.
    public var checkpoint: Checkpoint?
    /// False for one shard of a class graded on several machines at once: the gradebook is
    /// everyone's, written by `lrgrade gradebook` once every shard is done; each shard writes
    /// only its students' folders.
    public var writesGradebook = true

    /// A handle on a running batch's gradebook, for a thread that must end the program
    /// (Ctrl-C): `writeGradebook()` writes it from everyone graded so far.
    public final class Checkpoint: Sendable {
        private let write = Mutex<(@Sendable () -> Void)?>(nil)
        public init() {}
        public func writeGradebook() { write.withLock { $0 }?() }
        func attach(_ action: @escaping @Sendable () -> Void) { write.withLock { $0 = action } }
    }

    public init(grader: Grader, jobs: Int) {
        self.grader = grader
        self.jobs = max(1, jobs)
    }

    public struct Outcome: Sendable {
        /// Everyone's grade, those kept from an earlier run included, by id.
        public var grades: [Grade]
        /// How many were kept from an earlier run with the same inputs.
        public var skipped: Int
        /// How many of those graded had their script run.
        public var ran: Int
        /// How many of those graded were graded from their stored run, without running it.
        public var regraded: Int
        /// Per student, what could not be written.
        public var problems: [String]
    }

    /// What `finished` is told about each submission.
    public enum Event: Sendable {
        case graded(Grade)
        /// Graded again from its stored run: the script did not run.
        case regraded(Grade)
        /// Kept from an earlier run: its inputs did not change.
        case skipped(Grade)
    }

    /// - Parameters:
    ///   - writeFeedback: writes a grade's feedback to a path (the feedback PDF).
    ///   - finished: called once per submission, graded or skipped, from the grading threads.
    public func grade(
        _ submissions: [Submission], into out: String,
        writeFeedback: @escaping @Sendable (Grade, String) throws -> Void,
        finished: @escaping @Sendable (Event) -> Void
    ) throws(GradingError) -> Outcome {
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw GradingError(file: out, reason: "cannot create the results folder: \((error as NSError).localizedDescription)")
        }
        guard access(out, W_OK) == 0 else { throw GradingError(file: out, reason: "the results folder is not writable") }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-grade-\(UUID().uuidString)").path
        do { try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true) } catch {
            throw GradingError(file: work, reason: "cannot create the work folder")
        }
        defer { FileTree.remove(work) }

        let gradebook = writesGradebook ? out + "/gradebook.csv" : nil
        let criteria = grader.rubric.criteria.map(\.id)
        let settings = fingerprint
        let dataDigest = Self.digest(of: grader.runner.mnistFolder)
        let runSettings = runFingerprint(dataDigest: dataDigest)
        // The replays of an earlier batch on the same data by the same lrgrade.
        let replayKey = ReplayCache.key(dataDigest: dataDigest, digits: grader.reference.dataset.digits)
        let cached = ReplayCache.read(from: out, key: replayKey)
        cached?.preload(into: grader.replays)
        // Each submission's hashes and stored grade, on every core: reading and hashing every
        // script and PDF of a class is most of a regrade's start.
        struct Examined { var hashes: Hashes; var kept: Grade?; var storedRun: Bool }
        let examined = Mutex<[Int: Examined]>([:])
        let (force, rerun) = (force, rerun)
        DispatchQueue.concurrentPerform(iterations: submissions.count) { index in
            let submission = submissions[index]
            let runInputs = Self.runInputs(of: submission, settings: runSettings)
            let pdf = Self.pdfDigest(of: submission)
            let hashes = Hashes(inputs: Self.inputs(of: submission, runInputs: runInputs, pdf: pdf, settings: settings), runInputs: runInputs, pdf: pdf)
            let folder = out + "/" + Self.folderName(submission.id)
            var kept: Grade?
            if !force, !rerun, let stored = StoredGrade.read(from: folder), stored.inputs == hashes.inputs, stored.id == submission.id { kept = stored.grade }
            let storedRun = access(folder + "/" + StoredRun.fileName, R_OK) == 0
            examined.withLock { $0[index] = Examined(hashes: hashes, kept: kept, storedRun: storedRun) }
        }
        var pending: [(index: Int, hashes: Hashes)] = []
        var kept: [Grade] = []
        var toRun = 0
        for (index, found) in examined.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
            if let grade = found.kept {
                kept.append(grade)
            } else {
                pending.append((index, found.hashes))
                if rerun || !found.storedRun { toRun += 1 }
            }
        }
        let state = Progress(kept: kept)
        if let gradebook {
            try state.writeGradebook(criteria: criteria, to: gradebook)
            checkpoint?.attach { try? state.writeGradebook(criteria: criteria, to: gradebook) }
        }
        for grade in kept { finished(.skipped(grade)) }

        let queue = pending
        let parallel = min(jobs, queue.count)
        let grader = {
            var grader = self.grader
            // Scripts side by side share the cores (see `RunLimits.threads`).
            grader.runner.limits.threads = max(1, ProcessInfo.processInfo.activeProcessorCount / max(parallel, 1))
            // One font scan for the batch instead of one per script (costs about two scripts' worth).
            if toRun > 2, grader.runner.matplotlibCache == nil {
                grader.runner.matplotlibCache = MatplotlibCache.build(python: grader.runner.python, in: work + "/matplotlib")
            }
            return grader
        }()
        // A thread more than the job slots: grading from a stored run is mostly CPU with some
        // file I/O, which the extra thread fills; a script runs only in a free slot, so never
        // more than `jobs` run at once.
        let slots = JobSlots(count: parallel)
        let threads = min(queue.count, parallel + 1)
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                while let position = state.next(below: queue.count) {
                    let next = queue[position]
                    let submission = submissions[next.index]
                    let folder = work + "/\(next.index)"
                    let studentFolder = out + "/" + Self.folderName(submission.id)
                    try? FileManager.default.createDirectory(atPath: studentFolder, withIntermediateDirectories: true)
                    let attempts = Self.beginAttempt(in: studentFolder, inputs: next.hashes.inputs)
                    let graded: Grader.Graded
                    if attempts > Self.attemptsBeforeGivingUp {
                        graded = Grader.Graded(grade: grader.gradingError(submission, reason: "lrgrade stopped while grading this submission \(attempts - 1) times"), run: .none)
                    } else {
                        let stored = rerun ? nil : StoredRun.read(from: studentFolder)?.reusable(runInputs: next.hashes.runInputs, for: submission)
                        let runs = submission.script != nil && stored == nil
                        let slot = runs ? slots.take() : 0
                        graded = grader.grade(submission, workFolder: folder, slot: slot, reusing: stored, runInputs: next.hashes.runInputs, pdfDigest: next.hashes.pdf)
                        if runs { slots.give(back: slot) }
                    }
                    var grade = graded.grade
                    let start = ContinuousClock.now
                    var problem: String?
                    do {
                        try GradescopeResults(grade, rubric: grader.rubric).write(to: studentFolder + "/results.json")
                        try writeFeedback(grade, studentFolder + "/feedback.pdf")
                        try graded.record?.write(to: studentFolder)
                        try StoredGrade(grade, inputs: next.hashes.inputs).write(to: studentFolder)
                        unlink(studentFolder + "/" + Self.attemptFile)
                    } catch { problem = "\(submission.id): \(error)" }
                    if let leftover = FileTree.remove(folder) { problem = [problem, "\(submission.id): \(leftover)"].compactMap { $0 }.joined(separator: "; ") }
                    let elapsed = ContinuousClock.now - start
                    grade.timing.graderSeconds += elapsed.seconds
                    state.record(grade, run: graded.run, problem: problem)
                    if let gradebook { try? state.writeGradebook(criteria: criteria, to: gradebook, unlessWrittenWithin: .seconds(1)) }
                    finished(graded.run == .stored ? .regraded(grade) : .graded(grade))
                }
            }
        }
        done.wait()
        if let gradebook { try state.writeGradebook(criteria: criteria, to: gradebook) }
        // Written again only when it grew: the reference's own check replays every batch.
        let replays = ReplayCache(key: replayKey, grader.replays)
        if replays.replays.count > cached?.replays.count ?? 0 || replays.searches.count > cached?.searches.count ?? 0 { try? replays.write(to: out) }
        let (grades, runs, problems) = state.results
        return Outcome(grades: grades.sorted { $0.id < $1.id }, skipped: kept.count, ran: runs[.ran, default: 0], regraded: runs[.stored, default: 0], problems: problems)
    }

    /// What every run of this batch depends on besides the script: the runner's limits and
    /// sandbox, the Python it runs, the harness and shims, and the data the scripts load
    /// (`dataDigest`, of `runner.mnistFolder`).
    private func runFingerprint(dataDigest: String) -> String {
        var hash = InputHash()
        hash.update(field: StoredRun.schema)
        let runner = grader.runner
        let limits = runner.limits
        hash.update(field: "\(limits.seconds) \(limits.memoryBytes) \(limits.processes) \(limits.fileBytes) \(limits.outputBytes) \(runner.sandboxed)")
        hash.update(field: runner.python.executable)
        hash.update(field: Self.digest(of: runner.templates + "/harness.py"))
        hash.update(field: Self.digest(of: runner.templates + "/shim"))
        hash.update(field: dataDigest)
        return hash.finalize()
    }

    /// SHA-256 of the regular files at or under `path`, by their names below it and contents.
    private static func digest(of path: String) -> String {
        var hash = InputHash()
        for file in files(under: path) {
            hash.update(field: String(file.dropFirst(path.count)))
            hash.update(FileManager.default.contents(atPath: file) ?? Data())
        }
        return hash.finalize()
    }

    /// The regular files at or under `path`, in a stable order (Python's caches left out).
    private static func files(under path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return [path] }
        let names = (FileManager.default.subpaths(atPath: path) ?? []).filter { !$0.contains("__pycache__") }.sorted()
        return names.map { path + "/" + $0 }.filter { FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && !isFolder.boolValue }
    }

    /// What every grading of this batch depends on besides the student's files and run:
    /// the rubric and the reference.
    private var fingerprint: String {
        var hash = InputHash()
        hash.update(field: StoredGrade.schema)
        hash.update(field: String(describing: grader.rubric.criteria.map { ($0.id.rawValue, $0.points.points, $0.points.partial, $0.points.visibility.rawValue) }))
        hash.update(field: String(describing: grader.rubric.tolerances))
        hash.update(field: String(describing: grader.rubric.latePenalty))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        hash.update((try? encoder.encode(grader.reference)) ?? Data())
        return hash.finalize()
    }

    /// The hash of what a submission's run depends on: its script's bytes and kind (a `.py`
    /// or a notebook, which run differently) and the batch's run settings. Not the script's
    /// name: the same script under another name (an LMS's download renames files) runs the same.
    static func runInputs(of submission: Submission, settings: String) -> String {
        var hash = InputHash()
        hash.update(field: settings)
        hash.update(field: submission.script.map { ($0 as NSString).pathExtension.lowercased() } ?? "-")
        hash.update(submission.script.flatMap { try? UntrustedFile.read($0, limit: ScriptRunner.maximumNotebookBytes) } ?? [])
        return hash.finalize()
    }

    /// A submission's hashes: of everything its grade depends on, of its run's inputs, of its PDF.
    struct Hashes: Sendable {
        var inputs: String
        var runInputs: String
        var pdf: String?
    }

    /// SHA-256 of the submission's PDF, nil when it has none or it cannot be read.
    static func pdfDigest(of submission: Submission) -> String? {
        submission.pdf.flatMap { try? UntrustedFile.read($0, limit: PDFInspection.maximumBytes) }.map(InputHash.digest)
    }

    /// The hash of everything a submission's grade depends on: its run's inputs, the
    /// batch's grading settings, its PDF (by `pdf`, its digest), its files' names and who
    /// the student is.
    static func inputs(of submission: Submission, runInputs: String, pdf: String?, settings: String) -> String {
        var hash = InputHash()
        hash.update(field: settings)
        hash.update(field: runInputs)
        // Who the student is goes into the gradebook: a change regrades.
        for field in [submission.student?.name, submission.student?.handoutID, submission.student?.submitted, submission.student?.late?.description] { hash.update(field: field ?? "-") }
        hash.update(field: submission.script.map(submission.shownName) ?? "-")
        hash.update(field: submission.pdf.map(submission.shownName) ?? "-")
        hash.update(field: pdf ?? "-")
        return hash.finalize()
    }

    /// The file in a student's folder that counts grading attempts: the inputs' hash, then
    /// the number of attempts begun on them.
    static let attemptFile = ".grading"
    /// Attempts that may end without a grade (the grader killed, interrupted or dead)
    /// before the submission is recorded as a grading error instead of tried again.
    static let attemptsBeforeGivingUp = 2

    /// Counts one more attempt at grading `inputs` in `folder` and returns the count, this
    /// attempt included; the count starts again when the inputs change.
    static func beginAttempt(in folder: String, inputs: String) -> Int {
        let path = folder + "/" + attemptFile
        let fields = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: " ")
        let earlier = fields.count == 2 && fields[0] == inputs ? Int(fields[1]) ?? 0 : 0
        try? "\(inputs) \(earlier + 1)".write(toFile: path, atomically: true, encoding: .utf8)
        return earlier + 1
    }

    /// Names in `out` that are the batch's own, never a student's folder.
    static let reservedNames: Set<String> = ["gradebook.csv", "summary.json", "class-report.pdf"]

    /// A student's results folder: the id itself when it is a plain name, else `_` and the
    /// id with every byte but letters, digits, `-` and `.` as `%XX`. Plain names never start
    /// with `_`, so no two ids share a folder; and no folder is hidden, reserved
    /// (`gradebook.csv`), outside `out` or longer than a file name may be.
    public static func folderName(_ id: String) -> String {
        let plain = !id.isEmpty && !id.hasPrefix(".") && !id.hasPrefix("_") && !reservedNames.contains(id) && id.utf8.count <= 200
            && id.unicodeScalars.allSatisfy { $0 != "/" && !CharacterSet.controlCharacters.contains($0) }
        if plain { return id }
        var name = "_"
        for byte in id.utf8 {
            let keep = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x2E
            name += keep ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        guard name.utf8.count > 200 else { return name }
        // Too long for a file name: a prefix and the hash of the whole id.
        var hash = InputHash()
        hash.update(field: id)
        return String(name.prefix(120)) + "~" + hash.finalize()
    }

    /// The job slots scripts run in (`ScriptRunner.run(script:in:slot:)`: a user per slot):
    /// `take()` waits for a free one.
    private final class JobSlots: Sendable {
        private let free: Mutex<[Int]>
        private let available: DispatchSemaphore

        init(count: Int) {
            free = Mutex(Array((0..<count).reversed()))
            available = DispatchSemaphore(value: count)
        }

        func take() -> Int {
            available.wait()
            return free.withLock { $0.removeLast() }
        }

        func give(back slot: Int) {
            free.withLock { $0.append(slot) }
            available.signal()
        }
    }

    /// The batch's shared state: the next submission to take and what is done.
    private final class Progress: Sendable {
        private let state: Mutex<(next: Int, grades: [Grade], runs: [Grader.Graded.RunSource: Int], problems: [String], written: ContinuousClock.Instant?)>

        init(kept: [Grade]) { state = Mutex((0, kept, [:], [], nil)) }

        /// The position in the queue of the next submission to grade, nil when none is left.
        func next(below count: Int) -> Int? {
            state.withLock { state in
                guard state.next < count else { return nil }
                defer { state.next += 1 }
                return state.next
            }
        }

        func record(_ grade: Grade, run: Grader.Graded.RunSource, problem: String?) {
            state.withLock { state in
                state.grades.append(grade)
                state.runs[run, default: 0] += 1
                if let problem { state.problems.append(problem) }
            }
        }

        /// The gradebook of everyone graded so far, written under the lock so that writes
        /// from two threads never interleave.
        func writeGradebook(criteria: [CriterionID], to path: String, unlessWrittenWithin interval: Duration? = nil) throws(GradingError) {
            let result: Result<Void, GradingError> = state.withLock { state in
                let now = ContinuousClock.now
                if let interval, let written = state.written, now - written < interval { return .success(()) }
                state.written = now
                return Result { () throws(GradingError) in try Gradebook(criteria: criteria, grades: state.grades).write(to: path) }
            }
            try result.get()
        }

        var results: ([Grade], [Grader.Graded.RunSource: Int], [String]) { state.withLock { ($0.grades, $0.runs, $0.problems) } }
    }
}
