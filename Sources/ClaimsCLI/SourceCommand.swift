import ArgumentParser
import ClaimStore
import Foundation

extension Claims {
    /// `claims source show ID`.
    struct Source: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with one source: claims source show ID.",
            subcommands: [ShowSource.self])
    }
}
