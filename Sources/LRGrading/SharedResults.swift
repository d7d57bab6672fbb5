import Dispatch
import Synchronization

/// Values computed at most once per key and shared between threads. The first caller of a
/// key computes its value; callers that come meanwhile wait for that value instead of
/// computing it again (two scripts at a new learning rate often finish together, and a
/// replay costs a tenth of a second and more).
///
/// Invariant: a key is absent (never asked for), computing (exactly one caller is running
/// its computation, and the group is entered once), or known (its value never changes).
final class SharedResults<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private final class Computation: Sendable {
        /// Entered when the computation starts, left once its value is set.
        let finished = DispatchGroup()
        let value = Mutex<Value?>(nil)
    }

    private enum Entry: Sendable {
        case known(Value)
        case computing(Computation)
    }

    /// What a caller does for a key: take its value, wait for it, or compute it.
    private enum Step { case known(Value), wait(Computation), compute(Computation) }

    private let entries = Mutex<[Key: Entry]>([:])

    init() {}

    /// The value of `key`: known, awaited from the caller computing it, or computed now.
    func value(for key: Key, computing compute: () -> Value) -> Value {
        let step: Step = entries.withLock { entries in
            switch entries[key] {
            case .known(let value): return .known(value)
            case .computing(let computation): return .wait(computation)
            case nil:
                let computation = Computation()
                computation.finished.enter()
                entries[key] = .computing(computation)
                return .compute(computation)
            }
        }
        switch step {
        case .known(let value):
            return value
        case .wait(let computation):
            computation.finished.wait()
            return computation.value.withLock { $0! }
        case .compute(let computation):
            let value = compute()
            computation.value.withLock { $0 = value }
            entries.withLock { $0[key] = .known(value) }
            computation.finished.leave()
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

    /// The keys whose values are known.
    var knownKeys: [Key] {
        entries.withLock { entries in
            entries.compactMap { key, entry in
                if case .known = entry { return key } else { return nil }
            }
        }
    }
}
