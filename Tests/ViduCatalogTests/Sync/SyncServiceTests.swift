import Foundation
import Logging
import ServiceLifecycle
import Testing
import ViduCatalog
import ViduCatalogTesting

@Suite struct SyncScheduleTests {
    let schedule = SyncSchedule(interval: .seconds(900), jitter: 0.1, failureBackoff: .seconds(30))

    @Test func spreadsTheIntervalByTheJitter() {
        #expect(schedule.delay(consecutiveFailures: 0, random: 0.5) == .seconds(900))
        #expect(schedule.delay(consecutiveFailures: 0, random: 0) == .seconds(810))
        #expect(schedule.delay(consecutiveFailures: 0, random: 1) == .seconds(990))
    }

    @Test func backsOffAfterFailuresUpToTheInterval() {
        #expect(schedule.delay(consecutiveFailures: 1, random: 0.5) == .seconds(30))
        #expect(schedule.delay(consecutiveFailures: 3, random: 0.5) == .seconds(120))
        #expect(schedule.delay(consecutiveFailures: 12, random: 0.5) == .seconds(900))
    }
}

actor RunCounter {
    private(set) var outcomes: [Result<SyncResult, CatalogError>] = []
    func record(_ outcome: Result<SyncResult, CatalogError>) { outcomes.append(outcome) }
}

@Suite struct SyncServiceTests {
    let folder = TemporaryDirectory()
    let catalog = SyntheticCatalog(count: 30).templates()

    func engine(_ upstream: FakeCrunUpstream, key: String = "test-key") throws -> SyncEngine {
        var options = SyncOptions()
        options.retry = RetryPolicy(maxRetries: 0)
        return SyncEngine(
            store: try CatalogStore(path: folder.file("periodic.sqlite")),
            upstream: try upstream.configuration(apiKey: key), options: options)
    }

    /// Runs the service in a group until it has reported `count` runs, then shuts it down gracefully.
    func outcomes(of engine: SyncEngine, schedule: SyncSchedule, count: Int) async throws
        -> [Result<SyncResult, CatalogError>]
    {
        let counter = RunCounter()
        let service = SyncService(engine: engine, schedule: schedule, onRun: { await counter.record($0) })
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while await counter.outcomes.count < count { try await Task.sleep(for: .milliseconds(10)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        return await counter.outcomes
    }

    @Test func syncsRepeatedlyAndStopsCleanlyOnGracefulShutdown() async throws {
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            let outcomes = try await outcomes(
                of: try engine(upstream), schedule: SyncSchedule(interval: .milliseconds(20), jitter: 0), count: 3)
            #expect(outcomes.count >= 3)
            #expect(outcomes.allSatisfy { (try? $0.get()) != nil })
            let runs = try CatalogStore(path: folder.file("periodic.sqlite")).runs()
            #expect(runs.count == outcomes.count)
            #expect(runs.last?.status == .applied)
            #expect(runs.dropLast().allSatisfy { $0.status == .unchanged })
        }
    }

    @Test func aFailedRunBacksOffAndTheLoopGoesOn() async throws {
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            await upstream.enqueue(.status(503))
            let outcomes = try await outcomes(
                of: try engine(upstream),
                schedule: SyncSchedule(interval: .milliseconds(20), jitter: 0, failureBackoff: .milliseconds(5)),
                count: 2)
            #expect((try? outcomes[0].get()) == nil)
            #expect((try? outcomes[1].get()) != nil)
        }
    }

    @Test func aRefusedKeyEndsTheLoop() async throws {
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            let service = SyncService(
                engine: try engine(upstream, key: "wrong"), schedule: SyncSchedule(interval: .milliseconds(20)))
            let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
            await #expect(throws: (any Error).self) { try await group.run() }
            #expect(await upstream.requests.count == 1)
        }
    }
}
