import ArgumentParser
import ClaimSchema
import ClaimStore
import Foundation
import LocalServer
import Postgres

/// `--database` and `--reviewer`, shared by every command that touches the database.
struct DatabaseOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Your name in the audit trail (else CLAIMS_REVIEWER, else your login name).", valueName: "name"))
    var reviewer: String?

    func validate() throws {
        if let reviewer, reviewer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError(
                "The reviewer name is empty; give --reviewer NAME or leave it out to use your login name.")
        }
    }

    var location: DatabaseLocation { connection.location }

    /// Who is making changes: --reviewer, CLAIMS_REVIEWER, else the login name.
    /// Control characters are removed, as from every stored text.
    var reviewerName: String {
        if let reviewer { return ClaimText.clean(reviewer).trimmingCharacters(in: .whitespacesAndNewlines) }
        let environment = ProcessInfo.processInfo.environment
        if let name = environment["CLAIMS_REVIEWER"].map({ ClaimText.clean($0) })?.trimmingCharacters(
            in: .whitespacesAndNewlines),
            !name.isEmpty
        {
            return name
        }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return environment["USER"] ?? "unknown"
    }

    /// Connects to the chosen database; the local one is started and migrated first.
    func connect() throws -> Connection {
        try Self.connect(location)
    }

    static func connect(_ location: DatabaseLocation) throws -> Connection {
        do {
            switch location {
            case .configured(let conninfo, _):
                return try Connection(conninfo: conninfo)
            case .libpqEnvironment:
                return try Connection(conninfo: "")
            case .local(let home):
                let connection = try LocalDatabase(home: home).connect(onStart: { Terminal.note($0) })
                try Migrator().migrate(connection)
                return connection
            }
        } catch let error as PostgresError where error.kind == .connectionFailed {
            throw CLIError.connection(error, location: location)
        } catch let error as PostgresError where error.kind == .invalidConnectionString {
            // Never libpq's message: it quotes the string, password included.
            let origin = if case .configured(_, let origin) = location { origin } else { "the environment" }
            throw CLIError.usage(
                "The connection string from \(origin) could not be parsed: check its syntax (postgresql://user@host:5432/dbname, or host=... dbname=... in key=value form)."
            )
        }
    }

    /// A store on the chosen database, whose schema must be current.
    func openStore() throws -> ClaimStore {
        try Self.openStore(location)
    }

    static func openStore(_ location: DatabaseLocation) throws -> ClaimStore {
        let store = ClaimStore(connection: try connect(location))
        do {
            try store.requireCurrentSchema()
        } catch ClaimStoreError.schemaMissing {
            throw CLIError.message("The database has no ClaimTracker schema yet; first run \(location.migrateAdvice).")
        } catch ClaimStoreError.schemaOutdated(let databaseVersion, let binaryVersion) {
            throw CLIError.message(
                "The database schema is at version \(databaseVersion) and this claims needs \(binaryVersion); first run \(location.migrateAdvice)."
            )
        }
        return store
    }
}

/// `--database`, declared here once: alone for read-only commands whose `--reviewer` means
/// something else (in `claims report` it picks whose verdicts to show), and within
/// `DatabaseOptions` for the rest.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "PostgreSQL URL or conninfo string (else DATABASE_URL, else PG* variables, else the local database).",
            valueName: "url"))
    var database: String?

    var location: DatabaseLocation {
        DatabaseLocation.resolve(option: database, environment: ProcessInfo.processInfo.environment)
    }

    func openStore() throws -> ClaimStore {
        try DatabaseOptions.openStore(location)
    }
}

/// How listings are printed.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, csv
}

struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table (for people), json or csv.")
    var format: OutputFormat = .table

    @Flag(name: [.long, .customLong("no-trunc")], help: "Tables: one line per row, nothing cut or wrapped.")
    var wide = false
}

/// `--format table|json` and `--wide`, for commands with no CSV form.
struct TableOrJSONOption: ParsableArguments {
    enum Format: String, CaseIterable, ExpressibleByArgument { case table, json }

    @Option(name: .long, help: "Output format: table (for people) or json.")
    var format: Format = .table

    @Flag(name: [.long, .customLong("no-trunc")], help: "Tables: one line per row, nothing cut or wrapped.")
    var wide = false
}

extension ClaimStatus: ExpressibleByArgument {}
extension ClaimKind: ExpressibleByArgument {}
extension EvidenceStance: ExpressibleByArgument {}
extension ClaimFilter.Sort: ExpressibleByArgument {}
