import Foundation
import HummingbirdTesting
import Testing
import ViduCatalog
import ViduCatalogServer
import ViduCatalogTesting

/// Clients that hold a connection without finishing a request: a head sent a few bytes at a time
/// (slowloris), a body that never completes. The server's timeouts end both; it keeps answering others.
@Suite struct SlowClientTests {
    let folder = TemporaryDirectory()

    /// A server with a one-second body timeout; the idle timeout is one second only where the test is
    /// about it, and generous elsewhere, so that on a loaded machine (the whole suite at once) an idle
    /// close never beats the answer under test.
    func server(idle: Duration = .seconds(60), bodyBytesInFlight: Int = 256 << 20) throws -> CatalogServer {
        let store = try CatalogStore(path: folder.file("catalog.sqlite"))
        try store.importSnapshot(BundledData.sampleSnapshot(), kind: .import, source: "sample")
        var configuration = CatalogServer.Configuration(host: "127.0.0.1", port: 0)
        configuration.idleTimeout = idle
        configuration.bodyTimeout = .seconds(1)
        configuration.bodyBytesInFlight = bodyBytesInFlight
        return CatalogServer(
            store: store, state: ServedCatalogState(try ServedCatalog.load(from: store)), configuration: configuration)
    }

    @Test func aBodyThatNeverCompletesGets408() async throws {
        try await server().application().test(.live) { client in
            let socket = try RawSocket(port: try #require(client.port))
            try socket.send("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
            // Keep the connection busy (never idle) while the body stays unfinished.
            for _ in 0..<6 {
                try await Task.sleep(for: .milliseconds(300))
                try? socket.send(" ")
            }
            let answer = await socket.receive(within: .seconds(90))
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
            #expect(answer.contains(#""code":408"#))
        }
    }

    @Test func aDeclaredLengthPastTheLimitIs413BeforeAnyByteIsRead() async throws {
        try await server().application().test(.live) { client in
            let socket = try RawSocket(port: try #require(client.port))
            try socket.send("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 30000000\r\n\r\n")
            let answer = await socket.receive(within: .seconds(90))
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
        }
    }

    @Test func bodiesPastTheBudgetOfBytesInFlightAre503WithRetryAfter() async throws {
        // A budget of 100 KB: a body of 80 KB held open (never finished) leaves no room for another.
        try await server(bodyBytesInFlight: 100 << 10).application().test(.live) { client in
            let port = try #require(client.port)
            let holder = try RawSocket(port: port)
            try holder.send("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 81920\r\n\r\n{")
            try await Task.sleep(for: .milliseconds(200))
            let other = try RawSocket(port: port)
            try other.send("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 81920\r\n\r\n{")
            let refused = await other.receive(within: .seconds(90))
            #expect(refused.hasPrefix("HTTP/1.1 503"), "\(refused)")
            #expect(refused.lowercased().contains("retry-after: 1"))
            // A small body needs no room in the budget and is answered meanwhile.
            let small = try RawSocket(port: port)
            try small.send("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            #expect(await small.receive(within: .seconds(90)).hasPrefix("HTTP/1.1 422"))
        }
    }

    @Test func aHeadSentByteByByteIsClosedAfterTheIdleTimeout() async throws {
        try await server(idle: .seconds(1)).application().test(.live) { client in
            let port = try #require(client.port)
            let socket = try RawSocket(port: port)
            let clock = ContinuousClock()
            let started = clock.now
            var closed = false
            // A byte of header every 200 ms: the head never completes.
            for byte in "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8 {
                guard (try? socket.send(bytes: [byte])) != nil else {
                    closed = true
                    break
                }
                try await Task.sleep(for: .milliseconds(200))
                if socket.peerClosed() {
                    closed = true
                    break
                }
            }
            #expect(closed)
            // A byte every 200 ms for 15 s would finish the head; the idle timeout of 1 s closes it long before.
            #expect(clock.now - started < .seconds(12))
            // Others are still served.
            let other = try RawSocket(port: port)
            try other.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(await other.receive(within: .seconds(90)).hasPrefix("HTTP/1.1 200"))
        }
    }
}

/// A blocking TCP client on loopback, for what HTTP clients will not do: send a request piecemeal.
/// (`@unchecked Sendable`: one test uses it at a time, handing it to one reading thread at a time.)
final class RawSocket: @unchecked Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws { try send(bytes: Array(text.utf8)) }

    func send(bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// Whether the server closed the connection (a read would return 0 now).
    func peerClosed() -> Bool {
        var byte: UInt8 = 0
        let got = recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// What arrives until the server closes or `timeout` passes, read on a thread of Dispatch's: a
    /// blocking read on one of the cooperative pool's two threads would starve the server under test.
    func receive(within timeout: Duration) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.blockingReceive(within: timeout)) }
        }
    }

    private func blockingReceive(within timeout: Duration) -> String {
        var timeval = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeval, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = recv(descriptor, &buffer, buffer.count, 0)
            if got <= 0 { break }
            received += buffer[..<got]
            if let text = String(validating: received, as: UTF8.self), text.contains("\r\n\r\n"),
                text.contains("}")
            {
                break
            }
        }
        return String(decoding: received, as: UTF8.self)
    }
}
