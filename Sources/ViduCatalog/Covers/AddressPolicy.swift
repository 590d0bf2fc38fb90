import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which hosts a cover probe may reach. A catalog names its asset URLs, and a URL pointing at
/// `127.0.0.1`, `10.0.0.5` or the cloud metadata address `169.254.169.254` would turn a mirror's
/// `sync --covers` into a scanner of its own network; so by default a probe resolves the host first
/// and refuses when any address it resolves to is loopback, private (RFC 1918, RFC 4193),
/// shared (RFC 6598), link-local (metadata services live there), unspecified or multicast.
/// `--covers-allow-private` (``allowPrivate``) lifts this, for a catalog whose assets are internal
/// (and for the tests, whose fake serves assets on 127.0.0.1).
///
/// The check resolves the name itself, a moment before the HTTP client resolves it again: a DNS
/// server that answers differently the second time could still steer one probe; the probe sends no
/// key and reads at most 64 KiB.
public struct AddressPolicy: Sendable, Hashable {
    /// Whether loopback, private, link-local and the like may be probed.
    public var allowPrivate: Bool

    /// Creates a policy; `allowPrivate` lets probes reach loopback, private and link-local hosts.
    public init(allowPrivate: Bool = false) {
        self.allowPrivate = allowPrivate
    }

    /// Why `host` may not be probed, `nil` when it may. Resolves names (blocking: call off the
    /// cooperative pool).
    public func refusal(host: String) -> String? {
        guard !allowPrivate else { return nil }
        let addresses = Self.resolve(host)
        if addresses.isEmpty { return nil }  // The HTTP client will report the failure to resolve.
        for address in addresses {
            if let kind = Self.restricted(address) {
                return "\(host) resolves to \(kind) address \(address.text); pass --covers-allow-private to probe it"
            }
        }
        return nil
    }

    /// An IPv4 or IPv6 address, as bytes and as text.
    struct Address {
        var bytes: [UInt8]
        var text: String
    }

    /// What kind of restricted address this is, `nil` for a public one.
    static func restricted(_ address: Address) -> String? {
        let b = address.bytes
        if b.count == 16 {
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF {
                return restricted(Address(bytes: Array(b[12..<16]), text: address.text))  // IPv4-mapped
            }
            if b[0..<15].allSatisfy({ $0 == 0 }) { return b[15] == 1 ? "a loopback" : "an unspecified" }
            if b[0] & 0xFE == 0xFC { return "a private" }  // fc00::/7
            if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return "a link-local" }  // fe80::/10
            if b[0] == 0xFF { return "a multicast" }
            return nil
        }
        guard b.count == 4 else { return "an unreadable" }
        switch (b[0], b[1]) {
        case (0, _): return "an unspecified"
        case (10, _): return "a private"
        case (127, _): return "a loopback"
        case (169, 254): return "a link-local (metadata)"
        case (172, 16...31): return "a private"
        case (192, 168): return "a private"
        case (100, 64...127): return "a shared (carrier-grade NAT)"
        case (224...255, _): return "a multicast or reserved"
        default: return nil
        }
    }

    /// Every address `host` resolves to (a literal address resolves to itself).
    static func resolve(_ host: String) -> [Address] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [Address] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor, addresses.count < 64 {
            if let sockaddr = info.pointee.ai_addr {
                if info.pointee.ai_family == AF_INET {
                    sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin_addr
                        let bytes = withUnsafeBytes(of: &address) { Array($0) }
                        addresses.append(Address(bytes: bytes, text: text(&address, family: AF_INET)))
                    }
                } else if info.pointee.ai_family == AF_INET6 {
                    sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin6_addr
                        let bytes = withUnsafeBytes(of: &address) { Array($0) }
                        addresses.append(Address(bytes: bytes, text: text(&address, family: AF_INET6)))
                    }
                }
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }

    private static func text<T>(_ address: inout T, family: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let written = withUnsafePointer(to: &address) { inet_ntop(family, $0, &buffer, socklen_t(buffer.count)) }
        guard written != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
