import CZlib

/// zlib (RFC 1950) compression of the cover metadata BLOBs, through the system libz.
enum Zlib {
    /// Level 6, zlib's default: on this JSON it is within a few percent of level 9 at a fraction of the cost.
    static let level: Int32 = 6

    /// Compresses `bytes` into a zlib stream.
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &capacity, input.baseAddress, uLong(input.count), level)
            }
        }
        // compress2 fails only on an undersized buffer or memory exhaustion; compressBound rules out the first.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        output.removeSubrange(Int(capacity)...)
        return output
    }

    /// Decompresses a zlib stream whose uncompressed size is known; `nil` when the data is damaged.
    static func decompress(_ bytes: [UInt8], size: Int) -> [UInt8]? {
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
