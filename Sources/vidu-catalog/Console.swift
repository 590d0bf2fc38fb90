import ArgumentParser
import Foundation
import Synchronization
import ViduCatalog

/// Standard output and error, terminal facts, and the one place errors become exit codes.
enum Console {
    /// Writes to standard output.
    static func print(_ text: String) {
        write(Array((text + "\n").utf8))
    }

    /// Writes bytes to standard output as they are.
    ///
    /// Output that cannot be written ends the command: quietly when the reader went away (`EPIPE`, as
    /// `head` expects: exit 141, the status SIGPIPE would have given), else with one sentence and exit 74
    /// (a full disk, `/dev/full`). Foundation's `FileHandle.write` traps on both, so this writes itself.
    /// Output comes after every change to the catalog is committed, so ending here loses nothing.
    static func write(_ bytes: [UInt8]) {
        guard let failure = writeAll(bytes, to: STDOUT_FILENO) else { return }
        if failure == EPIPE { exit(141) }
        note("error: Cannot write the output: \(String(cString: strerror(failure))).")
        exit(74)
    }

    /// A note on standard error, prefixed with the program name. Standard error that cannot be written
    /// is given up on: there is nowhere left to say so.
    static func note(_ text: String) {
        _ = writeAll(Array("vidu-catalog: \(text)\n".utf8), to: STDERR_FILENO)
    }

    /// Writes every byte to `descriptor`, retrying short writes and `EINTR`; the `errno` of a failure.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }

    /// Keeps `catalog` alive until the process exits: releasing a 100,000-template catalog object by
    /// object took longer than validating a request, and the exit returns its memory at once.
    static func keepUntilExit(_ catalog: ValidationCatalog) {
        kept.withLock { $0.append(catalog) }
    }

    private static let kept = Mutex<[ValidationCatalog]>([])

    /// Whether standard output is a terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether standard error is a terminal (progress bars go there, and only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// A progress callback drawing `label [#####     ] 12/40` on one stderr line.
    static func progressBar(label: String) -> @Sendable (Int, Int) -> Void {
        { done, total in
            let width = 30
            // Counts are pages or probes, far below where `done * width` could overflow.
            let filled = total > 0 ? min(width, max(0, done) * width / total) : 0
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            _ = writeAll(Array("\r\(label) [\(bar)] \(done)/\(total)".utf8), to: STDERR_FILENO)
        }
    }

    /// Erases the progress line.
    static func clearProgress() {
        _ = writeAll(Array("\r\u{1B}[2K".utf8), to: STDERR_FILENO)
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var useColour: Bool {
        stdoutIsTerminal && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// The terminal's width when standard output is one, else $COLUMNS (10 to 10,000 columns; any other
    /// value is ignored), else no limit.
    static var width: Int? {
        var size = winsize()
        if stdoutIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return max(10, Int(size.ws_col))
        }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap { DecimalText.integer($0) }.flatMap {
            (10...10_000).contains($0) ? $0 : nil
        }
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
