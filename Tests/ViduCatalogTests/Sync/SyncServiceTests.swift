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
            upstream: try UpstreamConfiguration(baseURL: upstream.baseURL, apiKey: APIKey(key)), options: options)
    }

    @Test func syncsRepeatedlyAndStopsCleanlyOnGracefulShutdown() async throws {
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            let counter = RunCounter()
            let service = SyncService(
                engine: try engine(upstream), schedule: SyncSchedule(interval: .milliseconds(20), jitter: 0),
                onRun: { await counter.record($0) })
            let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                while await counter.outcomes.count < 3 { try await Task.sleep(for: .milliseconds(10)) }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let outcomes = await counter.outcomes
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
            let counter = RunCounter()
            let service = SyncService(
                engine: try engine(upstream),
                schedule: SyncSchedule(interval: .milliseconds(20), jitter: 0, failureBackoff: .milliseconds(5)),
                onRun: { await counter.record($0) })
            let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                while await counter.outcomes.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let outcomes = await counter.outcomes
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
