import Dispatch

/// Maps an array on every core, keeping order: the CPU-bound half of an import (serialising,
/// hashing, compressing) runs in parallel while SQLite's half stays on one connection.
package enum ParallelMap {
    package static func map<Element: Sendable, Result: Sendable>(
        _ input: [Element], chunk: Int = 256, _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        mapChunks(input, chunk: chunk) { $0.map(transform) }
    }

    /// Like ``map(_:chunk:_:)``, with one call per chunk, so per-thread state (a compressor) is made once per chunk.
    package static func mapChunks<Element: Sendable, Result: Sendable>(
        _ input: [Element], chunk: Int = 256,
        _ transform: @Sendable (UnsafeBufferPointer<Element>.SubSequence) -> [Result]
    ) -> [Result] {
        guard input.count > chunk else { return input.withUnsafeBufferPointer { transform($0[...]) } }
        let chunks = (input.count + chunk - 1) / chunk
        let results = ChunkResults<Result>(count: chunks)
        input.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { index in
                let range = (index * chunk)..<min((index + 1) * chunk, buffer.count)
                results.store(transform(buffer[range]), at: index)
            }
        }
        return results.joined()
    }
}

/// One slot per chunk, in memory allocated once: each slot is written by exactly one iteration of
/// `concurrentPerform` and read only after it returns. Writing through one buffer pointer keeps the
/// iterations from each taking a mutable access to a shared array, which is a data race (two
/// threads in `Array.withUnsafeMutableBufferPointer` at once), as ThreadSanitizer reported.
private final class ChunkResults<Result>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<[Result]>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: [])
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ values: [Result], at index: Int) {
        slots[index] = values
    }

    func joined() -> [Result] {
        Array(slots.joined())
    }
}
