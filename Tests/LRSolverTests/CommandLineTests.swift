import Foundation
import Testing

/// `lrgrade` as a user runs it: the executable built beside this test bundle.
@Suite("lrgrade command line")
struct CommandLineTests {
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lrgrade")
    static let fixtures = ParityTests.root.appendingPathComponent("fixtures")

    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(_ arguments: [String]) throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build lrgrade first (swift build): \(executable.path)")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self), error: String(decoding: error, as: UTF8.self))
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-cli-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("solve writes reference.json and the PDF into a new folder and prints the comparison")
    func solve() throws {
        let out = try Self.scratch().appendingPathComponent("new/out")  // created by solve
        let run = try Self.run(["solve", "--data", Self.fixtures.appendingPathComponent("tiny/mnist-compressed.npz").path,
                                "--digits", "1,4", "--epochs", "6", "--lr", "0.05", "--out", out.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.error.isEmpty)
        #expect(run.output.contains("scikit-learn baseline") && run.output.contains("gradient descent, 5") && run.output.contains("gradient descent, 6"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("reference.json"))) as! [String: Any]
        let gd = json["gradient_descent"] as! [String: Any]
        #expect(gd["learning_rate"] as? Double == 0.05 && gd["epochs"] as? Int == 6)
        #expect((json["dataset"] as! [String: Any])["digits"] as? [Int] == [1, 4])
        let pdf = try Data(contentsOf: out.appendingPathComponent("reference.pdf"))
        #expect(pdf.starts(with: Data("%PDF".utf8)))
    }

    /// A results file made by `lrgrade solve` on the tiny data, in a fresh folder.
    static func results() throws -> URL {
        let out = try scratch()
        let run = try run(["solve", "--data", fixtures.appendingPathComponent("tiny/idx").path, "--digits", "1,4", "--epochs", "6", "--out", out.path])
        try #require(run.status == 0, "\(run.error)")
        return out.appendingPathComponent("reference.json")
    }

    @Test("report renders a results file, by default beside it")
    func report() throws {
        let results = try Self.results()
        let named = results.deletingLastPathComponent().appendingPathComponent("named.pdf")
        let run = try Self.run(["report", results.path, "--out", named.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(try Data(contentsOf: named).starts(with: Data("%PDF".utf8)))
        try FileManager.default.removeItem(at: results.deletingLastPathComponent().appendingPathComponent("reference.pdf"))
        #expect(try Self.run(["report", results.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: results.deletingLastPathComponent().appendingPathComponent("reference.pdf").path))
    }

    @Test("report: bad results files and outputs get one line and exit status 2")
    func reportBadInput() throws {
        let results = try Self.results()
        let folder = results.deletingLastPathComponent()
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as! [String: Any]
        let invalid = folder.appendingPathComponent("invalid.json")
        try Data("{\"schema\": ".utf8).write(to: invalid)
        var withoutDataset = json
        withoutDataset.removeValue(forKey: "dataset")
        let missingKey = folder.appendingPathComponent("missing-key.json")
        try JSONSerialization.data(withJSONObject: withoutDataset).write(to: missingKey)
        var gd = json["gradient_descent"] as! [String: Any]
        gd["weights"] = Array((gd["weights"] as! [Double]).dropFirst())
        json["gradient_descent"] = gd
        let shortWeights = folder.appendingPathComponent("short-weights.json")
        try JSONSerialization.data(withJSONObject: json).write(to: shortWeights)

        let cases: [([String], String)] = [
            (["report", folder.appendingPathComponent("none.json").path], "none.json: cannot read"),
            (["report", invalid.path], "invalid.json: not a reference file: invalid JSON"),
            (["report", missingKey.path], "missing-key.json: not a reference file: missing key 'dataset'"),
            (["report", shortWeights.path], "short-weights.json: gradient_descent.weights has 784 numbers, expected 785"),
            (["report", results.path, "--out", "/nonexistent-folder/x.pdf"], "/nonexistent-folder/x.pdf: cannot write"),
        ]
        for (arguments, message) in cases {
            let run = try Self.run(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.error.hasPrefix("lrgrade: error: ") && run.error.contains(message), "\(run.error)")
            #expect(run.error.split(separator: "\n").count == 1, "\(run.error)")
        }
    }

    @Test("--help explains the options", arguments: [["--help"], ["solve", "--help"]])
    func help(_ arguments: [String]) throws {
        let run = try Self.run(arguments)
        #expect(run.status == 0)
        #expect(run.output.contains(arguments.count == 1 ? "solve" : "--digits"))
    }

    @Test("every subcommand's help names the doc page that explains it, and the page exists",
          arguments: [("solve", "docs/solver.md"), ("report", "docs/solver.md"), ("run", "docs/sandbox.md"),
                      ("check", "docs/grading.md"), ("grade", "docs/grading.md"), ("gradebook", "docs/grading.md"),
                      ("autograder", "docs/platforms.md"), ("autograder gradescope", "docs/platforms.md"),
                      ("autograder prairielearn", "docs/platforms.md"), ("autograder run", "docs/platforms.md")])
    func helpNamesItsPage(_ subcommand: String, _ page: String) throws {
        let run = try Self.run(subcommand.split(separator: " ").map(String.init) + ["--help"])
        #expect(run.status == 0)
        #expect(run.output.contains("Documentation: \(page)"), "\(run.output)")
        #expect(FileManager.default.fileExists(atPath: ParityTests.root.appendingPathComponent(page).path))
    }

    static let badInputs: [(arguments: [String], mentions: String)] = [
        (["solve", "--data", "/nonexistent/mnist"], "/nonexistent/mnist: no such file"),
        (["solve", "--data", fixtures.appendingPathComponent("tiny/no-test-arrays.npz").path], "no-test-arrays.npz: missing arrays x_test, y_test"),
        (["solve", "--data", fixtures.appendingPathComponent("tiny/make_tiny.py").path], "make_tiny.py: wrong magic number"),
        (["solve", "--digits", "3,3"], "the two digits must differ"),
        (["solve", "--digits", "1,12"], "12 is not a digit"),
        (["solve", "--digits", "seven"], "expected two digits"),
        (["solve", "--digits", "0-1"], "three or more different digits, got 2"),
        (["solve", "--digits", "3,5,3"], "3 is given twice"),
        (["solve", "--digits", "3,5,10"], "10 is not a digit 0-9"),
        (["solve", "--digits", "9-0"], "ascending ranges"),
        (["solve", "--data", fixtures.appendingPathComponent("tiny/idx").path, "--digits", "1,3,5"], "no test images of digit 3"),
        (["solve", "--lr=-1"], "--lr must be a positive number"),
        (["solve", "--lr", "nan"], "--lr must be a positive number"),
        (["solve", "--lr", "-1"], "Missing value for '--lr"),
        (["solve", "--epochs", "0"], "--epochs must be at least 1"),
        (["solve", "--epochs", "many"], "many"),
        (["solve", "--no-such-option"], "--no-such-option"),
    ]

    @Test("bad input: one line naming the problem, exit status 2, earlier output kept", arguments: badInputs)
    func badInput(_ arguments: [String], _ mentions: String) throws {
        let out = try Self.scratch()
        let earlier = out.appendingPathComponent("reference.json")
        try Data("earlier results".utf8).write(to: earlier)
        let run = try Self.run(arguments + ["--out", out.path])
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.hasPrefix("lrgrade: error: ") && run.error.contains(mentions), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1, "\(run.error)")
        #expect(try String(contentsOf: earlier, encoding: .utf8) == "earlier results")
    }

    @Test("an output folder that cannot be created is named")
    func unwritable() throws {
        let out = try Self.scratch()
        let file = out.appendingPathComponent("a-file")
        try Data().write(to: file)
        let run = try Self.run(["solve", "--data", Self.fixtures.appendingPathComponent("tiny/idx").path, "--epochs", "2", "--out", file.appendingPathComponent("sub").path])
        #expect(run.status == 2)
        #expect(run.error.contains("a-file/sub/reference.json: cannot write"), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)
    }
}

/// `lrgrade run` as an instructor uses it.
@Suite("lrgrade run")
struct RunCommandTests {
    static let submissions = ParityTests.root.appendingPathComponent("fixtures/submissions")

    @Test("one line per script; status 1 unless every script finished")
    func verdicts() throws {
        let work = try CommandLineTests.scratch()
        let run = try CommandLineTests.run(["run", Self.submissions.appendingPathComponent("hostile/fake_prints.py").path,
                                            Self.submissions.appendingPathComponent("hostile/crashes.py").path, "--work", work.path])
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("fake_prints.py: finished but left no variables") && lines[0].contains("sandboxed"))
        #expect(lines[1].contains("crashes.py: failed: ValueError: shapes (12665,784) and (785,1) not aligned"))
    }

    @Test("without the sandbox a warning says so")
    func warning() throws {
        let run = try CommandLineTests.run(["run", Self.submissions.appendingPathComponent("hostile/fake_prints.py").path, "--no-sandbox",
                                            "--work", try CommandLineTests.scratch().path])
        #expect(run.status == 1)
        #expect(run.error.contains("WITHOUT the sandbox") && run.output.contains("NOT sandboxed"))
    }

    @Test("bad input: one line, exit status 2", arguments: [
        (["run", "/nonexistent/1.py"], "/nonexistent/1.py: no such file"),
        (["run", "x.py", "--seconds", "0"], "must be positive"),
        (["run", "x.py", "--data", "/nonexistent"], "/nonexistent: not a folder with the four MNIST IDX files"),
    ])
    func badInput(_ arguments: [String], _ message: String) throws {
        let run = try CommandLineTests.run(arguments + ["--work", try CommandLineTests.scratch().path])
        #expect(run.status == 2, "\(run)")
        #expect(run.error.hasPrefix("lrgrade: error: ") && run.error.contains(message), "\(run.error)")
    }
}
