import Foundation

/// Where and how to reach the Crun template list.
public struct UpstreamConfiguration: Sendable {
    /// Crun's public API.
    public static let defaultBaseURL = "https://api.crun.ai"
    /// The list endpoint, relative to the base URL.
    public static let listPath = "/api/v1/client/job/vidu-templates"
    /// The largest page the upstream serves.
    public static let maxPageSize = 50
    /// The largest `total` a sync believes: a million templates (20,000 pages of 50), thousands of times
    /// Crun's catalog. A larger one is an answer that cannot be true, not a reason to ask for billions of pages.
    public static let maxTotal = 1_000_000

    /// The base URL, without a trailing slash.
    public var baseURL: String
    /// The key sent as `x-api-key`; `nil` sends none (a mirror may not need one).
    public var apiKey: APIKey?
    /// Templates per page, at most ``maxPageSize``.
    public var pageSize = UpstreamConfiguration.maxPageSize
    /// How long to wait for a connection.
    public var connectTimeout: Duration = .seconds(10)
    /// How long to wait for the response to one request.
    public var readTimeout: Duration = .seconds(30)
    /// Pages fetched at once after the first.
    public var concurrency = 4

    /// Creates a configuration; the base URL must be an absolute http(s) URL.
    public init(baseURL: String, apiKey: APIKey?) throws(CatalogError) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host?.isEmpty == false
        else {
            throw CatalogError(
                .usage, "The base URL '\(baseURL)' is not an absolute http(s) URL such as \(Self.defaultBaseURL).")
        }
        self.baseURL = base
        self.apiKey = apiKey
    }

    /// `--base-url`, else `$CRUN_BASE_URL`, else Crun; the key from `--api-key-file`, else `$CRUN_API_KEY`.
    public static func resolve(baseURL: String?, apiKeyFile: String?, environment: [String: String])
        throws(CatalogError) -> UpstreamConfiguration
    {
        let base = baseURL ?? environment["CRUN_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultBaseURL
        var key: APIKey?
        if let apiKeyFile {
            guard let data = FileManager.default.contents(atPath: apiKeyFile) else {
                throw CatalogError(.inputMissing, "Cannot read the API key file \(apiKeyFile).")
            }
            guard let fileKey = APIKey(String(decoding: data, as: UTF8.self)) else {
                throw CatalogError(
                    .unauthorized, "The API key file \(apiKeyFile) is empty; put your Crun API key in it.")
            }
            key = fileKey
        } else {
            key = environment["CRUN_API_KEY"].flatMap(APIKey.init)
        }
        return try UpstreamConfiguration(baseURL: base, apiKey: key)
    }

    /// The URL of one page (1-based), as a sync asks for it and keeps its answer under.
    public func pageURL(_ page: Int) -> String {
        "\(baseURL)\(Self.listPath)?page=\(page)&page_size=\(pageSize)"
    }

    /// The URL of one template.
    func templateURL(_ id: String) -> String {
        let encoded =
            id.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "=", "+"])) ?? id
        return "\(baseURL)\(Self.listPath)?template=\(encoded)"
    }
}
