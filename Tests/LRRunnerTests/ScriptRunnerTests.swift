import Foundation
import Testing
import LRRunner
#if canImport(Glibc)
import Glibc
#endif

/// Real scripts through the runner: the fixture solutions and the hostile ones.
@Suite("Running students' scripts", .serialized)
struct ScriptRunnerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let submissions = root.appendingPathComponent("fixtures/submissions")
    static let python = try! PythonInstallation.find()

    static func runner(seconds: Double = 180, configure: (inout RunLimits) -> Void = { _ in }) -> ScriptRunner {
        var runner = ScriptRunner(python: python, templates: root.appendingPathComponent("templates").path,
                                  mnistFolder: root.appendingPathComponent("fixtures/mnist").path)
        runner.limits.seconds = seconds
        configure(&runner.limits)
        return runner
    }

    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-run-\(UUID())").path
    }

    /// A copy of a hostile fixture with its placeholder replaced, under a fresh name.
    static func script(_ name: String, replacing placeholder: String = "", with value: String = "", as id: String = "424242424") throws -> String {
        let text = try String(contentsOf: submissions.appendingPathComponent("hostile/\(name)"), encoding: .utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-script-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(id + ".py")
        try text.replacingOccurrences(of: placeholder.isEmpty ? "\u{0}" : placeholder, with: value).write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    @Test("the handout-style solution finishes in the sandbox with every variable captured")
    func handoutSolution() throws {
        let run = try Self.runner().run(script: Self.submissions.appendingPathComponent("123456789.py").path, in: Self.folder())
        #expect(run.verdict == .finished, "\(run.stderr)")
        #expect(run.isolation == .bubblewrap)
        let capture = try #require(run.capture)
        #expect(capture.variables["W"]?.numbers?.count == 785)
        #expect(capture.variables["lr"]?.numbers == [0.1] && capture.variables["epochs"]?.numbers == [100])
        #expect(capture.variables["train_loss_history"]?.numbers?.count == 100)
        #expect(capture.variables["test_loss_history"]?.numbers?.count == 100)
        #expect(capture.variables["y_prob_manual"]?.numbers?.count == 2115)
        #expect(abs((capture.variables["train_loss_history"]?.numbers?[0] ?? 0) - -log(0.5 + 1e-10)) < 1e-12)
        // Candidates are what could be weights, an intercept or a history, never the data or masks.
        #expect(capture.candidates["grad"]?.numbers?.count == 785 && capture.candidates["clf.intercept_"]?.numbers?.count == 1)
        #expect(capture.candidates["mask_test"] == nil && capture.candidates["y_test"] == nil && capture.candidates["y_hat_test"] == nil, "\(capture.candidates.keys.sorted())")
        #expect(capture.printed.contains { $0.hasPrefix("Accuracy:") } && capture.printed.contains { $0.hasPrefix("Epoch 100, Loss:") })
        #expect(run.stdout.contains("scikit-learn accuracy:"))
        // The textbook sigmoid overflows in exp at -1000 and says so, but stays finite.
        guard case .values(let values, let name, let warnings) = run.sigmoid else { Issue.record("sigmoid: \(run.sigmoid)"); return }
        #expect(values.count == ScriptRunner.sigmoidProbe.count && values.first == 0 && values.last == 1 && name == "sigmoid", "\(values)")
        #expect(warnings.contains { $0.contains("overflow") })
        #expect(run.cpuSeconds > 0.5 && run.peakMemoryBytes > 100 << 20 && run.wallSeconds < 170, "cpu \(run.cpuSeconds) s, peak \(run.peakMemoryBytes) B, wall \(run.wallSeconds) s")
        // Each plt.show() records the open figures and closes them, as closing the windows would:
        // four figures, not one figure drawn over four times.
        let titles = capture.figures.map { $0.axes.map(\.title) }
        #expect(titles.count == 4 && titles[0] == ["Loss vs iteration"] && titles[2] == ["Important pixels", ""], "\(titles)")
        let loss = try #require(capture.figures.first?.axes.first)
        #expect(loss.lines.map(\.y.count) == [100, 100] && loss.xLabel == "epoch" && loss.yLabel == "loss")
        #expect(loss.lines[0].y == capture.variables["train_loss_history"]?.numbers)
        let confusion = try #require(capture.figures[1].axes.first)
        #expect(confusion.images.first?.shape == [2, 2] && confusion.texts.count == 4 && confusion.xLabel == "Predicted label")
        #expect(capture.figures[2].axes[0].images.first?.shape == [28, 28] && capture.figures[2].axes[0].images.first?.colorMap == "coolwarm")
    }

    @Test("figures are recorded within bounds, however many a script draws")
    func boundedFigures() throws {
        let run = try Self.runner().run(script: Self.script("huge_figures.py"), in: Self.folder())
        let figures = try #require(run.capture?.figures, "\(run.stderr)")
        #expect(figures.count == 30, "at most 30 figure states are kept")
        let numbers = figures.flatMap(\.axes).flatMap { $0.lines.flatMap(\.x) + $0.lines.flatMap(\.y) + $0.images.flatMap(\.values) }
        #expect(numbers.count <= 200_000, "\(numbers.count) numbers kept")
        // 200,000 numbers hold three lines of 30,000 x and y values; no image of 490,000 fits.
        #expect(figures.filter { !($0.axes.first?.lines.isEmpty ?? true) }.count == 3)
        #expect(figures.allSatisfy { $0.axes.count == 1 && $0.axes[0].images.isEmpty }, "the figures past the budget keep their axes and titles, not their data")
    }

    @Test("a solution in another style finishes, its numbers found under their own names")
    func classSolution() throws {
        let run = try Self.runner().run(script: Self.submissions.appendingPathComponent("987654321.py").path, in: Self.folder())
        #expect(run.verdict == .finished, "\(run.stderr)")
        let capture = try #require(run.capture)
        #expect(capture.variables.isEmpty)
        #expect(capture.candidates["model.theta"]?.numbers?.count == 785)
        #expect(capture.candidates["model.losses"]?.numbers?.count == 100)
        #expect(capture.printed.contains { $0.hasPrefix("from scratch: accuracy") })
    }

    @Test("numpy's thread pools get the number of threads the limits allow")
    func threads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-script-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("424242424.py")
        try "import os\nprint(*[os.environ[k] for k in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS')])\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let run = try Self.runner { $0.threads = 3 }.run(script: script.path, in: Self.folder())
        #expect(run.capture?.printed == ["3 3 3"], "\(run.stderr)")
    }

    @Test("an infinite loop is killed at the time limit")
    func infiniteLoop() throws {
        let run = try Self.runner(seconds: 3).run(script: Self.script("infinite_loop.py"), in: Self.folder())
        #expect(run.verdict == .timedOut)
        #expect(run.wallSeconds >= 3 && run.wallSeconds < 8)
    }

    @Test("an 8 GiB allocation is stopped by the memory limit")
    func bigAllocation() throws {
        let run = try Self.runner().run(script: Self.script("big_allocation.py"), in: Self.folder())
        #expect(run.verdict == .outOfMemory, "\(run.verdict) \(run.stderr)")
    }

    @Test("a fork loop is contained and leaves no process behind")
    func forkLoop() throws {
        // A name of its own, so that other graders' scripts on the machine are not counted.
        let id = String(UInt32.random(in: 100_000_000...999_999_999))
        let run = try Self.runner(seconds: 4) { $0.processes = 32 }.run(script: Self.script("fork_loop.py", as: id), in: Self.folder())
        #expect(run.verdict == .timedOut)
        usleep(200_000)
        let processes = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }.filter { pid in
            let command = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return command.contains(id)
        }
        #expect(processes.isEmpty, "left behind: \(processes)")
    }

    @Test("files outside the run's folder can be neither read nor written")
    func fileSystem() throws {
        let read = try Self.runner().run(script: Self.script("read_outside.py"), in: Self.folder())
        #expect(read.verdict == .noVariables, "\(read.stderr)")
        #expect(read.stdout.contains("READABLE: []"), "\(read.stdout)")

        let sibling = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-sibling-\(UUID())")
        try FileManager.default.createDirectory(at: sibling, withIntermediateDirectories: true)
        let victim = sibling.appendingPathComponent("111111111.py")
        try Data("W = 'mine'\n".utf8).write(to: victim)
        let write = try Self.runner().run(script: Self.script("write_outside.py", replacing: "SIBLING_PLACEHOLDER", with: victim.path), in: Self.folder())
        #expect(write.verdict == .finished)
        #expect(write.stdout.contains("WRITTEN: []"), "\(write.stdout)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "W = 'mine'\n")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/lrgrade-was-here"))
    }

    @Test("a server on the grader's loopback cannot be reached")
    func network() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        try #require(listen(listener, 4) == 0)
        let port = Int(UInt16(bigEndian: address.sin_port))

        let run = try Self.runner().run(script: Self.script("connect_port.py", replacing: "PORT_PLACEHOLDER", with: String(port)), in: Self.folder())
        #expect(run.verdict == .finished)
        #expect(run.stdout.contains("refused") && !run.stdout.contains("CONNECTED"), "\(run.stdout)")
        _ = fcntl(listener, F_SETFL, O_NONBLOCK)
        #expect(accept(listener, nil, nil) < 0, "the listener got a connection")
    }

    @Test("printed metrics without training leave no variables")
    func fakePrints() throws {
        let run = try Self.runner().run(script: Self.script("fake_prints.py"), in: Self.folder())
        #expect(run.verdict == .noVariables)
        #expect(run.capture?.printed.first == "Accuracy: 1.0")
    }

    @Test("an exception is the verdict, with what was defined before it")
    func crash() throws {
        let run = try Self.runner().run(script: Self.script("crashes.py"), in: Self.folder())
        #expect(run.verdict == .failed("ValueError: shapes (12665,784) and (785,1) not aligned"))
        #expect(run.capture?.variables["lr"]?.numbers == [0.1])
        #expect(run.capture?.variables["W"]?.numbers?.count == 785)
    }

    @Test("a batch's matplotlib font list spares each script the font scan, read-only in the sandbox, copied without it")
    func matplotlibCache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-script-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("424242424.py")
        try """
            import glob, io, logging, os
            log = io.StringIO()
            logging.basicConfig(stream=log, level=logging.INFO)
            import matplotlib.font_manager
            rebuilt = [int("generated new fontManager" in log.getvalue())]
            lists = glob.glob(os.environ["MPLCONFIGDIR"] + "/fontlist*.json")
            print(log.getvalue())
            try:
                open(lists[0], "a").close()
                writable = [1]
            except (OSError, IndexError):
                writable = [0]

            """.write(to: script, atomically: true, encoding: .utf8)
        var runner = Self.runner()
        let without = try runner.run(script: script.path, in: Self.folder())
        #expect(without.capture?.candidates["rebuilt"]?.numbers == [1], "\(without.stderr)")
        #expect(!without.stdout.contains("is not a writable directory"), "matplotlib's folder is writable: \(without.stdout)")
        let cache = try #require(MatplotlibCache.build(python: Self.python, in: Self.folder()))
        runner.matplotlibCache = cache
        let with = try runner.run(script: script.path, in: Self.folder())
        #expect(with.capture?.candidates["rebuilt"]?.numbers == [0], "\(with.stdout)")
        #expect(with.capture?.candidates["writable"]?.numbers == [0], "one student cannot change the list the others read")
        runner.sandboxed = false
        let limitsOnly = try runner.run(script: script.path, in: Self.folder())
        #expect(limitsOnly.capture?.candidates["rebuilt"]?.numbers == [0], "\(limitsOnly.stderr)")
    }

    @Test("without the sandbox, the limits still hold and every result says so")
    func limitsOnly() throws {
        var runner = Self.runner(seconds: 3)
        runner.sandboxed = false
        let loop = try runner.run(script: Self.script("infinite_loop.py"), in: Self.folder())
        #expect(loop.verdict == .timedOut)
        guard case .limitsOnly(let reason) = loop.isolation else { Issue.record("isolation \(loop.isolation)"); return }
        #expect(reason.hasPrefix("the sandbox was turned off"))
        runner.limits.seconds = 60
        let memory = try runner.run(script: Self.script("big_allocation.py"), in: Self.folder())
        #expect(memory.verdict == .outOfMemory)
        let crash = try runner.run(script: Self.script("crashes.py"), in: Self.folder())
        #expect(crash.verdict == .failed("ValueError: shapes (12665,784) and (785,1) not aligned"))
    }

    @Test("no run changes the submissions it came from")
    func submissionsUnchanged() throws {
        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for path in FileManager.default.subpaths(atPath: Self.submissions.path) ?? [] {
                var isFolder: ObjCBool = false
                let full = Self.submissions.appendingPathComponent(path)
                if FileManager.default.fileExists(atPath: full.path, isDirectory: &isFolder), !isFolder.boolValue { files[path] = try Data(contentsOf: full) }
            }
            return files
        }
        let before = try snapshot()
        for name in ["write_outside.py", "read_outside.py", "fake_prints.py"] {
            _ = try Self.runner().run(script: Self.submissions.appendingPathComponent("hostile/\(name)").path, in: Self.folder())
        }
        #expect(try snapshot() == before)
    }

    @Test("a missing script is an error of the runner, not a verdict")
    func missing() {
        #expect(throws: RunnerError.self) { try Self.runner().run(script: "/nonexistent/1.py", in: Self.folder()) }
    }
}

