import Foundation
import Testing
@testable import LRPlatforms

/// What a binary needs of the system, read from its ELF file, against what the platforms' image has.
@Suite("ELF requirements")
struct ELFRequirementsTests {
    /// The lrgrade binary `make test` built, beside this test bundle.
    static let lrgrade = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lrgrade").path

    @Test("the libraries and symbol versions equal what readelf lists, for lrgrade and for /bin/sh")
    func matchesReadelf() throws {
        for binary in [Self.lrgrade, "/bin/sh"] {
            let requirements = try ELFRequirements(contentsOf: binary)
            let listing = try Self.readelf(["-d", "-V", "-W", binary])
            let needed = listing.matches(of: /\(NEEDED\)\s+Shared library: \[(?<name>[^\]]+)\]/).map { String($0.name) }
            #expect(requirements.libraries == needed && !needed.isEmpty, "\(binary)")
            // readelf -V: "  0x0010:   Name: GLIBC_2.34  Flags: none  Version: 5" under "File: libc.so.6".
            var versions: [String: Set<String>] = [:]
            var file: String?
            for line in listing.split(separator: "\n") {
                if let match = line.firstMatch(of: /File: (?<file>\S+)\s+Cnt:/) { file = String(match.file) }
                if let match = line.firstMatch(of: /Name: (?<name>\S+)\s+Flags:/), let file { versions[file, default: []].insert(String(match.name)) }
            }
            #expect(requirements.versions == versions && requirements.versions["libc.so.6"] != nil, "\(binary)")
        }
    }

    @Test("lrgrade as built needs nothing newer than Ubuntu 22.04's glibc 2.35 and GLIBCXX_3.4.30, and no Swift runtime library")
    func lrgradeRunsOnUbuntu2204() throws {
        let requirements = try ELFRequirements(contentsOf: Self.lrgrade)
        #expect(BinaryTarget.ubuntu2204.problem(with: requirements) == nil, "\(requirements)")
        #expect(!requirements.libraries.contains { $0.hasPrefix("libswift") || $0.hasPrefix("libFoundation") })
        let glibc = try #require(requirements.newest("GLIBC_"))
        #expect(!BinaryTarget.ubuntu2204.glibc.lexicographicallyPrecedes(glibc) && glibc.first == 2)
    }

    @Test("a binary needing a newer glibc, or the Swift runtime as a library, is refused with the reason")
    func refusals() {
        let newer = ELFRequirements(libraries: ["libc.so.6"], versions: ["libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.36"]])
        #expect(BinaryTarget.ubuntu2204.problem(with: newer)?.contains("needs GLIBC_2.36, newer than Ubuntu 22.04's GLIBC_2.35") == true)
        let cxx = ELFRequirements(libraries: ["libstdc++.so.6"], versions: ["libstdc++.so.6": ["GLIBCXX_3.4.32"]])
        #expect(BinaryTarget.ubuntu2204.problem(with: cxx)?.contains("GLIBCXX_3.4.32") == true)
        let dynamic = ELFRequirements(libraries: ["libswiftCore.so", "libc.so.6"], versions: [:])
        #expect(BinaryTarget.ubuntu2204.problem(with: dynamic)?.contains("--static-swift-stdlib") == true)
        #expect(newer.newest("GLIBC_") == [2, 36] && newer.newest("GLIBCXX_") == nil)
    }

    @Test("a file that is not a complete 64-bit ELF is refused with one line naming it")
    func malformed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-elf-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = folder.appendingPathComponent("script.sh"), cut = folder.appendingPathComponent("cut")
        try Data("#!/bin/sh\n".utf8).write(to: text)
        try Data(try Data(contentsOf: URL(fileURLWithPath: "/bin/sh")).prefix(200)).write(to: cut)
        for (file, reason) in [(text.path, "not an ELF executable"), (cut.path, "not a complete ELF file"), (folder.path + "/missing", "cannot read")] {
            #expect { try ELFRequirements(contentsOf: file) } throws: { error in
                (error as? PlatformError).map { $0.file == file && $0.reason.contains(reason) } ?? false
            }
        }
    }

    static func readelf(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/readelf")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output
    }
}
