import Foundation
import Postgres

/// A database of its own for one test, on the server `scripts/test.sh` starts.
///
/// `migrated(_:)` copies a template database that this test process migrated once;
/// `create(_:)` makes an empty one, for the tests of migration itself. Suites marked
/// `.dropsTestDatabases` drop every database a test made when that test ends.
///
/// Tests that need PostgreSQL are never skipped: without `CLAIMS_TEST_DATABASE`
/// they fail with a message that says how to get a server.
public struct TestDatabase: Sendable {
    public let name: String
    /// libpq conninfo for this database over the Unix socket, as the superuser.
    public let conninfo: String

    public struct NotConfigured: Error, CustomStringConvertible {
        public init() {}
        public var description: String {
            "CLAIMS_TEST_DATABASE is not set, so there is no PostgreSQL server to test against; run scripts/test.sh, which starts a throwaway server, or set CLAIMS_TEST_DATABASE to a conninfo string of a server you own."
        }
    }

    /// The conninfo of the test server's maintenance database.
    public static func serverConninfo() throws -> String {
        guard let base = ProcessInfo.processInfo.environment["CLAIMS_TEST_DATABASE"], !base.isEmpty else {
            throw NotConfigured()
        }
        return base
    }

    /// Creates an empty database named after `prefix` and a random suffix.
    public static func create(_ prefix: String) throws -> TestDatabase {
        try make(prefix, from: "template1")
    }

    /// Creates a database at the latest schema version, named after `prefix` and a random
    /// suffix: a copy of the template this process migrated once with `Migrator`, as
    /// `claims db migrate` leaves a new database.
    public static func migrated(_ prefix: String) throws -> TestDatabase {
        let template = try MigratedTemplate.name.get()
        let database = try make(prefix, from: template)
        // The one grant a copy does not carry: it lives in the server-wide list of databases,
        // where migration 003 gave it to the database it ran in.
        let admin = try Connection(conninfo: try serverConninfo())
        try admin.executeScript("GRANT CONNECT ON DATABASE \(database.name) TO claims_reviewer")
        return database
    }

    private static func make(_ prefix: String, from template: String) throws -> TestDatabase {
        let base = try serverConninfo()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let name = "t_\(prefix.lowercased().filter { $0.isLetter || $0.isNumber })_\(suffix)"
        let admin = try Connection(conninfo: base)
        // Database names cannot be parameters; these are built from letters, digits and
        // underscores only.
        try admin.executeScript("CREATE DATABASE \(name) TEMPLATE \(template)")
        TestDatabaseCleanup.current?.add(name)
        return TestDatabase(name: name, conninfo: base + " dbname=\(name)")
    }

    /// Drops the database, closing any session still connected to it.
    public static func drop(_ name: String) throws {
        let admin = try Connection(conninfo: try serverConninfo())
        try admin.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    public func connect() throws -> Connection {
        try Connection(conninfo: conninfo)
    }

    /// A postgresql:// URL for this database over TCP with a password, for the
    /// `claims` binary and for login tests. The role is created if needed.
    public func tcpURL(user: String, password: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["CLAIMS_TEST_TCP_HOST"], let port = environment["CLAIMS_TEST_TCP_PORT"] else {
            throw NotConfigured()
        }
        return "postgresql://\(user):\(password)@\(host):\(port)/\(name)"
    }

    /// A Unix-socket URL for the `claims` binary (superuser, no password).
    public var socketURL: String { conninfo }
}

/// Runs a program and collects its exit code and output.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum TestProcess {
    /// The built `claims` binary, next to the test bundle.
    public static var claimsBinary: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("claims").path
    }

    /// Runs `claims` with `arguments`, an environment cleared of database settings plus `environment`,
    /// and `input` on stdin.
    public static func claims(
        _ arguments: [String], environment: [String: String] = [:], input: String? = nil
    ) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        for key in [
            "DATABASE_URL", "PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER", "PGPASSWORD", "CLAIMS_HOME",
            "CLAIMS_REVIEWER",
        ] {
            env[key] = nil
        }
        env["NO_COLOR"] = nil
        for (key, value) in environment { env[key] = value }
        return try run([claimsBinary] + arguments, environment: env, input: input)
    }

    /// Runs `claims` as at a reviewer's terminal: standard output on a pseudo-terminal
    /// `columns` wide (line feeds not turned into CR LF), standard error on a pipe, and
    /// COLUMNS unset so the width comes from the terminal.
    public static func claimsInTerminal(
        _ arguments: [String], columns: Int = 80, environment: [String: String] = [:], input: String? = nil
    ) throws -> ProcessResult {
        var env = environment
        if env["COLUMNS"] == nil { env["COLUMNS"] = "" }
        var full = ProcessInfo.processInfo.environment
        for key in [
            "DATABASE_URL", "PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER", "PGPASSWORD", "CLAIMS_HOME",
            "CLAIMS_REVIEWER", "NO_COLOR", "COLUMNS", "LINES",
        ] {
            full[key] = nil
        }
        for (key, value) in env where !value.isEmpty { full[key] = value }
        return try run([claimsBinary] + arguments, environment: full, input: input, terminalColumns: columns)
    }

    /// Runs `claims` with standard error on a pseudo-terminal (standard output on a pipe),
    /// as when a reviewer redirects a report at a terminal.
    public static func claimsWithTerminalStandardError(
        _ arguments: [String], environment: [String: String] = [:]
    ) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        for key in [
            "DATABASE_URL", "PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER", "PGPASSWORD", "CLAIMS_HOME",
            "CLAIMS_REVIEWER",
        ] {
            env[key] = nil
        }
        for (key, value) in environment { env[key] = value }
        return try run([claimsBinary] + arguments, environment: env, terminalColumns: 80, terminalOnStandardError: true)
    }

    /// Every line of `text` wider than `columns` characters, colour codes not counted.
    public static func linesWider(than columns: Int, in text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
            $0.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression).count > columns
        }
    }

    /// Runs `count` copies of `claims` at the same moment, each on a thread of its own.
    public static func claimsConcurrently(
        _ count: Int, _ arguments: [String], environment: [String: String] = [:]
    ) throws -> [ProcessResult] {
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values: [Result<ProcessResult, any Error>] = []
        }
        let results = Results()
        let group = DispatchGroup()
        for _ in 0..<count {
            group.enter()
            let thread = Thread {
                let result = Result { try claims(arguments, environment: environment) }
                results.lock.withLock { results.values.append(result) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return try results.values.map { try $0.get() }
    }

    private static let spawnLock = NSLock()

    public struct SpawnFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// posix_spawn with stdin, stdout and stderr on pipes, drained together with poll(2)
    /// so neither stream can fill up and block the child.
    /// With `terminalColumns`, standard output is a pseudo-terminal of that width instead.
    /// With `terminalColumns` and `terminalOnStandardError`, standard error is the
    /// pseudo-terminal and standard output a pipe.
    public static func run(
        _ arguments: [String], environment: [String: String], input: String? = nil, terminalColumns: Int? = nil,
        terminalOnStandardError: Bool = false
    ) throws -> ProcessResult {
        var inPipe: [Int32] = [-1, -1]
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        // Close-on-exec, set under a lock shared by every spawn here, so a child spawned by another
        // thread cannot inherit these pipes (and, through a daemon it starts, hold them open for ever).
        spawnLock.lock()
        guard pipe(&inPipe) == 0, terminalOnStandardError ? pipe(&outPipe) == 0 : pipe(&errPipe) == 0 else {
            spawnLock.unlock()
            throw SpawnFailed(description: "pipe failed")
        }
        if let columns = terminalColumns {
            // outPipe[0] reads what the child writes to outPipe[1], as with a pipe.
            let master = PseudoTerminal.openMaster()
            guard master >= 0, PseudoTerminal.grant(master) == 0, PseudoTerminal.unlock(master) == 0,
                let name = PseudoTerminal.slaveName(master)
            else {
                spawnLock.unlock()
                throw SpawnFailed(description: "no pseudo-terminal: \(String(cString: strerror(errno)))")
            }
            let slave = open(name, O_RDWR | O_NOCTTY)
            var size = winsize(ws_row: 50, ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
            var modes = termios()
            guard slave >= 0, ioctl(slave, UInt(TIOCSWINSZ), &size) == 0, tcgetattr(slave, &modes) == 0 else {
                spawnLock.unlock()
                throw SpawnFailed(description: "cannot set up the pseudo-terminal: \(String(cString: strerror(errno)))")
            }
            modes.c_oflag &= ~tcflag_t(OPOST)
            tcsetattr(slave, TCSANOW, &modes)
            if terminalOnStandardError { errPipe = [master, slave] } else { outPipe = [master, slave] }
        } else if terminalOnStandardError {
            if pipe(&errPipe) != 0 {
                spawnLock.unlock()
                throw SpawnFailed(description: "pipe failed")
            }
        } else if pipe(&outPipe) != 0 {
            spawnLock.unlock()
            throw SpawnFailed(description: "pipe failed")
        }
        for fd in inPipe + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        close(inPipe[0])
        close(outPipe[1])
        close(errPipe[1])
        spawnLock.unlock()
        guard spawned == 0 else {
            close(inPipe[1])
            close(outPipe[0])
            close(errPipe[0])
            throw SpawnFailed(description: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        // Small inputs only: written before reading, then stdin is closed.
        if let input {
            let bytes = Array(input.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(inPipe[1], $0.baseAddress, $0.count) }
                if written <= 0 { break }
                offset += written
            }
        }
        close(inPipe[1])

        var out = [UInt8]()
        var err = [UInt8]()
        var open: [Int32] = [outPipe[0], errPipe[0]]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for entry in fds where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    if entry.fd == outPipe[0] { out += buffer[0..<count] } else { err += buffer[0..<count] }
                } else if count == 0 || errno != EINTR {
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return ProcessResult(
            status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}

/// glibc's pseudo-terminal calls, which Swift's Glibc module leaves out (they sit behind
/// _XOPEN_SOURCE), looked up by name.
enum PseudoTerminal {
    private static func function<T>(_ name: String, as type: T.Type) -> T {
        unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)!, to: type)
    }

    static func openMaster() -> Int32 {
        function("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)(O_RDWR | O_NOCTTY)
    }

    static func grant(_ fd: Int32) -> Int32 { function("grantpt", as: (@convention(c) (Int32) -> Int32).self)(fd) }

    static func unlock(_ fd: Int32) -> Int32 { function("unlockpt", as: (@convention(c) (Int32) -> Int32).self)(fd) }

    static func slaveName(_ fd: Int32) -> UnsafeMutablePointer<CChar>? {
        function("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)(fd)
    }
}

/// SplitMix64, seeded: random choices in tests that are the same every run, so a failure
/// can be run again.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
