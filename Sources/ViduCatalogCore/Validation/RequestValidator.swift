import Foundation

/// Checks CreateTask request bodies against the catalog, offline, before any credit is spent.
///
/// Built once from a ``ValidationCatalog`` and then only read: it is `Sendable`, touches no
/// database, and one value can validate from every task of a process at once. Every rule of Crun's
/// CreateTask reference is checked, plus the catalog's own (the template's options, image count and
/// prompt), and every finding is reported, not only the first.
///
/// ```swift
/// let validator = RequestValidator(catalog: try store.validationCatalog())
/// let report = validator.validate(bytes: Array(body.utf8))
/// if report.verdict == .invalid { print(report.errors.map(\.message)) }
/// ```
public struct RequestValidator: Sendable {
    /// How strict to be.
    public struct Options: Sendable, Hashable {
        /// Unknown fields are errors instead of warnings.
        public var strict = false
        /// A catalog older than this is stale: a warning, and unknown templates are undecided.
        public var maxAge: Duration = .seconds(24 * 3600)
        /// A stale catalog is an error instead of a warning.
        public var requireFresh = false

        /// Creates options; the defaults are lenient about unknown fields and allow a day of staleness.
        public init(strict: Bool = false, maxAge: Duration = .seconds(24 * 3600), requireFresh: Bool = false) {
            self.strict = strict
            self.maxAge = maxAge
            self.requireFresh = requireFresh
        }
    }

    /// What requests are judged against.
    public let catalog: ValidationCatalog
    /// How strict to be.
    public let options: Options

    /// Creates a validator over `catalog`.
    public init(catalog: ValidationCatalog, options: Options = Options()) {
        self.catalog = catalog
        self.options = options
    }

    /// Validates a body given as bytes (UTF-8 JSON).
    public func validate(bytes: [UInt8], now: Date = Date()) -> ValidationReport {
        bytes.withUnsafeBytes { validate(body: $0, now: now) }
    }

    /// Validates a body already parsed: it is written out and read like any other, so both entry
    /// points give the same findings.
    public func validate(json: JSONValue, now: Date = Date()) -> ValidationReport {
        validate(bytes: JSONWriter().data(json), now: now)
    }

    /// Validates a body in memory without copying it.
    public func validate(body: UnsafeRawBufferPointer, now: Date = Date()) -> ValidationReport {
        let stale = isStale(now: now)
        var pass = RequestPass(
            scanner: JSONScanner(body), catalog: catalog, strict: options.strict, catalogIsStale: stale)
        if body.count > ValueRules.maxBodyBytes {
            pass.add(Self.tooLarge(body.count))
        } else {
            pass.run()
        }
        // The catalog's staleness is not the body's: it is listed whatever the cap left out.
        if stale { pass.findings.append(staleness(now: now)) }
        return ValidationReport(
            template: pass.templateID, credits: pass.credits, findings: pass.sortedFindings(),
            catalog: catalog.context, omittedCount: pass.omitted.values.reduce(0, +))
    }

    /// Validates every request of a batch, in parallel on every core, handing each chunk's results,
    /// in order, to `each` (which renders them, say), and returns what `each` returned, in order.
    public func validate<Output: Sendable>(
        _ batch: RequestReader.Batch, now: Date = Date(),
        each: @escaping @Sendable (_ results: [(request: RequestReader.Request, report: ValidationReport)]) -> Output
    ) -> [Output] {
        let chunk = max(64, batch.requests.count / (4 * ProcessInfo.processInfo.activeProcessorCount) + 1)
        return ParallelMap.mapChunks(batch.requests, chunk: chunk) { requests in
            let results = requests.map { request in
                (request: request, report: validate(request, in: batch, now: now))
            }
            return [each(results)]
        }
    }

    /// One request of a batch.
    public func validate(_ request: RequestReader.Request, in batch: RequestReader.Batch, now: Date = Date())
        -> ValidationReport
    {
        if let size = request.oversizeBytes {
            var report = ValidationReport(
                template: nil, credits: nil,
                findings: [Self.tooLarge(size)], catalog: catalog.context)
            if isStale(now: now) { report.findings.append(staleness(now: now)) }
            return report
        }
        return batch.bytes.withUnsafeBytes { bytes in
            validate(body: UnsafeRawBufferPointer(rebasing: bytes[request.range]), now: now)
        }
    }

    /// The finding of a body over 20 MB, which is not read at all.
    static func tooLarge(_ size: Int) -> Finding {
        Finding(
            .error, .bodyTooLarge, "",
            "The body is \(size) bytes; Crun accepts at most 20 MB (\(ValueRules.maxBodyBytes) bytes).")
    }

    /// Whether the catalog is too old to call an unknown template invalid.
    public func isStale(now: Date = Date()) -> Bool {
        guard let loadedAt = catalog.context.loadedAt else { return true }
        return now.timeIntervalSince(loadedAt) > options.maxAge.timeInterval
    }

    /// The `catalog.stale` finding every request gets while the catalog is stale.
    public func staleness(now: Date = Date()) -> Finding {
        let severity: Finding.Severity = options.requireFresh ? .error : .warning
        let context = catalog.context
        let message: String
        if let loadedAt = context.loadedAt {
            let hours = Int64(saturating: now.timeIntervalSince(loadedAt) / 3600)
            message =
                "The catalog was last \(context.loadKind == .import ? "imported" : "synced") \(hours) hours ago "
                + "(\(Timestamp.string(loadedAt))), more than --max-age allows; templates and options may have changed."
        } else {
            message =
                "The catalog holds only the bundled sample of \(context.snapshotDate ?? "an unknown date"), "
                + "not the live catalog."
        }
        return Finding(severity, .catalogStale, "", message, hint: "Run vidu-catalog sync.")
    }
}
