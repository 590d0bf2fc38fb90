import Foundation

/// How long `vidu-catalog serve` takes from being started to its first verdict: it is spawned on a
/// fixed port and sent `POST /v1/validate` over a plain socket until one answers (every millisecond).
enum ServeStartup {
    static func measure(cli: String, database: String, body: [UInt8], port: UInt16) throws -> Double {
        let clock = ContinuousClock()
        let began = clock.now
        let pid = try Child.spawn(cli, ["serve", "--db", database, "--port", "\(port)"], environment: nil)
        defer {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        let request =
            Array("POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n".utf8)
            + Array("Content-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body
        while clock.now - began < .seconds(30) {
            if let status = exchange(request, port: port), status == "200" || status == "422" {
                return (clock.now - began).seconds
            }
            usleep(1000)
        }
        throw BenchError("serve gave no verdict within 30 s")
    }

    /// The status code of one request, or `nil` when nothing listens yet.
    private static func exchange(_ request: [UInt8], port: UInt16) -> String? {
        guard let socket = LoopbackSocket.connect(port: port) else { return nil }
        defer { close(socket) }
        guard LoopbackSocket.send(request, on: socket) else { return nil }
        var answer = [UInt8](repeating: 0, count: 64)
        let received = answer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard received >= 12 else { return nil }
        return String(decoding: answer[9..<12], as: UTF8.self)
    }
}
