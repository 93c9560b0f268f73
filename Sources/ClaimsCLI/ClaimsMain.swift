import ArgumentParser
import ClaimStore
import Foundation
import Postgres
import Reports

/// Runs `claims` and exits with the contract's codes: 0 success, 1 runtime
/// failure, 2 bad usage or input. Errors are one line on stderr, never a trace.
public enum ClaimsMain {
    public static func main(_ arguments: [String]? = nil) -> Never {
        let command: ParsableCommand
        do {
            command = try Claims.parseAsRoot(arguments)
        } catch {
            exitForUsage(error)
        }
        do {
            var command = command
            try command.run()
            flushStandardOutput()
            exit(0)
        } catch let error as ClaimStoreError {
            if case .invalidInput = error { fail(error.description, code: 2) }
            fail(error.description, code: 1)
        } catch let error as CLIError {
            fail(error.description, code: 1)
        } catch let error as ReportTemplateError {
            fail(error.description, code: 2)
        } catch let error as PostgresError {
            fail(describe(error), code: 1)
        } catch {
            exitForUsage(error)
        }
    }

    /// Argument-parser errors: help and version exit 0; validation errors exit 2
    /// (argument-parser's own code is 64, EX_USAGE; the contract says 2).
    private static func exitForUsage(_ error: Error) -> Never {
        let code = Claims.exitCode(for: error)
        if code == .success || code == .validationFailure {
            flushStandardOutput()
            let message = Claims.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            exit(2)
        }
        flushStandardOutput()
        let message = Claims.message(for: error)
        if !message.isEmpty { FileHandle.standardError.write(Data(("error: " + message + "\n").utf8)) }
        exit(code.rawValue)
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        flushStandardOutput()
        // Messages can quote stored text: its control characters are shown, not obeyed.
        FileHandle.standardError.write(Data(("error: " + Terminal.visible(message) + "\n").utf8))
        exit(code)
    }

    /// A server error as one sentence, with what to do where we know.
    static func describe(_ error: PostgresError) -> String {
        switch error.code {
        case .insufficientPrivilege?:
            return "The database refused: \(error.message); ask an editor or administrator for the right role."
        case .undefinedTable?:
            return "The database has no ClaimTracker schema (\(error.message)); run `claims db migrate`."
        case .serializationFailure?, .deadlockDetected?:
            return "Another reviewer changed the same data at the same moment; run the command again."
        default:
            if error.kind == .client {
                return "The connection to PostgreSQL failed: \(error.message); check that the server is still running and try again."
            }
            return "PostgreSQL reported an error: \(error.description)."
        }
    }

    /// Any error as one sentence, for per-item failures that do not end the command.
    static func describe(anyError error: any Error) -> String {
        switch error {
        case let error as PostgresError: describe(error)
        case let error as ClaimStoreError: error.description
        default: String(describing: error)
        }
    }

    static func flushStandardOutput() {
        fflush(nil)  // every C stream, print's included
    }
}
