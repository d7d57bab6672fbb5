import Foundation
import LRData
import LRGrading
import LRRunner

/// The files an autograder carries, laid out as an installed lrgrade
/// (`bin/lrgrade`, `share/lrgrade/templates`, `share/lrgrade/mnist`) with the rubric and the
/// precomputed reference beside them, so that grading a submission costs its script and
/// the grading, nothing more; and the platform's own files around them.
public struct AutograderBundle: Sendable {
    /// The lrgrade binary (checked against `BinaryTarget.ubuntu2204`).
    public var executable: String
    /// The folder with harness.py, shim/, handout.py and the default rubric.
    public var templates: String
    /// The four MNIST IDX files the scripts' load_data() serves.
    public var mnist: String
    /// The rubric, as YAML.
    public var rubric: String
    /// reference.json's bytes.
    public var reference: Data
    /// The secret variant's seed, when the rubric asks for one: every submission gets the
    /// same variant.
    public var secretSeed: UInt64?

    /// The payload's folder in the bundle, and its files there.
    public static let folder = "lrgrade"
    public static let rubricName = "rubric.yaml", referenceName = "reference.json"

    public init(executable: String, templates: String, mnist: String, rubric: String, reference: Data, secretSeed: UInt64?) {
        self.executable = executable
        self.templates = templates
        self.mnist = mnist
        self.rubric = rubric
        self.reference = reference
        self.secretSeed = secretSeed
    }

    /// Debian and Ubuntu packages the binary and the scripts need at run time: Cairo (and
    /// FreeType) and libdeflate, which lrgrade links; poppler's tools; bubblewrap; util-linux
    /// (prlimit, setpriv); Python 3 with pip.
    public static let systemPackages = ["libcairo2", "libfreetype6", "libdeflate0", "poppler-utils", "bubblewrap", "util-linux", "python3", "python3-pip"]
    /// What students' scripts import.
    public static let pythonPackages = ["numpy", "scikit-learn", "matplotlib", "seaborn", "pandas"]

    /// Checks that the binary runs on the platforms' image.
    public func checkExecutable() throws(PlatformError) {
        let requirements = try ELFRequirements(contentsOf: executable)
        if let problem = BinaryTarget.ubuntu2204.problem(with: requirements) { throw PlatformError(file: executable, reason: problem) }
    }

    /// A generated file of the bundle.
    public struct Text: Sendable {
        public var name: String
        public var contents: String
        public var executable: Bool
        public init(name: String, contents: String, executable: Bool) {
            self.name = name
            self.contents = contents
            self.executable = executable
        }
    }

    /// Every member, with the file holding its bytes: `texts` and the payload's generated
    /// files are written into `staging`, the rest are the files themselves.
    func members(with texts: [Text], staging: String) throws(PlatformError) -> [(name: String, file: String)] {
        var members: [(name: String, file: String)] = []
        var generated = texts
        generated.append(Text(name: Self.folder + "/" + Self.referenceName, contents: String(decoding: reference, as: UTF8.self), executable: false))
        if let secretSeed { generated.append(Text(name: Self.folder + "/" + SecretData.seedFileName, contents: String(secretSeed, radix: 16), executable: false)) }
        for text in generated {
            let file = staging + "/" + text.name
            do {
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.contents.utf8).write(to: URL(fileURLWithPath: file))
            } catch { throw PlatformError(file: file, reason: "cannot write: \((error as NSError).localizedDescription)") }
            chmod(file, text.executable ? 0o755 : 0o644)
            members.append((text.name, file))
        }
        members.append((Self.folder + "/bin/lrgrade", executable))
        members.append((Self.folder + "/" + Self.rubricName, rubric))
        members += try Self.files(in: templates, as: Self.folder + "/share/lrgrade/templates")
        members += try Self.files(in: mnist, as: Self.folder + "/share/lrgrade/mnist").filter { Self.isIDX(($0.name as NSString).lastPathComponent) }
        return members
    }

    /// The four IDX files, raw or gzipped; not the checksums or scripts beside them.
    static func isIDX(_ name: String) -> Bool { name.contains("-idx") && (name.hasSuffix("-ubyte") || name.hasSuffix("-ubyte.gz")) }

    /// The regular files under `folder`, named under `prefix`, in name order; hidden names
    /// and Python's caches left out.
    static func files(in folder: String, as prefix: String) throws(PlatformError) -> [(name: String, file: String)] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { throw PlatformError(file: folder, reason: "cannot list") }
        var found: [(name: String, file: String)] = []
        while let relative = enumerator.nextObject() as? String {
            let parts = relative.split(separator: "/")
            if parts.contains(where: { $0.hasPrefix(".") || $0 == "__pycache__" }) { continue }
            if case .regular = UntrustedFile.kind(atPath: folder + "/" + relative) { found.append((prefix + "/" + relative, folder + "/" + relative)) }
        }
        return found.sorted { $0.name < $1.name }
    }

    /// Writes the bundle with `texts` as a deflated zip at `path` (replaced whole on success).
    public func writeZip(_ texts: [Text], to path: String) throws(PlatformError) {
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-autograder-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let members = try members(with: texts, staging: staging)
        do { try ZipWriter.write(members, to: path, deflate: true) } catch { throw PlatformError(file: error.file, reason: error.reason) }
    }

    /// Writes the bundle with `texts` into the folder `path` (created; an existing one must be empty).
    public func writeFolder(_ texts: [Text], to path: String) throws(PlatformError) {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: path), !existing.isEmpty {
            throw PlatformError(file: path, reason: "not empty: give a new folder for the grader's files")
        }
        let staging = path + "/.staging-\(UUID().uuidString)"
        defer { try? manager.removeItem(atPath: staging) }
        do { try manager.createDirectory(atPath: staging, withIntermediateDirectories: true) } catch {
            throw PlatformError(file: path, reason: "cannot create: \((error as NSError).localizedDescription)")
        }
        for member in try members(with: texts, staging: staging) {
            let target = path + "/" + member.name
            do {
                try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try manager.copyItem(atPath: member.file, toPath: target)
            } catch { throw PlatformError(file: target, reason: "cannot write: \((error as NSError).localizedDescription)") }
        }
    }
}

extension AutograderBundle {
    /// The shell commands that open the payload at `folder` to the unprivileged users
    /// scripts run as (the binary, the harness, the data: a script running without
    /// bubblewrap must reach them) and close what grading alone reads: the reference, the
    /// rubric and the secret seed, which such a script could otherwise read.
    static func permissions(folder: String) -> String {
        """
        chmod -R a+rX \(folder)
        chmod 755 \(folder)/bin/lrgrade
        chmod 600 \(folder)/\(referenceName) \(folder)/\(rubricName)
        [ ! -e \(folder)/\(SecretData.seedFileName) ] || chmod 600 \(folder)/\(SecretData.seedFileName)
        """
    }
}
