import ArgumentParser
import ClaimStore

extension Claims {
    struct EvidenceAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Attach a link to a claim, with its stance.",
            discussion: """
                Example:
                  claims evidence add 12 https://www.bls.gov/news.release/empsit.htm \\
                      --stance refutes --note "BLS puts January at 3.7%"
                """)

        @Argument(help: "The claim id.")
        var id: ClaimID

        @Argument(help: "The evidence URL (http or https).")
        var url: String

        @Option(name: .long, help: "How it bears on the claim: supports, refutes or context.")
        var stance: EvidenceStance = .context

        @Option(name: .long, help: ArgumentHelp("What it shows.", valueName: "text"))
        var note: String?

        @OptionGroup var version: VersionOption
        @OptionGroup var options: DatabaseOptions

        func validate() throws {
            if !ClaimText.isWebURL(url) {
                throw ValidationError(
                    "The evidence URL '\(url)' is not a full http or https address; give one such as https://example.org/report."
                )
            }
        }

        func run() throws {
            let store = try options.openStore()
            let claim = try store.addEvidence(
                id: id.value, url: url, stance: stance, note: note, reviewer: options.reviewerName,
                expectedVersion: version.expectVersion)
            print("#\(claim.id): evidence attached (\(stance.rawValue)) \(url) (version \(claim.version))")
        }
    }
}
