import Foundation
import LRData
import LRNumerics
import LRRunner
import LRSimilarity
import LRSolver

/// Grades submissions against a reference: runs each script in the sandbox, recomputes
/// what it claims (from its W, never from what it printed), and scores each criterion of
/// the rubric with a sentence of feedback.
///
/// Safe to share between threads: replays of gradient descent are computed once per
/// learning rate and epochs and reused by every submission.
public struct Grader: Sendable {
    public var reference: Reference
    public var rubric: Rubric
    public var runner: ScriptRunner
    let replays: Replays
    let testImages: TestImages
    /// When the scripts are served `SecretData`: the published data's replays and baseline,
    /// to name results computed on the published data instead of on what the script loaded.
    let published: Published?
    /// Who reads the feedback, and in what form.
    public var audience = Audience.report

    public enum Audience: Sendable {
        /// The feedback PDF, read by the instructor (`grade`) or by the student checking their
        /// own work (`check`): it shows the pages of the student's PDF, and the `runs`
        /// criterion says when a script ran without bubblewrap.
        case report
        /// A platform's results (an autograder), read by students: no pages of their PDF are
        /// rendered for it, and a run without bubblewrap is only in `Grade.unsandboxed`, for
        /// the instructor's log.
        case platform
    }

    struct Published: Sendable {
        var replays: Replays
        private let baseline = SharedResults<Int, BinaryClassificationMetrics>()

        init(replays: Replays) { self.replays = replays }

        /// The baseline fitted on the published data, evaluated on its test set: fitted only
        /// when a baseline that fails on the served data is checked against it.
        var baselineMetrics: BinaryClassificationMetrics {
            baseline.value(for: 0) { replays.test.metrics(of: RegularizedLogisticRegression().fit(replays.train).weights, strictScores: true) }
        }
    }

    /// The work shared between submissions: reruns of gradient descent (at the students'
    /// learning rates and epochs, and the short ones that screen inferred rates) and searches
    /// for the rate that reproduces a history. It grows with the variety of a class, not its size.
    public struct SharedWork: Sendable, Equatable {
        public var replays: Int
        public var replayedEpochs: Int
        public var learningRateSearches: Int
        /// Replays on the published data, when the scripts are served `SecretData`: only for
        /// results that fail on the served data, at most one per schedule.
        public var publishedReplays = 0
    }

    /// The shared work done so far.
    public var sharedWork: SharedWork {
        var work = replays.work
        work.publishedReplays = published?.replays.work.replays ?? 0
        return work
    }

    /// - Parameters:
    ///   - data: the data set the reference was computed on (the replays need it).
    public init(reference: Reference, data: MNISTDataset, rubric: Rubric, runner: ScriptRunner) throws(GradingError) {
        try self.init(reference: reference, data: data, rubric: rubric, runner: runner, published: nil)
    }

    /// A grader whose scripts load `secret` instead of the published `data`: the reference is
    /// computed on the variant, at `schedule`'s digits, rate and epochs, and every replay runs
    /// on it. Nothing is computed on the published data until a result that fails on the
    /// variant is checked against it.
    public init(secret: SecretData, schedule: ReferenceSolver, data: MNISTDataset, rubric: Rubric, runner: ScriptRunner) throws(GradingError) {
        let published = try Self.designs(schedule.digits, data)
        var variant: Reference
        do { variant = try schedule.solve(secret.data) } catch { throw GradingError(file: secret.folder, reason: "\(error)") }
        // Named by the published data, not by the temporary folder: the reference is part of
        // what a stored grade depends on, and the same seed must give the same one.
        variant.dataset.source = data.source + " (secret variant)"
        var runner = runner
        runner.mnistFolder = secret.folder
        try self.init(reference: variant, data: secret.data, rubric: rubric, runner: runner, published: Published(replays: published.replays))
    }

    private init(reference: Reference, data: MNISTDataset, rubric: Rubric, runner: ScriptRunner, published: Published?) throws(GradingError) {
        (replays, testImages) = try Self.prepare(reference, data)
        guard PDFInspection.available else { throw GradingError(file: "pdftoppm", reason: "poppler-utils is not installed (the PDF checks need pdftoppm and pdfimages)") }
        self.reference = reference
        self.rubric = rubric
        self.runner = runner
        self.published = published
    }

    /// Checks that `reference` could have been computed on `data`: its digit pair has as many
    /// training and test images there (counted from the labels; nothing is prepared).
    public static func check(_ reference: Reference, against data: MNISTDataset) throws(GradingError) {
        let pair = try digitPair(of: reference, data)
        func count(_ images: LabeledImages) -> Int { images.labels.lazy.filter { pair.contains(Int($0)) }.count }
        try checkCounts(of: reference, train: count(data.train), test: count(data.test), data)
    }

    private static func digitPair(of reference: Reference, _ data: MNISTDataset) throws(GradingError) -> DigitPair {
        do { return try DigitPair(parsing: reference.dataset.digits.map(String.init).joined(separator: ",")) } catch {
            throw GradingError(file: data.source, reason: "\(error)")
        }
    }

    private static func checkCounts(of reference: Reference, train: Int, test: Int, _ data: MNISTDataset) throws(GradingError) {
        guard train == reference.dataset.nTrain, test == reference.dataset.nTest else {
            throw GradingError(file: data.source, reason: "the reference was computed on \(reference.dataset.nTrain) training and \(reference.dataset.nTest) test images, this data has \(train) and \(test)")
        }
    }

    /// The replays and test images of `reference`'s digit pair on `data`, which must be the
    /// data it was computed on, with the reference's run taken as the replay at its schedule
    /// (see `Replays.adopt(_:)`).
    private static func prepare(_ reference: Reference, _ data: MNISTDataset) throws(GradingError) -> (Replays, TestImages) {
        let prepared = try designs(digitPair(of: reference, data), data)
        try checkCounts(of: reference, train: prepared.replays.train.rowCount, test: prepared.replays.test.rowCount, data)
        prepared.replays.adopt(reference.gradientDescent)
        return prepared
    }

    /// The replays (none computed yet) and test images of `pair` on `data`.
    private static func designs(_ pair: DigitPair, _ data: MNISTDataset) throws(GradingError) -> (replays: Replays, testImages: TestImages) {
        do {
            let train = try data.train.selecting(pair, split: "training")
            let test = try data.test.selecting(pair, split: "test")
            let trainDesign = DesignMatrix(training: train)
            return (Replays(train: trainDesign, test: DesignMatrix(test, standardization: trainDesign.standardization), images: (train, test)),
                    TestImages(test, standardization: trainDesign.standardization))
        } catch {
            throw GradingError(file: data.source, reason: "\(error)")
        }
    }

    /// Runs and grades one submission, its run in a new folder `workFolder` in job slot
    /// `slot` (see `ScriptRunner.run(script:in:slot:)`). Never throws: whatever goes wrong
    /// becomes the grade's feedback.
    public func grade(_ submission: Submission, workFolder: String, slot: Int = 0) -> Grade {
        grade(submission, workFolder: workFolder, slot: slot, reusing: nil, runInputs: "", pdfDigest: nil).grade
    }

    /// A grade, and what it took from outside the grader.
    struct Graded {
        var grade: Grade
        /// The run and the PDF's inspection as they are now, when they differ from the
        /// record reused (nil: nothing new to keep).
        var record: StoredRun? = nil
        var run: RunSource

        /// Where a grade's run came from.
        enum RunSource { case ran, stored, none }
    }

    /// Grades `submission`, taking its run from `reusable` (a record that stands for the
    /// submission's run now, see `StoredRun.reusable`: the script does not run) and the PDF's
    /// inspection from it when it is of the same bytes (`pdfDigest`, when the caller hashed
    /// them already); what was not reused is done now, and returned in `record` with
    /// `runInputs`.
    func grade(_ submission: Submission, workFolder: String, slot: Int, reusing reusable: StoredRun?, runInputs: String, pdfDigest: String?) -> Graded {
        let start = ContinuousClock.now
        var run: ScriptRun?
        var problem: String?
        var ranScript = false
        if let script = submission.script {
            if let reused = reusable?.run {
                run = reused
            } else {
                ranScript = true
                do { run = try runner.run(script: script, in: workFolder, slot: slot) } catch { problem = error.description }
            }
        } else {
            problem = submission.refusal(ofScript: true)?.description ?? submission.refusals.first?.description ?? "no script was submitted"
        }
        let (pdf, inspection, digest) = inspectPDF(submission, reusing: reusable?.pdf, digest: pdfDigest)
        var evidence = Evidence(submission: submission, run: run, runProblem: problem, limits: runner.limits, reference: reference,
                                replays: replays, published: published, pdf: pdf, tolerances: rubric.tolerances, testImages: testImages)
        evidence.audience = audience
        let results = rubric.criteria.map { id, points in
            let assessment = id.assess(evidence)
            return CriterionResult(id: id, outcome: assessment.outcome, points: rubric.points(for: assessment.outcome, of: points),
                                   maxPoints: points.points, feedback: assessment.feedback)
        }
        let replay = evidence.match.expected
        var details = Grade.Details(
            trainLoss: evidence.work.trainLoss?.value, testLoss: evidence.work.testLoss?.value,
            replayTrainLoss: replay?.trainLoss, replayTestLoss: replay?.testLoss, replayLearningRate: replay?.learningRate,
            weights: evidence.weights, expectedWeights: replay?.weights ?? reference.gradientDescent.weights,
            pdfPages: (try? pdf?.get())?.thumbnails ?? [], outputTail: run.flatMap(Self.outputTail)
        )
        details.plots = DrawnPlots(evidence)
        var grade = Grade(id: submission.id, results: results, status: Self.status(run, of: submission), details: details)
        grade.student = submission.student
        if case .limitsOnly(let reason) = run?.isolation { grade.unsandboxed = reason }
        if let rule = rubric.latePenalty, let late = submission.student?.late {
            let fraction = rule.fraction(for: late)
            grade.penalty = Grade.Penalty(fraction: fraction, reason: "Late (\(late)): \(Grade.shown(points: fraction * 100)) % taken off (\(rule.rule)).")
        }
        grade.facts = Self.facts(evidence, run: run, pdf: digest)
        let elapsed = ContinuousClock.now - start
        grade.timing.scriptSeconds = ranScript ? grade.facts.runSeconds ?? 0 : 0
        grade.timing.graderSeconds = elapsed.seconds - grade.timing.scriptSeconds
        // A run the runner could not start is not kept: it is no outcome of the script's.
        let keep = submission.script == nil || run != nil
        let changed = reusable == nil || ranScript || inspection?.hash != reusable?.pdf?.hash
        let code = ranScript ? submission.script.flatMap { path in
            (try? UntrustedFile.read(path, limit: ScriptRunner.maximumNotebookBytes)).flatMap { ScriptCode.code(of: $0, named: path) }
        } : reusable?.code
        let record = keep && changed ? StoredRun(inputs: runInputs, run: run, code: code, pdf: inspection) : nil
        return Graded(grade: grade, record: record, run: ranScript ? .ran : reusable?.run != nil ? .stored : .none)
    }

    /// poppler's view of the submission's PDF, from `stored` when it is of the same bytes
    /// (`known`, their SHA-256 when the caller has it: the file is then not read again);
    /// the inspection to keep (nil when there is no readable PDF to keep one of); and the
    /// PDF's SHA-256.
    private func inspectPDF(_ submission: Submission, reusing stored: StoredRun.Inspection?, digest known: String?)
        -> (Result<PDFInspection, PDFInspection.InspectionError>?, StoredRun.Inspection?, String?) {
        guard let path = submission.pdf else { return (nil, nil, nil) }
        let wanted = rubric.tolerances.pdfMinFigures
        // The stored inspection, when it is of the PDF whose digest is `digest`.
        func reused(_ digest: String?) -> PDFInspection? {
            stored.flatMap { $0.hash == digest ? $0.inspection(figuresWanted: wanted) : nil }
        }
        if let inspection = reused(known) { return (.success(inspection), stored, known) }
        let bytes: [UInt8]
        do { bytes = try UntrustedFile.read(path, limit: PDFInspection.maximumBytes) } catch {
            return (.failure(PDFInspection.InspectionError(reason: error.reason)), nil, nil)
        }
        let digest = InputHash.digest(of: bytes)
        if let inspection = reused(digest) { return (.success(inspection), stored, digest) }
        let result = PDFInspection.inspect(bytes: bytes, figuresWanted: wanted, thumbnails: audience == .report)
        // Only what poppler read is kept: a failure may be the machine's (a tool that did not start).
        return (result, (try? result.get()).map { StoredRun.Inspection(hash: digest, $0) }, digest)
    }

    /// What the class report gathers from a graded submission.
    private static func facts(_ evidence: Evidence, run: ScriptRun?, pdf: String?) -> Grade.Facts {
        var facts = Grade.Facts()
        facts.runSeconds = run.map { $0.wallSeconds + $0.probeSeconds }
        if case .failed(let line) = run?.verdict { facts.error = line }
        let work = evidence.work, replay = evidence.match.expected
        facts.learningRate = work.learningRate ?? replay?.learningRate
        facts.epochs = work.epochs ?? replay?.epochs
        facts.mistakes = evidence.namedMistakes
        if let history = work.trainLoss?.value, !history.isEmpty,
           replay.map({ ReplayMatch.divergence(of: history, from: $0.trainLoss, relativeTolerance: evidence.tolerances.lossRelative) != nil }) ?? true {
            var hash = InputHash()
            for value in history { hash.update(withUnsafeBytes(of: value.bitPattern.bigEndian, Array.init)) }
            facts.unusualLoss = hash.finalize()
        }
        facts.pdf = pdf
        return facts
    }

    /// The status of a submission the grader could not grade.
    public static let gradingErrorStatus = "grading error"

    /// A grade of no points whose every criterion says that the grader, not the student,
    /// failed, and why: what the batch records instead of trying again forever.
    public func gradingError(_ submission: Submission, reason: String) -> Grade {
        let feedback = "Not graded: \(reason). This is an error in the grader, not in your work; the instructor can grade it again with --force."
        let results = rubric.criteria.map { CriterionResult(id: $0.id, outcome: .fail, points: 0, maxPoints: $0.points.points, feedback: feedback) }
        var grade = Grade(id: submission.id, results: results, status: Self.gradingErrorStatus,
                          details: .init(expectedWeights: reference.gradientDescent.weights, pdfPages: []))
        grade.student = submission.student
        return grade
    }

    private static func status(_ run: ScriptRun?, of submission: Submission) -> String {
        guard let run else { return submission.script == nil ? Grade.noScript : "not run" }
        switch run.verdict {
        case .finished: return Grade.finished
        case .noVariables: return "no variables"
        case .failed: return "failed"
        case .timedOut: return "timed out"
        case .outOfMemory: return "out of memory"
        }
    }

    /// The last 40 lines of output of a run that did not finish, then how it ended (the
    /// harness catches the script's exception, so its message is not in the output).
    private static func outputTail(_ run: ScriptRun) -> String? {
        let ending: String
        switch run.verdict {
        case .finished: return nil
        case .noVariables: ending = "(finished, but left none of the assignment's variables)"
        case .failed(let line): ending = line
        case .timedOut: ending = "(stopped at the time limit)"
        case .outOfMemory: ending = "(stopped by the memory limit)"
        }
        let output = (run.stdout + "\n" + run.stderr).split(separator: "\n").suffix(40).joined(separator: "\n")
        return output.isEmpty ? ending : output + "\n" + ending
    }
}
