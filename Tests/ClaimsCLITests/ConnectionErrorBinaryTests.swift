import ClaimStore
import Foundation
import Postgres
import TestSupport
import Testing

/// Each way a connection can fail gets the advice for that cause, in one line, through
/// the built binary; the `claims db migrate` it suggests migrates the database it tried.
@Suite("claims: connection errors, each with its own advice", .dropsTestDatabases)
struct ConnectionErrorBinaryTests {
    /// Runs `claims` and checks what every failure must be: the exit code, one line
    /// starting `error:`, nothing on stdout; returns the line.
    private func failure(
        _ arguments: [String], environment: [String: String] = [:], status: Int32 = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let result = try TestProcess.claims(arguments, environment: environment)
        #expect(result.status == status, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(
            result.stderr.hasPrefix("error: ") && result.stderr.filter { $0 == "\n" }.count == 1,
            "\(result.stderr)", sourceLocation: sourceLocation)
        // libpq's own advice lines are replaced by ours, never run into its sentence.
        #expect(!result.stderr.contains("Is the server running"), "\(result.stderr)", sourceLocation: sourceLocation)
        return result.stderr
    }

    /// The command between the first pair of backticks after "run ".
    private static func suggestedCommand(_ message: String) -> String? {
        guard let run = message.range(of: "run `") else { return nil }
        let rest = message[run.upperBound...]
        return rest.firstIndex(of: "`").map { String(rest[..<$0]) }
    }

    /// Runs a suggested `claims ...` command through the shell, as a person pasting it would.
    private static func runSuggested(_ command: String, environment: [String: String] = [:]) throws -> ProcessResult {
        #expect(command.hasPrefix("claims "))
        var env = ProcessInfo.processInfo.environment
        for key in [
            "DATABASE_URL", "PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER", "PGPASSWORD", "CLAIMS_HOME",
        ] { env[key] = nil }
        for (key, value) in environment { env[key] = value }
        let line = "'\(TestProcess.claimsBinary)'" + command.dropFirst("claims".count)
        return try TestProcess.run(["/bin/sh", "-c", line], environment: env)
    }

    @Test func aStringLibpqCannotReadOrUseIsBadInput() throws {
        let unparseable = try failure(["list", "--database", "POSTGRESQL://ana:S3cretPa55@db/claims"], status: 2)
        #expect(unparseable.contains("could not be parsed: check its syntax"), "\(unparseable)")
        #expect(!unparseable.contains("S3cretPa55"))
        let badPort = try failure(["list", "--database", "host=127.0.0.1 port=abc dbname=claims"], status: 2)
        #expect(badPort.contains("has a setting libpq cannot use"), "\(badPort)")
        #expect(badPort.contains(#"invalid integer value "abc" for connection option "port""#), "\(badPort)")
        let badMode = try failure(
            ["list"], environment: ["DATABASE_URL": "host=127.0.0.1 sslmode=sometimes"], status: 2)
        #expect(badMode.hasSuffix("correct it in DATABASE_URL.\n"), "\(badMode)")
    }

    @Test func nothingListeningSaysSoOnceAndNamesWhatToCorrect() throws {
        let tcp = try failure(["list", "--database", "postgresql://alice@127.0.0.1:1/claims"])
        #expect(
            tcp.contains(
                "nothing is listening at that address (connection to server at \"127.0.0.1\", port 1 failed: Connection refused); "
            ),
            "\(tcp)")
        #expect(tcp.hasSuffix("start PostgreSQL there, or correct the host and port in --database.\n"), "\(tcp)")
        let socket = try failure(["list"], environment: ["PGHOST": "/nonexistent-claims-socket", "PGPORT": "5"])
        #expect(socket.contains("failed: No such file or directory); "), "\(socket)")
        #expect(socket.hasSuffix("correct the host and port in PGHOST, PGPORT, PGDATABASE or PGUSER.\n"), "\(socket)")
        let unknown = try failure(["list", "--database", "postgresql://alice@no-such-host.invalid/claims"])
        #expect(unknown.contains("the host name is not known"), "\(unknown)")
        #expect(unknown.hasSuffix("correct the host in --database.\n"), "\(unknown)")
    }

    @Test func aMissingDatabaseIsNamedAndNotBlamedOnTheServer() throws {
        let server = try TestDatabase.serverConninfo()
        let conninfo = server + " dbname=t_never_created_db"
        let message = try failure(["list", "--database", conninfo])
        #expect(message.contains("the server is running but has no such database"), "\(message)")
        #expect(message.contains(#"FATAL: database "t_never_created_db" does not exist"#), "\(message)")
        #expect(!message.contains("is not running") && !message.contains("check that the server"), "\(message)")
        #expect(
            message.contains(
                "correct the database name in --database, or create the database and then run `claims db migrate --database '\(conninfo)'`"
            ),
            "\(message)")
    }

    @Test func wrongMissingAndUnknownLoginsGetTheirOwnAdvice() throws {
        let database = try TestDatabase.create("connlogin")
        let admin = try database.connect()
        let role = "\(database.name)_who"
        try admin.executeScript("CREATE ROLE \(role) LOGIN PASSWORD 'Right4pony'")
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(role)") }

        let wrong = try failure(["list", "--database", try database.tcpURL(user: role, password: "Wr0ngHorse")])
        #expect(wrong.contains("the server refused the user name or password"), "\(wrong)")
        #expect(wrong.contains("password authentication failed for user \"\(role)\""), "\(wrong)")
        #expect(
            wrong.hasSuffix(
                "check them in --database (postgresql://user:PASSWORD@host/dbname), PGPASSWORD or ~/.pgpass.\n"),
            "\(wrong)")
        #expect(!wrong.contains("Wr0ngHorse"))

        let environment = ProcessInfo.processInfo.environment
        let host = try #require(environment["CLAIMS_TEST_TCP_HOST"])
        let port = try #require(environment["CLAIMS_TEST_TCP_PORT"])
        let none = try failure(
            ["list"], environment: ["DATABASE_URL": "host=\(host) port=\(port) dbname=\(database.name) user=\(role)"])
        #expect(none.contains("the server asks for a password and none was given"), "\(none)")
        #expect(
            none.hasSuffix(
                "give it in DATABASE_URL (postgresql://user:PASSWORD@host/dbname), PGPASSWORD or ~/.pgpass.\n"),
            "\(none)")

        // Over the Unix socket the server trusts whoever logs in, and says when the role does not exist.
        let unknown = try failure(["list", "--database", database.conninfo + " user=\(database.name)_nobody"])
        #expect(unknown.contains("the server does not admit this login"), "\(unknown)")
        #expect(unknown.contains("role \"\(database.name)_nobody\" does not exist"), "\(unknown)")
    }

    @Test func theMigrateHintRepeatsTheDatabaseGivenAndFollowingItMigratesThatDatabase() throws {
        let empty = try TestDatabase.create("connhint")
        let message = try failure(["list", "--database", empty.conninfo])
        #expect(
            message
                == "error: The database has no ClaimTracker schema yet; first run `claims db migrate --database '\(empty.conninfo)'`.\n"
        )
        let command = try #require(Self.suggestedCommand(message))
        let migrated = try Self.runSuggested(command)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(
            migrated.stdout.contains("The database is at schema version \(Migration.latestVersion)."),
            "\(migrated.stdout)")
        let listed = try TestProcess.claims(["list", "--database", empty.conninfo])
        #expect(listed.status == 0, "\(listed.stderr)")

        // From DATABASE_URL the variable applies again by itself.
        let other = try TestDatabase.create("connhintenv")
        let fromEnvironment = try failure(["list"], environment: ["DATABASE_URL": other.conninfo])
        #expect(fromEnvironment.hasSuffix("first run `claims db migrate`.\n"), "\(fromEnvironment)")
    }

    @Test func theMigrateHintLeavesThePasswordOutAndStillReachesTheSameDatabase() throws {
        let empty = try TestDatabase.create("connhintpw")
        let admin = try empty.connect()
        let role = "\(empty.name)_own"
        // Migrations create roles and grants: the login that runs them is a superuser.
        try admin.executeScript("CREATE ROLE \(role) LOGIN SUPERUSER PASSWORD 'Hint5ecretPw'")
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(role)") }
        let url = try empty.tcpURL(user: role, password: "Hint5ecretPw")
        let message = try failure(["report", "--database", url])
        #expect(!message.contains("Hint5ecretPw"), "\(message)")
        #expect(
            message.contains("with the password in PGPASSWORD or ~/.pgpass (it is not repeated here)"), "\(message)")
        let command = try #require(Self.suggestedCommand(message))
        #expect(command.contains("dbname=\(empty.name) user=\(role)"), "\(command)")
        let migrated = try Self.runSuggested(command, environment: ["PGPASSWORD": "Hint5ecretPw"])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let listed = try TestProcess.claims(["list", "--database", url])
        #expect(listed.status == 0, "\(listed.stderr)")
    }

    @Test func migrateOnACurrentSchemaAsAReviewerOrEditorHasNothingToDo() throws {
        let database = try TestDatabase.create("connmigrole")
        let migrate = try TestProcess.claims(["db", "migrate", "--database", database.conninfo])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        let admin = try database.connect()
        let reviewer = "\(database.name)_rv"
        let editor = "\(database.name)_ed"
        try admin.executeScript("CREATE ROLE \(reviewer) LOGIN PASSWORD 'Rv5pw' IN ROLE claims_reviewer")
        try admin.executeScript("CREATE ROLE \(editor) LOGIN PASSWORD 'Ed5pw' IN ROLE claims_editor")
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(reviewer), \(editor)") }
        for url in [
            try database.tcpURL(user: reviewer, password: "Rv5pw"),
            try database.tcpURL(user: editor, password: "Ed5pw"),
        ] {
            let again = try TestProcess.claims(["db", "migrate", "--database", url])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout == "The database is up to date (schema version \(Migration.latestVersion)).\n")
            #expect(again.stderr.isEmpty)
        }
    }

    @Test func migrateWithMigrationsPendingAsAReviewerSaysWhoMayApplyThem() throws {
        let database = try TestDatabase.create("connmigpend")
        let admin = try database.connect()
        try Migrator(migrations: Array(Migration.all.dropLast())).migrate(admin)
        let reviewer = "\(database.name)_rv"
        try admin.executeScript("CREATE ROLE \(reviewer) LOGIN PASSWORD 'Rv6pw' IN ROLE claims_reviewer")
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(reviewer)") }
        let message = try failure([
            "db", "migrate", "--database", try database.tcpURL(user: reviewer, password: "Rv6pw"),
        ])
        #expect(
            message
                == "error: The database needs 1 migration and the login \(reviewer) may not change its schema; run `claims db migrate` as the database's owner or an administrator.\n"
        )
        let applied = try #require(try admin.query("SELECT max(version) AS v FROM schema_migrations").first).decode(
            "v", as: Int.self)
        #expect(applied == Migration.latestVersion - 1)
    }
}
