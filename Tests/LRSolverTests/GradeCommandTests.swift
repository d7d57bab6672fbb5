import Foundation
import Testing

/// `lrgrade check` as a student runs it and `lrgrade grade` as an instructor does.
@Suite("lrgrade check and grade", .serialized)
struct GradeCommandTests {
    static let submissions = ParityTests.root.appendingPathComponent("fixtures/submissions")

    /// A folder holding copies of fixture files under new names.
    static func folder(_ files: [(source: String, name: String)]) throws -> URL {
        let folder = try CommandLineTests.scratch()
        for file in files {
            try FileManager.default.copyItem(at: submissions.appendingPathComponent(file.source), to: folder.appendingPathComponent(file.name))
        }
        return folder
    }

    @Test("check passes a correct solution with a plain table, exit 0, and writes the feedback PDF")
    func checkCorrect() throws {
        let feedback = try CommandLineTests.scratch().appendingPathComponent("feedback.pdf")
        let run = try CommandLineTests.run(["check", Self.submissions.appendingPathComponent("123456789.py").path, "--feedback", feedback.path])
        #expect(run.status == 0, "\(run.output)\(run.error)")
        #expect(run.output.hasPrefix("123456789: 100 / 100 points (run: finished)"))
        #expect(!run.output.contains("\n  FAIL ") && !run.output.contains("\n  PARTIAL ") && run.output.contains("\n  PASS "), "\(run.output)")
        #expect(!run.output.contains("\u{1B}["), "a pipe gets no colours")
        #expect(try Data(contentsOf: feedback).starts(with: Data("%PDF".utf8)))
    }

    @Test("check fails a crashing script with exit 1 and says why, against a saved reference")
    func checkCrash() throws {
        let reference = try CommandLineTests.scratch()
        #expect(try CommandLineTests.run(["solve", "--out", reference.path]).status == 0)
        let folder = try Self.folder([("hostile/crashes.py", "424242424.py")])
        let run = try CommandLineTests.run(["check", folder.appendingPathComponent("424242424.py").path, "--reference", reference.path])
        #expect(run.status == 1)
        let runLine = run.output.split(separator: "\n").first { $0.contains("Script runs to completion") }
        #expect(runLine?.contains("FAIL") == true && runLine?.contains("0/5") == true && run.output.contains("ValueError: shapes"), "\(run.output)")
        #expect(run.output.contains("No PDF was submitted"))
    }

    @Test("grade writes the gradebook, reports unmatched files and shows progress")
    func gradeFolder() throws {
        let folder = try Self.folder([("hostile/crashes.py", "424242424.py"), ("corrupt.pdf", "424242424.pdf"), ("hostile/fake_prints.py", "notes.txt")])
        let out = try CommandLineTests.scratch().appendingPathComponent("results")
        let run = try CommandLineTests.run(["grade", folder.path, "--out", out.path, "--jobs", "1"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("[1/1] 424242424: 5 / 100 (failed)"))
        #expect(run.error.contains("notes.txt belongs to no submission"))
        let gradebook = try String(contentsOf: out.appendingPathComponent("gradebook.csv"), encoding: .utf8)
        #expect(gradebook.hasPrefix("id,score,max_score,files,runs,") && gradebook.contains("\n424242424,5,100,"))
        for file in ["results.json", "feedback.pdf"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("424242424/" + file).path))
        }
    }

    @Test("grade refuses a hostile or damaged export zip with one line and exit 2, and writes nothing")
    func gradeHostileZip() throws {
        let folder = try CommandLineTests.scratch()
        let zip = folder.appendingPathComponent("export.zip")
        // A zip whose one member climbs out of the folder it is unpacked into.
        let script = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    z.writestr('../../evil.py', 'x')\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, zip.path]
        try process.run()
        process.waitUntilExit()
        let out = folder.appendingPathComponent("results")
        let run = try CommandLineTests.run(["grade", zip.path, "--out", out.path])
        #expect(run.status == 2)
        #expect(run.error.split(separator: "\n").count == 1 && run.error.contains("would be written outside the folder"), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        try Data("PK not really".utf8).write(to: zip)
        let damaged = try CommandLineTests.run(["grade", zip.path, "--out", out.path])
        #expect(damaged.status == 2 && damaged.error.contains("not a readable zip archive"), "\(damaged.error)")
    }

    @Test("Ctrl-C leaves a consistent gradebook; running again keeps what was graded and ends with the same gradebook as an uninterrupted run")
    func resume() throws {
        let folder = try CommandLineTests.scratch()
        for index in 1...4 {
            try "import time\ntime.sleep(1.5)\nprint('Accuracy: 0.5')\n".write(to: folder.appendingPathComponent("30000000\(index).py"), atomically: true, encoding: .utf8)
        }
        let interrupted = try CommandLineTests.scratch().appendingPathComponent("interrupted")
        let uninterrupted = try CommandLineTests.scratch().appendingPathComponent("uninterrupted")

        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["grade", folder.path, "--out", interrupted.path, "--jobs", "1"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("[1/4]") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(seen)")
        let partial = try String(contentsOf: interrupted.appendingPathComponent("gradebook.csv"), encoding: .utf8).split(separator: "\n")
        #expect(partial.count >= 2 && partial.count < 5, "\(partial)")

        let resumed = try CommandLineTests.run(["grade", folder.path, "--out", interrupted.path, "--jobs", "1"])
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.output.contains("unchanged since the last run, kept"), "\(resumed.output)")
        #expect(try CommandLineTests.run(["grade", folder.path, "--out", uninterrupted.path, "--jobs", "2"]).status == 0)
        let gradebooks = try [interrupted, uninterrupted].map { try String(contentsOf: $0.appendingPathComponent("gradebook.csv"), encoding: .utf8) }
        #expect(gradebooks[0] == gradebooks[1])
        #expect(gradebooks[0].split(separator: "\n").count == 5)

        // A changed script is graded again; --force grades everyone again.
        try "print('changed')\n".write(to: folder.appendingPathComponent("300000001.py"), atomically: true, encoding: .utf8)
        let changed = try CommandLineTests.run(["grade", folder.path, "--out", interrupted.path, "--json"])
        let summary = try JSONSerialization.jsonObject(with: Data(changed.output.utf8)) as? [String: Any]
        #expect(summary?["graded"] as? Int == 1 && summary?["kept"] as? Int == 3, "\(changed.output)")
        let forced = try CommandLineTests.run(["grade", folder.path, "--out", interrupted.path, "--json", "--force"])
        let all = try JSONSerialization.jsonObject(with: Data(forced.output.utf8)) as? [String: Any]
        #expect(all?["graded"] as? Int == 4 && all?["kept"] as? Int == 0, "\(forced.output)")
        #expect((all?["grader_peak_memory_bytes"] as? Int ?? 0) > 0)
    }

    static let badInputs: [([String], String)] = {
        let empty = try! CommandLineTests.scratch()
        let file = try! CommandLineTests.scratch().appendingPathComponent("file")
        try! Data().write(to: file)
        let rubric = try! CommandLineTests.scratch().appendingPathComponent("rubric.yaml")
        try! "criteria:\n  sigmoid: {points: ten}\n".write(to: rubric, atomically: true, encoding: .utf8)
        let folder = try! GradeCommandTests.folder([("hostile/crashes.py", "1.py")]).path
        return [
            (["grade", empty.path, "--out", empty.path + "/out"], "\(empty.path): no submissions found"),
            (["grade", folder, "--out", file.path + "/out"], "\(file.path)/out: cannot create the results folder"),
            (["grade", folder, "--out", empty.path + "/out", "--rubric", rubric.path], "\(rubric.path): criteria.sigmoid.points must be a number"),
            (["grade", folder, "--out", empty.path + "/out", "--jobs", "0"], "--jobs must be at least 1"),
            (["grade", folder, "--out", empty.path + "/out", "--reference", "/nonexistent"], "/nonexistent"),
            (["check", "/nonexistent/1.py"], "/nonexistent/1.py: no such readable file"),
            (["check", folder + "/1.py", "--pdf", "/nonexistent/1.pdf"], "/nonexistent/1.pdf: no such readable file"),
        ]
    }()

    @Test("bad input: one line naming the file and the problem, exit status 2", arguments: badInputs)
    func badInput(_ arguments: [String], _ message: String) throws {
        let run = try CommandLineTests.run(arguments)
        #expect(run.status == 2, "\(run)")
        #expect(run.error.hasPrefix("lrgrade: error: ") && run.error.contains(message) && run.error.split(separator: "\n").count == 1, "\(run.error)")
    }
}
