/// Two scripts of a class that share more code than the handout gives them.
public struct SimilarPair: Sendable, Equatable, Codable {
    /// The scripts' positions in the list compared.
    public var first: Int
    public var second: Int
    /// The fingerprints the two share over the fingerprints they have, 2|A ∩ B| / (|A| + |B|)
    /// (JPlag's average similarity), in [0, 1]; the handout's and the class's most common
    /// code left out of both.
    public var similarity: Double
    /// Fingerprints the two share.
    public var shared: Int
    /// The largest shared fragments, as line ranges (1-based, inclusive) of each script,
    /// largest first.
    public var fragments: [Fragment]

    public struct Fragment: Sendable, Equatable, Codable {
        public var first: ClosedRange<Int>
        public var second: ClosedRange<Int>
    }
}
