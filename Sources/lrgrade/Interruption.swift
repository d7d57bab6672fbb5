import Foundation
import LRRunner

/// Ctrl-C during a batch: every script still running is killed, `finish` runs (it writes the
/// gradebook of everyone graded so far), and the program ends with status 130. Nothing graded is lost: each student's
/// files are complete before their `grade.json` is written.
enum Interruption {
    nonisolated(unsafe) private static var source: DispatchSourceSignal?

    /// `shard`: the batch is one shard of a class, which writes no gradebook.
    static func stopOnControlC(out: String, shard: Bool = false, finish: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            ChildProcess.killAll()
            finish()
            TemporaryFolders.removeAll()
            let kept = shard ? "every student graded so far has their folder in \(out)" : "\(out)/gradebook.csv holds everyone graded so far"
            FileHandle.standardError.write(Data("\nlrgrade: interrupted; \(kept); run the same command again to go on\n".utf8))
            exit(130)
        }
        source.resume()
        Self.source = source
    }
}
