import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The command line that confines a script: resource limits with `prlimit`, then
/// bubblewrap (no network, separate process, IPC and host namespaces, a read-only view of
/// the system and the Python installation, a size-capped private `/tmp`, the run's folder as
/// the only writable place, nothing else of the grader's files), then, when the grader runs
/// as root, `setpriv` down to an unprivileged user with no capabilities, so that the process
/// limit applies (the kernel never enforces it for root). Each job slot has its own user
/// (`user(slot:)`), so one student's processes never count against another's limit, and
/// no two scripts running at once can signal or trace each other.
struct Sandbox {
    /// Where things appear inside the sandbox.
    static let submission = "/submission", templates = "/lrgrade", mnist = "/lrgrade/mnist", matplotlibFolder = "/tmp/matplotlib"

    var limits: RunLimits
    var python: PythonInstallation
    var templates: String
    var mnist: String
    var matplotlibCache: MatplotlibCache?
    /// The user the script runs as when the grader is root.
    var user: UInt32

    /// Scripts run as `firstUser + slot`: numbers no account on a usual system has, so
    /// nothing on the machine belongs to them.
    static let firstUser: UInt32 = 1_900_000_000
    /// Helper tools (poppler) on students' files run as a user no script ever is.
    static let toolUser: UInt32 = firstUser - 1

    static func user(slot: Int) -> UInt32 { firstUser + UInt32(clamping: max(0, slot)) }

    /// Whether bubblewrap can start here, or why not: tried once per process.
    static let availability: Result<Void, ChildProcess.LaunchError> = {
        do {
            let outcome = try ChildProcess.run(["bwrap", "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "true"],
                                               environment: ["PATH": "/usr/bin:/bin"], seconds: 10, keep: 4096)
            if outcome.status == 0 { return .success(()) }
            return .failure(.init(reason: String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "bwrap failed"))
        } catch { return .failure((error as? ChildProcess.LaunchError) ?? .init(reason: "\(error)")) }
    }()

    static func limitArguments(memoryBytes: Int, processes: Int?, fileBytes: Int) -> [String] {
        ["prlimit", "--as=\(memoryBytes)"] + (processes.map { ["--nproc=\($0)"] } ?? []) + ["--fsize=\(fileBytes)", "--core=0", "--"]
    }

    static func dropPrivileges(to user: UInt32) -> [String] {
        ["setpriv", "--reuid=\(user)", "--regid=\(user)", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    }

    /// What every confined process sees of the system: `/usr` (and the usual links to it)
    /// and, of `/etc`, only what programs need to start and to find fonts and libraries.
    /// The rest of `/etc` stays hidden, and so does everything outside these mounts.
    static let systemView: [String] = {
        var arguments = ["--ro-bind", "/usr", "/usr",
                         "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
                         "--proc", "/proc", "--dev", "/dev", "--perms", "0755", "--dir", "/etc"]
        let etc = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "fonts", "localtime", "timezone", "passwd", "group",
                   "nsswitch.conf", "mime.types", "matplotlibrc"]
        let pythons = ((try? FileManager.default.contentsOfDirectory(atPath: "/etc")) ?? []).filter { $0.hasPrefix("python") }.sorted()
        for entry in etc + pythons { arguments += ["--ro-bind-try", "/etc/" + entry, "/etc/" + entry] }
        return arguments + ["--ro-bind-try", "/var/cache/fontconfig", "/var/cache/fontconfig"]
    }()

    /// Namespaces and process ties every confined process gets.
    static let isolation = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                            "--die-with-parent", "--new-session", "--clearenv"]

    /// Whether, outside the sandbox, an unprivileged user can run the Python and read the
    /// harness and the data: every folder on the way searchable by others, the files readable.
    var reachableByOthers: Bool {
        func open(_ path: String, file: Bool) -> Bool {
            var info = stat()
            guard stat(path, &info) == 0 else { return false }
            return info.st_mode & (file ? S_IROTH : S_IXOTH) != 0
        }
        func reachable(_ path: String) -> Bool {
            let parts = path.split(separator: "/")
            for depth in parts.indices.dropLast() where !open("/" + parts[...depth].joined(separator: "/"), file: false) { return false }
            return open(path, file: true)
        }
        return [python.executable, templates + "/harness.py", mnist].allSatisfy(reachable)
    }

    private func environment(home: String, shim: String, data: String, temporary: String) -> [String: String] {
        let threads = String(limits.threads)
        return ["PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "MPLCONFIGDIR": temporary,
                "PYTHONPATH": shim, "LRGRADE_MNIST": data, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1",
                "OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads]
    }

    private var scriptLimits: [String] {
        Self.limitArguments(memoryBytes: limits.memoryBytes, processes: limits.processes, fileBytes: limits.fileBytes)
    }

    /// What the harness is run for.
    enum Job {
        /// The script, its capture written to `capture` in its folder.
        case run(capture: String)
        /// The script's sigmoid alone, on these points (see harness.py).
        case probeSigmoid([Double])

        func arguments(folder: String, script: String) -> [String] {
            switch self {
            case .run(let capture): [folder + "/" + script, folder + "/" + capture]
            case .probeSigmoid(let points): ["--probe-sigmoid", folder + "/" + script, points.map { "\($0)" }.joined(separator: ",")]
            }
        }
    }

    /// The arguments and environment that run the harness's `job` on `script` in `folder`.
    func command(folder: String, script: String, job: Job) -> (arguments: [String], environment: [String: String]) {
        let inner = environment(home: Self.submission, shim: Self.templates + "/shim", data: Self.mnist, temporary: Self.matplotlibFolder)
        var arguments = scriptLimits + ["bwrap"] + Self.isolation + Self.systemView + [
            // tmpfs lives in memory outside RLIMIT_AS: its size is capped on its own.
            "--size", String(limits.temporaryBytes), "--tmpfs", "/tmp",
            // matplotlib's configuration and cache: writable by the script's user, or
            // matplotlib makes a temporary one and scans the fonts again.
            "--perms", "0777", "--dir", Self.matplotlibFolder,
            // Folders bwrap makes for mount points are private (0700) unless made first.
            "--perms", "0755", "--dir", Self.templates,
            "--ro-bind", templates + "/harness.py", Self.templates + "/harness.py",
            "--ro-bind", templates + "/shim", Self.templates + "/shim",
            "--ro-bind", mnist, Self.mnist,
            "--bind", folder, Self.submission, "--chdir", Self.submission,
        ]
        // Read-only: matplotlib only reads a font list that is current.
        if let cache = matplotlibCache {
            for file in cache.files { arguments += ["--ro-bind", cache.folder + "/" + file, Self.matplotlibFolder + "/" + file] }
        }
        let root = geteuid() == 0
        if !root { arguments += ["--unshare-user"] }
        for prefix in python.prefixes where !prefix.hasPrefix("/usr/") {
            // Parent folders made for the mount would be private: make them first, readable.
            let parts = prefix.split(separator: "/").dropLast()
            for depth in parts.indices { arguments += ["--perms", "0755", "--dir", "/" + parts[...depth].joined(separator: "/")] }
            arguments += ["--ro-bind", prefix, prefix]
        }
        for (key, value) in inner.sorted(by: { $0.key < $1.key }) { arguments += ["--setenv", key, value] }
        arguments += (root ? Self.dropPrivileges(to: user) : []) + [python.executable, Self.templates + "/harness.py"] + job.arguments(folder: Self.submission, script: script)
        return (arguments, ["PATH": "/usr/bin:/bin"])
    }

    /// Copies matplotlib's font list into the run's `MPLCONFIGDIR` for `limitsOnlyCommand`,
    /// which has no read-only mounts; a failed copy only costs the script the scan.
    func provideMatplotlibCache(in folder: String) {
        let target = Self.matplotlibFolder(limitsOnlyIn: folder)
        guard let cache = matplotlibCache,
              (try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])) != nil else { return }
        for file in cache.files { try? FileManager.default.copyItem(atPath: cache.folder + "/" + file, toPath: target + "/" + file) }
    }

    /// matplotlib's folder in a run without the sandbox: inside the run's folder, the one
    /// place the script may write.
    static func matplotlibFolder(limitsOnlyIn folder: String) -> String { folder + "/.matplotlib" }

    /// The same run with the limits only, for machines where bubblewrap cannot start: as the
    /// unprivileged user when the grader is root and the files are reachable (`asUnprivileged`).
    func limitsOnlyCommand(folder: String, script: String, job: Job, asUnprivileged: Bool) -> (arguments: [String], environment: [String: String]) {
        let arguments = scriptLimits + (asUnprivileged ? Self.dropPrivileges(to: user) : []) + ["env", "-C", folder, python.executable, templates + "/harness.py"]
            + job.arguments(folder: folder, script: script)
        return (arguments, environment(home: folder, shim: templates + "/shim", data: mnist, temporary: Self.matplotlibFolder(limitsOnlyIn: folder)))
    }
}

/// The Python that runs students' scripts: its executable and the folders to mount.
public struct PythonInstallation: Sendable {
    public var executable: String
    public var prefixes: [String]

    /// Asks `command` (found on PATH) where it lives: isolated and without `site` (`-I -S`),
    /// which only the prefixes need, in a tenth of the time of a full start.
    public static func find(_ command: String = "python3") throws(RunnerError) -> PythonInstallation {
        let probe = "import json, sys; print(json.dumps({'executable': sys.executable, 'prefixes': sorted({sys.prefix, sys.base_prefix, sys.exec_prefix})}))"
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run([command, "-I", "-S", "-c", probe], environment: ProcessInfo.processInfo.environment, seconds: 30, keep: 1 << 16)
        } catch { throw RunnerError(file: command, reason: "cannot start Python: \(error.reason)") }
        struct Answer: Decodable { var executable: String; var prefixes: [String] }
        guard outcome.status == 0, let answer = try? JSONDecoder().decode(Answer.self, from: Data(outcome.stdout)) else {
            throw RunnerError(file: command, reason: "not a working Python 3")
        }
        return PythonInstallation(executable: answer.executable, prefixes: answer.prefixes)
    }
}

/// Why a script could not be run at all (as opposed to a script that failed).
public struct RunnerError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}
