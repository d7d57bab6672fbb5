import Foundation
import LRRunner

/// A class graded on a Slurm cluster: a job array of `shards` tasks, task K running
/// `lrgrade grade … --shard K/N` (its students' folders only), and a merge job that Slurm
/// starts once every task succeeded (`--dependency=afterok`, and cancelled if one failed:
/// `--kill-on-invalid-dep=yes`), running `lrgrade gradebook …` over everyone's records.
///
/// The scripts, the jobs' logs and their exit statuses go into `folder` (`DIR/.slurm`),
/// which, like the submissions and the results folder, must be on a file system every node
/// sees at the same path.
public struct SlurmBatch: Sendable {
    public var shards: Int
    /// A shard's command line, but for `--shard`, which each task adds.
    public var shardCommand: [String]
    public var mergeCommand: [String]
    public var folder: String
    /// Where the jobs start (`--chdir`): the submitting command's folder, so that relative
    /// paths mean the same on the nodes.
    public var workingDirectory: String
    /// `sbatch` options for both jobs (`--partition=short`, `--time=30`, `--cpus-per-task=4`).
    public var options: [String]

    public init(shards: Int, shardCommand: [String], mergeCommand: [String], folder: String, workingDirectory: String, options: [String]) {
        self.shards = shards
        self.shardCommand = shardCommand
        self.mergeCommand = mergeCommand
        self.folder = folder
        self.workingDirectory = workingDirectory
        self.options = options
    }

    public var shardScriptPath: String { folder + "/shards.sh" }
    public var mergeScriptPath: String { folder + "/merge.sh" }

    /// The job array's batch script.
    public var shardScript: String {
        script(name: "lrgrade-shards", directives: ["--array=1-\(shards)", "--output=\(folder)/shard-%a.log"],
               what: "Task K grades the Kth of \(shards) parts of the class: its students' folders only.",
               command: ShellWords.line(shardCommand) + " --shard \"$SLURM_ARRAY_TASK_ID/\(shards)\"",
               status: ShellWords.quoted(folder + "/shard-") + "\"$SLURM_ARRAY_TASK_ID\"" + ShellWords.quoted(".status"))
    }

    /// The merge job's batch script.
    public var mergeScript: String {
        script(name: "lrgrade-merge", directives: ["--output=\(folder)/merge.log"],
               what: "Once every shard succeeded: the gradebook, the LMS's files and the class report from everyone's records.",
               command: ShellWords.line(mergeCommand), status: ShellWords.quoted(folder + "/merge.status"))
    }

    /// What to type to submit the scripts by hand.
    public var submitCommands: String {
        """
        array=$(sbatch --parsable \(ShellWords.quoted(shardScriptPath)))
        sbatch --parsable --dependency=afterok:${array%%;*} --kill-on-invalid-dep=yes \(ShellWords.quoted(mergeScriptPath))
        """
    }

    /// `status` is the file the exit status goes to, as a shell word.
    private func script(name: String, directives: [String], what: String, command: String, status: String) -> String {
        let lines = (["--job-name=\(name)", "--chdir=\(workingDirectory)"] + directives + options).map { "#SBATCH \($0)" }
        return """
        #!/bin/bash
        \(lines.joined(separator: "\n"))
        # Written by `lrgrade grade --slurm`. \(what)
        \(command)
        status=$?
        echo $status > \(status)
        exit $status
        """ + "\n"
    }

    /// Writes both scripts into `folder` (created), and removes the statuses of an earlier batch.
    public func writeScripts() throws(SlurmError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (path, text) in [(shardScriptPath, shardScript), (mergeScriptPath, mergeScript)] {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                chmod(path, 0o755)
            }
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".status") { unlink(folder + "/" + name) }
        } catch { throw SlurmError(reason: "\(folder): cannot write the batch scripts: \((error as NSError).localizedDescription)") }
    }

    /// The job ids of the array and of the merge job.
    public struct Jobs: Sendable, Equatable {
        public var array: String
        public var merge: String
    }

    /// Submits the array, then the merge job depending on it.
    public func submit() throws(SlurmError) -> Jobs {
        let array = try Self.sbatch(["--parsable", shardScriptPath])
        let merge = try Self.sbatch(["--parsable", "--dependency=afterok:\(array)", "--kill-on-invalid-dep=yes", mergeScriptPath])
        return Jobs(array: array, merge: merge)
    }

    private static func sbatch(_ arguments: [String]) throws(SlurmError) -> String {
        let outcome = try slurm(["sbatch"] + arguments)
        // --parsable prints "id" or "id;cluster".
        guard let id = String(decoding: outcome, as: UTF8.self).split(separator: ";").first?.trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty else {
            throw SlurmError(reason: "sbatch gave no job id")
        }
        return id
    }

    /// Runs a Slurm command; its standard output, or an error with its last line.
    static func slurm(_ arguments: [String]) throws(SlurmError) -> [UInt8] {
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run(arguments, environment: ProcessInfo.processInfo.environment, seconds: 60, keep: 1 << 20) } catch {
            throw SlurmError(reason: "cannot run \(arguments[0]) (is Slurm installed and on PATH?): \(error.reason)")
        }
        guard outcome.status == 0 else {
            let last = String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "exit status \(outcome.status ?? -1)"
            throw SlurmError(reason: "\(arguments[0]) failed: \(last)")
        }
        return outcome.stdout
    }

    /// How the batch ended, from the statuses the jobs wrote.
    public struct Outcome: Sendable, Equatable {
        /// The array tasks that did not succeed (no status, or a non-zero one), from 1.
        public var failedShards: [Int]
        /// The merge job's exit status; nil when it never ran (a shard failed, or it was cancelled).
        public var mergeStatus: Int32?
        public var succeeded: Bool { failedShards.isEmpty && mergeStatus == 0 }
    }

    /// Waits until neither job is in Slurm's queue, telling `progress` each time the jobs'
    /// states change ("shards: 2 running; merge: pending"), and reads how they ended.
    public func wait(for jobs: Jobs, poll seconds: Double = 1, progress: (String) -> Void) throws(SlurmError) -> Outcome {
        var last = ""
        while true {
            let states = try Self.queued(jobs)
            if states.isEmpty { break }
            let shardStates = states.filter { $0.id != jobs.merge }.map(\.state)
            let counts = Dictionary(grouping: shardStates, by: { $0 }).map { "\($0.value.count) \($0.key.lowercased())" }.sorted()
            let merge = states.first { $0.id == jobs.merge }.map { $0.state.lowercased() } ?? "done"
            let line = "shards: \(counts.isEmpty ? "done" : counts.joined(separator: ", ")); merge: \(merge)"
            if line != last { progress(line); last = line }
            // A merge that can never start (a shard failed) is cancelled by Slurm; nothing left to wait for.
            if shardStates.isEmpty, let reason = states.first(where: { $0.id == jobs.merge })?.reason, reason.contains("DependencyNeverSatisfied") { break }
            Thread.sleep(forTimeInterval: seconds)
        }
        func status(_ name: String) -> Int32? {
            (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        return Outcome(failedShards: (1...shards).filter { status("shard-\($0).status") != 0 }, mergeStatus: status("merge.status"))
    }

    struct Queued { var id: String; var state: String; var reason: String }

    /// The jobs' tasks still in the queue: pending, running or completing.
    static func queued(_ jobs: Jobs) throws(SlurmError) -> [Queued] {
        let listing: [UInt8]
        do { listing = try slurm(["squeue", "--noheader", "--jobs=\(jobs.array),\(jobs.merge)", "--format=%F|%i|%T|%r"]) } catch {
            // A job that ended long enough ago is forgotten, and squeue calls its id invalid.
            if error.reason.contains("Invalid job id") { return [] }
            throw error
        }
        return String(decoding: listing, as: UTF8.self).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 4 else { return nil }
            // %F is the array's job id for every task, and the merge job's own id.
            return Queued(id: fields[0], state: fields[2], reason: fields[3])
        }
    }
}

/// Why the batch could not be handed to Slurm or followed there.
public struct SlurmError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var description: String { reason }
}
