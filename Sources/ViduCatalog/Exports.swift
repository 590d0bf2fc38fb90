// The catalog library is used with the core's types in every signature (templates, snapshots, the
// validator): importing `ViduCatalog` brings them along, as Hummingbird re-exports HummingbirdCore's.
@_exported import ViduCatalogCore
