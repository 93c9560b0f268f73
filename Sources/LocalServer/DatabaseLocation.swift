import Foundation
import Postgres

/// Which PostgreSQL database `claims` talks to, chosen as the design says:
/// `--database`, else `DATABASE_URL`, else libpq's `PG*` variables when
/// `PGHOST`, `PGDATABASE` or `PGSERVICE` is set, else the local database.
public enum DatabaseLocation: Equatable, Sendable {
    /// A URL or conninfo string given with `--database` or `DATABASE_URL`.
    case configured(conninfo: String, origin: String)
    /// libpq's own environment (`PG*`, `~/.pgpass`, service files).
    case libpqEnvironment
    /// The cluster `claims` runs itself under `CLAIMS_HOME`.
    case local(home: String)

    public static func resolve(option: String?, environment: [String: String]) -> DatabaseLocation {
        if let option, !option.isEmpty { return .configured(conninfo: option, origin: "--database") }
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return .configured(conninfo: url, origin: "DATABASE_URL")
        }
        for name in ["PGHOST", "PGDATABASE", "PGSERVICE"] where !(environment[name] ?? "").isEmpty {
            return .libpqEnvironment
        }
        return .local(home: LocalDatabase.defaultHome(environment: environment))
    }

    /// Where the connection goes, for messages; never includes a password.
    ///
    /// A configured string is shown as libpq reads it, password left out (see
    /// `Conninfo.redacted`); one libpq cannot parse is not shown at all.
    public var displayName: String {
        switch self {
        case .configured(let conninfo, let origin):
            Conninfo.redacted(conninfo).map { "\($0) (from \(origin))" }
                ?? "the connection string from \(origin), which libpq cannot parse"
        case .libpqEnvironment: "the server named by the PG* environment variables"
        case .local(let home): "the local database in \(home)"
        }
    }

    /// A connection string as libpq reads it, with any password shown as `***`, or a
    /// placeholder when libpq cannot parse it: never the string itself.
    public static func redact(_ conninfo: String) -> String {
        Conninfo.redacted(conninfo) ?? "(a connection string libpq cannot parse)"
    }
}
