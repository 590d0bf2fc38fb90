import Foundation
import GRDB
import Testing
import ViduCatalog
import ViduCatalogTesting

/// Syncs over real HTTP against the fake upstream on loopback.
@Suite struct SyncEngineTests {
    let folder = TemporaryDirectory()
    let catalog = SyntheticCatalog(count: 120).templates()

    func engine(_ upstream: FakeCrunUpstream, store: CatalogStore, key: String? = "test-key", pageSize: Int = 50)
        throws -> SyncEngine
    {
        var configuration = try upstream.configuration(apiKey: key)
        configuration.pageSize = pageSize
        var options = SyncOptions()
        options.retry = RetryPolicy(maxRetries: 5, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
        return SyncEngine(store: store, upstream: configuration, options: options)
    }

    func export(_ store: CatalogStore) throws -> [UInt8] {
        JSONWriter().data(try store.snapshot().json)
    }

    @Test func firstSyncFetchesEveryPageAndAppliesTheWholeCatalog() async throws {
        let store = try CatalogStore(path: folder.file("a.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            let result = try await engine(upstream, store: store).run()
            #expect(result.pages == 3)
            #expect(result.diff.added.count == 120)
            #expect(result.activeCount == 120)
            #expect(result.run?.kind == .sync)
            #expect(result.run?.pages == 3)
            #expect(try store.runs().first?.pages == 3)
            #expect(try store.snapshot().templates == catalog)
            let requests = await upstream.requests
            #expect(Set(requests.compactMap(\.page)) == [1, 2, 3])
            #expect(requests.allSatisfy { $0.authorized && $0.pageSize == 50 })
            #expect(requests.allSatisfy { $0.userAgent == "vidu-catalog/\(ViduCatalogInfo.version)" })
        }
    }

    @Test func aSyncThatFindsNoChangeWritesNoTemplateRow() async throws {
        let store = try CatalogStore(path: folder.file("b.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            _ = try await engine(upstream, store: store).run()
            let before = try store.templates(matching: TemplateQuery(includeRemoved: true)).map(\.updatedAt)
            let again = try await engine(upstream, store: store).run()
            #expect(again.diff.isEmpty)
            #expect(again.run?.status == .unchanged)
            #expect(try store.templates(matching: TemplateQuery(includeRemoved: true)).map(\.updatedAt) == before)
        }
    }

    @Test func anUpstreamThatReordersIsFollowedAndTheCatalogIdentityChanges() async throws {
        let store = try CatalogStore(path: folder.file("reorder.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            _ = try await engine(upstream, store: store).run()
            let before = try store.catalogHash()
            // The same templates, the upstream's order reversed (and one moved across a page boundary).
            let reordered = Array(catalog.reversed())
            await upstream.setTemplates(reordered)
            let result = try await engine(upstream, store: store).run()
            #expect(result.diff.isEmpty)
            // Reversing n templates moves n - 1 of them (one stays put, the rest go around it).
            #expect(result.diff.moved == catalog.count - 1)
            #expect(result.run?.status == .applied)
            #expect(result.summary.contains("\(catalog.count - 1) moved"))
            #expect(try store.snapshot().templates.map(\.id) == reordered.map(\.id))
            #expect(try store.catalogHash() != before)
            // Nothing moves the next time.
            let again = try await engine(upstream, store: store).run()
            #expect(again.diff.moved == 0)
            #expect(again.run?.status == .unchanged)
            #expect(try store.snapshot().templates.map(\.id) == reordered.map(\.id))
        }
    }

    @Test func reportsChangesRemovalsAndAdditions() async throws {
        let store = try CatalogStore(path: folder.file("c.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            _ = try await engine(upstream, store: store).run()
            var next = catalog
            next[0].credits = 999
            next.remove(at: 5)
            next.append(Template(id: "fresh_one"))
            await upstream.setTemplates(next)
            let result = try await engine(upstream, store: store).run()
            #expect(result.diff.changed == [catalog[0].id])
            #expect(result.diff.removed == [catalog[5].id])
            #expect(result.diff.added == ["fresh_one"])
            #expect(result.summary.hasPrefix("+1 added, -1 removed, ~1 changed (credits 1); 120 active; 3 pages in "))
        }
    }

    @Test func pagesArrivingOutOfOrderKeepTheUpstreamOrder() async throws {
        let store = try CatalogStore(path: folder.file("order.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            // Page 1, then page 2 held back while pages 3 to 5 arrive.
            await upstream.enqueue(.pass, .delay(.milliseconds(300)))
            let result = try await engine(upstream, store: store, pageSize: 10).run()
            #expect(result.pages == 12)
            #expect(result.diff.added == catalog.map(\.id))
            #expect(try store.snapshot().templates == catalog)
        }
    }

    @Test func aFailureHalfwayThroughTheFetchAppliesNothing() async throws {
        let store = try CatalogStore(path: folder.file("halfway.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            _ = try await engine(upstream, store: store, pageSize: 10).run()
            let before = try export(store)
            let runs = try store.runs().count
            var next = catalog
            for index in stride(from: 0, to: next.count, by: 7) { next[index].credits = 7_000 + index }
            await upstream.setTemplates(next)
            // Six pages go through to the writer, then the key is refused (not retried).
            await upstream.enqueue(.pass, .pass, .pass, .pass, .pass, .pass, .status(401))
            await #expect(throws: CatalogError.self) { try await engine(upstream, store: store, pageSize: 10).run() }
            #expect(try export(store) == before)
            #expect(try store.runs().count == runs + 1)
            #expect(try store.runs().first?.status == .failed)
            // Nothing of the failed sync is kept for the next one either.
            let fixed = try await engine(upstream, store: store, pageSize: 10).run()
            #expect(fixed.diff.changed.count == Set(stride(from: 0, to: next.count, by: 7)).count)
            #expect(try store.snapshot().templates == next)
        }
    }

    @Test func retriesRateLimitsServerErrorsAndBadBodies() async throws {
        let store = try CatalogStore(path: folder.file("d.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            await upstream.enqueue(.status(429, retryAfter: "0"), .status(500), .malformedBody, .truncatedBody)
            let result = try await engine(upstream, store: store, pageSize: 50).run()
            #expect(result.diff.added.count == 120)
            #expect(result.requests >= 7)
        }
    }

    @Test func aRefusedKeyFailsAtOnceAndChangesNothing() async throws {
        let store = try CatalogStore(path: folder.file("e.sqlite"))
        try store.importSnapshot(CatalogSnapshot(templates: Array(catalog.prefix(10))), kind: .import, source: "seed")
        let before = try export(store)
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            await #expect {
                try await engine(upstream, store: store, key: "wrong-key-123").run()
            } throws: { error in
                let error = error as? CatalogError
                return error?.code == .unauthorized && error?.message.contains("CRUN_API_KEY") == true
                    && error?.message.contains("wrong-key-123") == false
            }
            #expect(await upstream.requests.count == 1)
        }
        #expect(try export(store) == before)
        #expect(try store.runs().first?.status == .failed)
    }

    @Test func persistentFailuresExhaustTheRetriesAndChangeNothing() async throws {
        let store = try CatalogStore(path: folder.file("f.sqlite"))
        try store.importSnapshot(CatalogSnapshot(templates: Array(catalog.prefix(10))), kind: .import, source: "seed")
        let before = try export(store)
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            for _ in 0..<6 { await upstream.enqueue(.status(503)) }
            await #expect {
                try await engine(upstream, store: store).run()
            } throws: { error in
                (error as? CatalogError)?.code == .unavailable
            }
        }
        #expect(try export(store) == before)
    }

    @Test func aCatalogThatShiftsBetweenPagesIsFetchedAgain() async throws {
        let store = try CatalogStore(path: folder.file("g.sqlite"))
        var grown = catalog
        grown.insert(Template(id: "inserted_first"), at: 0)
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            // Page 1 comes from the old catalog; then a template appears and every later page moves.
            await upstream.enqueue(.pass, .replaceCatalog(grown))
            let result = try await engine(upstream, store: store).run()
            #expect(try store.snapshot().templates.map(\.id) == grown.map(\.id))
            #expect(result.requests == 6)
        }
    }

    @Test func duplicatesAcrossPagesAreFetchedAgain() async throws {
        let store = try CatalogStore(path: folder.file("dup.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            await upstream.enqueue(.duplicates)
            let result = try await engine(upstream, store: store).run()
            #expect(result.diff.added.count == 120)
            #expect(result.requests == 6)
        }
    }

    @Test func aCatalogThatKeepsShiftingFailsWithTheEvidence() async throws {
        let store = try CatalogStore(path: folder.file("h.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            await upstream.setReportedTotal(121)
            await #expect {
                try await engine(upstream, store: store).run()
            } throws: { error in
                let error = error as? CatalogError
                return error?.code == .inconsistentSnapshot
                    && error?.message.contains("attempt 4: total 121 but 120 templates on 3 pages") == true
            }
        }
        #expect(try store.isEmpty())
        #expect(try store.runs().first?.status == .failed)
    }

    @Test func theGuardRefusesAMassRemovalUnlessAllowed() async throws {
        let store = try CatalogStore(path: folder.file("i.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            _ = try await engine(upstream, store: store).run()
            let before = try export(store)
            await upstream.setTemplates(Array(catalog.prefix(60)))
            await #expect {
                try await engine(upstream, store: store).run()
            } throws: { error in
                let error = error as? CatalogError
                return error?.code == .massRemoval
                    && error?.message.contains("remove 60 of 120 active templates (50%)") == true
            }
            #expect(try export(store) == before)
            await upstream.setTemplates([])
            await #expect {
                try await engine(upstream, store: store).run()
            } throws: { error in
                (error as? CatalogError)?.message.contains("empty catalog") == true
            }
            var allowed = try engine(upstream, store: store)
            allowed.options.allowMassRemoval = true
            await upstream.setTemplates(Array(catalog.prefix(60)))
            #expect(try await allowed.run().diff.removed.count == 60)
        }
    }

    @Test func theFirstSyncReplacesTheBundledSampleWithoutTrippingTheGuard() async throws {
        let (store, _) = try CatalogStore.openSeedingIfAbsent(path: folder.file("j.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            let result = try await engine(upstream, store: store).run()
            #expect(result.diff.removed.count == BundledData.sampleSnapshot().templates.count)
            #expect(result.activeCount == 120)
            #expect(try store.status().onlySample == false)
        }
    }

    @Test func aDryRunChangesNothing() async throws {
        let store = try CatalogStore(path: folder.file("k.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            var dry = try engine(upstream, store: store)
            dry.options.dryRun = true
            let result = try await dry.run()
            #expect(result.diff.added.count == 120)
            #expect(result.run == nil)
            #expect(try store.isEmpty())
            #expect(try store.runs().isEmpty)
        }
    }
}

/// More of the faults the upstream can throw: slowness, new fields, broken instructions.
@Suite struct SyncUpstreamFaultTests {
    let folder = TemporaryDirectory()
    let catalog = SyntheticCatalog(count: 60).templates()

    @Test func aPageSlowerThanTheReadTimeoutIsRetried() async throws {
        let store = try CatalogStore(path: folder.file("slow.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            await upstream.enqueue(.delay(.seconds(4)))
            var configuration = try upstream.configuration()
            configuration.readTimeout = .seconds(1)
            var options = SyncOptions()
            options.retry = RetryPolicy(maxRetries: 3, baseDelay: .milliseconds(1))
            let result = try await SyncEngine(store: store, upstream: configuration, options: options).run()
            #expect(result.diff.added.count == 60)
            // Two pages and at least one retry of the slow one (a loaded machine may time out another too).
            #expect(result.requests >= 3)
            let firstPage = await upstream.requests.filter { $0.page == 1 }.count
            #expect(firstPage >= 2)
        }
    }

    @Test func newUnknownFieldsAndBrokenInstructionsAreKeptAndExported() async throws {
        let store = try CatalogStore(path: folder.file("odd.sqlite"))
        var odd = catalog
        odd[0].extraFields["effect_version"] = 7
        odd[0].extraFields["regions"] = ["eu", "us"]
        odd[1].inputInstruction = InputInstruction(raw: "{\"image_count\": \"Only one")
        odd[2].inputInstruction = InputInstruction(raw: "")
        try await FakeCrunUpstream.run(templates: odd) { upstream in
            let configuration = try upstream.configuration()
            _ = try await SyncEngine(store: store, upstream: configuration).run()
        }
        let exported = try store.snapshot().templates
        #expect(exported == odd)
        #expect(exported[0].extraFields["regions"] == ["eu", "us"])
        #expect(exported[1].inputInstruction?.isStructured == false)
    }
}

/// Conditional requests: the last sync's ETags go back as If-None-Match, and 304s reuse its pages.
@Suite struct ConditionalSyncTests {
    let folder = TemporaryDirectory()
    let catalog = SyntheticCatalog(count: 120).templates()

    func engine(_ upstream: FakeCrunUpstream, store: CatalogStore) throws -> SyncEngine {
        SyncEngine(
            store: store, upstream: try upstream.configuration())
    }

    func storedAt(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read {
            try String.fetchAll($0, sql: "SELECT stored_at FROM http_cache ORDER BY url")
        }
    }

    @Test func anUnchangedCatalogIsAnsweredNotModifiedAndReused() async throws {
        let store = try CatalogStore(path: folder.file("etag.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            let first = try await engine(upstream, store: store).run()
            #expect(first.notModified == 0)
            #expect(try store.httpCache().count == 3)
            let stored = try storedAt(folder.file("etag.sqlite"))
            let second = try await engine(upstream, store: store).run()
            #expect(second.notModified == 3)
            // Nothing new was answered, so nothing of the kept answers is written again.
            #expect(try storedAt(folder.file("etag.sqlite")) == stored)
            #expect(second.diff.isEmpty)
            let requests = await upstream.requests
            #expect(requests.suffix(3).allSatisfy { $0.ifNoneMatch != nil && $0.notModified })
        }
    }

    @Test func onlyTheChangedPageIsSentAgain() async throws {
        let store = try CatalogStore(path: folder.file("etag2.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            _ = try await engine(upstream, store: store).run()
            var changed = catalog
            changed[70].credits = 4242
            await upstream.setTemplates(changed)
            let result = try await engine(upstream, store: store).run()
            #expect(result.notModified == 2)
            #expect(result.diff.changed == [catalog[70].id])
            #expect(try store.snapshot().templates == changed)
        }
    }

    @Test func keptAnswersHoldEachPagesIDsAndTotalNotItsBody() async throws {
        let store = try CatalogStore(path: folder.file("ids.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            let configuration = try upstream.configuration()
            _ = try await engine(upstream, store: store).run()
            let kept = try store.httpCache()
            #expect(kept.count == 3)
            for page in 1...3 {
                let answer = try #require(kept[configuration.pageURL(page)])
                #expect(answer.total == 120)
                #expect(answer.templateIDs == catalog[(page - 1) * 50..<min(page * 50, 120)].map(\.id))
                #expect(answer.etag != nil)
            }
        }
    }

    @Test func aCatalogChangedSinceTheLastSyncIsFetchedInFull() async throws {
        let store = try CatalogStore(path: folder.file("changed.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            _ = try await engine(upstream, store: store).run()
            // An import in between: a 304 would no longer say the stored templates match the pages.
            var edited = catalog[60]
            edited.credits = 31_337
            try store.importSnapshot(CatalogSnapshot(templates: [edited]), kind: .import, source: "hand edit")
            #expect(try store.conditionalCache().isEmpty)
            let requestsBefore = await upstream.requests.count
            let result = try await engine(upstream, store: store).run()
            let requests = await upstream.requests.dropFirst(requestsBefore)
            #expect(requests.allSatisfy { $0.ifNoneMatch == nil })
            #expect(result.notModified == 0)
            #expect(result.diff.changed == [catalog[60].id])
            #expect(try store.snapshot().templates == catalog)
            // And the answers kept by that sync are good for the next one again.
            #expect(try store.conditionalCache().count == 3)
            let third = try await engine(upstream, store: store).run()
            #expect(third.notModified == 3)
            #expect(third.diff.isEmpty)
        }
    }

    @Test func aFailedSyncKeepsTheCacheOfTheLastGoodOne() async throws {
        let store = try CatalogStore(path: folder.file("etag3.sqlite"))
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            _ = try await engine(upstream, store: store).run()
            let kept = try store.httpCache()
            await upstream.setReportedTotal(999)
            var failing = try engine(upstream, store: store)
            failing.options.retry = RetryPolicy(maxRetries: 0)
            await #expect(throws: CatalogError.self) { try await failing.run() }
            #expect(try store.httpCache() == kept)
        }
    }
}
