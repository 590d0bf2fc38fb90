/// Facts about this build of the library.
public enum ViduCatalogInfo {
    /// The version printed by `vidu-catalog --version` and sent upstream in the User-Agent.
    public static let version = "0.1.0"
}
