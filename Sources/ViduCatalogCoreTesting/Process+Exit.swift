import Foundation

extension Process {
    /// Starts the process and suspends until it exits, holding no thread meanwhile: the exit is
    /// reported by `terminationHandler`.
    ///
    /// Why not `waitUntilExit()`: on Linux it spins the calling thread's run loop at full CPU until
    /// the child ends, and called from a few of Dispatch's threads at once (where the concurrency
    /// pool runs too) it took both cores of the machine and starved the servers the children talked
    /// to, for minutes.
    public func runUntilExit() async throws -> Int32 {
        try await runUntilExitTimed().status
    }

    /// Like ``runUntilExit()``, with how long the process ran, timed from its start to the moment its
    /// exit was reported: not counting how long the caller then waited for a thread to resume on.
    public func runUntilExitTimed() async throws -> (status: Int32, ran: Duration) {
        let clock = ContinuousClock()
        let started = clock.now
        return try await withCheckedThrowingContinuation { continuation in
            terminationHandler = { process in
                continuation.resume(returning: (process.terminationStatus, clock.now - started))
            }
            do {
                try run()
            } catch {
                terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }

    /// Starts the process and blocks this thread on a semaphore until it exits (no spinning: see
    /// ``runUntilExit()``).
    public func runAndWait() throws -> Int32 {
        let exited = DispatchSemaphore(value: 0)
        terminationHandler = { _ in exited.signal() }
        try run()
        exited.wait()
        return terminationStatus
    }

    /// Suspends until a process already started exits, holding no thread: polls every 20 ms, since
    /// `terminationHandler` must be set before `run()` and the caller may not own this process's start.
    public func exit() async -> Int32 {
        while isRunning {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return terminationStatus
    }
}
