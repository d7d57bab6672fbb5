import Foundation
import Synchronization

/// How alike the scripts of a class are, pair by pair, in a way that survives renaming,
/// reformatting, comments and reordered statements: each script's winnowed fingerprints
/// (`Fingerprints` over `PythonTokens`), less those of the handout's own code and those so
/// common in the class that they say nothing (MOSS's rule: in more than
/// `max(10, scripts / 10)` scripts), compared for every pair through an inverted index.
///
/// Cost: tokenizing and winnowing is linear in the scripts' length; the comparison is
/// Σ over fingerprints of (scripts sharing it)², bounded by the commonness cut.
public struct ClassSimilarity: Sendable {
    /// Each script's fingerprints after the cut, each hash once with the first token of its
    /// k-gram, sorted by hash.
    private let documents: [[(hash: UInt64, token: Int)]]
    /// The line of each token, per script.
    private let lines: [[Int]]
    /// Every pair that shares a fingerprint, most similar first.
    public let pairs: [SimilarPair]

    /// - Parameters:
    ///   - scripts: the scripts' source, nil for a student without one.
    ///   - skeleton: the handout's code, which every script may share.
    public init(scripts: [String?], skeleton: String) {
        let skeletonHashes = Set(Fingerprints.kGramHashes(PythonTokens(source: skeleton).tokens))
        var lines: [[Int]] = []
        var selected: [[(hash: UInt64, token: Int)]] = []
        for script in scripts {
            let tokens = PythonTokens(source: script ?? "").tokens
            lines.append(tokens.map(\.line))
            var seen = Set<UInt64>()
            selected.append(Fingerprints(tokens).selected.filter { !skeletonHashes.contains($0.hash) && seen.insert($0.hash).inserted })
        }
        var frequency: [UInt64: Int] = [:]
        for document in selected { for fingerprint in document { frequency[fingerprint.hash, default: 0] += 1 } }
        let common = max(10, scripts.count / 10)
        let documents = selected.map { document in
            document.filter { frequency[$0.hash]! <= common }.sorted { $0.hash < $1.hash }
        }
        self.documents = documents
        self.lines = lines
        pairs = Self.compare(documents)
    }

    /// Every pair sharing a fingerprint, by similarity (then by position), without fragments.
    private static func compare(_ documents: [[(hash: UInt64, token: Int)]]) -> [SimilarPair] {
        let postings: [UInt64: [Int32]] = {
            var postings: [UInt64: [Int32]] = [:]
            for (index, document) in documents.enumerated() { for fingerprint in document { postings[fingerprint.hash, default: []].append(Int32(index)) } }
            return postings
        }()
        // Rows of the pair matrix on every core, each worker with its own counts; a row's
        // pairs are those with a later script, so each pair is counted once.
        let workers = max(1, min(documents.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        let found = Mutex<[SimilarPair]>([])
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var counts = [Int32](repeating: 0, count: documents.count)
            var pairs: [SimilarPair] = []
            for first in stride(from: worker, to: documents.count, by: workers) {
                var touched: [Int] = []
                for fingerprint in documents[first] {
                    for second in postings[fingerprint.hash]! where Int(second) > first {
                        if counts[Int(second)] == 0 { touched.append(Int(second)) }
                        counts[Int(second)] += 1
                    }
                }
                for second in touched {
                    let shared = Int(counts[second])
                    counts[second] = 0
                    let similarity = 2 * Double(shared) / Double(documents[first].count + documents[second].count)
                    pairs.append(SimilarPair(first: first, second: second, similarity: similarity, shared: shared, fragments: []))
                }
            }
            found.withLock { $0 += pairs }
        }
        return found.withLock { $0 }.sorted { ($1.similarity, $0.first, $0.second) < ($0.similarity, $1.first, $1.second) }
    }

    /// The pairs at or above `threshold`, most similar first; the first `withFragments` of
    /// them with their shared fragments (finding them costs a merge of the two scripts'
    /// fingerprints, and a class of copies can have tens of thousands of pairs).
    public func pairs(atLeast threshold: Double, withFragments fragmented: Int = .max) -> [SimilarPair] {
        pairs.prefix { $0.similarity >= threshold }.enumerated().map { $0.offset < fragmented ? withFragments($0.element) : $0.element }
    }

    /// The `count` most similar pairs, each with its shared fragments.
    public func top(_ count: Int) -> [SimilarPair] { pairs.prefix(count).map(withFragments) }

    /// At most this many fragments per pair.
    static let fragmentsShown = 3

    /// `pair` with its largest shared fragments: the shared fingerprints in the first script's
    /// order, merged while they follow each other in both scripts within `gap` tokens (the
    /// handout's and the class's common fingerprints, left out, would otherwise cut a copied
    /// passage into pieces), as lines.
    func withFragments(_ pair: SimilarPair) -> SimilarPair {
        let (a, b) = (documents[pair.first], documents[pair.second])
        // Shared hashes by a merge of the two sorted lists.
        var matches: [(Int, Int)] = []
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i].hash < b[j].hash { i += 1 } else if a[i].hash > b[j].hash { j += 1 } else {
                matches.append((a[i].token, b[j].token))
                i += 1
                j += 1
            }
        }
        matches.sort { $0 < $1 }
        let k = Fingerprints.k, gap = 3 * Fingerprints.k
        var runs: [(first: Range<Int>, second: Range<Int>, size: Int)] = []
        for (x, y) in matches {
            if var last = runs.last, x <= last.first.upperBound + gap, y >= last.second.lowerBound - k, y <= last.second.upperBound + gap {
                last.first = last.first.lowerBound..<max(last.first.upperBound, x + k)
                last.second = min(last.second.lowerBound, y)..<max(last.second.upperBound, y + k)
                last.size += 1
                runs[runs.count - 1] = last
            } else {
                runs.append((x..<(x + k), y..<(y + k), 1))
            }
        }
        var result = pair
        result.fragments = runs.sorted { $0.size > $1.size }.prefix(Self.fragmentsShown).map { run in
            SimilarPair.Fragment(first: lineRange(pair.first, run.first), second: lineRange(pair.second, run.second))
        }
        return result
    }

    private func lineRange(_ document: Int, _ tokens: Range<Int>) -> ClosedRange<Int> {
        let lines = self.lines[document]
        return lines[tokens.lowerBound]...lines[min(tokens.upperBound, lines.count) - 1]
    }
}
