import Foundation
import LRData
import LRRunner

/// The replays and learning-rate searches of a batch, kept in `<out>/.lrgrade-replays.gz`
/// for the next batch on the same results folder: a regrade after a rubric change needs the
/// same replays (they depend on the data and the code, not on the rubric), which cost about
/// a millisecond per epoch on both cores, a second or more for a varied class.
///
/// `key` is the SHA-256 of what a replay depends on: the data the scripts were served (the
/// same files the run inputs hash), the digit pair, and lrgrade's own executable (another
/// build may compute in another order). A file of another key, or damaged, is ignored.
struct ReplayCache: Codable {
    static let schema = "lrgrade-replays/1"
    static let fileName = ".lrgrade-replays.gz"
    /// The largest file read back: a replay of 2,000 epochs is about 100 KB of JSON.
    static let maximumBytes = 256 << 20

    var schema = ReplayCache.schema
    var key: String
    var replays: [Replays.Replay]
    var searches: [Search]

    struct Search: Codable {
        var loss: Double
        var rates: [Double]
    }

    init(key: String, _ replays: Replays) {
        self.key = key
        let known = replays.known
        self.replays = known.replays
        searches = known.searches.map { Search(loss: $0.loss, rates: $0.rates) }
    }

    /// The cache in `folder` if it is readable, whole and of `key`.
    static func read(from folder: String, key: String) -> ReplayCache? {
        let path = folder + "/" + fileName
        guard let compressed = try? UntrustedFile.read(path, limit: maximumBytes),
              let bytes = try? Gzip.decompress(compressed, limit: maximumBytes, file: path),
              let cache = try? JSONDecoder.nonFinite.decode(ReplayCache.self, from: Data(bytes)),
              cache.schema == schema, cache.key == key else { return nil }
        return cache
    }

    /// Takes the cached replays and searches into `replays`.
    func preload(into replays: Replays) {
        replays.preload(replays: self.replays, searches: searches.map { ($0.loss, $0.rates) })
    }

    /// Writes the cache to `folder`, atomically.
    func write(to folder: String) throws(GradingError) {
        let path = folder + "/" + Self.fileName
        do {
            let bytes = Gzip.compress([UInt8](try JSONEncoder.nonFinite.encode(self)))
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw GradingError(file: path, reason: "cannot write: \(error)")
        }
    }

    /// The key of replays on the data of `dataDigest`, the digit pair `digits`, by this
    /// executable (its bytes, read once per batch: about 30 ms).
    static func key(dataDigest: String, digits: [Int]) -> String {
        var hash = InputHash()
        hash.update(field: schema)
        hash.update(field: dataDigest)
        hash.update(field: digits.map(String.init).joined(separator: ","))
        hash.update(FileManager.default.contents(atPath: "/proc/self/exe") ?? Data(CommandLine.arguments[0].utf8))
        return hash.finalize()
    }
}
