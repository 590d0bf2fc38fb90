import Hummingbird
import Synchronization

/// The methods each route path answers, for `405 Method Not Allowed` with an `Allow` header (RFC 9110
/// section 15.5.6): Hummingbird's router answers a known path asked with another method with 404.
///
/// Filled once from the router after every route is registered (middleware must be added first).
final class AllowedMethods: Sendable {
    private let table = Mutex<[(segments: [Substring], methods: [String])]>([])

    /// Records the router's routes.
    func set(_ routes: [Router<BasicRequestContext>.RouteDescription]) {
        var byPath: [String: [String]] = [:]
        for route in routes { byPath[route.path.description, default: []].append(route.method.rawValue) }
        table.withLock { table in
            table = byPath.map { (Self.segments($0.key), $0.value.sorted()) }
        }
    }

    /// The methods `path` answers, `nil` when no route has that path.
    func methods(for path: String) -> [String]? {
        let requested = Self.segments(path)
        return table.withLock { table in
            table.first { entry in
                entry.segments.count == requested.count
                    && zip(entry.segments, requested).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
            }?.methods
        }
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
