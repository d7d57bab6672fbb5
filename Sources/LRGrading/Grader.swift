import Foundation
import LRData
import LRNumerics
import LRRunner
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

    /// The work shared between submissions: reruns of gradient descent (at the students'
    /// learning rates and epochs, and the short ones that screen inferred rates) and searches
    /// for the rate that reproduces a history. It grows with the variety of a class, not its size.
    public struct SharedWork: Sendable, Equatable {
        public var replays: Int
        public var replayedEpochs: Int
        public var learningRateSearches: Int
    }

    /// The shared work done so far.
    public var sharedWork: SharedWork { replays.work }

    /// - Parameters:
    ///   - data: the data set the reference was computed on (the replays need it).
    public init(reference: Reference, data: MNISTDataset, rubric: Rubric, runner: ScriptRunner) throws(GradingError) {
        let digits = reference.dataset.digits
        let pair: DigitPair
        do {
            pair = try DigitPair(parsing: digits.map(String.init).joined(separator: ","))
            let train = try data.train.selecting(pair, split: "training")
            let test = try data.test.selecting(pair, split: "test")
            guard train.count == reference.dataset.nTrain, test.count == reference.dataset.nTest else {
                throw GradingError(file: data.source, reason: "the reference was computed on \(reference.dataset.nTrain) training and \(reference.dataset.nTest) test images, this data has \(train.count) and \(test.count)")
            }
            let trainDesign = DesignMatrix(training: train)
            replays = Replays(train: trainDesign, test: DesignMatrix(test, standardization: trainDesign.standardization))
            testImages = TestImages(test, standardization: trainDesign.standardization)
            replays.adopt(reference.gradientDescent)
        } catch let error as GradingError { throw error } catch {
            throw GradingError(file: data.source, reason: "\(error)")
        }
        guard PDFInspection.available else { throw GradingError(file: "pdftoppm", reason: "poppler-utils is not installed (the PDF checks need pdftoppm and pdfimages)") }
        self.reference = reference
        self.rubric = rubric
        self.runner = runner
    }

    /// Runs and grades one submission, its run in a new folder `workFolder` in job slot
    /// `slot` (see `ScriptRunner.run(script:in:slot:)`). Never throws: whatever goes wrong
    /// becomes the grade's feedback.
    public func grade(_ submission: Submission, workFolder: String, slot: Int = 0) -> Grade {
        let start = ContinuousClock.now
        var run: ScriptRun?
        var problem: String?
        if let script = submission.script {
            do { run = try runner.run(script: script, in: workFolder, slot: slot) } catch { problem = error.description }
        } else {
            problem = submission.refusal(ofScript: true)?.description ?? submission.refusals.first?.description ?? "no script was submitted"
        }
        let pdf = submission.pdf.map { PDFInspection.inspect($0, figuresWanted: rubric.tolerances.pdfMinFigures) }
        let evidence = Evidence(submission: submission, run: run, runProblem: problem, limits: runner.limits, reference: reference,
                                replays: replays, pdf: pdf, tolerances: rubric.tolerances, testImages: testImages)
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
        let elapsed = ContinuousClock.now - start
        grade.timing.scriptSeconds = (run?.wallSeconds ?? 0) + (run?.probeSeconds ?? 0)
        grade.timing.graderSeconds = elapsed.seconds - grade.timing.scriptSeconds
        return grade
    }

    private static func status(_ run: ScriptRun?, of submission: Submission) -> String {
        guard let run else { return submission.script == nil ? "no script" : "not run" }
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
