import Synchronization

/// The bytes of request bodies `serve` holds at once, across every request: each large body reserves
/// its declared length (or the 20 MB limit when it declares none) before it is read, and a request
/// that would pass the budget is refused at once with 503 instead of being read. A thousand
/// connections each sending 20 MB must not need 20 GB.
final class BodyBudget: Sendable {
    /// The most body bytes held at once.
    let capacity: Int
    private let used = Mutex(0)

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Reserves `bytes`; `false` when that would pass ``capacity``.
    func reserve(_ bytes: Int) -> Bool {
        used.withLock { used in
            guard bytes <= capacity - used else { return false }
            used += bytes
            return true
        }
    }

    /// Gives back what ``reserve(_:)`` took.
    func release(_ bytes: Int) {
        used.withLock { $0 -= bytes }
    }
}
