import ArgumentParser
import ClaimStore

extension Claims {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign claims to a reviewer.",
            discussion: "Example:\n  claims assign 12 14 --to ana")

        @Argument(help: "Claim ids, or - to read them from standard input.")
        var ids: [String]

        @Option(name: .long, help: ArgumentHelp("The reviewer who takes them.", valueName: "name"))
        var to: String

        @OptionGroup var version: VersionOption
        @OptionGroup var options: DatabaseOptions

        func validate() throws {
            if to.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--to needs a reviewer's name.")
            }
            try version.check(ids: ids)
        }

        func run() throws {
            let ids = try ClaimIDs.resolve(self.ids)
            let store = try options.openStore()
            try ClaimIDs.each(ids) { id in
                let claim = try store.assign(
                    id: id, to: to, reviewer: options.reviewerName, expectedVersion: version.expectVersion)
                return "#\(id) assigned to \(to) (version \(claim.version))"
            }
        }
    }
}
