import Foundation
import Testing

/// A class shared between machines: `grade --shard K/N` on each, `gradebook --submissions`
/// to merge; and the same on a real single-node Slurm cluster with `grade --slurm N`. Both
/// must give the files a one-machine run gives.
@Suite("lrgrade on several machines", .serialized)
struct ClusterCommandTests {
    /// The Canvas export of fixtures/lms/make_exports.py, graded on one machine.
    static let oneMachine: Result<(export: URL, out: URL), Error> = Result {
        let folder = try CommandLineTests.scratch()
        let make = try AutograderCommandTests.shell(["python3", ParityTests.root.appendingPathComponent("fixtures/lms/make_exports.py").path, folder.path])
        guard make.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        let export = folder.appendingPathComponent("canvas"), out = folder.appendingPathComponent("one")
        let run = try CommandLineTests.run(["grade", export.path, "--out", out.path, "--quiet", "--lms-assignment", "HW3 (4242)"])
        guard run.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: run.error]) }
        return (export, out)
    }

    /// The files of `out` that must equal the one-machine run's.
    static func classFiles(_ out: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in ["gradebook.csv", "canvas-import.csv"] { files[name] = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) }
        let listing = try AutograderCommandTests.shell(["python3", "-c", "import sys, zipfile; print(sorted(zipfile.ZipFile(sys.argv[1]).namelist()))", out.appendingPathComponent("feedback.zip").path])
        files["feedback.zip"] = listing.output
        return files
    }

    /// A new results folder that serves the one-machine run's secret variant.
    static func resultsFolder() throws -> URL {
        let out = try CommandLineTests.scratch().appendingPathComponent("results")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try Self.oneMachine.get().out.appendingPathComponent(".lrgrade-secret"), to: out.appendingPathComponent(".lrgrade-secret"))
        return out
    }

    @Test("two shards graded at once write only their students' folders; gradebook --submissions then writes the one-machine run's files")
    func shards() throws {
        let (export, one) = try Self.oneMachine.get()
        let out = try Self.resultsFolder()
        let processes = try (1...2).map { index in
            let process = Process()
            process.executableURL = CommandLineTests.executable
            process.arguments = ["grade", export.path, "--out", out.path, "--shard", "\(index)/2", "--quiet", "--jobs", "1"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes { process.waitUntilExit(); #expect(process.terminationStatus == 0) }
        let students = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(students == ["101", "102", "103", "104", "105"], "every student's folder, and no class file before the merge")
        let merge = try CommandLineTests.run(["gradebook", out.path, "--submissions", export.path, "--lms-assignment", "HW3 (4242)"])
        #expect(merge.status == 0, "\(merge.error)")
        #expect(merge.output.contains("canvas-import.csv") && merge.output.contains("feedback.zip"), "\(merge.output)")
        #expect(try Self.classFiles(out) == Self.classFiles(one))
    }

    @Test("one shard grades its part alone: every other student of the sorted class, and says how to merge")
    func oneShard() throws {
        let (export, _) = try Self.oneMachine.get()
        let out = try Self.resultsFolder()
        let run = try CommandLineTests.run(["grade", export.path, "--out", out.path, "--shard", "2/2"])
        #expect(run.status == 0, "\(run.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") }.sorted() == ["102", "104"])
        #expect(run.output.contains("Shard 2/2: graded 2 submissions") && run.output.contains("`lrgrade gradebook`"), "\(run.output)")
    }

    @Test("--slurm-script writes and prints the batch scripts and the sbatch commands, and submits nothing")
    func slurmScript() throws {
        let (export, _) = try Self.oneMachine.get()
        let out = try CommandLineTests.scratch().appendingPathComponent("results")
        let run = try CommandLineTests.run(["grade", export.path, "--out", out.path, "--slurm", "3", "--slurm-script", "--slurm-option=--partition=short", "--jobs", "4"])
        #expect(run.status == 0, "\(run.error)")
        let shards = try String(contentsOf: out.appendingPathComponent(".slurm/shards.sh"), encoding: .utf8)
        #expect(shards.contains("#SBATCH --array=1-3\n") && shards.contains("#SBATCH --partition=short\n") && shards.contains("'--jobs' '4'"))
        #expect(shards.contains("'grade' '\(export.path)' '--out' '\(out.path)'") && shards.contains("--shard \"$SLURM_ARRAY_TASK_ID/3\""))
        let merge = try String(contentsOf: out.appendingPathComponent(".slurm/merge.sh"), encoding: .utf8)
        #expect(merge.contains("'gradebook' '\(out.path)' '--submissions' '\(export.path)'"))
        #expect(run.output.contains(shards) && run.output.contains("sbatch --parsable --dependency=afterok:"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [".slurm"])
    }

    @Test("bad shard and Slurm options: one line, exit 2", arguments: [
        (["--shard", "3/2"], "--shard"), (["--shard", "first"], "--shard"), (["--slurm", "0"], "--slurm must be at least 1"),
        (["--slurm-script"], "--slurm-script needs --slurm N"), (["--slurm", "2", "--shard", "1/2"], "--slurm and --shard do not go together"),
    ])
    func badOptions(_ options: [String], _ message: String) throws {
        let folder = try CommandLineTests.scratch()
        let run = try CommandLineTests.run(["grade", folder.path, "--out", folder.appendingPathComponent("out").path] + options)
        #expect(run.status == 2 && run.error.hasPrefix("lrgrade: error: ") && run.error.contains(message) && run.error.split(separator: "\n").count == 1, "\(run.error)")
    }

    @Test("gradebook --submissions with an export that cannot be read stops with one line, exit 2, and writes nothing")
    func mergeBadExport() throws {
        let out = try CommandLineTests.scratch()
        let run = try CommandLineTests.run(["gradebook", out.path, "--submissions", out.appendingPathComponent("missing.zip").path])
        #expect(run.status == 2 && run.error.hasPrefix("lrgrade: error: ") && run.error.split(separator: "\n").count == 1, "\(run.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test("on a real single-node Slurm, --slurm 2 runs two shards and the merge, and writes the one-machine run's files")
    func slurm() throws {
        guard geteuid() == 0 else {
            print("skipped: starting slurmctld, slurmd and munged needs root (euid \(geteuid())); scripts/setup.sh installs them")
            return
        }
        let (export, one) = try Self.oneMachine.get()
        let cluster = try SingleNodeSlurm.start()
        defer { cluster.stop() }
        let out = try Self.resultsFolder()
        let run = try AutograderCommandTests.shell([CommandLineTests.executable.path, "grade", export.path, "--out", out.path, "--slurm", "2", "--lms-assignment", "HW3 (4242)"],
                                                   environment: ["SLURM_CONF": cluster.configuration])
        let output = run.output
        #expect(run.status == 0, "\(output)\n\(cluster.logs)")
        #expect(output.contains("Submitted job array") && output.contains("Graded a class of 5 on Slurm"), "\(output)")
        for name in ["shard-1.status", "shard-2.status", "merge.status"] {
            #expect(try String(contentsOf: out.appendingPathComponent(".slurm/" + name), encoding: .utf8) == "0\n", "\(name)")
        }
        #expect(try Self.classFiles(out) == Self.classFiles(one))
    }
}

/// A Slurm cluster of one node on this machine, as root: munged with a new key, slurmctld and
/// slurmd with a slurm.conf in a temporary folder, on ports of their own; stopped with
/// `stop()`. Its commands find it through `SLURM_CONF=configuration`.
final class SingleNodeSlurm {
    let folder: URL
    var daemons: [pid_t] = []

    init(folder: URL) { self.folder = folder }

    var configuration: String { folder.appendingPathComponent("slurm.conf").path }
    var logs: String {
        ["slurmctld.log", "slurmd.log", "munged.log"].map { name in
            "== \(name)\n" + ((try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)).map { String($0.suffix(2_000)) } ?? "")
        }.joined(separator: "\n")
    }

    static func start() throws -> SingleNodeSlurm {
        for daemon in ["munged", "slurmctld", "slurmd", "sbatch"] {
            try #require(["/usr/sbin/", "/usr/bin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + daemon) }, "\(daemon) is missing: scripts/setup.sh installs slurm-wlm and munge")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-slurm-\(UUID().uuidString.prefix(8))")
        let cluster = SingleNodeSlurm(folder: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("state"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("spool"), withIntermediateDirectories: true)
        chmod(folder.path, 0o700)
        let key = folder.appendingPathComponent("munge.key")
        try Data((0..<1024).map { _ in UInt8.random(in: 0...255) }).write(to: key)
        chmod(key.path, 0o600)
        // Ports of their own, so that a cluster already running here is not disturbed.
        let port = Int.random(in: 20_000...29_000)
        let path = folder.path
        let configuration = """
        ClusterName=lrgradetest
        SlurmctldHost=localhost
        SlurmctldPort=\(port)
        SlurmdPort=\(port + 1)
        AuthType=auth/munge
        AuthInfo=socket=\(path)/munge.socket
        CredType=cred/munge
        SlurmUser=root
        SlurmdUser=root
        StateSaveLocation=\(path)/state
        SlurmdSpoolDir=\(path)/spool
        SlurmctldPidFile=\(path)/slurmctld.pid
        SlurmdPidFile=\(path)/slurmd.pid
        SlurmctldLogFile=\(path)/slurmctld.log
        SlurmdLogFile=\(path)/slurmd.log
        ProctrackType=proctrack/linuxproc
        TaskPlugin=task/none
        SchedulerType=sched/builtin
        SelectType=select/cons_tres
        SelectTypeParameters=CR_CPU
        ReturnToService=2
        MpiDefault=none
        JobCompType=jobcomp/none
        AccountingStorageType=accounting_storage/none
        NodeName=lrgradenode NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=\(ProcessInfo.processInfo.activeProcessorCount) State=UNKNOWN
        PartitionName=lrgrade Nodes=ALL Default=YES MaxTime=INFINITE State=UP
        """
        try Data(configuration.utf8).write(to: folder.appendingPathComponent("slurm.conf"))
        // In the foreground (-F, -D) but detached from the test, in sessions of their own and
        // with none of its descriptors (Python's close_fds): Foundation's Process waits on a
        // descriptor that a child running on would keep open.
        for arguments in [
            ["munged", "-F", "--key-file=\(path)/munge.key", "--socket=\(path)/munge.socket", "--pid-file=\(path)/munged.pid",
             "--log-file=\(path)/munged.log", "--seed-file=\(path)/munged.seed", "--force"],
            ["slurmctld", "-D", "-f", cluster.configuration],
            ["slurmd", "-D", "-f", cluster.configuration, "-N", "lrgradenode"],
        ] {
            let detach = "import subprocess, sys; print(subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, "
                + "stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True).pid)"
            let started = try AutograderCommandTests.shell(["python3", "-c", detach] + arguments)
            let pid = try #require(Int32(started.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(arguments[0]): \(started.output)")
            cluster.daemons.append(pid)
            // munged's socket must exist before Slurm's daemons authenticate.
            if arguments[0] == "munged" {
                for _ in 0..<100 where !FileManager.default.fileExists(atPath: path + "/munge.socket") { Thread.sleep(forTimeInterval: 0.05) }
            }
        }
        // Ready when the node is idle: a few seconds.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let state = try AutograderCommandTests.shell(["sinfo", "--noheader", "--format=%T"], environment: ["SLURM_CONF": cluster.configuration])
            if state.output.hasPrefix("idle") { return cluster }
            Thread.sleep(forTimeInterval: 0.5)
        }
        cluster.stop()
        Issue.record("the single-node Slurm did not become idle within 60 s\n\(cluster.logs)")
        throw CocoaError(.fileReadUnknown)
    }

    /// Stops the three daemons, the last started first, and removes the folder.
    func stop() {
        for daemon in daemons.reversed() {
            kill(daemon, SIGTERM)
            for _ in 0..<100 where kill(daemon, 0) == 0 { Thread.sleep(forTimeInterval: 0.05) }
            kill(daemon, SIGKILL)
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
