import ArgumentParser
import ClaimStore
import Foundation
import LocalServer

extension Claims {
    struct DbStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show where the local database is and whether it is running.",
            discussion: "With --format json, prints one object with running, pid, home, data_directory and the rest.")

        @Option(name: .long, help: "Output format: table or json.")
        var format: OutputFormat = .table

        func validate() throws {
            if format == .csv {
                throw ValidationError("claims db status prints table or json; use --format json for scripts.")
            }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let local = LocalDatabase(home: LocalDatabase.defaultHome(environment: environment))
            let status = try local.status()
            if format == .json {
                print(try JSONOutput.encode(status))
                return
            }
            let state: String
            if !status.initialized {
                state = "not created yet (claims db start creates it)"
            } else if status.running {
                state = Terminal.styled("running", .green) + (status.pid.map { " (pid \($0))" } ?? "")
            } else {
                state = Terminal.styled("stopped", .yellow)
            }
            print("Local database:  \(state)")
            print("Home:            \(status.home)")
            print("Data:            \(status.dataDirectory)")
            print("Socket folder:   \(status.socketDirectory)")
            print("Log:             \(status.logFile)")
            print("Server programs: \(status.serverBinaries ?? "not found (install PostgreSQL)")")
            print("Connect with:    \(status.psqlCommand)")
            let location = DatabaseLocation.resolve(option: nil, environment: environment)
            if case .local = location {
            } else {
                print("Note: commands use \(location.displayName), not this local database.")
            }
        }
    }
}
