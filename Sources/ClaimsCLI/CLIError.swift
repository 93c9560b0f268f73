import ClaimStore
import Foundation
import LocalServer
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
            return Self.describeConnectionFailure(error, location: location)
        case .message(let text), .usage(let text):
            return text
        }
    }

    var exitCode: Int32 {
        switch self {
        case .usage: return 2
        // A setting libpq refuses before connecting is bad input, as an unparseable string is.
        case .connection(let error, _) where error.connectionFailure == .invalidSetting: return 2
        default: return 1
        }
    }

    /// One sentence per cause: what happened (libpq's or the server's words in
    /// parentheses, without libpq's own advice lines) and the advice that fits.
    static func describeConnectionFailure(_ error: PostgresError, location: DatabaseLocation) -> String {
        let place = location.displayName
        let said = error.message
        let setting = location.settingName
        switch error.connectionFailure ?? .other {
        case .notListening:
            if case .local = location {
                return
                    "Could not connect to \(place): the server is not running (\(said)); run `claims db start`, or `claims db status` to see why it stopped."
            }
            return
                "Could not connect to \(place): nothing is listening at that address (\(said)); start PostgreSQL there, or correct the host and port in \(setting)."
        case .unknownHost:
            return
                "Could not connect to \(place): the host name is not known (\(said)); correct the host in \(setting)."
        case .timedOut:
            return
                "Could not connect to \(place): the server did not answer within connect_timeout (\(said)); check the host and port in \(setting), and that no firewall is in the way."
        case .noSuchDatabase:
            return
                "Could not connect to \(place): the server is running but has no such database (\(said)); correct the database name in \(setting), or create the database and then run \(location.migrateAdvice)."
        case .wrongPassword:
            return
                "Could not log in to \(place): the server refused the user name or password (\(said)); check them in \(location.passwordSettings)."
        case .loginRejected:
            return
                "Could not log in to \(place): the server does not admit this login (\(said)); check the user name in \(setting), or ask the server's administrator to let this login in."
        case .passwordRequired:
            return
                "Could not log in to \(place): the server asks for a password and none was given (\(said)); give it in \(location.passwordSettings)."
        case .serverUnavailable:
            return
                "Could not connect to \(place): the server is not taking connections just now (\(said)); try again in a moment."
        case .invalidSetting:
            return
                "The connection string from \(location.origin) has a setting libpq cannot use (\(said)); correct it in \(setting)."
        case .other:
            return
                "Could not connect to \(place): \(said); check the address in \(setting) and that the server accepts connections there."
        }
    }
}

extension DatabaseLocation {
    /// Where the connection settings came from, for "correct it in ...".
    var origin: String {
        switch self {
        case .configured(_, let origin): origin
        case .libpqEnvironment: "the PG* environment variables"
        case .local: "CLAIMS_HOME"
        }
    }

    /// What to change to reach another server or database.
    var settingName: String {
        switch self {
        case .configured(_, let origin): origin
        case .libpqEnvironment: "PGHOST, PGPORT, PGDATABASE or PGUSER"
        case .local(let home): "the local database's settings (\(home))"
        }
    }

    /// Where a password can be given for this location.
    var passwordSettings: String {
        switch self {
        case .configured(_, let origin): "\(origin) (postgresql://user:PASSWORD@host/dbname), PGPASSWORD or ~/.pgpass"
        case .libpqEnvironment, .local: "PGPASSWORD or ~/.pgpass"
        }
    }

    /// The `claims db migrate` command that migrates this same database, in backticks, to
    /// follow "run": copied and run, it migrates the database this command tried.
    ///
    /// A `--database` given on the command line is repeated: as written when it holds no
    /// password, else as libpq reads it with the password left out (and said so): a
    /// password is never printed. `DATABASE_URL` and the `PG*` variables apply again by
    /// themselves, and the local database is migrated whenever it is opened.
    var migrateAdvice: String {
        guard case .configured(let conninfo, let origin) = self, origin == "--database" else {
            return "`claims db migrate`"
        }
        if Conninfo.secrets(in: conninfo).isEmpty {
            return "`claims db migrate --database \(ShellWord.quote(conninfo))`"
        }
        if let withoutPassword = Conninfo.withoutPasswords(conninfo) {
            return
                "`claims db migrate --database \(ShellWord.quote(withoutPassword))` with the password in PGPASSWORD or ~/.pgpass (it is not repeated here)"
        }
        return "`claims db migrate` with the same --database as this command"
    }
}

/// Quoting for a POSIX shell, so a command shown in a message can be copied as it is.
enum ShellWord {
    static func quote(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "@%_+=:,./-".unicodeScalars.contains($0))
            }
        if plain { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
