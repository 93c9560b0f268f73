import ArgumentParser
import ClaimStore

extension Claims {
    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dismiss claims as not check-worthy, with the reason.",
            discussion:
                "Examples:\n  claims dismiss 14 --reason \"opinion, not a fact\"\n  echo 15 16 17 | claims dismiss - --reason \"boilerplate\""
        )

        @Argument(help: "Claim ids, or - to read them from standard input.")
        var ids: [String]

        @Option(name: .long, help: ArgumentHelp("Why it is not worth checking.", valueName: "text"))
        var reason: String

        @OptionGroup var version: VersionOption
        @OptionGroup var options: DatabaseOptions

        func validate() throws {
            if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationError("--reason is empty; say why the claim is not worth checking.")
            }
            try version.check(ids: ids)
        }

        func run() throws {
            let ids = try ClaimIDs.resolve(self.ids)
            let store = try options.openStore()
            try ClaimIDs.each(ids) { id in
                let claim = try store.dismiss(
                    id: id, reason: reason, reviewer: options.reviewerName, expectedVersion: version.expectVersion)
                return "#\(id) dismissed (version \(claim.version))"
            }
        }
    }
}
