import Foundation
import Postgres

#if canImport(Glibc)
    import Glibc
#endif

/// The PostgreSQL cluster `claims` runs for itself when no database is configured.
///
/// It lives under `CLAIMS_HOME`, listens on a Unix socket in that folder only (no
/// TCP), and admits only the operating-system user who owns it (peer
/// authentication). PostgreSQL refuses to run as root, so when `claims` runs as
/// root the cluster belongs to the `postgres` system user and the server runs as
/// that user.
///
/// ```
/// $CLAIMS_HOME/data         the cluster (initdb)
/// $CLAIMS_HOME/run          the server's socket
/// $CLAIMS_HOME/log/server.log
/// ```
public struct LocalDatabase: Sendable {
    public let home: String
    public static let databaseName = "claims"
    static let port = "5432"

    public init(home: String) {
        self.home = home
    }

    /// `CLAIMS_HOME`, else `/var/lib/claims` for root (whose home the `postgres`
    /// user cannot enter), else `$XDG_DATA_HOME/claims` or `~/.local/share/claims`.
    public static func defaultHome(environment: [String: String]) -> String {
        if let home = environment["CLAIMS_HOME"], !home.isEmpty { return absolute(home) }
        if geteuid() == 0 { return "/var/lib/claims" }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/claims" }
        let userHome = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return userHome + "/.local/share/claims"
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }

    public var dataDirectory: String { home + "/data" }
    public var socketDirectory: String { home + "/run" }
    public var logFile: String { home + "/log/server.log" }

    /// True when running as root: the cluster then belongs to the `postgres` user.
    var runsAsPostgresUser: Bool { geteuid() == 0 }

    /// The database role and operating-system user that own the cluster.
    var ownerName: String {
        runsAsPostgresUser ? "postgres" : (Self.loginName() ?? "postgres")
    }

    static func loginName() -> String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    /// The libpq connection string for the local database.
    public var conninfo: String {
        Conninfo.make([
            "host": socketDirectory, "port": Self.port, "dbname": Self.databaseName, "user": ownerName,
        ])
    }

    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION")
    }

    // MARK: - Lifecycle

    public struct Status: Sendable, Codable {
        public var home: String
        public var dataDirectory: String
        public var socketDirectory: String
        public var logFile: String
        public var initialized: Bool
        public var running: Bool
        public var pid: Int?
        public var serverBinaries: String?
        public var psqlCommand: String
    }

    public func status() throws -> Status {
        let binaries = try? Self.serverBinaryDirectory()
        var running = false
        var pid: Int?
        if isInitialized, let binaries {
            running = try pgCtl(binaries, ["status", "-D", dataDirectory], capture: true).status == 0
            if running, let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8) {
                pid = text.split(separator: "\n").first.flatMap { Int($0) }
            }
        }
        return Status(
            home: home, dataDirectory: dataDirectory, socketDirectory: socketDirectory, logFile: logFile,
            initialized: isInitialized, running: running, pid: pid, serverBinaries: binaries,
            psqlCommand: "psql \"\(conninfo.replacingOccurrences(of: "\"", with: "\\\""))\"")
    }

    /// Creates the cluster if needed and starts the server if it is not running.
    /// Returns true when this call started it. Safe to call from several processes at once.
    @discardableResult
    public func start() throws -> Bool {
        let binaries = try Self.serverBinaryDirectory()
        try createHome()
        return try withLock {
            if !isInitialized { try initialize(binaries) }
            if try pgCtl(binaries, ["status", "-D", dataDirectory], capture: true).status == 0 {
                try createDatabaseIfMissing()
                return false
            }
            let result = try pgCtl(
                binaries, ["start", "-w", "-t", "60", "-D", dataDirectory, "-l", logFile], capture: false)
            if result.status != 0 {
                throw LocalServerError(
                    "The local PostgreSQL server in \(home) did not start: \(lastLogLine() ?? "no log line"); see \(logFile)."
                )
            }
            try createDatabaseIfMissing()
            return true
        }
    }

    /// Stops the server (fast shutdown); the data stays. Returns false when it was not running.
    @discardableResult
    public func stop() throws -> Bool {
        guard isInitialized else { return false }
        let binaries = try Self.serverBinaryDirectory()
        return try withLock {
            guard try pgCtl(binaries, ["status", "-D", dataDirectory], capture: true).status == 0 else {
                return false
            }
            let result = try pgCtl(
                binaries, ["stop", "-w", "-t", "60", "-m", "fast", "-D", dataDirectory], capture: true)
            if result.status != 0 {
                throw LocalServerError(
                    "The local PostgreSQL server in \(home) did not stop: \(PostgresError.oneLine(result.output)).")
            }
            return true
        }
    }

    /// Opens a connection to the local database, starting it first. The schema is the
    /// caller's: ClaimsCLI migrates it with ClaimStore's `Migrator` before any other use.
    public func connect(onStart: (String) -> Void = { _ in }) throws -> Connection {
        if try start() { onStart("Started the local PostgreSQL database in \(home).") }
        return try Connection(conninfo: conninfo)
    }

    // MARK: - Setting up

    private func createHome() throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: home, withIntermediateDirectories: true)
            if !runsAsPostgresUser { chmod(home, 0o700) }
            for folder in [dataDirectory, socketDirectory, home + "/log"] where !fm.fileExists(atPath: folder) {
                try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                chmod(folder, folder == socketDirectory ? 0o755 : 0o700)
                if runsAsPostgresUser { try chownToPostgres(folder) }
            }
        } catch let error as LocalServerError {
            throw error
        } catch {
            throw LocalServerError(
                "Cannot create the local database folder \(home): \(error.localizedDescription); set CLAIMS_HOME to a folder you can write."
            )
        }
        if runsAsPostgresUser {
            let probe = try run(["/usr/bin/test", "-w", dataDirectory], asPostgres: true, capture: true)
            if probe.status != 0 {
                throw LocalServerError(
                    "The postgres system user cannot enter \(home); set CLAIMS_HOME to a folder it can reach, such as /var/lib/claims."
                )
            }
        }
    }

    private func initialize(_ binaries: String) throws {
        let locale = FileManager.default.fileExists(atPath: "/usr/lib/locale/C.utf8") ? "C.UTF-8" : "C"
        let result = try run(
            [
                binaries + "/initdb", "-D", dataDirectory, "-U", ownerName, "--encoding=UTF8", "--locale=\(locale)",
                "--auth-local=peer", "--auth-host=reject",
            ],
            asPostgres: runsAsPostgresUser, capture: true)
        guard result.status == 0 else {
            throw LocalServerError(
                "Could not create the local database cluster in \(dataDirectory): \(PostgresError.oneLine(result.output))."
            )
        }
        let osUser = Self.loginName() ?? ownerName
        let settings = """

            # Written by claims: a Unix socket in CLAIMS_HOME only, never TCP.
            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory.replacingOccurrences(of: "'", with: "''"))'
            port = \(Self.port)

            """
        try append(settings, to: dataDirectory + "/postgresql.conf")
        // Only the owner gets in: peer authentication, with root mapped to the postgres role.
        try write("local all all peer map=claims\n", to: dataDirectory + "/pg_hba.conf")
        try write(
            "claims \(osUser) \(ownerName)\nclaims \(ownerName) \(ownerName)\n", to: dataDirectory + "/pg_ident.conf")
    }

    private func createDatabaseIfMissing() throws {
        var parameters = ["host": socketDirectory, "port": Self.port, "dbname": "postgres", "user": ownerName]
        parameters["connect_timeout"] = "10"
        let admin = try Connection(conninfo: Conninfo.make(parameters))
        let exists = try admin.query("SELECT 1 FROM pg_database WHERE datname = \(Self.databaseName)").rowCount > 0
        if exists { return }
        do {
            try admin.executeScript("CREATE DATABASE \(Self.databaseName) ENCODING 'UTF8' TEMPLATE template0")
        } catch {
            // Another process created it between our check and our CREATE.
            guard error.code == .duplicateDatabase || error.code == .uniqueViolation else { throw error }
        }
    }

    // MARK: - Processes and files

    /// The folder holding `initdb`, `pg_ctl` and `postgres`: `pg_config --bindir`, else the newest
    /// `/usr/lib/postgresql/*/bin`.
    public static func serverBinaryDirectory() throws -> String {
        let fm = FileManager.default
        if let pgConfig = ["/usr/bin/pg_config", "/usr/local/bin/pg_config"].first(where: fm.isExecutableFile(atPath:)),
            let output = try? LocalDatabase.capture([pgConfig, "--bindir"]),
            fm.isExecutableFile(atPath: output + "/initdb"), fm.isExecutableFile(atPath: output + "/pg_ctl")
        {
            return output
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? fm.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        for version in versions {
            let bin = "\(root)/\(version)/bin"
            if fm.isExecutableFile(atPath: bin + "/initdb") && fm.isExecutableFile(atPath: bin + "/pg_ctl") {
                return bin
            }
        }
        throw LocalServerError(
            "No PostgreSQL server programs (initdb, pg_ctl) were found; install them (Debian: apt-get install postgresql) or give --database."
        )
    }

    private static func capture(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(arguments, capture: true)
        guard result.status == 0 else { throw LocalServerError("\(arguments[0]) failed.") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func pgCtl(_ binaries: String, _ arguments: [String], capture: Bool) throws -> (
        status: Int32, output: String
    ) {
        try run([binaries + "/pg_ctl"] + arguments, asPostgres: runsAsPostgresUser, capture: capture)
    }

    /// Runs a program, as the postgres user when asked; with `capture` false its output is discarded
    /// (a server it starts must not hold our pipes open).
    private func run(_ arguments: [String], asPostgres: Bool, capture: Bool) throws -> (status: Int32, output: String) {
        var command = arguments
        if asPostgres {
            guard
                let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
                    .first(where: FileManager.default.isExecutableFile(atPath:))
            else {
                throw LocalServerError(
                    "runuser was not found, so the local database cannot run as the postgres user; install util-linux or give --database."
                )
            }
            command = [runuser, "-u", "postgres", "--"] + arguments
        }
        let result = try ChildProcess.run(command, capture: capture)
        return (result.status, result.output)
    }

    private func chownToPostgres(_ path: String) throws {
        guard let entry = getpwnam("postgres") else {
            throw LocalServerError(
                "There is no postgres system user to run the local database as root; install PostgreSQL (Debian: apt-get install postgresql) or give --database."
            )
        }
        if chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) != 0 {
            throw LocalServerError(
                "Cannot hand \(path) to the postgres user: \(String(cString: strerror(errno))).")
        }
    }

    private func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        if runsAsPostgresUser { try chownToPostgres(path) }
    }

    private func append(_ text: String, to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw LocalServerError("Cannot write \(path).")
        }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
    }

    private func lastLogLine() -> String? {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").last(where: { $0.contains("FATAL") || $0.contains("ERROR") })
            .map(String.init) ?? text.split(separator: "\n").last.map(String.init)
    }

    /// Holds an exclusive lock on `$CLAIMS_HOME/.lock` while `body` runs, so two
    /// commands never initialise or start the cluster at the same time.
    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let path = home + "/.lock"
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LocalServerError("Cannot open \(path): \(String(cString: strerror(errno))).")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR {
                throw LocalServerError("Cannot lock \(path): \(String(cString: strerror(errno))).")
            }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
