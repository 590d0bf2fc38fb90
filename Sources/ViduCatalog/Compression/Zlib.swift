import CZlib

/// zlib (RFC 1950) compression of the cover metadata BLOBs, and gzip (RFC 1952) for pages `serve`
/// sends to clients that accept it, through the system libz (and libdeflate, when present, for the
/// metadata: `Libdeflate`).
public enum Zlib {
    /// Level 6, zlib's default.
    static let level: Int32 = 6
    /// A 4 KiB window: metadata is a few KiB, and a small window keeps the compressor's state small.
    static let windowBits: Int32 = 12

    /// Compresses `bytes` into a gzip member (RFC 1952) at the best level: `serve` writes each page of a
    /// catalog once and sends it many times, so the smallest output is worth the slower compression.
    public static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        // windowBits 15 + 16 asks zlib for the gzip wrapper instead of the zlib one.
        let compressor = Compressor(level: 9, windowBits: 15 + 16)
        return compressor.compress(bytes)
    }

    /// A reusable deflate state: `deflateInit` allocates and clears its tables, which for small inputs
    /// costs more than compressing, so bulk loads keep one per thread and reset it between inputs.
    /// zlib-format streams go through libdeflate when the system has it (see `Libdeflate`).
    struct Compressor: ~Copyable {
        private let stream: UnsafeMutablePointer<z_stream>?
        private let fast: OpaquePointer?

        init(level: Int32 = Zlib.level, windowBits: Int32 = Zlib.windowBits, allowingLibdeflate: Bool = true) {
            // windowBits above 15 ask for the gzip wrapper, which stays with zlib.
            if allowingLibdeflate, windowBits <= 15, let compressor = Libdeflate.allocate() {
                fast = compressor
                stream = nil
                return
            }
            fast = nil
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            let status = deflateInit2_(
                stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size))
            // Fails only on bad parameters or memory exhaustion: a programming error here, not bad input.
            precondition(status == Z_OK, "zlib deflateInit2 failed with status \(status)")
            self.stream = stream
        }

        deinit {
            if let fast { Libdeflate.free(fast) }
            if let stream {
                deflateEnd(stream)
                stream.deallocate()
            }
        }

        func compress(_ bytes: [UInt8]) -> [UInt8] {
            if let fast { return Libdeflate.compress(bytes, with: fast) }
            guard let stream else { preconditionFailure("a compressor with neither backend") }
            deflateReset(stream)
            var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(bytes.count))))
            let produced = output.withUnsafeMutableBufferPointer { out in
                bytes.withUnsafeBufferPointer { input -> Int in
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                    stream.pointee.avail_in = uInt(input.count)
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = uInt(out.count)
                    let status = deflate(stream, Z_FINISH)
                    // deflateBound guarantees room for the whole stream in one call.
                    precondition(status == Z_STREAM_END, "zlib deflate failed with status \(status)")
                    return out.count - Int(stream.pointee.avail_out)
                }
            }
            output.removeSubrange(produced...)
            return output
        }
    }

    /// The largest uncompressed size ``decompress(_:size:)`` believes: a template's metadata is a few
    /// KiB, and no upstream answer is over 64 MB.
    static let maxDecompressedSize = 64 << 20

    /// Decompresses a zlib stream whose uncompressed size is known; `nil` when the data is damaged,
    /// including a stored size that is negative or past ``maxDecompressedSize`` (it comes from a
    /// database row: allocating what it says, or converting a negative one, must not be what fails).
    static func decompress(_ bytes: [UInt8], size: Int) -> [UInt8]? {
        guard (0...maxDecompressedSize).contains(size) else { return nil }
        var length = uLong(size)
        var output = [UInt8](repeating: 0, count: max(size, 1))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &length, input.baseAddress, uLong(input.count))
            }
        }
        guard status == Z_OK, Int(length) == size else { return nil }
        output.removeSubrange(size...)
        return output
    }
}
