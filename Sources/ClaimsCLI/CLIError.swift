import ClaimStore
import Postgres

/// Runtime failures of the command line (exit code 1), each one sentence.
enum CLIError: Error, CustomStringConvertible {
    case connection(PostgresError, location: DatabaseLocation)
    case message(String)

    var description: String {
        switch self {
        case .connection(let error, let location):
            if error.isAuthenticationFailure {
                return "Could not log in to \(location.displayName): the server refused the user name or password (\(error.message)); check --database, DATABASE_URL or ~/.pgpass."
            }
            return "Could not connect to \(location.displayName): \(error.message); check that the server is running and the address is right."
        case .message(let text):
            return text
        }
    }
}
