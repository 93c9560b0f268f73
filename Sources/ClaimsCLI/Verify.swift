import ArgumentParser
import ClaimStore

extension Claims {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a verdict on claims.",
            discussion: """
                The verdict comes from the desk's scale (`claims verdicts`), in any case. A \
                claim needs at least one evidence URL, given here or attached before. Several \
                ids, or - for ids on standard input, are each done in their own transaction.

                Examples:
                  claims verify 12 --verdict false --evidence https://www.bls.gov/cps/ \\
                      --note "BLS: 3.7%"
                  claims list --status in_review --format csv | tail -n +2 | cut -d, -f1 | \\
                      claims verify - --verdict unverifiable --evidence https://example.org/memo
                """)

        @Argument(help: "Claim ids, or - to read them from standard input.")
        var ids: [String]

        @Option(
            name: .long,
            help: ArgumentHelp("A verdict from the scale, such as false or mostly-true.", valueName: "name"))
        var verdict: String

        @Option(name: .long, help: ArgumentHelp("Why, for the report.", valueName: "text"))
        var note: String?

        @Option(
            name: .long, help: ArgumentHelp("Evidence URL to attach with the verdict (repeatable).", valueName: "url"))
        var evidence: [String] = []

        @OptionGroup var version: VersionOption
        @OptionGroup var options: DatabaseOptions

        func validate() throws {
            for url in evidence where !ClaimText.isWebURL(url) {
                throw ValidationError(
                    "The evidence URL '\(url)' is not a full http or https address; give one such as https://example.org/report."
                )
            }
            try version.check(ids: ids)
        }

        func run() throws {
            let ids = try ClaimIDs.resolve(self.ids)
            let store = try options.openStore()
            try ClaimIDs.each(ids) { id in
                let claim = try store.verify(
                    id: id, verdict: verdict, note: note, evidence: evidence, reviewer: options.reviewerName,
                    expectedVersion: version.expectVersion)
                return "#\(id) verified: \(claim.verdict ?? verdict) (version \(claim.version))"
            }
        }
    }
}
