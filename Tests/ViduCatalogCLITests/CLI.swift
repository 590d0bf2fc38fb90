import Foundation
import ViduCatalogTesting

/// Runs the real built `vidu-catalog` binary, the way a user does.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// How long the child ran (``runAsync(_:)`` only): from its start to its exit, not counting
        /// the wait for a thread to resume the test on.
        var ran: Duration?
    }

    let folder: TemporaryDirectory
    /// The catalog used unless a test passes --db itself.
    var database: String
    /// Extra environment variables for the child.
    var environment: [String: String] = [:]

    /// The binary, built by SwiftPM beside this test bundle.
    static let binary: URL = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("vidu-catalog")
    }()

    init(folder: TemporaryDirectory) {
        self.folder = folder
        database = folder.file("catalog.sqlite")
    }

    /// Like ``run(_:workingDirectory:input:standardOutput:)``, holding no thread while the child runs:
    /// tests whose child talks to a server in this process need every thread free to serve it.
    func runAsync(_ arguments: [String]) async throws -> Result {
        let child = try prepare(arguments)
        let ran = try await child.process.runUntilExitTimed().ran
        var result = try child.finish()
        result.ran = ran
        return result
    }

    /// Runs the binary with `arguments`; output goes through files so that no pipe can fill up and block.
    /// `input`, when given, is the child's standard input.
    /// `standardOutput`, when given, is a path the child writes its output to instead (`/dev/full`).
    func run(
        _ arguments: [String], workingDirectory: String? = nil, input: String? = nil, standardOutput: String? = nil
    ) throws -> Result {
        let child = try prepare(
            arguments, workingDirectory: workingDirectory, input: input, standardOutput: standardOutput)
        _ = try child.process.runAndWait()
        return try child.finish()
    }

    /// A child set up to run: its process, and where its output goes.
    struct Child {
        let process: Process
        let out: FileHandle
        let err: FileHandle
        let outPath: String
        let errPath: String

        /// Closes the output files and reads them, once the process has exited.
        func finish() throws -> Result {
            try out.close()
            try err.close()
            return Result(
                status: process.terminationStatus,
                stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
                stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
        }
    }

    /// The process for `arguments`, not started.
    func prepare(
        _ arguments: [String], workingDirectory: String? = nil, input: String? = nil, standardOutput: String? = nil
    ) throws -> Child {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["VIDU_CATALOG_DB"] = database
        env["NO_COLOR"] = nil
        env["COLUMNS"] = nil
        env.merge(environment) { _, new in new }
        process.environment = env
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let id = UUID().uuidString
        let outPath = folder.file("stdout-\(id)")
        let errPath = folder.file("stderr-\(id)")
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: standardOutput ?? outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inPath = folder.file("stdin-\(id)")
            FileManager.default.createFile(atPath: inPath, contents: Data(input.utf8))
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        return Child(process: process, out: out, err: err, outPath: outPath, errPath: errPath)
    }
}

extension CLI {
    /// The binary running in the background (`serve`, `sync --every`), its stderr kept in a file.
    struct Running {
        let process: Process
        let stderrPath: String

        /// What it wrote on stderr so far.
        var stderr: String {
            String(decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self)
        }

        /// Sends SIGTERM and returns the exit status, holding no thread while it stops.
        func stop() async -> Int32 {
            kill(process.processIdentifier, SIGTERM)
            return await process.exit()
        }
    }

    /// Starts the binary with `arguments` and this CLI's environment (its database not forced).
    func start(_ arguments: [String]) throws -> Running {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LOG_LEVEL"] = nil
        env.merge(environment) { _, new in new }
        process.environment = env
        let stderrPath = folder.file("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, stderrPath: stderrPath)
    }
}
