import Checksums
import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Migrations", .dropsTestDatabases)
struct MigratorTests {
    @Test func theBinaryCarriesEveryFileInSQLFolder() throws {
        let sqlFolder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sql")
        let files = try FileManager.default.contentsOfDirectory(atPath: sqlFolder.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(Migration.all.map(\.fileName) == files)
        for migration in Migration.all {
            let onDisk = try String(contentsOf: sqlFolder.appendingPathComponent(migration.fileName), encoding: .utf8)
            #expect(migration.sql == onDisk, "\(migration.fileName) differs from the embedded copy")
        }
    }

    @Test func migrateAppliesEverythingOnceAndRecordsChecksums() throws {
        let db = try TestDatabase.create("migrate").connect()
        let first = try Migrator().migrate(db)
        #expect(first.map(\.version) == Migration.all.map(\.version))
        let second = try Migrator().migrate(db)
        #expect(second.isEmpty)
        let rows = try db.query(
            "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")
        #expect(rows.rowCount == Migration.all.count)
        for (row, migration) in zip(rows, Migration.all) {
            #expect(try row.decode("name", as: String.self) == migration.name)
            #expect(try row.decode("checksum", as: String.self).count == 64)
        }
        #expect(try Migrator().currentVersion(db) == Migration.latestVersion)
        #expect(try Migrator().pending(db).isEmpty)
    }

    @Test func migrationsStartedAtTheSameMomentAllSucceed() async throws {
        let database = try TestDatabase.create("migraterace")
        let results = await withTaskGroup(of: Result<Int, any Error>.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    Result { try Migrator().migrate(try database.connect()).count }
                }
            }
            var all: [Result<Int, any Error>] = []
            for await result in group { all.append(result) }
            return all
        }
        let counts = try results.map { try $0.get() }
        #expect(counts.reduce(0, +) == Migration.all.count, "each migration applied exactly once")
        let db = try database.connect()
        #expect(
            try #require(try db.query("SELECT count(*) AS n FROM schema_migrations").first).decode("n", as: Int.self)
                == Migration.all.count)
    }

    /// Upgrading to 015 relinks the claims whose stances or names it changed, and drops
    /// the links its rules no longer hold, without touching a claim's version.
    @Test func upgradingTo015LinksTheCopiesItNowMeets() throws {
        let db = try TestDatabase.create("migrate015").connect()
        try Migrator(migrations: Migration.all.filter { $0.version < 15 }).migrate(db)
        func insert(_ text: String) throws -> Int64 {
            try db.queryOne(
                "INSERT INTO claims (text, normalized, created_by) VALUES (\(text), \(ClaimText.normalize(text)), 'test') RETURNING id",
                purpose: "a claim"
            ).decode("id")
        }
        let original = try insert("More than 1,200 flights were cancelled at Heathrow on Saturday after a fire.")
        let copy = try insert("More than 1,200 flights were cancelled at Heathrow on Saturday after a fire cut power.")
        let killed = try insert("At least 12 people were killed when the train derailed on Friday near Balasore.")
        let injured = try insert("At least 12 people were injured when the train derailed on Friday near Balasore.")
        let beat = try insert("Australia beat India by six wickets in Ahmedabad on Sunday.")
        let beaten = try insert("India beat Australia by six wickets in Ahmedabad on Sunday.")
        func linked(_ a: Int64, _ b: Int64) throws -> Bool {
            try db.queryOne(
                """
                SELECT EXISTS (SELECT 1 FROM claim_suggestions
                               WHERE (claim_id, similar_id) IN ((\(a), \(b)), (\(b), \(a)))) AS linked
                """, purpose: "whether two claims are linked"
            ).decode("linked")
        }
        #expect(!(try linked(original, copy)), "schema 14 read 'more than' as a rise against 'cut'")
        #expect(try linked(killed, injured), "schema 14 had no count of the injured")
        #expect(try linked(beat, beaten), "schema 14 did not read roles")
        try Migrator().migrate(db)
        #expect(try linked(original, copy))
        #expect(!(try linked(killed, injured)))
        #expect(!(try linked(beat, beaten)))
        let versions: [Int] = try db.query("SELECT version FROM claims ORDER BY id").map { try $0.decode("version") }
        #expect(versions == [1, 1, 1, 1, 1, 1], "derived keys move no version")
    }

    @Test func anAppliedMigrationWhoseTextChangedIsRefusedByName() throws {
        let db = try TestDatabase.create("migratechanged").connect()
        try Migrator().migrate(db)
        var changed = Migration.all
        let original = changed[0]
        changed[0] = Migration(fileName: original.fileName, sql: original.sql + "\n-- edited afterwards\n")!
        let error = #expect(throws: ClaimStoreError.self) { try Migrator(migrations: changed).migrate(db) }
        #expect(error == .migrationChanged(version: original.version, name: original.name))
        #expect(error?.description.contains(original.fileName) == true)
    }

    /// The checksums are computed at build time (embed-sql) and compared with the recorded
    /// ones without asking the server; they must still be exactly what PostgreSQL computes,
    /// or a database migrated by an older binary would be refused as changed.
    @Test func eachEmbeddedChecksumIsPostgreSQLsSHA256OfTheSameText() throws {
        let db = try TestDatabase.create("migratesha").connect()
        #expect(Migration.all.count >= 14)
        for migration in Migration.all {
            let server: String = try #require(
                try db.query("SELECT encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex') AS c").first
            ).decode("c")
            #expect(migration.checksum == server, "\(migration.fileName)")
            // A migration made at run time gets the same checksum from the same text.
            #expect(Migration(fileName: migration.fileName, sql: migration.sql)?.checksum == server)
        }
    }

    /// SHA-256 in Swift against PostgreSQL's over texts around the 55/56/64-byte padding
    /// boundaries, several blocks long, and with multi-byte characters.
    @Test func theSwiftSHA256AgreesWithPostgreSQL() throws {
        let db = try TestDatabase.create("migratesha2").connect()
        var texts = ["", "abc", "émoji 🗳️ and “quotes”", String(repeating: "ß", count: 33)]
        for length in [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000] {
            texts.append(String((0..<length).map { Character(UnicodeScalar(UInt8(33 + ($0 * 7) % 90))) }))
        }
        for text in texts {
            let server: String = try #require(
                try db.query("SELECT encode(sha256(convert_to(\(text), 'UTF8')), 'hex') AS c").first
            ).decode("c")
            #expect(SHA256.hex(Array(text.utf8)) == server, "\(text.utf8.count) bytes")
        }
    }

    /// A checksum record edited in the database (or a migration edited after it was applied)
    /// is refused by name, by `migrate` and by the read-only `isUpToDate` alike.
    @Test func aTamperedChecksumRecordIsRefusedByName() throws {
        let db = try TestDatabase.create("migratetampered").connect()
        try Migrator().migrate(db)
        let target = Migration.all[2]
        try db.execute(
            "UPDATE schema_migrations SET checksum = \(String(repeating: "0", count: 64)) WHERE version = \(target.version)"
        )
        let error = #expect(throws: ClaimStoreError.self) { try Migrator().migrate(db) }
        #expect(error == .migrationChanged(version: target.version, name: target.name))
        #expect(error?.description.contains(target.fileName) == true)
        let readOnly = #expect(throws: ClaimStoreError.self) { try Migrator().isUpToDate(db) }
        #expect(readOnly == .migrationChanged(version: target.version, name: target.name))
    }

    @Test func aFailingMigrationLeavesNothingBehind() throws {
        let db = try TestDatabase.create("migratefail").connect()
        let broken = Migration(
            fileName: "999_broken.sql",
            sql: "CREATE TABLE half_done (id int); INSERT INTO no_such_table VALUES (1);")!
        let error = #expect(throws: ClaimStoreError.self) {
            try Migrator(migrations: Migration.all + [broken]).migrate(db)
        }
        #expect(error?.description.contains("999_broken.sql") == true)
        #expect(
            try #require(try db.query("SELECT to_regclass('half_done') IS NULL AS absent").first).decode(
                "absent", as: Bool.self))
        #expect(try Migrator().currentVersion(db) == Migration.latestVersion)
    }

    @Test func aFailingMigrationSaysTheServersDetail() throws {
        let db = try TestDatabase.create("migratedetail").connect()
        let broken = Migration(
            fileName: "999_unique.sql",
            sql:
                "CREATE TABLE twice (code text); INSERT INTO twice VALUES ('k-17'), ('k-17'); CREATE UNIQUE INDEX ON twice (code);"
        )!
        let error = #expect(throws: ClaimStoreError.self) {
            try Migrator(migrations: Migration.all + [broken]).migrate(db)
        }
        // The administrator migrating needs to know which value is duplicated.
        #expect(error?.description.contains("999_unique.sql") == true)
        #expect(error?.description.contains("(code)=(k-17)") == true)
    }

    @Test func aDatabaseNewerThanTheBinaryIsRefused() throws {
        let db = try TestDatabase.create("migratenewer").connect()
        let next = Migration(fileName: "998_future.sql", sql: "SELECT 1;")!
        try Migrator(migrations: Migration.all + [next]).migrate(db)
        let error = #expect(throws: ClaimStoreError.self) { try Migrator().migrate(db) }
        #expect(error == .databaseNewerThanBinary(databaseVersion: 998, binaryVersion: Migration.latestVersion))
    }
}
