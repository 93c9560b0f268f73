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
