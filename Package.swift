// swift-tools-version:6.1
import Foundation
import PackageDescription

let package = Package(
    name: "vidu-catalog",
    platforms: [.macOS(.v14)],
    products: [
        // The layers, each a product of its own: an app that only validates requests links the core alone.
        .library(name: "ViduCatalogCore", targets: ["ViduCatalogCore"]),
        .library(name: "ViduCatalog", targets: ["ViduCatalog"]),
        .executable(name: "vidu-catalog", targets: ["vidu-catalog"]),
        .executable(name: "vidu-catalog-bench", targets: ["vidu-catalog-bench"]),
        .library(name: "ViduCatalogServer", targets: ["ViduCatalogServer"]),
    ],
    dependencies: [
        // SQLite access, migrations, FTS5 patterns: the reference SQLite library.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Subcommands, help and usage errors for the CLI.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The logging API libraries are expected to speak.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // SHA-256 content hashes on Linux, where CryptoKit does not exist.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The HTTP client for the Crun upstream: timeouts, connection pooling, structured concurrency.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // The fake Crun upstream the tests talk to over loopback (and later the `serve` mirror).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Long-running loops (periodic sync) that stop cleanly on SIGINT and SIGTERM.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // NIO's thread pool, which keeps `serve`'s blocking SQLite reads off Swift's cooperative threads.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The metrics API `serve` counts requests, validations and syncs through…
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // …and the Prometheus text format `GET /metrics` exposes them in.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The gallery's HTML from logic-less templates that escape every value by default (Hummingbird's own).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // `swift package generate-documentation`: the DocC catalogs of the three libraries (scripts/docs.sh).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The system zlib, for the compressed cover metadata.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Turns the files in Data/ into Swift source, so the snapshot ships inside the binary.
        .executableTarget(name: "EmbedData", path: "Sources/EmbedData"),
        .plugin(name: "EmbedDataPlugin", capability: .buildTool(), dependencies: ["EmbedData"]),
        // JSON, the template model, the bundled data and the validator: Foundation only, no database, no network.
        .target(name: "ViduCatalogCore", plugins: ["EmbedDataPlugin"]),
        // The catalog: store (SQLite), query, upstream client, sync, cover probing, on top of the core.
        .target(
            name: "ViduCatalog",
            dependencies: [
                "ViduCatalogCore",
                "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `serve`: the catalog and validation over HTTP (Hummingbird), apart so the library does not need a server.
        .target(
            name: "ViduCatalogServer",
            dependencies: [
                "ViduCatalog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedDataPlugin"]
        ),
        // Fixtures, the generated request corpus, synthetic catalogs and temporary folders: for the core's tests.
        .target(name: "ViduCatalogCoreTesting", dependencies: ["ViduCatalogCore"]),
        // The fake Crun upstream, on top of the core's fixtures: for the catalog's, the server's and the CLI's tests.
        .target(
            name: "ViduCatalogTesting",
            dependencies: [
                "ViduCatalogCoreTesting", "ViduCatalog", "CZlib", .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "vidu-catalog",
            dependencies: [
                "ViduCatalog", "ViduCatalogServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "vidu-catalog-bench", dependencies: ["ViduCatalog", "ViduCatalogTesting"]),
        .testTarget(name: "ViduCatalogCoreTests", dependencies: ["ViduCatalogCore", "ViduCatalogCoreTesting"]),
        .testTarget(
            name: "ViduCatalogTests",
            dependencies: ["ViduCatalog", "ViduCatalogTesting", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "ViduCatalogServerTests",
            dependencies: [
                "ViduCatalogServer", "ViduCatalog", "ViduCatalogTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "ViduCatalogCLITests",
            dependencies: [
                "vidu-catalog", "ViduCatalog", "ViduCatalogTesting", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)

// The libFuzzer targets, only when scripts/fuzz.sh asks for them (VIDU_CATALOG_FUZZ=1): they link
// libFuzzer's main and instrument the library, which no other build wants. One over the validator's
// byte entry point, one over a list page's way through a sync (decoder, checks, diff).
if ProcessInfo.processInfo.environment["VIDU_CATALOG_FUZZ"] == "1" {
    let sanitizers = ["-sanitize=fuzzer,address"]
    for target in package.targets where ["ViduCatalogCore", "ViduCatalog"].contains(target.name) {
        target.swiftSettings = [.unsafeFlags(sanitizers)]
    }
    let fuzzers: [(String, String, [Target.Dependency])] = [
        ("vidu-catalog-fuzz", "Fuzz/ValidatorFuzz", ["ViduCatalogCore"]),
        ("vidu-catalog-page-fuzz", "Fuzz/PageFuzz", ["ViduCatalog", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
    for (name, folder, dependencies) in fuzzers {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: dependencies, path: folder,
                swiftSettings: [.unsafeFlags(sanitizers)],
                linkerSettings: [.unsafeFlags(sanitizers)]))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
