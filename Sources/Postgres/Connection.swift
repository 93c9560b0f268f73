import CLibPQ
import Foundation

/// One connection to a PostgreSQL server through libpq.
///
/// ```swift
/// let db = try Connection(conninfo: "postgresql://localhost/claims")
/// let open = try db.query("SELECT count(*) AS n FROM claims WHERE status = \("pending")")
/// try db.transaction { db in
///     try db.execute("UPDATE claims SET status = \("verified") WHERE id = \(id)")
/// }
/// ```
///
/// A connection is not thread-safe: use it from one task or thread at a time.
/// It owns its `PGconn` and closes it in `deinit`.
public final class Connection {
    private let pointer: OpaquePointer
    private var transactionDepth = 0

    /// The `PGconn`, for the extensions of this type in other files.
    var rawPointer: OpaquePointer { pointer }

    /// Connects with a `postgresql://` URL or a `key=value` conninfo string.
    ///
    /// An empty string connects with libpq's own defaults: the `PG*` environment
    /// variables, `~/.pgpass` and the service file all apply. A failed attempt is
    /// freed before the error is thrown, and the error never contains the password:
    /// a string libpq cannot parse is refused with ``Conninfo/unparseableMessage``
    /// (libpq's own message quotes the string whole), and libpq's message about a
    /// failed connection is scrubbed of everything ``Conninfo/secrets(in:)`` finds.
    public init(conninfo: String) throws(PostgresError) {
        guard Conninfo.parse(conninfo) != nil else {
            throw PostgresError(kind: .invalidConnectionString, message: Conninfo.unparseableMessage)
        }
        let connection = try Self.open(conninfo)
        pointer = connection
        // Notices (such as "relation already exists, skipping") are not errors; keep them off stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    /// Opens a connection as `PQconnectdb` does, but with the server's errors in verbose
    /// form while connecting, so a refusal keeps its SQLSTATE (`3D000` no such database,
    /// `28P01` wrong password) instead of being known only by its words, which the server
    /// may write in another language.
    ///
    /// `connect_timeout` bounds each wait for the server, as libpq's does for each host;
    /// when it runs out the attempt ends (libpq would go on to a further address).
    private static func open(_ conninfo: String) throws(PostgresError) -> OpaquePointer {
        guard let connection = PQconnectStart(conninfo) else {
            throw PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        PQsetErrorVerbosity(connection, PQERRORS_VERBOSE)
        let timeout =
            Conninfo.parse(conninfo)?.first { $0.keyword == "connect_timeout" }
            .flatMap { Int($0.value.trimmingCharacters(in: .whitespaces)) }
            .map { $0 <= 0 ? 0 : max($0, 2) } ?? 0
        var state = PQstatus(connection) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING
        var host = currentHost(connection)
        var deadline = timeout > 0 ? Date().addingTimeInterval(Double(timeout)) : nil
        var timedOut = false
        while state != PGRES_POLLING_OK && state != PGRES_POLLING_FAILED {
            var descriptor = pollfd(
                fd: PQsocket(connection), events: Int16(state == PGRES_POLLING_READING ? POLLIN : POLLOUT), revents: 0)
            let wait = deadline.map { Int32(max(0, min($0.timeIntervalSinceNow * 1000, 1_000_000)).rounded(.up)) } ?? -1
            let ready = poll(&descriptor, 1, wait)
            if ready < 0, errno == EINTR { continue }
            if ready == 0 {
                timedOut = true
                break
            }
            state = PQconnectPoll(connection)
            let now = currentHost(connection)
            if now != host, timeout > 0 {
                host = now
                deadline = Date().addingTimeInterval(Double(timeout))
            }
        }
        if state == PGRES_POLLING_OK, PQstatus(connection) == CONNECTION_OK {
            PQsetErrorVerbosity(connection, PQERRORS_DEFAULT)
            return connection
        }
        var secrets = Conninfo.secrets(in: conninfo)
        if let password = getenv("PGPASSWORD").map({ String(cString: $0) }), !password.isEmpty {
            secrets.append(password)
        }
        let raw =
            timedOut
            ? "connection to server at \"\(host.host)\", port \(host.port) failed: timeout expired"
            : String(cString: PQerrorMessage(connection))
        PQfinish(connection)
        let failure = ConnectionFailureText(raw)
        throw PostgresError(
            kind: .connectionFailed, code: failure.code, message: Conninfo.scrub(failure.message, secrets: secrets))
    }

    private static func currentHost(_ connection: OpaquePointer) -> (host: String, port: String) {
        (PQhost(connection).map { String(cString: $0) } ?? "", PQport(connection).map { String(cString: $0) } ?? "")
    }

    deinit { PQfinish(pointer) }

    /// The server's version number, such as 150018 for 15.18.
    public var serverVersion: Int { Int(PQserverVersion(pointer)) }

    /// The role this connection authenticated as.
    public var user: String { String(cString: PQuser(pointer)) }

    /// The database this connection opened.
    public var databaseName: String { String(cString: PQdb(pointer)) }

    /// Runs one statement with its parameters and returns its rows.
    @discardableResult
    public func query(_ query: SQLQuery) throws(PostgresError) -> QueryResult {
        let result = try execParams(query.sql, query.binds, query.bindTypes)
        return result
    }

    /// Runs one statement whose values are given as `$n` parameters:
    /// `try db.query("SELECT * FROM claims WHERE id = $1", [id])`.
    ///
    /// The text is a `StaticString`, so no value can be spliced into it.
    @discardableResult
    public func query(_ sql: StaticString, _ binds: [(any PostgresEncodable)?]) throws(PostgresError) -> QueryResult {
        try execParams(
            "\(sql)", binds.map { $0?.postgresText }, binds.map { $0.map { type(of: $0).postgresType } ?? .unspecified }
        )
    }

    /// Runs one statement and returns the number of rows it changed.
    @discardableResult
    public func execute(_ query: SQLQuery) throws(PostgresError) -> Int {
        try execParams(query.sql, query.binds, query.bindTypes).affectedRows
    }

    /// Runs a script of several statements with no parameters, such as a migration.
    ///
    /// Only for SQL written by the project, never for text that holds user input.
    public func executeScript(_ sql: String) throws(PostgresError) {
        let result = PQexec(pointer, sql)
        _ = try check(result, statement: sql)
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back and rethrows when it throws.
    ///
    /// Nested calls become savepoints, so an inner failure undoes only the inner work.
    /// When a statement failed inside and `body` returned anyway (its error swallowed by
    /// `try?`), the server has aborted the transaction and a COMMIT would quietly roll it
    /// back; it is rolled back instead and ``abortedTransactionError`` thrown.
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        let depth = transactionDepth
        try executeScript(depth == 0 ? "BEGIN" : "SAVEPOINT claimtracker_\(depth)")
        transactionDepth += 1
        do {
            let value = try body(self)
            transactionDepth -= 1
            if PQtransactionStatus(pointer) == PQTRANS_INERROR { throw Self.abortedTransactionError }
            try executeScript(depth == 0 ? "COMMIT" : "RELEASE SAVEPOINT claimtracker_\(depth)")
            return value
        } catch {
            transactionDepth = depth
            if PQstatus(pointer) == CONNECTION_OK {
                try? executeScript(
                    depth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT claimtracker_\(depth)")
            }
            throw error
        }
    }

    /// What a ``transaction(deciding:)`` body decided: keep its work, or undo it (a dry
    /// run, a measurement), with the value to return either way.
    public enum TransactionOutcome<Value> {
        case commit(Value)
        case rollback(Value)
    }

    /// Runs `body` in a transaction (a savepoint when one is open already) and commits or
    /// rolls back as the body's outcome says; an error thrown rolls back and is rethrown,
    /// as with ``transaction(_:)``. A rollback is a value, not an error to catch:
    ///
    /// ```swift
    /// let count = try db.transaction(deciding: { db in
    ///     try db.execute("DELETE FROM claims WHERE score < 0.1")
    ///     return .rollback(try db.query("SELECT count(*) AS n FROM claims").first!.decode("n", as: Int.self))
    /// })
    /// ```
    public func transaction<T>(deciding body: (Connection) throws -> TransactionOutcome<T>) throws -> T {
        let depth = transactionDepth
        try executeScript(depth == 0 ? "BEGIN" : "SAVEPOINT claimtracker_\(depth)")
        transactionDepth += 1
        let outcome: TransactionOutcome<T>
        do {
            outcome = try body(self)
        } catch {
            transactionDepth = depth
            if PQstatus(pointer) == CONNECTION_OK {
                try? executeScript(depth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT claimtracker_\(depth)")
            }
            throw error
        }
        transactionDepth = depth
        switch outcome {
        case .rollback(let value):
            try executeScript(
                depth == 0
                    ? "ROLLBACK"
                    : "ROLLBACK TO SAVEPOINT claimtracker_\(depth); RELEASE SAVEPOINT claimtracker_\(depth)")
            return value
        case .commit(let value):
            if PQtransactionStatus(pointer) == PQTRANS_INERROR {
                try? executeScript(depth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT claimtracker_\(depth)")
                throw Self.abortedTransactionError
            }
            try executeScript(depth == 0 ? "COMMIT" : "RELEASE SAVEPOINT claimtracker_\(depth)")
            return value
        }
    }

    /// Thrown by ``transaction(_:)`` when its body returned although a statement in it had
    /// failed: nothing of the transaction (or savepoint) was kept.
    public static let abortedTransactionError = PostgresError(
        kind: .server, code: .inFailedSQLTransaction,
        message:
            "a statement in the transaction failed and its error was not passed on, so the transaction was rolled back instead of committed"
    )

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(pointer)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Loads rows in bulk with `COPY ... FROM STDIN` (text format).
    ///
    /// ```swift
    /// try db.copyIn("COPY items (name, price) FROM STDIN", rows: [["pen", "1.50"], ["ink", nil]])
    /// ```
    /// `nil` is NULL; tabs, newlines and backslashes in values are escaped. Returns the rows loaded.
    @discardableResult
    public func copyIn<Rows: Sequence>(_ statement: StaticString, rows: Rows) throws(PostgresError) -> Int
    where Rows.Element == [String?] {
        let start = PQexec(pointer, "\(statement)")
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try check(start, statement: "\(statement)")
            throw PostgresError(
                kind: .client, message: "the statement did not start COPY FROM STDIN", statement: "\(statement)")
        }
        PQclear(start)

        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        var failure: PostgresError?
        func flush() {
            guard failure == nil, !buffer.isEmpty else { return }
            let sent = buffer.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(pointer, $0.baseAddress, Int32($0.count)) }
            }
            if sent != 1 {
                failure = PostgresError(
                    kind: .client, message: PostgresError.oneLine(String(cString: PQerrorMessage(pointer))))
            }
            buffer.removeAll(keepingCapacity: true)
        }
        for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: "\t")) }
                guard let field else {
                    buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
                    continue
                }
                for byte in field.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.append(contentsOf: [92, 92])
                    case UInt8(ascii: "\t"): buffer.append(contentsOf: [92, UInt8(ascii: "t")])
                    case UInt8(ascii: "\n"): buffer.append(contentsOf: [92, UInt8(ascii: "n")])
                    case UInt8(ascii: "\r"): buffer.append(contentsOf: [92, UInt8(ascii: "r")])
                    default: buffer.append(byte)
                    }
                }
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 16 { flush() }
            if failure != nil { break }
        }
        flush()
        _ = PQputCopyEnd(pointer, failure == nil ? nil : "client failed while sending rows")
        var loaded = 0
        var serverError: PostgresError?
        while let result = PQgetResult(pointer) {
            do {
                let checked = try check(result, statement: "\(statement)")
                loaded += checked.affectedRows
            } catch {
                serverError = serverError ?? error
            }
        }
        if let serverError { throw serverError }
        if let failure { throw failure }
        return loaded
    }

    // MARK: - libpq calls

    private func execParams(_ sql: String, _ binds: [String?], _ types: [PostgresType]) throws(PostgresError)
        -> QueryResult
    {
        // Keep the parameter bytes alive for the duration of the call.
        let cStrings: [UnsafeMutablePointer<CChar>?] = binds.map { $0.flatMap { strdup($0) } }
        defer { for pointer in cStrings { free(pointer) } }
        let values: [UnsafePointer<CChar>?] = cStrings.map { $0.map { UnsafePointer($0) } }
        let oids: [Oid] = types.map { $0.rawValue }
        let result = values.withUnsafeBufferPointer { values in
            oids.withUnsafeBufferPointer { oids in
                PQexecParams(
                    pointer, sql, Int32(binds.count),
                    oids.baseAddress,  // each parameter's declared type; 0 lets the server infer it
                    values.baseAddress, nil, nil,
                    1  // binary results: independent of DateStyle and friends
                )
            }
        }
        return try check(result, statement: sql)
    }

    /// Wraps a result, or turns a failed one into a `PostgresError` that names `statement`
    /// and frees it.
    private func check(_ result: OpaquePointer?, statement: String) throws(PostgresError) -> QueryResult {
        guard let result else {
            throw PostgresError(
                kind: .client, message: PostgresError.oneLine(String(cString: PQerrorMessage(pointer))),
                statement: statement)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY, PGRES_COPY_IN:
            return QueryResult(pointer: result)
        default:
            let error = Self.error(from: result, connection: pointer, statement: statement)
            PQclear(result)
            throw error
        }
    }

    static func error(from result: OpaquePointer, connection: OpaquePointer, statement: String) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            guard let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        let code = field(UInt8(ascii: "C")).map(SQLState.init(rawValue:))
        let primary =
            field(UInt8(ascii: "M"))
            ?? PostgresError.oneLine(String(cString: PQresultErrorMessage(result)))
        let message = primary.isEmpty ? PostgresError.oneLine(String(cString: PQerrorMessage(connection))) : primary
        return PostgresError(
            kind: code == nil ? .client : .server,
            code: code,
            message: message,
            detail: field(UInt8(ascii: "D")),
            hint: field(UInt8(ascii: "H")),
            constraint: field(UInt8(ascii: "n")),
            table: field(UInt8(ascii: "t")),
            column: field(UInt8(ascii: "c")),
            statement: statement)
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
