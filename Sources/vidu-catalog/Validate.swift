import ArgumentParser
import Foundation
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog validate`: check CreateTask request bodies against the catalog, offline.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check CreateTask request bodies against the catalog before spending credits.",
            discussion: """
                Each FILE holds one JSON body or JSON Lines (one body per line, blank lines skipped), told apart \
                from the first line; - or no FILE reads standard input. Every finding is reported, located by \
                file, line and JSON Pointer, with a stable code (listed in the README). A final \
                "N valid, M invalid, K undecided" line goes to stderr. A request naming a template a stale \
                catalog does not hold is undecided, not invalid: sync and validate again.

                Exit codes: 0 every request is valid; 1 some request is invalid; 3 none is invalid but some are \
                undecided; 65 a file cannot be read; 66 a file does not exist.
                """)

        @OptionGroup var catalog: CatalogOptions
        @Argument(help: ArgumentHelp("Files of requests; - for standard input.", valueName: "file"))
        var files: [String] = []
        @Option(help: ArgumentHelp("The output format: text, json, junit or sarif.", valueName: "format"))
        var format: ValidationFormat = .text
        @Flag(help: "Unknown fields are errors, not warnings.")
        var strict = false
        @Option(
            name: .customLong("max-age"),
            help: ArgumentHelp(
                "A catalog older than this is stale (90s, 15m, 24h, 7d; at most 3650d).", valueName: "age"),
            transform: OptionValue.interval(upTo: .seconds(3650 * 86400)))
        var maxAge: Duration = .seconds(24 * 3600)
        @Flag(name: .customLong("require-fresh"), help: "A stale catalog makes every request invalid.")
        var requireFresh = false

        func run() throws {
            try Console.run {
                let store = try catalog.openForReading()
                let validator = RequestValidator(
                    catalog: try store.validationCatalog(),
                    options: .init(strict: strict, maxAge: maxAge, requireFresh: requireFresh))
                Console.keepUntilExit(validator.catalog)
                validator.catalog.buildSuggestionsInBackground()
                let now = Date()
                var output = ValidationOutput.make(format, validator: validator)
                let stale = validator.isStale(now: now)
                if stale && !requireFresh && format == .text {
                    // Said once here rather than on every request's line.
                    let finding = validator.staleness(now: now)
                    Console.note("warning: \(finding.code): \(finding.message) \(finding.hint ?? "")")
                }
                var counts = ValidationCounts()
                var failure: CatalogError?
                output.begin()
                for path in files.isEmpty ? ["-"] : files {
                    do throws(CatalogError) {
                        let reader = try RequestReader(path: path)
                        let source = path == "-" ? "<stdin>" : path
                        try output.beginFile(source)
                        while let batch = try reader.next() {
                            let rendered = validator.validate(batch, now: now) { results in
                                ValidationOutput.render(results, source: source, format: format, validator: validator)
                            }
                            for chunk in rendered {
                                counts.add(chunk.counts)
                                output.write(chunk)
                            }
                        }
                        output.endFile()
                    } catch {
                        // Output that cannot be written ends the run; a file that cannot be read does not:
                        // the other files are still checked, and the exit code says one could not be.
                        if error.code == .io { throw error }
                        Console.note("error: \(error.message)")
                        if failure == nil || error.code == .inputMissing { failure = error }
                    }
                }
                output.end(counts)
                _ = Console.writeAll(
                    Array("\(counts.valid) valid, \(counts.invalid) invalid, \(counts.undecided) undecided\n".utf8),
                    to: STDERR_FILENO)
                if let failure { throw ExitCode(Console.exitCode(for: failure.code)) }
                if counts.invalid > 0 { throw ExitCode(1) }
                if counts.undecided > 0 { throw ExitCode(3) }
            }
        }
    }
}

/// `validate --format`.
enum ValidationFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, junit, sarif
}

/// Requests by verdict.
struct ValidationCounts: Sendable {
    var valid = 0
    var invalid = 0
    var undecided = 0

    mutating func add(_ verdict: ValidationReport.Verdict) {
        switch verdict {
        case .valid: valid += 1
        case .invalid: invalid += 1
        case .undecided: undecided += 1
        }
    }

    mutating func add(_ other: ValidationCounts) {
        valid += other.valid
        invalid += other.invalid
        undecided += other.undecided
    }

    var total: Int { valid + invalid + undecided }
}
