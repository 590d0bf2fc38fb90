import Foundation
import GRDB

extension CatalogStore {
    /// An active template whose cover or video has no successful probe of its current URL.
    public struct CoverTarget: Sendable, Hashable {
        /// The template's row.
        public var pk: Int64
        /// The template and the probes it already has.
        public var metadata: CoverMetadata

        /// The assets still to probe: those without a successful probe of their current URL.
        public var assets: [(role: CoverProbe.Role, url: String)] {
            CoverMetadata.assets(of: metadata.template).filter { asset in
                !metadata.probes.contains { $0.role == asset.role && $0.url == asset.url && $0.succeeded }
            }
        }
    }

    /// The active templates a probing sync looks at: new ones, those whose cover or video URL changed,
    /// and those whose last probe failed.
    public func coverTargets() throws(CatalogError) -> [CoverTarget] {
        try read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT m.pk, m.metadata, m.metadata_size FROM template_metadata m JOIN template t USING (pk)
                    WHERE m.covers_probed = 0 AND t.removed_at IS NULL ORDER BY t.position
                    """)
            var targets: [CoverTarget] = []
            while let row = try rows.next() {
                let table = "template_metadata"
                targets.append(
                    CoverTarget(
                        pk: try row.value(0, in: table),
                        metadata: try Self.metadata(
                            blob: try row.value(1, in: table), size: try row.value(2, in: table), path: path)))
            }
            return targets
        }
    }

    /// Stores probe results in the templates' compressed metadata, in one transaction, replacing the
    /// earlier probe of the same asset. A probe whose URL the template no longer has (an import
    /// changed it meanwhile) is dropped. Template rows and content hashes are not touched: probing
    /// never changes a template.
    public func recordCoverProbes(_ probes: [Int64: [CoverProbe]]) throws(CatalogError) {
        guard !probes.isEmpty else { return }
        try write { db in
            let compressor = Zlib.Compressor()
            let writer = JSONWriter()
            for (pk, found) in probes.sorted(by: { $0.key < $1.key }) {
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT metadata, metadata_size FROM template_metadata WHERE pk = ?", arguments: [pk])
                else { continue }
                var metadata = try Self.metadata(
                    blob: try row.value(0, in: "template_metadata"), size: try row.value(1, in: "template_metadata"),
                    path: path)
                let replaced = Set(found.map { "\($0.role.rawValue) \($0.url)" })
                metadata.probes = metadata.probes(keptFor: metadata.template).filter {
                    !replaced.contains("\($0.role.rawValue) \($0.url)")
                }
                metadata.probes += found
                metadata.probes = metadata.probes(keptFor: metadata.template).sorted {
                    $0.role.rawValue < $1.role.rawValue
                }
                let bytes = writer.data(metadata.json)
                try db.execute(
                    sql: """
                        UPDATE template_metadata SET metadata = ?, metadata_size = ?, covers_probed = ? WHERE pk = ?
                        """,
                    arguments: [Data(compressor.compress(bytes)), bytes.count, metadata.isProbed, pk])
            }
        }
    }

    /// Decompresses and decodes one metadata BLOB.
    static func metadata(blob: Data, size: Int, path: String) throws -> CoverMetadata {
        guard let bytes = Zlib.decompress([UInt8](blob), size: size) else {
            throw CatalogError(
                .notADatabase, "\(path) is damaged: a template's compressed metadata does not decompress.")
        }
        do {
            return try CoverMetadata(json: JSONParser().parse(bytes))
        } catch {
            throw CatalogError(.notADatabase, "\(path) is damaged: a template's metadata is not readable (\(error)).")
        }
    }
}
