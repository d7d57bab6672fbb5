import Foundation

/// What a Linux executable asks of the machine that runs it, read from its ELF file: the
/// shared libraries it links (`DT_NEEDED`) and the symbol versions it needs of them (the
/// GNU version-needs section: `GLIBC_2.34`, `GLIBCXX_3.4.30`). A binary runs where every
/// library is present at a version at least as new as each one it needs.
///
/// Reads 64-bit little-endian ELF (x86-64, AArch64), the only kind lrgrade is built as.
public struct ELFRequirements: Sendable, Equatable {
    /// The libraries linked, in the order the dynamic section lists them.
    public var libraries: [String]
    /// The symbol versions needed, by the library that provides them.
    public var versions: [String: Set<String>]

    public init(contentsOf path: String) throws(PlatformError) {
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw PlatformError(file: path, reason: "cannot read: \((error as NSError).localizedDescription)")
        }
        do { self = try Self.parse(bytes) } catch { throw PlatformError(file: path, reason: error.reason) }
    }

    /// The newest version needed of the ones named `prefix` and a dotted number
    /// (`GLIBC_` gives `[2, 35]` for `GLIBC_2.35`); nil when none is needed.
    public func newest(_ prefix: String) -> [Int]? {
        versions.values.joined().compactMap { name -> [Int]? in
            guard name.hasPrefix(prefix) else { return nil }
            let parts = name.dropFirst(prefix.count).split(separator: ".").map { Int($0) }
            return parts.isEmpty || parts.contains(nil) ? nil : parts.compactMap { $0 }
        }.max { $0.lexicographicallyPrecedes($1) }
    }

    struct Malformed: Error { var reason: String }

    static func parse(_ bytes: Data) throws(Malformed) -> ELFRequirements {
        func integer(_ offset: Int, _ size: Int) throws(Malformed) -> Int {
            guard offset >= 0, size <= 8, offset <= bytes.count - size else { throw Malformed(reason: "not a complete ELF file (an offset points past its end)") }
            var value: UInt64 = 0
            for index in (0..<size).reversed() { value = value << 8 | UInt64(bytes[bytes.startIndex + offset + index]) }
            guard value <= UInt64(Int.max) else { throw Malformed(reason: "an offset is out of range") }
            return Int(value)
        }
        func string(_ offset: Int) throws(Malformed) -> String {
            guard offset >= 0, offset < bytes.count else { throw Malformed(reason: "a name points past the end of the file") }
            let start = bytes.startIndex + offset
            guard let end = bytes[start...].firstIndex(of: 0) else { throw Malformed(reason: "a name is not terminated") }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        guard bytes.count >= 64, bytes.prefix(4).elementsEqual([0x7F, 0x45, 0x4C, 0x46]) else { throw Malformed(reason: "not an ELF executable") }
        guard bytes[bytes.startIndex + 4] == 2, bytes[bytes.startIndex + 5] == 1 else { throw Malformed(reason: "not a 64-bit little-endian ELF file") }
        let sectionTable = try integer(0x28, 8), entrySize = try integer(0x3A, 2), count = try integer(0x3C, 2)
        guard entrySize >= 64 else { throw Malformed(reason: "section headers of \(entrySize) bytes") }
        struct Section { var type: Int, offset: Int, size: Int, link: Int, info: Int }
        var sections: [Section] = []
        for index in 0..<count {
            let header = sectionTable + index * entrySize
            sections.append(Section(type: try integer(header + 4, 4), offset: try integer(header + 24, 8), size: try integer(header + 32, 8),
                                    link: try integer(header + 40, 4), info: try integer(header + 44, 4)))
        }
        func strings(of section: Section) throws(Malformed) -> Int {
            guard section.link < sections.count else { throw Malformed(reason: "a section links to no string table") }
            return sections[section.link].offset
        }
        var libraries: [String] = []
        var versions: [String: Set<String>] = [:]
        // SHT_DYNAMIC: (tag, value) pairs; DT_NEEDED (1) names a library; DT_NULL (0) ends them.
        for section in sections where section.type == 6 {
            let table = try strings(of: section)
            for entry in stride(from: section.offset, to: section.offset + section.size, by: 16) {
                let tag = try integer(entry, 8)
                if tag == 0 { break }
                if tag == 1 { libraries.append(try string(table + integer(entry + 8, 8))) }
            }
        }
        // SHT_GNU_verneed: `info` entries, each a file and a chain of the versions needed of it.
        for section in sections where section.type == 0x6FFF_FFFE {
            let table = try strings(of: section)
            var entry = section.offset
            for _ in 0..<section.info {
                let needed = try integer(entry + 2, 2), file = try string(table + integer(entry + 4, 4))
                var auxiliary = entry + (try integer(entry + 8, 4))
                for _ in 0..<needed {
                    versions[file, default: []].insert(try string(table + integer(auxiliary + 8, 4)))
                    auxiliary += try integer(auxiliary + 12, 4)
                }
                let next = try integer(entry + 12, 4)
                if next == 0 { break }
                entry += next
            }
        }
        return ELFRequirements(libraries: libraries, versions: versions)
    }

    init(libraries: [String], versions: [String: Set<String>]) {
        self.libraries = libraries
        self.versions = versions
    }
}
