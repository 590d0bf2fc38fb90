import ArgumentParser
import Foundation
import ViduCatalog

/// Standard output and error, terminal facts, and the one place errors become exit codes.
enum Console {
    /// Writes to standard output.
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes bytes to standard output as they are.
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// A note on standard error, prefixed with the program name.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data("vidu-catalog: \(text)\n".utf8))
    }

    /// Whether standard output is a terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether standard error is a terminal (progress bars go there, and only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// A progress callback drawing `label [#####     ] 12/40` on one stderr line.
    static func progressBar(label: String) -> @Sendable (Int, Int) -> Void {
        { done, total in
            let width = 30
            let filled = total > 0 ? min(width, done * width / total) : 0
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        }
    }

    /// Erases the progress line.
    static func clearProgress() {
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var useColour: Bool {
        stdoutIsTerminal && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// The terminal's width when standard output is one, else $COLUMNS, else no limit.
    static var width: Int? {
        var size = winsize()
        if stdoutIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init)
    }

    /// The exit status of each kind of failure (sysexits.h), documented in the root command and README.
    static func exitCode(for code: CatalogError.Code) -> Int32 {
        switch code {
        case .templateNotFound: 1
        case .usage: 64
        case .malformedInput, .inconsistentSnapshot: 65
        case .inputMissing: 66
        case .unavailable, .upstreamRejected: 69
        case .rateLimited, .massRemoval, .locked: 75
        case .unauthorized: 77
        default: 74
        }
    }

    /// Runs a command body; a ``CatalogError`` becomes one line on stderr and its exit code, never a trace.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as CatalogError {
            throw report(error)
        }
    }

    /// ``run(_:)`` for asynchronous commands.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as CatalogError {
            throw report(error)
        }
    }

    private static func report(_ error: CatalogError) -> ExitCode {
        note("error: \(error.message)")
        return ExitCode(exitCode(for: error.code))
    }
}
