import ArgumentParser
import ClaimStore

extension Claims {
    /// `claims evidence ...`
    struct EvidenceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evidence",
            abstract: "Attach evidence to claims.",
            subcommands: [EvidenceAdd.self])
    }
}
