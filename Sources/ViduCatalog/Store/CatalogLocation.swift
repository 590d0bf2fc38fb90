/// Where the catalog file lives when no path is given.
public enum CatalogLocation {
    /// `$VIDU_CATALOG_DB`, else `$XDG_DATA_HOME/vidu-catalog/catalog.sqlite`, else
    /// `~/.local/share/vidu-catalog/catalog.sqlite` (the XDG default).
    public static func defaultPath(environment: [String: String]) -> String {
        if let path = environment["VIDU_CATALOG_DB"], !path.isEmpty { return path }
        // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
        if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
            return dataHome + "/vidu-catalog/catalog.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        return home + "/.local/share/vidu-catalog/catalog.sqlite"
    }
}
