import Crypto
import Foundation

/// The SHA-256 (swift-crypto's) of what a grade or a stored run depends on, for telling
/// whether it changed since: a content hash, not a security boundary.
package struct InputHash {
    private var hasher = Crypto.SHA256()

    package init() {}

    package mutating func update(_ bytes: some DataProtocol) { hasher.update(data: bytes) }

    /// Hashes a string's UTF-8 bytes, preceded by their count so that consecutive fields
    /// cannot run into each other ("a", "bc" is not "ab", "c").
    package mutating func update(field text: String) {
        update(withUnsafeBytes(of: UInt64(text.utf8.count).bigEndian, Array.init))
        update(Array(text.utf8))
    }

    /// The SHA-256 of `bytes` alone, as 64 lowercase hexadecimal digits.
    package static func digest(of bytes: some DataProtocol) -> String {
        var hash = InputHash()
        hash.update(bytes)
        return hash.finalize()
    }

    /// The digest as 64 lowercase hexadecimal digits.
    package func finalize() -> String {
        hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
