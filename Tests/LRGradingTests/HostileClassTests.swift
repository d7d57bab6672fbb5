import Foundation
import Testing
import LRGrading
import LRReport
import LRRunner
import LRSolver
#if canImport(Glibc)
import Glibc
#endif

/// A class of attackers beside an honest classmate, graded with two jobs as an instructor
/// would (as root in CI): the scripts of `fixtures/submissions/hostile` that attack what runs
/// outside the sandbox, and a submissions folder full of tricks (a FIFO, links to a root-only
/// file and to a private solution, hidden and reserved names, spreadsheet formulas). The
/// grader must never die, give everyone a row, leave the classmate's files and grade alone,
/// and give the attackers no credit they did not earn.
@Suite("Grading a hostile class", .serialized)
struct HostileClassTests {
    static let submissions = ClassGradingTests.submissions
    static let victim = "123456789"

    static let attackers: [(id: String, script: String, pdf: Bool)] = [
        ("400000001", "plant_pages.py", true), ("400000002", "trap_values.py", true), ("400000003", "diverge.py", false),
        ("400000004", "forged_capture.py", false), ("400000005", "forged_nesting.py", false), ("400000006", "steal_descriptors.py", false),
        ("400000007", "fill_tmp.py", false), ("400000008", "deep_tree.py", false), ("400000009", "huge_line.py", false),
        ("400000013", "fake_sigmoid_probe.py", false), ("400000014", "atexit_rewrite.py", false),
        ("400000015", "forged_huge.py", false), ("400000016", "many_epochs.py", false),
    ]

    struct Graded {
        var folder: String
        var out: String
        var grades: [String: Grade]
        var outcome: BatchGrader.Outcome
        var scanned: SubmissionFolder
        /// The classmate's submitted files, and a root-only file, as they were before grading.
        var before: [String: [UInt8]]
    }

    static let secret = "/etc/shadow"

    static let graded: Graded = {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("lrgrade-hostile-\(UUID())").path
        try! manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func copy(_ source: String, _ name: String) { try! manager.copyItem(atPath: submissions + "/" + source, toPath: folder + "/" + name) }
        copy(victim + ".py", victim + ".py"); copy(victim + ".pdf", victim + ".pdf")
        for attacker in attackers {
            copy("hostile/" + attacker.script, attacker.id + ".py")
            if attacker.pdf { copy(victim + ".pdf", attacker.id + ".pdf") }
        }
        // The folder's tricks.
        precondition(mkfifo(folder + "/400000010.py", 0o644) == 0)
        copy("hostile/fake_prints.py", "400000011.py")
        try! manager.createSymbolicLink(atPath: folder + "/400000011.pdf", withDestinationPath: secret)
        let privateSolution = folder + "-instructor"
        try! manager.createDirectory(atPath: privateSolution, withIntermediateDirectories: true)
        try! manager.copyItem(atPath: submissions + "/" + victim + ".py", toPath: privateSolution + "/reference_solution.py")
        try! manager.createSymbolicLink(atPath: folder + "/mallory", withDestinationPath: privateSolution)
        copy("hostile/fake_prints.py", "...py")
        copy("hostile/fake_prints.py", "gradebook.csv.py")
        copy("hostile/fake_prints.py", "=HYPERLINK(1).py")

        var before: [String: [UInt8]] = [:]
        for name in [victim + ".py", victim + ".pdf"] { before[name] = [UInt8](manager.contents(atPath: folder + "/" + name)!) }
        before[secret] = manager.contents(atPath: secret).map { [UInt8]($0) }

        let out = folder + "-results"
        let scanned = try! SubmissionFolder(scanning: folder)
        let outcome = try! BatchGrader(grader: ClassGradingTests.grader, jobs: 2).grade(
            scanned.submissions, into: out, writeFeedback: { try FeedbackReport.write($0, to: $1) }, finished: { _ in })
        return Graded(folder: folder, out: out, grades: Dictionary(uniqueKeysWithValues: outcome.grades.map { ($0.id, $0) }),
                      outcome: outcome, scanned: scanned, before: before)
    }()

    static func results(_ id: String) -> [CriterionID: CriterionResult] {
        Dictionary(uniqueKeysWithValues: (graded.grades[id]?.results ?? []).map { ($0.id, $0) })
    }

    static let numericCriteria: [CriterionID] = [.baseline, .lossHistory, .weights, .comparison, .lossPlot, .confusionPlot, .pixelsPlot, .misclassifiedPlot]

    @Test("every student gets a row and a complete set of files; nothing is left to clean up")
    func everyoneGraded() throws {
        let ids = Set(Self.graded.grades.keys)
        #expect(ids.isSuperset(of: [Self.victim, "400000010", "400000011", "mallory", "gradebook.csv", "=HYPERLINK(1)"] + Self.attackers.map(\.id)), "\(ids.sorted())")
        #expect(Self.graded.outcome.problems.isEmpty, "\(Self.graded.outcome.problems)")
        let rows = try String(contentsOfFile: Self.graded.out + "/gradebook.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + ids.count)
        for id in ids {
            let folder = Self.graded.out + "/" + (id == "gradebook.csv" ? "_gradebook.csv" : id)
            for file in ["results.json", "feedback.pdf", "grade.json"] {
                #expect(UntrustedFile.kind(atPath: folder + "/" + file) != .missing, "\(id): no \(file)")
            }
        }
    }

    @Test("the classmate's files, a root-only file and the classmate's grade are untouched")
    func classmateUntouched() throws {
        for (path, bytes) in Self.graded.before {
            let full = path.hasPrefix("/") ? path : Self.graded.folder + "/" + path
            #expect(FileManager.default.contents(atPath: full).map { [UInt8]($0) } == bytes, "\(full) changed")
        }
        let grade = try #require(Self.graded.grades[Self.victim])
        #expect(grade.score == 100, "\(grade.results.filter { $0.outcome != .pass }.map(\.feedback))")
    }

    @Test("links planted where pages were rendered are neither written through nor read as pages")
    func plantedPages() throws {
        let grade = try #require(Self.graded.grades["400000001"])
        let results = Self.results("400000001")
        #expect(results[.pdf]?.feedback.contains("4 pages") == true, "\(results[.pdf]?.feedback ?? "")")
        let secret = Self.graded.before[Self.secret] ?? []
        // The pages are the PDF's own four, rendered: JPEG data, none of it a planted file.
        #expect(grade.details.pdfPages.count == 4 && grade.details.pdfPages.allSatisfy { $0.starts(with: [0xFF, 0xD8]) && $0 != secret })
        let feedback = try #require(FileManager.default.contents(atPath: Self.graded.out + "/400000001/feedback.pdf"))
        #expect(secret.isEmpty || feedback.range(of: Data(secret.prefix(64))) == nil, "the root-only file reached the feedback")
        #expect(try PDFInspection.inspect(Self.graded.out + "/400000001/feedback.pdf").get().pages >= 4)
    }

    @Test("values that once trapped the grader are graded as what they are", arguments: ["400000002", "400000003"])
    func trapValues(_ id: String) throws {
        let results = Self.results(id)
        try #require(results.count == CriterionID.allCases.count, "\(id) was not graded")
        #expect(results[.weights]?.outcome == .fail)
        if id == "400000002" {
            #expect(results[.weights]?.feedback.contains("NaN") == true, "\(results[.weights]?.feedback ?? "")")
            #expect(results[.sigmoid]?.outcome == .fail && results[.baseline]?.points == 0 && results[.comparison]?.points == 0)
        }
        #expect(try PDFInspection.inspect(Self.graded.out + "/\(id)/feedback.pdf").get().pages >= 4)
    }

    @Test("a capture the script wrote itself earns nothing it did not earn, and a nest of lists is refused", arguments: ["400000004", "400000005"])
    func forgedCapture(_ id: String) throws {
        let results = Self.results(id)
        try #require(results.count == CriterionID.allCases.count)
        for criterion in Self.numericCriteria + [.sigmoid] {
            #expect(results[criterion]?.points == 0, "\(id), \(criterion): \(results[criterion]?.feedback ?? "")")
        }
        if id == "400000005" { #expect(Self.graded.grades[id]?.status != "finished") }
    }

    @Test("no descriptor of a classmate's run or of the grader reaches a script; /tmp is capped; a huge tree and a huge line are harmless",
          arguments: ["400000006", "400000007", "400000008", "400000009"])
    func resourceAttacks(_ id: String) throws {
        let grade = try #require(Self.graded.grades[id])
        #expect(grade.status == "finished", "\(id): \(grade.results.first { $0.id == .runs }?.feedback ?? "")")
    }

    @Test("a capture past the size the grader reads is refused; a schedule past the replayed epochs is said to be")
    func bounds() throws {
        #expect(Self.graded.grades["400000015"]?.status == "failed")
        #expect(Self.results("400000015")[.runs]?.feedback.contains("its record was refused") == true, "\(Self.results("400000015")[.runs]?.feedback ?? "")")
        let history = Self.results("400000016")[.lossHistory]
        #expect(history?.outcome == .fail && history?.feedback.contains("10000 epochs are more than the 2000 the grader replays") == true, "\(history?.feedback ?? "")")
    }

    @Test("a constant sigmoid fails though the script tampers with every probe it can reach; an exit handler cannot rewrite a failure")
    func forgedEvidence() throws {
        let sigmoid = Self.results("400000013")[.sigmoid]
        #expect(sigmoid?.outcome == .fail && sigmoid?.feedback.contains("expected") == true, "\(sigmoid?.feedback ?? "")")
        let failed = try #require(Self.graded.grades["400000014"])
        #expect(failed.status == "failed" && Self.results("400000014")[.runs]?.feedback.contains("the script fails here") == true)
    }

    @Test("links, FIFOs and linked folders in the submissions folder are that student's problem, never opened")
    func folderTricks() throws {
        #expect(Self.results("400000010")[.files]?.feedback.contains("FIFO") == true)
        #expect(Self.graded.grades["400000010"]?.status == "no script")
        #expect(Self.results("400000011")[.pdf]?.feedback.contains("symbolic link") == true)
        #expect(Self.results("400000011")[.pdf]?.points == 0)
        let mallory = try #require(Self.graded.grades["mallory"])
        #expect(mallory.score == 0 && mallory.status == "no script", "the linked private solution must not run")
        #expect(Self.results("mallory")[.files]?.feedback.contains("symbolic link") == true)
        #expect(Self.graded.scanned.ignored.map(\.file) == ["...py"])
    }

    @Test("reserved names and spreadsheet formulas cannot touch the gradebook")
    func names() throws {
        #expect(UntrustedFile.kind(atPath: Self.graded.out + "/gradebook.csv") != .folder)
        #expect(UntrustedFile.kind(atPath: Self.graded.out + "/_gradebook.csv") == .folder)
        let rows = try String(contentsOfFile: Self.graded.out + "/gradebook.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("'=HYPERLINK(1),") })
        #expect(!rows.contains { $0.hasPrefix("=") })
    }

    @Test("a submission the grader died on twice is recorded as a grading error, not tried forever")
    func gradingAttempts() throws {
        let manager = FileManager.default
        let id = "400000011", out = Self.graded.out + "-attempts"
        try manager.copyItem(atPath: Self.graded.out + "/" + id, toPath: out + "/" + id)
        let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/\(id)/grade.json"))) as! [String: Any]
        let inputs = try #require(stored["inputs"] as? String)
        try manager.removeItem(atPath: out + "/\(id)/grade.json")
        let submission = try #require(Self.graded.scanned.submissions.first { $0.id == id })
        let batch = BatchGrader(grader: ClassGradingTests.grader, jobs: 1)
        // One attempt died before: this one runs it again.
        try "\(inputs) 1".write(toFile: out + "/\(id)/.grading", atomically: true, encoding: .utf8)
        let again = try batch.grade([submission], into: out, writeFeedback: { try FeedbackReport.write($0, to: $1) }, finished: { _ in })
        #expect(again.grades.first?.status == "no variables" && UntrustedFile.kind(atPath: out + "/\(id)/.grading") == .missing)
        // Two died: recorded as the grader's error, with a complete set of files, and not run.
        try manager.removeItem(atPath: out + "/\(id)/grade.json")
        try "\(inputs) 2".write(toFile: out + "/\(id)/.grading", atomically: true, encoding: .utf8)
        let given = try batch.grade([submission], into: out, writeFeedback: { try FeedbackReport.write($0, to: $1) }, finished: { _ in })
        let grade = try #require(given.grades.first)
        #expect(grade.status == Grader.gradingErrorStatus && grade.score == 0 && grade.timing.scriptSeconds == 0)
        #expect(grade.results.allSatisfy { $0.feedback.contains("error in the grader, not in your work") })
        #expect(UntrustedFile.kind(atPath: out + "/\(id)/grade.json") != .missing)
        let gradebook = try String(contentsOfFile: out + "/gradebook.csv", encoding: .utf8)
        #expect(gradebook.contains("\(id),0,100,") && gradebook.contains(",grading error"))
    }

    /// The honest classmate and a script that computes nothing, every number and plot copied
    /// from the published reference.json, graded with the scripts served a secret variant.
    static let secretClass: (grades: [String: Grade], shared: Grader.SharedWork) = {
        let manager = FileManager.default
        let base = manager.temporaryDirectory.appendingPathComponent("lrgrade-secret-\(UUID())").path
        let folder = base + "/class"
        try! manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in [victim + ".py", victim + ".pdf"] { try! manager.copyItem(atPath: submissions + "/" + name, toPath: folder + "/" + name) }
        let published = ClassGradingTests.grader.reference
        let encoder = JSONEncoder()
        try! encoder.encode(published).write(to: URL(fileURLWithPath: base + "/reference.json"))
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["python3", submissions + "/hostile/make_hardcoded.py", base + "/reference.json", folder + "/400000012.py"]
        try! make.run()
        make.waitUntilExit()
        precondition(make.terminationStatus == 0, "make_hardcoded.py failed")
        let secret = try! SecretData(varying: ClassGradingTests.data, digits: .zeroOne, seed: 0x5EC12E7, into: base + "/data")
        let grader = try! Grader(secret: secret, schedule: ReferenceSolver(), data: ClassGradingTests.data,
                                 rubric: ClassGradingTests.grader.rubric, runner: ClassGradingTests.grader.runner)
        let found = try! SubmissionFolder(scanning: folder)
        let outcome = try! BatchGrader(grader: grader, jobs: 2).grade(found.submissions, into: base + "/out", writeFeedback: { _, _ in }, finished: { _ in })
        return (Dictionary(uniqueKeysWithValues: outcome.grades.map { ($0.id, $0) }), grader.sharedWork)
    }()

    @Test("served a secret variant of the data, an honest solution keeps full marks and a hard-coded one earns no numeric or plot credit, named as such")
    func secretData() throws {
        let honest = try #require(Self.secretClass.grades[Self.victim])
        #expect(honest.score == 100, "\(honest.results.filter { $0.outcome != .pass }.map(\.feedback))")
        let copied = try #require(Self.secretClass.grades["400000012"])
        let results = Dictionary(uniqueKeysWithValues: copied.results.map { ($0.id, $0) })
        for criterion in Self.numericCriteria {
            #expect(results[criterion]?.points == 0, "\(criterion): \(results[criterion]?.feedback ?? "")")
        }
        for criterion in [CriterionID.baseline, .lossHistory, .weights] {
            #expect(results[criterion]?.feedback.contains("equals what the published MNIST gives") == true, "\(criterion): \(results[criterion]?.feedback ?? "")")
        }
        // The copy costs one replay on the published data, at its schedule; the honest one none.
        #expect(Self.secretClass.shared.publishedReplays == 1)
    }
}
