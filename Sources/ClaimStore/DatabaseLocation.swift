import Foundation

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
    public var displayName: String {
        switch self {
        case .configured(let conninfo, let origin): "\(Self.redact(conninfo)) (from \(origin))"
        case .libpqEnvironment: "the server named by the PG* environment variables"
        case .local(let home): "the local database in \(home)"
        }
    }

    /// A connection string with any password replaced by `***`.
    public static func redact(_ conninfo: String) -> String {
        if let schemeEnd = conninfo.range(of: "://") {
            let afterScheme = conninfo[schemeEnd.upperBound...]
            let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
            var result = String(conninfo[..<schemeEnd.upperBound])
            let authority = afterScheme[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                if let colon = userInfo.firstIndex(of: ":") {
                    result += userInfo[..<colon] + ":***"
                } else {
                    result += userInfo
                }
                result += authority[at...]
            } else {
                result += authority
            }
            var rest = String(afterScheme[authorityEnd...])
            // password=... in the query string
            if let range = rest.range(of: "password=", options: .caseInsensitive) {
                let valueEnd = rest[range.upperBound...].firstIndex(of: "&") ?? rest.endIndex
                rest.replaceSubrange(range.upperBound..<valueEnd, with: "***")
            }
            return result + rest
        }
        // key=value form: hide the value of password (quoted or not).
        guard let range = conninfo.range(of: #"password\s*=\s*('(\\.|[^'])*'|\S+)"#, options: .regularExpression) else {
            return conninfo
        }
        return conninfo.replacingCharacters(in: range, with: "password=***")
    }
}
