import Hummingbird
import Testing

// @testable: the key check is an internal middleware; its comparison is tested here without a server.
@testable import ViduCatalogServer

/// The serve key comparison: equal bytes and equal lengths, nothing less.
@Suite struct ServeKeyTests {
    typealias Middleware = ServeKeyMiddleware<BasicRequestContext>

    @Test func onlyTheSameBytesOfTheSameLengthCompareEqual() {
        let key = Array("s3rve-k3y".utf8)
        #expect(Middleware.constantTimeEqual(key, key))
        #expect(!Middleware.constantTimeEqual(key, []))
        #expect(!Middleware.constantTimeEqual(key, Array("s3rve-k3z".utf8)))
        #expect(!Middleware.constantTimeEqual(key, Array(key.dropLast())))
        // A guess 256 bytes longer, padded with zeros: equal in the low byte of the lengths.
        #expect(!Middleware.constantTimeEqual(key, key + [UInt8](repeating: 0, count: 256)))
        #expect(!Middleware.constantTimeEqual([], [UInt8](repeating: 0, count: 256)))
    }
}
