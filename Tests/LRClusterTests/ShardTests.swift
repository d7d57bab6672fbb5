import Testing
@testable import LRCluster

@Suite("Shards and Slurm batch scripts")
struct ShardTests {
    @Test("the shards of a class cover it exactly once, in sizes that differ by at most one, whatever the order read")
    func cover() throws {
        let ids = (0..<23).map { String(format: "%09d", ($0 * 7_919) % 1_000_003) }
        for count in [1, 2, 3, 5, 23, 30] {
            let parts = try (1...count).map { try Shard(index: $0, count: count).select(ids, key: { $0 }) }
            #expect(parts.flatMap { $0 }.sorted() == ids.sorted())
            let sizes = parts.map(\.count)
            #expect(sizes.max()! - sizes.min()! <= 1, "\(count): \(sizes)")
            let shuffled = try (1...count).map { try Shard(index: $0, count: count).select(ids.reversed(), key: { $0 }) }
            #expect(shuffled == parts, "the order the class was read in does not matter")
        }
    }

    @Test("K/N parses with 1 ≤ K ≤ N; anything else is refused with what was given", arguments: ["0/2", "3/2", "1/0", "2", "a/b", "1/2/3", "-1/2", ""])
    func refused(_ text: String) {
        #expect { try Shard(parsing: text) } throws: { error in (error as? ShardError)?.description.contains("\"\(text)\" is not K/N") == true }
    }

    @Test("K/N parses")
    func parses() throws {
        #expect(try Shard(parsing: "2/8") == Shard(index: 2, count: 8))
        #expect(try Shard(parsing: "1/1").description == "1/1")
    }

    @Test("the batch scripts: an array of N tasks, each its shard, and a merge job; quoted paths; statuses written")
    func scripts() {
        let batch = SlurmBatch(shards: 3, shardCommand: ["/opt/lrgrade/bin/lrgrade", "grade", "/shared/class of 2026", "--out", "/shared/it's graded"],
                               mergeCommand: ["/opt/lrgrade/bin/lrgrade", "gradebook", "/shared/it's graded"], folder: "/shared/it's graded/.slurm",
                               workingDirectory: "/shared", options: ["--partition=short", "--time=30"])
        let shards = batch.shardScript, merge = batch.mergeScript
        #expect(shards.hasPrefix("#!/bin/bash\n#SBATCH --job-name=lrgrade-shards\n#SBATCH --chdir=/shared\n#SBATCH --array=1-3\n"))
        #expect(shards.contains("#SBATCH --partition=short\n#SBATCH --time=30\n") && merge.contains("#SBATCH --partition=short\n"))
        #expect(shards.contains("'/shared/class of 2026' '--out' '/shared/it'\\''s graded' --shard \"$SLURM_ARRAY_TASK_ID/3\"\n"))
        #expect(shards.contains("echo $status > '/shared/it'\\''s graded/.slurm/shard-'\"$SLURM_ARRAY_TASK_ID\"'.status'"))
        #expect(merge.contains("'gradebook' '/shared/it'\\''s graded'\nstatus=$?\n") && !merge.contains("--array"))
        #expect(batch.submitCommands.contains("--dependency=afterok:${array%%;*} --kill-on-invalid-dep=yes"))
    }
}
