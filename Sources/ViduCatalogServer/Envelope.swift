import Foundation
import Hummingbird
import ViduCatalog

/// Crun's response envelope, `{"code": …, "message": …, "data": …}`, for every answer `serve` gives,
/// errors included, so clients of Crun read it unchanged.
enum Envelope {
    /// A JSON response with `code` equal to the HTTP status.
    static func response(
        _ status: HTTPResponse.Status, message: String, data: JSONValue = .null, headers: HTTPFields = [:]
    ) -> Response {
        let body: JSONValue = ["code": .int(Int64(status.code)), "message": .string(message), "data": data]
        return json(JSONWriter().data(body), status: status, headers: headers)
    }

    /// Already written JSON.
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(ByteBuffer(bytes: bytes), status: status, headers: headers)
    }

    /// Already written JSON, in a buffer that may be shared (a cached page: sent without a copy).
    static func json(_ buffer: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: buffer))
    }
}
