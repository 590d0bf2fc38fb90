import Foundation

/// The hand-off between a sync's fetching tasks (async, several at once) and its writer (one thread
/// inside one SQLite transaction, which cannot await).
///
/// Bounded, so a writer slower than the network holds memory to a few pages instead of the whole
/// catalog; either side may fail it, which wakes the other: the writer then rolls back, the fetching
/// tasks stop.
final class StagedPageQueue: @unchecked Sendable {
    /// What the fetching side reports when it has put every page.
    struct Summary: Sendable {
        var pages: Int
        var requests: Int
        var notModified: Int
    }

    private let condition = NSCondition()
    private let capacity: Int
    // Guarded by `condition`.
    private var items: [StagedPage] = []
    private var head = 0
    private var stored: StoredTemplates?
    private var summary: Summary?
    private var failure: (any Error)?
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// What the writer is done with, released on the fetching side (see ``discard(_:)``).
    private var spent: [any Sendable] = []

    init(capacity: Int = 16) {
        self.capacity = capacity
    }

    // MARK: Writer side (blocking)

    /// Opens the queue once the writer's transaction has read the catalog.
    func open(_ templates: StoredTemplates) {
        wake { stored = templates }
    }

    /// The next page, waiting for one; `nil` once every page was taken. Throws the fetching side's failure.
    func take() throws -> StagedPage? {
        condition.lock()
        while head == items.count && summary == nil && failure == nil { condition.wait() }
        if let failure {
            condition.unlock()
            throw failure
        }
        guard head < items.count else {
            condition.unlock()
            return nil
        }
        let page = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        let resumed = waiters
        waiters = []
        condition.unlock()
        for waiter in resumed { waiter.resume() }
        return page
    }

    /// Hands over something the writer no longer needs (a consumed page, a written batch), to be
    /// released by the fetching side: freeing 100,000 templates' strings and arrays is work the
    /// writer, the one thread a sync cannot spread, would otherwise do itself.
    func discard(_ value: any Sendable) {
        condition.lock()
        spent.append(value)
        condition.unlock()
    }

    private func takeSpent() -> [any Sendable] {
        condition.lock()
        defer { condition.unlock() }
        let taken = spent
        spent = []
        return taken
    }

    /// What the fetching side reported when it finished.
    var finished: Summary? {
        condition.lock()
        defer { condition.unlock() }
        return summary
    }

    // MARK: Fetching side (async)

    /// The catalog as the writer's transaction read it, once the writer has opened the queue.
    func storedTemplates() async throws -> StoredTemplates {
        while true {
            if let value = try state({ stored }) { return value }
            await wait { stored == nil }
        }
    }

    /// Adds a page, waiting while the queue is full; releases what the writer discarded meanwhile.
    func put(_ page: StagedPage) async throws {
        var released = takeSpent()
        released.removeAll()
        while true {
            let added = try state { () -> Bool in
                guard items.count - head < capacity else { return false }
                items.append(page)
                condition.broadcast()
                return true
            }
            if added { return }
            await wait { items.count - head >= capacity }
        }
    }

    /// Every page was put.
    func finish(_ summary: Summary) {
        wake { self.summary = summary }
    }

    // MARK: Either side

    /// Stops both sides with `error` (the first failure wins).
    func fail(_ error: any Error) {
        wake { if failure == nil { failure = error } }
    }

    /// Runs `body` under the lock; throws the failure, if any, first.
    private func state<T>(_ body: () -> T) throws -> T {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        return body()
    }

    /// Changes the state and wakes everyone waiting on either side.
    private func wake(_ change: () -> Void) {
        condition.lock()
        change()
        condition.broadcast()
        let resumed = waiters
        waiters = []
        condition.unlock()
        for waiter in resumed { waiter.resume() }
    }

    /// Suspends while `blocked()` holds and nothing failed; rechecked under the lock so no wake-up is lost.
    private func wait(while blocked: () -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if failure == nil && blocked() {
                waiters.append(continuation)
                condition.unlock()
            } else {
                condition.unlock()
                continuation.resume()
            }
        }
    }
}
