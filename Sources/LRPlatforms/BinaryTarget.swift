/// The oldest system an autograder's lrgrade binary must run on: Gradescope's default
/// image, Ubuntu 22.04, whose glibc is 2.35 and libstdc++ (GCC 12) provides GLIBCXX_3.4.30;
/// the PrairieLearn image lrgrade writes is built on the same.
public struct BinaryTarget: Sendable {
    public var name: String
    public var glibc: [Int]
    public var glibcxx: [Int]

    public static let ubuntu2204 = BinaryTarget(name: "Ubuntu 22.04", glibc: [2, 35], glibcxx: [3, 4, 30])

    /// Why `requirements` (of `file`) would not run here: a Swift runtime linked as shared
    /// libraries (not on the target), or a symbol version newer than the target's; nil when
    /// it runs.
    public func problem(with requirements: ELFRequirements) -> String? {
        if let swift = requirements.libraries.first(where: { $0.hasPrefix("libswift") || $0.hasPrefix("libFoundation") || $0 == "libdispatch.so" }) {
            return "links the Swift runtime as a shared library (\(swift)), which \(name) does not have: build it with `swift build -c release --static-swift-stdlib` (make build)"
        }
        for (prefix, limit) in [("GLIBC_", glibc), ("GLIBCXX_", glibcxx)] {
            if let needed = requirements.newest(prefix), limit.lexicographicallyPrecedes(needed) {
                return "needs \(prefix)\(Self.dotted(needed)), newer than \(name)'s \(prefix)\(Self.dotted(limit)): build it on a system whose glibc and libstdc++ are no newer"
            }
        }
        return nil
    }

    static func dotted(_ version: [Int]) -> String { version.map(String.init).joined(separator: ".") }
}
