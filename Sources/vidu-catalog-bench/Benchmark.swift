import Foundation
import ViduCatalog
import ViduCatalogTesting

/// `vidu-catalog-bench`: the performance targets, measured (run it in release: `swift run -c release vidu-catalog-bench`).
///
/// Arguments: `[--sizes 120,10000,100000] [--sync-sizes 10000,100000] [--validation 100000]
/// [--suggestion-sizes 120,10000,100000] [--scaling-sizes 120,10000,100000] [--scaling-requests 100000]
/// [--import-sizes 100000] [--gallery-sizes 120,10000]
/// [--work DIR] [--cli PATH] [--rounds N]` (an empty list or 0 skips that part); `--fake-upstream N` only serves a
/// synthetic catalog of N templates on loopback until killed, to profile a sync on its own.
@main
struct Benchmark {
    static func main() async throws {
        let options: BenchOptions
        do {
            options = try BenchOptions(CommandLine.arguments.dropFirst())
        } catch {
            FileHandle.standardError.write(Data("vidu-catalog-bench: \(error)\n".utf8))
            exit(64)
        }
        try FileManager.default.createDirectory(atPath: options.work, withIntermediateDirectories: true)
        print("vidu-catalog-bench \(ViduCatalogInfo.version), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        if options.fakeUpstream > 0 { return try await serveFake(count: options.fakeUpstream) }
        var report = Report()
        for size in options.sizes {
            try CatalogBench(size: size, options: options).run(into: &report)
        }
        for size in options.syncSizes {
            try await SyncBench(size: size, options: options).run(into: &report)
        }
        if options.validation > 0 {
            try ValidationBench(requests: options.validation, options: options).run(into: &report)
        }
        if !options.suggestionSizes.isEmpty {
            SuggestionBench(sizes: options.suggestionSizes).run(into: &report)
        }
        for size in options.importSizes {
            try ImportBench(size: size, options: options).run(into: &report)
        }
        if !options.gallerySizes.isEmpty {
            try GalleryBench(sizes: options.gallerySizes, options: options).run(into: &report)
        }
        if !options.scalingSizes.isEmpty && options.scalingRequests > 0 {
            try ScalingBench(sizes: options.scalingSizes, requests: options.scalingRequests, options: options)
                .run(into: &report)
        }
        print("")
        print(report.render())
        if report.missed > 0 { print("\n\(report.missed) target(s) missed.") }
    }

    /// For profiling a sync on its own (`perf record -p`): serves until the process is killed.
    static func serveFake(count: Int) async throws {
        let templates = SyntheticCatalog(count: count, seed: 5).templates()
        try await FakeCrunUpstream.run(templates: templates) { @Sendable upstream in
            await upstream.prerender()
            print("fake upstream with \(count) templates on \(upstream.baseURL) (API key test-key)")
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}

struct BenchOptions {
    var sizes = [120, 10_000, 100_000]
    var syncSizes = [10_000, 100_000]
    var work = ".build/bench"
    var cli: String
    var rounds = 300
    var validation = 100_000
    var suggestionSizes = [120, 10_000, 100_000]
    var scalingSizes = [120, 10_000, 100_000]
    var scalingRequests = 100_000
    var importSizes = [100_000]
    var gallerySizes = [120, 10_000]
    var fakeUpstream = 0

    init(_ arguments: ArraySlice<String>) throws {
        cli =
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "vidu-catalog"
            ).path
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard let value = iterator.next() else { throw BenchError("\(argument) needs a value") }
            switch argument {
            case "--sizes": sizes = value.split(separator: ",").compactMap { Int($0) }
            case "--sync-sizes": syncSizes = value.split(separator: ",").compactMap { Int($0) }
            case "--work": work = value
            case "--cli": cli = value
            case "--rounds": rounds = Int(value) ?? rounds
            case "--validation": validation = Int(value) ?? validation
            case "--suggestion-sizes": suggestionSizes = value.split(separator: ",").compactMap { Int($0) }
            case "--scaling-sizes": scalingSizes = try Self.sizes(value, argument)
            case "--scaling-requests": scalingRequests = try Self.number(value, argument)
            case "--import-sizes": importSizes = try Self.sizes(value, argument)
            case "--gallery-sizes": gallerySizes = try Self.sizes(value, argument)
            case "--fake-upstream": fakeUpstream = Int(value) ?? 0
            default:
                throw BenchError(
                    "unknown argument \(argument); use --sizes, --sync-sizes, --validation, --suggestion-sizes, "
                        + "--scaling-sizes, --scaling-requests, --import-sizes, --gallery-sizes, --work, --cli, --rounds "
                        + "or --fake-upstream"
                )
            }
        }
    }
}

extension BenchOptions {
    /// A comma-separated list of catalog sizes, each from 1 to 10,000,000 (empty: skip that part).
    static func sizes(_ value: String, _ argument: String) throws -> [Int] {
        try value.split(separator: ",").map { try number(String($0), argument) }
    }

    /// A whole number from 1 to 10,000,000, or 0 to skip.
    static func number(_ value: String, _ argument: String) throws -> Int {
        guard let number = Int(value), (0...10_000_000).contains(number) else {
            throw BenchError("\(argument) takes whole numbers from 0 to 10,000,000, not \(value)")
        }
        return number
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
