import Foundation
import GRDB
import Testing
// @testable: these tests open the store's own connection pool and migrator (to see the schema and
// migrations as SQLite holds them) and the compressor that writes the metadata BLOBs.
@testable import ViduCatalog
import ViduCatalogTesting

@Suite struct CatalogStoreTests {
    let folder = TemporaryDirectory()

    func smallSnapshot() throws -> CatalogSnapshot {
        try CatalogSnapshot(data: Array(Fixtures.smallCatalog.utf8), source: "small")
    }

    @Test func migratesAnEmptyFileAndReopens() throws {
        let path = folder.file("nested/dir/catalog.sqlite")
        let store = try CatalogStore(path: path)
        try store.importSnapshot(smallSnapshot(), kind: .import, source: "small")
        let reopened = try CatalogStore(path: path)
        #expect(try reopened.templates(matching: TemplateQuery()).count == 5)
        let journal = try reopened.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let migrations = try reopened.pool.read { try CatalogStore.migrator.appliedIdentifiers($0) }
        #expect(migrations == Set(CatalogStore.migrator.migrations))
    }

    /// A catalog of the small snapshot turned back by `sql` into what an older schema wrote; its hash.
    func rewoundCatalog(_ name: String, sql: String) throws -> (path: String, hash: String) {
        let path = folder.file(name)
        let store = try CatalogStore(path: path)
        try store.importSnapshot(smallSnapshot(), kind: .import, source: "small")
        let hash = try store.status().catalogHash
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
        return (path, hash)
    }

    @Test func aCatalogWrittenBeforeCoverProbesIsMigratedWithItsTemplates() throws {
        let (path, hash) = try rewoundCatalog(
            "v1.sqlite",
            sql: """
                ALTER TABLE template_metadata DROP COLUMN covers_probed;
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v2:%';
                """)
        let migrated = try CatalogStore(path: path)
        #expect(try migrated.templates(matching: TemplateQuery()).count == 5)
        #expect(try migrated.status().catalogHash == hash)
        #expect(try migrated.coverTargets().count == 5)
        let applied = try migrated.pool.read { try CatalogStore.migrator.appliedIdentifiers($0) }
        #expect(applied == Set(CatalogStore.migrator.migrations))
    }

    @Test func aCatalogWrittenBeforeV4KeepsItsContentHashesAndPageAnswersAreDropped() throws {
        // Version 2 kept the hashes beside the metadata, and page bodies.
        let (path, hash) = try rewoundCatalog(
            "v2.sqlite",
            sql: """
                ALTER TABLE template_metadata ADD COLUMN content_hash BLOB;
                UPDATE template_metadata SET content_hash = (SELECT content_hash FROM template t WHERE t.pk = template_metadata.pk);
                ALTER TABLE template DROP COLUMN content_hash;
                DROP TABLE http_cache;
                CREATE TABLE http_cache (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, body BLOB NOT NULL,
                    body_size INTEGER NOT NULL, stored_at TEXT NOT NULL);
                INSERT INTO http_cache VALUES ('http://x/?page=1', '"e"', NULL, x'00', 1, '2026-01-01');
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v3:%' OR identifier LIKE 'v4:%';
                """)
        let migrated = try CatalogStore(path: path)
        #expect(try migrated.status().catalogHash == hash)
        #expect(try migrated.httpCache().isEmpty)
        // The moved hashes still tell unchanged content: a re-import writes nothing.
        let again = try migrated.importSnapshot(smallSnapshot(), kind: .import, source: "small")
        #expect(again.diff == CatalogDiff(changes: [], unchanged: 5))
        let columns = try migrated.pool.read { db in try db.columns(in: "template_metadata").map(\.name) }
        #expect(!columns.contains("content_hash"))
    }

    @Test func exportThenImportReproducesEveryFieldOfEveryTemplate() throws {
        let sample = BundledData.sampleSnapshot()
        let first = try CatalogStore(path: folder.file("a.sqlite"))
        try first.importSnapshot(sample, kind: .snapshot, source: "sample")
        let exported = JSONWriter(pretty: true).data(try first.snapshot().json)
        let second = try CatalogStore(path: folder.file("b.sqlite"))
        try second.importSnapshot(CatalogSnapshot(data: exported, source: "export"), kind: .import, source: "export")
        let reexported = try second.snapshot()
        #expect(reexported.templates == sample.templates)
        #expect(reexported.templates.map(\.json) == sample.templates.map(\.json))
        #expect(JSONWriter(pretty: true).data(reexported.json) == exported)
        #expect(reexported.templates.first { $0.id == "cyborg_reveal" }?.extraFields["tags"] == ["sci-fi", "metal"])
    }

    @Test func reimportingUnchangedContentWritesNothing() throws {
        let store = try CatalogStore(path: folder.file("c.sqlite"))
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let first = try store.importSnapshot(smallSnapshot(), kind: .import, source: "small", now: start)
        #expect(first.diff.added.count == 5)
        let second = try store.importSnapshot(smallSnapshot(), kind: .import, source: "small", now: start + 60)
        #expect(second.diff == CatalogDiff(changes: [], unchanged: 5))
        #expect(second.run.status == .unchanged)
        #expect(second.run.catalogHash == first.run.catalogHash)
        let updated = try store.templates(matching: TemplateQuery()).map(\.updatedAt)
        #expect(updated.allSatisfy { $0 == start })
    }

    @Test func aChangedTemplateIsUpdatedAndKeepsItsFirstSeen() throws {
        let store = try CatalogStore(path: folder.file("d.sqlite"))
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        try store.importSnapshot(smallSnapshot(), kind: .import, source: "small", now: start)
        var changed = try smallSnapshot()
        changed.templates[0].credits = 99
        changed.templates[0].aspectRatios = ["1:1"]
        let summary = try store.importSnapshot(changed, kind: .import, source: "changed", now: start + 60)
        #expect(summary.diff.changed == ["alpha_dance"])
        #expect(summary.diff.unchanged == 4)
        #expect(
            summary.diff.changes.first?.fields == [
                FieldChange(field: "aspect_ratio", old: ["9:16"], new: ["1:1"]),
                FieldChange(field: "credits", old: 4, new: 99),
            ])
        let entry = try #require(try store.entry(id: "alpha_dance"))
        #expect(entry.template.credits == 99)
        #expect(entry.firstSeen == start)
        #expect(entry.updatedAt == start + 60)
        #expect(try store.templates(matching: TemplateQuery(aspectRatios: ["1:1"])).map(\.id).contains("alpha_dance"))
        #expect(try !store.templates(matching: TemplateQuery(aspectRatios: ["9:16"])).map(\.id).contains("alpha_dance"))
        #expect(try store.templates(matching: TemplateQuery(maxCredits: 4)).isEmpty)
    }

    @Test func aReformattedInstructionIsNotAChange() throws {
        let store = try CatalogStore(path: folder.file("e.sqlite"))
        try store.importSnapshot(smallSnapshot(), kind: .import, source: "small")
        var reformatted = try smallSnapshot()
        let fields = try #require(reformatted.templates[0].inputInstruction?.fields)
        reformatted.templates[0].inputInstruction = InputInstruction(
            raw: JSONWriter(pretty: true).string(.object(fields)))
        #expect(try store.importSnapshot(reformatted, kind: .import, source: "again").diff.unchanged == 5)
    }

    @Test func conflictingDuplicatesChangeNothing() throws {
        let store = try CatalogStore(path: folder.file("f.sqlite"))
        try store.importSnapshot(smallSnapshot(), kind: .import, source: "small")
        let before = try store.snapshot()
        var twice = try smallSnapshot()
        var copy = twice.templates[1]
        copy.credits = 1
        twice.templates.append(copy)
        twice.templates[0].credits = 77
        #expect {
            try store.importSnapshot(twice, kind: .import, source: "twice")
        } throws: { error in
            (error as? CatalogError)?.message.contains("Beta_Hug appears twice") == true
        }
        #expect(try store.snapshot() == before)
    }

    @Test func metadataIsStoredCompressedAndDecompressesExactly() throws {
        let store = try CatalogStore(path: folder.file("g.sqlite"))
        try store.importSnapshot(BundledData.sampleSnapshot(), kind: .snapshot, source: "sample")
        let row = try #require(
            try store.pool.read {
                try Row.fetchOne(
                    $0,
                    sql:
                        "SELECT metadata, metadata_size, content_hash FROM template JOIN template_metadata USING (pk) WHERE id = 'hugging'"
                )
            })
        let blob: Data = row[0]
        let size: Int = row[1]
        let hash: Data = row[2]
        #expect(blob.count < size)
        #expect(hash.count == 32)
        // A zlib (RFC 1950) header: deflate method, and the two header bytes a multiple of 31.
        #expect(blob[blob.startIndex] & 0x0F == 8)
        #expect((Int(blob[blob.startIndex]) * 256 + Int(blob[blob.startIndex + 1])) % 31 == 0)
        let bytes = try #require(Zlib.decompress([UInt8](blob), size: size))
        let metadata = try CoverMetadata(json: JSONParser().parse(bytes))
        #expect(metadata.template == BundledData.sampleSnapshot().templates.first { $0.id == "hugging" })
        let status = try store.status()
        #expect(status.compressedMetadataBytes < status.metadataBytes)
    }

    @Test(arguments: [true, false])
    func zlibRoundTripsAndRefusesDamage(allowingLibdeflate: Bool) {
        let compressor = Zlib.Compressor(allowingLibdeflate: allowingLibdeflate)
        let input = Array(String(repeating: "cover metadata ✨ ", count: 200).utf8)
        let compressed = compressor.compress(input)
        #expect(compressed.count < input.count / 5)
        #expect(Zlib.decompress(compressed, size: input.count) == input)
        #expect(Zlib.decompress(Array(compressed.dropLast(4)), size: input.count) == nil)
        #expect(Zlib.decompress(compressed, size: input.count + 1) == nil)
        #expect(Zlib.decompress(compressor.compress([]), size: 0) == [])
        // Reused for many inputs, as bulk loads do.
        for template in BundledData.sampleSnapshot().templates {
            let metadata = JSONWriter().data(CoverMetadata(template: template).json)
            #expect(Zlib.decompress(compressor.compress(metadata), size: metadata.count) == metadata)
        }
    }

    @Test func libdeflateIsUsedWhereTheSystemHasIt() {
        // Debian's libdeflate0 comes with libtiff; where it is, the metadata goes through it.
        let present = ["/usr/lib/x86_64-linux-gnu/libdeflate.so.0", "/usr/lib/aarch64-linux-gnu/libdeflate.so.0"]
            .contains { FileManager.default.fileExists(atPath: $0) }
        #expect(Libdeflate.isAvailable == (present && getenv(Libdeflate.disablingVariable) == nil))
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftAlone() throws {
        let path = folder.file("notes.sqlite")
        let content = Data(String(repeating: "these are my notes, not a database\n", count: 200).utf8)
        try content.write(to: URL(fileURLWithPath: path))
        #expect {
            try CatalogStore(path: path)
        } throws: { error in
            (error as? CatalogError)?.code == .notADatabase
        }
        #expect(FileManager.default.contents(atPath: path) == content)
    }

    @Test func anotherApplicationsDatabaseIsRefused() throws {
        let path = folder.file("other.sqlite")
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY)") }
        #expect {
            try CatalogStore(path: path)
        } throws: { error in
            let error = error as? CatalogError
            return error?.code == .foreignDatabase && error?.message.contains("another application") == true
        }
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let path = folder.file("newer.sqlite")
        _ = try CatalogStore(path: path)
        try DatabaseQueue(path: path).write {
            try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        #expect {
            try CatalogStore(path: path)
        } throws: { error in
            (error as? CatalogError)?.code == .newerDatabase
        }
    }

    @Test func seedsANewCatalogFromTheBundledSampleOnlyWhenAbsent() throws {
        let path = folder.file("seeded.sqlite")
        let (store, seeded) = try CatalogStore.openSeedingIfAbsent(path: path)
        #expect(seeded?.snapshotDate == "2026-11-20")
        #expect(try store.status().activeCount == BundledData.sampleSnapshot().templates.count)
        #expect(try store.status().onlySample)
        let (_, again) = try CatalogStore.openSeedingIfAbsent(path: path)
        #expect(again == nil)
    }

    @Test func statusCountsCategoriesAndProvenance() throws {
        let store = try CatalogStore(path: folder.file("s.sqlite"))
        try store.importSnapshot(smallSnapshot(), kind: .import, source: "small.json")
        let status = try store.status()
        #expect(status.activeCount == 5)
        #expect(status.removedCount == 0)
        #expect(status.categories.count == 5)
        #expect(status.categories.allSatisfy { $0.count == 1 })
        #expect(status.lastLoad?.kind == .import)
        #expect(status.lastLoad?.source == "small.json")
        #expect(!status.onlySample)
        #expect(status.fileBytes > 0)
    }
}
