import Foundation
import LRRunner

/// Ctrl-C during a batch: every script still running is killed, `finish` runs (it writes the
/// gradebook of everyone graded so far), and the program ends with status 130. Nothing graded is lost: each student's
/// files are complete before their `grade.json` is written.
enum Interruption {
    nonisolated(unsafe) private static var source: DispatchSourceSignal?

    static func stopOnControlC(out: String, finish: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            ChildProcess.killAll()
            finish()
            TemporaryFolders.removeAll()
            FileHandle.standardError.write(Data("\nlrgrade: interrupted; \(out)/gradebook.csv holds everyone graded so far; run the same command again to go on\n".utf8))
            exit(130)
        }
        source.resume()
        Self.source = source
    }
}
