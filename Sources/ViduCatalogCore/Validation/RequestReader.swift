import Foundation

/// Reads CreateTask requests from a file or standard input, a batch at a time, so memory stays flat
/// whatever the input's size.
///
/// A file holds either one JSON body (pretty-printed over many lines, say) or JSON Lines, one body
/// per line (blank lines skipped); which one is told from the first line: when it does not hold a
/// whole JSON value by itself but more input could complete it, the file is one body.
public final class RequestReader {
    /// One request: its first line number and its bytes (or, for one too large, its size only).
    public struct Request: Sendable {
        /// 1-based line where the request starts.
        public var line: Int
        /// Where its bytes are in ``Batch/bytes``.
        public var range: Range<Int>
        /// Set instead of bytes when the request exceeds the body limit: how many bytes it had.
        public var oversizeBytes: Int?
    }

    /// Requests read together, their bytes in one buffer.
    public struct Batch: Sendable {
        /// The batch's bytes; each request is a range of them.
        public var bytes: [UInt8]
        /// The requests of the batch, in file order.
        public var requests: [Request]
    }

    /// How the input is laid out.
    public enum Layout: Sendable {
        case jsonLines, document
    }

    /// A name for messages: the path, or `-` for standard input.
    public let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    /// Start of the unread part of `buffer`.
    private var start = 0
    private var endOfInput = false
    private var line = 1
    private let batchBytes: Int
    private let maxRequestBytes: Int
    /// Told on the first read.
    public private(set) var layout: Layout?

    /// Opens `path` (`-` for standard input). Throws ``CatalogError/Code/inputMissing`` when it does not
    /// exist, ``CatalogError/Code/malformedInput`` when it cannot be read.
    public init(path: String, batchBytes: Int = 4 << 20, maxRequestBytes: Int = 20 * 1024 * 1024)
        throws(CatalogError)
    {
        name = path
        self.batchBytes = batchBytes
        self.maxRequestBytes = maxRequestBytes
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CatalogError(.inputMissing, "\(path) does not exist.")
        }
        guard !isDirectory.boolValue else {
            throw CatalogError(.malformedInput, "\(path) is a directory, not a file of requests.")
        }
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else {
            throw CatalogError(.malformedInput, "\(path) cannot be read: \(String(cString: strerror(errno))).")
        }
        descriptor = opened
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The next batch; `nil` at the end of the input.
    public func next() throws(CatalogError) -> Batch? {
        if layout == nil { try detectLayout() }
        if layout == .document { return try readDocument() }
        var batch = Batch(bytes: [], requests: [])
        batch.bytes.reserveCapacity(batchBytes + 4096)
        while batch.bytes.count < batchBytes {
            guard let (lineNumber, range, oversize) = try nextLine() else { break }
            if let oversize {
                batch.requests.append(Request(line: lineNumber, range: 0..<0, oversizeBytes: oversize))
                continue
            }
            // Blank lines (and a lone carriage return) separate nothing and are skipped.
            guard buffer[range].contains(where: { !Self.isWhitespace($0) }) else { continue }
            let from = batch.bytes.count
            batch.bytes.append(contentsOf: buffer[range])
            batch.requests.append(Request(line: lineNumber, range: from..<batch.bytes.count))
        }
        return batch.requests.isEmpty ? nil : batch
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Reads more input into the buffer; `false` at the end.
    private func fill() throws(CatalogError) -> Bool {
        guard !endOfInput else { return false }
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let chunk = 1 << 20
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count = 0
        repeat {
            count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + old, chunk) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else {
            buffer.removeSubrange(old...)
            throw CatalogError(.malformedInput, "\(name) cannot be read: \(String(cString: strerror(errno))).")
        }
        buffer.removeSubrange((old + count)...)
        if count == 0 { endOfInput = true }
        return count > 0
    }

    /// The next line's range in `buffer` (without its newline), or its size when it is too long to keep.
    private func nextLine() throws(CatalogError) -> (Int, Range<Int>, Int?)? {
        // Bytes after `start` known to hold no newline (relative: `fill` may move the buffer).
        var scanned = 0
        while true {
            if let newline = newlineIndex(from: start + scanned) {
                let range = start..<newline
                start = newline + 1
                defer { line += 1 }
                return (line, range, nil)
            }
            scanned = buffer.count - start
            if scanned > maxRequestBytes {
                return (line, 0..<0, try skipLongLine())
            }
            guard try fill() else {
                guard start < buffer.count else { return nil }
                let range = start..<buffer.count
                start = buffer.count
                defer { line += 1 }
                return (line, range, nil)
            }
        }
    }

    private func newlineIndex(from offset: Int) -> Int? {
        guard offset < buffer.count else { return nil }
        return buffer.withUnsafeBytes { bytes in
            memchr(bytes.baseAddress! + offset, 0x0A, bytes.count - offset).map {
                $0 - UnsafeMutableRawPointer(mutating: bytes.baseAddress!)
            }
        }
    }

    /// Drops the rest of a line longer than the body limit; returns its length.
    private func skipLongLine() throws(CatalogError) -> Int {
        var length = buffer.count - start
        start = buffer.count
        defer { line += 1 }
        while try fill() {
            if let newline = newlineIndex(from: start) {
                length += newline - start
                start = newline + 1
                return length
            }
            length += buffer.count - start
            start = buffer.count
        }
        return length
    }

    /// One body or JSON Lines, from the first line that is not blank.
    private func detectLayout() throws(CatalogError) {
        layout = .jsonLines
        while true {
            var offset = start
            while offset < buffer.count && Self.isWhitespace(buffer[offset]) { offset += 1 }
            if offset < buffer.count {
                let lineEnd = buffer[offset...].firstIndex(of: 0x0A)
                if lineEnd == nil && !endOfInput && buffer.count - start <= maxRequestBytes {
                    _ = try fill()
                    continue
                }
                let firstLine = buffer[offset..<(lineEnd ?? buffer.count)]
                let truncated = firstLine.withUnsafeBytes { bytes -> Bool in
                    var scanner = JSONScanner(bytes)
                    do throws(JSONScanner.Failure) {
                        try scanner.skipValue(depth: 0)
                        return false
                    } catch {
                        return error.truncated
                    }
                }
                if truncated && lineEnd != nil { layout = .document }
                return
            }
            guard try fill() else { return }
        }
    }

    /// The whole input as one request (kept only up to the body limit).
    private func readDocument() throws(CatalogError) -> Batch? {
        guard start < buffer.count || !endOfInput else { return nil }
        while buffer.count - start <= maxRequestBytes, try fill() {}
        let firstLine = line + buffer[start...].prefix { Self.isWhitespace($0) }.filter { $0 == 0x0A }.count
        if buffer.count - start > maxRequestBytes {
            var length = buffer.count - start
            start = buffer.count
            while try fill() {
                length += buffer.count - start
                start = buffer.count
            }
            return Batch(bytes: [], requests: [Request(line: firstLine, range: 0..<0, oversizeBytes: length)])
        }
        let bytes = Array(buffer[start...])
        start = buffer.count
        return Batch(bytes: bytes, requests: [Request(line: firstLine, range: 0..<bytes.count)])
    }
}
