import Postgres

/// Applies the migrations in `sql/` that a database has not seen yet.
///
/// Each migration runs in one transaction together with its row in
/// `schema_migrations` (version, name, checksum, applied_at). Runs are serialised
/// by a PostgreSQL advisory lock, so two `claims db migrate` started at the same
/// moment both succeed and the second finds nothing to do. An applied migration
/// whose text has changed since is refused by name: its recorded checksum is compared
/// with the one built into the binary, with no round trip to the server.
public struct Migrator {
    /// The advisory lock key: "claimtr" in ASCII, fixed so every client agrees.
    static let lockKey: Int64 = 0x636C_6169_6D74_72

    public let migrations: [Migration]

    public init(migrations: [Migration] = Migration.all) {
        self.migrations = migrations
    }

    public struct AppliedMigration: Sendable {
        public let version: Int
        public let name: String
        public let checksum: String
    }

    /// Applies what is missing and returns the migrations applied now (empty when up to date).
    @discardableResult
    public func migrate(_ db: Connection) throws -> [Migration] {
        // Finding nothing to do needs only reading, so a reviewer's or editor's login,
        // which may not create tables, hears that the schema is current.
        if try isUpToDate(db) { return [] }
        try db.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? db.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }

        do {
            try createMigrationTable(db)
        } catch let error as PostgresError where error.code == .insufficientPrivilege {
            throw ClaimStoreError.migrationNotPermitted(user: db.user, pending: try pending(db).count)
        }
        let applied = try appliedMigrations(db)
        try verify(applied: applied)

        var done: [Migration] = []
        for migration in migrations where applied[migration.version] == nil {
            do {
                try db.transaction { db in
                    try db.executeScript(migration.sql)
                    try db.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch let error as PostgresError where error.code == .insufficientPrivilege && done.isEmpty {
                throw ClaimStoreError.migrationNotPermitted(user: db.user, pending: migrations.count - applied.count)
            } catch let error as PostgresError {
                throw ClaimStoreError.migrationFailed(
                    version: migration.version, name: migration.name, reason: error.descriptionWithDetail)
            }
            done.append(migration)
        }
        return done
    }

    /// Whether every migration is applied, unchanged, and the database has none unknown
    /// here; read-only, and throws as `migrate` would for a changed or newer schema.
    public func isUpToDate(_ db: Connection) throws -> Bool {
        let applied: [Int: AppliedMigration]
        do {
            applied = try appliedMigrations(db)
        } catch let error as PostgresError where error.code == .undefinedTable {
            return false
        }
        guard Set(applied.keys).isSuperset(of: migrations.map(\.version)) else { return false }
        try verify(applied: applied)
        return true
    }

    private func createMigrationTable(_ db: Connection) throws {
        try db.executeScript(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer PRIMARY KEY,
                name        text NOT NULL,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """)
    }

    /// The schema version the database is at, or nil when it has never been migrated.
    public func currentVersion(_ db: Connection) throws -> Int? {
        do {
            let row = try db.query("SELECT max(version) AS version FROM schema_migrations").first
            return try row?.decode("version", as: Int?.self) ?? nil
        } catch {
            guard error.code == .undefinedTable else { throw error }
            return nil
        }
    }

    /// Migrations the binary has that the database does not.
    public func pending(_ db: Connection) throws -> [Migration] {
        let applied: [Int: AppliedMigration]
        do {
            applied = try appliedMigrations(db)
        } catch let error as PostgresError where error.code == .undefinedTable {
            return migrations
        }
        return migrations.filter { applied[$0.version] == nil }
    }

    private func appliedMigrations(_ db: Connection) throws -> [Int: AppliedMigration] {
        var applied: [Int: AppliedMigration] = [:]
        for row in try db.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version") {
            let migration = AppliedMigration(
                version: try row.decode("version"), name: try row.decode("name"),
                checksum: try row.decode("checksum"))
            applied[migration.version] = migration
        }
        return applied
    }

    private func verify(applied: [Int: AppliedMigration]) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for record in applied.values.sorted(by: { $0.version < $1.version }) {
            guard let migration = known[record.version] else {
                throw ClaimStoreError.databaseNewerThanBinary(
                    databaseVersion: applied.keys.max() ?? record.version,
                    binaryVersion: migrations.last?.version ?? 0)
            }
            if migration.checksum != record.checksum {
                throw ClaimStoreError.migrationChanged(version: record.version, name: record.name)
            }
        }
    }
}
