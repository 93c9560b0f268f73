import Foundation

/// An error from libpq or from the PostgreSQL server.
///
/// Server errors keep the fields PostgreSQL reports (SQLSTATE, message, detail,
/// hint, constraint, table, column) and the statement that failed. The `description`
/// is one line and never contains query parameters, DETAIL (which can quote key values,
/// as in `Key (email)=(ana@example.org) already exists`) or connection passwords;
/// ``descriptionWithDetail`` adds DETAIL where the reader may see the data, and
/// `debugDescription` adds the statement for logs.
public struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The connection could not be opened (server down, wrong password, bad address).
        case connectionFailed
        /// libpq cannot parse the connection string; the message never repeats it.
        case invalidConnectionString
        /// The server rejected a statement.
        case server
        /// The connection broke or libpq refused the request.
        case client
        /// A returned value did not fit the Swift type asked for.
        case decoding
    }

    public var kind: Kind
    public var code: SQLState?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?
    /// The SQL text of the statement that failed, as sent: parameters are `$n`, never
    /// their values. Nil for errors that no statement caused (connecting, decoding).
    public var statement: String?

    public init(
        kind: Kind, code: SQLState? = nil, message: String, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil, table: String? = nil, column: String? = nil,
        statement: String? = nil
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
        self.statement = statement
    }

    /// True when the connection could not be made because of the credentials.
    public var isAuthenticationFailure: Bool {
        if code == .invalidPassword || code == .invalidAuthorizationSpecification { return true }
        return connectionFailure == .passwordRequired
    }

    /// Why a connection could not be opened, as far as libpq and the server say.
    public enum ConnectionFailure: Sendable, Equatable {
        /// Nothing answered at the address: connection refused, or no socket file there.
        case notListening
        /// The host name could not be resolved.
        case unknownHost
        /// No answer within `connect_timeout`.
        case timedOut
        /// The server has no database of that name (SQLSTATE 3D000).
        case noSuchDatabase
        /// The server refused the password, or the user name (SQLSTATE 28P01: the server
        /// says so for a role that does not exist too).
        case wrongPassword
        /// The server does not admit this login at all: no such role under a method that
        /// says so, or no `pg_hba.conf` line for it (SQLSTATE 28000).
        case loginRejected
        /// The server asked for a password and none was given.
        case passwordRequired
        /// The server is starting, shutting down or full (SQLSTATE 57P03, 57P01, 53300).
        case serverUnavailable
        /// libpq refused a setting's value before connecting (a port that is not a number,
        /// an unknown `sslmode`).
        case invalidSetting
        /// Anything else.
        case other
    }

    /// The cause of a failed connection; nil for other errors.
    ///
    /// The server's refusals are told apart by SQLSTATE, which ``Connection`` keeps for them;
    /// libpq's own failures by its messages (which the process's C locale leaves in English).
    public var connectionFailure: ConnectionFailure? {
        guard kind == .connectionFailed else { return nil }
        switch code {
        case .invalidCatalogName?: return .noSuchDatabase
        case .invalidPassword?: return .wrongPassword
        case .invalidAuthorizationSpecification?: return .loginRejected
        case .cannotConnectNow?, .adminShutdown?, .tooManyConnections?: return .serverUnavailable
        case .some: return .other
        case nil: break
        }
        if message.contains("Connection refused") || message.contains("No such file or directory") {
            return .notListening
        }
        if message.contains("could not translate host name") { return .unknownHost }
        if message.contains("timeout expired") { return .timedOut }
        if message.contains("no password supplied") { return .passwordRequired }
        if message.hasPrefix("invalid ") || message.contains("missing \"=\"") { return .invalidSetting }
        return .other
    }

    /// The message and SQLSTATE, one line: safe for any output.
    public var description: String {
        var text = message
        if let code { text += " (SQLSTATE \(code))" }
        return text
    }

    /// The description and the server's DETAIL, one line, for a reader allowed to see the
    /// data it may quote (an administrator running a migration).
    public var descriptionWithDetail: String {
        guard let detail, !detail.isEmpty else { return description }
        return description + "; " + Self.oneLine(detail)
    }

    /// Everything known, for logs and debugging: DETAIL, HINT and the failing statement
    /// (its text only; parameter values are never kept).
    public var debugDescription: String {
        var text = descriptionWithDetail
        if let hint, !hint.isEmpty { text += "; hint: " + Self.oneLine(hint) }
        if let statement { text += "; statement: " + Self.oneLine(statement) }
        return text
    }

    /// Collapses multi-line messages (libpq's "connection to server ... failed: FATAL: ...",
    /// or a program's output) into one line.
    public static func oneLine(_ raw: String) -> String {
        raw.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
            .replacingOccurrences(of: "  ", with: " ")
    }
}

/// libpq's message about a failed connection, read once: the SQLSTATE of the server's
/// refusal (asked for with verbose errors), and the text to show, one line per host tried.
///
/// ```
/// connection to server at "db", port 5432 failed: FATAL:  3D000: database "x" does not exist
/// LOCATION:  InitPostgres, postinit.c:885
/// ```
/// gives code 3D000 and `connection to server at "db", port 5432 failed: FATAL: database "x"
/// does not exist`. libpq's indented advice lines ("Is the server running...?") are left
/// out: the caller gives advice that fits the cause.
struct ConnectionFailureText {
    var code: SQLState?
    var message: String

    init(_ raw: String) {
        var lines: [String] = []
        var code: SQLState?
        for line in raw.split(whereSeparator: \.isNewline).map(String.init) {
            guard let first = line.first, !first.isWhitespace else { continue }
            // The verbose form's source location of the error: "LOCATION:  auth_failed, auth.c:323".
            if line.range(of: #"^[^ ]+:  [A-Za-z0-9_]+, [A-Za-z0-9_.]+:[0-9]+$"#, options: .regularExpression) != nil {
                continue
            }
            var shown = line
            if let found = line.range(of: #":  [0-9A-Z]{5}: "#, options: .regularExpression) {
                let text = line[found]
                code = SQLState(String(text.dropFirst(3).prefix(5)))
                shown.replaceSubrange(found, with: ": ")
            }
            lines.append(shown)
        }
        self.code = code
        // One line per host tried, each a full statement of what happened there.
        let text = lines.map(PostgresError.oneLine).filter { !$0.isEmpty }.joined(separator: "; ")
        message = text.isEmpty ? PostgresError.oneLine(raw) : text
    }
}
