import Foundation
import Testing
import LRGrading
import LRReport
import LRRunner
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
}
