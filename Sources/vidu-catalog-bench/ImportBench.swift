import Foundation
import ViduCatalog
import ViduCatalogTesting

/// `vidu-catalog import` of a synthetic catalog file, end to end (the release CLI, a new database
/// each round), against a plain Python `json` + `sqlite3` loader (`scripts/python-loader.py`: no
/// compression, no full-text index, no history) on the same file, in the same run.
struct ImportBench {
    var size: Int
    var options: BenchOptions

    func run(into report: inout Report) throws {
        print("\n== import of \(size.formatted()) templates, against a plain Python loader")
        let input = options.work + "/import-\(size).json"
        let body = SyntheticCatalog(count: size).responseBody()
        try Data(body).write(to: URL(fileURLWithPath: input))
        guard FileManager.default.isExecutableFile(atPath: options.cli) else {
            return print("no CLI at \(options.cli): build it with `swift build -c release`")
        }
        let database = options.work + "/import-\(size).sqlite"
        var best: Child.Measured?
        for _ in 0..<2 {
            remove(database)
            let run = try Child.run(options.cli, ["import", "--db", database, input])
            guard run.status == 0 else { throw BenchError("import exited with \(run.status)") }
            if best.map({ run.seconds < $0.seconds }) ?? true { best = run }
        }
        guard let best else { return }
        report.add(
            size, "import: CLI end to end (\(body.count >> 20) MB file)",
            String(
                format: "%.2f s (%.0f templates/s), peak %d MB", best.seconds, Double(size) / best.seconds, best.peakMB),
            target: nil)
        let loader = "scripts/python-loader.py"
        guard FileManager.default.fileExists(atPath: loader) else { return print("no \(loader) here") }
        let plain = options.work + "/import-\(size)-python.sqlite"
        for (label, flags) in [("templates and option rows", [String]()), ("templates only", ["--no-options"])] {
            var python = Double.infinity
            for _ in 0..<2 {
                remove(plain)
                python = min(
                    python, try Self.pythonSeconds(loader: loader, flags: flags, input: input, database: plain))
            }
            report.add(
                size, "import: plain Python json + sqlite3 loader, \(label)", String(format: "%.2f s", python),
                target: nil)
            report.add(
                size, "import: CLI / that loader", String(format: "%.2f×", best.seconds / python),
                target: (best.seconds <= 2 * python, "<= 2×"))
        }
    }

    private func remove(_ database: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
    }

    /// The loader's own wall time (from opening the file to the commit; it prints it).
    static func pythonSeconds(loader: String, flags: [String], input: String, database: String) throws -> Double {
        let fields = try PythonScript.fields(
            ["python3", loader] + flags + [input, database], fieldCount: 2, what: "the Python loader")
        guard let seconds = Double(fields[1]) else {
            throw BenchError("the Python loader printed \(fields.joined(separator: " "))")
        }
        return seconds
    }
}
