import CProcess
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process run to completion under a deadline, with bounded output capture.
///
/// The child gets its own process group, standard input from /dev/null, no other
/// descriptor of the grader's, and pipes for its output, which are drained as it runs (so it
/// never blocks on a full pipe) while only the first `keep` bytes of each are kept. At the
/// deadline the whole group is killed. `wait4` gives the CPU time and the largest resident
/// set of the child and everything it waited for.
package struct ChildProcess {
    package struct Outcome {
        package var status: Int32?
        package var signal: Int32?
        package var timedOut: Bool
        package var wallSeconds: Double
        package var cpuSeconds: Double
        package var peakMemoryBytes: Int
        package var stdout: [UInt8]
        package var stderr: [UInt8]
        package var dropped: (Int, Int)
    }

    package struct LaunchError: Error { package var reason: String }

    /// The process groups of the children running now, for `killAll`.
    private static let running = Mutex(Set<pid_t>())

    /// Kills every child still running (and its group): for a grader that is interrupted,
    /// so that nothing it started outlives it.
    package static func killAll() {
        running.withLock { groups in for group in groups { kill(-group, SIGKILL) } }
    }

    package static func run(_ arguments: [String], environment: [String: String], seconds: Double, keep: Int) throws(LaunchError) -> Outcome {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        // Close-on-exec, so that a child started by another thread at the same moment never
        // inherits this one's pipe ends (it could read a classmate's output, write into it,
        // or hold it open past the run).
        guard lrgrade_pipe_cloexec(&outPipe) == 0 else { throw LaunchError(reason: String(cString: strerror(errno))) }
        guard lrgrade_pipe_cloexec(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw LaunchError(reason: String(cString: strerror(errno)))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        // Nothing but 0, 1 and 2 reaches the child: not the grader's other descriptors, nor
        // whatever the grader itself inherited (bubblewrap would pass them on to the script).
        lrgrade_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw LaunchError(reason: "\(arguments[0]): \(String(cString: strerror(spawned)))")
        }

        running.withLock { _ = $0.insert(pid) }
        defer { running.withLock { _ = $0.remove(pid) } }
        var streams = [(fd: outPipe[0], kept: [UInt8](), dropped: 0), (fd: errPipe[0], kept: [UInt8](), dropped: 0)]
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while streams.contains(where: { $0.fd >= 0 }) {
            let left = seconds - (ContinuousClock.now - start).seconds
            if left <= 0, !timedOut { timedOut = true; kill(-pid, SIGKILL) }
            var polls = streams.filter { $0.fd >= 0 }.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            _ = poll(&polls, nfds_t(polls.count), timedOut ? 1000 : Int32(min(max(left, 0.001), 1) * 1000))
            for index in streams.indices where streams[index].fd >= 0 {
                guard polls.contains(where: { $0.fd == streams[index].fd && $0.revents != 0 }) else { continue }
                let count = read(streams[index].fd, &buffer, buffer.count)
                if count <= 0 { close(streams[index].fd); streams[index].fd = -1; continue }
                let room = max(0, keep - streams[index].kept.count)
                streams[index].kept += buffer[0..<min(room, count)]
                streams[index].dropped += count - min(room, count)
            }
            // A child that closed its output but keeps running still meets the deadline.
            if timedOut, streams.allSatisfy({ $0.fd < 0 }) { break }
        }
        var status: Int32 = 0
        var usage = rusage()
        while true {
            let result = wait4(pid, &status, WNOHANG, &usage)
            if result == pid { break }
            if result < 0, errno != EINTR { break }
            if !timedOut, (ContinuousClock.now - start).seconds >= seconds { timedOut = true; kill(-pid, SIGKILL) }
            usleep(2_000)
        }
        kill(-pid, SIGKILL)  // anything of the group left behind
        let exited = (status & 0x7F) == 0
        return Outcome(
            status: exited ? (status >> 8) & 0xFF : nil,
            signal: exited ? nil : status & 0x7F,
            timedOut: timedOut,
            wallSeconds: (ContinuousClock.now - start).seconds,
            cpuSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
            peakMemoryBytes: usage.ru_maxrss * 1024,
            stdout: streams[0].kept, stderr: streams[1].kept, dropped: (streams[0].dropped, streams[1].dropped)
        )
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    package var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
