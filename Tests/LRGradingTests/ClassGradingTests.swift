import Foundation
import Testing
import LRData
import LRGrading
import LRReport
import LRRunner
import LRSolver

/// A whole class through `BatchGrader`: the two correct fixture solutions, the subtle-bug
/// variants of fixtures/submissions/bugs.json, the plot variants of plots.json (mistakes
/// and other valid ways), scripts that print fake metrics, one that crashes with a corrupt
/// PDF, and one without a PDF.
@Suite("Grading a class", .serialized)
struct ClassGradingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let submissions = root.appendingPathComponent("fixtures/submissions").path

    struct Variant: Decodable {
        var name: String
        var replace: [[String]]
        var expect: [String: [String]]
    }
    struct Manifest: Decodable { var base: String; var variants: [Variant] }
    static func manifest(_ name: String) -> Manifest {
        try! JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: submissions + "/" + name)))
    }
    static let bugs = manifest("bugs.json")
    static let plots = manifest("plots.json")

    /// The bundled MNIST, shared by the suites of this module.
    static let data = try! MNISTDataset(contentsOf: root.appendingPathComponent("fixtures/mnist").path)

    static let grader: Grader = {
        let reference = try! ReferenceSolver().solve(data)
        var runner = ScriptRunner(python: try! PythonInstallation.find(), templates: root.appendingPathComponent("templates").path,
                                  mnistFolder: root.appendingPathComponent("fixtures/mnist").path)
        runner.limits.seconds = 180
        let rubric = try! Rubric(contentsOf: root.appendingPathComponent("templates/rubric.yaml").path)
        return try! Grader(reference: reference, data: data, rubric: rubric, runner: runner)
    }()

    static func variantID(_ index: Int) -> String { "10000000\(index)" }
    static func plotVariantID(_ index: Int) -> String { "30000000\(index)" }

    /// The class folder, graded once with two jobs; the tests read its results.
    static let graded: (out: String, grades: [String: Grade]) = {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("lrgrade-class-\(UUID())").path
        try! manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func copy(_ source: String, _ name: String) { try! manager.copyItem(atPath: submissions + "/" + source, toPath: folder + "/" + name) }
        for id in ["123456789", "987654321"] { copy(id + ".py", id + ".py"); copy(id + ".pdf", id + ".pdf") }
        for (manifest, id) in [(bugs, variantID), (plots, plotVariantID)] {
            let base = try! String(contentsOfFile: submissions + "/" + manifest.base, encoding: .utf8)
            for (index, variant) in manifest.variants.enumerated() {
                var text = base
                for pair in variant.replace {
                    precondition(text.contains(pair[0]), "\(variant.name): \(pair[0]) is not in \(manifest.base)")
                    text = text.replacingOccurrences(of: pair[0], with: pair[1])
                }
                try! text.write(toFile: folder + "/\(id(index)).py", atomically: true, encoding: .utf8)
                copy("123456789.pdf", "\(id(index)).pdf")
            }
        }
        copy("hostile/fake_prints.py", "200000001.py"); copy("123456789.pdf", "200000001.pdf")
        copy("hostile/crashes.py", "200000002.py"); copy("corrupt.pdf", "200000002.pdf")
        copy("123456789.py", "200000003.py")
        copy("hostile/fake_with_variables.py", "200000004.py"); copy("123456789.pdf", "200000004.pdf")
        let out = folder + "-results"
        let found = try! SubmissionFolder(scanning: folder)
        let outcome = try! BatchGrader(grader: grader, jobs: 2).grade(found.submissions, into: out, writeFeedback: { try FeedbackReport.write($0, to: $1) }, finished: { _ in })
        precondition(outcome.problems.isEmpty, "\(outcome.problems)")
        return (out, Dictionary(uniqueKeysWithValues: outcome.grades.map { ($0.id, $0) }))
    }()

    static func outcomes(_ id: String) -> [CriterionID: CriterionResult] {
        Dictionary(uniqueKeysWithValues: (graded.grades[id]?.results ?? []).map { ($0.id, $0) })
    }

    @Test("both correct solutions earn full marks", arguments: ["123456789", "987654321"])
    func correct(_ id: String) throws {
        let grade = try #require(Self.graded.grades[id])
        #expect(grade.passedAll, "\(grade.results.filter { $0.outcome != .pass }.map(\.feedback))")
        #expect(grade.score == 100 && grade.maxScore == 100)
    }

    @Test("each subtle bug fails its own criterion, says why, and passes the rest", arguments: Array(bugs.variants.indices))
    func subtleBug(_ index: Int) throws {
        try Self.check(Self.bugs.variants[index], Self.outcomes(Self.variantID(index)))
    }

    @Test("each plot mistake costs its plot's criterion with the reason; other valid ways pass", arguments: Array(plots.variants.indices))
    func plotVariant(_ index: Int) throws {
        try Self.check(Self.plots.variants[index], Self.outcomes(Self.plotVariantID(index)))
    }

    /// The variant's listed criteria end as the manifest says, with its phrase; all others pass.
    static func check(_ variant: Variant, _ results: [CriterionID: CriterionResult]) throws {
        try check(variant.name, expect: variant.expect, results)
    }

    /// The criteria in `expect` end with its verdict and phrase (`[verdict, phrase]` by
    /// criterion), all others pass, and the passing ones' feedback says what `says` lists.
    static func check(_ name: String, expect: [String: [String]], says: [String: String] = [:], _ results: [CriterionID: CriterionResult]) throws {
        try #require(results.count == CriterionID.allCases.count, "\(name) was not graded")
        for id in CriterionID.allCases {
            let result = results[id]!
            if let expected = expect[id.rawValue] {
                #expect(result.outcome.rawValue == expected[0], "\(name), \(id): \(result.feedback)")
                #expect(result.feedback.contains(expected[1]), "\(name), \(id): \(result.feedback)")
            } else {
                #expect(result.outcome == .pass, "\(name), \(id): \(result.feedback)")
            }
            if let phrase = says[id.rawValue] {
                #expect(result.feedback.contains(phrase), "\(name), \(id): \(result.feedback)")
            }
        }
    }

    @Test("printing fake metrics without training earns no numeric credit")
    func fakePrints() throws {
        let results = Self.outcomes("200000001")
        for id in [CriterionID.runs, .baseline, .sigmoid, .lossHistory, .weights, .comparison, .lossPlot, .confusionPlot, .pixelsPlot, .misclassifiedPlot] {
            #expect(results[id]?.points == 0, "\(id): \(results[id]?.feedback ?? "not graded")")
        }
        #expect(results[.lossPlot]?.feedback == "The script drew no matplotlib figure (none saved, shown or open at the end), so the plots cannot be checked.")
        #expect(results[.files]?.outcome == .pass && results[.pdf]?.outcome == .pass)
    }

    @Test("copied metrics printed beside the handout's variables, with an untrained W, earn no numeric credit")
    func fakeWithVariables() throws {
        let results = Self.outcomes("200000004")
        for id in [CriterionID.baseline, .lossHistory, .weights, .comparison] {
            #expect(results[id]?.points == 0, "\(id): \(results[id]?.feedback ?? "not graded")")
        }
        #expect(results[.comparison]?.feedback.contains("printed numbers must come from your model") == true, "\(results[.comparison]?.feedback ?? "")")
        #expect(results[.runs]?.outcome == .pass && results[.sigmoid]?.outcome == .pass)
    }

    @Test("a crash and a corrupt PDF are named, and the feedback shows the output's end")
    func crashAndCorruptPDF() throws {
        let grade = try #require(Self.graded.grades["200000002"])
        let results = Self.outcomes("200000002")
        #expect(grade.status == "failed")
        #expect(results[.runs]?.outcome == .fail && results[.runs]?.feedback.contains("ValueError: shapes (12665,784) and (785,1) not aligned") == true)
        #expect(results[.pdf]?.outcome == .fail && results[.pdf]?.feedback.contains("200000002.pdf is not a readable PDF") == true)
        #expect(grade.details.outputTail?.contains("ValueError") == true)
        #expect(try PDFInspection.inspect(Self.graded.out + "/200000002/feedback.pdf").get().pages == 5)
    }

    @Test("a submission without its PDF loses the PDF's points and part of the files'")
    func missingPDF() {
        let results = Self.outcomes("200000003")
        #expect(results[.files]?.outcome == .partial && results[.files]?.feedback.contains("no 200000003.pdf") == true)
        #expect(results[.pdf]?.outcome == .fail && results[.pdf]?.points == 0)
        #expect(results[.weights]?.outcome == .pass)
    }

    @Test("the gradebook has a header and one row per student with each criterion's points")
    func gradebook() throws {
        let lines = try String(contentsOfFile: Self.graded.out + "/gradebook.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "id,score,max_score,files,runs,baseline,sigmoid,loss_history,weights,comparison,pdf,loss_plot,confusion_plot,pixels_plot,misclassified_plot,status")
        #expect(lines.count == 1 + Self.graded.grades.count)
        #expect(lines.contains("123456789,100,100,5,5,10,5,15,15,10,5,10,10,5,5,finished"))
        #expect(lines.contains("200000002,5,100,5,0,0,0,0,0,0,0,0,0,0,0,failed"), "\(lines)")
        #expect(lines.contains("300000002,95,100,5,5,10,5,15,15,10,5,10,5,5,5,finished"), "the transposed matrix earns half its points")
    }

    @Test("each student gets results.json in Gradescope's format and a feedback PDF")
    func perStudentFiles() throws {
        struct Results: Decodable {
            struct Test: Decodable { var name: String; var score: Double; var max_score: Double; var output: String }
            var score: Double
            var tests: [Test]
        }
        for (id, grade) in Self.graded.grades {
            let results = try JSONDecoder().decode(Results.self, from: Data(contentsOf: URL(fileURLWithPath: Self.graded.out + "/\(id)/results.json")))
            #expect(results.score == grade.score && results.tests.count == CriterionID.allCases.count)
            #expect(results.tests.map(\.max_score).reduce(0, +) == 100)
            #expect(zip(results.tests, grade.results).allSatisfy { $0.output.hasSuffix($1.feedback) && $0.score == $1.points })
        }
        let feedback = Self.graded.out + "/123456789/feedback.pdf"
        // Read back with the grader's own poppler reader, and the text with pdftotext.
        let pdf = try PDFInspection.inspect(feedback).get()
        #expect(pdf.pages == 4 && pdf.thumbnails.count == 4)
        let text = try Self.poppler("pdftotext", [feedback, "-"])
        #expect(text.contains("Feedback for 123456789") && text.contains("Score 100 of 100") && text.contains("Your PDF"))
        #expect(text.contains("Your plots, redrawn from your figures") && text.contains("Your predictions' counts"))
        // The student's own four pages are drawn as thumbnails, besides the weight images and
        // their color bars (twice: training, redrawn plots) and the one misclassified digit.
        #expect((pdf.images ?? 0) >= 4 + 4 + 4 + 1, "\(pdf.images)")
        // The thumbnails are pdftoppm's JPEG files, embedded as they are.
        let listing = try Self.poppler("pdfimages", ["-list", feedback]).split(separator: "\n")
        #expect(listing.filter { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(8).first == "jpeg" }.count == 4, "\(listing)")
    }

    /// What a poppler tool prints.
    static func poppler(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
        process.arguments = arguments
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("a results folder that cannot be written is an error before anything runs")
    func unwritableResults() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-file-\(UUID())").path
        try Data().write(to: URL(fileURLWithPath: file))
        let submission = Submission(id: "1", script: Self.submissions + "/123456789.py", pdf: nil)
        #expect {
            try BatchGrader(grader: Self.grader, jobs: 1).grade([submission], into: file + "/out", writeFeedback: { _, _ in }, finished: { _ in })
        } throws: { "\($0)".hasPrefix(file + "/out: cannot create the results folder") }
    }
}

