import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

/// `sync --covers` against the fake upstream, which serves both the catalog and the assets.
@Suite struct CoverProbingSyncTests {
    let folder = TemporaryDirectory()

    /// Ten templates whose covers are images of every kind and whose videos are MP4s on the fake.
    func catalog(_ upstream: FakeCrunUpstream) -> [Template] {
        let kinds = SampleImages.Kind.allCases.filter { $0.format != nil }
        return SyntheticCatalog(count: 10).templates().enumerated().map { index, template in
            var template = template
            template.cover = upstream.assetURL(kinds[index % kinds.count], width: 100 + index, height: 200 + index)
            template.video = upstream.assetURL(.mp4, width: index + 1, height: 1)
            return template
        }
    }

    func engine(_ upstream: FakeCrunUpstream, _ store: CatalogStore, covers: Bool = true) throws -> SyncEngine {
        var options = SyncOptions()
        options.retry = RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
        options.probeCovers = covers
        options.coverAddresses = AddressPolicy(allowPrivate: true)
        return SyncEngine(store: store, upstream: try upstream.configuration(), options: options)
    }

    @Test func probesEveryAssetOnceAndKeepsTheResultsInTheCoverMetadata() async throws {
        let store = try CatalogStore(path: folder.file("covers.sqlite"))
        try await FakeCrunUpstream.run(templates: []) { upstream in
            let templates = catalog(upstream)
            await upstream.setTemplates(templates)
            let result = try await engine(upstream, store).run()
            #expect(result.covers?.templates == 10)
            #expect(result.covers?.probed == 20)
            #expect(result.covers?.failures == [])
            #expect(result.summary.contains("; covers 20 probed;"))
            for (index, template) in templates.enumerated() {
                let entry = try #require(try store.entry(id: template.id))
                let cover = try #require(entry.coverProbes.first { $0.role == .cover })
                #expect(cover.url == template.cover)
                #expect(cover.image?.width == 100 + index)
                #expect(cover.image?.height == 200 + index)
                #expect(cover.byteLength == 200_000)
                let video = try #require(entry.coverProbes.first { $0.role == .video })
                #expect(video.contentType == "video/mp4")
                #expect(video.method == "HEAD")
            }
            // Probes are not content: the export is the upstream catalog and the catalog hash is unchanged.
            #expect(try store.snapshot().templates == templates)
            let hash = try store.status().catalogHash
            #expect(hash == (try store.runs().first?.catalogHash))
            let requestsAfterFirst = await upstream.assetRequests.count

            // Nothing new, nothing probed.
            let again = try await engine(upstream, store).run()
            #expect(again.covers?.probed == 0)
            #expect(await upstream.assetRequests.count == requestsAfterFirst)
            #expect(try store.status().catalogHash == hash)
        }
    }

    @Test func onlyNewAndChangedURLsAreProbedAgain() async throws {
        let store = try CatalogStore(path: folder.file("changed.sqlite"))
        try await FakeCrunUpstream.run(templates: []) { upstream in
            var templates = catalog(upstream)
            await upstream.setTemplates(templates)
            _ = try await engine(upstream, store).run()
            let before = await upstream.assetRequests.count
            // One cover changes; another template changes credits only and keeps its probes; one is added.
            templates[0].cover = upstream.assetURL(.gif, width: 9, height: 8)
            templates[1].credits = (templates[1].credits ?? 0) + 1
            var added = templates[2]
            added.id = "brand_new"
            added.cover = upstream.assetURL(.png, width: 5, height: 6)
            templates.append(added)
            await upstream.setTemplates(templates)
            let result = try await engine(upstream, store).run()
            #expect(result.diff.changed.count == 2)
            #expect(result.covers?.templates == 2)
            #expect(result.covers?.probed == 3)  // template 0's cover; brand_new's cover and video
            let probed = await upstream.assetRequests.dropFirst(before).map(\.path)
            #expect(Set(probed) == ["/assets/9x8.gif", "/assets/5x6.png", "/assets/3x1.mp4"])
            let first = try #require(try store.entry(id: templates[0].id))
            #expect(
                first.coverProbes.first { $0.role == .cover }?.image == ImageHeader(format: .gif, width: 9, height: 8))
            #expect(first.coverProbes.count == 2)
            let second = try #require(try store.entry(id: templates[1].id))
            #expect(second.coverProbes.count == 2)
            #expect(second.template.credits == templates[1].credits)
        }
    }

    @Test func aFailedProbeNeverFailsTheSyncAndIsTriedAgainNextTime() async throws {
        let store = try CatalogStore(path: folder.file("failed.sqlite"))
        try await FakeCrunUpstream.run(templates: []) { upstream in
            var templates = catalog(upstream)
            templates[3].cover = upstream.assetURL(.png, width: 1, height: 1, behaviour: [.missing])
            templates[4].video = "not a url"
            await upstream.setTemplates(templates)
            let result = try await engine(upstream, store).run()
            #expect(result.run?.status == .applied)
            #expect(result.diff.added.count == 10)
            let failures = try #require(result.covers?.failures)
            #expect(failures.map(\.templateID) == [templates[3].id, templates[4].id])
            #expect(failures.map(\.error) == ["HTTP 404", "not an http(s) URL"])
            #expect(result.summary.contains("covers 20 probed, 2 failed"))
            let entry = try #require(try store.entry(id: templates[3].id))
            #expect(entry.coverProbes.first { $0.role == .cover }?.error == "HTTP 404")
            #expect(entry.coverProbes.first { $0.role == .video }?.succeeded == true)

            // The next probing sync tries the two failed assets again, and only them.
            let again = try await engine(upstream, store).run()
            #expect(again.covers?.templates == 2)
            #expect(again.covers?.probed == 2)
            #expect(again.covers?.failures.count == 2)
        }
    }

    @Test func withoutCoversOrInADryRunNothingIsProbed() async throws {
        let store = try CatalogStore(path: folder.file("off.sqlite"))
        try await FakeCrunUpstream.run(templates: []) { upstream in
            await upstream.setTemplates(catalog(upstream))
            let plain = try await engine(upstream, store, covers: false).run()
            #expect(plain.covers == nil)
            var dry = try engine(upstream, store)
            dry.options.dryRun = true
            #expect(try await dry.run().covers == nil)
            #expect(await upstream.assetRequests.isEmpty)
            #expect(try store.entry(id: catalog(upstream)[0].id)?.coverProbes == [])
            // A later probing sync probes the templates a plain sync added.
            #expect(try await engine(upstream, store).run().covers?.probed == 20)
        }
    }
}
