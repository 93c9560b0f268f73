import Foundation

/// An error from libpq or from the PostgreSQL server.
///
/// Server errors keep the fields PostgreSQL reports (SQLSTATE, message, detail,
/// hint, constraint, table, column). The `description` is one line and never
/// contains query parameters or connection passwords.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
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

    public init(
        kind: Kind, code: SQLState? = nil, message: String, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    /// True when the connection could not be made because of the credentials.
    public var isAuthenticationFailure: Bool {
        if code == .invalidPassword || code == .invalidAuthorizationSpecification { return true }
        guard kind == .connectionFailed else { return false }
        return message.contains("password authentication failed")
            || message.contains("no password supplied")
            || message.contains("authentication failed")
    }

    public var description: String {
        var text = message
        if let code { text += " (SQLSTATE \(code))" }
        if let detail, !detail.isEmpty { text += "; \(detail)" }
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
