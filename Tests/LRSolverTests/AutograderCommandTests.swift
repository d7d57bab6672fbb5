import Foundation
import Testing

/// The Gradescope autograder and the PrairieLearn grader as the platforms run them: built by
/// `lrgrade autograder`, unpacked into a temporary root laid out as the platform's
/// container, run on fixture submissions, their results.json checked field by field
/// against the platforms' specifications.
@Suite("lrgrade autograder", .serialized)
struct AutograderCommandTests {
    static let submissions = ParityTests.root.appendingPathComponent("fixtures/submissions")
    static let rubric = CommandLineTests.fixtures.appendingPathComponent("rubrics/platform.yaml").path
    static let visibilities: Set<String> = ["visible", "hidden", "after_due_date", "after_published"]

    /// Gradescope's layout: the zip unpacked into ROOT/source (modes kept, as Gradescope's unzip does).
    static func gradescopeRoot() throws -> URL {
        let root = try CommandLineTests.scratch()
        let zip = root.appendingPathComponent("autograder.zip")
        let built = try CommandLineTests.run(["autograder", "gradescope", "--out", zip.path, "--rubric", rubric, "--seconds", "120"])
        try #require(built.status == 0, "\(built.error)")
        let unpack = """
        import os, sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as z:
            for info in z.infolist():
                path = z.extract(info, sys.argv[2])
                os.chmod(path, (info.external_attr >> 16) & 0o777)
        """
        #expect(try Self.shell(["python3", "-c", unpack, zip.path, root.appendingPathComponent("source").path]).status == 0)
        return root
    }

    /// The student's files in `folder`, under their own names, inside a folder as a zip upload leaves them.
    static func submit(_ files: [(String, String)], into folder: URL) throws {
        let inside = folder.appendingPathComponent("homework")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        for (source, name) in files { try FileManager.default.copyItem(at: submissions.appendingPathComponent(source), to: inside.appendingPathComponent(name)) }
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test("the Gradescope zip holds setup.sh, run_autograder and lrgrade's files; run_autograder writes results.json as the spec says")
    func gradescope() throws {
        let root = try Self.gradescopeRoot()
        let source = root.appendingPathComponent("source")
        for (file, executable) in [("setup.sh", true), ("run_autograder", true), ("lrgrade/bin/lrgrade", true), ("lrgrade/reference.json", false),
                                   ("lrgrade/rubric.yaml", false), ("lrgrade/share/lrgrade/templates/harness.py", false),
                                   ("lrgrade/share/lrgrade/mnist/train-images-idx3-ubyte.gz", false)] {
            let path = source.appendingPathComponent(file).path
            #expect(FileManager.default.isReadableFile(atPath: path) && FileManager.default.isExecutableFile(atPath: path) == executable, "\(file)")
        }
        let setup = try String(contentsOf: source.appendingPathComponent("setup.sh"), encoding: .utf8)
        #expect(setup.contains("apt-get install") && setup.contains("poppler-utils") && setup.contains("bubblewrap") && setup.contains("scikit-learn"))
        #expect(setup.contains("chmod 600 /autograder/source/lrgrade/reference.json"), "the reference is closed to scripts")

        try Self.submit([("123456789.py", "123456789.py"), ("123456789.pdf", "123456789.pdf")], into: root.appendingPathComponent("submission"))
        let metadata = """
        {"id": 42, "created_at": "2026-11-23T10:00:00.000000-08:00", "assignment": {"due_date": "2026-11-22T23:59:00.000000-08:00", \
        "late_due_date": null, "total_points": "100.0"}, "users": [{"email": "ada@example.edu", "id": 7, "name": "Ada Lovelace", "sid": "123456789"}], \
        "previous_submissions": []}
        """
        try Data(metadata.utf8).write(to: root.appendingPathComponent("submission_metadata.json"))
        let run = try Self.shell([source.appendingPathComponent("run_autograder").path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("123456789: 90 / 100"), "\(run.output)")

        let results = try Self.json(root.appendingPathComponent("results/results.json"))
        let tests = try #require(results["tests"] as? [[String: Any]])
        #expect(tests.count == 12)
        for test in tests {
            #expect(test["name"] is String && test["score"] is Double && test["max_score"] is Double && test["output"] is String)
            #expect(["passed", "failed"].contains(test["status"] as? String) && Self.visibilities.contains(test["visibility"] as? String ?? ""))
        }
        let byTag = Dictionary(uniqueKeysWithValues: tests.map { (($0["tags"] as? [String])?.first ?? "", $0) })
        #expect(byTag["baseline"]?["visibility"] as? String == "after_due_date" && byTag["weights"]?["visibility"] as? String == "after_published")
        #expect(byTag["pixels_plot"]?["visibility"] as? String == "hidden" && byTag["runs"]?["visibility"] as? String == "visible")
        let sum = tests.compactMap { $0["score"] as? Double }.reduce(0, +)
        #expect(sum == 100, "every criterion passes")
        // One day late at 10 % a day: the top-level score overrides the tests' sum, and says why.
        #expect(results["score"] as? Double == 90 && results["max_score"] as? Double == 100)
        #expect(results["execution_time"] is Int && results["output_format"] as? String == "md")
        #expect((results["output"] as? String)?.contains("Late (1 day): 10 % taken off") == true)
        let extra = try #require(results["extra_data"] as? [String: Any])
        #expect(extra["status"] as? String == "finished" && (extra["script_seconds"] as? Double ?? 0) > 0)
        #expect((extra["facts"] as? [String: Any])?["learning_rate"] as? Double == 0.1)
    }

    @Test("on Gradescope a submission without a script is graded, its run failed, its tests summing to the score")
    func gradescopeWithoutScript() throws {
        let root = try Self.gradescopeRoot()
        try Self.submit([("123456789.pdf", "report.pdf")], into: root.appendingPathComponent("submission"))
        let run = try Self.shell([root.appendingPathComponent("source/run_autograder").path])
        #expect(run.status == 0, "\(run.output)")
        let results = try Self.json(root.appendingPathComponent("results/results.json"))
        let tests = try #require(results["tests"] as? [[String: Any]])
        #expect(results["score"] as? Double == tests.compactMap { $0["score"] as? Double }.reduce(0, +))
        let runs = tests.first { ($0["tags"] as? [String]) == ["runs"] }
        #expect(runs?["status"] as? String == "failed" && runs?["score"] as? Double == 0)
        #expect((results["extra_data"] as? [String: Any])?["status"] as? String == "no script")
    }

    @Test("the PrairieLearn grader: Dockerfile, info.json, and results.json with points, a score in [0, 1] and PNG images within 1 MB")
    func prairieLearn() throws {
        let out = try CommandLineTests.scratch().appendingPathComponent("grader")
        let built = try CommandLineTests.run(["autograder", "prairielearn", "--out", out.path, "--image", "example.org/course/lrgrade", "--seconds", "120"])
        #expect(built.status == 0, "\(built.error)")
        let dockerfile = try String(contentsOf: out.appendingPathComponent("Dockerfile"), encoding: .utf8)
        #expect(dockerfile.contains("FROM ubuntu:22.04") && dockerfile.contains("COPY lrgrade /opt/lrgrade") && dockerfile.contains("poppler-utils"))
        let options = try #require(try Self.json(out.appendingPathComponent("info.json"))["externalGradingOptions"] as? [String: Any])
        #expect(options["enabled"] as? Bool == true && options["image"] as? String == "example.org/course/lrgrade")
        #expect(options["entrypoint"] as? String == "/opt/lrgrade/run_grader" && options["timeout"] as? Int == 180)

        let root = try CommandLineTests.scratch()
        try Self.submit([("123456789.py", "123456789.py"), ("123456789.pdf", "123456789.pdf")], into: root.appendingPathComponent("student"))
        let run = try Self.shell([out.appendingPathComponent("lrgrade/run_grader").path, "--root", root.path])
        #expect(run.status == 0, "\(run.output)")
        let file = root.appendingPathComponent("results/results.json")
        #expect(try Data(contentsOf: file).count <= 1_000_000)
        let results = try Self.json(file)
        let tests = try #require(results["tests"] as? [[String: Any]])
        #expect(results["gradable"] as? Bool == true && results["format_errors"] == nil && tests.count == 12)
        for test in tests {
            #expect(test["name"] is String && test["description"] is String && test["message"] is String && test["output"] is String)
            #expect(test["points"] is Double && test["max_points"] is Double)
        }
        let points = tests.compactMap { $0["points"] as? Double }.reduce(0, +), maximum = tests.compactMap { $0["max_points"] as? Double }.reduce(0, +)
        let score = try #require(results["score"] as? Double)
        #expect((0...1).contains(score) && abs(score - points / maximum) < 1e-12 && score == 1)
        #expect((results["message"] as? String)?.contains("100 / 100") == true)
        let images = try #require(results["images"] as? [[String: Any]])
        #expect(images.count == 2)
        for image in images {
            let url = try #require(image["url"] as? String)
            #expect(image["label"] is String && url.hasPrefix("data:image/png;base64,"))
            let png = try #require(Data(base64Encoded: String(url.dropFirst("data:image/png;base64,".count))))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
        }

        // Nothing to run: not gradable, and no attempt charged.
        let empty = try CommandLineTests.scratch()
        try Self.submit([("123456789.pdf", "123456789.pdf")], into: empty.appendingPathComponent("student"))
        #expect(try Self.shell([out.appendingPathComponent("lrgrade/run_grader").path, "--root", empty.path]).status == 0)
        let refused = try Self.json(empty.appendingPathComponent("results/results.json"))
        #expect(refused["gradable"] as? Bool == false && (refused["format_errors"] as? [String])?.first?.contains("No Python script") == true)
    }

    @Test("where bubblewrap cannot start (a container without CAP_SYS_ADMIN), the script runs with the limits as another user, and only the instructor's log says so")
    func withoutBubblewrap() throws {
        guard geteuid() == 0 else {
            print("skipped: dropping CAP_SYS_ADMIN to stop bubblewrap, as Docker's default profile does, needs root (euid \(geteuid()))")
            return
        }
        let root = try Self.gradescopeRoot()
        try Self.submit([("123456789.py", "123456789.py"), ("123456789.pdf", "123456789.pdf")], into: root.appendingPathComponent("submission"))
        // The grader keeps CAP_SETUID (for the drop to the script's user) and loses what bubblewrap needs.
        let run = try Self.shell(["setpriv", "--bounding-set=-sys_admin", "--inh-caps=-sys_admin", root.appendingPathComponent("source/run_autograder").path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("WITHOUT bubblewrap"), "\(run.output)")
        let text = try String(contentsOf: root.appendingPathComponent("results/results.json"), encoding: .utf8)
        let results = try Self.json(root.appendingPathComponent("results/results.json"))
        let shown = [results["output"] as? String ?? ""] + ((results["tests"] as? [[String: Any]]) ?? []).map { $0["output"] as? String ?? "" }
        #expect(!shown.contains { $0.contains("sandbox") || $0.contains("bubblewrap") }, "students never read of the sandbox")
        #expect(((results["extra_data"] as? [String: Any])?["unsandboxed"] as? String)?.isEmpty == false, "\(text.prefix(400))")
        #expect(results["score"] as? Double == 100, "an honest script still passes")
    }

    @Test("autograder run refuses a root without the platform's folder with one line and exit 2")
    func badRoot() throws {
        let root = try CommandLineTests.scratch()
        let run = try CommandLineTests.run(["autograder", "run", "--platform", "gradescope", "--root", root.path])
        #expect(run.status == 2 && run.error.hasPrefix("lrgrade: error: \(root.path)/submission: no such folder") && run.error.split(separator: "\n").count == 1, "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("results").path))
        let platform = try CommandLineTests.run(["autograder", "run", "--platform", "moodle"])
        #expect(platform.status == 2 && platform.error.contains("moodle"))
    }

    struct Shell { var status: Int32; var output: String }

    /// Runs a command, standard output and error together, with `environment` added to the test's.
    static func shell(_ arguments: [String], environment: [String: String] = [:]) throws -> Shell {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment, uniquingKeysWith: { $1 })
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Shell(status: process.terminationStatus, output: output)
    }
}
