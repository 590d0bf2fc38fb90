import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

/// Probes real HTTP assets served by the fake upstream on loopback.
@Suite struct CoverProberTests {
    /// The fake serves its assets on 127.0.0.1, which only a prober allowing private addresses reaches.
    let prober = CoverProber(
        concurrency: 4, connectTimeout: .seconds(2), requestTimeout: .seconds(5),
        addressPolicy: AddressPolicy(allowPrivate: true))

    func probe(_ url: String, role: CoverProbe.Role = .cover) async -> CoverProbe {
        let results = await prober.probe([CoverProber.Asset(key: 0, role: role, url: url)])
        return results[0]![0]
    }

    @Test func readsTypeLengthETagAndPixelSizeOfEveryImageKind() async throws {
        try await FakeCrunUpstream.run(templates: []) { upstream in
            for kind in SampleImages.Kind.allCases where kind.format != nil {
                let probe = await probe(upstream.assetURL(kind, width: 720, height: 1280))
                #expect(probe.succeeded, "\(kind): \(probe.error ?? "")")
                #expect(probe.contentType == kind.contentType)
                #expect(probe.byteLength == 200_000)
                #expect(probe.etag == "\"asset-720x1280-\(kind.rawValue)\"")
                #expect(probe.image == ImageHeader(format: kind.format!, width: 720, height: 1280))
                #expect(probe.method == "GET")
                #expect(probe.status == 206)
            }
            let requests = await upstream.assetRequests
            #expect(requests.filter { $0.method == "GET" }.allSatisfy { $0.range == "bytes=0-65535" })
            #expect(requests.filter { $0.method == "HEAD" }.count == 6)
        }
    }

    @Test func aVideoIsProbedWithHeadAlone() async throws {
        try await FakeCrunUpstream.run(templates: []) { upstream in
            let probe = await probe(upstream.assetURL(.mp4, width: 1, height: 1), role: .video)
            #expect(probe.succeeded)
            #expect(probe.method == "HEAD")
            #expect(probe.contentType == "video/mp4")
            #expect(probe.byteLength == 200_000)
            #expect(probe.image == nil)
            #expect(await upstream.assetRequests.map(\.method) == ["HEAD"])
        }
    }

    @Test func aRefusedHeadFallsBackToARangedGet() async throws {
        try await FakeCrunUpstream.run(templates: []) { upstream in
            let probe = await probe(upstream.assetURL(.mp4, width: 1, height: 1, behaviour: [.noHead]), role: .video)
            #expect(probe.succeeded)
            #expect(probe.method == "GET")
            #expect(probe.byteLength == 200_000)
            #expect(await upstream.assetRequests.map(\.method) == ["HEAD", "GET"])
        }
    }

    @Test func aServerIgnoringTheRangeStillGivesTheSize() async throws {
        try await FakeCrunUpstream.run(templates: []) { upstream in
            let probe = await probe(upstream.assetURL(.webp, width: 33, height: 44, behaviour: [.noRange, .noHead]))
            #expect(probe.succeeded)
            #expect(probe.status == 200)
            #expect(probe.byteLength == 200_000)
            #expect(probe.image == ImageHeader(format: .webp, width: 33, height: 44))
        }
    }

    @Test func failuresAreRecordedNotThrown() async throws {
        try await FakeCrunUpstream.run(templates: []) { upstream in
            let missing = await probe(upstream.assetURL(.png, width: 1, height: 1, behaviour: [.missing]))
            #expect(missing.error == "HTTP 404")
            #expect(missing.status == 404)
            let garbage = await probe(upstream.assetURL(.png, width: 1, height: 1, behaviour: [.garbage]))
            #expect(garbage.error?.contains("no readable image/png header") == true)
            #expect(garbage.contentType == "image/png")
            let notHTTP = await probe("ftp://example.com/cover.png")
            #expect(notHTTP.error == "not an http(s) URL")
            #expect(notHTTP.status == nil)
        }
        // Nothing listens on port 1 of loopback.
        let refused = await probe("http://127.0.0.1:1/cover.png")
        #expect(refused.error != nil)
        #expect(refused.status == nil)
    }

    @Test func probesManyAssetsWithBoundedConcurrencyAndKeysThemBack() async throws {
        try await FakeCrunUpstream.run(templates: []) { upstream in
            let assets = (1...40).map { index in
                CoverProber.Asset(
                    key: index, role: .cover, url: upstream.assetURL(.png, width: index, height: 2 * index))
            }
            let done = Counter()
            let results = await prober.probe(assets, progress: { count, total in done.set(count, total) })
            #expect(results.count == 40)
            for index in 1...40 {
                #expect(results[index]?.first?.image == ImageHeader(format: .png, width: index, height: 2 * index))
            }
            #expect(done.value == (40, 40))
            #expect(await upstream.assetRequests.allSatisfy { !$0.carriedAPIKey })
        }
    }

    @Test func redirectsAreFollowedAHopAtATimeAndNotForEver() async throws {
        try await FakeCrunUpstream.run(templates: []) { upstream in
            let followed = await probe(upstream.assetURL(.png, width: 64, height: 32, behaviour: [.redirect]))
            #expect(followed.succeeded, "\(followed.error ?? "")")
            #expect(followed.image == ImageHeader(format: .png, width: 64, height: 32))
            let loop = await probe(upstream.assetURL(.png, width: 1, height: 1, behaviour: [.redirectLoop]))
            #expect(loop.error == "more than \(CoverProber.maxRedirects) redirects")
        }
    }

    @Test func aHostOnLoopbackIsRefusedByDefaultWithoutARequest() async throws {
        try await FakeCrunUpstream.run(templates: []) { upstream in
            let strict = CoverProber(concurrency: 2, connectTimeout: .seconds(2), requestTimeout: .seconds(5))
            let url = upstream.assetURL(.png, width: 1, height: 1)
            let probe = await strict.probe([CoverProber.Asset(key: 0, role: .cover, url: url)])[0]![0]
            #expect(
                probe.error
                    == "refused: 127.0.0.1 resolves to a loopback address 127.0.0.1; pass --covers-allow-private to probe it"
            )
            #expect(await upstream.assetRequests.isEmpty)
        }
    }

    @Test(arguments: [
        ("127.0.0.1", "a loopback"), ("10.1.2.3", "a private"), ("172.20.0.1", "a private"),
        ("192.168.1.1", "a private"), ("169.254.169.254", "a link-local (metadata)"), ("0.0.0.0", "an unspecified"),
        ("100.64.0.1", "a shared (carrier-grade NAT)"), ("224.0.0.1", "a multicast or reserved"),
        ("::1", "a loopback"), ("fd00::1", "a private"), ("fe80::1", "a link-local"),
        ("::ffff:10.0.0.1", "a private"), ("[::1]", "a loopback"),
    ])
    func restrictedAddressesAreNamed(host: String, kind: String) {
        #expect(AddressPolicy().refusal(host: host)?.contains("resolves to \(kind) address") == true)
        #expect(AddressPolicy(allowPrivate: true).refusal(host: host) == nil)
    }

    @Test(arguments: ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111"])
    func publicAddressesPass(host: String) {
        #expect(AddressPolicy().refusal(host: host) == nil)
    }
}

/// Keeps the last progress report.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var last = (0, 0)
    func set(_ done: Int, _ total: Int) { lock.withLock { last = (done, total) } }
    var value: (Int, Int) { lock.withLock { last } }
}
