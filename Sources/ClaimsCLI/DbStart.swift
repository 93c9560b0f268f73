import ArgumentParser
import ClaimStore
import Foundation
import LocalServer
import Postgres

extension Claims {
    struct DbStart: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start the local database (creating and migrating it on first use).",
            discussion: """
                The cluster lives in CLAIMS_HOME (default ~/.local/share/claims, or \
                /var/lib/claims for root) and listens on a Unix socket there only.

                Example:
                  CLAIMS_HOME=/srv/claims claims db start
                """)

        func run() throws {
            let local = LocalDatabase(home: LocalDatabase.defaultHome(environment: ProcessInfo.processInfo.environment))
            let started = try local.start()
            let applied = try Migrator().migrate(try DatabaseOptions.connectLocal(local))
            print(
                started
                    ? "Started the local database in \(local.home)."
                    : "The local database in \(local.home) is already running.")
            if !applied.isEmpty {
                print(
                    "Applied \(applied.count) migration\(applied.count == 1 ? "" : "s"); schema version \(Migration.latestVersion)."
                )
            }
        }
    }
}

extension DatabaseOptions {
    static func connectLocal(_ local: LocalDatabase) throws -> Connection {
        do {
            return try Connection(conninfo: local.conninfo)
        } catch {
            guard error.kind == .connectionFailed else { throw error }
            throw CLIError.connection(error, location: .local(home: local.home))
        }
    }
}
