import Foundation

/// A Python yardstick run to its end: the scripts print one line of space-separated figures.
enum PythonScript {
    /// Runs `python` with `arguments` and returns the fields of what it printed; throws, naming
    /// `what`, when it fails or prints other than `fieldCount` fields.
    static func fields(python: String = "/usr/bin/env", _ arguments: [String], fieldCount: Int, what: String) throws
        -> [Substring]
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = output.split(whereSeparator: \.isWhitespace)
        guard process.terminationStatus == 0, fields.count == fieldCount else {
            throw BenchError("\(what) failed: \(output)")
        }
        return fields
    }
}
