import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

@Suite struct UpstreamConfigurationTests {
    let folder = TemporaryDirectory()

    @Test func resolvesFlagThenEnvironmentThenDefault() throws {
        #expect(
            try UpstreamConfiguration.resolve(baseURL: nil, apiKeyFile: nil, environment: [:]).baseURL
                == "https://api.crun.ai")
        #expect(
            try UpstreamConfiguration.resolve(
                baseURL: nil, apiKeyFile: nil, environment: ["CRUN_BASE_URL": "http://mirror:8080/"]
            )
            .baseURL == "http://mirror:8080")
        #expect(
            try UpstreamConfiguration.resolve(
                baseURL: "http://flag", apiKeyFile: nil, environment: ["CRUN_BASE_URL": "http://env"]
            ).baseURL == "http://flag")
    }

    @Test func readsTheKeyFromAFileOrTheEnvironmentAndNeverPrintsIt() throws {
        let file = folder.file("key")
        try Data("sk-file-secret\n".utf8).write(to: URL(fileURLWithPath: file))
        let fromFile = try UpstreamConfiguration.resolve(
            baseURL: nil, apiKeyFile: file, environment: ["CRUN_API_KEY": "sk-env"])
        #expect("\(String(describing: fromFile.apiKey))".contains("sk-file-secret") == false)
        #expect("\(fromFile)".contains("sk-") == false)
        let fromEnv = try UpstreamConfiguration.resolve(
            baseURL: nil, apiKeyFile: nil, environment: ["CRUN_API_KEY": "sk-env"])
        #expect(fromEnv.apiKey != nil)
        #expect("\(fromEnv.apiKey!)" == "<redacted>")
    }

    @Test func refusesABaseURLThatIsNotHTTP() {
        #expect(throws: CatalogError.self) { try UpstreamConfiguration(baseURL: "ftp://x", apiKey: nil) }
        #expect(throws: CatalogError.self) { try UpstreamConfiguration(baseURL: "not a url", apiKey: nil) }
    }
}
