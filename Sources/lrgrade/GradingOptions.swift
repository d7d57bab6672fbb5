import ArgumentParser
import Foundation
import LRData
import LRGrading
import LRRunner
import LRSolver

/// The options that say what a submission is graded against: the reference and the rubric.
struct GradingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A folder with the reference.json that `lrgrade solve` wrote (default: computed now from the data, lr 0.1, 100 epochs).", valueName: "dir"))
    var reference: String?

    @Option(help: ArgumentHelp("A rubric in YAML (default: templates/rubric.yaml, which documents the keys).", valueName: "file"))
    var rubric: String?

    /// The options as given, paths made absolute, for another lrgrade command line (a shard's).
    var arguments: [String] {
        (reference.map { ["--reference", CommandLinePath.absolute($0)] } ?? []) + (rubric.map { ["--rubric", CommandLinePath.absolute($0)] } ?? [])
    }

    /// The reference `--reference` names (a folder with reference.json, or the file); nil
    /// without it. Throws what is wrong with the file.
    func givenReference() throws(ReferenceFileError) -> Reference? {
        guard let reference else { return nil }
        var isFolder: ObjCBool = false
        return try Reference(contentsOf: FileManager.default.fileExists(atPath: reference, isDirectory: &isFolder) && isFolder.boolValue ? reference + "/reference.json" : reference)
    }

    /// Whether scripts load a secret variant of the data, when the rubric does not say.
    enum SecretDataDefault {
        /// On (`grade`), its seed kept in the results folder so that reruns serve the same variant.
        case on(seedFolder: String)
        /// Off (`check`, an autograder: students see the numbers they know); a rubric that
        /// asks for it gets the seed kept in `seedFolder` (an autograder's, so that every
        /// submission gets the same variant), or a new seed each run when there is none.
        case off(seedFolder: String?)

        /// Where the seed is kept, when it is.
        var seedFolder: String? {
            switch self {
            case .on(let folder): folder
            case .off(let folder): folder
            }
        }
    }

    /// The rubric at `path`, or the default one (templates/rubric.yaml); or a one-line
    /// error and exit 2.
    static func loadRubric(_ path: String?) -> Rubric {
        guard let path = path ?? BundledData.templates(executablePath: CommandLine.arguments[0]).map({ $0 + "/rubric.yaml" }) else {
            LRGrade.fail("lrgrade's templates folder (rubric.yaml) was not found; pass --rubric FILE")
        }
        do { return try Rubric(contentsOf: path) } catch { LRGrade.fail(error.description) }
    }

    /// A grader running scripts with `limits`, or a one-line error and exit 2. A secret
    /// variant of the data goes into a folder of `TemporaryFolders`, for the caller to remove.
    func makeGrader(limits: RunnerOptions, secretData: SecretDataDefault) -> Grader {
        let rules = Self.loadRubric(rubric)
        let given: Reference?
        do { given = try givenReference() } catch { LRGrade.fail("\(error)") }
        let secret: Bool
        switch (rules.secretData, secretData) {
        case (false, _), (nil, .off): secret = false
        default: secret = true
        }
        // Without a secret variant (which is written with all ten digits) only the digit
        // pair's images are kept: a third of the memory to clear, which an autograder pays
        // per submission. Asking Python where it lives (one start of it, more behind pyenv's
        // shims) takes as long as loading the data: both at once.
        let pair = given.flatMap { try? DigitPair($0.dataset.digits[0], $0.dataset.digits[1]) } ?? ReferenceSolver().digits
        final class Loading: @unchecked Sendable { var data: Result<MNISTDataset, DatasetError>? }
        let loading = Loading(), loaded = DispatchSemaphore(value: 0)
        let mnist = limits.mnistFolder()
        Thread.detachNewThread {
            loading.data = Result { () throws(DatasetError) in try MNISTDataset(contentsOf: mnist, digits: secret ? nil : pair) }
            loaded.signal()
        }
        let runner = limits.makeRunner()
        loaded.wait()
        do {
            let data = try loading.data!.get()
            if !secret { return try Grader(reference: given ?? ReferenceSolver().solve(data), data: data, rubric: rules, runner: runner) }
            // The reference is computed on the variant, at the given reference's schedule
            // (checked against the published data) or the handout's.
            var schedule = ReferenceSolver()
            if let given {
                try Grader.check(given, against: data)
                schedule.digits = try DigitPair(given.dataset.digits[0], given.dataset.digits[1])
                (schedule.learningRate, schedule.epochs) = (given.gradientDescent.learningRate, given.gradientDescent.epochs)
            }
            let seed = try secretData.seedFolder.map(SecretData.seed(for:)) ?? UInt64.random(in: 0...UInt64.max)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-data-\(UUID().uuidString)").path
            TemporaryFolders.add(folder)
            let secret = try SecretData(varying: data, digits: schedule.digits, seed: seed, into: folder)
            return try Grader(secret: secret, schedule: schedule, data: data, rubric: rules, runner: runner)
        } catch {
            LRGrade.fail("\(error)")
        }
    }
}
