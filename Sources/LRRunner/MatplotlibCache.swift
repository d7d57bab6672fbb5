import Foundation

/// matplotlib's font list, built once for a batch. Each run starts with an empty
/// `MPLCONFIGDIR`, so without it every script's first plot scans the system's fonts again
/// (about 0.3 s of the script's time, for each student).
public struct MatplotlibCache: Sendable {
    /// The cache files (`fontlist-v….json`), by name.
    public var files: [String]
    /// The folder holding them.
    public var folder: String

    /// Builds the cache in `folder` (created) by importing matplotlib's font manager with the
    /// Python that runs the scripts, as the scripts' environment sees the fonts (an empty
    /// HOME, so no user's fonts). Nil when that fails, e.g. without matplotlib: scripts then
    /// build their own, as before.
    public static func build(python: PythonInstallation, in folder: String) -> MatplotlibCache? {
        let home = folder + "/home", cache = folder + "/cache"
        guard (try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)) != nil,
              (try? FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)) != nil else { return nil }
        let environment = ["PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "MPLCONFIGDIR": cache]
        guard let outcome = try? ChildProcess.run([python.executable, "-c", "import matplotlib.font_manager"], environment: environment, seconds: 120, keep: 1 << 16) else { return nil }
        ToolUsage.add(outcome)
        guard outcome.status == 0 else { return nil }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).filter { $0.hasPrefix("fontlist") && $0.hasSuffix(".json") }
        return files.isEmpty ? nil : MatplotlibCache(files: files.sorted(), folder: cache)
    }
}
