import Foundation
import LRGrading
import LRSimilarity

/// How a class did, at a glance: `DIR/summary.json`, and what the class report draws.
/// Built from the students' stored records alone (`StoredRecord`), so it is the same
/// whether it is written at the end of a batch or later by `lrgrade gradebook DIR`.
public struct ClassSummary: Codable, Sendable {
    public static let schema = "lrgrade-class/1"
    public var schema = ClassSummary.schema
    public var students: Int
    public var maxScore: Double
    /// The scores, after any late penalty, binned in tenths of the maximum.
    public var scores: Distribution?
    public var criteria: [CriterionCounts]
    /// The known mistakes the grader named, the most frequent first.
    public var mistakes: [Group]
    public var runs: Runs
    /// The learning rates and epochs the students chose, the most frequent first.
    public var learningRates: [Choice]
    public var epochs: [Choice]
    public var similarity: Similarity

    /// One criterion's outcomes over the class.
    public struct CriterionCounts: Codable, Sendable, Equatable {
        public var id: String
        public var maxPoints: Double
        public var pass: Int
        public var partial: Int
        public var fail: Int
        public var meanPoints: Double
        enum CodingKeys: String, CodingKey { case id, maxPoints = "max_points", pass, partial, fail, meanPoints = "mean_points" }
    }

    /// Students who share something (a mistake, a status, an error), by id.
    public struct Group: Codable, Sendable, Equatable {
        public var name: String
        public var count: Int
        public var students: [String]
    }

    /// How the runs ended and how long they took.
    public struct Runs: Codable, Sendable {
        /// By status: "finished", "failed", "timed out", "out of memory", "no script", …
        public var statuses: [Group]
        /// Failed runs by the error's type ("ValueError", "killed by signal 9").
        public var errors: [Group]
        /// The scripts' wall times, in seconds.
        public var seconds: Distribution?
        /// The slowest scripts, slowest first.
        public var slowest: [Timed]

        public struct Timed: Codable, Sendable, Equatable {
            public var id: String
            public var seconds: Double
        }
    }

    /// A value students chose, with how many chose it.
    public struct Choice: Codable, Sendable, Equatable {
        public var value: Double
        public var count: Int
    }

    /// What the class's submissions have in common beyond the handout: not a verdict, a
    /// list for the instructor to look at.
    public struct Similarity: Codable, Sendable {
        /// The rubric's `similarity_threshold`.
        public var threshold: Double
        /// Every pair of scripts at or above the threshold, most similar first.
        public var pairs: [Pair]
        /// The most similar pair, whether or not it reaches the threshold.
        public var mostSimilar: Pair?
        /// Students who handed in the very same PDF, byte for byte.
        public var identicalPDFs: [[String]]
        /// Students whose training loss histories are the same wrong numbers to the last bit.
        public var identicalLosses: [[String]]

        public struct Pair: Codable, Sendable, Equatable {
            public var first: String
            public var second: String
            public var similarity: Double
            /// Fingerprints the two share.
            public var shared: Int
            /// The largest shared fragments: line ranges (1-based, inclusive) of each script;
            /// for the first `pairsWithFragments` pairs only.
            public var fragments: [SimilarPair.Fragment]
        }

        enum CodingKeys: String, CodingKey {
            case threshold, pairs, mostSimilar = "most_similar", identicalPDFs = "identical_pdfs", identicalLosses = "identical_losses"
        }
    }

    enum CodingKeys: String, CodingKey {
        case schema, students, maxScore = "max_score", scores, criteria, mistakes, runs, learningRates = "learning_rates", epochs, similarity
    }

    /// The summary of `records`, with the pairs of scripts at or above `threshold` (the
    /// handout's `skeleton` code left out of the comparison).
    public init(records: [StoredRecord], threshold: Double, skeleton: String) {
        let grades = records.map(\.grade)
        students = grades.count
        maxScore = grades.map(\.maxScore).max() ?? 0
        scores = Distribution(grades.map(\.score), bins: 10, range: 0...max(maxScore, 1))
        criteria = StoredRecord.criteria(of: records).map { id in
            let results = grades.compactMap { $0.results.first { $0.id == id } }
            return CriterionCounts(id: id.rawValue, maxPoints: results.map(\.maxPoints).max() ?? 0,
                                   pass: results.filter { $0.outcome == .pass }.count, partial: results.filter { $0.outcome == .partial }.count,
                                   fail: results.filter { $0.outcome == .fail }.count,
                                   meanPoints: results.isEmpty ? 0 : results.reduce(0) { $0 + $1.points } / Double(results.count))
        }
        mistakes = Self.groups(grades.flatMap { grade in Set(grade.facts.mistakes).map { ($0, grade.id) } })
        let times = grades.compactMap { grade in grade.facts.runSeconds.map { (grade.id, $0) } }
        runs = Runs(statuses: Self.groups(grades.map { ($0.status, $0.id) }),
                    errors: Self.groups(grades.compactMap { grade in grade.facts.error.map { (Self.errorType($0), grade.id) } }),
                    seconds: Distribution(times.map(\.1), bins: 10, range: 0...(times.map(\.1).max() ?? 1)),
                    slowest: times.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(Self.slowestShown).map { Runs.Timed(id: $0.0, seconds: $0.1) })
        learningRates = Self.choices(grades.compactMap(\.facts.learningRate))
        epochs = Self.choices(grades.compactMap { $0.facts.epochs.map(Double.init) })

        let compared = ClassSimilarity(scripts: records.map(\.code), skeleton: skeleton)
        func pair(_ pair: SimilarPair) -> Similarity.Pair {
            Similarity.Pair(first: grades[pair.first].id, second: grades[pair.second].id, similarity: pair.similarity, shared: pair.shared, fragments: pair.fragments)
        }
        func identical(_ key: (Grade) -> String?) -> [[String]] {
            Dictionary(grouping: grades.compactMap { grade in key(grade).map { ($0, grade.id) } }, by: \.0)
                .values.map { $0.map(\.1).sorted() }.filter { $0.count > 1 }.sorted { ($0.count, $1[0]) > ($1.count, $0[0]) }
        }
        similarity = Similarity(threshold: threshold, pairs: compared.pairs(atLeast: threshold, withFragments: Self.pairsWithFragments).map(pair),
                                mostSimilar: compared.top(1).first.map(pair),
                                identicalPDFs: identical(\.facts.pdf), identicalLosses: identical(\.facts.unusualLoss))
    }

    /// Pairs listed with their shared fragments, the most similar first; the others have
    /// their similarity alone.
    public static let pairsWithFragments = 100

    /// Scripts listed as the slowest.
    static let slowestShown = 10

    /// `(name, student)` pairs grouped by name, the largest group first, then by name.
    static func groups(_ members: [(String, String)]) -> [Group] {
        Dictionary(grouping: members, by: \.0).map { name, members in Group(name: name, count: members.count, students: members.map(\.1).sorted()) }
            .sorted { ($0.count, $1.name) > ($1.count, $0.name) }
    }

    /// Values with their counts, the most frequent first, then the smallest.
    static func choices(_ values: [Double]) -> [Choice] {
        Dictionary(grouping: values, by: { $0 }).map { Choice(value: $0.key, count: $0.value.count) }
            .sorted { ($0.count, -$0.value) > ($1.count, -$1.value) }
    }

    /// The kind of a failed run's last line: the exception's name ("ValueError: shapes …"
    /// is a ValueError), or the line itself when it names none ("killed by signal 9").
    static func errorType(_ line: String) -> String {
        let head = line.prefix { $0 != ":" }
        let name = head.split(separator: ".").last.map(String.init) ?? ""
        let isName = !name.isEmpty && head.count < line.count && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        return isName ? name : String(line.prefix(80))
    }

    /// The summary as `summary.json`: pretty-printed, keys sorted.
    public var json: Data {
        let encoder = JSONEncoder.nonFinite
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }
}
