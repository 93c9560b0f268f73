import ArgumentParser
import ClaimStore
import Foundation
import LocalServer

extension Claims {
    struct DbStop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop",
            abstract: "Stop the local database; its data stays in CLAIMS_HOME.")

        func run() throws {
            let local = LocalDatabase(home: LocalDatabase.defaultHome(environment: ProcessInfo.processInfo.environment))
            if try local.stop() {
                print("Stopped the local database in \(local.home).")
            } else {
                print("The local database in \(local.home) was not running.")
            }
        }
    }
}
