/// A document's fingerprints by winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003, the
/// method of MOSS; JPlag's greedy tiling finds the same matches by another way): the hash
/// of every run of `k` consecutive tokens, and in every window of `window` consecutive
/// hashes the smallest (the rightmost of equals), each selection kept once.
///
/// Guarantees, for two documents: a match of at least `k + window - 1` tokens shares at
/// least one fingerprint; a match shorter than `k` tokens shares none. Reordering whole
/// statements changes only the k-grams that straddle the moved boundaries.
public struct Fingerprints: Sendable {
    /// Tokens per k-gram.
    public static let k = 8
    /// k-grams per winnowing window: every shared run of 8 + 6 − 1 = 13 tokens (about one
    /// line of numpy) is found.
    public static let window = 6

    /// The selected hashes, each with the index of its k-gram's first token, in order.
    public private(set) var selected: [(hash: UInt64, token: Int)] = []

    public init(_ tokens: [PythonTokens.Token]) {
        let hashes = Self.kGramHashes(tokens)
        guard !hashes.isEmpty else { return }
        let window = min(Self.window, hashes.count)
        var last = -1
        for start in 0...(hashes.count - window) {
            var best = start
            for index in start..<(start + window) where hashes[index] <= hashes[best] { best = index }
            if best != last {
                selected.append((hashes[best], best))
                last = best
            }
        }
    }

    /// The hash of every k-gram of `tokens`, in order (none when there are fewer than k).
    public static func kGramHashes(_ tokens: [PythonTokens.Token]) -> [UInt64] {
        guard tokens.count >= k else { return [] }
        return (0...(tokens.count - k)).map { start in
            var hash: UInt64 = 0x9e37_79b9_7f4a_7c15
            for token in tokens[start..<(start + k)] { hash = mix(hash ^ token.code) }
            return hash
        }
    }

    /// splitmix64's finalizer: every bit of the input reaches every bit of the output.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
