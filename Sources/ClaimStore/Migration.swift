import Checksums

/// One numbered schema change from `sql/`, such as `001_initial_schema.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// The SHA-256 of `sql`'s UTF-8 bytes in lowercase hex, as `schema_migrations` records it
    /// (and as PostgreSQL's `encode(sha256(convert_to(sql, 'UTF8')), 'hex')` computes it).
    public let checksum: String

    /// Parses `NNN_name.sql`; nil for a file that does not follow the pattern.
    public init?(fileName: String, sql: String) {
        self.init(fileName: fileName, sql: sql, checksum: SHA256.hex(Array(sql.utf8)))
    }

    /// A migration whose checksum was computed already: at build time, for those in `sql/`.
    init?(fileName: String, sql: String, checksum: String) {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_"),
            let version = Int(stem[..<underscore]), version > 0
        else { return nil }
        self.version = version
        self.name = String(stem[stem.index(after: underscore)...])
        self.sql = sql
        self.checksum = checksum
    }

    /// The migrations built into this binary from `sql/`, in order, with the checksums
    /// embed-sql computed at build time.
    public static let all: [Migration] = {
        let migrations = embeddedMigrationFiles.compactMap {
            Migration(fileName: $0.name, sql: $0.sql, checksum: $0.sha256)
        }
        precondition(
            migrations.count == embeddedMigrationFiles.count,
            "every file in sql/ must be named NNN_name.sql")
        precondition(
            Set(migrations.map(\.version)).count == migrations.count,
            "two files in sql/ share a version number")
        return migrations.sorted { $0.version < $1.version }
    }()

    /// The file name in `sql/`, such as `001_initial_schema.sql`.
    public var fileName: String { Self.fileName(version: version, name: name) }

    public static func fileName(version: Int, name: String) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits + "_" + name + ".sql"
    }

    /// The newest schema version this binary knows.
    public static var latestVersion: Int { all.last?.version ?? 0 }
}
