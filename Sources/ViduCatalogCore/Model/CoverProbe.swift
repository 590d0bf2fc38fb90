import Foundation

/// What probing one of a template's assets (its `cover` image or its `video`) found.
///
/// Kept in the template's compressed cover metadata beside the template, so `show` can print it and a
/// later sync can tell which URLs it already knows.
public struct CoverProbe: Sendable, Hashable {
    /// Which of the template's assets was probed.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case cover, video
    }

    /// The asset probed.
    public var role: Role
    /// Its URL, as the template gave it.
    public var url: String
    /// When it was probed.
    public var probedAt: Date
    /// The last request made: `HEAD`, or `GET` for the ranged read of the first 64 KiB.
    public var method: String
    /// The HTTP status of that request; `nil` when no answer came.
    public var status: Int?
    /// `Content-Type`, without parameters.
    public var contentType: String?
    /// The whole asset's size in bytes (from `Content-Range`, else `Content-Length`).
    public var byteLength: Int64?
    /// `ETag`, as sent.
    public var etag: String?
    /// The image's format and pixel size, when its header was read.
    public var image: ImageHeader?
    /// Why the probe failed; `nil` when it succeeded.
    public var error: String?

    /// Creates a probe record.
    public init(
        role: Role, url: String, probedAt: Date, method: String, status: Int? = nil, contentType: String? = nil,
        byteLength: Int64? = nil, etag: String? = nil, image: ImageHeader? = nil, error: String? = nil
    ) {
        self.role = role
        self.url = url
        self.probedAt = probedAt
        self.method = method
        self.status = status
        self.contentType = contentType
        self.byteLength = byteLength
        self.etag = etag
        self.image = image
        self.error = error
    }

    /// Whether the probe got an answer worth keeping (a failed one is tried again by the next probing sync).
    public var succeeded: Bool { error == nil }

    /// The stored form; also what `show --format json` prints under `covers`.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "role": .string(role.rawValue), "url": .string(url), "probed_at": .string(Timestamp.string(probedAt)),
            "method": .string(method),
        ]
        members["status"] = status.map { .int(Int64($0)) } ?? .null
        members["content_type"] = contentType.map(JSONValue.string) ?? .null
        members["byte_length"] = byteLength.map(JSONValue.int) ?? .null
        members["etag"] = etag.map(JSONValue.string) ?? .null
        members["format"] = image.map { .string($0.format.rawValue) } ?? .null
        members["width"] = image.map { .int(Int64($0.width)) } ?? .null
        members["height"] = image.map { .int(Int64($0.height)) } ?? .null
        members["error"] = error.map(JSONValue.string) ?? .null
        return .object(members)
    }

    /// Reads the stored form; `nil` when it is not one (metadata written by a later version, say).
    public init?(json: JSONValue) {
        guard let role = json["role"]?.stringValue.flatMap(Role.init(rawValue:)),
            let url = json["url"]?.stringValue,
            let stamp = json["probed_at"]?.stringValue,
            let probedAt = try? Date(stamp, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
            let method = json["method"]?.stringValue
        else { return nil }
        var image: ImageHeader?
        if let format = json["format"]?.stringValue.flatMap(ImageHeader.Format.init(rawValue:)),
            let width = json["width"]?.intValue, let height = json["height"]?.intValue
        {
            image = ImageHeader(format: format, width: width, height: height)
        }
        self.init(
            role: role, url: url, probedAt: probedAt, method: method, status: json["status"]?.intValue,
            contentType: json["content_type"]?.stringValue,
            byteLength: json["byte_length"]?.intValue.map(Int64.init), etag: json["etag"]?.stringValue,
            image: image, error: json["error"]?.stringValue)
    }

    /// One line for `show`: `image/png, 48213 bytes, PNG 720×1280, ETag "abc"` or `failed: …`.
    public var summary: String {
        if let error { return "failed: \(error)" }
        var parts: [String] = []
        parts.append(contentType ?? "no content type")
        if let byteLength { parts.append("\(byteLength) bytes") }
        if let image { parts.append("\(image.format.rawValue.uppercased()) \(image.width)×\(image.height)") }
        if let etag { parts.append("ETag \(etag)") }
        return parts.joined(separator: ", ")
    }
}
