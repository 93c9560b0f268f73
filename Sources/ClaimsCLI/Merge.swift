import ArgumentParser
import ClaimStore

extension Claims {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge a duplicate into another claim: appearances and evidence move over, both record it.",
            discussion:
                "The duplicate is dismissed as \"merged into #ID\". Example:\n  claims similar 41\n  claims merge 41 --into 12"
        )

        @Argument(help: "The duplicate claim.")
        var id: ClaimID

        @Option(name: .long, help: ArgumentHelp("The claim that stays.", valueName: "id"))
        var into: ClaimID

        @OptionGroup var version: VersionOption
        @OptionGroup var options: DatabaseOptions

        func run() throws {
            let survivor = try options.openStore().merge(
                id.value, into: into.value, reviewer: options.reviewerName, expectedVersion: version.expectVersion)
            print(
                "#\(id.value) merged into #\(survivor.id); it now appears in \(survivor.sourceCount) source\(survivor.sourceCount == 1 ? "" : "s")."
            )
        }
    }
}
