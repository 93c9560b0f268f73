import ArgumentParser
import ClaimStore

extension Claims {
    struct DbMigrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Apply the schema migrations the database has not seen yet.",
            discussion: """
                Idempotent and safe to run from several places at once. Each migration runs \
                in one transaction with its row in schema_migrations.

                Example:
                  claims db migrate --database postgresql://claims@db.example.org/claims
                """)

        @OptionGroup var options: DatabaseOptions

        func run() throws {
            let connection = try options.connect()
            let applied = try Migrator().migrate(connection)
            if applied.isEmpty {
                print("The database is up to date (schema version \(Migration.latestVersion)).")
            } else {
                for migration in applied {
                    print("Applied \(migration.fileName).")
                }
                print("The database is at schema version \(Migration.latestVersion).")
            }
        }
    }
}
