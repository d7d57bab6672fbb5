/// The Kth of N parts of a class (`--shard K/N`, K from 1): the students at positions
/// K−1, K−1+N, K−1+2N, … of the class sorted by id. Every machine that reads the same class
/// computes the same parts, the parts cover the class exactly once, and their sizes differ
/// by at most one.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// From 1 to `count`.
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, (1...count).contains(index) else { throw ShardError(text: "\(index)/\(count)") }
        self.index = index
        self.count = count
    }

    /// "K/N", as `--shard` takes it and Slurm's `$SLURM_ARRAY_TASK_ID/N` gives it.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { throw ShardError(text: text) }
        try self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// This shard's items, in the order of their keys.
    public func select<Item>(_ items: [Item], key: (Item) -> String) -> [Item] {
        items.sorted { key($0) < key($1) }.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}

public struct ShardError: Error, CustomStringConvertible, Sendable {
    public var text: String
    public var description: String { "--shard: \"\(text)\" is not K/N with 1 ≤ K ≤ N (e.g. 2/8)" }
}
