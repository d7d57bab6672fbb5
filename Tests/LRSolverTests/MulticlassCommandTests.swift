import Foundation
import Testing
import LRSolver

/// `lrgrade solve --digits` with three or more digits, and `report` on what it writes.
@Suite("lrgrade solve, multiclass")
struct MulticlassCommandTests {
    @Test("solve writes the multiclass reference.json and its six-page PDF, and prints the comparison")
    func solve() throws {
        let out = try CommandLineTests.scratch()
        let run = try CommandLineTests.run(["solve", "--data", CommandLineTests.fixtures.appendingPathComponent("tiny/idx").path,
                                            "--digits", "7,1,4", "--epochs", "6", "--lr", "0.05", "--out", out.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.error.isEmpty)
        for row in ["scikit-learn baseline", "softmax, 5 epochs", "softmax, 6 epochs", "one-vs-rest, 5 epochs", "one-vs-rest, 6 epochs"] {
            #expect(run.output.contains(row), "\(row) in \(run.output)")
        }
        let file = out.appendingPathComponent("reference.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        #expect(json["schema"] as? String == "lrgrade-reference/2")
        #expect((json["dataset"] as! [String: Any])["digits"] as? [Int] == [7, 1, 4])
        let softmax = json["softmax"] as! [String: Any], oneVsRest = json["one_vs_rest"] as! [String: Any]
        #expect((softmax["train_loss"] as? [Double])?.count == 6, "the softmax's history is one list")
        #expect((oneVsRest["train_loss"] as? [[Double]])?.map(\.count) == [6, 6, 6], "one-vs-rest's is one list per model")
        #expect((softmax["weights"] as? [[Double]])?.count == 785 && (softmax["weights"] as? [[Double]])?.allSatisfy { $0.count == 3 } == true)
        let last = (oneVsRest["checkpoints"] as! [String: [String: Any]])["6"]!
        #expect(last["log_loss"] == nil && (last["confusion"] as? [[Int]])?.count == 3)
        // It reads back whole and consistent.
        let reference = try MulticlassReference(contentsOf: file.path)
        #expect(reference.classes == 3 && reference.inconsistency == nil)
        #expect(try pages(out.appendingPathComponent("reference.pdf")) == 6)

        let again = out.appendingPathComponent("again.pdf")
        let report = try CommandLineTests.run(["report", file.path, "--out", again.path])
        #expect(report.status == 0, "\(report.error)")
        #expect(try pages(again) == 6)
    }

    @Test("the results are the same bits on one core as on all of them")
    func deterministic() throws {
        let folders = try (0..<2).map { _ in try CommandLineTests.scratch() }
        let arguments = ["solve", "--digits", "3,5,8", "--epochs", "3"]
        let one = try shell(["taskset", "-c", "0", CommandLineTests.executable.path] + arguments + ["--out", folders[0].path])
        let all = try CommandLineTests.run(arguments + ["--out", folders[1].path])
        #expect(one == 0 && all.status == 0, "\(all.error)")
        let files = try folders.map { try Data(contentsOf: $0.appendingPathComponent("reference.json")) }
        #expect(files[0] == files[1])
    }

    @Test("a reference of the other kind is named where one kind is expected")
    func otherKind() throws {
        let out = try CommandLineTests.scratch()
        let run = try CommandLineTests.run(["solve", "--data", CommandLineTests.fixtures.appendingPathComponent("tiny/idx").path,
                                            "--digits", "1,4,7", "--epochs", "2", "--out", out.path])
        try #require(run.status == 0, "\(run.error)")
        let file = out.appendingPathComponent("reference.json").path
        #expect {
            try Reference(contentsOf: file)
        } throws: { error in
            (error as? ReferenceFileError)?.description
                == "\(file): a multiclass reference (schema lrgrade-reference/2), expected a two-digit reference (lrgrade-reference/1)"
        }
        let grade = try CommandLineTests.run(["check", "--reference", file, CommandLineTests.fixtures.appendingPathComponent("submissions/123456789.py").path])
        #expect(grade.status == 2 && grade.error.contains("a multiclass reference"), "\(grade.error)")
    }

    /// The number of pages of a PDF, from poppler's pdfinfo.
    private func pages(_ pdf: URL) throws -> Int? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdfinfo", pdf.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) }
    }

    private func shell(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
