import Foundation

extension ValidationIndex {
    /// Reads an index's bytes with every length checked against what is left: a damaged row gives a
    /// ``Damaged`` naming the byte, never a trap or an allocation sized by the damage.
    struct Reader {
        private let bytes: ArraySlice<UInt8>
        private(set) var position: Int

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            position = bytes.startIndex
        }

        /// Bytes read so far.
        var offset: Int { position - bytes.startIndex }
        /// Bytes not read yet.
        var left: Int { bytes.endIndex - position }
        var atEnd: Bool { position == bytes.endIndex }

        mutating func byte() throws(Damaged) -> UInt8 {
            guard position < bytes.endIndex else { throw Damaged(description: "it ends at byte \(offset)") }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func varint() throws(Damaged) -> UInt64 {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 7) {
                let byte = try byte()
                value |= UInt64(byte & 0x7F) << UInt64(shift)
                if byte < 0x80 { return value }
            }
            throw Damaged(description: "a number longer than 64 bits at byte \(offset)")
        }

        /// A count or length, at most what is left to read (each item takes at least one byte).
        mutating func count() throws(Damaged) -> Int {
            let value = try varint()
            guard value <= UInt64(left) + 1 else { throw Damaged(description: "a count of \(value) at byte \(offset)") }
            return Int(value)
        }

        mutating func signed() throws(Damaged) -> Int {
            let raw = try varint()
            let value = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
            guard let narrow = Int(exactly: value) else { throw Damaged(description: "a number out of range") }
            return narrow
        }

        /// Skips an optional number, returning where it ends.
        mutating func skipOptional() throws(Damaged) -> Int {
            if try byte() != 0 { _ = try varint() }
            return position
        }

        mutating func optional() throws(Damaged) -> Int? {
            try byte() == 0 ? nil : try signed()
        }

        /// The range of the next length-prefixed bytes.
        mutating func span() throws(Damaged) -> Range<Int> {
            let length = try count()
            guard length <= left else { throw Damaged(description: "\(length) bytes wanted at byte \(offset)") }
            defer { position += length }
            return position..<(position + length)
        }

        mutating func string() throws(Damaged) -> String {
            let range = try span()
            guard let string = ValidationIndex.text(bytes[range]) else {
                throw Damaged(description: "text that is not UTF-8 at byte \(range.lowerBound - bytes.startIndex)")
            }
            return string
        }

        mutating func strings() throws(Damaged) -> [String]? {
            let count = try count()
            guard count > 0 else { return nil }
            var list: [String] = []
            list.reserveCapacity(count - 1)
            for _ in 1..<count { list.append(try string()) }
            return list
        }

        mutating func double() throws(Damaged) -> Double {
            guard left >= 8 else { throw Damaged(description: "a date cut short at byte \(offset)") }
            var bits: UInt64 = 0
            for index in 0..<8 { bits |= UInt64(bytes[position + index]) << UInt64(index * 8) }
            position += 8
            return Double(bitPattern: bits)
        }

        func slice(_ range: Range<Int>) -> ArraySlice<UInt8> { bytes[range] }
    }
}

extension ValidationIndex {
    /// `bytes` as a string when they are UTF-8, else `nil`. Decoded through a buffer and compared
    /// back, not with the generic `String(validating:as:)`, whose unspecialized calls took a third
    /// of loading 100,000 IDs.
    static func text(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            var string = String(decoding: buffer, as: UTF8.self)
            // ASCII decodes to itself; anything else is compared back: a repaired sequence reads back as
            // U+FFFD's bytes, never as the bytes it replaced.
            if !buffer.contains(where: { $0 >= 0x80 }) { return string }
            let same = string.withUTF8 { decoded in
                decoded.count == buffer.count
                    && (buffer.isEmpty || memcmp(decoded.baseAddress!, buffer.baseAddress!, buffer.count) == 0)
            }
            return same ? string : nil
        }
    }

    /// Whether `bytes` are UTF-8, without keeping a string (ASCII is checked byte by byte).
    static func isText(_ bytes: ArraySlice<UInt8>) -> Bool {
        !bytes.contains(where: { $0 >= 0x80 }) || text(bytes) != nil
    }
}
