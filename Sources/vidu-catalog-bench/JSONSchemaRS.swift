import Foundation

/// jsonschema-rs (Python, from `.venv`: `scripts/python-env.sh`) run on a schema and a JSON Lines
/// file by `scripts/jsonschema-rs-throughput.py`: the yardstick validation figures are compared with.
enum JSONSchemaRS {
    /// Requests per second of jsonschema-rs on the file, best of `rounds`.
    static func rate(python: String, script: String, schema: String, file: String, rounds: Int = 3) throws -> Double {
        var best = 0.0
        for _ in 0..<rounds {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script, schema, file]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let fields = output.split(separator: " ")
            guard process.terminationStatus == 0, fields.count == 3, let count = Double(fields[0]),
                let seconds = Double(fields[1])
            else { throw BenchError("jsonschema-rs run failed: \(output)") }
            best = max(best, count / seconds)
        }
        return best
    }
}
