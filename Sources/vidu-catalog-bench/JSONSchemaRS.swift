import Foundation

/// jsonschema-rs (Python, from `.venv`: `scripts/python-env.sh`) run on a schema and a JSON Lines
/// file by `scripts/jsonschema-rs-throughput.py`: the yardstick validation figures are compared with.
enum JSONSchemaRS {
    /// Requests per second of jsonschema-rs on the file, best of `rounds`.
    static func rate(python: String, script: String, schema: String, file: String, rounds: Int = 3) throws -> Double {
        var best = 0.0
        for _ in 0..<rounds {
            let fields = try PythonScript.fields(
                python: python, [script, schema, file], fieldCount: 3, what: "jsonschema-rs run")
            guard let count = Double(fields[0]), let seconds = Double(fields[1]) else {
                throw BenchError("jsonschema-rs printed \(fields.joined(separator: " "))")
            }
            best = max(best, count / seconds)
        }
        return best
    }
}
