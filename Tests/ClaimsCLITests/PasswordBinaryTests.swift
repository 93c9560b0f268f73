import Foundation
import TestSupport
import Testing

/// No path a user can reach prints a password: every form of `PasswordForm.all`
/// through every command that takes a connection string.
@Suite("claims never prints a password")
struct PasswordBinaryTests {
    /// A CLAIMS_HOME of its own, so `db status` looks at an empty folder.
    let home = NSTemporaryDirectory() + "claims-passwords-\(UUID().uuidString.prefix(8))"

    /// Runs `claims` and checks what every path must do: no fragment of the password
    /// on stdout or stderr, the exit code, and an error of one line.
    private func check(_ form: PasswordForm, _ arguments: [String], environment: [String: String] = [:], status: Int32)
        throws
    {
        var environment = environment
        environment["CLAIMS_HOME"] = home
        let result = try TestProcess.claims(arguments, environment: environment)
        let shown = "claims \(arguments.joined(separator: " ")) \(environment)"
        #expect(form.leak(in: result.stdout) == nil, "\(shown) printed \(result.stdout)")
        #expect(form.leak(in: result.stderr) == nil, "\(shown) printed \(result.stderr)")
        #expect(result.status == status, "\(shown): \(result.stderr)")
        if status != 0, !result.stderr.contains("\nUsage: ") {  // argument-parser adds its usage lines
            #expect(result.stderr.split(separator: "\n").count == 1, "\(shown): \(result.stderr)")
        }
    }

    @Test(arguments: PasswordForm.all)
    func everyCommandThatConnectsKeepsThePasswordHidden(_ form: PasswordForm) throws {
        // libpq cannot parse it or refuses a value in it: bad input, exit 2. It parses but nothing listens: exit 1.
        let failure: Int32 = form.parses && !form.refusesASetting ? 1 : 2
        try check(form, ["list", "--database", form.conninfo], status: failure)
        try check(form, ["list", "--database=\(form.conninfo)", "--format", "csv"], status: failure)
        try check(form, ["list"], environment: ["DATABASE_URL": form.conninfo], status: failure)
        try check(form, ["db", "migrate", "--database", form.conninfo], status: failure)
        try check(form, ["report", "--format", "csv"], environment: ["DATABASE_URL": form.conninfo], status: failure)
        // The local database's status, with a note about where commands really go.
        try check(form, ["db", "status"], environment: ["DATABASE_URL": form.conninfo], status: 0)
        try check(form, ["db", "status", "--format", "json"], environment: ["DATABASE_URL": form.conninfo], status: 0)
    }

    @Test(arguments: PasswordForm.all)
    func aMisplacedConnectionStringIsNotEchoedByUsageErrors(_ form: PasswordForm) throws {
        // --database belongs after the subcommand; argument-parser quotes what it cannot place.
        try check(form, ["--database", form.conninfo, "list"], status: 2)
        try check(form, ["list", form.conninfo], status: 2)
        try check(form, ["db", "status", "--database", form.conninfo], status: 2)
    }

    @Test func aPasswordInPGPASSWORDIsNotShown() throws {
        let form = PasswordForm.all[0]
        let secret = form.fragments[0]
        try check(
            form, ["list"],
            environment: ["PGHOST": "127.0.0.1", "PGPORT": "1", "PGUSER": "alice", "PGPASSWORD": secret], status: 1)
        try check(
            form, ["list", "--database", "postgresql://alice@127.0.0.1:1/claims"], environment: ["PGPASSWORD": secret],
            status: 1)
        try check(form, ["db", "status"], environment: ["PGHOST": "127.0.0.1", "PGPASSWORD": secret], status: 0)
    }

    @Test func theMessageSaysWhereTheConnectionWentAndWhatToDo() throws {
        let refused = try TestProcess.claims([
            "list", "--database", "postgresql://alice:S3cret%40Pa55@127.0.0.1:1/claims",
        ])
        #expect(
            refused.stderr == """
                error: Could not connect to host=127.0.0.1 port=1 dbname=claims user=alice password=*** (from --database): \
                nothing is listening at that address (connection to server at "127.0.0.1", port 1 failed: Connection refused); \
                start PostgreSQL there, or correct the host and port in --database.

                """)
        let unparseable = try TestProcess.claims(
            ["list"], environment: ["DATABASE_URL": "POSTGRESQL://alice:S3cretPa55@db/claims"])
        #expect(unparseable.status == 2)
        #expect(
            unparseable.stderr == """
                error: The connection string from DATABASE_URL could not be parsed: check its syntax \
                (postgresql://user@host:5432/dbname, or host=... dbname=... in key=value form).

                """)
    }

    /// Against the real server: the password is wrong, so libpq's message comes from
    /// the server's refusal, the path a mistyped password takes.
    @Test func wrongPasswordsInSeveralFormsAreRefusedWithoutBeingShown() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["CLAIMS_TEST_TCP_HOST"], let port = environment["CLAIMS_TEST_TCP_PORT"] else {
            throw TestDatabase.NotConfigured()
        }
        let forms: [(String, [String])] = [
            ("postgresql://cli_io_nobody:S3cret%40Pa55@\(host):\(port)/claims", ["S3cret%40Pa55", "S3cret@Pa55"]),
            ("postgresql://cli_io_nobody:S3cret%2FPa55%3F@\(host):\(port)/claims", ["S3cret%2FPa55", "S3cret/Pa55"]),
            (
                "postgresql://\(host):\(port)/claims?user=cli_io_nobody&password=S3cret%26Pa55",
                ["S3cret%26Pa55", "S3cret&Pa55"]
            ),
            (
                "host=\(host) port=\(port) dbname=claims user=cli_io_nobody password='S3cret Pa55\\'x'",
                ["S3cret Pa55'x", "S3cret"]
            ),
            ("host=\(host) port=\(port) dbname=claims user=S3cretPa55-as-user password=S3cretPa55", ["S3cretPa55"]),
        ]
        for (conninfo, fragments) in forms {
            let result = try TestProcess.claims(["list", "--database", conninfo])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("refused the user name or password"), "\(result.stderr)")
            for fragment in fragments {
                #expect(!result.stderr.contains(fragment) && !result.stdout.contains(fragment), "\(result.stderr)")
            }
        }
    }
}
