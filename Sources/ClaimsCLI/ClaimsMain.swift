import ArgumentParser
import ClaimStore
import Foundation
import LocalServer
import Postgres
import Reports

/// Runs `claims` and exits with the contract's codes: 0 success, 1 runtime
/// failure, 2 bad usage or input. Errors are one line on stderr, never a trace.
public enum ClaimsMain {
    public static func main(_ arguments: [String]? = nil) -> Never {
        // Past a file-size limit (ulimit -f) a write fails with EFBIG and is reported,
        // instead of the signal killing the process with a half-written file left behind.
        signal(SIGXFSZ, SIG_IGN)
        let command: ParsableCommand
        do {
            command = try parse(arguments)
        } catch {
            exitForUsage(error, arguments: arguments)
        }
        do {
            var command = command
            try command.run()
            if let failure = finishStandardOutput() { fail(failure, code: 1, arguments: arguments) }
            exit(0)
        } catch let error as ClaimStoreError {
            if case .invalidInput = error { fail(error.description, code: 2, arguments: arguments) }
            fail(error.description, code: 1, arguments: arguments)
        } catch let error as LocalServerError {
            fail(error.description, code: 1, arguments: arguments)
        } catch let error as CLIError {
            fail(error.description, code: error.exitCode, arguments: arguments)
        } catch let error as ReportTemplateError {
            fail(error.description, code: 2, arguments: arguments)
        } catch let error as PostgresError {
            fail(describe(error, location: location(arguments)), code: 1, arguments: arguments)
        } catch {
            exitForUsage(error, arguments: arguments)
        }
    }

    /// Parses the command line. A value-taking option followed by a negative number
    /// (`--limit -1`) is read as `--limit=-1` when the plain reading fails: argument-parser
    /// takes `-1` for an option and says only that the value is missing, where the
    /// command's own check says what is wrong with it.
    static func parse(_ arguments: [String]?) throws -> ParsableCommand {
        do {
            return try Claims.parseAsRoot(arguments)
        } catch {
            let given = arguments ?? Array(CommandLine.arguments.dropFirst())
            let joined = joiningNegativeValues(given)
            guard joined != given else { throw error }
            return try Claims.parseAsRoot(joined)
        }
    }

    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return out + arguments[index...] }
            if argument.hasPrefix("--"), !argument.contains("="), index + 1 < arguments.count,
                isNegativeNumber(arguments[index + 1])
            {
                out.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            out.append(argument)
            index += 1
        }
        return out
    }

    private static func isNegativeNumber(_ text: String) -> Bool {
        text.count > 1 && text.hasPrefix("-") && Double(text.dropFirst()) != nil
    }

    /// For a word where a subcommand belongs that names none (`claims lst`): one sentence
    /// naming the nearest subcommand, if one is near, and where the list is.
    static func unknownSubcommand(_ arguments: [String]) -> String? {
        var command: ParsableCommand.Type = Claims.self
        var path = "claims"
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            if argument.hasPrefix("-") || subcommands.isEmpty || argument == "help" { return nil }
            var next: ParsableCommand.Type?
            for subcommand in subcommands
            where subcommand._commandName == argument || subcommand.configuration.aliases.contains(argument) {
                next = subcommand
            }
            if let next {
                command = next
                path += " " + argument
                continue
            }
            let shown = Terminal.visible(argument)
            var names: [String] = []
            for subcommand in subcommands where subcommand.configuration.shouldDisplay {
                names.append(subcommand._commandName)
            }
            let scored = names.map { (name: $0, distance: editDistance(argument.lowercased(), $0)) }
            let near = scored.filter {
                $0.distance <= max(1, min(2, $0.name.count / 3))
                    || ($0.name.hasPrefix(argument.lowercased()) && argument.count >= 2)
            }
            if let best = near.min(by: { $0.distance < $1.distance }) {
                return
                    "`\(shown)` is not a `\(path)` command; did you mean `\(path) \(best.name)`? (`\(path) --help` lists them all.)"
            }
            return
                "`\(shown)` is not a `\(path)` command; `\(path) --help` lists them: \(names.joined(separator: ", "))."
        }
        return nil
    }

    /// Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// Argument-parser errors: help and version exit 0; validation errors exit 2
    /// (argument-parser's own code is 64, EX_USAGE; the contract says 2).
    private static func exitForUsage(_ error: Error, arguments: [String]?) -> Never {
        let code = Claims.exitCode(for: error)
        if code == .success || code == .validationFailure {
            let message = Claims.fullMessage(for: error)
            if code == .success {
                print(HelpText.fitted(message, arguments: arguments ?? Array(CommandLine.arguments.dropFirst())))
                if let failure = finishStandardOutput() { fail(failure, code: 1, arguments: arguments) }
                exit(0)
            }
            _ = finishStandardOutput()
            if let unknown = unknownSubcommand(arguments ?? Array(CommandLine.arguments.dropFirst())) {
                fail(unknown, code: 2, arguments: arguments)
            }
            // Argument-parser quotes misplaced arguments, which may be connection strings.
            // Its "Error: " becomes the "error: " every other failure starts with.
            var shown = scrub(hidingConnectionStrings(message, arguments: arguments), arguments: arguments)
            if shown.hasPrefix("Error: ") { shown = "error: " + shown.dropFirst("Error: ".count) }
            Terminal.writeToStandardError(shown + "\n")
            exit(2)
        }
        // A command that ends with its own exit code (`extract` after an unreadable file)
        // may also have lost its output.
        if let failure = finishStandardOutput() {
            Terminal.writeToStandardError("error: " + failure + "\n")
            exit(max(code.rawValue, 1))
        }
        let message = Claims.message(for: error)
        if !message.isEmpty {
            let shown = scrub(hidingConnectionStrings(message, arguments: arguments), arguments: arguments)
            Terminal.writeToStandardError("error: " + shown + "\n")
        }
        exit(code.rawValue)
    }

    private static func fail(_ message: String, code: Int32, arguments: [String]?) -> Never {
        _ = finishStandardOutput()
        // Messages can quote stored text: its control characters are shown, not obeyed.
        Terminal.writeToStandardError("error: " + Terminal.visible(scrub(message, arguments: arguments)) + "\n")
        exit(code)
    }

    /// An argument-parser message with every argument that looks like a connection string
    /// with a password (a URL with `user@`, or `pass…=`) replaced whole: argument-parser
    /// quotes what it cannot place, and a string libpq cannot parse gives no password to look for.
    static func hidingConnectionStrings(_ text: String, arguments: [String]?) -> String {
        var text = text
        for argument in arguments ?? Array(CommandLine.arguments.dropFirst()) {
            let lower = argument.lowercased()
            guard (lower.contains("://") && lower.contains("@")) || (lower.contains("pass") && lower.contains("="))
            else { continue }
            text = text.replacingOccurrences(of: argument, with: "(a connection string, not shown)")
        }
        return text
    }

    /// `text` without any password given on the command line or in the environment:
    /// the last guard, behind the redaction where connection strings are shown.
    ///
    /// Secrets are looked for in `--database` values, in any argument that looks
    /// like a connection string with a password, in `DATABASE_URL` and `PGPASSWORD`.
    static func scrub(_ text: String, arguments: [String]?) -> String {
        let arguments = arguments ?? Array(CommandLine.arguments.dropFirst())
        let environment = ProcessInfo.processInfo.environment
        var secrets: [String] = []
        for argument in arguments {
            let value = argument.hasPrefix("--database=") ? String(argument.dropFirst("--database=".count)) : argument
            secrets += Conninfo.secrets(in: value)
        }
        if let url = environment["DATABASE_URL"] { secrets += Conninfo.secrets(in: url) }
        if let password = environment["PGPASSWORD"], !password.isEmpty { secrets.append(password) }
        return Conninfo.scrub(text, secrets: secrets)
    }

    /// Where the command line says the database is (`--database`, else the environment),
    /// for advice that repeats it.
    static func location(_ arguments: [String]?) -> DatabaseLocation {
        let arguments = arguments ?? Array(CommandLine.arguments.dropFirst())
        var given: String?
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            if arguments[index] == "--database", index + 1 < arguments.count {
                given = arguments[index + 1]
                index += 1
            } else if arguments[index].hasPrefix("--database=") {
                given = String(arguments[index].dropFirst("--database=".count))
            }
            index += 1
        }
        return DatabaseLocation.resolve(option: given, environment: ProcessInfo.processInfo.environment)
    }

    /// A server error as one sentence, with what to do where we know.
    static func describe(_ error: PostgresError, location: DatabaseLocation? = nil) -> String {
        switch error.code {
        case .insufficientPrivilege?:
            return "The database refused: \(error.message); ask an editor or administrator for the right role."
        case .undefinedTable?:
            return
                "The database has no ClaimTracker schema (\(error.message)); run \(location?.migrateAdvice ?? "`claims db migrate`")."
        case .serializationFailure?, .deadlockDetected?:
            return "Another reviewer changed the same data at the same moment; run the command again."
        default:
            if error.kind == .client {
                return
                    "The connection to PostgreSQL failed: \(error.message); check that the server is still running and try again."
            }
            return "PostgreSQL reported an error: \(error.description)."
        }
    }

    /// Any error as one sentence, for per-item failures that do not end the command.
    static func describe(anyError error: any Error) -> String {
        switch error {
        case let error as PostgresError: describe(error)
        case let error as ClaimStoreError: error.description
        case let error as LocalServerError: error.description
        default: String(describing: error)
        }
    }

    /// Flushes every C stream (`print`'s included) and reports whether standard output
    /// lost anything: a full disk, a device that refuses writes. One sentence, or nil.
    static func finishStandardOutput() -> String? {
        guard let stream = standardOutputStream else {
            errno = 0
            return fflush(nil) == 0 ? nil : "Could not write standard output: \(String(cString: strerror(errno)))."
        }
        errno = 0
        let flushed = fflush(stream) == 0
        let reason = errno
        fflush(nil)
        guard !flushed || ferror(stream) != 0 else { return nil }
        if !flushed, reason != 0 { return "Could not write standard output: \(String(cString: strerror(reason)))." }
        // An earlier write failed (a large `print` is written past the buffer) and its error
        // number is gone. An empty write asks the device again (/dev/full still answers
        // ENOSPC); a regular file answers nothing.
        var nothing: UInt8 = 0
        let why = write(STDOUT_FILENO, &nothing, 0) < 0 ? String(cString: strerror(errno)) : "a write failed"
        return "Could not write standard output: \(why)."
    }

    /// The C library's `stdout` stream, where `print` writes, for `ferror`. Swift 6 will
    /// not read the C global itself (shared mutable state), so it is looked up by name;
    /// it is used only from the main thread: at exit, and by the extract JSON writer.
    nonisolated(unsafe) static let standardOutputStream: UnsafeMutablePointer<FILE>? =
        dlsym(nil, "stdout")?.load(as: UnsafeMutablePointer<FILE>?.self)
}
