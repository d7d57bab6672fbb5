import ArgumentParser
import Foundation
import LRCluster

extension GradeClass {
    /// `--slurm N`: the class as a Slurm job array of N shards and a merge job, submitted
    /// (or, with `--slurm-script`, only written and shown), then followed to the end.
    func onSlurm(_ shards: Int, out: String, students: Int) throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let results = CommandLinePath.absolute(out), classFolder = CommandLinePath.absolute(submissions)
        let shardCommand = [executable, "grade", classFolder, "--out", results] + export.arguments + (jobs.map { ["--jobs", String($0)] } ?? [])
            + (force ? ["--force"] : []) + (rerun ? ["--rerun"] : []) + grading.arguments + limits.arguments
        let mergeCommand = [executable, "gradebook", results, "--submissions", classFolder] + export.arguments + (grading.rubric.map { ["--rubric", CommandLinePath.absolute($0)] } ?? [])
        let batch = SlurmBatch(shards: shards, shardCommand: shardCommand, mergeCommand: mergeCommand, folder: results + "/.slurm",
                               workingDirectory: FileManager.default.currentDirectoryPath, options: slurmOption)
        do { try batch.writeScripts() } catch { LRGrade.fail(error.description) }
        if slurmScript {
            for (path, text) in [(batch.shardScriptPath, batch.shardScript), (batch.mergeScriptPath, batch.mergeScript)] { print("# \(path)\n\(text)") }
            print("# Submit them with:\n\(batch.submitCommands)")
            return
        }
        let start = ContinuousClock.now
        let jobs: SlurmBatch.Jobs
        do { jobs = try batch.submit() } catch { LRGrade.fail(error.description) }
        print("Submitted job array \(jobs.array) (\(shards) shard\(shards == 1 ? "" : "s") of a class of \(students)) and merge job \(jobs.merge); waiting (Ctrl-C stops the waiting, not the jobs)")
        let outcome: SlurmBatch.Outcome
        do { outcome = try batch.wait(for: jobs) { line in if !quiet { print("slurm: " + line) } } } catch { LRGrade.fail(error.description) }
        let time = String(format: "%.1f", (ContinuousClock.now - start).seconds)
        guard outcome.succeeded else {
            let failed = outcome.failedShards.map { "shard \($0) (\(batch.folder)/shard-\($0).log)" }
            let why = failed.isEmpty ? "the merge job ended with status \(outcome.mergeStatus.map(String.init) ?? "none") (\(batch.folder)/merge.log)"
                : "\(failed.joined(separator: ", ")) did not succeed, so the merge did not run"
            FileHandle.standardError.write(Data("lrgrade: error: Slurm: \(why); run the same command again to grade what is missing\n".utf8))
            throw ExitCode(1)
        }
        print("Graded a class of \(students) on Slurm in \(time) s (\(shards) shard\(shards == 1 ? "" : "s"), jobs \(jobs.array) and \(jobs.merge)); wrote \(results)/gradebook.csv and the class's files; logs in \(batch.folder)")
    }
}
