import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Postgres: connections, parameters and decoding against a real server", .dropsTestDatabases)
struct ConnectionTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.create("pgconn")
    }

    @Test func parametersTravelAsValuesNeverAsSQL() throws {
        let db = try database.connect()
        try db.executeScript("CREATE TABLE notes (body text)")
        let hostile = "x'); DROP TABLE notes; --"
        try db.execute("INSERT INTO notes (body) VALUES (\(hostile))")
        let body: String = try #require(try db.query("SELECT body FROM notes").first).decode("body")
        #expect(body == hostile)
        #expect(try #require(try db.query("SELECT count(*) AS n FROM notes").first).decode("n", as: Int64.self) == 1)
    }

    @Test func nilIsSentAndReadAsNull() throws {
        let db = try database.connect()
        let missing: String? = nil
        let row = try #require(
            try db.query("SELECT \(missing)::text IS NULL AS is_null, \(missing)::text AS value").first)
        #expect(try row.decode("is_null", as: Bool.self))
        #expect(try row.decode("value", as: String?.self) == nil)
    }

    @Test func readsEachSupportedTypeBack() throws {
        let db = try database.connect()
        let when = Date(timeIntervalSince1970: 1_770_163_200.123456)  // 2026-02-04, with microseconds
        let tags = ["plain", "with \"quotes\"", "back\\slash", "comma, brace}", "", "émoji 🗳️"]
        let row = try #require(
            try db.query(
                """
                SELECT \(Int64.max)::bigint AS big, \(42)::int AS small, \(0.1)::float8 AS ratio,
                       \(true)::bool AS yes, \("naïve “text”")::text AS words, \(when)::timestamptz AS at,
                       \(tags)::text[] AS tags, '{}'::text[] AS none, DATE '2026-02-04' AS day
                """
            ).first)
        #expect(try row.decode("big", as: Int64.self) == Int64.max)
        #expect(try row.decode("small", as: Int.self) == 42)
        #expect(try row.decode("ratio", as: Double.self) == 0.1)
        #expect(try row.decode("yes", as: Bool.self))
        #expect(try row.decode("words", as: String.self) == "naïve “text”")
        let at: Date = try row.decode("at")
        #expect(abs(at.timeIntervalSince1970 - when.timeIntervalSince1970) < 0.000_001)
        #expect(try row.decode("tags", as: [String].self) == tags)
        #expect(try row.decode("none", as: [String].self) == [])
        #expect(try row.decode("day", as: Date.self) == Date(timeIntervalSince1970: 1_770_163_200))
    }

    @Test func decodingIsIndependentOfSessionSettings() throws {
        let db = try database.connect()
        try db.executeScript(
            "SET DateStyle = 'SQL, DMY'; SET TimeZone = 'Asia/Kathmandu'; SET extra_float_digits = -15")
        let row = try #require(
            try db.query("SELECT TIMESTAMPTZ '2026-02-04 00:00:00+00' AS at, 0.1::float8 AS ratio").first)
        #expect(try row.decode("at", as: Date.self) == Date(timeIntervalSince1970: 1_770_163_200))
        #expect(try row.decode("ratio", as: Double.self) == 0.1)
    }

    @Test func aValueThatDoesNotFitNamesItsColumn() throws {
        let db = try database.connect()
        let row = try #require(try db.query("SELECT 'twelve'::text AS amount, NULL::int AS missing").first)
        let wrongType = #expect(throws: PostgresError.self) { try row.decode("amount", as: Int64.self) }
        #expect(wrongType?.kind == .decoding)
        #expect(wrongType?.column == "amount")
        #expect(wrongType?.description.contains("\"amount\"") == true)
        let null = #expect(throws: PostgresError.self) { try row.decode("missing", as: Int.self) }
        #expect(null?.column == "missing")
        let absent = #expect(throws: PostgresError.self) { try row.decode("nosuch", as: Int.self) }
        #expect(absent?.description.contains("nosuch") == true)
    }

    @Test func serverErrorsKeepTheirStatementAndLeaveDetailOutOfTheDescription() throws {
        let db = try database.connect()
        try db.executeScript("CREATE TABLE accounts (email text CONSTRAINT accounts_email_key UNIQUE)")
        let email = "ana.secret@example.org"
        try db.execute("INSERT INTO accounts VALUES (\(email))")
        let duplicate = #expect(throws: PostgresError.self) {
            try db.execute("INSERT INTO accounts VALUES (\(email))")
        }
        // DETAIL quotes the key value: kept on the error, never in its description.
        #expect(duplicate?.detail?.contains(email) == true)
        #expect(duplicate?.description.contains(email) == false)
        #expect(duplicate?.description.contains("accounts_email_key") == true)
        #expect(duplicate?.description.contains("SQLSTATE 23505") == true)
        #expect(duplicate?.descriptionWithDetail.contains(email) == true)
        // The statement as sent: its text with $n, never the parameter's value.
        #expect(duplicate?.statement == "INSERT INTO accounts VALUES ($1)")
        #expect(duplicate?.debugDescription.contains("statement: INSERT INTO accounts VALUES ($1)") == true)

        let script = #expect(throws: PostgresError.self) { try db.executeScript("SELECT 1; SELEC 2") }
        #expect(script?.statement == "SELECT 1; SELEC 2")
        let streamed = #expect(throws: PostgresError.self) {
            try db.stream("SELECT 1 / (\(0) - 0) AS x") { _ in }
        }
        #expect(streamed?.code == SQLState("22012"))
        #expect(streamed?.statement == "SELECT 1 / ($1 - 0) AS x")
        let copy = #expect(throws: PostgresError.self) {
            try db.copyIn("COPY accounts (email) FROM STDIN", rows: [[email]])
        }
        #expect(copy?.statement == "COPY accounts (email) FROM STDIN")
        #expect(copy?.description.contains(email) == false)
    }

    @Test func serverErrorsKeepSQLStateDetailAndConstraint() throws {
        let db = try database.connect()
        try db.executeScript("CREATE TABLE people (email text CONSTRAINT people_email_key UNIQUE)")
        try db.execute("INSERT INTO people VALUES (\("a@example.com"))")
        let duplicate = #expect(throws: PostgresError.self) {
            try db.execute("INSERT INTO people VALUES (\("a@example.com"))")
        }
        #expect(duplicate?.kind == .server)
        #expect(duplicate?.code == .uniqueViolation)
        #expect(duplicate?.constraint == "people_email_key")
        #expect(duplicate?.table == "people")
        #expect(duplicate?.detail?.contains("already exists") == true)

        let syntax = #expect(throws: PostgresError.self) { try db.query("SELEC 1") }
        #expect(syntax?.code == .syntaxError)
        // The connection is still usable after an error.
        #expect(try #require(try db.query("SELECT 1 AS one").first).decode("one", as: Int.self) == 1)
    }

    @Test func transactionCommitsOnReturnAndRollsBackOnThrow() throws {
        let db = try database.connect()
        try db.executeScript("CREATE TABLE ledger (entry text NOT NULL)")
        struct Abort: Error {}
        _ = try db.transaction { db in try db.execute("INSERT INTO ledger VALUES (\("kept"))") }
        #expect(throws: Abort.self) {
            try db.transaction { db in
                try db.execute("INSERT INTO ledger VALUES (\("dropped"))")
                throw Abort()
            }
        }
        #expect(!db.isInTransaction)
        // A failing statement inside a transaction rolls the whole transaction back.
        #expect(throws: PostgresError.self) {
            try db.transaction { db in
                try db.execute("INSERT INTO ledger VALUES (\("also dropped"))")
                try db.execute("INSERT INTO ledger VALUES (\(nil as String?))")
            }
        }
        // Nested transactions are savepoints: the inner failure leaves the outer work.
        try db.transaction { db in
            try db.execute("INSERT INTO ledger VALUES (\("outer"))")
            try? db.transaction { db in
                try db.execute("INSERT INTO ledger VALUES (\("inner"))")
                throw Abort()
            }
        }
        let entries = try db.query("SELECT entry FROM ledger ORDER BY entry").map {
            try $0.decode("entry", as: String.self)
        }
        #expect(entries == ["kept", "outer"])
    }

    @Test func aTransactionBodyDecidesToCommitOrRollBackAndReturnsItsValueEitherWay() throws {
        let db = try database.connect()
        try db.executeScript("CREATE TABLE drafts (entry text NOT NULL)")
        let seen = try db.transaction(deciding: { db in
            try db.execute("INSERT INTO drafts VALUES (\("dry run"))")
            return .rollback(
                try #require(try db.query("SELECT count(*) AS n FROM drafts").first).decode("n", as: Int.self))
        })
        #expect(seen == 1, "the body saw its own work")
        #expect(!db.isInTransaction)
        let kept = try db.transaction(deciding: { db in
            try db.execute("INSERT INTO drafts VALUES (\("kept"))")
            // Inside, a savepoint rolled back by decision leaves the outer work and the transaction usable.
            let inner: String = try db.transaction(deciding: { db in
                try db.execute("INSERT INTO drafts VALUES (\("inner"))")
                return .rollback("undone")
            })
            try db.execute("INSERT INTO drafts VALUES (\("after " + inner))")
            return .commit(inner)
        })
        #expect(kept == "undone")
        // A commit decided after a swallowed failure is refused, as with transaction(_:).
        let aborted = #expect(throws: PostgresError.self) {
            try db.transaction(deciding: { db in
                try db.execute("INSERT INTO drafts VALUES (\("lost"))")
                _ = try? db.execute("INSERT INTO drafts VALUES (\(nil as String?))")
                return .commit(())
            })
        }
        #expect(aborted?.code == .inFailedSQLTransaction)
        #expect(!db.isInTransaction)
        let entries = try db.query("SELECT entry FROM drafts ORDER BY entry").map {
            try $0.decode("entry", as: String.self)
        }
        #expect(entries == ["after undone", "kept"])
    }

    @Test func aTransactionWhoseStatementFailedIsRolledBackNotCommitted() throws {
        let db = try database.connect()
        try db.executeScript("CREATE TABLE journal (entry text NOT NULL)")
        // The failure is swallowed, so the body returns; COMMIT would quietly roll back.
        let aborted = #expect(throws: PostgresError.self) {
            try db.transaction { db in
                try db.execute("INSERT INTO journal VALUES (\("lost"))")
                _ = try? db.execute("INSERT INTO journal VALUES (\(nil as String?))")
            }
        }
        #expect(aborted?.code == .inFailedSQLTransaction)
        #expect(aborted?.description.contains("rolled back") == true)
        #expect(!db.isInTransaction)
        // In a savepoint, only the inner work is undone and the caller hears of it.
        try db.transaction { db in
            try db.execute("INSERT INTO journal VALUES (\("outer"))")
            let inner = #expect(throws: PostgresError.self) {
                try db.transaction { db in
                    try db.execute("INSERT INTO journal VALUES (\("inner"))")
                    _ = try? db.query("SELECT 1 / (\(0) - 0) AS x")
                }
            }
            #expect(inner?.code == .inFailedSQLTransaction)
            try db.execute("INSERT INTO journal VALUES (\("after"))")
        }
        let entries = try db.query("SELECT entry FROM journal ORDER BY entry").map {
            try $0.decode("entry", as: String.self)
        }
        #expect(entries == ["after", "outer"])
        #expect(try #require(try db.query("SELECT 1 AS one").first).decode("one", as: Int.self) == 1)
    }

    @Test func copyLoadsRowsWithAwkwardText() throws {
        let db = try database.connect()
        try db.executeScript("CREATE TABLE lines (n int NOT NULL, body text)")
        let awkward = ["tab\there", "new\nline", "back\\slash", "\\N", "cr\rlf", "ünï 🧾"]
        let rows: [[String?]] = (0..<10_000).map { n in [String(n), n % 7 == 0 ? nil : awkward[n % awkward.count]] }
        let loaded = try db.copyIn("COPY lines (n, body) FROM STDIN", rows: rows)
        #expect(loaded == 10_000)
        let stored = try db.query("SELECT n, body FROM lines ORDER BY n")
        #expect(stored.rowCount == 10_000)
        for row in stored {
            let n: Int = try row.decode("n")
            #expect(try row.decode("body", as: String?.self) == rows[n][1])
        }
    }

    @Test func copyFailureReportsTheServerErrorAndLeavesTheConnectionUsable() throws {
        let db = try database.connect()
        try db.executeScript("CREATE TABLE numbers (n int NOT NULL)")
        let failure = #expect(throws: PostgresError.self) {
            try db.copyIn("COPY numbers (n) FROM STDIN", rows: [["1"], ["two"], ["3"]])
        }
        #expect(failure?.code == .invalidTextRepresentation)
        #expect(try #require(try db.query("SELECT count(*) AS n FROM numbers").first).decode("n", as: Int.self) == 0)
    }

    @Test func closedConnectionsLeaveTheServer() throws {
        let observer = try database.connect()
        func count() throws -> Int {
            try #require(
                try observer.query(
                    "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = \(database.name) AND pid <> pg_backend_pid()"
                ).first
            ).decode("n")
        }
        let before = try count()
        do {
            let opened = try (0..<20).map { _ in try database.connect() }
            #expect(try count() == before + opened.count)
        }
        // deinit called PQfinish on each; the server notices within moments.
        var after = try count()
        for _ in 0..<50 where after != before {
            usleep(20_000)
            after = try count()
        }
        #expect(after == before)
    }
}

@Suite("Postgres: failed connections", .dropsTestDatabases)
struct FailedConnectionTests {
    @Test func aWrongPasswordIsAnAuthenticationFailureThatNeverShowsThePassword() throws {
        let database = try TestDatabase.create("pgauth")
        let admin = try database.connect()
        // Roles belong to the whole server: one of its own per run, dropped at the end.
        let role = "\(database.name)_probe"
        try admin.executeScript("CREATE ROLE \(role) LOGIN PASSWORD 'right-horse-battery'")
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(role)") }
        let secret = "wrong-staple-9f3c"
        let url = try database.tcpURL(user: role, password: secret)
        let error = #expect(throws: PostgresError.self) { _ = try Connection(conninfo: url) }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.isAuthenticationFailure == true)
        #expect(error?.description.contains(secret) == false)
        // The right password gets in over the same route.
        let good = try Connection(conninfo: try database.tcpURL(user: role, password: "right-horse-battery"))
        #expect(good.user == role)
    }

    @Test func anUnreachableServerFailsAndLeaksNoDescriptors() throws {
        func openDescriptors() -> Int {
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        }
        let before = openDescriptors()
        for _ in 0..<100 {
            #expect(throws: PostgresError.self) {
                _ = try Connection(conninfo: "host=127.0.0.1 port=1 connect_timeout=2 user=nobody dbname=none")
            }
        }
        #expect(openDescriptors() <= before + 2)
    }

    @Test func theServersRefusalKeepsItsSQLStateAndReadsAsOneLineWithoutLibpqsAdvice() throws {
        let base = try TestDatabase.serverConninfo()
        let missing = #expect(throws: PostgresError.self) {
            _ = try Connection(conninfo: base + " dbname=t_no_such_db_x7")
        }
        #expect(missing?.code == .invalidCatalogName)
        #expect(missing?.connectionFailure == .noSuchDatabase)
        // The verbose form is asked for only to learn the code: neither it nor the source location is shown.
        #expect(
            missing?.message.hasSuffix("failed: FATAL: database \"t_no_such_db_x7\" does not exist") == true,
            "\(missing?.message ?? "")")
        #expect(missing?.message.contains("3D000") == false)
        #expect(missing?.message.contains("\n") == false)
        let noRole = #expect(throws: PostgresError.self) {
            _ = try Connection(conninfo: base + " dbname=postgres user=t_no_such_role_x7")
        }
        #expect(noRole?.code == .invalidAuthorizationSpecification)
        #expect(noRole?.connectionFailure == .loginRejected)
        // A connection that works has its errors in the usual form again.
        let db = try Connection(conninfo: base + " dbname=postgres")
        let error = #expect(throws: PostgresError.self) { try db.query("SELECT * FROM no_such_table_x7") }
        #expect(error?.code == .undefinedTable)
        #expect(error?.message == "relation \"no_such_table_x7\" does not exist")
    }

    @Test func libpqsOwnFailuresAreToldApartWithoutItsAdviceLines() throws {
        let refused = #expect(throws: PostgresError.self) {
            _ = try Connection(conninfo: "host=127.0.0.1 port=1 dbname=x user=x")
        }
        #expect(refused?.connectionFailure == .notListening)
        #expect(refused?.message == "connection to server at \"127.0.0.1\", port 1 failed: Connection refused")
        let noSocket = #expect(throws: PostgresError.self) {
            _ = try Connection(conninfo: "host=/nonexistent-x7 port=5 dbname=x")
        }
        #expect(noSocket?.connectionFailure == .notListening)
        #expect(noSocket?.message.contains("Is the server running") == false)
        let badPort = #expect(throws: PostgresError.self) {
            _ = try Connection(conninfo: "host=127.0.0.1 port=abc dbname=x")
        }
        #expect(badPort?.connectionFailure == .invalidSetting)
        let badMode = #expect(throws: PostgresError.self) {
            _ = try Connection(conninfo: "host=127.0.0.1 sslmode=sometimes")
        }
        #expect(badMode?.connectionFailure == .invalidSetting)
    }

    /// A server that accepts the connection and never answers: connect_timeout ends the wait.
    @Test func connectTimeoutEndsTheWaitForASilentServer() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        #expect(bound && listen(listener, 4) == 0)
        let port = UInt16(bigEndian: address.sin_port)
        let started = Date()
        let silent = #expect(throws: PostgresError.self) {
            _ = try Connection(conninfo: "host=127.0.0.1 port=\(port) dbname=x user=x connect_timeout=2")
        }
        let waited = Date().timeIntervalSince(started)
        #expect(silent?.connectionFailure == .timedOut, "\(silent?.message ?? "")")
        #expect(silent?.message == "connection to server at \"127.0.0.1\", port \(port) failed: timeout expired")
        #expect(waited >= 1.9 && waited < 10, "waited \(waited) s")
    }

    @Test func aMalformedURLIsRefusedWithoutRepeatingIt() {
        let error = #expect(throws: PostgresError.self) {
            _ = try Connection(conninfo: "postgresql://u:pw-Zq9@[broken")
        }
        #expect(error?.kind == .invalidConnectionString)
        #expect(error?.description.contains("pw-Zq9") == false)
    }
}

@Suite("Postgres: query building", .dropsTestDatabases)
struct SQLQueryTests {
    @Test func interpolationsBecomeNumberedParameters() {
        let status = "pending"
        let limit = 5
        let query: SQLQuery = "SELECT * FROM claims WHERE status = \(status) LIMIT \(limit)"
        #expect(query.sql == "SELECT * FROM claims WHERE status = $1 LIMIT $2")
        #expect(query.binds == ["pending", "5"])
    }

    @Test func appendingRenumbersTheOtherQuerysParameters() {
        var query: SQLQuery = "SELECT 1 WHERE a = \(1)"
        query.append(" AND b = \(2) AND c = \(3)")
        #expect(query.sql == "SELECT 1 WHERE a = $1 AND b = $2 AND c = $3")
        #expect(query.binds == ["1", "2", "3"])
    }

    /// Joining queries never rewrites their text: a "$1" inside a literal or a dollar-quoted
    /// body is not a placeholder.
    @Test func appendingLeavesDollarSignsInTextAlone() {
        var query: SQLQuery = "SELECT 'save $1 off' AS a, \(7)::int AS b"
        query.append("SELECT $$ $1 $2 $$, \("x")")
        query.appendSQL(" WHERE note <> '$3'")
        query.appendBind("y")
        #expect(query.sql == "SELECT 'save $1 off' AS a, $1::int AS bSELECT $$ $1 $2 $$, $2 WHERE note <> '$3'$3")
        #expect(query.binds == ["7", "x", "y"])

        var raw = SQLQuery(unsafeSQL: "SELECT '$9'")
        raw.append(" AND \(1) = \(2)")
        #expect(raw.sql == "SELECT '$9' AND $1 = $2")
    }

    @Test func aDollarLiteralReachesTheServerUnchanged() throws {
        let db = try TestDatabase.create("sqlquery").connect()
        var query: SQLQuery = "SELECT \(5)::int AS n, "
        query.append("'$1 off'::text AS a, $$ $2 $$::text AS b, \("z")::text AS c")
        let row = try #require(try db.query(query).first)
        #expect(try row.decode("n", as: Int.self) == 5)
        #expect(try row.decode("a", as: String.self) == "$1 off")
        #expect(try row.decode("b", as: String.self) == " $2 ")
        #expect(try row.decode("c", as: String.self) == "z")
    }

    @Test func arraysAreQuotedLiterals() {
        #expect(["a", "b\"c", "d\\e"].postgresText == #"{"a","b\"c","d\\e"}"#)
        #expect((["x", nil] as [String?]).postgresText == #"{"x",NULL}"#)
    }

    @Test func conninfoValuesAreQuoted() {
        #expect(
            Conninfo.make(["host": "/tmp/it's here", "dbname": "a\\b"]) == #"dbname='a\\b' host='/tmp/it\'s here'"#)
    }
}

@Suite("Postgres: streaming rows", .dropsTestDatabases)
struct StreamingTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.create("pgstream")
    }

    @Test func rowsArriveOneAtATimeInOrder() throws {
        let db = try database.connect()
        var expected = 1
        let count = try db.stream(
            "SELECT g AS n, repeat('x', 100) AS pad FROM generate_series(1, \(50_000)) g ORDER BY g"
        ) { (row: Row) throws in
            #expect(try row.decode("n", as: Int.self) == expected)
            expected += 1
        }
        #expect(count == 50_000)
        #expect(try #require(try db.query("SELECT 1 AS one").first).decode("one", as: Int.self) == 1)
    }

    @Test func aThrowingConsumerStopsTheQueryAndLeavesTheConnectionUsable() throws {
        let db = try database.connect()
        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try db.stream("SELECT g AS n FROM generate_series(1, 10000000) g") { _ in
                seen += 1
                if seen == 10 { throw Enough() }
            }
        }
        #expect(seen == 10)
        #expect(try #require(try db.query("SELECT 2 AS two").first).decode("two", as: Int.self) == 2)
    }

    @Test func aServerErrorMidStreamIsThrown() throws {
        let db = try database.connect()
        var seen = 0
        let error = #expect(throws: PostgresError.self) {
            try db.stream("SELECT 10 / (5 - g) AS n FROM generate_series(1, 10) g") { _ in seen += 1 }
        }
        #expect(error?.code == SQLState("22012"))
        #expect(seen == 4)
        #expect(try #require(try db.query("SELECT 3 AS three").first).decode("three", as: Int.self) == 3)
    }
}
