import ArgumentParser
import ClaimStore

extension Claims {
    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send verified or dismissed claims back to the queue; the history keeps the earlier verdict.",
            discussion:
                "Reopening a verified claim takes an editor (role claims_editor). Example:\n  claims reopen 12 --reason \"new BLS revision\""
        )

        @Argument(help: "Claim ids, or - to read them from standard input.")
        var ids: [String]

        @Option(name: .long, help: ArgumentHelp("Why it needs another look.", valueName: "text"))
        var reason: String

        @OptionGroup var version: VersionOption
        @OptionGroup var options: DatabaseOptions

        func validate() throws {
            if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationError("--reason is empty; say why the claim needs another look.")
            }
            try version.check(ids: ids)
        }

        func run() throws {
            let ids = try ClaimIDs.resolve(self.ids)
            let store = try options.openStore()
            try ClaimIDs.each(ids) { id in
                let claim = try store.reopen(
                    id: id, reason: reason, reviewer: options.reviewerName, expectedVersion: version.expectVersion)
                return "#\(id) reopened: pending again (version \(claim.version))"
            }
        }
    }
}
