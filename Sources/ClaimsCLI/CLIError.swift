import ClaimStore
import Postgres

/// Failures of the command line, each one sentence: runtime failures exit 1,
/// bad input found only at run time (`usage`) exits 2.
enum CLIError: Error, CustomStringConvertible {
    case connection(PostgresError, location: DatabaseLocation)
    case message(String)
    /// Bad input noticed after parsing, such as a connection string libpq cannot read.
    case usage(String)

    var description: String {
        switch self {
        case .connection(let error, let location):
            if error.isAuthenticationFailure {
                return "Could not log in to \(location.displayName): the server refused the user name or password (\(error.message)); check --database, DATABASE_URL or ~/.pgpass."
            }
            return "Could not connect to \(location.displayName): \(error.message); check that the server is running and the address is right."
        case .message(let text), .usage(let text):
            return text
        }
    }

    var exitCode: Int32 {
        if case .usage = self { return 2 }
        return 1
    }
}
