import Dispatch
import Synchronization

/// Values computed at most once per key and shared between threads. The first caller of a
/// key computes its value; callers that come meanwhile wait for that value instead of
/// computing it again (two scripts at a new learning rate often finish together, and a
/// replay costs a tenth of a second and more).
///
/// Invariant: a key is absent (never asked for), computing (exactly one caller is running
/// its computation; the group, entered once, is left only after the key is known), or known
/// (its value never changes).
final class SharedResults<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private enum Entry: Sendable {
        case known(Value)
        case computing(DispatchGroup)
    }

    /// What a caller does for a key: take its value, wait for it, or compute it.
    private enum Step { case known(Value), wait(DispatchGroup), compute(DispatchGroup) }

    private let entries = Mutex<[Key: Entry]>([:])

    init() {}

    /// The value of `key`: known, awaited from the caller computing it, or computed now.
    func value(for key: Key, computing compute: () -> Value) -> Value {
        let step: Step = entries.withLock { entries in
            switch entries[key] {
            case .known(let value): return .known(value)
            case .computing(let finished): return .wait(finished)
            case nil:
                let finished = DispatchGroup()
                finished.enter()
                entries[key] = .computing(finished)
                return .compute(finished)
            }
        }
        switch step {
        case .known(let value):
            return value
        case .wait(let finished):
            finished.wait()
            guard case .known(let value) = entries.withLock({ $0[key] }) else { preconditionFailure("a computed key is known") }
            return value
        case .compute(let finished):
            let value = compute()
            entries.withLock { $0[key] = .known(value) }
            finished.leave()
            return value
        }
    }

    /// Records `value` as the value of `key` unless one is known or being computed; returns
    /// whether it did.
    @discardableResult
    func store(_ value: Value, for key: Key) -> Bool {
        entries.withLock { entries in
            guard entries[key] == nil else { return false }
            entries[key] = .known(value)
            return true
        }
    }

    /// The keys whose values are known, with their values.
    var known: [(key: Key, value: Value)] {
        entries.withLock { entries in
            entries.compactMap { key, entry in
                if case .known(let value) = entry { return (key, value) } else { return nil }
            }
        }
    }

    /// The keys whose values are known.
    var knownKeys: [Key] {
        entries.withLock { entries in
            entries.compactMap { key, entry in
                if case .known = entry { return key } else { return nil }
            }
        }
    }
}
