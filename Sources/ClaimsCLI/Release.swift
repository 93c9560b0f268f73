import ArgumentParser
import ClaimStore

extension Claims {
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give claims in review back to the queue, held by nobody.",
            discussion: """
                A reviewer releases the claims they hold; releasing someone else's, or every
                claim left in review with no change for a while (--stale), takes an editor.
                Examples:
                  claims release 12
                  claims release 12 --reason "out today, back Monday"
                  claims release --stale 24h
                """)

        @Argument(help: "Claim ids, or - to read them from standard input.")
        var ids: [String] = []

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Release every claim in review with no change for this long: 90m, 24h, 7d.", valueName: "age"))
        var stale: StaleAge?

        @Option(name: .long, help: ArgumentHelp("Why, for the history.", valueName: "text"))
        var reason: String?

        @OptionGroup var version: VersionOption
        @OptionGroup var options: DatabaseOptions

        func validate() throws {
            if stale == nil && ids.isEmpty {
                throw ValidationError("Give the ids of the claims to release, or --stale AGE (such as --stale 24h).")
            }
            if stale != nil && !ids.isEmpty {
                throw ValidationError("Give claim ids or --stale AGE, not both.")
            }
            try version.check(ids: ids.isEmpty ? ["-"] : ids)
        }

        func run() throws {
            let store = try options.openStore()
            let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
            if let stale {
                let released = try store.releaseStale(
                    olderThan: stale.seconds, reason: reason, reviewer: options.reviewerName)
                for claim in released {
                    print("#\(claim.id) released: pending again (version \(claim.version))")
                }
                print(
                    "Released \(released.count) claim\(released.count == 1 ? "" : "s") in review for over \(stale.text)."
                )
                return
            }
            let ids = try ClaimIDs.resolve(self.ids)
            try ClaimIDs.each(ids) { id in
                let claim = try store.release(
                    id: id, reason: reason, reviewer: options.reviewerName, expectedVersion: version.expectVersion)
                return "#\(id) released: pending again (version \(claim.version))"
            }
        }
    }
}

/// An age such as `90m`, `24h` or `7d`, for `release --stale`.
struct StaleAge: ExpressibleByArgument {
    var seconds: Int
    var text: String

    init?(argument: String) {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = argument.last, let scale = units[unit],
            let count = Int(argument.dropLast()), count > 0, count <= 36500 * 86400 / scale
        else { return nil }
        seconds = count * scale
        text = argument
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
