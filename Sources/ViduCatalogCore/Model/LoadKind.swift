/// Where a load of templates into the catalog came from.
public enum LoadKind: String, Sendable, Hashable, CaseIterable {
    /// The bundled sample snapshot, seeded into a new catalog.
    case snapshot
    /// Files given to `vidu-catalog import`.
    case `import`
    /// The live upstream, through the sync engine.
    case sync
}
